"""Rules of the raster reader on their own: the frame from light lines, a grid or a filled panel; the at-risk
row repairs (the first count next to its label, a second reading of cells that break the order, the longest
non-increasing run) and tables with censored/events rows. Figures are drawn here, with known data."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import cv2  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from trialscout import kaplan_meier  # noqa: E402
from trialscout.digitize import _raster  # noqa: E402
from trialscout.digitize._axes import find_frame_any  # noqa: E402
from trialscout.digitize import digitize_figure  # noqa: E402


def _masks(img):
    hsv = cv2.cvtColor(img, cv2.COLOR_BGR2HSV)
    sat, val = hsv[..., 1].astype(int), hsv[..., 2].astype(int)
    return val, sat, (val < 130) & (sat < 100)


def _blank(h=400, w=600):
    return np.full((h, w, 3), 255, np.uint8)


@pytest.mark.parametrize("grey", [180, 215])
def test_light_axis_lines_give_the_frame(grey):
    img = _blank()
    cv2.line(img, (80, 30), (80, 330), (grey,) * 3, 1)
    cv2.line(img, (80, 330), (560, 330), (grey,) * 3, 1)
    fr, _ = find_frame_any(*_masks(img))
    # to within a pixel (the line-finding filters may shift a one-pixel line by one)
    assert np.allclose((fr.left, fr.bottom, fr.right, fr.top), (80, 330, 560, 30), atol=1)


def test_a_filled_grey_panel_gives_its_edges_as_the_frame():
    img = _blank()
    img[40:321, 90:551] = 229  # a grey panel crossed by white grid lines
    for x in range(140, 551, 60):
        img[40:321, x:x + 2] = 255
    for y in range(80, 321, 60):
        img[y:y + 2, 90:551] = 255
    fr, _ = find_frame_any(*_masks(img))
    assert np.allclose((fr.left, fr.bottom, fr.right, fr.top), (90, 320, 550, 40), atol=2)


def test_a_grid_without_axis_lines_gives_its_extent_as_the_frame():
    img = _blank()
    for x in range(100, 561, 92):  # vertical grid lines, the panel's full height
        cv2.line(img, (x, 30), (x, 330), (236,) * 3, 1)
    for y in range(45, 331, 70):  # horizontal ones, the panel's full width (the last one above the foot)
        cv2.line(img, (70, y), (580, y), (236,) * 3, 1)
    fr, _ = find_frame_any(*_masks(img))
    # the extent of the grid (x from 70, down to 330), not the first vertical line or the last horizontal one
    assert np.allclose((fr.left, fr.bottom, fr.right), (70, 330, 580), atol=1)


def test_no_lines_at_all_is_still_an_error():
    from trialscout._validate import InputError

    with pytest.raises(InputError, match="no plot axes"):
        find_frame_any(*_masks(_blank()))


def test_longest_non_increasing_run():
    assert _raster.non_increasing([90, 25, 17, 1, 8, 4, 0]) == [0, 1, 2, 4, 5, 6]
    assert _raster.non_increasing([21, 142, 46, 20]) == [1, 2, 3]
    assert _raster.non_increasing([5, 5, 3]) == [0, 1, 2]
    assert _raster.non_increasing([]) == []


def test_first_count_is_mirrored_about_its_tick():
    # label "Control" ending at x=95, then "150 (0)" centred on the tick at x=130: 112..124, 128..148 wide
    boxes = [(40, 0, 60, 10), (63, 0, 95, 10), (112, 0, 116, 10), (118, 0, 124, 10), (127, 0, 133, 10),
             (136, 0, 148, 10)]
    cut = _raster._first_cell_left(boxes, 130.0, 90.0, 4.5, 11)
    assert 95 < cut < 112
    assert _raster._first_cell_left([(10, 0, 30, 10)], 130.0, 90.0, 4.5, 11) is None


def test_cells_that_break_the_order_are_read_again(monkeypatch):
    row = _raster.TableRow(y=0.0, times=[0, 6, 12, 18, 24], counts=[90, 25, 17, 1, 8], events=[], label="A",
                           hue=None, confidence=1.0, boxes=[(0, 0, 5, 5)] * 5)
    calls = []

    def fake(crops, *, digits, line_height):
        calls.append((line_height, len(crops)))
        return [("11", 90.0) if line_height == 28 else ("7", 90.0)] * len(crops)

    monkeypatch.setattr(_raster, "ocr_singles", fake)
    other = _raster.TableRow(y=9.0, times=[0, 6, 12], counts=[80, 9, 70], events=[], label="B",
                             hue=None, confidence=1.0, boxes=[(0, 0, 5, 5)] * 3)
    _raster._reread_cells(np.zeros((10, 10, 3), np.uint8), [row, other])
    # the 1 (between 17 and 8) is read again: 7 does not fit, 11 does; the 8 fits once the 1 is fixed
    assert row.counts == [90, 25, 17, 11, 8]
    # the second row's 9 (between 80 and 70) fits as neither 7 nor 11 and is left; its 70 is read as 7
    assert other.counts == [80, 9, 7]
    # one Tesseract run a scale: the cells from the first that needs it on, of both rows, read together
    assert calls == [(56, 4), (28, 4)]


def test_row_kinds_of_a_table_with_censored_and_event_rows():
    assert _raster._OTHER_ROW.match("Censored") and _raster._OTHER_ROW.match("Events")
    assert _raster._OTHER_ROW.match("No. of deaths")
    assert _raster._RISK_ROW.match("At risk") and _raster._RISK_ROW.match("No. at risk")
    assert not _raster._OTHER_ROW.match("Control") and not _raster._RISK_ROW.match("Experimental")


def _figure(path, *, style: str, table: str, pale: bool):
    rng = np.random.default_rng(3)
    arms = []
    for scale, n in ((10.0, 160), (22.0, 150)):
        t = rng.exponential(scale, n)
        c = rng.uniform(6, 40, n)
        arms.append((np.minimum(t, c), (t <= c).astype(int)))
    labels = ["Control", "Treatment"]
    colours = ["#9b8fd9", "#f0a35e"] if pale else ["#1f77b4", "#d62728"]
    ticks = np.arange(0, 41, 8)
    plt.style.use(style)
    fig = plt.figure(figsize=(6.4, 5.6))
    ax = fig.add_axes((0.22, 0.42, 0.72, 0.52))
    for (t, e), lab, col in zip(arms, labels, colours):
        km = kaplan_meier(t, e)
        ax.step(np.r_[0, km.time], np.r_[1, km.survival], where="post", color=col, lw=1.6, label=lab)
    ax.set_xlim(0, 40)
    ax.set_xticks(ticks)
    ax.set_ylim(0, 1.02)
    ax.legend(loc="upper right")
    y = -0.2
    for (t, e), lab, col in zip(arms, labels, colours):
        km = kaplan_meier(t, e)
        nr = np.atleast_1d(km.n_at_risk_at(ticks)).astype(int)
        ce = [int(np.sum((1 - e)[t <= x])) for x in ticks]
        rows = [("At risk", nr), ("Censored", ce)] if table == "blocks" else [(lab, nr)]
        if table == "blocks":
            y -= 0.07
            ax.text(-2.4, y, lab, transform=ax.get_xaxis_transform(), ha="right", va="center", fontsize=9,
                    weight="bold")
        for name, vals in rows:
            y -= 0.07
            # the label ends close to the first count (a tight table)
            ax.text(-2.4, y, name, transform=ax.get_xaxis_transform(), ha="right", va="center", fontsize=9,
                    color=col if pale else "black")
            for x, v in zip(ticks, vals):
                ax.text(x, y, str(v), transform=ax.get_xaxis_transform(), ha="center", va="center", fontsize=9,
                        color=col if pale else "black")
    fig.savefig(path, dpi=130)
    plt.close(fig)
    plt.style.use("default")
    return labels, [np.atleast_1d(kaplan_meier(t, e).n_at_risk_at(ticks)).astype(int) for t, e in arms]


@pytest.mark.parametrize("style,table,pale", [("ggplot", "rows", True), ("default", "blocks", False)])
def test_drawn_figures_are_read(tmp_path, style, table, pale):
    # a grey panel without axis lines and pale coloured counts; a table with an at-risk and a censored row
    # under each arm's name
    path = tmp_path / "km.png"
    labels, counts = _figure(path, style=style, table=table, pale=pale)
    dig = digitize_figure(path)
    assert sorted(a.name for a in dig.arms) == sorted(labels)
    for lab, nr in zip(labels, counts):
        arm = next(a for a in dig.arms if a.name == lab)
        assert arm.n_risk.astype(int).tolist() == nr.tolist(), lab


def test_a_legend_label_like_no_row_label_gives_way_to_the_row_label():
    from trialscout.digitize._figure import choose_name

    rows = ["Arm A", "Arm B", "Arm C"]
    assert choose_name("ae PPh", "Arm A", rows) == "Arm A"      # garbage read next to a stray stroke
    assert choose_name("Arm", "Arm B", rows) == "Arm B"         # cut short
    assert choose_name("Arm C", "Arm C", rows) == "Arm C"
    assert choose_name("Arm B", "Arm C", rows) == "Arm B"       # a plausible legend label is kept
    assert choose_name("", "Arm C", rows) == "Arm C" and choose_name("Arm C", "", []) == "Arm C"


def _grey_figure(path, styles, dpi):
    rng = np.random.default_rng(11)
    arms, labels = [], ["Arm A", "Arm B", "Arm C"][:len(styles)]
    for k in range(len(styles)):
        t = rng.weibull([0.8, 1.3, 1.9][k], 150) * [14, 22, 30][k]
        c = rng.uniform(8, 48, 150)
        arms.append((np.minimum(t, c), (t <= c).astype(int)))
    ticks = np.arange(0, 49, 12)
    fig = plt.figure(figsize=(6.4, 5.4))
    ax = fig.add_axes((0.22, 0.34, 0.72, 0.6))
    for (t, e), lab, (colour, ls) in zip(arms, labels, styles):
        km = kaplan_meier(t, e)
        ax.step(np.r_[0, km.time], np.r_[1, km.survival], where="post", color=colour, ls=ls, lw=1.6, label=lab)
    ax.set_xlim(0, 48)
    ax.set_xticks(ticks)
    ax.set_ylim(0, 1.03)
    ax.legend(loc="upper right")
    for k, ((t, e), lab) in enumerate(zip(arms, labels)):
        y = -0.2 - 0.08 * k
        ax.text(-4, y, lab, transform=ax.get_xaxis_transform(), ha="right", va="center", fontsize=9)
        for x, v in zip(ticks, np.atleast_1d(kaplan_meier(t, e).n_at_risk_at(ticks)).astype(int)):
            ax.text(x, y, str(v), transform=ax.get_xaxis_transform(), ha="center", va="center", fontsize=9)
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    return labels, arms


@pytest.mark.parametrize("styles,dpi", [
    ([("black", "-"), ("black", "--"), ("black", ":")], 100),   # three line styles of one colour
    ([("black", "-"), ("black", "--"), ("black", ":")], 200),
    ([("black", "--"), ("0.8", "-")], 150),                     # a light grey curve
])
def test_grey_curves_are_told_apart(tmp_path, styles, dpi):
    path = tmp_path / "grey.png"
    labels, arms = _grey_figure(path, styles, dpi)
    dig = digitize_figure(path)
    # (a row label may be read without its space: "ArmA")
    names = [a.name.replace(" ", "") for a in dig.arms]
    assert sorted(names) == sorted(lab.replace(" ", "") for lab in labels)
    for a, nm in zip(dig.arms, names):
        t, e = arms[[lab.replace(" ", "") for lab in labels].index(nm)]
        grid = np.linspace(0, min(float(t.max()), float(a.time.max())), 300)
        km = kaplan_meier(t, e)
        s_true = np.r_[1.0, km.survival][np.searchsorted(km.time, grid, side="right")]
        assert float(np.mean(np.abs(np.interp(grid, a.time, a.survival) - s_true))) <= 0.01, a.name


def test_a_misread_tick_label_loses_to_the_labels_that_agree_closely():
    from trialscout.digitize._axes import calibrate

    # "0" misread as "6": the lines through (6, 24, 36, 48) and (12, 24, 36, 48) both hold four labels within
    # the tolerance; the second holds them exactly
    px = [281.5, 511.5, 741.5, 972.5, 1202.5]
    ax = calibrate(px, [6, 12, 24, 36, 48], ["6", "12", "24", "36", "48"], "x")
    # (the "6" sits at the progression's 0 tick and is one character off "0": it is repaired to 0, see
    # test_axes6)
    assert ax.ticks_value == (0.0, 12.0, 24.0, 36.0, 48.0) and ax.labels[0] == "6"
    assert abs(float(ax.value(281.5))) < 0.05 and abs(float(ax.value(1202.5)) - 48) < 0.05


def test_pieces_overlapping_by_a_drop_are_chained():
    from trialscout.digitize._curves import _best_chain

    # a curve broken where another crossed it: the second piece starts 5 px before the first ends
    comps = [{"x0": 30, "x1": 293, "span": 264, "left": 54.0, "right": 304.0},
             {"x0": 288, "x1": 532, "span": 245, "left": 317.0, "right": 380.0}]
    chain, cover = _best_chain(comps, 555, 2, set())
    assert chain == [0, 1] and cover == 509


def test_a_line_under_another_colours_band_keeps_its_class():
    from trialscout.digitize._curves import pixel_classes

    img = _blank(200, 300)
    green, blue = np.array([44, 160, 44]), np.array([180, 119, 31])  # BGR
    img[98:101, 20:150] = green
    img[98:101, 150:280] = np.round(0.8 * green + 0.2 * blue)  # under a 20% band of the blue curve
    img[148:151, 20:280] = blue
    classes = pixel_classes(img, (0, 0, 300, 200))
    g = next(c for c in classes if c.chromatic and c.mask[99, 30])
    assert g.mask[98:101, 20:280].all()  # one class for the whole line
    assert not g.mask[148:151, :].any()


def test_cells_that_touch_are_split_at_their_ticks():
    ticks = np.array([100.0, 200.0, 300.0])
    # "2251 (366)1682 (374)": glyphs of two cells centred on 100 and 200 run into one word
    boxes = [(60, 0, 90, 10), (96, 0, 140, 10), (150, 0, 185, 10), (192, 0, 245, 10)]
    out = _raster._split_wide([(60, 0, 245, 10)], boxes, ticks, 100.0)
    assert sorted(out) == [(60, 0, 140, 10), (150, 0, 245, 10)]
    assert _raster._split_wide([(70, 0, 130, 10)], boxes, ticks, 100.0) == [(70, 0, 130, 10)]


def test_cell_text():
    assert _raster._parse_cell("123 (45)") == (123, 45)
    assert _raster._parse_cell("2891(322") == (2891, 322)   # the closing parenthesis lost
    assert _raster._parse_cell("-17") == (17, None)
    assert _raster._parse_cell("(104)") is None and _raster._parse_cell("12a") is None


def test_label_text_clean_up():
    assert _raster._clean_label("Group |") == "Group I"
    assert _raster._clean_label(" Arm | B ") == "Arm I B"
    assert _raster._clean_label("A|B") == "A|B"


def test_a_two_word_row_label_close_to_the_axis_is_read_whole(tmp_path):
    rng = np.random.default_rng(8)
    arms = [(rng.exponential(s, 120), np.ones(120, int)) for s in (9.0, 20.0)]
    labels = ["Regimen A", "Regimen B"]
    ticks = np.arange(0, 41, 10)
    fig = plt.figure(figsize=(6.4, 5.0))
    ax = fig.add_axes((0.25, 0.35, 0.7, 0.6))
    for (t, e), lab, col in zip(arms, labels, ["#1b9e77", "#d95f02"]):
        km = kaplan_meier(t, e)
        ax.step(np.r_[0, km.time], np.r_[1, km.survival], where="post", color=col, lw=1.6)
        y = -0.25 - 0.1 * labels.index(lab)
        # the label ends just left of the y-axis (the plot starts before time 0, as in base R and survminer)
        ax.text(-4.6, y, lab, transform=ax.get_xaxis_transform(), ha="right", va="center",
                fontsize=12, color=col)
        for x, v in zip(ticks, np.atleast_1d(km.n_at_risk_at(ticks)).astype(int)):
            ax.text(x, y, str(v), transform=ax.get_xaxis_transform(), ha="center", va="center", fontsize=10)
    ax.set_xlim(-4, 42)
    ax.set_xticks(ticks)
    ax.set_ylim(0, 1.02)
    path = tmp_path / "labels.png"
    fig.savefig(path, dpi=120)
    plt.close(fig)
    dig = digitize_figure(path)
    assert sorted(a.name for a in dig.arms) == labels
