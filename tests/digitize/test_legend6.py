"""Legend and row labels read in the pattern a figure's labels share: Roman numerals whose capital I was read
as a small l ("Stage Ill"), a last word one letter off the word every other label ends with ("20 ma" among
"10 mg", "40 mg"). Rules on small inputs, then figures drawn here with known data."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from trialscout import kaplan_meier  # noqa: E402
from trialscout.digitize import _raster, digitize_figure  # noqa: E402
from trialscout.digitize._figure import choose_name  # noqa: E402


@pytest.mark.parametrize("read, meant", [
    ("Stage Ill", "Stage III"), ("Stage Il", "Stage II"), ("Stage lV", "Stage IV"), ("Stage l", "Stage I"),
    ("Grade lI", "Grade II"), ("Cohort XIl", "Cohort XII"), ("Stage Ill B", "Stage III B"),
])
def test_a_roman_numeral_read_with_small_l_is_the_numeral(read, meant):
    assert _raster._clean_label(read) == meant


@pytest.mark.parametrize("text", ["Ill", "Cell lines", "IL-2 high", "all", "Grade I", "Stage IV", "Vial 2",
                                  "Low level"])
def test_words_that_are_no_numeral_stay(text):
    assert _raster._clean_label(text) == text


def test_a_last_word_one_letter_off_the_shared_one_is_read_as_it():
    h = _raster._harmonize_labels
    assert h(["10 mg", "20 ma", "40 mg"]) == ["10 mg", "20 mg", "40 mg"]
    assert h(["Low dose", "High dost", "Mid dose"]) == ["Low dose", "High dose", "Mid dose"]
    assert h(["5 mg/kg", "10 mq/kg", "20 mg/kg"]) == ["5 mg/kg", "10 mq/kg", "20 mg/kg"]  # not one word of letters
    # two labels: which of them is right cannot be told
    assert h(["10 mg", "20 ma"]) == ["10 mg", "20 ma"]
    # the last word is what tells the arms apart: nothing shared to follow
    assert h(["Arm A", "Arm B", "Arm C"]) == ["Arm A", "Arm B", "Arm C"]
    assert h(["Drug A", "Drug B", "Drug C"]) == ["Drug A", "Drug B", "Drug C"]
    # a last word of another length is another word
    assert h(["Low dose", "High doses", "Mid dose"]) == ["Low dose", "High doses", "Mid dose"]
    # the others' first words are alike: the last word is no shared unit
    assert h(["Arm dose", "Arm dost", "Arm dose"]) == ["Arm dose", "Arm dost", "Arm dose"]


def _arms(seed: int, k: int):
    rng = np.random.default_rng(seed)
    out = []
    for j in range(k):
        t = rng.weibull([0.9, 1.2, 1.6, 1.1][j], [160, 150, 140, 130][j]) * [30, 16, 9, 5][j]
        c = rng.uniform(6, 40, t.size)
        out.append((np.minimum(t, c), (t <= c).astype(int)))
    return out


def _legend_figure(path, labels, colours, *, rows_coloured: bool, seed: int):
    """A matplotlib KM figure with a legend inside the plot and an at-risk table whose rows carry the labels."""
    arms = _arms(seed, len(labels))
    ticks = np.arange(0, 41, 8)
    fig = plt.figure(figsize=(6.6, 5.6))
    ax = fig.add_axes((0.2, 0.38, 0.74, 0.56))
    for (t, e), lab, col in zip(arms, labels, colours):
        km = kaplan_meier(t, e)
        ax.step(np.r_[0, km.time], np.r_[1, km.survival], where="post", color=col, lw=1.6, label=lab)
    ax.set_xlim(0, 40)
    ax.set_xticks(ticks)
    ax.set_ylim(0, 1.02)
    ax.legend(loc="upper right", fontsize=10)
    for k, ((t, e), lab, col) in enumerate(zip(arms, labels, colours)):
        y = -0.2 - 0.08 * k
        ax.text(-3, y, lab, transform=ax.get_xaxis_transform(), ha="right", va="center", fontsize=9,
                color=col if rows_coloured else "black")
        for x, v in zip(ticks, np.atleast_1d(kaplan_meier(t, e).n_at_risk_at(ticks)).astype(int)):
            ax.text(x, y, str(v), transform=ax.get_xaxis_transform(), ha="center", va="center", fontsize=9)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return [np.atleast_1d(kaplan_meier(t, e).n_at_risk_at(ticks)).astype(int) for t, e in arms]


@pytest.mark.parametrize("labels, colours, coloured, seed", [
    (["Stage I", "Stage II", "Stage III"], ["#d62728", "#1f77b4", "#2ca02c"], False, 3),
    (["Grade III", "Grade II", "Grade I"], ["#9467bd", "#ff7f0e", "#17becf"], True, 4),
    (["10 mg", "20 mg", "40 mg"], ["#e41a1c", "#377eb8", "#4daf4a"], False, 5),
])
def test_numeral_and_unit_labels_name_their_curves(tmp_path, labels, colours, coloured, seed):
    path = tmp_path / "km.png"
    counts = _legend_figure(path, labels, colours, rows_coloured=coloured, seed=seed)
    dig = digitize_figure(path)
    assert sorted(a.name for a in dig.arms) == sorted(labels)
    for lab, nr in zip(labels, counts):
        arm = next(a for a in dig.arms if a.name == lab)
        assert arm.n_risk.astype(int).tolist() == nr.tolist(), lab


def _grey_styles_figure(path, labels, styles, *, seed: int, text_in_shade: bool):
    """A grey figure: curves told apart by line style and shade, a legend whose keys are the line styles (long
    dashes set well apart, dots), its labels printed in the key's shade when asked, and an at-risk table."""
    arms = _arms(seed, len(labels))
    ticks = np.arange(0, 41, 8)
    fig = plt.figure(figsize=(6.6, 5.6))
    ax = fig.add_axes((0.2, 0.38, 0.74, 0.56))
    handles = []
    for (t, e), lab, (shade, dash) in zip(arms, labels, styles):
        km = kaplan_meier(t, e)
        (h,) = ax.step(np.r_[0, km.time], np.r_[1, km.survival], where="post", color=shade, lw=1.6,
                       linestyle=dash, label=lab)
        handles.append(h)
    ax.set_xlim(0, 40)
    ax.set_xticks(ticks)
    ax.set_ylim(0, 1.02)
    leg = ax.legend(handles, labels, loc="upper right", fontsize=10, handlelength=3.2)
    if text_in_shade:
        for txt, (shade, _) in zip(leg.get_texts(), styles):
            txt.set_color(shade)
    for k, ((t, e), lab) in enumerate(zip(arms, labels)):
        y = -0.2 - 0.08 * k
        ax.text(-3, y, lab, transform=ax.get_xaxis_transform(), ha="right", va="center", fontsize=9)
        for x, v in zip(ticks, np.atleast_1d(kaplan_meier(t, e).n_at_risk_at(ticks)).astype(int)):
            ax.text(x, y, str(v), transform=ax.get_xaxis_transform(), ha="center", va="center", fontsize=9)
    fig.savefig(path, dpi=110)
    plt.close(fig)


@pytest.mark.parametrize("labels, styles, seed, shaded", [
    (["Placebo", "Low dose"], [("black", "-"), ("#444444", (0, (6, 4)))], 6, False),
    (["Observation", "Radiotherapy"], [("black", "-"), ("#c4c4c4", (0, (6, 3, 1.5, 3)))], 7, True),
    (["Control", "Drug A", "Drug B"], [("black", "-"), ("#333333", (0, (7, 5))), ("#777777", (0, (1.2, 2.5)))],
     8, False),
])
def test_line_style_keys_of_a_grey_figure_name_their_curves(tmp_path, labels, styles, seed, shaded):
    path = tmp_path / "km.png"
    _grey_styles_figure(path, labels, styles, seed=seed, text_in_shade=shaded)
    read = {}
    orig = _raster.read_raster

    def wrap(*a, **k):
        read["r"] = orig(*a, **k)
        return read["r"]

    mp = pytest.MonkeyPatch()
    mp.setattr(_raster, "read_raster", wrap)
    try:
        dig = digitize_figure(path)
    finally:
        mp.undo()
    assert sorted(a.name for a in dig.arms) == sorted(labels)
    # each curve's own legend key named it (not only the at-risk row labels)
    assert sorted(read["r"].legend) == sorted(labels), read["r"].legend


def test_a_line_style_key_naming_another_row_gives_way_to_the_row_its_counts_tie():
    rows = ["Dose 1", "Dose 3", "Dose 2"]
    # a grey curve: the row tied by the counts names it
    assert choose_name("Dose 2", "Dose 3", rows, by_style=True) == "Dose 3"
    assert choose_name("Stage II", "Stage III", ["Stage III", "Stage II"], by_style=True) == "Stage III"
    # a coloured curve: key and row are both tied by colour, the legend stays
    assert choose_name("Dose 2", "Dose 3", rows) == "Dose 2"
    # a legend label that names no row, or the same row, is judged as before
    assert choose_name("Dose 1", "Dose 1", rows, by_style=True) == "Dose 1"
    for legend in ("High dose", "Xq", "Dose"):
        assert choose_name(legend, "Dose 3", rows, by_style=True) == choose_name(legend, "Dose 3", rows)
    assert choose_name("Dose 2", "", rows, by_style=True) == "Dose 2"
