"""The sequence model's training strips (`digitpad.training.sequence_data`): composed of real
writers' digits and separators, skipping what cannot be a number."""

import dataclasses

import numpy as np
import pytest

from digitpad.data.pendigits import load_pendigits
from digitpad.data.synth.number_writing import write_separated
from digitpad.reading.sequence_model import ALPHABET, STRIP_HEIGHT
from digitpad.training import sequence_data
from digitpad.training.sequence_data import MAX_LABEL, MAX_TRAIN_WIDTH, batches, examples


@pytest.fixture(scope="module")
def one_writers_digits():
    digits = load_pendigits()
    return [d for d in digits if d.writer == digits[0].writer][:60]


def test_a_written_digit_no_number_can_hold_is_skipped_not_fatal(one_writers_digits, mnist):
    # A sample of 200 strokes (hatching, a scanner's noise) is more marks than one number has
    # (TooManyMarks): the strip is not made, the rest are.
    hatched = dataclasses.replace(
        one_writers_digits[0], strokes=tuple(np.array([[x, 0.0], [x + 0.5, 30.0]]) for x in np.arange(0, 40, 0.2))
    )
    digits = [hatched] + one_writers_digits[1:10]
    strips, labels = examples(digits, [], mnist.x_train[:50], mnist.y_train[:50], 40, seed=5, mnist_share=0.0)
    assert len(strips) == len(labels) == 40
    assert all(s.shape[0] == STRIP_HEIGHT and s.shape[1] <= MAX_TRAIN_WIDTH for s in strips)
    assert all(0 < len(label) <= MAX_LABEL and min(label) >= 1 and max(label) <= len(ALPHABET) for label in labels)


def test_batches_pad_strips_and_labels_to_one_shape(one_writers_digits, mnist):
    strips, labels = examples(one_writers_digits, [], mnist.x_train[:50], mnist.y_train[:50], 10, seed=1)
    made = batches(strips, labels, 4, np.random.default_rng(0))
    assert sum(len(x) for x, _ in made) == 10
    for x, y in made:
        assert x.shape[1] == STRIP_HEIGHT and x.shape[2] % 32 == 0 and y.shape[1] == MAX_LABEL


def test_half_of_the_separated_numbers_keep_their_writers_own_separator_sizes(one_writers_digits, mnist, monkeypatch):
    # People's commas are up to 0.86 of their digits' height, the generator's 0.15-0.32: the
    # model must meet both. A comma half as tall as this writer's digits keeps that size.
    digit_height = np.median([np.ptp(np.concatenate(d.strokes)[:, 1]) for d in one_writers_digits])
    hook = np.array([[2.0, 0.0], [2.5, 0.25], [1.5, 0.5]]) * digit_height
    comma = dataclasses.replace(one_writers_digits[0], label=",", strokes=(hook,))
    asked = []

    def noting_the_places(parts, rng, style, places=None):
        asked.append(places)
        return write_separated(parts, rng, style, places)

    monkeypatch.setattr(sequence_data, "write_separated", noting_the_places)
    examples(one_writers_digits, [comma], mnist.x_train[:50], mnist.y_train[:50], 40, seed=2, shares=(0.0, 0.0))
    own = [places for places in asked if places is not None]
    assert 0.3 < len(own) / len(asked) < 0.7
    assert all(abs(places[","][0][0] - 0.5) < 0.1 for places in own)
