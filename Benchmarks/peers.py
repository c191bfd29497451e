#!/usr/bin/env python3
"""Runs the peers (scikit-learn, faiss, numpy) on the exact inputs `allot bench` used and
prints their seconds per iteration beside Allot's, with the ratio.

usage: peers.py DATA_DIR ALLOT_JSON [--repeat R]

DATA_DIR is what `allot bench --save-data DATA_DIR` wrote: manifest.json and, per shape,
the points (or features and targets) and the initial centers (or weights) as .npy files.
ALLOT_JSON is `allot bench --json` of the same run.

What is timed:
- scikit-learn: KMeans(algorithm="lloyd", n_init=1, tol=0, init=<the same centers>,
  max_iter=<the iterations allot ran>); one untimed fit, then the median over R fits of
  fit time / n_iter_ (each fit also pays input validation and the final label pass).
- faiss: faiss.Kmeans with the same initial centers, niter as above, no subsampling
  (max_points_per_centroid >= n / k); the median of faiss's own per-iteration times.
- numpy: the gradient X^T (X w + b - y) / n in float32, median over R after a warm-up.
The ratio is peer time / allot time: above 1 means allot is faster.
"""
import json
import os
import statistics
import sys
import time

import numpy as np


def blas_report():
    from threadpoolctl import threadpool_info

    rows = []
    for pool in threadpool_info():
        rows.append(
            f"{pool.get('internal_api')} {pool.get('version')} "
            f"kernel={pool.get('architecture')} threads={pool.get('num_threads')}"
        )
    return "; ".join(rows) or "none reported"


def time_sklearn(points, init, iterations, repeat):
    from sklearn.cluster import KMeans

    def fit():
        model = KMeans(
            n_clusters=init.shape[0], init=init, n_init=1, max_iter=iterations, tol=0,
            algorithm="lloyd", random_state=0, copy_x=False,
        )
        start = time.perf_counter()
        model.fit(points)
        return (time.perf_counter() - start) / max(model.n_iter_, 1)

    fit()  # warm-up (page faults, thread pools)
    return statistics.median(fit() for _ in range(repeat))


def time_faiss(points, init, iterations):
    import faiss

    n, d = points.shape
    k = init.shape[0]
    kmeans = faiss.Kmeans(
        d, k, niter=iterations, verbose=False, seed=0, spherical=False,
        max_points_per_centroid=(n + k - 1) // k + 1, min_points_per_centroid=1,
    )
    kmeans.train(points, init_centroids=init)
    stats = kmeans.iteration_stats
    # faiss reports the cumulative time in seconds after each iteration.
    times = [entry["time"] for entry in stats]
    per_iteration = [b - a for a, b in zip([0.0] + times[:-1], times)]
    # Drop the first iteration (it pays the index's first allocations) when there are more.
    if len(per_iteration) > 2:
        per_iteration = per_iteration[1:]
    return statistics.median(per_iteration)


def time_numpy_gradient(features, targets, weights, bias, repeat):
    n = features.shape[0]
    samples = []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        residual = features @ weights + bias - targets
        gradient = features.T @ residual / n
        samples.append(time.perf_counter() - start)
    del gradient
    return statistics.median(samples[1:])


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 64
    data_dir, allot_json = sys.argv[1], sys.argv[2]
    repeat = 5
    if "--repeat" in sys.argv:
        repeat = int(sys.argv[sys.argv.index("--repeat") + 1])
    with open(os.path.join(data_dir, "manifest.json")) as handle:
        manifest = json.load(handle)
    with open(allot_json) as handle:
        allot = json.load(handle)

    import sklearn
    import faiss

    print(
        f"numpy {np.__version__}, scikit-learn {sklearn.__version__}, faiss {faiss.__version__}; "
        f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')} "
        f"OPENBLAS_L2_SIZE={os.environ.get('OPENBLAS_L2_SIZE', '(unset)')}"
    )
    print(f"BLAS (threadpoolctl): {blas_report()}")
    limits = allot.get("limits", {})
    print(
        f"allot: {allot['machine']['cpu']}, limits {limits.get('gflops', 0):.1f} GFLOP/s, "
        f"{limits.get('read_gbytes_per_second', 0):.1f} GB/s ({limits.get('source', '?')})"
    )
    header = (
        f"{'workload':<8} {'shape':<6} {'n':>9} {'d':>4} {'k':>4}  {'allot device':<12} "
        f"{'allot ms':>9}  {'peer':<12} {'peer ms':>9} {'peer/allot':>10}"
    )
    print(header)
    print("-" * len(header))
    for entry in manifest["shapes"]:
        workload, name = entry["workload"], entry["name"]
        ours = [
            r for r in allot["results"]
            if r["workload"] == workload and r["shape"]["name"] == name
        ]
        peers = []
        if workload == "kmeans":
            points = np.ascontiguousarray(np.load(os.path.join(data_dir, entry["points"])))
            init = np.ascontiguousarray(np.load(os.path.join(data_dir, entry["init"])))
            iterations = entry.get("iterations", repeat)
            peers.append(("scikit-learn", time_sklearn(points, init, iterations, min(repeat, 3))))
            peers.append(("faiss", time_faiss(points, init, iterations)))
            del points
        else:
            features = np.load(os.path.join(data_dir, entry["features"]))
            targets = np.load(os.path.join(data_dir, entry["targets"])).ravel()
            weights = np.load(os.path.join(data_dir, entry["weights"])).ravel()
            bias = features.dtype.type(entry.get("bias", 0.0))
            peers.append(("numpy", time_numpy_gradient(features, targets, weights, bias, repeat)))
            del features
        for result in ours:
            ms = result["seconds_per_iteration"]["median"] * 1e3
            for peer, seconds in peers:
                print(
                    f"{workload:<8} {name:<6} {entry['n']:>9} {entry['d']:>4} "
                    f"{entry.get('k', 0) or '-':>4}  {result['device']:<12} {ms:>9.2f}  "
                    f"{peer:<12} {seconds * 1e3:>9.2f} {seconds * 1e3 / ms:>9.2f}x",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
