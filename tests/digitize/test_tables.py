"""At-risk tables of other layouts: counts printed flush right at their ticks with the first one touching its
row's label and arm titles over blocks of "At risk / Censored / Events" rows (lifelines' default), tables of
percentages, a rotated strata title left of the row labels, line-type keys read before a label and rows
printed in a pale grey. Figures are drawn here, with known data."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.transforms import blended_transform_factory  # noqa: E402
import numpy as np  # noqa: E402

from trialscout import kaplan_meier  # noqa: E402
from trialscout.digitize import _raster, digitize_figure  # noqa: E402

from scoring import simulated_arms  # noqa: E402  (tests/digitize/scoring.py)

FIG = Path(__file__).parent / "figures"


def _arms(seed: int, sizes=(140, 150)):
    return simulated_arms(seed, sizes, scales=(18.0, 26.0, 34.0), follow=(10.0, 48.0), shape=1.3)


def _truth(arms, ticks):
    risk = [np.atleast_1d(kaplan_meier(t, e).n_at_risk_at(ticks)).astype(int) for t, e in arms]
    events = [np.array([int(((t <= x) & (e == 1)).sum()) for x in ticks]) for t, e in arms]
    censored = [np.array([int(((t <= x) & (e == 0)).sum()) for x in ticks]) for t, e in arms]
    return risk, events, censored


def _blocks_figure(path, labels, rows=("At risk", "Censored", "Events"), seed=3):
    """lifelines-like: every cell flush right at its tick; per arm a title line, then one line per kind of
    count whose name and first value share the first column ("At risk   140")."""
    arms = _arms(seed, (140, 150, 120)[:len(labels)])
    ticks = np.arange(0, 46, 9)
    risk, events, censored = _truth(arms, ticks)
    values = {"At risk": risk, "Censored": censored, "Events": events}
    per_arm = len(rows) + (1 if len(rows) > 1 else 0)
    n_lines = per_arm * len(labels) + len(labels)
    height = 4.2 + 0.24 * n_lines          # inches; each printed line 0.24 in apart
    fig = plt.figure(figsize=(6.6, height))
    line = 0.24 / height
    bottom = 0.06 + (n_lines + 3) * line
    ax = fig.add_axes((0.2, bottom, 0.76, 0.96 - bottom))
    for (t, e), lab, col in zip(arms, labels, ["#1f77b4", "#ff7f0e", "#2ca02c"]):
        km = kaplan_meier(t, e)
        ax.step(np.r_[0, km.time], np.r_[1, km.survival], where="post", color=col, lw=1.5, label=lab)
    ax.legend(loc="upper right", frameon=False)
    ax.set_xlim(0, 45)
    ax.set_xticks(ticks)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("Time (months)")
    tr = blended_transform_factory(ax.transData, fig.transFigure)
    y = bottom - 3 * line
    if len(rows) == 1:
        ax.text(0, y, rows[0], transform=tr, ha="right", fontsize=9)
        y -= line
    for k, lab in enumerate(labels):
        if len(rows) > 1:
            ax.text(0, y, lab, transform=tr, ha="right", fontsize=9)
            y -= line
        for name in rows:
            vals = values[name][k]
            first = f"{name if len(rows) > 1 else lab}   {vals[0]}"
            ax.text(0, y, first, transform=tr, ha="right", fontsize=9)
            for x, v in zip(ticks[1:], vals[1:]):
                ax.text(x, y, str(v), transform=tr, ha="right", fontsize=9)
            y -= line
        y -= 0.5 * line
    fig.savefig(path, dpi=150)
    plt.close(fig)
    return ticks, risk, events


def test_blocks_of_at_risk_censored_events_rows_under_arm_titles(tmp_path):
    path = tmp_path / "km.png"
    labels = ["Control", "Experimental"]
    ticks, risk, events = _blocks_figure(path, labels)
    dig = digitize_figure(path)
    assert sorted(a.name for a in dig.arms) == sorted(labels)
    for lab, nr, ev in zip(labels, risk, events):
        arm = next(a for a in dig.arms if a.name == lab)
        # the first count, printed against its row's name, is read at time 0
        assert arm.risk_times.tolist() == ticks.tolist(), lab
        assert arm.n_risk.astype(int).tolist() == nr.tolist(), lab
        # the events row of the arm's block gives its cumulative events
        assert arm.risk_events.astype(int).tolist() == ev.tolist(), lab
    assert any("cumulative events" in w for w in dig.warnings)


def test_one_row_per_arm_with_the_first_count_against_the_arm_name(tmp_path):
    path = tmp_path / "km.png"
    labels = ["Usual care", "Intervention"]
    ticks, risk, _ = _blocks_figure(path, labels, rows=("At risk",), seed=8)
    dig = digitize_figure(path)
    assert sorted(a.name for a in dig.arms) == sorted(labels)
    for lab, nr in zip(labels, risk):
        arm = next(a for a in dig.arms if a.name == lab)
        assert arm.n_risk.astype(int).tolist() == nr.tolist(), lab
        assert arm.risk_events.size == 0


def _line(a, b, cells):
    return (a, b, [(x0, a, x1, b) for x0, x1 in cells])


def test_flush_right_cells_are_told_from_centred_ones():
    ticks = np.array([100.0, 200.0, 300.0, 400.0])
    # right ends at the ticks (minus a pixel) whatever the width: flush right
    flush = [_line(10, 22, [(186, 199), (290, 299), (372, 399)]),
             _line(30, 42, [(172, 199), (281, 299), (390, 399)])]
    assert _raster._right_aligned(flush, ticks, 100.0, 12.0) == -1.0
    # centred: the right ends move with the widths
    centred = [_line(10, 22, [(193, 207), (295, 305), (386, 414)]),
               _line(30, 42, [(186, 214), (291, 309), (395, 405)])]
    assert _raster._right_aligned(centred, ticks, 100.0, 12.0) is None
    # cells all of one width cannot tell: centred
    same = [_line(10, 22, [(190, 209), (290, 309), (390, 409)]),
            _line(30, 42, [(190, 209), (290, 309), (390, 409)])]
    assert _raster._right_aligned(same, ticks, 100.0, 12.0) is None


def test_the_first_flush_right_count_ends_where_the_label_does_not_touch_it():
    # "At risk   140" flush right at 180: the digits close together, the label a space away
    boxes = [(62, 60, 75, 72), (76, 60, 82, 72), (91, 60, 125, 72), (147, 60, 153, 72), (157, 60, 167, 72),
             (170, 60, 179, 72)]
    cut = _raster._first_cell_left_flush(boxes, 179.0, 6.0, 13.0)
    assert cut is not None and 125 < cut < 147
    assert _raster._first_cell_left_flush(boxes, 300.0, 6.0, 13.0) is None


def _percent_figure(path, first=(100, 100)):
    arms = _arms(4)
    ticks = np.arange(0, 46, 9)
    risk, _, _ = _truth(arms, ticks)
    fig = plt.figure(figsize=(6.4, 5.2))
    ax = fig.add_axes((0.2, 0.36, 0.74, 0.58))
    for (t, e), col in zip(arms, ["#e64b35", "#4dbbd5"]):
        km = kaplan_meier(t, e)
        ax.step(np.r_[0, km.time], np.r_[1, km.survival], where="post", color=col, lw=1.6)
    ax.set_xlim(0, 45)
    ax.set_xticks(ticks)
    ax.set_ylim(0, 1.02)
    tr = ax.get_xaxis_transform()
    ax.text(0, -0.16, "Percentage at risk", transform=tr, ha="left", fontsize=11)
    for k, (lab, nr, top) in enumerate(zip(["Men", "Women"], risk, first)):
        y = -0.26 - 0.08 * k
        ax.text(-3, y, lab, transform=tr, ha="right", va="center", fontsize=9)
        for x, v in zip(ticks, np.round(top * nr / nr[0]).astype(int)):
            ax.text(x, y, str(v), transform=tr, ha="center", va="center", fontsize=10)
    fig.savefig(path, dpi=120)
    plt.close(fig)


def test_a_table_of_percentages_is_not_taken_for_numbers_at_risk(tmp_path):
    path = tmp_path / "km.png"
    _percent_figure(path)
    dig = digitize_figure(path)
    assert len(dig.arms) == 2
    # the counts are estimated (an arm size from the curve's steps times each percentage), not the 100s read
    assert all(a.n_risk.size >= 2 for a in dig.arms)
    assert any("percentages" in w and "estimated" in w and "--n ARM=N" in w for w in dig.warnings)
    # the rows still name the curves
    assert sorted(a.name for a in dig.arms) == ["Men", "Women"]


def test_counts_that_start_at_100_in_one_arm_only_are_counts(tmp_path):
    path = tmp_path / "km.png"
    _percent_figure(path, first=(100, 120))
    dig = digitize_figure(path)
    assert all(a.n_risk.size >= 2 for a in dig.arms)
    assert not any("percentages" in w for w in dig.warnings)


def test_a_rotated_title_crossing_the_rows_is_no_part_of_a_label():
    ink = np.zeros((60, 80), bool)
    ink[5:55, 4:8] = True        # a rotated title's glyph, running through both rows
    ink[8:26, 50:54] = True      # a letter reaching a little past the band (a descender)
    ink[12:20, 20:40] = True     # a label inside its band [10, 22]
    assert _raster._crosses_band(ink, (4, 10, 7, 22), 10, 22)
    assert not _raster._crosses_band(ink, (20, 10, 39, 22), 10, 22)
    assert not _raster._crosses_band(ink, (50, 10, 53, 22), 10, 22)


def test_a_line_type_key_read_before_a_label_is_dropped():
    assert _raster._clean_label("~~ Placebo") == "Placebo"
    assert _raster._clean_label("- Drug A") == "Drug A"
    assert _raster._clean_label(">= 65 years") == ">= 65 years"
    assert _raster._clean_label("Group |") == "Group I"


def test_a_pale_grey_row_is_read_in_the_palest_curve_s_ink():
    # survminer, grey palette: the first row is printed in the light grey of its curve
    dig = digitize_figure(FIG / "h3_sm_02_jasa.jpg")
    assert len(dig.arms) == 2
    assert all(a.n_risk.size >= 4 and a.risk_times[0] == 0 for a in dig.arms)
    assert sorted(int(a.n_risk[0]) for a in dig.arms) == [34, 69]


def test_columns_halfway_between_the_ticks_read_halve_the_step():
    ticks = np.array([100.0, 200.0, 300.0, 400.0])
    # one cell at every tick and one halfway between (the labels of the ticks between were not read)
    halves = [_line(10, 22, [(92, 108), (144, 156), (192, 208), (244, 256), (292, 308), (346, 354)]),
              _line(30, 42, [(92, 108), (144, 156), (195, 205), (246, 254), (296, 304), (346, 354)])]
    assert _raster._columns_between_ticks(halves, ticks, 100.0)
    at_ticks = [_line(10, 22, [(92, 108), (192, 208), (292, 308), (392, 408)]),
                _line(30, 42, [(92, 108), (195, 205), (296, 304), (396, 404)])]
    assert not _raster._columns_between_ticks(at_ticks, ticks, 100.0)


def test_cells_a_step_past_the_last_tick_are_counted():
    lines = [_line(10, 22, [(92, 108), (192, 208), (294, 306)]), _line(30, 42, [(95, 105), (195, 205), (296, 304)])]
    assert _raster._cells_at(lines, 300.0, 100.0) == 2
    assert _raster._cells_at(lines, 400.0, 100.0) == 0
