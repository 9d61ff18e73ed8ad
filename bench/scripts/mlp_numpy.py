#!/usr/bin/env python3
"""The Keras recipe (Dense 64 ReLU, Dense 64 ReLU, Dense 1 sigmoid; Glorot-uniform weights, zero biases;
Adam lr 1e-3, beta 0.9/0.999, epsilon 1e-7; binary cross-entropy; batch 32; 10 epochs; shuffled each epoch)
written in NumPy, trained on the exact feature matrices the Java benchmark exported. It is the anchor we can
measure on a machine where TensorFlow cannot be installed; mlp_keras.py is the same run in Keras.

usage: mlp_numpy.py DIR [--epochs 10] [--batch 32] [--seed 42]
DIR holds train_x.f32, train_y.u8, test_x.f32, test_y.u8 (little-endian, row-major) and meta.json {"width": k}.
Prints one JSON object: epoch_seconds, test_roc_auc.
"""
import json
import sys
import time

import numpy as np


def load(d):
    width = json.load(open(f"{d}/meta.json"))["width"]
    xs = np.fromfile(f"{d}/train_x.f32", dtype="<f4").reshape(-1, width)
    ys = np.fromfile(f"{d}/train_y.u8", dtype=np.uint8).astype(np.float32)
    xt = np.fromfile(f"{d}/test_x.f32", dtype="<f4").reshape(-1, width)
    yt = np.fromfile(f"{d}/test_y.u8", dtype=np.uint8)
    return xs, ys, xt, yt


def roc_auc(p, y):
    order = np.argsort(p, kind="mergesort")
    ranks = np.empty(len(p))
    sp = p[order]
    i = 0
    n = len(p)
    r = np.arange(1, n + 1, dtype=np.float64)
    # average ranks for ties
    _, idx, counts = np.unique(sp, return_index=True, return_counts=True)
    avg = np.repeat(idx + (counts + 1) / 2.0, counts)
    ranks[order] = avg
    pos = y.sum()
    neg = n - pos
    return (ranks[y == 1].sum() - pos * (pos + 1) / 2) / (pos * neg)


def main():
    args = sys.argv[1:]
    d = args[0]
    epochs = int(args[args.index("--epochs") + 1]) if "--epochs" in args else 10
    batch = int(args[args.index("--batch") + 1]) if "--batch" in args else 32
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 42
    xs, ys, xt, yt = load(d)
    rng = np.random.default_rng(seed)
    sizes = [xs.shape[1], 64, 64, 1]
    W = [rng.uniform(-1, 1, (a, b)).astype(np.float32) * np.float32(np.sqrt(6 / (a + b)))
         for a, b in zip(sizes[:-1], sizes[1:])]
    B = [np.zeros(b, np.float32) for b in sizes[1:]]
    params = W + B
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-7
    step = 0
    times = []
    n = len(ys)
    for _ in range(epochs):
        t0 = time.perf_counter()
        perm = rng.permutation(n)
        for s in range(0, n, batch):
            idx = perm[s:s + batch]
            x = xs[idx]
            y = ys[idx][:, None]
            h1 = np.maximum(x @ W[0] + B[0], 0)
            h2 = np.maximum(h1 @ W[1] + B[1], 0)
            z = h2 @ W[2] + B[2]
            p = 1 / (1 + np.exp(-z))
            dz = (p - y) / len(idx)
            g2 = h2.T @ dz
            gb2 = dz.sum(0)
            d2 = (dz @ W[2].T) * (h2 > 0)
            g1 = h1.T @ d2
            gb1 = d2.sum(0)
            d1 = (d2 @ W[1].T) * (h1 > 0)
            g0 = x.T @ d1
            gb0 = d1.sum(0)
            grads = [g0, g1, g2, gb0, gb1, gb2]
            step += 1
            a = lr * np.sqrt(1 - b2 ** step) / (1 - b1 ** step)
            for i, g in enumerate(grads):
                m[i] = b1 * m[i] + (1 - b1) * g
                v[i] = b2 * v[i] + (1 - b2) * g * g
                params[i] -= (a * m[i] / (np.sqrt(v[i]) + eps)).astype(np.float32)
        times.append(time.perf_counter() - t0)
    h1 = np.maximum(xt @ W[0] + B[0], 0)
    h2 = np.maximum(h1 @ W[1] + B[1], 0)
    pt = (1 / (1 + np.exp(-(h2 @ W[2] + B[2])))).ravel()
    print(json.dumps({"implementation": "numpy " + np.__version__, "epoch_seconds": times,
                      "test_roc_auc": float(roc_auc(pt, yt)), "train_rows": int(n)}))


if __name__ == "__main__":
    main()
