"""Figures the digitizer used to refuse, by the class of layout that defeated it:

- a grey panel whose curves' bands leave strips narrower than the panel-finding kernel at its edges (the
  outline came out cut short), and a dark grey panel (itself as dark as the axis lines);
- a speck of a thick curve's cap against the y-axis line, taken as the column of the y tick labels;
- slashed zeros of a monospaced font, dropped by the OCR;
- thin grey tick labels broken into specks, whose median box set the character height;
- centred "n (events)" cells whose middle character, a space, falls on the tick;
- a table of one column per tick spread evenly over the plot's width (matplotlib's ax.table);
- cells flush right at their ticks whose right ends differ by a pixel or two (serif digits, JPEG);
- a curve's pieces either side of a crossing curve, the end of one showing only its line's edge.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from trialscout.digitize._axes import Frame, find_frame_any, y_label_words
from trialscout.digitize._curves import _best_chain
from trialscout.digitize._ocr import _without_slashes
from trialscout.digitize._raster import _first_cell_left, _right_aligned, _spread_columns


def _masks(img):
    hsv = cv2.cvtColor(img, cv2.COLOR_BGR2HSV)
    sat, val = hsv[..., 1].astype(int), hsv[..., 2].astype(int)
    return val, sat, (val < 130) & (sat < 100)


# -- panels -----------------------------------------------------------------------------------------------------

def _panel(grey: int, *, band_to_edge: bool) -> np.ndarray:
    """A white page with a grey panel (60..540 x 40..400), white grid lines, and a blue band falling from the
    top left to near the foot, where it runs on a few pixels above the panel's foot to its right part."""
    img = np.full((480, 640, 3), 255, np.uint8)
    img[40:401, 60:541] = grey
    for x in range(120, 541, 80):
        img[40:401, x:x + 2] = 255
    for y in range(100, 401, 80):
        img[y:y + 2, 60:541] = 255
    pts = np.array([[60, 40], [90, 40], [300, 380], [520, 380], [520, 396], [280, 396], [60, 90]], np.int32)
    cv2.fillPoly(img, [pts], (220, 170, 90))
    if band_to_edge:
        # a strip of grey 8 px high under the band, right of it another 20 px: narrower than the kernel
        img[388:397, 280:521] = (220, 170, 90)
    cv2.putText(img, "0.5", (10, 225), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (0, 0, 0), 1)
    return img


@pytest.mark.parametrize("grey", [234, 120])
@pytest.mark.parametrize("band_to_edge", [False, True])
def test_grey_panel_frame_spans_the_whole_panel(grey, band_to_edge):
    fr, _ = find_frame_any(*_masks(_panel(grey, band_to_edge=band_to_edge)))
    assert abs(fr.left - 60) <= 2 and abs(fr.right - 540) <= 2
    assert abs(fr.top - 40) <= 2 and abs(fr.bottom - 400) <= 2


def test_panel_frame_leaves_out_a_tick_label_touching_the_panel():
    img = _panel(234, band_to_edge=False)
    # a dark tick mark and a label glyph joined to the panel's foot by the closing of its grid lines
    img[401:406, 199:202] = 40
    img[405:415, 196:205] = 40
    fr, _ = find_frame_any(*_masks(img))
    assert abs(fr.bottom - 400) <= 2 and abs(fr.right - 540) <= 2


# -- y tick labels ------------------------------------------------------------------------------------------------

def test_speck_against_the_axis_is_not_the_label_column():
    ink = np.zeros((500, 400), bool)
    fr = Frame(left=200, right=390, top=40, bottom=440, line_width=1)
    for y in (40, 140, 240, 340, 440):
        for x0 in (150, 163, 176):  # three glyphs 10 wide, 18 high, ending 14 px left of the axis
            ink[y - 9:y + 9, x0:x0 + 10] = True
    ink[40:46, 196:198] = True  # a curve's cap against the axis, 6 px high
    words, ch, _ = y_label_words(ink, fr)
    assert len(words) == 5
    assert all(w[0] == 150 and w[2] == 185 for w in words)


# -- OCR: slashed zeros -----------------------------------------------------------------------------------------

def _glyph_zero(slashed: bool, size: int = 40) -> np.ndarray:
    g = np.full((size + 10, size), 255, np.uint8)
    cv2.ellipse(g, (size // 2, (size + 10) // 2), (size // 3, size // 2), 0, 0, 360, 0, 3)
    if slashed:
        cv2.line(g, (size // 2 + size // 4, 8), (size // 2 - size // 4, size + 2), 0, 3)
    return g


def _holes(g: np.ndarray) -> int:
    contours, hier = cv2.findContours((g < 128).astype(np.uint8), cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    return sum(1 for h in hier[0] if h[3] >= 0) if hier is not None else 0


def test_slashed_zero_loses_its_slash_and_keeps_its_ring():
    g = _glyph_zero(True)
    assert _holes(g) == 2
    out = _without_slashes(g)
    assert _holes(out) == 1
    ring = _glyph_zero(False) < 128
    # the ring is kept (all but a pixel's width where the slash met it), the middle is blank
    assert (out[ring] < 128).mean() > 0.9
    assert (out[20:30, 15:25] == 255).all()


def test_eight_and_plain_zero_are_left_alone():
    eight = np.full((60, 40), 255, np.uint8)
    cv2.circle(eight, (20, 17), 11, 0, 3)
    cv2.circle(eight, (20, 41), 13, 0, 3)
    assert _holes(eight) == 2
    assert (_without_slashes(eight) == eight).all()
    zero = _glyph_zero(False)
    assert (_without_slashes(zero) == zero).all()


# -- at-risk tables -----------------------------------------------------------------------------------------------

def _word(x0: int, text: str, y0: int = 100, w: int = 10, adv: int = 13, h: int = 18) -> list:
    """Glyph boxes of a monospaced ``text`` starting at ``x0`` (spaces leave a gap)."""
    return [(x0 + k * adv, y0, x0 + k * adv + w - 1, y0 + h - 1) for k, c in enumerate(text) if c != " "]


def test_centred_cell_whose_middle_is_its_space_is_found_at_the_tick():
    tick = 400.0
    cell = _word(int(tick - 3.5 * 13), "430 (0)")
    label = _word(100, "Radiotherapy")
    boxes = sorted(label + cell)
    left = _first_cell_left(boxes, tick, 150.0, 0.45 * 18, 18)
    assert left is not None
    assert max(b[2] for b in label) < left <= min(b[0] for b in cell) + 2  # (mirrored about a tick 1.5 px off)


def test_no_cell_at_the_tick_is_none():
    boxes = _word(100, "Arm A") + _word(520, "12 (3)")
    assert _first_cell_left(boxes, 400.0, 150.0, 0.45 * 18, 18) is None


def test_columns_spread_over_the_plot_width_are_found():
    fr = Frame(left=170, right=1013, top=40, bottom=440, line_width=1)
    ticks = fr.left + np.arange(9) * (fr.right - fr.left) / 8
    w = (fr.right - fr.left) / 9
    lines = []
    for r, counts in enumerate([[140, 136, 100, 51, 24, 10, 3, 1, 0], [135, 135, 106, 72, 50, 24, 16, 9, 0]]):
        boxes = _word(100, "ECOG", y0=500 + 30 * r)
        for k, n in enumerate(counts):
            s = str(n)
            boxes += _word(int(fr.left + (k + 0.5) * w - len(s) * 13 / 2), s, y0=500 + 30 * r)
        lines.append((500 + 30 * r, 517 + 30 * r, sorted(boxes)))
    got = _spread_columns(lines, ticks, float(ticks[1] - ticks[0]), fr)
    assert got is not None and np.allclose(got, fr.left + (np.arange(9) + 0.5) * w)
    # the same cells centred on the ticks are not spread columns
    lines2 = []
    for a, b, boxes in lines:
        cells = []
        for k, n in enumerate([140, 136, 100, 51, 24, 10, 3, 1, 0]):
            s = str(n)
            cells += _word(int(ticks[k] - len(s) * 13 / 2), s, y0=a)
        lines2.append((a, b, sorted(_word(100, "ECOG", y0=a) + cells)))
    assert _spread_columns(lines2, ticks, float(ticks[1] - ticks[0]), fr) is None


def test_flush_right_cells_with_right_ends_a_pixel_or_two_apart():
    ticks = np.array([131.0, 277.5, 424.0, 570.6, 717.1, 863.6])
    rng = np.random.default_rng(3)
    lines = []
    for r, counts in enumerate([[110, 63, 38, 22, 11, 0], [120, 81, 49, 24, 9, 0], [115, 83, 51, 24, 14, 0]]):
        boxes = []
        for k, n in enumerate(counts):
            s = str(n)
            right = int(ticks[k]) - 1 + int(rng.integers(-2, 1))
            boxes += [(right - (len(s) - j) * 8 + 2, 500 + 20 * r, right - (len(s) - 1 - j) * 8, 511 + 20 * r)
                      for j in range(len(s))]
        lines.append((500 + 20 * r, 511 + 20 * r, sorted(boxes)))
    off = _right_aligned(lines, ticks, float(ticks[1] - ticks[0]), 12.0)
    assert off is not None and -3 <= off <= 0
    # centred cells of varying widths are not flush right
    lines2 = []
    for a, b, boxes in lines:
        cells = []
        for k, n in enumerate([110, 63, 38, 22, 11, 0]):
            s = str(n)
            x0 = int(ticks[k] - len(s) * 4)
            cells += [(x0 + 8 * j, a, x0 + 8 * j + 6, b) for j in range(len(s))]
        lines2.append((a, b, cells))
    assert _right_aligned(lines2, ticks, float(ticks[1] - ticks[0]), 12.0) is None


# -- curves -------------------------------------------------------------------------------------------------------

def _comp(x0, x1, left, right):
    return {"k": 0, "x0": x0, "x1": x1, "span": x1 - x0 + 1, "h": 5, "left": float(left), "right": float(right)}


@pytest.mark.parametrize("lw", [2, 3])
def test_pieces_chain_across_a_crossing_that_hides_half_a_line(lw):
    # the first piece's end shows only the lower edge of its line (a line width low): the next piece starts
    # up to two line widths higher
    comps = [_comp(0, 900, 200, 500 + lw), _comp(910, 1300, 500 - lw, 560)]
    chain, cover = _best_chain(comps, 1400, lw, set())
    assert chain == [0, 1]
    # a piece far higher than that belongs to another line
    comps = [_comp(0, 900, 200, 500), _comp(910, 1300, 500 - 3 * lw - 6, 560)]
    chain, _ = _best_chain(comps, 1400, lw, set())
    assert chain == [0]


# -- dark panels --------------------------------------------------------------------------------------------------

def test_dark_panel_is_flattened_to_white_with_its_text_still_dark():
    from trialscout.digitize._raster import _dark_panel, _flattened

    img = _panel(127, band_to_edge=False)
    cv2.putText(img, "115 (0)", (200, 300), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (0, 0, 0), 2)
    val, sat, _ = _masks(img)
    fr = Frame(left=60, right=540, top=40, bottom=400, line_width=1)
    assert _dark_panel(val, sat, fr)
    out = _flattened(img)
    # the panel, to its very edge, reads as white; the text on it as dark as before
    assert np.median(out[300:390, 330:530].min(axis=2)) >= 240
    assert out[150:390, 61:64].min(axis=2).mean() >= 230
    txt = img[280:305, 200:300].min(axis=2) < 60
    assert (out[280:305, 200:300].min(axis=2)[txt] < 100).mean() > 0.9
    # a light panel (theme_grey's, seaborn's) is left to the usual thresholds
    val2, sat2, _ = _masks(_panel(234, band_to_edge=False))
    assert not _dark_panel(val2, sat2, fr)


def test_flush_right_cells_of_widths_one_digit_apart_are_flush_right():
    # right ends all at one offset, centres 4 px apart by width (one, two, three digits of 8 px): the centres'
    # median falls between two widths, but they do not agree to the pixel
    ticks = 103.0 + 70.0 * np.arange(10)
    lines = []
    for r, counts in enumerate([[580, 392, 275, 183, 102, 56, 29, 12, 4, 0], [590, 395, 293, 246, 163, 112, 79, 42, 16, 0]]):
        boxes = []
        for k, n in enumerate(counts):
            s = str(n)
            right = int(ticks[k]) - 2
            boxes += [(right - (len(s) - j) * 8 + 2, 500 + 20 * r, right - (len(s) - 1 - j) * 8, 511 + 20 * r)
                      for j in range(len(s))]
        lines.append((500 + 20 * r, 511 + 20 * r, sorted(boxes)))
    assert _right_aligned(lines, ticks, 70.0, 12.0) == pytest.approx(-2.0)
