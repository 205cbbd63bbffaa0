"""Errors that carry a one-line, user-facing message.

Every failure a user can cause (bad file, bad model, bad parameter) is raised as a
`DigitPadError` subclass whose `str()` is fit to show in a dialog or on stderr.
Anything else escaping is a bug.
"""


class DigitPadError(Exception):
    """Base class: the message is complete and meant for the user."""


class DataError(DigitPadError):
    """A dataset file is missing, truncated, corrupt or of the wrong kind."""


class ImageError(DigitPadError):
    """An image file or array cannot be read or is unusable."""


class EmptyImageError(ImageError):
    """The input holds no ink: nothing to recognize."""


class TooBusyError(ImageError):
    """The input holds more marks than one number has (lines, a grid, a page of text)."""


class ModelError(DigitPadError):
    """A model file is missing, corrupt or not a DigitPad model."""


class ModelAlreadyExists(ModelError):
    """A saved model of that name is already in the library."""


class ConfigError(DigitPadError):
    """An architecture, optimizer or training parameter is invalid."""


class Cancelled(DigitPadError):
    """The user cancelled a long-running operation."""


def first_line(exc: BaseException, limit: int = 120) -> str:
    """The first line of a foreign exception's message (Pillow's, ONNX Runtime's...), printable,
    to quote inside one of ours."""
    lines = str(exc).strip().splitlines()
    text = lines[0] if lines else type(exc).__name__
    return text.encode("ascii", "backslashreplace").decode("ascii")[:limit]


def printable_name(text, limit: int = 160) -> str:
    """A file name fit for a one-line message: control characters (a newline, a terminal's
    escape sequence) shown escaped, and a 5,000-character path cut in the middle."""
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(text))
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= limit else f"{text[: limit // 2]}…{text[-limit // 2 :]}"


def one_line(message, limit: int = 2000) -> str:
    """A message fit to print: any file name in it (a newline, a carriage return or a terminal
    escape could forge a result line or retitle the terminal) shown escaped, as printable_name does."""
    return printable_name(message, limit)


def os_error_message(exc: OSError, action: str = "cannot use") -> str:
    """One line for an operating-system error: what failed, on which file, and why,
    e.g. "cannot write /data/models/a.onnx: no space left on device"."""
    reason = (exc.strerror or str(exc) or type(exc).__name__).rstrip(".")
    target = f" {printable_name(exc.filename)}" if exc.filename is not None else ""
    return f"{action}{target}: {reason[:1].lower()}{reason[1:]}"
