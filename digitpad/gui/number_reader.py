"""Reading a whole number off the GUI thread, newest drawing only.

Reading a number takes 30-150 ms on two cores. Done on the GUI thread at every pen move, it
stalled the event loop: mouse points arrived in bursts, later digits came out as polygons
and a fast loop could vanish. Here one worker thread reads the newest drawing only
(`newest_only`), so the reader never falls behind the pen, and the window shows a result
only if it is for the drawing on the pad now.

ONNX Runtime, NumPy and SciPy release the GIL for their heavy parts, and the Python parts
of the segmentation give it back every few milliseconds, so the pad keeps painting.
"""

from __future__ import annotations

from dataclasses import dataclass

from digitpad.base.errors import DigitPadError, EmptyImageError, TooBusyError
from digitpad.base.logs import log_unexpected

from .newest_only import NewestOnly


@dataclass(frozen=True)
class NumberResult:
    """What reading one drawing gave: a Reading, or why there is none (`empty_text`,
    and `problem` for a line the status bar should show)."""

    recognizer: object
    drawing: object
    reading: object = None
    empty_text: str = ""
    problem: str = ""


def read_number(recognizer, drawing) -> NumberResult:
    """Read `drawing` with `recognizer`; never raises (a bug is logged and reported)."""
    try:
        return NumberResult(recognizer, drawing, recognizer.read(drawing))
    except EmptyImageError:
        return NumberResult(recognizer, drawing, empty_text="Nothing to read yet")
    except TooBusyError as exc:  # lines, a grid, a page: more marks than one number has
        return NumberResult(recognizer, drawing, empty_text="Too busy to be one number", problem=str(exc))
    except DigitPadError as exc:  # the model failed on this input (e.g. a foreign model answering NaN)
        return NumberResult(recognizer, drawing, empty_text="The model cannot read this", problem=str(exc))
    except Exception as exc:
        return NumberResult(
            recognizer,
            drawing,
            empty_text="The model cannot read this",
            problem=log_unexpected("unexpected error while reading the number", exc),
        )


class BackgroundNumberReader(NewestOnly):
    """`request(recognizer, drawing)` from the GUI thread; `finished(NumberResult)` comes back
    on it. Requests made while a read runs collapse into the newest one."""

    def __init__(self):
        super().__init__(read_number, "number reader")
