"""Inference on ONNX Runtime: fast, small, and free of TensorFlow.

A model is the `.onnx` file of a DigitPad model trio; its `.json` metadata gives the
class labels and test accuracy and the hash that ties it to that `.onnx` file.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any, Iterable, Iterator

import numpy as np

from digitpad.base.errors import DigitPadError, ModelError, TooBusyError
from digitpad.base.logs import log_unexpected
from digitpad.base.paths import bundled_model_path
from digitpad.imaging.drawing import Drawing
from digitpad.imaging.preprocess import default_name, load_image, preprocess
from digitpad.inference.evaluation import split_outputs
from digitpad.inference.model_session import ModelSession
from digitpad.inference.modelfile import is_readable_file, model_paths, verified_metadata
from digitpad.inference.prediction import Prediction, Status
from digitpad.personal.adaptation import PersonalMemory
from digitpad.personal.personal_samples import PersonalSamples
from digitpad.personal.sample_store import SampleStore, check_label
from digitpad.reading.reader import layout_of, read_layout
from digitpad.reading.reading_aids import ReadingAid, ReadingAids
from digitpad.reading.result import Reading
from digitpad.reading.segmentation import TooManyMarks
from digitpad.reading.sequence_model import sequence_path as shipped_sequence_path
from digitpad.reading.wholeness import wholeness_path as shipped_wholeness_path

__all__ = ["Prediction", "Reading", "Recognizer", "Status", "load_recognizer"]

BATCH_CHUNK = 64  # inputs read per model call by iter_predictions


class Recognizer:
    """A loaded model. `predict` one input, `predict_batch` many, `probabilities` for 28x28 arrays."""

    def __init__(self, path: str | os.PathLike):
        paths = model_paths(path)
        onnx_path = paths["onnx"]
        if not is_readable_file(onnx_path):
            raise ModelError(f"{onnx_path}: model file not found")
        self.path = onnx_path
        self._reading_aids = ReadingAids()  # the networks that help read numbers, each opened once for this recognizer
        # A plain ONNX model (no DigitPad .json beside it) is read as an MNIST-style digit model.
        self.plain = Path(path).suffix == ".onnx" and not is_readable_file(paths["json"])
        if self.plain:
            self._session = ModelSession(onnx_path, None, None)
            self.metadata: dict[str, Any] = {
                "name": onnx_path.stem,
                "class_labels": [str(i) for i in range(self._session.num_outputs)],
            }
            self.labels = tuple(self.metadata["class_labels"])
            self.has_not_a_digit_output = False
            self.embedding_size: int | None = None
            self.samples = self._personal_samples()
            return
        self.metadata = verified_metadata(onnx_path)
        self.labels = tuple(str(label) for label in self.metadata.get("class_labels", range(10)))
        # Older and foreign models have no "not a digit" output; they still read digits.
        self.has_not_a_digit_output = self.metadata.get("not_a_digit_output") is True
        # The width of the embedding output that personal samples are compared in; None for
        # older and foreign models, which then read without the user's samples.
        self.embedding_size = self.metadata.get("embedding_size")
        self._session = ModelSession(onnx_path, len(self.labels) + self.has_not_a_digit_output, self.embedding_size)
        self.samples = self._personal_samples()

    # The networks numbers are read with (`digitpad.reading.wholeness`, `digitpad.reading.sequence_model`);
    # None: the shipped ones; sequence_path False: without the sequence model.
    wholeness_path: Path | None = None
    sequence_path: Path | None | bool = None

    PLAIN_MODEL_NOTE = (
        "has no DigitPad metadata: read as an MNIST-style model (28x28 grey images, ink bright "
        "on black, values 0 to 1; classes numbered from 0)"
    )

    @property
    def name(self) -> str:
        return str(self.metadata.get("name", self.path.stem))

    @property
    def test_accuracy(self) -> float | None:
        return self.metadata.get("test_accuracy")

    @property
    def model_id(self) -> str | None:
        return self.metadata.get("onnx_sha256")

    # ------------------------------------------------------------ the user's samples

    def _personal_samples(self) -> PersonalSamples:
        # (Looked up at each call: `embeddings` may be replaced, as a test counting its calls does.)
        return PersonalSamples(
            lambda images: self.embeddings(images), self.labels, self.model_id, self.name, self.embedding_size
        )

    @property
    def store(self) -> SampleStore | None:
        """The user's sample store, when reading with their samples. Set alone (not
        `attach_store`), `teach` keeps samples there while reading goes on as it was."""
        return self.samples.store

    @store.setter
    def store(self, store: SampleStore | None) -> None:
        self.samples.store = store

    @property
    def personal(self) -> PersonalMemory | None:
        """What blends the user's samples into the model's answers (None: there are none)."""
        return self.samples.memory

    @property
    def can_use_personal_samples(self) -> bool:
        """Older and foreign models (no embedding output) and letter models read without them."""
        return self.samples.usable

    @property
    def personal_sample_count(self) -> int:
        """How many of the user's samples it reads with (their jittered copies not counted)."""
        return self.samples.count

    def use_personal_samples(self, images28: np.ndarray, labels) -> None:
        """Read from now on with these samples: images (N, 28, 28) float32, labels "0"-"9" (or 0-9)."""
        self.samples.use(images28, labels)

    def attach_store(self, store: SampleStore) -> None:
        """Read with the samples in `store`, and keep what `teach` adds there."""
        self.samples.attach(store)

    def prepare_personal_samples(self, store: SampleStore, stop: threading.Event | None = None) -> None:
        """Embed the samples of `store` this model has not seen, and keep their vectors there;
        what it reads with is unchanged until `attach_store` or `reload_personal_samples`. For
        another thread, with a store connection of its own: the window's way to spare its GUI
        thread the wait."""
        self.samples.prepare(store, stop)

    def reload_personal_samples(self) -> None:
        """Read the attached store again (after samples were removed, relabelled or imported)."""
        self.samples.reload()

    def teach(self, source, label, origin: str | None = None) -> int | None:
        """The user says `source` (a Drawing, file path, image, array) is digit `label`.

        Used at once; stored in the attached store if there is one. Returns the sample's id
        in the store (None without a store).
        """
        label = check_label(label)
        if not self.can_use_personal_samples:
            raise ModelError(f"{self.name}: this model cannot learn from samples (it has no embedding output)")
        if isinstance(source, (str, os.PathLike)):  # a file: keep a small copy of it with the sample
            source = Drawing.from_image(load_image(source), Path(source).name)
        details: dict = {"origin": origin or "api"}
        if isinstance(source, Drawing):
            image28 = source.model_input()
            details = dict(
                origin=origin or (f"file {source.source}" if source.is_image else "pad"),
                strokes=source.strokes or None,
                pen_width=source.uniform_pen_width,
                source_image=source.source_png,
            )
        else:
            image28 = preprocess(source)
        return self.samples.add(image28, label, lambda: self.predict_image28(image28).label, details)

    @property
    def has_embedding(self) -> bool:
        return self.embedding_size is not None

    def run(self, images28: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """One model call: raw outputs (N, C or C + 1 with "not a digit" last) and embeddings (N, E) or None."""
        outputs, embeddings = self._session.run(np.asarray(images28, np.float32).reshape(-1, 28, 28, 1))
        return outputs, (embeddings if self.embedding_size is not None else None)

    def outputs(self, images28: np.ndarray) -> np.ndarray:
        """The model's raw outputs (N, C or C + 1 with "not a digit" last) for float32 images (N, 28, 28)."""
        return self.run(images28)[0]

    def embeddings(self, images28: np.ndarray) -> np.ndarray:
        """The embedding (N, E) of float32 images (N, 28, 28); ModelError for a model without one."""
        if self.embedding_size is None:
            raise ModelError(f"{self.path}: this model has no embedding output (it predates personal samples)")
        _, embeddings = self.run(images28)
        assert embeddings is not None  # (it has an embedding size)
        return embeddings

    def probabilities(self, images28: np.ndarray) -> np.ndarray:
        """Class probabilities (N, C), each row summing to 1, for float32 images (N, 28, 28) in [0, 1]."""
        return split_outputs(self.outputs(images28), len(self.labels))[0]

    def _read(self, images28: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Outputs (N, C[+1]) for images (N, 28, 28), with the user's samples when there are any,
        and each row's personal influence (N,)."""
        # One look at `personal`: the window reads numbers on a worker thread while teaching
        # on the GUI thread may replace it.
        personal = self.personal
        outputs, embeddings = self.run(images28)
        if personal is None or embeddings is None:  # (a model with no embedding never has personal samples)
            return outputs, np.zeros(len(outputs))
        return personal.blend(outputs, embeddings)

    def _prediction(self, image28: np.ndarray, outputs: np.ndarray, influence: float = 0.0) -> Prediction:
        classes, not_a_digit = split_outputs(outputs[None], len(self.labels))
        probabilities = classes[0]
        index = int(probabilities.argmax())
        return Prediction(
            self.labels[index],
            index,
            float(probabilities[index]),
            probabilities,
            self.labels,
            image28,
            None if not_a_digit is None else float(not_a_digit[0]),
            self.personal_sample_count,
            float(influence),
        )

    def predict(self, source) -> Prediction:
        """A file path, image bytes, PIL image or NumPy array -> Prediction.

        Raises EmptyImageError for blank input, ImageError for unreadable input.
        """
        return self.predict_image28(preprocess(source))

    def read(self, source, name: str | None = None) -> Reading:
        """A whole number in a file path, image bytes, PIL image, array or Drawing -> Reading:
        its text ("20?6": "?" where a digit is unsure or no digit), confidence, and per digit
        the Prediction and the box where it was found. One digit is a one-digit reading.

        Raises EmptyImageError for blank input, ImageError for unreadable input.
        """
        try:
            layout, to_input = layout_of(source, name)
            return read_layout(layout, self.predict_images28, to_input, *self.reading_aids())
        except TooManyMarks as exc:  # (raised where the pieces are counted, which knows no file name)
            where = name or default_name(source)
            raise TooBusyError(f"{where}: {exc}" if where else str(exc)) from None

    def reading_aids(self) -> tuple[ReadingAid, ReadingAid | None]:
        """The wholeness network and the sequence model this recognizer reads numbers with
        (`wholeness_path`, `sequence_path`), each opened on first use and kept."""
        wholeness = self._reading_aids(self.wholeness_path or shipped_wholeness_path())
        if self.sequence_path is False:
            return wholeness, None
        chosen = self.sequence_path
        return wholeness, self._reading_aids(chosen if isinstance(chosen, Path) else shipped_sequence_path())

    def iter_readings(self, sources: Iterable) -> Iterator[tuple[object, Reading | DigitPadError]]:
        """(source, Reading or DigitPadError) for each input, in order: one failing input,
        whatever the reason, never costs the others their reading (as `iter_predictions`)."""
        for source in sources:
            try:
                yield source, self.read(source)
            except DigitPadError as exc:
                yield source, exc
            except Exception as exc:
                yield source, DigitPadError(log_unexpected(f"{str(source)[:200]}: unexpected error", exc))

    def predict_drawing(self, drawing) -> Prediction:
        """Read a `digitpad.imaging.drawing.Drawing` (strokes on the pad or an opened image)."""
        return self.predict_image28(drawing.model_input())

    def predict_image28(self, image28: np.ndarray) -> Prediction:
        """Predict an image that is already preprocessed (e.g. from `preprocess_strokes`)."""
        outputs, influence = self._read(image28[None])
        return self._prediction(image28, outputs[0], influence[0])

    def predict_images28(self, images28: np.ndarray) -> list[Prediction]:
        """Predict many preprocessed images (N, 28, 28) in model calls of 512."""
        images28 = np.asarray(images28, np.float32).reshape(-1, 28, 28)
        predictions = []
        for start in range(0, len(images28), 512):
            chunk = images28[start : start + 512]
            outputs, influence = self._read(chunk)
            predictions += [self._prediction(image, out, w) for image, out, w in zip(chunk, outputs, influence)]
        return predictions

    def predict_batch(self, sources: Iterable) -> list[Prediction | DigitPadError]:
        """Many inputs; a failing input yields its error in its place (see `iter_predictions`)."""
        return [result for _, result in self.iter_predictions(sources)]

    def iter_predictions(
        self, sources: Iterable, chunk: int = BATCH_CHUNK
    ) -> Iterator[tuple[object, Prediction | DigitPadError]]:
        """(source, Prediction or DigitPadError) for each input, in order, as they are read.

        Inputs are read `chunk` at a time in one model call each, so a folder of thousands
        of files starts answering at once and holds only one chunk of images in memory.
        Each input's outcome is its own: a file that fails, whatever the reason, never costs
        the others theirs.
        """
        pending: list[tuple[object, np.ndarray | DigitPadError]] = []
        for source in sources:
            pending.append((source, _preprocess_or_error(source)))
            if len(pending) >= chunk:
                yield from self._answer(pending)
                pending = []
        yield from self._answer(pending)

    def _answer(self, pending):
        images = [item for _, item in pending if not isinstance(item, DigitPadError)]
        try:
            predictions = iter(self.predict_images28(np.stack(images)) if images else [])
        except ModelError:
            if len(images) < 2:
                raise
            # One image the model cannot answer (NaN, say) must not cost the others theirs.
            predictions = iter([self._one_or_error(image) for image in images])
        for source, item in pending:
            yield source, item if isinstance(item, DigitPadError) else next(predictions)

    def _one_or_error(self, image28: np.ndarray):
        try:
            return self.predict_images28(image28[None])[0]
        except ModelError as exc:
            return exc


def _preprocess_or_error(source) -> np.ndarray | DigitPadError:
    try:
        return preprocess(source)
    except DigitPadError as exc:
        return exc
    except Exception as exc:
        return DigitPadError(log_unexpected(f"{str(source)[:200]}: unexpected error", exc))


def load_recognizer(path: str | os.PathLike | None = None, personal=False) -> Recognizer:
    """The bundled model, or the DigitPad model at `path` (.onnx, .keras, .json or stem).

    `personal`: False reads with the model alone; True with the user's personal samples
    (their store in the user data folder); a path or `SampleStore` with that store's samples.
    A model that cannot use samples (no embedding output) is returned without them.
    """
    recognizer = Recognizer(path if path is not None else bundled_model_path())
    if personal is not False and personal is not None:
        store = personal if isinstance(personal, SampleStore) else SampleStore(None if personal is True else personal)
        recognizer.attach_store(store)
    return recognizer
