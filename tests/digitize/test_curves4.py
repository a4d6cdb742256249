"""Curves of one hue in several shades (sequential palettes: dark, mid and light blue), and at-risk rows when
fewer rows than curves are read.

Figures: tests/digitize/figures/h4_sm_04_sim_cure3.png (three blues), h4_py_06_cure.png (two blues with
confidence bands), h4_sm_13_rhdnase.png (two purples, one pale); the rest are synthetic images.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from trialscout.digitize import digitize_figure
from trialscout.digitize._curves import PixelClass, RawCurve, pixel_classes
from trialscout.digitize._raster import TableRow, _match_rows

FIG = Path(__file__).parent / "figures"


def _steps(img, bgr, y0, drop, thick=3):
    """A falling step line across the image in colour ``bgr``."""
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


def test_three_shades_of_one_hue_are_three_classes():
    img = np.full((300, 500, 3), 255, np.uint8)
    for bgr, y0 in (((107, 48, 8), 20), ((181, 113, 33), 60), ((214, 174, 107), 100)):
        _steps(img, bgr, y0, 12)
    cls = _chromatic(img)
    assert len(cls) == 3
    # darkest first, each class coloured like its line
    vals = [sum(c.bgr) for c in cls]
    assert vals == sorted(vals)
    assert len({c.name for c in cls}) == 3


def test_one_line_with_anti_aliased_rim_stays_one_class():
    import cv2

    img = np.full((300, 500, 3), 255, np.uint8)
    _steps(img, (156, 81, 8), 40, 15)
    img = cv2.GaussianBlur(img, (5, 5), 1.2)
    assert len(_chromatic(img)) == 1


def test_pale_band_around_a_line_is_no_second_curve():
    img = np.full((300, 500, 3), 255, np.uint8)
    img[60:200, 20:480] = (200, 160, 150)  # a pale filled band of the line's hue, ink about 105
    _steps(img, (156, 81, 8), 80, 8)
    assert len(_chromatic(img)) == 1


def _raw(name):
    return RawCurve(cls=PixelClass(name, np.zeros((2, 2), bool), (0, 0, 0), True), cols=np.arange(3),
                    level=np.zeros(3), censor_cols=[], dashed=False, n_components=1, coverage=0.9)


def test_a_single_row_may_belong_to_the_second_curve():
    # curve 0 stays high, curve 1 falls to a half: the row 100, 50, 20 can only be curve 1's
    t = np.array([0.0, 10.0, 20.0])
    series = [(t, np.array([1.0, 0.95, 0.9])), (t, np.array([1.0, 0.5, 0.2]))]
    row = TableRow(y=0.0, times=[0.0, 10.0, 20.0], counts=[100, 50, 20], events=[], label="", hue=None,
                   confidence=1.0)
    out = _match_rows([_raw("hue:200:0"), _raw("hue:200:1")], series, [row], ["", ""], [])
    assert out[0] is None and out[1] is row


@pytest.mark.parametrize("name, n", [("h4_sm_04_sim_cure3.png", 3), ("h4_py_06_cure.png", 2),
                                     ("h4_sm_13_rhdnase.png", 2)])
def test_shades_of_one_hue_are_read_as_separate_arms(name, n):
    import json

    meta = json.loads((FIG / name).with_suffix(".json").read_text())
    dig = digitize_figure(FIG / name)
    assert sorted(a.name for a in dig.arms) == sorted(meta["arms"])
    assert len(dig.arms) == n
    # the arms are different curves, not one read twice
    ends = [float(a.survival[-1]) for a in dig.arms]
    assert min(abs(a - b) for i, a in enumerate(ends) for b in ends[i + 1:]) > 0.05
