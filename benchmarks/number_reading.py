"""Whole numbers: how many are read exactly right (Recognizer.read).

Numbers of 2-7 digits, each written by one pen writer the model never trained on (the
real-handwriting benchmark's writer-disjoint folds and their models, trained once and kept in
--models like benchmarks/personal.py's): one size with variation, one slant, a drifting and
bending baseline, varied gaps and some touching digits (digitpad.data.synth.number_writing). Each is read
twice: drawn on the wide pad (the window's strokes), and rendered as ink on paper, a scan or
a photo at several resolutions. Numbers composed from MNIST test digits are read by the
bundled model, which never trained on them.

    python benchmarks/number_reading.py [--numbers 300] [--models DIR] [--seed 11]
    python benchmarks/number_reading.py --realworld DIR --tight [--engines] [--only-folds fold-1 fold-2]

With --realworld (the 150 writers' folds, and each fold's sequence model where DIR has one),
it also reads each number as a screenshot of the pad, prices/dates/times/phone numbers with
the writers' own separators and amounts on forms (digitpad.data.synth.forms); prints exactness by gap
and by length, the paths alone and the sequence model alone beside the reading, and with
--engines RapidOCR and Tesseract on the same images (benchmarks/ocr_engines.py).

Per kind: exact numbers (the text, "?" counted wrong), exact best guesses (the top digit at
every place), digits right (1 - edit distance / length), and the wrong numbers split into
segmentation errors (digits missed, split or merged: the count or a box is wrong) and
recognition errors (every digit found, one read wrong or unsure). Then the time of a read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.append(str(Path(__file__).resolve().parent))  # for benchmarks/personal.py's folds
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from personal import fold_models
from PIL import Image
from separators import FORMATS, compose

from digitpad.data.mnist import load_mnist
from digitpad.data.pendigits import load_pendigits, writers
from digitpad.data.synth.forms import PAPERS, amount_pattern, render_amount, write_amount
from digitpad.data.synth.number_writing import (
    PAD_HEIGHT,
    PEOPLES_GAPS,
    NumberStyle,
    mnist_number,
    pad_width,
    render_on_paper,
    write_number,
    write_separated,
    writers_own_places,
)
from digitpad.data.unipen import SYMBOLS_FILE, load_unipen
from digitpad.imaging.drawing import Drawing
from digitpad.imaging.preprocess import rasterize_strokes
from digitpad.reading.reader import layout_of
from digitpad.reading.sequence_model import column_probabilities, greedy_text, line_strip, text_log_probability
from digitpad.recognizer import Recognizer, load_recognizer

PAPER_RESOLUTIONS = (2, 4, 8)  # pixels per pad unit: a digit of 30 units is 60-240 pixels tall


TIGHT = PEOPLES_GAPS


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
    from digitpad.imaging.preprocess import ink_to_mnist
    from digitpad.reading.reader import layout_of
    from digitpad.reading.result import ReadDigit, Reading
    from digitpad.reading.segmentation import Layout

    layout, to_input = layout_of(source)
    whole = {}  # uncut: the segmentation's cuts are part of what is compared against
    for piece in layout.pieces:
        whole.setdefault(piece.origin, []).append(piece)
    groups: list[list] = []
    for pieces in sorted(whole.values(), key=lambda ps: min(p.left for p in ps)):
        left = min(p.left for p in pieces)
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

    @property
    def shares(self) -> str:
        """Table cells: exactly right, and digits right."""
        return f"{self.exact / max(self.count, 1):.1%} | {self.digits_right / max(self.digits, 1):.2%}"

    def row(self, name: str) -> str:
        n = max(self.count, 1)
        return (
            f"| {name} | {self.count} | **{self.exact / n:.1%}** | {self.guessed / n:.1%} | "
            f"{self.digits_right / max(self.digits, 1):.2%} | {self.segmentation} | {self.recognition} | "
            f"{1000 * float(np.median(self.seconds)):.1f} ms | {1000 * float(np.percentile(self.seconds, 95)):.1f} ms |"
        )


def calibration(pairs) -> str:
    """How far a reading's confidence is from how often such readings are right: the expected
    calibration error over 10 bins, and the share right of readings given at 99 % or more."""
    confidence = np.array([c for c, _ in pairs])
    right = np.array([r for _, r in pairs], float)
    bins = np.minimum((confidence * 10).astype(int), 9)
    error = sum(
        abs(confidence[bins == b].mean() - right[bins == b].mean()) * np.mean(bins == b)
        for b in range(10)
        if np.any(bins == b)
    )
    sure = confidence >= 0.99
    return (
        f"calibration error {error:.3f}; readings at >= 99 %: {sure.mean():.1%} of them, "
        f"{right[sure].mean() if sure.any() else float('nan'):.1%} right"
    )


def found_every_digit(reading, truth: str, true_boxes) -> bool:
    """The right number of digits, each read box centred on its true digit's columns."""
    if len(reading.digits) != len(truth):
        return False
    if true_boxes is None:
        return True
    return all(box[0] <= (d.box[0] + d.box[2]) / 2 <= box[2] for d, box in zip(reading.digits, true_boxes))


GAP_BUCKETS = (
    (-np.inf, 0.0, "touching or overlapping"),
    (0.0, 0.05, "0-0.05"),
    (0.05, 0.15, "0.05-0.15"),
    (0.15, 0.3, "0.15-0.3"),
    (0.3, np.inf, "0.3 and over"),
)


def tightest_gap(boxes, pen: float) -> float:
    """The smallest space between two neighbouring digits' ink, in digit heights."""
    height = float(np.median([b[3] - b[1] for b in boxes]))
    return min((b[0] - a[2] - pen) / height for a, b in zip(boxes, boxes[1:]))


def gap_bucket(gap: float) -> str:
    return next(name for low, high, name in GAP_BUCKETS if low <= gap < high)


def pad_screenshot(strokes, pen_width: float, rng) -> Image.Image:
    """The wide pad as a screenshot shows it: dark ink on white (or light on dark in dark mode),
    at 1x or 2x (HiDPI), antialiased, saved as PNG."""
    scale = int(rng.choice([1, 2]))
    ink = rasterize_strokes(strokes, (int(pad_width(strokes)), PAD_HEIGHT), pen_width, scale)
    light = rng.random() < 0.7
    grey = (255 - ink * 255) if light else (40 + ink * 200)
    return Image.fromarray(grey.astype(np.uint8), "L").convert("RGB")


class Kinds:
    """Tallies by name, kept in the order first used."""

    def __init__(self):
        self.tallies: dict[str, Tally] = {}

    def __getitem__(self, name: str) -> Tally:
        return self.tallies.setdefault(name, Tally())


@dataclass(frozen=True)
class TextOnly:
    """A text read without digits found one by one (the sequence model alone)."""

    text: str
    confidence: float

    @property
    def guess(self) -> str:
        return self.text

    @property
    def digits(self):
        return [None] * sum(c.isdigit() for c in self.text)


@dataclass(frozen=True)
class DigitsOf:
    """A reading compared by its digits alone (an amount's separators and trailing marks aside)."""

    reading: object

    @property
    def text(self) -> str:
        return "".join(c for c in self.reading.text if c.isdigit() or c == "?")

    @property
    def guess(self) -> str:
        return "".join(c for c in self.reading.guess if c.isdigit() or c == "?")

    @property
    def confidence(self) -> float:
        return self.reading.confidence

    @property
    def digits(self):
        return self.reading.digits


def unipen_symbols():
    by_writer: dict = {}
    for symbol in load_unipen(SYMBOLS_FILE):
        by_writer.setdefault(symbol.writer, {}).setdefault(symbol.label, []).append(symbol)
    return by_writer


def separated_numbers(digits, symbols: dict, count: int, rng, patterns) -> list:
    """(parts, truth) of `count` numbers of `patterns` ("dd.dd", or a callable rng -> pattern),
    each of one UNIPEN writer's own digits and separators (writers with all that is needed)."""
    by_writer: dict = {}
    for digit in digits:
        by_writer.setdefault(digit.writer, []).append(digit)
    numbers = []
    for index in range(count):
        pattern = patterns[index % len(patterns)]
        pattern = pattern(rng) if callable(pattern) else pattern
        needed = set(pattern) - {"d"}
        writers = [
            w
            for w in sorted(by_writer, key=str)
            if len(by_writer[w]) >= 10 and all(symbols.get(w, {}).get(c) for c in needed)
        ]
        if not writers:
            continue
        writer = writers[int(rng.integers(len(writers)))]
        parts = compose(pattern, by_writer[writer], symbols.get(writer, {}), rng)
        numbers.append((parts, "".join(character for character, _ in parts)))
    return numbers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--numbers", type=int, default=300, help="numbers of each kind (pen ones over all folds)")
    parser.add_argument(
        "--models",
        default=str(Path.home() / ".cache" / "digitpad-benchmarks"),
        help="where the folds' models are kept (trained there when missing)",
    )
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--mnist", type=int, default=20000, help="MNIST training images of each fold's model")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--realworld",
        metavar="DIR",
        help="the 150 writers' folds and models saved by benchmarks/realworld.py --models DIR "
        "(pendigits and UNIPEN writers), instead of the 30 pendigits writers' folds; "
        "a fold's wholeness network DIR/<fold>-wholeness.onnx is used when there",
    )
    parser.add_argument("--tight", action="store_true", help="gaps as people leave them: a quarter under 0.05 heights")
    parser.add_argument(
        "--engines",
        action="store_true",
        help="also read every image with RapidOCR and Tesseract (benchmarks/ocr_engines.py), where installed",
    )
    parser.add_argument("--confidences", metavar="JSON", help="save each reading's kind, confidence and rightness")
    parser.add_argument("--only-folds", nargs="*", help="read only these folds (names in folds.json)")
    parser.add_argument(
        "--shipped-wholeness",
        action="store_true",
        help="read with the shipped wholeness network even where a fold has its own (to compare)",
    )
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    style = TIGHT if args.tight else NumberStyle()
    if args.realworld:
        from digitpad.data.datasets import writer_key
        from digitpad.data.unipen import load_unipen_digits

        pen = list(load_pendigits()) + list(load_unipen_digits())
        writer_of = [writer_key(d) for d in pen]
        folds = json.loads((Path(args.realworld) / "folds.json").read_text())
        models = [
            (held, Path(args.realworld) / f"{name}.onnx")
            for name, held in sorted(folds.items())
            if not args.only_folds or name in args.only_folds
        ]
    else:
        pen = load_pendigits()
        writer_of = writers(pen)
        models = fold_models(args, pen, writer_of)
    symbols = unipen_symbols()
    engines = {}
    if args.engines:
        from ocr_engines import DIGITS, ENGINES

        engines = {name: (make(DIGITS), make(DIGITS + ".,-/:")) for name, make in ENGINES.items()}
        engines = {name: pair for name, pair in engines.items() if pair[0] is not None}
    kinds, naive, engine_kinds, side_by_side = Kinds(), Kinds(), Kinds(), Kinds()
    by_gap = {where: Kinds() for where in ("pad", "paper")}
    by_count = {where: Kinds() for where in ("pad", "paper")}
    seven_digit_times = []

    def read(tally_name, recognizer, source, truth, boxes=None, compare=lambda r: r):
        start = time.perf_counter()
        reading = recognizer.read(source)
        seconds = time.perf_counter() - start
        kinds[tally_name].add(compare(reading), truth, boxes, seconds)
        return reading, seconds

    def read_by_engines(kind, image, truth, with_separators=False, compare=lambda text: text):
        for name, (digits_engine, separators_engine) in engines.items():
            text = compare((separators_engine if with_separators else digits_engine)(image))
            engine_kinds[f"{kind} | {name}"].add(TextOnly(text, 0.0), truth)

    def compare_sequence(kind, recognizer, source, truth, compare=lambda r: r):
        """On folds with a sequence model: the reading without it, and the model's text alone."""
        if recognizer.sequence_path is False:
            return
        with_it = recognizer.sequence_path
        recognizer.sequence_path = False
        start = time.perf_counter()
        reading = recognizer.read(source)
        side_by_side[f"{kind} | paths alone (no sequence model)"].add(
            compare(reading), truth, seconds=time.perf_counter() - start
        )
        recognizer.sequence_path = with_it
        start = time.perf_counter()
        layout, _ = layout_of(source)
        probabilities = column_probabilities(line_strip(layout)[0], recognizer.reading_aids()[1])
        text = greedy_text(probabilities)
        side_by_side[f"{kind} | sequence model alone (CTC, greedy)"].add(
            compare(TextOnly(text, float(np.exp(text_log_probability(probabilities, text))))),
            truth,
            seconds=time.perf_counter() - start,
        )
        start = time.perf_counter()
        reading = recognizer.read(source)
        side_by_side[f"{kind} | both: the sequence model's word in the path search"].add(
            compare(reading), truth, seconds=time.perf_counter() - start
        )

    for fold_index, (held_out, model_path) in enumerate(models):
        recognizer = Recognizer(model_path)
        wholeness = model_path.with_name(f"{model_path.stem}-wholeness.onnx")
        if wholeness.is_file() and not args.shipped_wholeness:
            recognizer.wholeness_path = wholeness
        # The shipped sequence model learnt from every bundled writer: a fold reads with its own or none.
        sequence = model_path.with_name(f"{model_path.stem}-sequence.onnx")
        recognizer.sequence_path = sequence if sequence.is_file() else False
        before = {name: (t.exact, t.count) for name, t in kinds.tallies.items()}
        digits = [d for d, w in zip(pen, writer_of) if w in set(held_out)]
        per_fold = args.numbers // len(models)
        for strokes, pen_width, boxes, truth in pen_numbers(digits, per_fold, rng, style):
            drawing = Drawing(tuple(tuple(s) for s in strokes), pen_width)
            gap, count = gap_bucket(tightest_gap(boxes, pen_width)), f"{len(truth)} digits"
            reading, seconds = read(PAD, recognizer, drawing, truth, boxes)
            compare_sequence(PAD, recognizer, drawing, truth)
            by_gap["pad"][gap].add(reading, truth, boxes, seconds)
            by_count["pad"][count].add(reading, truth, boxes, seconds)
            naive["pad"].add(naive_reading(recognizer, drawing), truth, boxes)
            if len(truth) == 7:  # the budget's length (issue 20: <= 20 ms median)
                seven_digit_times.append(seconds)
            screenshot = pad_screenshot(strokes, pen_width, rng)
            read(SCREENSHOT, recognizer, screenshot, truth)
            read_by_engines(SCREENSHOT, screenshot, truth)
            scale = float(rng.choice(PAPER_RESOLUTIONS))
            image = render_on_paper(strokes, pen_width, rng, scale)
            paper_boxes = [tuple(v * scale for v in box) for box in boxes]
            reading, seconds = read(PAPER, recognizer, image, truth, paper_boxes)
            compare_sequence(PAPER, recognizer, image, truth)
            by_gap["paper"][gap].add(reading, truth, paper_boxes, seconds)
            by_count["paper"][count].add(reading, truth, paper_boxes, seconds)
            naive["paper"].add(naive_reading(recognizer, image), truth, paper_boxes)
            read_by_engines(PAPER, image, truth)
        for parts, truth in separated_numbers(digits, symbols, per_fold, rng, list(FORMATS.values())):
            strokes, pen_width = write_separated(parts, rng, style)
            read(SEPARATED_PAD, recognizer, Drawing(tuple(tuple(s) for s in strokes), pen_width), truth)
            image = render_on_paper(strokes, pen_width, rng, float(rng.choice(PAPER_RESOLUTIONS)))
            read(SEPARATED_PAPER, recognizer, image, truth)
            compare_sequence(SEPARATED_PAPER, recognizer, image, truth)
            read_by_engines(SEPARATED_PAPER, image, truth, with_separators=True)
        # Separators at their writers' own sizes (UNIPEN writers' commas are twice the generator's;
        # the sequence model trains on half of its separated numbers so, of other writers),
        # numbers of their own so that the rows above stay the same numbers.
        own_rng = np.random.default_rng([args.seed, fold_index])
        for parts, truth in separated_numbers(digits, symbols, per_fold, own_rng, list(FORMATS.values())):
            strokes, pen_width = write_separated(parts, own_rng, style, writers_own_places(parts))
            read(OWN_SIZES_PAD, recognizer, Drawing(tuple(tuple(s) for s in strokes), pen_width), truth)
            image = render_on_paper(strokes, pen_width, own_rng, float(own_rng.choice(PAPER_RESOLUTIONS)))
            read(OWN_SIZES_PAPER, recognizer, image, truth)
        for index, (parts, truth) in enumerate(separated_numbers(digits, symbols, per_fold, rng, [amount_pattern])):
            strokes, pen_width = write_amount(parts, rng, style, underline=rng.random() < 0.3)
            image = render_amount(
                strokes, pen_width, rng, float(rng.choice(PAPER_RESOLUTIONS)), PAPERS[index % len(PAPERS)]
            )
            only_digits = "".join(c for c in truth if c.isdigit())
            read(FORMS, recognizer, image, only_digits, compare=DigitsOf)
            compare_sequence(FORMS, recognizer, image, only_digits, compare=DigitsOf)
            read_by_engines(FORMS, image, only_digits, compare=lambda text: "".join(c for c in text if c.isdigit()))
        print(
            f"{model_path.stem} ({len(held_out)} writers"
            + (", its own wholeness network" if recognizer.wholeness_path else "")
            + (", its own sequence model" if sequence.is_file() else "")
            + "): "
            + ", ".join(
                f"{name} {t.exact - before.get(name, (0, 0))[0]}/{t.count - before.get(name, (0, 0))[1]}"
                for name, t in kinds.tallies.items()
            ),
            flush=True,
        )

    bundled = load_recognizer()
    for image, truth in mnist_numbers(args.numbers, rng):
        read(MNIST_NUMBERS, bundled, image, truth)
        naive["mnist"].add(naive_reading(bundled, image), truth)
        read_by_engines(MNIST_NUMBERS, Image.fromarray(image), truth)

    if args.confidences:
        Path(args.confidences).write_text(
            json.dumps({name: tally.confidences for name, tally in kinds.tallies.items()})
        )
    print(
        f"\nNumbers of 2-7 digits, seed {args.seed}; pen writers never trained on (writer-disjoint folds)"
        + ("; gaps as people leave them" if args.tight else "")
        + "\n"
    )
    print(
        "| input | numbers | exactly right | best guess right | digits right | segmentation errors "
        "| recognition errors | median read | p95 read |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, tally in kinds.tallies.items():
        print(tally.row(name))
    for name, tally in kinds.tallies.items():
        print(f"- {name}: {calibration(tally.confidences)}")
    everything = [pair for tally in kinds.tallies.values() for pair in tally.confidences]
    print(f"- all: {calibration(everything)}")
    for title, split in (
        ("gap between the two closest digits (digit heights)", by_gap),
        ("digits in the number", by_count),
    ):
        print(f"\nExactly right by the {title}:\n")
        bucket_order = [name for _, _, name in GAP_BUCKETS]
        names = sorted(
            {name for kinds_ in split.values() for name in kinds_.tallies},
            key=lambda n: bucket_order.index(n) if n in bucket_order else n,
        )
        print("| " + " | ".join(["where"] + names) + " |")
        print("| --- |" + " ---: |" * len(names))
        for where, kinds_ in split.items():
            cells = [f"{kinds_[n].exact / max(kinds_[n].count, 1):.1%} of {kinds_[n].count}" for n in names]
            print("| " + " | ".join([where] + cells) + " |")
    print("\nThe simple approach (pieces merged where they overlap, each group read as one digit), same numbers:\n")
    print("| input | exactly right | digits right |")
    print("| --- | ---: | ---: |")
    for name, tally in naive.tallies.items():
        print(f"| {name} | {tally.shares} |")
    if side_by_side.tallies:
        print("\nSide by side on the folds that have a sequence model of their own (writer-disjoint):\n")
        print("| input | reader | numbers | exactly right | digits right | median read |")
        print("| --- | --- | ---: | ---: | ---: | ---: |")
        for name, tally in side_by_side.tallies.items():
            print(f"| {name} | {tally.count} | {tally.shares} | {1000 * float(np.median(tally.seconds)):.1f} ms |")
    if engine_kinds.tallies:
        print("\nOCR engines on the same images (digits only; with separators for prices, dates, times):\n")
        print("| input | engine | exactly right | digits right |")
        print("| --- | --- | ---: | ---: |")
        for name, tally in engine_kinds.tallies.items():
            print(f"| {name} | {tally.shares} |")
    if seven_digit_times:
        print(
            f"\n7-digit numbers on the pad: median {1000 * float(np.median(seven_digit_times)):.1f} ms, "
            f"p95 {1000 * float(np.percentile(seven_digit_times, 95)):.1f} ms a read ({len(seven_digit_times)} numbers)"
        )


PAD = "pen writers on the wide pad"
SCREENSHOT = "the same, a screenshot of the pad"
PAPER = "the same on paper (scans, photos)"
SEPARATED_PAD = "prices, dates, times, phones on the pad"
SEPARATED_PAPER = "prices, dates, times, phones on paper"
OWN_SIZES_PAD = "the same, separators at their writers' own sizes, on the pad"
OWN_SIZES_PAPER = "the same, separators at their writers' own sizes, on paper"
FORMS = "amounts on forms (digits compared)"
MNIST_NUMBERS = "MNIST test digits side by side"


if __name__ == "__main__":
    main()
