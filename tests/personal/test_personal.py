"""Reading with the user's samples: instant adaptation, the store behind it, the command line."""

import json
import shutil

import numpy as np
import pytest
from PIL import Image

import digitpad
from digitpad.base.errors import ModelError
from digitpad.base.paths import bundled_model_path
from digitpad.cli import main
from digitpad.data.datasets import pen_images
from digitpad.data.pendigits import load_pendigits
from digitpad.personal.sample_store import SampleStore, default_store_path


@pytest.fixture
def images(mnist):
    return mnist.x_test.astype(np.float32) / 255.0


@pytest.fixture
def model_without_embedding(tmp_path):
    """An older model: the same network, but its metadata promises no embedding output."""
    for ext in ("keras", "onnx"):
        shutil.copy(bundled_model_path().with_suffix(f".{ext}"), tmp_path / f"old.{ext}")
    meta = json.loads(bundled_model_path().with_suffix(".json").read_text())
    del meta["embedding_size"]
    (tmp_path / "old.json").write_text(json.dumps(meta))
    return tmp_path / "old.onnx"


def test_the_bundled_model_has_an_embedding_and_reads_alone_by_default(images):
    recognizer = digitpad.load_recognizer()
    assert recognizer.embedding_size == 128 and recognizer.can_use_personal_samples
    assert recognizer.embeddings(images[:3]).shape == (3, 128)
    prediction = recognizer.predict_image28(images[0])
    assert prediction.personal_samples == 0 and prediction.to_dict()["personal_samples"] == 0


def test_a_taught_drawing_is_read_as_taught_at_once_and_others_are_not_disturbed(images, mnist):
    recognizer = digitpad.load_recognizer()
    seven = images[0]
    assert mnist.y_test[0] == 7 and recognizer.predict_image28(seven).label == "7"
    before = [p.label for p in recognizer.predict_images28(images[1:1001])]
    recognizer.teach(seven, "1")  # no store: in memory only
    after_teaching = recognizer.predict(seven)  # the same input, through the same recipe as taught
    assert after_teaching.label == "1" and after_teaching.personal_influence == 1.0
    after = [p.label for p in recognizer.predict_images28(images[1:1001])]
    assert sum(a != b for a, b in zip(before, after)) <= 2  # one odd sample does not rewrite MNIST


def test_twenty_samples_of_one_writer_leave_mnist_as_it_was(images, mnist):
    """The benchmark's check (benchmarks/personal.py) in small: one pen writer, 2 samples per digit."""
    recognizer = digitpad.load_recognizer()
    digits = [d for d in load_pendigits() if d.writer == 3]
    chosen = [d for label in range(10) for d in [d for d in digits if d.label == str(label)][:2]]
    taught, labels = pen_images(chosen, 1, seed=11)
    recognizer_alone = [p.index for p in recognizer.predict_images28(images[:3000])]
    recognizer.use_personal_samples(taught.astype(np.float32) / 255.0, labels)
    assert recognizer.personal_sample_count == 20
    with_samples = [p.index for p in recognizer.predict_images28(images[:3000])]
    correct_alone = np.mean(np.array(recognizer_alone) == mnist.y_test[:3000])
    correct_with = np.mean(np.array(with_samples) == mnist.y_test[:3000])
    assert correct_with >= correct_alone - 0.002


def test_samples_in_a_store_are_kept_for_the_next_recognizer(tmp_path, images):
    store_path = tmp_path / "samples.sqlite3"
    first = digitpad.load_recognizer(personal=store_path)
    sample_id = first.teach(images[0], "1")
    assert sample_id == 1
    stored = first.store.get(sample_id)
    assert stored.label == "1" and stored.predicted == "7" and stored.model_id == first.model_id
    second = digitpad.load_recognizer(personal=SampleStore(store_path))
    assert second.predict(images[0]).label == "1"  # the same input, through the same recipe as taught
    assert digitpad.load_recognizer().predict(images[0]).label == "7"  # alone: the model's answer


def test_a_model_without_embedding_still_reads_but_cannot_learn(model_without_embedding, tmp_path, images):
    store = SampleStore(tmp_path / "samples.sqlite3")
    store.add("1", images[0])
    old = digitpad.load_recognizer(model_without_embedding, personal=store)
    assert not old.can_use_personal_samples and old.personal_sample_count == 0
    assert old.predict_image28(images[0]).label == "7"
    with pytest.raises(ModelError, match="cannot learn"):
        old.teach(images[1], "2")


def test_a_model_promising_an_embedding_it_lacks_is_refused(model_without_embedding):
    meta_path = model_without_embedding.with_suffix(".json")
    meta = json.loads(meta_path.read_text())
    meta["embedding_size"] = 64
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="no embedding of size 64"):
        digitpad.load_recognizer(model_without_embedding)


# ---------------------------------------------------------------- command line


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def seven(tmp_path, mnist):
    path = tmp_path / "seven.png"
    Image.fromarray(255 - mnist.x_test[0]).resize((112, 112)).save(path)
    return path


def test_teach_then_predict_with_and_without_personal_samples(capsys, seven, tmp_path):
    code, out, _ = run(capsys, "teach", "--label", "1", str(seven))
    assert code == 0 and "taught 1 sample of 1" in out
    code, out, _ = run(capsys, "predict", "--json", str(seven))
    answer = json.loads(out)
    assert code == 0 and answer["digit"] == 1 and answer["personal_samples"] == 1
    assert answer["personal_influence"] == 1.0
    code, out, _ = run(capsys, "predict", "--json", "--no-personal", str(seven))
    answer = json.loads(out)
    assert answer["digit"] == 7 and answer["personal_samples"] == 0


def test_samples_list_export_import_remove_clear(capsys, seven, tmp_path):
    run(capsys, "teach", "--label", "1", str(seven))
    code, out, _ = run(capsys, "samples", "list")
    assert code == 0 and "file seven.png" in out and "read as 7" in out and "1 sample in" in out
    archive = tmp_path / "mine.zip"
    assert run(capsys, "samples", "export", str(archive))[0] == 0 and archive.is_file()
    code, out, _ = run(capsys, "samples", "import", str(archive))
    assert code == 0 and "0 samples added, 1 already there" in out
    code, _, err = run(capsys, "samples", "clear")  # not a terminal: refuses without --yes
    assert code == 1 and "--yes" in err and SampleStore().count() == 1
    code, _, err = run(capsys, "samples", "remove", "42")
    assert code == 1 and "no sample with id 42" in err
    assert run(capsys, "samples", "remove", "1")[0] == 0 and SampleStore().count() == 0
    run(capsys, "samples", "import", str(archive))
    code, out, _ = run(capsys, "samples", "clear", "--yes")
    assert code == 0 and "deleted 1 sample" in out and SampleStore().count() == 0


def test_bad_input_to_teach_and_samples_is_one_line(capsys, seven, tmp_path):
    code, _, err = run(capsys, "teach", "--label", "x", str(seven))
    assert code == 1 and "label is a digit" in err
    code, _, err = run(capsys, "samples", "import", str(seven))
    assert code == 1 and "not a sample archive" in err
    code, _, err = run(capsys, "samples", "export", str(tmp_path))
    assert code == 1 and "is a folder" in err


def test_a_damaged_store_costs_the_samples_not_the_answer(capsys, seven):
    path = default_store_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"garbage" * 500)
    code, out, err = run(capsys, "predict", str(seven))
    assert code == 0 and ": 7 (" in out and "reading without your samples" in err
    assert path.read_bytes() == b"garbage" * 500
    code, _, err = run(capsys, "teach", "--label", "1", str(seven))
    assert code == 1 and "left untouched" in err


def test_reading_with_personal_samples_never_imports_tensorflow_or_matplotlib(tmp_path, images):
    import subprocess
    import sys

    store = tmp_path / "samples.sqlite3"
    with SampleStore(store) as opened:
        opened.add("1", images[0])
    code = (
        "import sys, numpy as np, digitpad; r = digitpad.load_recognizer(personal=sys.argv[1]); "
        "p = r.predict_image28(np.load(sys.argv[2])); "
        "print(p.digit, p.personal_samples, *(m in sys.modules for m in ('tensorflow', 'keras', 'matplotlib')))"
    )
    np.save(tmp_path / "seven.npy", images[0])
    out = subprocess.run(
        [sys.executable, "-c", code, str(store), str(tmp_path / "seven.npy")],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    assert out.stdout.split() == ["1", "1", "False", "False", "False"]
