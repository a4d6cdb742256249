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
