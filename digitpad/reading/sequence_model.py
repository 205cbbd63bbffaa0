"""A segmentation-free reader of a line of digits: a small convolutional network over the
number's strip with a CTC head (`digitpad.training.sequence_training` trains it), on ONNX Runtime.

It reads the whole line at once, so it never has to decide where one digit ends: touching and
overlapping digits are as easy for it as apart ones. What it cannot give is what a user sees
for each digit (its box, the 28x28 the recognizer read, a probability for each class, "not a
digit"), so `digitpad.reading.reader` keeps its own segmentation and uses this model as a second
opinion on each candidate digit (`SequenceEvidence`).

The strip: the line's ink scaled so that a digit is STRIP_DIGIT pixels tall, in a band
STRIP_HEIGHT pixels tall centred on the digits, MARGIN pixels of space at either end. One
output column covers the model's step of the strip (2 or 4 pixels).
"""

from __future__ import annotations

import functools
import math
from pathlib import Path

import numpy as np
from PIL import Image

from digitpad.base.paths import models_dir
from digitpad.reading.reading_aids import ReadingAid
from digitpad.reading.segmentation import Layout

SEQUENCE_FILE = "number-sequence.onnx"
ALPHABET = "0123456789.,-/:"  # class k + 1; class 0 is CTC's blank
STRIP_HEIGHT, STRIP_DIGIT, MARGIN = 32, 22, 8
# The strip's width is a multiple of STRIP_MULTIPLE pixels; a model reads it in columns of 2 or 4
# pixels (its `step`, measured from its output: strip width / columns).
STRIP_MULTIPLE = 4
FAINT_PEAK = 0.6  # a digit-sized piece whose darkest ink is fainter than this is brought to full ink
MAX_STRIP_WIDTH = 1024  # a longer line is read without the sequence model's opinion
# A character's ink begins about this many strip pixels after the centre of the column where it
# is first emitted (the 4-pixel model on template numbers: 1-3.5; halfway between two
# characters' emissions lies inside the first of them).
EMISSION_LEAD = 2.0
# Its columns are not exactly where the ink is: what it says of a stretch of the line is read
# over this many columns either side too (without them a narrow 1 lost its "1"; set on the
# first fold's writers of benchmarks/number_reading.py --realworld, checked on the second's).
NEAR_COLUMNS = 1.0


def sequence_path() -> Path:
    return models_dir() / SEQUENCE_FILE


def line_strip(layout: Layout) -> tuple[np.ndarray, float, float]:
    """(strip, scale, left): the line's ink (its pieces and set-aside marks) as the model reads
    it, float32 (STRIP_HEIGHT, W) with 1 = ink; a layout x maps to strip x `(x - left) * scale
    + MARGIN`."""
    # (a form's printed line is left out: it is never text, and a field's side read as a 1)
    written = [p for i, p in enumerate(layout.pieces) if i not in layout.printed_lines] or list(layout.pieces)
    pieces = written + list(layout.set_aside)
    scale = STRIP_DIGIT / max(layout.digit_height, 1.0)
    tall = [p for p in written if p.height >= 0.6 * layout.digit_height] or written
    middle = float(np.median([(p.top + p.bottom) / 2 for p in tall]))
    left = min(p.left for p in pieces)
    width = int(np.ceil((max(p.right for p in pieces) - left) * scale)) + 2 * MARGIN
    width = min(MAX_STRIP_WIDTH, -(-width // STRIP_MULTIPLE) * STRIP_MULTIPLE)
    strip = np.zeros((STRIP_HEIGHT, width), np.float32)
    faint_ok = {id(p) for p in tall}
    for piece in pieces:
        w = max(1, int(round(piece.width * scale)))
        h = max(1, int(round(piece.height * scale)))
        x = int(round((piece.left - left) * scale)) + MARGIN
        y = int(round((piece.top - middle) * scale)) + STRIP_HEIGHT // 2
        full = _full(piece) if id(piece) in faint_ok else piece.ink
        ink = np.asarray(Image.fromarray(full).resize((w, h), Image.Resampling.BILINEAR), np.float32)
        x0, y0 = max(x, 0), max(y, 0)
        x1, y1 = min(x + w, width), min(y + h, STRIP_HEIGHT)
        if x1 > x0 and y1 > y0:
            region = strip[y0:y1, x0:x1]
            np.maximum(region, ink[y0 - y : y1 - y, x0 - x : x1 - x], out=region)
    return strip, scale, left


def _full(piece) -> np.ndarray:
    """A digit-sized piece's ink, a faint one (a light pencil stroke) brought to full ink as the
    recognizer's 28x28 are: the model learnt dark strips and did not see a light 1 between two
    dark digits ("417" read "47"). Specks are left as they are (paper texture)."""
    peak = float(piece.ink.max())
    return piece.ink / peak if 0.0 < peak < FAINT_PEAK else piece.ink


def column_probabilities(strip: np.ndarray, aid: ReadingAid | None = None) -> np.ndarray | None:
    """(T, 1 + len(ALPHABET)) class probabilities of each output column (column 0: blank), or
    None when the model is not installed or cannot run. `aid`: the model to run (without one,
    the shipped model is opened for this call)."""
    logits = (aid or ReadingAid(sequence_path())).run(strip[None, :, :, None])
    if logits is None:
        return None
    logits = np.asarray(logits[0], np.float64)
    logits -= logits.max(axis=1, keepdims=True)
    probabilities = np.exp(logits)
    return probabilities / probabilities.sum(axis=1, keepdims=True)


def greedy_text(probabilities: np.ndarray) -> str:
    """The best path's text: the likeliest class of each column, repeats merged, blanks dropped."""
    best = probabilities.argmax(axis=1)
    keep = (best != 0) & np.concatenate([[True], best[1:] != best[:-1]])
    return "".join(ALPHABET[k - 1] for k in best[keep])


def text_log_probability(probabilities: np.ndarray, text: str) -> float:
    """log P(text | strip) under CTC: the forward algorithm over the blank-extended labels."""
    labels = [ALPHABET.index(c) + 1 for c in text if c in ALPHABET]
    extended = [0]
    for label in labels:
        extended += [label, 0]
    log_p = np.log(np.maximum(probabilities[:, extended], 1e-30))
    alpha = np.full(len(extended), -np.inf)
    alpha[0] = log_p[0, 0]
    if len(extended) > 1:
        alpha[1] = log_p[0, 1]
    skip = np.array([s >= 2 and extended[s] != 0 and extended[s] != extended[s - 2] for s in range(len(extended))])
    for t in range(1, len(probabilities)):
        shifted1 = np.concatenate([[-np.inf], alpha])[: len(alpha)]
        shifted2 = np.where(skip, np.concatenate([[-np.inf, -np.inf], alpha])[: len(alpha)], -np.inf)
        alpha = np.logaddexp(np.logaddexp(alpha, shifted1), shifted2) + log_p[t]
    return float(np.logaddexp(alpha[-1], alpha[-2]) if len(extended) > 1 else alpha[-1])


class SequenceEvidence:
    """What the sequence model says about a stretch of the line (in the layout's pixels): how
    likely each character is emitted there, and how many characters are."""

    def __init__(self, probabilities: np.ndarray, scale: float, left: float, step: float = 4.0):
        self.probabilities, self.scale, self.left, self.step = probabilities, scale, left, step
        # Cumulative sums over the columns: any stretch's answer in O(1).
        never = np.log(np.maximum(1.0 - probabilities, 1e-12))
        self._never = np.vstack([np.zeros((1, never.shape[1])), np.cumsum(never, axis=0)])
        # A character starts in a column when it is emitted there and was not in the column
        # before (a character often spans two or three columns).
        previous = np.vstack([np.zeros((1, probabilities.shape[1])), probabilities[:-1]])
        starts = (probabilities[:, 1:] * (1.0 - previous[:, 1:])).sum(axis=1)
        self._emitted = np.concatenate([[0.0], np.cumsum(starts)])

    def columns(self, x0: float, x1: float) -> tuple[int, int]:
        """The output columns (first, end) that overlap layout x0..x1 (at least one)."""
        t0 = int(np.floor(((x0 - self.left) * self.scale + MARGIN) / self.step))
        t1 = int(np.ceil(((x1 - self.left) * self.scale + MARGIN) / self.step))
        last = len(self._emitted) - 1
        t0 = min(max(t0, 0), last - 1)
        return t0, min(max(t1, t0 + 1), last)

    def emitted(self, x0: float, x1: float) -> np.ndarray:
        """P(each character of ALPHABET is emitted at least once for ink within x0..x1)."""
        t0, t1 = self.columns(x0, x1)
        return 1.0 - np.exp(self._never[t1, 1:] - self._never[t0, 1:])

    def emitted_near(self, x0: float, x1: float) -> np.ndarray:
        """`emitted` over x0..x1 and NEAR_COLUMNS columns either side."""
        reach = NEAR_COLUMNS * self.column_width
        return self.emitted(x0 - reach, x1 + reach)

    @functools.cached_property
    def text(self) -> str:
        """Its likeliest text (`greedy_text`), worked out once a reading."""
        return greedy_text(self.probabilities)

    @functools.cached_property
    def text_probability(self) -> float:
        """How likely its likeliest text is (`text_log_probability`), worked out once a reading."""
        return math.exp(text_log_probability(self.probabilities, self.text))

    @property
    def column_width(self) -> float:
        """One output column's width in the layout's pixels."""
        return self.step / self.scale

    def _runs(self) -> list[list[int]]:
        """[first column, last column, class] of each character along the best path (each run
        of columns of one character is one character; blanks part two equal ones)."""
        runs: list[list[int]] = []
        for column, k in enumerate(self.probabilities.argmax(axis=1)):
            if k == 0:
                continue
            if runs and runs[-1][2] == k and runs[-1][1] == column - 1:
                runs[-1][1] = column
            else:
                runs.append([column, column, int(k)])
        return runs

    def _x(self, column: float) -> float:
        """A strip position (in output columns) in layout pixels."""
        return self.left + (column * self.step - MARGIN) / self.scale

    def digit_places(self) -> list[tuple[float, bool]]:
        """x (layout pixels) where each digit is first emitted, left to right: somewhere over
        it (often over its left part, sometimes as late as its right edge); and whether it is a 1."""
        one = ALPHABET.index("1") + 1
        return [(self._x(first + 0.5), k == one) for first, _, k in self._runs() if k <= 10]

    def boundaries(self) -> list[float]:
        """x (layout pixels) where each digit emitted right after another begins: about where
        it is first emitted. Not beside a separator: a slash must not be cut in two."""
        return [x for x, _, _ in self.boundaries_beside()]

    def boundaries_beside(self) -> list[tuple[float, bool, bool]]:
        """`boundaries`, each with whether a 1 stands before it and whether one stands after it
        (a 1 is narrow: its side lies near the boundary)."""
        one, runs = ALPHABET.index("1") + 1, self._runs()
        return [
            (self._x(b[0] + 0.5 + EMISSION_LEAD / self.step), a[2] == one, b[2] == one)
            for a, b in zip(runs, runs[1:])
            if a[2] <= 10 and b[2] <= 10
        ]

    def count(self, x0: float, x1: float) -> float:
        """The expected number of characters that start within x0..x1."""
        t0, t1 = self.columns(x0, x1)
        return float(self._emitted[t1] - self._emitted[t0])


def sequence_evidence(layout: Layout, aid: ReadingAid | None = None) -> SequenceEvidence | None:
    """The sequence model's evidence for a line, or None (no model, a line too long for it)."""
    if not layout.pieces:
        return None
    strip, scale, left = line_strip(layout)
    if strip.shape[1] >= MAX_STRIP_WIDTH:
        return None
    probabilities = column_probabilities(strip, aid)
    if probabilities is None:
        return None
    return SequenceEvidence(probabilities, scale, left, strip.shape[1] / len(probabilities))
