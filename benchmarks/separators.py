"""Prices, dates, times and phone numbers written by real people: are the separators kept?

    python benchmarks/separators.py [--numbers 400] [--model PATH] [--seed 5]

Each number is one UNIPEN writer's own digits and own separators (periods, commas, dashes,
slashes, colons of the 119 writers in `resources/unipen`), laid out as people write them
(`digitpad.data.synth.number_writing.write_separated`: a period small on the baseline, a comma reaching
below it, a dash at mid-height, a slash as tall as the digits), in one of the formats 12.50,
3,75, 29/11/2026, 12:45 and 555-1234. Each is read on the wide pad (strokes) and on paper
(a scan or a photo at 2, 4 or 8 pixels per pad unit).

Prints, per format and where: exactly right (separators included), the separators right
(every separator found, of the right kind and place, whatever the digits), and the digits
right. The separator rules were set on stroke templates, never on these writers; the digits
are read by the bundled model, which trained on these writers' digits (the writer-disjoint
figures for digits are benchmarks/realworld.py's), so "exactly right" is an upper bound for
people nobody has seen, and "separators right" is the honest figure for the separators.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

import numpy as np

from digitpad import load_recognizer
from digitpad.data.synth.number_writing import render_on_paper, write_separated
from digitpad.data.unipen import SYMBOLS_FILE, load_unipen, load_unipen_digits
from digitpad.imaging.drawing import Drawing

FORMATS = {
    "price 12.50": "dd.dd",
    "price 3,75": "d,dd",
    "date 29/11/2026": "dd/dd/dddd",
    "time 12:45": "dd:dd",
    "phone 555-1234": "ddd-dddd",
}
PAPER_RESOLUTIONS = (2, 4, 8)


def compose(pattern: str, digits: list, symbols: dict, rng) -> list[tuple[str, list]]:
    parts = []
    for slot in pattern:
        if slot == "d":
            digit = digits[int(rng.integers(len(digits)))]
            parts.append((digit.label, digit.strokes))
        else:
            own = symbols[slot]
            parts.append((slot, own[int(rng.integers(len(own)))].strokes))
    return parts


def separators_of(text: str) -> list[tuple[int, str]]:
    """(digits before it, separator) of each separator in `text`."""
    found, count = [], 0
    for character in text:
        if character.isdigit() or character == "?":
            count += 1
        else:
            found.append((count, character))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--numbers", type=int, default=400)
    parser.add_argument("--model")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    recognizer = load_recognizer(args.model)
    rng = np.random.default_rng(args.seed)
    digits_of, symbols_of = defaultdict(list), defaultdict(lambda: defaultdict(list))
    for digit in load_unipen_digits():
        digits_of[digit.writer].append(digit)
    for symbol in load_unipen(SYMBOLS_FILE):
        symbols_of[symbol.writer][symbol.label].append(symbol)
    tallies = defaultdict(lambda: np.zeros(4))  # count, exact, separators right, digits right
    times = []
    for index in range(args.numbers):
        name = list(FORMATS)[index % len(FORMATS)]
        pattern = FORMATS[name]
        needed = set(pattern) - {"d"}
        writers = [w for w in digits_of if len(digits_of[w]) >= 10 and all(symbols_of[w][c] for c in needed)]
        writer = writers[int(rng.integers(len(writers)))]
        parts = compose(pattern, digits_of[writer], symbols_of[writer], rng)
        truth = "".join(character for character, _ in parts)
        strokes, pen = write_separated(parts, rng)
        sources = {
            "pad": Drawing(tuple(tuple(s) for s in strokes), pen),
            "paper": render_on_paper(strokes, pen, rng, float(rng.choice(PAPER_RESOLUTIONS))),
        }
        for where, source in sources.items():
            start = time.perf_counter()
            reading = recognizer.read(source)
            times.append(time.perf_counter() - start)
            digits_right = "".join(c for c in reading.guess if c.isdigit() or c == "?") == "".join(
                c for c in truth if c.isdigit()
            )
            tallies[(name, where)] += [
                1,
                reading.text == truth,
                separators_of(reading.guess) == separators_of(truth),
                digits_right,
            ]
    print(
        f"model {recognizer.name}; {args.numbers} numbers of {len(FORMATS)} formats, each read on the pad and on "
        f"paper; median read {np.median(times) * 1000:.1f} ms\n"
    )
    print("| format | where | numbers | exactly right | separators right | digits right |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    totals = defaultdict(lambda: np.zeros(4))
    for (name, where), (count, exact, separators, digits) in sorted(tallies.items()):
        totals[where] += [count, exact, separators, digits]
        print(
            f"| {name} | {where} | {count:.0f} | {exact / count:.1%} | {separators / count:.1%} | {digits / count:.1%} |"
        )
    for where, (count, exact, separators, digits) in totals.items():
        print(
            f"| all | {where} | {count:.0f} | {exact / count:.1%} | {separators / count:.1%} | {digits / count:.1%} |"
        )


if __name__ == "__main__":
    main()
