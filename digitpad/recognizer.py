"""Inference on ONNX Runtime: fast, small, and free of TensorFlow.

A model is the `.onnx` file of a DigitPad model trio; its `.json` metadata gives the
class labels and test accuracy and the hash that ties it to that `.onnx` file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import numpy as np

from .errors import DigitPadError, ModelError
from .modelfile import model_paths, read_metadata, sha256_file
from .paths import bundled_model_path
from .preprocess import preprocess

UNCERTAIN_MARGIN = 0.25  # top two closer than this: say "4 or 9?"
UNCERTAIN_CONFIDENCE = 0.6


@dataclass(frozen=True)
class Prediction:
    label: str  # the class label, "0"-"9" for digits
    index: int  # its class index
    confidence: float
    probabilities: np.ndarray  # one per class, summing to 1
    labels: tuple[str, ...]
    image28: np.ndarray = field(repr=False)  # what the model saw

    @property
    def digit(self) -> int | None:
        return int(self.label) if self.label.isdigit() else None

    def top(self, k: int = 2) -> list[tuple[str, float]]:
        order = np.argsort(-self.probabilities, kind="stable")[:k]
        return [(self.labels[i], float(self.probabilities[i])) for i in order]

    @property
    def uncertain(self) -> bool:
        (_, first), (_, second) = self.top(2)
        return first < UNCERTAIN_CONFIDENCE or first - second < UNCERTAIN_MARGIN

    def to_dict(self) -> dict:
        return {"digit": self.digit if self.digit is not None else self.label,
                "confidence": round(self.confidence, 6),
                "probabilities": [round(float(p), 6) for p in self.probabilities]}


class Recognizer:
    """A loaded model. `predict` one input, `predict_batch` many, `probabilities` for 28x28 arrays."""

    def __init__(self, path: str | os.PathLike):
        paths = model_paths(path)
        onnx_path = paths["onnx"]
        if not onnx_path.is_file():
            raise ModelError(f"{onnx_path}: model file not found")
        self.metadata = read_metadata(onnx_path)
        expected_hash = self.metadata.get("onnx_sha256")
        if expected_hash and sha256_file(onnx_path) != expected_hash:
            raise ModelError(f"{onnx_path}: does not match its metadata (changed or damaged file)")
        self.path = onnx_path
        self.labels = tuple(str(label) for label in self.metadata.get("class_labels", range(10)))
        self._session = _open_session(onnx_path, len(self.labels))
        self._input_name = self._session.get_inputs()[0].name

    @property
    def name(self) -> str:
        return str(self.metadata.get("name", self.path.stem))

    @property
    def test_accuracy(self) -> float | None:
        return self.metadata.get("test_accuracy")

    def probabilities(self, images28: np.ndarray) -> np.ndarray:
        """Class probabilities (N, C) for float32 images (N, 28, 28) in [0, 1]."""
        batch = np.ascontiguousarray(images28, dtype=np.float32).reshape(-1, 28, 28, 1)
        return self._session.run(None, {self._input_name: batch})[0]

    def _prediction(self, image28: np.ndarray, probabilities: np.ndarray) -> Prediction:
        probabilities = probabilities.astype(np.float64)
        probabilities /= probabilities.sum()
        index = int(probabilities.argmax())
        return Prediction(self.labels[index], index, float(probabilities[index]), probabilities,
                          self.labels, image28)

    def predict(self, source) -> Prediction:
        """A file path, image bytes, PIL image or NumPy array -> Prediction.

        Raises EmptyImageError for blank input, ImageError for unreadable input.
        """
        image28 = preprocess(source)
        return self._prediction(image28, self.probabilities(image28[None])[0])

    def predict_image28(self, image28: np.ndarray) -> Prediction:
        """Predict an image that is already preprocessed (e.g. from `preprocess_strokes`)."""
        return self._prediction(image28, self.probabilities(image28[None])[0])

    def predict_batch(self, sources: Iterable) -> list[Prediction | DigitPadError]:
        """Many inputs in one model call; a failing input yields its error in its place."""
        results: list = []
        images = []
        for source in sources:
            try:
                images.append(preprocess(source))
                results.append(len(images) - 1)
            except DigitPadError as exc:
                results.append(exc)
        if images:
            stacked = np.stack(images)
            probabilities = np.concatenate([self.probabilities(stacked[i:i + 512])
                                            for i in range(0, len(stacked), 512)])
        return [r if isinstance(r, DigitPadError) else self._prediction(images[r], probabilities[r])
                for r in results]


def _open_session(onnx_path: Path, num_classes: int):
    import onnxruntime as ort

    options = ort.SessionOptions()
    # One image is a few million multiply-adds: a second thread costs more than it saves.
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    try:
        session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # ONNX Runtime raises its own, unexported exception types
        raise ModelError(f"{onnx_path}: not a valid ONNX model ({str(exc).splitlines()[0][:120]})") from None
    inputs, outputs = session.get_inputs(), session.get_outputs()
    if len(inputs) != 1 or list(inputs[0].shape[1:]) != [28, 28, 1]:
        raise ModelError(f"{onnx_path}: expects input {inputs[0].shape if inputs else None}, not 28x28x1 images")
    if not outputs or outputs[0].shape[-1] != num_classes:
        raise ModelError(f"{onnx_path}: gives {outputs[0].shape[-1] if outputs else 0} outputs "
                         f"for {num_classes} class labels")
    return session


def load_recognizer(path: str | os.PathLike | None = None) -> Recognizer:
    """The bundled model, or the DigitPad model at `path` (.onnx, .keras, .json or stem)."""
    return Recognizer(path if path is not None else bundled_model_path())
