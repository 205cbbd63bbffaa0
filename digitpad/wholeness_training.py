"""Train the wholeness network (`digitpad.wholeness`) and write it as ONNX.

    python -m digitpad.wholeness_training [--numbers 4000] [--epochs 4] [--out models/digit-wholeness.onnx]

One linear story: compose numbers and label their candidates (`digitpad.wholeness_data`),
build a small convolutional network, train it, export it. TensorFlow is imported here only.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np

from .data import load_mnist
from .wholeness import wholeness_path
from .wholeness_data import mnist_examples, template_examples


def examples(numbers: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Candidates of `numbers` MNIST numbers and as many written with the stroke templates."""
    rng = np.random.default_rng(seed)
    x1, y1 = mnist_examples(load_mnist().x_train, numbers, rng)
    x2, y2 = template_examples(numbers, rng)
    return np.concatenate([x1, x2]), np.concatenate([y1, y2])


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--numbers", type=int, default=4000, help="numbers of each kind composed")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--out", default=str(wholeness_path()))
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    start = time.monotonic()
    x, y = examples(args.numbers, args.seed)
    order = np.random.default_rng(args.seed).permutation(len(y))
    x, y = x[order], y[order]
    held = len(y) // 10
    print(f"{len(y)} candidates ({y.mean():.0%} whole digits) in {time.monotonic() - start:.0f} s", flush=True)

    import keras

    keras.utils.set_random_seed(args.seed)
    model = build()
    model.compile(optimizer=keras.optimizers.Adam(0.002), metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)],
                  loss=keras.losses.BinaryCrossentropy(from_logits=True))
    model.fit(x[held:], y[held:], validation_data=(x[:held], y[:held]), epochs=args.epochs, batch_size=128,
              verbose=2)
    out = Path(args.out)
    with tempfile.TemporaryDirectory(dir=out.parent) as folder:  # written whole, or not at all
        staged = Path(folder) / out.name
        model.export(str(staged), format="onnx", verbose=False)
        os.replace(staged, out)
    print(f"wrote {out} ({out.stat().st_size // 1024} KB) in {time.monotonic() - start:.0f} s")


if __name__ == "__main__":
    main()
