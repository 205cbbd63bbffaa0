"""Learn my handwriting: how much a few taught samples help a writer the model never saw.

The pen data's 30 writers stand in for users. The writers are split into the real-handwriting
benchmark's folds (benchmarks/realworld.py); each fold's model is trained without that fold's
writers (the shortened "MNIST + pen" recipe) and kept in --models, so later runs reuse it.
For every held-out writer: teach PER_DIGIT drawings of each digit, then read the writer's other
digits with and without them (several random choices of the taught digits). Then the same
after fine-tuning the fold model on the taught samples (--finetune).

    python benchmarks/personal.py [--models DIR] [--per-digit 2] [--repeats 5] [--finetune]

With --finetune, each held-out writer's fold model is also fine-tuned (digitpad.training.finetune, the
shortened settings below) on the first choice of that writer's taught samples, mixed with MNIST
and the pen digits of the fold's training writers only; then read alone and with the samples.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from realworld import recipe

from digitpad.data.datasets import mnist_plus_pen, pen_images
from digitpad.data.mnist import load_mnist
from digitpad.data.pendigits import load_pendigits, writers
from digitpad.recognizer import Recognizer

FINETUNE = dict(
    epochs=2, base_images=10000, holdout=0.0
)  # blend: FinetuneConfig's default  # shortened: 30 fine-tunes within minutes

WRITER_SEED = 515151  # the drawing stream of the writers' digits; no training set uses it
MNIST_CHECK_SIZES = (20, 200)  # samples of one writer in the store while MNIST is read


def fold_models(args, pen, writer_of) -> list[tuple[list[int], Path]]:
    """(held-out writers, model path) per fold; trained once without those writers, then reused."""
    order = np.random.default_rng(7).permutation(np.unique(writer_of))  # benchmarks/realworld.py's folds
    folds = np.array_split(order, args.folds)
    full = load_mnist()
    pick = np.random.default_rng(1).permutation(len(full.x_train))[: args.mnist]
    mnist = dataclasses.replace(full, x_train=full.x_train[pick], y_train=full.y_train[pick])
    models = []
    for f, fold in enumerate(folds):
        stem = Path(args.models) / f"fold-{f + 1}-of-{args.folds}-e{args.epochs}-m{args.mnist}"
        if not stem.with_suffix(".onnx").is_file():
            from digitpad.training.train import train

            start = time.monotonic()
            kept = [d for d, w in zip(pen, writer_of) if w not in set(fold)]
            result = train(recipe(args.epochs), mnist_plus_pen(kept, mnist=mnist, seed=f))
            result.save(stem)
            print(f"trained the model of fold {f + 1} in {time.monotonic() - start:.0f} s", flush=True)
        models.append((sorted(int(w) for w in fold), stem.with_suffix(".onnx")))
    return models


def taught_split(labels: np.ndarray, per_digit: int, rng) -> tuple[np.ndarray, np.ndarray]:
    """Indices of `per_digit` random digits of each class to teach, and of all the others."""
    taught = np.concatenate([rng.choice(np.flatnonzero(labels == d), per_digit, replace=False) for d in range(10)])
    rest = np.setdiff1d(np.arange(len(labels)), taught)
    return taught, rest


def accuracy(recognizer: Recognizer, images: np.ndarray, labels: np.ndarray) -> float:
    return float(np.mean(np.array([p.index for p in recognizer.predict_images28(images)]) == labels))


def finetune_base(pen, writer_of, held_out, fold: int):
    """The fine-tune's data mix without the fold's writers (they stand for users the model never saw)."""
    from digitpad.data.datasets import mnist_plus_pen

    mnist = load_mnist()
    pick = np.random.default_rng(fold).permutation(len(mnist.x_train))[: FINETUNE["base_images"]]
    subset = dataclasses.replace(mnist, x_train=mnist.x_train[pick], y_train=mnist.y_train[pick])
    kept = [d for d, w in zip(pen, writer_of) if w not in set(held_out)]
    return mnist_plus_pen(
        kept,
        variants=1,
        seed=fold + 17,
        mnist=subset,
        templates_per_style=40,
        non_digits_per_kind=300,
        upright_strokes=300,
    )


def fine_tuned_accuracy(model_path, base, images, labels, taught, rest):
    """Fine-tune on the taught samples; accuracy on the rest before, after (alone) and after with the
    samples (the recognizer's instant adaptation on the fine-tuned model), and MNIST before/after."""
    import tempfile

    from digitpad.training.finetune import FinetuneConfig
    from digitpad.training.finetune_training import finetune

    result = finetune(model_path, images[taught], labels[taught], FinetuneConfig(**FINETUNE), base=base)
    with tempfile.TemporaryDirectory() as folder:
        tuned = Recognizer(result.save(Path(folder) / "tuned")["onnx"])
        alone = accuracy(tuned, images[rest], labels[rest])
        tuned.use_personal_samples(images[taught], labels[taught])
        both = accuracy(tuned, images[rest], labels[rest])
    before = accuracy(Recognizer(model_path), images[rest], labels[rest])
    return before, alone, both, result.scores.mnist_before, result.scores.mnist_after


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--models",
        default=str(Path.home() / ".cache" / "digitpad-benchmarks"),
        help="folder for the fold models (trained on first use)",
    )
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--mnist", type=int, default=20000, help="MNIST training images of each fold model")
    parser.add_argument("--per-digit", type=int, default=2, help="samples taught of each digit")
    parser.add_argument("--repeats", type=int, default=5, help="random choices of the taught samples per writer")
    parser.add_argument("--finetune", action="store_true", help="also fine-tune on each writer's samples")
    parser.add_argument("--only-folds", metavar="K,L", help="only these folds (1-based), e.g. 2,4")
    args = parser.parse_args()

    pen = load_pendigits()
    writer_of = writers(pen)
    mnist = load_mnist()
    mnist_x, mnist_y = mnist.x_test.astype(np.float32) / 255.0, mnist.y_test.astype(np.int64)
    print(
        f"{len(np.unique(writer_of))} writers in {args.folds} writer-disjoint folds; teach {args.per_digit} per "
        f"digit, {args.repeats} random choices per writer; fold models: {args.epochs} epochs, {args.mnist} MNIST\n"
    )
    print("| writer | digits read | before | after | error cut |\n| ---: | ---: | ---: | ---: | ---: |")
    rows, mnist_drops, tuned_rows = [], [], []
    chosen = {int(k) - 1 for k in args.only_folds.split(",")} if args.only_folds else None
    for fold, (held_out, model_path) in enumerate(fold_models(args, pen, writer_of)):
        if chosen is not None and fold not in chosen:
            continue
        recognizer = Recognizer(model_path)
        base = finetune_base(pen, writer_of, held_out, fold) if args.finetune else None
        mnist_before = np.mean(recognizer.probabilities(mnist_x).argmax(axis=1) == mnist_y)
        for writer in held_out:
            digits = [d for d, w in zip(pen, writer_of) if w == writer]
            images, labels = pen_images(digits, 1, seed=WRITER_SEED + writer)
            images = images.astype(np.float32) / 255.0
            rng = np.random.default_rng(writer)
            before, after = [], []
            for repeat in range(args.repeats):
                taught, rest = taught_split(labels, args.per_digit, rng)
                if repeat == 0 and base is not None:
                    tuned_rows.append((writer, *fine_tuned_accuracy(model_path, base, images, labels, taught, rest)))
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
    print(
        f"\nmean over {len(rows)} writers: before {before.mean():.2%}, after {after.mean():.2%}; "
        f"error {error_before:.2%} -> {error_after:.2%}, cut {1 - error_after / max(error_before, 1e-9):.0%} "
        f"(mean of per-writer cuts, writers with errors: "
        f"{np.mean([r[3] for r in rows if r[1] < 1]):.0%}); writers worse after: "
        f"{sum(a < b - 1e-9 for _, b, a, _ in rows)}"
    )
    if tuned_rows:
        print("\nFine-tuned on the first choice of taught samples (model alone; with the samples too); MNIST test:")
        print(
            "| writer | before | fine-tuned | fine-tuned + samples | MNIST before | MNIST after |\n"
            "| ---: | ---: | ---: | ---: | ---: | ---: |"
        )
        for writer, b, tuned, both, mnist_b, mnist_a in tuned_rows:
            print(f"| #{writer} | {b:.2%} | {tuned:.2%} | {both:.2%} | {mnist_b:.2%} | {mnist_a:.2%} |")
        columns = np.array([row[1:] for row in tuned_rows])
        b, tuned, both = columns[:, 0].mean(), columns[:, 1].mean(), columns[:, 2].mean()
        print(
            f"mean: before {b:.2%}, fine-tuned {tuned:.2%} (cut {1 - (1 - tuned) / (1 - b):.0%}), fine-tuned + "
            f"samples {both:.2%} (cut {1 - (1 - both) / (1 - b):.0%}); writers worse: "
            f"{int(np.sum(columns[:, 2] < columns[:, 0] - 1e-9))}; MNIST {columns[:, 3].mean():.2%} -> "
            f"{columns[:, 4].mean():.2%}"
        )
    print("\nMNIST test with one held-out writer's samples in the store (fold model of that writer):")
    print("| samples | writer | MNIST before | with samples | drop (points) |\n| ---: | ---: | ---: | ---: | ---: |")
    for size, writer, b, a in mnist_drops:
        print(f"| {size} | #{writer} | {b:.2%} | {a:.2%} | {100 * (b - a):.2f} |")


if __name__ == "__main__":
    main()
