"""Curves and legends: the rules the misread curves and arm names of held-out sets 6 and 8 showed were missing."""

from pathlib import Path
import warnings

import numpy as np
import pytest

from trialscout.digitize._raster import _darkened, _line_sliver, _pale_label

FIG = Path(__file__).parent / "figures"


def test_a_pale_label_on_a_grey_panel_is_stretched_to_white_paper_not_blackened():
    # a label printed light (200) on a tinted page (240, a grey theme's background): the page is paper, not ink
    crop = np.full((20, 60, 3), 240, np.uint8)
    crop[5:15, 5:55:3] = 200
    out = _darkened(crop)
    assert out[0, 0].min() >= 250, "the tinted paper comes out white"
    assert out[5, 5].max() < 60, "the pale strokes come out dark"
    # dark text on the same tint is left as it is
    dark = crop.copy()
    dark[5:15, 5:55:3] = 40
    assert _darkened(dark) is dark
    # on white paper the stretch is the one it always was: strokes at 210 go to black
    white = np.full((20, 60, 3), 255, np.uint8)
    white[5:15, 5:55:3] = 210
    assert _darkened(white)[5, 5].max() < 60 and _darkened(white)[0, 0].min() == 255
    # pale text dense enough to fill most of its crop is no tint of the page: the page is the crop's margin
    dense = np.full((20, 60, 3), 255, np.uint8)
    dense[3:17, 3:57] = 205
    assert _darkened(dense)[10, 30].max() < 60 and _darkened(dense)[0, 0].min() == 255


def test_the_blurred_edge_of_the_first_count_is_not_taken_into_a_pale_label():
    h = 22
    pale = np.zeros((60, 300), bool)
    pale[20:38, 40:120] = False
    for x in range(40, 120, 8):        # the letters of the label, 5 px wide, a gap of 3
        pale[20:36, x:x + 5] = True
    pale[28:30, 128:134] = True        # a tick dash after it
    pale[22:36, 146:150] = True        # the first count's pale left edge, 2 px from where its dark ink starts
    words = _pale_label(pale, 20, 20 + h - 1, 152, [], 12.0)
    assert words and max(w[2] for w in words) < 125, words


def test_a_sliver_of_the_tables_y_axis_line_is_told_from_a_letter_i():
    vert = np.zeros((100, 200), bool)
    vert[0:48, 127] = True                 # the table's y-axis line, taken out of the ink above the row
    vert[62:100, 127] = True               # and below it
    assert _line_sliver((127, 49, 127, 52), vert, 1)
    assert _line_sliver((126, 56, 127, 60), vert, 1)
    assert not _line_sliver((120, 49, 126, 60), vert, 1)   # a letter ending at the line is wider than it
    assert not _line_sliver((60, 49, 61, 60), vert, 1)     # an I of a label ("Stage II"), with no line through it
    assert not _line_sliver((127, 49, 127, 60), np.zeros_like(vert), 1)  # an I where a table has no axis line


def _rows_and_legend(name: str):
    from trialscout.digitize._figure import load_figure
    from trialscout.digitize._raster import read_raster

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        read = read_raster(load_figure(FIG / name))
    return sorted(r.label for r in read.rows), sorted(read.legend)


@pytest.mark.parametrize("name, arms", [
    # coloured row labels on a grey (fivethirtyeight) page: read from the page stretched to white
    ("h6_py_11_gompertz.png", ["Maintenance", "No maintenance"]),
    # pale row labels ending at the table's own y-axis line and its tick dashes (survminer, theme_bw)
    ("h6_sm_07_photocar.jpg", ["Group A", "Group B", "Group C"]),
    # pale row labels beside counts in the same pale colour, on ggplot's grey panel
    ("h6_sm_11_sim_pw3.jpg", ["Regimen A", "Regimen B", "Regimen C"]),
    # grey labels ending in a Roman numeral's I right at the plot's left edge (base R: no table axis line)
    ("h5_br_02_sim_four.png", ["Stage I", "Stage II", "Stage III", "Stage IV"]),
])
def test_row_labels_are_read_whole_and_alone(name, arms):
    rows, legend = _rows_and_legend(name)
    assert rows == arms
    assert legend == arms


def _axes():
    from trialscout.digitize._axes import Axis

    x = Axis(a=0.0, b=0.1, ticks_px=(), ticks_value=(), labels=(), confidence=1.0)      # 0.1 time units a pixel
    y = Axis(a=1.0, b=-0.01, ticks_px=(), ticks_value=(), labels=(), confidence=1.0)    # 0.01 of S a pixel
    return x, y


def _row(times, counts):
    from trialscout.digitize._raster import TableRow

    return TableRow(y=0.0, times=list(times), counts=list(counts), events=[], label="", hue=None, confidence=1.0)


def _flat(t0, t1, s):
    t = np.round(np.arange(t0, t1 + 1e-9, 0.1), 6)
    return t, np.full(t.size, s)


def test_a_curve_ending_on_another_at_its_level_runs_on_under_it_until_its_row_counts_no_one():
    from trialscout.digitize._raster import _run_on_hidden_ends

    x, y = _axes()
    a, b = _flat(0, 5, 0.3), _flat(0, 20, 0.3)
    b = (b[0], np.where(b[0] < 3, 0.6, np.where(b[0] < 15, 0.3, 0.1)))  # b reaches a's level at 3, drops at 15
    out = _run_on_hidden_ends([a, b], [_row([0, 4, 8, 12], [10, 5, 1, 0]), None], x, y, 1, 20.0)
    t, s = out[0]
    assert 11.8 <= t[-1] <= 12.0 + 1e-9, "along b, but not past the first time a's row counts no one"
    assert np.allclose(s[t > 5], 0.3)
    assert out[1] is not None and np.array_equal(out[1][0], b[0]), "a curve without a row is left as read"
    # where b drops on the way, a (hidden under it) drops with it, and never rises above its own last level
    out = _run_on_hidden_ends([a, b], [_row([0, 4, 8, 18], [10, 5, 1, 0]), None], x, y, 1, 20.0)
    t, s = out[0]
    assert t[-1] == pytest.approx(18.0) and s[-1] == pytest.approx(0.1) and np.all(np.diff(s) <= 0)


def test_a_curve_is_read_at_least_as_far_as_its_row_counts_someone():
    from trialscout.digitize._raster import _run_on_hidden_ends

    x, y = _axes()
    a, b = _flat(0, 5, 0.5), _flat(0, 20, 0.1)   # b is far below a: a is not hidden under it
    t, s = _run_on_hidden_ends([a, b], [_row([0, 4, 8, 12], [10, 5, 2, 0]), None], x, y, 1, 20.0)[0]
    assert t[-1] == pytest.approx(8.0) and np.allclose(s[t > 5], 0.5), "held at its level up to 8"
    # a row that counts no one after the end seen leaves the curve as it was read
    t, s = _run_on_hidden_ends([a, b], [_row([0, 4, 8, 12], [10, 5, 0, 0]), None], x, y, 1, 20.0)[0]
    assert t[-1] == pytest.approx(5.0)
    # nor does a curve run on past the plot's right edge
    t, s = _run_on_hidden_ends([a, b], [_row([0, 4, 8, 12], [10, 5, 2, 1]), None], x, y, 1, 6.0)[0]
    assert t[-1] <= 6.0 + 0.05


def test_a_legend_label_leaves_out_the_end_of_a_dashed_key_and_a_speck_of_the_legend_frame():
    # matplotlib legend with a dashed key cut short before its text, in a frame with a shadow
    _, legend = _rows_and_legend("h8_py_10_wrise.jpg")
    assert legend == ["Active", "Best supportive care"]


@pytest.mark.parametrize("note, reads", [("other counts", 1), ("increases", 2)])
def test_a_table_is_read_again_for_a_misread_row_not_for_a_note_on_its_layout(monkeypatch, note, reads):
    from types import SimpleNamespace

    from trialscout.digitize import _raster

    calls = []

    def fake(im, ink, fr, x_axis, y_start, ch, notes):
        calls.append(ink)
        notes.append(_raster._OTHER_COUNTS_NOTE if note == "other counts" else "the at-risk row '1' increases")
        return [_row([0, 10, 20], [30, 20, 10]), _row([0, 10, 20], [31, 21, 11])]

    monkeypatch.setattr(_raster, "_read_table", fake)
    monkeypatch.setattr(_raster, "_ruled", lambda *a: False)  # (no grid through this table: one reading)
    img = np.full((40, 40, 3), 255, np.uint8)
    curves = tuple(SimpleNamespace(cls=SimpleNamespace(bgr=(40, 40, 200))) for _ in range(2))
    warnings_: list = []
    rows = _raster._read_table_twice(img, img.min(axis=2) < 150, None, None, 0, 10.0, warnings_, curves)
    assert len(calls) == reads
    assert len(rows) == 2 and len(warnings_) == 1, "the note is still given to the user"
