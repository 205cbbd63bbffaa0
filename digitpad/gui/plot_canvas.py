"""A matplotlib figure inside a Qt widget; the drawing itself comes from digitpad.plots."""

from __future__ import annotations

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from PySide6.QtWidgets import QSizePolicy

from digitpad.plots import new_figure, style_figure

from .appearance import palette_is_dark


class PlotCanvas(FigureCanvasQTAgg):
    def __init__(self, width: float = 6.0, height: float = 3.5, parent=None):
        self.figure = new_figure(width, height)
        super().__init__(self.figure)
        self.setParent(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 140)  # two stacked still fit a 2x-scaled 1600x1000 screen

    def redraw(self, plot, *args, **kwargs):
        """Call `plot(figure, *args)` (a digitpad.plots function) and show the result."""
        result = plot(self.figure, *args, **kwargs)
        style_figure(self.figure, palette_is_dark())
        self.draw_idle()
        return result
