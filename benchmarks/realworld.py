"""Writers the model has never seen: writer-disjoint accuracy on all 150 real pen writers.

The 30 pendigits writers and the 120 UNIPEN writers are dealt into folds, site by site, so
that every fold holds whole writers of several UNIPEN sites and of pendigits (never digits of
one writer on both sides). For each fold the "MNIST + pen" recipe is trained on the other
writers (their digits, and their letters and symbols as "not a digit") with one generated
kind of mark left out, and tested on this fold's writers: their digits drawn twice through
the pad's path with a seed training never used, their letters and symbols, every generated
kind (the left-out one is the honest figure: the model never saw it), MNIST's test set and
small MNIST digits in large images. A shortened recipe (an MNIST subset, fewer epochs) keeps
five trainings within the hour; the bundled model saw every writer here, so it cannot be
judged on them.

    python benchmarks/realworld.py [--folds 5] [--epochs 6] [--mnist 20000] [--save outputs.npz] [--models DIR]
    python benchmarks/realworld.py --reuse DIR   # judge the fold models saved in DIR again, no training
    python benchmarks/realworld.py --only-fold 2 --epochs 17 --mnist 60000   # one fold, the bundled recipe

Prints overall, per class, per source, the top confusions and the worst writers; non-digits
per family and per character; selective accuracy (the share of errors the status
"uncertain" catches and of right answers it costs).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from digitpad.data.datasets import mnist_plus_pen, non_digit_images, pen_images, real_non_digit_images, writer_key
from digitpad.data.mnist import load_mnist
from digitpad.data.pendigits import load_pendigits
from digitpad.data.synth.nondigits import GENERATORS
from digitpad.data.unipen import load_not_digit_characters, load_unipen_digits
from digitpad.imaging.preprocess import preprocess
from digitpad.inference.evaluation import split_outputs
from digitpad.inference.prediction import Status, statuses
from digitpad.recognizer import Recognizer
from digitpad.training.runs import TrainConfig
from digitpad.training.train import train

TEST_DRAWINGS = 2  # each held-out digit drawn this many times
TEST_SEED = 424242  # a drawing stream no training set uses
LEFT_OUT = ("squiggle", "struck digit", "smiley", "cross", "arrow", "hatching", "tick")  # fold k leaves out LEFT_OUT[k]
MARKS_PER_KIND = 300


def recipe(epochs: int) -> TrainConfig:
    """The bundled model's recipe (README), shortened to `epochs`."""
    return TrainConfig(
        "digitpad-cnn",
        "adamw",
        {"learning_rate": 0.002},
        "cosine",
        epochs=epochs,
        batch_size=128,
        validation_split=0.0,
        augment=True,
        seed=1,
    )


def deal_folds(keys, count: int) -> list[set]:
    """Writers dealt round-robin after sorting by source and site, shuffled within each."""
    rng = np.random.default_rng(7)
    by_site = defaultdict(list)
    for key in sorted(set(keys)):
        by_site[key.split("/")[0]].append(key)
    order = [key for site in sorted(by_site) for key in rng.permutation(by_site[site])]
    return [set(order[i::count]) for i in range(count)]


def save_fold(folder: Path, fold: int, held: set, result) -> None:
    """The fold's model as a DigitPad model, and its held-out writers in folds.json."""
    folder.mkdir(parents=True, exist_ok=True)
    result.save(folder / f"fold-{fold + 1}")
    index = folder / "folds.json"
    folds = json.loads(index.read_text()) if index.is_file() else {}
    folds[f"fold-{fold + 1}"] = sorted(held)
    index.write_text(json.dumps(folds, indent=1))


class FoldModel:
    """A saved fold model (ONNX Runtime) answering like the Keras one while it trains."""

    def __init__(self, recognizer):
        self.recognizer = recognizer

    def predict(self, images: np.ndarray, **_) -> np.ndarray:
        return np.concatenate(
            [self.recognizer.outputs(images[i : i + 1024, ..., 0]) for i in range(0, len(images), 1024)]
        )


def outputs_of(model, images: np.ndarray) -> np.ndarray:
    return model.predict(images.astype(np.float32)[..., None] / 255.0, batch_size=1024, verbose=0)


def small_digits_in_large_images(mnist, count: int = 300) -> np.ndarray:
    rng = np.random.default_rng(TEST_SEED)
    small = []
    for digit in mnist.x_test[:count]:
        canvas = np.zeros((int(rng.integers(200, 800)),) * 2, np.uint8)
        y, x = rng.integers(0, canvas.shape[0] - 28, 2)
        canvas[y : y + 28, x : x + 28] = digit
        small.append(np.round(preprocess(255 - canvas) * 255).astype(np.uint8))
    return np.stack(small)


def refused_share(outputs: np.ndarray) -> np.ndarray:
    digits, not_a_digit = split_outputs(outputs, 10)
    return statuses(digits, not_a_digit) == Status.NOT_A_DIGIT


def not_a_digit_of(outputs: np.ndarray) -> np.ndarray:
    return split_outputs(outputs, 10)[1]


def report_digits(outputs: np.ndarray, labels: np.ndarray, writer: np.ndarray) -> None:
    digits, not_a_digit = split_outputs(outputs, 10)
    predicted = digits.argmax(axis=1)
    right = predicted == labels
    status = statuses(digits, not_a_digit)
    print(
        f"\nheld-out writers' digits: {right.mean():.2%} of {len(labels)} drawings; "
        f'refused as "not a digit": {np.mean(status == Status.NOT_A_DIGIT):.2%} ({np.sum(status == Status.NOT_A_DIGIT)})'
    )
    sources = np.array([w.split("/")[0] for w in writer])
    print(
        "  per source: "
        + ", ".join(
            f"{s} {right[sources == s].mean():.2%} ({np.sum(sources == s)})"
            for s in sorted(set(sources), key=lambda s: -np.sum(sources == s))
        )
    )
    per_writer = sorted((right[writer == w].mean(), w) for w in np.unique(writer))
    print("  weakest writers: " + ", ".join(f"{w} {accuracy:.1%}" for accuracy, w in per_writer[:6]))
    print("  | digit | " + " | ".join(str(d) for d in range(10)) + " |")
    print("  | --- |" + " ---: |" * 10)
    print("  | accuracy | " + " | ".join(f"{right[labels == d].mean():.1%}" for d in range(10)) + " |")
    pairs = [(int(np.sum((labels == t) & (predicted == p))), t, p) for t in range(10) for p in range(10) if t != p]
    print(
        "  most frequent confusions (true->read: count): "
        + ", ".join(f"{t}->{p}: {n}" for n, t, p in sorted(pairs, reverse=True)[:8] if n)
    )
    wrong, flagged = ~right, status != Status.DIGIT
    print(
        f'  selective accuracy: "uncertain" or refused catches {np.mean(flagged[wrong]):.1%} of the '
        f"{wrong.sum()} errors and flags {np.mean(flagged[right]):.2%} of the right answers; "
        f"errors given at > 90 %: {np.mean(digits[wrong].max(axis=1) > 0.9):.1%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--mnist", type=int, default=20000, help="MNIST training images used by each recipe")
    parser.add_argument("--only-fold", type=int, metavar="K", help="train and test fold K alone")
    parser.add_argument("--save", metavar="NPZ", help="also save the held-out digits' outputs, labels and writers")
    parser.add_argument(
        "--models",
        metavar="DIR",
        help="also save each fold's model there, with folds.json naming "
        "its held-out writers (benchmarks/number_reading.py reuses them)",
    )
    parser.add_argument(
        "--reuse",
        metavar="DIR",
        help="judge the fold models an earlier --models DIR run saved, "
        "without training (after a change of the statuses' rules)",
    )
    args = parser.parse_args()

    pen = list(load_pendigits()) + list(load_unipen_digits())
    characters = load_not_digit_characters()
    pen_writer = np.array([writer_key(d) for d in pen])
    char_writer = np.array([c.writer for c in characters])
    folds = deal_folds(pen_writer, args.folds)
    runs = [args.only_fold - 1] if args.only_fold else list(range(args.folds))
    full = load_mnist()
    pick = np.random.default_rng(1).permutation(len(full.x_train))[: args.mnist]
    mnist = dataclasses.replace(full, x_train=full.x_train[pick], y_train=full.y_train[pick])
    print(
        f"{len(pen)} pen digits of {len(set(pen_writer))} writers (pendigits 30, UNIPEN "
        f"{len(set(pen_writer)) - 30}) in {args.folds} writer-disjoint folds; {len(characters)} letters and symbols; "
        f"digitpad-cnn, {args.epochs} epochs, {args.mnist} MNIST images"
    )

    marks = {
        kind: non_digit_images(MARKS_PER_KIND, TEST_SEED, [k for k in GENERATORS if k != kind]) for kind in GENERATORS
    }
    small = small_digits_in_large_images(full)
    digit_out, digit_label, digit_writer = [], [], []
    char_refused, char_label, char_probability = [], [], []
    mark_refused, left_out_refused, mnist_right, mnist_refused, small_refused = defaultdict(list), [], [], [], []
    for f in runs:
        start = time.monotonic()
        held = folds[f]
        left_out = LEFT_OUT[f % len(LEFT_OUT)]
        if args.reuse:  # the fold's model saved by an earlier run: only the judging is done again
            recognizer = Recognizer(Path(args.reuse) / f"fold-{f + 1}.onnx")
            model = FoldModel(recognizer)
        else:
            train_pen = [d for d, w in zip(pen, pen_writer) if w not in held]
            train_chars = [c for c, w in zip(characters, char_writer) if w not in held]
            data = mnist_plus_pen(train_pen, mnist=mnist, seed=f, real_non_digits=train_chars, leave_out=[left_out])
            result = train(recipe(args.epochs), data)
            model = result.model
            if args.models:
                save_fold(Path(args.models), f, held, result)

        test_pen = [d for d, w in zip(pen, pen_writer) if w in held]
        x, y = pen_images(test_pen, TEST_DRAWINGS, seed=TEST_SEED + f)
        out = outputs_of(model, x)
        digit_out.append(out)
        digit_label.append(y)
        digit_writer.append(np.tile([writer_key(d) for d in test_pen], TEST_DRAWINGS))
        test_chars = [c for c, w in zip(characters, char_writer) if w in held]
        images, labels = real_non_digit_images(test_chars, len(test_chars), TEST_SEED + f)
        char_out = outputs_of(model, images)
        char_refused.append(refused_share(char_out))
        char_label.append(np.array(labels))
        char_probability.append(not_a_digit_of(char_out))
        for kind, images in marks.items():
            mark_refused[kind].append(refused_share(outputs_of(model, images)).mean())
        left_out_refused.append((left_out, mark_refused[left_out][-1]))
        mnist_out = outputs_of(model, full.x_test)
        mnist_right.append(split_outputs(mnist_out, 10)[0].argmax(axis=1) == full.y_test)
        mnist_refused.append(refused_share(mnist_out).mean())
        small_refused.append(refused_share(outputs_of(model, small)).mean())
        accuracy = np.mean(out[:, :10].argmax(axis=1) == y)
        print(
            f"fold {f + 1}: {len(held)} writers held out, {left_out!r} left out; {accuracy:.2%} of their digits, "
            f"{char_refused[-1].mean():.1%} of their letters and symbols refused, {left_out} "
            f"{mark_refused[left_out][-1]:.1%} refused, MNIST test {mnist_right[-1].mean():.2%}, "
            f"{time.monotonic() - start:.0f} s",
            flush=True,
        )

    report_digits(np.concatenate(digit_out), np.concatenate(digit_label), np.concatenate(digit_writer))
    if args.save:  # to study the statuses' thresholds without training again
        np.savez_compressed(
            args.save,
            outputs=np.concatenate(digit_out),
            labels=np.concatenate(digit_label),
            writers=np.concatenate(digit_writer),
            characters=np.concatenate(char_label),
            character_not_a_digit=np.concatenate(char_probability),
        )
    refused, labels = np.concatenate(char_refused), np.concatenate(char_label)
    letters = np.char.isalpha(labels)
    print(
        f"\nheld-out writers' letters refused: {refused[letters].mean():.1%} of {letters.sum()}; "
        f"symbols: {refused[~letters].mean():.1%} of {(~letters).sum()}"
    )
    per_char = sorted((refused[labels == c].mean(), c) for c in np.unique(labels))
    print("  least refused: " + ", ".join(f"{str(c)!r} {share:.0%}" for share, c in per_char[:12]))
    print("\n| generated marks | refused (mean of folds) |\n| --- | ---: |")
    for kind, shares in mark_refused.items():
        print(f"| {kind} | {np.mean(shares):.1%} |")
    print(
        "left-out kind, by the fold that never saw it: "
        + ", ".join(f"{kind} {share:.1%}" for kind, share in left_out_refused)
    )
    print()
    print(
        f"MNIST test: {np.mean(np.concatenate(mnist_right)):.2%} (mean of folds), refused "
        f"{np.mean(mnist_refused):.2%}; small MNIST digits in large images refused {np.mean(small_refused):.2%}"
    )


if __name__ == "__main__":
    main()
