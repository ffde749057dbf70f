#!/usr/bin/env python3
"""Prints the BENCHMARKS.md table from criterion's saved estimates.

Run after `cargo bench -p resp-core`; reads target/criterion/<group>/<bench>/new/*.json
(the medians) and prints one Markdown row per corpus: cureds, each peer, and how many times
faster cureds is than the faster peer (peer median / cureds median).
"""

import json
import pathlib
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
PEERS = ("redis-protocol", "redis-rs")


def medians():
    """{(group, function, parameter or None): median in ns}"""
    out = {}
    for bench in ROOT.glob("**/new/benchmark.json"):
        meta = json.loads(bench.read_text())
        estimates = json.loads((bench.parent / "estimates.json").read_text())
        key = (meta["group_id"], meta["function_id"], meta["value_str"])
        out[key] = estimates["median"]["point_estimate"]
    return out


def fmt(ns):
    if ns is None:
        return "—"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def row(name, ours, peers):
    known = [p for p in peers if p is not None]
    if ours is None or not known:
        ratio = "—"
    else:
        ratio = f"{min(known) / ours:.2f}x"
    cells = [name, fmt(ours)] + [fmt(p) for p in peers] + [ratio]
    return "| " + " | ".join(cells) + " |"


def main():
    m = medians()
    print("| corpus | cureds | redis-protocol | redis-rs | cureds vs faster peer |")
    print("|---|---|---|---|---|")
    groups = sorted({g for g, _, _ in m})
    for group in groups:
        params = sorted({p for g, _, p in m if g == group and p is not None})
        if group.startswith("encode"):
            continue
        if not params:
            ours = m.get((group, "cureds", None))
            print(row(group, ours, [m.get((group, p, None)) for p in PEERS]))
        for param in params:
            ours = m.get((group, "cureds", param))
            peers = [m.get((group, p, param)) for p in PEERS]
            print(row(f"{group}, {param}", ours, peers))
    for group in groups:
        if not group.startswith("encode"):
            continue
        peer = m.get((group, "redis-rs", None))
        print()
        print(f"| {group} | median | redis-rs / this |")
        print("|---|---|---|")
        for (g, f, _), ns in sorted(m.items()):
            if g == group:
                print(f"| {f} | {fmt(ns)} | {peer / ns:.2f}x |")
    for group in groups:
        whole = m.get((group, "cureds", "whole"))
        chunked = m.get((group, "cureds", "4KiB_reads"))
        if whole and chunked:
            print(f"\n{group}: cureds in 4 KiB reads / whole = {chunked / whole:.2f}")


if __name__ == "__main__":
    main()
