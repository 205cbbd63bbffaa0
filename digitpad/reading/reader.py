"""Reading a whole number: the best path through the candidate digits of a line.

`digitpad.reading.segmentation` offers candidates (runs of neighbouring pieces of ink); the
recognizer reads them all in one model call; the reading is the sequence of candidates,
covering every piece once, whose digits are read most confidently, with a little geometry
on top: a digit is about as wide as it is tall at most, not much shorter than the others,
and barely overlaps its neighbours. A small piece may also be left out as a mark that is
no digit (a decimal point, a stray stroke) when the model says so.
"""

from __future__ import annotations

import dataclasses
import heapq
import itertools
import math
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from digitpad.base.errors import EmptyImageError
from digitpad.imaging.drawing import Drawing
from digitpad.imaging.preprocess import (
    NUMBER_WORKING_SIDE,
    STROKE_SUPERSAMPLING,
    default_name,
    ink_to_mnist,
    source_ink,
)
from digitpad.inference.prediction import Prediction, Status
from digitpad.reading.reading_aids import ReadingAid
from digitpad.reading.segmentation import TALL, Layout, image_layout, stroke_layout
from digitpad.reading.separators import (
    SLASH_HEIGHT,
    SLASH_LEAST,
    SLASH_STRAIGHTNESS,
    Found,
    Mark,
    between,
    classify_between,
    closing_slash_lean,
    could_be_separator,
    find_separators,
    rule_fit,
    slash_lean,
    trailing_marks,
)
from digitpad.reading.sequence_model import ALPHABET, MARGIN, sequence_evidence, text_log_probability
from digitpad.reading.wholeness import whole_probability, wholeness_input

# Weights of the geometry, set on numbers written by the pen writers of the real-handwriting
# benchmark's folds 1-3 and on MNIST's training digits, and checked on folds 4-5's writers
# (benchmarks/number_reading.py).
TOO_WIDE = 2.0  # per digit height of width beyond WIDE_FROM
WIDE_FROM = 0.75
TOO_SHORT = 9.0  # per digit height below SHORT_FROM
SHORT_FROM = 0.8
OVERLAP = 6.0  # per digit height two neighbouring digits overlap beyond OVERLAP_FROM
OVERLAP_FROM = 0.15
APART = 2.2  # per place a candidate's pieces fall apart left and right (two digits written close)
TWO_TALL = 1.0  # when a candidate's pieces are two tall groups side by side (segmentation.Layout.side_by_side)
LINES = 8.0  # when they are straight strokes side by side (Layout.lines_side_by_side): "11" is never one digit
PER_DIGIT = 0.45  # each digit costs this much: a fragment must read clearly to stand alone
LEAVE_OUT_SIZE = 0.65  # only pieces smaller than this (x digit height) may be left out
LEAVE_OUT_COST = 3.0  # added to -log P(not a digit) of a left-out piece
LEAVE_OUT_FLOOR = 0.02  # P(not a digit) of a left-out piece counts as at least this

WHOLENESS = 0.45  # weight of log P(one whole digit) from the wholeness network
WHOLE_STROKE = 0.5  # P(one whole digit) of a single straight, tall stroke on the pad, at least
# A straight, tall stroke of the pen joined to others is a 4's stem, a 7's or a 1's: any other
# digit made of it and more costs LINE_JOINED.
LINE_DIGITS, LINE_JOINED = "147", 2.0
SEPARATOR_LEAVE_OUT = math.log(0.5)  # leaving out a piece shaped and placed like a separator
SEPARATOR_IN_DIGIT = 2.0  # a digit made of such a piece and others
SEPARATOR_NEIGHBOUR = 0.6  # separators stand between pieces at least this tall (x digit height)
SEPARATOR_APART = 0.04  # a separator's ink is at least this far from the digits' (x digit height)
SEPARATOR_APART_PIXELS = 3  # and this many pixels (in small images a sliver lies 1-2 pixels off)
# Path scores are log-probabilities plus geometry prices; divided by this, the best path's
# share of all paths is the segmentation's confidence (set on benchmarks/number_reading.py).
SEGMENTATION_TEMPERATURE = 1.0

FLOOR = 1e-6
HELD_INK_BYTES = 64 * 1024 * 1024  # candidates' ink crops kept at once, at most
# Ways of spelling the sequence model's digits kept at each piece, the best first. A number's
# path has a few dozen; a busy picture's, tens of thousands.
SPELLING_BEAM = 256
NOT_A_DIGIT_FLOOR = 0.05
# The sequence model's word (`digitpad.reading.sequence_model`): the weight of its opinion against the
# recognizer's (`_fused`), the price per character more or fewer than one it emits over a
# candidate digit, and how many of its columns either side of a candidate count for it (its
# columns are not exactly where the ink is: without them a narrow 1 lost its "1"). Set on
# the first fold's writers of benchmarks/number_reading.py --realworld, checked on the second's.
SEQUENCE_WEIGHT = 1.0
SEQUENCE_COUNT = 0.5
SEQUENCE_FLOOR = 0.01
SEQUENCE_REACH = 1.0
SEQUENCE_ONE_CHARACTER = 1.5  # at most this many characters emitted over a candidate: one
# A separator the sequence model emits with at least this probability in a gap where the rules
# found a mark but no separator is one; from SEPARATOR_OVERRULED it says which separator a mark
# the rules read as another is (UNIPEN's periods are often ticks; on paper a colon's upper dot or
# part of a dash can go into a digit and leave a "period"), but for a colon the rules find.
SEPARATOR_EMITTED, SEPARATOR_OVERRULED = 0.5, 0.8
# A "slash" the sequence model reads as a 1 (at least ONE_NOT_SLASH likely, the slash less
# than SEPARATOR_ABSENT) is a leaning 1.
SEPARATOR_ABSENT, ONE_NOT_SLASH = 0.1, 0.5
# A separator it emits this surely between two digits where no mark is left is one whose ink
# went into a digit.
SEPARATOR_UNSEEN = 0.8
# A "period" the rules find in a gap where the sequence model's text, at least this likely and
# of the same digits, has none is the pen's tick as it leaves a digit when it begins within that
# digit and ends above the line by TICK_ABOVE (`_a_tick`). Other separators it misses stay:
# it misses drawn dashes and commas of shapes it never learnt (the templates' "4,20" is 420 to
# it), and real periods that crowd a digit.
SEPARATOR_DENIED_SURE = 0.7  # (0.9: one fewer right on folds 1-2; 0.5: three more wrong)
# A period, comma or colon of its text this likely (and of the same digits) whose ink went into
# a digit's is read where the model emits it over that digit ("2,02" with the comma joined to
# the 0); a slash already from SEPARATOR_DENIED_SURE. (0.9: +2 of 300 tuning prices and dates
# on paper, none lost on 600 plain numbers.)
DOT_WRITTEN_IN_SURE = 0.9
TICK_ABOVE = 0.1  # x digit height
# In an image, a text of the sequence model's at least SPELLING_SURE likely is spelt by the
# path (`_spelled`), each digit's reading leaning on it with SPELLING_WEIGHT, when what that
# costs the path is less than SPELLING_LEAD times how much likelier the model finds its text,
# and never more than SPELLING_MARGIN. A text at least SPELLING_CERTAIN likely counts
# SPELLING_LEAD_CERTAIN times, up to SPELLING_MARGIN_CERTAIN: digits touching on paper that
# the path merges or drops ("1266" as "?6", "888888" as "8888") it reads at 91-99 %.
# (+3 of 300 tuning plain numbers on paper, +1 of 300 amounts on forms, none lost of 1,200.)
SPELLING_SURE, SPELLING_WEIGHT, SPELLING_LEAD, SPELLING_MARGIN = 0.1, 2.0, 1.0, 8.0
SPELLING_CERTAIN, SPELLING_LEAD_CERTAIN, SPELLING_MARGIN_CERTAIN = 0.9, 2.0, 40.0
# Where its digits are the path's but one that the recognizer reads this surely, "not a digit"
# under the second, the path's stand (+4 of 2,400 tuning images and +2 of 300 forms, none lost;
# the same reading kept from being left out of its spelling: +3, not the merges).
SPELLING_CLEAR = (0.9, 0.5)
AGREEMENT_SURE = 0.5
# Equal digits the sequence model's columns can merge into one when written close: narrow 1s
# ("11" is "1" to it), so a text with fewer of them is no reason to take one away. Others it
# parts ("41022" of a "/-" closing 4102 read as a 2 is 4102): forms +5 of 300 on folds 1-2.
MERGED_REPEATS = "1"
# Two straight "1"s where a date's slashes stand are slashes when both lean forward alike
# (within DATE_SLASHES_ALIKE degrees) and DATE_SLASH_LEAN degrees more than the line's other
# straight strokes (`_ones_parting_a_date`).
# Only dates of at least DATE_DIGITS digits (29/11/26, 1/2/2026): "414140" is no 4/4/40.
# Slashes written nearly upright (under SLASH_LEAST, as some people do) are slashes when they
# lean DATE_UPRIGHT_SLASH_LEAN degrees more than the writer's own 1s in the line.
DATE_SLASHES_ALIKE, DATE_SLASH_LEAN, DATE_DIGITS, DATE_UPRIGHT_SLASH_LEAN = 8.0, 5.0, 6, 10.0
# Two straight "1"s written alike that part a reading as a date does, where the parts make a
# date that exists (a day and a month of the year), are that date's slashes however they lean:
# some people write their slashes as upright as their 1s. They are read at this confidence
# (the rule's edge: the date is likelier than the number, not certain).
VALID_DATE_SLASH = 0.5
# A last "digit" the recognizer calls no digit, or a last straight "1" with marks after it,
# closes the number when fewer than this many characters are expected to start over it in
# the sequence model's text.
CLOSING_DIGIT = 0.5
# A number's confidence: sigmoid(a logit(p) + b) of the product p of its parts' (the product
# is too sure of long numbers and too doubtful of short ones). Fitted on the first fold's
# writers by `benchmarks/number_calibration.py --realworld DIR --fit fold-1 --check fold-2`,
# checked on the second's (calibration error 0.077 -> 0.025, refitted on the third round's
# final rules). Refitted on fold 1 alone with the ninth round's rules, fold 1's error went
# 0.031 -> 0.023 but fold 2's 0.022 -> 0.037 (more sure than fold 2's writers are read right):
# these constants, fitted on one fold and checked on the other, stay.
CALIBRATION = {"strokes": (0.398, 1.135), "images": (0.478, 0.836)}
DIGIT_LABELS = tuple("0123456789")


def sure_text(confidence: float) -> str:
    """A confidence as people read it: "97.1%", but ">99.9%" rather than "100.0%", a certainty
    no model has."""
    return ">99.9%" if confidence >= 0.9995 else f"{confidence:.1%}"


Box = tuple  # (x0, y0, x1, y1), exclusive ends


@dataclass(frozen=True)
class ReadDigit:
    """One digit of a reading: what the recognizer said, and where it is in the input."""

    prediction: Prediction  # (its image28 is what the model saw)
    box: Box  # in the input's coordinates: pad units for a drawing, pixels for an image

    @property
    def status(self) -> Status:
        return self.prediction.status

    @property
    def character(self) -> str:
        """Its digit, or "?" when it is uncertain or no digit."""
        return self.prediction.label if self.status == Status.DIGIT else "?"

    @property
    def confidence(self) -> float:
        """How sure the reading is of this position: its top class, and that it is a digit."""
        return _digit_probability(self.prediction)

    def to_dict(self) -> dict:
        digit = self.prediction.digit
        return {
            "digit": digit if digit is not None or self.status == Status.NOT_A_DIGIT else self.prediction.label,
            "confidence": round(self.confidence, 6),
            "status": self.status,
            "box": list(self.box),
        }


@dataclass(frozen=True)
class ReadSeparator:
    """A separator between two digits ('.', ',', '-', '/' or ':'), found by its shape and place."""

    character: str
    box: Box  # in the input's coordinates, as a digit's
    confidence: float
    status = "separator"  # (beside a digit's Status, in `Reading.characters`)

    def to_dict(self) -> dict:
        return {
            "character": self.character,
            "kind": "separator",
            "confidence": round(self.confidence, 6),
            "box": list(self.box),
        }


@dataclass(frozen=True)
class Reading:
    """A number read: its digits left to right, and the separators between them. `text` is
    the whole string, the unsure digits marked with "?"."""

    digits: tuple[ReadDigit, ...]
    separators: tuple[tuple[int, ReadSeparator], ...] = ()  # (how many digits come before it, the separator)
    # How sure the reading is of where the digits are: the chosen segmentation's share of all.
    segmentation_confidence: float = 1.0
    # (a, b): the confidence of a number of two or more characters is sigmoid(a logit(p) + b) of
    # the product p of its parts' (`CALIBRATION`); None: p itself.
    calibration: tuple[float, float] | None = None

    @property
    def characters(self) -> tuple[ReadDigit | ReadSeparator, ...]:
        """Digits and separators, left to right."""
        after = dict(self.separators)
        result: list = []
        for index, digit in enumerate(self.digits):
            if index in after:
                result.append(after[index])
            result.append(digit)
        return tuple(result)

    @property
    def text(self) -> str:
        return "".join(c.character for c in self.characters)

    @property
    def guess(self) -> str:
        """The most likely digit at every position, sure or not ("?" only where no digit is)."""
        return "".join(
            c.character
            if isinstance(c, ReadSeparator)
            else "?"
            if c.status == Status.NOT_A_DIGIT
            else c.prediction.label
            for c in self.characters
        )

    @property
    def confidence(self) -> float:
        """The chance that the whole text is right (every digit and separator read right, and
        the digits found where they are), calibrated on held-out writers' numbers."""
        product = self.uncalibrated_confidence
        if self.calibration is None or len(self.characters) < 2:
            return product
        a, b = self.calibration
        logit = math.log(max(product, FLOOR) / max(1.0 - product, FLOOR))
        return 1.0 / (1.0 + math.exp(-(a * logit + b)))

    @property
    def uncalibrated_confidence(self) -> float:
        """The product of every digit's and separator's confidence and the segmentation's."""
        if not self.digits:
            return 0.0
        return float(np.prod([c.confidence for c in self.characters])) * self.segmentation_confidence

    @property
    def unsure_positions(self) -> list[int]:
        """Indexes (into `digits`) of the digits marked "?"."""
        return [i for i, d in enumerate(self.digits) if d.character == "?"]

    def to_dict(self) -> dict:
        characters = [
            dict(c.to_dict(), kind="digit", character=c.character) if isinstance(c, ReadDigit) else c.to_dict()
            for c in self.characters
        ]
        return {
            "text": self.text,
            "confidence": round(self.confidence, 6),
            "digits": [d.to_dict() for d in self.digits],
            "characters": characters,
        }


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    score: float  # log-likelihood of this run being one digit, geometry included
    prediction: Any  # a `digitpad.recognizer.Prediction` (a layer above this one)
    box: Box  # in the layout's pixels


def layout_of(source, name: str | None = None) -> tuple[Layout, Callable[[Box], Box]]:
    """The pieces of any input `Recognizer.read` takes, and the map from their pixels back to
    the input's coordinates (pad units for a drawing, pixels for an image)."""
    if isinstance(source, Drawing):
        if source.is_image:
            image = source.reading_image if source.reading_image is not None else source.image28
            return _image_layout(image, source.source or name)
        if not source.strokes:
            raise EmptyImageError("nothing drawn")
        layout = stroke_layout(source.strokes, source.stroke_widths())
        scale = STROKE_SUPERSAMPLING
        return layout, lambda box: tuple(round(v / scale, 2) for v in box)
    return _image_layout(source, name)


def _image_layout(source, name: str | None):
    name = name or default_name(source)
    ink, (width, height) = source_ink(source, name, NUMBER_WORKING_SIDE)
    layout = image_layout(ink)  # (TooManyMarks: named by Recognizer.read)
    if not layout.pieces:  # ink, but only specks (or lines taken away)
        raise EmptyImageError(f"{name}: no ink found but specks" if name else "no ink found but specks")
    sx = width / ink.shape[1] * layout.reduced_by
    sy = height / ink.shape[0] * layout.reduced_by
    return layout, lambda box: (
        int(box[0] * sx),
        int(box[1] * sy),
        min(width, math.ceil(box[2] * sx)),
        min(height, math.ceil(box[3] * sy)),
    )


def read_layout(
    layout: Layout,
    predict_images28: Callable[[np.ndarray], list],
    to_input: Callable[[Box], Box],
    wholeness: ReadingAid | None = None,
    sequence: ReadingAid | None = None,
) -> Reading:
    """The best reading of `layout`. `predict_images28` reads (N, 28, 28) images into Predictions;
    `to_input` turns a box in the layout's pixels into the input's coordinates; `wholeness`,
    `sequence`: the networks that help (`digitpad.reading.reading_aids`; None: read without)."""
    if not layout.pieces:
        return Reading(())
    evidence = None if sequence is None else sequence_evidence(layout, sequence)
    if evidence is not None:
        # touching digits parted where it sees them meet
        boundaries = evidence.boundaries_beside()
        layout = layout.recut(
            [x for x, before, after in boundaries if not (before or after)],
            evidence.digit_places(),
            [(x, before, after) for x, before, after in boundaries if before or after],
        )
    runs = layout.candidates()
    inks = _held_inks(layout, runs)
    images = np.stack([ink_to_mnist(inks[k] if inks else layout.ink(*run)) for k, run in enumerate(runs)])
    predictions = predict_images28(images)
    whole = _whole_probabilities(layout, runs, inks, images, wholeness)
    slash_from = _slash_lean(layout)
    printed = layout.printed_lines
    trailing = frozenset(_trailing(layout, slash_from, printed))
    no_digits = trailing | printed
    separators = separator_like(layout, slash_from) | no_digits
    if len(runs) < 2:
        evidence = None  # one digit: read exactly as `Recognizer.predict` reads it
    boxes = [layout.box(start, end) for start, end in runs]
    predictions = [_fused(prediction, evidence, box) for prediction, box in zip(predictions, boxes)]
    candidates = [
        _Candidate(
            start,
            end,
            _score(layout, start, end, prediction, p_whole, separators, no_digits)
            - _sequence_count_price(evidence, box),
            prediction,
            box,
        )
        for (start, end), prediction, p_whole, box in zip(runs, predictions, whole, boxes)
    ]
    chosen, segmentation = _best_path(layout, candidates, separators)
    if evidence is not None:
        chosen = _without_closing_marks(layout, evidence, chosen)
        if not layout.from_strokes:
            chosen, segmentation = _spelled(
                layout, candidates, separators, evidence, chosen, segmentation, _closing_slash_at(layout, trailing)
            )
        chosen, segmentation = _agreed(evidence, chosen, segmentation)  # (also where it spelt the model's digits)
    chosen = _ones_beside_dots(layout, candidates, chosen, slash_from)
    chosen, found = _separators(layout, chosen, slash_from, evidence)
    chosen, found = _slashes_in_a_date(layout, candidates, chosen, found)
    chosen, found = _ones_parting_a_date(layout, chosen, found)
    chosen, found = _slashes_the_model_reads(layout, chosen, found, evidence)
    chosen, found = _ones_making_a_valid_date(layout, chosen, found)
    return Reading(
        tuple(ReadDigit(c.prediction, to_input(c.box)) for c in chosen),
        tuple((f.after, ReadSeparator(f.character, to_input(f.box), f.confidence)) for f in found),
        segmentation,
        CALIBRATION["strokes" if layout.from_strokes else "images"],
    )


def _separators(
    layout: Layout, chosen: list[_Candidate], slash_from: float, evidence=None
) -> tuple[list[_Candidate], list[Found]]:
    """The separators between the chosen digits: marks left out or set aside, and single-piece
    "digits" between two others that are a slash or a dash by their shape (a slash reads as a 1),
    unless a period or a comma shares their gap (no one writes two separators between two digits).
    `slash_from`: the lean from which a straight, tall piece is a slash (`_slash_lean`).
    With the sequence model's `evidence`, a separator it clearly emits there settles what the
    rules leave open: a mark the rules call nothing, a period they call a comma or a colon."""
    cut = _cut_from_more(layout)
    # On the pad a part of a stroke is never a separator: people lift the pen before and after
    # one, so a dash-like part of a longer stroke is a digit's own (the long bar of a 4 written
    # as an "L" and a stem, a 7's crossbar reaching past its stem). In an image a separator may
    # touch a digit, and its ink is then cut from the digit's.
    stroke_parts = cut if layout.from_strokes else frozenset()
    marks = [m for m in _marks(layout, chosen) if id(m.piece) not in stroke_parts]
    converted: list[Found] = []
    kept: list[_Candidate] = []
    for index, candidate in enumerate(chosen):
        if (
            0 < index < len(chosen) - 1
            and candidate.end == candidate.start + 1
            and id(layout.pieces[candidate.start]) not in stroke_parts
        ):
            before, after = chosen[index - 1].box, chosen[index + 1].box
            shape = classify_between(Mark.of(layout.pieces[candidate.start]), before, after, slash_from)
            if (
                shape is not None
                and shape[0] in "/-"
                and not _read_as_one(evidence, candidate.box, shape[0])
                and not _dot_between(marks, before, after, slash_from)
            ):
                converted.append(Found(shape[0], len(kept), candidate.box, shape[1], ()))
                continue
        kept.append(candidate)
    taken = {f.after for f in converted}
    found = converted + [f for f in find_separators([c.box for c in kept], marks, slash_from) if f.after not in taken]
    if evidence is not None:
        found = _separators_checked(found, kept, marks, evidence, cut, not layout.from_strokes)
    return kept, sorted(found, key=lambda f: f.after)


def _marks(layout: Layout, chosen: list[_Candidate]) -> list[Mark]:
    """The ink the path leaves out of its digits, and the marks set aside (in an image, those
    that stand apart from the digits' ink)."""
    covered = {i for c in chosen for i in range(c.start, c.end)}
    digit_ink = [layout.pieces[i] for i in sorted(covered)]
    return [
        Mark.of(p)
        for p in [p for i, p in enumerate(layout.pieces) if i not in covered] + list(layout.set_aside)
        if layout.from_strokes or _apart(p, digit_ink, layout.digit_height)
    ]


def _dot_between(marks: Sequence[Mark], before: Box, after: Box, slash_from: float) -> bool:
    """Whether a period or a comma stands in the gap between two digits' boxes."""
    return any((classify_between(m, before, after, slash_from) or ("",))[0] in (".", ",") for m in marks)


def _ones_beside_dots(
    layout: Layout, candidates: Sequence[_Candidate], chosen: list[_Candidate], slash_from: float
) -> list[_Candidate]:
    """The path with a straight piece it left out as a slash taken back as a 1 (when the
    recognizer reads it so) where a period or a comma stands beside it between the same two
    digits: "81.22" written with a 1 leaning as far as a slash (`_separators` keeps it a 1)."""
    ones = {id(layout.pieces[c.start]): c for c in candidates if c.end == c.start + 1 and c.prediction.label == "1"}
    marks = _marks(layout, chosen)
    added = []
    for before, after in zip(chosen, chosen[1:]):
        slashes = [
            ones[id(m.piece)]
            for m in marks
            if id(m.piece) in ones and (classify_between(m, before.box, after.box, slash_from) or ("",))[0] == "/"
        ]
        if len(slashes) == 1 and _dot_between(marks, before.box, after.box, slash_from):
            added += slashes
    return sorted(chosen + added, key=lambda c: c.start) if added else chosen


def _date_like(groups: list[int]) -> bool:
    """Whether digit groups parted by slashes are as people write a date or a fraction:
    29/11/2026, 1/2/26, 2026/11/29, 11/2026, 3/4 (days and months of one or two digits, years
    of two or four)."""
    day, year = (1, 2), (2, 4)
    if len(groups) == 2:
        return groups[0] in day and (groups[1] in day or groups[1] in year)
    if len(groups) == 3:
        return (groups[0] in day and groups[1] in day and groups[2] in year) or (
            groups[0] == 4 and groups[1] in day and groups[2] in day
        )
    return False


def _says_something(first: str, second: str) -> bool:
    """Whether two digit groups parted by one slash say something: a month and a year (11/2026,
    3/26), a day and a month (29/11), a fraction (3/4, 15/16). Not "97/8282" nor "44/23"."""
    if not (first.isdigit() and second.isdigit()):
        return True  # not all digits: no telling
    top, bottom = int(first), int(second)
    month_year = 1 <= top <= 12 and len(second) in (2, 4)
    day_month = 1 <= top <= 31 and 1 <= bottom <= 12 and len(second) <= 2
    fraction = 0 < top < bottom and len(second) <= 2
    return month_year or day_month or fraction


def _slashes_in_a_date(
    layout: Layout, candidates: Sequence[_Candidate], chosen: list[_Candidate], found: list[Found]
) -> tuple[list[_Candidate], list[Found]]:
    """The slashes of the reading when they part its digits as a date or a fraction does (one
    slash: as a month and a year, a day and a month or a fraction do, `_says_something`);
    otherwise the slashes that are one straight piece the recognizer reads as a 1 are 1s
    (a hand that leans its 1s as far as slashes: "084/1/9" is 0841119, "0/36.935" 0136.935,
    "97/8282" 9718282), the other separators kept where they stand."""
    slashes = [f for f in found if f.character == "/"]
    if not slashes:
        return chosen, found
    cuts = sorted(f.after for f in slashes)
    groups = [b - a for a, b in zip([0] + cuts, cuts + [len(chosen)])]
    labels = "".join(c.prediction.label for c in chosen)
    if _date_like(groups) and (len(cuts) > 1 or _says_something(labels[: cuts[0]], labels[cuts[0] :])):
        return chosen, found
    single = {(c.start, c.end): c for c in candidates if c.end == c.start + 1}
    by_box = {(p.left, p.top, p.right, p.bottom): i for i, p in enumerate(layout.pieces)}
    ones = []
    for slash in slashes:
        left, top, right, bottom = (int(v) for v in slash.box)
        index = by_box.get((left, top, right, bottom)) if len(slash.marks) <= 1 else None
        one = single.get((index, index + 1)) if index is not None else None
        if one is None or one.prediction.label != "1":
            return chosen, found  # not every slash can be a 1: leave them all
        ones.append((slash, one))
    digits = sorted(chosen + [one for _, one in ones], key=lambda c: (c.box[0] + c.box[2]) / 2)
    others = [
        dataclasses.replace(f, after=f.after + sum(slash.after < f.after for slash in slashes))
        for f in found
        if f.character != "/"
    ]
    return digits, others


def _ones_parting_a_date(
    layout: Layout, chosen: list[_Candidate], found: list[Found]
) -> tuple[list[_Candidate], list[Found]]:
    """A reading without separators whose two "1"s stand where a date's slashes do (29 1 11 1
    2026) is that date (of DATE_DIGITS digits or more), when they are single straight strokes
    that lean forward (at least SLASH_LEAST degrees, or DATE_UPRIGHT_SLASH_LEAN more than the
    line's other straight strokes; within DATE_SLASHES_ALIKE of each other) and further than
    every other straight stroke of the line by DATE_SLASH_LEAN: a hand that writes its slashes
    steeper than the rules' 26 degrees still leans them more than its 1s."""
    if found or len(chosen) < DATE_DIGITS + 2:
        return chosen, found
    straight = _straight_strokes(layout, chosen)
    ones = [i for i in straight if chosen[i].prediction.label == "1"]
    for first, second in itertools.combinations(ones, 2):
        groups = [first, second - first - 1, len(chosen) - second - 1]
        if not (_date_like(groups) and sum(groups) >= DATE_DIGITS):
            continue
        leans = (straight[first], straight[second])
        others = [lean for i, lean in straight.items() if i not in (first, second)]
        leaning = min(leans) >= SLASH_LEAST or bool(others) and min(leans) >= max(others) + DATE_UPRIGHT_SLASH_LEAN
        if (
            leaning
            and abs(leans[0] - leans[1]) <= DATE_SLASHES_ALIKE
            and all(min(leans) >= lean + DATE_SLASH_LEAN for lean in others)
        ):
            return _read_as_slashes(chosen, (first, second), lambda _: rule_fit(min(leans), SLASH_LEAST, 8.0))
    return chosen, found


def _a_real_date(groups: list[str]) -> bool:
    """Whether digit groups are a date that exists: day and month (either order) then a year of
    2 or 4 digits, or a year of 4 digits, a month and a day."""
    if len(groups) != 3 or not all(groups):
        return False
    if len(groups[0]) == 4:
        month, day = int(groups[1]), int(groups[2])
        return 1 <= month <= 12 and 1 <= day <= 31 and len(groups[1]) <= 2 and len(groups[2]) <= 2
    first, second = int(groups[0]), int(groups[1])
    day_month = 1 <= first <= 31 and 1 <= second <= 12
    month_day = 1 <= first <= 12 and 1 <= second <= 31
    return (day_month or month_day) and len(groups[2]) in (2, 4) and max(map(len, groups[:2])) <= 2


def _ones_making_a_valid_date(
    layout: Layout, chosen: list[_Candidate], found: list[Found]
) -> tuple[list[_Candidate], list[Found]]:
    """A reading without separators whose two straight "1"s, written alike (within
    DATE_SLASHES_ALIKE degrees), stand where a date's slashes do, of DATE_DIGITS digits or more,
    and leave a date that exists (`_a_real_date`: "12 1 06 1 2026", not "04 1 77 1 0144"): the
    date, its slashes at VALID_DATE_SLASH. Where the slashes lean no more than the writer's 1s,
    the date and the number are told apart by what they say, as a person does."""
    if found or len(chosen) < DATE_DIGITS + 2:
        return chosen, found
    straight = _straight_strokes(layout, chosen)
    ones = [i for i in straight if chosen[i].prediction.label == "1" and 0 < i < len(chosen) - 1]
    for first, second in itertools.combinations(ones, 2):
        counts = [first, second - first - 1, len(chosen) - second - 1]
        if not (_date_like(counts) and sum(counts) >= DATE_DIGITS):
            continue
        labels = "".join(c.prediction.label for i, c in enumerate(chosen) if i not in (first, second))
        groups = [labels[: counts[0]], labels[counts[0] : counts[0] + counts[1]], labels[counts[0] + counts[1] :]]
        if (
            all(label.isdigit() for label in labels)
            and _a_real_date(groups)
            and abs(straight[first] - straight[second]) <= DATE_SLASHES_ALIKE
        ):
            return _read_as_slashes(chosen, (first, second), lambda _: VALID_DATE_SLASH)
    return chosen, found


def _read_as_slashes(
    chosen: list[_Candidate], places: Sequence[int], confidence: Callable[[int], float]
) -> tuple[list[_Candidate], list[Found]]:
    """The reading with the chosen `places` (ascending) read as slashes: the digits without
    them, and a slash after the digits before each, at `confidence(place)`."""
    digits = [c for i, c in enumerate(chosen) if i not in places]
    slashes = [Found("/", place - k, chosen[place].box, confidence(place), ()) for k, place in enumerate(places)]
    return digits, slashes


def _straight_strokes(layout: Layout, chosen: list[_Candidate]) -> dict[int, float]:
    """The chosen places that are one straight stroke as tall as a slash, and the lean of each
    (degrees, forward positive)."""
    straight = {}
    for index, candidate in enumerate(chosen):
        piece = layout.pieces[candidate.start]
        if candidate.end == candidate.start + 1 and _straight_and_tall(piece, layout.digit_height):
            straight[index] = piece.line_shape[0]
    return straight


def _slashes_the_model_reads(
    layout: Layout, chosen: list[_Candidate], found: list[Found], evidence
) -> tuple[list[_Candidate], list[Found]]:
    """A reading without separators where the sequence model reads straight "1"s of the path as
    slashes (emits "/" over them at least SEPARATOR_EMITTED likely): they are slashes when they
    part the digits as a date does, of DATE_DIGITS digits or more. When it sees one of a
    date's slashes, another straight "1" leaning alike (within DATE_SLASHES_ALIKE degrees), or
    over which it emits "/" half as likely, is the other: a writer's two slashes are written
    alike, and they can be no steeper than its 1s (59/42/4631), where the rules cannot tell
    them apart."""
    if evidence is None or found or len(chosen) < 3:
        return chosen, found
    straight = _straight_strokes(layout, chosen)
    ones = [i for i in straight if chosen[i].prediction.label == "1" and 0 < i < len(chosen) - 1]
    reach = SEQUENCE_REACH * evidence.column_width
    emitted = {}
    for index in ones:
        box = chosen[index].box
        emitted[index] = float(evidence.emitted(box[0] - reach, box[2] + reach)[ALPHABET.index("/")])
    seen = {index: slash for index, slash in emitted.items() if slash >= SEPARATOR_EMITTED}
    if not seen:
        return chosen, found
    options = [tuple(sorted(seen))]
    # A slash it sees and another straight "1" leaning alike, or over which it half sees one
    # (a steep first slash of "13/23/5001" at 48 %), the likeliest pair first.
    pairs = sorted(
        (-(seen[index] + emitted[other]), tuple(sorted((index, other))))
        for index in seen
        for other in ones
        if other != index
        and (abs(straight[other] - straight[index]) <= DATE_SLASHES_ALIKE or emitted[other] >= SEPARATOR_EMITTED / 2)
    )
    options += [pair for _, pair in pairs]
    for option in options:
        groups = [b - a - 1 for a, b in zip((-1,) + option, option + (len(chosen),))]
        if not _date_like(groups) or sum(groups) < DATE_DIGITS:  # (8/92 and 4/4 are more often 8192, 414)
            continue
        confidence = min(seen.values())
        return _read_as_slashes(chosen, option, lambda index: seen.get(index, confidence))
    return chosen, found


def _read_as_one(evidence, box: Box, separator: str) -> bool:
    """Whether the sequence model reads a single piece the rules call a slash or a dash as a
    1: it emits the 1 there and hardly the separator."""
    if evidence is None:
        return False
    reach = SEQUENCE_REACH * evidence.column_width
    emitted = evidence.emitted(box[0] - reach, box[2] + reach)
    return emitted[1] >= ONE_NOT_SLASH and emitted[ALPHABET.index(separator)] < SEPARATOR_ABSENT


def _emitted_separator(evidence, x0: float, x1: float) -> tuple[str, float] | None:
    """The separator the sequence model emits between two digits' boxes (x0..x1, one column
    either side), when it is at least SEPARATOR_EMITTED likely."""
    reach = SEQUENCE_REACH * evidence.column_width
    emitted = evidence.emitted(x0 - reach, x1 + reach)
    k = int(np.argmax(emitted[10:]))
    return (ALPHABET[10 + k], float(emitted[10 + k])) if emitted[10 + k] >= SEPARATOR_EMITTED else None


def _separators_checked(
    found: list[Found],
    digits: list[_Candidate],
    marks: list[Mark],
    evidence,
    cut: frozenset[int] = frozenset(),
    unseen: bool = True,
) -> list[Found]:
    """The rules' separators, each gap between two digits checked against what the sequence
    model emits between their boxes: a separator it emits where the rules found marks but no
    separator is added; one the rules read as another (but a colon) is changed; a
    period its sure text of the same digits does not have is dropped when it is a tick
    (`_a_tick`), and any separator whose ink was cut from a larger stroke or piece of ink
    (`cut`: the `id`s of such pieces) where it emits none. With `unseen` False (on
    the pad) it adds none where no mark is left: a separator is a stroke of its own there, so
    what it reads in a gap without one is a digit's stroke (a 4's long bar read as a dash)."""
    by_gap = {f.after: f for f in found}
    agreed = _reads_the_same_digits(evidence, digits)
    sure = agreed and evidence.text_probability >= SEPARATOR_DENIED_SURE
    if sure:
        in_text = _text_separators(evidence.text)
        by_gap = {after: f for after, f in by_gap.items() if after in in_text or not _a_tick(f, digits)}
    # One cut from a larger piece of ink stays only where it emits a separator (at least
    # SEPARATOR_EMITTED), however unsure its text: a 2's tail end, a 0's side touching the 3
    # after it cut off as periods (7022.955, 160.3706). (Only where its text was 95 % sure
    # before: +9 of 2,400 tuning images, none lost.) One written on its own stays: it misses
    # small periods.
    by_gap = {
        after: f
        for after, f in by_gap.items()
        if not (_carved(f, cut) and _emitted_separator(evidence, f.box[0], f.box[2]) is None)
    }
    for after in range(1, len(digits)):
        left, right = digits[after - 1].box[2], digits[after].box[0]
        present = by_gap.get(after)
        emitted = _emitted_separator(evidence, min(left, right), max(left, right))
        if emitted is None:
            continue
        character, confidence = emitted
        if present is None:
            here = [m for m in marks if left - evidence.column_width <= m.centre[0] <= right + evidence.column_width]
            if here:
                box = (
                    min(m.box[0] for m in here),
                    min(m.box[1] for m in here),
                    max(m.box[2] for m in here),
                    max(m.box[3] for m in here),
                )
                by_gap[after] = Found(character, after, box, confidence, tuple(here))
            elif (
                confidence >= SEPARATOR_UNSEEN and agreed and unseen and not _a_fours_bar(character, digits[after - 1])
            ):
                _add_unseen(by_gap, after, character, confidence, digits, evidence)
        elif (
            present.character not in (character, ":")
            and confidence >= SEPARATOR_OVERRULED
            and (
                character != "/"
                or _carved(present, cut)
                or _as_tall_as_a_slash(present, digits[after - 1].box, digits[after].box)
            )
        ):
            # (A colon the rules find is two dots one above the other: it stays. A small mark
            # written on its own is no slash, however sure the model: it reads "5,12" with a long
            # comma as 5/12. One cut from a digit's ink may be what is left of a slash.)
            by_gap[after] = dataclasses.replace(present, character=character, confidence=confidence)
    if sure:
        # Its sure text's slashes whose ink went into a digit so far that it emits them over the
        # digit rather than in the gap (written into the 4 and the 9 of 11/49/5556), and dots
        # when it is surer still (DOT_WRITTEN_IN_SURE). Never dashes: it takes the bar of a 4
        # written in two strokes for a dash.
        for after, character in _text_separators(evidence.text).items():
            written_in = character == "/" or (character in ".,:" and evidence.text_probability >= DOT_WRITTEN_IN_SURE)
            if written_in and after not in by_gap and 0 < after < len(digits):
                _add_unseen(by_gap, after, character, evidence.text_probability, digits, evidence)
    return list(by_gap.values())


def _as_tall_as_a_slash(separator: Found, before: Box, after: Box) -> bool:
    """Whether a separator's ink is as tall as a slash between these two digits (SLASH_HEIGHT)."""
    return separator.box[3] - separator.box[1] >= SLASH_HEIGHT * between(before, after)[1]


def _a_fours_bar(character: str, before: _Candidate) -> bool:
    """Whether a dash the sequence model reads where no mark is left is the bar of the 4 before
    it, reaching past the stem as some people write it ("14-17" of 1417, every 4 of theirs).
    A dash written touching a 4 is taken for its bar too, but that is one number of a
    writer's, a long bar all their numbers with a 4 (tuning: +10 -3 of 2,400 image readings)."""
    return character == "-" and before.prediction.label == "4"


def _add_unseen(
    by_gap: dict[int, Found], after: int, character: str, confidence: float, digits: list[_Candidate], evidence
) -> None:
    """A separator the sequence model reads where no mark is left (its ink went into a digit:
    a dash touching the 7 before it), placed where it is emitted, when that is between the two
    digits' middles (not the next gap's)."""
    before, behind = digits[after - 1].box, digits[after].box
    box = _emission_box(evidence, character, before, behind)
    if (before[0] + before[2]) / 2 < (box[0] + box[2]) / 2 < (behind[0] + behind[2]) / 2:
        by_gap[after] = Found(character, after, box, confidence, ())


def _cut_from_more(layout: Layout) -> frozenset[int]:
    """The `id`s of the layout's pieces cut from a larger stroke or piece of ink (the marks set
    aside are whole)."""
    return frozenset(id(p) for i, p in enumerate(layout.pieces) if layout.cut_through(i, i + 1))


def _carved(separator: Found, cut: frozenset[int]) -> bool:
    """Whether a separator's ink was cut from a larger stroke or piece of ink: a 2's tail end
    cut off as a period, a 4's bar as a dash. (A separator written on its own is its own stroke
    or piece: the sequence model misses small periods, however sure it is.)"""
    return bool(separator.marks) and all(id(m.piece) in cut for m in separator.marks)


def _a_tick(separator: Found, digits: list[_Candidate]) -> bool:
    """Whether a period the rules find is the pen's tick as it left the digit before it: it
    begins within that digit and ends above the line (TICK_ABOVE). A dot on the line stays,
    however close to the digits (a 2's base reaching out under the period of "12.50")."""
    if separator.character != ".":
        return False
    before, after = digits[separator.after - 1].box, digits[separator.after].box
    top, height = between(before, after)
    return separator.box[0] < before[2] and separator.box[3] < top + (1.0 - TICK_ABOVE) * height


def _text_separators(text: str) -> dict[int, str]:
    """The separators of a text by the gap of its digits they stand in (1: after its first digit)."""
    found, digits = {}, 0
    for character in text:
        if character in DIGIT_LABELS:
            digits += 1
        elif digits:
            found[digits] = character
    return found


def _emission_box(evidence, character: str, before: Box, after: Box) -> Box:
    """The box of a separator found only by the sequence model: the column between two digits
    where it is most emitted, as tall as the digits beside it."""
    reach = evidence.column_width
    t0, t1 = evidence.columns(min(before[2], after[0]) - reach, max(before[2], after[0]) + reach)
    column = t0 + int(np.argmax(evidence.probabilities[t0:t1, ALPHABET.index(character) + 1]))
    x = evidence.left + ((column + 0.5) * evidence.step - MARGIN) / evidence.scale
    half = evidence.column_width / 2
    return (x - half, min(before[1], after[1]), x + half, max(before[3], after[3]))


def _ink_points(piece, limit: int = 300) -> np.ndarray:
    rows, cols = np.nonzero(piece.ink > 0.25)
    points = np.stack([cols + piece.left, rows + piece.top], axis=1).astype(np.float32)
    return points[:: len(points) // limit + 1]


def _apart(piece, digits, height: float) -> bool:
    """Whether a mark's ink in an image stands apart from every digit's: a sliver broken off a
    stroke (a thin line at low resolution, JPEG) lies against the ink it came from, a period
    does not. (On the pad every piece is a whole stroke: no such test.)"""
    reach = max(SEPARATOR_APART * height, SEPARATOR_APART_PIXELS)
    points = None
    for digit in digits:
        if (
            digit.left - reach > piece.right
            or piece.left - reach > digit.right
            or digit.top - reach > piece.bottom
            or piece.top - reach > digit.bottom
        ):
            continue
        points = _ink_points(piece) if points is None else points
        other = _ink_points(digit)
        if len(points) and len(other) and (((points[:, None, :] - other[None, :, :]) ** 2).sum(-1).min() < reach**2):
            return False
    return True


def _digit_probability(prediction) -> float:
    """P(its top class) x P(a digit at all): what a candidate scores and a read digit reports."""
    return float(prediction.confidence * (1.0 - (prediction.not_a_digit_probability or 0.0)))


def _held_inks(layout: Layout, runs) -> list | None:
    """Every candidate's ink crop, to be made once for its image and its context; None (each
    is cropped twice) when they would take more than HELD_INK_BYTES: on a busy image holding
    them all took gigabytes."""
    area = sum((right - left) * (bottom - top) for left, top, right, bottom in (layout.box(*run) for run in runs))
    return [layout.ink(*run) for run in runs] if 4 * area <= HELD_INK_BYTES else None


def _whole_probabilities(layout: Layout, runs, inks, images28: np.ndarray, aid: ReadingAid | None) -> list:
    """Each candidate's chance of being one whole digit (`digitpad.reading.wholeness`); None for each
    when there is only one candidate (nothing to choose) or the network is not available."""
    if len(runs) > 1 and aid is not None:
        whole = whole_probability(wholeness_input(images28, layout.contexts(runs, inks)), aid)
        if whole is not None:
            # One straight, tall stroke of the pen is a whole 1 (or a 4's stem, which the path
            # joins to the rest of its 4), whatever ink stands around it: a 1 written inside
            # the next digit's box looked like a fragment of it to the network.
            return [
                max(p, WHOLE_STROKE) if layout.from_strokes and end == start + 1 and layout.is_line(start) else p
                for p, (start, end) in zip(whole, runs)
            ]
    return [None] * len(runs)


def _score(
    layout: Layout,
    start: int,
    end: int,
    prediction,
    p_whole: float | None = None,
    separators: frozenset[int] = frozenset(),
    no_digits: frozenset[int] = frozenset(),
) -> float:
    """How likely pieces[start:end] are one digit, geometry included. `no_digits`: pieces that
    are never a digit, even on their own (a closing "/-", a form's printed line)."""
    height = layout.digit_height
    left, top, right, bottom = layout.box(start, end)
    # "Not a digit" counts for at most NOT_A_DIGIT_FLOOR here: a digit cut from touching ink keeps
    # a tip of its neighbour, which the model (taught that a digit with a stroke across it is no
    # digit) may refuse outright; whether a candidate is one whole digit is the wholeness
    # network's call. Its status still says what the model says.
    is_digit = max(1.0 - (prediction.not_a_digit_probability or 0.0), NOT_A_DIGIT_FLOOR)
    score = math.log(max(prediction.confidence * is_digit, FLOOR)) - PER_DIGIT
    if p_whole is not None:
        score += WHOLENESS * math.log(max(p_whole, FLOOR))
    score -= TOO_WIDE * max(0.0, (right - left) / height - WIDE_FROM)
    score -= TOO_SHORT * max(0.0, SHORT_FROM - (bottom - top) / height)
    score -= APART * layout.separations(start, end)
    score -= TWO_TALL * layout.side_by_side(start, end)
    score -= LINES * layout.lines_side_by_side(start, end)
    if (
        layout.from_strokes
        and end > start + 1
        and prediction.label not in LINE_DIGITS
        and any(layout.is_line(i) for i in range(start, end))
    ):
        score -= LINE_JOINED  # a 1 written into the 2 beside it is no part of that 2
    if any(start <= i < end for i in separators) and (end > start + 1 or start in no_digits):
        score -= SEPARATOR_IN_DIGIT  # a dash beside a 1 is no 4; a closing "/-" is no "1"
    return score


def _fused(prediction, evidence, box: Box, weight: float = SEQUENCE_WEIGHT):
    """The recognizer's reading of a candidate with the sequence model's word on the same
    columns of the line, as two independent opinions: each digit's probability times how
    likely the sequence model emits it there, and the odds of "not a digit" times the odds that
    it emits no digit there (each to the power SEQUENCE_WEIGHT)."""
    if evidence is None or tuple(prediction.labels) != DIGIT_LABELS:
        return prediction
    reach = SEQUENCE_REACH * evidence.column_width  # its columns are not exactly where the ink is
    emitted = np.clip(evidence.emitted(box[0] - reach, box[2] + reach)[:10], SEQUENCE_FLOOR, 1.0 - SEQUENCE_FLOOR)
    probabilities = prediction.probabilities * emitted**weight
    probabilities = probabilities / probabilities.sum()
    index = int(probabilities.argmax())
    not_a_digit = prediction.not_a_digit_probability
    if not_a_digit is not None:
        seen = float(emitted.max())
        if seen > 0.5 and evidence.count(box[0], box[2]) > SEQUENCE_ONE_CHARACTER:
            seen = 0.5  # two characters where a merge of two digits stands: no word on "a digit"
        odds = (max(not_a_digit, FLOOR) / max(1.0 - not_a_digit, FLOOR)) * ((1.0 - seen) / seen) ** weight
        not_a_digit = odds / (1.0 + odds)
    return dataclasses.replace(
        prediction,
        label=prediction.labels[index],
        index=index,
        confidence=float(probabilities[index]),
        probabilities=probabilities,
        not_a_digit_probability=not_a_digit,
    )


def _sequence_count_price(evidence, box: Box) -> float:
    """A candidate digit over which the sequence model emits no character (a fragment) or
    two (a merge) costs SEQUENCE_COUNT per character more or fewer than one."""
    return 0.0 if evidence is None else SEQUENCE_COUNT * abs(evidence.count(box[0], box[2]) - 1.0)


def separator_like(layout: Layout, slash_from: float) -> frozenset[int]:
    """The pieces shaped and placed like a separator, or a colon's dot, between the tall pieces
    on either side."""
    tall = [p for p in layout.pieces if p.height >= SEPARATOR_NEIGHBOUR * layout.digit_height]
    found = set()
    for index, piece in enumerate(layout.pieces):
        left = [p for p in tall if p.centre_x < piece.centre_x and p is not piece]
        right = [p for p in tall if p.centre_x > piece.centre_x and p is not piece]
        if left and right:
            before, after = (max(left, key=lambda p: p.centre_x), min(right, key=lambda p: p.centre_x))
            if could_be_separator(
                Mark.of(piece),
                (before.left, before.top, before.right, before.bottom),
                (after.left, after.top, after.right, after.bottom),
                slash_from,
            ):
                found.add(index)
    return frozenset(found)


def _closing_slash_at(layout: Layout, trailing: frozenset[int]) -> int | None:
    """Where the marks closing an amount begin when they hold a slash ("/-"), which the sequence
    model reads as a 1; None otherwise (a small "closing mark" may be a digit's end cut off)."""
    tall = [i for i in trailing if layout.pieces[i].height >= SLASH_HEIGHT * layout.digit_height]
    return min(trailing) if tall else None


def _trailing(layout: Layout, slash_from: float, printed: frozenset[int] = frozenset()) -> set[int]:
    """The pieces after the digits that close an amount (`trailing_marks`): everything after
    the last tall piece, or after the one before it (which leaves a slash of "/-" to them).
    `printed`: the pieces that are a form's printed lines (`Layout.printed_lines`)."""
    pieces = layout.pieces
    marks = [Mark.of(p) for p in pieces]
    tall = [
        i for i, p in enumerate(pieces) if p.height >= SEPARATOR_NEIGHBOUR * layout.digit_height and i not in printed
    ]
    if len(tall) < 2:
        return set()
    top = float(np.median([pieces[i].top for i in tall]))
    height = max(float(np.median([pieces[i].bottom for i in tall])) - top, 1.0)
    for last in (tall[-2], tall[-1]):
        after = len(pieces) - 1 - last
        # the line's 1s: its straight, tall strokes up to the last digit
        ones = [p.line_shape[0] for p in pieces[: last + 1] if _straight_and_tall(p, height)]
        closing_from = closing_slash_lean(ones)
        printed_after = [i in printed for i in range(last + 1, len(pieces))]
        closing = trailing_marks(
            marks[last + 1 :], marks[last].box, top, height, slash_from, closing_from, printed_after
        )
        if after and closing == after:
            return set(range(last + 1, len(pieces)))
    return set()


def _straight_and_tall(piece, height: float) -> bool:
    """Whether a piece is one straight stroke as tall as a slash (a 1 or a slash), the digits
    being `height` tall."""
    return piece.height >= SLASH_HEIGHT * height and piece.line_shape[1] <= SLASH_STRAIGHTNESS


def _slash_lean(layout: Layout) -> float:
    """The lean from which a straight, tall piece of this line is a slash (`slash_lean`); the
    first and last tall pieces are digits (no separator stands there)."""
    tall = [p for p in layout.pieces if p.height >= SLASH_HEIGHT * layout.digit_height]
    straight = [(piece, piece.line_shape[0]) for piece in tall if _straight_and_tall(piece, layout.digit_height)]
    edges = set()
    if tall:
        # (The last is no sure digit when marks follow it: it may be the slash of a closing "/-".)
        edges = {id(tall[0])} if tall[-1] is not layout.pieces[-1] else {id(tall[0]), id(tall[-1])}
    return slash_lean([lean for _, lean in straight], [lean for piece, lean in straight if id(piece) in edges])


def _leave_out_score(layout: Layout, candidate: _Candidate, separators: frozenset[int] = frozenset()) -> float | None:
    """The score of leaving a single small piece out as no digit; None when it may not be.
    A piece shaped and placed like a separator is left out cheaply (it is read as one later)."""
    if candidate.end != candidate.start + 1:
        return None
    if candidate.start in separators:
        return SEPARATOR_LEAVE_OUT
    piece = layout.pieces[candidate.start]
    if max(piece.width, piece.height) >= LEAVE_OUT_SIZE * layout.digit_height:
        return None
    # The model's word that it is no digit, but a fragment this small is unlikely to be a
    # digit whatever the model makes of it (it reads a sliver as a 1).
    not_a_digit = candidate.prediction.not_a_digit_probability or 0.0
    return math.log(max(not_a_digit, LEAVE_OUT_FLOOR)) - LEAVE_OUT_COST


def _overlap_cost(layout: Layout, previous: _Candidate | None, current: _Candidate) -> float:
    if previous is None:
        return 0.0
    overlap = (previous.box[2] - current.box[0]) / layout.digit_height
    return OVERLAP * max(0.0, overlap - OVERLAP_FROM)


def _best_path(
    layout: Layout, candidates: Sequence[_Candidate], separators: frozenset[int] = frozenset()
) -> tuple[list[_Candidate], float]:
    """Viterbi over the pieces, and the best path's share of all paths (the segmentation's
    doubt: `exp(best / T) / sum(exp(path / T))`, summed by the forward algorithm alongside).
    A state is (pieces covered, last digit kept), since the last digit's overlap with the next
    one counts; -1 stands for no digit yet."""
    starting_at: dict[int, list[int]] = {}
    for index, candidate in enumerate(candidates):
        starting_at.setdefault(candidate.start, []).append(index)
    # state -> (best score, its path, log-sum of exp(score / T) over every path reaching it)
    states: list[dict[int, tuple[float, tuple[int, ...], float]]] = [{} for _ in range(len(layout.pieces) + 1)]
    states[0][-1] = (0.0, (), 0.0)
    for position in range(len(layout.pieces)):
        for last, (score, path, total) in states[position].items():
            previous = candidates[last] if last >= 0 else None
            for index in starting_at.get(position, []):
                candidate = candidates[index]
                step = candidate.score - _overlap_cost(layout, previous, candidate)
                options = [(score + step, index, path + (index,), total + step / SEGMENTATION_TEMPERATURE)]
                left_out = _leave_out_score(layout, candidate, separators)
                if left_out is not None:  # the last digit stays: the next one's overlap is with it
                    options.append((score + left_out, last, path, total + left_out / SEGMENTATION_TEMPERATURE))
                reached = states[candidate.end]
                for new_score, new_last, new_path, new_total in options:
                    if new_last not in reached:
                        reached[new_last] = (new_score, new_path, new_total)
                        continue
                    best, best_path, summed = reached[new_last]
                    summed = float(np.logaddexp(summed, new_total))
                    reached[new_last] = (new_score, new_path, summed) if new_score > best else (best, best_path, summed)
    best, path, _ = max(states[-1].values(), key=lambda item: item[0])
    everything = float(np.logaddexp.reduce([total for _, _, total in states[-1].values()]))
    return [candidates[index] for index in path], math.exp(min(0.0, best / SEGMENTATION_TEMPERATURE - everything))


def _without_closing_marks(layout: Layout, evidence, chosen: list[_Candidate]) -> list[_Candidate]:
    """The reading without the marks after its last digit over which the sequence model starts
    no character (a closing "/-" or "=" the rules did not take for one): those the recognizer
    calls no digit, and a last "1" that is one straight stroke with more marks after it (the
    slash of a closing "/-": 914/- is no 9141). They close the number, they are no digit of it."""
    while len(chosen) > 1 and (
        chosen[-1].prediction.status == Status.NOT_A_DIGIT or _closing_slash(layout, chosen[-1])
    ):
        box = chosen[-1].box
        if evidence.count(box[0], box[2]) >= CLOSING_DIGIT:  # (a character starts over it)
            break
        chosen = chosen[:-1]
    return chosen


def _closing_slash(layout: Layout, last: _Candidate) -> bool:
    """Whether the last digit of a path may be the slash of a closing "/-": a "1" of one
    straight piece, with pieces after it that the path leaves out."""
    piece = layout.pieces[last.start]
    return (
        last.prediction.label == "1"
        and last.end == last.start + 1
        and last.end < len(layout.pieces)
        and piece.line_shape[1] <= SLASH_STRAIGHTNESS
    )


def _reads_the_same_digits(evidence, chosen: Sequence[_Candidate]) -> bool:
    """Whether the sequence model's likeliest text has the digits the path reads."""
    text = evidence.text
    return "".join(c for c in text if c in DIGIT_LABELS) == "".join(c.prediction.label for c in chosen)


def _agreed(evidence, chosen: list[_Candidate], segmentation: float) -> tuple[list[_Candidate], float]:
    """Where the sequence model's sure text (at least AGREEMENT_SURE likely) has the best path's
    digits, two readers that see the line differently agree: where the digits are is as sure
    as its text, and so is each digit's label; a digit its columns make surer still leans on
    them more (SPELLING_WEIGHT). None is made less sure: the columns of a narrow 1 beside a wide
    digit can lie outside its box, and the text says it is a digit whatever they say."""
    if not _reads_the_same_digits(evidence, chosen):
        return chosen, segmentation
    sure = evidence.text_probability
    if sure < AGREEMENT_SURE:
        return chosen, segmentation
    agreed = []
    for candidate in chosen:
        prediction = candidate.prediction
        leaning = _fused(prediction, evidence, candidate.box, SPELLING_WEIGHT)
        if leaning.label == prediction.label and leaning.confidence > prediction.confidence:
            prediction = dataclasses.replace(leaning, not_a_digit_probability=prediction.not_a_digit_probability)
        if prediction.confidence < sure and (prediction.not_a_digit_probability or 0.0) < 0.5:
            # Its columns can lie outside the digit's box (the last digit's often): its text still
            # reads this digit here. (A mark the recognizer doubts is a digit at all stays unsure.)
            prediction = _at_least(prediction, sure)
        if prediction.not_a_digit_probability is not None and prediction.not_a_digit_probability > 1.0 - sure:
            # Its text reads this digit here: "no digit" is at most as likely as that text is wrong
            # (the recognizer refuses a 4 whose bar reaches far out).
            prediction = dataclasses.replace(prediction, not_a_digit_probability=1.0 - sure)
        agreed.append(dataclasses.replace(candidate, prediction=prediction))
    return agreed, max(segmentation, sure)


def _at_least(prediction, confidence: float):
    """`prediction` with its label at least `confidence` likely, the others scaled down alike."""
    probabilities = prediction.probabilities * ((1.0 - confidence) / max(1.0 - prediction.confidence, FLOOR))
    probabilities[prediction.index] = confidence
    return dataclasses.replace(prediction, confidence=confidence, probabilities=probabilities)


def _spelled(
    layout: Layout,
    candidates: Sequence[_Candidate],
    separators: frozenset[int],
    evidence,
    chosen: list[_Candidate],
    segmentation: float,
    digits_end: int | None = None,
) -> tuple[list[_Candidate], float]:
    """In an image, where the sequence model reads other digits than the best path, the best
    path that spells its digits instead (each digit's reading leaning on it more,
    SPELLING_WEIGHT) when the two opinions together favour it: what spelling its digits costs
    the path against spelling the path's own, weighed against how much likelier the sequence
    model finds its text (SPELLING_LEAD times the difference of log-probabilities). On images
    it reads touching, broken and closing marks better than any cutting of the ink
    (benchmarks/number_reading.py, side by side). The segmentation's confidence is then its
    text's probability. No digit it spells reaches past `digits_end` (the pieces that close an
    amount: it reads the slash of "028/-" as a 1)."""
    text = evidence.text
    digits = "".join(c for c in text if c in DIGIT_LABELS)
    read = "".join(c.prediction.label for c in chosen)
    closing = digits == read[:-1] and chosen[-1].end < len(layout.pieces)  # marks after the last digit
    if (
        not digits
        or digits == read
        or (len(digits) < len(read) and _without_repeats(digits) == _without_repeats(read) and not closing)
    ):
        # (Two 1s close together can come out as one from its columns: "11" can be "1" to it.
        # It may add a 1, not take one, but the last when marks follow it: the slash of a
        # closing "/-" read as a 1.)
        return chosen, segmentation
    log_sure = text_log_probability(evidence.probabilities, text)
    if log_sure < math.log(SPELLING_SURE):
        return chosen, segmentation
    if _misses_a_clear_digit(layout, chosen, read, digits):
        return chosen, segmentation
    leaning = [
        dataclasses.replace(c, prediction=_fused(c.prediction, evidence, c.box, SPELLING_WEIGHT)) for c in candidates
    ]
    spelt = _spelling_path(layout, leaning, separators, digits, digits_end)
    own = _spelling_path(layout, leaning, separators, read, digits_end)
    if spelt is None:
        return chosen, segmentation
    if own is not None:
        # (A strip with a line taken away through the digits misleads the sequence model:
        # "2026" as "1010"; there the recognizer reads the digits clearly as others.)
        certain = log_sure >= math.log(SPELLING_CERTAIN)
        lead, margin = (SPELLING_LEAD_CERTAIN, SPELLING_MARGIN_CERTAIN) if certain else (SPELLING_LEAD, SPELLING_MARGIN)
        preferred = lead * (log_sure - _digits_log_probability(evidence.probabilities, read, text))
        cost = own[1] - spelt[1]
        if cost > min(preferred, margin):
            return chosen, segmentation
    return spelt[0], math.exp(log_sure)


def _misses_a_clear_digit(layout: Layout, chosen: list[_Candidate], read: str, digits: str) -> bool:
    """Whether the sequence model's `digits` are the path's (`read`) but one, read clearly
    (SPELLING_CLEAR, its own word on that place in it) in one piece of ink of its own, as tall
    as a digit. It misses digits of shapes it never learnt (a cursive 4 at a number's end) and
    is then sure of its text without them ("53496" of 534964 at 98 %). (Not a piece cut from
    more ink: the halves of a digit cut in two can each read clearly, "2300803834".)"""
    if len(read) != len(digits) + 1:
        return False
    return any(
        read[:k] + read[k + 1 :] == digits
        and chosen[k].end == chosen[k].start + 1
        and chosen[k].prediction.confidence >= SPELLING_CLEAR[0]
        and (chosen[k].prediction.not_a_digit_probability or 0.0) < SPELLING_CLEAR[1]
        and layout.pieces[chosen[k].start].height >= TALL * layout.digit_height
        and not layout.cut_through(chosen[k].start, chosen[k].end)
        for k in range(len(read))
    )


def _digits_log_probability(probabilities: np.ndarray, digits: str, text: str) -> float:
    """log P of `digits` under the sequence model, with the separators of its own `text` between
    them where the counts of digits agree (the separators are not the question here)."""
    options = [digits]
    if sum(c in DIGIT_LABELS for c in text) == len(digits):
        own = iter(digits)
        options.append("".join(next(own) if c in DIGIT_LABELS else c for c in text))
    return max(text_log_probability(probabilities, option) for option in options)


def _without_repeats(digits: str) -> str:
    """`digits` with each run of a digit the sequence model can merge (MERGED_REPEATS) as one."""
    return "".join(d for i, d in enumerate(digits) if i == 0 or d != digits[i - 1] or d not in MERGED_REPEATS)


def _spelling_path(
    layout: Layout,
    candidates: Sequence[_Candidate],
    separators: frozenset[int],
    digits: str,
    digits_end: int | None = None,
) -> tuple[list[_Candidate], float] | None:
    """The best path (as `_best_path`'s, without the forward sum) whose k-th digit candidate
    is scored as reading `digits[k]`, and its score; None when no path has that many digits.
    Pieces from `digits_end` on can only be left out."""
    digits_end = len(layout.pieces) if digits_end is None else digits_end
    starting_at: dict[int, list[int]] = {}
    for index, candidate in enumerate(candidates):
        starting_at.setdefault(candidate.start, []).append(index)
    # (digits so far, last digit kept) -> (best score, its path)
    states: list[dict[tuple[int, int], tuple[float, tuple[int, ...]]]] = [{} for _ in range(len(layout.pieces) + 1)]
    states[0][(0, -1)] = (0.0, ())
    for position in range(len(layout.pieces)):
        alive: Sequence[tuple[tuple[int, int], tuple[float, tuple[int, ...]]]] = list(states[position].items())
        if len(alive) > SPELLING_BEAM:  # (only a busy picture has this many: one took 9 s)
            alive = heapq.nlargest(SPELLING_BEAM, alive, key=lambda item: item[1][0])
        for (count, last), (score, path) in alive:
            previous = candidates[last] if last >= 0 else None
            for index in starting_at.get(position, []):
                candidate = candidates[index]
                options = []
                if count < len(digits) and candidate.end <= digits_end:
                    prediction = candidate.prediction
                    own = max(prediction.confidence, FLOOR)
                    wanted = max(float(prediction.probabilities[DIGIT_LABELS.index(digits[count])]), FLOOR)
                    step = candidate.score + math.log(wanted / own) - _overlap_cost(layout, previous, candidate)
                    options.append(((count + 1, index), score + step, path + (index,)))
                left_out = _leave_out_score(layout, candidate, separators)
                if left_out is None and candidate.end == candidate.start + 1:
                    # Any single piece may be left out here: the digits are the sequence
                    # model's, and a piece it reads as none (a closing "/-") must go somewhere.
                    not_a_digit = candidate.prediction.not_a_digit_probability or 0.0
                    left_out = math.log(max(not_a_digit, LEAVE_OUT_FLOOR)) - LEAVE_OUT_COST
                if left_out is not None:
                    options.append(((count, last), score + left_out, path))
                reached = states[candidate.end]
                for state, new_score, new_path in options:
                    if state not in reached or new_score > reached[state][0]:
                        reached[state] = (new_score, new_path)
    ends = [(score, path) for (count, _), (score, path) in states[-1].items() if count == len(digits)]
    if not ends:
        return None
    score, path = max(ends, key=lambda item: item[0])
    return [_spelt(candidates[index], digit) for index, digit in zip(path, digits)], score


def _spelt(candidate: _Candidate, digit: str) -> _Candidate:
    """A candidate read as `digit`: its probabilities as they are, its label that digit."""
    prediction = candidate.prediction
    index = DIGIT_LABELS.index(digit)
    probability = float(prediction.probabilities[index])
    return dataclasses.replace(
        candidate, prediction=dataclasses.replace(prediction, label=digit, index=index, confidence=probability)
    )
