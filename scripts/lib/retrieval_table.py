#!/usr/bin/env python3
"""Prints scripts/eval-retrieval's table and checks its rule; writes the rows as JSON.

Rows come from `flusso kb eval --json`, one line per (set, embedder). BM25 does not depend on the
embedder: it is printed once per set (from the MiniLM run). The rule, per embedder: on every set of
100 queries or more — smaller sets pooled into one, weighted by their queries — hybrid + re-rank
is at least as good as the better of dense-only and BM25-only on recall@5 and on MRR@10, within
one query's worth (1/queries). Exit status 1 when the rule is broken anywhere.

usage: retrieval_table.py ROWS.jsonl OUT.json"""
import json
import sys
from collections import OrderedDict

rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
json.dump(rows, open(sys.argv[2], "w"), indent=2)
by = OrderedDict()
for r in rows:
    by.setdefault(r["set"], {})[r["embedder"]] = {f["mode"]: f for f in r["figures"]}
embedders = sorted({r["embedder"] for r in rows}, key=lambda e: ["minilm", "e5"].index(e) if e in ["minilm", "e5"] else 9)


def cell(f):
    return f"{f['recall_at_5']:.3f} / {f['mrr']:.3f}" if f else "—"


header = f"{'set':<20}{'queries':>8}  {'BM25':>15}"
for e in embedders:
    header += f"  {e + ' hybrid':>15}  {e + ' dense':>15}  {e + ' p95 ms':>10}"
print("recall@5 / MRR@10 per set; hybrid = hybrid + re-rank (the default search)")
print(header)
for name, per in by.items():
    first = next(iter(per.values()))
    n = next(iter(first.values()))["queries"]
    line = f"{name:<20}{n:>8}  {cell(first.get('lexical')):>15}"
    for e in embedders:
        m = per.get(e, {})
        p95 = m.get("hybrid", {}).get("latency_p95_ms")
        line += f"  {cell(m.get('hybrid')):>15}  {cell(m.get('dense')):>15}  {p95 if p95 is None else round(p95, 1):>10}"
    print(line)

# The rule, on sets of ≥ 100 queries and on the pool of the smaller ones.
broken = False
print("\nrule: hybrid + re-rank ≥ max(dense, BM25) on recall@5 and MRR@10, within one query")
for e in embedders:
    groups = []
    small = []
    for name, per in by.items():
        m = per.get(e)
        if not m or not {"hybrid", "dense", "lexical"} <= m.keys():
            print(f"  {e:<7}{name}: not checked, a mode is missing (was the embedder running?)")
            broken = True
            continue
        (groups if m["hybrid"]["queries"] >= 100 else small).append((name, m))
    if small:
        total = sum(m["hybrid"]["queries"] for _, m in small)
        pooled = {}
        for mode in ("hybrid", "dense", "lexical"):
            pooled[mode] = {"queries": total}
            for metric in ("recall_at_5", "mrr"):
                pooled[mode][metric] = sum(m[mode][metric] * m[mode]["queries"] for _, m in small) / total
        groups.append(("pool(" + "+".join(n for n, _ in small) + ")", pooled))
    for name, m in groups:
        n = m["hybrid"]["queries"]
        verdicts = []
        for metric in ("recall_at_5", "mrr"):
            best = max(m["dense"][metric], m["lexical"][metric])
            gap = m["hybrid"][metric] - best
            ok = gap >= -1 / n - 1e-9
            broken |= not ok
            verdicts.append(f"{metric} {m['hybrid'][metric]:.3f} vs {best:.3f} ({'holds' if ok else 'BROKEN'})")
        print(f"  {e:<7}{name:<60} n={n:<4} " + "; ".join(verdicts))
sys.exit(1 if broken else 0)
