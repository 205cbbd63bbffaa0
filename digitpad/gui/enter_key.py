"""What Enter does in a dialog: the page's safe primary action, or nothing.

Qt makes every push button in a dialog "auto-default": the focused one, or failing that
the first one, is pressed by Enter. That is how Enter came to press Discard on a results
page and Close in a page-number field. Dialogs here declare their primary button per
page instead, and no other button ever answers Enter.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QPushButton


def enter_presses(dialog: QDialog, primary: QPushButton | None) -> None:
    """Make `primary` the only button Enter presses in `dialog` (None: Enter presses nothing)."""
    for button in dialog.findChildren(QPushButton):
        button.setAutoDefault(False)
        button.setDefault(button is primary)
