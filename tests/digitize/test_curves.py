"""Curve tracing rules of the raster digitizer (dashed curves through crossings, confidence limits drawn like
the curve), the events of "n (events)" at-risk cells and where the overlay prints the numbers read.

The figures are tests/digitize/figures/survminer_11_lung.png and survminer_12_simexp.jpg (survminer,
risk.table = "nrisk_cumevents", tests/digitize/generate/gen_cumevents.R) and the synthetic masks below.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from trialscout.digitize import digitize_figure, reconstruct_digitized, write_digitization
from trialscout.digitize._curves import PixelClass, RawCurve, _follow_middle, _levels
from trialscout.digitize._figure import _overlay, _table_events, _total_events
from trialscout.digitize._raster import TableRow, _fill_hidden, _parse_cell
from trialscout.reconstruct import read_at_risk

FIG = Path(__file__).parent / "figures"
CUM = ["survminer_11_lung.png", "survminer_12_simexp.jpg"]


def _truth_events(name: str, times) -> dict:
    """Arm -> cumulative events at each time (events at or before it, as survminer prints them)."""
    arms: dict = {}
    with open((FIG / name).with_suffix(".csv")) as f:
        for row in csv.DictReader(f):
            arms.setdefault(row["arm"], []).append((float(row["time"]), int(float(row["status"]))))
    return {a: [sum(e for t, e in v if t <= tt + 1e-9) for tt in times] for a, v in arms.items()}


def _cls(mask):
    return PixelClass("black", mask, (0, 0, 0), False)


# -- "n (events)" cells -------------------------------------------------------------------------------------

def test_parse_cell_reads_both_numbers():
    assert _parse_cell("138 (0)") == (138, 0)
    assert _parse_cell("7 (109") == (7, 109)  # the closing parenthesis lost
    assert _parse_cell("86") == (86, None)


def _row(counts, events):
    return TableRow(y=0.0, times=[0, 6, 12][:len(counts)], counts=counts, events=events, label="A", hue=None,
                    confidence=1.0)


def test_table_events_kept_when_they_agree_with_the_counts():
    msgs: list = []
    ev = _table_events(_row([100, 70, 40], [0, 20, 45]), "A", msgs)
    assert ev.tolist() == [0, 20, 45] and not msgs


@pytest.mark.parametrize("events", [[0, 30, 25], [0, 20, 70]])
def test_table_events_left_out_when_they_fall_or_exceed_the_arm(events):
    msgs: list = []
    ev = _table_events(_row([100, 70, 40], events), "A", msgs)
    assert ev.size == 0 and len(msgs) == 1 and "left out" in msgs[0]


@pytest.mark.parametrize("name", CUM)
def test_cumulative_events_read_and_written(name, tmp_path):
    dig = digitize_figure(FIG / name)
    for a in dig.arms:
        assert a.risk_events.size == a.risk_times.size > 0
        truth = _truth_events(name, a.risk_times)[a.name]
        assert a.risk_events.astype(int).tolist() == truth
    write_digitization(dig, tmp_path / "out")
    with open(tmp_path / "out" / "at_risk.csv") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["arm", "time", "n_risk", "cum_events"]
    assert all(r["cum_events"] != "" for r in rows)
    # the file still reads as an at-risk table
    table = read_at_risk(tmp_path / "out" / "at_risk.csv")
    assert sorted(table) == sorted(a.name for a in dig.arms)


def test_total_events_given_to_the_reconstruction_when_the_table_covers_the_curve():
    # survminer_12: every arm has 0 at risk at the table's last time, so its cumulative events are the total
    dig = digitize_figure(FIG / "survminer_12_simexp.jpg")
    recs = reconstruct_digitized(dig)
    for a in dig.arms:
        assert _total_events(a) == int(a.risk_events[-1])
        assert recs[a.name].n_events == int(a.risk_events[-1])
    # survminer_11: the curves run on past the last time with subjects still at risk; no total is implied
    dig11 = digitize_figure(FIG / "survminer_11_lung.png")
    assert all(_total_events(a) is None for a in dig11.arms)


# -- dashed curves through crossings ------------------------------------------------------------------------

def test_vertical_strokes_of_a_dashed_drop_are_the_lower_level():
    m = np.zeros((60, 40), bool)
    m[10:12, 0:10] = True            # level at row 10.5
    for y0 in (12, 22, 32):          # dashes of the drop at columns 10-11, down to row 41
        m[y0:y0 + 6, 10:12] = True
    m[40:42, 14:30] = True           # the lower level after a dash gap
    c = _levels(_cls(m), m, 0, 0, 2, 5, True, 1.0)
    assert c.vertical[11] and not c.vertical[:10].any()
    assert c.level[11] == pytest.approx(36.5)  # the lowest stroke's end, not another curve's level
    # the gap after the stroke takes the lower level, not a slope nor the level of a curve crossing there
    lev = c.level.copy()
    other = RawCurve(cls=_cls(m), cols=np.arange(40), level=np.full(40, 10.5), censor_cols=[], dashed=False,
                     n_components=1, coverage=1.0)
    filled = _fill_hidden(c.cols, lev, [other], hold=14, vertical=c.vertical)
    assert np.all(filled[12:14] == pytest.approx(40.5))
    # a solid curve is not read so (a thick JPEG column is no drop)
    solid = _levels(_cls(m), m, 0, 0, 2, 5, False, 1.0)
    assert not solid.vertical.any() and np.isnan(solid.level[11])


def test_dash_gap_before_a_drop_holds_the_level():
    lev = np.array([10.0, 10.0, np.nan, np.nan, np.nan, 30.0, 30.0])
    vertical = np.array([False, False, False, False, False, True, False])
    out = _fill_hidden(np.arange(7), lev, [], hold=6, vertical=vertical)
    assert out[2:5].tolist() == [10.0, 10.0, 10.0]
    # after the stroke the lower level holds back to it
    v2 = np.array([False, True, False, False, False, False, False])
    out = _fill_hidden(np.arange(7), lev, [], hold=6, vertical=v2)
    assert out[2:5].tolist() == [30.0, 30.0, 30.0]
    # without a stroke next to it the gap is bridged by a line, as before
    out = _fill_hidden(np.arange(7), lev, [], hold=6, vertical=np.zeros(7, bool))
    assert out[2:5] == pytest.approx([15.0, 20.0, 25.0])
    # a long stretch (a legend box) is still bridged by a line
    out = _fill_hidden(np.arange(7), lev, [], hold=2, vertical=vertical)
    assert out[3] == pytest.approx(20.0)


# -- confidence limits drawn as solid lines of the curve's colour -------------------------------------------

def test_middle_of_three_same_coloured_lines_is_the_curve():
    m = np.zeros((80, 60), bool)
    m[20:22, :] = True   # upper limit
    m[30:32, :] = True   # curve
    m[40:42, :] = True   # lower limit
    wrong = RawCurve(cls=_cls(m), cols=np.arange(60), level=np.full(60, 20.5), censor_cols=[], dashed=False,
                     n_components=1, coverage=1.0, mask=m, offset=(0, 0))
    _follow_middle(wrong, [wrong], 2)
    assert np.allclose(wrong.level, 30.5)
    # where two lines merge the level followed before is kept
    m2 = m.copy()
    m2[30:32, 30:] = False
    c = RawCurve(cls=_cls(m2), cols=np.arange(60), level=np.full(60, 31.0), censor_cols=[], dashed=False,
                 n_components=1, coverage=1.0, mask=m2, offset=(0, 0))
    _follow_middle(c, [c], 2)
    assert np.allclose(c.level[:30], 30.5) and np.allclose(c.level[32:], 31.0)


# -- overlay --------------------------------------------------------------------------------------------------

def test_overlay_prints_the_numbers_read_below_the_figure():
    dig = digitize_figure(FIG / "survminer_11_lung.png")
    img = dig._image
    ov = _overlay(dig, None)
    scale = 1.0 if max(img.shape[:2]) >= 700 else 700.0 / max(img.shape[:2])
    fig_h = int(round(img.shape[0] * scale))
    assert ov.shape[0] > fig_h
    # the figure itself, paled, is untouched at its bottom (its own table and axis); the read numbers are
    # drawn in coloured ink only in the band below it
    paled = (img.astype(np.float32) * 0.45 + 255 * 0.55).astype(np.uint8)
    top_band = ov.shape[0] - fig_h
    bottom = slice(int(0.85 * fig_h), fig_h)
    at = [y for y in range(top_band + 1) if np.array_equal(ov[y:y + fig_h][bottom], paled[bottom])]
    assert len(at) >= 1
    y0 = at[0]
    below = ov[y0 + fig_h:]
    assert below.shape[0] > 0 and (below.min(axis=2) < 200).any()
