#!/usr/bin/env python3
"""The Keras reference run on the feature matrices the Java training benchmark exported (see mlp_numpy.py for
the format): Dense 64 ReLU, Dense 64 ReLU, Dense 1 sigmoid, Adam (lr 1e-3), binary cross-entropy, batch 32,
10 epochs. Needs TensorFlow (not installable on the machine the figures in the README were measured on).

usage: mlp_keras.py DIR [--epochs 10] [--batch 32] [--seed 42]
Prints one JSON object: epoch_seconds, test_roc_auc.
"""
import json
import sys
import time

import numpy as np
import tensorflow as tf

from mlp_numpy import load, roc_auc


class EpochTimer(tf.keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.times = []

    def on_epoch_begin(self, epoch, logs=None):
        self.t0 = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.times.append(time.perf_counter() - self.t0)


def main():
    args = sys.argv[1:]
    d = args[0]
    epochs = int(args[args.index("--epochs") + 1]) if "--epochs" in args else 10
    batch = int(args[args.index("--batch") + 1]) if "--batch" in args else 32
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 42
    tf.keras.utils.set_random_seed(seed)
    xs, ys, xt, yt = load(d)
    model = tf.keras.Sequential([
        tf.keras.Input(shape=(xs.shape[1],)),
        tf.keras.layers.Dense(64, activation="relu"),
        tf.keras.layers.Dense(64, activation="relu"),
        tf.keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=tf.keras.optimizers.Adam(1e-3), loss="binary_crossentropy")
    timer = EpochTimer()
    model.fit(xs, ys, batch_size=batch, epochs=epochs, verbose=0, callbacks=[timer])
    pt = model.predict(xt, batch_size=4096, verbose=0).ravel()
    print(json.dumps({"implementation": "keras " + tf.__version__, "epoch_seconds": timer.times,
                      "test_roc_auc": float(roc_auc(pt, yt)), "train_rows": int(len(ys))}))


if __name__ == "__main__":
    main()
