"""`digitpad`: the window with no arguments; `predict`, `read`, `evaluate`, `train`, `models` for headless use.

Every user error is one line on stderr and a non-zero exit status; a traceback means a bug.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

from digitpad import __version__
from digitpad.base.errors import DigitPadError, one_line, os_error_message, printable_name
from digitpad.base.logs import log_unexpected, setup_logging
from digitpad.reading.reader import sure_text
from digitpad.training import zoo
from digitpad.training.settings import COMPARE_EPOCHS, FINETUNE_DEFAULTS, TRAINING_DEFAULTS
from digitpad.training.zoo import DEFAULT_OPTIMIZERS

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".pgm", ".ppm", ".pbm"}
EXIT_USAGE, EXIT_FAILED = 2, 1
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


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser().parse_args(argv)
    if args.command is None:
        from digitpad.gui.app import run  # Qt is imported only on the window's path

        return run(smoke_test=args.smoke_test)
    handlers = {
        "predict": cmd_predict,
        "read": cmd_read,
        "teach": cmd_teach,
        "samples": cmd_samples,
        "finetune": cmd_finetune,
        "evaluate": cmd_evaluate,
        "train": cmd_train,
        "models": cmd_models,
        "compare-optimizers": cmd_compare_optimizers,
        "selftest": cmd_selftest,
    }
    setup_logging()
    try:
        return handlers[args.command](args)
    except DigitPadError as exc:
        _say(exc)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("digitpad: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading: not an error
        sys.stderr.close()
        return 0
    except OSError as exc:  # a full disk, a read-only folder, a file gone while in use
        _say(os_error_message(exc))
        return EXIT_FAILED
    except Exception as exc:  # a bug: one line here, the traceback in the log
        _say(log_unexpected("unexpected error", exc))
        return EXIT_FAILED


def _say(message) -> None:
    """One line on stderr, escaped: a message may quote a file's name, and names are input."""
    print(f"digitpad: {one_line(message)}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- predict


def _expand(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        try:
            is_folder = path.is_dir()
        except OSError:  # a name too long, a loop of links: reported with this file's result
            is_folder = False
        if is_folder:
            try:
                found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
            except OSError as exc:
                raise DigitPadError(os_error_message(exc, "cannot read the folder")) from None
            if not found:
                raise DigitPadError(f"{path}: folder contains no images")
            files.extend(found)
        else:
            files.append(path)  # missing files are reported per file, with the others
    return files


def _describe(result) -> str:
    """ "7 (99.8%)", "4 (not sure: 4 or 9?) (55.0%)" or "not a digit (93.1%)"."""
    if result.is_not_a_digit:
        return f"not a digit ({sure_text(result.not_a_digit_probability)})"
    guess = result.label
    if result.status == "uncertain":
        (a, _), (b, _) = result.top(2)
        guess = f"{result.label} (not sure: {a} or {b}?)"
    return f"{guess} ({sure_text(result.confidence)})"


def _personal_recognizer(model: str | None, personal: bool):
    """The model, reading with the user's samples when there are any and `personal` is on.

    A damaged sample store costs the samples, not the answer: one line on stderr, then the model alone.
    """
    from digitpad.personal.sample_store import StoreError, default_store_path
    from digitpad.recognizer import load_recognizer

    recognizer = load_recognizer(model)
    if recognizer.plain:
        print(f"digitpad: {printable_name(recognizer.path.name)} {recognizer.PLAIN_MODEL_NOTE}", file=sys.stderr)
    if personal and default_store_path().is_file():
        try:
            recognizer.attach_store(_open_store())
        except StoreError as exc:
            _say(f"reading without your samples: {exc}")
        else:
            _report_damaged(recognizer.store)
        if recognizer.store is not None and recognizer.store.count() and not recognizer.can_use_personal_samples:
            print(
                f"digitpad: model {recognizer.name} cannot use your samples (it has no embedding output); "
                "reading with the model alone",
                file=sys.stderr,
            )
    return recognizer


def _report_damaged(store) -> None:
    """One line for the rows of the store that cannot be used (they are skipped; the rest serve)."""
    if store.damaged:
        ids = sorted(store.damaged)
        shown = ", ".join(map(str, ids[:5])) + (", …" if len(ids) > 5 else "")
        _say(
            f"{store.path}: {_count(len(ids), 'damaged sample')} skipped (id {shown}: "
            f"{store.damaged[ids[0]]}); see 'digitpad samples list', remove with 'digitpad samples remove'"
        )


def _open_store():
    from digitpad.personal.sample_store import SampleStore

    return SampleStore()


def cmd_predict(args) -> int:
    recognizer = _personal_recognizer(args.model, not args.no_personal)
    return _report_each(recognizer.iter_predictions(_expand(args.paths)), args.json, _describe)


def _report_each(results, as_json: bool, describe) -> int:
    """One line (or JSON object) per file as its answer comes; a file's error is its own line.
    The exit status says whether any file failed."""
    failed = 0
    for path, result in results:  # answers stream as files are read
        if isinstance(result, DigitPadError):
            failed += 1
            if as_json:
                print(json.dumps({"file": str(path), "error": str(result)}), flush=True)
            else:
                _say(result)
        elif as_json:
            print(json.dumps({"file": str(path), **result.to_dict()}), flush=True)
        else:
            print(f"{printable_name(path, limit=4096)}: {describe(result)}", flush=True)
    return EXIT_FAILED if failed else 0


def _describe_reading(reading) -> str:
    """ "2026 (97.1%)", or "20?6 (41.0%; 3rd digit unsure: 2 or 7?)"."""
    notes = []
    for position in reading.unsure_positions:
        digit = reading.digits[position]
        if digit.status == "not-a-digit":
            notes.append(f"{_ordinal(position + 1)} mark is not a digit")
        else:
            (a, _), (b, _) = digit.prediction.top(2)
            notes.append(f"{_ordinal(position + 1)} digit unsure: {a} or {b}?")
    return f"{reading.text} ({sure_text(reading.confidence)}{'; ' if notes else ''}{'; '.join(notes)})"


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def cmd_read(args) -> int:
    recognizer = _personal_recognizer(args.model, not args.no_personal)
    return _report_each(recognizer.iter_readings(_expand(args.paths)), args.json, _describe_reading)


# ---------------------------------------------------------------- teach, samples


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def cmd_teach(args) -> int:
    from digitpad.personal.sample_store import StoreError, check_label
    from digitpad.recognizer import load_recognizer

    label = check_label(args.label)
    files = _expand(args.paths)
    store = _open_store()
    recognizer = load_recognizer(personal=store)
    _report_damaged(store)
    failed = taught = 0
    for done, path in enumerate(files):
        try:
            recognizer.teach(path, label)
            taught += 1
        except StoreError as exc:  # the store cannot take samples (full disk, locked): neither can the next file
            _say(exc)
            print(
                f"taught {_count(taught, 'sample')} of {label}; stopped: {_count(len(files) - done, 'file')} not taught"
            )
            return EXIT_FAILED
        except DigitPadError as exc:
            failed += 1
            _say(exc)
    try:
        counts = store.counts_by_label()
        total = f"; {counts[label]} of {label} and {sum(counts.values())} in all in {printable_name(store.path)}"
    except StoreError:
        total = ""
    print(f"taught {_count(taught, 'sample')} of {label}{total}")
    return EXIT_FAILED if failed else 0


def cmd_samples(args) -> int:
    from digitpad.personal.sample_archive import export_samples, import_samples
    from digitpad.personal.sample_store import LABELS

    store = _open_store()
    if args.action == "list":
        samples = store.samples()
        for sample in samples:
            before = f"read as {one_line(sample.predicted)}" if sample.predicted else ""
            print(f"{sample.id:>6}  {sample.label}  {one_line(sample.created)}  {one_line(sample.origin):<28} {before}")
        damaged = store.find_damaged()
        for sample_id, problem in sorted(damaged.items()):
            print(f"{sample_id:>6}  damaged: {problem} (skipped)")
        counts = collections.Counter(sample.label for sample in samples)
        print(
            f"{_count(len(samples), 'sample')} in {printable_name(store.path)}: "
            + ", ".join(f"{d}: {counts.get(d, 0)}" for d in LABELS)
            + (f"; {_count(len(damaged), 'damaged row')} skipped" if damaged else "")
        )
    elif args.action == "export":
        if Path(args.file).is_dir():
            raise DigitPadError(f"{args.file}: is a folder; give a file name such as my-digits.zip")
        print(export_samples(store, args.file).summary(printable_name(args.file)))
    elif args.action == "import":
        print(f"{args.file}: {import_samples(store, args.file).summary()}")
    elif args.action == "remove":
        removed = store.remove(args.ids)
        print(f"removed {_count(len(removed), 'sample')}")
    elif args.action == "clear":
        count = store.count()
        if count and not args.yes:
            if not sys.stdin.isatty():
                raise DigitPadError(f"'samples clear' deletes all {_count(count, 'sample')}; add --yes to confirm")
            if input(f"Delete all {_count(count, 'sample')} in {store.path}? [y/N] ").strip().lower() not in (
                "y",
                "yes",
            ):
                print("nothing deleted")
                return 0
        print(f"deleted {_count(store.clear(), 'sample')}")
    return 0


def cmd_finetune(args) -> int:
    from digitpad.base.paths import bundled_model_path
    from digitpad.training.finetune import FinetuneConfig, check_can_finetune
    from digitpad.training.finetune_training import finetune

    config = FinetuneConfig(
        epochs=args.epochs,
        learning_rate=args.lr,
        batch_size=args.batch_size,
        base_images=args.base_images,
        holdout=args.holdout,
        blend=args.blend,
        seed=args.seed,
    ).validated()
    out = Path(args.out)
    if out.is_dir():
        raise DigitPadError(f"{out}: is a folder; --out takes a file stem such as my-model")
    model = args.model or bundled_model_path()
    store = _open_store()
    images, labels = store.training_arrays()
    check_can_finetune(model, len(labels))
    bar = _ProgressBar(sys.stderr)
    result = finetune(
        model, images, labels, config, on_progress=bar.update, on_status=lambda text: print(text, file=sys.stderr)
    )
    bar.close()
    paths = result.save(out)
    scores = result.scores
    mine = (
        ""
        if scores.personal_before is None
        else f"your held-out samples ({scores.held_out}): {scores.personal_before:.2%} -> {scores.personal_after:.2%}; "
    )
    print(
        f"{mine}MNIST test: {scores.mnist_before:.2%} -> {scores.mnist_after:.2%}; saved {paths['onnx']} "
        f"(+ .keras, .json) after {scores.seconds:.0f} s"
    )
    for digit, before, after in scores.classes_that_lost():
        print(f"warning: {digit}s on MNIST fell {before:.2%} -> {after:.2%}", file=sys.stderr)
    return 0


# ---------------------------------------------------------------- evaluate


def cmd_evaluate(args) -> int:
    from digitpad.data.datasets import load_test_set
    from digitpad.recognizer import load_recognizer
    from digitpad.report import dataset_for, evaluate_recognizer, write_report

    recognizer = load_recognizer(args.model)
    # A report shows some training images too; plain evaluation reads the test files alone.
    with_training = bool(args.report)
    dataset = load_test_set(args.data, with_training) if args.data else dataset_for(recognizer, with_training)
    start = time.monotonic()
    result = evaluate_recognizer(recognizer, dataset)
    seconds = time.monotonic() - start
    if args.report:
        _check_output_folder(args.report)
        files = write_report(recognizer, dataset, args.report)
        print(f"report written to {args.report}: {', '.join(p.name for p in files.values())}", file=sys.stderr)
    if args.json:
        print(json.dumps({"model": recognizer.name, **result.to_dict(), "seconds": round(seconds, 3)}))
        return 0
    print(
        f"model {recognizer.name}: accuracy {result.accuracy:.2%} on {result.n} test images "
        f"({len(result.misclassified)} wrong, {seconds:.2f} s)"
    )
    for label, accuracy in zip(recognizer.labels, result.per_class):
        print(f"  {label}: {accuracy:.2%}")
    return 0


# ---------------------------------------------------------------- train


def training_config_from_args(args):
    """The TrainConfig a `digitpad train` command line stands for (validated)."""
    from digitpad.training.runs import TrainConfig, parse_hidden

    params: dict = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise DigitPadError(f"--param takes NAME=VALUE, got {item!r}")
        params[name.strip()] = value.strip()
    if args.lr is not None:
        params["learning_rate"] = args.lr
    return TrainConfig(
        architecture=args.arch,
        optimizer=args.optimizer,
        optimizer_params=params,
        schedule=args.schedule,
        epochs=args.epochs,
        batch_size=args.batch_size,
        validation_split=args.validation_split,
        augment=args.augment,
        limit=args.limit,
        seed=args.seed,
        hidden=parse_hidden(args.hidden) if args.hidden else None,
    ).validated()


def cmd_train(args) -> int:
    from digitpad.data.datasets import MNIST_PLUS_PEN, load_dataset
    from digitpad.training.train import train

    config = training_config_from_args(args)
    out = Path(args.out)
    if out.is_dir():
        raise DigitPadError(f"{out}: is a folder; --out takes a file stem such as models/my-model")
    if args.data == MNIST_PLUS_PEN:
        print("drawing the pen digits through the pad's path...", file=sys.stderr)
    dataset = load_dataset(args.data)
    epochs = f"{config.epochs} epoch" + ("s" if config.epochs != 1 else "")
    arch = zoo.get_architecture(config.architecture)
    engine = "loading TensorFlow..." if arch.engine == "keras" else arch.engine_label
    print(f"training {config.architecture} with {config.optimizer} for {epochs} ({engine})", file=sys.stderr)
    bar = _ProgressBar(sys.stderr)
    result = train(config, dataset, on_progress=bar.update)
    bar.close()
    paths = result.save(out)
    print(
        f"test accuracy {result.test.accuracy:.2%} after {result.seconds:.0f} s; saved {paths['onnx']} "
        f"(+ .keras, .json)"
    )
    return 0


class _ProgressBar:
    """A one-line progress bar on a terminal; one line per epoch otherwise (logs, CI)."""

    def __init__(self, stream):
        self.stream = stream
        self.live = stream.isatty()
        self.last_draw = 0.0

    def update(self, progress) -> None:
        metrics = "  ".join(f"{k} {v:.4f}" for k, v in progress.metrics.items())
        if progress.batch is None:
            if self.live:
                self.stream.write("\r\033[K")
            self.stream.write(f"epoch {progress.epoch}/{progress.epochs}  {metrics}  [{progress.elapsed_s:.0f} s]\n")
            self.stream.flush()
        elif self.live and time.monotonic() - self.last_draw > 0.1:
            self.last_draw = time.monotonic()
            done = progress.batch / progress.batches
            bar = "#" * int(done * 30)
            self.stream.write(
                f"\repoch {progress.epoch}/{progress.epochs} [{bar:<30}] {progress.batch}/{progress.batches}  {metrics}"
            )
            self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


def _check_output_folder(path: str) -> None:
    if Path(path).exists() and not Path(path).is_dir():
        raise DigitPadError(f"{path}: exists and is not a folder")


# ---------------------------------------------------------------- compare-optimizers


def cmd_compare_optimizers(args) -> int:
    from digitpad.data.datasets import load_dataset
    from digitpad.training.experiments import parse_optimizer_params, parse_optimizers
    from digitpad.training.runs import TrainConfig
    from digitpad.training.train import compare_optimizers

    names = parse_optimizers(args.optimizers)
    optimizer_params = parse_optimizer_params(names, args.param)
    base = TrainConfig(
        architecture=args.arch,
        epochs=args.epochs,
        batch_size=args.batch_size,
        validation_split=args.validation_split,
        limit=args.limit,
        seed=args.seed,
    ).validated()
    _check_output_folder(args.out)
    dataset = load_dataset(args.data)
    bar = _ProgressBar(sys.stderr)

    def progress(name, p):
        if p.batch is None:
            sys.stderr.write(f"{name}: ")
        bar.update(p)

    comparison = compare_optimizers(base, optimizer_params, dataset, on_progress=progress)
    files = comparison.write(args.out)
    print(f"{'optimizer':<10} {'val acc':>8} {'best val':>8} {'test acc':>8} {'s/epoch':>8}")
    for run in comparison.runs:
        row = run.row()
        val = f"{row['final_val_accuracy']:.2%}" if row["final_val_accuracy"] is not None else "-"
        best = f"{row['best_val_accuracy']:.2%}" if row["best_val_accuracy"] is not None else "-"
        print(f"{run.optimizer:<10} {val:>8} {best:>8} {run.test_accuracy:>8.2%} {run.seconds_per_epoch:>8.1f}")
    print(f"wrote {', '.join(str(p) for p in files.values())}", file=sys.stderr)
    return 0


# ---------------------------------------------------------------- selftest


def cmd_selftest(args) -> int:
    """What a packaged build must be able to do, end to end: the window's training path and inference.

    Trains mlp-128 for one epoch on a small subset in a spawned worker process (as the
    window does: TensorFlow, Keras, tf2onnx and multiprocessing in a frozen app), loads the
    exported ONNX model through the Recognizer and reads MNIST test digits with it and with
    the bundled model. Prints one JSON line; exit status 0 only if both read them well.
    """
    import tempfile

    from digitpad.data.mnist import load_mnist
    from digitpad.jobs.runner import run_in_child
    from digitpad.jobs.training_jobs import train_and_export
    from digitpad.recognizer import load_recognizer
    from digitpad.report import evaluate_recognizer
    from digitpad.training.runs import TrainConfig

    started = time.monotonic()
    config = TrainConfig(architecture="mlp-128", epochs=1, limit=args.limit, validation_split=0.0).validated()
    dataset = load_mnist()
    with tempfile.TemporaryDirectory(prefix="digitpad-selftest-") as folder:
        trained = run_in_child(train_and_export, (config, Path(folder), None))
        trained_accuracy = evaluate_recognizer(load_recognizer(trained.onnx_path), dataset).accuracy
    bundled_accuracy = evaluate_recognizer(load_recognizer(), dataset).accuracy
    # The bar for the new model is "it learned" (chance is 10 %); one epoch on 2,000 images gives about 80 %.
    ok = trained_accuracy > 0.5 and bundled_accuracy > 0.99
    print(
        json.dumps(
            {
                "ok": ok,
                "trained_accuracy": round(trained_accuracy, 4),
                "bundled_accuracy": round(bundled_accuracy, 4),
                "seconds": round(time.monotonic() - started, 1),
            }
        )
    )
    return 0 if ok else EXIT_FAILED


# ---------------------------------------------------------------- models


def cmd_models(args) -> int:
    from digitpad.base.paths import bundled_model_path, user_models_dir
    from digitpad.library import read_library
    from digitpad.training import zoo

    print("architectures:")
    for arch in zoo.ARCHITECTURES.values():
        print(f"  {arch.name:<20} {arch.param_count():>9,} params  {arch.description}")
    print("optimizers:")
    for opt in zoo.OPTIMIZERS.values():
        params = ", ".join(f"{p.name}={p.default}" for p in opt.params)
        print(f"  {opt.name:<8} {params}")
    print(f"schedules: {', '.join(zoo.SCHEDULES)}")
    print(f"bundled model: {bundled_model_path()}")
    saved, skipped = read_library()
    print(f"saved models ({printable_name(user_models_dir())}):" + ("" if saved else " none"))
    for model in saved:
        accuracy = f"  {model.test_accuracy:.2%}" if model.test_accuracy is not None else ""
        print(f"  {printable_name(model.name)}{accuracy}")
    for line in skipped:
        print(f"digitpad: skipped a saved model: {printable_name(line)}", file=sys.stderr)
    return 0
