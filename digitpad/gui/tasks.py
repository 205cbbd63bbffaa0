"""Long work off the GUI thread, reporting through signals.

- `ProcessTask`: training and optimizer comparisons run in a child process (see
  `digitpad.jobs.runner` for why); a timer on the GUI thread drains the child's queue.
- `ThreadTask`: short work that releases the GIL (evaluating a model with ONNX Runtime).

Both emit: status(str), progress(object), chart(name, png), done(object), failed(str),
cancelled(), and ended() after any of the last three. Slots run on the GUI thread; jobs never touch widgets.
"""

from __future__ import annotations

import atexit
import multiprocessing
import queue as queue_module
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot

from digitpad.base.errors import DigitPadError, os_error_message
from digitpad.base.logs import log_unexpected
from digitpad.jobs.runner import Message, run_job

POLL_MS = 30


class _TaskSignals(QObject):
    status = Signal(str)
    progress = Signal(object)
    chart = Signal(str, object)  # a chart drawn by the job: name, {"light": PNG, "dark": PNG}
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    ended = Signal()

    def connect_handlers(self, handlers: dict) -> None:
        for name, slot in handlers.items():
            getattr(self, name).connect(slot)


class ProcessTask(_TaskSignals):
    """Run `job(reporter, *args)` in a child process; `job` names a module-level function,
    "package.module:function" (see `digitpad.jobs.runner`)."""

    def __init__(self, job: str | Callable, args: tuple, parent: QObject, **handlers):
        super().__init__(parent)
        self.connect_handlers(handlers)
        # "spawn" everywhere: forking a process that runs Qt is unsafe, and it is what Windows and macOS do.
        context = multiprocessing.get_context("spawn")
        self._queue = context.Queue()
        self._cancel = context.Event()
        self._finished = False
        self._process = context.Process(target=run_job, args=(self._queue, self._cancel, job, args), daemon=True)
        self._process.start()
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self._drain)
        self._timer.start()

    def cancel(self) -> None:
        self._cancel.set()

    def is_running(self) -> bool:
        return not self._finished

    def _drain(self) -> None:
        while True:
            try:
                kind, payload = self._queue.get_nowait()
            except queue_module.Empty:
                break
            if kind is Message.STATUS:
                self.status.emit(payload)
            elif kind is Message.PROGRESS:
                self.progress.emit(payload)
            elif kind is Message.CHART:
                self.chart.emit(*payload)
            else:
                self._finish(kind, payload)
                return
        if not self._process.is_alive() and not self._finished:
            self._finish(
                Message.FAILED, f"the training process stopped unexpectedly (exit code {self._process.exitcode})"
            )

    def _finish(self, kind: Message, payload: Any) -> None:
        self._finished = True
        self._timer.stop()
        # No join here: the child's exit (TensorFlow's teardown) takes about a second, and the
        # GUI thread must not wait for it; multiprocessing reaps finished children by itself.
        if kind is Message.DONE:
            self.done.emit(payload)
        elif kind is Message.CANCELLED:
            self.cancelled.emit()
        else:
            self.failed.emit(payload)
        self.ended.emit()

    def wait(self, timeout_s: float = 30.0) -> bool:
        """Block until the job has reported its end (used when closing the window)."""
        # Keep draining while waiting: a child still feeding a result into the queue cannot exit.
        deadline = time.monotonic() + timeout_s
        while not self._finished and time.monotonic() < deadline:
            self._drain()
            self._process.join(0.05)
        if not self._finished:
            self._process.terminate()  # it ignored the cancel request: do not leave it behind
            self._process.join(5)
            self._finish(Message.CANCELLED, None)
        return self._finished


class ThreadTask(_TaskSignals):
    """Run `job(report)` on a QThread, for work that releases the GIL; `report(anything)`
    emits `progress` (delivered on the GUI thread).

    The task keeps itself alive until its thread has ended, whoever started it: Qt aborts the
    whole program when a running QThread is destroyed, and a window that is deleted (or a Python
    name that is dropped) while the work goes on must not do that. Handlers that are methods of
    a widget are disconnected by Qt when that widget goes."""

    def __init__(self, job: Callable[[Callable[[Any], None]], Any], **handlers):
        super().__init__()
        self.connect_handlers(handlers)
        self._job = job
        self._thread = QThread()
        self.moveToThread(self._thread)
        self._thread.started.connect(self._run)
        # Direct: quit from the worker itself; queued, it would wait for a GUI thread blocked in wait().
        self.ended.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        _forget_ended_tasks()
        _unended_tasks.append(self)
        self._thread.start()

    @Slot()
    def _run(self) -> None:
        try:
            self.done.emit(self._job(self.progress.emit))
        except DigitPadError as exc:
            self.failed.emit(str(exc))
        except OSError as exc:  # a full disk or an unreadable file
            self.failed.emit(os_error_message(exc))
        except Exception as exc:  # a bug must not take the window down; the log keeps its traceback
            self.failed.emit(log_unexpected("unexpected error", exc))
        finally:
            self.ended.emit()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, timeout_s: float = 30.0) -> bool:
        return self._thread.wait(int(timeout_s * 1000))


_unended_tasks: list[ThreadTask] = []  # see ThreadTask: each is kept here until its thread has ended


def _forget_ended_tasks() -> None:
    _unended_tasks[:] = [task for task in _unended_tasks if not task._thread.isFinished()]


@atexit.register
def _wait_for_unended_tasks() -> None:
    """At exit, before Python destroys what is left: the same abort would end the program."""
    for task in _unended_tasks:
        task.wait(30.0)
