"""Any image or stroke list -> the 28x28 float32 image the models expect (the MNIST recipe).

Pipeline (one path for files, arrays and drawn strokes):
  decode -> luminance in [0, 1] (EXIF rotation, alpha composited on the background
  that keeps the ink visible, 16-bit and CMYK handled) -> polarity decided from the
  image (background level vs. the darkest and brightest ink) -> ink map in [0, 1]
  with background and noise removed -> crop to the ink (speckles trimmed) -> stroke
  width brought to MNIST's proportion -> fit in 20x20 keeping the aspect ratio ->
  centre of mass placed at the centre of 28x28.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import warnings
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageOps, UnidentifiedImageError

from digitpad.base.errors import EmptyImageError, ImageError, first_line, printable_name

PREPROCESSING_VERSION = 1

MAX_IMAGE_PIXELS = 64_000_000  # bigger than any phone photo; 30000x30000 is refused
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_DECODED_BYTES = 160 * 2**20  # an 8K screenshot (33 MP of colour); phone JPEGs decode reduced
_EXIF_ORIENTATION = 0x0112
FULL_SIZE = "digitpad_full_size"  # load_image's note in image.info: (width, height) before draft decoding
MAX_ASPECT = 100  # a 7-digit number is about 7:1; 1x64,000,000 is an attack, not a picture
WORKING_SIDE = 640  # large inputs are reduced to this before any per-pixel work
# ... and to this when read as a number: a 7-digit number across a photo keeps digits of 150+ pixels.
NUMBER_WORKING_SIDE = 1600
BOX, FIELD = 20, 28  # MNIST: the digit fits a 20x20 box centred by mass in 28x28
MNIST_CENTRE = 14.0  # measured: mean centre of mass of MNIST digits, in pixel indices
SIDES_DISAGREE = 0.25  # luminance: the ring's median this far from its sides' is a line's
MIN_CONTRAST = 0.08  # below this the input is blank paper (or a flat colour)
INK_FLOOR = 0.25  # ink weaker than this fraction of full contrast is paper texture or noise
EXTREME_PIXELS = 16  # ink extremes are taken past this many stray pixels at most
TRIM_MASS = 0.003  # crop edges holding less than this share of the ink are specks
STROKE_TARGET = 0.11  # MNIST strokes are about 11 % of the digit's height


# ---------------------------------------------------------------- reading


def load_image(source: str | os.PathLike | bytes | bytearray, working_side: int = WORKING_SIDE) -> Image.Image:
    """Open an image file (or bytes) with every failure turned into a one-line ImageError.

    The header is checked against the pixel budget and a sane shape before anything is
    decoded, so that a tiny file promising a huge image costs nothing. A JPEG is decoded
    reduced, but at least `working_side` pixels on its longer side where it has them.
    """
    name = "image data" if isinstance(source, (bytes, bytearray)) else printable_name(source)
    if not isinstance(source, (bytes, bytearray)):
        _check_file(Path(source), name)
    stream = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source
    with warnings.catch_warnings(), _c_stderr_silenced(_is_tiff(source)):
        warnings.simplefilter("ignore")  # Pillow warns about odd metadata: nothing for a user
        try:
            image: Image.Image = Image.open(stream)
            check_image_size(*image.size, name)
            _check_decoded_bytes(image, name)
            full_size = image.size
            if image.format == "JPEG":
                # Let the JPEG decoder scale down while decoding: many times faster on photos.
                image.draft(image.mode, (working_side, working_side))
            image.load()
            orientation = image.getexif().get(_EXIF_ORIENTATION, 1)
            if orientation != 1:  # without the tag it would only copy
                image = ImageOps.exif_transpose(image)
            # The size as the user sees the picture (turned upright), for places found in it.
            image.info[FULL_SIZE] = full_size[::-1] if orientation in (5, 6, 7, 8) else full_size
        except ImageError:
            raise
        except UnidentifiedImageError:
            raise ImageError(f"{name}: not an image, or an image format DigitPad cannot read") from None
        except Image.DecompressionBombError:
            raise ImageError(f"{name}: image too large to open safely") from None
        except MemoryError:
            raise ImageError(f"{name}: image too large to open in the memory available") from None
        except Exception as exc:
            raise ImageError(f"{name}: corrupt or unsupported image ({first_line(exc)})") from None
    return image


@contextlib.contextmanager
def _c_stderr_silenced(active: bool):
    """libtiff prints its complaints about a damaged TIFF straight to the process's stderr,
    below Python; the user gets our one-line ImageError instead, so mute them while it decodes."""
    if not active:
        yield
        return
    sys.stderr.flush()
    try:
        saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    except OSError:  # no stderr to silence (a windowed app)
        yield
        return
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _is_tiff(source) -> bool:
    try:
        if isinstance(source, (bytes, bytearray)):
            head = bytes(source[:4])
        else:
            with open(source, "rb") as f:
                head = f.read(4)
    except OSError:
        return False
    return head in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")


def _check_file(path: Path, name: str) -> None:
    try:
        if path.is_dir():
            raise ImageError(f"{name}: is a folder, not an image file")
        if not path.exists():
            raise ImageError(f"{name}: file not found")
        size = path.stat().st_size
    except OSError as exc:  # a name too long, a folder without permission...
        raise ImageError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if size == 0:
        raise ImageError(f"{name}: empty file (0 bytes)")
    if size > MAX_FILE_BYTES:
        raise ImageError(f"{name}: file too large ({size // 2**20} MB)")


def _check_decoded_bytes(image: Image.Image, name: str) -> None:
    """Refuse before decoding what would need more than the memory budget once decoded."""
    if image.format == "JPEG":
        return  # decoded reduced (draft), a fraction of its full size
    mode = image.mode
    per_pixel = 1 if mode in ("1", "L") else 2 if mode.startswith("I;16") else 4  # Pillow keeps RGB as 4 bytes
    needed = image.size[0] * image.size[1] * per_pixel
    if needed > MAX_DECODED_BYTES:
        raise ImageError(
            f"{name}: image too large ({image.size[0]}x{image.size[1]} {mode} pixels need "
            f"{needed // 2**20} MB decoded; at most {MAX_DECODED_BYTES // 2**20} MB)"
        )


def check_image_size(width: int, height: int, name: str = "image") -> None:
    """Refuse before decoding: no pixels, more than the budget, or a shape no digit has."""
    if width <= 0 or height <= 0:
        raise ImageError(f"{name}: image has no pixels ({width}x{height})")
    if width * height > MAX_IMAGE_PIXELS:
        raise ImageError(
            f"{name}: image too large ({width}x{height} pixels; at most {MAX_IMAGE_PIXELS // 1_000_000} megapixels)"
        )
    if max(width, height) > MAX_ASPECT * min(width, height) and max(width, height) > WORKING_SIDE:
        raise ImageError(f"{name}: image of {width}x{height} pixels is too thin to hold a digit or number")


def _shrunk(image: Image.Image, working_side: int = WORKING_SIDE) -> Image.Image:
    """At most `working_side` on its longer side, in a mode that scales well, without ever
    copying the full-size image (a big scan or screenshot is hundreds of megabytes)."""
    if image.mode == "1":  # Pillow scales bilevel and palette images by nearest pixel: thin strokes vanish
        image = image.convert("L")
    elif image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif image.mode == "PA":
        image = image.convert("RGBA")
    if max(image.size) <= working_side:
        return image
    scale = working_side / max(image.size)
    size = (max(1, round(image.size[0] * scale)), max(1, round(image.size[1] * scale)))
    return image.resize(size, Image.Resampling.BOX)


def image_to_luminance(image: Image.Image, working_side: int = WORKING_SIDE) -> np.ndarray:
    """Luminance in [0, 1] (1 = white) of any PIL image, transparency resolved, at most
    `working_side` pixels on its longer side."""
    check_image_size(*image.size)
    try:
        return _luminance(image, working_side)
    except MemoryError:
        raise ImageError("image too large for the memory available") from None
    except (ValueError, OSError, TypeError) as exc:  # a mode or pixel layout Pillow cannot convert
        raise ImageError(f"cannot read an image in {image.mode!r} mode ({first_line(exc)})") from None


def _scaled_levels(image: Image.Image) -> np.ndarray:
    """16-bit, 32-bit and float images -> [0, 1]: 16-bit by its full range, the others by their own."""
    with np.errstate(invalid="ignore", over="ignore"):  # NaN and infinities are dealt with below
        values = np.asarray(image, dtype=np.float64)  # float32 would overflow on extreme float TIFFs
        if image.mode.startswith("I;16"):
            return (values / 65535.0).astype(np.float32)
        finite = np.isfinite(values)
        if not finite.any():
            return np.zeros(values.shape, np.float32)
        low, high = float(values[finite].min()), float(values[finite].max())
        values = np.where(finite, values, low)  # NaN and infinities: no signal, so background
        scaled = (values - low) / (high - low) if high > low else np.zeros_like(values)
    return scaled.astype(np.float32)


def _luminance(image: Image.Image, working_side: int = WORKING_SIDE) -> np.ndarray:
    image = _shrunk(image, working_side)
    mode = image.mode
    if mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        return _scaled_levels(image)
    if mode == "LAB":  # its L channel is the lightness; Pillow converts LAB to RGB only
        return _luminance(image.getchannel("L"), working_side)
    if mode in ("LA", "La"):  # La: alpha premultiplied
        image, mode = image.convert("LA"), "LA"
    elif {"A", "a"} & set(image.getbands()):  # RGBa and the other modes with alpha
        image, mode = image.convert("RGBA"), "RGBA"
    if mode in ("LA", "RGBA"):
        alpha = np.asarray(image.getchannel("A"), dtype=np.float32) / 255.0
        gray = (
            np.asarray(image.getchannel("L") if mode == "LA" else image.convert("RGB").convert("L"), dtype=np.float32)
            / 255.0
        )
        return _composite(gray, alpha)
    return np.asarray(image.convert("L"), dtype=np.float32) / 255.0


def display_rgba(image: Image.Image, max_side: int) -> np.ndarray:
    """An RGBA uint8 copy (H, W, 4) of any PIL image, at most `max_side`: for showing it, not for the model."""
    try:
        if image.mode in ("La", "LAB"):  # modes Pillow cannot scale or turn into RGBA directly
            image = image.convert("LA" if image.mode == "La" else "RGB")
        image = image.copy()
        image.thumbnail((max_side, max_side))
        if image.mode in ("I", "F") or image.mode.startswith("I;16"):
            image = Image.fromarray((_luminance(image) * 255).astype(np.uint8))
        return np.ascontiguousarray(np.asarray(image.convert("RGBA")))
    except (ValueError, OSError, TypeError) as exc:
        raise ImageError(f"cannot show an image in {image.mode!r} mode ({first_line(exc)})") from None


def _reduce_array(values: np.ndarray, working_side: int = WORKING_SIDE) -> np.ndarray:
    values = values.astype(np.float32, copy=False)
    if max(values.shape) <= working_side:
        return values
    return np.asarray(_shrunk(Image.fromarray(values, "F"), working_side), dtype=np.float32)


def _composite(gray: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Put transparent pixels on the background that contrasts with the opaque ink."""
    if alpha.min() > 0.99:
        return gray
    weight = float(alpha.sum())
    if weight < 1e-3:
        return np.ones_like(gray)  # fully transparent: blank
    ink_is_dark = float((gray * alpha).sum()) / weight < 0.5
    background = 1.0 if ink_is_dark else 0.0
    return gray * alpha + background * (1.0 - alpha)


def array_to_luminance(array: np.ndarray, working_side: int = WORKING_SIDE) -> np.ndarray:
    """HxW or HxWxC (C = 1, 3, 4) arrays, uint8/uint16/bool/float -> luminance in [0, 1],
    at most `working_side` pixels on its longer side."""
    array = np.asarray(array)
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (3, 4)) or 0 in array.shape:
        raise ImageError(f"image array must be HxW or HxWx1/3/4, got shape {array.shape}")
    check_image_size(array.shape[1], array.shape[0])
    if array.dtype == bool:
        values = array.astype(np.float32)
    elif array.dtype == np.uint8:
        values = array.astype(np.float32) / 255.0
    elif array.dtype == np.uint16:
        values = array.astype(np.float32) / 65535.0
    elif np.issubdtype(array.dtype, np.number) and not np.issubdtype(array.dtype, np.complexfloating):
        values = array.astype(np.float32)
        if not np.isfinite(values).all():
            raise ImageError("image array contains NaN or infinite values")
        if values.max() > 1.0:
            values = values / 255.0
    else:
        raise ImageError(f"unsupported image array type {array.dtype}")
    values = np.clip(values, 0.0, 1.0)
    if values.ndim == 2:
        return _reduce_array(values, working_side)
    gray = values[:, :, :3] @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    if values.shape[2] == 4:
        gray = _composite(gray, values[:, :, 3])
    return _reduce_array(gray, working_side)


# ---------------------------------------------------------------- strokes


Point = Sequence[float]  # (x, y) or (x, y, pressure)


def rasterize_strokes(
    strokes: Iterable[Sequence[Point]],
    size: tuple[int, int] = (56, 56),
    pen_width: float | Sequence[float] = 4.0,
    scale: int = 1,
) -> np.ndarray:
    """Draw strokes (lists of points in canvas pixels) as white ink on black, like the pad does.

    `pen_width`: one width for all strokes, or one per stroke. A third coordinate, pen
    pressure in [0, 1], scales the width (a tablet pen). `scale` draws at that many times the
    canvas resolution (the result is that much larger).
    """
    strokes = list(strokes)
    widths = (
        [float(pen_width)] * len(strokes)
        if isinstance(pen_width, (int, float, np.number))
        else [float(w) for w in pen_width]
    )
    canvas = Image.new("L", (size[0] * scale, size[1] * scale), 0)
    draw = ImageDraw.Draw(canvas)
    for stroke, stroke_width in zip(strokes, widths):
        points = [(float(p[0]) * scale, float(p[1]) * scale) for p in stroke]
        point_widths = [stroke_width * scale * pressure_scale(p) for p in stroke]
        for (x, y), width in zip(points, point_widths):  # round ends and joints
            radius = width / 2.0
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)
        if len(points) > 1 and min(point_widths) == max(point_widths):
            # One call for the whole stroke: the same pixels as a call per segment, at half the
            # time (reading a number draws every stroke; Python's calls were most of it).
            draw.line(points, fill=255, width=max(1, round(point_widths[0])))
        else:  # a pressure pen: each segment as wide as the point it ends at
            for previous, (x, y), width in zip(points, points[1:], point_widths[1:]):
                draw.line((previous[0], previous[1], x, y), fill=255, width=max(1, round(width)))
    return np.asarray(canvas, dtype=np.float32) / 255.0


def pressure_scale(point: Point) -> float:
    """Width factor for a point with optional pen pressure (the pad paints with the same rule)."""
    if len(point) < 3:
        return 1.0
    return 0.4 + 0.9 * min(max(point[2], 0.0), 1.0)


# ---------------------------------------------------------------- the recipe


def luminance_to_ink(luminance: np.ndarray) -> np.ndarray:
    """Ink map in [0, 1] (1 = full ink), whatever the polarity; EmptyImageError if blank."""
    height, width = luminance.shape
    ring = max(1, min(height, width) // 20)
    sides = (luminance[:ring], luminance[-ring:], luminance[:, :ring], luminance[:, -ring:])
    background = float(np.median(np.concatenate([side.ravel() for side in sides])))
    # One long side that is a line (a form's field cropped at its frame, an underline at the
    # bottom) can hold half the ring's pixels and drag its median to the ink: the paper then
    # became ink. Where the sides' own medians agree on something else, that is the paper.
    # (Only then: on textured paper the darker median of the whole ring keeps the grain out.)
    agreed = float(np.median([np.median(side) for side in sides]))
    if abs(agreed - background) >= SIDES_DISAGREE:
        background = agreed
    # The extremes, ignoring a few stray pixels: the 0.05 % rarest, but never more than
    # EXTREME_PIXELS, since a small digit in a large image can be fewer pixels than 0.05 %.
    values = luminance.ravel()
    k = int(min(max(1, 0.0005 * values.size), EXTREME_PIXELS))
    extremes = np.partition(values, (k - 1, values.size - k))  # one pass for both ends
    darkest, brightest = float(extremes[k - 1]), float(extremes[values.size - k])
    # The ink is whichever extreme lies farther from the background.
    if background - darkest >= brightest - background:
        contrast = background - darkest
        ink = (background - luminance) / max(contrast, 1e-6)
    else:
        contrast = brightest - background
        ink = (luminance - background) / max(contrast, 1e-6)
    if contrast < MIN_CONTRAST:
        raise EmptyImageError("no ink found: the image is blank")
    ink = (np.clip(ink, 0.0, 1.0) - INK_FLOOR) / (1.0 - INK_FLOOR)
    return np.clip(ink, 0.0, 1.0, out=ink).astype(np.float32, copy=False)


def _ink_box(ink: np.ndarray) -> tuple[int, int, int, int]:
    """Bounding box (top, bottom, left, right; exclusive ends) of the ink, specks trimmed."""
    rows, cols = ink.sum(axis=1), ink.sum(axis=0)
    total = float(rows.sum())
    if total < 1.0:  # less than one pixel's worth of ink
        raise EmptyImageError("no ink found: the image is blank")

    def span(profile: np.ndarray) -> tuple[int, int]:
        cumulative = np.cumsum(profile) / total
        start = int(np.searchsorted(cumulative, TRIM_MASS, side="right"))
        end = int(np.searchsorted(cumulative, 1.0 - TRIM_MASS, side="left")) + 1
        # widen back over the faint edge of a stroke that the trim cut into
        while start > 0 and profile[start - 1] > 0 and profile[start - 1] >= 0.25 * profile[start]:
            start -= 1
        while end < len(profile) and profile[end] > 0 and profile[end] >= 0.25 * profile[end - 1]:
            end += 1
        return start, max(end, start + 1)

    top, bottom = span(rows)
    left, right = span(cols)
    return top, bottom, left, right


def _stroke_width(ink: np.ndarray) -> float:
    """Mean stroke width in pixels: ink area divided by half its outline length."""
    mask = ink > 0.5
    area = int(mask.sum())
    if area == 0:
        return 0.0
    padded = np.pad(mask, 1)
    interior = (padded[:-2, 1:-1] & padded[2:, 1:-1] & padded[1:-1, :-2] & padded[1:-1, 2:]) & mask
    outline = area - int(interior.sum())
    return 2.0 * area / max(outline, 1)


def _resize(ink: np.ndarray, width: int, height: int) -> np.ndarray:
    image = Image.fromarray(ink, "F")
    shrinking = width < ink.shape[1] or height < ink.shape[0]
    resample = Image.Resampling.BOX if shrinking else Image.Resampling.BILINEAR
    return np.asarray(image.resize((width, height), resample), dtype=np.float32)


def _thicken_thin_strokes(crop: np.ndarray) -> np.ndarray:
    """Dilate strokes much thinner than MNIST's, so a fine pen does not fade at 20x20."""
    long_side = max(crop.shape)
    target = STROKE_TARGET * long_side
    width = _stroke_width(crop)
    if width <= 0 or width >= 0.6 * target:
        return crop
    size = int(min(9, max(3, round(target - width) | 1)))  # odd kernel, at most 9
    padded = np.pad(crop, size // 2)  # room for the stroke to grow past the crop's edge
    return _max_filter((padded * 255).astype(np.uint8), size).astype(np.float32) / 255.0


def _max_filter(image: np.ndarray, size: int) -> np.ndarray:
    """The largest value in each pixel's size x size square (size odd), as PIL's MaxFilter gives
    it, pixel for pixel: a square's maximum is the rows' maximum of the columns' maxima, so two
    passes of size - 1 shifted maxima, 10-15 times faster than its rank filter."""
    reach = size // 2
    result = image
    for axis in (0, 1):
        source, result = result, result.copy()
        for shift in range(1, min(reach, source.shape[axis] - 1) + 1):
            ahead = [slice(None)] * 2
            behind = [slice(None)] * 2
            ahead[axis], behind[axis] = slice(shift, None), slice(None, -shift)
            np.maximum(result[tuple(ahead)], source[tuple(behind)], out=result[tuple(ahead)])
            np.maximum(result[tuple(behind)], source[tuple(ahead)], out=result[tuple(behind)])
    return result


def ink_to_mnist(ink: np.ndarray) -> np.ndarray:
    """Ink map (any size) -> 28x28 float32 in [0, 1], the MNIST way."""
    top, bottom, left, right = _ink_box(ink)
    crop = ink[top:bottom, left:right]
    height, width = crop.shape
    # Work at 4x the final size: fast on big inputs, and fine enough to fix stroke width.
    scale = 4 * BOX / max(height, width)
    if scale < 1.0:
        crop = _resize(crop, max(1, round(width * scale)), max(1, round(height * scale)))
    crop = _thicken_thin_strokes(crop)
    height, width = crop.shape
    scale = BOX / max(height, width)
    small = _resize(crop, max(1, round(width * scale)), max(1, round(height * scale)))
    peak = float(small.max())
    if peak <= 0:
        raise EmptyImageError("no ink found: the image is blank")
    small = np.clip(small / peak, 0.0, 1.0)

    h, w = small.shape
    mass = float(small.sum())
    cy = float((small.sum(axis=1) * np.arange(h)).sum()) / mass
    cx = float((small.sum(axis=0) * np.arange(w)).sum()) / mass
    row = int(np.clip(round(MNIST_CENTRE - cy), 0, FIELD - h))
    col = int(np.clip(round(MNIST_CENTRE - cx), 0, FIELD - w))
    out = np.zeros((FIELD, FIELD), dtype=np.float32)
    out[row : row + h, col : col + w] = small
    return out


def preprocess(source, name: str | None = None) -> np.ndarray:
    """Any input -> 28x28 float32 in [0, 1], ink bright on black (what the models saw in training).

    `source`: a file path, bytes of an image file, a PIL image, or a NumPy array
    (HxW or HxWxC). Raises EmptyImageError for a blank input and ImageError for
    anything unreadable; messages start with `name` (default: the file's path).
    """
    name = name or default_name(source)
    ink, _ = source_ink(source, name)
    try:
        return ink_to_mnist(ink)
    except EmptyImageError as exc:
        raise EmptyImageError(f"{name}: {exc}" if name else str(exc)) from None


def source_ink(source, name: str | None = None, working_side: int = WORKING_SIDE) -> tuple[np.ndarray, tuple[int, int]]:
    """Any input (as `preprocess` takes) -> its ink map (at most `working_side` pixels on the
    longer side, 1 = full ink) and the input's own (width, height), to map places back to it."""
    name = name or default_name(source)
    if isinstance(source, (str, os.PathLike, bytes, bytearray)):
        image = load_image(source, working_side)
        size, luminance = image.info.get(FULL_SIZE, image.size), image_to_luminance(image, working_side)
    elif isinstance(source, Image.Image):
        size, luminance = source.info.get(FULL_SIZE, source.size), image_to_luminance(source, working_side)
    elif isinstance(source, np.ndarray):
        luminance = array_to_luminance(source, working_side)  # checks the shape first
        size = (source.shape[1], source.shape[0])
    else:
        raise ImageError(f"cannot read an image from a {type(source).__name__}")
    try:
        return luminance_to_ink(luminance), size
    except EmptyImageError as exc:
        raise EmptyImageError(f"{name}: {exc}" if name else str(exc)) from None


def default_name(source) -> str | None:
    """How messages name an input: a file's path, escaped (a name is input too), or None."""
    return printable_name(source) if isinstance(source, (str, os.PathLike)) else None


STROKE_SUPERSAMPLING = 4  # drawn at 4x, then box-filtered down: smooth edges like MNIST's scans


def preprocess_strokes(
    strokes: Iterable[Sequence[Point]], size: tuple[int, int] = (56, 56), pen_width: float | Sequence[float] = 4.0
) -> np.ndarray:
    """Drawn strokes -> 28x28 through the same recipe as files (the ink is known: no polarity step)."""
    return ink_to_mnist(rasterize_strokes(strokes, size, pen_width, scale=STROKE_SUPERSAMPLING))
