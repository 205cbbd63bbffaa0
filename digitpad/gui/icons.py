"""Icons: the desktop theme's where it has one (native look), else DigitPad's own SVGs (crisp at any DPI)."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QIcon

from digitpad.paths import resources_dir

_THEME_NAMES = {"open": "document-open", "save": "document-save", "undo": "edit-undo", "redo": "edit-redo",
                "clear": "edit-clear"}


@lru_cache(maxsize=None)
def icon(name: str) -> QIcon:
    own = QIcon(str(resources_dir() / "icons" / f"{name}.svg"))
    theme_name = _THEME_NAMES.get(name)
    return QIcon.fromTheme(theme_name, own) if theme_name else own
