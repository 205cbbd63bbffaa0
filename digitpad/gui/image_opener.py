"""Opening a picture off the GUI thread: a file, or image data pasted or dropped.

Decoding a 12-megapixel photo and making what the model sees of it (and the display copy)
took 50-200 ms; on the GUI thread the window froze that long at every open. One worker
(`newest_only`) opens the newest request; the window shows the picture only if it is the one
it asked for last.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from digitpad.base.errors import DigitPadError
from digitpad.base.logs import log_unexpected
from digitpad.imaging.drawing import Drawing

from .images import array_to_qimage, pil_to_qimage
from .newest_only import NewestOnly


@dataclass(frozen=True)
class OpenedPicture:
    """One request's outcome: what the pad shows and the model reads, or why there is none."""

    token: object  # the request it answers
    source: str  # the file's name, "pasted image"...
    path: Path | None = None  # the file, when it came from one
    drawing: Drawing | None = None
    display: object = None  # QImage
    problem: str = ""


def open_picture(token, load: Callable, source: str, path: Path | None) -> OpenedPicture:
    """`load()` gives a PIL image or an array; never raises (a problem is its one line)."""
    try:
        picture = load()
        drawing = Drawing.from_image(picture, source)  # preprocessed first: it validates size and blankness
        display = array_to_qimage(picture) if hasattr(picture, "shape") else pil_to_qimage(picture)
        return OpenedPicture(token, source, path, drawing, display)
    except DigitPadError as exc:
        return OpenedPicture(token, source, path, problem=str(exc))
    except Exception as exc:
        return OpenedPicture(token, source, path, problem=log_unexpected("unexpected error", exc))


class BackgroundImageOpener(NewestOnly):
    """`request(token, load, source, path)`; `finished(OpenedPicture)` on the GUI thread."""

    def __init__(self):
        super().__init__(open_picture, "picture opener")
