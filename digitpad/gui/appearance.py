"""Light, dark or the system's colour scheme."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

SCHEMES = {"system": Qt.ColorScheme.Unknown, "light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}
_system_palette: QPalette | None = None
_system_style: str | None = None
_forced: str | None = None  # "light" or "dark" when chosen in DigitPad rather than following the system


def forced_scheme() -> str | None:
    return _forced


def palette_is_dark() -> bool:
    """Whether the window is dark now (a chosen dark scheme, or a dark system theme)."""
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


_DARK = {
    QPalette.ColorRole.Window: "#2b2d30",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1e1f22",
    QPalette.ColorRole.AlternateBase: "#2b2d30",
    QPalette.ColorRole.Text: "#eeeeee",
    QPalette.ColorRole.Button: "#393b40",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.Highlight: "#3d8ee0",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Mid: "#5c5f66",
    QPalette.ColorRole.PlaceholderText: "#8c8f96",
    QPalette.ColorRole.ToolTipBase: "#393b40",
    QPalette.ColorRole.ToolTipText: "#e6e6e6",
    QPalette.ColorRole.Link: "#6aa9f0",
    QPalette.ColorRole.Light: "#4a4d52",
    QPalette.ColorRole.Dark: "#1a1b1e",
    QPalette.ColorRole.Shadow: "#000000",
}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in _DARK.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7d84"))
    return palette


def apply_color_scheme(name: str) -> None:
    """Follow the system ("system") or force "light"/"dark"; every widget paints from the palette.

    Windows, macOS and desktop Linux switch natively; where the platform ignores the
    request (plain X11, offscreen), the Fusion style with our own palette does it.
    """
    global _system_palette, _system_style, _forced
    app = QApplication.instance()
    assert isinstance(app, QApplication)  # (the window's application: styles and palettes are its)
    if _system_palette is None:
        _system_palette, _system_style = app.palette(), app.style().name()
    hints = QGuiApplication.styleHints()
    wanted = SCHEMES.get(name, Qt.ColorScheme.Unknown)
    _forced = None if wanted == Qt.ColorScheme.Unknown else name
    if wanted == Qt.ColorScheme.Unknown:
        hints.unsetColorScheme()
        app.setStyle(QStyleFactory.create(_system_style or "Fusion"))
        app.setPalette(_system_palette)
        return
    hints.setColorScheme(wanted)
    if hints.colorScheme() != wanted:  # the platform did not switch: do it ourselves
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(dark_palette() if wanted == Qt.ColorScheme.Dark else app.style().standardPalette())
