"""What reading a number gives: its digits, each with what the recognizer said and its box, the
separators between them, and how sure the whole reading is (`Reading`).

`digitpad.reading.reader` makes them; the window, the command line and the API show them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from digitpad.inference.prediction import Prediction, Status

FLOOR = 1e-6


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


def _digit_probability(prediction) -> float:
    """P(its top class) x P(a digit at all): what a candidate scores and a read digit reports."""
    return float(prediction.confidence * (1.0 - (prediction.not_a_digit_probability or 0.0)))
