"""Fit the calibration of a number's confidence (`digitpad.reading.reader.CALIBRATION`) on held-out
writers, and check it on others.

    python benchmarks/number_calibration.py --realworld DIR [--fit fold-1] [--check fold-2]
                                            [--numbers 300]

DIR holds the fold models of `benchmarks/realworld.py --models DIR` and each fold's sequence
model (`python -m digitpad.training.sequence_training --folds DIR --fold fold-k`). Each fold's writers'
numbers are read by that fold's models as `benchmarks/number_reading.py --realworld --tight`
composes them (on the pad, as a screenshot, on paper, with separators, amounts on forms; other
seeds than the benchmark's). For pad strokes and for images apart, it fits (a, b) of
sigmoid(a logit(p) + b) to whether each reading was exactly right (logistic regression on the
logit of the uncalibrated confidence p), then prints the constants and the calibration error
before (p itself), with the shipped constants and after (the fitted ones), on the fitting folds
and on the check folds.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.append(str(Path(__file__).resolve().parent))

from number_reading import (
    PAPER_RESOLUTIONS,
    TIGHT,
    DigitsOf,
    calibration,
    pad_screenshot,
    pen_numbers,
    separated_numbers,
    unipen_symbols,
)
from separators import FORMATS

from digitpad.data.datasets import writer_key
from digitpad.data.pendigits import load_pendigits
from digitpad.data.synth.forms import PAPERS, amount_pattern, render_amount, write_amount
from digitpad.data.synth.number_writing import render_on_paper, write_separated
from digitpad.data.unipen import load_unipen_digits
from digitpad.imaging.drawing import Drawing
from digitpad.reading.reader import CALIBRATION
from digitpad.recognizer import Recognizer

FLOOR = 1e-6


def fold_readings(directory: Path, fold: str, held_out: set, pen, count: int, seed: int):
    """(from strokes, uncalibrated confidence, exactly right) of `count` numbers of each kind."""
    rng = np.random.default_rng(seed)
    recognizer = Recognizer(directory / f"{fold}.onnx")
    sequence = directory / f"{fold}-sequence.onnx"
    recognizer.sequence_path = sequence if sequence.is_file() else False
    digits = [d for d in pen if writer_key(d) in held_out]
    symbols = unipen_symbols()
    results = []

    def read(source, truth, strokes: bool, compare=lambda r: r):
        reading = recognizer.read(source)
        if len(reading.characters) >= 2:  # one digit keeps its own confidence
            results.append((strokes, reading.uncalibrated_confidence, compare(reading).text == truth))

    for strokes, pen_width, _, truth in pen_numbers(digits, count, rng, TIGHT):
        read(Drawing(tuple(tuple(s) for s in strokes), pen_width), truth, True)
        read(pad_screenshot(strokes, pen_width, rng), truth, False)
        read(render_on_paper(strokes, pen_width, rng, float(rng.choice(PAPER_RESOLUTIONS))), truth, False)
    for parts, truth in separated_numbers(digits, symbols, count, rng, list(FORMATS.values())):
        strokes, pen_width = write_separated(parts, rng, TIGHT)
        read(Drawing(tuple(tuple(s) for s in strokes), pen_width), truth, True)
        read(render_on_paper(strokes, pen_width, rng, float(rng.choice(PAPER_RESOLUTIONS))), truth, False)
    for index, (parts, truth) in enumerate(separated_numbers(digits, symbols, count, rng, [amount_pattern])):
        strokes, pen_width = write_amount(parts, rng, TIGHT, underline=rng.random() < 0.3)
        image = render_amount(
            strokes, pen_width, rng, float(rng.choice(PAPER_RESOLUTIONS)), PAPERS[index % len(PAPERS)]
        )
        read(image, "".join(c for c in truth if c.isdigit()), False, DigitsOf)
    return results


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, FLOOR, 1.0 - FLOOR)
    return np.log(p / (1.0 - p))


def fit(confidences: np.ndarray, right: np.ndarray) -> tuple[float, float]:
    """(a, b) maximising the likelihood of `right` under sigmoid(a logit(p) + b): Newton's
    method on the two parameters, each step halved until the likelihood improves (a small
    ridge keeps it finite when the classes part)."""
    features = np.stack([logit(confidences), np.ones(len(confidences))], axis=1)

    def loss(weights):
        z = features @ weights
        return float(np.sum(np.logaddexp(0.0, z) - right * z) + 0.5e-3 * weights @ weights)

    weights = np.array([1.0, 0.0])
    for _ in range(100):
        predicted = 1.0 / (1.0 + np.exp(-np.clip(features @ weights, -500, 500)))
        gradient = features.T @ (predicted - right) + 1e-3 * weights
        hessian = (features * (predicted * (1 - predicted))[:, None]).T @ features + 1e-3 * np.eye(2)
        step = np.linalg.solve(hessian, gradient)
        before = loss(weights)
        while loss(weights - step) > before and np.abs(step).max() > 1e-12:
            step /= 2
        weights -= step
        if np.abs(step).max() < 1e-9:
            break
    return float(weights[0]), float(weights[1])


def calibrated(confidences: np.ndarray, constants: tuple[float, float]) -> np.ndarray:
    a, b = constants
    return 1.0 / (1.0 + np.exp(-np.clip(a * logit(confidences) + b, -500, 500)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--realworld", metavar="DIR", required=True)
    parser.add_argument("--fit", nargs="+", default=["fold-1"])
    parser.add_argument("--check", nargs="*", default=["fold-2"])
    parser.add_argument("--numbers", type=int, default=300, help="numbers of each kind per fold")
    parser.add_argument("--seed", type=int, default=29)
    args = parser.parse_args()

    directory = Path(args.realworld)
    folds = json.loads((directory / "folds.json").read_text())
    pen = list(load_pendigits()) + list(load_unipen_digits())
    readings = {}
    for offset, fold in enumerate(args.fit + args.check):
        readings[fold] = fold_readings(directory, fold, set(folds[fold]), pen, args.numbers, args.seed + offset)
        print(f"{fold}: {len(readings[fold])} readings", flush=True)
    constants = {}
    for source, strokes in (("strokes", True), ("images", False)):
        rows = [(p, r) for fold in args.fit for s, p, r in readings[fold] if s == strokes]
        constants[source] = fit(np.array([p for p, _ in rows]), np.array([r for _, r in rows], float))
    print("\nCALIBRATION = {" + ", ".join(f'"{k}": ({a:.3f}, {b:.3f})' for k, (a, b) in constants.items()) + "}\n")
    for title, names in (("fitted on", args.fit), ("checked on", args.check)):
        if not names:
            continue
        for source, strokes in (("strokes", True), ("images", False), ("all", None)):
            rows = [(s, p, r) for fold in names for s, p, r in readings[fold] if strokes is None or s == strokes]
            raw = [(p, r) for _, p, r in rows]
            after = [
                (float(calibrated(np.array([p]), constants["strokes" if s else "images"])[0]), r) for s, p, r in rows
            ]
            shipped = [
                (float(calibrated(np.array([p]), CALIBRATION["strokes" if s else "images"])[0]), r) for s, p, r in rows
            ]
            print(f"{title} {' '.join(names)}, {source} ({len(rows)}): before  {calibration(raw)}")
            print(f"{' ' * len(title)} {' '.join(names)}, {source} ({len(rows)}): shipped {calibration(shipped)}")
            print(f"{' ' * len(title)} {' '.join(names)}, {source} ({len(rows)}): after   {calibration(after)}")


if __name__ == "__main__":
    main()
