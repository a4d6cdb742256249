"""Rules of the digitizer that keep the gains of merged branches from undoing one another: row labels
printed in a muted colour, ..."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

FIGURES = Path(__file__).parent / "figures"


def test_a_row_label_in_a_muted_colour_keeps_its_short_words():
    # survminer's Dark2 purple (#7570b3, saturation about 95 of 255): "AML low risk" beside its row; the
    # anti-aliased short words "low" and "risk" fall under the saturation a hue is read at, the long "AML"
    # does not, and the name must not be cut after "AML" as if it were a key of another colour
    from trialscout.digitize._raster import _without_key_lead

    img = cv2.imread(str(FIGURES / "h3_sm_05_bmt.png"))
    labs = [(45, 682, 75, 693), (82, 682, 104, 693), (111, 682, 133, 693)]
    assert _without_key_lead(img, labs) == labs


def test_a_muted_colour_key_before_a_black_name_is_still_cut():
    from trialscout.digitize._raster import _without_key_lead

    img = np.full((60, 300, 3), 255, np.uint8)
    img[20:40, 10:40] = (179, 112, 117)               # a glyph in the muted purple
    img[20:40, 60:110] = 0                            # "Arm" (black)
    img[20:40, 118:150] = 0                           # "B"
    labs = [(10, 20, 39, 39), (60, 20, 109, 39), (118, 20, 149, 39)]
    assert _without_key_lead(img, labs) == labs[1:]
    # the same purple, paler in the short words (anti-aliased), is one name
    img2 = np.full((60, 300, 3), 255, np.uint8)
    img2[20:40, 10:40] = (179, 112, 117)
    img2[20:40, 60:110] = (176, 119, 124)             # saturation about 82
    img2[20:40, 118:150] = (176, 119, 124)
    assert _without_key_lead(img2, labs) == labs


def test_a_sliver_of_a_pale_row_label_is_no_letter_of_a_rotated_title():
    # matplotlib's pastel row labels "20 mg", "40 mg" (JPEG): at the first ink threshold only a 1 px stroke
    # of the "0" is left; it must not be taken for a lone title letter whose pale ink is cut out of the label
    from trialscout.digitize._raster import _pale_label

    img = cv2.imread(str(FIGURES / "h5_py_09_piecewise.jpg"))
    pale = img.min(axis=2) < 225
    words = _pale_label(pale, 425, 436, 118, [(66, 429, 66, 433)], 7.0)
    assert len(words) == 2 and words[0][0] <= 52 and words[0][2] >= 66
    words = _pale_label(pale, 458, 469, 118, [(66, 463, 66, 464)], 7.0)
    assert len(words) == 2 and words[0][0] <= 52


def test_a_lone_letter_beside_a_pale_label_is_still_left_out():
    from trialscout.digitize._raster import _pale_label

    pale = np.zeros((60, 300), bool)
    pale[20:32, 10:18] = True                         # a letter of a rotated title, 8 x 12 px
    pale[21:31, 40:60] = True                         # the pale label's words, beyond it
    pale[21:31, 66:90] = True
    words = _pale_label(pale, 20, 31, 200, [(10, 20, 17, 31)], 10.0)
    assert words and all(w[0] >= 40 for w in words)
