"""At-risk tables: a table whose counts are printed in grey beside row labels printed, pale, in their arms'
colours (the rows are tied to the curves by the labels' hue), and thin grid rules drawn through the rows.
Figures are drawn here with known data, or are the committed test figures; rules on small inputs."""

from __future__ import annotations

import colorsys
from pathlib import Path

import cv2
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from trialscout.digitize import _raster  # noqa: E402
from trialscout.digitize._figure import load_figure  # noqa: E402

FIG = Path(__file__).parent / "figures"


def _text_image(path, text, colour, *, fontsize=11, dpi=100):
    fig = plt.figure(figsize=(1.4, 0.4))
    fig.text(0.05, 0.5, text, color=colour, fontsize=fontsize, va="center")
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    img = cv2.imread(str(path))  # BGR, as the reader holds an image
    ys, xs = np.nonzero(img.min(axis=2) < 235)
    return img, (int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max()))


# a pastel palette (seaborn's "pastel": blue, orange, green, lavender), whose counts a plotting script prints
# in grey (a paler lavender still, saturation 0.16, keeps too little colour once a small JPEG glyph's chroma is
# subsampled)
@pytest.mark.parametrize("colour", ["#a1c9f4", "#ffb482", "#8de5a1", "#d0bbff"])
@pytest.mark.parametrize("ext", ["png", "jpg"])
def test_a_pale_coloured_label_gives_its_hue(tmp_path, colour, ext):
    rgb = tuple(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    hue = 360 * colorsys.rgb_to_hsv(*rgb)[0]
    img, box = _text_image(tmp_path / f"lab.{ext}", "20 mg", rgb)
    got = _raster._label_hue(img, box)
    assert got is not None and _raster._hue_dist(got, hue) <= 20


@pytest.mark.parametrize("grey", ["black", "#555555", "#999999", "#bbbbbb"])
@pytest.mark.parametrize("ext", ["png", "jpg"])
def test_a_grey_label_gives_no_hue(tmp_path, grey, ext):
    img, box = _text_image(tmp_path / f"lab.{ext}", "Placebo", grey)
    assert _raster._label_hue(img, box) is None


def test_rows_with_grey_counts_are_tied_to_curves_by_their_labels_hue():
    # three pastel curves, counts in grey, the labels' OCR too poor to tell the arms apart ("mg", "m¢"): each
    # row is the one whose label has its curve's hue (10 mg green-cyan 220, 20 mg salmon 230, 40 mg lavender
    # 215 patients, figure h5_py_09)
    rr = _raster.read_raster(load_figure(FIG / "h5_py_09_piecewise.jpg"))
    first = {}
    for c, r in zip(rr.curves, rr.rows):
        assert r is not None and r.hue is not None
        first[float(c.cls.name.split(":")[1])] = r.counts[0]
    want = {16.0: 230, 168.0: 220, 204.0: 215}
    for h, n in want.items():
        near = min(first, key=lambda x: _raster._hue_dist(x, h))
        assert _raster._hue_dist(near, h) <= 15 and first[near] == n


def _gridded_table(path, arms, labels, colours, ticks, *, rule="#9a9a9a", fontsize=9, dpi=110):
    """Curves over a table whose theme grid runs on through it: a grey vertical line at every tick and
    half-tick, and a thin grey rule through the middle of each row, under counts printed in the arms'
    colours."""
    from trialscout import kaplan_meier

    fig = plt.figure(figsize=(6.8, 5.0))
    ax = fig.add_axes((0.18, 0.42, 0.78, 0.54))
    for (t, e), lab, col in zip(arms, labels, colours):
        km = kaplan_meier(t, e)
        ax.step(np.r_[0, km.time], np.r_[1, km.survival], where="post", color=col, lw=1.6, label=lab)
    ax.legend(loc="upper right", frameon=False)
    xmax = float(ticks[-1])
    ax.set_xlim(-0.03 * xmax, 1.03 * xmax)
    ax.set_xticks(ticks)
    ax.set_ylim(0, 1.03)
    tab = fig.add_axes((0.18, 0.06, 0.78, 0.22), sharex=ax)
    tab.set_ylim(-0.5, len(arms) - 0.5)
    tab.axis("off")
    step = float(ticks[1] - ticks[0])
    for x in np.arange(0, xmax + 1e-9, step / 2):
        tab.axvline(x, color=rule, lw=0.8 if x % step else 1.0, zorder=0)
    risk = [np.atleast_1d(kaplan_meier(t, e).n_at_risk_at(ticks)).astype(int) for t, e in arms]
    for k, (lab, col, row) in enumerate(zip(labels, colours, risk)):
        y = len(arms) - 1 - k
        tab.axhline(y, color=rule, lw=0.8, zorder=0)
        tab.text(-0.06 * xmax, y, lab, ha="right", va="center", color=col, fontsize=fontsize)
        for x, v in zip(ticks, row):
            tab.text(x, y, str(v), ha="center", va="center", color=col, fontsize=fontsize, zorder=3)
    fig.text(0.18, 0.31, "At risk", fontsize=fontsize + 2)
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    return risk


@pytest.mark.parametrize("seed, step", [(3, 6), (8, 12)])
def test_counts_under_grid_rules_through_the_rows_are_read(tmp_path, seed, step):
    from trialscout.digitize import digitize_figure

    rng = np.random.default_rng(seed)
    arms = []
    for n, scale in ((280, 14.0), (290, 22.0)):
        t = rng.weibull(1.3, n) * scale
        c = rng.uniform(30, 75, n)
        arms.append((np.minimum(t, c), (t <= c).astype(int)))
    ticks = np.arange(0, 60 + 1e-9, step, dtype=float)
    labels = ["Observation", "Adjuvant"]
    path = tmp_path / "km.png"
    risk = _gridded_table(path, arms, labels, ["#1b9e77", "#d95f02"], ticks)
    dig = digitize_figure(path)
    got = {a.name: dict(zip(map(float, a.risk_times), map(int, a.n_risk))) for a in dig.arms}
    assert sorted(got) == sorted(labels)
    for lab, want in zip(labels, risk):
        assert [got[lab].get(float(x)) for x in ticks] == [int(v) for v in want]



def _two_lines(tmp_path, second: str):
    """Two lines of counts, five columns 100 px apart (at values 0-4), the first black, the second printed in
    `second`; the row read from the first line, and the x-axis."""
    from trialscout.digitize._axes import Axis

    fig = plt.figure(figsize=(5.0, 1.2))
    for j, x in enumerate(np.linspace(0.1, 0.9, 5)):
        fig.text(x, 0.6, str(60 - 10 * j), color="black", fontsize=10, ha="center", va="center")
        fig.text(x, 0.3, str(70 - 12 * j), color=second, fontsize=10, ha="center", va="center")
    path = tmp_path / "lines.png"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    img = cv2.imread(str(path))
    dark = img.min(axis=2) < 150
    ys = np.nonzero(dark[: img.shape[0] // 2 + 4].any(axis=1))[0]
    xs = np.nonzero(dark[ys.min():ys.max() + 1].any(axis=0))[0]
    row = _raster.TableRow(y=float(ys.mean()), times=[0.0, 1.0], counts=[60, 50], events=[], label="",
                           hue=None, confidence=0.9, boxes=[(int(xs.min()), int(ys.min()), int(xs.min()) + 12,
                                                             int(ys.max()))])
    axis = Axis(a=-0.5, b=0.01, ticks_px=(50.0, 150.0, 250.0, 350.0, 450.0), ticks_value=(0.0, 1.0, 2.0, 3.0, 4.0),
                labels=("0", "1", "2", "3", "4"), confidence=1.0)
    return img, row, axis, float(ys.max() - ys.min() + 1)


@pytest.mark.parametrize("grey, found", [("#a6a6a6", True), ("#b4b4b4", True), ("#c8c8c8", True),
                                         ("#707070", False), ("black", False)])
def test_a_line_of_counts_paler_than_the_first_ink_threshold_is_found(tmp_path, grey, found):
    # a light grey third row (a base-R figure whose third arm is a light dotted curve, its row in that grey)
    # is found paler than the first ink threshold (150); a row as dark as that threshold reads there already
    img, row, axis, ch = _two_lines(tmp_path, grey)
    level = _raster._pale_line(img, [row], axis, 0, ch)
    if found:
        assert 150 < level <= 235
    else:
        assert level == 0


def test_a_light_grey_third_row_is_read_when_its_curve_was_taken_for_a_darker_class():
    # figure h8_br_04: a black, a grey dashed and a light grey dotted curve whose class came out as the grey
    # one's; the third row, in light grey (72 56 41 24 15 7 2 0 0), is read with the others
    rr = _raster.read_raster(load_figure(FIG / "h8_br_04_thick.png"))
    firsts = sorted(r.counts[0] for r in rr.rows if r is not None)
    assert firsts == [56, 72, 77]


def test_a_count_before_empty_parentheses_keeps_the_count(monkeypatch):
    # "167()": the events' round "0" lost between its parentheses at every scale the cell is read again at; the
    # count is kept when it keeps the row's order, its events unread; one out of order, or no count, is not
    monkeypatch.setattr(_raster, "ocr_singles", lambda crops, **kw: [("()", 0.0)] * len(crops))
    crop = np.full((20, 40, 3), 255, np.uint8)
    keys = [(0, k, (10 * k, 0, 10 * k + 30, 19)) for k in range(5)]
    texts = [("330 (0)", 90.0), ("167()", 0.0), ("125 (0)", 90.0), ("400()", 0.0), ("()", 0.0)]
    got = _raster._reread_unparsed([crop] * 5, keys, texts)
    assert _raster._parse_cell(got[1][0]) == (167, None)
    assert _raster._parse_cell(got[3][0]) is None  # 400 after 125: out of order
    assert _raster._parse_cell(got[4][0]) is None


def test_cells_whose_events_read_as_empty_parentheses_are_read():
    # figure h8_sm_07: "167 (0)" etc. in a geometric font whose "0" the OCR loses between the parentheses
    rr = _raster.read_raster(load_figure(FIG / "h8_sm_07_sim_mix.png"))
    rows = sorted((r.counts for r in rr.rows if r is not None), key=lambda c: c[0])
    assert rows == [[320, 194, 158, 135, 106, 71, 45, 22, 10], [330, 167, 125, 106, 71, 48, 32, 17, 8],
                    [340, 237, 191, 157, 113, 79, 51, 30, 13]]
