"""Instant adaptation to the user's handwriting: their samples, compared in the model's embedding.

No training: a model's second output is the input of its last layer, a vector in which similar
drawings lie close together. A drawing read by the user is compared with their taught samples
(each also slightly rotated, scaled, sheared and shifted: SAMPLE_VARIANTS per sample) and with
REFERENCE_SIZE generic digits (MNIST training images):

    s_c        cosine similarity of the drawing to its nearest sample of digit c
    r          its similarity to the nearest generic digit
    influence  w = clip((max_c s_c - r - MARGIN) / RAMP, 0, 1); 1 for the very drawing taught
    personal   q = softmax(s_c / TEMPERATURE) over the digits the user has taught
    answer     (1 - w) * model + w * q; "not a digit" shrinks by (1 - w)

Only a drawing that is more like the user's own samples than like any generic digit is read
their way; everyone else's digits are usually closer to a generic one and keep the model's
answer. Why the reference and not a fixed similarity threshold: in this embedding other people's
digits lie as close to the user's samples as the user's own do (measured on the pen writers:
with a threshold, 20 samples of one writer cost 0.3-1.3 points on MNIST for a smaller gain).
MARGIN, RAMP and TEMPERATURE were set on writers the model never saw (benchmarks/personal.py).
"""

from __future__ import annotations

import hashlib

import numpy as np

from digitpad.base.atomic import atomic_path

MARGIN = 0.01  # the user's sample must be this much closer than the nearest generic digit...
RAMP = 0.05  # ...and from MARGIN + RAMP closer on, decides alone
SAME_DRAWING = 0.999  # this similar, it is the very drawing taught: read as taught, whatever the reference
TEMPERATURE = 0.01  # how sharply the nearest taught digit wins among the taught ones
SAMPLE_VARIANTS = 8  # jittered copies of each taught sample: a few samples cover more of the hand
REFERENCE_SIZE = 2000  # generic digits (the last MNIST training images)


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, np.float32)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def jittered(image28: np.ndarray, rng: np.random.Generator, count: int = SAMPLE_VARIANTS) -> np.ndarray:
    """`count` copies of a 28x28 image, each rotated (up to 12 degrees), scaled (+-15 %),
    sheared and shifted (up to 1.5 pixels) a little: the same hand on another day."""
    from PIL import Image

    picture = Image.fromarray(np.asarray(image28, np.float32), mode="F")
    centre = np.array([14.0, 14.0])
    copies = []
    for _ in range(count):
        angle, scale, shear = np.radians(rng.uniform(-12, 12)), rng.uniform(0.85, 1.15), rng.uniform(-0.2, 0.2)
        matrix = np.array([[np.cos(angle), -np.sin(angle) + shear], [np.sin(angle), np.cos(angle)]]) / scale
        offset = centre - matrix @ centre + rng.uniform(-1.5, 1.5, 2)
        coefficients = (*matrix[0], offset[0], *matrix[1], offset[1])
        copies.append(
            np.asarray(picture.transform((28, 28), Image.Transform.AFFINE, coefficients, Image.Resampling.BILINEAR))
        )
    return np.clip(np.array(copies, np.float32), 0.0, 1.0).reshape(count, 28, 28)


def with_variants(image28: np.ndarray) -> np.ndarray:
    """The image followed by its SAMPLE_VARIANTS jittered copies (SAMPLE_VARIANTS + 1, 28, 28).

    Seeded by the image itself: the same sample always gets the same copies, whatever else is taught.
    """
    image28 = np.ascontiguousarray(image28, np.float32)
    seed = int.from_bytes(hashlib.sha256(image28.tobytes()).digest()[:8], "little")
    return np.concatenate([image28[None], jittered(image28, np.random.default_rng(seed))])


def reference_embeddings(embed, model_key: str, size: int) -> np.ndarray:
    """The REFERENCE_SIZE generic digits in a model's embedding (`embed`: images -> embeddings).

    Computed once per model and kept in the user's cache folder: reading MNIST and embedding
    it takes about half a second, a cached copy a few milliseconds.
    """
    from digitpad.base.paths import user_cache_dir
    from digitpad.data.mnist import load_mnist  # only when the user has samples: not on the way to the first prediction

    cache = user_cache_dir() / f"reference-{model_key[:16]}-{REFERENCE_SIZE}.npy"
    try:
        reference = np.load(cache, allow_pickle=False)
        if reference.shape == (REFERENCE_SIZE, size):
            return reference
    except (OSError, ValueError):
        pass  # missing or damaged: made again
    images = load_mnist().x_train[-REFERENCE_SIZE:].astype(np.float32) / 255.0
    reference = np.concatenate([embed(images[i : i + 500]) for i in range(0, len(images), 500)])
    try:
        with atomic_path(cache) as tmp:
            with open(tmp, "wb") as f:
                np.save(f, reference, allow_pickle=False)
    except OSError:
        pass  # a read-only or full disk only costs the cache
    return reference


class PersonalMemory:
    """The user's samples as one model sees them: unit embeddings with class indices, and the
    unit embeddings of generic digits to compare them with."""

    def __init__(self, embeddings: np.ndarray, labels: np.ndarray, reference: np.ndarray, num_classes: int = 10):
        labels = np.asarray(labels, np.int64)
        # Sorted by class, so that each class's nearest sample is one reduction over a run of columns.
        order = np.argsort(labels, kind="stable")
        self.labels = labels[order]
        self.embeddings = unit_rows(np.asarray(embeddings, np.float32).reshape(len(labels), -1)[order])
        self.reference = unit_rows(reference)
        self.num_classes = num_classes
        self.classes, self._starts = np.unique(self.labels, return_index=True)  # the digits taught at least once

    def __len__(self) -> int:
        return len(self.labels)

    def class_similarities(self, embeddings: np.ndarray) -> np.ndarray:
        """(N, C): each drawing's cosine similarity to its nearest sample of each class (-1: none taught)."""
        similarity = unit_rows(embeddings) @ self.embeddings.T
        per_class = np.full((len(similarity), self.num_classes), -1.0, np.float32)
        if len(self.classes):
            per_class[:, self.classes] = np.maximum.reduceat(similarity, self._starts, axis=1)
        return per_class

    def blend(self, outputs: np.ndarray, embeddings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The model's outputs (N, C or C + 1) adjusted by the samples, and each row's influence w (N,)."""
        outputs = np.asarray(outputs, np.float64)
        if not len(self):
            return outputs, np.zeros(len(outputs))
        similarity = self.class_similarities(embeddings)
        generic = (unit_rows(embeddings) @ self.reference.T).max(axis=1)
        best = similarity.max(axis=1)
        influence = np.where(best >= SAME_DRAWING, 1.0, np.clip((best - generic - MARGIN) / RAMP, 0.0, 1.0))
        logits = np.where(similarity > -1.0, similarity / TEMPERATURE, -np.inf)
        personal = np.exp(logits - logits.max(axis=1, keepdims=True))
        personal /= personal.sum(axis=1, keepdims=True)
        blended = outputs * (1.0 - influence)[:, None]
        blended[:, : self.num_classes] += influence[:, None] * personal
        return blended, influence
