"""Accuracy, per-class accuracy, confusion matrix and misclassified examples (NumPy only)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Evaluation:
    accuracy: float
    per_class: list[float]  # accuracy on each true class (recall)
    confusion: np.ndarray  # confusion[true, predicted] counts
    misclassified: np.ndarray  # indices into the evaluated set, most confident mistakes first
    predictions: np.ndarray
    confidences: np.ndarray

    @property
    def n(self) -> int:
        return int(self.confusion.sum())

    def to_dict(self) -> dict:
        return {
            "accuracy": self.accuracy,
            "n": self.n,
            "per_class": self.per_class,
            "confusion": self.confusion.tolist(),
            "misclassified": len(self.misclassified),
        }


def split_outputs(outputs: np.ndarray, num_classes: int) -> tuple[np.ndarray, np.ndarray | None]:
    """A model's outputs (N, C) or (N, C + 1) -> class probabilities (N, C) renormalised to sum to 1,
    and the probability of "not a digit" (N,), or None for a model without that last output."""
    outputs = np.asarray(outputs, dtype=np.float64)
    classes = outputs[:, :num_classes]
    classes = classes / np.maximum(classes.sum(axis=1, keepdims=True), 1e-12)
    if outputs.shape[1] == num_classes:
        return classes, None
    return classes, outputs[:, num_classes] / np.maximum(outputs.sum(axis=1), 1e-12)


def evaluate_probabilities(probabilities: np.ndarray, labels: np.ndarray) -> Evaluation:
    """Score predicted class probabilities (N, C) against true labels (N,)."""
    probabilities = np.asarray(probabilities)
    labels = np.asarray(labels).astype(np.int64)
    num_classes = probabilities.shape[1]
    predictions = probabilities.argmax(axis=1)
    confidences = probabilities.max(axis=1)
    confusion = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(confusion, (labels, predictions), 1)
    support = confusion.sum(axis=1)
    per_class = np.divide(np.diag(confusion), support, out=np.zeros(num_classes), where=support > 0)
    wrong = np.flatnonzero(predictions != labels)
    wrong = wrong[np.argsort(-confidences[wrong], kind="stable")]
    accuracy = float((predictions == labels).mean()) if len(labels) else 0.0
    return Evaluation(accuracy, [float(a) for a in per_class], confusion, wrong, predictions, confidences)
