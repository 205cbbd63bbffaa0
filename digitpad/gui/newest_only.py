"""One worker thread that does the newest request only (reading a number, opening a picture).

The window asks again whenever the input changes: while the worker is busy, each newer request
replaces the one waiting, so it never falls behind, and the window keeps only the answer to its
last request. Work that releases the GIL (ONNX Runtime, NumPy, Pillow's decoders) leaves the GUI
thread free meanwhile.
"""

from __future__ import annotations

import threading
from typing import Callable

from PySide6.QtCore import QObject, Signal


class NewestOnly(QObject):
    """`request(*args)` from the GUI thread; `finished(work(*args))` comes back on it. `work`
    must not raise (it answers with its failure instead)."""

    finished = Signal(object)

    def __init__(self, work: Callable, name: str):
        # No Qt parent: the worker thread holds this object while it runs, so it cannot be
        # deleted under work in progress (a window closed mid-read).
        super().__init__()
        self._work, self._name = work, name
        self._wake = threading.Condition()
        self._waiting: tuple | None = None  # the arguments of the request not started yet
        self._thread: threading.Thread | None = None  # the worker; a thread no longer named here ends

    def request(self, *args) -> None:
        with self._wake:
            self._waiting = args
            if self._thread is None:  # started on first use: a window that never asks has no thread
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            self._wake.notify_all()

    def stop(self, timeout_s: float = 5.0) -> None:
        """Drop what waits and end the worker once the work in progress (if any) is done;
        a later request starts a new one."""
        with self._wake:
            worker, self._thread, self._waiting = self._thread, None, None
            self._wake.notify_all()
        if worker is not None:
            worker.join(timeout_s)

    def _run(self) -> None:
        me = threading.current_thread()
        while True:
            with self._wake:
                while self._waiting is None and self._thread is me:
                    self._wake.wait()
                if self._thread is not me:
                    return
                args, self._waiting = self._waiting, None
            result = self._work(*args)
            with self._wake:
                if self._thread is not me:
                    return
            self.finished.emit(result)  # queued to the GUI thread, where this object lives
