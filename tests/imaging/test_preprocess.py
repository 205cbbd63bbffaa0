import io

import numpy as np
import pytest
from PIL import Image

from digitpad.base.errors import EmptyImageError, ImageError
from digitpad.imaging.preprocess import luminance_to_ink, preprocess, preprocess_strokes, rasterize_strokes


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a.ravel(), b.ravel())[0, 1])


@pytest.fixture(scope="module")
def digit(mnist) -> np.ndarray:
    """An MNIST '2' (white on black), and the 28x28 the pipeline makes of it."""
    return mnist.x_test[1]


@pytest.fixture(scope="module")
def reference(digit):
    return preprocess(digit)


def on_paper(digit: np.ndarray, scale: int = 4, pad: tuple[int, int, int, int] = (30, 30, 30, 30)) -> np.ndarray:
    """The digit as dark ink on light paper, enlarged and placed with margins."""
    big = np.asarray(Image.fromarray(digit).resize((28 * scale, 28 * scale), Image.Resampling.BILINEAR))
    top, bottom, left, right = pad
    paper = np.full((top + bottom + big.shape[0], left + right + big.shape[1]), 235, np.uint8)
    paper[top : top + big.shape[0], left : left + big.shape[1]] = 235 - (big.astype(np.int32) * 215 // 255)
    return paper


def test_output_is_28x28_float_in_unit_range_and_matches_mnist(reference, digit):
    assert reference.shape == (28, 28) and reference.dtype == np.float32
    assert reference.min() >= 0.0 and reference.max() == pytest.approx(1.0)
    assert similarity(reference, digit / 255.0) > 0.95  # MNIST digits pass through almost unchanged


def test_centre_of_mass_is_at_the_centre(reference, digit):
    off_centre = on_paper(digit, scale=3, pad=(5, 120, 140, 3))
    for image in (reference, preprocess(off_centre)):
        rows, cols = np.indices(image.shape)
        mass = image.sum()
        assert abs((rows * image).sum() / mass - 14.0) <= 0.6
        assert abs((cols * image).sum() / mass - 14.0) <= 0.6


def test_polarity_is_detected_not_assumed(digit, reference):
    paper = on_paper(digit)
    assert similarity(preprocess(paper), reference) > 0.9
    assert similarity(preprocess(255 - paper), reference) > 0.9
    # mid-grey paper in dim light: the ink is still the darker extreme
    dim = (paper.astype(np.float32) * 0.45).astype(np.uint8)
    assert similarity(preprocess(dim), reference) > 0.9


def test_a_field_cropped_at_its_frame_keeps_its_polarity(digit, reference):
    # A form's field cropped at its thin frame, with a thick line under the writing: the
    # bottom side of the picture is all dark, the other three sides mostly paper.
    field = on_paper(digit, scale=3, pad=(8, 8, 200, 200))
    field[:2], field[:, :2], field[:, -2:] = 60, 60, 60
    field[-field.shape[0] // 12 :] = 50
    ink = luminance_to_ink(field.astype(np.float32) / 255)
    assert ink[field.shape[0] // 2, 100] == 0.0  # the paper is not ink
    writing = ink[8 : 8 + 84, 200 : 200 + 84]
    assert similarity(np.asarray(Image.fromarray(writing).resize((28, 28), Image.Resampling.BOX)), digit / 255) > 0.9


def test_aspect_ratio_is_kept():
    tall = np.zeros((200, 200), np.uint8)
    tall[20:180, 95:105] = 255  # a "1": tall and thin
    out = preprocess(tall)
    rows = np.flatnonzero(out.sum(axis=1) > 0.05)
    cols = np.flatnonzero(out.sum(axis=0) > 0.05)
    assert rows[-1] - rows[0] + 1 == 20  # longest side fits the 20 px box
    assert cols[-1] - cols[0] + 1 <= 6


def test_scale_and_margins_do_not_matter(digit, reference):
    for scale, pad in [(1, (2, 2, 2, 2)), (10, (300, 10, 10, 400)), (2, (0, 0, 0, 0))]:
        assert similarity(preprocess(on_paper(digit, scale, pad)), reference) > 0.88, (scale, pad)


def test_a_small_digit_on_a_large_page_is_found(digit, reference):
    """A 28-pixel digit on a 1000x900 page is far under 0.05 % of the pixels: still ink, not blank."""
    page = on_paper(digit, 1, (500, 372, 600, 372))
    assert page.shape == (900, 1000)
    assert similarity(preprocess(page), reference) > 0.8


def test_noise_and_jpeg_artefacts_are_removed(digit, reference):
    rng = np.random.default_rng(0)
    noisy = np.clip(on_paper(digit).astype(np.int32) + rng.normal(0, 12, on_paper(digit).shape), 0, 255)
    buffer = io.BytesIO()
    Image.fromarray(noisy.astype(np.uint8)).save(buffer, "JPEG", quality=30)
    assert similarity(preprocess(buffer.getvalue()), reference) > 0.85


def test_thin_pen_strokes_are_thickened(digit, reference):
    thin = np.full((600, 600), 255, np.uint8)
    thin[100:500, 298:301] = 0  # a 3 px line on a 600 px scan
    out = preprocess(thin)
    assert out.max() == pytest.approx(1.0)
    assert (out > 0.5).sum(axis=1).max() >= 2  # at least two pixels wide at 28x28, like MNIST


@pytest.mark.parametrize("mode", ["1", "L", "LA", "P", "RGB", "RGBA", "I;16", "CMYK", "I", "F"])
def test_every_image_mode(digit, reference, mode, tmp_path):
    paper = Image.fromarray(on_paper(digit))
    if mode == "I;16":
        image = Image.fromarray(np.asarray(paper).astype(np.uint16) * 257)
    elif mode == "1":
        image = paper.point(lambda v: 255 if v > 128 else 0).convert("1")
    else:
        image = paper.convert(mode)
    threshold = 0.8 if mode == "1" else 0.9
    assert similarity(preprocess(image), reference) > threshold
    if mode not in ("F", "I"):  # also through a file
        path = tmp_path / ("d.tif" if mode in ("CMYK", "I;16") else "d.png")
        image.save(path)
        assert similarity(preprocess(path), reference) > threshold


def test_transparent_background_either_ink_colour(digit, reference):
    alpha = np.asarray(Image.fromarray(digit).resize((112, 112)))
    for ink in (0, 255):
        rgba = np.zeros((112, 112, 4), np.uint8)
        rgba[..., :3] = ink
        rgba[..., 3] = alpha
        assert similarity(preprocess(Image.fromarray(rgba, "RGBA")), reference) > 0.9
        assert similarity(preprocess(rgba), reference) > 0.9  # the same as an array


def test_exif_rotation_is_applied(digit, reference, tmp_path):
    paper = Image.fromarray(on_paper(digit)).convert("RGB")
    rotated = paper.transpose(Image.Transpose.ROTATE_90)  # stored sideways...
    exif = Image.Exif()
    exif[0x0112] = 6  # ...with the tag that says "rotate 90 degrees clockwise to view"
    path = tmp_path / "photo.jpg"
    rotated.save(path, exif=exif, quality=95)
    assert similarity(preprocess(path), reference) > 0.85


@pytest.mark.parametrize(
    "blank",
    [
        np.zeros((56, 56)),
        np.full((56, 56), 255, np.uint8),
        np.full((30, 40, 3), 128, np.uint8),
        np.zeros((20, 20, 4), np.uint8),
    ],
)
def test_blank_input_is_reported_empty(blank):
    with pytest.raises(EmptyImageError):
        preprocess(blank)
    with pytest.raises(EmptyImageError):
        preprocess_strokes([])


def test_bad_files_raise_one_line_image_errors(bad_files):
    expectations = {
        "missing": "not found",
        "empty": "empty file",
        "text": "not an image",
        "truncated": "corrupt|cannot open",
        "huge": "too large",
    }
    for name, pattern in expectations.items():
        with pytest.raises(ImageError, match=pattern) as info:
            preprocess(bad_files[name])
        assert "\n" not in str(info.value) and str(bad_files[name]) in str(info.value)
    with pytest.raises(EmptyImageError):
        preprocess(bad_files["blank"])
    with pytest.raises(ImageError, match="folder"):
        preprocess(bad_files["blank"].parent)


@pytest.mark.parametrize("bad", [np.zeros((0, 5)), np.zeros((5, 5, 2)), np.array([["a"]]), np.full((5, 5), np.nan)])
def test_bad_arrays(bad):
    with pytest.raises(ImageError):
        preprocess(bad)


def test_strokes_and_the_same_drawing_as_an_image_agree():
    strokes = [[(30, 8), (30, 50)], [(22, 16), (30, 8)]]  # a "1" with a flag
    from_strokes = preprocess_strokes(strokes, (56, 56), pen_width=5)
    as_image = 255 - (rasterize_strokes(strokes, (56, 56), 5) * 255).astype(np.uint8)  # black on white
    assert similarity(from_strokes, preprocess(as_image)) > 0.95
    assert np.array_equal(from_strokes, preprocess_strokes(strokes, (56, 56), pen_width=5))  # deterministic


def test_pressure_changes_width():
    light = rasterize_strokes([[(10, 28, 0.0), (46, 28, 0.0)]], (56, 56), 8).sum()
    firm = rasterize_strokes([[(10, 28, 1.0), (46, 28, 1.0)]], (56, 56), 8).sum()
    assert firm > 1.5 * light


def test_enormous_arrays_and_images_are_refused_before_any_work():
    huge = np.broadcast_to(np.uint8(0), (9000, 9000))  # 81 megapixels, no memory behind it
    with pytest.raises(ImageError, match="too large"):
        preprocess(huge)
    with pytest.raises(ImageError, match="too large"):
        preprocess(Image.new("1", (9000, 9000)))


@pytest.mark.parametrize("size", [3, 5, 9])
def test_the_max_filter_is_pils_pixel_for_pixel(size):
    from PIL import ImageFilter

    from digitpad.imaging.preprocess import _max_filter

    rng = np.random.default_rng(size)
    for height, width in [(1, 1), (2, 7), (4, 3), (37, 61)]:
        image = (rng.random((height, width)) > 0.8) * rng.integers(0, 256, (height, width))
        image = image.astype(np.uint8)
        expected = np.asarray(Image.fromarray(image, "L").filter(ImageFilter.MaxFilter(size)))
        assert np.array_equal(_max_filter(image, size), expected), (height, width)


def test_a_stroke_drawn_in_one_call_is_the_stroke_drawn_segment_by_segment():
    """rasterize_strokes draws a stroke of one width as one polyline: the pixels of the round
    dots and the segments drawn one by one, as the pad paints them."""
    from PIL import ImageDraw

    rng = np.random.default_rng(1)
    for _ in range(20):
        stroke = [tuple(p) for p in rng.uniform(4, 52, (int(rng.integers(2, 40)), 2))]
        width = float(rng.uniform(1.5, 7.0))
        canvas = Image.new("L", (224, 224), 0)
        draw = ImageDraw.Draw(canvas)
        points = [(x * 4, y * 4) for x, y in stroke]
        for x, y in points:
            draw.ellipse((x - width * 2, y - width * 2, x + width * 2, y + width * 2), fill=255)
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            draw.line((x0, y0, x1, y1), fill=255, width=max(1, round(width * 4)))
        expected = np.asarray(canvas, np.float32) / 255.0
        assert np.array_equal(rasterize_strokes([stroke], (56, 56), width, 4), expected)
