"""Charts for training curves, optimizer comparisons, confusion matrices and digit galleries.

Each function draws on a matplotlib `Figure` it is given, so the same drawing serves
the dialogs (a Qt canvas) and the command line (PNG files, headless, no Qt). Importing
matplotlib costs about half a second: only the report and training paths pay it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

CURVE_KEYS = (("accuracy", "Accuracy"), ("loss", "Loss"))


def new_figure(width: float = 8.0, height: float = 4.0):
    """A figure not tied to pyplot's global state (safe in threads and in the GUI)."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def save_png(figure, path: str | Path, dpi: int = 120) -> Path:
    """Write the figure as PNG, atomically; works headless and for a figure shown in a dialog."""
    from .atomic import atomic_path

    with atomic_path(path) as tmp:
        figure.savefig(tmp, format="png", dpi=dpi)
    return Path(path)


def png_bytes(figure, dpi: int = 110) -> bytes:
    """The figure as PNG bytes (rendered by Agg: any thread or process, no Qt)."""
    import io

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def plot_curves(figure, runs: dict[str, dict[str, list[float]]], epochs: int | None = None) -> None:
    """Accuracy and loss per epoch: one colour per run, solid for training, dashed for validation.

    `epochs`, when known, fixes the x axis to the whole run so that live curves grow into it.
    """
    from matplotlib.ticker import MaxNLocator

    figure.clear()
    axes = figure.subplots(1, 2)
    colours = _colours(len(runs))
    for (metric, title), ax in zip(CURVE_KEYS, axes):
        for colour, (name, history) in zip(colours, runs.items()):
            train = history.get(metric, [])
            if len(train):
                ax.plot(np.arange(1, len(train) + 1), train, color=colour, label="training" if len(runs) == 1 else name,
                        marker="o", markersize=3)
            val = history.get(f"val_{metric}", [])
            if len(val):
                ax.plot(np.arange(1, len(val) + 1), val, color=colour, linestyle="--", marker="s", markersize=3,
                        label="validation" if len(runs) == 1 else None)
        ax.set_title(title)
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        longest = max([len(h.get(metric, [])) for h in runs.values()] + [epochs or 1])
        ax.set_xlim(0.7, longest + 0.3)
        ax.grid(alpha=0.3)
        if any(len(h.get(metric, [])) for h in runs.values()):
            ax.legend(fontsize="small")
    if len(runs) > 1:
        axes[0].text(0.02, 0.02, "solid: training   dashed: validation", transform=axes[0].transAxes,
                     fontsize="x-small", alpha=0.7)


def plot_confusion(figure, confusion: np.ndarray, labels: Sequence[str], clickable: bool = False):
    """Counts per (true, predicted) pair; the diagonal is left light so that mistakes stand out."""
    figure.clear()
    ax = figure.subplots()
    off_diagonal = confusion.astype(float).copy()
    np.fill_diagonal(off_diagonal, 0)
    ax.imshow(off_diagonal, cmap="Reds", vmin=0, vmax=max(1.0, off_diagonal.max()))
    n = len(labels)
    for t in range(n):
        for p in range(n):
            count = int(confusion[t, p])
            if count:
                strong = t != p and off_diagonal[t, p] > off_diagonal.max() / 2
                ax.text(p, t, str(count), ha="center", va="center", fontsize=6 if n > 10 or count > 999 else 7,
                        color="white" if strong else "black", fontweight="bold" if t == p else "normal")
    ax.set_xticks(range(n), labels)
    ax.set_yticks(range(n), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title("Confusion matrix (click a cell to see its digits)" if clickable else "Confusion matrix")
    return ax


def plot_per_class(figure, per_class: dict[str, Sequence[float]], labels: Sequence[str]) -> None:
    """Accuracy on each class, side by side for several models."""
    figure.clear()
    ax = figure.subplots()
    width = 0.8 / max(1, len(per_class))
    x = np.arange(len(labels))
    for i, (name, values) in enumerate(per_class.items()):
        ax.bar(x + i * width - 0.4 + width / 2, np.asarray(values) * 100, width, label=name)
    low = min(min(v) for v in per_class.values()) * 100
    ax.set_ylim(max(0.0, low - 2), 100.5)
    ax.set_xticks(x, labels)
    ax.set_ylabel("accuracy %")
    ax.set_title("Accuracy per class")
    ax.grid(axis="y", alpha=0.3)
    if len(per_class) > 1:
        ax.legend(fontsize="x-small", loc="lower left", framealpha=0.9)


def plot_gallery(figure, images: np.ndarray, titles: Sequence[str], columns: int = 10,
                 title: str = "") -> None:
    """28x28 digits in a grid, each with a caption (e.g. "true 4 / read 9 (87%)").

    Drawn as one mosaic image: one axes for fifty digits keeps redraws quick.
    """
    figure.clear()
    ax = figure.subplots()
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize="small")
    count = len(images)
    if count == 0:
        ax.text(0.5, 0.5, "nothing to show", ha="center", va="center", transform=ax.transAxes)
        return
    columns = min(columns, count)
    rows = int(np.ceil(count / columns))
    cell_w, cell_h = 32, 44  # 28x28 digit, a margin, and room for a two-line caption
    mosaic = np.ones((rows * cell_h, columns * cell_w), np.float32)
    for i, image in enumerate(images):
        r, c = divmod(i, columns)
        pixels = np.asarray(image, np.float32) / (255.0 if np.asarray(image).dtype == np.uint8 else 1.0)
        mosaic[r * cell_h + 2: r * cell_h + 30, c * cell_w + 2: c * cell_w + 30] = 1.0 - pixels  # dark on light
    ax.imshow(mosaic, cmap="gray", vmin=0, vmax=1, interpolation="nearest")
    for i, caption in enumerate(titles[:count]):
        r, c = divmod(i, columns)
        ax.text(c * cell_w + 16, r * cell_h + 31, caption, ha="center", va="top", fontsize=6)


def _colours(count: int):
    from matplotlib import colormaps

    cmap = colormaps["tab10"]
    return [cmap(i % 10) for i in range(count)]
