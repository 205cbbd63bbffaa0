import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import digitpad
from digitpad.base.errors import EmptyImageError, ImageError, ModelError
from digitpad.base.paths import bundled_model_path


@pytest.fixture(scope="module")
def recognizer():
    return digitpad.load_recognizer()


@pytest.fixture
def model_copy(tmp_path) -> Path:
    for ext in ("keras", "onnx", "json"):
        shutil.copy(bundled_model_path().with_suffix(f".{ext}"), tmp_path / f"m.{ext}")
    return tmp_path / "m.onnx"


@pytest.mark.slow
def test_bundled_model_accuracy_on_the_full_mnist_test_set(recognizer, mnist):
    probabilities = recognizer.probabilities(mnist.x_test.astype(np.float32) / 255.0)
    accuracy = float((probabilities.argmax(axis=1) == mnist.y_test).mean())
    assert accuracy >= 0.995, accuracy
    assert recognizer.test_accuracy == pytest.approx(accuracy, abs=2e-4)  # its metadata tells the truth


def test_predict_accepts_paths_pil_images_and_arrays(recognizer, mnist, tmp_path):
    digit = mnist.x_test[0]  # a 7
    path = tmp_path / "seven.png"
    Image.fromarray(255 - digit).save(path)  # as a scan: dark ink on white
    for source in (
        digit,
        digit.astype(np.float32) / 255,
        Image.fromarray(digit),
        path,
        str(path),
        path.read_bytes(),
        np.stack([255 - digit] * 3, axis=-1),
    ):
        prediction = recognizer.predict(source)
        assert prediction.digit == 7 and prediction.label == "7"
        assert prediction.probabilities.shape == (10,)
        assert prediction.probabilities.sum() == pytest.approx(1.0)
        assert prediction.confidence == pytest.approx(prediction.probabilities.max())
        assert prediction.image28.shape == (28, 28)
        assert not prediction.uncertain


def test_predict_batch_keeps_going_past_bad_inputs(recognizer, mnist, bad_files):
    results = recognizer.predict_batch([mnist.x_test[0], bad_files["text"], np.zeros((9, 9)), mnist.x_test[1]])
    assert [getattr(r, "digit", None) for r in results] == [7, None, None, 2]
    assert isinstance(results[1], ImageError) and isinstance(results[2], EmptyImageError)


def test_prediction_never_imports_tensorflow(tmp_path):
    image = tmp_path / "d.png"
    Image.new("L", (50, 50), 255).save(image)
    from PIL import ImageDraw

    with Image.open(image) as im:
        ImageDraw.Draw(im).line((25, 5, 25, 45), fill=0, width=4)
        im.save(image)
    code = (
        "import sys, digitpad; r = digitpad.load_recognizer(); p = r.predict(sys.argv[1]); "
        "print(p.digit, 'tensorflow' in sys.modules, 'keras' in sys.modules, 'PySide6' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(image)], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "False", "False", "False"]


def test_broken_model_files_give_model_errors(model_copy):
    from digitpad.recognizer import Recognizer

    json_path = model_copy.with_suffix(".json")
    meta = json.loads(json_path.read_text())

    with pytest.raises(ModelError, match="not found"):
        Recognizer(model_copy.with_name("other.onnx"))

    original = model_copy.read_bytes()
    model_copy.write_bytes(original[: len(original) // 2])
    with pytest.raises(ModelError, match="does not match its metadata"):
        Recognizer(model_copy)

    json_path.write_text(json.dumps({k: v for k, v in meta.items() if k != "onnx_sha256"}))
    with pytest.raises(ModelError, match="no onnx_sha256"):
        Recognizer(model_copy)

    json_path.write_text(json.dumps({**meta, "onnx_sha256": hashlib.sha256(model_copy.read_bytes()).hexdigest()}))
    with pytest.raises(ModelError, match="not a valid ONNX model"):
        Recognizer(model_copy)

    model_copy.write_bytes(original)
    json_path.write_text(json.dumps({**meta, "class_labels": list("abc"), "per_class_accuracy": None}))
    with pytest.raises(ModelError, match="gives 11 outputs where its metadata promises 4"):
        Recognizer(model_copy)

    json_path.write_text("{ not json")
    with pytest.raises(ModelError, match="corrupt model metadata"):
        Recognizer(model_copy)

    json_path.write_text(json.dumps({"hello": "world"}))
    with pytest.raises(ModelError, match="not a DigitPad model"):
        Recognizer(model_copy)

    json_path.unlink()
    with pytest.raises(ModelError, match="metadata not found"):
        Recognizer(model_copy.with_suffix(".keras"))  # a DigitPad model named by its other files needs its .json
    plain = Recognizer(model_copy)  # the .onnx alone: read as a plain model, its classes numbered
    assert plain.plain and plain.labels == tuple(str(i) for i in range(11)) and not plain.has_embedding


def test_uncertain_when_two_classes_are_close(recognizer):
    from digitpad.recognizer import Prediction

    probabilities = np.array([0, 0, 0, 0, 0.48, 0, 0, 0, 0, 0.42]) + 0.01
    p = Prediction("4", 4, 0.49, probabilities / probabilities.sum(), recognizer.labels, np.zeros((28, 28)))
    assert p.uncertain and [label for label, _ in p.top(2)] == ["4", "9"]


def test_evaluation_reports_progress_chunk_by_chunk(mnist):
    import dataclasses

    from digitpad import load_recognizer
    from digitpad.report import evaluate_recognizer

    subset = dataclasses.replace(mnist, x_test=mnist.x_test[:2500], y_test=mnist.y_test[:2500])
    steps = []
    result = evaluate_recognizer(load_recognizer(), subset, on_progress=lambda done, total: steps.append(done))
    assert steps == [1000, 2000, 2500] and result.n == 2500 and result.accuracy > 0.99
