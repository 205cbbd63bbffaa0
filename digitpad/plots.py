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
# Charts a window shows are rendered light and dark (themed_pngs, in a training child process
# too), so that they follow a theme switch after they were drawn; files written for the user
# (save_png) stay light, like any document.
_DARK = {"figure": "#2b2d30", "axes": "#1e1f22", "text": "#e6e6e6", "lines": "#5c5f66"}
# Text is fitted to its room: a character is about this wide (x its font size, DejaVu Sans
# digits and letters, bold included); a confusion matrix takes about MATRIX_SHARE of the
# figure's shorter side, a gallery's mosaic GALLERY_SHARE of the room it is given.
CHARACTER_WIDTH, MATRIX_SHARE, GALLERY_SHARE = 0.62, 0.75, 0.9


def _is_black(colour) -> bool:
    from matplotlib.colors import to_rgb

    return max(to_rgb(colour)) < 0.2


def _dark_paper():
    """Grey values 0 (ink) to 1 (paper) as light ink on the dark charts' background."""
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list("dark_paper", [_DARK["text"], _DARK["axes"]])


def style_figure(figure, dark: bool) -> None:
    """Recolour a drawn figure's background, text, ticks, frames and legends for a dark window;
    for a light one, its background back to matplotlib's (a figure cleared and drawn again keeps
    the background it had: a chart drawn dark stayed framed dark in a light window)."""
    if not dark:
        from matplotlib import rcParams

        figure.set_facecolor(rcParams["figure.facecolor"])
        return
    figure.set_facecolor(_DARK["figure"])
    for text in figure.texts:
        text.set_color(_DARK["text"])
    for ax in figure.axes:
        ax.set_facecolor(_DARK["axes"])
        ax.tick_params(colors=_DARK["text"], which="both")
        for spine in ax.spines.values():
            spine.set_color(_DARK["lines"])
        for label in (ax.xaxis.label, ax.yaxis.label, ax.title):
            label.set_color(_DARK["text"])
        # A gallery of digits (dark ink on white paper) turns to light ink on the dark axes, as
        # the window's own "What the model sees" shows them; a matrix's colours stay.
        gallery = [image for image in ax.images if image.get_cmap().name == "gray"]
        for image in gallery:
            image.set_cmap(_dark_paper())
        if gallery or not ax.images:  # value labels and notes; counts on a matrix's cells keep their contrast
            for text in ax.texts:
                if _is_black(text.get_color()):
                    text.set_color(_DARK["text"])
        legend = ax.get_legend()
        if legend is not None:
            legend.get_frame().set_facecolor(_DARK["figure"])
            legend.get_frame().set_edgecolor(_DARK["lines"])
            for text in legend.get_texts():
                text.set_color(_DARK["text"])


def new_figure(width: float = 8.0, height: float = 4.0):
    """A figure not tied to pyplot's global state (safe in threads and in the GUI)."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def save_png(figure, path: str | Path, dpi: int = 120) -> Path:
    """Write the figure as PNG, atomically; works headless and for a figure shown in a dialog."""
    from digitpad.base.atomic import atomic_path

    with atomic_path(path) as tmp:
        figure.savefig(tmp, format="png", dpi=dpi)
    return Path(path)


# Charts for a window are drawn at CHART_DPI; those kept after a run (a new model's per class,
# confusion and history) at KEPT_CHART_DPI, sharp on a screen at a scale factor of 2 (once
# drawn, not every second beside a training as the live curves are).
CHART_DPI, KEPT_CHART_DPI = 110, 220


def themed_pngs(figure, dpi: int = CHART_DPI) -> dict[str, bytes]:
    """The figure as PNG bytes for a window, light and dark ({"light": ..., "dark": ...});
    rendered by Agg: any thread or process, no Qt. Rendering twice costs a child process
    50-100 ms; a chart drawn once in the theme of the moment stayed white after a switch."""
    import io

    pngs = {}
    for theme in ("light", "dark"):  # light first: style_figure darkens text and axes, never lightens them
        style_figure(figure, theme == "dark")
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi)
        pngs[theme] = buffer.getvalue()
    return pngs


def plot_curves(figure, runs: dict[str, dict[str, list[float]]], epochs: int | None = None) -> None:
    """Accuracy and loss per epoch: one colour per run, solid for training, dashed for validation.

    `epochs`, when known, fixes the x axis to the whole run so that live curves grow into it.
    A history may give "positions" (fractional epochs) for its points: a curve drawn during an
    epoch ends where that epoch has got to.
    """
    from matplotlib.ticker import MaxNLocator

    figure.clear()
    if not any(len(history.get(metric, [])) for history in runs.values() for metric, _ in CURVE_KEYS):
        if epochs is None:  # a model with no history (a plain ONNX file): say so, not two empty frames
            figure.text(
                0.5,
                0.5,
                "No training history: this model's file does not record one",
                ha="center",
                va="center",
                alpha=0.8,
            )
            return
    axes = figure.subplots(1, 2)
    colours = _colours(len(runs))
    for (metric, title), ax in zip(CURVE_KEYS, axes):
        for colour, (name, history) in zip(colours, runs.items()):
            train = history.get(metric, [])
            positions = history.get("positions") or np.arange(1, len(train) + 1)
            if len(train):
                ax.plot(
                    positions[: len(train)],
                    train,
                    color=colour,
                    label="training" if len(runs) == 1 else name,
                    marker="o",
                    markersize=3,
                )
            val = history.get(f"val_{metric}", [])
            if len(val):
                ax.plot(
                    np.arange(1, len(val) + 1),
                    val,
                    color=colour,
                    linestyle="--",
                    marker="s",
                    markersize=3,
                    label="validation" if len(runs) == 1 else None,
                )
        ax.set_title(title)
        ax.set_xlabel("epoch")
        longest = max([len(h.get(metric, [])) for h in runs.values()] + [epochs or 1])
        if longest <= 12:  # whole epochs only: a 1-epoch run has the tick 1, not 0.72 ... 1.28
            ax.set_xticks(range(1, longest + 1))
        else:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(0.0 if any(h.get("positions") for h in runs.values()) else 0.7, longest + 0.3)
        ax.grid(alpha=0.3)
        if any(len(h.get(metric, [])) for h in runs.values()):
            ax.legend(fontsize="small")
    if len(runs) > 1:
        axes[0].text(
            0.02,
            0.02,
            "solid: training   dashed: validation",
            transform=axes[0].transAxes,
            fontsize="x-small",
            alpha=0.7,
        )


def _fitting_size(room_points: float, characters: int, largest: float, smallest: float) -> float:
    """A font size (points) at which `characters` side by side fit in `room_points`, within
    [smallest, largest]: text sized for a large window ran into its neighbours in a small one
    (or at a scale factor of 2, where a dialog opens smaller)."""
    return float(np.clip(room_points / (CHARACTER_WIDTH * max(1, characters)), smallest, largest))


def plot_confusion(
    figure,
    confusion: np.ndarray,
    labels: Sequence[str],
    selected: tuple[int, int] | None = None,
):
    """Counts per (true, predicted) pair; the diagonal is left light so that mistakes stand out.
    `selected` (true, predicted) is outlined: the cell whose digits are shown beside it."""
    figure.clear()
    ax = figure.subplots()
    off_diagonal = confusion.astype(float).copy()
    np.fill_diagonal(off_diagonal, 0)
    ax.imshow(off_diagonal, cmap="Reds", vmin=0, vmax=max(1.0, off_diagonal.max()))
    n = len(labels)
    # The matrix is square: its side is about the shorter of the figure's sides, less the labels.
    cell = MATRIX_SHARE * 72 * min(figure.get_size_inches()) / n
    count_size = _fitting_size(cell, len(str(int(confusion.max()))) + 1, 6 if n > 12 else 9, 4)
    for t in range(n):
        for p in range(n):
            count = int(confusion[t, p])
            if count:
                strong = t != p and off_diagonal[t, p] > off_diagonal.max() / 2
                ax.text(
                    p,
                    t,
                    str(count),
                    ha="center",
                    va="center",
                    fontsize=count_size,
                    color="white" if strong else "black",
                    fontweight="bold" if t == p else "normal",
                )
    if selected is not None:
        from matplotlib.patches import Rectangle

        t, p = selected
        ax.add_patch(Rectangle((p - 0.5, t - 0.5), 1, 1, fill=False, edgecolor="#1f77b4", linewidth=2.5))
    ax.set_xticks(range(n), labels)
    ax.set_yticks(range(n), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title("Confusion matrix")  # (the window says where to click beside it)
    return ax


def plot_per_class(figure, per_class: dict[str, Sequence[float]], labels: Sequence[str]) -> None:
    """Accuracy on each class, side by side for several models."""
    figure.clear()
    ax = figure.subplots()
    width = 0.8 / max(1, len(per_class))
    x = np.arange(len(labels))
    for i, (name, values) in enumerate(per_class.items()):
        bars = ax.bar(x + i * width - 0.4 + width / 2, np.asarray(values) * 100, width, label=name)
        if len(labels) <= 26:  # the exact figure on each bar: the axis starts at 0, so differences look their size
            # Side by side, figures written across ran into each other ("99.1100.0"): upright they never do.
            side_by_side = len(per_class) > 1
            ax.bar_label(
                bars, fmt="%.1f", fontsize=6 if side_by_side else 7, padding=2, rotation=90 if side_by_side else 0
            )
    ax.set_ylim(0, 124 if len(per_class) > 1 else 112)  # room for the figures above a 100 % bar
    ax.set_yticks(range(0, 101, 20))
    ax.set_xticks(x, labels)
    ax.set_ylabel("accuracy %")
    ax.set_title("Accuracy per class")
    ax.grid(axis="y", alpha=0.3)
    if len(per_class) > 1:  # below the chart, never over a bar
        ax.legend(
            fontsize="x-small", loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=len(per_class), frameon=False
        )


def plot_gallery(figure, images: np.ndarray, titles: Sequence[str], columns: int = 10, title: str = "") -> None:
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
        mosaic[r * cell_h + 2 : r * cell_h + 30, c * cell_w + 2 : c * cell_w + 30] = 1.0 - pixels  # dark on light
    ax.imshow(mosaic, cmap="gray", vmin=0, vmax=1, interpolation="nearest")
    # The mosaic keeps its aspect: its width is the figure's, or less where the figure is wide.
    width, height = figure.get_size_inches() * 72
    shown = min(GALLERY_SHARE * width, GALLERY_SHARE * height * mosaic.shape[1] / mosaic.shape[0])
    longest = max((len(line) for caption in titles[:count] for line in caption.split("\n")), default=1)
    size = _fitting_size(shown / columns, longest, 6, 3.5)
    for i, caption in enumerate(titles[:count]):
        r, c = divmod(i, columns)
        ax.text(c * cell_w + 16, r * cell_h + 31, caption, ha="center", va="top", fontsize=size)


def _colours(count: int):
    from matplotlib import colormaps

    cmap = colormaps["tab10"]
    return [cmap(i % 10) for i in range(count)]
