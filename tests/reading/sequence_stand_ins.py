"""Stand-ins for the sequence model in the reading tests: its word on a layout, set by each test
(`digitpad.reading.reader.sequence_evidence` replaced)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np


def said_over_pieces(monkeypatch, characters, doubt: float = 1e-5) -> None:
    """Over each piece of the layout and each mark set aside (left to right) the character it
    emits there, or None for nothing. `doubt`: every other character's share in every column
    (1e-5: a text about 100 % likely)."""
    from digitpad.reading import reader as reading
    from digitpad.reading.sequence_model import ALPHABET, MARGIN, SequenceEvidence, line_strip

    def evidence(layout, path=None):
        strip, scale, left = line_strip(layout)
        step = 4
        probabilities = np.full((strip.shape[1] // step, 1 + len(ALPHABET)), doubt)
        probabilities[:, 0] = 1.0
        pieces = sorted(layout.pieces + layout.set_aside, key=lambda p: p.left)
        assert len(pieces) == len(characters), [(p.left, p.width) for p in pieces]
        for piece, character in zip(pieces, characters):
            if character is None:
                continue
            x0, x1 = ((piece.left - left) * scale + MARGIN) / step, ((piece.right - left) * scale + MARGIN) / step
            columns = range(int(x0), max(int(np.ceil(x1)), int(x0) + 1))
            probabilities[columns, 0] = 1e-5
            # a character, or {character: its share} where it is torn between two
            for each, share in (character if isinstance(character, dict) else {character: 1.0}).items():
                probabilities[columns, ALPHABET.index(each) + 1] = share
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        return SequenceEvidence(probabilities, scale, left, step)

    monkeypatch.setattr(reading, "sequence_evidence", evidence)


def emitted_at(monkeypatch, places) -> None:
    """The sequence model's word, set by a test: `places(pieces)` gives (x, character) pairs,
    each character emitted surely in the one column at x (pieces: the layout's, left to right)."""
    from digitpad.reading import reader as reading
    from digitpad.reading.sequence_model import ALPHABET, MARGIN, SequenceEvidence, line_strip

    def evidence(layout, path=None):
        strip, scale, left = line_strip(layout)
        probabilities = np.full((strip.shape[1] // 4, 1 + len(ALPHABET)), 0.001)
        probabilities[:, 0] = 1.0
        for x, character in places(sorted(layout.pieces, key=lambda p: p.left)):
            t = int(((x - left) * scale + MARGIN) / 4)
            probabilities[t, 0] = 0.001
            probabilities[t, ALPHABET.index(character) + 1] = 1.0
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        return SequenceEvidence(probabilities, scale, left, 4)

    monkeypatch.setattr(reading, "sequence_evidence", evidence)


def seven_dash_three(pieces):
    """`emitted_at`'s places of "17-3" over the pieces of a "173" whose 7 and 3 stand apart."""
    one, seven, three = pieces
    return [(one.centre_x, "1"), (seven.centre_x, "7"), ((seven.right + three.left) / 2, "-"), (three.centre_x, "3")]


def path_digit(label: str, left: float, right: float):
    """A digit of the best path as `separator_checks.separators_checked` takes it: its top label
    and its box (100 pixels tall)."""
    return SimpleNamespace(prediction=SimpleNamespace(label=label), box=(left, 0, right, 100))


def emitted_in_columns(emissions, columns: int = 60):
    """The sequence model's evidence for a strip read at scale 1 (4 pixels a column): each
    (x, character, share) emitted in the column over x, blanks elsewhere."""
    from digitpad.reading.sequence_model import ALPHABET, MARGIN, SequenceEvidence

    probabilities = np.full((columns, 1 + len(ALPHABET)), 1e-5)
    probabilities[:, 0] = 1.0
    for x, character, share in emissions:
        column = int((x + MARGIN) / 4)
        probabilities[column, 0] = max(1.0 - share, 1e-5)
        probabilities[column, ALPHABET.index(character) + 1] = share
    return SequenceEvidence(probabilities / probabilities.sum(axis=1, keepdims=True), 1.0, 0.0, 4)
