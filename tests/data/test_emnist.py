import json

import numpy as np
import pytest
from PIL import Image

from digitpad.base.errors import DataError
from digitpad.base.paths import bundled_mnist_dir
from digitpad.cli import main
from digitpad.data.datasets import load_dataset
from digitpad.data.mnist import find_datasets, load_emnist
from tests.emnist_fixture import LETTERS, render_letter, write_emnist


@pytest.fixture(scope="module")
def letters(tmp_path_factory):
    return write_emnist(tmp_path_factory.mktemp("emnist"))


def test_emnist_layout_and_mapping(letters, tmp_path):
    data = load_emnist(letters)
    assert data.class_labels == tuple(c + c.lower() for c in LETTERS) and data.name == "emnist-letters"
    assert data.x_train.shape == (960, 28, 28) and data.x_test.shape == (240, 28, 28)
    assert data.y_train.min() == 0 and data.y_train.max() == 11  # labels 1..12 become indices 0..11
    # Upright again: the first training image is an "A", so its ink is symmetric left-right, not up-down.
    first = data.x_train[data.y_train == 0].astype(float).mean(axis=0)
    assert np.abs(first - first[:, ::-1]).mean() < np.abs(first - first[::-1, :]).mean()
    assert find_datasets(letters.parent) == ["emnist-letters"]
    assert load_dataset(letters.parent).name == "emnist-letters"  # a folder with one set
    assert load_dataset(letters).checksum == data.checksum


def test_emnist_errors(letters, tmp_path):
    copy = tmp_path / "e"
    copy.mkdir()
    for f in letters.parent.iterdir():
        (copy / f.name).write_bytes(f.read_bytes())
    (copy / "emnist-letters-mapping.txt").write_text("1 65 97\n")  # fewer classes than the labels use
    with pytest.raises(DataError, match="not listed in the mapping"):
        load_emnist(copy / "emnist-letters")
    (copy / "emnist-letters-mapping.txt").write_text("one sixty-five\n")
    with pytest.raises(DataError, match="not an EMNIST mapping"):
        load_emnist(copy / "emnist-letters")
    (copy / "emnist-letters-mapping.txt").unlink()
    with pytest.raises(DataError, match="mapping file not found"):
        load_emnist(copy / "emnist-letters")
    write_emnist(tmp_path / "two", "letters", (2, 2))
    write_emnist(tmp_path / "two", "balanced", (2, 2))
    with pytest.raises(DataError, match="several EMNIST sets"):
        load_dataset(tmp_path / "two")


@pytest.mark.slow
def test_train_on_letters_and_recognize_them(letters, tmp_path, capsys):
    code = main(
        [
            "train",
            "--arch",
            "cnn-lenet",
            "--epochs",
            "8",
            "--batch-size",
            "32",
            "--data",
            str(letters),
            "--out",
            str(tmp_path / "letters"),
        ]
    )
    assert code == 0
    meta = json.loads((tmp_path / "letters.json").read_text())
    assert meta["class_labels"] == [c + c.lower() for c in LETTERS] and meta["test_accuracy"] > 0.8
    assert meta["dataset"]["name"] == "emnist-letters" and meta["dataset"]["location"] == str(letters.resolve())

    letter = tmp_path / "b.png"
    big = Image.fromarray(255 - render_letter("B", np.random.default_rng(5))).resize((112, 112))
    big.save(letter)  # dark on light, larger: through the whole file pipeline
    capsys.readouterr()
    assert main(["predict", "--json", "--model", str(tmp_path / "letters.onnx"), str(letter)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["digit"] == "Bb" and len(result["probabilities"]) == 12

    assert main(["evaluate", "--json", "--model", str(tmp_path / "letters.onnx")]) == 0  # its own data
    assert json.loads(capsys.readouterr().out)["n"] == 240
    assert (
        main(["evaluate", "--model", str(tmp_path / "letters.onnx"), "--data", str(letters.parent.parent / "nowhere")])
        == 1
    )
    assert main(["evaluate", "--model", str(tmp_path / "letters.onnx"), "--data", str(bundled_mnist_dir())]) == 1
    assert "reads 12 classes" in capsys.readouterr().err
