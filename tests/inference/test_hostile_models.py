"""Model files are untrusted input: a foreign or hostile ONNX model is refused at load with
one line, or read correctly; it never hangs, crashes or answers NaN."""

import json

import numpy as np
import pytest

from digitpad.base.errors import ModelError
from digitpad.recognizer import Recognizer
from tests.hostile_models import DOUBLE, UINT8, digit_model, endless_loop_model, huge_allocation_model, write_model


def test_a_sane_foreign_model_reads_digits(tmp_path):
    recognizer = Recognizer(write_model(tmp_path, "plain", digit_model()))
    prediction = recognizer.predict(np.eye(28, dtype=np.float32))
    assert prediction.label in recognizer.labels and np.isclose(prediction.probabilities.sum(), 1)
    assert not recognizer.has_embedding  # no embedding output: reads without personal samples


def test_a_fixed_batch_of_one_and_double_input_are_read_image_by_image(tmp_path):
    for name, model in [("batch1", digit_model(batch=1)), ("double", digit_model(input_type=DOUBLE))]:
        recognizer = Recognizer(write_model(tmp_path, name, model))
        images = np.random.default_rng(1).random((3, 28, 28), dtype=np.float32)
        assert recognizer.probabilities(images).shape == (3, 10)


@pytest.mark.parametrize(
    "model, message",
    [
        (digit_model(input_type=UINT8), r"tensor\(uint8\) input"),
        (digit_model(scores="rank3"), "shape Nx1x10 where its metadata promises 10"),
        (digit_model(scores="scalar"), "shape scalar"),
        (digit_model(scores="zeros"), "not probabilities"),
        (digit_model(scores="nan"), "NaN"),
        (digit_model(classes=12), "gives 12 outputs where its metadata promises 10"),
        (huge_allocation_model(), "failed to run"),
    ],
)
def test_models_that_break_the_contract_are_refused_in_one_line(tmp_path, model, message):
    with pytest.raises(ModelError, match=message) as error:
        Recognizer(write_model(tmp_path, "bad", model))
    assert "\n" not in str(error.value)


def test_a_model_that_never_answers_is_refused_within_the_time_limit(tmp_path, monkeypatch):
    monkeypatch.setattr("digitpad.inference.model_session.TEST_RUN_LIMIT_S", 1.0)
    with pytest.raises(ModelError, match="did not answer a test image"):
        Recognizer(write_model(tmp_path, "loop", endless_loop_model()))


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("class_labels", 10, "class_labels"),
        ("class_labels", [[0], [1]], "class_labels"),
        ("class_labels", ["0"] * 10, "class_labels"),
        ("test_accuracy", "0.99", "test_accuracy"),
        ("test_accuracy", 1e308, "test_accuracy"),
        ("embedding_size", 10**12, "embedding_size"),
        ("not_a_digit_output", "yes", "not_a_digit_output"),
        ("name", {"a": 1}, "name must be text"),
        ("per_class_accuracy", [0.9] * 3, "per_class_accuracy"),
        ("onnx_sha256", 12345, "onnx_sha256"),
    ],
)
def test_wrong_typed_metadata_is_refused_in_one_line(tmp_path, field, value, message):
    path = write_model(tmp_path, "typed", digit_model())
    meta = json.loads(path.with_suffix(".json").read_text())
    path.with_suffix(".json").write_text(json.dumps({**meta, field: value}))
    with pytest.raises(ModelError, match=message):
        Recognizer(path)


def test_deeply_nested_or_huge_metadata_is_refused(tmp_path, monkeypatch):
    path = write_model(tmp_path, "nested", digit_model())
    json_path = path.with_suffix(".json")
    meta = json.loads(json_path.read_text())
    json_path.write_text(json.dumps(meta)[:-1] + ', "history": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(ModelError, match="nested too deeply"):
        Recognizer(path)
    monkeypatch.setattr("digitpad.inference.modelfile.MAX_METADATA_BYTES", 100)
    json_path.write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="too large"):
        Recognizer(path)


def test_a_plain_onnx_model_without_metadata_is_read_as_an_mnist_style_model(tmp_path):
    """Any ONNX model with a 28x28 grey input and N outputs: classes numbered, logits softmaxed,
    channels-first and flat inputs too."""
    import onnx

    from tests.hostile_models import digit_model

    for name, model in [("logits", digit_model(scores="zeros")), ("probabilities", digit_model())]:
        path = tmp_path / f"{name}.onnx"
        onnx.save(model, path)  # no .json beside it
        recognizer = Recognizer(path)
        prediction = recognizer.predict(np.eye(28, dtype=np.float32))
        assert recognizer.plain and recognizer.labels == tuple("0123456789")
        assert np.isclose(prediction.probabilities.sum(), 1) and (prediction.probabilities >= 0).all()
    channels_first = digit_model()
    dims = channels_first.graph.input[0].type.tensor_type.shape.dim
    dims[1].dim_value, dims[3].dim_value = 1, 28  # (N, 1, 28, 28), as PyTorch exports
    onnx.save(channels_first, tmp_path / "nchw.onnx")
    assert Recognizer(tmp_path / "nchw.onnx").predict(np.eye(28, dtype=np.float32)).label in "0123456789"
    wrong = digit_model()
    wrong.graph.input[0].type.tensor_type.shape.dim[1].dim_value = 32
    onnx.save(wrong, tmp_path / "wrong.onnx")
    with pytest.raises(ModelError, match="takes input Nx32x28x1, not a batch of 28x28 grey images"):
        Recognizer(tmp_path / "wrong.onnx")
