"""Numbers at risk printed inside the plot area, in rows between S = 0 and the frame's foot (the y-axis
extended below zero: a layout of some journals, base R and matplotlib users). Read as a fallback when no table
is found under the plot; the curves are traced above the rows. Figures drawn here with known data."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from scoring import risk_at, simulated_arms  # noqa: E402
from trialscout.digitize._axes import Axis, Frame  # noqa: E402
from trialscout.digitize._inplot_table import band_under_zero  # noqa: E402


def _inside_rows(path, arms, labels, colours, ticks, *, row_colours=None, table_under=False, dpi=110):
    """Curves over rows of numbers at risk printed inside the axes under S = 0 (y from -0.1 per row down),
    each row in `row_colours` (the curves' colours by default) and, when `table_under`, the same rows printed
    once more under the x-axis labels."""
    from trialscout import kaplan_meier

    fig = plt.figure(figsize=(6.4, 5.0))
    ax = fig.add_axes((0.14, 0.14 if not table_under else 0.30, 0.62, 0.8 if not table_under else 0.64))
    for (t, e), lab, col in zip(arms, labels, colours):
        km = kaplan_meier(t, e)
        ax.step(np.r_[0, km.time], np.r_[1, km.survival], where="post", color=col, lw=1.6, label=lab)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    xmax = float(ticks[-1])
    ax.set_xlim(-0.04 * xmax, 1.04 * xmax)
    ax.set_xticks(ticks)
    n = len(arms)
    ax.set_ylim(-0.12 * (n + 1), 1.04)
    ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    risk = risk_at(arms, ticks)
    ax.text(0.0, -0.05, "No. at risk", fontsize=9, fontweight="bold", va="center")
    for k, (row, col) in enumerate(zip(risk, row_colours or colours)):
        for x, v in zip(ticks, row):
            ax.text(x, -0.12 * (k + 1), str(int(v)), ha="center", va="center", color=col, fontsize=9)
    if table_under:
        from matplotlib.transforms import blended_transform_factory

        under = blended_transform_factory(ax.transData, fig.transFigure)
        for k, (row, col) in enumerate(zip(risk, row_colours or colours)):
            for x, v in zip(ticks, row):
                ax.text(x, 0.15 - 0.045 * k, str(int(v)), ha="center", va="center", color=col, fontsize=9,
                        transform=under, clip_on=False)
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    return risk


_CASES = {
    "two coloured": (["Control", "Treatment"], ["#d95f02", "#1b5e9e"], None),
    "three coloured": (["Low", "Intermediate", "High"], ["#8c2d04", "#e6550d", "#555555"], None),
    "black rows": (["Placebo", "Active"], ["#777777", "#000000"], ["#000000", "#000000"]),
}


@pytest.mark.parametrize("case", list(_CASES))
def test_rows_inside_the_plot_under_zero_are_read(tmp_path, case):
    from trialscout.digitize import digitize_figure

    labels, colours, row_colours = _CASES[case]
    n = len(labels)
    arms = simulated_arms(5 + n, [120 + 10 * k for k in range(n)], [10.0 + 6 * k for k in range(n)], (20, 45))
    ticks = np.arange(0, 40 + 1e-9, 10.0)
    path = tmp_path / "km.png"
    risk = _inside_rows(path, arms, labels, colours, ticks, row_colours=row_colours)
    dig = digitize_figure(path)
    assert len(dig.arms) == n  # the digits are no curves
    got = {a.name: [int(v) for v in a.n_risk] for a in dig.arms}
    if row_colours is None:
        # rows in their curves' colours: each row goes to its own curve
        assert sorted(got) == sorted(labels)
        for lab, want in zip(labels, risk):
            assert got[lab] == [int(v) for v in want]
    else:
        assert sorted(map(tuple, got.values())) == sorted(tuple(int(v) for v in r) for r in risk)
    for a in dig.arms:
        # curves traced above the rows: none runs below S = 0 or ends at a digit's height
        assert float(np.min(a.survival)) >= 0.0
        assert a.time.size > 50
    assert any("inside the plot" in w for w in dig.warnings)


def test_a_table_under_the_plot_is_read_and_the_fallback_stays_off(tmp_path):
    from trialscout.digitize import digitize_figure

    labels, colours = ["Control", "Treatment"], ["#d95f02", "#1b5e9e"]
    arms = simulated_arms(11, [150, 160], [12.0, 20.0], (20, 45))
    ticks = np.arange(0, 40 + 1e-9, 10.0)
    path = tmp_path / "km.png"
    _inside_rows(path, arms, labels, colours, ticks, table_under=True)
    dig = digitize_figure(path)
    assert not any("inside the plot" in w for w in dig.warnings)


def test_band_under_zero_needs_room_for_a_line_of_text():
    fr = Frame(left=50, right=550, top=20, bottom=400, line_width=1)
    # S = 0 at row 300, 100 px above the frame's foot: room for rows of 12 px text
    y = Axis(a=1.5, b=-1.0 / 200, ticks_px=(), ticks_value=(), labels=(), confidence=1.0)
    top, bottom = band_under_zero(fr, y, 12.0)
    assert 300 < top < 310 and bottom == 398
    # S = 0 on the frame's foot (the usual plot): no band
    y0 = Axis(a=2.0, b=-1.0 / 200, ticks_px=(), ticks_value=(), labels=(), confidence=1.0)
    assert band_under_zero(fr, y0, 12.0) is None
    # S = 0 only a few pixels above it: no room for text
    y1 = Axis(a=395 / 390, b=-1.0 / 390, ticks_px=(), ticks_value=(), labels=(), confidence=1.0)
    assert band_under_zero(fr, y1, 12.0) is None
