"""Model > Manage Saved Models: the user's library, with each model's details, to use,
rename or delete (after a question whose default keeps the model)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from digitpad.base.errors import DigitPadError
from digitpad.library import delete_model, model_details, read_library, rename_model

from .enter_key import enter_presses
from .job_widgets import ask_model_name
from .screen_fit import fit_to_screen
from .session import Session


class ModelsDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session  # the model in use, switched to the one chosen here
        self.setWindowTitle("Saved Models")
        self.list = QListWidget()
        self.list.currentItemChanged.connect(self._show_details)
        self.list.itemDoubleClicked.connect(lambda item: self.use_selected())
        self.details = QFormLayout()
        details = QWidget()
        details.setLayout(self.details)
        self.empty = QLabel("No saved models yet. Train one (Train > Retrain) and choose Save to Library.")
        self.empty.setWordWrap(True)
        self.notice = QLabel()  # why an action was not taken
        self.notice.setWordWrap(True)
        self.use_button = QPushButton("&Use")
        self.rename_button = QPushButton("&Rename…")
        self.delete_button = QPushButton("&Delete…")
        self.use_button.clicked.connect(self.use_selected)
        self.rename_button.clicked.connect(self.rename_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        buttons = QHBoxLayout()
        for button in (self.delete_button, self.rename_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.use_button)
        body = QHBoxLayout()
        body.addWidget(self.list, 1)
        body.addWidget(details, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addLayout(body, 1)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        enter_presses(self, self.use_button)  # Enter uses the model; it never deletes one
        fit_to_screen(self, 720, 380)
        self.refresh()

    def refresh(self, select: Path | None = None) -> None:
        models, _ = read_library()
        self.list.clear()
        for model in models:
            accuracy = f"   {model.test_accuracy:.2%}" if model.test_accuracy is not None else ""
            item = QListWidgetItem(f"{model.name}{accuracy}")
            item.setData(Qt.ItemDataRole.UserRole, str(model.path))
            self.list.addItem(item)
            if select is not None and model.path == select:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self.empty.setVisible(not models)
        for button in (self.use_button, self.rename_button, self.delete_button):
            button.setEnabled(bool(models))
        self._show_details()

    def selected(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _show_details(self, *_) -> None:
        self.notice.setText("")
        while self.details.rowCount():
            self.details.removeRow(0)
        path = self.selected()
        if path is None:
            return
        try:
            rows = model_details(path)
        except DigitPadError as exc:
            rows = [("Problem", str(exc))]
        for field, value in rows:
            label = QLabel(value)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.details.addRow(f"{field}:", label)

    def _in_use(self, path: Path) -> bool:
        recognizer = self.session.recognizer
        return recognizer is not None and Path(recognizer.path) == path

    def use_selected(self) -> None:
        path = self.selected()
        if path is not None:
            self.session.use_model(path)

    def rename_selected(self) -> None:
        path = self.selected()
        if path is None:
            return
        name = ask_model_name(self, path.stem, title="Rename model")
        if name is None or name == path.stem:
            return
        try:
            new_path = rename_model(path, name)
        except DigitPadError as exc:
            QMessageBox.warning(self, "Cannot rename the model", str(exc))
            return
        if self._in_use(path):
            self.session.use_model(new_path)  # keep reading with it, under its new name
        self.refresh(select=new_path)

    def delete_selected(self) -> None:
        path = self.selected()
        if path is None:
            return
        if self._in_use(path):
            self.notice.setText(f"{path.stem} is the model in use: choose another one first, then delete it.")
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Delete model?",
            f"Delete the saved model {path.stem}? Its files are removed from the library.",
            parent=self,
        )
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)  # Enter keeps the model
        box.exec()
        if box.clickedButton() is not delete:
            return
        try:
            delete_model(path)
        except DigitPadError as exc:
            QMessageBox.warning(self, "Cannot delete the model", str(exc))
        self.refresh()
