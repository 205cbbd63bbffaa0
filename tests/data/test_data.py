import gzip

import numpy as np
import pytest

from digitpad.base.errors import DataError
from digitpad.data.mnist import load_mnist, read_idx
from tests.idx_files import write_idx


def test_bundled_mnist_loads_offline_with_verified_checksums(mnist):
    assert mnist.x_train.shape == (60000, 28, 28) and mnist.x_train.dtype == np.uint8
    assert mnist.x_test.shape == (10000, 28, 28)
    assert np.bincount(mnist.y_test).tolist()[:3] == [980, 1135, 1032]
    assert len(mnist.checksum) == 64
    assert not mnist.x_train.flags.writeable  # shared between callers: nobody may scribble on it


@pytest.mark.parametrize("compress", [True, False])
def test_idx_round_trip(tmp_path, compress):
    array = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    path = write_idx(tmp_path / "a.idx", array, compress=compress)
    np.testing.assert_array_equal(read_idx(path), array)


def test_idx_errors_name_the_file(tmp_path):
    good = np.zeros((3, 28, 28), np.uint8)
    cases = {}
    path = write_idx(tmp_path / "ok", good, compress=False)
    data = path.read_bytes()
    cases["truncated data"] = data[:-10]
    cases["truncated header"] = data[:6]
    cases["bad magic"] = b"\x01\x02" + data[2:]
    cases["extra data"] = data + b"\0"
    cases["empty"] = b""
    cases["png"] = b"\x89PNG\r\n\x1a\n" + b"\0" * 40
    cases["bad gzip"] = gzip.compress(data)[:30]
    for name, content in cases.items():
        bad = tmp_path / f"{name.replace(' ', '_')}.idx"
        bad.write_bytes(content)
        with pytest.raises(DataError, match=bad.name):
            read_idx(bad)
    with pytest.raises(DataError, match="not found"):
        read_idx(tmp_path / "nope")


def test_absurd_header_is_refused_without_reading(tmp_path):
    bad = tmp_path / "absurd.idx"
    bad.write_bytes(bytes([0, 0, 8, 3]) + (60000).to_bytes(4, "big") + (9999).to_bytes(4, "big") * 2)
    with pytest.raises(DataError, match="refusing"):
        read_idx(bad)


def test_folder_checksum_mismatch_is_reported(small_mnist_dir, tmp_path):
    folder = tmp_path / "copy"
    folder.mkdir()
    for f in small_mnist_dir.iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    (folder / "SHA256SUMS").write_text("0" * 64 + "  train-labels-idx1-ubyte.gz\n")
    with pytest.raises(DataError, match="checksum mismatch"):
        load_mnist(folder)


def test_other_folder_and_npz(small_mnist_dir, tmp_path, mnist):
    small = load_mnist(small_mnist_dir)
    assert small.x_train.shape == (2000, 28, 28) and small.x_test.shape == (500, 28, 28)
    npz = tmp_path / "mnist.npz"
    np.savez(npz, x_train=small.x_train, y_train=small.y_train, x_test=small.x_test, y_test=small.y_test)
    from_npz = load_mnist(npz)
    np.testing.assert_array_equal(from_npz.y_test, small.y_test)
    assert load_mnist(tmp_path).x_train.shape == (2000, 28, 28)  # a folder holding mnist.npz


def test_missing_folder_and_incomplete_folder(tmp_path):
    with pytest.raises(DataError, match="no such folder"):
        load_mnist(tmp_path / "nowhere")
    with pytest.raises(DataError, match="train-images"):
        load_mnist(tmp_path)
    bad_npz = tmp_path / "bad.npz"
    np.savez(bad_npz, something=np.zeros(3))
    with pytest.raises(DataError, match="not an MNIST"):
        load_mnist(bad_npz)


def test_mnist_plus_pen_for_a_training_subset_is_composed_at_its_scale():
    # A Retrain of 400 images need not wait for the whole mix to be drawn (a minute): every part
    # of it comes in proportion, a few times the images asked for.
    from digitpad.data.datasets import SUBSET_MARGIN, load_dataset

    small = load_dataset("mnist+pen", subset=400)
    assert 400 <= len(small.y_train) <= 2 * SUBSET_MARGIN * 400
    assert set(np.unique(small.y_train)) == set(range(11))  # every digit, and "not a digit"
    assert small.not_a_digit and len(small.y_test) == 10_000  # judged on the whole test set
    assert load_dataset("mnist+pen", subset=800).checksum != small.checksum  # (a model records which)
