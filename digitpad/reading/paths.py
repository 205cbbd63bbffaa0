"""The candidate digits of a line and the best path through them.

A candidate is a run of neighbouring pieces of ink (`digitpad.reading.segmentation`) read as one
digit; its score is how likely the recognizer finds that digit, with a little geometry on top: a
digit is about as wide as it is tall at most, not much shorter than the others, and barely
overlaps its neighbours. A small piece may also be left out as a mark that is no digit (a
decimal point, a stray stroke). The best path covers every piece once (`best_path`); the
sequence model's digits can be spelt along the path too (`spelling_path`).
"""

from __future__ import annotations

import dataclasses
import heapq
import math
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from digitpad.reading.result import FLOOR, Box
from digitpad.reading.segmentation import Layout

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
# A straight, tall stroke of the pen joined to others is a 4's stem, a 7's or a 1's: any other
# digit made of it and more costs LINE_JOINED.
LINE_DIGITS, LINE_JOINED = "147", 2.0
SEPARATOR_LEAVE_OUT = math.log(0.5)  # leaving out a piece shaped and placed like a separator
SEPARATOR_IN_DIGIT = 2.0  # a digit made of such a piece and others
# Path scores are log-probabilities plus geometry prices; divided by this, the best path's
# share of all paths is the segmentation's confidence (set on benchmarks/number_reading.py).
SEGMENTATION_TEMPERATURE = 1.0
# Ways of spelling the sequence model's digits kept at each piece, the best first. A number's
# path has a few dozen; a busy picture's, tens of thousands.
SPELLING_BEAM = 256
NOT_A_DIGIT_FLOOR = 0.05
DIGIT_LABELS = tuple("0123456789")


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    score: float  # log-likelihood of this run being one digit, geometry included
    prediction: Any  # a `digitpad.recognizer.Prediction` (a layer above this one)
    box: Box  # in the layout's pixels


def candidate_score(
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


def _leave_out_score(layout: Layout, candidate: Candidate, separators: frozenset[int] = frozenset()) -> float | None:
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


def _overlap_cost(layout: Layout, previous: Candidate | None, current: Candidate) -> float:
    if previous is None:
        return 0.0
    overlap = (previous.box[2] - current.box[0]) / layout.digit_height
    return OVERLAP * max(0.0, overlap - OVERLAP_FROM)


def best_path(
    layout: Layout, candidates: Sequence[Candidate], separators: frozenset[int] = frozenset()
) -> tuple[list[Candidate], float]:
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


def spelling_path(
    layout: Layout,
    candidates: Sequence[Candidate],
    separators: frozenset[int],
    digits: str,
    digits_end: int | None = None,
) -> tuple[list[Candidate], float] | None:
    """The best path (as `best_path`'s, without the forward sum) whose k-th digit candidate
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


def _spelt(candidate: Candidate, digit: str) -> Candidate:
    """A candidate read as `digit`: its probabilities as they are, its label that digit."""
    prediction = candidate.prediction
    index = DIGIT_LABELS.index(digit)
    probability = float(prediction.probabilities[index])
    return dataclasses.replace(
        candidate, prediction=dataclasses.replace(prediction, label=digit, index=index, confidence=probability)
    )
