"""Numbers at risk printed inside the plot area, in rows between the line S = 0 and the frame's foot.

Some journals and many base R and matplotlib users extend the y-axis below zero and print the at-risk rows
there, inside the frame, aligned with the x ticks (each row in its curve's colour, or labelled at the left).
No table is then found under the plot. This module is a fallback only, engaged when that search found no
row: the band under S = 0 is read as a table would be read under the plot, and curve tracing is kept above
it.
"""
from __future__ import annotations

import numpy as np

from ._axes import Axis, Frame


def band_under_zero(fr: Frame, y_axis: Axis, ch: float) -> tuple[int, int] | None:
    """The rows (top, bottom) of the plot area under the line S = 0, or None when there is no room there
    for a line of text. Curves never run below S = 0, so nothing there is a curve; the band starts a line
    width and a little more under the zero line (censoring marks on a curve at S = 0 reach below it)."""
    zero = float(y_axis.pixel(0.0))
    lw = fr.line_width
    top = int(round(zero + lw + max(2.0, 0.4 * ch)))
    bottom = int(fr.bottom - lw - 1)
    if not (fr.top < zero < fr.bottom) or bottom - top < 1.5 * ch:
        return None
    return top, bottom


def read_inplot_rows(img: np.ndarray, fr: Frame, x_axis: Axis, y_axis: Axis, ch: float, warnings: list,
                     read_table) -> tuple[list, int] | None:
    """The at-risk rows printed inside the frame under S = 0, and the row where curve tracing must stop;
    None when no such rows are read.

    `read_table(img, ink, fr, x_axis, y_start, ch, notes)` is the reader of a table under the plot (with its
    rereadings at paler ink, for rows printed in a light curve's colour). It is
    given the image with everything but the band whitened (and the frame's own vertical lines taken out of
    it), read from the band's top: the rows come back in the image's own coordinates. A reading is kept when
    it has a row of two counts or more and every row read has a count at two ticks or more."""
    band = band_under_zero(fr, y_axis, ch)
    if band is None:
        return None
    top, bottom = band
    lw = fr.line_width
    only = np.full_like(img, 255)
    only[top:bottom + 1] = img[top:bottom + 1]
    # the frame's side lines cross the band: they are no text
    for c in (fr.left, fr.right):
        only[top:bottom + 1, max(0, c - lw - 1):c + lw + 2] = 255
    notes: list[str] = []
    rows = read_table(only, only.min(axis=2) < 150, fr, x_axis, top - 2, ch, notes)
    if not rows or any(len(r.counts) < 2 for r in rows):
        return None
    warnings.extend(notes)
    warnings.append("the numbers at risk were read inside the plot, under S = 0; check them in overlay.png")
    return rows, top - 1
