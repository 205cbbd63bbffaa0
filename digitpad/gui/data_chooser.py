"""Which data to train on: the bundled MNIST, or MNIST/EMNIST sets found in a folder the user picks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QMessageBox

from digitpad.data.datasets import MNIST_PLUS_PEN
from digitpad.data.mnist import find_datasets

CHOOSE_FOLDER = "choose-folder"


class DataChooser(QComboBox):
    """`location()` is None for the bundled MNIST, "mnist+pen", or a folder or folder/emnist-NAME."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.addItem("MNIST digits (bundled, 60,000 training images)", None)
        self.addItem(
            'MNIST + pen digits of 30 writers, with "not a digit" (bundled, about 90,000 images)', MNIST_PLUS_PEN
        )
        self.setItemData(
            1,
            "MNIST plus real pen handwriting drawn through the pad, and generated dots, dashes "
            'and scribbles, so the model reads more writers and can say "not a digit"',
            Qt.ItemDataRole.ToolTipRole,
        )
        self.addItem("Choose a folder (MNIST or EMNIST files)…", CHOOSE_FOLDER)
        self.activated.connect(self._activated)

    def location(self) -> str | None:
        return self.currentData()

    def _activated(self) -> None:
        if self.currentData() != CHOOSE_FOLDER:
            return
        self.setCurrentIndex(0)  # until a usable folder is chosen
        folder = QFileDialog.getExistingDirectory(self, "Folder with MNIST or EMNIST files")
        if folder:
            self.add_folder(folder)

    def add_folder(self, folder: str) -> bool:
        """Offer every data set found in `folder` and select the first; False (with a message) if none."""
        names = find_datasets(folder)
        if not names:
            QMessageBox.warning(
                self,
                "No training data",
                f"{folder}: no MNIST or EMNIST files found (EMNIST needs its *-mapping.txt beside the images)",
            )
            return False
        for name in names:
            location = folder if name == "mnist" else str(Path(folder) / name)
            if self.findData(location) < 0:
                self.insertItem(self.count() - 1, f"{name} — {folder}", location)
        first = folder if names[0] == "mnist" else str(Path(folder) / names[0])
        self.setCurrentIndex(self.findData(first))
        return True
