"""Start the window: application set-up, appearance, and the scripted `--smoke-test`."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time

STARTED = time.perf_counter()  # fallback clock: as early as the GUI path allows


def seconds_since_start() -> tuple[float, str]:
    """Time since the process started ("process", Linux: from /proc) or since this module loaded ("import")."""
    try:
        with open("/proc/self/stat") as stat:
            start_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])  # field 22: starttime
        with open("/proc/uptime") as uptime:
            return float(uptime.read().split()[0]) - start_ticks / os.sysconf("SC_CLK_TCK"), "process"
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - STARTED, "import"


def run(smoke_test: bool = False) -> int:
    if smoke_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the real window, on no screen
    from .platform_check import missing_libraries_message, uses_xcb

    problem = missing_libraries_message() if uses_xcb() else None
    if problem:
        print(f"digitpad: {problem}", file=sys.stderr)
        return 1
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from digitpad import __version__
    from digitpad.base.logs import setup_logging

    from .appearance import apply_color_scheme
    from .icons import app_icon
    from .main_window import MainWindow

    setup_logging()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setOrganizationName("DigitPad")
    app.setApplicationName("DigitPad")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())

    if smoke_test:
        # The smoke test must neither read nor change the user's settings, samples or models.
        scratch = tempfile.mkdtemp(prefix="digitpad-smoke-")
        os.environ["DIGITPAD_DATA_DIR"] = os.path.join(scratch, "data")
        settings_file = os.path.join(scratch, "settings.ini")
        settings = QSettings(settings_file, QSettings.Format.IniFormat)
    else:
        settings = QSettings()
    apply_color_scheme(str(settings.value("colorScheme", "system")))
    window = MainWindow(settings)
    install_error_dialog(window)
    window.show()
    if smoke_test:
        from .smoke import SmokeTest

        smoke = SmokeTest(window, seconds_since_start)
        QTimer.singleShot(0, smoke.run)
    else:
        QTimer.singleShot(0, window.load_initial_model)
    try:
        return app.exec()
    finally:
        if smoke_test:
            settings.sync()  # nothing left for QSettings to write when it is destroyed at exit
            shutil.rmtree(scratch, ignore_errors=True)


def install_error_dialog(window) -> None:
    """An exception that escapes a slot is a bug: log its traceback and tell the user, in a
    dialog, what happened and where the details are; the window goes on (nothing is lost)."""
    from PySide6.QtWidgets import QMessageBox

    from digitpad.base.logs import log_unexpected

    showing: list[bool] = []  # one dialog at a time: a bug that repeats must not stack up dialogs

    def hook(kind, exc, traceback) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, traceback)
            return
        message = log_unexpected("unexpected error", exc.with_traceback(traceback))
        if showing:
            return
        showing.append(True)
        try:
            QMessageBox.critical(
                window,
                "Unexpected error",
                f"DigitPad met an error it did not expect. Your drawing, models and samples "
                f"are unchanged.\n\n{message}",
            )
        finally:
            showing.clear()

    sys.excepthook = hook
