"""Icons: the desktop theme's where it has one (native look), else DigitPad's own SVGs drawn
in the palette's text colour, so that they follow light and dark (and look disabled when
they are: the palette's disabled text colour, fainter than the normal one in both schemes)."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from digitpad.base.paths import resources_dir

_THEME_NAMES = {
    "open": "document-open",
    "save": "document-save",
    "undo": "edit-undo",
    "redo": "edit-redo",
    "clear": "edit-clear",
}
_INK = "#6b7280"  # the stroke colour our line icons are drawn with, replaced by the palette's
_SIZES = (16, 20, 24, 32, 48)


def app_icon() -> QIcon:
    """DigitPad's own icon, in its colours, scalable."""
    return QIcon(str(resources_dir() / "icons" / "digitpad.svg"))


def icon(name: str) -> QIcon:
    """The theme's icon, or ours in the current palette's colours (call again after the palette changes)."""
    theme_name = _THEME_NAMES.get(name)
    if theme_name and QIcon.hasThemeIcon(theme_name) and not _scheme_forced():
        return QIcon.fromTheme(theme_name)
    palette = QGuiApplication.palette()
    normal = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText).name()
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText).name()
    return _tinted(name, normal, disabled)


def _scheme_forced() -> bool:
    """Light or dark chosen in DigitPad, not the system's: the theme's icons would not match."""
    from .appearance import forced_scheme

    return forced_scheme() is not None


@lru_cache(maxsize=None)
def _tinted(name: str, normal: str, disabled: str) -> QIcon:
    svg = (resources_dir() / "icons" / f"{name}.svg").read_text("utf-8")
    result = QIcon()
    for mode, colour in ((QIcon.Mode.Normal, normal), (QIcon.Mode.Disabled, disabled)):
        renderer = QSvgRenderer(svg.replace(_INK, colour).encode("utf-8"))
        for side in _SIZES:
            pixmap = QPixmap(QSize(side, side))
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            renderer.render(painter, QRectF(0, 0, side, side))
            painter.end()
            result.addPixmap(pixmap, mode)
    return result
