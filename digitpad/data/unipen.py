"""Real pen handwriting of 120+ more writers: UNIPEN train_r01_v07 (digits, letters, symbols).

Half of UNIPEN's writers (the other half is kept aside by the people who judge DigitPad),
shipped in `resources/unipen/` and verified against SHA256SUMS on first use: 7,487 digits,
36,839 letters and 6,504 symbols, each with its writer ("site/id", the same person across the
three files) and its strokes, y pointing down, in tablet units (each site's own scale).

Digits join the pendigits writers as training data, drawn through the pad's path; letters
and symbols that no digit resembles teach "not a digit" (`NOT_DIGIT_LOOKALIKES` says which
are left out, and why).

File format: gzip'd JSON lines, `{"label": "7", "writer": "apa/x", "category": "1a",
"strokes": [[[x, y], ...], ...]}`.
"""

from __future__ import annotations

import gzip
import json
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digitpad.base.errors import DataError
from digitpad.base.paths import resources_dir
from digitpad.data.mnist import read_verified

DIGITS_FILE, LETTERS_FILE, SYMBOLS_FILE = "unipen-digits.jsonl.gz", "unipen-letters.jsonl.gz", "unipen-symbols.jsonl.gz"
ATTRIBUTION = (
    "UNIPEN train_r01_v07 by the UNIPEN consortium (I. Guyon, L. Schomaker, R. Plamondon, M. Liberman, "
    "S. Janet), Zenodo doi:10.5281/zenodo.1195803, CC BY 4.0"
)
MAX_LINE_CHARS = 2_000_000  # one character's JSON; the largest real one is about 40 KB
MAX_POINTS = 20_000  # points of one character, all strokes

# Characters that a digit legitimately looks like, in someone's hand: they are never taught
# as "not a digit" (the model would learn to refuse real digits written that way).
NOT_DIGIT_LOOKALIKES = {
    "0": "O o D Q C c",  # an oval, a D-like or slashed 0; C and c: an open 0
    # A bar, with serifs, a dot-like flag, a curled foot, a slant or a bow; a short stroke
    # (apostrophe, grave, comma) drawn at a digit's size is a 1.
    "1": "I l i | J / ( ) [ ] ' ` ,",
    "2": "Z z",
    "4": "y",  # the open 4, its top two strokes a y's
    "5": "S s",
    "6": "b G",
    "7": "T >",  # a 7 with a crossbar hung low or its top bent
    "8": "B &",
    "9": "g q",
}
LOOKALIKE_CHARACTERS = frozenset("".join(NOT_DIGIT_LOOKALIKES.values()).replace(" ", ""))


@dataclass(frozen=True)
class PenCharacter:
    """One written character: strokes as float arrays (n, 2) of (x, y), y growing downwards."""

    label: str
    writer: str  # "site/id"
    category: str  # UNIPEN's: 1a digits, 1b upper case, 1c lower case, 1d symbols
    strokes: tuple[np.ndarray, ...]


def bundled_unipen_path(name: str) -> Path:
    return resources_dir() / "unipen" / name


def _strokes(value) -> tuple[np.ndarray, ...]:
    """Validated strokes, or ValueError saying what is wrong."""
    if not isinstance(value, list) or not value:
        raise ValueError("'strokes' must be a non-empty list of strokes")
    strokes, total = [], 0
    for stroke in value:
        if not isinstance(stroke, list) or not stroke:
            raise ValueError("each stroke must be a non-empty list of [x, y] points")
        total += len(stroke)
        if total > MAX_POINTS:
            raise ValueError(f"more than {MAX_POINTS:,} points")
        strokes.append(_points(stroke))
    return tuple(strokes)


def _points(stroke: list) -> np.ndarray:
    """One stroke's [x, y] points as float32 (n, 2). NumPy checks the shape and the types in one
    pass: a Python loop over every coordinate took half of the fine-tune job's data preparation."""
    try:
        points = np.array(stroke)
    except (ValueError, TypeError):  # ragged: points of different lengths
        points = None
    # Only numbers make an int or float array: a string, a null or a nested list does not, and
    # neither do booleans alone (a boolean beside a number becomes that number, harmlessly).
    if points is None or points.ndim != 2 or points.shape[1] != 2 or points.dtype.kind not in "iuf":
        raise ValueError("each point must be [x, y], two finite numbers")
    with np.errstate(over="ignore"):  # a number too large for float32 becomes inf, refused below
        points = points.astype(np.float32)
    if not np.isfinite(points).all():
        raise ValueError("each point must be [x, y], two finite numbers")
    return points


def _character(line: str) -> PenCharacter:
    record = json.loads(line)
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    label, writer, category = record.get("label"), record.get("writer"), record.get("category", "")
    if not isinstance(label, str) or len(label) != 1 or not label.isprintable() or label.isspace():
        raise ValueError(f"'label' must be one printable character, got {str(label)[:20]!r}")
    if not isinstance(writer, str) or not writer or len(writer) > 200:
        raise ValueError("'writer' must be a non-empty string")
    if not isinstance(category, str):
        raise ValueError("'category' must be a string")
    return PenCharacter(label, writer, category, _strokes(record.get("strokes")))


def read_unipen(path: str | Path) -> list[PenCharacter]:
    """Parse a UNIPEN JSON-lines file (gzip or plain); DataError naming the file and line."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: file not found")
    characters, number = [], 0
    try:
        with open(path, "rb") as f:
            gzipped = f.read(2) == b"\x1f\x8b"
        with gzip.open(path, "rt", encoding="utf-8") if gzipped else open(path, encoding="utf-8") as f:
            for number, line in enumerate(iter(lambda: f.readline(MAX_LINE_CHARS + 1), ""), 1):
                if len(line) > MAX_LINE_CHARS:
                    raise DataError(f"{path}, line {number}: longer than {MAX_LINE_CHARS:,} characters")
                if not line.strip():
                    continue
                try:
                    characters.append(_character(line))
                except (ValueError, RecursionError) as exc:  # json's errors are ValueErrors
                    raise DataError(f"{path}, line {number}: {str(exc)[:120]}") from None
    except UnicodeDecodeError:
        raise DataError(f"{path}, line {number + 1}: not UTF-8 text") from None
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(f"{path}: cannot read after line {number} ({exc})") from None
    if not characters:
        raise DataError(f"{path}: no characters found (not a UNIPEN JSON-lines file)")
    return characters


def load_unipen(name: str = DIGITS_FILE, path: str | Path | None = None) -> tuple[PenCharacter, ...]:
    """One of the bundled files (checksum-verified on first use in a process), or the file at `path`."""
    path = Path(path) if path is not None else bundled_unipen_path(name)
    return read_verified(str(path.resolve()), read_unipen)


def load_unipen_digits() -> tuple[PenCharacter, ...]:
    return tuple(c for c in load_unipen(DIGITS_FILE) if c.label.isdigit())


def load_not_digit_characters() -> tuple[PenCharacter, ...]:
    """Real letters and symbols that no digit resembles: examples of "not a digit"."""
    return tuple(
        c
        for name in (LETTERS_FILE, SYMBOLS_FILE)
        for c in load_unipen(name)
        if c.label not in LOOKALIKE_CHARACTERS and not c.label.isdigit()
    )
