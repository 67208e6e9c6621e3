#!/usr/bin/env python3
"""Independent oracle for bosun-match's accuracy test.

Reads OSV advisories (JSON, or YAML as the PyPI database publishes them)
from the directories given after the package list, and prints, as JSON,
the sorted list of [advisory id, ecosystem, package name, version] for
every installed package an advisory affects. It uses the reference
version implementations: Python's `packaging.version` for PyPI and node's
`semver` (in the directory named by SEMVER_DIR) for npm. Nothing of
bosun's code is used.

Usage: osv_oracle.py PACKAGES.json DIR...
PACKAGES.json: [{"ecosystem": "PyPI", "name": "Django", "version": "3.2.0"}, ...]
"""

import functools
import json
import os
import re
import subprocess
import sys

import yaml
from packaging.version import InvalidVersion, Version


def pep503(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def norm(eco, name):
    return pep503(name) if eco == "PyPI" else name


def load(dirs):
    for d in dirs:
        for root, _, files in os.walk(d):
            for f in sorted(files):
                p = os.path.join(root, f)
                try:
                    if f.endswith(".json"):
                        with open(p, encoding="utf-8") as fh:
                            rec = json.load(fh)
                    elif f.endswith((".yaml", ".yml")):
                        with open(p, encoding="utf-8") as fh:
                            rec = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
                    else:
                        continue
                except Exception:  # malformed files are not advisories
                    continue
                if isinstance(rec, dict) and rec.get("id") and "affected" in rec:
                    yield rec


class Npm:
    """Batches comparisons through one node process."""

    def __init__(self, semver_dir):
        self.dir = semver_dir
        self.pairs = {}

    def want(self, a, b):
        self.pairs[(a, b)] = None

    def run(self):
        script = (
            "const s=require(process.argv[1]);"
            "const ps=JSON.parse(require('fs').readFileSync(0,'utf8'));"
            "const out=ps.map(([a,b])=>{"
            "const va=s.valid(a),vb=s.valid(b);"
            "return (va===null||vb===null)?null:s.compare(va,vb);});"
            "process.stdout.write(JSON.stringify(out));"
        )
        pairs = list(self.pairs)
        res = subprocess.run(
            ["node", "-e", script, os.path.join(self.dir, "semver")],
            input=json.dumps(pairs),
            capture_output=True,
            text=True,
            check=True,
        )
        for p, r in zip(pairs, json.loads(res.stdout)):
            self.pairs[p] = r

    def cmp(self, a, b):
        return self.pairs[(a, b)]


def pypi_cmp(a, b):
    try:
        va, vb = Version(a), Version(b)
    except InvalidVersion:
        return None
    return (va > vb) - (va < vb)


# At equal versions: fixed, then introduced, then last_affected (bosun's
# documented tie-break; the OSV schema leaves it open).
ORDER = {"fixed": 0, "introduced": 1, "last_affected": 2, "limit": 3}


def in_range(v, events, cmp):
    """The OSV schema's evaluation: walk sorted events."""
    evs = []
    for e in events:
        (k, x), = e.items()
        evs.append((k, x))
    for k, x in evs:
        if not (k == "introduced" and x == "0") and not (k == "limit" and x == "*"):
            if cmp(x, x) is None:
                return None  # an event version that does not parse
    if not any(k == "introduced" for k, _ in evs):
        return None

    def order(a, b):
        (ka, xa), (kb, xb) = a, b
        za = ka == "introduced" and xa == "0"
        zb = kb == "introduced" and xb == "0"
        if za and zb:
            c = 0
        elif za:
            c = -1
        elif zb:
            c = 1
        else:
            c = cmp(xa, xb)
        return c if c else ORDER[ka] - ORDER[kb]

    limits = [x for k, x in evs if k == "limit"]
    if limits and not any(x == "*" or cmp(v, x) < 0 for x in limits):
        return False
    vulnerable = False
    for k, x in sorted([e for e in evs if e[0] != "limit"], key=functools.cmp_to_key(order)):
        if k == "introduced" and (x == "0" or cmp(v, x) >= 0):
            vulnerable = True
        elif k == "fixed" and cmp(v, x) >= 0:
            vulnerable = False
        elif k == "last_affected" and cmp(v, x) > 0:
            vulnerable = False
    return vulnerable


def main():
    packages = json.load(open(sys.argv[1], encoding="utf-8"))
    records = [r for r in load(sys.argv[2:]) if not r.get("withdrawn")]
    by_key = {}
    for p in packages:
        by_key.setdefault((p["ecosystem"], norm(p["ecosystem"], p["name"])), []).append(p)
    npm = Npm(os.environ.get("SEMVER_DIR", "target/oracle-tools/node_modules"))

    def relevant():
        for r in records:
            for a in r.get("affected") or []:
                pkg = a.get("package") or {}
                eco = pkg.get("ecosystem", "")
                if eco not in ("PyPI", "npm"):
                    continue
                for p in by_key.get((eco, norm(eco, pkg.get("name", ""))), []):
                    yield r, a, eco, p

    # First pass collects the npm comparisons, to make them in one batch.
    for r, a, eco, p in relevant():
        if eco != "npm":
            continue
        v = p["version"]
        npm.want(v, v)
        for rg in a.get("ranges") or []:
            xs = [x for e in rg.get("events") or [] for x in e.values()]
            for x in xs:
                npm.want(v, x)
                for y in xs:
                    npm.want(x, y)
        for x in a.get("versions") or []:
            npm.want(v, x)
    if npm.pairs:
        npm.run()

    hits = set()
    for r, a, eco, p in relevant():
        cmp = pypi_cmp if eco == "PyPI" else npm.cmp
        v = p["version"]
        if cmp(v, v) is None:
            continue  # bosun reports these as unmatched, not affected
        affected = False
        for rg in a.get("ranges") or []:
            if rg.get("type") in ("ECOSYSTEM", "SEMVER") and in_range(
                v, rg.get("events") or [], cmp
            ):
                affected = True
        for x in a.get("versions") or []:
            if x == v or cmp(v, x) == 0:
                affected = True
        if affected:
            hits.add((r["id"], eco, p["name"], v))
    json.dump(sorted(hits), sys.stdout)


if __name__ == "__main__":
    main()
