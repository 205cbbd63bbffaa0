"""A matplotlib figure inside a Qt widget; the drawing itself comes from digitpad.plots."""

from __future__ import annotations

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QSizePolicy

from digitpad.plots import new_figure, style_figure

from .appearance import palette_is_dark

# The charts fit their text to the room they have when drawn (digitpad.plots): a canvas resized
# (a tab shown for the first time, the dialog resized, a scale factor of 2) draws its chart
# again once its size has rested this long.
REFIT_MS = 150


class PlotCanvas(FigureCanvasQTAgg):
    def __init__(self, width: float = 6.0, height: float = 3.5, parent=None):
        self.figure = new_figure(width, height)
        super().__init__(self.figure)
        self.setParent(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 140)  # two stacked still fit a 2x-scaled 1600x1000 screen
        self._last = None  # (plot, args, kwargs) of what is shown, to draw it again in another theme
        self._theme_stale = False
        self._drawn_at = None  # the figure's size (inches) when its chart was drawn
        self._refit = QTimer(self, singleShot=True, interval=REFIT_MS)
        self._refit.timeout.connect(self._refit_to_size)
        style_figure(self.figure, palette_is_dark())  # empty until drawn: not a white panel in a dark window

    def redraw(self, plot, *args, **kwargs):
        """Call `plot(figure, *args)` (a digitpad.plots function) and show the result."""
        self._last, self._theme_stale = (plot, args, kwargs), False
        self._drawn_at = tuple(self.figure.get_size_inches())
        result = plot(self.figure, *args, **kwargs)
        style_figure(self.figure, palette_is_dark())
        self.draw_idle()
        return result

    def changeEvent(self, event):
        # A chart drawn before a switch to dark (or back) is drawn again in the new theme: now if it
        # is on screen, else when it is next shown (hidden tabs cost nothing until looked at). An
        # empty one only takes the new background.
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "_last"):
            if self._last is None:
                style_figure(self.figure, palette_is_dark())
                self.draw_idle()
            else:
                self._theme_stale = True
                if self.isVisible():
                    self._redraw_last()
        super().changeEvent(event)

    def showEvent(self, event):
        if getattr(self, "_theme_stale", False):  # (Qt may show it during __init__)
            self._redraw_last()
        super().showEvent(event)

    def resizeEvent(self, event):
        super().resizeEvent(event)  # (the figure takes the new size)
        if getattr(self, "_last", None) is not None:  # (Qt may resize it during __init__)
            self._refit.start()

    def _refit_to_size(self) -> None:
        if self._last is not None and tuple(self.figure.get_size_inches()) != self._drawn_at:
            self._redraw_last()

    def _redraw_last(self) -> None:
        plot, args, kwargs = self._last
        self.figure.clear()
        self.redraw(plot, *args, **kwargs)
