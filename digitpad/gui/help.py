"""Help > DigitPad Help, Keyboard Shortcuts and About: what each part does, how to get good
results, the keys, and whose work DigitPad stands on (with their licences)."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QTextBrowser, QVBoxLayout

from digitpad import __version__
from digitpad.data.pendigits import ATTRIBUTION as PEN_DIGITS_ATTRIBUTION
from digitpad.data.unipen import ATTRIBUTION as UNIPEN_ATTRIBUTION

from .screen_fit import fit_to_screen

# Keys a keyboard really has: X11 also binds Undo to "F14" and a dedicated "Undo" key, which
# would only puzzle a reader of the list.
_TYPABLE_ALONE = {"Esc", "Del", "Delete", "F1", "Backspace"}

HELP = """
<h3>DigitPad</h3>
<p><b>Draw</b> a digit on the pad with the mouse, a pen or a finger. The answer and the chart
of probabilities follow every stroke; the small square shows the 28x28 image the model reads.
A dot or a scribble is answered "not a digit".</p>
<p><b>Open</b> an image (File > Open, drag and drop, or paste): a scan, a photo, a screenshot,
dark ink on light paper or the reverse. The digit is found, cropped and centred the way the
model was trained.</p>
<p><b>Numbers</b>: View > Read a Whole Number (or the Whole Number button) makes the pad wide.
Write a year, a price (12.50 or 3,75), a date (29/11/2026), a time (12:45) or a phone number
(555-1234); or open a picture of one, a form or a cheque's amount included. Each digit is
outlined where it was found; every digit and separator is shown with its confidence, an unsure
digit marked "?", a mark that is no digit (a letter, a scribble, a digit struck out) "–".
Hover a digit on the pad,
or click it in the answer (Left/Right move between them), to see its probabilities, the 28x28
the model read, and to teach that digit.</p>
<p>What it does not read: letters and words, several lines at once, and signs: a dash before a
number is not taken for a minus, and marks that close an amount ("12.-", "/-") are left out.</p>
<p><b>Teach</b> it your handwriting: when an answer is wrong, press the right digit (or click
its bar, or "That was"). It reads your digits better at once; Train > My Handwriting lists
what you taught; Fine-tune makes a model of your own from them.</p>
<p><b>Train</b> other networks (Train > Retrain), compare optimizers, and look at a model's
mistakes (Model > Report). Models you save appear in the Model menu.</p>
<h4>Good results</h4>
<ul><li>Write one digit, large, roughly in the middle; thickness is up to you (Pen).</li>
<li>For a number: digits of about the same size on one line; they may touch, but digits
written over each other are read as one.</li>
<li>For photos: the digit should fill a good part of the picture, with even light.</li>
<li>When DigitPad is not sure it says so ("4 or 9?"): teach it the right answer.</li></ul>
"""


def key_names(action) -> str:
    """The action's keys as this platform writes them, e.g. "Ctrl+Shift+Z or Ctrl+Y"."""
    names = []
    for key in action.shortcuts():
        name = key.toString(QKeySequence.SequenceFormat.NativeText)
        portable = key.toString(QKeySequence.SequenceFormat.PortableText)
        if name and ("+" in portable or portable in _TYPABLE_ALONE) and name not in names:
            names.append(name)
    return " or ".join(names)


def shortcuts_table(rows) -> str:
    """`rows`: (action, what it does) pairs -> an HTML table, teaching keys included."""
    lines = "".join(
        f"<tr><td><b>{key_names(action)}</b></td><td>&nbsp;&nbsp;{text}</td></tr>"
        for action, text in rows
        if key_names(action)
    )
    lines += "<tr><td><b>0 … 9</b></td><td>&nbsp;&nbsp;That was this digit: teach DigitPad your handwriting</td></tr>"
    return f"<table>{lines}</table>"


class HelpWindow(QDialog):
    """Help in a window of its own: it scrolls, fits the screen, and stays open beside the pad
    (a message box grew 829 px tall and blocked the window)."""

    def __init__(self, parent, rows):
        super().__init__(parent)
        self.setWindowTitle("DigitPad Help")
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(HELP + "<h4>Keys</h4>" + shortcuts_table(rows))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 560, 620)


def show_help(parent, rows) -> HelpWindow:
    """Show the one help window of `parent` (made on first use), brought to the front."""
    window = parent.findChild(HelpWindow)
    if window is None:
        window = HelpWindow(parent, rows)
    window.show()
    window.raise_()
    window.activateWindow()
    return window


def show_shortcuts(parent, rows) -> None:
    QMessageBox.information(parent, "Keyboard shortcuts", shortcuts_table(rows))


def about_text(model_name: str) -> str:
    import onnxruntime

    return (
        f"<h3>DigitPad {__version__}</h3><p>Handwritten digit recognition, offline.</p>"
        f"<p>Model: {model_name}<br>Python {platform.python_version()}<br>Qt {qVersion()}, PySide6 "
        f"{pyside_version}<br>ONNX Runtime {onnxruntime.__version__}</p>"
        "<p><small><b>Data.</b> MNIST: Y. LeCun, C. Cortes, C. J. C. Burges. "
        f'{PEN_DIGITS_ATTRIBUTION}; cite F. Alimoglu and E. Alpaydin (1996), "Methods of Combining '
        "Multiple Classifiers Based on Different Representations for Pen-based Handwriting "
        'Recognition". '
        f'{UNIPEN_ATTRIBUTION}; cite I. Guyon et al. (1994), "UNIPEN project of on-line data exchange and '
        'recognizer benchmarks".<br>'
        "<b>Software.</b> Qt and Qt for Python (PySide6): LGPL v3. ONNX Runtime: MIT. "
        "TensorFlow and Keras: Apache 2.0. NumPy, Pillow, Matplotlib, platformdirs: BSD-style and "
        "PSF-style licences. DigitPad itself: MIT.</small></p>"
    )


def show_about(parent, model_name: str) -> None:
    QMessageBox.about(parent, "About DigitPad", about_text(model_name))
