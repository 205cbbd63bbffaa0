"""Train the wholeness network (`digitpad.reading.wholeness`) and write it as ONNX.

    python -m digitpad.training.wholeness_training [--numbers 4000] [--pen 4000] [--epochs 4] [--out models/digit-wholeness.onnx]
    python -m digitpad.training.wholeness_training --folds DIR   # one network per fold of DIR/folds.json, without its writers

One linear story: compose numbers and label their candidates (`digitpad.training.wholeness_data`),
build a small convolutional network, train it, export it. TensorFlow is imported here only.
The numbers are MNIST's training digits side by side, the stroke templates, and the 150
bundled pen writers' digits with people's gaps (`--folds` leaves each fold's writers out, for
the writer-disjoint numbers benchmark: `benchmarks/number_reading.py --realworld DIR`).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np

from digitpad.data.datasets import bundled_pen_digits, writer_key
from digitpad.data.mnist import load_mnist
from digitpad.reading.reading_aids import export_whole
from digitpad.reading.wholeness import wholeness_path
from digitpad.training.wholeness_data import mnist_examples, pen_examples, template_examples


def examples(
    numbers: int, pen_numbers: int, seed: int, held_out: frozenset = frozenset()
) -> tuple[np.ndarray, np.ndarray]:
    """Candidates of `numbers` MNIST numbers, as many written with the stroke templates, and
    `pen_numbers` of the pen writers not in `held_out`."""
    rng = np.random.default_rng(seed)
    x1, y1 = mnist_examples(load_mnist().x_train, numbers, rng)
    x2, y2 = template_examples(numbers, rng)
    if not pen_numbers:
        return np.concatenate([x1, x2]), np.concatenate([y1, y2])
    pen = [d for d in bundled_pen_digits() if writer_key(d) not in held_out]
    x3, y3 = pen_examples(pen, pen_numbers, rng)
    return np.concatenate([x1, x2, x3]), np.concatenate([y1, y2, y3])


def build():
    import keras

    inputs = keras.Input((28, 28, 3))
    x = keras.layers.Conv2D(16, 3, activation="relu", padding="same")(inputs)
    x = keras.layers.MaxPooling2D()(x)
    x = keras.layers.Conv2D(32, 3, activation="relu", padding="same")(x)
    x = keras.layers.MaxPooling2D()(x)
    x = keras.layers.Conv2D(48, 3, activation="relu", padding="same")(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    x = keras.layers.Dense(48, activation="relu")(x)
    logit = keras.layers.Dense(1)(x)  # a logit: reading.py takes the log-probability
    return keras.Model(inputs, logit)


def train(x: np.ndarray, y: np.ndarray, epochs: int, seed: int, out: Path) -> None:
    """Fit the network on (x, y), a tenth held for validation, and write it to `out` whole."""
    import keras

    order = np.random.default_rng(seed).permutation(len(y))
    x, y = x[order], y[order]
    held = len(y) // 10
    keras.utils.set_random_seed(seed)
    model = build()
    model.compile(
        optimizer=keras.optimizers.Adam(0.002),
        metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)],
        loss=keras.losses.BinaryCrossentropy(from_logits=True),
    )
    model.fit(x[held:], y[held:], validation_data=(x[:held], y[:held]), epochs=epochs, batch_size=128, verbose=2)
    export_whole(model, out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--numbers", type=int, default=4000, help="MNIST and template numbers composed, of each")
    parser.add_argument("--pen", type=int, default=0, help="numbers of the pen writers composed (4000 tried: no gain)")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--out", default=str(wholeness_path()))
    parser.add_argument(
        "--folds",
        metavar="DIR",
        help="train DIR/<fold>-wholeness.onnx for each fold of "
        "DIR/folds.json (benchmarks/realworld.py --models DIR), without that fold's writers",
    )
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if args.folds:
        folds = json.loads((Path(args.folds) / "folds.json").read_text())
        jobs = [(frozenset(held), Path(args.folds) / f"{name}-wholeness.onnx") for name, held in sorted(folds.items())]
    else:
        jobs = [(frozenset(), Path(args.out))]
    for held_out, out in jobs:
        start = time.monotonic()
        x, y = examples(args.numbers, args.pen, args.seed, held_out)
        print(
            f"{out.name}: {len(y)} candidates ({y.mean():.0%} whole digits), {len(held_out)} writers left out, "
            f"in {time.monotonic() - start:.0f} s",
            flush=True,
        )
        train(x, y, args.epochs, args.seed, out)
        print(f"wrote {out} ({out.stat().st_size // 1024} KB) in {time.monotonic() - start:.0f} s", flush=True)


if __name__ == "__main__":
    main()
