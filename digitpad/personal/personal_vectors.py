"""The user's samples as one model sees them, kept in the sample store between runs.

Embedding a sample and its jittered copies (`adaptation.with_variants`) takes about a
millisecond; done again in every process it made startup grow with the store (31 s to the
first answer with 10,000 samples, 560 s with 100,000). Each sample's vectors are stored beside
it, per model (its ONNX sha256), the first time that model reads with it; a removed sample takes
them along. Teaching embeds only the new sample.

Past VARIANT_SAMPLES samples the jittered copies are left out: they help a few samples cover a
hand, thousands cover it themselves, and nine vectors a sample would make every reading compare
against 900,000 vectors at 100,000 samples (one matrix product against the samples is the
lookup; at 100,000 samples it is 13 million multiply-adds, a few milliseconds).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Callable

import numpy as np

from digitpad.personal.adaptation import SAMPLE_VARIANTS, with_variants
from digitpad.personal.sample_store import LABELS, SampleStore, StoreError

VARIANT_SAMPLES = 2000
EMBED_CHUNK = 256  # images per model call while embedding samples not seen before


@dataclass(frozen=True)
class SampleVectors:
    """Samples (ids, class indices) and their vectors; `owners[k]`: the sample of vectors[k]."""

    ids: np.ndarray  # (S,) int64
    labels: np.ndarray  # (S,) int64, indices into the model's labels
    vectors: np.ndarray  # (M, E) float32
    owners: np.ndarray  # (M,) int64, indices into ids
    with_variants: bool

    @property
    def vector_labels(self) -> np.ndarray:
        return self.labels[self.owners]

    def relabelled_or_added(self, sample_id: int, label: int, vectors: np.ndarray) -> "SampleVectors":
        """These vectors with one sample taught: a new one appended, or an old one's label changed."""
        found = np.flatnonzero(self.ids == sample_id)
        if len(found):
            labels = self.labels.copy()
            labels[found[0]] = label
            return SampleVectors(self.ids, labels, self.vectors, self.owners, self.with_variants)
        return SampleVectors(
            np.append(self.ids, sample_id),
            np.append(self.labels, label),
            np.concatenate([self.vectors, vectors]),
            np.append(self.owners, np.full(len(vectors), len(self.ids))),
            self.with_variants,
        )


def wants_variants(sample_count: int) -> bool:
    return sample_count <= VARIANT_SAMPLES


def sample_vectors(image28: np.ndarray, embed: Callable[[np.ndarray], np.ndarray], variants: bool) -> np.ndarray:
    """The vectors of one sample: its embedding, then (with `variants`) its jittered copies'."""
    images = with_variants(image28) if variants else np.asarray(image28, np.float32)[None]
    return np.asarray(embed(images), np.float32)


def load_vectors(
    store: SampleStore,
    model_key: str,
    embed: Callable[[np.ndarray], np.ndarray],
    labels: tuple[str, ...],
    size: int,
    stop: threading.Event | None = None,
) -> SampleVectors:
    """Every usable sample's vectors for the model `model_key` (embedding width `size`): those
    kept in the store, and the missing ones computed with `embed` and kept for next time
    (`stop` set: the rest are left for next time, and left out)."""
    variants = wants_variants(store.count())
    rows = store.embedding_rows(model_key, with_variants=variants)
    vector_bytes, variant_bytes = 4 * size, 4 * size * SAMPLE_VARIANTS
    kept: dict[int, np.ndarray] = {}
    for sample_id, label, vector, copies in rows:
        # (A damaged row is never kept with vectors: it is looked at, and reported, every time.)
        if (
            label in LABELS
            and isinstance(vector, bytes)
            and len(vector) == vector_bytes
            and (not variants or (isinstance(copies, bytes) and len(copies) == variant_bytes))
        ):
            kept[sample_id] = np.frombuffer(vector + (copies if variants else b""), np.float32).reshape(-1, size)
    missing = [row[0] for row in rows if row[0] not in kept]
    kept.update(_embedded(store, model_key, missing, embed, variants, stop))
    usable = [(sample_id, label) for sample_id, label, _, _ in rows if sample_id in kept]
    per_sample = 1 + SAMPLE_VARIANTS if variants else 1
    ids = np.array([sample_id for sample_id, _ in usable], np.int64)
    vectors = np.concatenate([kept[sample_id] for sample_id in ids]) if len(ids) else np.zeros((0, size), np.float32)
    return SampleVectors(
        ids,
        np.array([labels.index(label) for _, label in usable], np.int64),
        vectors,
        np.repeat(np.arange(len(ids)), per_sample),
        variants,
    )


def _embedded(
    store: SampleStore, model_key: str, sample_ids: list[int], embed, variants: bool, stop: threading.Event | None
) -> dict[int, np.ndarray]:
    """The vectors of samples not kept yet, computed and kept (a store that cannot be written
    only costs the keeping: they are computed again next time)."""
    found: dict[int, np.ndarray] = {}
    for start in range(0, len(sample_ids), EMBED_CHUNK):
        if stop is not None and stop.is_set():
            break
        images = store.usable_images(sample_ids[start : start + EMBED_CHUNK])
        new = (
            {sample_id: sample_vectors(image, embed, variants) for sample_id, image in images.items()}
            if variants
            else _one_call(images, embed)
        )
        found.update(new)
        try:
            store.save_embeddings(
                model_key,
                [(sample_id, v[0].tobytes(), v[1:].tobytes() if variants else None) for sample_id, v in new.items()],
            )
        except StoreError:
            pass  # read-only or full: the vectors serve this process all the same
    return found


def _one_call(images: dict[int, np.ndarray], embed) -> dict[int, np.ndarray]:
    """Many samples' own vectors (no copies) in one model call."""
    if not images:
        return {}
    vectors = np.asarray(embed(np.stack(list(images.values()))), np.float32)
    return {sample_id: vectors[k : k + 1] for k, sample_id in enumerate(images)}
