"""Axis calibration, sixth round: tick labels that went unread and frames found in the wrong place.

- y tick labels whose digits stand apart ("1" narrower than its advance, a decimal point lost in a pale JPEG)
  while the letters of a rotated axis title beside them are smaller than the digits: the words are joined at
  gaps scaled by the labels' own height;
- thin pale tick labels (a light monospaced font in grey) that break into specks at the ink threshold: read
  once more with paler ink;
- the grid of a plot without axis lines whose lines stop short of the panel's edges (the panel is padded
  beyond the data), the first vertical line's top hidden under a curve;
- a calibration line running the wrong way (two misread labels) never outvotes the right one.

Figures are drawn here with matplotlib, with known axes: y in proportion ("0.00", "0.0") or percent (with or
without "%"), axes not starting at 0, x in days, months and years (few ticks); every tick label must be read
and the calibration must match the drawn axes.
"""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")
import cv2  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from trialscout import kaplan_meier  # noqa: E402
from trialscout.digitize import digitize_figure  # noqa: E402
from trialscout.digitize._axes import calibrate, find_frame_any, y_label_words  # noqa: E402
from trialscout.digitize._axes import Frame  # noqa: E402
from trialscout._validate import InputError  # noqa: E402


def _masks(img):
    hsv = cv2.cvtColor(img, cv2.COLOR_BGR2HSV)
    sat, val = hsv[..., 1].astype(int), hsv[..., 2].astype(int)
    return val, sat, (val < 130) & (sat < 100)


def _km_figure(path, *, xmax: float, xstep: float, scale: float, ylim=(0.0, 1.0), ystep=0.25, yfmt="{:.2f}",
               percent=False, font="DejaVu Sans", size=9.0, colour="black", ylabel_size=7.0, weight="normal",
               dpi=100, jpeg=False):
    """One KM curve; returns the pixel -> data maps of both axes (image rows and columns)."""
    rng = np.random.default_rng(11)
    t = rng.exponential(scale, 200)
    c = rng.uniform(0.3 * xmax, 1.2 * xmax, 200)
    km = kaplan_meier(np.minimum(t, c), (t <= c).astype(int))
    fig = plt.figure(figsize=(6.0, 4.2), dpi=dpi)
    ax = fig.add_axes((0.16, 0.14, 0.8, 0.8))
    y = np.r_[1.0, km.survival]
    k = 100.0 if percent else 1.0
    ax.step(np.r_[0.0, km.time], k * y, where="post", color="#1f77b4", lw=1.5)
    ax.set_xlim(0, xmax)
    ax.set_ylim(k * ylim[0], k * ylim[1])
    xt = np.arange(0, xmax + 1e-9, xstep)
    yt = np.arange(ylim[0], ylim[1] + 1e-9, ystep)
    ax.set_xticks(xt)
    ax.set_yticks(k * yt)
    ax.set_xticklabels([f"{v:g}" for v in xt], fontfamily=font, fontsize=size, color=colour, weight=weight)
    ax.set_yticklabels([yfmt.format(k * v) for v in yt], fontfamily=font, fontsize=size, color=colour,
                       weight=weight)
    ax.set_xlabel("Time", fontsize=9)
    # a rotated axis title close to the labels, in letters smaller than the digits
    ax.set_ylabel("Survival probability", fontsize=ylabel_size, labelpad=2)
    fig.canvas.draw()
    h = fig.canvas.get_width_height()[1]
    (x0, y0), (x1, y1) = ax.transData.transform([(0, k * ylim[0]), (xmax, k * ylim[1])])
    fig.savefig(path, dpi=dpi, pil_kwargs={"quality": 80} if jpeg else None)
    plt.close(fig)
    # data value at image column u: linear through (x0, 0) and (x1, xmax); at image row r: rows count down
    xmap = (x0, x1, 0.0, xmax)
    ymap = (h - y0, h - y1, ylim[0], ylim[1])
    return xmap, ymap, xt, yt


def _check(dig, xmap, ymap, xt, yt):
    xa, ya = dig.x_axis, dig.y_axis
    assert sorted(xa["ticks_value"]) == pytest.approx(sorted(xt.tolist())), xa["labels_read"]
    assert sorted(ya["ticks_value"]) == pytest.approx(sorted(yt.tolist())), ya["labels_read"]
    for (p0, p1, v0, v1), axis in ((xmap, xa), (ymap, ya)):
        for p, v in ((p0, v0), (p1, v1)):
            # to within one pixel of the drawn axis
            assert axis["value_at_pixel_0"] + axis["per_pixel"] * p == pytest.approx(v, abs=abs(axis["per_pixel"]) * 1.5)


def _digitize(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return digitize_figure(path)


# -- labels split apart beside a rotated title of smaller letters --------------------------------------------------


@pytest.mark.parametrize("font,size,yfmt,jpeg", [
    ("DejaVu Sans", 11.0, "{:.2f}", False),
    ("Liberation Sans", 12.0, "{:.1f}", False),
    ("DejaVu Sans", 11.0, "{:.2f}", True),
])
def test_labels_beside_a_title_of_smaller_letters_are_read_whole(tmp_path, font, size, yfmt, jpeg):
    path = tmp_path / ("km.jpg" if jpeg else "km.png")
    maps = _km_figure(path, xmax=36, xstep=6, scale=14, ystep=0.2 if yfmt == "{:.1f}" else 0.25, yfmt=yfmt,
                      font=font, size=size, ylabel_size=6.0, jpeg=jpeg)
    _check(_digitize(path), *maps)


def test_a_narrow_piece_level_with_a_label_joins_it():
    # "1" and "00" with no decimal point between them and a gap wider than the title's letters would allow;
    # the title's letters (rotated: small boxes) are not level with any label
    ink = np.zeros((200, 200), bool)
    fr = Frame(left=150, right=199, top=20, bottom=180, line_width=1)
    for top in (20, 100, 170):
        ink[top:top + 12, 112:114] = True        # "1"
        ink[top:top + 12, 122:130] = True        # "0"
        ink[top:top + 12, 133:141] = True        # "0"
    for top in range(60, 140, 8):                # the rotated title: letters 5 px high, 7 wide
        ink[top:top + 5, 80:87] = True
    words, _, found = y_label_words(ink, fr)
    assert found
    assert sorted((w[0], w[1]) for w in words) == [(112, 20), (112, 100), (112, 170)]


# -- thin pale labels ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("colour,size,font", [
    ("#8a8a8a", 9.0, "Liberation Mono"),
    ("#999999", 10.0, "Liberation Mono"),
    ("#a0a0a0", 9.0, "DejaVu Sans Light"),
])
def test_thin_pale_labels_are_read(tmp_path, colour, size, font):
    path = tmp_path / "km.png"
    maps = _km_figure(path, xmax=40, xstep=10, scale=18, font=font, size=size, colour=colour)
    _check(_digitize(path), *maps)


# -- proportion, percent, not from 0; days, months, years ----------------------------------------------------------


@pytest.mark.parametrize("kw", [
    dict(xmax=1500, xstep=250, scale=600, yfmt="{:.0f}%", percent=True, ystep=0.2),          # days, "80%"
    dict(xmax=36, xstep=6, scale=14, yfmt="{:.0f}", percent=True, ystep=0.25),               # months, 0-100
    dict(xmax=5, xstep=1, scale=2.0, yfmt="{:.2f}", ylim=(0.4, 1.0), ystep=0.1),             # years, from 0.4
    dict(xmax=6, xstep=2, scale=3.0, yfmt="{:.1f}", ylim=(0.5, 1.0), ystep=0.1, weight="bold"),  # 4 x ticks, bold
    dict(xmax=60, xstep=12, scale=30, yfmt="{:.0f}%", percent=True, ylim=(0.2, 1.0), ystep=0.2),  # percent from 20
])
def test_axes_of_every_kind_calibrate(tmp_path, kw):
    path = tmp_path / "km.png"
    maps = _km_figure(path, **kw)
    _check(_digitize(path), *maps)


# -- the frame of a grid that stops short of the panel's edges -----------------------------------------------------


@pytest.mark.parametrize("pad,hidden", [(30, 0), (34, 40), (26, 25)])
def test_a_grid_short_of_the_panel_edges_gives_the_panel(pad, hidden):
    img = np.full((420, 620, 3), 255, np.uint8)
    top, bottom, left, right = 30, 350, 70, 590
    for x in range(left + pad, right - pad + 1, 80):   # vertical grid lines: the panel's full height
        cv2.line(img, (x, top), (x, bottom), (236,) * 3, 2)
    for y in range(top + pad, bottom - pad + 1, 58):   # horizontal ones: its full width, none at the edges
        cv2.line(img, (left, y), (right, y), (236,) * 3, 2)
    if hidden:  # a coloured curve drawn over the first vertical line's top
        cv2.line(img, (left + pad - 6, top), (left + pad + 6, top + hidden), (180, 119, 31), 7)
    fr, _ = find_frame_any(*_masks(img))
    assert np.allclose((fr.left, fr.bottom, fr.right, fr.top), (left, bottom, right, top), atol=2)


# -- a line the wrong way ---------------------------------------------------------------------------------------


def test_a_line_the_wrong_way_does_not_outvote_the_right_one():
    # labels 0 6 12 18 24 at regular columns; the last three misread so that they fall on a line of negative
    # slope (more votes than the two labels read right)
    px = [100, 200, 300, 400, 500]
    vals = [0.0, 6.0, 9.0, 6.0, 3.0]
    assert calibrate(px, vals, [str(v) for v in vals], "x").b < 0   # without the direction: the wrong line
    ax = calibrate(px, vals, [str(v) for v in vals], "x", sign=1)
    assert ax.b > 0 and ax.value(100) == pytest.approx(0.0) and ax.value(200) == pytest.approx(6.0)
    with pytest.raises(InputError):
        calibrate([100, 200], [6.0, 1.0], ["6", "1"], "x", sign=1)
    ay = calibrate([50, 150, 250], [1.0, 0.5, 0.0], ["1.0", "0.5", "0.0"], "y", sign=-1)   # rows count down
    assert ay.b < 0 and ay.value(250) == pytest.approx(0.0)


# -- a label misread by one character, or without its point, at a tick of the progression -----------------------


@pytest.mark.parametrize("text,value,repaired", [
    ("0.900", 0.9, 0.0),          # a character inserted
    ("0.30", 0.3, 0.0),           # a character replaced
    ("00", 0.0, 0.0),             # the point lost: the same value anyway
    ("", np.nan, None),           # nothing read: nothing to repair
    ("0.62", 0.62, None),         # two characters off
])
def test_a_label_one_character_off_its_tick_is_repaired(text, value, repaired):
    px = [29, 113, 197, 281, 365]
    vals = [1.0, 0.75, 0.5, 0.25, value]
    ax = calibrate(px, vals, ["1.00", "0.75", "0.50", "0.25", text], "y", sign=-1)
    if repaired is None:
        assert ax.ticks_value == pytest.approx((1.0, 0.75, 0.5, 0.25))
    else:
        assert sorted(ax.ticks_value) == pytest.approx([repaired, 0.25, 0.5, 0.75, 1.0])
        assert ax.confidence == pytest.approx(1.0)


def test_a_label_without_its_point_is_repaired_only_at_a_tick():
    labels = ["1.00", "0.75", "50", "0.25", "0.00"]
    ax = calibrate([25, 109, 193, 277, 361], [1.0, 0.75, 50.0, 0.25, 0.0], labels, "y", sign=-1)
    assert ax.ticks_value == pytest.approx((1.0, 0.75, 0.5, 0.25, 0.0))
    # halfway between two ticks it is no tick label of the progression: left out
    ax = calibrate([25, 109, 151, 277, 361], [1.0, 0.75, 50.0, 0.25, 0.0], labels, "y", sign=-1)
    assert sorted(ax.ticks_value) == pytest.approx([0.0, 0.25, 0.75, 1.0])
    # labels printed in different styles ("0.5" beside "0.25") give no pattern to repair by
    ax = calibrate([25, 109, 193, 277, 361], [1.0, 0.75, 50.0, 0.25, 0.0], ["1", "0.75", "50", "0.25", "0"], "y",
                   sign=-1)
    assert 0.5 not in ax.ticks_value
