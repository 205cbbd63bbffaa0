"""The rules' separators checked against the sequence model: what it emits in each gap between two
digits adds a separator the rules missed, changes one they read as another, and drops a tick
or a piece of a digit's ink they took for one (`separators_checked`).
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np

from digitpad.reading.agreement import reads_the_same_digits
from digitpad.reading.paths import DIGIT_LABELS, Candidate
from digitpad.reading.result import Box
from digitpad.reading.segmentation import Layout
from digitpad.reading.separators import SLASH_HEIGHT, Found, Mark, between
from digitpad.reading.sequence_model import ALPHABET, MARGIN

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
# the 0), and in an image a dash but beside a 4; a slash already from SEPARATOR_DENIED_SURE.
# (0.9: +2 of 300 tuning prices and dates on paper, none lost on 600 plain numbers; the dash:
# +2 of 7,200 readings of folds 1-2, none lost.)
DOT_WRITTEN_IN_SURE = 0.9
# A text of the same digits at least WRITTEN_FORM_SURE likely that is written as people write a
# price, a time, a date or a phone number (`written_form`: 74.20, 24:52, 494-3203) has its
# separators read where no mark is left as a surer text's are, a phone number's dash beside a 4
# too, and its colon where the rules read a period (the upper dot went into a digit). On paper
# a period touching the next digit, a dash joined to a 4's bar, leave the rules no mark, and
# the model is unsure there: the form it reads tips the balance. (Tuning, 7,200 readings of
# folds 1-2: +11 -1, the one lost a plain 7-digit number read as a phone number; of 750 MNIST
# numbers one lost, "92354" as 923.54: a 3's end against a 5's hook is a period to the model.)
WRITTEN_FORM_SURE = 0.5
WRITTEN_FORMS = tuple(
    re.compile(form)
    for form in (
        r"\d+([.,]\d{3})*[.,]\d{2}",  # a price: 12.50, 3,75, 1,250.00
        r"\d{1,2}:\d{2}(:\d{2})?",  # a time: 12:45, 9:05:30
        r"\d{1,2}/\d{1,2}/(\d{2}|\d{4})",  # a date: 29/11/2026, 1/2/26
        r"(\d{3}-)?\d{3}-\d{4}",  # a phone number: 555-1234, 555-123-4567
    )
)
TICK_ABOVE = 0.1  # x digit height
# A period or a comma the rules read is weighed against the sequence model's word on its gap as
# two independent opinions (`_period_or_comma`); how likely it emits each counts from
# EMITTED_FLOOR (it misses small dots). UNIPEN writers' periods are often ticks and their commas
# dots: neither reader alone tells them apart as well. (Tuning, 7,200 readings of folds 1-2:
# +12 -5 against the model overruling the rules from SEPARATOR_OVERRULED; a floor of 0.1: +11 -9,
# 0.005: +12 -6.)
PERIOD_OR_COMMA, EMITTED_FLOOR = ".,", 0.02


def read_as_one(evidence, box: Box, separator: str) -> bool:
    """Whether the sequence model reads a single piece the rules call a slash or a dash as a
    1: it emits the 1 there and hardly the separator."""
    if evidence is None:
        return False
    emitted = evidence.emitted_near(box[0], box[2])
    return emitted[1] >= ONE_NOT_SLASH and emitted[ALPHABET.index(separator)] < SEPARATOR_ABSENT


def written_form(text: str) -> bool:
    """Whether a text is written as people write a price, a time, a date or a phone number
    (WRITTEN_FORMS)."""
    return any(form.fullmatch(text) for form in WRITTEN_FORMS)


def emitted_separator(evidence, x0: float, x1: float) -> tuple[str, float] | None:
    """The separator the sequence model emits between two digits' boxes (x0..x1, one column
    either side), when it is at least SEPARATOR_EMITTED likely."""
    emitted = evidence.emitted_near(x0, x1)
    k = int(np.argmax(emitted[10:]))
    return (ALPHABET[10 + k], float(emitted[10 + k])) if emitted[10 + k] >= SEPARATOR_EMITTED else None


def separators_checked(
    found: list[Found],
    digits: list[Candidate],
    marks: list[Mark],
    evidence,
    cut: frozenset[int] = frozenset(),
    unseen: bool = True,
) -> list[Found]:
    """The rules' separators, each gap between two digits checked against what the sequence
    model emits between their boxes: a separator it emits where the rules found marks but no
    separator is added; one the rules read as another (but a colon) is changed, a period or a
    comma weighed with the rules' confidence (`_period_or_comma`); a
    period its sure text of the same digits does not have is dropped when it is a tick
    (`_a_tick`), and any separator whose ink was cut from a larger stroke or piece of ink
    (`cut`: the `id`s of such pieces) where it emits none. With `unseen` False (on
    the pad) it adds none where no mark is left: a separator is a stroke of its own there, so
    what it reads in a gap without one is a digit's stroke (a 4's long bar read as a dash).
    A less sure text written as people write a price, a time, a date or a phone number counts
    as sure for what it adds (WRITTEN_FORM_SURE)."""
    by_gap = {f.after: f for f in found}
    agreed = reads_the_same_digits(evidence, digits)
    sure = agreed and evidence.text_probability >= SEPARATOR_DENIED_SURE
    in_text = _text_separators(evidence.text)
    # (its separators again when its text is a price, a time, a date or a phone number)
    formed = (
        in_text if agreed and evidence.text_probability >= WRITTEN_FORM_SURE and written_form(evidence.text) else {}
    )
    if sure:
        by_gap = {after: f for after, f in by_gap.items() if after in in_text or not _a_tick(f, digits)}
    # One cut from a larger piece of ink stays only where it emits a separator (at least
    # SEPARATOR_EMITTED), however unsure its text: a 2's tail end, a 0's side touching the 3
    # after it cut off as periods (7022.955, 160.3706). (Only where its text was 95 % sure
    # before: +9 of 2,400 tuning images, none lost.) One written on its own stays: it misses
    # small periods.
    by_gap = {
        after: f
        for after, f in by_gap.items()
        if not (_carved(f, cut) and emitted_separator(evidence, f.box[0], f.box[2]) is None)
    }
    for after in range(1, len(digits)):
        left, right = digits[after - 1].box[2], digits[after].box[0]
        present = by_gap.get(after)
        if present is not None and present.character in PERIOD_OR_COMMA:
            present = by_gap[after] = _period_or_comma(
                present, evidence.emitted_near(min(left, right), max(left, right))
            )
        emitted = emitted_separator(evidence, min(left, right), max(left, right))
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
            and not (present.character in PERIOD_OR_COMMA and character in PERIOD_OR_COMMA)  # (weighed above)
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
    for after, character in formed.items():
        present = by_gap.get(after)
        if character == ":" and present is not None and present.character == ".":
            by_gap[after] = dataclasses.replace(present, character=":", confidence=evidence.text_probability)
    if sure or formed:
        # Its sure text's slashes whose ink went into a digit so far that it emits them over the
        # digit rather than in the gap (written into the 4 and the 9 of 11/49/5556), and dots
        # when it is surer still (DOT_WRITTEN_IN_SURE); dashes as sure in an image, but beside a
        # 4 (it takes the bar of a 4 for a dash, on either side: 04333 was 0-4333) or on the pad
        # (a dash is a stroke of its own there, the rules see it: one it reads where none is
        # left is a digit's stroke). A text written as people write (`formed`) is as sure, and
        # its dash a phone number's beside a 4 too.
        for after, character in in_text.items():
            if after in by_gap or not 0 < after < len(digits):
                continue
            surer = evidence.text_probability >= DOT_WRITTEN_IN_SURE or bool(formed)
            if (
                character == "/"
                or (character in ".,:" and surer)
                or (character == "-" and surer and unseen and (after in formed or not _beside_a_four(after, digits)))
            ):
                _add_unseen(by_gap, after, character, evidence.text_probability, digits, evidence)
    return [f for f in by_gap.values() if formed.get(f.after) == "-" or not _a_fours_bar_cut_off(f, digits, cut)]


def _period_or_comma(separator: Found, emitted: np.ndarray) -> Found:
    """A period or a comma the rules read, or the other of the two where the sequence model's
    emissions over its gap (`emitted`, by ALPHABET) outweigh the rules' confidence: the rules'
    odds of their reading times the model's odds of the same (from EMITTED_FLOOR), below 1."""
    other = "," if separator.character == "." else "."
    own = separator.confidence * (emitted[ALPHABET.index(separator.character)] + EMITTED_FLOOR)
    theirs = (1.0 - separator.confidence) * (emitted[ALPHABET.index(other)] + EMITTED_FLOOR)
    if own >= theirs:
        return separator
    return dataclasses.replace(separator, character=other, confidence=theirs / (own + theirs))


def _as_tall_as_a_slash(separator: Found, before: Box, after: Box) -> bool:
    """Whether a separator's ink is as tall as a slash between these two digits (SLASH_HEIGHT)."""
    return separator.box[3] - separator.box[1] >= SLASH_HEIGHT * between(before, after)[1]


def _a_fours_bar(character: str, before: Candidate) -> bool:
    """Whether a dash the sequence model reads where no mark is left is the bar of the 4 before
    it, reaching past the stem as some people write it ("14-17" of 1417, every 4 of theirs).
    A dash written touching a 4 is taken for its bar too, but that is one number of a
    writer's, a long bar all their numbers with a 4 (tuning: +10 -3 of 2,400 image readings)."""
    return character == "-" and before.prediction.label == "4"


def _a_fours_bar_cut_off(separator: Found, digits: list[Candidate], cut: frozenset[int]) -> bool:
    """Whether a dash cut from a larger piece of ink stands beside a 4: the end of its bar
    reaching past the stem (54-5147 and 0-404 in images of writers whose 4s all have long
    bars), which the sequence model reads as a dash too. (A dash written touching a 4 is taken
    for its bar as well, as `_a_fours_bar` does.)"""
    return separator.character == "-" and _carved(separator, cut) and _beside_a_four(separator.after, digits)


def _beside_a_four(after: int, digits: list[Candidate]) -> bool:
    """Whether a 4 stands on either side of the gap after `after` digits: a 4's bar may reach
    past its stem either way."""
    return "4" in (digits[after - 1].prediction.label, digits[after].prediction.label)


def _add_unseen(
    by_gap: dict[int, Found], after: int, character: str, confidence: float, digits: list[Candidate], evidence
) -> None:
    """A separator the sequence model reads where no mark is left (its ink went into a digit:
    a dash touching the 7 before it), placed where it is emitted, when that is between the two
    digits' middles (not the next gap's)."""
    before, behind = digits[after - 1].box, digits[after].box
    box = _emission_box(evidence, character, before, behind)
    if (before[0] + before[2]) / 2 < (box[0] + box[2]) / 2 < (behind[0] + behind[2]) / 2:
        by_gap[after] = Found(character, after, box, confidence, ())


def cut_from_more(layout: Layout) -> frozenset[int]:
    """The `id`s of the layout's pieces cut from a larger stroke or piece of ink (the marks set
    aside are whole)."""
    return frozenset(id(p) for i, p in enumerate(layout.pieces) if layout.cut_through(i, i + 1))


def _carved(separator: Found, cut: frozenset[int]) -> bool:
    """Whether a separator's ink was cut from a larger stroke or piece of ink: a 2's tail end
    cut off as a period, a 4's bar as a dash. (A separator written on its own is its own stroke
    or piece: the sequence model misses small periods, however sure it is.)"""
    return bool(separator.marks) and all(id(m.piece) in cut for m in separator.marks)


def _a_tick(separator: Found, digits: list[Candidate]) -> bool:
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
