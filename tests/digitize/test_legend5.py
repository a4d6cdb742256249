"""Legend labels: words joined at gaps scaled by the label's own letters (not the tick labels'), the run of a
label stopped at the next entry's key (another colour, a censoring mark), labels printed at a curve's end in
its colour, and strokes inside an at-risk row's label that are no legend keys. Rules on small inputs, then
figures of tests/digitize/figures with truth (the legend as read, before at-risk row labels name the arms)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from trialscout.digitize import _raster, digitize_figure

FIG = Path(__file__).parent / "figures"


def _legend_read(monkeypatch, name: str) -> list:
    """The legend labels read_raster returns for a committed figure."""
    seen = {}
    orig = _raster.read_raster

    def wrap(*a, **k):
        r = orig(*a, **k)
        seen["r"] = r
        return r

    monkeypatch.setattr(_raster, "read_raster", wrap)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        digitize_figure(FIG / name)
    return list(seen["r"].legend)


def _arms(name: str) -> list:
    return json.loads((FIG / name).with_suffix(".json").read_text())["arms"]


def test_key_inside_an_at_risk_row_label_is_no_legend_key():
    row = SimpleNamespace(y=100.0, boxes=[(200, 95, 220, 105), (300, 95, 320, 105)])
    assert _raster._in_row_label((40, 99, 60, 101), 100.0, [row], 8.0, 212.0)       # left of the first count
    assert not _raster._in_row_label((40, 59, 60, 61), 60.0, [row], 8.0, 212.0)     # another line (the plot)
    assert not _raster._in_row_label((240, 99, 260, 101), 100.0, [row], 8.0, 212.0)  # right of the counts
    # a legend's line read as a row ("Grade 1  Grade 2"): its first "count" is far from the plot's left edge
    assert not _raster._in_row_label((40, 99, 60, 101), 100.0, [row], 8.0, 100.0)


def test_glyph_of_another_colour_ends_the_label():
    img = np.full((20, 60, 3), 255, np.uint8)
    img[2:16, 2:12] = (0, 0, 0)          # a black letter
    img[2:16, 20:30] = (20, 20, 200)      # a red (BGR) stroke: the next entry's key
    img[2:16, 40:50] = (30, 30, 30)       # another black letter
    img[17:18, 52:53] = (20, 20, 200)     # a red speck, too small to judge
    hue0 = _raster._hue_of(img, (2, 2, 11, 15))
    assert hue0 is None
    assert _raster._other_colour(img, (20, 2, 29, 15), hue0, 14)
    assert not _raster._other_colour(img, (40, 2, 49, 15), hue0, 14)
    assert not _raster._other_colour(img, (52, 17, 52, 17), hue0, 14)


@pytest.mark.parametrize("name", ["h4_py_05_exp.jpg", "h4_sm_09_alloauto.png", "h4_py_01_cross.jpg"])
def test_label_words_far_apart_for_the_tick_labels_are_one_label(monkeypatch, name):
    # legend text much taller than the tick labels (or a monospace font): "Surgery + chemotherapy",
    # "Allogeneic transplant" were read as their first word
    assert sorted(_legend_read(monkeypatch, name)) == sorted(_arms(name))


def test_labels_at_the_curve_ends_are_the_legend(monkeypatch):
    # no legend box: each curve is named by text in its colour right of its end
    assert sorted(_legend_read(monkeypatch, "h2_py_03_cure.png")) == sorted(_arms("h2_py_03_cure.png"))


@pytest.mark.parametrize("name", ["h4_sm_07_gbsg2.png", "h4_sm_11_sim_heavycens.png"])
def test_one_line_legend_labels_stop_at_the_next_key(monkeypatch, name):
    # a legend of one line ("Arm -+- A -+- B"): a label is not run into the next entry's key and label
    arms = _arms(name)
    legend = _legend_read(monkeypatch, name)
    assert all(lab == "" or lab in arms for lab in legend), legend
    assert any(lab in arms for lab in legend)


@pytest.mark.parametrize("name", ["h4_sm_10_burn.png", "h4_sm_08_sim_delay.jpg"])
def test_label_set_apart_from_its_key_is_read(monkeypatch, name):
    # the key-to-text space scales with the legend's text, which can be larger than the tick labels
    assert sorted(_legend_read(monkeypatch, name)) == sorted(_arms(name))
