"""Figures that were refused, seventh round: an at-risk table printed as percentages of each arm (survminer's
risk.table = "percentage") gives no numbers at risk, so the arm size is estimated from the curve's steps
and the percentages, and each percentage turned back into a count. Rules on small synthetic curves; one
committed figure."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from trialscout import kaplan_meier
from trialscout.digitize import _percent, digitize_figure, reconstruct_digitized

FIG = Path(__file__).parent / "figures"


def _pixel_curve(t, e, xmax, width=900, height=600, split=0):
    """A KM curve as the reader gives it: one point per pixel column, survival rounded to whole pixels; with
    ``split`` > 0 every step's fall is read in two pieces ``split`` columns apart (a vertical broken by a
    censoring mark or a band's edge)."""
    km = kaplan_meier(t, e)
    cols = np.arange(width)
    tt = cols * xmax / (width - 1)
    idx = np.searchsorted(km.time, tt, side="right") - 1
    s = np.where(idx >= 0, km.survival[np.maximum(idx, 0)], 1.0)
    per_px = 1.0 / height
    s = np.round(s / per_px) * per_px
    if split:
        out = s.copy()
        falls = np.flatnonzero(np.diff(s) < 0)
        for i in falls:
            mid = s[i] - 0.5 * (s[i] - s[i + 1])
            out[i + 1:i + 1 + split] = np.maximum(out[i + 1:i + 1 + split], np.round(mid / per_px) * per_px)
        s = np.minimum.accumulate(out)
    return tt, s, per_px


def _percents(t, ticks):
    n = np.array([(t >= x).sum() for x in ticks])
    return n, np.round(100.0 * n / n[0])


@pytest.mark.parametrize("n, seed, split", [(21, 1, 0), (21, 1, 6), (34, 2, 0), (47, 3, 5), (60, 4, 0)])
def test_a_small_arm_size_is_found_from_the_steps_and_the_percentages(n, seed, split):
    rng = np.random.default_rng(seed)
    x = rng.exponential(12.0, n)
    c = rng.uniform(10, 40, n)
    t, e = np.minimum(x, c).round(0) + 1, (x <= c).astype(int)
    ticks = np.arange(0, 41, 5, dtype=float)
    counts, pct = _percents(t, ticks)
    tt, s, per_px = _pixel_curve(t, e, 42.0, split=split)
    n0, got = _percent.counts_from_percent(tt, s, ticks, pct, per_px)
    assert n0 == n
    assert got == [int(v) for v in counts]


def test_a_large_arm_gets_a_size_that_fits_its_percentages_and_never_rising_counts():
    rng = np.random.default_rng(7)
    n = 900
    x = rng.weibull(1.1, n) * 20
    c = rng.uniform(15, 45, n)
    t, e = np.minimum(x, c), (x <= c).astype(int)
    ticks = np.arange(0, 41, 10, dtype=float)
    _, pct = _percents(t, ticks)
    tt, s, per_px = _pixel_curve(t, e, 42.0)
    n0, got = _percent.counts_from_percent(tt, s, ticks, pct, per_px)
    # a pixel holds several events of so large an arm: the size is a lower bound, at least what the steps show
    assert 100 <= n0 <= n
    assert got[0] == n0 and all(a >= b for a, b in zip(got, got[1:]))
    assert np.all(np.abs(100.0 * np.array(got) / n0 - pct) <= 0.5 + 1e-9)


def test_a_misread_percentage_leaves_the_bound_from_the_steps():
    # 71 read as 11 in the middle of a row of a 21-subject arm: no size under 100 fits every percentage
    t = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21], float)
    e = np.ones(21, int)
    ticks = np.array([0, 5, 10, 15, 20], float)
    _, pct = _percents(t, ticks)
    pct[2] = 11.0
    tt, s, per_px = _pixel_curve(t, e, 22.0)
    n0 = _percent.arm_size_from_percent(tt, s, ticks, pct, per_px)
    assert 15 <= n0 <= 100


def test_the_percentage_table_of_a_committed_figure_gives_its_numbers_at_risk():
    # survminer, risk.table = "percentage", two arms of 21 (h3_sm_11_gehan): every percentage turned back
    # into the true count, and the figure reconstructs
    stem = FIG / "h3_sm_11_gehan"
    arms: dict = {}
    for line in stem.with_suffix(".csv").read_text().splitlines()[1:]:
        a, tm, st = line.split(",")
        arms.setdefault(a.strip('"'), []).append(float(tm))
    assert json.loads(stem.with_suffix(".json").read_text())["at_risk_times"] == []
    dig = digitize_figure(stem.with_suffix(".png"))
    assert sorted(a.name for a in dig.arms) == sorted(arms)
    for a in dig.arms:
        t = np.array(arms[a.name])
        assert a.n_risk.tolist() == [int((t >= x).sum()) for x in a.risk_times]
    assert any("percentages" in w and "estimated" in w for w in dig.warnings)
    rec = reconstruct_digitized(dig)
    assert {k: r.n for k, r in rec.items()} == {k: len(v) for k, v in arms.items()}


def test_an_arm_size_given_scales_the_percentages():
    dig = digitize_figure(FIG / "h3_sm_11_gehan.png", n={"6-MP": 42})
    a = next(a for a in dig.arms if a.name == "6-MP")
    assert a.n_risk.tolist()[:4] == [42, 42, 30, 22]


# -- a lone serif "1" the page of all cells reads as nothing ------------------------------------------------------

def _one(serif: bool, h: int = 16) -> np.ndarray:
    """A "1" drawn as the figure fonts draw it: a stem, with a flag and a foot when ``serif``; BGR, white."""
    img = np.full((h + 6, 11, 3), 255, np.uint8)
    img[3:3 + h, 5:7] = 0
    if serif:
        img[4:6, 2:5] = 0
        img[2 + h:3 + h, 2:10] = 0
    return img


def test_a_row_with_one_count_read_and_slim_cells_reads_them_again():
    from trialscout.digitize import _raster

    crops = [np.full((22, 30, 3), 255, np.uint8), _one(True), _one(True), np.full((22, 60, 3), 255, np.uint8)]
    keys = [(0, 0, (10, 0, 30, 16)), (0, 1, (100, 0, 103, 16)), (0, 2, (200, 0, 203, 16)),
            (1, 0, (10, 30, 70, 46))]  # row 1: one wide unread word (an axis title) in a row of nothing read
    texts = [("20", 95.0), ("", 0.0), ("", 0.0), ("", 0.0)]
    out = _raster._reread_unparsed(crops, keys, texts)
    assert [t for t, _ in out[:3]] == ["20", "1", "1"]
    assert out[3][0] == ""


def test_a_row_with_one_count_read_and_a_wide_unread_cell_is_left_alone():
    from trialscout.digitize import _raster

    crops = [_one(True), np.full((22, 40, 3), 255, np.uint8)]
    keys = [(0, 0, (10, 0, 13, 16)), (0, 1, (100, 0, 130, 16))]
    texts = [("1", 95.0), ("", 0.0)]
    calls = []
    orig = _raster.ocr_singles
    try:
        _raster.ocr_singles = lambda crops, **k: calls.append(len(crops)) or [("7", 90.0)] * len(crops)
        out = _raster._reread_unparsed(crops, keys, texts)
    finally:
        _raster.ocr_singles = orig
    assert not calls and out[1][0] == ""


def test_the_slim_ones_of_a_committed_figure_are_read():
    # survminer, serif font, a grey row "20  1  1" under a black one (h6_sm_08_ocarcinoma): the row was lost
    dig = digitize_figure(FIG / "h6_sm_08_ocarcinoma.png")
    rows = sorted(a.n_risk.tolist() for a in dig.arms)
    assert rows == [[15, 5, 2], [20, 1, 1]]
