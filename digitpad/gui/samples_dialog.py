"""Train > My Handwriting: the digits the user taught, by label; delete, relabel, export, import, clear.

Every change is one store transaction and can be undone here (Ctrl+Z) until the dialog closes;
clearing everything asks first, with "Cancel" as the default answer.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence, QPixmap, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from digitpad.base.errors import DigitPadError
from digitpad.personal.sample_store import LABELS

from .images import array_to_qimage
from .screen_fit import fit_to_screen
from .session import Session

THUMBNAIL = 56


def _thumbnail(image28) -> QIcon:
    """The 28x28 the model saw, doubled with square pixels (as the window's preview shows it),
    and quadrupled for a screen at a scale factor of 2 (where the doubled one was smoothed)."""
    pixmap = QPixmap.fromImage(array_to_qimage((image28 * 255).clip(0, 255).astype("uint8")))
    icon = QIcon()
    for side in (THUMBNAIL, 2 * THUMBNAIL):
        icon.addPixmap(
            pixmap.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation)
        )
    return icon


class _StoreChange(QUndoCommand):
    """A change to the store with its inverse; both run against the store, then the dialog refreshes."""

    def __init__(self, dialog: "SamplesDialog", text: str, do, undo):
        super().__init__(text)
        self._dialog, self._do, self._undo = dialog, do, undo

    def redo(self):
        self._dialog.run(self._do)

    def undo(self):
        self._dialog.run(self._undo)


class SamplesDialog(QDialog):
    changed = Signal()  # the samples changed: the window reads with them again

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        assert session.store is not None  # (the window opens this dialog only when there is a store)
        self.store = session.store
        self.setWindowTitle("My Handwriting")
        self.undo_stack = QUndoStack(self)

        self.filter = QComboBox()
        self.filter.currentIndexChanged.connect(self.refresh)
        self.summary = QLabel()
        self.grid = QListWidget()
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setSpacing(4)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grid.setAccessibleName("Your samples")
        self.grid.itemSelectionChanged.connect(self._update_buttons)
        self.grid.setMinimumSize(420, 300)

        self.delete_button = QPushButton("&Delete")
        self.delete_button.setToolTip("Delete the selected samples (Del); Ctrl+Z brings them back")
        self.delete_button.clicked.connect(self.delete_selected)
        # A push button with a menu leaves room for its arrow (a tool button's ran over its text).
        self.relabel_button = QPushButton("&Relabel as")
        relabel_menu = QMenu(self.relabel_button)
        for label in LABELS:
            relabel_menu.addAction(label, self._relabel_as(label))
        self.relabel_button.setMenu(relabel_menu)
        self.export_button = QPushButton("&Export…")
        self.export_button.clicked.connect(self.choose_export)
        self.import_button = QPushButton("&Import…")
        self.import_button.clicked.connect(self.choose_import)
        self.clear_button = QPushButton("C&lear All…")
        self.clear_button.clicked.connect(self.confirm_clear)
        for button in (
            self.delete_button,
            self.relabel_button,
            self.export_button,
            self.import_button,
            self.clear_button,
        ):
            button.setAutoDefault(False)  # Enter never deletes, relabels or clears
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        for text, keys, slot in (
            ("Delete", QKeySequence.StandardKey.Delete, self.delete_selected),
            ("Select All", QKeySequence.StandardKey.SelectAll, self.grid.selectAll),
        ):
            action = QAction(text, self)
            action.setShortcuts(keys)
            action.triggered.connect(slot)
            self.addAction(action)
        undo = self.undo_stack.createUndoAction(self)
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self)
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), *QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)])
        self.addActions([undo, redo])
        self.undo_button = QPushButton("&Undo")
        self.undo_button.setAutoDefault(False)
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.undoTextChanged.connect(lambda text: self.undo_button.setToolTip(f"Undo {text} (Ctrl+Z)"))
        self.undo_button.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(QLabel("Show:"))
        top.addWidget(self.filter)
        top.addStretch(1)
        top.addWidget(self.summary)
        actions = QHBoxLayout()
        for widget in (self.delete_button, self.relabel_button, self.undo_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        for widget in (self.import_button, self.export_button, self.clear_button):
            actions.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.grid, 1)
        layout.addLayout(actions)
        layout.addWidget(close)
        fit_to_screen(self, 620, 480)

    # ------------------------------------------------------------ showing

    def refresh(self) -> None:
        try:
            counts = self.store.counts_by_label()
            chosen = self.filter.currentData()
            samples = self.store.samples(label=chosen)
        except DigitPadError as exc:
            self.summary.setText(str(exc))
            return
        total = sum(counts.values())
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(f"All digits ({total})", None)
        for label in LABELS:
            self.filter.addItem(f"{label} ({counts[label]})", label)
        self.filter.setCurrentIndex(max(0, self.filter.findData(chosen)))
        self.filter.blockSignals(False)
        self.summary.setText(
            f"{total} sample{'s' if total != 1 else ''} taught"
            if total
            else "No samples yet: correct an answer with \u201cThat was\u201d under the chart"
        )
        self.grid.clear()
        for sample in sorted(samples, key=lambda s: (s.label, s.id)):
            item = QListWidgetItem(_thumbnail(sample.image28), sample.label)
            item.setData(Qt.ItemDataRole.UserRole, sample.id)
            before = f"; read as {sample.predicted} before" if sample.predicted else ""
            item.setToolTip(f"{sample.label}: {sample.origin}, {sample.created.replace('T', ' ')[:16]}{before}")
            self.grid.addItem(item)
        self.export_button.setEnabled(bool(total))
        self.clear_button.setEnabled(bool(total))
        self._update_buttons()

    def _update_buttons(self) -> None:
        selected = bool(self.grid.selectedItems())
        self.delete_button.setEnabled(selected)
        self.relabel_button.setEnabled(selected)

    def selected_ids(self) -> list[int]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self.grid.selectedItems()]

    # ------------------------------------------------------------ changing

    def run(self, change) -> None:
        try:
            change()
        except DigitPadError as exc:
            QMessageBox.warning(self, "My Handwriting", str(exc))
        self.refresh()
        self.changed.emit()

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        removed: list = []
        self.undo_stack.push(
            _StoreChange(
                self,
                f"delete {len(ids)}",
                lambda: removed.__setitem__(slice(None), self.store.remove(ids)),
                lambda: self.store.restore(removed),
            )
        )

    def _relabel_as(self, label: str) -> Callable[[], None]:
        return lambda: self.relabel_selected(label)

    def relabel_selected(self, label: str) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        before = {i: self.store.get(i).label for i in ids}

        def give_back_labels() -> None:
            for i, old in before.items():
                self.store.relabel([i], old)

        self.undo_stack.push(
            _StoreChange(
                self, f"relabel {len(ids)} as {label}", lambda: self.store.relabel(ids, label), give_back_labels
            )
        )

    def confirm_clear(self) -> None:
        count = self.store.count()
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Clear all samples",
            (f"Delete all {count} samples you taught?" if count != 1 else "Delete the sample you taught?")
            + " DigitPad then reads with the model alone.",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        delete = box.addButton("Delete All", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)  # Enter keeps the samples
        box.exec()
        if box.clickedButton() is delete:
            self.clear_all()

    def clear_all(self) -> None:
        removed: list = []
        self.undo_stack.push(
            _StoreChange(
                self,
                "clear all",
                lambda: removed.__setitem__(slice(None), self.store.remove([s.id for s in self.store.samples()])),
                lambda: self.store.restore(removed),
            )
        )

    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export samples", str(self.session.last_folder() / "my-handwriting.zip"), "Zip archive (*.zip)"
        )
        if path:
            self.export_to(path if path.lower().endswith(".zip") else path + ".zip")

    def export_to(self, path: str) -> bool:
        from digitpad.personal.sample_archive import export_samples

        try:
            report = export_samples(self.store, path)
        except (DigitPadError, OSError) as exc:
            QMessageBox.warning(self, "Cannot export the samples", str(exc))
            return False
        summary = report.summary(path)
        self.summary.setText(summary[:1].upper() + summary[1:])
        self.session.remember_folder(path)
        return True

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import samples", str(self.session.last_folder()), "Zip archive (*.zip);;All files (*)"
        )
        if path:
            self.session.remember_folder(path)
            self.import_from(path)

    def import_from(self, path: str):
        from digitpad.personal.sample_archive import import_samples

        try:
            report = import_samples(self.store, path)
        except DigitPadError as exc:
            QMessageBox.warning(self, "Cannot import the samples", str(exc))
            return None
        self.undo_stack.clear()  # an import is not undone sample by sample; Delete removes what is unwanted
        self.refresh()
        self.changed.emit()
        QMessageBox.information(self, "Samples imported", report.summary())
        return report
