"""Seventh round of failures: row labels printed paler than their counts (survminer colours each label like its
arm's curve: a light grey label falls below the digits' ink threshold, and the only ink left of the cells is a
piece of the rotated strata title), and tick labels so thin and pale that they break into specks at the first
ink threshold (their specks' height is no character height for the table read with it). Figures are drawn
here, with known data; rules on small inputs."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from trialscout import kaplan_meier  # noqa: E402
from trialscout.digitize import _raster, digitize_figure  # noqa: E402

from scoring import simulated_arms  # noqa: E402  (tests/digitize/scoring.py)


def test_pale_label_found_beside_a_rotated_title():
    # a band 12 px high: a rotated title's stroke crossing it far left, a pale two-word label, a tick dash
    pale = np.zeros((60, 120), bool)
    pale[5:55, 4:8] = True  # rotated title: runs on far above and below the band
    pale[24:36, 30:50] = True  # "Group"
    pale[24:36, 54:60] = True  # "II"
    pale[29:32, 66:71] = True  # tick dash, thicker in pale ink than in dark
    title_only = [(4, 24, 7, 35)]  # all the first ink threshold saw
    got = _raster._pale_label(pale, 24, 35, 100, title_only, 8.0)
    assert got[0][0] == 30 and got[-1][2] == 59
    # a label the first threshold read whole is kept as read
    whole = [(30, 24, 49, 35), (54, 24, 59, 35)]
    assert _raster._pale_label(pale, 24, 35, 100, whole, 8.0) == whole
    # no pale ink at all: the label stays as read
    assert _raster._pale_label(np.zeros_like(pale), 24, 35, 100, whole, 8.0) == whole


def _arms(seed: int, sizes, scales=(10.0, 16.0)):
    return simulated_arms(seed, sizes, scales, follow=(15.0, 45.0), shape=1.1)


def _table_figure(path, arms, labels, colours, label_colours, ticks, *, tick_colour="black", family="DejaVu Sans",
                  title="Arm", legend=True):
    """Curves, and under them a table: per arm a label (in ``label_colours``) and its counts in black; a
    rotated strata title left of the labels."""
    fig = plt.figure(figsize=(6.4, 5.0))
    ax = fig.add_axes((0.24, 0.36, 0.7, 0.6))
    styles = ["-", "--", ":"]
    for (t, e), lab, col, ls in zip(arms, labels, colours, styles):
        km = kaplan_meier(t, e)
        ax.step(np.r_[0, km.time], np.r_[1, km.survival], where="post", color=col, lw=2, ls=ls, label=lab)
    if legend:
        ax.legend(loc="upper right", frameon=False)
    ax.set_xlim(-1, ticks[-1] + 1)
    ax.set_xticks(ticks)
    ax.set_ylim(0, 1.03)
    ax.tick_params(colors=tick_colour)
    for lab_ in ax.get_xticklabels() + ax.get_yticklabels():
        lab_.set_family(family)
    ax.spines[["top", "right"]].set_visible(False)
    tr = ax.get_xaxis_transform()
    risk = [np.atleast_1d(kaplan_meier(t, e).n_at_risk_at(ticks)).astype(int) for t, e in arms]
    for k, (lab, row, col) in enumerate(zip(labels, risk, label_colours)):
        y = -0.3 - 0.1 * k
        ax.text(-0.07 * ticks[-1], y, lab, transform=tr, ha="right", va="center", fontsize=10, color=col)
        for x, v in zip(ticks, row):
            ax.text(x, y, str(v), transform=tr, ha="center", va="center", fontsize=10, color="black", family=family)
    ax.text(-0.33 * ticks[-1], -0.35, title, transform=tr, rotation=90, ha="center", va="center", fontsize=11)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return risk


def test_pale_grey_row_label_ties_its_row(tmp_path):
    arms = _arms(3, (34, 28))
    labels = ["Group I", "Group II"]
    ticks = [0, 10, 20, 30, 40]
    p = tmp_path / "pale_labels.png"
    risk = _table_figure(p, arms, labels, ["#202020", "#9a9a9a"], ["#202020", "#9a9a9a"], ticks,
                         legend=False)
    dig = digitize_figure(p)
    got = {a.name: list(map(int, a.n_risk)) for a in dig.arms}
    assert got == {lab: list(map(int, r)) for lab, r in zip(labels, risk)}


def test_thin_grey_tick_labels_set_the_character_height(tmp_path):
    # a thin monospace face in mid grey: its tick labels break into specks at the first ink threshold and are
    # read again from paler ink; the table is then looked for with the height of the labels read whole
    arms = _arms(5, (60, 50))
    labels = ["New", "Standard"]
    ticks = [0, 12, 24, 36]
    p = tmp_path / "thin_ticks.png"
    risk = _table_figure(p, arms, labels, ["#1f4e99", "#d62020"], ["#1f4e99", "#d62020"], ticks,
                         tick_colour="#808080", family="Nimbus Mono PS")
    dig = digitize_figure(p)
    got = {a.name: list(map(int, a.n_risk)) for a in dig.arms}
    assert got == {lab: list(map(int, r)) for lab, r in zip(labels, risk)}


def test_monospace_label_words_spaced_a_whole_advance_stay_one_label():
    # "Standard dose" in a monospace face: 16 px letters, words 17 px apart, tick digits 10 px high
    words = [(120, 809, 220, 824), (237, 809, 286, 824)]
    assert _raster._label_words(words, 10.0) == words
    # a glyph much further off than its letters are tall is no word of the label
    assert _raster._label_words([(100, 809, 110, 824), (237, 809, 286, 824)], 10.0) == [(237, 809, 286, 824)]


def test_curve_foot_along_an_open_frame_bottom_is_read(tmp_path):
    # a style without axis lines (grid lines on a tinted panel): the frame's foot is where the grid lines end,
    # and the last stretch of a curve run down near S = 0 lies along that row; it is read to its end
    rng = np.random.default_rng(2)
    t = rng.weibull(2.5, 600) * 30
    c = rng.uniform(50, 80, 600)
    tt, e = np.minimum(t, c), (t <= c).astype(int)
    km = kaplan_meier(tt, e)
    p = tmp_path / "open_foot.png"
    with plt.style.context("fivethirtyeight"):
        fig, ax = plt.subplots(figsize=(7, 5))
        ax.step(np.r_[0, km.time], np.r_[1, km.survival], where="post", lw=2)
        ax.set_xlim(0, 84)
        ax.set_ylim(0, 1.0)
        ax.set_xticks([0, 12, 24, 36, 48, 60, 72, 84])
        fig.savefig(p, dpi=100)
        plt.close(fig)
    dig = digitize_figure(p)
    assert len(dig.arms) == 1
    assert dig.arms[0].time.max() >= float(tt.max()) - 0.015 * 84
