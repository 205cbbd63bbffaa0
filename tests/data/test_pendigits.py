"""The pen-digits reader, the bundled copy and its checksum, and drawing pen digits through the pad's path."""

import gzip
import shutil

import numpy as np
import pytest

from digitpad.base.errors import DataError
from digitpad.data.datasets import mnist_plus_pen, pen_images
from digitpad.data.pendigits import bundled_pendigits_path, load_pendigits, read_pendigits, writers
from digitpad.data.synth.handwriting import PAD, draw_on_pad, render_drawings
from digitpad.imaging.preprocess import preprocess_strokes

TWO_DIGITS = """.INCLUDE dene.doc
.LEXICON "0" "1"
.HIERARCHY DIGIT

.SEGMENT DIGIT 0 ? "7"
.COMMENT 7 12 3
.PEN_DOWN
 100 400
 300 400
 200 100
.PEN_UP
.DT 100

.SEGMENT DIGIT 1 ? "4"
.COMMENT 4 13 9
.PEN_DOWN
 120 400
 100 250
 300 250
.PEN_UP
.PEN_DOWN
 250 400
 250 100
.PEN_UP
"""


def write(tmp_path, text: str, name: str = "pen.tra"):
    path = tmp_path / name
    path.write_text(text, encoding="latin-1")
    return path


def test_reads_labels_writers_and_strokes_with_y_flipped(tmp_path):
    digits = read_pendigits(write(tmp_path, TWO_DIGITS))
    assert [(d.label, d.writer, len(d.strokes)) for d in digits] == [("7", 12, 1), ("4", 13, 2)]
    seven = digits[0].strokes[0]
    assert seven.shape == (3, 2)
    assert seven[0, 1] < seven[2, 1]  # the tablet's y grows upwards: the 7's top comes first in image terms


def test_reads_gzip_too(tmp_path):
    path = tmp_path / "pen.tra.gz"
    path.write_bytes(gzip.compress(TWO_DIGITS.encode("latin-1")))
    assert len(read_pendigits(path)) == 2


@pytest.mark.parametrize(
    "broken, message",
    [
        (TWO_DIGITS.split(".PEN_UP")[0], r"line 1[0-9]: digit 1 ends inside a stroke"),
        (TWO_DIGITS.replace(" 300 400", " 300 abc"), r"line 9: expected 'x y'"),
        (TWO_DIGITS.replace(".COMMENT 7 12 3\n", ""), r"line 1[0-9]: digit 1 has no .COMMENT"),
        (TWO_DIGITS.replace('? "4"', '? "x"'), r"line 1[0-9]: expected .SEGMENT"),
        (TWO_DIGITS.replace(".DT 100", ".SHOUT 100"), r"line 12: unknown line '.SHOUT'"),
        (TWO_DIGITS.replace(".PEN_DOWN\n 120", " 120"), r"line 1[0-9]: expected 'x y' inside a stroke"),
        ("just some text\n", r"line 1: expected 'x y'"),
        ("", r"no digits found"),
    ],
)
def test_broken_files_name_the_file_and_line(tmp_path, broken, message):
    path = write(tmp_path, broken)
    with pytest.raises(DataError, match=message) as info:
        read_pendigits(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_truncated_gzip_and_missing_file_are_one_line_errors(tmp_path):
    truncated = tmp_path / "pen.tra.gz"
    truncated.write_bytes(gzip.compress(TWO_DIGITS.encode() * 50)[:120])
    with pytest.raises(DataError, match="cannot read"):
        read_pendigits(truncated)
    with pytest.raises(DataError, match="file not found"):
        read_pendigits(tmp_path / "nope.tra")


def test_bundled_set_has_30_writers_and_every_digit():
    digits = load_pendigits()
    assert len(digits) == 7494
    assert set(writers(digits)) == set(range(1, 31))
    assert sorted({d.label for d in digits}) == [str(i) for i in range(10)]


def test_damaged_copy_fails_its_checksum(tmp_path):
    shutil.copy(bundled_pendigits_path().parent / "SHA256SUMS", tmp_path)
    damaged = tmp_path / bundled_pendigits_path().name
    data = bytearray(bundled_pendigits_path().read_bytes())
    data[5000] ^= 0xFF
    damaged.write_bytes(bytes(data))
    with pytest.raises(DataError, match="checksum mismatch"):
        load_pendigits(damaged)


def test_drawn_pen_digits_stay_on_the_pad_and_take_the_pads_path():
    digit = load_pendigits()[0]
    for seed in range(20):
        strokes, pen = draw_on_pad(digit.strokes, np.random.default_rng(seed))
        points = np.array([p for stroke in strokes for p in stroke])
        assert points[:, :2].min() >= 0 and points[:, :2].max() <= PAD and 1.5 <= pen <= 9
        # render_drawings is exactly the window's preprocess_strokes on those strokes
        image = render_drawings([digit.strokes], np.random.default_rng(seed))[0]
        assert np.array_equal(image, np.round(preprocess_strokes(strokes, (PAD, PAD), pen) * 255).astype(np.uint8))


def test_drawings_vary_in_size_place_and_pen():
    digit = load_pendigits()[10]
    rng = np.random.default_rng(0)
    drawn = [draw_on_pad(digit.strokes, rng) for _ in range(40)]
    heights = [np.ptp([p[1] for s in strokes for p in s]) for strokes, _ in drawn]
    pens = [pen for _, pen in drawn]
    assert max(heights) > 2 * min(heights) and max(pens) > 2 * min(pens)


def test_bundled_model_reads_most_drawn_pen_digits():
    from digitpad import load_recognizer

    digits = load_pendigits()[::75]  # 100 digits of all writers
    images, labels = pen_images(digits, variants=1, seed=5)
    predicted = load_recognizer().probabilities(images.astype(np.float32) / 255).argmax(axis=1)
    assert np.mean(predicted == labels) >= 0.95


def test_mnist_plus_pen_adds_pen_templates_families_low_resolution_copies_and_non_digits(small_mnist_dir):
    from digitpad.data.mnist import load_mnist
    from digitpad.data.synth.digit_styles import FAMILIES
    from digitpad.data.synth.nondigits import GENERATORS
    from digitpad.data.synth.templates import TEMPLATES
    from digitpad.data.unipen import load_not_digit_characters

    mnist = load_mnist(small_mnist_dir)
    letters = load_not_digit_characters()[:400]
    small = dict(
        variants=2,
        mnist=mnist,
        templates_per_style=2,
        non_digits_per_kind=3,
        upright_strokes=5,
        real_non_digits=letters,
        real_non_digit_count=30,
        family_drawings=2,
        low_res=20,
    )
    data = mnist_plus_pen(load_pendigits()[:50], **small)
    assert data.not_a_digit and data.x_train.dtype == np.uint8 and data.x_train.shape[1:] == (28, 28)
    digits = 2000 + 100 + 2 * len(TEMPLATES) + 2 * len(FAMILIES) + 20 + 5
    non_digits = 3 * len(GENERATORS) + 30
    assert len(data.x_train) == digits + non_digits
    assert np.count_nonzero(data.y_train == 10) == non_digits  # "not a digit" is the class after the last digit
    assert np.array_equal(data.x_test, mnist.x_test)  # judged on MNIST's test set, like every model
    other = mnist_plus_pen(load_pendigits()[:49], **small)
    assert other.checksum != data.checksum
    fewer = mnist_plus_pen(load_pendigits()[:50], **small, leave_out=["smiley"])
    assert len(fewer.x_train) == len(data.x_train) - 3 and fewer.checksum != data.checksum


def test_style_families_vary_and_stay_on_the_pad():
    from digitpad.data.synth.digit_styles import FAMILIES
    from digitpad.data.synth.nondigits import GENERATORS

    rng = np.random.default_rng(3)
    marks = [
        (kind, generate) for kind, generate in GENERATORS.items() if kind not in ("dot", "dash", "scribble", "blob")
    ]
    for name, generate in [*FAMILIES.items(), *marks]:
        drawings = [generate(rng) for _ in range(30)]
        for strokes in drawings:
            points = np.concatenate([np.asarray(s, float) for s in strokes])
            assert np.isfinite(points).all() and points.min() >= -1 and points.max() <= PAD + 1, name
        widths = [np.ptp(np.concatenate([np.asarray(s, float) for s in strokes])[:, 0]) for strokes in drawings]
        assert max(widths) > 1.15 * min(widths) + 0.5, name  # a family, not one shape
