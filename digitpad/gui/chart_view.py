"""A chart rendered elsewhere (as PNG bytes), shown scaled to the space it is given."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy


class ChartView(QLabel):
    def __init__(self, placeholder: str = "", parent=None):
        super().__init__(placeholder, parent)
        self._pixmap = QPixmap()
        self.png = b""
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(240, 160)

    def show_png(self, data: bytes) -> None:
        if self._pixmap.loadFromData(data, "PNG"):
            self.png = data
            self._rescale()

    def clear_chart(self, placeholder: str = "") -> None:
        self._pixmap, self.png = QPixmap(), b""
        self.setPixmap(QPixmap())
        self.setText(placeholder)

    def has_chart(self) -> bool:
        return not self._pixmap.isNull()

    def resizeEvent(self, event):
        self._rescale()
        super().resizeEvent(event)

    def _rescale(self) -> None:
        if not self._pixmap.isNull():
            self.setPixmap(self._pixmap.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                               Qt.TransformationMode.SmoothTransformation))
