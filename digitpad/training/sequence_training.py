"""Train the sequence model (`digitpad.reading.sequence_model`) and write it as ONNX.

    python -m digitpad.training.sequence_training [--numbers 40000] [--epochs 12] [--step 2] [--out models/number-sequence.onnx]
    python -m digitpad.training.sequence_training --folds DIR --fold fold-1   # without that fold's writers

Compose numbers of real writers and MNIST digits (`digitpad.training.sequence_data`), build a small
convolutional network with a CTC head, train it, export it. TensorFlow is imported here only.
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
from digitpad.data.synth.forms import PAPERS
from digitpad.data.unipen import SYMBOLS_FILE, load_unipen
from digitpad.reading.reading_aids import export_whole
from digitpad.reading.sequence_model import ALPHABET, STRIP_HEIGHT, greedy_text, sequence_path
from digitpad.training.sequence_data import AMOUNT_SHARE, MAX_LABEL, MNIST_SHARE, PLAIN_SHARE, batches, examples

DEFAULT_STEP = 2  # strip pixels per output column (sequence_model: 2 or 4)


def build(step: int = DEFAULT_STEP):
    """Strip (32, W, 1) -> logits (W / step, 1 + len(ALPHABET)): convolutions that shrink the
    height to one row and the width `step` (2 or 4) times, then convolutions along the line for
    context (about four digits either way). Two pixels a column leave room for the blank
    between two equal narrow digits written close ("11"), which four pixels often do not."""
    import keras
    from keras import layers

    inputs = keras.Input((STRIP_HEIGHT, None, 1))
    x = layers.Conv2D(24, 3, padding="same", activation="relu")(inputs)
    x = layers.MaxPooling2D(2)(x)  # 16 x W/2
    x = layers.Conv2D(48, 3, padding="same", activation="relu")(x)
    x = layers.MaxPooling2D(2 if step == 4 else (2, 1))(x)  # 8 x W/step
    x = layers.Conv2D(64, 3, padding="same", activation="relu")(x)
    x = layers.MaxPooling2D((2, 1))(x)  # 4 x W/step
    x = layers.Conv2D(128, (4, 1), padding="valid", activation="relu")(x)  # 1 x W/step
    x = layers.Reshape((-1, 128))(x)
    x = layers.Conv1D(128, 5, padding="same", activation="relu")(x)
    x = layers.Dropout(0.2)(x)
    x = layers.Conv1D(128, 5, padding="same", activation="relu", dilation_rate=2)(x)
    if step == 2:  # as far along the line in pixels as four-pixel columns see
        x = layers.Conv1D(128, 5, padding="same", activation="relu", dilation_rate=4)(x)
    logits = layers.Dense(1 + len(ALPHABET))(x)
    return keras.Model(inputs, logits)


def _batches_each_epoch(strips, labels, size: int, seed: int):
    """The training batches as a tf.data.Dataset, shuffled anew each epoch, and their count. Its
    shapes are declared (any number of strips, any width): Keras guesses them from the first two
    batches of a keras.utils.PyDataset, and when both were as wide it fixed the width and stopped
    at the first wider batch."""
    import tensorflow as tf

    rng = np.random.default_rng(seed)
    count = -(-len(strips) // size)  # (`batches` makes them `size` strips each, the last fewer)

    def epoch():
        yield from batches(strips, labels, size, rng)

    shapes = (
        tf.TensorSpec((None, STRIP_HEIGHT, None, 1), tf.float32),
        tf.TensorSpec((None, MAX_LABEL), tf.int32),
    )
    dataset = tf.data.Dataset.from_generator(epoch, output_signature=shapes)
    return dataset.apply(tf.data.experimental.assert_cardinality(count)).prefetch(2), count


def train(strips: list, labels: list, epochs: int, seed: int, out: Path, step: int = DEFAULT_STEP) -> None:
    import keras

    keras.utils.set_random_seed(seed)
    held = max(len(labels) // 20, 1)
    model = build(step)
    training, count = _batches_each_epoch(strips[held:], labels[held:], 64, seed)
    model.compile(
        optimizer=keras.optimizers.Adam(keras.optimizers.schedules.CosineDecay(2e-3, epochs * count)),
        loss=keras.losses.CTC(),
    )
    model.fit(training, epochs=epochs, verbose=2, shuffle=False)  # (the batches come shuffled each epoch)
    right = 0
    for x, y in batches(strips[:held], labels[:held], 64, np.random.default_rng(0)):
        for logits, label in zip(model.predict(x, verbose=0), y):
            right += greedy_text(logits) == "".join(ALPHABET[k - 1] for k in label if k)
    print(f"held-out strips read exactly (same writers): {right / held:.1%} of {held}", flush=True)
    export_whole(model, out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--numbers", type=int, default=40000)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--step", type=int, choices=(2, 4), default=DEFAULT_STEP, help="strip pixels per output column")
    parser.add_argument(
        "--out", help=f"where to write it (default {sequence_path()}; with --folds DIR/<fold>-sequence.onnx)"
    )
    parser.add_argument(
        "--tag", default="", help="with --folds: DIR/<fold>-sequence<tag>.onnx (a trial beside the fold's model)"
    )
    parser.add_argument("--mnist-share", type=float, default=MNIST_SHARE, help="share of MNIST numbers")
    parser.add_argument(
        "--pen-shares",
        type=float,
        nargs=2,
        default=(PLAIN_SHARE, AMOUNT_SHARE),
        metavar=("PLAIN", "AMOUNTS"),
        help="of the pen writers' numbers: plain ones and amounts on forms (prices, dates, times, phones the rest)",
    )
    parser.add_argument("--folds", metavar="DIR", help="DIR/folds.json of benchmarks/realworld.py --models DIR")
    parser.add_argument("--fold", help="with --folds: leave this fold's writers out, write DIR/<fold>-sequence.onnx")
    parser.add_argument(
        "--leave-out-paper",
        choices=PAPERS,
        help="compose no amounts on this kind of paper (a family "
        "left out, to score the model on it: DIR/<fold>-sequence-no-<paper>.onnx)",
    )
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    held_out: frozenset = frozenset()
    out = Path(args.out) if args.out else sequence_path()
    if args.folds:
        held_out = frozenset(json.loads((Path(args.folds) / "folds.json").read_text())[args.fold])
        trial = f"{args.fold}-sequence{'-no-' + args.leave_out_paper if args.leave_out_paper else ''}{args.tag}.onnx"
        out = Path(args.out) if args.out else Path(args.folds) / trial
    start = time.monotonic()
    pen = [d for d in bundled_pen_digits() if writer_key(d) not in held_out]
    symbols = [s for s in load_unipen(SYMBOLS_FILE) if writer_key(s) not in held_out]
    mnist = load_mnist()
    papers = tuple(p for p in PAPERS if p != args.leave_out_paper)
    x, y = examples(
        pen,
        symbols,
        mnist.x_train,
        mnist.y_train,
        args.numbers,
        args.seed,
        args.mnist_share,
        papers,
        tuple(args.pen_shares),
    )
    print(
        f"{out.name}: {len(y)} strips (median width {np.median([s.shape[1] for s in x]):.0f}), {len(held_out)} writers left out, in {time.monotonic() - start:.0f} s",
        flush=True,
    )
    train(x, y, args.epochs, args.seed, out, args.step)
    print(f"wrote {out} ({out.stat().st_size // 1024} KB) in {time.monotonic() - start:.0f} s", flush=True)


if __name__ == "__main__":
    main()
