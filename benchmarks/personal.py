"""Learn my handwriting: how much a few taught samples help a writer the model never saw.

The pen data's 30 writers stand in for users. The writers are split into the real-handwriting
benchmark's folds (benchmarks/realworld.py); each fold's model is trained without that fold's
writers (the shortened "MNIST + pen" recipe) and kept in --models, so later runs reuse it.
For every held-out writer: teach PER_DIGIT drawings of each digit, then read the writer's other
digits with and without them (several random choices of the taught digits). Then the same
after fine-tuning the fold model on the taught samples (--finetune).

    python benchmarks/personal.py [--models DIR] [--per-digit 2] [--repeats 3] [--finetune]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from digitpad.data import load_mnist  # noqa: E402
from digitpad.datasets import mnist_plus_pen, pen_images  # noqa: E402
from digitpad.pendigits import load_pendigits, writers  # noqa: E402
from digitpad.recognizer import Recognizer  # noqa: E402
from realworld import recipe  # noqa: E402  (the same folds and recipe as the real-handwriting benchmark)

WRITER_SEED = 515151  # the drawing stream of the writers' digits; no training set uses it
MNIST_CHECK_SIZES = (20, 200)  # samples of one writer in the store while MNIST is read


def fold_models(args, pen, writer_of) -> list[tuple[list[int], Path]]:
    """(held-out writers, model path) per fold; trained once without those writers, then reused."""
    order = np.random.default_rng(7).permutation(np.unique(writer_of))  # benchmarks/realworld.py's folds
    folds = np.array_split(order, args.folds)
    full = load_mnist()
    pick = np.random.default_rng(1).permutation(len(full.x_train))[:args.mnist]
    mnist = dataclasses.replace(full, x_train=full.x_train[pick], y_train=full.y_train[pick])
    models = []
    for f, fold in enumerate(folds):
        stem = Path(args.models) / f"fold-{f + 1}-of-{args.folds}-e{args.epochs}-m{args.mnist}"
        if not stem.with_suffix(".onnx").is_file():
            from digitpad.training import train

            start = time.monotonic()
            kept = [d for d, w in zip(pen, writer_of) if w not in set(fold)]
            result = train(recipe(args.epochs), mnist_plus_pen(kept, mnist=mnist, seed=f))
            result.save(stem)
            print(f"trained the model of fold {f + 1} in {time.monotonic() - start:.0f} s", flush=True)
        models.append((sorted(int(w) for w in fold), stem.with_suffix(".onnx")))
    return models


def taught_split(labels: np.ndarray, per_digit: int, rng) -> tuple[np.ndarray, np.ndarray]:
    """Indices of `per_digit` random digits of each class to teach, and of all the others."""
    taught = np.concatenate([rng.choice(np.flatnonzero(labels == d), per_digit, replace=False)
                             for d in range(10)])
    rest = np.setdiff1d(np.arange(len(labels)), taught)
    return taught, rest


def accuracy(recognizer: Recognizer, images: np.ndarray, labels: np.ndarray) -> float:
    return float(np.mean(np.array([p.index for p in recognizer.predict_images28(images)]) == labels))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", default=str(Path.home() / ".cache" / "digitpad-benchmarks"),
                        help="folder for the fold models (trained on first use)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--mnist", type=int, default=20000, help="MNIST training images of each fold model")
    parser.add_argument("--per-digit", type=int, default=2, help="samples taught of each digit")
    parser.add_argument("--repeats", type=int, default=5, help="random choices of the taught samples per writer")
    args = parser.parse_args()

    pen = load_pendigits()
    writer_of = writers(pen)
    mnist = load_mnist()
    mnist_x, mnist_y = mnist.x_test.astype(np.float32) / 255.0, mnist.y_test.astype(np.int64)
    print(f"{len(np.unique(writer_of))} writers in {args.folds} writer-disjoint folds; teach {args.per_digit} per "
          f"digit, {args.repeats} random choices per writer; fold models: {args.epochs} epochs, {args.mnist} MNIST\n")
    print("| writer | digits read | before | after | error cut |\n| ---: | ---: | ---: | ---: | ---: |")
    rows, mnist_drops = [], []
    for held_out, model_path in fold_models(args, pen, writer_of):
        recognizer = Recognizer(model_path)
        mnist_before = np.mean(recognizer.probabilities(mnist_x).argmax(axis=1) == mnist_y)
        for writer in held_out:
            digits = [d for d, w in zip(pen, writer_of) if w == writer]
            images, labels = pen_images(digits, 1, seed=WRITER_SEED + writer)
            images = images.astype(np.float32) / 255.0
            rng = np.random.default_rng(writer)
            before, after = [], []
            for _ in range(args.repeats):
                taught, rest = taught_split(labels, args.per_digit, rng)
                recognizer.use_personal_samples(np.zeros((0, 28, 28)), [])
                before.append(accuracy(recognizer, images[rest], labels[rest]))
                recognizer.use_personal_samples(images[taught], labels[taught])
                after.append(accuracy(recognizer, images[rest], labels[rest]))
            b, a = float(np.mean(before)), float(np.mean(after))
            cut = (a - b) / (1 - b) if b < 1 else 0.0
            rows.append((writer, b, a, cut))
            cut_text = f"{cut:.0%}" if b < 1 else "(no errors)"
            print(f"| #{writer} | {len(labels) - 10 * args.per_digit} | {b:.2%} | {a:.2%} | {cut_text} |", flush=True)
            if writer == held_out[0]:  # one writer's samples per fold in the store while MNIST is read
                for size in MNIST_CHECK_SIZES:
                    taught, _ = taught_split(labels, size // 10, rng)
                    recognizer.use_personal_samples(images[taught], labels[taught])
                    with_samples = accuracy(recognizer, mnist_x, mnist_y)
                    mnist_drops.append((size, writer, mnist_before, with_samples))
        recognizer.use_personal_samples(np.zeros((0, 28, 28)), [])

    before = np.array([r[1] for r in rows])
    after = np.array([r[2] for r in rows])
    error_before, error_after = 1 - before.mean(), 1 - after.mean()
    print(f"\nmean over {len(rows)} writers: before {before.mean():.2%}, after {after.mean():.2%}; "
          f"error {error_before:.2%} -> {error_after:.2%}, cut {1 - error_after / max(error_before, 1e-9):.0%} "
          f"(mean of per-writer cuts, writers with errors: "
          f"{np.mean([r[3] for r in rows if r[1] < 1]):.0%}); writers worse after: "
          f"{sum(a < b - 1e-9 for _, b, a, _ in rows)}")
    print("\nMNIST test with one held-out writer's samples in the store (fold model of that writer):")
    print("| samples | writer | MNIST before | with samples | drop (points) |\n| ---: | ---: | ---: | ---: | ---: |")
    for size, writer, b, a in mnist_drops:
        print(f"| {size} | #{writer} | {b:.2%} | {a:.2%} | {100 * (b - a):.2f} |")


if __name__ == "__main__":
    main()
