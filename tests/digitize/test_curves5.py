"""A curve drawn in a very pale shade of its partner's hue (little saturation and ink), and the at-risk row
printed in that pale colour.

Figures: tests/digitize/figures/h4_py_14_cross.png (a purple and a very pale purple that cross) and
h4_sm_05_sim_cross.png (a purple and a light purple, each with a row in its colour); the rest are synthetic.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from trialscout.digitize import digitize_figure
from trialscout.digitize._curves import pixel_classes

FIG = Path(__file__).parent / "figures"


def _steps(img, bgr, y0, drop, thick=3):
    h, w = img.shape[:2]
    y = y0
    for x0 in range(20, w - 20, 40):
        img[y:y + thick, x0:x0 + 40] = bgr
        img[y:y + drop + thick, x0 + 39:x0 + 40 + thick - 1] = bgr
        y += drop
    return img


def _chromatic(img):
    h, w = img.shape[:2]
    return [c for c in pixel_classes(img, (0, 0, w, h)) if c.chromatic]


def test_very_pale_shade_next_to_a_dark_one_is_a_class_of_its_own():
    # the pale line has saturation about 0.17 and ink about 77 (255 - darkest channel)
    img = np.full((300, 500, 3), 255, np.uint8)
    _steps(img, (154, 61, 106), 20, 12)
    _steps(img, (214, 178, 202), 110, 10)
    cls = _chromatic(img)
    assert len(cls) == 2
    # the darker class first, each coloured like its line
    assert sum(cls[0].bgr) < sum(cls[1].bgr)
    assert min(cls[1].bgr) > 150


def test_very_pale_line_alone_is_no_curve_class():
    # without a darker line of its hue a pale line stays out of the chromatic classes (a band, a grid)
    img = np.full((300, 500, 3), 255, np.uint8)
    _steps(img, (214, 178, 202), 60, 10)
    assert _chromatic(img) == []


@pytest.mark.parametrize("name", ["h4_py_14_cross.png", "h4_sm_05_sim_cross.png"])
def test_pale_arm_is_traced_and_its_row_read(name):
    meta = json.loads((FIG / name).with_suffix(".json").read_text())
    with open((FIG / name).with_suffix(".csv"), newline="") as fh:
        truth = [row["arm"] for row in csv.DictReader(fh)]
    dig = digitize_figure(FIG / name)
    assert sorted(a.name for a in dig.arms) == sorted(meta["arms"])
    for a in dig.arms:
        # every arm has its own at-risk row starting at its true size
        n0 = truth.count(a.name)
        assert a.n_risk.size, a.name
        assert int(a.n_risk[0]) == n0, (a.name, a.n_risk[0], n0)
    ends = [float(a.survival[-1]) for a in dig.arms]
    assert abs(ends[0] - ends[1]) > 0.1


def test_dark_slate_line_beside_colour_curves_is_one_black_class():
    # a JPEG's dark slate line: value 72 to 94 along it (it used to fall apart into black and grey pieces)
    img = np.full((300, 500, 3), 255, np.uint8)
    _steps(img, (43, 156, 191), 20, 10)
    h, w = img.shape[:2]
    slate = np.full((300, 500, 3), 255, np.uint8)
    _steps(slate, (72, 71, 61), 110, 10)
    line = slate[..., 0] < 255
    shade = (np.arange(w) // 7 % 2) * 22  # every other 7 columns 22 levels lighter
    for c in range(3):
        ch = img[..., c].astype(int)
        ch[line] = (slate[..., c].astype(int) + shade[None, :])[line]
        img[..., c] = ch.astype(np.uint8)
    cls = {c.name: c for c in pixel_classes(img, (0, 0, w, h))}
    assert "black" in cls
    cols_line = line.any(axis=0)
    cols_black = cls["black"].mask.any(axis=0)
    assert (cols_black & cols_line).sum() >= 0.95 * cols_line.sum()


def test_translucent_band_with_pale_edges_is_no_second_shade():
    # a confidence band filled in the line's hue (ink about 75, as pale as a very light line) with its
    # edges drawn a little darker: the band's edges are no light curve of their own
    img = np.full((300, 500, 3), 255, np.uint8)
    img[60:200, 20:480] = (204, 195, 180)
    img[60:62, 20:480] = (205, 185, 170)
    img[198:200, 20:480] = (205, 185, 170)
    _steps(img, (156, 81, 8), 80, 8)
    assert len(_chromatic(img)) == 1
