"""`digitpad evaluate`, `train`, `compare-optimizers`, `selftest` and `models`."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from digitpad.base.errors import DigitPadError, printable_name
from digitpad.cli.common import EXIT_FAILED, ProgressBar, check_output_folder
from digitpad.training import zoo


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
        check_output_folder(args.report)
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
    dataset = load_dataset(args.data, config.limit)
    epochs = f"{config.epochs} epoch" + ("s" if config.epochs != 1 else "")
    arch = zoo.get_architecture(config.architecture)
    engine = "loading TensorFlow..." if arch.engine == "keras" else arch.engine_label
    print(f"training {config.architecture} with {config.optimizer} for {epochs} ({engine})", file=sys.stderr)
    bar = ProgressBar(sys.stderr)
    result = train(config, dataset, on_progress=bar.update)
    bar.close()
    paths = result.save(out)
    print(
        f"test accuracy {result.test.accuracy:.2%} after {result.seconds:.0f} s; saved {paths['onnx']} "
        f"(+ .keras, .json)"
    )
    return 0


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
    check_output_folder(args.out)
    dataset = load_dataset(args.data, base.limit)
    bar = ProgressBar(sys.stderr)

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
