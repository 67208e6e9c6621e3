#!/usr/bin/env python3
"""Runs commands side by side, interleaved, and reports wall time, CPU time
and peak memory (from wait4's rusage, so child processes count).

    bench/compare.py [--runs N] [--setup CMD] NAME=CMD [NAME=CMD ...]

--setup runs before every measured command (for example to empty a cache).
Prints a Markdown table with the median of the runs; the first run of each
command is included (cold file cache after `sync; echo 3 > drop_caches` is the
caller's business).
"""
import argparse
import os
import statistics
import subprocess
import sys
import time


def run(cmd, setup):
    if setup:
        subprocess.run(setup, shell=True, check=True)
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"command failed: {cmd}\n{err[-2000:]}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--setup", default=None)
    ap.add_argument("cmds", nargs="+")
    a = ap.parse_args()
    cmds = [c.split("=", 1) for c in a.cmds]
    res = {n: [] for n, _ in cmds}
    for _ in range(a.runs):
        for n, c in cmds:
            res[n].append(run(c, a.setup))
    base = statistics.median(r[0] for r in res[cmds[0][0]])
    print("| command | wall (median) | CPU | peak RSS | wall vs first |")
    print("|---|---|---|---|---|")
    for n, _ in cmds:
        w = statistics.median(r[0] for r in res[n])
        c = statistics.median(r[1] for r in res[n])
        m = max(r[2] for r in res[n])
        print(f"| {n} | {w:.2f} s | {c:.2f} s | {m:.0f} MB | {w / base:.2f}× |")


if __name__ == "__main__":
    main()
