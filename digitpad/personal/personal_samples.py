"""The digits the user taught, as one model reads with them: the Recognizer's second job.

A model with an embedding output reads each input also by its likeness to the user's samples
(`digitpad.personal.adaptation`). This keeps what that needs for one model: the samples' vectors
in that model's embedding (embedded once a model and kept in the store,
`digitpad.personal.personal_vectors`), the memory that blends them into its answers, and the
store that new samples go to. The Recognizer holds one and answers with its `memory`.
"""

from __future__ import annotations

import threading
from typing import Callable

import numpy as np

from digitpad.base.errors import ModelError
from digitpad.personal.adaptation import SAMPLE_VARIANTS, PersonalMemory, reference_embeddings, with_variants
from digitpad.personal.personal_vectors import SampleVectors, load_vectors, sample_vectors, wants_variants
from digitpad.personal.sample_store import LABELS, SampleStore, StoreError


class PersonalSamples:
    """The user's samples for the model whose `embed` (images (N, 28, 28) -> vectors) this is.
    `labels`: the model's classes; `model_id`: its ONNX file's hash (None for a foreign model),
    which its vectors are kept under in the store (else its name); `width`: its embedding's
    width (None: it has none, and reads without samples)."""

    def __init__(
        self,
        embed: Callable[[np.ndarray], np.ndarray],
        labels: tuple[str, ...],
        model_id: str | None,
        model_name: str,
        width: int | None,
    ):
        self._embed, self._labels, self._width = embed, labels, width
        self._model_id, self._model_name = model_id, model_name
        self._key = model_id or model_name
        self.store: SampleStore | None = None  # where samples are kept, when reading with a store
        self.memory: PersonalMemory | None = None  # what blends them into the model's answers
        self._images = np.zeros((0, 28, 28), np.float32)  # samples kept here (without a store)
        self._label_indices = np.zeros(0, np.int64)
        self._reference: np.ndarray | None = None  # generic digits' embeddings, computed when first needed
        self._embedding_cache: dict[bytes, np.ndarray] = {}  # a sample's image -> its copies' embeddings
        self.stored: SampleVectors | None = None  # the store's samples as this model sees them

    @property
    def usable(self) -> bool:
        """Older and foreign models (no embedding output) and letter models read without them."""
        return self._width is not None and set(self._labels) <= set(LABELS)

    @property
    def count(self) -> int:
        """How many samples it reads with (their jittered copies not counted)."""
        return len(self._label_indices) if self.memory is not None else 0

    def use(self, images28: np.ndarray, labels) -> None:
        """Read from now on with these samples: images (N, 28, 28) float32, labels "0"-"9" (or 0-9)."""
        if not self.usable:
            raise ModelError(f"{self._model_name}: this model cannot use personal samples (it has no embedding output)")
        images28 = np.asarray(images28, np.float32).reshape(-1, 28, 28)
        indices = np.array([self._labels.index(str(label)) for label in labels], np.int64)
        self._images, self._label_indices = images28, indices
        if not len(indices):
            self.memory = None
            return
        embeddings = np.concatenate([self._sample_embeddings(image) for image in images28])
        current = {image.tobytes() for image in images28}
        self._embedding_cache = {k: v for k, v in self._embedding_cache.items() if k in current}
        expanded = np.repeat(indices, SAMPLE_VARIANTS + 1)
        self.memory = PersonalMemory(embeddings, expanded, self.reference_embeddings(), len(self._labels))

    def attach(self, store: SampleStore) -> None:
        """Read with the samples in `store`, and keep what `add` adds there."""
        self.store = store
        self.reload()

    def prepare(self, store: SampleStore, stop: threading.Event | None = None) -> None:
        """Embed the samples of `store` this model has not seen, and keep their vectors there
        (a second a thousand, once a model); what it reads with is unchanged until `attach` or
        `reload`. For another thread, with a store connection of its own."""
        if self.usable:
            # The generic digits too, even before the first sample: embedding them (once a model,
            # then cached) made the first teach of a session take 1.5 s on the GUI thread.
            self.reference_embeddings()
            load_vectors(store, self._key, self._embed, self._labels, self._embedding_width, stop)

    def reload(self) -> None:
        """Read the attached store again (after samples were removed, relabelled or imported).
        Each sample's vectors are kept in the store: only samples this model never saw are embedded."""
        if self.store is None or not self.usable:
            return
        self._use_vectors(load_vectors(self.store, self._key, self._embed, self._labels, self._embedding_width))

    def add(self, image28: np.ndarray, label: str, predicted: Callable[[], str], details: dict) -> int | None:
        """One more sample of digit `label`, read with at once; kept in the store when there is
        one (with what the model had read it as, `predicted()`, and `details`, as
        `SampleStore.add` takes them). Returns its id in the store (None without one)."""
        if self.store is None:
            self.use(
                np.concatenate([self._images, image28[None]]), [*(self._labels[i] for i in self._label_indices), label]
            )
            return None
        sample_id = self.store.add(label, image28, predicted=predicted(), model_id=self._model_id, **details)
        self._taught_to_store(sample_id, image28, label)
        return sample_id

    def reference_embeddings(self) -> np.ndarray:
        """The generic digits in this model's embedding (`adaptation.reference_embeddings`)."""
        if self._reference is None:
            self._reference = reference_embeddings(self._embed, self._key, self._embedding_width)
        return self._reference

    @property
    def _embedding_width(self) -> int:
        """The embedding's width, for the samples (which need one: `usable`)."""
        if self._width is None:
            raise ModelError(f"{self._model_name}: this model has no embedding output (it predates personal samples)")
        return self._width

    def _sample_embeddings(self, image28: np.ndarray) -> np.ndarray:
        """A sample's and its jittered copies' embeddings, kept: teaching one more sample embeds only that one."""
        key = image28.tobytes()
        if key not in self._embedding_cache:
            self._embedding_cache[key] = self._embed(with_variants(image28))
        return self._embedding_cache[key]

    def _use_vectors(self, stored: SampleVectors) -> None:
        self.stored = stored
        self._images = np.zeros((0, 28, 28), np.float32)  # kept in the store, not here
        self._label_indices = stored.labels
        self.memory = (
            PersonalMemory(stored.vectors, stored.vector_labels, self.reference_embeddings(), len(self._labels))
            if len(stored.ids)
            else None
        )

    def _taught_to_store(self, sample_id: int, image28: np.ndarray, label: str) -> None:
        """Read with one more stored sample: only it is embedded (its vectors kept with it)."""
        stored, store = self.stored, self.store
        if stored is None or store is None or wants_variants(len(stored.ids) + 1) != stored.with_variants:
            self.reload()  # (the first time, or the samples outgrew their copies)
            return
        vectors = sample_vectors(image28, self._embed, stored.with_variants)
        try:
            store.save_embeddings(
                self._key, [(sample_id, vectors[0].tobytes(), vectors[1:].tobytes() if stored.with_variants else None)]
            )
        except StoreError:
            pass  # the sample is stored; its vectors are computed again next time
        self._use_vectors(stored.relabelled_or_added(sample_id, self._labels.index(label), vectors))
