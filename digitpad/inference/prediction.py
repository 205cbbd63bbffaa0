"""A model's answer for one input (`Prediction`) and what it is (`Status`): a digit, an
uncertain one, or no digit at all, by the thresholds below."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

import numpy as np

UNCERTAIN_MARGIN = 0.25  # top two closer than this: say "4 or 9?"
UNCERTAIN_CONFIDENCE = 0.6
# A model trained with non-digits has one more output than classes. Above this probability
# the input is "not a digit". Set so that real digits are almost never refused: with real
# letters among the non-digits, 0.5 refused 0.32 % of MNIST's test digits (0.55 % of its first
# 2,000, written by harder hands), 0.8 refuses 0.13 % (0.25 %) and still most letters and marks
# (benchmarks/not_a_digit.py, benchmarks/realworld.py).
# (Also refusing from 0.3 on when no digit reaches 90 % caught squiggles 73 -> 80 %, but
# doubled the held-out writers' digits refused, 0.52 -> 1.04 %: not worth it.)
NOT_A_DIGIT_THRESHOLD = 0.8


class Status(enum.StrEnum):
    """What an answer is: a digit, an uncertain one (say "4 or 9?"), or no digit at all (a dot,
    a dash, a scribble). A string: it compares and serialises as its value."""

    DIGIT = "digit"
    UNCERTAIN = "uncertain"
    NOT_A_DIGIT = "not-a-digit"


def statuses(probabilities: np.ndarray, not_a_digit: np.ndarray | None) -> np.ndarray:
    """The status of each row of class probabilities (N, C) with its "not a digit" probability
    (N,), or None for a model without that output: "digit", "uncertain" or "not-a-digit"."""
    top_two = -np.sort(-np.asarray(probabilities), axis=1)[:, :2]
    uncertain = (top_two[:, 0] < UNCERTAIN_CONFIDENCE) | (top_two[:, 0] - top_two[:, 1] < UNCERTAIN_MARGIN)
    result = np.where(uncertain, Status.UNCERTAIN, Status.DIGIT).astype(object)
    if not_a_digit is not None:
        result[np.asarray(not_a_digit) >= NOT_A_DIGIT_THRESHOLD] = Status.NOT_A_DIGIT
    return result


@dataclass(frozen=True)
class Prediction:
    label: str  # the most likely class label, "0"-"9" for digits (even when the input is not a digit)
    index: int  # its class index
    confidence: float
    probabilities: np.ndarray  # one per class, summing to 1
    labels: tuple[str, ...]
    image28: np.ndarray = field(repr=False)  # what the model saw
    # Probability that the input is no digit at all (a dot, dash, scribble); None for
    # models without that output (they cannot tell).
    not_a_digit_probability: float | None = None
    personal_samples: int = 0  # how many of the user's samples the answer was read with
    personal_influence: float = 0.0  # 0: the model's answer alone ... 1: decided by the user's samples

    @property
    def status(self) -> Status:
        """A digit, uncertain (say "4 or 9?") or not a digit."""
        not_a_digit = None if self.not_a_digit_probability is None else np.array([self.not_a_digit_probability])
        return Status(statuses(self.probabilities[None], not_a_digit)[0])

    @property
    def is_not_a_digit(self) -> bool:
        return self.status == Status.NOT_A_DIGIT

    @property
    def digit(self) -> int | None:
        """The digit read, or None when the input is not a digit (or the model reads letters)."""
        return int(self.label) if self.label.isdigit() and not self.is_not_a_digit else None

    def top(self, k: int = 2) -> list[tuple[str, float]]:
        order = np.argsort(-self.probabilities, kind="stable")[:k]
        return [(self.labels[i], float(self.probabilities[i])) for i in order]

    @property
    def uncertain(self) -> bool:
        return statuses(self.probabilities[None], None)[0] == Status.UNCERTAIN

    def to_dict(self) -> dict:
        """For JSON: status, digit (null when not a digit), confidence, probabilities."""
        answer = None if self.is_not_a_digit else (self.digit if self.digit is not None else self.label)
        result = {
            "status": str(self.status),
            "digit": answer,
            "confidence": round(self.confidence, 6),
            "probabilities": [round(float(p), 6) for p in self.probabilities],
        }
        if self.not_a_digit_probability is not None:
            result["not_a_digit_probability"] = round(self.not_a_digit_probability, 6)
        result["personal_samples"] = self.personal_samples
        result["personal_influence"] = round(self.personal_influence, 4)
        return result
