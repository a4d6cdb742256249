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


def _two_hues(pastel_specks=False):
    img = np.full((200, 400, 3), 255, np.uint8)
    img[40:42, 10:390] = (127, 201, 127)          # a green curve (BGR), saturated
    if pastel_specks:
        rng = np.random.default_rng(1)
        for _ in range(150):                       # scattered pale tints of one hue, two pixels each
            y, x = int(rng.integers(60, 190)), int(rng.integers(10, 380))
            img[y, x:x + 2] = (212, 174, 190)
    else:
        img[120:122, 10:200] = (212, 174, 190)    # a light purple curve of a pastel palette (saturation 0.18)
    return img


def test_a_pastel_curve_makes_a_hue_class_of_its_own():
    cls = [c for c in pixel_classes(_two_hues(), (0, 0, 400, 200)) if c.chromatic]
    assert len(cls) == 2
    purple = [c for c in cls if c.mask[120:122, 10:200].mean() > 0.9]
    assert purple and not purple[0].mask[40:42].any()


def test_scattered_pale_tints_make_no_class():
    assert len([c for c in pixel_classes(_two_hues(pastel_specks=True), (0, 0, 400, 200)) if c.chromatic]) == 1
