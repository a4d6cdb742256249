"""Three- and four-arm figures whose curves are alike: near hues of one colour (a dark and a light green, a
sequential palette's red, orange and light orange), a grey curve under dashed colour curves, a dashed and a
dotted curve that meet and run on together. Every figure is drawn here with matplotlib from simulated data
whose Kaplan-Meier estimates are the truth."""

from __future__ import annotations

import numpy as np
import pytest

from trialscout import kaplan_meier
from trialscout.digitize import digitize_figure
from trialscout.digitize._curves import PixelClass, RawCurve, _join_merged, extract_curves, pixel_classes


def _arms(seed: int, scales: list, n: int = 120, horizon: float = 30.0) -> list:
    rng = np.random.default_rng(seed)
    out = []
    for sc in scales:
        t = rng.weibull(1.3, n) * sc
        c = rng.uniform(0.4 * horizon, 1.4 * horizon, n)
        out.append((np.minimum(t, c), (t <= c).astype(int)))
    return out


def _km_steps(t, e):
    km = kaplan_meier(t, e)
    return np.concatenate([[0.0], km.time]), np.concatenate([[1.0], km.survival])


def _draw(path, arms, colours, *, names=None, styles=None, widths=None, jpeg=False, dpi=100,
          size=(7.0, 4.5), horizon=30.0, legend=True, grid=False):
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    names = names or [f"Arm {chr(65 + k)}" for k in range(len(arms))]
    fig, ax = plt.subplots(figsize=size, dpi=dpi)
    for k, (t, e) in enumerate(arms):
        x, s = _km_steps(t, e)
        ax.step(np.concatenate([x, [horizon]]), np.concatenate([s, [s[-1]]]), where="post", color=colours[k],
                linestyle=(styles or ["-"] * len(arms))[k], linewidth=(widths or [1.6] * len(arms))[k],
                label=names[k])
    ax.set_xlim(0, horizon)
    ax.set_ylim(0, 1.05)
    ax.set_xticks(np.arange(0, horizon + 1, 5))
    ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax.set_xlabel("Months")
    ax.set_ylabel("Survival")
    if grid:
        ax.grid(True, color="#dddddd")
    if legend:
        ax.legend(loc="lower left")
    fig.tight_layout()
    if jpeg:
        import cv2

        png = str(path) + ".tmp.png"
        fig.savefig(png)
        img = cv2.imread(png)
        cv2.imwrite(str(path), img, [cv2.IMWRITE_JPEG_QUALITY, 80])
    else:
        fig.savefig(path)
    plt.close(fig)
    return names


def _mean_ds(dig, arms, names, horizon=30.0):
    """Per true arm: mean |S_read - S_true| over its plotted range, for the arm read under its name."""
    read = {a.name: a for a in dig.arms}
    out = {}
    for name, (t, e) in zip(names, arms):
        a = read[name]
        hi = min(float(t.max()), horizon)
        g = np.linspace(0, hi, 300)
        x, s = _km_steps(t, e)
        s_true = s[np.searchsorted(x, g, side="right") - 1]
        gg = g[g <= a.time.max() + 1e-3 * hi]
        s_read = np.interp(gg, a.time, a.survival, left=1.0)
        out[name] = float(np.mean(np.abs(s_read - s_true[:gg.size]))) + (1 - gg.size / g.size)
    return out


def _classes(path):
    import cv2

    img = cv2.imread(str(path))
    h, w = img.shape[:2]
    # the plot area of a matplotlib figure drawn by _draw: inside its frame, found as its darkest lines
    dark = img.max(axis=2) < 60
    rows = np.flatnonzero(dark.sum(axis=1) > 0.5 * w)
    cols = np.flatnonzero(dark.sum(axis=0) > 0.4 * h)
    area = (int(cols.min()) + 2, int(rows.min()) + 2, int(cols.max()) - 1, int(rows.max()) - 1)
    return img, area, pixel_classes(img, area)


# -- near hues of one colour --------------------------------------------------------------------------------------

@pytest.mark.parametrize("colours,jpeg", [
    (["#006d2c", "#74c476"], True),    # dark and light green, JPEG
    (["#006d2c", "#74c476"], False),
    (["#08519c", "#6baed6"], True),    # dark and light blue
    (["#a63603", "#fdae6b"], False),   # dark and light orange
])
def test_dark_and_light_shade_of_near_hues_are_two_curves(tmp_path, colours, jpeg):
    arms = _arms(3, [12.0, 20.0])
    p = tmp_path / ("f.jpg" if jpeg else "f.png")
    _draw(p, arms, colours, jpeg=jpeg, legend=False, widths=[1.2, 1.2])
    img, area, cls = _classes(p)
    chrom = [c for c in cls if c.chromatic]
    curves = [c for c in extract_curves(cls, area, 1) if c.cls.chromatic]
    assert len(chrom) == 2, [c.name for c in chrom]
    assert len(curves) == 2
    # the darker class first (the dark line's pixels), each traced over most of the plot
    assert sum(chrom[0].bgr) < sum(chrom[1].bgr)
    assert all(c.coverage > 0.6 for c in curves)


@pytest.mark.parametrize("colours,width", [
    (["#d7301f", "#fc8d59", "#fdcc8a"], 3.0),              # a sequential red-orange palette, thick lines
    (["#d7301f", "#fc8d59", "#fdcc8a"], 2.0),
    (["#b30000", "#e34a33", "#fc8d59", "#fdcc8a"], 3.0),   # four of it
])
def test_sequential_palette_hues_a_few_degrees_apart_are_classes_of_their_own(tmp_path, colours, width):
    arms = _arms(5, [6.0, 11.0, 18.0, 30.0][:len(colours)])
    p = tmp_path / "f.png"
    _draw(p, arms, colours, legend=False, widths=[width] * len(colours))
    img, area, cls = _classes(p)
    curves = [c for c in extract_curves(cls, area, 2) if c.cls.chromatic]
    assert len(curves) == len(colours), [c.cls.name for c in curves]
    # each curve is coloured like one line, every line by one curve
    want = [np.array([int(c[k:k + 2], 16) for k in (5, 3, 1)]) for c in colours]  # BGR
    got = [np.array(c.cls.bgr) for c in curves]
    pairs = {int(np.argmin([np.abs(g - w).sum() for w in want])) for g in got}
    assert pairs == set(range(len(colours)))


def test_one_colour_spread_by_jpeg_stays_one_class(tmp_path):
    # a single orange line in a JPEG: its anti-aliased and blocky rim has other hues near the line's, but no
    # sharp second peak; it is one class
    arms = _arms(7, [15.0])
    p = tmp_path / "f.jpg"
    _draw(p, arms, ["#e6550d"], jpeg=True, legend=False)
    img, area, cls = _classes(p)
    assert len([c for c in cls if c.chromatic]) == 1


# -- a grey curve under dashed colour curves ----------------------------------------------------------------------

def _under(path, seed):
    # every arm holds S = 1 for a while (no event early); the grey solid line is drawn first and the dashed
    # colour lines over it
    rng = np.random.default_rng(seed)
    arms = []
    for lo, sc in ((14.0, 7.0), (20.0, 6.0), (24.0, 8.0)):
        t = lo + rng.weibull(1.5, 14) * sc
        arms.append((t, np.ones(t.size, int)))
    names = _draw(path, arms, ["#7f7f7f", "#b15928", "#6a3d9a"], styles=["-", "--", "--"],
                  widths=[3.0, 2.5, 2.5], horizon=40.0, legend=False)
    return arms, names


@pytest.mark.parametrize("seed", [1, 2])
def test_grey_curve_under_dashed_colour_curves_is_read(tmp_path, seed):
    p = tmp_path / "f.png"
    arms, names = _under(p, seed)
    img, area, cls = _classes(p)
    curves = extract_curves(cls, area, 3)
    grey = [c for c in curves if not c.cls.chromatic]
    assert len(grey) == 1
    # it is traced from its first drop to its last (the first arm's last event), where it meets the axis
    t_last = float(arms[0][0].max())
    x_last = area[0] + t_last / 40.0 * (area[2] - area[0])
    assert abs(float(grey[0].cols[-1]) - x_last) < 8
    assert float(grey[0].cols[0]) < area[0] + float(arms[0][0].min()) / 40.0 * (area[2] - area[0])


def test_lone_black_text_in_a_colour_figure_is_no_curve(tmp_path):
    # a short black line high in the plot beside colour curves (a label's underline, a bracket): not a curve,
    # even where it runs along a colour curve's level
    import cv2

    p = tmp_path / "f.png"
    arms = _arms(9, [10.0, 20.0])
    _draw(p, arms, ["#1f77b4", "#d62728"], legend=False)
    img = cv2.imread(str(p))
    h, w = img.shape[:2]
    img2, area, _ = _classes(p)
    x0, y0, x1, y1 = area
    img[y0 + 40:y0 + 42, x0 + int(0.6 * (x1 - x0)):x0 + int(0.75 * (x1 - x0))] = 0
    cls = pixel_classes(img, area)
    curves = extract_curves(cls, area, 2)
    assert all(c.cls.chromatic for c in curves)


# -- whole figures ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("colours,scales,jpeg", [
    (["#006d2c", "#74c476", "#fd8d3c"], [9.0, 16.0, 28.0], False),        # two greens and an orange
    (["#d7301f", "#fc8d59", "#fdcc8a"], [8.0, 14.0, 40.0], False),        # a red-orange palette
    (["#08519c", "#6baed6", "#e6550d", "#fdae6b"], [7.0, 12.0, 18.0, 30.0], False),  # two blues, two oranges
])
def test_alike_curves_of_three_and_four_arms_are_read_apart(tmp_path, colours, scales, jpeg):
    arms = _arms(11, scales)
    p = tmp_path / ("f.jpg" if jpeg else "f.png")
    names = _draw(p, arms, colours, jpeg=jpeg, dpi=120, widths=[1.8] * len(colours))
    dig = digitize_figure(p)  # the names are read from the legend
    assert sorted(a.name for a in dig.arms) == sorted(names)
    ds = _mean_ds(dig, arms, names)
    assert max(ds.values()) < 0.02, ds


def test_crossing_curves_of_near_hues_keep_their_names(tmp_path):
    # a dark and a light green that cross (early drop of one, late of the other), and a third arm
    rng = np.random.default_rng(21)
    t1 = np.concatenate([rng.uniform(0, 5, 50), rng.uniform(5, 60, 70)])
    t2 = rng.weibull(2.5, 120) * 16
    t3 = rng.weibull(1.0, 120) * 40
    arms = [(np.minimum(t, 30.0), (t <= 30.0).astype(int)) for t in (t1, t2, t3)]
    colours = ["#006d2c", "#74c476", "#6a51a3"]
    p = tmp_path / "f.png"
    names = _draw(p, arms, colours, dpi=120)
    dig = digitize_figure(p)  # the names are read from the legend
    ds = _mean_ds(dig, arms, names)
    assert max(ds.values()) < 0.02, ds


# -- a dashed and a dotted curve that meet ------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [4, 6])
def test_dashed_and_dotted_curves_meeting_on_a_plateau_are_both_read_to_the_end(tmp_path, seed):
    rng = np.random.default_rng(seed)
    arms = []
    for k, cure in enumerate((0.35, 0.62, 0.62)):
        n = 200
        t = np.where(rng.uniform(size=n) < cure, 999.0, rng.weibull(1.2, n) * (4.0 + 3 * k))
        c = rng.uniform(20, 60, n)
        arms.append((np.minimum(t, c), (t <= c).astype(int)))
    p = tmp_path / "f.png"
    _draw(p, arms, ["black"] * 3, styles=["-", "--", ":"], horizon=60.0, legend=False)
    img, area, cls = _classes(p)
    curves = extract_curves(cls, area, 1)
    assert len(curves) == 3
    # every curve reaches nearly as far right as the plot's longest one
    ends = [float(c.cols[-1]) for c in curves]
    assert min(ends) > max(ends) - 0.1 * (area[2] - area[0]), ends


def _broken(cols, level, seen_every, dashed=True):
    """A RawCurve over ``cols`` at ``level`` (rows), seen in the columns ``seen_every`` says (a callable of the
    column index): a dashed or dotted line's pieces."""
    lev = np.array([level(j) if seen_every(j) else np.nan for j in range(cols.size)], float)
    cls = PixelClass("black", np.zeros((1, 1), bool), (0, 0, 0), False)
    return RawCurve(cls=cls, cols=cols, level=lev, censor_cols=[], dashed=dashed, n_components=10,
                    coverage=float(np.isfinite(lev).mean()), vertical=np.zeros(cols.size, bool))


@pytest.mark.parametrize("meet_at,gap", [(150, 0), (200, 2), (260, -3)])
def test_a_broken_curve_ending_where_it_merges_with_another_follows_it(meet_at, gap):
    # the dashed line (y) is seen in 60% of its columns until the dotted one (x) ends on it; from there the two
    # make one line seen in every column: x runs on along it
    cols = np.arange(100, 600)
    y = _broken(cols, lambda j: 120.0 + 0.1 * min(j, meet_at - 100),
                lambda j: j + 100 >= meet_at or j % 10 < 6)
    xc = np.arange(105, meet_at + 1)
    x = _broken(xc, lambda j: 120.0 + gap + 0.1 * (j + 5), lambda j: j % 4 < 2)
    _join_merged([y, x], 500, 1)
    assert int(x.cols[-1]) == 599
    assert np.nanmax(np.abs(x.level[-100:] - y.level[-100:])) == 0


@pytest.mark.parametrize("case", ["apart", "not_denser", "solid"])
def test_a_broken_curve_that_ends_elsewhere_is_not_extended(case):
    cols = np.arange(100, 600)
    denser = case != "not_denser"
    y = _broken(cols, lambda j: 120.0, lambda j: (denser and j + 100 >= 250) or j % 10 < 6,
                dashed=case != "solid")
    xc = np.arange(105, 251)
    # apart: the curve ends 20 rows below the other (its last drop), not on it
    x = _broken(xc, lambda j: 140.0 if case == "apart" else 120.0, lambda j: j % 4 < 2)
    _join_merged([y, x], 500, 1)
    assert int(x.cols[-1]) == 250


def _stairs(img, bgr, y0, drop, x_from=20, x_to=None, thick=3):
    h, w = img.shape[:2]
    x_to = x_to or w - 20
    y = y0
    for x0 in range(x_from, x_to, 40):
        img[y:y + thick, x0:min(x0 + 40, x_to)] = bgr
        img[y:y + drop + thick, x0 + 39:x0 + 40 + thick - 1] = bgr
        y += drop
    return img


def _bgr(hue: int, sat: int = 200, val: int = 200) -> tuple:
    import cv2

    return tuple(int(c) for c in cv2.cvtColor(np.uint8([[[hue, sat, val]]]), cv2.COLOR_HSV2BGR)[0, 0])


@pytest.mark.parametrize("pair", [((137, 46, 227), (103, 80, 189)),   # pink, and pink seen through a green band
                                  (_bgr(60), _bgr(68)), (_bgr(100), _bgr(108))])
def test_near_hues_side_by_side_are_two_classes_but_one_line_changing_hue_is_one(pair):
    a, b = pair
    # two lines, one in each hue, across the whole plot: two classes
    img = np.full((300, 600, 3), 255, np.uint8)
    _stairs(img, a, 20, 12)
    _stairs(img, b, 120, 10)
    assert len([c for c in pixel_classes(img, (0, 0, 600, 300)) if c.chromatic]) == 2
    # one line whose colour turns to the other hue halfway (it runs into another arm's translucent band)
    img = np.full((300, 600, 3), 255, np.uint8)
    _stairs(img, a, 20, 12, x_to=300)
    _stairs(img, b, 20 + 7 * 12, 12, x_from=300)
    assert len([c for c in pixel_classes(img, (0, 0, 600, 300)) if c.chromatic]) == 1
