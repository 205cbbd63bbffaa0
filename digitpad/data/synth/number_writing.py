"""Numbers written as people write them, made from single written digits (for benchmarks and tests).

A number is one writer's digits side by side: one size with a little variation, one slant,
a baseline that drifts and bends, gaps that vary and sometimes close (touching digits),
one pen. It is drawn on the wide pad (strokes in pad units, the window's path) or rendered
as ink on paper (a scan or a photo: texture, uneven light, blur, JPEG). MNIST digits,
which have no strokes, are laid side by side as images.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from PIL import Image, ImageFilter

from digitpad.data.synth.handwriting import _resample
from digitpad.imaging.preprocess import rasterize_strokes

PAD_HEIGHT = 56  # the wide pad is as tall as the digit pad


@dataclass(frozen=True)
class NumberStyle:
    """Ranges each written number is sampled from."""

    height: tuple[float, float] = (24.0, 42.0)  # digit height, pad units
    size_jitter: float = 0.15  # each digit's height varies this much around the writer's
    slant: float = 0.25  # shear, either way, the same for every digit of a number
    rotation_deg: float = 4.0  # per digit
    gap: tuple[float, float] = (0.05, 0.45)  # space between the ink of two digits (x digit height)
    p_touching: float = 0.1  # share of gaps that close: digits touch or overlap a little
    touching: tuple[float, float] = (-0.1, 0.0)
    slope: float = 0.06  # baseline rise per unit of width, either way
    bend: float = 0.15  # baseline sag or bulge at the ends (x digit height)
    baseline_jitter: float = 0.05  # per digit (x digit height)
    pen_width: tuple[float, float] = (0.06, 0.16)  # x digit height: fine pen .. marker
    spacing: tuple[float, float] = (0.3, 3.0)  # pad units between points: slow pen .. fast mouse
    wobble: float = 0.3


# Gaps as people leave them (issue 20's measurements of unseen writers): median about 0.12
# digit heights, a quarter under 0.05, some touching or overlapping.
PEOPLES_GAPS = NumberStyle(gap=(0.03, 0.3), p_touching=0.25, touching=(-0.1, 0.05))


def write_number(
    digit_strokes: Sequence[Sequence[np.ndarray]], rng: np.random.Generator, style: NumberStyle = NumberStyle()
) -> tuple[list[list[tuple[float, float, float]]], float, tuple]:
    """One writer's digits (each a list of (n, 2) strokes, y down, any units) written as a number.

    Returns the strokes in pad units (x, y, pressure) on a pad PAD_HEIGHT tall, the pen width,
    and each digit's box (x0, y0, x1, y1), in order.
    """
    height = rng.uniform(*style.height)
    slant = rng.uniform(-style.slant, style.slant)
    pen = height * rng.uniform(*style.pen_width)
    shapes = []
    for strokes in digit_strokes:
        points = np.concatenate([np.asarray(s, np.float64)[:, :2] for s in strokes])
        low, high = points.min(axis=0), points.max(axis=0)
        angle = np.radians(rng.uniform(-style.rotation_deg, style.rotation_deg))
        matrix = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
        matrix = matrix @ np.array([[1.0, slant], [0.0, 1.0]])
        scale = height * rng.uniform(1 - style.size_jitter, 1 + style.size_jitter) / max(high[1] - low[1], 1e-6)
        moved = [(np.asarray(s, np.float64)[:, :2] - (low + high) / 2) @ matrix.T * scale for s in strokes]
        every = np.concatenate(moved)
        shapes.append([s - every.min(axis=0) for s in moved])  # top-left at 0
    widths = [np.concatenate(s)[:, 0].max() for s in shapes]
    gaps = [
        rng.uniform(*style.touching) if rng.random() < style.p_touching else rng.uniform(*style.gap) for _ in shapes[1:]
    ]
    # Widths are of the pen's path; the ink reaches half a pen further on each side.
    lefts = np.concatenate([[0.0], np.cumsum(np.array(widths[:-1]) + np.array(gaps) * height + pen)])
    total = lefts[-1] + widths[-1]
    slope, bend = rng.uniform(-style.slope, style.slope), rng.uniform(-style.bend, style.bend) * height
    margin = 4 + pen
    result, boxes = [], []
    spacing = rng.uniform(*style.spacing)
    for shape, left, width in zip(shapes, lefts, widths):
        centre = (left + width / 2) / max(total, 1e-6) - 0.5  # -0.5 .. 0.5 along the number
        bottom = (PAD_HEIGHT + height) / 2 + slope * (centre * total) + bend * (4 * centre**2 - 1 / 3)
        bottom += rng.normal(0, style.baseline_jitter * height)
        digit_height = np.concatenate(shape)[:, 1].max()
        offset = np.array([margin + left, bottom - digit_height])
        drawn = []
        for stroke in shape:
            path = _resample(stroke + offset, spacing)
            path = path + rng.normal(0.0, style.wobble, path.shape)
            drawn.append([(float(x), float(y), 0.5) for x, y in path])
        every = np.concatenate([np.array(s)[:, :2] for s in drawn])
        boxes.append((*every.min(axis=0), *every.max(axis=0)))
        result += drawn
    return result, pen, tuple(boxes)


def pad_width(strokes) -> float:
    """The width of a wide pad that holds these strokes with a margin."""
    return max(p[0] for s in strokes for p in s) + 8


def render_on_paper(
    strokes, pen_width: float, rng: np.random.Generator, pixels_per_unit: float, printed=None
) -> Image.Image:
    """The strokes as ink on paper, photographed or scanned: a greyscale or colour PIL image.
    `printed(shape, rng)`, if given, returns what is on the paper before the pen (a texture, a
    pattern, a form's lines) as darkness in [0, 1] at the image's resolution (`digitpad.data.synth.forms`)."""
    scale = max(1, int(round(pixels_per_unit)))
    size = (int(pad_width(strokes)), PAD_HEIGHT)
    ink = rasterize_strokes(strokes, size, pen_width, scale)
    photo = rng.random() < 0.5
    height, width = ink.shape
    paper: float | np.ndarray = rng.uniform(0.75, 0.97)
    if photo:  # uneven light across the page
        ramp = np.linspace(-1, 1, width)[None, :] * rng.uniform(0, 0.12) + np.linspace(-1, 1, height)[
            :, None
        ] * rng.uniform(0, 0.08)
        paper = paper - np.abs(ramp)
    if printed is not None:
        paper = paper - printed(ink.shape, rng)
    darkness = rng.uniform(0.45, 0.85)
    luminance = paper - ink * darkness + rng.normal(0, rng.uniform(0.005, 0.04), ink.shape)
    image = Image.fromarray((np.clip(luminance, 0, 1) * 255).astype(np.uint8), "L")
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.2) * scale / 2))
    if rng.random() < 0.5:  # a colour photo of blue or black ink
        tint = np.array([1.0, 1.0, 1.0]) if rng.random() < 0.5 else np.array([0.75, 0.8, 1.0])
        grey = np.asarray(image, np.float32)[..., None] / 255
        colour = 1 - (1 - grey) * tint[None, None, :] if photo else np.repeat(grey, 3, axis=2)
        image = Image.fromarray((np.clip(colour, 0, 1) * 255).astype(np.uint8), "RGB")
    if rng.random() < 0.6:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=int(rng.integers(50, 92)))
        image = Image.open(io.BytesIO(buffer.getvalue()))
        image.load()
    return image


def mnist_number(images: Sequence[np.ndarray], rng: np.random.Generator, p_touching: float = 0.1) -> np.ndarray:
    """MNIST digits (28x28 uint8, ink bright) side by side as one number: gaps of 1..6 pixels,
    or -2..0 (touching, the ink merged) for a share `p_touching` of them, and a little vertical
    drift; ink bright on black, like MNIST."""
    return mnist_number_layout(images, rng, p_touching)[0]


def mnist_number_layout(
    images: Sequence[np.ndarray], rng: np.random.Generator, p_touching: float = 0.1
) -> tuple[np.ndarray, np.ndarray]:
    """`mnist_number`, and each digit's ink alone on the same canvas (digits, height, width)."""
    crops = []
    for image in images:
        columns = np.flatnonzero(image.max(axis=0) > 30)
        crops.append(image[:, columns[0] : columns[-1] + 1] if len(columns) else image)
    gaps = [int(rng.integers(-2, 1)) if rng.random() < p_touching else int(rng.integers(1, 7)) for _ in crops[1:]]
    width = sum(c.shape[1] for c in crops) + sum(gaps) + 16
    canvas = np.zeros((40, width), np.uint8)
    owners = np.zeros((len(crops), 40, width), np.uint8)
    x = 8
    for i, crop in enumerate(crops):
        y = 6 + int(rng.integers(-2, 3))
        owners[i, y : y + 28, x : x + crop.shape[1]] = crop
        region = canvas[y : y + 28, x : x + crop.shape[1]]
        np.maximum(region, crop, out=region)
        x += crop.shape[1] + (gaps[i] if i < len(gaps) else 0)
    return canvas, owners


# Where people put separators, relative to the digits (x digit height): (size, which way it is
# measured, where its bottom sits below the top of the digits).
SEPARATOR_PLACES = {
    ".": ((0.08, 0.18), "extent", (0.95, 1.03)),  # a small dot on the baseline
    ",": ((0.15, 0.32), "height", (1.05, 1.2)),  # reaching below it
    "-": ((0.25, 0.6), "width", (0.45, 0.65)),  # short, at mid-height
    "/": ((0.9, 1.1), "height", (0.95, 1.05)),  # as tall as the digits
    ":": ((0.4, 0.7), "height", (0.92, 1.02)),  # two dots, the lower on the baseline
}


# The writer's own sizes are kept between these (x its digits' height): a stroke of a
# mislabelled sample aside, a period is no smaller than a pen's dot, nothing beyond 2.5 digits.
OWN_SIZE_RANGE = (0.04, 2.5)


def _measured(extent: np.ndarray, measure: str) -> float:
    """A separator's size as SEPARATOR_PLACES measures it: its "extent" (larger side), "height"
    or "width", of its (width, height) `extent`."""
    return float({"extent": extent.max(), "height": extent[1], "width": extent[0]}[measure])


def writers_own_places(parts: Sequence[tuple[str, Sequence[np.ndarray]]]) -> dict:
    """SEPARATOR_PLACES with each separator of `parts` at its writer's own size: its measure over
    the median height of the digits of `parts`, in the units they were written in (one writer's
    tablet: UNIPEN writers' commas are 0.24-0.86 of their digits' height, their slashes
    0.73-2.2), placed as SEPARATOR_PLACES places it."""
    heights = [np.ptp(np.concatenate([np.asarray(s)[:, 1] for s in strokes])) for c, strokes in parts if c.isdigit()]
    digit_height = max(float(np.median(heights)), 1e-6)
    places = dict(SEPARATOR_PLACES)
    for character, strokes in parts:
        if character in places:
            _, measure, bottom = places[character]
            extent = np.ptp(np.concatenate([np.asarray(s, np.float64)[:, :2] for s in strokes]), axis=0)
            own = _measured(extent, measure) / digit_height
            size = float(np.clip(own, *OWN_SIZE_RANGE))
            places[character] = ((size, size), measure, bottom)
    return places


def write_separated(
    parts: Sequence[tuple[str, Sequence[np.ndarray]]],
    rng: np.random.Generator,
    style: NumberStyle = NumberStyle(),
    places: dict | None = None,
) -> tuple[list[list[tuple[float, float, float]]], float]:
    """A number with separators as one writer writes it: `parts` are (character, strokes) left to
    right, digits and separators (".,-/:") with their own written strokes (y down, any units).
    Digits get one size with a little variation; separators their own size and place
    (`places`: SEPARATOR_PLACES, or `writers_own_places`). One slant for all; gaps as `style`.
    Returns the strokes in pad units (x, y, pressure) and the pen width."""
    places = SEPARATOR_PLACES if places is None else places
    height = rng.uniform(*style.height)
    slant = rng.uniform(-style.slant, style.slant)
    pen = height * rng.uniform(*style.pen_width)
    top = (PAD_HEIGHT - height) / 2
    shear = np.array([[1.0, slant], [0.0, 1.0]])
    placed: list[np.ndarray] = []
    x = 4 + pen
    for character, strokes in parts:
        points = np.concatenate([np.asarray(s, np.float64)[:, :2] for s in strokes])
        low, high = points.min(axis=0), points.max(axis=0)
        extent = np.maximum(high - low, 1e-6)
        if character in places:
            size, measure, bottom = places[character]
            target = height * rng.uniform(*size)
            scale = target / _measured(extent, measure)
            bottom_y = top + height * rng.uniform(*bottom)
        else:
            scale = height * rng.uniform(1 - style.size_jitter, 1 + style.size_jitter) / extent[1]
            bottom_y = top + height + rng.normal(0, style.baseline_jitter * height)
        moved = [(np.asarray(s, np.float64)[:, :2] - low) * scale for s in strokes]
        moved = [
            (s - [0, (high[1] - low[1]) * scale / 2]) @ shear.T + [0, (high[1] - low[1]) * scale / 2] for s in moved
        ]
        every = np.concatenate(moved)
        gap = (
            rng.uniform(-0.05, 0.25)
            if character in places
            else (rng.uniform(*style.touching) if rng.random() < style.p_touching else rng.uniform(*style.gap))
        )
        if placed:
            x += gap * height + pen
        shift = np.array([x - every[:, 0].min(), bottom_y - every[:, 1].max()])
        placed += [s + shift for s in moved]
        x += every[:, 0].max() - every[:, 0].min()
    spacing = rng.uniform(*style.spacing)
    result = []
    for stroke in placed:
        path = _resample(stroke, spacing)
        path = path + rng.normal(0.0, style.wobble, path.shape)
        result.append([(float(px), float(py), 0.5) for px, py in path])
    return result, pen
