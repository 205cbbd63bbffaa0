"""Long jobs run in a child process, reporting to the parent through a queue (Qt-free).

Why a process and not a thread: TensorFlow's import, graph building and tf2onnx's export
hold Python's GIL for up to a few hundred milliseconds at a time, which would freeze the
window; a child process has its own GIL. The GUI side (`digitpad.gui.tasks.ProcessTask`)
reads the queue and turns messages into Qt signals.

A job is a module-level function `job(reporter, *args)`, named "module:function" (the child
imports it: the "spawn" start method starts a fresh interpreter). Naming it, rather than
passing the function, keeps the window from importing the training code, and with it Keras and
TensorFlow (the jobs themselves are in `digitpad.jobs.training_jobs`).
"""

from __future__ import annotations

import enum
import importlib
import time
from typing import Any, Callable

from digitpad.base.errors import Cancelled, DigitPadError, os_error_message
from digitpad.base.logs import log_unexpected, setup_logging

REPORT_INTERVAL_S = 0.1  # batch reports are thinned to 10 a second: enough for a smooth bar


class Message(str, enum.Enum):
    """What a child puts on the queue, as (Message, payload): the one list both sides use."""

    STATUS = "status"  # payload: a line of text for the user
    PROGRESS = "progress"  # payload: the job's progress object
    CHART = "chart"  # payload: (name, PNG bytes)
    DONE = "done"  # payload: the job's result; the last message
    FAILED = "failed"  # payload: the one-line error; the last message
    CANCELLED = "cancelled"  # payload: None; the last message


class Reporter:
    """The child's side of the queue: status lines, progress, and the parent's cancel request."""

    def __init__(self, queue, cancel_event):
        self._queue, self._cancel = queue, cancel_event
        self._last = 0.0

    def set_status(self, text: str) -> None:
        self._queue.put((Message.STATUS, text))

    def report(self, progress: Any, always: bool = False) -> None:
        now = time.monotonic()
        if always or now - self._last >= REPORT_INTERVAL_S:
            self._last = now
            self._queue.put((Message.PROGRESS, progress))

    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def chart(self, name: str, plot, *args, size=(8.0, 3.2), dpi: int | None = None) -> dict[str, bytes]:
        """Render a digitpad.plots chart here, in the child, and send it as PNG bytes, light
        and dark (`plots.themed_pngs`, at `dpi` or its default).

        Drawing a chart takes 50-100 ms; done in the window it would stall the event loop.
        """
        from digitpad.plots import CHART_DPI, new_figure, themed_pngs

        figure = new_figure(*size)
        plot(figure, *args)
        data = themed_pngs(figure, dpi or CHART_DPI)
        self._queue.put((Message.CHART, (name, data)))
        return data


def run_in_child(job, args: tuple, on_message=None, timeout_s: float = 1800.0):
    """Run `job` in a spawned child and wait for its result (for the command line and self-test).

    The GUI does the same without blocking (`digitpad.gui.tasks.ProcessTask`).
    """
    import multiprocessing
    import queue as queue_module

    context = multiprocessing.get_context("spawn")
    queue, cancel = context.Queue(), context.Event()
    process = context.Process(target=run_job, args=(queue, cancel, job, args), daemon=True)
    process.start()
    deadline = time.monotonic() + timeout_s
    try:
        while time.monotonic() < deadline:
            try:
                kind, payload = queue.get(timeout=0.5)
            except queue_module.Empty:
                if not process.is_alive():
                    raise DigitPadError(
                        f"the worker process stopped unexpectedly (exit code {process.exitcode})"
                    ) from None
                continue
            if kind is Message.DONE:
                return payload
            if kind is Message.FAILED:
                raise DigitPadError(payload)
            if kind is Message.CANCELLED:
                raise Cancelled("cancelled")
            if on_message is not None:
                on_message(kind, payload)
        raise DigitPadError(f"the worker process did not finish within {timeout_s:.0f} s")
    finally:
        cancel.set()
        process.join(30)


def resolve_job(job: str | Callable) -> Callable:
    """The job function named "package.module:function" (a function is returned as it is)."""
    if callable(job):
        return job
    module, _, function = job.partition(":")
    return getattr(importlib.import_module(module), function)


def run_job(queue, cancel_event, job: str | Callable, args) -> None:
    """Child process entry point: run the job, send its outcome, never raise.

    A bug's traceback goes to the log file (the child's stderr may be nowhere to be seen,
    e.g. in the windowed app); the parent gets one line saying where it is.
    """
    setup_logging()
    reporter = Reporter(queue, cancel_event)
    try:
        queue.put((Message.DONE, resolve_job(job)(reporter, *args)))
    except Cancelled:
        queue.put((Message.CANCELLED, None))
    except DigitPadError as exc:
        queue.put((Message.FAILED, str(exc)))
    except MemoryError:
        queue.put((Message.FAILED, "not enough memory for this training (try a smaller batch or subset)"))
    except OSError as exc:  # a full disk or a read-only folder while saving, an unreadable data file
        queue.put((Message.FAILED, os_error_message(exc)))
    except Exception as exc:  # the parent shows it; a bug must not leave the GUI waiting forever
        name = job if isinstance(job, str) else getattr(job, "__name__", "a job")
        queue.put((Message.FAILED, log_unexpected(f"unexpected error in {name.rpartition(':')[2]}", exc)))
