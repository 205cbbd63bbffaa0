"""The optimizer study: one architecture trained with several optimizers in turn, compared.

Each run is an ordinary `training.train` with the same data split, seed and epochs, so
the only difference is the optimizer. Results come as rows (a table, CSV, JSON) and
as overlaid accuracy/loss curves. The runs themselves are `training.compare_optimizers`; this
module holds what the window and the command line need without the training code.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from digitpad.base.atomic import write_text_atomic
from digitpad.base.errors import ConfigError
from digitpad.training import zoo
from digitpad.training.runs import TrainConfig

DEFAULT_OPTIMIZERS = zoo.DEFAULT_OPTIMIZERS


@dataclass
class OptimizerRun:
    optimizer: str
    params: dict[str, Any]
    history: dict[str, list[float]]
    test_accuracy: float
    seconds_per_epoch: float

    @property
    def final_val_accuracy(self) -> float | None:
        values = self.history.get("val_accuracy") or []
        return values[-1] if values else None

    @property
    def best_val_accuracy(self) -> float | None:
        values = self.history.get("val_accuracy") or []
        return max(values) if values else None

    def row(self) -> dict[str, Any]:
        return {
            "optimizer": self.optimizer,
            "final_val_accuracy": self.final_val_accuracy,
            "best_val_accuracy": self.best_val_accuracy,
            "test_accuracy": self.test_accuracy,
            "seconds_per_epoch": round(self.seconds_per_epoch, 2),
            "params": json.dumps(self.params, sort_keys=True),
        }


@dataclass
class Comparison:
    architecture: str
    base: TrainConfig
    runs: list[OptimizerRun] = field(default_factory=list)

    def curves(self) -> dict[str, dict[str, list[float]]]:
        return {run.optimizer: run.history for run in self.runs}

    def csv_text(self) -> str:
        buffer = io.StringIO()
        columns = [
            "optimizer",
            "final_val_accuracy",
            "best_val_accuracy",
            "test_accuracy",
            "seconds_per_epoch",
            "params",
        ]
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for run in self.runs:
            writer.writerow(run.row())
        return buffer.getvalue()

    def to_dict(self) -> dict:
        return {
            "architecture": self.architecture,
            "settings": asdict(self.base),
            "runs": [{**run.row(), "params": run.params, "history": run.history} for run in self.runs],
        }

    def write(self, out_dir: str | Path) -> dict[str, Path]:
        """results.csv, results.json and curves.png into `out_dir`."""
        from digitpad.plots import new_figure, plot_curves, save_png

        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        write_text_atomic(out / "results.csv", self.csv_text())
        write_text_atomic(out / "results.json", json.dumps(self.to_dict(), indent=1))
        figure = new_figure(10, 4)
        plot_curves(figure, self.curves())
        figure.suptitle(f"{self.architecture}: optimizers compared")
        save_png(figure, out / "curves.png")
        return {"csv": out / "results.csv", "json": out / "results.json", "png": out / "curves.png"}


def parse_optimizers(text: str) -> list[str]:
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    if not names:
        raise ConfigError("name at least one optimizer, e.g. adam,sgd")
    for name in names:
        zoo.get_optimizer(name)
    if len(set(names)) != len(names):
        raise ConfigError("each optimizer may be named once")
    return names


def parse_params_text(text: str) -> dict[str, str]:
    """ "momentum=0.9, nesterov=true" -> {"momentum": "0.9", "nesterov": "true"} (values checked by the zoo)."""
    params: dict[str, str] = {}
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise ConfigError(f"parameters are written name=value, got {item!r}")
        params[name.strip()] = value.strip()
    return params


def parse_optimizer_params(names: list[str], items: list[str]) -> dict[str, dict[str, str]]:
    """Command-line items "sgd.momentum=0.9" -> {"sgd": {"momentum": "0.9"}, "adam": {}, ...}."""
    params: dict[str, dict[str, str]] = {name: {} for name in names}
    for item in items:
        target, sep, assignment = item.partition(".")
        if not sep or target.lower() not in params:
            raise ConfigError(f"--param takes OPTIMIZER.NAME=VALUE for one of {', '.join(names)}, got {item!r}")
        params[target.lower()].update(parse_params_text(assignment))
    return params
