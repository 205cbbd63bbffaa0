"""What the commands share: one-line messages, exit codes, image files from paths, the
sample store, a progress bar."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from digitpad.base.errors import DigitPadError, one_line, os_error_message

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".pgm", ".ppm", ".pbm"}


EXIT_USAGE, EXIT_FAILED = 2, 1


def say(message) -> None:
    """One line on stderr, escaped: a message may quote a file's name, and names are input."""
    print(f"digitpad: {one_line(message)}", file=sys.stderr, flush=True)


def count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def expand(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        try:
            is_folder = path.is_dir()
        except OSError:  # a name too long, a loop of links: reported with this file's result
            is_folder = False
        if is_folder:
            try:
                found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
            except OSError as exc:
                raise DigitPadError(os_error_message(exc, "cannot read the folder")) from None
            if not found:
                raise DigitPadError(f"{path}: folder contains no images")
            files.extend(found)
        else:
            files.append(path)  # missing files are reported per file, with the others
    return files


def open_store():
    from digitpad.personal.sample_store import SampleStore

    return SampleStore()


def report_damaged(store) -> None:
    """One line for the rows of the store that cannot be used (they are skipped; the rest serve)."""
    if store.damaged:
        ids = sorted(store.damaged)
        shown = ", ".join(map(str, ids[:5])) + (", …" if len(ids) > 5 else "")
        say(
            f"{store.path}: {count(len(ids), 'damaged sample')} skipped (id {shown}: "
            f"{store.damaged[ids[0]]}); see 'digitpad samples list', remove with 'digitpad samples remove'"
        )


class ProgressBar:
    """A one-line progress bar on a terminal; one line per epoch otherwise (logs, CI)."""

    def __init__(self, stream):
        self.stream = stream
        self.live = stream.isatty()
        self.last_draw = 0.0

    def update(self, progress) -> None:
        metrics = "  ".join(f"{k} {v:.4f}" for k, v in progress.metrics.items())
        if progress.batch is None:
            if self.live:
                self.stream.write("\r\033[K")
            self.stream.write(f"epoch {progress.epoch}/{progress.epochs}  {metrics}  [{progress.elapsed_s:.0f} s]\n")
            self.stream.flush()
        elif self.live and time.monotonic() - self.last_draw > 0.1:
            self.last_draw = time.monotonic()
            done = progress.batch / progress.batches
            bar = "#" * int(done * 30)
            self.stream.write(
                f"\repoch {progress.epoch}/{progress.epochs} [{bar:<30}] {progress.batch}/{progress.batches}  {metrics}"
            )
            self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


def check_output_folder(path: str) -> None:
    if Path(path).exists() and not Path(path).is_dir():
        raise DigitPadError(f"{path}: exists and is not a folder")
