"""Every model call is bounded and checked, not only the first (issue 21): a fault that hides
from the load-time test run behind real drawings costs one answer, never a hang or a crash;
the reading aids (wholeness, sequence) get the same checks."""

import time

import numpy as np
import pytest

from digitpad.base import call_limit
from digitpad.base.errors import ModelError
from digitpad.reading.reading_aids import ReadingAid
from digitpad.recognizer import Recognizer, load_recognizer
from tests.hostile_models import (
    digit_model,
    fewer_rows_model,
    loop_on_real_drawings_model,
    nan_on_real_drawings_model,
    write_model,
)
from tests.number_fixtures import number_drawing

LIMIT_S = 1.0  # the tests' call limit: a looping call is stopped this soon (the app's is 10 s)


@pytest.fixture
def short_limits(monkeypatch):
    monkeypatch.setattr("digitpad.inference.model_session.CALL_LIMIT_S", LIMIT_S)
    monkeypatch.setattr("digitpad.reading.reading_aids.AID_CALL_LIMIT_S", LIMIT_S)


def drawing_image(recognizer) -> np.ndarray:
    """A real drawing as the model sees it."""
    return number_drawing("7").model_input()


def test_a_loop_hidden_behind_real_drawings_is_stopped_and_the_model_refused(tmp_path, short_limits):
    recognizer = Recognizer(write_model(tmp_path, "sleeper", loop_on_real_drawings_model()))  # passes its test run
    started = time.monotonic()
    with pytest.raises(ModelError, match="did not answer within"):
        recognizer.predict(drawing_image(recognizer))
    assert time.monotonic() - started < 60  # stopped: 10^10 loop steps take hours
    with pytest.raises(ModelError, match="not used again"):  # refused at once from then on
        recognizer.predict_images28(np.full((1, 28, 28), 0.5, np.float32))


def test_a_model_answering_fewer_rows_than_images_is_one_error(tmp_path):
    recognizer = Recognizer(write_model(tmp_path, "short", fewer_rows_model(2)))  # its test run gives it 2
    with pytest.raises(ModelError, match="for 5 images"):
        recognizer.probabilities(np.random.default_rng(0).random((5, 28, 28), dtype=np.float32))


def test_an_image_the_model_answers_nan_for_costs_that_image_only(tmp_path, mnist):
    from PIL import Image

    # NaN for MNIST's first 7 and 2 (62 and 102 pixels' worth of ink), not for its 1 (33).
    recognizer = Recognizer(write_model(tmp_path, "nan", nan_on_real_drawings_model(ink_over=50)))
    paths = []
    for i in range(3):
        paths.append(tmp_path / f"d{i}.png")
        Image.fromarray(255 - mnist.x_test[i]).save(paths[-1])
    results = [result for _, result in recognizer.iter_predictions(paths)]
    assert all(isinstance(r, ModelError) and "NaN" in str(r) for r in results[:2])
    assert not isinstance(results[2], Exception) and np.isclose(results[2].probabilities.sum(), 1)


@pytest.mark.parametrize("damage", ["loop", "fewer rows", "nan"])
def test_a_damaged_wholeness_network_costs_only_its_help(tmp_path, short_limits, damage):
    model = {
        "loop": loop_on_real_drawings_model,
        "fewer rows": lambda: fewer_rows_model(1),
        "nan": nan_on_real_drawings_model,
    }[damage]()
    recognizer = load_recognizer()
    recognizer.wholeness_path = write_model(tmp_path, "wholeness", model)  # (a digit model's input: never a match)
    reading = recognizer.read(number_drawing("945531"))
    assert reading.text == "945531"


def test_a_reading_aid_checks_rows_and_values(tmp_path):
    inputs = np.random.default_rng(0).random((3, 28, 28, 1), dtype=np.float32)
    assert ReadingAid(write_model(tmp_path, "good", digit_model())).run(inputs).shape == (3, 10)
    assert ReadingAid(write_model(tmp_path, "short", fewer_rows_model(2))).run(inputs) is None
    inputs[0, 0, 0, 0] = 1.0  # "a real drawing"
    assert ReadingAid(write_model(tmp_path, "nan", nan_on_real_drawings_model())).run(inputs) is None


def test_each_recognizer_opens_its_reading_aids_once_and_keeps_them_to_itself():
    first, second = load_recognizer(), load_recognizer()
    wholeness, sequence = first.reading_aids()
    assert not wholeness.is_open and not sequence.is_open  # (nothing opened before a number is read)
    assert first.read(number_drawing("2026")).text == "2026"
    assert wholeness.is_open and sequence.is_open
    assert first.reading_aids() == (wholeness, sequence)  # kept: the same sessions read the next number
    assert all(aid not in (wholeness, sequence) and not aid.is_open for aid in second.reading_aids())
    first.sequence_path = False
    assert first.reading_aids() == (wholeness, None)


def test_the_watchdog_stops_only_calls_past_their_limit():
    with call_limit.limited_call(30.0) as patient:
        with call_limit.limited_call(0.2) as hasty:
            deadline = time.monotonic() + 30
            while not hasty.terminate and time.monotonic() < deadline:
                time.sleep(0.01)
            assert hasty.terminate
        assert not patient.terminate
