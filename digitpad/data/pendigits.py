"""Real pen trajectories: the UCI "Pen-Based Recognition of Handwritten Digits" set.

7,494 digits written by 30 people on a pressure-sensitive tablet (Alimoglu and Alpaydin,
1996; CC BY 4.0), shipped in `resources/pendigits/` and verified against its SHA-256 sum
on first use. Each digit is kept as its strokes, its label and its writer, so that
training can draw it through the pad's own path (`digitpad.imaging.drawing`) and benchmarks can
hold whole writers out.

File format (UNIPEN-like text): `.SEGMENT DIGIT <i> ? "<label>"` starts a digit,
`.COMMENT <label> <writer> <sample>` names its writer, `.PEN_DOWN` / `.PEN_UP` enclose a
stroke whose lines are `x y` in tablet units with y growing upwards; other dot lines
(`.INCLUDE`, `.LEXICON`, `.HIERARCHY`, `.DT`) carry no points.
"""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digitpad.base.errors import DataError
from digitpad.base.paths import resources_dir
from digitpad.data.mnist import read_verified

PENDIGITS_FILE = "pendigits-orig.tra.gz"
ATTRIBUTION = (
    'Pen digits: "Pen-Based Recognition of Handwritten Digits" by E. Alpaydin and F. Alimoglu, '
    "UCI Machine Learning Repository, CC BY 4.0"
)
_HEADER_LINES = (".INCLUDE", ".LEXICON", ".HIERARCHY", ".DT")


@dataclass(frozen=True)
class PenDigit:
    """One written digit: strokes as float arrays (n, 2) of (x, y) with y growing downwards."""

    label: str
    writer: int
    strokes: tuple[np.ndarray, ...]


def bundled_pendigits_path() -> Path:
    return resources_dir() / "pendigits" / PENDIGITS_FILE


def _lines(path: Path):
    if not path.is_file():
        raise DataError(f"{path}: file not found")
    try:
        with open(path, "rb") as f:
            gzipped = f.read(2) == b"\x1f\x8b"
        with gzip.open(path, "rt", encoding="latin-1") if gzipped else open(path, encoding="latin-1") as f:
            yield from enumerate(f, 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(f"{path}: cannot read ({exc})") from None


def read_pendigits(path: str | Path) -> list[PenDigit]:
    """Parse a pen-digits trajectory file (gzip or plain); DataError naming the file and line."""
    path = Path(path)
    digits: list[PenDigit] = []
    label = writer = None
    strokes: list[np.ndarray] = []
    points: list[tuple[float, float]] | None = None  # the open stroke, between PEN_DOWN and PEN_UP
    number = 0

    def fail(message: str):
        return DataError(f"{path}, line {number}: {message}")

    def finish_digit():
        if label is None:
            return
        if points is not None:
            raise fail(f"digit {len(digits) + 1} ends inside a stroke (no .PEN_UP)")
        if writer is None:
            raise fail(f"digit {len(digits) + 1} has no .COMMENT naming its writer")
        if not strokes:
            raise fail(f"digit {len(digits) + 1} has no strokes")
        digits.append(PenDigit(label, writer, tuple(strokes)))

    for number, raw in _lines(path):
        line = raw.strip()
        if not line:
            continue
        words = line.split()
        keyword = words[0]
        if keyword == ".SEGMENT":
            finish_digit()
            quoted = line.split('"')
            if len(quoted) < 3 or len(quoted[1]) != 1 or not quoted[1].isdigit():
                raise fail(f'expected .SEGMENT DIGIT <index> ? "<digit>", got {line[:60]!r}')
            label, writer, strokes, points = quoted[1], None, [], None
        elif keyword == ".COMMENT":
            if label is None or len(words) < 3 or not words[2].isdigit():
                raise fail(f"expected .COMMENT <label> <writer> <sample> inside a digit, got {line[:60]!r}")
            writer = int(words[2])
        elif keyword == ".PEN_DOWN":
            if label is None or points is not None:
                raise fail(".PEN_DOWN outside a digit or inside another stroke")
            points = []
        elif keyword == ".PEN_UP":
            if points is None:
                raise fail(".PEN_UP without .PEN_DOWN")
            if points:
                strokes.append(np.array(points, dtype=np.float32) * (1, -1))  # y grows upwards on the tablet
            points = None
        elif keyword.startswith("."):
            if keyword not in _HEADER_LINES:
                raise fail(f"unknown line {keyword!r}: not a pen-digits file")
        else:
            if points is None or len(words) != 2:
                raise fail(f"expected 'x y' inside a stroke, got {line[:60]!r}")
            try:
                points.append((float(words[0]), float(words[1])))
            except ValueError:
                raise fail(f"expected 'x y' inside a stroke, got {line[:60]!r}") from None
    number += 1  # a digit cut short by the end of the file is reported at the line after the last
    finish_digit()
    if not digits:
        raise DataError(f"{path}: no digits found (not a pen-digits file)")
    return digits


def load_pendigits(path: str | Path | None = None) -> tuple[PenDigit, ...]:
    """The bundled pen digits (checksum-verified on first use in a process), or those in `path`."""
    path = Path(path) if path is not None else bundled_pendigits_path()
    return read_verified(str(path.resolve()), read_pendigits)


def writers(digits) -> np.ndarray:
    """The writer of each digit, as an array (for writer-disjoint splits)."""
    return np.array([d.writer for d in digits], dtype=np.int32)
