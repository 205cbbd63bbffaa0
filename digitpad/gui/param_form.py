"""Editors for an optimizer's parameters, built from the zoo's specs (names, defaults, ranges)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QFormLayout, QLineEdit, QWidget

from digitpad.training import zoo


class OptimizerParamsForm(QWidget):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._layout = QFormLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._editors: dict[str, QWidget] = {}

    def set_optimizer(self, name: str) -> None:
        while self._layout.rowCount():
            self._layout.removeRow(0)
        self._editors = {}
        for param in zoo.get_optimizer(name).params:
            editor = self._editor(param)
            editor.setToolTip(
                f"{param.help}" + (f" ({param.low:g} to {param.high:g})" if param.low is not None else "")
            )
            self._layout.addRow(param.name.replace("_", " "), editor)
            self._editors[param.name] = editor

    def _editor(self, param: zoo.Param) -> QWidget:
        if isinstance(param.default, bool):
            box = QCheckBox()
            box.setChecked(param.default)
            box.toggled.connect(self.changed)
            return box
        if param.log_scale:  # 1e-7 and 3e-4 both need to be typeable: scientific notation
            line = QLineEdit(f"{param.default:g}")
            validator = QDoubleValidator(param.low, param.high, 12, line)
            validator.setNotation(QDoubleValidator.Notation.ScientificNotation)
            line.setValidator(validator)
            line.textChanged.connect(self.changed)
            return line
        spin = QDoubleSpinBox()
        spin.setDecimals(4)
        spin.setRange(param.low, param.high)
        spin.setSingleStep(0.01 if param.high <= 1 else 0.1)
        spin.setValue(param.default)
        spin.valueChanged.connect(self.changed)
        return spin

    def values(self) -> dict[str, Any]:
        """The entered values, as text where typed (the zoo validates and converts them)."""
        values: dict[str, Any] = {}
        for name, editor in self._editors.items():
            if isinstance(editor, QCheckBox):
                values[name] = editor.isChecked()
            elif isinstance(editor, QLineEdit):
                values[name] = editor.text().strip()
            else:
                values[name] = editor.value()
        return values
