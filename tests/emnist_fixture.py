"""Small generated data sets in EMNIST's layout: transposed images, labels by mapping file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from tests.idx_files import write_idx

LETTERS = "ABCDEFGHIJKL"  # twelve classes: more than ten, so the chart shows its top five


def render_letter(letter: str, rng: np.random.Generator, size: int = 28) -> np.ndarray:
    """A letter, white on black, jittered in size, place and angle (like a handwritten one, roughly)."""
    font = ImageFont.load_default(size=int(rng.integers(17, 23)))
    image = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(image)
    left, top, right, bottom = draw.textbbox((0, 0), letter, font=font)
    x = (size - (right - left)) / 2 - left + rng.uniform(-2, 2)
    y = (size - (bottom - top)) / 2 - top + rng.uniform(-2, 2)
    draw.text((x, y), letter, fill=255, font=font, stroke_width=1, stroke_fill=255)
    return np.asarray(image.rotate(rng.uniform(-12, 12), resample=Image.Resampling.BILINEAR))


def write_emnist(folder: Path, name: str = "letters", per_class: tuple[int, int] = (80, 20), seed: int = 0) -> Path:
    """Write emnist-NAME-{train,test}-{images,labels} and its mapping; returns folder/emnist-NAME."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    prefix = f"emnist-{name}"
    # EMNIST letters number their classes from 1 and map each to its upper and lower case.
    mapping = "".join(f"{i + 1} {ord(c)} {ord(c.lower())}\n" for i, c in enumerate(LETTERS))
    (folder / f"{prefix}-mapping.txt").write_text(mapping)
    for split, count in zip(("train", "test"), per_class):
        labels = np.repeat(np.arange(1, len(LETTERS) + 1), count).astype(np.uint8)
        images = np.stack([render_letter(LETTERS[label - 1], rng) for label in labels])
        write_idx(folder / f"{prefix}-{split}-images-idx3-ubyte.gz", images.transpose(0, 2, 1))  # stored transposed
        write_idx(folder / f"{prefix}-{split}-labels-idx1-ubyte.gz", labels)
    return folder / prefix
