import csv
import json

import pytest
from PIL import Image

from digitpad.base.errors import ConfigError
from digitpad.cli import main
from digitpad.training.experiments import parse_optimizer_params, parse_optimizers, parse_params_text


def test_parse_optimizers():
    assert parse_optimizers("adam, SGD,nadam") == ["adam", "sgd", "nadam"]
    for bad, message in (("", "at least one"), ("adam,lion", "unknown optimizer 'lion'"), ("adam,adam", "once")):
        with pytest.raises(ConfigError, match=message):
            parse_optimizers(bad)


def test_parse_optimizer_params():
    assert parse_params_text(" momentum=0.9, nesterov = true ,") == {"momentum": "0.9", "nesterov": "true"}
    assert parse_optimizer_params(["adam", "sgd"], ["sgd.momentum=0.9", "SGD.nesterov=true"]) == {
        "adam": {},
        "sgd": {"momentum": "0.9", "nesterov": "true"},
    }
    for bad in (["rmsprop.rho=0.5"], ["momentum=0.9"], ["sgd.momentum"]):
        with pytest.raises(ConfigError):
            parse_optimizer_params(["adam", "sgd"], bad)


@pytest.mark.slow
def test_compare_optimizers_command_writes_plots_and_tables(tmp_path, small_mnist_dir, capsys):
    out = tmp_path / "study"
    code = main(
        [
            "compare-optimizers",
            "--arch",
            "mlp-128",
            "--optimizers",
            "adam,sgd",
            "--epochs",
            "2",
            "--param",
            "sgd.momentum=0.9",
            "--limit",
            "1000",
            "--data",
            str(small_mnist_dir),
            "--out",
            str(out),
        ]
    )
    assert code == 0
    table = capsys.readouterr().out
    assert "adam" in table and "sgd" in table
    rows = list(csv.DictReader((out / "results.csv").open()))
    assert [r["optimizer"] for r in rows] == ["adam", "sgd"]
    assert all(0 <= float(r["test_accuracy"]) <= 1 and float(r["seconds_per_epoch"]) > 0 for r in rows)
    data = json.loads((out / "results.json").read_text())
    assert data["architecture"] == "mlp-128" and len(data["runs"][0]["history"]["val_accuracy"]) == 2
    assert data["runs"][1]["params"]["learning_rate"] == 0.01  # sgd's own default
    assert data["runs"][1]["params"]["momentum"] == 0.9 and data["runs"][0]["params"]["learning_rate"] == 0.001
    assert Image.open(out / "curves.png").size[0] > 600


def test_compare_refuses_bad_input_before_training(tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    for args, message in (
        (["--optimizers", "adam,lion"], "unknown optimizer"),
        (["--epochs", "0"], "epochs must be"),
        (["--optimizers", "adam", "--param", "adam.momentum=0.9"], "no parameter momentum"),
        (["--out", str(tmp_path / "file")], "not a folder"),
    ):
        argv = ["compare-optimizers", "--arch", "mlp-128", "--out", str(tmp_path / "o"), *args]
        assert main(argv) == 1
        assert message in capsys.readouterr().err


@pytest.mark.slow
def test_evaluate_report_writes_the_charts(tmp_path, capsys):
    assert main(["evaluate", "--report", str(tmp_path / "report")]) == 0
    written = sorted(p.name for p in (tmp_path / "report").iterdir())
    assert written == [
        "confusion.png",
        "misclassified.png",
        "per_class.png",
        "report.json",
        "training_curves.png",
        "training_samples.png",
    ]
    report = json.loads((tmp_path / "report" / "report.json").read_text())
    assert report["n"] == 10000 and report["accuracy"] >= 0.995
    assert report["misclassified"] == round((1 - report["accuracy"]) * 10000)
