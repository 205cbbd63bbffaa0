"""Reading a whole number: the stages in order (`read_layout`), each in a module of its own.

1. `digitpad.reading.segmentation` cuts the ink into pieces (touching digits parted where the
   sequence model sees them meet) and offers candidates: runs of neighbouring pieces;
2. the recognizer reads every candidate in one model call, the wholeness network says which
   are one whole digit, and `digitpad.reading.separator_rules` which pieces are shaped and placed
   like separators or close an amount;
3. `digitpad.reading.paths` scores the candidates (with the sequence model's word on each,
   `digitpad.reading.agreement.fused`) and finds the best path, covering every piece once;
4. `digitpad.reading.agreement` weighs the sequence model's text against the path: closing
   marks dropped, its spelling taken in an image where it is likelier, the digits made surer
   where both agree;
5. the separators are read (`separator_rules`, checked by `separator_checks`) and slashes told
   from leaning 1s (`digitpad.reading.dates`), giving a `digitpad.reading.result.Reading`.
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

from digitpad.base.errors import EmptyImageError
from digitpad.imaging.drawing import Drawing
from digitpad.imaging.preprocess import (
    NUMBER_WORKING_SIDE,
    STROKE_SUPERSAMPLING,
    default_name,
    ink_to_mnist,
    source_ink,
)
from digitpad.reading.agreement import (
    agreed,
    fused,
    sequence_count_price,
    spelled,
    without_a_doubted_extra,
    without_closing_marks,
)
from digitpad.reading.dates import (
    ones_in_a_dates_form,
    ones_making_a_valid_date,
    ones_parting_a_date,
    slashes_in_a_date,
    slashes_the_model_reads,
)
from digitpad.reading.paths import Candidate, best_path, candidate_score
from digitpad.reading.reading_aids import ReadingAid
from digitpad.reading.result import Box, ReadDigit, Reading, ReadSeparator
from digitpad.reading.segmentation import Layout, image_layout, stroke_layout
from digitpad.reading.separator_rules import (
    closing_slash_at,
    line_slash_lean,
    ones_beside_dots,
    read_separators,
    separator_like,
    trailing_pieces,
)
from digitpad.reading.sequence_model import sequence_evidence
from digitpad.reading.wholeness import whole_probability, wholeness_input

WHOLE_STROKE = 0.5  # P(one whole digit) of a single straight, tall stroke on the pad, at least
HELD_INK_BYTES = 64 * 1024 * 1024  # candidates' ink crops kept at once, at most
# A number's confidence: sigmoid(a logit(p) + b) of the product p of its parts' (the product
# is too sure of long numbers and too doubtful of short ones). Fitted on the first fold's
# writers by `benchmarks/number_calibration.py --realworld DIR --fit fold-1 --check fold-2`,
# checked on the second's (calibration error 0.077 -> 0.025, refitted on the third round's
# final rules). Refitted on fold 1 alone with the ninth round's rules, fold 1's error went
# 0.031 -> 0.023 but fold 2's 0.022 -> 0.037 (more sure than fold 2's writers are read right).
# With the thirteenth session's rules, fitted on each fold and checked on the other, both ways
# (--fit fold-1 --check fold-2, then the other way round) gave 0.022 and 0.021 on the checking
# fold; these are fitted on both folds (--fit fold-1 fold-2 --check): 0.029 -> 0.022 there.
CALIBRATION = {"strokes": (0.363, 1.364), "images": (0.494, 1.027)}


def layout_of(source, name: str | None = None) -> tuple[Layout, Callable[[Box], Box]]:
    """The pieces of any input `Recognizer.read` takes, and the map from their pixels back to
    the input's coordinates (pad units for a drawing, pixels for an image)."""
    if isinstance(source, Drawing):
        if source.is_image:
            image = source.reading_image if source.reading_image is not None else source.image28
            return _image_layout(image, source.source or name)
        if not source.strokes:
            raise EmptyImageError("nothing drawn")
        layout = stroke_layout(source.strokes, source.stroke_widths())
        scale = STROKE_SUPERSAMPLING
        return layout, lambda box: tuple(round(v / scale, 2) for v in box)
    return _image_layout(source, name)


def _image_layout(source, name: str | None):
    name = name or default_name(source)
    ink, (width, height) = source_ink(source, name, NUMBER_WORKING_SIDE)
    layout = image_layout(ink)  # (TooManyMarks: named by Recognizer.read)
    if not layout.pieces:  # ink, but only specks (or lines taken away)
        raise EmptyImageError(f"{name}: no ink found but specks" if name else "no ink found but specks")
    sx = width / ink.shape[1] * layout.reduced_by
    sy = height / ink.shape[0] * layout.reduced_by
    return layout, lambda box: (
        int(box[0] * sx),
        int(box[1] * sy),
        min(width, math.ceil(box[2] * sx)),
        min(height, math.ceil(box[3] * sy)),
    )


def read_layout(
    layout: Layout,
    predict_images28: Callable[[np.ndarray], list],
    to_input: Callable[[Box], Box],
    wholeness: ReadingAid | None = None,
    sequence: ReadingAid | None = None,
) -> Reading:
    """The best reading of `layout`. `predict_images28` reads (N, 28, 28) images into Predictions;
    `to_input` turns a box in the layout's pixels into the input's coordinates; `wholeness`,
    `sequence`: the networks that help (`digitpad.reading.reading_aids`; None: read without)."""
    if not layout.pieces:
        return Reading(())
    evidence = None if sequence is None else sequence_evidence(layout, sequence)
    if evidence is not None:
        # touching digits parted where it sees them meet
        boundaries = evidence.boundaries_beside()
        layout = layout.recut(
            [x for x, before, after in boundaries if not (before or after)],
            evidence.digit_places(),
            [(x, before, after) for x, before, after in boundaries if before or after],
        )
    runs = layout.candidates()
    inks = _held_inks(layout, runs)
    images = np.stack([ink_to_mnist(inks[k] if inks else layout.ink(*run)) for k, run in enumerate(runs)])
    predictions = predict_images28(images)
    whole = _whole_probabilities(layout, runs, inks, images, wholeness)
    slash_from = line_slash_lean(layout)
    printed = layout.printed_lines
    trailing = frozenset(trailing_pieces(layout, slash_from, printed))
    no_digits = trailing | printed
    separators = separator_like(layout, slash_from) | no_digits
    if len(runs) < 2:
        evidence = None  # one digit: read exactly as `Recognizer.predict` reads it
    boxes = [layout.box(start, end) for start, end in runs]
    predictions = [fused(prediction, evidence, box) for prediction, box in zip(predictions, boxes)]
    candidates = [
        Candidate(
            start,
            end,
            candidate_score(layout, start, end, prediction, p_whole, separators, no_digits)
            - sequence_count_price(evidence, box),
            prediction,
            box,
        )
        for (start, end), prediction, p_whole, box in zip(runs, predictions, whole, boxes)
    ]
    chosen, segmentation = best_path(layout, candidates, separators)
    if evidence is not None:
        chosen = without_a_doubted_extra(evidence, without_closing_marks(layout, evidence, chosen))
        if not layout.from_strokes:
            chosen, segmentation = spelled(
                layout, candidates, separators, evidence, chosen, segmentation, closing_slash_at(layout, trailing)
            )
        chosen, segmentation = agreed(evidence, chosen, segmentation)  # (also where it spelt the model's digits)
    chosen = ones_beside_dots(layout, candidates, chosen, slash_from)
    chosen, found = read_separators(layout, chosen, slash_from, evidence)
    chosen, found = slashes_in_a_date(layout, candidates, chosen, found)
    chosen, found = ones_parting_a_date(layout, chosen, found, slash_from)
    chosen, found = slashes_the_model_reads(layout, chosen, found, evidence)
    chosen, found = ones_making_a_valid_date(layout, chosen, found)
    chosen, found = ones_in_a_dates_form(layout, chosen, found)
    return Reading(
        tuple(ReadDigit(c.prediction, to_input(c.box)) for c in chosen),
        tuple((f.after, ReadSeparator(f.character, to_input(f.box), f.confidence)) for f in found),
        segmentation,
        CALIBRATION["strokes" if layout.from_strokes else "images"],
    )


def _held_inks(layout: Layout, runs) -> list | None:
    """Every candidate's ink crop, to be made once for its image and its context; None (each
    is cropped twice) when they would take more than HELD_INK_BYTES: on a busy image holding
    them all took gigabytes."""
    area = sum((right - left) * (bottom - top) for left, top, right, bottom in (layout.box(*run) for run in runs))
    return [layout.ink(*run) for run in runs] if 4 * area <= HELD_INK_BYTES else None


def _whole_probabilities(layout: Layout, runs, inks, images28: np.ndarray, aid: ReadingAid | None) -> list:
    """Each candidate's chance of being one whole digit (`digitpad.reading.wholeness`); None for each
    when there is only one candidate (nothing to choose) or the network is not available."""
    if len(runs) > 1 and aid is not None:
        whole = whole_probability(wholeness_input(images28, layout.contexts(runs, inks)), aid)
        if whole is not None:
            # One straight, tall stroke of the pen is a whole 1 (or a 4's stem, which the path
            # joins to the rest of its 4), whatever ink stands around it: a 1 written inside
            # the next digit's box looked like a fragment of it to the network.
            return [
                max(p, WHOLE_STROKE) if layout.from_strokes and end == start + 1 and layout.is_line(start) else p
                for p, (start, end) in zip(whole, runs)
            ]
    return [None] * len(runs)
