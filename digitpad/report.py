"""A model's report card: accuracy, per-class accuracy, confusion, mistakes, curves, as PNG files.

`digitpad evaluate --report DIR` writes it; the Model > Report dialog shows the same charts.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from digitpad.base.atomic import write_text_atomic
from digitpad.base.errors import DataError
from digitpad.data.datasets import load_test_set
from digitpad.data.mnist import Dataset
from digitpad.inference.evaluation import Evaluation, evaluate_probabilities

GALLERY_SIZE = 50


EVALUATION_CHUNK = 1000  # test images per step: progress to show, and a bounded float copy


def evaluate_recognizer(recognizer, dataset: Dataset, on_progress=None) -> Evaluation:
    """Score a recognizer on the dataset's test images (as the model sees MNIST: no re-preprocessing).

    `on_progress(done, total)` is called after each chunk of images.
    """
    if tuple(recognizer.labels) != tuple(dataset.class_labels):
        raise DataError(
            f"{recognizer.name} reads {len(recognizer.labels)} classes "
            f"({''.join(recognizer.labels)[:30]}…), but the {dataset.name} test set has "
            f"{len(dataset.class_labels)} ({''.join(dataset.class_labels)[:30]}…): "
            "evaluate it on the data it was trained on"
        )
    total = len(dataset.x_test)
    parts = []
    for start in range(0, total, EVALUATION_CHUNK):
        chunk = dataset.x_test[start : start + EVALUATION_CHUNK].astype(np.float32) / 255.0
        parts.append(recognizer.probabilities(chunk))
        if on_progress is not None:
            on_progress(min(start + EVALUATION_CHUNK, total), total)
    probabilities = np.concatenate(parts) if parts else np.zeros((0, len(recognizer.labels)))
    return evaluate_probabilities(probabilities, dataset.y_test)


def dataset_for(recognizer, training_images: bool = False) -> Dataset:
    """The test data a model should be judged on: the data set recorded in its metadata
    (and its training images too, with `training_images`, for a report)."""
    location = (recognizer.metadata.get("dataset") or {}).get("location")
    return load_test_set(location, training_images)


def mistake_captions(evaluation: Evaluation, labels, true_labels: np.ndarray, indices) -> list[str]:
    return [
        f"true {labels[true_labels[i]]} / read {labels[evaluation.predictions[i]]}\n({evaluation.confidences[i]:.0%})"
        for i in indices
    ]


def write_report(recognizer, dataset: Dataset, out_dir: str | Path) -> dict[str, Path]:
    """Write report.json and the PNG charts into `out_dir`; returns the files by name."""
    from digitpad.plots import new_figure, plot_confusion, plot_curves, plot_gallery, plot_per_class, save_png

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    evaluation = evaluate_recognizer(recognizer, dataset)
    labels = list(recognizer.labels)
    files: dict[str, Path] = {}

    figure = new_figure(6.5, 5.5)
    plot_confusion(figure, evaluation.confusion, labels)
    files["confusion"] = save_png(figure, out / "confusion.png")

    figure = new_figure(7, 3.5)
    plot_per_class(figure, {recognizer.name: evaluation.per_class}, labels)
    files["per_class"] = save_png(figure, out / "per_class.png")

    shown = evaluation.misclassified[:GALLERY_SIZE]
    figure = new_figure(10, 1.3 * max(1, int(np.ceil(len(shown) / 10))) + 0.5)
    plot_gallery(
        figure,
        dataset.x_test[shown],
        mistake_captions(evaluation, labels, dataset.y_test, shown),
        title=f"{len(evaluation.misclassified)} misclassified test digits (most confident first)",
    )
    files["misclassified"] = save_png(figure, out / "misclassified.png")

    figure = new_figure(10, 5.5)
    plot_gallery(
        figure,
        dataset.x_train[:GALLERY_SIZE],
        [f"label {labels[y]}" for y in dataset.y_train[:GALLERY_SIZE]],
        title="Training samples",
    )
    files["training_samples"] = save_png(figure, out / "training_samples.png")

    history = recognizer.metadata.get("history")
    if history:
        figure = new_figure(9, 3.5)
        plot_curves(figure, {recognizer.name: history})
        files["training_curves"] = save_png(figure, out / "training_curves.png")

    summary = {"model": recognizer.name, **evaluation.to_dict(), "files": {k: v.name for k, v in files.items()}}
    write_text_atomic(out / "report.json", json.dumps(summary, indent=1))
    files["json"] = out / "report.json"
    return files
