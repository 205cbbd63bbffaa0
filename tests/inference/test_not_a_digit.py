""" "Not a digit" on both sides: marks are refused, real digits are not; the status in the API and JSON."""

import json
import shutil

import numpy as np
import pytest
from PIL import Image, ImageDraw

from digitpad import load_recognizer
from digitpad.base.errors import ModelError
from digitpad.cli import main
from digitpad.data.synth.nondigits import GENERATORS, pen_width_for
from digitpad.data.synth.templates import TEMPLATES
from digitpad.imaging.preprocess import preprocess_strokes
from digitpad.inference.prediction import Status
from digitpad.recognizer import Prediction


@pytest.fixture(scope="module")
def recognizer():
    return load_recognizer()


def on_pad(recognizer, strokes, pen=4.0):
    return recognizer.predict_image28(preprocess_strokes(strokes, (56, 56), pen))


def test_the_bundled_model_can_say_not_a_digit(recognizer):
    assert recognizer.has_not_a_digit_output


@pytest.mark.parametrize("pen", [2.0, 4.0, 8.5])
def test_a_click_on_the_pad_is_not_a_digit(recognizer, pen):
    prediction = on_pad(recognizer, [[(30.0, 25.0, 0.5)]], pen)
    assert prediction.status == Status.NOT_A_DIGIT and prediction.is_not_a_digit and prediction.digit is None
    assert prediction.probabilities.shape == (10,)  # the digits' probabilities are still there


@pytest.mark.parametrize("stroke", [[(15, 30), (40, 31)], [(18, 36), (36, 24)], [(20, 20), (27, 21)]])
def test_a_dash_that_is_not_upright_is_not_a_digit(recognizer, stroke):
    assert on_pad(recognizer, [stroke]).is_not_a_digit


def test_generated_marks_are_mostly_refused(recognizer):
    rng = np.random.default_rng(77)
    for kind, generate in GENERATORS.items():
        refused = [
            on_pad(recognizer, [[tuple(p) for p in s] for s in generate(rng)], pen_width_for(kind, rng)).is_not_a_digit
            for _ in range(40)
        ]
        # Squiggles (sparse random walks) are the hardest: about 80 % (RESULTS.md), short of the 95 % aimed at.
        assert np.mean(refused) >= (0.7 if kind == "squiggle" else 0.85), kind


@pytest.mark.parametrize(
    "name, strokes",
    [
        ("A", [[(14, 48), (28, 8), (42, 48)], [(19, 32), (37, 32)]]),
        ("+", [[(28, 12), (28, 44)], [(12, 28), (44, 28)]]),
        ("x", [[(16, 20), (40, 46)], [(40, 20), (16, 46)]]),
        ("#", [[(22, 10), (18, 46)], [(36, 10), (32, 46)], [(10, 22), (44, 22)], [(8, 34), (42, 34)]]),
    ],
)
def test_a_drawn_letter_or_symbol_is_not_a_digit(recognizer, name, strokes):
    assert on_pad(recognizer, strokes).is_not_a_digit, name


def test_real_letters_and_symbols_no_digit_resembles_are_mostly_refused(recognizer):
    from digitpad.data.datasets import real_non_digit_images
    from digitpad.data.unipen import load_not_digit_characters

    characters = load_not_digit_characters()[::100]  # 272 of every kind, every writer's
    images, _ = real_non_digit_images(characters, len(characters), seed=99)
    refused = [recognizer.predict_image28(image).is_not_a_digit for image in images.astype(np.float32) / 255]
    assert np.mean(refused) >= 0.85


@pytest.mark.parametrize(
    "label, style",
    [
        ("0", "slashed"),
        ("4", "stemless"),
        ("1", "lead-in"),
        ("9", "open hook"),
        ("7", "looped bar"),
        ("5", "joined top"),
    ],
)
def test_styles_real_writers_use_are_read(recognizer, label, style):
    from digitpad.data.synth.digit_styles import FAMILIES
    from digitpad.data.synth.handwriting import render_drawings

    rng = np.random.default_rng(31)
    images = render_drawings([FAMILIES[(label, style)](rng) for _ in range(20)], rng).astype(np.float32) / 255
    predictions = [recognizer.predict_image28(image) for image in images]
    assert np.mean([p.digit == int(label) for p in predictions]) >= 0.9, (label, style)


@pytest.mark.parametrize("length", [14, 25, 45])
@pytest.mark.parametrize("pen", [1.7, 4.0, 8.5])
def test_a_plain_upright_stroke_is_a_one(recognizer, length, pen):
    """Short or long, thin or thick (longer than 1.5 pen widths: shorter it is a dot)."""
    prediction = on_pad(recognizer, [[(28, 5), (29, 5 + length)]], pen)
    assert prediction.status != Status.NOT_A_DIGIT and prediction.label == "1"


def test_every_template_style_is_a_digit(recognizer):
    for (label, style), strokes in TEMPLATES.items():
        prediction = on_pad(recognizer, strokes)
        assert prediction.status != Status.NOT_A_DIGIT, (label, style)
        assert prediction.label == label, (label, style)


def test_a_small_clear_digit_in_a_large_image_is_read(recognizer, mnist):
    canvas = np.full((700, 900), 255, np.uint8)
    canvas[400:428, 600:628] = 255 - mnist.x_test[0]  # a 7, 28 pixels tall
    prediction = recognizer.predict(canvas)
    assert prediction.status != Status.NOT_A_DIGIT and prediction.label == "7"


def test_real_digits_are_almost_never_refused(recognizer, mnist):
    refused = [p.is_not_a_digit for p in recognizer.predict_images28(mnist.x_test[:2000].astype(np.float32) / 255)]
    assert np.mean(refused) <= 0.003


def test_status_without_a_not_a_digit_output_is_digit_or_uncertain():
    image = np.zeros((28, 28), np.float32)
    sure = Prediction("3", 3, 0.97, np.eye(10)[3] * 0.97 + 0.003, tuple("0123456789"), image)
    unsure = Prediction("4", 4, 0.5, np.array([0, 0, 0, 0, 0.5, 0, 0, 0, 0, 0.5]), tuple("0123456789"), image)
    assert (sure.status, unsure.status) == ("digit", "uncertain")
    assert sure.to_dict()["status"] == "digit" and "not_a_digit_probability" not in sure.to_dict()
    assert sure.digit == 3


def test_metadata_that_hides_the_extra_output_is_refused(tmp_path):
    from digitpad.base.paths import bundled_model_path

    for suffix in (".onnx", ".json", ".keras"):
        shutil.copy(bundled_model_path().with_suffix(suffix), tmp_path / f"m{suffix}")
    meta = json.loads((tmp_path / "m.json").read_text())
    meta["not_a_digit_output"] = False
    (tmp_path / "m.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="gives 11 outputs where its metadata promises 10"):
        load_recognizer(tmp_path / "m.onnx")


def test_predict_json_says_not_a_digit_with_digit_null(tmp_path, capsys, mnist):
    dot = tmp_path / "dot.png"
    image = Image.new("L", (200, 200), 255)
    ImageDraw.Draw(image).ellipse((90, 90, 104, 104), fill=0)
    image.save(dot)
    digit = tmp_path / "seven.png"
    Image.fromarray(255 - mnist.x_test[0]).resize((112, 112)).save(digit)

    code = main(["predict", "--json", str(dot), str(digit)])
    first, second = (json.loads(line) for line in capsys.readouterr().out.strip().splitlines())
    assert code == 0  # "not a digit" is an answer, not a failure
    assert first["status"] == "not-a-digit" and first["digit"] is None and len(first["probabilities"]) == 10
    assert second["status"] == "digit" and second["digit"] == 7

    assert main(["predict", str(dot)]) == 0
    assert "dot.png: not a digit" in capsys.readouterr().out
