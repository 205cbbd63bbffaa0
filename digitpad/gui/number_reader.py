"""Reading a whole number off the GUI thread, newest drawing only.

Reading a number takes 30-150 ms on two cores. Done on the GUI thread at every pen move, it
stalled the event loop: mouse points arrived in bursts, later digits came out as polygons
and a fast loop could vanish. Here one worker thread reads; while it is busy, each newer
request replaces the one waiting, so the reader never falls behind the pen, and the window
shows a result only if it is for the drawing on the pad now.

ONNX Runtime, NumPy and SciPy release the GIL for their heavy parts, and the Python parts
of the segmentation give it back every few milliseconds, so the pad keeps painting.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from digitpad.errors import DigitPadError, EmptyImageError, TooBusyError
from digitpad.logs import log_unexpected


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
    except Exception as exc:  # noqa: BLE001 - a bug must not take the reader thread down; the log keeps it
        return NumberResult(recognizer, drawing, empty_text="The model cannot read this",
                            problem=log_unexpected("unexpected error while reading the number", exc))


class BackgroundNumberReader(QObject):
    """`request(recognizer, drawing)` from the GUI thread; `finished(NumberResult)` comes back
    on it. Requests made while a read runs collapse into the newest one."""

    finished = Signal(object)

    def __init__(self):
        # No Qt parent: the worker thread holds this object while it runs, so it cannot be
        # deleted under a read in progress (a window closed mid-read).
        super().__init__()
        self._wake = threading.Condition()
        self._waiting: tuple | None = None  # (recognizer, drawing) not started yet
        self._thread: threading.Thread | None = None  # the worker; a thread no longer named here ends

    def request(self, recognizer, drawing) -> None:
        with self._wake:
            self._waiting = (recognizer, drawing)
            if self._thread is None:  # started on first use: a window that never reads a number has no thread
                self._thread = threading.Thread(target=self._work, name="number reader", daemon=True)
                self._thread.start()
            self._wake.notify_all()

    def stop(self, timeout_s: float = 5.0) -> None:
        """Drop what waits and end the worker once its read in progress (if any) is done;
        a later request starts a new one."""
        with self._wake:
            worker, self._thread, self._waiting = self._thread, None, None
            self._wake.notify_all()
        if worker is not None:
            worker.join(timeout_s)

    def _work(self) -> None:
        me = threading.current_thread()
        while True:
            with self._wake:
                while self._waiting is None and self._thread is me:
                    self._wake.wait()
                if self._thread is not me:
                    return
                (recognizer, drawing), self._waiting = self._waiting, None
            result = read_number(recognizer, drawing)
            with self._wake:
                if self._thread is not me:
                    return
            self.finished.emit(result)  # queued to the GUI thread, where this object lives
