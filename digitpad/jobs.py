"""Long jobs run in a child process, reporting to the parent through a queue (Qt-free).

Why a process and not a thread: TensorFlow's import, graph building and tf2onnx's export
hold Python's GIL for up to a few hundred milliseconds at a time, which would freeze the
window; a child process has its own GIL. The GUI side (`digitpad.gui.tasks.ProcessTask`)
reads the queue and turns messages into Qt signals.

A job is a module-level function `job(reporter, *args)` (it must be importable in the
child, where the "spawn" start method re-imports it).
"""

from __future__ import annotations

import enum
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Cancelled, DigitPadError, os_error_message
from .evaluation import Evaluation
from .logs import log_unexpected, setup_logging

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

    def chart(self, name: str, plot, *args, size=(8.0, 3.2)) -> dict[str, bytes]:
        """Render a digitpad.plots chart here, in the child, and send it as PNG bytes, light
        and dark (`plots.themed_pngs`).

        Drawing a chart takes 50-100 ms; done in the window it would stall the event loop.
        """
        from .plots import new_figure, themed_pngs

        figure = new_figure(*size)
        plot(figure, *args)
        data = themed_pngs(figure)
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
                        f"the worker process stopped unexpectedly (exit code {process.exitcode})") from None
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


def run_job(queue, cancel_event, job, args) -> None:
    """Child process entry point: run the job, send its outcome, never raise.

    A bug's traceback goes to the log file (the child's stderr may be nowhere to be seen,
    e.g. in the windowed app); the parent gets one line saying where it is.
    """
    setup_logging()
    reporter = Reporter(queue, cancel_event)
    try:
        queue.put((Message.DONE, job(reporter, *args)))
    except Cancelled:
        queue.put((Message.CANCELLED, None))
    except DigitPadError as exc:
        queue.put((Message.FAILED, str(exc)))
    except MemoryError:
        queue.put((Message.FAILED, "not enough memory for this training (try a smaller batch or subset)"))
    except OSError as exc:  # a full disk or a read-only folder while saving, an unreadable data file
        queue.put((Message.FAILED, os_error_message(exc)))
    except Exception as exc:  # the parent shows it; a bug must not leave the GUI waiting forever
        queue.put((Message.FAILED, log_unexpected(f"unexpected error in {getattr(job, '__name__', 'a job')}", exc)))


@dataclass
class TrainedModel:
    """What a finished training hands back: the saved files and the figures, never the Keras model."""

    onnx_path: Path
    evaluation: Evaluation
    history: dict
    config: Any
    seconds: float
    charts: dict  # name -> PNG bytes: per_class, confusion, history


def _import_tensorflow(reporter: Reporter) -> None:
    reporter.set_status("Loading TensorFlow… (a few seconds)")
    import tensorflow  # noqa: F401  (imported visibly here rather than silently inside train)


def _add_epoch(history: dict, metrics: dict) -> None:
    for key, value in metrics.items():
        history.setdefault(key, []).append(value)


LIVE_CHART_S = 2.0  # during an epoch, the curves are redrawn this often (a chart costs 50-100 ms)


def _reporting_curves(reporter: Reporter, name: str, epochs: int, history: dict):
    """A progress callback: every report to the parent; at each epoch's end the curves so far,
    and every LIVE_CHART_S within an epoch the curves up to the batch reached (so that the first
    epoch of a long run does not leave the chart blank)."""
    from .plots import plot_curves

    last_chart = [time.monotonic()]

    def progress(p) -> None:
        reporter.report(p, always=p.batch is None)
        now = time.monotonic()
        if p.batch is None:
            _add_epoch(history, p.metrics)
            reporter.chart("curves", plot_curves, {name: history}, epochs)
            last_chart[0] = now
        elif now - last_chart[0] >= LIVE_CHART_S and p.metrics:
            reporter.chart("curves", plot_curves, {name: _with_live_point(history, p)}, epochs)
            last_chart[0] = now

    return progress


def _with_live_point(history: dict, p) -> dict:
    """The finished epochs' curves plus the running figures at the batch reached (a fractional epoch)."""
    done = len(history.get("accuracy", history.get("loss", [])))
    live = {key: list(values) for key, values in history.items()}
    for key in ("accuracy", "loss"):
        if key in p.metrics:
            live[key] = live.get(key, [])[:done] + [p.metrics[key]]
    live["positions"] = [*range(1, done + 1), p.epoch - 1 + p.batch / p.batches]
    return live


def train_and_export(reporter: Reporter, config, output_dir: Path,
                     compare_with: dict[str, list[float]] | None = None, data: str | None = None) -> TrainedModel:
    """Train on `data` (default: bundled MNIST), export to `output_dir`, draw the charts.

    `compare_with` adds another model's per-class accuracy to the chart (same classes only).
    """
    from .datasets import load_dataset
    from .plots import plot_confusion, plot_curves, plot_per_class
    from .runs import readable_time
    from .training import train

    reporter.set_status("Preparing the training data…")  # drawing the pen digits takes a few seconds
    dataset = load_dataset(data)
    if compare_with and len(next(iter(compare_with.values()))) != len(dataset.class_labels):
        compare_with = None  # another alphabet: nothing to compare class by class
    _import_tensorflow(reporter)
    reporter.set_status("Training…")
    progress = _reporting_curves(reporter, "new model", config.epochs, {})
    result = train(config, dataset, on_progress=progress, should_cancel=reporter.cancel_requested)
    reporter.set_status("Saving the model…")
    # A fresh stem each time: a model from an earlier run may be in use by the window. The name is
    # what the window shows ("mlp-128 adam 97.81% (23 Nov 14:05)"), not the file's stem.
    name = f"{config.architecture} {config.optimizer} {result.test.accuracy:.2%} ({readable_time()})"
    paths = result.save(Path(output_dir) / f"{config.architecture}-{config.optimizer}-{time.time_ns()}", name)
    labels = result.class_labels
    charts = {
        "per_class": reporter.chart("per_class", plot_per_class,
                                    {"new model": result.test.per_class, **(compare_with or {})}, labels,
                                    size=(5.0, 3.5)),
        "confusion": reporter.chart("confusion", plot_confusion, result.test.confusion, labels, size=(4.5, 3.5)),
        "history": reporter.chart("history", plot_curves, {"new model": result.history}, size=(8.0, 2.6)),
    }
    return TrainedModel(paths["onnx"], result.test, result.history, config, result.seconds, charts)


def compare(reporter: Reporter, base, optimizers: dict[str, dict], data: str | None = None):
    """`optimizers`: name -> its parameters (the rest keep their defaults)."""
    from .datasets import load_dataset
    from .experiments import compare_optimizers
    from .plots import plot_curves

    reporter.set_status("Preparing the training data…")
    dataset = load_dataset(data)
    _import_tensorflow(reporter)
    reporter.set_status("Training…")
    curves: dict[str, dict[str, list[float]]] = {}

    def progress(name, p) -> None:
        reporter.report((name, p), always=p.batch is None)
        if p.batch is None:
            _add_epoch(curves.setdefault(name, {}), p.metrics)
            reporter.chart("curves", plot_curves, curves, base.epochs, size=(9.0, 3.4))

    return compare_optimizers(base, optimizers, dataset, on_progress=progress,
                              on_run_done=lambda run: reporter.report(run, always=True),
                              should_cancel=reporter.cancel_requested)


@dataclass
class FinetunedModel:
    """What a finished fine-tune hands back: the saved files, before/after scores and its curves."""

    onnx_path: Path
    scores: Any  # digitpad.finetune.FinetuneScores
    charts: dict


def finetune_and_export(reporter: Reporter, model_path: Path, store_path: Path, config,
                        output_dir: Path) -> FinetunedModel:
    """Fine-tune the model at `model_path` on the samples of the store at `store_path`; save to `output_dir`."""
    from .finetune import finetune
    from .plots import plot_curves
    from .sample_store import SampleStore

    reporter.set_status("Reading your samples…")
    with SampleStore(store_path) as store:
        images, labels = store.training_arrays()
    progress = _reporting_curves(reporter, "fine-tune", config.epochs, {})
    result = finetune(model_path, images, labels, config, on_progress=progress,
                      should_cancel=reporter.cancel_requested, on_status=reporter.set_status)
    reporter.set_status("Saving the model…")
    paths = result.save(Path(output_dir) / f"{Path(model_path).stem}-mine-{time.time_ns()}")
    charts = {"history": reporter.chart("history", plot_curves, {"fine-tune": result.history}, size=(8.0, 2.6))}
    return FinetunedModel(paths["onnx"], result.scores, charts)
