"""Shared fixtures. Qt runs offscreen; user data goes to a temporary folder; TensorFlow is quiet.
Under pytest-xdist each test process has its own session fixtures (its own cache folder)."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pytest

from tests.idx_files import write_idx

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


@pytest.fixture(scope="session")
def _shared_cache(tmp_path_factory) -> Path:
    """One cache folder for the whole run (of this process): what is kept there can always be made again, and
    making it per test (embedding the reference digits, half a second a window) cost a GUI
    test more than its own work."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _user_data_in_tmp(tmp_path_factory, monkeypatch, _shared_cache):
    data = tmp_path_factory.mktemp("userdata")
    try:
        (data / "cache").symlink_to(_shared_cache, target_is_directory=True)
    except OSError:
        pass  # (Windows without the right to make links: a cache per test, only slower)
    monkeypatch.setenv("DIGITPAD_DATA_DIR", str(data))


@pytest.fixture(autouse=True)
def _no_modal_message_box_waits_forever():
    """A message or input box would wait for a click that never comes (offscreen): answer
    every one the safe way (Cancel, No, OK) unless a test records it itself. Autouse fixtures are torn down last, so this also covers the
    questions asked while qtbot closes the windows after a test (e.g. "quit without saving?")."""
    try:
        from PySide6.QtWidgets import QInputDialog, QMessageBox
    except ImportError:
        yield
        return
    answers = {
        "exec": QMessageBox.StandardButton.Cancel,
        "question": QMessageBox.StandardButton.No,
        "warning": QMessageBox.StandardButton.Ok,
        "information": QMessageBox.StandardButton.Ok,
        "critical": QMessageBox.StandardButton.Ok,
    }
    originals = {name: getattr(QMessageBox, name) for name in answers}
    original_input = QInputDialog.exec
    for name, answer in answers.items():
        setattr(QMessageBox, name, staticmethod(lambda *args, answer=answer, **kwargs: answer))
    QInputDialog.exec = lambda dialog: QInputDialog.DialogCode.Rejected
    try:
        yield
    finally:
        for name, original in originals.items():
            setattr(QMessageBox, name, original)
        QInputDialog.exec = original_input


@pytest.fixture(scope="session")
def mnist():
    from digitpad.data.mnist import load_mnist

    return load_mnist()


@pytest.fixture(scope="session")
def small_mnist_dir(tmp_path_factory, mnist) -> Path:
    """A 2,000/500 image MNIST folder in IDX format, for fast training tests."""
    folder = tmp_path_factory.mktemp("small_mnist")
    write_idx(folder / "train-images-idx3-ubyte.gz", mnist.x_train[:2000])
    write_idx(folder / "train-labels-idx1-ubyte.gz", mnist.y_train[:2000])
    write_idx(folder / "t10k-images-idx3-ubyte", mnist.x_test[:500], compress=False)
    write_idx(folder / "t10k-labels-idx1-ubyte", mnist.y_test[:500], compress=False)
    return folder


def png_header_claiming(path: Path, width: int, height: int) -> Path:
    """A PNG whose header claims width x height pixels (with next to no data behind it)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )
    return path


@pytest.fixture
def bad_files(tmp_path) -> dict[str, Path]:
    """One file for each way an input can be wrong."""
    good = tmp_path / "good.png"
    from PIL import Image

    Image.new("L", (40, 40), 255).save(good)
    truncated = tmp_path / "truncated.png"
    truncated.write_bytes(good.read_bytes()[:60])
    files = {
        "missing": tmp_path / "missing.png",
        "empty": tmp_path / "empty.png",
        "text": tmp_path / "notes.png",
        "truncated": truncated,
        "huge": png_header_claiming(tmp_path / "huge.png", 30000, 30000),
        "blank": good,
    }
    files["empty"].write_bytes(b"")
    files["text"].write_text("this is not an image\n")
    return files


@pytest.fixture
def digits(tmp_path, mnist):
    """A folder of three MNIST test digits as dark-on-light PNGs (7, 2, 1) and a text file."""
    from PIL import Image

    folder = tmp_path / "digits"
    folder.mkdir()
    for i in (0, 1, 2):
        Image.fromarray(255 - mnist.x_test[i]).resize((112, 112)).save(folder / f"d{i}.png")
    (folder / "readme.txt").write_text("not an image, and not picked up from a folder")
    return folder


@pytest.fixture
def store(tmp_path):
    """An empty sample store in the test's folder."""
    from digitpad.personal.sample_store import SampleStore

    with SampleStore(tmp_path / "samples.sqlite3") as opened:
        yield opened
