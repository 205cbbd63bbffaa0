"""Separators as people write them: periods, commas, dashes, slashes and colons between
digits, read by their shape and place and checked against the sequence model; slashes told from
leaning 1s by the dates they make."""

from __future__ import annotations

import pytest

from digitpad import load_recognizer
from digitpad.reading.reader import layout_of
from tests.number_fixtures import both, number_drawing, number_image, reshaped
from tests.reading.sequence_stand_ins import (
    emitted_at,
    emitted_in_columns,
    path_digit,
    said_over_pieces,
    seven_dash_three,
)


@pytest.fixture(scope="module")
def recognizer():
    return load_recognizer()


def test_a_speck_at_the_digits_top_above_a_period_makes_no_colon(recognizer):
    # What a form's frame leaves where a digit touched it, right above the period ("81,460:24").
    image = number_image(["1", "2", ".", "5", "0"])
    layout, _ = layout_of(image)
    period = min(layout.set_aside + layout.pieces, key=lambda piece: piece.width * piece.height)
    top, middle = min(p.top for p in layout.pieces), (period.left + period.right) // 2
    image[top + 2 : top + 16, middle - 7 : middle + 7] = 0
    assert recognizer.read(image).text == "12.50"  # 12:50 before


def test_a_one_the_rules_call_a_slash_stays_a_one_when_the_sequence_model_reads_it(recognizer, monkeypatch):
    # (In an image: there the slash is read as a 1 first, then by its shape. On the pad a
    # piece shaped and placed like a separator is left out of the digits at once.)
    number = both(["2", "/", "3"])["image"]
    assert recognizer.read(number).text == "2/3"
    said_over_pieces(monkeypatch, ["2", "1", "3"])
    assert recognizer.read(number).text == "213"


def test_a_separator_whose_ink_went_into_a_digit_is_read_where_the_sequence_model_sees_it(recognizer, monkeypatch):
    # Its ink joined to the 7 before it ("7-" as one piece): the rules find no mark in the gap.
    image = both(["1", "7", "3"], gaps=[6.0, 14.0])["image"]
    assert recognizer.read(image).text == "173"
    emitted_at(monkeypatch, seven_dash_three)
    reading_ = recognizer.read(image)
    assert reading_.text == "17-3"
    dash = dict(reading_.separators)[2]
    assert reading_.digits[1].box[2] <= (dash.box[0] + dash.box[2]) / 2 <= reading_.digits[2].box[0]  # in the gap


def test_a_dash_the_sequence_model_sees_in_an_empty_gap_on_the_pad_is_no_separator(recognizer, monkeypatch):
    # On the pad a separator is a stroke of its own: where no stroke is left in the gap, what
    # the sequence model reads there is a digit's stroke (a 4's long bar, read as a dash).
    emitted_at(monkeypatch, seven_dash_three)
    assert recognizer.read(number_drawing(["1", "7", "3"], gaps=[6.0, 14.0])).text == "173"


# A 4 written as an "L" whose bar reaches far past the stem drawn through it, as some people do.
LONG_BARRED_FOUR = [[(0.0, 8.0), (-2.0, 34.0), (56.0, 31.0)], [(18.0, 14.0), (19.0, 48.0)]]


@pytest.mark.parametrize(
    "digits",
    [
        ["1", LONG_BARRED_FOUR, "1", "7"],
        ["5", "6", LONG_BARRED_FOUR, "5", "6"],
        [LONG_BARRED_FOUR, "6", "6", "7"],
        ["5", "1", LONG_BARRED_FOUR, "7", "7"],
    ],
)
@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_fours_bar_reaching_past_its_stem_is_no_dash(recognizer, digits, where):
    # On the pad the bar is cut from the 4's stroke where it reaches out ("14-17", "564-56"
    # before); in an image the sequence model reads a dash where the ink is the 4's ("4-667").
    assert recognizer.read(both(digits)[where]).text == "".join(d if isinstance(d, str) else "4" for d in digits)


def test_a_dash_the_sequence_model_sees_over_a_four_is_no_separator(recognizer, monkeypatch):
    # It took the first stroke of a 4 for a dash, surely ("30-43" of 3043): only slashes of its
    # sure text are read where it emits them over a digit.
    image = both(list("3043"))["image"]
    assert recognizer.read(image).text == "3043"

    def places(pieces):
        four = pieces[2]
        return [
            (pieces[0].centre_x, "3"),
            (pieces[1].centre_x, "0"),
            (four.left + 0.45 * four.width, "-"),
            (four.left + 0.85 * four.width, "4"),
            (pieces[3].centre_x, "3"),
        ]

    emitted_at(monkeypatch, places)
    assert recognizer.read(image).text == "3043"


TICK = [[(0.0, 36.0), (1.5, 37.5)]]  # the pen's tick as it leaves a digit, above the line


@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_tick_the_sequence_model_surely_reads_as_nothing_is_no_period(recognizer, monkeypatch, where):
    # A "period" that begins within the digit before it above the line is a tick. A dot on the
    # line stays, even within the 0's box (the model misses real periods that crowd a digit),
    # and so do a dash and a comma (it misses drawn ones of shapes it never learnt), even where
    # its text is all but certain: they are marks of their own.
    from digitpad.reading import reader as reading
    from digitpad.reading.separator_checks import SEPARATOR_DENIED_SURE

    close = [6.0, -2.0, 6.0, 6.0]
    for characters, gaps, without in (
        (["1", "2", TICK, "3", "6"], [12.0, -1.0, 6.0, 6.0], "1236"),
        (list("20.36"), close, "20.36"),
        (list("20.36"), None, "20.36"),
        (list("20-36"), None, "20-36"),
        (list("20,36"), None, "20,36"),
    ):
        written = both(characters, gaps)[where]
        said = [c if isinstance(c, str) else "." for c in characters]
        said_over_pieces(monkeypatch, said)
        assert recognizer.read(written).text == "".join(said)
        digits_only = [c if c.isdigit() else None for c in said]
        said_over_pieces(monkeypatch, digits_only, doubt=6e-4)
        sure = reading.sequence_evidence(reading.layout_of(written)[0]).text_probability
        assert SEPARATOR_DENIED_SURE <= sure < 0.95
        assert recognizer.read(written).text == without
        said_over_pieces(monkeypatch, digits_only)  # certain
        assert recognizer.read(written).text == without


def test_a_separator_cut_from_a_digits_ink_stays_only_where_the_sequence_model_sees_one(recognizer, monkeypatch):
    # A 2's tail end cut off and read as a period ("992.4949", "7022.955"), a 4's bar as a dash
    # ("29747-41"), however unsure the sequence model's text; a real one touching a digit stays
    # where it sees it. (In an image, where a separator may touch a digit; on the pad a part of
    # a stroke is never one: test_a_fours_bar_reaching_past_its_stem_is_no_dash.)
    from digitpad.reading import separator_rules

    def every_piece_carved(layout):
        return frozenset(id(p) for p in layout.pieces + layout.set_aside)

    for characters in (list("20.36"), list("20-36")):
        written = both(characters)["image"]
        digits_only = [c if c.isdigit() else None for c in characters]
        monkeypatch.setattr(separator_rules, "cut_from_more", every_piece_carved)
        said_over_pieces(monkeypatch, digits_only)  # certain
        assert recognizer.read(written).text == "2036"
        said_over_pieces(monkeypatch, digits_only, doubt=6e-4)  # sure, not certain
        assert recognizer.read(written).text == "2036"
        said_over_pieces(monkeypatch, digits_only, doubt=0.02)  # unsure
        assert recognizer.read(written).text == "2036"
        said_over_pieces(monkeypatch, characters)
        assert recognizer.read(written).text == "".join(characters)
        monkeypatch.undo()


@pytest.mark.parametrize("characters, read", [("54-51", "5451"), ("5-451", "5451"), ("53-51", "53-51")])
def test_a_dash_cut_from_ink_beside_a_four_is_its_bar_however_sure_the_sequence_model(
    recognizer, monkeypatch, characters, read
):
    # Writers whose 4s all have long bars: the bar's end past the stem, cut from the 4's ink in
    # an image, reads as a dash to the rules and the sequence model alike (54-5147, 0-404).
    from digitpad.reading import separator_rules

    monkeypatch.setattr(separator_rules, "cut_from_more", lambda layout: frozenset(id(p) for p in layout.pieces))
    said_over_pieces(monkeypatch, list(characters))
    assert recognizer.read(both(list(characters))["image"]).text == read


@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_separator_the_rules_read_otherwise_is_what_the_sequence_model_surely_sees(recognizer, monkeypatch, where):
    # A colon whose upper dot went into a digit leaves one dot: a "period" to the rules; a dash
    # whose ink partly joined a digit leaves a stub. The sequence model sees the line whole.
    written = both(list("12.30"), gaps=[6.0, 12.0, 12.0, 6.0])[where]
    assert recognizer.read(written).text == "12.30"
    for character in ":-,":
        said_over_pieces(monkeypatch, ["1", "2", character, "3", "0"])
        assert recognizer.read(written).text == f"12{character}30"


@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_leaning_one_with_a_period_beside_it_is_a_one(recognizer, where):
    # "81.22" with a 1 leaning as far as a slash: no one writes "/." between two digits.
    slanted_one = reshaped("1", "bar", lean_deg=35)
    assert recognizer.read(both(["8", slanted_one, ".", "2", "2"])[where]).text == "81.22"
    assert recognizer.read(both(["8", "/", "2", "2"])[where]).text == "8/22"  # a slash alone stays


@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_leaning_one_with_a_dash_beside_it_is_a_one(recognizer, where):
    # "171-5099" of a writer whose 1s lean as far as a slash was 17-5099: the 1 was the gap's
    # slash, and the dash beside it won the gap.
    slanted_one = reshaped("1", "bar", lean_deg=35)
    assert recognizer.read(both(["1", "7", slanted_one, "-", "5", "0", "9", "9"])[where]).text == "171-5099"
    assert recognizer.read(both(["3", "0", slanted_one, "-", "1", "9", "2", "5"])[where]).text == "301-1925"


@pytest.mark.parametrize("where", ["pad", "image"])
def test_ones_leaning_like_slashes_are_ones_unless_they_part_a_date(recognizer, where):
    slanted_one = reshaped("1", "bar", lean_deg=35)  # as far as a slash leans
    assert recognizer.read(both(["0", "8", slanted_one, "1", slanted_one, "9"])[where]).text == "081119"
    assert recognizer.read(both(["4", "/", "1", "3", "6"])[where]).text == "41136"  # no date parts 4 from 136
    amount = both(["0", slanted_one, "3", "6", ".", "9", "3", "5"])[where]
    assert recognizer.read(amount).text == "0136.935"  # nor with a thousands separator beside it
    for date in ("29/11/2026", "3/4", "11/2026"):
        assert recognizer.read(both(list(date))[where]).text == date


@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_one_leaning_like_a_slash_between_groups_that_say_nothing_is_a_one(recognizer, where):
    # One slash parts a month and a year, a day and a month or a fraction: 44/23 is none, nor
    # 19/55 (a fraction nobody writes) nor 9/8036 (a year nobody writes).
    slanted_one = reshaped("1", "bar", lean_deg=35)
    assert recognizer.read(both(["4", "4", slanted_one, "2", "3"])[where]).text == "44123"
    assert recognizer.read(both(["0", slanted_one, "3", "8"])[where]).text == "0138"
    assert recognizer.read(both(["1", "9", slanted_one, "5", "5"])[where]).text == "19155"
    assert recognizer.read(both(["9", slanted_one, "8", "0", "3", "6"])[where]).text == "918036"
    for parted in ("15/16", "29/11", "12/26", "5/32", "1/25", "9/2026"):
        assert recognizer.read(both(list(parted))[where]).text == parted


@pytest.mark.parametrize("where", ["pad", "image"])
def test_nearly_upright_slashes_of_a_date_are_slashes_when_the_writers_ones_lean_back(recognizer, monkeypatch, where):
    # Some people write slashes only a little off upright (here 7 degrees), but still well
    # forward of their own 1s (here 8 degrees back): where a date's slashes stand, they are slashes.
    monkeypatch.setattr(recognizer, "sequence_path", False)  # the rules alone
    slash, one = reshaped("1", "bar", lean_deg=7), reshaped("1", "bar", lean_deg=-8)
    date = both(["2", "3", slash, "3", "2", slash, one, "2", "0", "9"])[where]
    assert recognizer.read(date).text == "23/32/1209"
    assert recognizer.read(both(["2", slash, "3", "2", slash, "6", "2", "0", "9"])[where]).text == "213216209"


@pytest.mark.parametrize("where", ["pad", "image"])
def test_slashes_written_steeper_than_the_rules_still_part_a_date(recognizer, monkeypatch, where):
    steep_slash = reshaped("1", "bar", lean_deg=18)  # under the rules' 26 degrees
    date = ["2", "9", steep_slash, "1", "1", steep_slash, "2", "0", "2", "6"]
    assert recognizer.read(both(date)[where]).text == "29/11/2026"  # they lean more than its 1s
    monkeypatch.setattr(recognizer, "sequence_path", False)  # the rules alone (the sequence model has its own view)
    assert recognizer.read(both(["4", steep_slash, "4", steep_slash, "4", "0"])[where]).text == "414140"  # too short
    assert recognizer.read(both(date)[where]).text == "29/11/2026"
    # All its 1s alike: the digits settle it. 3/11/2026 exists (a number that reads as a date
    # that exists is read as one: docs/numbers.md, known limits); there is no 33rd day nor month.
    # (Ten digits of the form dd/dd/dddd are a date whatever they say: the next tests.)
    upright = ["3", "1", "1", "1", "1", "2", "0", "2", "6"]
    assert recognizer.read(both(upright)[where]).text == "3/11/2026"
    no_such_month = ["9", "1", "3", "3", "1", "2", "0", "2", "6"]
    assert recognizer.read(both(no_such_month)[where]).text == "913312026"


@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_dates_slashes_leaning_unlike_each_other_but_both_as_far_as_a_slash_part_it(recognizer, monkeypatch, where):
    # 61/70/2038 on paper by a writer whose slashes lean 36 and 27 degrees and whose 1 leans
    # 14; the sequence model reads both slashes as 1s. Both lean as far as a slash: a date.
    one = reshaped("1", "bar", lean_deg=14)
    steep, less = reshaped("1", "bar", lean_deg=36), reshaped("1", "bar", lean_deg=27)
    said_over_pieces(monkeypatch, list("6117012038"))
    assert recognizer.read(both(["6", one, steep, "7", "0", less, "2", "0", "3", "8"])[where]).text == "61/70/2038"


@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_date_whose_slashes_lean_as_its_ones_is_read_when_the_sequence_model_sees_a_slash(
    recognizer, monkeypatch, where
):
    stroke = reshaped("1", "bar", lean_deg=20)  # the writer's slashes and 1s alike
    date = both(["8", stroke, "6", "0", stroke, "2", "0", "6", stroke])[where]
    said_over_pieces(monkeypatch, list("816012061"))
    assert recognizer.read(date).text == "816012061"  # neither reader sees a slash: nine digits (no 60th day)
    said_over_pieces(monkeypatch, list("8160/2061"))
    assert recognizer.read(date).text == "8/60/2061"  # the second slash seen, the first leans alike
    number = both(["2", stroke, "3", "0", "6"], gaps=[12.0, 12.0, 8.0, 8.0])[where]
    said_over_pieces(monkeypatch, list("2/306"))
    assert recognizer.read(number).text == "21306"  # no date parts 2 from 306
    short = number_drawing(["8", stroke, "9", "2"], gaps=[12.0, 12.0, 8.0])
    said_over_pieces(monkeypatch, list("8/92"))  # (in an image, a text this sure is spelt, `_spelled`)
    assert recognizer.read(short).text == "8192"  # more often a number than a short date


@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_dates_steep_slash_the_sequence_model_half_sees_is_the_other_slash(recognizer, monkeypatch, where):
    # "13/23/01" of a writer whose first slash stands as upright as its 1s and whose second
    # leans 20 degrees: it sees the second, and is torn over the first (a slash at 40 %).
    # (Of ten digits, dd/dd/dddd, it would be a date whatever the model: `ones_in_a_dates_form`.)
    upright, leaning = reshaped("1", "bar", lean_deg=0), reshaped("1", "bar", lean_deg=20)
    date = both(["1", "3", upright, "2", "3", leaning, "0", "1"])[where]
    torn = {"/": 0.4, "1": 0.6}
    said_over_pieces(monkeypatch, ["1", "3", torn, "2", "3", "/", "0", "1"])
    assert recognizer.read(date).text == "13/23/01"  # 13123101 before
    said_over_pieces(monkeypatch, ["1", "3", {"/": 0.1, "1": 0.9}, "2", "3", "/", "0", "1"])
    assert recognizer.read(date).text == "13123101"  # a slash it hardly sees, leaning unlike the other: a 1


def test_a_slash_the_sequence_models_sure_text_has_over_a_digit_is_read():
    # Slashes written into the 4 and the 9 of "11/49/5556": the model emits each over a digit's
    # ink, not in the gap, and the rules find no mark. Its sure text of the same digits has them.
    from digitpad.reading import separator_checks

    digits = [path_digit("1", 0, 100), path_digit("2", 90, 190)]  # written close: their boxes overlap
    evidence = emitted_in_columns([(10, "1", 1.0), (30, "/", 1.0), (150, "2", 1.0)])  # the slash over the 1's ink
    assert evidence.text == "1/2" and separator_checks.emitted_separator(evidence, 90, 100) is None
    (slash,) = separator_checks.separators_checked([], digits, [], evidence)
    assert slash.character == "/" and slash.after == 1
    without_it = emitted_in_columns([(10, "1", 1.0), (150, "2", 1.0)])
    assert separator_checks.separators_checked([], digits, [], without_it) == []


@pytest.mark.parametrize(
    "character, likely, read",
    [(",", 1.0, True), (".", 1.0, True), (",", 0.8, False), ("/", 0.8, True)],
    ids=["comma-certain", "period-certain", "comma-less-sure", "slash-less-sure"],
)
def test_a_dot_the_sequence_models_certain_text_has_over_a_digit_is_read(character, likely, read):
    # A comma written into the 0 of "2,02" (one piece of ink with it): the model emits it over the
    # 0, not in the gap, and the rules find no mark. Only a text it is sure of (90 %) places it
    # there: a slash is surer to be one than a dot, which may be a stray pixel.
    from digitpad.reading import separator_checks

    digits = [path_digit("2", 0, 80), path_digit("0", 70, 170)]
    evidence = emitted_in_columns([(40, "2", 1.0), (90, character, likely), (130, "0", 1.0)])  # over the 0's ink
    assert evidence.text == f"2{character}0" and separator_checks.emitted_separator(evidence, 70, 80) is None
    found = separator_checks.separators_checked([], digits, [], evidence)
    assert [(f.character, f.after) for f in found] == ([(character, 1)] if read else [])


@pytest.mark.parametrize(
    "first, second, in_an_image, read",
    [("2", "0", True, True), ("4", "0", True, False), ("0", "4", True, False), ("2", "0", False, False)],
    ids=["image", "after-a-4", "before-a-4", "pad"],
)
def test_a_dash_the_sequence_models_certain_text_has_over_a_digit_is_read_in_an_image(first, second, in_an_image, read):
    # A dash touching the 6 of "206-9479" on paper: one piece of ink with it, emitted over the 6.
    # Not beside a 4, whose bar it reads as a dash (on either side of its stem: 04333 was
    # 0-4333), nor on the pad, where a dash is a stroke of its own that the rules see.
    from digitpad.reading import separator_checks

    digits = [path_digit(first, 0, 80), path_digit(second, 70, 170)]
    evidence = emitted_in_columns([(40, first, 1.0), (90, "-", 1.0), (130, second, 1.0)])
    assert evidence.text == f"{first}-{second}" and separator_checks.emitted_separator(evidence, 70, 80) is None
    found = separator_checks.separators_checked([], digits, [], evidence, unseen=in_an_image)
    assert [(f.character, f.after) for f in found] == ([("-", 1)] if read else [])


def _unsure_text_over_digits(text: str, separator_share: float = 0.6):
    """The digits of `text` side by side (90 pixels wide, 10 apart) and the sequence model's
    evidence for it: each digit surely over its ink, each separator `separator_share` likely
    over the ink of the digit after it (its ink went into that digit)."""
    digits, emissions = [], []
    for character in text:
        if character.isdigit():
            left = 100 * len(digits)
            digits.append(path_digit(character, left, left + 90))
            emissions.append((left + 45, character, 1.0))
        else:
            emissions.append((100 * len(digits) + 10, character, separator_share))
    return digits, emitted_in_columns(emissions, columns=30 * len(digits))


@pytest.mark.parametrize(
    "said, read",
    [
        ("74.20", "74.20"),
        ("7.420", "7420"),
        ("12:45", "12:45"),
        ("494-3203", "494-3203"),
        ("49-43203", "4943203"),
        ("3,75", "3,75"),
    ],
    ids=["price", "no-price", "time", "phone-dash-beside-a-4", "no-phone", "price-comma"],
)
def test_an_unsure_text_written_as_people_write_numbers_has_its_separators_read(said, read):
    # On paper a period touching the next digit, a dash joined to a 4's bar, leave the rules no
    # mark, and the model is unsure (60 %): a price, a time, a date or a phone number it reads
    # tips the balance; the same separators elsewhere do not ("7.420", "49-43203").
    from digitpad.reading import separator_checks

    digits, evidence = _unsure_text_over_digits(said)
    assert evidence.text == said and 0.5 < evidence.text_probability < separator_checks.DOT_WRITTEN_IN_SURE
    found = separator_checks.separators_checked([], digits, [], evidence)
    labels = [d.prediction.label for d in digits]
    for separator in sorted(found, key=lambda f: -f.after):
        labels.insert(separator.after, separator.character)
    assert "".join(labels) == read


def test_a_period_the_rules_read_is_the_colon_of_a_time_the_sequence_model_reads():
    # Its upper dot went into a digit ("24:52" on paper): the rules see the lower dot alone.
    from digitpad.reading import separator_checks
    from digitpad.reading.separators import Found

    for said, read in (("24:52", ":"), ("245:2", ".")):  # (no time: the rules' period stays)
        digits, evidence = _unsure_text_over_digits(said)
        period = Found(".", 2, (185, 80, 195, 90), 0.9, ())
        (found,) = separator_checks.separators_checked([period], digits, [], evidence)
        assert (found.character, found.after) == (read, 2)


@pytest.mark.parametrize(
    "rules_sure, emitted, read",
    [(0.6, {",": 0.7, ".": 0.2}, ","), (0.95, {",": 0.7, ".": 0.2}, "."), (0.6, {",": 0.3, ".": 0.6}, ".")],
    ids=["unsure-rules-comma-emitted", "sure-rules-stay", "period-emitted"],
)
def test_a_period_the_rules_read_is_weighed_against_the_sequence_models_word_on_its_gap(rules_sure, emitted, read):
    # UNIPEN writers' periods are often ticks and their commas dots: the rules' confidence and
    # what the model emits in the gap, as two opinions, say which. (From 80 % alone, the model
    # overruled rules that were right; under it, kept rules that were wrong.)
    from digitpad.reading import separator_checks
    from digitpad.reading.separators import Found

    digits = [path_digit("1", 0, 80), path_digit("2", 120, 200)]
    evidence = emitted_in_columns(
        [(40, "1", 1.0), (160, "2", 1.0)] + [(100 + 4 * k, c, share) for k, (c, share) in enumerate(emitted.items())]
    )
    period = Found(".", 1, (95, 85, 105, 95), rules_sure, ())
    (found,) = separator_checks.separators_checked([period], digits, [], evidence)
    assert (found.character, found.after) == (read, 1)


# A comma written in two goes: its dot, then (the pen lifted) its tail.
COMMA_IN_TWO = [[(1.0, 44.0), (1.3, 44.3)], [(2.0, 50.0), (0.0, 57.0)]]


@pytest.mark.parametrize("sequence_model", [True, False])
def test_a_comma_written_as_a_dot_and_a_tail_is_a_comma(recognizer, monkeypatch, sequence_model):
    if not sequence_model:
        monkeypatch.setattr(recognizer, "sequence_path", False)  # the rules alone
    written = number_drawing(["3", COMMA_IN_TWO, "7", "5"], gaps=[4.0, 6.0, 6.0])
    assert recognizer.read(written).text == "3,75"


def test_a_small_mark_is_no_slash_however_sure_the_sequence_model(recognizer, monkeypatch):
    from digitpad.reading import separator_checks

    written = both(list("5,12"), gaps=[6.0, 6.0, 6.0])["image"]
    assert recognizer.read(written).text == "5,12"
    # (it took a long comma for a slash; a period or a comma is weighed with the rules'
    # confidence: test_a_period_the_rules_read_is_weighed_against_the_sequence_models_word_on_its_gap)
    first_gap = lambda evidence, x0, x1: ("/", 0.98) if x0 < 140 < x1 else None  # noqa: E731
    monkeypatch.setattr(separator_checks, "emitted_separator", first_gap)
    assert recognizer.read(written).text == "5,12"


UPRIGHT_SLASH = [[(0.0, 48.0), (1.5, 8.0)]]  # as upright as a 1


@pytest.mark.parametrize("where", ["pad", "image"])
def test_upright_slashes_of_a_date_that_exists_are_slashes_and_of_one_that_does_not_ones(
    recognizer, monkeypatch, where
):
    monkeypatch.setattr(recognizer, "sequence_path", False)  # the rules alone

    def written(text):
        return both([UPRIGHT_SLASH if c == "/" else c for c in text])[where]

    assert recognizer.read(written("12/06/2026")).text == "12/06/2026"
    assert recognizer.read(written("4/77/2026")).text == "417712026"  # no 77th month
    assert recognizer.read(written("3/9/2026")).text == "3/9/2026"


@pytest.mark.parametrize("where", ["pad", "image"])
def test_ones_where_a_dates_slashes_stand_leave_no_date_of_a_year_nobody_writes(recognizer, monkeypatch, where):
    # pi written with upright 1s was 3/4/5926; a date of this century stays a date
    monkeypatch.setattr(recognizer, "sequence_path", False)  # the rules alone
    assert recognizer.read(both(list("31415926"))[where]).text == "31415926"
    assert recognizer.read(both(list("1210612026"))[where]).text == "12/06/2026"


@pytest.mark.parametrize("where", ["pad", "image"])
def test_upright_slashes_of_the_commonest_dates_form_are_slashes_whatever_its_digits(recognizer, monkeypatch, where):
    # dd/dd/dddd with slashes as upright as 1s: "30/75/1201" was 3017511201 (no 75th month, no
    # year people write); one slash of it read and the other upright: 59/0010069 and 47179/0823.
    monkeypatch.setattr(recognizer, "sequence_path", False)  # the rules alone

    def written(text):
        return both([UPRIGHT_SLASH if c == "|" else c for c in text])[where]

    assert recognizer.read(written("30|75|1201")).text == "30/75/1201"
    assert recognizer.read(written("59/00|0069")).text == "59/00/0069"
    assert recognizer.read(written("47|79/0823")).text == "47/79/0823"
    # Other lengths, or a 1 in only one of the places, stay numbers.
    assert recognizer.read(written("3|75|120")).text == "31751120"
    assert recognizer.read(written("30|75|12010")).text == "30175112010"
    assert recognizer.read(written("30|7551201")).text == "3017551201"


# An upright slash whose ink broke in two on paper (or was cut from a digit it crossed).
BROKEN_UPRIGHT_SLASH = [[(0.0, 48.0), (0.66, 30.0)], [(0.9, 24.0), (1.5, 8.0)]]


def test_a_dates_slash_in_two_pieces_of_an_image_is_one_slash(recognizer, monkeypatch):
    # "30/75/1201" on paper with its first slash in two pieces was 3017511201: the rule took
    # only a 1 of one piece for a slash.
    monkeypatch.setattr(recognizer, "sequence_path", False)  # the rules alone
    parts = ["3", "0", BROKEN_UPRIGHT_SLASH, "7", "5", UPRIGHT_SLASH, "1", "2", "0", "1"]
    assert recognizer.read(number_image(parts)).text == "30/75/1201"
    assert recognizer.read(number_drawing(parts)).text == "3017511201"  # on the pad: two strokes, no slash


# Separators as large as people write them (UNIPEN writers' commas are 0.24-0.86 of their digits'
# height, colons 0.44-1.0): a comma hooked down from the middle of the line to under it, 0.6 of
# the digits' height; a colon whose upper dot sits near the digits' top.
LONG_COMMA = [[(4.0, 30.0), (5.0, 36.0), (4.0, 44.0), (1.0, 50.0), (-2.5, 54.0)]]
TALL_COLON = [[(0.0, 11.0), (0.4, 11.3)], [(0.0, 46.0), (0.4, 46.3)]]


@pytest.mark.parametrize("where", ["pad", "image"])
def test_a_long_comma_and_a_tall_colon_are_read(recognizer, monkeypatch, where):
    for rules_alone in (False, True):
        if rules_alone:
            monkeypatch.setattr(recognizer, "sequence_path", False)
        assert recognizer.read(both(["3", LONG_COMMA, "7", "5"])[where]).text == "3,75"  # 3175 before
        assert recognizer.read(both(["1", "2", LONG_COMMA, "4", "5"])[where]).text == "12,45"
        assert recognizer.read(both(["1", "2", TALL_COLON, "4", "5"])[where]).text == "12:45"  # 12.45 before
    # A straight line as long, from the middle of the line to under it, is no comma to the rules.
    straight = [[(3.0, 30.0), (0.0, 54.0)]]
    assert recognizer.read(both(["3", straight, "7", "5"])[where]).text == "3175"
