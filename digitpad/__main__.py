"""`python -m digitpad` and the frozen app's entry point."""

import multiprocessing
import sys

from digitpad.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen app must not re-run main() in child processes
    sys.exit(main())
