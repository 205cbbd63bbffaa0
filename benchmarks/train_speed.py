"""Training seconds per epoch for each zoo architecture on this machine.

    python benchmarks/train_speed.py [--limit 60000] [--arch NAME ...] [--augment]

Trains two epochs on `--limit` images and reports the second (the first includes
graph tracing), scaled to the 60,000-image training set when --limit is smaller.
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from digitpad.data.mnist import load_mnist
from digitpad.training import zoo
from digitpad.training.runs import TrainConfig
from digitpad.training.train import train


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=60000)
    parser.add_argument("--arch", nargs="*", default=list(zoo.ARCHITECTURES))
    parser.add_argument("--augment", action="store_true")
    parser.add_argument("--batch-size", type=int, default=128)
    args = parser.parse_args()
    data = load_mnist()
    print(
        f"{os.cpu_count()} CPU cores, batch {args.batch_size}, augment {args.augment}, "
        f"{args.limit} images per epoch (scaled to 60,000)\n"
    )
    print("| architecture | parameters | s/epoch (60k) |\n| --- | ---: | ---: |")
    for name in args.arch:
        ends = []
        config = TrainConfig(
            architecture=name,
            optimizer="adam",
            epochs=2,
            batch_size=args.batch_size,
            validation_split=0.0,
            augment=args.augment,
            limit=args.limit,
        )
        train(config, data, on_progress=lambda p, ends=ends: ends.append(p.elapsed_s) if p.batch is None else None)
        second_epoch = (ends[1] - ends[0]) * 60000 / args.limit
        print(f"| {name} | {zoo.get_architecture(name).param_count():,} | {second_epoch:.1f} |", flush=True)


if __name__ == "__main__":
    main()
