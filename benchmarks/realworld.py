"""Writers the model has never seen: writer-disjoint accuracy on the real pen digits.

The 30 pen writers are split into folds (whole writers, never digits of one writer on both
sides). For each fold the "MNIST + pen" recipe is trained on the other writers and tested
on this fold's writers, each digit drawn twice through the pad's path with a seed training
never used. The MNIST-only recipe (same network, epochs and MNIST subset, no pen digits) is
trained once and tested on every writer, since it saw none. A smaller recipe than the
bundled model's (an MNIST subset, fewer epochs) keeps the five trainings within minutes;
the bundled model itself saw all 30 writers, so it cannot be judged on them.

    python benchmarks/realworld.py [--folds 5] [--epochs 6] [--mnist 20000] [--model OLD.onnx]
    python benchmarks/realworld.py --only-fold 2 --epochs 17 --mnist 60000   # one fold, the bundled recipe

`--model` also scores an existing model on all writers: writer-disjoint only for a model
that never trained on the pen digits (e.g. the MNIST-only bundled model of DigitPad 0.1.0).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import time

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from digitpad.data import load_mnist  # noqa: E402
from digitpad.datasets import mnist_plus_pen, pen_images  # noqa: E402
from digitpad.evaluation import split_outputs  # noqa: E402
from digitpad.pendigits import load_pendigits, writers  # noqa: E402
from digitpad.recognizer import NOT_A_DIGIT_THRESHOLD, load_recognizer  # noqa: E402
from digitpad.runs import TrainConfig  # noqa: E402
from digitpad.training import train  # noqa: E402

TEST_DRAWINGS = 2  # each held-out digit drawn this many times
TEST_SEED = 424242  # a drawing stream no training set uses


def recipe(epochs: int) -> TrainConfig:
    """The bundled model's recipe (README), shortened to `epochs`."""
    return TrainConfig("digitpad-cnn", "adamw", {"learning_rate": 0.002}, "cosine", epochs=epochs, batch_size=128,
                       validation_split=0.0, augment=True, seed=1)


def outputs_of(model, images: np.ndarray) -> np.ndarray:
    return model.predict(images.astype(np.float32)[..., None] / 255.0, batch_size=1024, verbose=0)


def report(name: str, outputs: np.ndarray, labels: np.ndarray, writer: np.ndarray) -> None:
    digits, not_a_digit = split_outputs(outputs, 10)
    predicted = digits.argmax(axis=1)
    print(f"\n{name}: {np.mean(predicted == labels):.2%} of {len(labels)} drawings")
    per_writer = sorted((np.mean(predicted[writer == w] == labels[writer == w]), int(w)) for w in np.unique(writer))
    print("  weakest writers: " + ", ".join(f"#{w} {accuracy:.1%}" for accuracy, w in per_writer[:3]))
    if not_a_digit is not None:
        refused = not_a_digit >= NOT_A_DIGIT_THRESHOLD
        print(f"  real digits called \"not a digit\": {refused.mean():.2%} ({refused.sum()})")
    print("  | digit | " + " | ".join(str(d) for d in range(10)) + " |")
    print("  | --- |" + " ---: |" * 10)
    print("  | accuracy | " + " | ".join(f"{np.mean(predicted[labels == d] == d):.1%}" for d in range(10)) + " |")
    pairs = [(int(np.sum((labels == t) & (predicted == p))), t, p) for t in range(10) for p in range(10) if t != p]
    worst = [f"{t}->{p}: {n}" for n, t, p in sorted(pairs, reverse=True)[:8] if n]
    print("  most frequent confusions (true->read: count): " + ", ".join(worst))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--mnist", type=int, default=20000, help="MNIST training images used by each recipe")
    parser.add_argument("--model", help="also score this existing model on all writers (one that never saw them)")
    parser.add_argument("--only-fold", type=int, metavar="K",
                        help="train and test fold K alone (e.g. the full recipe: --epochs 17 --mnist 60000); "
                             "the MNIST-only recipe is skipped")
    args = parser.parse_args()

    pen = load_pendigits()
    writer_of = writers(pen)
    order = np.random.default_rng(7).permutation(np.unique(writer_of))
    folds = np.array_split(order, args.folds)
    runs = [args.only_fold - 1] if args.only_fold else list(range(args.folds))
    full = load_mnist()
    pick = np.random.default_rng(1).permutation(len(full.x_train))[:args.mnist]
    mnist = dataclasses.replace(full, x_train=full.x_train[pick], y_train=full.y_train[pick])
    print(f"{len(pen)} pen digits of {len(order)} writers in {args.folds} writer-disjoint folds; "
          f"digitpad-cnn, {args.epochs} epochs, {args.mnist} MNIST images")

    held_x, held_y, held_fold, held_writer = [], [], [], []
    for f in runs:
        held = [d for d, w in zip(pen, writer_of) if w in set(folds[f])]
        x, y = pen_images(held, TEST_DRAWINGS, seed=TEST_SEED + f)
        held_x.append(x)
        held_y.append(y)
        held_fold.append(np.full(len(y), f))
        held_writer.append(np.tile(writers(held), TEST_DRAWINGS))
    held_x, held_y = np.concatenate(held_x), np.concatenate(held_y)
    held_fold, held_writer = np.concatenate(held_fold), np.concatenate(held_writer)

    baseline = None
    if not args.only_fold:
        start = time.monotonic()
        mnist_only = train(recipe(args.epochs), mnist)
        print(f"MNIST-only recipe trained in {time.monotonic() - start:.0f} s "
              f"(MNIST test {mnist_only.test.accuracy:.2%})")
        baseline = outputs_of(mnist_only.model, held_x)

    with_pen = np.zeros((len(held_y), 11), np.float32)
    for f in runs:
        start = time.monotonic()
        fold = folds[f]
        kept = [d for d, w in zip(pen, writer_of) if w not in set(fold)]
        result = train(recipe(args.epochs), mnist_plus_pen(kept, mnist=mnist, seed=f))
        mask = held_fold == f
        with_pen[mask] = outputs_of(result.model, held_x[mask])
        accuracy = np.mean(with_pen[mask, :10].argmax(axis=1) == held_y[mask])
        print(f"fold {f + 1}: writers {sorted(int(w) for w in fold)} held out; {accuracy:.2%} on them, "
              f"MNIST test {result.test.accuracy:.2%}, {time.monotonic() - start:.0f} s", flush=True)

    report("MNIST + pen recipe (trained without these writers)", with_pen, held_y, held_writer)
    if baseline is not None:
        report("MNIST-only recipe", baseline, held_y, held_writer)
    if args.model:
        recognizer = load_recognizer(args.model)
        probabilities = recognizer.probabilities(held_x.astype(np.float32) / 255.0)
        report(f"existing model {recognizer.name}", probabilities, held_y, held_writer)


if __name__ == "__main__":
    main()
