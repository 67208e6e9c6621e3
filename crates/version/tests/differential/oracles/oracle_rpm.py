"""Oracle: rpm's own EVR parser (rpm.ver) and labelCompare. Lines on stdin:
"cmp\tA\tB" -> -1/0/1; "vercmp\tA\tB" -> rpmvercmp of two bare strings (as version fields)."""
import sys
import rpm

out = []
for line in sys.stdin:
    op, *args = line.rstrip("\n").split("\t")
    try:
        if op == "vercmp":
            r = rpm.labelCompare(("0", args[0], "0"), ("0", args[1], "0"))
        else:
            a, b = rpm.ver(args[0]), rpm.ver(args[1])
            r = rpm.labelCompare((a.e, a.v, a.r), (b.e, b.v, b.r))
    except ValueError:
        out.append("E")
        continue
    out.append(str((r > 0) - (r < 0)))
sys.stdout.write("\n".join(out) + ("\n" if out else ""))
