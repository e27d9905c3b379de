#!/usr/bin/env python3
"""Yardsticks for `scripts/bench-ann`: hnswlib, FAISS IndexHNSWFlat and USearch, one thread.

  gen  --out DIR [--n 100000 --dim 384 --queries 1000 --seed 42]
       writes DIR/base.fvecs, DIR/query.fvecs, DIR/gt.ivecs (exact top-100 by cosine, brute force)
  run  --base B --query Q --gt G --metric l2|cosine|ip --k 10 --m 16 --efc 200 --ef 10,20,40
       [--ours ours.json] [--json-out theirs.json]
       benchmarks each library with the same M / efConstruction, all queries in one batch,
       best of --rounds passes, and prints one table including our (Swift) results with the
       QPS ratio ours/theirs at equal-or-nearest-higher recall.
"""
import argparse, json, os, sys, time

os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np


def write_vecs(path, arr, dtype):
    arr = np.ascontiguousarray(arr, dtype=dtype)
    n, d = arr.shape
    out = np.empty((n, d + 1), dtype=np.int32)
    out[:, 0] = d
    out[:, 1:] = arr.view(np.int32)
    out.tofile(path)


def read_vecs(path, dtype):
    raw = np.fromfile(path, dtype=np.int32)
    d = int(raw[0])
    return raw.reshape(-1, d + 1)[:, 1:].copy().view(dtype)


def cmd_gen(a):
    os.makedirs(a.out, exist_ok=True)
    rng = np.random.default_rng(a.seed)
    latent_dim, clusters = 32, 256
    centers = rng.normal(size=(clusters, latent_dim)).astype(np.float32) * 2.0
    proj = rng.normal(size=(latent_dim, a.dim)).astype(np.float32)

    def sample(n):
        lab = rng.integers(0, clusters, size=n)
        lat = centers[lab] + rng.normal(size=(n, latent_dim)).astype(np.float32)
        x = lat @ proj + 0.5 * rng.normal(size=(n, a.dim)).astype(np.float32)
        return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)

    base, query = sample(a.n), sample(a.queries)
    gt = np.empty((a.queries, 100), dtype=np.int32)
    for s in range(0, a.queries, 100):
        sims = query[s:s + 100] @ base.T
        top = np.argpartition(-sims, 100, axis=1)[:, :100]
        order = np.take_along_axis(sims, top, axis=1).argsort(axis=1)[:, ::-1]
        gt[s:s + 100] = np.take_along_axis(top, order, axis=1)
    write_vecs(os.path.join(a.out, "base.fvecs"), base, np.float32)
    write_vecs(os.path.join(a.out, "query.fvecs"), query, np.float32)
    write_vecs(os.path.join(a.out, "gt.ivecs"), gt, np.int32)
    print(f"wrote {a.n}x{a.dim} base, {a.queries} queries, exact top-100 to {a.out}")


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def recall(found, gt, k):
    hits = sum(len(set(map(int, f[:k])) & set(map(int, g[:k]))) for f, g in zip(found, gt))
    return hits / (len(found) * k)


def timed(fn, rounds):
    best = float("inf")
    out = None
    for _ in range(rounds):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return out, best


def bench_hnswlib(a, base, query, gt):
    import hnswlib
    space = {"l2": "l2", "cosine": "cosine", "ip": "ip"}[a.metric]
    r0 = rss()
    t = time.perf_counter()
    idx = hnswlib.Index(space=space, dim=base.shape[1])
    idx.init_index(max_elements=len(base), ef_construction=a.efc, M=a.m, random_seed=42)
    idx.add_items(base, np.arange(len(base)), num_threads=1)
    build = time.perf_counter() - t
    mem = rss() - r0
    rows = []
    for ef in a.ef:
        idx.set_ef(ef)
        (labels, _), secs = timed(lambda: idx.knn_query(query, k=a.k, num_threads=1), a.rounds)
        rows.append(dict(ef=ef, recall=recall(labels, gt, a.k), qps=len(query) / secs))
    return dict(library="hnswlib", buildSeconds=build, rssBytesPerVector=mem / len(base), rows=rows)


def bench_faiss(a, base, query, gt):
    import faiss
    faiss.omp_set_num_threads(1)
    b, q = base, query
    metric = faiss.METRIC_L2
    if a.metric in ("cosine", "ip"):
        metric = faiss.METRIC_INNER_PRODUCT
        if a.metric == "cosine":
            b = base / np.linalg.norm(base, axis=1, keepdims=True)
            q = query / np.linalg.norm(query, axis=1, keepdims=True)
    r0 = rss()
    t = time.perf_counter()
    idx = faiss.IndexHNSWFlat(base.shape[1], a.m, metric)
    idx.hnsw.efConstruction = a.efc
    idx.add(np.ascontiguousarray(b, dtype=np.float32))
    build = time.perf_counter() - t
    mem = rss() - r0
    rows = []
    q = np.ascontiguousarray(q, dtype=np.float32)
    for ef in a.ef:
        idx.hnsw.efSearch = ef
        (_, labels), secs = timed(lambda: idx.search(q, a.k), a.rounds)
        rows.append(dict(ef=ef, recall=recall(labels, gt, a.k), qps=len(query) / secs))
    return dict(library="faiss-hnswflat", buildSeconds=build, rssBytesPerVector=mem / len(base), rows=rows)


def bench_usearch(a, base, query, gt):
    from usearch.index import Index
    metric = {"l2": "l2sq", "cosine": "cos", "ip": "ip"}[a.metric]
    r0 = rss()
    t = time.perf_counter()
    idx = Index(ndim=base.shape[1], metric=metric, dtype="f32", connectivity=a.m, expansion_add=a.efc)
    idx.add(np.arange(len(base)), base, threads=1)
    build = time.perf_counter() - t
    mem = rss() - r0
    rows = []
    for ef in a.ef:
        idx.expansion_search = ef
        res, secs = timed(lambda: idx.search(query, a.k, threads=1), a.rounds)
        rows.append(dict(ef=ef, recall=recall(res.keys, gt, a.k), qps=len(query) / secs))
    return dict(library="usearch", buildSeconds=build, rssBytesPerVector=mem / len(base), rows=rows,
                reportedBytesPerVector=getattr(idx, "memory_usage", 0) / len(base))


def ours_qps_at(ours, target_recall):
    """Best QPS of ours among rows whose recall ≥ target (None if none reaches it)."""
    ok = [r["qps"] for r in ours["rows"] if r["recall"] >= target_recall - 1e-9]
    return max(ok) if ok else None


def first_at(rows, target):
    ok = [r for r in rows if r["recall"] >= target - 1e-9]
    return max(ok, key=lambda r: r["qps"]) if ok else None


def cmd_run(a):
    a.ef = [int(x) for x in a.ef.split(",")]
    base = read_vecs(a.base, np.float32)
    query = read_vecs(a.query, np.float32)
    gt = read_vecs(a.gt, np.int32)[:, :a.k]
    results = []
    for fn in (bench_hnswlib, bench_faiss, bench_usearch):
        try:
            results.append(fn(a, base, query, gt))
        except Exception as e:  # a missing library must not hide the others
            print(f"{fn.__name__} failed: {e}", file=sys.stderr)
    ours = None
    if a.ours:
        with open(a.ours) as f:
            o = json.load(f)
        ours = dict(library="flusso (ours)", buildSeconds=o["buildSeconds"], rssBytesPerVector=o["rssBytesPerVector"],
                    indexBytesPerVector=o["bytesPerVector"],
                    rows=[dict(ef=r["ef"], recall=r["recall"], qps=r["qps"]) for r in o["rows"]])
    if a.json_out:
        with open(a.json_out, "w") as f:
            json.dump(results, f, indent=2)

    print(f"\n== {os.path.basename(a.base)}: {len(base)}x{base.shape[1]} {a.metric}, {len(query)} queries, "
          f"k={a.k}, M={a.m}, efC={a.efc}, 1 thread, best of {a.rounds} passes ==")
    print(f"{'library':<16}{'ef':>5}{'recall@'+str(a.k):>11}{'QPS':>10}{'build s':>9}{'bytes/vec':>11}{'ours/theirs':>13}")
    for res in ([ours] if ours else []) + results:
        mem = res.get("indexBytesPerVector") or res["rssBytesPerVector"]
        for r in res["rows"]:
            ratio = ""
            if ours and res is not ours:
                mine = ours_qps_at(ours, r["recall"])
                ratio = f"{mine / r['qps']:.2f}x" if mine else "n/a"
            print(f"{res['library']:<16}{r['ef']:>5}{r['recall']:>11.4f}{r['qps']:>10.0f}{res['buildSeconds']:>9.2f}{mem:>11.0f}{ratio:>13}")
    print("bytes/vec: ours = index buffers by capacity (RSS growth during build: "
          + (f"{ours['rssBytesPerVector']:.0f}" if ours else "-") + "); others = RSS growth during build.")
    if ours:
        target = 0.95
        mine = first_at(ours["rows"], target)
        best = [(res["library"], first_at(res["rows"], target)) for res in results]
        best = [(n, r) for n, r in best if r]
        if mine and best:
            name, top = max(best, key=lambda x: x[1]["qps"])
            print(f"at recall@{a.k} >= {target}: ours {mine['qps']:.0f} QPS (ef={mine['ef']}), best yardstick {name} "
                  f"{top['qps']:.0f} QPS (ef={top['ef']}) -> ratio {mine['qps'] / top['qps']:.2f}x; "
                  f"build ours {ours['buildSeconds']:.2f} s vs best {min(r['buildSeconds'] for r in results):.2f} s")


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gen")
    g.add_argument("--out", required=True)
    g.add_argument("--n", type=int, default=100_000)
    g.add_argument("--dim", type=int, default=384)
    g.add_argument("--queries", type=int, default=1000)
    g.add_argument("--seed", type=int, default=42)
    r = sub.add_parser("run")
    for name in ("base", "query", "gt"):
        r.add_argument("--" + name, required=True)
    r.add_argument("--metric", default="l2", choices=["l2", "cosine", "ip"])
    r.add_argument("--k", type=int, default=10)
    r.add_argument("--m", type=int, default=16)
    r.add_argument("--efc", type=int, default=200)
    r.add_argument("--ef", default="10,20,40,80,160")
    r.add_argument("--rounds", type=int, default=5)
    r.add_argument("--ours")
    r.add_argument("--json-out")
    a = p.parse_args()
    cmd_gen(a) if a.cmd == "gen" else cmd_run(a)


if __name__ == "__main__":
    main()
