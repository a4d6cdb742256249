"""Legend labels and their tie to the curves: keys with a censoring mark on their line, the space between key
and text, labels of a letter and digits ("N0"), at-risk rows labelled by a bar of the curve's colour, labels
read in the pattern the others share ("ArmA" among "Arm B"); and the OCR's batching and cache. Figures are
drawn here, with known data."""

from __future__ import annotations

import subprocess

import matplotlib

matplotlib.use("Agg")
import cv2  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from trialscout import kaplan_meier  # noqa: E402
from trialscout.digitize import _ocr, _raster, digitize_figure  # noqa: E402
from trialscout.digitize._figure import choose_name  # noqa: E402


def test_labels_are_read_in_the_pattern_the_others_share():
    h = _raster._harmonize_labels
    assert h(["ArmA", "Arm B"]) == ["Arm A", "Arm B"]          # a space OCR dropped
    assert h(["NO", "N1-3", "N4+"]) == ["N0", "N1-3", "N4+"]    # a zero read as the letter O
    assert h(["NO", "Ni", "N4+"]) == ["N0", "N1", "N4+"]        # two misread at once
    assert h(["Group I", "Group II"]) == ["Group I", "Group II"]  # letters after a space stay letters
    assert h(["Nodes", "N1"]) == ["Nodes", "N1"]                # a word goes on after the O: it is a letter
    assert h(["Placebo", "Drug"]) == ["Placebo", "Drug"]        # nothing shared
    assert h(["ArmA", "ArmB"]) == ["ArmA", "ArmB"]              # the same pattern throughout
    assert h(["ArmA", ""]) == ["ArmA", ""] and h([]) == []      # one label has no pattern to follow


def test_a_marker_on_a_key_line_is_told_from_a_letter():
    line = np.full(36, 3)
    plus = line.copy()
    plus[17:20] = 30          # a "+" in the middle
    assert _raster._marker_in_middle(line, 3.0, 14.0)
    assert _raster._marker_in_middle(plus, 3.0, 14.0)
    wide = line.copy()
    wide[4:30] = 30           # a block of text, not a mark
    assert not _raster._marker_in_middle(wide, 3.0, 14.0)
    edge = line.copy()
    edge[1:4] = 30            # a tall stroke at one end (a letter's stem)
    assert not _raster._marker_in_middle(edge, 3.0, 14.0)


def test_a_row_label_without_letters_or_digits_names_nothing():
    # a colour bar read as text ("£") does not replace a legend label
    assert choose_name("Grade 2", "£", ["£", "", ""]) == "Grade 2"
    assert choose_name("", "£", ["£"]) == ""
    assert choose_name("Grade 2", "Grade 2", ["Grade 1", "Grade 2"]) == "Grade 2"


def _arms(seed: int, k: int):
    rng = np.random.default_rng(seed)
    out = []
    for j in range(k):
        t = rng.weibull([0.9, 1.2, 1.6][j], [160, 150, 140][j]) * [30, 16, 9][j]
        c = rng.uniform(6, 40, t.size)
        out.append((np.minimum(t, c), (t <= c).astype(int)))
    return out


def _bars_figure(path, labels):
    """Curves with censoring marks, a legend below the plot whose keys carry the mark, and an at-risk table
    whose rows are labelled by a bar of the curve's colour (survminer's tables)."""
    arms = _arms(5, len(labels))
    colours = ["#e64b35", "#4dbbd5", "#00a087"][:len(labels)]
    ticks = np.arange(0, 41, 8)
    fig = plt.figure(figsize=(7.0, 6.0))
    ax = fig.add_axes((0.14, 0.45, 0.8, 0.5))
    for (t, e), lab, col in zip(arms, labels, colours):
        km = kaplan_meier(t, e)
        ax.step(np.r_[0, km.time], np.r_[1, km.survival], where="post", color=col, lw=2.0, label=lab)
        cens = t[e == 0]
        s = km.survival[np.maximum(np.searchsorted(km.time, cens, side="right") - 1, 0)]
        ax.plot(cens, s, "|", color=col, ms=9, mew=1.2)
    ax.set_xlim(0, 40)
    ax.set_xticks(ticks)
    ax.set_ylim(0, 1.02)
    handles = [plt.Line2D([], [], color=col, lw=2.0, marker="|", ms=12, mew=1.4) for col in colours]
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), frameon=False, fontsize=10,
               bbox_to_anchor=(0.55, 0.0))
    for k, ((t, e), col) in enumerate(zip(arms, colours)):
        y = -0.22 - 0.09 * k
        ax.plot([-3.6, -2.0], [y, y], color=col, lw=4, transform=ax.get_xaxis_transform(), clip_on=False,
                solid_capstyle="butt")
        for x, v in zip(ticks, np.atleast_1d(kaplan_meier(t, e).n_at_risk_at(ticks)).astype(int)):
            ax.text(x, y, str(v), transform=ax.get_xaxis_transform(), ha="center", va="center", fontsize=10)
    fig.savefig(path, dpi=130)
    plt.close(fig)
    return [np.atleast_1d(kaplan_meier(t, e).n_at_risk_at(ticks)).astype(int) for t, e in arms]


def test_marked_keys_and_a_table_of_colour_bars_tie_each_label_to_its_curve(tmp_path):
    path = tmp_path / "km.png"
    labels = ["Grade 1", "Grade 2", "Grade 3"]
    counts = _bars_figure(path, labels)
    dig = digitize_figure(path)
    assert sorted(a.name for a in dig.arms) == sorted(labels)
    for lab, nr in zip(labels, counts):
        arm = next(a for a in dig.arms if a.name == lab)
        # the row of the bar of this arm's colour, and the curve drawn in it
        assert arm.n_risk.astype(int).tolist() == nr.tolist(), lab
        assert arm.n_risk[0] == nr[0]
    # the legend's line is not taken for a row of counts
    assert not any("rows read for" in w for w in dig.warnings)


def _inside_legend_figure(path, labels):
    """Base-R-like: a legend inside the plot with long keys set well apart from their text, labels of a
    letter and digits, the rows named in the curves' colours."""
    arms = _arms(9, len(labels))
    colours = ["#e06918", "#5f4394", "#317646"][:len(labels)]
    ticks = np.arange(0, 41, 8)
    fig = plt.figure(figsize=(6.4, 5.4))
    ax = fig.add_axes((0.2, 0.36, 0.74, 0.58))
    for (t, e), col in zip(arms, colours):
        km = kaplan_meier(t, e)
        ax.step(np.r_[0, km.time], np.r_[1, km.survival], where="post", color=col, lw=1.4)
    ax.set_xlim(0, 40)
    ax.set_xticks(ticks)
    ax.set_ylim(0, 1.02)
    for k, (lab, col) in enumerate(zip(labels, colours)):
        y = 0.2 - 0.07 * k
        ax.plot([2.0, 5.0], [y, y], color=col, lw=1.4)
        ax.text(6.6, y, lab, va="center", fontsize=10)  # a gap of over half the key
    for k, ((t, e), lab, col) in enumerate(zip(arms, labels, colours)):
        y = -0.2 - 0.08 * k
        ax.text(-3, y, lab, transform=ax.get_xaxis_transform(), ha="right", va="center", fontsize=9, color=col)
        for x, v in zip(ticks, np.atleast_1d(kaplan_meier(t, e).n_at_risk_at(ticks)).astype(int)):
            ax.text(x, y, str(v), transform=ax.get_xaxis_transform(), ha="center", va="center", fontsize=9,
                    color=col)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return [np.atleast_1d(kaplan_meier(t, e).n_at_risk_at(ticks)).astype(int) for t, e in arms]


def test_a_legend_set_apart_from_its_keys_with_letter_digit_labels_is_read(tmp_path):
    path = tmp_path / "km.png"
    labels = ["N0", "N1-3", "N4+"]
    counts = _inside_legend_figure(path, labels)
    dig = digitize_figure(path)
    assert sorted(a.name for a in dig.arms) == sorted(labels)
    assert all(a.confidence["legend"] > 0 for a in dig.arms)  # the names come from the legend itself
    for lab, nr in zip(labels, counts):
        arm = next(a for a in dig.arms if a.name == lab)
        assert arm.n_risk.astype(int).tolist() == nr.tolist(), lab


def _text_crop(text: str) -> np.ndarray:
    img = np.full((40, 30 + 22 * len(text), 3), 255, np.uint8)
    cv2.putText(img, text, (10, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.9, (0, 0, 0), 2)
    return img


def test_crops_read_together_as_alone_and_each_read_once(monkeypatch):
    crops = [_text_crop(t) for t in ("392", "15", "7", "1203")]
    _ocr._CACHE.clear()
    alone = [_ocr._ocr_page([c], digits=True)[0][0] for c in crops]
    _ocr._CACHE.clear()
    runs = []
    real = subprocess.run

    def counting(*a, **k):
        runs.append(a[0])
        return real(*a, **k)

    monkeypatch.setattr(subprocess, "run", counting)
    together = [t for t, _ in _ocr._ocr_each(crops, digits=True)]
    assert together == alone == ["392", "15", "7", "1203"]
    assert len(runs) == 1  # one Tesseract run for all four
    again = _ocr.ocr_lines(crops, digits=True) + [_ocr.ocr_single(crops[0], digits=True, line_height=40)]
    page_runs = len(runs)
    assert [t for t, _ in again] == ["392", "15", "7", "1203", "392"]
    assert _ocr.ocr_lines(crops, digits=True) == again[:4]
    assert len(runs) == page_runs  # read again from the cache, not by Tesseract
    assert all(r[-1] == "tsv" for r in runs)


def test_the_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(_ocr, "_CACHE_SIZE", 3)
    _ocr._CACHE.clear()
    for k in range(6):
        _ocr._store(("k", k), [("x", 1.0)])
    assert list(_ocr._CACHE) == [("k", 3), ("k", 4), ("k", 5)]
    _ocr._CACHE.clear()


@pytest.mark.parametrize("given", [None, "2"])
def test_tesseract_runs_with_one_thread_unless_told(monkeypatch, given):
    seen = []
    real = subprocess.run

    def spy(*a, **k):
        seen.append(k.get("env", {}).get("OMP_THREAD_LIMIT"))
        return real(*a, **k)

    if given is None:
        monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    else:
        monkeypatch.setenv("OMP_THREAD_LIMIT", given)
    monkeypatch.setattr(subprocess, "run", spy)
    _ocr._CACHE.clear()
    _ocr._ocr_page([_text_crop("42")], digits=True)
    assert seen == [given or "1"]
