#!/usr/bin/env python3
"""Independent oracle for the Debian findings of an image.

usage: debian_oracle.py SYFT_JSON ECOSYSTEM ADVISORY_DIR...

Reads the installed packages from syft's JSON (the deb artifacts, each with
its source package and source version), every OSV record below the advisory
directories, and prints as JSON the sorted list of [source package,
advisory id] pairs where the record has an `affected` entry of exactly
ECOSYSTEM (e.g. `Debian:12`) for that source package whose `versions` list
the installed source version or whose ECOSYSTEM ranges include it. Version
order is dpkg's own (`dpkg --compare-versions`). Withdrawn records never
count. Shares no code with bosun.
"""

import functools
import json
import os
import re
import subprocess
import sys


@functools.lru_cache(maxsize=None)
def dpkg_lt(a, b):
    return subprocess.run(["dpkg", "--compare-versions", a, "lt", b]).returncode == 0


def cmp(a, b):
    if a == b:
        return 0
    return -1 if dpkg_lt(a, b) else (1 if dpkg_lt(b, a) else 0)


def in_range(version, events):
    """OSV's evaluation: events sorted by version, "0" first."""
    def key_of(e):
        (_, v), = e.items()
        return v

    def order(x, y):
        vx, vy = key_of(x), key_of(y)
        if vx == vy:
            return 0
        if vx == "0":
            return -1
        if vy == "0":
            return 1
        return cmp(vx, vy)

    affected = False
    for e in sorted(events, key=functools.cmp_to_key(order)):
        (kind, v), = e.items()
        if kind == "introduced":
            if v == "0" or cmp(version, v) >= 0:
                affected = True
        elif kind == "fixed":
            if cmp(version, v) >= 0:
                affected = False
        elif kind == "last_affected":
            if cmp(version, v) > 0:
                affected = False
    return affected


def source_packages(syft_json):
    with open(syft_json) as f:
        doc = json.load(f)
    out = set()
    for a in doc.get("artifacts", []):
        if a.get("type") != "deb":
            continue
        m = a.get("metadata") or {}
        name = m.get("source") or a["name"]
        version = m.get("sourceVersion") or a["version"]
        # "Source: glibc (2.36-9)" when a tool leaves the version attached.
        g = re.fullmatch(r"(\S+)\s+\((\S+)\)", name)
        if g:
            name, version = g.group(1), g.group(2)
        out.add((name, version))
    return out


def records(dirs):
    for d in dirs:
        for root, _, files in os.walk(d):
            for f in files:
                if f.endswith(".json"):
                    with open(os.path.join(root, f)) as fh:
                        doc = json.load(fh)
                    yield from doc if isinstance(doc, list) else [doc]


def main():
    syft_json, ecosystem, dirs = sys.argv[1], sys.argv[2], sys.argv[3:]
    installed = {}
    for name, version in source_packages(syft_json):
        installed.setdefault(name, set()).add(version)
    pairs = set()
    for rec in records(dirs):
        if rec.get("withdrawn"):
            continue
        for aff in rec.get("affected") or []:
            pkg = aff.get("package") or {}
            if pkg.get("ecosystem") != ecosystem or pkg.get("name") not in installed:
                continue
            for version in installed[pkg["name"]]:
                hit = version in (aff.get("versions") or [])
                for r in aff.get("ranges") or []:
                    if r.get("type") == "ECOSYSTEM" and in_range(version, r.get("events") or []):
                        hit = True
                if hit:
                    pairs.add((pkg["name"], rec["id"]))
    json.dump(sorted(pairs), sys.stdout)


if __name__ == "__main__":
    main()
