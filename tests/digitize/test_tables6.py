"""At-risk tables, sixth round: an axis that labels only every third (fourth) tick mark while the table prints
a count at each, cells printed so wide that they touch ("96 (0)89 (3)82 (7)"), a lone "0" in the last column
that the page of all cells reads as "()", a row in a pale grey whose thin digits break apart at the ink
threshold, and tables of percentages. Figures are drawn here, with known data; rules on small inputs."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from trialscout import kaplan_meier  # noqa: E402
from trialscout.digitize import _raster, digitize_figure  # noqa: E402

from scoring import events_by, read_rows, risk_at, simulated_arms  # noqa: E402  (tests/digitize/scoring.py)


def _figure(path, arms, labels, colours, *, xmax, ticks, labelled, cells, text_colours=None, fontsize=10,
            family="DejaVu Sans", width=6.6, dpi=120, title="Number at risk"):
    """Curves, an x-axis with tick marks at ``ticks`` labelled at ``labelled`` only, and a table under the
    plot: per arm a label and one cell per tick (``cells[arm][tick]``, text), centred on its tick."""
    n = len(arms)
    fig = plt.figure(figsize=(width, 4.2 + 0.3 * n))
    ax = fig.add_axes((0.2, 0.18 + 0.07 * n, 0.75, 0.76 - 0.07 * n))
    for (t, e), lab, col in zip(arms, labels, colours):
        km = kaplan_meier(t, e)
        ax.step(np.r_[0, km.time], np.r_[1, km.survival], where="post", color=col, lw=1.6, label=lab)
    ax.legend(loc="upper right", frameon=False)
    ax.set_xlim(-0.02 * xmax, xmax * 1.02)
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{v:g}" if any(abs(v - w) < 1e-9 for w in labelled) else "" for v in ticks])
    ax.set_ylim(0, 1.03)
    ax.spines[["top", "right"]].set_visible(False)
    tr = ax.get_xaxis_transform()
    ax.text(ax.get_xlim()[0], -0.2, title, transform=tr, ha="left", fontsize=fontsize + 1, weight="bold",
            family=family)
    for k, (lab, row) in enumerate(zip(labels, cells)):
        y = -0.3 - 0.09 * k
        col = (text_colours or colours)[k]
        ax.text(-0.06 * xmax, y, lab, transform=tr, ha="right", va="center", fontsize=fontsize, color=col,
                family=family)
        for x, s in zip(ticks, row):
            ax.text(x, y, s, transform=tr, ha="center", va="center", fontsize=fontsize, color=col, family=family)
    fig.savefig(path, dpi=dpi)
    plt.close(fig)


def _share_exact(dig, labels, ticks, truth) -> float:
    got = read_rows(dig)
    hit = 0
    for lab, want in zip(labels, truth):
        times, counts = got.get(lab, ([], []))
        at = dict(zip(times, counts))
        hit += sum(at.get(float(x)) == int(w) for x, w in zip(ticks, want))
    return hit / (len(labels) * len(ticks))


# -- class 1a: an axis labelling every third/fourth tick mark, a count at every tick mark ------------------------

def test_a_third_of_the_step_is_found_from_cells_between_the_ticks():
    ticks = np.array([100.0, 190.0, 280.0, 370.0])  # labelled ticks, 90 px apart; columns every 30 px
    def row(a, b, xs):
        return (a, b, [(x - 3, a, x + 3, b) for x in xs])
    xs = [100 + 30 * j for j in range(10)]
    lines = [row(10, 22, xs), row(30, 42, xs)]
    assert _raster._columns_per_tick(lines, ticks, 90.0) == 3
    quarter = [row(10, 22, [100 + 22.5 * j for j in range(13)]), row(30, 42, [100 + 22.5 * j for j in range(13)])]
    assert _raster._columns_per_tick(quarter, ticks, 90.0) == 4
    # cells at the labelled ticks only, or between them in one row only: the step is the ticks'
    assert _raster._columns_per_tick([row(10, 22, ticks), row(30, 42, ticks)], ticks, 90.0) == 1
    assert _raster._columns_per_tick([row(10, 22, xs), row(30, 42, ticks)], ticks, 90.0) == 1


@pytest.mark.parametrize("step, every, xmax, seed", [(5, 3, 60, 11), (6, 4, 72, 12)])
def test_counts_at_every_tick_mark_of_an_axis_labelling_only_some(tmp_path, step, every, xmax, seed):
    arms = simulated_arms(seed, (60, 70), scales=(18.0, 30.0), follow=(30.0, xmax * 1.4))
    ticks = np.arange(0, xmax + 1e-9, step, dtype=float)
    labelled = ticks[::every]
    risk = risk_at(arms, ticks)
    labels = ["Drug A", "Drug B"]
    path = tmp_path / "km.png"
    _figure(path, arms, labels, ["#d55e00", "#009e73"], xmax=xmax, ticks=ticks, labelled=labelled,
            cells=[[str(v) for v in r] for r in risk], fontsize=9, family="DejaVu Serif", width=7.4, dpi=150)
    dig = digitize_figure(path)
    got = read_rows(dig)
    assert sorted(got) == sorted(labels)
    for lab in labels:
        times, _ = got[lab]
        assert times[0] == 0.0
        # every time read is a tick mark's, a step apart, not only the labelled ones'
        assert all(abs(t / step - round(t / step)) < 1e-9 for t in times)
        assert any(abs(t / (step * every) - round(t / (step * every))) > 1e-9 for t in times)
    assert _share_exact(dig, labels, ticks, risk) >= 0.9


# -- class 1b: cells so wide that they touch ---------------------------------------------------------------------

def test_touching_cells_are_cut_where_each_run_is_centred_on_its_tick():
    ticks = np.array([0.0, 30.0, 60.0, 90.0, 120.0])
    # three cells of two glyphs each, 34 px wide on ticks 30 px apart: their outer glyphs lie nearer the next tick
    glyphs = sorted([(c - 17, 0, c - 2, 9) for c in (30, 60, 90)] + [(c + 2, 0, c + 17, 9) for c in (30, 60, 90)])
    runs = _raster._centred_runs(glyphs, ticks)
    assert [(r[0][0], r[-1][2]) for r in runs] == [(13, 47), (43, 77), (73, 107)]
    # a run is never given two ticks' cells, and cells of one glyph each stay apart
    single = [(c - 4, 0, c + 4, 9) for c in (0, 30, 60)]
    assert [len(r) for r in _raster._centred_runs(single, ticks)] == [1, 1, 1]


@pytest.mark.parametrize("fmt, fontsize, seed", [("{n} ({e})", 9, 21), ("{n}({e})", 10, 22)])
def test_cells_with_events_printed_so_wide_that_they_touch(tmp_path, fmt, fontsize, seed):
    arms = simulated_arms(seed, (96, 88), scales=(60.0, 90.0), follow=(60.0, 160.0))
    ticks = np.arange(0, 145, 12, dtype=float)
    risk, ev = risk_at(arms, ticks), events_by(arms, ticks)
    labels = ["Men", "Women"]
    cells = [[fmt.format(n=n, e=e) for n, e in zip(r, v)] for r, v in zip(risk, ev)]
    path = tmp_path / "km.png"
    _figure(path, arms, labels, ["#1b7837", "#e08214"], xmax=144, ticks=ticks, labelled=ticks, cells=cells,
            fontsize=fontsize, family="DejaVu Serif", width=7.6, dpi=150, title="Number at risk (number of events)")
    dig = digitize_figure(path)
    got = read_rows(dig)
    assert sorted(got) == sorted(labels)
    # the first column is read: the table starts at time 0 with the arm sizes
    assert sorted(got[lab][1][0] for lab in labels) == sorted(int(r[0]) for r in risk)
    assert all(got[lab][0][0] == 0.0 for lab in labels)
    assert _share_exact(dig, labels, ticks, risk) >= 0.9


# -- class 2: a lone "0" read as "()" on the page of all cells -----------------------------------------------------

def test_unreadable_cells_of_a_row_of_counts_are_read_again_alone(monkeypatch):
    crops = [np.full((10, 10, 3), 255, np.uint8) for _ in range(7)]
    keys = [(0, 0, ()), (0, 1, ()), (0, 2, ()), (1, 0, ()), (1, 1, ()), (2, 0, ()), (2, 1, ())]
    texts = [("40", 95.0), ("20", 95.0), ("()", 0.0), ("(", 0.0), ("", 0.0), ("31", 90.0), ("", 0.0)]
    again = {2: "0", 4: "7", 6: "45"}
    runs = []

    def fake(batch, *, digits, line_height):
        runs.append(len(batch))
        return [(again[next(j for j, c in enumerate(crops) if c is crop)], 90.0) for crop in batch]

    monkeypatch.setattr(_raster, "ocr_singles", fake)
    out = _raster._reread_unparsed(crops, keys, texts)
    assert out[2][0] == "0"                 # the last cell of a row of counts
    assert out[3][0] == "(" and out[4][0] == ""   # a line with no two counts read (an axis title) is left alone
    assert out[6][0] == ""                  # 45 after 31 would break the row's order: not taken
    assert runs == [1]                      # one run: the one cell read again, taken at the first scale


@pytest.mark.parametrize("colours, seed", [(["#e64b35", "#4dbbd5", "#00a087"], 31), (["#0072b2", "#c0392b"], 32)])
def test_the_last_column_of_zeros_at_the_right_edge_is_read(tmp_path, colours, seed):
    k = len(colours)
    arms = simulated_arms(seed, (400, 410, 395)[:k], scales=(10.0, 16.0, 24.0), follow=(20.0, 38.0))
    ticks = np.arange(0, 41, 5, dtype=float)
    risk = risk_at(arms, ticks)
    labels = ["Surgery", "Chemotherapy", "Radiotherapy"][:k]
    path = tmp_path / "km.png"
    _figure(path, arms, labels, colours, xmax=40, ticks=ticks, labelled=ticks,
            cells=[[str(v) for v in r] for r in risk])
    assert all(r[-1] == 0 for r in risk)
    dig = digitize_figure(path)
    got = read_rows(dig)
    for lab, want in zip(labels, risk):
        assert got[lab] == (list(ticks), list(map(int, want)))


# -- class 3: a pale grey row whose thin digits break apart ------------------------------------------------------

def test_pieces_of_a_glyph_one_above_the_other_are_one_glyph():
    # a thin "5" broken into its top bar, its bowl and its foot; the "8" beside it whole
    five = [(799, 830, 801, 831), (800, 821, 806, 828), (802, 817, 806, 817)]
    eight = (811, 818, 818, 830)
    assert _raster._stacked_pieces(five + [eight]) == [(799, 817, 806, 831), eight]
    # glyphs side by side, touching at most, stay apart
    side = [(10, 0, 17, 12), (18, 0, 25, 12), (27, 2, 30, 4)]
    assert sorted(_raster._stacked_pieces(side)) == sorted(side)


@pytest.mark.parametrize("grey, fontsize, seed", [
    # a "1" whose stem and foot break apart, beside a "9" broken too (the space between their pieces wider
    # than between whole digits)
    ("#c8c8c8", 10, 41),
    ("#c4c4c4", 9, 42)])
def test_a_pale_grey_row_keeps_its_leading_digits(tmp_path, grey, fontsize, seed):
    arms = simulated_arms(seed, (148, 62), scales=(12.0, 18.0), follow=(26.0, 40.0))
    ticks = np.arange(0, 26, 5, dtype=float)
    risk = risk_at(arms, ticks)
    labels = ["Albumin low", "Albumin high"]
    path = tmp_path / "km.png"
    _figure(path, arms, labels, [grey, "#222222"], xmax=25, ticks=ticks, labelled=ticks,
            cells=[[str(v) for v in r] for r in risk], family="DejaVu Serif", fontsize=fontsize, dpi=110)
    dig = digitize_figure(path)
    got = read_rows(dig)
    for lab, want in zip(labels, risk):
        assert got[lab] == (list(ticks), list(map(int, want)))


# -- class 4: percentages ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("k, title, seed", [(3, "Percentage at risk", 51), (1, "Percentage at risk", 52),
                                            (2, "At risk (%)", 53)])
def test_a_table_of_percentages_gives_estimated_numbers_at_risk(tmp_path, k, title, seed):
    arms = simulated_arms(seed, (300, 320, 280)[:k], scales=(10.0, 16.0, 24.0), follow=(20.0, 40.0))
    ticks = np.arange(0, 31, 5, dtype=float)
    risk = risk_at(arms, ticks)
    labels = ["Men", "Women", "Other"][:k]
    pct = [[str(int(round(100 * v / r[0]))) for v in r] for r in risk]
    path = tmp_path / "km.png"
    _figure(path, arms, labels, ["#e64b35", "#4dbbd5", "#3c5488"][:k], xmax=30, ticks=ticks, labelled=ticks,
            cells=pct, title=title)
    dig = digitize_figure(path)
    assert any("percentages" in w and "estimated" in w and "--n ARM=N" in w for w in dig.warnings)
    got = read_rows(dig)
    for lab, p in zip(labels, pct):
        times, counts = got[lab]
        assert times == list(ticks)
        # the counts are one arm size times the percentages printed (the size a lower bound from the steps)
        n0 = counts[0]
        assert 20 <= n0 <= 2 * 320
        assert counts == [int(round(n0 * int(v) / 100)) for v in p]
