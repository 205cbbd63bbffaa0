"""The sequence model's word on the path (`digitpad.reading.sequence_model`): a second reader
that sees the whole line at once.

Its columns over each candidate make the recognizer's reading of it surer or less sure
(`fused`); where its sure text has the path's digits, the reading is as sure as that text
(`agreed`); in an image, where it reads other digits, the path may spell its digits instead
(`spelled`); marks after the last digit over which it reads nothing close the number
(`without_closing_marks`), and a doubted digit its text does not have is none
(`without_a_doubted_extra`).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Sequence

import numpy as np

from digitpad.inference.prediction import Status
from digitpad.reading.paths import DIGIT_LABELS, Candidate, spelling_path
from digitpad.reading.result import FLOOR, Box
from digitpad.reading.segmentation import TALL, Layout
from digitpad.reading.separators import SLASH_STRAIGHTNESS
from digitpad.reading.sequence_model import text_log_probability

# The sequence model's word (`digitpad.reading.sequence_model`): the weight of its opinion against the
# recognizer's (`fused`), read over the candidate and a column either side
# (`SequenceEvidence.emitted_near`), and the price per character more or fewer than one it
# emits over a candidate digit. Set on the first fold's writers of
# benchmarks/number_reading.py --realworld, checked on the second's.
SEQUENCE_WEIGHT = 1.0
SEQUENCE_COUNT = 0.5
SEQUENCE_FLOOR = 0.01
SEQUENCE_ONE_CHARACTER = 1.5  # at most this many characters emitted over a candidate: one
# In an image, a text of the sequence model's at least SPELLING_SURE likely is spelt by the
# path (`spelled`), each digit's reading leaning on it with SPELLING_WEIGHT, when what that
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
# A last "digit" the recognizer calls no digit, or a last straight "1" with marks after it,
# closes the number when fewer than this many characters are expected to start over it in
# the sequence model's text.
CLOSING_DIGIT = 0.5


def fused(prediction, evidence, box: Box, weight: float = SEQUENCE_WEIGHT):
    """The recognizer's reading of a candidate with the sequence model's word on the same
    columns of the line, as two independent opinions: each digit's probability times how
    likely the sequence model emits it there, and the odds of "not a digit" times the odds that
    it emits no digit there (each to the power SEQUENCE_WEIGHT)."""
    if evidence is None or tuple(prediction.labels) != DIGIT_LABELS:
        return prediction
    emitted = np.clip(evidence.emitted_near(box[0], box[2])[:10], SEQUENCE_FLOOR, 1.0 - SEQUENCE_FLOOR)
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


def sequence_count_price(evidence, box: Box) -> float:
    """A candidate digit over which the sequence model emits no character (a fragment) or
    two (a merge) costs SEQUENCE_COUNT per character more or fewer than one."""
    return 0.0 if evidence is None else SEQUENCE_COUNT * abs(evidence.count(box[0], box[2]) - 1.0)


def without_closing_marks(layout: Layout, evidence, chosen: list[Candidate]) -> list[Candidate]:
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


def _closing_slash(layout: Layout, last: Candidate) -> bool:
    """Whether the last digit of a path may be the slash of a closing "/-": a "1" of one
    straight piece (in an image, or of pieces that together are one straight line: a slash
    broken by a form's pattern), with pieces after it that the path leaves out."""
    return (
        last.prediction.label == "1"
        and (last.end == last.start + 1 or not layout.from_strokes)
        and last.end < len(layout.pieces)
        and layout.line_shape(last.start, last.end)[1] <= SLASH_STRAIGHTNESS
    )


def without_a_doubted_extra(evidence, chosen: list[Candidate]) -> list[Candidate]:
    """The path without a digit the recognizer doubts (uncertain or no digit: a "?") where the
    sequence model's text (at least AGREEMENT_SURE likely) has all the path's digits but that
    one: a stray stroke, a comma's tail or a piece of a digit read as a digit of its own ("5?08-7344",
    "90?.22" on the pad, where the path is never spelt as the model reads). Its ink is then a
    mark the separators' rules look at. (Tuning, 7,200 readings of folds 1-2: +18, none lost.)"""
    digits = "".join(c for c in evidence.text if c in DIGIT_LABELS)
    read = "".join(c.prediction.label for c in chosen)
    if not digits or len(read) != len(digits) + 1 or evidence.text_probability < AGREEMENT_SURE:
        return chosen  # (a mark it reads no digit in stays a doubted digit: a number is never empty)
    for k, candidate in enumerate(chosen):
        if read[:k] + read[k + 1 :] == digits and candidate.prediction.status != Status.DIGIT:
            return chosen[:k] + chosen[k + 1 :]
    return chosen


def reads_the_same_digits(evidence, chosen: Sequence[Candidate]) -> bool:
    """Whether the sequence model's likeliest text has the digits the path reads."""
    text = evidence.text
    return "".join(c for c in text if c in DIGIT_LABELS) == "".join(c.prediction.label for c in chosen)


def agreed(evidence, chosen: list[Candidate], segmentation: float) -> tuple[list[Candidate], float]:
    """Where the sequence model's sure text (at least AGREEMENT_SURE likely) has the best path's
    digits, two readers that see the line differently agree: where the digits are is as sure
    as its text, and so is each digit's label; a digit its columns make surer still leans on
    them more (SPELLING_WEIGHT). None is made less sure: the columns of a narrow 1 beside a wide
    digit can lie outside its box, and the text says it is a digit whatever they say."""
    if not reads_the_same_digits(evidence, chosen):
        return chosen, segmentation
    sure = evidence.text_probability
    if sure < AGREEMENT_SURE:
        return chosen, segmentation
    agreed = []
    for candidate in chosen:
        prediction = candidate.prediction
        leaning = fused(prediction, evidence, candidate.box, SPELLING_WEIGHT)
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


def spelled(
    layout: Layout,
    candidates: Sequence[Candidate],
    separators: frozenset[int],
    evidence,
    chosen: list[Candidate],
    segmentation: float,
    digits_end: int | None = None,
) -> tuple[list[Candidate], float]:
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
        or (len(digits) < len(read) and without_repeats(digits) == without_repeats(read) and not closing)
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
        dataclasses.replace(c, prediction=fused(c.prediction, evidence, c.box, SPELLING_WEIGHT)) for c in candidates
    ]
    spelt = spelling_path(layout, leaning, separators, digits, digits_end)
    own = spelling_path(layout, leaning, separators, read, digits_end)
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


def _misses_a_clear_digit(layout: Layout, chosen: list[Candidate], read: str, digits: str) -> bool:
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


def without_repeats(digits: str) -> str:
    """`digits` with each run of a digit the sequence model can merge (MERGED_REPEATS) as one."""
    return "".join(d for i, d in enumerate(digits) if i == 0 or d != digits[i - 1] or d not in MERGED_REPEATS)
