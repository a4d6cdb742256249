"""Held-out set 7, second part: the rules its misread figures showed were missing."""

import numpy as np

from trialscout.digitize._curves import pixel_classes


def _grey_figure(h=120, w=400):
    img = np.full((h, w, 3), 255, np.uint8)
    img[20:22, 10:150] = 0          # a black solid curve (two pixels thick)
    for x in range(150, 380, 12):   # its dashed neighbour's flat plateau: dashes one pixel thin, 8 long
        img[80, x:x + 8] = 110
    img[50, 10:390] = 120           # a grey grid line: one long run, one pixel thin
    return img


def test_one_pixel_thin_dashes_of_a_grey_figure_are_kept():
    grey = [c for c in pixel_classes(_grey_figure(), (0, 0, 400, 120)) if c.name == "grey"]
    assert grey, "the thin dashes make a grey class"
    m = grey[0].mask
    # every dash of the plateau is kept
    assert all(m[80, x:x + 8].sum() >= 6 for x in range(150, 380, 12))
    # the long thin grid line is not
    assert m[50].sum() == 0
