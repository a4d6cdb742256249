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


def test_a_pale_row_short_of_a_cell_is_read_once_more_with_paler_ink(monkeypatch):
    from types import SimpleNamespace

    from trialscout.digitize import _raster

    def row(counts):
        return _raster.TableRow(y=0.0, times=[20.0 * k for k in range(6 - len(counts), 6)], counts=counts,
                                events=[], label="", hue=None, confidence=0.9, boxes=[])

    calls = []
    original = np.full((50, 50, 3), 255, np.uint8)
    original[10:20, 10:20] = 215   # the pale digits: ink only at the paler threshold of the stretched image

    def fake(im, ink, *a, **k):
        stretched = im is not original
        calls.append((stretched, float(ink.mean())))
        if not stretched:     # the image as it is, at either threshold: the dark row only
            return [row([14, 11, 6, 4, 1, 0])]
        if len([c for c in calls if c[0]]) == 1:   # contrast stretched: the pale row found, its first cell broken
            return [row([14, 11, 6, 4, 1, 0]), row([8, 1, 0, 0, 0])]
        return [row([14, 11, 6, 4, 1, 0]), row([20, 8, 1, 0, 0, 0])]

    monkeypatch.setattr(_raster, "_read_table", fake)
    curves = (SimpleNamespace(cls=SimpleNamespace(bgr=(127, 201, 127))),
              SimpleNamespace(cls=SimpleNamespace(bgr=(212, 174, 190))))
    rows = _raster._read_table_twice(original, original.min(axis=2) < 150, None, None, 0, 10.0, [], curves)
    pale = [m for st, m in calls if st]
    assert len(pale) == 2 and pale[1] > pale[0]
    assert [r.counts for r in rows] == [[14, 11, 6, 4, 1, 0], [20, 8, 1, 0, 0, 0]]


def test_a_pale_label_crop_is_darkened_and_dark_text_is_left_alone():
    from trialscout.digitize._raster import _darkened

    pale = np.full((20, 60, 3), 255, np.uint8)
    pale[5:15, 5:55:3] = 210                      # strokes of a very light grey label
    out = _darkened(pale)
    assert out[5, 5].max() < 60 and out[0, 0].min() == 255
    dark = pale.copy()
    dark[5:15, 5:55:3] = 40
    assert _darkened(dark) is dark


def test_a_lone_glyph_of_a_rotated_title_does_not_join_a_pale_label():
    from trialscout.digitize._raster import _pale_label

    pale = np.zeros((40, 200), bool)
    pale[12:24, 10:22] = True                     # the rotated title's letter (dark, so in the pale ink too)
    for x in range(26, 120, 9):                   # the pale label's letters, close after it
        pale[10:24, x:x + 6] = True
    words = _pale_label(pale, 8, 25, 190, [(10, 12, 21, 23)], 9.0)
    assert words and min(w[0] for w in words) >= 26
    # a label of a lone dark glyph with nothing pale further on is kept
    only = np.zeros((40, 200), bool)
    only[12:24, 10:22] = True
    assert _pale_label(only, 8, 25, 190, [(10, 12, 21, 23)], 9.0) == [(10, 12, 21, 23)]


def test_a_single_row_read_again_into_a_short_second_row_is_looked_for_in_the_stretched_image(monkeypatch):
    # one row for two curves; paler ink finds the pale arm's row but short of its first cell (its thin digits
    # broke apart); the contrast-stretched image reads that row whole, and is kept with as many rows
    from types import SimpleNamespace

    from trialscout.digitize import _raster

    def row(counts):
        return _raster.TableRow(y=0.0, times=[20.0 * k for k in range(6 - len(counts), 6)], counts=counts,
                                events=[], label="", hue=None, confidence=0.9, boxes=[])

    original = np.full((50, 50, 3), 255, np.uint8)
    calls = []

    def fake(im, ink, *a, **k):
        calls.append(im is original)
        if im is original:
            if len(calls) == 1:
                return [row([14, 11, 6, 4, 1, 0])]
            return [row([14, 11, 6, 4, 1, 0]), row([8, 1, 0, 0, 0])]
        return [row([14, 11, 6, 4, 1, 0]), row([20, 8, 1, 0, 0, 0])]

    monkeypatch.setattr(_raster, "_read_table", fake)
    curves = (SimpleNamespace(cls=SimpleNamespace(bgr=(60, 60, 200))),
              SimpleNamespace(cls=SimpleNamespace(bgr=(200, 170, 190))))
    rows = _raster._read_table_twice(original, original.min(axis=2) < 150, None, None, 0, 10.0, [], curves)
    assert calls[:2] == [True, True] and False in calls
    assert [r.counts for r in rows] == [[14, 11, 6, 4, 1, 0], [20, 8, 1, 0, 0, 0]]
