"""The wholeness network: its training labels, its answers, and reading without it."""

import numpy as np
import pytest

from digitpad.imaging.preprocess import STROKE_SUPERSAMPLING, rasterize_strokes
from digitpad.reading.segmentation import stroke_layout
from digitpad.reading.wholeness import whole_probability, wholeness_input, wholeness_path
from digitpad.training.wholeness_data import candidate_examples
from tests.number_fixtures import number_drawing, number_image


def five_and_one():
    """A 5 with a detached bar, then a 1: the layout and each digit's own ink."""
    drawing = number_drawing([("5", "flag"), "1"])
    strokes = [list(s) for s in drawing.strokes]
    layout = stroke_layout(strokes, [4.0] * len(strokes))
    owners = np.stack(
        [rasterize_strokes(own, (80, 60), 4.0, STROKE_SUPERSAMPLING) for own in (strokes[:2], strokes[2:])]
    )
    return layout, owners


def test_candidates_are_labelled_whole_only_when_they_are_one_digit_entirely():
    layout, owners = five_and_one()
    inputs, labels = candidate_examples(layout, owners)
    runs = layout.candidates()
    assert inputs.shape == (len(runs), 28, 28, 3)
    whole = {run for run, label in zip(runs, labels) if label}
    pieces = layout.pieces  # left to right: the 5's body, its bar, the 1
    assert len(pieces) == 3
    assert whole == {(0, 2), (2, 3)}  # the 5 with its bar, and the 1; not the bar alone, not "51"


def test_the_shipped_network_prefers_whole_digits_to_fragments_and_merges():
    assert wholeness_path().is_file()
    layout, owners = five_and_one()
    inputs, labels = candidate_examples(layout, owners)
    p = whole_probability(inputs)
    assert p is not None and p.shape == labels.shape and ((0 <= p) & (p <= 1)).all()
    assert p[labels == 1].min() > p[labels == 0].max()


def test_reading_goes_on_without_the_network(recognizer_with_reading, tmp_path, monkeypatch, caplog):
    broken = tmp_path / "digit-wholeness.onnx"
    broken.write_bytes(b"not a model")
    monkeypatch.setattr("digitpad.reading.wholeness.wholeness_path", lambda: broken)
    assert whole_probability(np.zeros((2, 28, 28, 3), np.float32)) is None
    monkeypatch.setattr(recognizer_with_reading, "wholeness_path", broken)
    assert recognizer_with_reading.read(number_image("2026")).text == "2026"
    monkeypatch.setattr(recognizer_with_reading, "wholeness_path", tmp_path / "missing.onnx")
    assert recognizer_with_reading.read(number_drawing("42")).text == "42"
    logged = caplog.text
    assert "cannot be used" in logged and "missing" in logged  # a packaging bug leaves a trace


def test_input_holds_the_28x28_and_the_surroundings():
    images = np.random.default_rng(0).random((4, 28, 28)).astype(np.float32)
    contexts = np.random.default_rng(1).random((4, 2, 28, 28)).astype(np.float32)
    combined = wholeness_input(images, contexts)
    assert combined.shape == (4, 28, 28, 3) and combined.dtype == np.float32
    assert np.array_equal(combined[..., 0], images) and np.array_equal(combined[..., 2], contexts[:, 1])


@pytest.fixture(scope="module")
def recognizer_with_reading():
    from digitpad import load_recognizer

    return load_recognizer()


@pytest.mark.slow
def test_training_writes_a_network_that_answers(tmp_path, monkeypatch):
    pytest.importorskip("tensorflow")
    import sys

    from digitpad.training import wholeness_training

    out = tmp_path / "wholeness.onnx"
    monkeypatch.setattr(sys, "argv", ["x", "--numbers", "40", "--epochs", "1", "--out", str(out)])
    wholeness_training.main()
    monkeypatch.setattr("digitpad.reading.wholeness.wholeness_path", lambda: out)
    p = whole_probability(np.zeros((3, 28, 28, 3), np.float32))
    assert p is not None and p.shape == (3,)


def test_real_writers_numbers_give_whole_and_broken_candidates():
    from digitpad.data.datasets import bundled_pen_digits
    from digitpad.training.wholeness_data import pen_examples

    inputs, labels = pen_examples(bundled_pen_digits()[:400], 6, np.random.default_rng(0))
    assert inputs.shape == (len(labels), 28, 28, 3) and 0 < labels.mean() < 1
