"""Digitizer rules from the first scoring of held-out set 9.

- y tick labels written along the axis (turned a quarter and read up the page, base R's default ``las = 0``):
  the glyphs stand one above the other, so they are grouped along the vertical and each word of the column
  flush with the axis is read turned upright.

Figures are drawn here with matplotlib, with known axes; every tick label must be read and the calibration
must match the drawn axes.
"""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from trialscout import kaplan_meier  # noqa: E402
from trialscout.digitize import digitize_figure  # noqa: E402
from trialscout.digitize._axes import Frame, y_label_columns  # noqa: E402


def _turned_labels_figure(path, *, yt, yfmt, font="DejaVu Sans", size=11.0, percent=False, box=True, jpeg=False):
    """One KM curve with y tick labels turned a quarter; returns the pixel -> value map of the y axis."""
    rng = np.random.default_rng(5)
    t = rng.exponential(12.0, 150)
    c = rng.uniform(10.0, 40.0, 150)
    km = kaplan_meier(np.minimum(t, c), (t <= c).astype(int))
    k = 100.0 if percent else 1.0
    fig = plt.figure(figsize=(6.0, 4.2), dpi=100)
    ax = fig.add_axes((0.15, 0.14, 0.8, 0.8))
    ax.step(np.r_[0.0, km.time], k * np.r_[1.0, km.survival], where="post", color="#b2182b", lw=1.5)
    ax.set_xlim(0, 36)
    ax.set_ylim(k * yt[0], k * yt[-1])
    ax.set_xticks(np.arange(0, 37, 6))
    ax.set_yticks(k * np.asarray(yt))
    ax.set_yticklabels([yfmt.format(k * v) for v in yt], rotation=90, va="center", fontfamily=font, fontsize=size)
    ax.set_xlabel("Months")
    ax.set_ylabel("Proportion alive")
    if not box:
        ax.spines["top"].set_visible(False)
        ax.spines["right"].set_visible(False)
    fig.canvas.draw()
    h = fig.canvas.get_width_height()[1]
    (_, y0), (_, y1) = ax.transData.transform([(0, k * yt[0]), (36, k * yt[-1])])
    fig.savefig(path, dpi=100, pil_kwargs={"quality": 85} if jpeg else None)
    plt.close(fig)
    return h - y0, h - y1


@pytest.mark.parametrize("yt,yfmt,font,percent,box,jpeg", [
    ([0.0, 0.2, 0.4, 0.6, 0.8, 1.0], "{:.1f}", "DejaVu Sans", False, True, False),
    ([0.0, 0.25, 0.5, 0.75, 1.0], "{:.2f}", "Liberation Sans", False, False, False),
    ([0.0, 0.25, 0.5, 0.75, 1.0], "{:.0f}", "DejaVu Sans", True, False, True),
])
def test_labels_turned_along_the_axis_are_read(tmp_path, yt, yfmt, font, percent, box, jpeg):
    path = tmp_path / ("km.jpg" if jpeg else "km.png")
    r0, r1 = _turned_labels_figure(path, yt=yt, yfmt=yfmt, font=font, percent=percent, box=box, jpeg=jpeg)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dig = digitize_figure(path)
    ya = dig.y_axis
    assert sorted(ya["ticks_value"]) == pytest.approx(sorted(yt)), ya["labels_read"]
    for p, v in ((r0, yt[0]), (r1, yt[-1])):
        # to within 1.5 pixels of the drawn axis
        got = ya["value_at_pixel_0"] + ya["per_pixel"] * p
        assert got == pytest.approx(v, abs=abs(ya["per_pixel"]) * 1.5)


def test_a_turned_label_column_is_grouped_along_the_vertical_and_the_title_left_out():
    ink = np.zeros((240, 200), bool)
    fr = Frame(left=150, right=199, top=20, bottom=220, line_width=1)
    for top in (20, 110, 200):
        # "0.5" turned: two glyphs 12 px across and 8 high, a decimal point between them
        ink[top:top + 8, 130:142] = True
        ink[top + 10:top + 13, 138:141] = True
        ink[top + 15:top + 23, 130:142] = True
    for top in range(70, 170, 9):                  # the turned axis title further left
        ink[top:top + 7, 90:102] = True
    words, th = y_label_columns(ink, fr)
    assert th == pytest.approx(12.0)
    assert [(w[0], w[1], w[3]) for w in words] == [(130, 20, 42), (130, 110, 132), (130, 200, 222)]


# -- a filled panel with curves drawn over its edges -----------------------------------------------------------


def test_a_light_panel_bitten_by_curves_at_its_corner_and_foot_is_framed_whole():
    from trialscout.digitize._axes import find_frame_any
    import cv2

    img = np.full((420, 640, 3), 255, np.uint8)
    img[40:361, 100:601] = (238, 241, 245)            # a very light panel (val 245)
    for x in range(180, 600, 80):
        img[40:361, x:x + 2] = 255                    # white grid lines across it
    for y in range(100, 360, 60):
        img[y:y + 2, 100:601] = 255
    # curves (saturated) drawn over the panel's top-left corner from S = 1 and along its foot at S = 0
    img[40:48, 100:170] = (176, 114, 76)
    img[90:110, 100:112] = (76, 114, 221)
    img[354:361, 400:470] = (82, 132, 221)
    hsv = cv2.cvtColor(img, cv2.COLOR_BGR2HSV)
    sat, val = hsv[..., 1].astype(int), hsv[..., 2].astype(int)
    fr, _ = find_frame_any(val, sat, (val < 130) & (sat < 100))
    assert abs(fr.left - 100) <= 2 and abs(fr.right - 600) <= 2
    assert abs(fr.top - 40) <= 2 and abs(fr.bottom - 360) <= 2


# -- what stands before or after a row label's name --------------------------------------------------------------


def _label_image():
    img = np.full((60, 300, 3), 255, np.uint8)
    return img


def test_a_line_key_before_a_row_label_is_left_out():
    from trialscout.digitize._raster import _without_key_lead

    img = _label_image()
    img[28:33, 10:70] = (100, 150, 30)                # a line-type key, 5 px high, in the arm's colour
    img[20:40, 80:110] = 0                            # "High" (black)
    img[20:40, 118:150] = 0                           # "CNS"
    labs = [(10, 28, 69, 32), (80, 20, 109, 39), (118, 20, 149, 39)]
    assert _without_key_lead(img, labs) == labs[1:]
    # the same name in the key's colour, the key drawn black: still a flat stroke
    img2 = _label_image()
    img2[28:33, 10:70] = 0
    img2[20:40, 80:110] = (30, 60, 200)
    img2[20:40, 118:150] = (30, 60, 200)
    assert _without_key_lead(img2, labs) == labs[1:]


def test_a_black_glyph_before_a_coloured_row_label_is_left_out_and_a_two_word_name_kept():
    from trialscout.digitize._raster import _without_key_lead

    img = _label_image()
    img[22:38, 10:22] = 0                             # a piece of a black rotated title beside the label
    img[20:40, 40:100] = (170, 90, 30)                # "Regimen" in the arm's colour (blue)
    img[20:40, 108:122] = (170, 90, 30)               # "A"
    labs = [(10, 22, 21, 37), (40, 20, 99, 39), (108, 20, 121, 39)]
    assert _without_key_lead(img, labs) == labs[1:]
    # a name all in one colour keeps all its words
    assert _without_key_lead(img, labs[1:]) == labs[1:]
    black = _label_image()
    black[20:40, 40:100] = 0
    black[20:40, 108:122] = 0
    assert _without_key_lead(black, labs[1:]) == labs[1:]


def test_the_tick_mark_of_the_table_axis_after_a_row_label_is_cut_off():
    from trialscout.digitize._raster import _without_tick_dash

    ink = np.zeros((40, 200), bool)
    ink[10:27, 20:60] = True                          # the label's letters
    ink[18:20, 66:76] = True                          # the tick mark, at the row's middle
    ink[0:40, 75] = True                              # the table's axis line
    assert _without_tick_dash(ink, (20, 10, 76, 26)) == (20, 10, 59, 26)
    # a letter whose foot reaches right on the baseline is no tick mark
    ink2 = np.zeros((40, 200), bool)
    ink2[10:27, 20:60] = True
    ink2[25:27, 60:70] = True
    assert _without_tick_dash(ink2, (20, 10, 69, 26)) == (20, 10, 69, 26)


def test_specks_left_of_a_table_without_row_labels_are_no_label():
    from trialscout.digitize._raster import _specks

    # two specks 3 px wide, 9 px high together, beside counts 14 px high
    assert _specks([(58, 552, 60, 556), (58, 558, 60, 560)], 14.0)
    # a one-letter label ("A"), a short lower-case one ("no") and a digit label ("2") are labels
    assert not _specks([(40, 550, 48, 559)], 10.0)
    assert not _specks([(40, 553, 52, 559)], 10.0)
    assert not _specks([(40, 550, 45, 559)], 10.0)


def test_the_dot_of_an_i_does_not_set_a_row_label_s_colour():
    from trialscout.digitize._raster import _without_key_lead

    img = _label_image()
    img[20:32, 50:121] = (180, 60, 200)               # "Watchful" in the arm's colour
    img[22:36, 130:187] = (180, 60, 200)              # "waiting"
    img[20:21, 153:155] = (200, 200, 200)             # the dots of its "i"s, split off, grey at their edge
    img[20:21, 165:167] = (200, 200, 200)
    labs = [(50, 20, 120, 31), (130, 22, 186, 35), (153, 20, 154, 20), (165, 20, 166, 20)]
    assert _without_key_lead(img, labs) == sorted(labs)


def test_a_pastel_label_gives_its_row_a_hue_and_black_or_grey_text_none():
    from trialscout.digitize._raster import _hue_dist, _label_hue

    img = np.full((30, 80, 3), 255, np.uint8)
    img[8:22, 10:60] = (165, 194, 102)                # a pastel teal label (saturation about 120 of 255)
    hue = _label_hue(img, (10, 8, 59, 21))
    assert hue is not None and _hue_dist(hue, 160.0) <= 10
    img[8:22, 10:60] = (196, 160, 170)                # a pale lavender (saturation about 47)
    hue = _label_hue(img, (10, 8, 59, 21))
    assert hue is not None and _hue_dist(hue, 250.0) <= 15
    for grey in ((20, 20, 20), (140, 140, 140), (30, 25, 40)):
        img[8:22, 10:60] = grey
        assert _label_hue(img, (10, 8, 59, 21)) is None


def test_a_plus_or_a_trailing_minus_of_a_row_label_is_kept():
    from trialscout.digitize._raster import _without_tick_dash

    ink = np.zeros((40, 200), bool)
    ink[10:27, 20:40] = True                          # "N4"
    ink[17:20, 44:56] = True                          # "+": its bar across ...
    ink[12:25, 49:51] = True                          # ... and its upright
    assert _without_tick_dash(ink, (20, 10, 55, 26)) == (20, 10, 55, 26)
    minus = np.zeros((40, 200), bool)
    minus[10:27, 20:40] = True                        # "HER2"
    minus[18:20, 44:52] = True                        # "-", short of any axis line
    lines = np.zeros((40, 200), bool)
    lines[:, 80] = True                               # the table's axis line, further right
    assert _without_tick_dash(minus, (20, 10, 51, 26), lines) == (20, 10, 51, 26)
    # the same stroke running into the axis line (taken out of the ink) is its tick mark
    lines2 = np.zeros((40, 200), bool)
    lines2[:, 52] = True
    assert _without_tick_dash(minus, (20, 10, 51, 26), lines2) == (20, 10, 39, 26)
