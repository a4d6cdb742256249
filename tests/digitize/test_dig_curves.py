"""Curves and legends: the rules the misread curves and arm names of held-out sets 6 and 8 showed were missing."""

from pathlib import Path
import warnings

import numpy as np
import pytest

from trialscout.digitize._axes import Frame
from trialscout.digitize._raster import _axis_sliver, _darkened, _pale_label

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


def test_a_sliver_of_the_y_axis_line_is_told_from_a_letter():
    fr = Frame(left=127, right=900, top=10, bottom=600, line_width=1)
    assert _axis_sliver((127, 849, 127, 850), fr)
    assert _axis_sliver((126, 849, 127, 860), fr)
    assert not _axis_sliver((120, 849, 126, 860), fr)   # a letter ending at the line is wider than it
    assert not _axis_sliver((60, 849, 60, 860), fr)     # an "l" further left is off the line's column


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
])
def test_row_labels_are_read_whole_and_alone(name, arms):
    rows, legend = _rows_and_legend(name)
    assert rows == arms
    assert legend == arms
