import hashlib
import json
import subprocess
import sys

import pytest

from digitpad.cli import build_parser, main, training_config_from_args
from tests.cli.cli_helpers import one_line_error, run


def test_predict_files_and_folders(capsys, digits):
    code, out, err = run(capsys, "predict", str(digits))
    assert code == 0 and err == ""
    lines = out.strip().splitlines()
    assert [line.split(": ")[1][0] for line in lines] == ["7", "2", "1"]


def test_predict_json_reports_errors_beside_results(capsys, digits, bad_files):
    code, out, _ = run(capsys, "predict", "--json", str(digits / "d0.png"), str(bad_files["text"]))
    first, second = (json.loads(line) for line in out.strip().splitlines())
    assert first["digit"] == 7 and len(first["probabilities"]) == 10 and first["file"].endswith("d0.png")
    assert set(second) == {"file", "error"} and "not an image" in second["error"]
    assert code == 1


@pytest.mark.parametrize(
    "kind, message",
    [
        ("missing", "not found"),
        ("empty", "empty file"),
        ("text", "not an image"),
        ("truncated", "corrupt|cannot open"),
        ("huge", "too large"),
        ("blank", "blank"),
    ],
)
def test_predict_bad_files(capsys, bad_files, kind, message):
    code, out, err = run(capsys, "predict", str(bad_files[kind]))
    assert code == 1 and out == ""
    assert str(bad_files[kind]) in one_line_error(err)
    import re

    assert re.search(message, err)


def test_predict_folder_without_images_and_bad_models(capsys, tmp_path, digits):
    (tmp_path / "empty_dir").mkdir()
    code, _, err = run(capsys, "predict", str(tmp_path / "empty_dir"))
    assert code == 1 and "no images" in one_line_error(err)

    code, _, err = run(capsys, "predict", "--model", str(tmp_path / "none.onnx"), str(digits))
    assert code == 1 and "not found" in one_line_error(err)

    junk = tmp_path / "junk.onnx"
    junk.write_bytes(b"\0junk" * 100)
    junk.with_suffix(".json").write_text(
        json.dumps({"format": "digitpad-model", "onnx_sha256": hashlib.sha256(junk.read_bytes()).hexdigest()})
    )
    code, _, err = run(capsys, "predict", "--model", str(junk), str(digits))
    assert code == 1 and "not a valid ONNX model" in one_line_error(err)

    (tmp_path / "plain.onnx").write_bytes(b"x")  # no .json: read as a plain ONNX model, which this is not
    code, _, err = run(capsys, "predict", "--model", str(tmp_path / "plain.onnx"), str(digits))
    assert code == 1 and "not a valid ONNX model" in one_line_error(err)


@pytest.mark.slow
def test_evaluate_json(capsys):
    code, out, _ = run(capsys, "evaluate", "--json")
    result = json.loads(out)
    assert code == 0 and result["n"] == 10000 and result["accuracy"] >= 0.995
    assert len(result["per_class"]) == 10 and len(result["confusion"]) == 10
    assert sum(map(sum, result["confusion"])) == 10000


def test_evaluate_with_other_data(capsys, small_mnist_dir, tmp_path):
    code, out, _ = run(capsys, "evaluate", "--data", str(small_mnist_dir))
    assert code == 0 and "on 500 test images" in out
    code, _, err = run(capsys, "evaluate", "--data", str(tmp_path / "nowhere"))
    assert code == 1 and "no such folder" in one_line_error(err)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--arch", "resnet"], "unknown architecture 'resnet'; choose one of: mlp-256"),
        (["--arch", "mlp-128", "--optimizer", "lion"], "unknown optimizer 'lion'"),
        (["--arch", "mlp-128", "--lr", "-3"], "learning_rate must be between"),
        (["--arch", "mlp-128", "--lr", "nan"], "learning_rate must be between"),
        (["--arch", "mlp-128", "--epochs", "0"], "epochs must be a whole number"),
        (["--arch", "mlp-128", "--batch-size", "100000"], "batch size"),
        (["--arch", "mlp-128", "--validation-split", "2"], "validation split"),
        (["--arch", "mlp-128", "--param", "momentum=2"], "no parameter momentum"),
        (["--arch", "mlp-128", "--optimizer", "sgd", "--param", "momentum=2"], "momentum must be between"),
        (["--arch", "mlp-128", "--param", "oops"], "NAME=VALUE"),
        (["--arch", "mlp-128", "--epochs", "many"], "invalid int value"),
    ],
)
def test_train_refuses_bad_parameters_in_one_line(capsys, tmp_path, args, message):
    code, _, err = run(capsys, "train", *args, "--out", str(tmp_path / "m"))
    assert code in (1, 2) and message in one_line_error(err)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_train_command_writes_a_working_model(capsys, tmp_path, small_mnist_dir, digits):
    code, out, err = run(
        capsys,
        "train",
        "--arch",
        "mlp-128",
        "--optimizer",
        "sgd",
        "--lr",
        "0.1",
        "--param",
        "momentum=0.9",
        "--param",
        "nesterov=true",
        "--epochs",
        "2",
        "--limit",
        "1500",
        "--data",
        str(small_mnist_dir),
        "--out",
        str(tmp_path / "m"),
    )
    assert code == 0 and "test accuracy" in out and "epoch 2/2" in err
    meta = json.loads((tmp_path / "m.json").read_text())
    assert meta["optimizer_params"] == {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.0}
    code, out, _ = run(capsys, "predict", "--model", str(tmp_path / "m.onnx"), str(digits / "d0.png"))
    assert code == 0 and "d0.png" in out


def test_bundled_model_command_in_readme_reproduces_its_config():
    """The README's training command stands for exactly the config recorded in the bundled model."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text()
    command = next(
        line.strip()
        for line in readme.splitlines()
        if line.strip().startswith("digitpad train") and "digitpad-cnn" in line
    )
    args = build_parser().parse_args(command.split()[1:])
    metadata = json.loads((root / "models" / "digitpad-cnn.json").read_text())
    recorded = metadata["training"]
    assert args.data == metadata["dataset"]["location"] == "mnist+pen"  # trained on MNIST plus the pen digits
    config = vars(training_config_from_args(args))
    assert {key: config[key] for key in recorded} == recorded
    assert set(config) - set(recorded) <= {"hidden"} and config.get("hidden") is None  # added after training


def test_no_arguments_and_help_and_version():
    for args in (["--help"], ["--version"], ["predict", "--help"]):
        out = subprocess.run([sys.executable, "-m", "digitpad", *args], capture_output=True, text=True)
        assert out.returncode == 0 and out.stdout and not out.stderr
    out = subprocess.run([sys.executable, "-m", "digitpad", "frobnicate"], capture_output=True, text=True)
    assert out.returncode == 2 and "invalid choice" in one_line_error(out.stderr)


def test_models_lists_zoo_and_optimizers(capsys):
    code, out, _ = run(capsys, "models")
    assert code == 0 and "cnn-lenet" in out and "38,390 params" in out and "nesterov=False" in out


@pytest.mark.slow
def test_selftest_trains_in_a_worker_process_and_predicts(capsys):
    assert main(["selftest"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["trained_accuracy"] > 0.5 and report["bundled_accuracy"] >= 0.995
