"""The log file: where an error that is a bug leaves its traceback (Qt-free).

User errors are `DigitPadError`s with a complete one-line message and are not logged;
anything else is a bug, and the person who meets it needs somewhere to find the details.
Every process (the window, the command line, the training children) appends to one
rotating file in the user data folder. When that folder cannot be written, logging
stays quiet rather than adding a second failure to the first.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from digitpad.base.paths import user_data_dir

LOG_BYTES, LOG_BACKUPS = 1_000_000, 3  # at most 4 MB of log in all
_FORMAT = "%(asctime)s %(processName)s[%(process)d] %(levelname)s %(name)s: %(message)s"


class _QuietFileHandler(logging.handlers.RotatingFileHandler):
    """The log file, silent when it cannot be written (a full disk, a folder gone read-only):
    the user already gets the error's one line, and logging's own 40-line "--- Logging error ---"
    report on stderr would bury it."""

    def handleError(self, record) -> None:
        pass


def log_file_path() -> Path:
    return user_data_dir() / "logs" / "digitpad.log"


def setup_logging() -> bool:
    """Send DigitPad's warnings and errors to the log file; True when it could be opened.

    Idempotent: a second call in the same process adds nothing (unless the data folder
    changed, as between tests: then the file follows it).
    """
    root = logging.getLogger("digitpad")
    path = log_file_path()
    for handler in list(root.handlers):
        if isinstance(handler, logging.FileHandler) and getattr(handler, "_digitpad", False):
            if Path(handler.baseFilename) == path.absolute():
                return True
            root.removeHandler(handler)
            handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _QuietFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8", delay=True)
        if not os.access(path.parent, os.W_OK):
            raise PermissionError(path.parent)
    except OSError:
        if not any(isinstance(h, logging.NullHandler) for h in root.handlers):
            root.addHandler(logging.NullHandler())  # and no "last resort" output on stderr either
        return False
    handler._digitpad = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    root.propagate = False  # the file is the record; stderr gets the one-line message
    return True


def log_unexpected(message: str, exc: BaseException) -> str:
    """Log a bug with its traceback; returns the one line to show the user."""
    logging.getLogger("digitpad").error(message, exc_info=(type(exc), exc, exc.__traceback__))
    return f"{message}: {type(exc).__name__}: {str(exc)[:200]} (details in {log_file_path()})"
