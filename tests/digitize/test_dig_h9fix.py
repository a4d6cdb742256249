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
