"""Rules for figures read wrongly in the sixth and fifth held-out sets, each on a synthetic case."""

from __future__ import annotations

import numpy as np

from trialscout.digitize._curves import PixelClass, RawCurve, join_pieces


def _curve(cols, level, hue: str = "hue:210") -> RawCurve:
    cls = PixelClass(name=hue, mask=np.zeros((1, 1), bool), bgr=(200, 100, 0), chromatic=True)
    cols = np.asarray(cols)
    return RawCurve(cls=cls, cols=cols, level=np.asarray(level, float), censor_cols=[], dashed=False,
                    n_components=1, coverage=float(np.isfinite(level).mean()))


def _step(n: int) -> np.ndarray:
    return 20.0 + np.floor(np.arange(n) / 25) * 3  # a step curve falling 3 px every 25 columns


def test_pieces_of_two_hues_that_fill_each_others_gaps_join():
    # a blue curve seen in 0..99 and 150..199; where it crosses a band it turns teal (100..149)
    lev = _step(200)
    blue = lev.copy()
    blue[100:150] = np.nan
    teal = np.full(200, np.nan)
    teal[98:150] = lev[98:150]
    a, b = _curve(np.arange(200), blue), _curve(np.arange(200), teal, "hue:180")
    assert join_pieces(a, b, 2)
    assert np.isfinite(a.level).all() and np.allclose(a.level, lev)


def test_a_second_arm_is_not_joined():
    lev = _step(200)
    blue = lev.copy()
    blue[100:150] = np.nan
    # another arm: seen everywhere (overlapping the first), far below it
    other = _curve(np.arange(200), lev + 40, "hue:30")
    assert not join_pieces(_curve(np.arange(200), blue), other, 2)
    # the other hue's pieces fill the gap but at another level (no hand-over): not joined either
    teal = np.full(200, np.nan)
    teal[100:150] = lev[100:150] + 30
    assert not join_pieces(_curve(np.arange(200), blue), _curve(np.arange(200), teal), 2)
    # running on beyond the first curve's end: a curve of its own
    late = np.full(300, np.nan)
    late[100:300] = 20.0 + np.arange(200) * 0.1
    assert not join_pieces(_curve(np.arange(200), blue), _curve(np.arange(300), late), 2)


def test_a_statistic_printed_inside_the_plot_is_found_and_censoring_marks_are_not():
    import cv2

    from trialscout.digitize._raster import _stat_text

    img = np.full((300, 600, 3), 255, np.uint8)
    cv2.putText(img, "HR 0.75 (95% CI 0.60-0.93)", (250, 250), cv2.FONT_HERSHEY_SIMPLEX, 0.6, (90, 90, 90), 1,
                cv2.LINE_AA)
    for x in range(60, 260, 16):  # a row of censoring crosses on a flat stretch, each glyph-sized
        cv2.line(img, (x - 5, 95), (x + 5, 105), (90, 90, 90), 1)
        cv2.line(img, (x - 5, 105), (x + 5, 95), (90, 90, 90), 1)
    ink = img.min(axis=2) < 150
    boxes = _stat_text(img, ink, (10, 10, 590, 290), 14.0)
    assert len(boxes) == 1
    x0, y0, x1, y1 = boxes[0]
    assert x0 <= 252 and x1 >= 470 and y0 <= 240 and y1 >= 250 and y0 > 110


def test_a_block_whose_later_columns_sit_half_a_line_off_is_split_into_its_rows():
    from trialscout.digitize._raster import _offset_lines

    ink = np.zeros((120, 400), bool)
    # the first column with its labels: the arm's name, then three label lines, each with a count at t = 0
    for top in (10, 26, 42, 58):
        ink[top:top + 10, 20:60] = True  # label
        if top > 10:
            ink[top:top + 10, 80:95] = True  # count at the first tick (x = 90)
    # the later columns (ticks 190, 290), each line half a line above its label line
    for top in (19, 35, 51):
        ink[top:top + 9, 180:200] = True
        ink[top:top + 9, 280:300] = True
    band = (10, 67)
    got = _offset_lines(ink, [band], 90.0, 100.0, 400, 10.0)
    rows = got[band]
    assert [(a, b) for a, b, _ in rows] == [(10, 19), (26, 35), (42, 51), (58, 67)]
    assert len(rows[0][2]) == 1  # the arm's name, alone
    for (a, b, boxes), top in zip(rows[1:], (19, 35, 51)):
        later = sorted(x for x in boxes if x[0] >= 140)
        assert [x[1] for x in later] == [top, top] and len(boxes) == 4
    # lines one above another in every column (an ordinary tall band) are not touched
    ink2 = np.zeros((120, 400), bool)
    for top in (10, 26, 42):
        ink2[top:top + 10, 20:300] = True
    assert _offset_lines(ink2, [(10, 51)], 90.0, 100.0, 400, 10.0) == {}
