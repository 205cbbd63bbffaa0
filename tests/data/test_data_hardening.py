"""Data files are untrusted input: small files that promise huge arrays, bombs, bad labels
and empty sets are refused with one line before anything large is allocated."""

import gzip
import io
import os
import struct
import zipfile

import numpy as np
import pytest

from digitpad.base.errors import DataError
from digitpad.cli import main
from digitpad.data.mnist import load_emnist, load_mnist, read_emnist_mapping, read_idx
from tests.idx_files import write_idx


def idx_header(dims, type_code=0x08) -> bytes:
    return bytes([0, 0, type_code, len(dims)]) + struct.pack(f">{len(dims)}I", *dims)


def test_a_small_gzip_promising_gigabytes_is_refused_before_decompressing(tmp_path):
    bomb = tmp_path / "bomb-idx3-ubyte.gz"
    dims = (60000, 28, 28 * 20)  # 940 MB promised, almost all zeros
    with gzip.open(bomb, "wb", compresslevel=9) as f:
        f.write(idx_header(dims))
        f.write(bytes(20_000_000))  # 20 MB of it actually there: a few KB compressed
    assert bomb.stat().st_size < 100_000
    with pytest.raises(DataError, match="decompression bomb|does not match"):
        read_idx(bomb)


def test_a_gzip_whose_ratio_is_absurd_is_refused_even_when_its_sizes_agree(tmp_path):
    bomb = tmp_path / "zeros-idx3-ubyte.gz"
    dims = (100000, 28, 28)
    bomb.write_bytes(gzip.compress(idx_header(dims) + bytes(np.prod(dims)), compresslevel=9))
    with pytest.raises(DataError, match="decompression bomb"):
        read_idx(bomb)


@pytest.mark.parametrize("dims", [(2**31, 2**31, 2**31), (2**32 - 1, 2**32 - 1), (65536, 65536, 2)])
def test_dimensions_that_overflow_or_exceed_the_budget_are_refused(tmp_path, dims):
    bad = tmp_path / "overflow.idx"
    bad.write_bytes(idx_header(dims) + b"\0" * 100)
    with pytest.raises(DataError, match="refusing"):
        read_idx(bad)


def test_a_raw_file_shorter_than_its_header_promises_is_refused_before_reading(tmp_path):
    bad = tmp_path / "short.idx"
    bad.write_bytes(idx_header((60000, 28, 28)) + b"\0" * 1000)
    with pytest.raises(DataError, match="promises 47,040,000 data bytes but the file holds 1,000"):
        read_idx(bad)


def npz_with_member(path, name, header_shape, payload=b"\0" * 16, dtype="|u1"):
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": dtype, "fortran_order": False, "shape": header_shape})
    with zipfile.ZipFile(path, "w") as archive:
        for other in ("x_train", "y_train", "x_test", "y_test"):
            if other != name:
                member = io.BytesIO()
                np.save(member, np.zeros((2, 28, 28) if other.startswith("x") else 2, np.uint8))
                archive.writestr(f"{other}.npy", member.getvalue())
        archive.writestr(f"{name}.npy", buffer.getvalue() + payload)
    return path


def test_an_npz_header_promising_730_gib_is_refused(tmp_path):
    path = npz_with_member(tmp_path / "mnist.npz", "x_train", (10**9, 28, 28))
    with pytest.raises(DataError, match="promises more data than it holds"):
        load_mnist(path)


def test_an_npz_zip_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.npz"
    np.savez_compressed(
        path,
        x_train=np.zeros((60000, 28, 28), np.uint8),
        y_train=np.zeros(60000, np.uint8),
        x_test=np.zeros((10, 28, 28), np.uint8),
        y_test=np.zeros(10, np.uint8),
    )
    with pytest.raises(DataError, match="would expand"):
        load_mnist(path)


@pytest.mark.parametrize(
    "labels", [np.array(["1", "2"]), np.array([np.nan, 1.0]), np.array([1j, 2j]), np.array([0, 10]), np.array([-1, 2])]
)
def test_labels_that_are_not_class_numbers_are_refused(tmp_path, labels):
    path = tmp_path / "odd.npz"
    np.savez(
        path,
        x_train=np.zeros((2, 28, 28), np.uint8),
        y_train=labels,
        x_test=np.zeros((2, 28, 28), np.uint8),
        y_test=np.array([1, 2], np.uint8),
    )
    with pytest.raises(DataError, match="labels"):
        load_mnist(path)


def test_empty_sets_are_refused_not_scored_as_zero(tmp_path, small_mnist_dir, capsys):
    folder = tmp_path / "empty-test"
    folder.mkdir()
    for f in small_mnist_dir.iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    write_idx(folder / "t10k-images-idx3-ubyte", np.zeros((0, 28, 28), np.uint8), compress=False)
    write_idx(folder / "t10k-labels-idx1-ubyte", np.zeros(0, np.uint8), compress=False)
    with pytest.raises(DataError, match="holds no images"):
        load_mnist(folder)
    assert main(["evaluate", "--data", str(folder)]) == 1
    assert "holds no images" in capsys.readouterr().err


@pytest.mark.parametrize(
    "mapping, message",
    [
        ("0 48\n99999999999 49\n", "not in 0-999"),
        ("-1 48\n0 49\n", "not in 0-999"),
        ("0 48\n0 49\n", "repeated"),
        ("0 1114112\n", "printable Unicode"),
    ],
)
def test_emnist_mappings_with_absurd_codes_are_refused(tmp_path, mapping, message):
    path = tmp_path / "emnist-x-mapping.txt"
    path.write_text(mapping)
    with pytest.raises(DataError, match=message):
        read_emnist_mapping(path)


def test_a_symlink_loop_is_one_line(tmp_path):
    loop = tmp_path / "loop"
    os.symlink(loop, loop)
    with pytest.raises(DataError):
        load_mnist(loop)
    with pytest.raises(DataError):
        load_emnist(loop / "emnist-letters")


def test_evaluate_reads_the_test_split_only(small_mnist_dir, tmp_path):
    folder = tmp_path / "test-only"
    folder.mkdir()
    for f in small_mnist_dir.iterdir():
        if f.name.startswith("t10k"):
            (folder / f.name).write_bytes(f.read_bytes())
    from digitpad.data.datasets import load_test_set

    dataset = load_test_set(folder)  # no training files at all: evaluate does not need them
    assert len(dataset.x_test) == 500 and len(dataset.x_train) == 0
