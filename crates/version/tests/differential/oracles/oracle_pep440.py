"""Oracle: Python's packaging. Lines on stdin: "cmp\tA\tB" -> -1/0/1 (E if
either is invalid); "valid\tA" -> 1/0; "sat\tV\tSPEC" -> 1/0 (E if invalid)."""
import sys
from packaging.version import Version, InvalidVersion
from packaging.specifiers import SpecifierSet, InvalidSpecifier

def ver(s):
    try:
        return Version(s)
    except InvalidVersion:
        return None

out = []
for line in sys.stdin:
    op, *args = line.rstrip("\n").split("\t")
    if op == "valid":
        out.append("1" if ver(args[0]) is not None else "0")
    elif op == "cmp":
        a, b = ver(args[0]), ver(args[1])
        out.append("E" if a is None or b is None else str((a > b) - (a < b)))
    else:
        try:
            s = SpecifierSet(args[1])
        except InvalidSpecifier:
            out.append("E")
            continue
        # The version as a string, as a scanner has it: `===` compares the
        # text itself.
        out.append("E" if ver(args[0]) is None else ("1" if s.contains(args[0]) else "0"))
sys.stdout.write("\n".join(out) + ("\n" if out else ""))
