"""The command line's grammar: `digitpad --help` and each command's options."""

from __future__ import annotations

import argparse

from digitpad import __version__
from digitpad.cli.common import EXIT_USAGE
from digitpad.training.settings import COMPARE_EPOCHS, FINETUNE_DEFAULTS, TRAINING_DEFAULTS
from digitpad.training.zoo import DEFAULT_OPTIMIZERS

DATA_HELP = (
    '"mnist+pen" (bundled MNIST plus the bundled pen digits of 30 writers), an MNIST or EMNIST '
    "folder, mnist.npz, or folder/emnist-NAME; default: bundled MNIST"
)


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, not argparse's usage dump
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="digitpad", description="Handwritten digit recognition.")
    parser.add_argument("--version", action="version", version=f"digitpad {__version__}")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the window offscreen, draw a digit with the mouse, check the answer, exit",
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    for name, what in (
        ("predict", "recognize the digit in image files"),
        ("read", "read the whole number (one or more digits) in image files"),
    ):
        p = sub.add_parser(name, help=what)
        p.add_argument("paths", nargs="+", metavar="PATH", help="image files or folders of images")
        p.add_argument("--json", action="store_true", help="one JSON object per line")
        p.add_argument("--model", metavar="PATH", help="a DigitPad model (.onnx/.keras/.json); default: bundled")
        p.add_argument(
            "--no-personal",
            action="store_true",
            help="read with the model alone, not with the digits you taught (see 'digitpad samples')",
        )

    p = sub.add_parser("teach", help="teach DigitPad your handwriting: store image files as samples of one digit")
    p.add_argument("--label", required=True, metavar="D", help="the digit the images show, 0-9")
    p.add_argument("paths", nargs="+", metavar="PATH", help="image files or folders of images")

    p = sub.add_parser("samples", help="list, export, import or remove the digits you taught")
    samples = p.add_subparsers(dest="action", required=True, parser_class=_Parser, metavar="ACTION")
    samples.add_parser("list", help="the samples, with counts per digit")
    samples.add_parser("export", help="write every sample to a zip file").add_argument("file", metavar="FILE")
    samples.add_parser("import", help="add the samples of a zip file made by 'export'").add_argument(
        "file", metavar="FILE"
    )
    samples.add_parser("remove", help="delete samples by id (see 'list')").add_argument(
        "ids", nargs="+", type=int, metavar="ID"
    )
    samples.add_parser("clear", help="delete every sample").add_argument(
        "--yes", action="store_true", help="do not ask for confirmation"
    )

    p = sub.add_parser("finetune", help="fine-tune a model on MNIST + pen digits + the digits you taught")
    p.add_argument("--model", metavar="PATH", help="the model to start from (default: bundled)")
    tune = FINETUNE_DEFAULTS  # the window's dialog starts from them too
    p.add_argument("--epochs", type=int, default=tune["epochs"])
    p.add_argument(
        "--lr",
        type=float,
        default=tune["learning_rate"],
        metavar="RATE",
        help=f"learning rate (default {tune['learning_rate']:g})",
    )
    p.add_argument("--batch-size", type=int, default=tune["batch_size"])
    p.add_argument(
        "--base-images",
        type=int,
        default=tune["base_images"],
        metavar="N",
        help=f"MNIST training images mixed in (default {tune['base_images']}), besides the pen digits",
    )
    p.add_argument("--holdout", type=float, default=tune["holdout"], help="share of your samples kept out to judge on")
    p.add_argument(
        "--blend",
        type=float,
        default=tune["blend"],
        help=f"share of the fine-tuned weights in the result, the rest the current model's (default {tune['blend']:g})",
    )
    p.add_argument("--seed", type=int, default=tune["seed"])
    p.add_argument("--out", required=True, metavar="STEM", help="writes STEM.keras, STEM.onnx, STEM.json")

    p = sub.add_parser("evaluate", help="accuracy of a model on the MNIST test set")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--model", metavar="PATH", help="a DigitPad model; default: bundled")
    p.add_argument("--data", metavar="DATA", help=DATA_HELP)
    p.add_argument("--report", metavar="DIR", help="also write the report charts (PNG) and report.json here")

    p = sub.add_parser("train", help="train a model from the zoo and save it")
    p.add_argument("--arch", required=True, help="architecture (see 'digitpad models --zoo')")
    p.add_argument("--optimizer", default="adam", help="optimizer name (default adam)")
    p.add_argument("--lr", type=float, metavar="RATE", help="learning rate")
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="another optimizer parameter, e.g. momentum=0.9 or nesterov=true (repeatable)",
    )
    p.add_argument("--schedule", default="constant", help="constant, cosine or exponential")
    train = TRAINING_DEFAULTS  # the window's Retrain and Compare start from them too
    p.add_argument("--epochs", type=int, default=train["epochs"])
    p.add_argument("--batch-size", type=int, default=train["batch_size"])
    p.add_argument("--validation-split", type=float, default=train["validation_split"])
    p.add_argument("--limit", type=int, metavar="N", help="train on a random subset of N images")
    p.add_argument("--augment", action="store_true", help="shifts, rotation, scale, shear, thickness, blur, noise")
    p.add_argument("--seed", type=int, default=train["seed"])
    p.add_argument("--hidden", metavar="SIZES", help="numpy-mlp's hidden layer sizes, e.g. 256,128 (default 128)")
    p.add_argument("--data", metavar="DATA", help=DATA_HELP)
    p.add_argument("--out", required=True, metavar="STEM", help="writes STEM.keras, STEM.onnx, STEM.json")

    p = sub.add_parser("compare-optimizers", help="train one architecture with several optimizers and compare")
    p.add_argument("--arch", required=True, help="architecture (see 'digitpad models')")
    p.add_argument(
        "--optimizers",
        default=",".join(DEFAULT_OPTIMIZERS),
        metavar="LIST",
        help=f"comma-separated (default {','.join(DEFAULT_OPTIMIZERS)})",
    )
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="OPT.NAME=VALUE",
        help="a parameter of one optimizer, e.g. sgd.momentum=0.9 (repeatable; others keep defaults)",
    )
    p.add_argument("--epochs", type=int, default=COMPARE_EPOCHS)
    p.add_argument("--batch-size", type=int, default=train["batch_size"])
    p.add_argument("--validation-split", type=float, default=train["validation_split"])
    p.add_argument("--limit", type=int, metavar="N", help="train on a random subset of N images")
    p.add_argument("--seed", type=int, default=train["seed"])
    p.add_argument("--data", metavar="DATA", help=DATA_HELP)
    p.add_argument("--out", required=True, metavar="DIR", help="writes curves.png, results.csv, results.json")

    p = sub.add_parser("selftest", help="check an installation: train briefly in a worker process, then predict")
    p.add_argument("--limit", type=int, default=2000, metavar="N", help="training images (default 2000)")

    p = sub.add_parser("models", help="list the architectures, optimizers and saved models")
    return parser
