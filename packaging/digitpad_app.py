"""Entry point of the packaged (PyInstaller) app: the window, or a subcommand."""

import multiprocessing
import sys

if __name__ == "__main__":
    # Training runs in spawned worker processes; in a frozen app each of them starts this
    # same executable, and freeze_support() makes it run the worker instead of the app.
    multiprocessing.freeze_support()
    from digitpad.cli import main

    sys.exit(main())
