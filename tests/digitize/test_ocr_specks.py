"""Specks inside a glyph's hole are painted out before Tesseract reads a crop: a monospaced dotted zero's dot
(read as a digit of its own, "0" becoming "(0)" or "10)") and JPEG noise inside an "0", "6", "8" or "9"; a
glyph inside brackets, a glyph's own strokes and ink touching the ring are kept."""

from __future__ import annotations

import cv2
import numpy as np

from trialscout.digitize._ocr import _without_enclosed_specks


def _page(w=60, h=40):
    return np.full((h, w), 255, np.uint8)


def test_the_dot_of_a_dotted_zero_is_painted_out():
    g = _page()
    cv2.ellipse(g, (30, 20), (9, 14), 0, 0, 360, 0, 2)     # the ring of a zero
    g[18:22, 29:32] = 0                                       # its dot
    out = _without_enclosed_specks(g)
    assert (out[18:22, 29:32] == 255).all()
    # the ring itself is untouched
    assert ((out < 128) == ((g < 128) & ~(np.pad(np.ones((4, 3), bool), ((18, 18), (29, 28)))))).all()


def test_a_slashed_zero_and_an_eight_are_untouched():
    g = _page()
    cv2.ellipse(g, (20, 20), (8, 14), 0, 0, 360, 0, 2)
    cv2.line(g, (14, 30), (26, 10), 0, 2)                     # the slash touches the ring
    cv2.circle(g, (45, 12), 6, 0, 2)                          # an "8": two rings touching
    cv2.circle(g, (45, 25), 7, 0, 2)
    assert (_without_enclosed_specks(g) == g).all()


def test_a_glyph_in_brackets_or_a_big_glyph_in_a_hole_is_kept():
    g = _page(80, 40)
    cv2.putText(g, "(5)", (5, 30), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    assert (_without_enclosed_specks(g) == g).all()
    h = _page()
    cv2.rectangle(h, (10, 5), (50, 35), 0, 2)                 # a box with a glyph filling most of its hole
    h[10:31, 18:42] = 0
    h[14:27, 22:38] = 255
    assert (_without_enclosed_specks(h) == h).all()


def test_a_blank_crop_comes_back_as_it_was():
    g = _page()
    assert _without_enclosed_specks(g) is g
