"""Preprocessing + prediction latency: one 56x56 drawing (alone, and with 200 of the user's
samples to compare with), one large photo file, and a 7-digit number on the wide pad.

    python benchmarks/latency.py [--runs 500]

Prints median and 95th percentile in milliseconds. Targets (DESIGN.md, issue 20): drawing median
<= 1 ms, p95 <= 3 ms; a 7-digit number on the pad median <= 20 ms.
"""

from __future__ import annotations

import argparse
import io
import itertools
import time

import numpy as np
from PIL import Image, ImageDraw

from digitpad import load_recognizer
from digitpad.data.datasets import pen_images, writer_key
from digitpad.data.pendigits import load_pendigits
from digitpad.data.synth.number_writing import PEOPLES_GAPS, write_number
from digitpad.data.unipen import load_unipen_digits
from digitpad.imaging.drawing import Drawing
from digitpad.imaging.preprocess import preprocess_strokes

# A "4" as the pad records it: strokes of points in 56x56 canvas coordinates.
FOUR = [[(34, 6), (14, 34), (44, 34)], [(34, 6), (34, 30), (34, 50)]]


def photo_jpeg(width=4000, height=3000) -> bytes:
    """A 12-megapixel phone photo of a digit on paper."""
    page = Image.new("L", (width, height), 200)
    draw = ImageDraw.Draw(page)
    for stroke in FOUR:
        points = [(1500 + x * 20, 900 + y * 20) for x, y in stroke]
        draw.line(points, fill=40, width=60, joint="curve")
    buffer = io.BytesIO()
    page.convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def seven_digit_numbers(count: int = 60, seed: int = 5) -> list[Drawing]:
    """Numbers of 7 digits as the wide pad records them, each of one pen writer's own digits
    (pendigits and UNIPEN), laid out with the gaps people leave."""
    rng = np.random.default_rng(seed)
    by_writer: dict = {}
    for digit in list(load_pendigits()) + list(load_unipen_digits()):
        by_writer.setdefault(writer_key(digit), []).append(digit)
    writers = sorted(by_writer, key=str)
    drawings = []
    for _ in range(count):
        own = by_writer[writers[int(rng.integers(len(writers)))]]
        strokes, pen_width, _ = write_number([own[i].strokes for i in rng.choice(len(own), 7)], rng, PEOPLES_GAPS)
        drawings.append(Drawing(tuple(tuple(stroke) for stroke in strokes), pen_width))
    return drawings


def measure(function, runs: int) -> tuple[float, float]:
    function()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return float(np.median(times) * 1000), float(np.percentile(times, 95) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=500)
    args = parser.parse_args()
    recognizer = load_recognizer()
    personal = load_recognizer()
    taught, labels = pen_images(load_pendigits()[:200], 1, seed=3)  # 200 samples of a few writers
    personal.use_personal_samples(taught.astype(np.float32) / 255.0, labels)
    photo = photo_jpeg()
    numbers = itertools.cycle(seven_digit_numbers())

    def drawing(reader=recognizer):
        return reader.predict_image28(preprocess_strokes(FOUR, (56, 56), pen_width=4))

    rows = {
        "56x56 drawing: preprocess + predict": lambda: drawing(),
        "56x56 drawing, 200 personal samples: preprocess + predict": lambda: drawing(personal),
        "56x56 drawing: preprocess only": lambda: preprocess_strokes(FOUR, (56, 56), pen_width=4),
        "model only (one 28x28 image)": lambda: recognizer.probabilities(np.zeros((1, 28, 28), np.float32)),
        "12 MP JPEG photo (in memory): decode + preprocess + predict": lambda: recognizer.predict(photo),
        "7-digit number on the wide pad (60 pen writers' numbers in turn): read": lambda: recognizer.read(
            next(numbers)
        ),
    }
    print(f"check: drawing read as {drawing().label}, photo as {recognizer.predict(photo).label}\n")
    print("| what | median ms | p95 ms |\n| --- | ---: | ---: |")
    for name, function in rows.items():
        runs = max(10, args.runs // 20) if "photo" in name else 180 if "7-digit" in name else args.runs
        median, p95 = measure(function, runs)
        print(f"| {name} | {median:.3f} | {p95:.3f} |", flush=True)


if __name__ == "__main__":
    main()
