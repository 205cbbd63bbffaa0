"""A chart rendered elsewhere (as PNG bytes, light and dark), shown scaled to the space it is
given, in the window's theme of the moment."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy

from .appearance import palette_is_dark


class ChartView(QLabel):
    def __init__(self, placeholder: str = "", parent=None):
        super().__init__(placeholder, parent)
        self._pixmap = QPixmap()
        self._pngs: dict[str, bytes] = {}
        self.png = b""  # the PNG shown (in the current theme)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(240, 160)

    def show_png(self, data: bytes | dict[str, bytes]) -> None:
        """`data`: one PNG, or {"light": png, "dark": png} (`plots.themed_pngs`)."""
        self._pngs = dict(data) if isinstance(data, dict) else {"light": data, "dark": data}
        self._show_theme()

    def _show_theme(self) -> None:
        data = self._pngs.get("dark" if palette_is_dark() else "light", b"")
        if data and self._pixmap.loadFromData(data, "PNG"):
            self.png = data
            self._rescale()

    def clear_chart(self, placeholder: str = "") -> None:
        self._pixmap, self.png, self._pngs = QPixmap(), b"", {}
        self.setPixmap(QPixmap())
        self.setText(placeholder)

    def has_chart(self) -> bool:
        return not self._pixmap.isNull()

    def changeEvent(self, event):
        if event.type() == QEvent.Type.PaletteChange and self._pngs:
            self._show_theme()  # drawn before a switch to dark (or back): shown in the new theme
        super().changeEvent(event)

    def resizeEvent(self, event):
        self._rescale()
        super().resizeEvent(event)

    def _rescale(self) -> None:
        """The chart scaled once, to the screen's pixels: on a scale factor of 2 it was scaled to
        the window's units and then doubled again by Qt, blurred twice."""
        if not self._pixmap.isNull():
            ratio = self.devicePixelRatioF()
            scaled = self._pixmap.scaled(
                self.size() * ratio, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
            scaled.setDevicePixelRatio(ratio)
            self.setPixmap(scaled)
