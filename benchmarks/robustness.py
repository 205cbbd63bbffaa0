"""Accuracy of a model on the MNIST test set rendered the ways real inputs arrive.

Each variant turns a test digit into what a user might open (a scan, a photo, a tiny
crop, a transparent PNG...), then sends it through the full file pipeline
(`Recognizer.predict`). The "naive" column shows what a plain resize to 28x28 would
give on the same inputs, which is what most drawing-pad recognizers do.

    python benchmarks/robustness.py [--n 10000] [--model PATH]
"""

from __future__ import annotations

import argparse
import io
import time

import numpy as np
from PIL import Image, ImageFilter

from digitpad import load_recognizer
from digitpad.data.mnist import load_mnist


def enlarge(digit: np.ndarray, scale: float) -> Image.Image:
    size = max(1, round(28 * scale))
    return Image.fromarray(digit).resize((size, size), Image.Resampling.BICUBIC)


def on_paper(ink: Image.Image, canvas: tuple[int, int], at: tuple[int, int], paper=235, pen=20) -> np.ndarray:
    """Dark ink (pen level) on light paper; `ink` is white-on-black."""
    layer = np.zeros((canvas[1], canvas[0]), np.float32)
    ink_arr = np.asarray(ink, np.float32) / 255.0
    x, y = at
    layer[y : y + ink_arr.shape[0], x : x + ink_arr.shape[1]] = ink_arr[: canvas[1] - y, : canvas[0] - x]
    return (paper - (paper - pen) * layer).astype(np.uint8)


def jpeg(array: np.ndarray, quality: int) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def variants(rng: np.random.Generator):
    """name -> function(digit uint8 28x28 white-on-black) -> image source for predict()."""

    def inverted(d):
        return 255 - d

    def off_centre(d):
        x, y = rng.integers(0, 200 - 56, size=2)
        return on_paper(enlarge(d, 2), (200, 200), (int(x), int(y)))

    def tiny(d):  # a low-resolution digit about 9 px tall
        return on_paper(enlarge(d, 0.4), (24, 24), (6, 6))

    def huge(d):  # a 600 dpi scan
        return on_paper(enlarge(d, 24), (800, 800), (60, 80))

    def thick(d):  # a fat marker or mouse stroke
        return on_paper(enlarge(d, 4).filter(ImageFilter.MaxFilter(9)), (160, 160), (24, 24))

    def thin(d):  # a fine pen on a big scan: strokes eroded to 1-2 px on a 168 px digit
        return on_paper(enlarge(d, 6).filter(ImageFilter.MinFilter(7)), (240, 240), (36, 36))

    def blur(d):
        page = Image.fromarray(on_paper(enlarge(d, 4), (160, 160), (24, 24)))
        return np.asarray(page.filter(ImageFilter.GaussianBlur(4)))

    def jpeg_q15(d):
        return jpeg(on_paper(enlarge(d, 3), (120, 120), (18, 18)), 15)

    def noise(d):
        page = on_paper(enlarge(d, 4), (160, 160), (24, 24)).astype(np.float32)
        return np.clip(page + rng.normal(0, 25, page.shape), 0, 255).astype(np.uint8)

    def photo(d):  # grey paper, uneven light, sensor noise, JPEG
        page = on_paper(enlarge(d, 5), (240, 200), (40, 20), paper=170, pen=40).astype(np.float32)
        light = np.linspace(0.75, 1.1, page.shape[1])[None, :] * np.linspace(0.9, 1.05, page.shape[0])[:, None]
        page = np.clip(page * light + rng.normal(0, 6, page.shape), 0, 255).astype(np.uint8)
        return jpeg(np.stack([page, (page * 0.95).astype(np.uint8), (page * 0.85).astype(np.uint8)], -1), 60)

    def rgba(d):  # blue ink on a transparent background
        alpha = np.asarray(enlarge(d, 3))
        image = np.zeros(alpha.shape + (4,), np.uint8)
        image[..., 2] = 160
        image[..., 3] = alpha
        return Image.fromarray(image, "RGBA")

    return {
        "clean (MNIST as is)": lambda d: d,
        "inverted polarity": inverted,
        "off-centre on a page": off_centre,
        "tiny (9 px)": tiny,
        "huge (scan, 670 px)": huge,
        "thick strokes": thick,
        "thin strokes": thin,
        "blur": blur,
        "JPEG quality 15": jpeg_q15,
        "noise (sigma 25)": noise,
        "photo (grey, uneven light)": photo,
        "RGBA transparent": rgba,
    }


def naive_28(source) -> np.ndarray:
    """What a typical drawing pad does: greyscale, resize to 28x28, invert if the paper is light."""
    image = (
        Image.open(io.BytesIO(source))
        if isinstance(source, bytes)
        else (source if isinstance(source, Image.Image) else Image.fromarray(source))
    )
    gray = np.asarray(image.convert("L").resize((28, 28), Image.Resampling.BILINEAR), np.float32) / 255
    return 1 - gray if gray.mean() > 0.5 else gray


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10000, help="test digits per variant")
    parser.add_argument("--model", help="model path (default: bundled)")
    args = parser.parse_args()

    recognizer = load_recognizer(args.model)
    data = load_mnist()
    rng = np.random.default_rng(0)
    pick = rng.permutation(len(data.x_test))[: args.n]
    print(f"model {recognizer.name}, {args.n} MNIST test digits per variant\n")
    print("| variant | DigitPad pipeline | naive resize | seconds |\n| --- | ---: | ---: | ---: |")
    for name, make in variants(rng).items():
        start = time.perf_counter()
        right = naive_right = 0
        for chunk in np.array_split(pick, max(1, len(pick) // 500)):  # bounded memory for the big renders
            sources = [make(data.x_test[i]) for i in chunk]
            results = recognizer.predict_batch(sources)
            right += sum(1 for r, i in zip(results, chunk) if getattr(r, "index", None) == data.y_test[i])
            naive = recognizer.probabilities(np.stack([naive_28(s) for s in sources])).argmax(axis=1)
            naive_right += int((naive == data.y_test[chunk]).sum())
        print(
            f"| {name} | {right / len(pick):.2%} | {naive_right / len(pick):.2%} | {time.perf_counter() - start:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
