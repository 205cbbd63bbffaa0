"""The training jobs the window and `digitpad train --in-child` run in a child process
(`digitpad.jobs.runner` runs them): train a network and draw its charts, compare optimizers,
fine-tune on the user's samples. They import the training code, and with it TensorFlow; the
window names them ("digitpad.jobs.training_jobs:train_and_export") and never imports this module.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from digitpad.inference.evaluation import Evaluation
from digitpad.jobs.runner import Reporter


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
    from digitpad.plots import plot_curves

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


def train_and_export(
    reporter: Reporter,
    config,
    output_dir: Path,
    compare_with: dict[str, list[float]] | None = None,
    data: str | None = None,
) -> TrainedModel:
    """Train on `data` (default: bundled MNIST), export to `output_dir`, draw the charts.

    `compare_with` adds another model's per-class accuracy to the chart (same classes only).
    """
    from digitpad.data.datasets import load_dataset
    from digitpad.plots import KEPT_CHART_DPI, plot_confusion, plot_curves, plot_per_class
    from digitpad.training.runs import readable_time
    from digitpad.training.train import train

    reporter.set_status("Preparing the training data…")  # drawing the pen digits takes a few seconds
    dataset = load_dataset(data, config.limit)
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
        "per_class": reporter.chart(
            "per_class",
            plot_per_class,
            {"new model": result.test.per_class, **(compare_with or {})},
            labels,
            size=(5.0, 3.5),
            dpi=KEPT_CHART_DPI,
        ),
        "confusion": reporter.chart(
            "confusion", plot_confusion, result.test.confusion, labels, size=(4.5, 3.5), dpi=KEPT_CHART_DPI
        ),
        "history": reporter.chart(
            "history", plot_curves, {"new model": result.history}, size=(8.0, 2.6), dpi=KEPT_CHART_DPI
        ),
    }
    return TrainedModel(paths["onnx"], result.test, result.history, config, result.seconds, charts)


def compare(reporter: Reporter, base, optimizers: dict[str, dict], data: str | None = None):
    """`optimizers`: name -> its parameters (the rest keep their defaults)."""
    from digitpad.data.datasets import load_dataset
    from digitpad.plots import plot_curves
    from digitpad.training.train import compare_optimizers

    reporter.set_status("Preparing the training data…")
    dataset = load_dataset(data, base.limit)
    _import_tensorflow(reporter)
    reporter.set_status("Training…")
    curves: dict[str, dict[str, list[float]]] = {}

    def progress(name, p) -> None:
        reporter.report((name, p), always=p.batch is None)
        if p.batch is None:
            _add_epoch(curves.setdefault(name, {}), p.metrics)
            reporter.chart("curves", plot_curves, curves, base.epochs, size=(9.0, 3.4))

    return compare_optimizers(
        base,
        optimizers,
        dataset,
        on_progress=progress,
        on_run_done=lambda run: reporter.report(run, always=True),
        should_cancel=reporter.cancel_requested,
    )


@dataclass
class FinetunedModel:
    """What a finished fine-tune hands back: the saved files, before/after scores and its curves."""

    onnx_path: Path
    scores: Any  # digitpad.training.finetune.FinetuneScores
    charts: dict


def finetune_and_export(
    reporter: Reporter, model_path: Path, store_path: Path, config, output_dir: Path
) -> FinetunedModel:
    """Fine-tune the model at `model_path` on the samples of the store at `store_path`; save to `output_dir`."""
    from digitpad.personal.sample_store import SampleStore
    from digitpad.plots import KEPT_CHART_DPI, plot_curves
    from digitpad.training.finetune_training import finetune

    reporter.set_status("Reading your samples…")
    with SampleStore(store_path) as store:
        images, labels = store.training_arrays()
    progress = _reporting_curves(reporter, "fine-tune", config.epochs, {})
    result = finetune(
        model_path,
        images,
        labels,
        config,
        on_progress=progress,
        should_cancel=reporter.cancel_requested,
        on_status=reporter.set_status,
    )
    reporter.set_status("Saving the model…")
    paths = result.save(Path(output_dir) / f"{Path(model_path).stem}-mine-{time.time_ns()}")
    charts = {
        "history": reporter.chart(
            "history", plot_curves, {"fine-tune": result.history}, size=(8.0, 2.6), dpi=KEPT_CHART_DPI
        )
    }
    return FinetunedModel(paths["onnx"], result.scores, charts)
