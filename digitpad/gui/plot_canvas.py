"""A matplotlib figure inside a Qt widget; the drawing itself comes from digitpad.plots."""

from __future__ import annotations

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from PySide6.QtCore import QEvent
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
        self._last = None  # (plot, args, kwargs) of what is shown, to draw it again in another theme
        self._theme_stale = False

    def redraw(self, plot, *args, **kwargs):
        """Call `plot(figure, *args)` (a digitpad.plots function) and show the result."""
        self._last, self._theme_stale = (plot, args, kwargs), False
        result = plot(self.figure, *args, **kwargs)
        style_figure(self.figure, palette_is_dark())
        self.draw_idle()
        return result

    def changeEvent(self, event):
        # A chart drawn before a switch to dark (or back) is drawn again in the new theme: now if it
        # is on screen, else when it is next shown (hidden tabs cost nothing until looked at).
        if event.type() == QEvent.Type.PaletteChange and getattr(self, "_last", None) is not None:
            self._theme_stale = True
            if self.isVisible():
                self._redraw_last()
        super().changeEvent(event)

    def showEvent(self, event):
        if getattr(self, "_theme_stale", False):  # (Qt may show it during __init__)
            self._redraw_last()
        super().showEvent(event)

    def _redraw_last(self) -> None:
        plot, args, kwargs = self._last
        self.figure.clear()
        self.redraw(plot, *args, **kwargs)
