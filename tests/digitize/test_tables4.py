"""At-risk tables, tick labels and names: the table's own tick labels with a label misread, an arm's title
line touching the row below it, thin grey tick labels that break apart at the ink threshold, and legend
labels read with letters lost. Rules on small inputs, then figures of tests/digitize/figures with truth."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from trialscout.digitize import _raster, digitize_figure
from trialscout.digitize._figure import choose_name

FIG = Path(__file__).parent / "figures"


def test_tick_label_row_with_misread_labels():
    times = [0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0]
    assert _raster._tick_labels([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], times)
    assert _raster._tick_labels([0, 10, 20, 30, 40, 50, 60, 0, 80, 90, 100], times)    # "70" read as "0"
    assert _raster._tick_labels([0, 6, 12, 18, 24, 0, 6, 42, 48, 54, 60], [6.0 * k for k in range(11)])
    # counts at risk: they never increase, so they meet the increasing times once at most
    assert not _raster._tick_labels([84, 70, 37, 23, 11, 5, 4, 2, 0, 0, 0], times)
    assert not _raster._tick_labels([50, 40, 30, 30, 20], [0.0, 10.0, 20.0, 30.0, 40.0])
    assert not _raster._tick_labels([0, 1], [0.0, 10.0])


def _text(ink, top, height, x0, x1):
    # a line of "glyphs": columns of ink 4 px wide with 3 px gaps
    for x in range(x0, x1, 7):
        ink[top:top + height, x:x + 4] = True


def test_tall_line_is_split_where_it_nearly_breaks():
    ink = np.zeros((80, 200), bool)
    _text(ink, 10, 12, 20, 180)
    _text(ink, 23, 12, 60, 180)       # the row right under it, touching it through one thin speck
    ink[21:24, 100] = True
    lines = _raster._lines(ink, 0, 80, 0, 200, 3)
    assert lines == [(10, 34)]
    split = _raster._split_tall(ink, lines, 0, 200, 11.0)
    assert split == [(10, 21), (23, 34)]


def test_a_line_of_one_row_is_not_split():
    ink = np.zeros((80, 200), bool)
    _text(ink, 10, 12, 20, 180)
    assert _raster._split_tall(ink, _raster._lines(ink, 0, 80, 0, 200, 3), 0, 200, 12.0) == [(10, 21)]
    # a line two rows high with ink all the way through (one tall glyph run) is left whole
    ink2 = np.zeros((80, 200), bool)
    _text(ink2, 10, 26, 20, 180)
    assert _raster._split_tall(ink2, [(10, 35)], 0, 200, 12.0) == [(10, 35)]


def test_choose_name_prefers_the_row_label_over_a_legend_with_letters_lost():
    rows = ["Arm A", "Arm B"]
    assert choose_name("Am A", "Arm A", rows) == "Arm A"
    assert choose_name("ArmA", "Arm A", rows) == "Arm A"
    assert choose_name("Arm A", "ArmA", ["ArmA", "ArmB"]) == "Arm A"       # the spaced reading either way
    assert choose_name("vation", "Maintenance", ["Observation", "Maintenance"]) == "Maintenance"
    # a whole label of another row, or a legend longer than an abbreviated row label, is kept
    assert choose_name("Arm B", "Arm C", ["Arm A", "Arm B", "Arm C"]) == "Arm B"
    assert choose_name("Arm A (n=50)", "Arm A", ["Arm A", "Arm B"]) == "Arm A (n=50)"
    # the same letters count, not the spaces: a legend as long as its row label is kept
    assert choose_name("Arm 8", "Arm B", rows) == "Arm 8"


def _truth(name: str) -> dict:
    return json.loads((FIG / f"{name}.json").read_text())


def _rows_by_arm(dig) -> dict:
    return {a.name: [int(v) for v in a.n_risk] for a in dig.arms}


def test_table_tick_labels_with_a_misread_label_are_no_arm():
    name = "h4_sm_10_burn"
    dig = digitize_figure(FIG / f"{name}.png")
    got = _rows_by_arm(dig)
    assert sorted(got) == sorted(_truth(name)["arms"])
    assert got["Body cleansing"][:4] == [84, 70, 37, 23]
    assert got["Routine bathing"][:4] == [70, 47, 31, 18]


def test_arm_title_touching_its_at_risk_row():
    name = "h4_py_01_cross"
    dig = digitize_figure(FIG / f"{name}.jpg")
    got = _rows_by_arm(dig)
    assert sorted(got) == sorted(_truth(name)["arms"])
    assert got["Standard of care"][0] == 200 and got["Standard of care + study drug"][0] == 210


def test_thin_grey_tick_labels_read_with_paler_ink():
    name = "h4_sm_09_alloauto"
    dig = digitize_figure(FIG / f"{name}.png")
    ticks = [round(v) for v in dig.x_axis["ticks_value"]]
    assert len(ticks) >= 6 and all(v % 6 == 0 for v in ticks)
    got = _rows_by_arm(dig)
    assert got["Allogeneic transplant"][:5] == [50, 33, 25, 19, 16]
