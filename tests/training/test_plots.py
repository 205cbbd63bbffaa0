"""Charts tell the truth at a glance: whole epochs on the axis, bars from zero with their
figure, legends off the bars, the clicked cell outlined, curves from the first batches on."""

import io

import numpy as np
from PIL import Image

from digitpad.jobs.training_jobs import _with_live_point
from digitpad.plots import (
    new_figure,
    plot_confusion,
    plot_curves,
    plot_gallery,
    plot_per_class,
    style_figure,
    themed_pngs,
)
from digitpad.training.runs import Progress


def test_a_one_epoch_run_has_the_tick_1_only():
    figure = new_figure()
    plot_curves(figure, {"run": {"accuracy": [0.9], "loss": [0.3]}}, epochs=1)
    assert [list(ax.get_xticks()) for ax in figure.axes] == [[1], [1]]


def test_per_class_bars_start_at_zero_with_their_figures_and_the_legend_below():
    figure = new_figure()
    plot_per_class(figure, {"new": [0.99, 0.825], "current": [0.98, 0.9]}, ["0", "1"])
    ax = figure.axes[0]
    assert ax.get_ylim()[0] == 0
    assert {t.get_text() for t in ax.texts} >= {"99.0", "82.5"}
    assert ax.get_legend()._loc == 9 and ax.get_legend().get_bbox_to_anchor().y0 < ax.bbox.y0  # upper center, below


def test_the_selected_confusion_cell_is_outlined_and_counts_are_legible():
    figure = new_figure()
    ax = plot_confusion(figure, np.array([[50, 2], [3, 45]]), ["0", "1"], selected=(1, 0))
    assert len(ax.patches) == 1 and ax.patches[0].get_xy() == (-0.5, 0.5)
    assert min(t.get_fontsize() for t in ax.texts) >= 8


def _drawn(figure):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return canvas.get_renderer()


def test_counts_stay_within_their_cells_in_a_small_matrix():
    # A report at a scale factor of 2 opens smaller: "1026" in bold ran over the next cell.
    confusion = np.diag([980, 1135, 1026, 1009, 982, 889, 957, 1023, 973, 1005]).astype(int)
    confusion[2, 7] = 5
    for size in ((2.6, 2.4), (5, 4.5)):
        figure = new_figure(*size)
        ax = plot_confusion(figure, confusion, list("0123456789"))
        renderer = _drawn(figure)
        cell = ax.transData.transform((1, 0))[0] - ax.transData.transform((0, 0))[0]
        assert max(t.get_window_extent(renderer).width for t in ax.texts) <= cell


def test_gallery_captions_never_run_into_each_other():
    captions = ["true 5 / read 6\n(100%)"] * 30
    for size in ((4, 2.5), (9, 5)):
        figure = new_figure(*size)
        plot_gallery(figure, np.zeros((30, 28, 28)), captions)
        renderer = _drawn(figure)
        ax = figure.axes[0]
        column = ax.transData.transform((32, 0))[0] - ax.transData.transform((0, 0))[0]
        assert max(t.get_window_extent(renderer).width for t in ax.texts) <= column


def test_during_the_first_epoch_the_curves_show_the_batches_reached():
    live = _with_live_point({}, Progress(1, 3, 40, 100, {"accuracy": 0.7, "loss": 0.9}, 1.0))
    assert live["accuracy"] == [0.7] and live["positions"] == [0.4]
    figure = new_figure()
    plot_curves(figure, {"run": live}, epochs=3)
    assert figure.axes[0].lines[0].get_xdata()[0] == 0.4


def test_dark_charts_recolour_background_and_text():
    figure = new_figure()
    plot_curves(figure, {"run": {"accuracy": [0.9, 0.95], "loss": [0.3, 0.2]}})
    style_figure(figure, dark=True)
    assert figure.get_facecolor()[0] < 0.3 and figure.axes[0].title.get_color() == "#e6e6e6"


def test_value_labels_turn_light_in_dark_charts_but_counts_on_matrix_cells_keep_their_contrast():
    figure = new_figure()
    plot_per_class(figure, {"new": [0.99, 0.825]}, ["0", "1"])
    style_figure(figure, dark=True)
    assert all(text.get_color() == "#e6e6e6" for text in figure.axes[0].texts)
    figure = new_figure()
    ax = plot_confusion(figure, np.array([[50, 2], [3, 45]]), ["0", "1"])
    before = [text.get_color() for text in ax.texts]
    style_figure(figure, dark=True)
    assert [text.get_color() for text in ax.texts] == before  # black on the light cells, white on the dark


def test_a_chart_is_rendered_light_and_dark_so_it_follows_a_theme_switch():
    figure = new_figure(3, 2)
    plot_curves(figure, {"run": {"accuracy": [0.9, 0.95], "loss": [0.3, 0.2]}})
    pngs = themed_pngs(figure, dpi=40)
    corner = {theme: Image.open(io.BytesIO(png)).convert("L").getpixel((1, 1)) for theme, png in pngs.items()}
    assert corner["light"] > 200 and corner["dark"] < 80


def test_a_model_without_history_says_so_instead_of_empty_axes():
    figure = new_figure()
    plot_curves(figure, {})
    assert not figure.axes and "No training history" in figure.texts[0].get_text()
    plot_curves(figure, {"run": {}}, epochs=3)  # a run that has not reported yet: its frames, to grow into
    assert len(figure.axes) == 2


def test_a_gallery_of_digits_is_light_ink_on_dark_in_a_dark_chart():
    from digitpad.plots import plot_gallery

    figure = new_figure()
    digits = np.zeros((2, 28, 28), np.float32)
    digits[:, 10:18, 12:16] = 1.0
    plot_gallery(figure, digits, ["true 1", "true 7"])
    style_figure(figure, dark=True)
    ax = figure.axes[0]
    paper, ink = ax.images[0].cmap(1.0), ax.images[0].cmap(0.0)
    assert sum(paper[:3]) < 0.6 and sum(ink[:3]) > 2.4  # a white sheet no more
    assert all(text.get_color() == "#e6e6e6" for text in ax.texts)
