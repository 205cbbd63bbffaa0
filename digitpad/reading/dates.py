"""Slashes and 1s: a slash and a leaning 1 can be the same stroke, and what the digit groups
say tells them apart, as it does for a person.

Slashes that part no date nor fraction are 1s (`slashes_in_a_date`); two 1s that part a date
are its slashes when they lean like slashes (`ones_parting_a_date`), when the sequence model
reads them so (`slashes_the_model_reads`), when the date exists (`ones_making_a_valid_date`),
or when they stand where the commonest date's form, dd/dd/dddd, has its slashes
(`ones_in_a_dates_form`).
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Callable, Sequence

from digitpad.reading.paths import Candidate
from digitpad.reading.segmentation import Layout
from digitpad.reading.separator_checks import SEPARATOR_EMITTED
from digitpad.reading.separators import (
    SLASH_HEIGHT,
    SLASH_LEAST,
    SLASH_STRAIGHTNESS,
    Found,
    rule_fit,
)
from digitpad.reading.sequence_model import ALPHABET

# Two straight "1"s where a date's slashes stand are slashes when both lean forward alike
# (within DATE_SLASHES_ALIKE degrees) and DATE_SLASH_LEAN degrees more than the line's other
# straight strokes (`ones_parting_a_date`).
# Only dates of at least DATE_DIGITS digits (29/11/26, 1/2/2026): "414140" is no 4/4/40.
# Slashes written nearly upright (under SLASH_LEAST, as some people do) are slashes when they
# lean DATE_UPRIGHT_SLASH_LEAN degrees more than the writer's own 1s in the line.
DATE_SLASHES_ALIKE, DATE_SLASH_LEAN, DATE_DIGITS, DATE_UPRIGHT_SLASH_LEAN = 8.0, 5.0, 6, 10.0
# Two straight "1"s written alike that part a reading as a date does, where the parts make a
# date that exists (a day and a month of the year), are that date's slashes however they lean:
# some people write their slashes as upright as their 1s. They are read at this confidence
# (the rule's edge: the date is likelier than the number, not certain).
VALID_DATE_SLASH = 0.5
# Ten digits whose third and sixth are single-stroke "1"s are a date of the commonest form,
# dd/dd/dddd, whatever its digits say (`ones_in_a_dates_form`): many people write their slashes
# as upright as their 1s, and a ten-digit number with 1s in just those places (1 in 100 of them)
# is rarer than such a date. Read at VALID_DATE_SLASH: likelier than the number, not certain.
DATES_FORM = (2, 2, 4)
# A year of four digits is one people write: this century's or the last ("31415926" written
# with upright 1s was 3/4/5926; the rule was measured on dates of 1950-2030).
FOUR_DIGIT_YEARS = (1900, 2099)
# The fractions people write: halves to twentieths (3/4, 15/16, 19/20), 25ths and 50ths (1/25,
# 3/50: a shutter's, a scale's), 32nds and 64ths (an inch's).
FRACTION_BOTTOM, FRACTION_BOTTOMS = 20, (25, 32, 50, 64)


def slashes_in_a_date(
    layout: Layout, candidates: Sequence[Candidate], chosen: list[Candidate], found: list[Found]
) -> tuple[list[Candidate], list[Found]]:
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
    3/26; four-digit years in FOUR_DIGIT_YEARS), a day and a month (29/11), a fraction (3/4,
    15/16, 1/25: the bottom at most FRACTION_BOTTOM or in FRACTION_BOTTOMS). Not "97/8282", "44/23",
    "9/8036" nor "19/55" (a 1 leaning as far as a slash in 19155)."""
    if not (first.isdigit() and second.isdigit()):
        return True  # not all digits: no telling
    top, bottom = int(first), int(second)
    month_year = 1 <= top <= 12 and (len(second) == 2 or len(second) == 4 and _a_year(second))
    day_month = 1 <= top <= 31 and 1 <= bottom <= 12 and len(second) <= 2
    fraction = 0 < top < bottom and (bottom <= FRACTION_BOTTOM or bottom in FRACTION_BOTTOMS)
    return month_year or day_month or fraction


def ones_parting_a_date(
    layout: Layout, chosen: list[Candidate], found: list[Found], slash_from: float
) -> tuple[list[Candidate], list[Found]]:
    """A reading without separators whose two "1"s stand where a date's slashes do (29 1 11 1
    2026) is that date (of DATE_DIGITS digits or more), when they are single straight strokes
    that lean forward (at least SLASH_LEAST degrees, or DATE_UPRIGHT_SLASH_LEAN more than the
    line's other straight strokes; within DATE_SLASHES_ALIKE of each other, or both as far as a
    slash of this line leans, `slash_from`) and further than every other straight stroke of the
    line by DATE_SLASH_LEAN: a hand that writes its slashes steeper than the rules' 26 degrees
    still leans them more than its 1s, and one whose slashes lean 36 and 26 degrees (61/70/5520
    on paper) writes them both as slashes."""
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
            and (abs(leans[0] - leans[1]) <= DATE_SLASHES_ALIKE or min(leans) >= slash_from)
            and all(min(leans) >= lean + DATE_SLASH_LEAN for lean in others)
        ):
            return _read_as_slashes(chosen, (first, second), lambda _: rule_fit(min(leans), SLASH_LEAST, 8.0))
    return chosen, found


def ones_making_a_valid_date(
    layout: Layout, chosen: list[Candidate], found: list[Found]
) -> tuple[list[Candidate], list[Found]]:
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


def ones_in_a_dates_form(
    layout: Layout, chosen: list[Candidate], found: list[Found]
) -> tuple[list[Candidate], list[Found]]:
    """A reading of the commonest date's form, dd/dd/dddd (DATES_FORM), whose slashes are read
    as 1s: ten digits without separators whose third and sixth are single-stroke "1"s, or nine
    with one of those slashes read and the other's place such a "1" (59/0010069). Its slashes
    at VALID_DATE_SLASH, whatever the digits say: the valid-date rule's dates and more (a date
    of this form is likelier than a ten-digit number with 1s in just those places)."""
    first, second = DATES_FORM[0], DATES_FORM[0] + 1 + DATES_FORM[1]  # the slashes' places in the text
    if not found and len(chosen) == sum(DATES_FORM) + 2:
        if _single_stroke_one(layout, chosen[first]) and _single_stroke_one(layout, chosen[second]):
            return _read_as_slashes(chosen, (first, second), lambda _: VALID_DATE_SLASH)
        return chosen, found
    if len(found) != 1 or found[0].character != "/" or len(chosen) != sum(DATES_FORM) + 1:
        return chosen, found
    read = found[0]
    if read.after == first and _single_stroke_one(layout, chosen[second - 1]):  # (the text's place less the slash)
        one = second - 1
        moved = read
    elif read.after == second and _single_stroke_one(layout, chosen[first]):
        one = first
        moved = dataclasses.replace(read, after=read.after - 1)  # (the 1 before it is no digit)
    else:
        return chosen, found
    digits, slash = _read_as_slashes(chosen, (one,), lambda _: VALID_DATE_SLASH)
    return digits, sorted([moved, *slash], key=lambda f: f.after)


def _single_stroke_one(layout: Layout, candidate: Candidate) -> bool:
    """Whether a candidate the recognizer reads as a 1 is one stroke of ink (a slash is one
    stroke): one piece, or one straight line (`_straight_lean`)."""
    if candidate.prediction.label != "1":
        return False
    return candidate.end == candidate.start + 1 or _straight_lean(layout, candidate) is not None


def _a_real_date(groups: list[str]) -> bool:
    """Whether digit groups are a date that exists: day and month (either order) then a year of
    2 or 4 digits, or a year of 4 digits, a month and a day (four-digit years in FOUR_DIGIT_YEARS)."""
    if len(groups) != 3 or not all(groups):
        return False
    if len(groups[0]) == 4:
        month, day = int(groups[1]), int(groups[2])
        in_a_month = 1 <= month <= 12 and 1 <= day <= 31 and len(groups[1]) <= 2 and len(groups[2]) <= 2
        return in_a_month and _a_year(groups[0])
    first, second = int(groups[0]), int(groups[1])
    day_month = 1 <= first <= 31 and 1 <= second <= 12
    month_day = 1 <= first <= 12 and 1 <= second <= 31
    year = len(groups[2]) == 2 or (len(groups[2]) == 4 and _a_year(groups[2]))
    return (day_month or month_day) and year and max(map(len, groups[:2])) <= 2


def _a_year(digits: str) -> bool:
    """Whether four digits are a year people write in a date (FOUR_DIGIT_YEARS)."""
    return FOUR_DIGIT_YEARS[0] <= int(digits) <= FOUR_DIGIT_YEARS[1]


def slashes_the_model_reads(
    layout: Layout, chosen: list[Candidate], found: list[Found], evidence
) -> tuple[list[Candidate], list[Found]]:
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
    emitted = {}
    for index in ones:
        box = chosen[index].box
        emitted[index] = float(evidence.emitted_near(box[0], box[2])[ALPHABET.index("/")])
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


def _read_as_slashes(
    chosen: list[Candidate], places: Sequence[int], confidence: Callable[[int], float]
) -> tuple[list[Candidate], list[Found]]:
    """The reading with the chosen `places` (ascending) read as slashes: the digits without
    them, and a slash after the digits before each, at `confidence(place)`."""
    digits = [c for i, c in enumerate(chosen) if i not in places]
    slashes = [Found("/", place - k, chosen[place].box, confidence(place), ()) for k, place in enumerate(places)]
    return digits, slashes


def _straight_strokes(layout: Layout, chosen: list[Candidate]) -> dict[int, float]:
    """The chosen places that are one straight stroke as tall as a slash, and the lean of each
    (degrees, forward positive)."""
    leans = {index: _straight_lean(layout, candidate) for index, candidate in enumerate(chosen)}
    return {index: lean for index, lean in leans.items() if lean is not None}


def _straight_lean(layout: Layout, candidate: Candidate) -> float | None:
    """The lean of a candidate that is one straight stroke as tall as a slash: one such piece,
    or in an image pieces that together are one (on paper a slash's ink breaks, or it is cut
    from a digit it crosses); None for any other."""
    if candidate.end > candidate.start + 1 and layout.from_strokes:
        return None  # (on the pad a slash is one stroke)
    _, top, _, bottom = layout.box(candidate.start, candidate.end)
    lean, thickness = layout.line_shape(candidate.start, candidate.end)
    return lean if bottom - top >= SLASH_HEIGHT * layout.digit_height and thickness <= SLASH_STRAIGHTNESS else None
