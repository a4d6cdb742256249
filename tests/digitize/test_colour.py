"""Shades, labels and tick labels of the raster digitizer: a light-grey confidence band is no curve, a letter of
a rotated axis title beside an at-risk row label is not part of the label, a lone capital read twice is one
letter, and a decimal point of an x tick label is kept.

The figures are tests/digitize/figures/h3_sm_13_sim_cure.png (x ticks 0, 1.5, ... 7.5; row labels beside a
rotated "Group" title), h3_sm_15_melanoma.png (a light-grey curve and a dark curve in a grey band) and
h3_sm_03_nafld.png and h3_sm_02_jasa.jpg (a light-grey solid and a dark dashed curve in a JPEG) (survminer, tests/digitize/generate/gen_heldout3_r.R), and the synthetic images below.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from trialscout.digitize import digitize_figure
from trialscout.digitize._curves import extract_curves, pixel_classes
from trialscout.digitize._figure import load_figure
from trialscout.digitize._raster import _clean_label, _label_words, read_raster

FIG = Path(__file__).parent / "figures"


# -- grey shades -----------------------------------------------------------------------------------------------

def _grey_image(band: bool):
    """A white plot with a black step curve and a light-grey (200) line, or a light-grey filled band."""
    img = np.full((200, 300, 3), 255, np.uint8)
    img[20:22, 10:150] = 0       # black curve: level 20, then 120
    img[20:122, 150:152] = 0
    img[120:122, 150:290] = 0
    if band:
        img[30:80, 10:290] = 200   # a filled band of the light shade, starting high like a curve
    else:
        img[50:52, 10:290] = 200   # a light-grey line
    return img


def test_a_light_grey_band_is_no_curve():
    area = (5, 5, 295, 195)
    band = extract_curves(pixel_classes(_grey_image(True), area), area, 2)
    assert [c.cls.name for c in band] == ["black"]
    # a light-grey line of the same shade is still a curve
    line = extract_curves(pixel_classes(_grey_image(False), area), area, 2)
    names = sorted(c.cls.name for c in line)
    assert names == ["black", "light"]
    light = next(c for c in line if c.cls.name == "light")
    assert np.nanmedian(light.level) == pytest.approx(50.5, abs=1.0)


def test_grey_band_figure_reads_the_dark_curve():
    dig = digitize_figure(FIG / "h3_sm_15_melanoma.png")
    meta = json.loads((FIG / "h3_sm_15_melanoma.json").read_text())
    assert sorted(a.name for a in dig.arms) == sorted(meta["arms"])
    styles = {a.name: a.style for a in dig.arms}
    assert styles["Ulcerated"] == "dashed"
    # the dashed curve ends near 0.43, not in the middle of its band
    ulc = next(a for a in dig.arms if a.name == "Ulcerated")
    assert ulc.survival[-1] == pytest.approx(0.43, abs=0.02)


def test_jpeg_rim_of_a_dark_dashed_curve_is_no_third_curve():
    read = read_raster(load_figure(FIG / "h3_sm_02_jasa.jpg"))
    assert sorted(c.cls.name for c in read.curves) == ["black", "light"]


# -- labels ----------------------------------------------------------------------------------------------------

def test_letter_of_a_rotated_title_is_not_part_of_a_row_label():
    ch = 12.0
    lying = (17, 644, 33, 653)       # a glyph on its side: 17 wide, 10 high
    words = [(42, 637, 119, 652), (127, 637, 225, 652)]
    assert _label_words([lying] + words, ch) == words
    # an upright single letter before a word stays ("T cells")
    upright = (30, 637, 38, 652)
    assert _label_words([upright] + words, ch) == [upright] + words
    # a label of one word is kept whatever its shape
    assert _label_words([lying], ch) == [lying]


@pytest.mark.parametrize("name, labels", [("h3_sm_03_nafld.png", ["Men", "Women"]),
                                          ("h3_sm_13_sim_cure.png", ["Surgery + radiotherapy", "Surgery alone"])])
def test_row_labels_beside_a_rotated_title(name, labels):
    dig = digitize_figure(FIG / name)
    assert sorted(a.name for a in dig.arms) == sorted(labels)


@pytest.mark.parametrize("text, want", [("Cc", "C"), ("Aa", "A"), ("Ab", "Ab"), ("cc", "cc"), ("Arm Cc", "Arm Cc"),
                                        ("Group |", "Group I")])
def test_a_capital_read_twice_is_one_letter(text, want):
    assert _clean_label(text) == want


# -- tick labels -----------------------------------------------------------------------------------------------

def test_decimal_point_of_x_tick_labels_is_kept():
    dig = digitize_figure(FIG / "h3_sm_13_sim_cure.png")
    vals = dig.x_axis["ticks_value"]
    assert any(abs(v - 1.5) < 1e-9 for v in vals) or any(abs(v - 4.5) < 1e-9 for v in vals)
    # the axis is calibrated: 7.5 years at the last tick's pixel
    x = dig.x_axis["value_at_pixel_0"] + dig.x_axis["per_pixel"] * max(dig.x_axis["ticks_pixel"])
    assert x == pytest.approx(7.5, abs=0.05)
