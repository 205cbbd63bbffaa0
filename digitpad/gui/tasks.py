"""Long work (training, comparing, evaluating) on a background thread, reporting through signals.

A job is a plain function `job(task)` that calls `task.report(...)` with progress and
polls `task.cancel_requested()`; it never touches a widget. Its return value arrives
in `done`, a `DigitPadError` in `failed` with its one-line message, `Cancelled` in
`cancelled`. Signals cross to the GUI thread as queued calls, so slots run there.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from digitpad.errors import Cancelled, DigitPadError

REPORT_INTERVAL_S = 0.1  # batch reports are thinned to 10 a second: enough for a smooth bar


class BackgroundTask(QObject):
    status = Signal(str)
    progress = Signal(object)
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    ended = Signal()  # after any of done / failed / cancelled

    def __init__(self, job: Callable[["BackgroundTask"], Any]):
        super().__init__()
        self._job = job
        self._cancel = threading.Event()
        self._last_report = 0.0
        self.thread: QThread | None = None

    def cancel(self) -> None:
        self._cancel.set()

    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def report(self, progress: Any, always: bool = False) -> None:
        """Send progress to the GUI; frequent reports are thinned unless `always`."""
        now = time.monotonic()
        if always or now - self._last_report >= REPORT_INTERVAL_S:
            self._last_report = now
            self.progress.emit(progress)

    @Slot()
    def run(self) -> None:
        try:
            result = self._job(self)
        except Cancelled:
            self.cancelled.emit()
        except DigitPadError as exc:
            self.failed.emit(str(exc))
        except MemoryError:
            self.failed.emit("not enough memory for this training (try a smaller batch or subset)")
        except Exception as exc:  # a bug must still not take the window down with it
            self.failed.emit(f"unexpected error: {type(exc).__name__}: {exc}")
        else:
            self.done.emit(result)
        finally:
            self.ended.emit()

    def is_running(self) -> bool:
        return self.thread is not None and self.thread.isRunning()

    def wait(self, timeout_ms: int = 30000) -> bool:
        return self.thread is None or self.thread.wait(timeout_ms)


def start_task(job: Callable[[BackgroundTask], Any], parent: QObject, **handlers) -> BackgroundTask:
    """Run `job` on a new thread owned by `parent`.

    `handlers` maps signal names (status, progress, done, failed, cancelled, ended) to
    slots; they are connected before the thread starts, so no report is missed.
    """
    task = BackgroundTask(job)
    thread = QThread(parent)  # parent owns it, so Python never holds a deleted thread
    task.moveToThread(thread)
    task.thread = thread
    for name, slot in handlers.items():
        getattr(task, name).connect(slot)
    thread.started.connect(task.run)
    # Direct: quit from the worker thread itself. Queued, it would wait for the GUI thread,
    # which may be the one blocked in wait() (closing the window during training).
    task.ended.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    thread.start()
    return task
