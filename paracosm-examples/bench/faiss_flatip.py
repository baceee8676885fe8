#!/usr/bin/env python3
"""FAISS IndexFlatIP yardstick for ExactSearchBench: same sizes, k and output lines.

    python3 paracosm-examples/bench/faiss_flatip.py --gallery 123403 --dim 512 --queries 800 --k 50 --seed 0
"""
import argparse
import statistics
import time

import faiss
import numpy as np


def unit(rng, n, d):
    x = rng.standard_normal((n, d)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gallery", type=int, default=123403)
    ap.add_argument("--dim", type=int, default=512)
    ap.add_argument("--queries", type=int, default=800)
    ap.add_argument("--k", type=int, default=50)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    g = unit(rng, a.gallery, a.dim)
    q = unit(rng, a.queries, a.dim)
    index = faiss.IndexFlatIP(a.dim)
    index.add(g)
    print(f"faiss={faiss.__version__} threads={faiss.omp_get_max_threads()} gallery={a.gallery} dim={a.dim}")
    index.search(q, a.k)  # warm-up
    for _ in range(3):
        index.search(q[:1], a.k)
    batch = []
    batch_cpu = []
    for _ in range(a.runs):
        c = time.process_time()
        t = time.perf_counter()
        index.search(q, a.k)
        batch.append((time.perf_counter() - t) * 1000)
        batch_cpu.append((time.process_time() - c) * 1000)
    single = []
    for _ in range(a.runs):
        t = time.perf_counter()
        index.search(q[:1], a.k)
        single.append((time.perf_counter() - t) * 1000)
    print("batch runs_ms=[" + ",".join(f"{x:.1f}" for x in batch) + "]")
    print("single runs_ms=[" + ",".join(f"{x:.1f}" for x in single) + "]")
    print("batch process_cpu_ms=[" + ",".join(f"{x:.1f}" for x in batch_cpu) + "] (all threads)")
    print(f"exact-search median_ms={statistics.median(batch):.1f}")
    print(f"single-query median_ms={statistics.median(single):.1f}")


if __name__ == "__main__":
    main()
