"""What the user gave DigitPad to read: strokes drawn on the pad, or an opened image.

A Qt-free document. The window's pad shows it; the recognizer reads it (`Recognizer.predict_drawing`);
teaching stores it. It knows what the model must see: the strokes through the pad's path, or the
28x28 made once from an opened image.
"""

from __future__ import annotations

import functools
import io
import math
from dataclasses import dataclass, field

import numpy as np

from digitpad.base.errors import ImageError
from digitpad.imaging.preprocess import (
    NUMBER_WORKING_SIDE,
    array_to_luminance,
    display_rgba,
    image_to_luminance,
    preprocess,
    preprocess_strokes,
)

PAD_SIZE = 56  # canvas units: the pad is a 56x56 canvas, drawn large
DEFAULT_PEN_WIDTH = 4.0
SOURCE_COPY_SIDE = 256  # an opened image is kept for teaching at most this large (a few tens of KB)

Stroke = tuple  # ((x, y, pressure), ...) in canvas units


@dataclass(frozen=True, eq=False)
class Drawing:
    strokes: tuple[Stroke, ...] = ()
    pen_width: float = DEFAULT_PEN_WIDTH  # the width of strokes that name none in `widths`
    # Each stroke's own pen width (a stroke keeps the width it was drawn with when the slider
    # moves later); shorter than `strokes` or empty: the rest are `pen_width` wide.
    widths: tuple[float, ...] = ()
    image28: np.ndarray | None = field(default=None, repr=False)  # an opened image, already preprocessed
    source: str = ""  # the opened file's name, "pasted image"...
    # A small copy of the opened image (RGBA, at most SOURCE_COPY_SIDE), kept with it when taught.
    source_copy: np.ndarray | None = field(default=None, repr=False)
    # The opened image's luminance (uint8, at most NUMBER_WORKING_SIDE), to read it as a number.
    reading_image: np.ndarray | None = field(default=None, repr=False)

    @classmethod
    def from_image(cls, image, source: str) -> "Drawing":
        """An opened image (PIL image or array): preprocessed now, so that a bad one fails here."""
        image28 = preprocess(image, name=source)
        return cls(image28=image28, source=source, source_copy=_small_copy(image), reading_image=_reading_copy(image))

    @functools.cached_property
    def source_png(self) -> bytes | None:
        """The small copy as a PNG file, made when first asked for (when taught): the encoding
        took 0.2 s of opening a photo."""
        if self.source_copy is None:
            return None
        from PIL import Image

        buffer = io.BytesIO()
        Image.fromarray(self.source_copy, "RGBA").save(buffer, "PNG", optimize=True)
        return buffer.getvalue()

    @property
    def empty(self) -> bool:
        return not self.strokes and self.image28 is None

    @property
    def is_image(self) -> bool:
        return self.image28 is not None

    def model_input(self) -> np.ndarray:
        """The 28x28 float32 image the model reads. EmptyImageError when there is nothing to read."""
        if self.image28 is not None:
            return self.image28
        return preprocess_strokes(self.strokes, self.canvas_size(), self.stroke_widths())

    def canvas_size(self) -> tuple[int, int]:
        """The pad's canvas, or more where the strokes reach further (on the wide number pad)."""
        reach = [max(p[i] for stroke in self.strokes for p in stroke) if self.strokes else 0 for i in (0, 1)]
        return max(PAD_SIZE, math.ceil(reach[0]) + 8), max(PAD_SIZE, math.ceil(reach[1]) + 8)

    def stroke_widths(self) -> tuple[float, ...]:
        """The pen width of each stroke."""
        return tuple(self.widths[: len(self.strokes)]) + (self.pen_width,) * max(
            0, len(self.strokes) - len(self.widths)
        )

    @property
    def uniform_pen_width(self) -> float | None:
        """The one width all strokes share, or None when they differ (or there are none)."""
        widths = set(self.stroke_widths())
        return widths.pop() if len(widths) == 1 else None

    def with_stroke(self, stroke, width: float | None = None) -> "Drawing":
        """This drawing plus one stroke `width` wide (default `pen_width`); a stroke over an opened
        image starts a new drawing."""
        width = self.pen_width if width is None else float(width)
        if self.is_image:
            return Drawing((tuple(tuple(p) for p in stroke),), width, (width,))
        return Drawing(
            self.strokes + (tuple(tuple(p) for p in stroke),), self.pen_width, self.stroke_widths() + (width,)
        )


def _reading_copy(image) -> np.ndarray:
    """The opened image as grey levels, large enough to read a number in it."""
    from PIL import Image

    if isinstance(image, Image.Image):
        luminance = image_to_luminance(image, NUMBER_WORKING_SIDE)
    else:
        luminance = array_to_luminance(np.asarray(image), NUMBER_WORKING_SIDE)
    return np.round(luminance * 255).astype(np.uint8)


def _small_copy(image) -> np.ndarray | None:
    """An opened image as RGBA, at most SOURCE_COPY_SIDE pixels on its longer side."""
    from PIL import Image

    try:
        picture = image if isinstance(image, Image.Image) else Image.fromarray(np.asarray(image))
        return display_rgba(picture, SOURCE_COPY_SIDE)
    except (ValueError, TypeError, OSError, ImageError):  # an array PIL cannot show: the 28x28 alone is stored
        return None
