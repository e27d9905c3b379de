#!/usr/bin/env python3
"""Chooses the re-ranker's weights by leave-one-set-out cross-validation.

Input: the candidate files `flusso kb eval --candidates FILE` writes (one JSON line per query:
every fused candidate with its features and whether it is relevant), each tagged with its set and
embedder by scripts/eval-retrieval. The score replayed here is the one `Reranker` computes:

  fused   = 1/(k + dense rank) + lexical_weight/(k + BM25 rank)   (BM25 only between texts of one language)
  score   = fused/best fused + code·[error code] + model·[model] + overlap·(share of query words)
            + cosine·max(dense cosine, 0)

Candidates are replayed as they were written (kb.dense_candidates and kb.lexical_candidates deep,
10 each by default): the candidate depth is not tuned here. Equal scores are ordered by chunk id,
as `Reranker` orders them.

For each tuning set S, the weights that maximise the mean of (recall@5 + MRR@10) over the other
tuning sets (both embedders) are scored on S: that is the cross-validated figure. The weights
chosen for the code are the best over all tuning sets together. Sets named in --regression are
never tuned on; they are reported with the chosen weights only.

Usage: tune_rerank.py --out RESULT.json [--regression NAME,NAME...] CANDIDATES.jsonl ...
"""
import argparse
import itertools
import json
import sys
from collections import defaultdict

GRID = {
    "k": [1, 2, 3, 5, 10, 60],
    "lexical_weight": [0.25, 0.5, 0.75, 1.0, 1.5, 2.0],
    "overlap": [0.0, 0.3, 0.6, 1.0, 1.5, 2.5, 4.0],
    "cosine": [0.0, 0.3, 0.6, 1.0],
}
# Kept from the sample KB: the manual sets carry no error codes or models, so they cannot choose these.
FIXED = {"code": 0.6, "model": 0.25}


def load(paths):
    groups = defaultdict(list)  # (set, embedder) -> queries
    for path in paths:
        for line in open(path, encoding="utf-8"):
            if line.strip():
                q = json.loads(line)
                groups[(q["set"], q["embedder"])].append(q["candidates"])
    return groups


def hybrid_order(candidates, p):
    pool = [(c, c.get("dense_rank"), c.get("lexical_rank")) for c in candidates]
    fused = []
    for c, d, l in pool:
        same = c.get("same_language") is not False
        f = (1 / (p["k"] + d) if d else 0) + (p["lexical_weight"] / (p["k"] + l) if l and same else 0)
        fused.append(f)
    best = max(fused, default=1) or 1
    scored = []
    for i, ((c, d, l), f) in enumerate(zip(pool, fused)):
        same = c.get("same_language") is not False
        s = (f / best + (p["code"] if c.get("code") else 0) + (p["model"] if c.get("model") else 0)
             + (p["overlap"] * c.get("overlap", 0) if same else 0) + p["cosine"] * max(c.get("dense") or 0, 0))
        scored.append((-s, c["chunk_id"], c["relevant"]))
    scored.sort()
    return [r for _, _, r in scored]


def single_order(candidates, field):
    ranked = sorted((c[field], c["relevant"]) for c in candidates if c.get(field) is not None)
    return [r for _, r in ranked]


def figures(orders):
    n = len(orders) or 1
    r5 = sum(1 for o in orders if any(o[:5])) / n
    mrr = sum(next((1 / (i + 1) for i, r in enumerate(o[:10]) if r), 0) for o in orders) / n
    return r5, mrr


def evaluate(group, p):
    return figures([hybrid_order(q, p) for q in group])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--regression", default="", help="comma-separated sets never tuned on")
    ap.add_argument("--current", default='{"k":2,"lexical_weight":0.5,"overlap":2.5,"cosine":0}',
                    help="the weights to compare with (default: RerankWeights' defaults in the code), as JSON")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    groups = load(a.files)
    regression = [s for s in a.regression.split(",") if s]
    tuning_sets = sorted({s for s, _ in groups if s not in regression})
    if len(tuning_sets) < 2:
        sys.exit("error: cross-validation needs at least two tuning sets")
    grid = [dict(zip(GRID, v), **FIXED) for v in itertools.product(*GRID.values())]
    # table[i][(set, embedder)] = (recall@5, mrr) for grid point i
    table = []
    for p in grid:
        table.append({g: evaluate(q, p) for g, q in groups.items()})

    def objective(i, sets):
        vals = [sum(f) for g, f in table[i].items() if g[0] in sets]
        return sum(vals) / len(vals)

    cv = {}
    for held in tuning_sets:
        others = [s for s in tuning_sets if s != held]
        best = max(range(len(grid)), key=lambda i: objective(i, others))
        cv[held] = {"weights": grid[best], "figures": {e: table[best][(s, e)] for (s, e) in groups if s == held}}
    chosen_index = max(range(len(grid)), key=lambda i: objective(i, tuning_sets))
    chosen = grid[chosen_index]
    current = dict(json.loads(a.current), **FIXED)

    rows = []
    for (s, e), q in sorted(groups.items()):
        rows.append({
            "set": s, "embedder": e, "queries": len(q), "tuned_on": s not in regression,
            "hybrid_chosen": evaluate(q, chosen), "hybrid_current": evaluate(q, current),
            "hybrid_cross_validated": cv[s]["figures"][e] if s in cv else None,
            "dense": figures([single_order(c, "dense_rank") for c in q]),
            "bm25": figures([single_order(c, "lexical_rank") for c in q]),
        })
    json.dump({"chosen": chosen, "current": current, "cross_validation": cv, "rows": rows},
              open(a.out, "w"), indent=2)
    print("chosen weights (best over all tuning sets):", json.dumps({k: chosen[k] for k in GRID}))
    for held, v in cv.items():
        print(f"  held out {held}: weights chosen on the others {json.dumps({k: v['weights'][k] for k in GRID})}")
    print(f"{'set':<22}{'embedder':<9}{'n':>5}  {'hybrid CV':>12}{'hybrid new':>12}{'hybrid code':>12}{'dense':>12}{'BM25':>12}   rule")
    fmt = lambda f: f"{f[0]:.3f}/{f[1]:.3f}" if f else "      —     "
    for r in rows:
        h, d, b = r["hybrid_chosen"], r["dense"], r["bm25"]
        slack = 1 / r["queries"]
        ok = all(h[i] >= max(d[i], b[i]) - slack - 1e-9 for i in (0, 1))
        verdict = ("holds" if ok else "BROKEN") if r["queries"] >= 100 else "pooled (scripts/lib/retrieval_table.py)"
        print(f"{r['set']:<22}{r['embedder']:<9}{r['queries']:>5}  {fmt(r['hybrid_cross_validated']):>12}{fmt(h):>12}"
              f"{fmt(r['hybrid_current']):>12}{fmt(d):>12}{fmt(b):>12}   {verdict}")


if __name__ == "__main__":
    main()
