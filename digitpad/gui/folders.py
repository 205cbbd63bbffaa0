"""Where file dialogs open: the folder the user last used, for every dialog of the app (not
the process's working directory, which for a desktop app is wherever it was started from)."""

from __future__ import annotations

from pathlib import Path


def _window_of(widget):
    while widget is not None and not hasattr(widget, "last_folder"):
        widget = widget.parent()
    return widget


def in_last_folder(widget, file_name: str = "") -> str:
    """`file_name` in the last folder used (the home folder at first), for a file dialog's start."""
    window = _window_of(widget)
    folder = window.last_folder() if window is not None else Path.home()
    return str(folder / file_name) if file_name else str(folder)


def remember_folder(widget, path: str) -> None:
    window = _window_of(widget)
    if window is not None and path:
        window.remember_folder(Path(path).parent)
