"""Both sides of "not a digit": marks that must be refused, digits that must not be.

Refused (target >= 95 %): every kind of mark of `digitpad.data.synth.nondigits` (dots, dashes that are
not upright, scribbles, blobs, squiggles, ticks, crosses, arrows, smileys, hatching, struck
digits) at many sizes, angles and pen widths, with a seed training never used, drawn on the
pad and also saved as image files (random size, polarity, blur and JPEG) and opened like a
user's file. The bundled model trained on these generators: these figures say how well it
learned them, not how it meets marks it never saw. That honest figure (each kind left out of
one fold's training, and real letters and symbols of held-out writers) is in
benchmarks/realworld.py.
Kept (target: at most 0.3 % refused): the 10,000 MNIST test digits; synthetic drawings of
every template style (`digitpad.data.synth.templates`); plain upright strokes (a 1) of every length and
pen width (longer than 1.5 pen widths); small MNIST digits placed in large images. Held-out pen writers are in
benchmarks/realworld.py (the bundled model saw all 30 writers).

    python benchmarks/not_a_digit.py [--per-kind 500] [--model PATH]
"""

from __future__ import annotations

import argparse
import io

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from digitpad import load_recognizer
from digitpad.data.datasets import template_images
from digitpad.data.mnist import load_mnist
from digitpad.data.synth.nondigits import GENERATORS, pen_width_for
from digitpad.imaging.preprocess import preprocess, preprocess_strokes

SEED = 515151  # not the training stream


def as_file(strokes, pen: float, rng: np.random.Generator) -> bytes:
    """The strokes as a user's image file: any size, either polarity, maybe blurred, PNG or JPEG."""
    side = int(rng.integers(60, 600))
    scale = side / 56
    dark_ink = rng.random() < 0.7
    image = Image.new("L", (side, side), 235 if dark_ink else 20)
    draw = ImageDraw.Draw(image)
    for stroke in strokes:
        points = [(float(x) * scale, float(y) * scale) for x, y in stroke]
        width = max(1, round(pen * scale))
        draw.line(points if len(points) > 1 else points * 2, fill=30 if dark_ink else 230, width=width, joint="curve")
        for x, y in points[:1] + points[-1:]:
            draw.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=30 if dark_ink else 230)
    if rng.random() < 0.4:
        image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 2.0)))
    out = io.BytesIO()
    image.save(out, "JPEG" if rng.random() < 0.5 else "PNG", quality=80)
    return out.getvalue()


def refused(recognizer, images28: np.ndarray) -> np.ndarray:
    return np.array([recognizer.predict_image28(image).is_not_a_digit for image in images28])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-kind", type=int, default=500)
    parser.add_argument("--model")
    args = parser.parse_args()
    recognizer = load_recognizer(args.model)
    if not recognizer.has_not_a_digit_output:
        raise SystemExit(f'{recognizer.name} has no "not a digit" output: it cannot refuse anything')
    rng = np.random.default_rng(SEED)
    print(f"model {recognizer.name}\n\n| not digits ({args.per_kind} each) | on the pad | as image files |")
    print("| --- | ---: | ---: |")
    totals = []
    for kind, generate in GENERATORS.items():
        pad, files = [], []
        for _ in range(args.per_kind):
            strokes, pen = generate(rng), pen_width_for(kind, rng)
            pad.append(preprocess_strokes([[tuple(p) for p in s] for s in strokes], (56, 56), pen))
            files.append(preprocess(as_file(strokes, pen, rng)))
        pad_rate, file_rate = refused(recognizer, np.stack(pad)).mean(), refused(recognizer, np.stack(files)).mean()
        totals += [pad_rate, file_rate]
        print(f"| {kind} | {pad_rate:.1%} | {file_rate:.1%} |")
    print(f"| all | {np.mean(totals[::2]):.1%} | {np.mean(totals[1::2]):.1%} |")

    print('\n| real digits | count | called "not a digit" |\n| --- | ---: | ---: |')
    mnist = load_mnist()
    kept_sets = {
        "MNIST test set": mnist.x_test.astype(np.float32) / 255.0,
        "template drawings, every style": template_images(100, seed=SEED)[0].astype(np.float32) / 255.0,
    }
    bars = []  # longer than 1.5 pen widths: shorter, a stroke is a dot
    for length in np.linspace(4, 50, 24):
        for pen in (pen for pen in (1.7, 3.0, 4.0, 5.0, 6.0, 7.0, 8.5) if length >= 1.5 * pen):
            top = rng.uniform(2, 54 - length)
            x = rng.uniform(6, 50)
            lean = rng.uniform(-0.25, 0.25) * length  # up to about 14 degrees
            bars.append(preprocess_strokes([[(x, top), (x + lean, top + length)]], (56, 56), pen))
    kept_sets["plain upright strokes (a 1)"] = np.stack(bars)
    small = []
    for digit in mnist.x_test[:300]:
        canvas = np.zeros((int(rng.integers(200, 800)),) * 2, np.uint8)
        y, x = rng.integers(0, canvas.shape[0] - 28, 2)
        canvas[y : y + 28, x : x + 28] = digit
        small.append(preprocess(255 - canvas))
    kept_sets["small MNIST digits in large images"] = np.stack(small)
    for name, images in kept_sets.items():
        rate = refused(recognizer, images)
        print(f"| {name} | {len(images)} | {rate.mean():.2%} ({rate.sum()}) |")


if __name__ == "__main__":
    main()
