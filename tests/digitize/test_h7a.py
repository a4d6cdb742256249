"""At-risk tables refused or misread in the seventh held-out round: a table drawn in its own panel whose y-axis
line runs right beside the first cell (a wide "15 (0)" centred on a tick padded off the panel's edge: the line
was read as a leading "1"), a dashed theme grid line through each row (its dash in the space before the events
read as "3-(3)"), and numbers printed in a curve's light colour at a low resolution (thin digits that fade under
the first ink threshold). Figures are drawn here, with known data; rules on small inputs."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from trialscout import kaplan_meier  # noqa: E402
from trialscout.digitize import _raster, digitize_figure  # noqa: E402

from scoring import events_by, read_rows, risk_at, simulated_arms  # noqa: E402  (tests/digitize/scoring.py)


def _table_panel_figure(path, arms, labels, colours, cells, *, xmax, ticks, family, fontsize, grid, dpi):
    """Curves over a table in a panel of its own (survminer's layout): the panel's y-axis line at its left
    edge, the row labels its tick labels, one cell per tick centred on it; both x-axes padded by 5% at each
    end. ``grid`` draws a dashed light grey line through each row, under the cells."""
    fig = plt.figure(figsize=(7.0, 6.4))
    ax = fig.add_axes((0.16, 0.42, 0.8, 0.52))
    for (t, e), lab, col in zip(arms, labels, colours):
        km = kaplan_meier(t, e)
        ax.step(np.r_[0, km.time], np.r_[1, km.survival], where="post", color=col, lw=1.8, label=lab)
    ax.legend(loc="upper right", frameon=False)
    pad = 0.05 * xmax
    ax.set_xlim(-pad, xmax + pad)
    ax.set_xticks(ticks)
    ax.set_ylim(0, 1.03)
    ax.spines[["top", "right"]].set_visible(False)
    tab = fig.add_axes((0.16, 0.08, 0.8, 0.2))
    n = len(arms)
    ys = np.arange(n)[::-1] + 1.0
    tab.set_xlim(-pad, xmax + pad)
    tab.set_ylim(0.4, n + 0.6)
    tab.set_xticks(ticks)
    tab.set_yticks(ys)
    tab.set_yticklabels(labels, family=family, fontsize=fontsize)
    for tl, col in zip(tab.get_yticklabels(), colours):
        tl.set_color(col)
    tab.spines[["top", "right"]].set_visible(False)
    if grid:
        for y in ys:
            tab.axhline(y, color="#cccccc", lw=1.0, ls=(0, (4, 4)), zorder=0)
    for y, row in zip(ys, cells):
        for x, s in zip(ticks, row):
            tab.text(x, y, s, ha="center", va="center", fontsize=fontsize, family=family, zorder=2)
    tab.set_title("Number at risk (number of events)", loc="left", fontsize=fontsize + 1)
    fig.savefig(path, dpi=dpi)
    plt.close(fig)


# -- class 1: a dash of a grid line between a count and its events ---------------------------------------------

def test_a_dash_between_a_count_and_its_events_is_no_sign():
    assert _raster._parse_cell("3-(3)") == (3, 3)
    assert _raster._parse_cell("34 - (235)") == (34, 235)
    assert _raster._parse_cell("18\u2013(0)") == (18, 0)
    assert _raster._parse_cell("11_(248)") == (11, 248)
    assert _raster._parse_cell("3.(5)") == (3, 5)  # a dash read as a point
    # a dash between two numbers with no parenthesis is no cell; a cell without dash reads as before
    assert _raster._parse_cell("3-4") is None
    assert _raster._parse_cell("98 (195)") == (98, 195)
    assert _raster._parse_cell("-12") == (12, None)


# -- class 2: a table panel's y-axis line beside its first cell, a dashed grid line through its rows -----------

@pytest.mark.parametrize("family, fontsize, grid, seed", [
    ("DejaVu Sans Mono", 10, False, 61),   # a monospaced font: the first cell reaches the panel's axis line
    ("DejaVu Serif", 11, True, 62),        # a dashed grid line through every row
    ("DejaVu Sans Mono", 10, True, 63)])
def test_a_table_panel_with_its_axis_line_and_grid_gives_every_cell(tmp_path, family, fontsize, grid, seed):
    arms = simulated_arms(seed, (15, 11), scales=(20.0, 40.0), follow=(30.0, 45.0))
    ticks = np.arange(0, 41, 5, dtype=float)
    risk, ev = risk_at(arms, ticks), events_by(arms, ticks)
    labels = ["Female", "Male"]
    cells = [[f"{n} ({e})" for n, e in zip(r, v)] for r, v in zip(risk, ev)]
    path = tmp_path / "km.png"
    _table_panel_figure(path, arms, labels, ["#e69f00", "#0072b2"], cells, xmax=40, ticks=ticks, family=family,
                        fontsize=fontsize, grid=grid, dpi=150)
    got = read_rows(digitize_figure(path))
    assert sorted(got) == sorted(labels)
    for lab, want in zip(labels, risk):
        assert got[lab] == (list(ticks), list(map(int, want)))


# -- class 3: numbers in a curve's light colour at a low resolution ----------------------------------------------

@pytest.mark.parametrize("colours, ext, seed", [(["#4878d0", "#6acc64"], "jpg", 71),
                                                (["#4878d0", "#6acc64"], "png", 72)])
def test_light_coloured_numbers_at_a_low_resolution_give_every_row(tmp_path, colours, ext, seed):
    arms = simulated_arms(seed, (300, 290), scales=(14.0, 30.0), follow=(30.0, 70.0))
    ticks = np.arange(0, 61, 12, dtype=float)
    risk = risk_at(arms, ticks)
    labels = ["Surgery", "Chemoradiation"]
    fig = plt.figure(figsize=(7.4, 6.2))
    ax = fig.add_axes((0.27, 0.36, 0.69, 0.5))
    for (t, e), lab, col in zip(arms, labels, colours):
        km = kaplan_meier(t, e)
        ax.step(np.r_[0, km.time], np.r_[1, km.survival], where="post", color=col, lw=1.6, label=lab)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False, fontsize=9)
    ax.set_xlim(0, 60)
    ax.set_xticks(ticks)
    ax.set_ylim(0, 1.02)
    tr = ax.get_xaxis_transform()
    ax.text(0, -0.2, "Number at risk", transform=tr, fontsize=9, weight="bold")
    for k, (lab, row, col) in enumerate(zip(labels, risk, colours)):
        y = -0.3 - 0.14 * k
        ax.text(-7, y, lab, transform=tr, ha="right", va="center", fontsize=9, color=col)
        for x, v in zip(ticks, row):
            ax.text(x, y, str(v), transform=tr, ha="center", va="center", fontsize=9, color=col)
    path = tmp_path / f"km.{ext}"
    fig.savefig(path, dpi=100)
    plt.close(fig)
    got = read_rows(digitize_figure(path))
    # both rows are read, the light green one too, each from time 0 (a slim last "11" at this size may lose a
    # digit: one cell in twelve is allowed to be wrong)
    assert sorted(got) == sorted(labels)
    hit = 0
    for lab, want in zip(labels, risk):
        times, counts = got[lab]
        assert times[0] == 0.0 and counts[0] == int(want[0])
        at = dict(zip(times, counts))
        hit += sum(at.get(float(x)) == int(w) for x, w in zip(ticks, want))
    assert hit >= 2 * len(ticks) - 1
