"""Reading whole numbers (Recognizer.read): segmentation cases on the pad and in images, and the result."""

from __future__ import annotations

import json

import numpy as np
import pytest

from digitpad import Reading
from digitpad.base.errors import EmptyImageError, ImageError
from digitpad.imaging.drawing import Drawing
from digitpad.reading.result import ReadDigit
from digitpad.reading.segmentation import image_layout, stroke_layout
from tests.number_fixtures import number_drawing, number_image, number_strokes


@pytest.fixture(scope="module")
def recognizer():
    from digitpad import load_recognizer

    return load_recognizer()


def both(digits, gaps=None, **kwargs):
    """The same number drawn on the pad and as a scanned image."""
    return number_drawing(digits, gaps, **kwargs), number_image(digits, gaps, **kwargs)


@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_number_is_read_digit_by_digit_left_to_right(recognizer, where):
    source = both("2026")[where == "image"]
    reading = recognizer.read(source)
    assert isinstance(reading, Reading)
    assert reading.text == "2026"
    assert [d.prediction.digit for d in reading.digits] == [2, 0, 2, 6]
    lefts = [d.box[0] for d in reading.digits]
    assert lefts == sorted(lefts)
    assert 0.9 < reading.confidence <= 1.0
    assert all(d.prediction.image28.shape == (28, 28) for d in reading.digits)


@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_fives_detached_bar_and_a_four_in_two_strokes_are_joined(recognizer, where):
    for digits, text in [([("5", "flag"), "1"], "51"), ([("4", "open"), "2"], "42"), ([("7", "crossed"), "1"], "71")]:
        source = both(digits)[where == "image"]
        assert recognizer.read(source).text == text, digits


def test_touching_digits_in_an_image_are_parted(recognizer):
    image = number_image("38", gaps=[-2])  # the 3's tips run into the 8
    layout = image_layout((255 - image.astype(np.float32)) / 255)
    assert len({p.origin for p in layout.pieces}) == 1  # one connected component...
    reading = recognizer.read(image)
    # ...read as two digits. The 3 cut out of it keeps a tip of the 8, which the model (taught
    # that a digit with a stroke across it is no digit) may call no digit: "?8" then, never "3".
    assert [d.prediction.label for d in reading.digits] == ["3", "8"] and reading.text in ("38", "?8")
    (_, _, right_of_3, _), (left_of_8, _, _, _) = (d.box for d in reading.digits)
    assert left_of_8 < right_of_3  # the boxes overlap where the digits touch


@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_wide_gap_between_digits_keeps_both(recognizer, where):
    assert recognizer.read(both("17", gaps=[40])[where == "image"]).text == "17"


def test_a_gap_inside_a_digit_does_not_split_it(recognizer):
    left_half = [(28, 10), (18, 16), (16, 28), (18, 40), (27, 46)]
    right_half = [(30, 46), (38, 40), (40, 28), (38, 16), (30, 10)]  # the 0 broken at top and bottom
    drawing = Drawing((tuple((x, y, 0.5) for x, y in left_half), tuple((x, y, 0.5) for x, y in right_half)), 4.0)
    assert recognizer.read(drawing).text == "0"


def test_specks_and_an_underline_are_left_out(recognizer):
    image = number_image("205")
    noisy = image.copy()
    rng = np.random.default_rng(0)
    for y, x in zip(rng.integers(0, noisy.shape[0] - 3, 12), rng.integers(0, noisy.shape[1] - 3, 12)):
        noisy[y : y + 3, x : x + 3] = 0  # dust of 3x3 pixels
    noisy[-14:-8, 10:-10] = 0  # an underline below the digits
    layout = image_layout((255 - noisy.astype(np.float32)) / 255)
    assert len(layout.set_aside) >= 8  # the dust off the digits (the underline is taken away first)
    assert recognizer.read(noisy).text == "205"


def test_a_line_touching_the_digits_is_taken_away(recognizer):
    image = number_image("2026")
    underlined = image.copy()
    underlined[194:202, 5:-5] = 0  # drawn under the number, touching every digit's foot
    crossed = image.copy()
    crossed[100:106, 5:-5] = 0  # or struck through
    for lined in (underlined, crossed):
        assert recognizer.read(lined).text == "2026"


@pytest.mark.parametrize("digits", ["4537", "4537215"])
def test_a_long_line_drawn_under_small_digits_on_the_pad_is_left_out(recognizer, digits):
    # One stroke three times the number's length holds more than four times any digit's ink:
    # it set the digit height (its own), and every stroke was cut as "too wide" ("too busy").
    strokes = [[(p[0] * 0.5 + 4, p[1] * 0.5 + 14) for p in stroke] for stroke in number_strokes(list(digits))]
    width = max(p[0] for stroke in strokes for p in stroke)
    line = tuple((3 + i * width * 3 / 60, 40.0) for i in range(61))
    drawing = Drawing(tuple(tuple(stroke) for stroke in strokes) + (line,), 3.0)
    assert recognizer.read(drawing).text == digits


def test_one_digit_is_a_one_digit_reading_that_agrees_with_predict(recognizer):
    drawing = number_drawing("7")
    reading = recognizer.read(drawing)
    assert reading.text == "7" and len(reading.digits) == 1
    assert reading.digits[0].prediction.label == recognizer.predict_drawing(drawing).label


def test_nothing_to_read_is_an_empty_image_error(recognizer):
    with pytest.raises(EmptyImageError):
        recognizer.read(Drawing())
    with pytest.raises(EmptyImageError):
        recognizer.read(np.full((60, 200), 255, np.uint8))
    with pytest.raises(ImageError):
        recognizer.read(object())


def test_a_dot_alone_is_read_as_not_a_digit(recognizer):
    reading = recognizer.read(Drawing((((28.0, 28.0, 0.5),),), 6.0))
    assert [d.status for d in reading.digits] == ["not-a-digit"]
    assert reading.text == "?" and reading.unsure_positions == [0]


def test_boxes_are_in_the_inputs_coordinates(recognizer):
    drawing = number_drawing("12")
    strokes = number_strokes("12")
    pad_box = recognizer.read(drawing).digits[1].box  # pad units
    two = [p for s in strokes[1:] for p in s]
    assert abs(pad_box[0] - min(p[0] for p in two)) < 4 and abs(pad_box[2] - max(p[0] for p in two)) < 4
    image = number_image("12", scale=4)
    from PIL import Image

    bigger = Image.fromarray(image).resize((image.shape[1] * 5, image.shape[0] * 5))  # read at 1600 px at most
    box = recognizer.read(bigger).digits[1].box
    assert abs(box[0] - pad_box[0] * 20) < 30 and abs(box[2] - pad_box[2] * 20) < 30
    assert 0 <= box[1] < box[3] <= bigger.height


def test_unsure_digits_are_marked_not_guessed():
    class Unsure:  # a Prediction-like answer: top class 0.5
        label, confidence, not_a_digit_probability, digit, status = "3", 0.5, 0.0, 3, "uncertain"

    class Sure:
        label, confidence, not_a_digit_probability, digit, status = "2", 0.99, 0.01, 2, "digit"

    reading = Reading(
        (ReadDigit(Sure(), (0, 0, 1, 1)), ReadDigit(Unsure(), (1, 0, 2, 1)), ReadDigit(Sure(), (2, 0, 3, 1)))
    )
    assert reading.text == "2?2" and reading.guess == "232" and reading.unsure_positions == [1]
    assert reading.confidence == pytest.approx(0.99 * 0.99 * 0.99 * 0.99 * 0.5)
    as_json = json.loads(json.dumps(reading.to_dict()))
    assert as_json["text"] == "2?2"
    assert as_json["digits"][1] == {"digit": 3, "confidence": 0.5, "status": "uncertain", "box": [1, 0, 2, 1]}


def test_pieces_of_strokes_are_the_strokes():
    layout = stroke_layout(number_strokes([("5", "flag"), "1"]), [4.0, 4.0, 4.0])
    assert len(layout.pieces) == 3  # the 5's body, its bar, the 1
    assert 150 < layout.digit_height < 200  # 40 pad units drawn at 4 pixels each, plus the pen


def test_the_search_stays_small_for_a_long_number(recognizer):
    # Reading time grows with the candidates read (benchmarks/number_reading.py times it): a 6-digit
    # number is a few dozen, never every split of every piece.
    layout = stroke_layout(number_strokes("314159"), [4.0] * 6)
    assert len(layout.candidates()) < 40
    assert recognizer.read(number_drawing("314159")).text == "314159"


# ---------------------------------------------------------------- separators


@pytest.mark.parametrize("where", ["pad", "image"])
@pytest.mark.parametrize("text", ["12.50", "3,75", "29/10/2026", "11/11", "12:45", "555-1234", "7.5", "4.1"])
def test_prices_dates_times_and_phone_numbers_keep_their_separators(recognizer, where, text):
    reading = recognizer.read(both(text)[where == "image"])
    assert reading.text == text
    assert "".join(str(d.prediction.digit) for d in reading.digits) == "".join(c for c in text if c.isdigit())
    kinds = ["separator" if c in ".,-/:" else "digit" for c in text]
    assert [c.status if c.status == "separator" else "digit" for c in reading.characters] == kinds


def test_a_separator_sits_between_its_digits_and_has_a_confidence(recognizer):
    reading = recognizer.read(number_drawing("12.50"))
    ((after, point),) = reading.separators
    assert after == 2 and point.character == "." and 0.5 <= point.confidence <= 1
    assert reading.digits[1].box[2] <= point.box[0] and point.box[2] <= reading.digits[2].box[0]
    assert reading.confidence <= np.prod([d.confidence for d in reading.digits])
    as_json = json.loads(json.dumps(reading.to_dict()))
    assert as_json["text"] == "12.50" and [c["kind"] for c in as_json["characters"]].count("separator") == 1


def test_a_lone_speck_away_from_the_digits_stays_a_speck(recognizer):
    image = number_image("205")
    image[20:30, image.shape[1] - 14 : image.shape[1] - 4] = 0  # a dot after the number, high up
    image[200:208, 2:10] = 0  # and one before it, on the baseline
    assert recognizer.read(image).text == "205"
    strokes = number_strokes("205") + [[(8.0 + 3 * 28, 12.0, 0.5)]]  # a click above the gap between 0 and 5
    assert recognizer.read(Drawing(tuple(tuple(s) for s in strokes), 4.0)).text == "205"


def test_a_dash_before_a_number_is_not_read_as_a_minus_sign(recognizer):
    assert recognizer.read(number_drawing("-42")).text == "42"


def test_a_crossed_seven_and_a_four_keep_their_bars(recognizer):
    for digits, text in (
        ([("7", "crossed"), "1"], "71"),
        (["1", ("7", "crossed"), "3"], "173"),
        (["1", ("4", "closed"), "2"], "142"),
    ):
        assert recognizer.read(number_drawing(digits)).text == text


def test_long_straight_runs_are_found_as_a_line_opening_finds_them():
    from scipy import ndimage

    from digitpad.reading.segmentation import runs_at_least

    rng = np.random.default_rng(5)
    for _ in range(60):
        mask = rng.random(tuple(rng.integers(1, 40, 2))) < rng.uniform(0.4, 0.95)
        length = int(rng.integers(1, 25))
        for axis, structure in ((1, np.ones((1, length), bool)), (0, np.ones((length, 1), bool))):
            assert np.array_equal(runs_at_least(mask, length, axis), ndimage.binary_opening(mask, structure=structure))


def test_a_numbers_confidence_is_calibrated_and_a_single_digits_is_not(recognizer):
    import dataclasses
    import math

    number = recognizer.read(number_drawing("2026"))
    product = number.uncalibrated_confidence
    assert product == pytest.approx(
        float(np.prod([c.confidence for c in number.characters])) * number.segmentation_confidence
    )
    a, b = 0.5, 0.3
    calibrated = dataclasses.replace(number, calibration=(a, b))
    logit = math.log(product / (1 - product)) if 0 < product < 1 else math.copysign(13.8, product - 0.5)
    assert calibrated.confidence == pytest.approx(1 / (1 + math.exp(-(a * logit + b))), abs=1e-6)
    assert dataclasses.replace(number, calibration=None).confidence == product
    digit = recognizer.read(number_drawing("7"))
    assert dataclasses.replace(digit, calibration=(a, b)).confidence == digit.uncalibrated_confidence
