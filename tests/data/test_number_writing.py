"""Numbers written as people write them (digitpad.data.synth.number_writing): separators at the
generator's sizes or at their writer's own."""

from __future__ import annotations

import numpy as np

from digitpad.data.synth.number_writing import SEPARATOR_PLACES, write_separated, writers_own_places

# One writer's tablet units: digits 100 tall, a comma 50 tall (UNIPEN writers' median is 0.48).
ONE = [np.array([[0.0, 0.0], [5.0, 100.0]])]
ZERO = [np.array([[20.0, 0.0], [0.0, 50.0], [20.0, 100.0], [40.0, 50.0], [20.0, 0.0]])]
COMMA = [np.array([[4.0, 0.0], [5.0, 20.0], [0.0, 50.0]])]


def test_a_writers_own_separator_keeps_its_size_beside_the_writers_digits():
    parts = [("1", ONE), ("0", ZERO), (",", COMMA), ("0", ZERO), ("1", ONE)]
    places = writers_own_places(parts)
    assert places[","][0] == (0.5, 0.5)
    assert places["."] == SEPARATOR_PLACES["."]  # (none in the number: the generator's)
    strokes, _ = write_separated(parts, np.random.default_rng(0), places=places)
    heights = [np.ptp([p[1] for p in stroke]) for stroke in strokes]
    digits = np.median([heights[0], heights[1], heights[3], heights[4]])
    assert abs(heights[2] / digits - 0.5) < 0.1  # (digits vary in size a little)
    strokes, _ = write_separated(parts, np.random.default_rng(0))  # the generator's commas: 0.15-0.32
    heights = [np.ptp([p[1] for p in stroke]) for stroke in strokes]
    assert heights[2] / np.median([heights[0], heights[1], heights[3], heights[4]]) < 0.4
