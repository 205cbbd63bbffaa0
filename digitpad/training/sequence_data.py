"""Training data for the sequence model (`digitpad.reading.sequence_model`): strips of whole numbers
and their text.

Numbers as people write them, of real writers: the pen writers' digits with their gaps (apart,
tight, touching), UNIPEN writers' own separators between them (12.50, 29/11/2026, 12:45,
555-1234) and amounts on forms (thousands separators, closing marks, which are not in the
text); each on the pad (strokes) or as an image (clean, or on paper, scanned or photographed);
and MNIST's training digits side by side. Each becomes a layout the way `Recognizer.read`
makes one, then a strip (`line_strip`).
"""

from __future__ import annotations

import numpy as np

from digitpad.base.errors import TooBusyError
from digitpad.data.datasets import writer_key
from digitpad.data.synth.forms import PAPERS, amount_pattern, render_amount, write_amount
from digitpad.data.synth.number_writing import (
    PEOPLES_GAPS,
    NumberStyle,
    mnist_number_layout,
    render_on_paper,
    write_number,
    write_separated,
    writers_own_places,
)
from digitpad.imaging.preprocess import NUMBER_WORKING_SIDE, rasterize_strokes, source_ink
from digitpad.reading.segmentation import Layout, image_layout, stroke_layout
from digitpad.reading.sequence_model import ALPHABET, line_strip

MAX_TRAIN_WIDTH = 384  # wider strips are not trained on
BUCKET = 32
MAX_LABEL = 24
FORMATS = ("dd.dd", "d,dd", "dd/dd/dddd", "d/dd/dd", "dd:dd", "ddd-dddd", "dd-dd-dd")
# Of the pen writers' numbers: plain digits, amounts on forms, then prices, dates, times and
# phones (the rest). (A third of those and photos up to 4 pixels a pad unit, tried on fold 1:
# +3.3 points on prices and dates on the pad, +5.3 on forms, but -3.4 on plain numbers on
# paper: docs/numbers.md, "What was tried".)
PLAIN_SHARE, AMOUNT_SHARE = 0.5, 0.25
MNIST_SHARE = 0.25  # of all strips: MNIST's training digits side by side
PAPER_SCALES = (1, 2, 3)  # pixels per pad unit: a digit 24-126 pixels tall before the working size
# Of the prices, dates, times and phones: separators at their writer's own size against the same
# writer's digits (`writers_own_places`), the rest at the generator's (SEPARATOR_PLACES). People
# differ far more than the generator: UNIPEN writers' commas are 0.24-0.86 of their digits'
# height where the generator's are 0.15-0.32, their slashes 0.73-2.2.
OWN_SIZES_SHARE = 0.5


def _compose(pattern: str, digits: list, symbols: dict, rng) -> list[tuple[str, list]]:
    parts = []
    for slot in pattern:
        own = digits if slot == "d" else symbols[slot]
        chosen = own[int(rng.integers(len(own)))]
        parts.append((chosen.label if slot == "d" else slot, chosen.strokes))
    return parts


def _layout_of(strokes, pen: float, rng, paper: str | None):
    """The layout of written strokes: on the pad, as a clean image, or on (a kind of) paper."""
    kind = rng.random()
    if kind < 0.4:
        return stroke_layout(strokes, [pen] * len(strokes))
    if kind < 0.6:
        width = int(max(p[0] for s in strokes for p in s) + pen + 8)
        return image_layout(rasterize_strokes(strokes, (width, 56), pen, int(rng.integers(1, 3))))
    scale = float(rng.choice(PAPER_SCALES))
    image = render_amount(strokes, pen, rng, scale, paper) if paper else render_on_paper(strokes, pen, rng, scale)
    ink, _ = source_ink(image, None, NUMBER_WORKING_SIDE)
    return image_layout(ink)


def pen_example(
    digits_by_writer: dict,
    symbols_by_writer: dict,
    rng,
    papers: tuple[str, ...] = PAPERS,
    shares: tuple[float, float] = (PLAIN_SHARE, AMOUNT_SHARE),
) -> tuple[Layout, str] | None:
    """One number of one writer: (layout, text), or None when it came out empty. `shares`: of
    plain numbers and of amounts on forms (prices, dates, times and phones the rest)."""
    writers = list(digits_by_writer)
    writer = writers[int(rng.integers(len(writers)))]
    digits, symbols = digits_by_writer[writer], symbols_by_writer.get(writer, {})
    style = PEOPLES_GAPS if rng.random() < 0.6 else NumberStyle()
    choice = rng.random()
    paper = None
    plain_share, amount_share = shares
    if choice < plain_share or not symbols:
        chosen = [digits[int(i)] for i in rng.integers(0, len(digits), int(rng.integers(2, 9)))]
        strokes, pen, _ = write_number([d.strokes for d in chosen], rng, style)
        text = "".join(d.label for d in chosen)
    else:
        amount = choice < plain_share + amount_share
        pattern = amount_pattern(rng) if amount else FORMATS[int(rng.integers(len(FORMATS)))]
        if not all(symbols.get(c) for c in set(pattern) - {"d"}):
            return None
        parts = _compose(pattern, digits, symbols, rng)
        if amount:
            strokes, pen = write_amount(parts, rng, style, underline=rng.random() < 0.3)
            paper = papers[int(rng.integers(len(papers)))]
            text = "".join(c for c, _ in parts).rstrip("-/.,")  # a closing mark is not read
        else:
            places = writers_own_places(parts) if rng.random() < OWN_SIZES_SHARE else None
            strokes, pen = write_separated(parts, rng, style, places)
            text = "".join(c for c, _ in parts)
    if min(p[1] for s in strokes for p in s) - pen < 0:
        return None
    layout = _layout_of(strokes, pen, rng, paper)
    return (layout, text) if layout.pieces else None


def mnist_example(images: np.ndarray, labels: np.ndarray, rng) -> tuple[Layout, str] | None:
    picked = rng.integers(0, len(images), int(rng.integers(2, 9)))
    canvas, _ = mnist_number_layout(list(images[picked]), rng)
    layout = image_layout(canvas.astype(np.float32) / 255)
    return (layout, "".join(str(labels[i]) for i in picked)) if layout.pieces else None


def examples(
    pen_digits,
    symbols,
    mnist_images,
    mnist_labels,
    count: int,
    seed: int,
    mnist_share: float = MNIST_SHARE,
    papers: tuple[str, ...] = PAPERS,
    shares: tuple[float, float] = (PLAIN_SHARE, AMOUNT_SHARE),
) -> tuple[list[np.ndarray], list[list[int]]]:
    """`count` strips (each STRIP_HEIGHT x its own width, at most MAX_TRAIN_WIDTH) and their
    labels (class indices from 1; 0 is CTC's blank). `symbols`: UNIPEN symbols (separators) of
    the same writers as `pen_digits`; `mnist_share` of the strips MNIST digits, the pen
    writers' numbers by `shares` (`pen_example`)."""
    rng = np.random.default_rng(seed)
    digits_by_writer: dict = {}
    for digit in pen_digits:
        digits_by_writer.setdefault(writer_key(digit), []).append(digit)
    digits_by_writer = {w: d for w, d in digits_by_writer.items() if len(d) >= 10}
    symbols_by_writer: dict = {}
    for symbol in symbols:
        symbols_by_writer.setdefault(writer_key(symbol), {}).setdefault(symbol.label, []).append(symbol)
    strips: list[np.ndarray] = []
    labels: list[list[int]] = []
    while len(strips) < count:
        try:
            example = (
                mnist_example(mnist_images, mnist_labels, rng)
                if rng.random() < mnist_share
                else pen_example(digits_by_writer, symbols_by_writer, rng, papers, shares)
            )
        except TooBusyError:  # more marks than a number holds (a sample of hundreds of strokes): not one to learn
            continue
        if example is None:
            continue
        layout, text = example
        strip, _, _ = line_strip(layout)
        if strip.shape[1] > MAX_TRAIN_WIDTH or not 0 < len(text) <= MAX_LABEL:
            continue
        strips.append(strip)
        labels.append([ALPHABET.index(c) + 1 for c in text])
    return strips, labels


def batches(strips: list[np.ndarray], labels: list[list[int]], size: int, rng) -> list[tuple[np.ndarray, np.ndarray]]:
    """Batches of strips of about one width (padded to a multiple of BUCKET pixels, so that few
    shapes are compiled) with their labels padded with 0, in a random order."""
    order = np.argsort([s.shape[1] for s in strips], kind="stable")
    result = []
    for start in range(0, len(order), size):
        chosen = order[start : start + size]
        width = -(-max(strips[i].shape[1] for i in chosen) // BUCKET) * BUCKET
        x = np.zeros((len(chosen), strips[0].shape[0], width, 1), np.float32)
        y = np.zeros((len(chosen), MAX_LABEL), np.int32)  # one shape for every batch (0: none)
        for row, i in enumerate(chosen):
            x[row, :, : strips[i].shape[1], 0] = strips[i]
            y[row, : len(labels[i])] = labels[i]
        result.append((x, y))
    return [result[i] for i in rng.permutation(len(result))]
