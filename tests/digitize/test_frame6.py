"""The plot frame of figures drawn without a pair of axis lines, inferred from what is there (grid lines, a panel
background, a single axis line, the tick labels, the curves), with lower confidence and a warning naming the
range hints; images with none of it still give the clear "no plot axes" error. Figures are drawn here."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import cv2  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from trialscout import kaplan_meier  # noqa: E402
from trialscout._validate import InputError  # noqa: E402
from trialscout.digitize import digitize_figure  # noqa: E402
from trialscout.digitize._axes import find_frame_any  # noqa: E402
from trialscout.digitize._raster import read_raster  # noqa: E402


def _arms(seed: int):
    rng = np.random.default_rng(seed)
    out = []
    for scale in (14.0, 26.0):
        t = rng.exponential(scale, 120)
        c = rng.uniform(5, 45, 120)
        out.append((np.minimum(t, c), (t <= c).astype(int)))
    return out


def _style(ax, kind: str) -> None:
    """Axis lines, grid and background of each kind of figure without the usual pair of axis lines."""
    for s in ax.spines.values():
        s.set_visible(False)
    if kind == "h_grid":            # seaborn whitegrid, despined, horizontal grid lines only, no axis lines
        ax.yaxis.grid(True, color="#d5d5d5", lw=1.0)
        ax.tick_params(length=0)
    elif kind == "dotted_y_grid":   # horizontal dotted grid lines only, with tick marks (a "clean" theme)
        ax.yaxis.grid(True, color="#b0b0b0", lw=1.2, linestyle=(0, (1, 3)))
        ax.tick_params(length=4, color="#333333")
    elif kind == "grey_background":  # a grey figure and plot, grid lines a little darker, no spines
        ax.figure.set_facecolor("#eeeeee")
        ax.set_facecolor("#eeeeee")
        ax.grid(True, color="#c8c8c8", lw=1.2)
        ax.tick_params(length=0)
    elif kind == "y_axis_only":
        ax.spines["left"].set_visible(True)
    elif kind == "x_axis_only":
        ax.spines["bottom"].set_visible(True)
    elif kind == "pale_panel":      # a panel a shade off white, nothing else
        ax.set_facecolor("#f8f8f8")
        ax.tick_params(length=0)
    elif kind == "labels_only":     # no lines at all: only the tick marks and labels
        ax.tick_params(length=5, color="#222222")
    else:
        raise AssertionError(kind)


def _draw(kind: str, seed: int = 3, size=(6.0, 4.4), dpi=110, rect=(0.15, 0.14, 0.78, 0.78)):
    """The figure as a BGR image, the true curves, and the axes' box in image pixels (left, top, right, bottom)."""
    arms = _arms(seed)
    fig = plt.figure(figsize=size, dpi=dpi)
    ax = fig.add_axes(rect)
    for (t, e), col in zip(arms, ("#1f5fbf", "#d2461e")):
        km = kaplan_meier(t, e)
        ax.step(np.r_[0, km.time], np.r_[1, km.survival], where="post", color=col, lw=1.6)
    ax.set_xlim(0, 40)
    ax.set_xticks([0, 10, 20, 30, 40])
    ax.set_ylim(0, 1.0)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    _style(ax, kind)
    fig.canvas.draw()
    rgba = np.asarray(fig.canvas.buffer_rgba())
    h = rgba.shape[0]
    x0, y0, x1, y1 = ax.get_window_extent().extents
    plt.close(fig)
    img = cv2.cvtColor(rgba[..., :3].copy(), cv2.COLOR_RGB2BGR)
    return img, arms, (x0, h - y1, x1, h - y0)


def _masks(img):
    hsv = cv2.cvtColor(img, cv2.COLOR_BGR2HSV)
    sat, val = hsv[..., 1].astype(int), hsv[..., 2].astype(int)
    return val, sat, (val < 130) & (sat < 100)


def _error(dig, arms) -> float:
    """The largest over the true curves of the mean |S_read - S_true| of the read curve nearest to it."""
    grid = np.linspace(0.5, 38, 80)
    worst = 0.0
    for t, e in arms:
        km = kaplan_meier(t, e)
        idx = np.searchsorted(km.time, grid, side="right") - 1
        true = np.where(idx >= 0, km.survival[np.maximum(idx, 0)], 1.0)
        best = np.inf
        for a in dig.arms:
            j = np.searchsorted(a.time, grid, side="right") - 1
            read = np.where(j >= 0, a.survival[np.maximum(j, 0)], 1.0)
            best = min(best, float(np.mean(np.abs(read - true))))
        worst = max(worst, best)
    return worst


KINDS = ["h_grid", "dotted_y_grid", "grey_background", "y_axis_only", "x_axis_only", "pale_panel", "labels_only"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_usual_finder_finds_no_frame_in_these_figures(kind):
    # the class of figures the inferred frame is for: the finder of axis lines gives up on every one
    img, _, _ = _draw(kind)
    with pytest.raises(InputError, match="no plot axes"):
        find_frame_any(*_masks(img))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("seed,size,dpi", [(3, (6.0, 4.4), 110), (11, (7.2, 5.0), 150)])
def test_frame_inferred_from_what_is_there(kind, seed, size, dpi):
    img, arms, (x0, y0, x1, y1) = _draw(kind, seed, size, dpi)
    h, w = img.shape[:2]
    read = read_raster(img)
    fr = read.frame
    # the plot area: within 2% of the figure of the axes' box drawn (the tick marks set it to a pixel or two
    # where they are; grid lines, labels and curves to a few pixels)
    assert abs(fr.left - x0) <= 0.02 * w and abs(fr.right - x1) <= 0.02 * w, (fr, (x0, x1))
    assert abs(fr.top - y0) <= 0.02 * h and abs(fr.bottom - y1) <= 0.02 * h, (fr, (y0, y1))
    dig = digitize_figure(img)
    assert len(dig.arms) == 2
    assert _error(dig, arms) < 0.02
    note = [m for m in dig.warnings if "inferred" in m]
    assert len(note) == 1 and "--x-range" in note[0] and "--y-range" in note[0]
    # the confidence in the calibration is lowered: never above 0.8 with an inferred frame
    assert dig.x_axis["confidence"] <= 0.8 and dig.y_axis["confidence"] <= 0.8
    assert all(a.confidence["x_axis"] <= 0.8 for a in dig.arms)


@pytest.mark.parametrize("kind", ["y_axis_only", "x_axis_only"])
def test_a_single_axis_line_sets_its_edges_exactly(kind):
    img, _, (x0, y0, x1, y1) = _draw(kind, 5, (6.4, 4.8), 120)
    fr = read_raster(img).frame
    if kind == "y_axis_only":
        assert abs(fr.left - x0) <= 1.5 and abs(fr.top - y0) <= 1.5 and abs(fr.bottom - y1) <= 1.5
    else:
        assert abs(fr.bottom - y1) <= 1.5 and abs(fr.left - x0) <= 1.5 and abs(fr.right - x1) <= 1.5


def test_a_frame_with_both_axis_lines_is_not_inferred():
    img, arms, _ = _draw("y_axis_only")
    fig_axes = img.copy()
    _, _, (x0, y0, x1, y1) = _draw("y_axis_only")
    cv2.line(fig_axes, (int(round(x0)), int(round(y1))), (int(round(x1)), int(round(y1))), (0, 0, 0), 1)
    dig = digitize_figure(fig_axes)
    assert not [m for m in dig.warnings if "inferred" in m]
    assert dig.x_axis["confidence"] > 0.8


def _noise(seed: int, kind: str):
    rng = np.random.default_rng(seed)
    if kind == "blank":
        return np.full((300, 400, 3), 255, np.uint8)
    if kind == "noise":
        return rng.integers(0, 256, (260, 380, 3), dtype=np.uint8)
    if kind == "grey_noise":
        return np.repeat(rng.integers(0, 256, (240, 320, 1), dtype=np.uint8), 3, axis=2)
    img = np.full((300, 420, 3), 255, np.uint8)   # sparse specks on white
    u = rng.random((300, 420))
    img[u < 0.02] = 0
    return img


@pytest.mark.parametrize("kind", ["blank", "noise", "grey_noise", "specks"])
@pytest.mark.parametrize("seed", [1, 2])
def test_blank_and_noise_images_still_have_no_plot_axes(kind, seed):
    with pytest.raises(InputError, match="no plot axes"):
        digitize_figure(_noise(seed, kind))
