"""Windows that fit the screen they open on.

Sizes in this package are logical pixels; at a scale factor of 2 on a 1600x1000 screen only
800x500 of them are available, and a report asked to be 980x700 opened with its Close button
off-screen. Every window asks for its comfortable size through `fit_to_screen`, which gives
it at most what the screen has room for (a window manager's frame and panels left out).
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME_ALLOWANCE = (16, 48)  # logical pixels around a window for its frame and title bar


def available_size(widget: QWidget) -> tuple[int, int]:
    """The room on the widget's screen (or the primary one), frame allowance taken off."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:  # no screen at all (some headless platforms): no limit
        return 1 << 15, 1 << 15
    area = screen.availableGeometry()
    return area.width() - FRAME_ALLOWANCE[0], area.height() - FRAME_ALLOWANCE[1]


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize `widget` to `width` x `height`, or less where its screen is smaller; never below
    what its layout needs (Qt would refuse anyway), and on screen."""
    room_w, room_h = available_size(widget)
    needed = widget.minimumSizeHint()
    widget.resize(
        max(min(width, room_w), min(needed.width(), room_w)), max(min(height, room_h), min(needed.height(), room_h))
    )


def keep_on_screen(widget: QWidget) -> None:
    """After a saved geometry is restored on a smaller or more scaled screen: shrink to fit."""
    room_w, room_h = available_size(widget)
    if widget.width() > room_w or widget.height() > room_h:
        fit_to_screen(widget, widget.width(), widget.height())
        screen = widget.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            widget.move(
                max(area.left(), min(widget.x(), area.right() - widget.width())),
                max(area.top(), min(widget.y(), area.bottom() - widget.height())),
            )
