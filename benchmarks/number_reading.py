"""Whole numbers: how many are read exactly right (Recognizer.read).

Numbers of 2-7 digits, each written by one pen writer the model never trained on (the
real-handwriting benchmark's writer-disjoint folds and their models, trained once and kept in
--models like benchmarks/personal.py's): one size with variation, one slant, a drifting and
bending baseline, varied gaps and some touching digits (digitpad.number_writing). Each is read
twice: drawn on the wide pad (the window's strokes), and rendered as ink on paper, a scan or
a photo at several resolutions. Numbers composed from MNIST test digits are read by the
bundled model, which never trained on them.

    python benchmarks/number_reading.py [--numbers 300] [--models DIR] [--seed 11]
    python benchmarks/number_reading.py --realworld DIR --tight   # 150 writers' folds, people's gaps

Per kind: exact numbers (the text, "?" counted wrong), exact best guesses (the top digit at
every place), digits right (1 - edit distance / length), and the wrong numbers split into
segmentation errors (digits missed, split or merged: the count or a box is wrong) and
recognition errors (every digit found, one read wrong or unsure). Then the time of a read.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

sys.path.append(str(Path(__file__).resolve().parent))  # for benchmarks/personal.py's folds
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from digitpad.data import load_mnist  # noqa: E402
from digitpad.drawing import Drawing  # noqa: E402
from digitpad.number_writing import NumberStyle, mnist_number, render_on_paper, write_number  # noqa: E402
from digitpad.pendigits import load_pendigits, writers  # noqa: E402
from digitpad.recognizer import Recognizer, load_recognizer  # noqa: E402
from personal import fold_models  # noqa: E402  (the same folds and models)

PAPER_RESOLUTIONS = (2, 4, 8)  # pixels per pad unit: a digit of 30 units is 60-240 pixels tall


# As people write (issue 20's measurements of unseen writers): median gap about 0.12 digit
# heights, a quarter under 0.05, some touching or overlapping.
TIGHT = NumberStyle(gap=(0.03, 0.3), p_touching=0.25, touching=(-0.1, 0.05))


def pen_numbers(digits, count: int, rng, style: NumberStyle = NumberStyle()) -> list:
    """(strokes, pen width, true boxes in pad units, text) of `count` numbers, one writer each."""
    by_writer: dict = {}
    for digit in digits:
        by_writer.setdefault(digit.writer, []).append(digit)
    names = sorted(by_writer, key=str)
    numbers = []
    for _ in range(count):
        own = by_writer[names[int(rng.integers(len(names)))]]
        chosen = [own[i] for i in rng.choice(len(own), int(rng.integers(2, 8)))]
        strokes, pen, boxes = write_number([d.strokes for d in chosen], rng, style)
        numbers.append((strokes, pen, boxes, "".join(d.label for d in chosen)))
    return numbers


def mnist_numbers(count: int, rng) -> list:
    """(image, text) of `count` numbers of MNIST test digits, half of them dark ink on light paper."""
    mnist = load_mnist()
    numbers = []
    for _ in range(count):
        picked = rng.integers(0, len(mnist.x_test), int(rng.integers(2, 8)))
        image = mnist_number([mnist.x_test[i] for i in picked], rng)
        numbers.append((255 - image if rng.random() < 0.5 else image, "".join(str(mnist.y_test[i]) for i in picked)))
    return numbers


def naive_reading(recognizer, source):
    """The simple approach a new user would try first, for comparison: the pieces (strokes, or
    connected components) merged wherever they overlap left to right, each group read as a digit."""
    from digitpad.reading import ReadDigit, Reading, layout_of
    from digitpad.preprocess import ink_to_mnist
    from digitpad.segmentation import Layout

    layout, to_input = layout_of(source)
    whole = {}  # uncut: the segmentation's cuts are part of what is compared against
    for piece in layout.pieces:
        whole.setdefault(piece.origin, []).append(piece)
    groups: list[list] = []
    for pieces in sorted(whole.values(), key=lambda ps: min(p.left for p in ps)):
        left, right = min(p.left for p in pieces), max(p.right for p in pieces)
        if groups and left < max(p.right for p in groups[-1]):
            groups[-1] += pieces
        else:
            groups.append(list(pieces))
    digits = []
    for group in groups:
        merged = Layout(tuple(group), layout.digit_height)
        prediction = recognizer.predict_image28(ink_to_mnist(merged.ink(0, len(group))))
        digits.append(ReadDigit(prediction, to_input(merged.box(0, len(group)))))
    return Reading(tuple(digits))


def edit_distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


class Tally:
    """What one kind of input scored."""

    def __init__(self):
        self.exact = self.guessed = self.segmentation = self.recognition = self.count = 0
        self.digits_right = self.digits = 0
        self.seconds: list[float] = []
        self.confidences: list[tuple[float, bool]] = []  # (the reading's confidence, exactly right)

    def add(self, reading, truth: str, true_boxes=None, seconds: float = 0.0) -> None:
        self.count += 1
        self.seconds.append(seconds)
        self.exact += reading.text == truth
        self.confidences.append((reading.confidence, reading.text == truth))
        self.guessed += reading.guess == truth
        self.digits += len(truth)
        self.digits_right += max(0, len(truth) - edit_distance(reading.guess, truth))
        if reading.text == truth:
            return
        if found_every_digit(reading, truth, true_boxes):
            self.recognition += 1
        else:
            self.segmentation += 1

    def row(self, name: str) -> str:
        n = max(self.count, 1)
        return (f"| {name} | {self.count} | **{self.exact / n:.1%}** | {self.guessed / n:.1%} | "
                f"{self.digits_right / max(self.digits, 1):.2%} | {self.segmentation} | {self.recognition} | "
                f"{1000 * float(np.median(self.seconds)):.1f} ms |")


def calibration(pairs) -> str:
    """How far a reading's confidence is from how often such readings are right: the expected
    calibration error over 10 bins, and the share right of readings given at 99 % or more."""
    confidence = np.array([c for c, _ in pairs])
    right = np.array([r for _, r in pairs], float)
    bins = np.minimum((confidence * 10).astype(int), 9)
    error = sum(abs(confidence[bins == b].mean() - right[bins == b].mean()) * np.mean(bins == b)
                for b in range(10) if np.any(bins == b))
    sure = confidence >= 0.99
    return (f"calibration error {error:.3f}; readings at >= 99 %: {sure.mean():.1%} of them, "
            f"{right[sure].mean() if sure.any() else float('nan'):.1%} right")


def found_every_digit(reading, truth: str, true_boxes) -> bool:
    """The right number of digits, each read box centred on its true digit's columns."""
    if len(reading.digits) != len(truth):
        return False
    if true_boxes is None:
        return True
    return all(box[0] <= (d.box[0] + d.box[2]) / 2 <= box[2] for d, box in zip(reading.digits, true_boxes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--numbers", type=int, default=300, help="numbers of each kind (pen ones over all folds)")
    parser.add_argument("--models", default=str(Path.home() / ".cache" / "digitpad-benchmarks"),
                        help="where the folds' models are kept (trained there when missing)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--mnist", type=int, default=20000, help="MNIST training images of each fold's model")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--realworld", metavar="DIR",
                        help="the 150 writers' folds and models saved by benchmarks/realworld.py --models DIR "
                             "(pendigits and UNIPEN writers), instead of the 30 pendigits writers' folds")
    parser.add_argument("--tight", action="store_true", help="gaps as people leave them: a quarter under 0.05 heights")
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    style = TIGHT if args.tight else NumberStyle()
    if args.realworld:
        from digitpad.datasets import writer_key
        from digitpad.unipen import load_unipen_digits

        pen = list(load_pendigits()) + list(load_unipen_digits())
        writer_of = [writer_key(d) for d in pen]
        folds = json.loads((Path(args.realworld) / "folds.json").read_text())
        models = [(held, Path(args.realworld) / f"{name}.onnx") for name, held in sorted(folds.items())]
    else:
        pen = load_pendigits()
        writer_of = writers(pen)
        models = fold_models(args, pen, writer_of)
    pad, paper, mnist = Tally(), Tally(), Tally()
    naive = {"pad": Tally(), "paper": Tally(), "mnist": Tally()}
    six_digit_times = []
    for held_out, model_path in models:
        recognizer = Recognizer(model_path)
        before = (pad.exact, paper.exact, pad.count)
        digits = [d for d, w in zip(pen, writer_of) if w in set(held_out)]
        for strokes, pen_width, boxes, truth in pen_numbers(digits, args.numbers // len(models), rng, style):
            drawing = Drawing(tuple(tuple(s) for s in strokes), pen_width)
            start = time.perf_counter()
            reading = recognizer.read(drawing)
            seconds = time.perf_counter() - start
            pad.add(reading, truth, boxes, seconds)
            naive["pad"].add(naive_reading(recognizer, drawing), truth, boxes)
            if len(truth) == 6:
                six_digit_times.append(seconds)
            scale = float(rng.choice(PAPER_RESOLUTIONS))
            image = render_on_paper(strokes, pen_width, rng, scale)
            start = time.perf_counter()
            reading = recognizer.read(image)
            paper.add(reading, truth, [tuple(v * scale for v in box) for box in boxes], time.perf_counter() - start)
            naive["paper"].add(naive_reading(recognizer, image), truth, [tuple(v * scale for v in box) for box in boxes])
        done_pad, done_paper = pad.exact - before[0], paper.exact - before[1]
        count = pad.count - before[2]
        print(f"{model_path.stem} ({len(held_out)} writers): {done_pad}/{count} numbers right on the pad, "
              f"{done_paper}/{count} on paper", flush=True)

    bundled = load_recognizer()
    for image, truth in mnist_numbers(args.numbers, rng):
        start = time.perf_counter()
        reading = bundled.read(image)
        mnist.add(reading, truth, None, time.perf_counter() - start)
        naive["mnist"].add(naive_reading(bundled, image), truth)

    print(f"\nNumbers of 2-7 digits, seed {args.seed}; pen writers never trained on (writer-disjoint folds)\n")
    print("| input | numbers | exactly right | best guess right | digits right | segmentation errors "
          "| recognition errors | median read |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(pad.row("pen writers on the wide pad"))
    print(paper.row("the same numbers on paper (scans, photos)"))
    print(mnist.row("MNIST test digits side by side"))
    total = Tally()
    for tally in (pad, paper, mnist):
        for name in ("exact", "guessed", "segmentation", "recognition", "count", "digits_right", "digits"):
            setattr(total, name, getattr(total, name) + getattr(tally, name))
        total.seconds += tally.seconds
        total.confidences += tally.confidences
    print(total.row("all"))
    for name, tally in (("pad", pad), ("paper", paper), ("MNIST", mnist), ("all", total)):
        print(f"- {name}: {calibration(tally.confidences)}")
    print("\nThe simple approach (pieces merged where they overlap, each group read as one digit), same numbers:\n")
    print("| input | exactly right | digits right |")
    print("| --- | ---: | ---: |")
    for name, tally in naive.items():
        print(f"| {name} | {tally.exact / max(tally.count, 1):.1%} | {tally.digits_right / max(tally.digits, 1):.2%} |")
    if six_digit_times:
        print(f"\n6-digit numbers on the pad: median {1000 * float(np.median(six_digit_times)):.1f} ms, "
              f"p95 {1000 * float(np.percentile(six_digit_times, 95)):.1f} ms a read ({len(six_digit_times)} numbers)")


if __name__ == "__main__":
    main()
