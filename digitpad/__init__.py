"""DigitPad: handwritten digit recognition.

    >>> import digitpad
    >>> recognizer = digitpad.load_recognizer()
    >>> prediction = recognizer.predict("scan.png")
    >>> prediction.status, prediction.digit   # ("digit", 7); ("not-a-digit", None) for a dot or scribble

Importing this package is cheap: no TensorFlow, no Qt. The recognizer runs on ONNX Runtime.
"""

__version__ = "0.1.0"

__all__ = ["__version__", "load_recognizer", "Recognizer", "Prediction", "Status", "Reading"]


def __getattr__(name):
    # Lazy, so that `import digitpad` (and `digitpad --help`) stays instant.
    if name in ("load_recognizer", "Recognizer", "Prediction", "Status", "Reading"):
        from digitpad import recognizer

        return getattr(recognizer, name)
    raise AttributeError(f"module 'digitpad' has no attribute {name!r}")
