"""Reading a raster Kaplan-Meier figure: frame, axes, curves, censoring marks, at-risk table and legend."""

from __future__ import annotations

import dataclasses
import difflib
import functools
import itertools
import re
from dataclasses import dataclass, field

import numpy as np

from .._validate import InputError
from ._axes import Axis, Frame, calibrate, find_frame_any, group_words, parse_number, text_boxes, y_label_columns, y_label_words
from ._curves import RawCurve, extract_curves, join_pieces, pixel_classes
from ._frame import infer_frame
from ._inplot_table import read_inplot_rows
from ._ocr import ocr_lines, ocr_singles

__all__ = ["RasterRead", "read_raster"]


@dataclass
class TableRow:
    y: float
    times: list
    counts: list
    events: list
    label: str
    hue: float | None
    confidence: float
    boxes: list = field(default_factory=list)   # the image box of each cell read
    percent: list = field(default_factory=list)  # the percentages printed, when the counts are estimated from them


@dataclass
class RasterRead:
    frame: Frame
    x_axis: Axis
    y_axis: Axis
    curves: list                     # RawCurve, with .time/.survival set by read_raster
    series: list                     # (time, survival) per curve
    censor_times: list               # per curve
    legend: list                     # label per curve ("" when unread)
    legend_conf: list
    rows: list                       # TableRow per curve (None when absent)
    warnings: list = field(default_factory=list)
    text_in_plot: str = ""


def _hue_of(img: np.ndarray, box) -> float | None:
    import cv2

    x0, y0, x1, y1 = box
    sub = img[y0:y1 + 1, x0:x1 + 1]
    if sub.size == 0:
        return None
    hsv = cv2.cvtColor(sub, cv2.COLOR_BGR2HSV).reshape(-1, 3).astype(int)
    sel = (hsv[:, 1] > 90) & (hsv[:, 2] > 60)
    if sel.sum() < 4:
        return None
    h = hsv[sel, 0] * (np.pi / 90.0)
    ang = np.arctan2(np.sin(h).mean(), np.cos(h).mean())
    return float((ang * 90.0 / np.pi) % 180) * 2.0


def _label_hue(img: np.ndarray, box) -> float | None:
    """The hue of a row label printed in its arm's colour, however pale (a pastel palette: saturation far
    below what `_hue_of` asks of a count). Most of the label's ink must carry colour (saturation above 12 of
    255, past the chroma noise a JPEG leaves around grey text, at a value of 80 or more) and one hue (mean
    resultant length of the hue angles at least 0.9); a grey or black label has neither and gives None."""
    import cv2

    x0, y0, x1, y1 = box
    sub = img[y0:y1 + 1, x0:x1 + 1]
    if sub.size == 0:
        return None
    ink = sub.min(axis=2).reshape(-1) < 235
    hsv = cv2.cvtColor(sub, cv2.COLOR_BGR2HSV).reshape(-1, 3).astype(int)[ink]
    # (ink near black carries no colour worth the name: a few levels of JPEG chroma noise on a dark pixel make
    # its saturation high, so a tinted pixel must also be of some value)
    sel = (hsv[:, 1] > 12) & (hsv[:, 2] >= 80)
    if sel.sum() < 8 or sel.mean() < 0.5:
        return None
    h = hsv[sel, 0] * (np.pi / 90.0)
    if np.hypot(np.sin(h).mean(), np.cos(h).mean()) < 0.9:
        return None
    ang = np.arctan2(np.sin(h).mean(), np.cos(h).mean())
    return float((ang * 90.0 / np.pi) % 180) * 2.0


def _hue_dist(a: float, b: float) -> float:
    d = abs(a - b) % 360
    return min(d, 360 - d)


def _crop(img, box, pad=2):
    x0, y0, x1, y1 = box
    h, w = img.shape[:2]
    return img[max(0, y0 - pad):min(h, y1 + pad + 1), max(0, x0 - pad):min(w, x1 + pad + 1)]


def _has_line(dark: np.ndarray, row=None, col=None, lo=0, hi=0) -> bool:
    if row is not None:
        seg = dark[max(0, row - 1):row + 2, lo:hi].any(axis=0)
    else:
        seg = dark[lo:hi, max(0, col - 1):col + 2].any(axis=1)
    return bool(seg.size and seg.mean() > 0.9)


def _snap(centres, dark, fixed, outward, axis: str, r: int):
    """Move label centres onto the tick marks next to the axis line, when there are tick marks."""
    out = []
    for c in centres:
        c0 = int(round(c))
        if axis == "x":
            band = dark[fixed + 2:fixed + 2 + outward, max(0, c0 - r):c0 + r + 1]
            prof = band.all(axis=0) if band.size else np.zeros(0, bool)
        else:
            band = dark[max(0, c0 - r):c0 + r + 1, max(0, fixed - 1 - outward):max(0, fixed - 1)]
            prof = band.all(axis=1) if band.size else np.zeros(0, bool)
        idx = np.flatnonzero(prof)
        if idx.size and idx.size <= 2 * r:
            runs = np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1)
            best = min(runs, key=lambda g: abs(g.mean() - r))
            out.append(float(c0 - r + best.mean()))
        else:
            out.append(float(c))
    return out


def _x_label_words(ink: np.ndarray, fr: Frame, W: int, ch: float) -> tuple[list, float | None]:
    """The words of the x tick labels' line under the frame, and their height."""
    lw = fr.line_width
    span_h = fr.bottom - fr.top
    xb = text_boxes(ink, (fr.left - 0.1 * W, fr.bottom + lw + 1, fr.right + 0.1 * W, fr.bottom + 0.2 * span_h))
    xb = [b for b in xb if not (b[1] <= fr.bottom + lw + 3 and b[2] - b[0] <= 2 * lw + 2) and b[1] > fr.bottom + lw + 1 and b[2] >= fr.left]
    if not xb:
        return [], None
    top0 = min(b[1] for b in xb)
    first = [b for b in xb if b[1] <= top0 + 0.6 * ch]
    chx = float(np.median([b[3] - b[1] + 1 for b in first]))
    # a decimal point starts low on the line ("1.5"): a small speck inside the first line's band is of it
    low = max(b[3] for b in first)
    first += [b for b in xb if b[1] > top0 + 0.6 * ch and b[3] <= low + 1 and b[3] - b[1] + 1 <= 0.4 * chx]
    return group_words(first, 0.6 * chx), chx


def read_raster(img: np.ndarray, *, x_range=None, y_range=None) -> RasterRead:
    import cv2

    H, W = img.shape[:2]
    hsv = cv2.cvtColor(img, cv2.COLOR_BGR2HSV)
    sat, val = hsv[..., 1].astype(int), hsv[..., 2].astype(int)
    dark = (val < 130) & (sat < 100)
    ink = img.min(axis=2) < 150
    warnings: list[str] = []
    inferred: tuple = ()
    try:
        fr, lines = find_frame_any(val, sat, dark)
    except InputError as exc:
        got = infer_frame(img, val, sat, dark, exc)
        fr, lines, inferred = got.frame, got.lines, got.sources
    lw = fr.line_width
    if _dark_panel(val, sat, fr):
        # text and curves on a dark grey panel: read against the panel, as if it were white
        img = _flattened(img)
        hsv = cv2.cvtColor(img, cv2.COLOR_BGR2HSV)
        sat, val = hsv[..., 1].astype(int), hsv[..., 2].astype(int)
        dark = (val < 130) & (sat < 100)
        ink = img.min(axis=2) < 150

    # -- tick labels -------------------------------------------------------------------------------------------
    ywords, ch, y_found = y_label_words(ink, fr)
    if ywords:
        # thin grey labels broken into specks at the ink threshold: the median box is a speck, no character;
        # the labels' words, joined from their specks, are as high as the characters
        word_h = float(np.median([w[3] - w[1] + 1 for w in ywords]))
        if ch < 0.6 * word_h:
            ch = word_h
    xwords, chx = _x_label_words(ink, fr, W, ch)
    if chx is not None and not y_found:
        ch = max(ch, chx)
    texts = ocr_lines([_crop(img, w) for w in ywords + xwords], digits=True)
    ytext, xtext = texts[:len(ywords)], texts[len(ywords):]

    cx = [(w[0] + w[2]) / 2 for w in xwords]
    cx = _snap(cx, dark, fr.bottom + lw // 2, max(3, lw * 3), "x", max(2, int(0.4 * ch)))
    if x_range is not None:
        # the hint gives the values; the tick labels, where readable, still place the at-risk columns
        ticks: tuple = ((), ())
        try:
            lab_axis = calibrate(cx, [parse_number(t) if parse_number(t) is not None else np.nan for t, _ in xtext],
                                 [t for t, _ in xtext], "x", sign=1)
            ticks = (lab_axis.ticks_px, lab_axis.ticks_value)
        except InputError:
            pass
        b = (x_range[1] - x_range[0]) / max(fr.right - fr.left, 1)
        x_axis = Axis(a=x_range[0] - b * fr.left, b=b, ticks_px=ticks[0], ticks_value=ticks[1], labels=(),
                      confidence=1.0)
    else:
        x_read: Axis | None = None
        try:
            x_read = calibrate(cx, [parse_number(t) if parse_number(t) is not None else np.nan for t, _ in xtext],
                               [t for t, _ in xtext], "x", sign=1)
        except InputError as exc:
            x_err = exc
        for pale in (190, 225):
            if x_read is not None and x_read.confidence >= 0.75:
                break
            # thin grey tick labels break apart at the ink threshold (a "6" read as two specks): read once
            # more with paler ink (and once more, paler still), kept when more labels fit one scale
            xw2, _ = _x_label_words(img.min(axis=2) < pale, fr, W, ch)
            xt2 = ocr_lines([_crop(img, w) for w in xw2], digits=True)
            cx2 = _snap([(w[0] + w[2]) / 2 for w in xw2], dark, fr.bottom + lw // 2, max(3, lw * 3), "x",
                        max(2, int(0.4 * ch)))
            try:
                ax2 = calibrate(cx2, [parse_number(t) if parse_number(t) is not None else np.nan for t, _ in xt2],
                                [t for t, _ in xt2], "x", sign=1)
            except InputError:
                ax2 = None
            if ax2 is not None and (x_read is None or ax2.confidence > x_read.confidence) and ax2.b > 0:
                x_read, xwords = ax2, xw2
        if x_read is None:
            raise x_err
        x_axis = x_read
    if y_range is not None:
        by = (y_range[1] - y_range[0]) / (fr.top - fr.bottom)
        y_axis = Axis(a=y_range[0] - by * fr.bottom, b=by, ticks_px=(), ticks_value=(), labels=(), confidence=1.0)
        if max(abs(y_range[0]), abs(y_range[1])) > 1.5:
            y_axis = Axis(a=y_axis.a / 100, b=y_axis.b / 100, ticks_px=(), ticks_value=(), labels=(),
                          confidence=1.0, percent=True)
    else:
        y_read, y_err = _calibrate_y(ywords, ytext, dark, fr, ch)
        for pale in (190, 225):
            if y_read is not None and y_read.confidence >= 0.75:
                break
            # thin grey tick labels break apart at the ink threshold (each digit in specks): read once more
            # with paler ink (and once more, paler still), kept when more labels fit one scale
            yw2, ch2, _ = y_label_words(img.min(axis=2) < pale, fr)
            ax2, _ = _calibrate_y(yw2, ocr_lines([_crop(img, w) for w in yw2], digits=True), dark, fr, ch2)
            if ax2 is not None and (y_read is None or len(ax2.ticks_value) > len(y_read.ticks_value)):
                # (the height of labels broken into specks is no character height: the labels read whole set
                # it, for the table and legend read with it)
                y_read, ch = ax2, max(ch, ch2)
        yw3, th = y_label_columns(ink, fr)
        if len(yw3) >= 2 and float(np.median([w[3] - w[1] + 1 for w in yw3])) >= 1.3 * th and (
                y_read is None or len(y_read.ticks_value) < len(yw3)):
            # labels written along the axis (turned a quarter, base R's default; words taller than the text is
            # high), which the reading above took apart glyph by glyph: each word of the column read turned
            # upright, reading up the page first (the usual way) and then down it; kept when more labels fit
            for k in (-1, 1):
                yt3 = ocr_lines([np.ascontiguousarray(np.rot90(_crop(img, w), k=k)) for w in yw3], digits=True)
                ax3, _ = _calibrate_y(yw3, yt3, dark, fr, th)
                if ax3 is not None and (y_read is None or len(ax3.ticks_value) > len(y_read.ticks_value)):
                    # (the text height is the column's width: the glyph boxes' heights there are their widths)
                    y_read, ch = ax3, max(ch, th)
                    break
        if y_read is None:
            raise y_err
        y_axis = y_read
        if max(abs(v) for v in y_axis.ticks_value) > 1.5:
            y_axis = Axis(a=y_axis.a / 100, b=y_axis.b / 100, ticks_px=y_axis.ticks_px,
                          ticks_value=tuple(v / 100 for v in y_axis.ticks_value), labels=y_axis.labels,
                          confidence=y_axis.confidence, percent=True)
    for name, ax in (("x", x_axis), ("y", y_axis)):
        if ax.confidence < 0.75:
            warnings.append(f"some {name}-axis tick labels were misread and left out; check the {name} calibration "
                            f"in overlay.png or give --{name}-range A,B")
    if inferred:
        # no axis lines: the plot area is a guess from other evidence, and so is every reading in it
        warnings.append(f"no axis lines found: the plot area was inferred from {' and '.join(inferred)}; check "
                        "the frame in overlay.png, or give --x-range A,B and --y-range A,B (the values at the "
                        "plot area's edges)")
        x_axis = dataclasses.replace(x_axis, confidence=0.8 * x_axis.confidence)
        y_axis = dataclasses.replace(y_axis, confidence=0.8 * y_axis.confidence)
    if not (x_axis.b > 0 and y_axis.b < 0):
        raise InputError("the axis tick labels read do not increase along the axes; give --x-range and --y-range")

    # -- curves ------------------------------------------------------------------------------------------------
    box_top = _has_line(lines, row=fr.top, lo=fr.left, hi=fr.right)
    box_right = _has_line(lines, col=fr.right, lo=fr.top, hi=fr.bottom)
    # (a frame inferred without an x-axis line, from where the grid lines end, has no line at its foot to keep
    # out: its foot row is of the plot, and a curve run down to S = 0 lies along it)
    open_foot = bool(inferred) and not _has_line(lines, row=fr.bottom, lo=fr.left, hi=fr.right)
    area = (fr.left + 1, fr.top + (lw + 1 if box_top else 0), fr.right - (lw + 1 if box_right else -1),
            fr.bottom + 1 if open_foot else fr.bottom - (lw + 1) // 2)
    raw = _curves_in(img, ink, area, ch, lw)
    if not raw:
        raise InputError("no survival curve found inside the plot area")
    def trace(k: int, c: RawCurve) -> tuple:
        """Curve `k`'s times and survival, and its censoring times."""
        lev = c.level.copy()
        others = [o for j, o in enumerate(raw) if j != k]
        unseen = ~np.isfinite(lev)
        if unseen.any():
            runs = np.split(np.flatnonzero(unseen), np.flatnonzero(np.diff(np.flatnonzero(unseen)) > 1) + 1)
            big = max(runs, key=len)
            if len(big) > 0.05 * (fr.right - fr.left):
                a_, b_ = x_axis.value(c.cols[big[0]]), x_axis.value(c.cols[big[-1]])
                warnings.append(f"a curve is hidden from time {a_:.3g} to {b_:.3g} (under another curve, a legend "
                                "or text) and read there by interpolation; check overlay.png")
        lev = _fill_hidden(c.cols, lev, others, hold=4 * lw + 6 if c.dashed else 0,
                           vertical=c.vertical if c.vertical.size == lev.size else None)
        cols, lev = _prepend_start(c.cols, lev, others, x_axis, y_axis)
        t = x_axis.value(cols)
        s = np.clip(y_axis.value(lev), 0.0, 1.0)
        s = np.minimum.accumulate(s)
        return (t, s), [float(x_axis.value(x)) for x in c.censor_cols]

    series, censors = [], []
    for k, c in enumerate(raw):
        ser, cen = trace(k, c)
        series.append(ser)
        censors.append(cen)

    # -- at-risk table and legend ------------------------------------------------------------------------------
    x_label_bottom = max((w[3] for w in xwords), default=fr.bottom + lw)
    rows = _read_table_twice(img, ink, fr, x_axis, x_label_bottom, ch, warnings, tuple(raw))
    if not rows:
        # no table under the plot: the rows may be printed inside it, under S = 0; curves are traced above
        inside = read_inplot_rows(img, fr, x_axis, y_axis, ch, warnings,
                                  functools.partial(_read_table_twice, curves=tuple(raw)))
        if inside is not None and inside[1] < area[3]:
            rows, area = inside[0], (area[0], area[1], area[2], inside[1])
            raw = _curves_in(img, ink, area, ch, lw) or raw
            series, censors = [list(v) for v in zip(*(trace(k, c) for k, c in enumerate(raw)))]
    legend, legend_conf = _read_legend(img, ink, raw, fr, ch, rows)
    if len(rows) >= 2 and len(raw) > len(rows):
        keep = _curves_for_rows(raw, series, rows, legend)
        dropped = len(raw) - len(keep)
        warnings.append(f"{dropped} extra curve-like trace(s) without an at-risk row were left out (CI band edges "
                        "or lines of mixed colour); check overlay.png")
        raw, series, censors = [raw[i] for i in keep], [series[i] for i in keep], [censors[i] for i in keep]
        legend, legend_conf = [legend[i] for i in keep], [legend_conf[i] for i in keep]
    named = sum(1 for lab in legend if lab)
    if 2 <= named < len(raw) or 2 <= len(rows) < len(raw):
        # fewer arms named than curves: an unnamed curve whose pieces fill a named one's gaps is that curve,
        # seen in another hue where it crosses a band of another colour
        for j in [j for j in range(len(raw)) if not legend[j]][::-1]:
            for i in range(len(raw)):
                if i != j and legend[i] and join_pieces(raw[i], raw[j], lw):
                    del raw[j], series[j], censors[j], legend[j], legend_conf[j]
                    i = i - (j < i)
                    series[i], censors[i] = trace(i, raw[i])
                    break
    row_of = _match_rows(raw, series, rows, legend, warnings)
    if _percent_table(img, ink, rows, x_label_bottom, ch):
        # the percentages pair rows with curves and name them; the numbers at risk are estimated from them
        row_of = _percent_rows(row_of, series, abs(y_axis.b), warnings)
    else:
        series = _run_on_hidden_ends(series, row_of, x_axis, y_axis, lw, float(x_axis.value(fr.right)))
    text = _plot_text(img, ink, raw, area, ch)
    return RasterRead(frame=fr, x_axis=x_axis, y_axis=y_axis, curves=raw, series=series, censor_times=censors,
                      legend=legend, legend_conf=legend_conf, rows=row_of, warnings=warnings, text_in_plot=text)


def _curves_in(img: np.ndarray, ink: np.ndarray, area: tuple, ch: float, lw: int) -> list:
    """The curves traced in `area` (at most six, the most complete first), statistics printed there left out."""
    classes = pixel_classes(img, area)
    for x0_, y0_, x1_, y1_ in _stat_text(img, ink, area, ch):
        # a statistic printed inside the plot is text, not a curve's dots or dashes
        for cls in classes:
            cls.mask[y0_:y1_ + 1, x0_:x1_ + 1] = False
    raw = extract_curves(classes, area, lw)
    raw.sort(key=lambda c: -c.coverage)
    return raw[:6]


def _dark_panel(val: np.ndarray, sat: np.ndarray, fr: Frame) -> bool:
    """Whether the plot area is a dark grey panel (ggplot2's theme_dark, a grey of value under 160): its
    text and lines are then as dark as the panel at the ink thresholds."""
    inside = (slice(fr.top + 2, max(fr.top + 3, fr.bottom - 1)), slice(fr.left + 2, max(fr.left + 3, fr.right - 1)))
    return float(np.median(val[inside])) < 160 and float(np.median(sat[inside])) < 40


def _flattened(img: np.ndarray) -> np.ndarray:
    """The image divided by its background (the median brightness around each pixel, over a window wider
    than a character): a grey panel turns white, and the text and lines on it as dark against it as on paper."""
    import cv2

    # (a median keeps the panel's edges sharp, where a maximum would spill the white page over them; text
    # covers less than half of any window of the size)
    k = max(31, (min(img.shape[:2]) // 40) | 1)
    bg = cv2.medianBlur(np.ascontiguousarray(img.max(axis=2)), k)
    return np.clip(img.astype(float) * 255.0 / np.maximum(bg, 1)[..., None], 0, 255).astype(np.uint8)


def _run_on_hidden_ends(series: list, row_of: list, x_axis: Axis, y_axis: Axis, lw: int, t_right: float) -> list:
    """Curves read up to where they pass under another curve, run on to where their at-risk rows say they end.

    A curve whose last column seen is followed, within a few columns and a line's width of its level, by
    another curve is hidden under it (two tails at one level, one drawn over the other): it runs on along that
    curve (no higher than its own last level), as far as that curve goes but not past the first at-risk time
    at which its row counts no one (its last subject left before then). Whether hidden or not, a curve is
    read at least up to the last at-risk time at which its row counts someone (n(t) counts those followed to
    t or longer), held at its last level where no curve explains it. Series without a row are left as read.
    """
    dt, ds = abs(float(x_axis.b)), (lw + 1) * abs(float(y_axis.b))
    out = list(series)
    for i, (t, s) in enumerate(series):
        r = row_of[i] if i < len(row_of) else None
        if r is None or t.size == 0 or len(r.times) != len(r.counts) or not r.counts:
            continue
        times, counts = np.asarray(r.times, float), np.asarray(r.counts, float)
        t_end, s_end = float(t[-1]), float(s[-1])
        alive = times[(counts > 0) & (times <= t_right + 0.5 * dt)]
        need = float(alive.max()) if alive.size else t_end
        gone = times[(counts == 0) & (times > t_end)]
        stop = min(float(gone.min()) if gone.size else t_right, t_right)
        ext_t: list = []
        ext_s: list = []
        for j, (to, so) in enumerate(series):
            if j == i or to.size == 0 or to[-1] <= t_end + dt:
                continue
            k = int(np.searchsorted(to, t_end + 0.5 * dt))
            if k >= to.size or to[k] > t_end + 3.5 * dt or abs(float(so[k]) - s_end) > ds:
                continue
            sel = (to > t_end) & (to <= stop)
            if sel.any() and (not ext_t or float(to[sel][-1]) > ext_t[-1]):
                ext_t, ext_s = [float(v) for v in to[sel]], [float(v) for v in np.minimum(so[sel], s_end)]
        last = ext_t[-1] if ext_t else t_end
        if need > last + dt:
            hold = np.arange(last + dt, need + 0.5 * dt, dt)
            ext_s += [ext_s[-1] if ext_s else s_end] * hold.size
            ext_t += [float(v) for v in hold]
        if ext_t:
            out[i] = (np.concatenate([t, ext_t]), np.minimum.accumulate(np.concatenate([s, ext_s])))
    return out


def _calibrate_y(ywords, ytext, dark, fr: Frame, ch: float) -> tuple[Axis | None, InputError]:
    """The y calibration from the label words and their readings (None and the error when none fits)."""
    lw = fr.line_width
    cy = _snap([(w[1] + w[3]) / 2 for w in ywords], dark, fr.left - lw // 2, max(3, lw * 3), "y",
               max(2, int(0.4 * ch)))
    vals = [parse_number(t) for t, _ in ytext]
    try:
        ax = calibrate(cy, [v if v is not None else np.nan for v in vals], [t for t, _ in ytext], "y", sign=-1)
    except InputError as exc:
        return None, exc
    return ax, InputError("the y tick labels could not be read; give the axis range with --y-range A,B")


def _fill_hidden(cols, lev, others, hold: int = 0, vertical=None):
    """Columns where a curve is unseen are where another curve is drawn over it: take that curve's level when
    it lies between the levels on either side; else hold the level (the drop shows where the curve reappears)."""
    lev = lev.copy()
    bad = np.flatnonzero(~np.isfinite(lev))
    if bad.size == 0:
        return lev
    groups = np.split(bad, np.flatnonzero(np.diff(bad) > 1) + 1)
    for g in groups:
        a, b = g[0] - 1, g[-1] + 1
        left = lev[a] if a >= 0 else np.nan
        right = lev[b] if b < lev.size else np.nan
        for j in g:
            c = cols[j]
            cand = np.nan
            for o in others:
                i = c - o.cols[0]
                if 0 <= i < o.level.size and np.isfinite(o.level[i]):
                    v = o.level[i]
                    lo = left if np.isfinite(left) else -np.inf
                    hi = right if np.isfinite(right) else np.inf
                    if lo - 2 <= v <= hi + 2:
                        cand = v
            lev[j] = cand
    if hold > 0:
        # a short stretch no curve explains is a gap between the dashes or dots of the curve's own line: next
        # to a drop's stroke, a step curve does not slope across it but holds the level on the gap's far side
        # from the stroke (other gaps are bridged by a line, as longer ones)
        bad = np.flatnonzero(~np.isfinite(lev))
        for g in (np.split(bad, np.flatnonzero(np.diff(bad) > 1) + 1) if bad.size else []):
            if len(g) <= hold and g[0] > 0 and g[-1] + 1 < lev.size and np.isfinite(lev[g[0] - 1]) \
                    and np.isfinite(lev[g[-1] + 1]):
                # next to a drop's stroke, the level on the stroke's far side holds up to it
                if vertical is not None and vertical[g[-1] + 1]:
                    lev[g] = lev[g[0] - 1]
                elif vertical is not None and vertical[g[0] - 1]:
                    lev[g] = lev[g[-1] + 1]
    ok = np.isfinite(lev)
    if ok.any():
        # a stretch no curve explains (a legend box or text drawn over the curve) is bridged by a straight line
        # between the levels either side; after the last seen column the level is held
        x = np.arange(lev.size)
        lev = np.interp(x, x[ok], lev[ok])
    return lev


def _prepend_start(cols, lev, others, x_axis, y_axis):
    """Every KM curve starts at S = 1 at time 0: the columns from time 0 to the first seen column take another
    curve's level where it lies between 1 and the first level seen (the curve is hidden under it)."""
    c0 = int(round(float(x_axis.pixel(0.0))))
    if cols[0] <= c0 + 1:
        return cols, lev
    top = float(y_axis.pixel(1.0))
    extra_c = np.arange(c0, cols[0])
    extra = np.full(extra_c.size, top)
    for j, c in enumerate(extra_c):
        for o in others:
            i = c - o.cols[0]
            if 0 <= i < o.level.size and np.isfinite(o.level[i]) and top - 2 <= o.level[i] <= lev[0] + 2:
                extra[j] = o.level[i]
    extra = np.maximum.accumulate(extra)
    return np.concatenate([extra_c, cols]), np.concatenate([np.minimum(extra, lev[0]), lev])


def _lines(ink: np.ndarray, y0: int, y1: int, x0: int, x1: int, min_h: int):
    prof = ink[y0:y1, x0:x1].any(axis=1)
    d = np.diff(np.concatenate([[0], prof.astype(np.int8), [0]]))
    st, en = np.flatnonzero(d == 1), np.flatnonzero(d == -1)
    return [(int(a) + y0, int(b) - 1 + y0) for a, b in zip(st, en) if b - a >= min_h]


def _offset_lines(ink: np.ndarray, lines: list, t_first: float, spacing: float, W: int, ch: float) -> dict:
    """Blocks of rows whose later columns sit half a line off the first column and the labels (lifelines
    prints each arm's block so): their lines interleave and join into one band several lines high that no
    gap splits. Seen apart, the first column (with the labels) and the later columns each break into lines;
    the later columns' lines, in order, belong to the last lines of the first column (its top lines are the
    arm's name, over the block). Band -> [(top, bottom, glyph boxes)]: the first column's lines, each with
    its glyphs and those of its later-column line."""
    xs = int(t_first + 0.5 * spacing)
    out: dict = {}
    for a, b in lines:
        if b - a + 1 < 2.2 * ch:
            continue
        left = _lines(ink, a, b + 1, 0, xs, max(3, int(0.5 * ch)))
        right = _lines(ink, a, b + 1, xs, W, max(3, int(0.5 * ch)))
        if len(right) < 2 or len(left) < len(right) or any(y1 - y0 + 1 >= (b - a + 1) / 2
                                                                   for y0, y1 in left + right):
            continue
        pairs = list(zip(left[len(left) - len(right):], right))
        pitch = (b - a + 1) / len(left)
        # each later-column line lies within a line's pitch of its partner, all on the same side of it
        shift = [(r0 + r1) / 2 - (l0 + l1) / 2 for (l0, l1), (r0, r1) in pairs]
        if max(abs(d) for d in shift) > pitch or not (all(d > 0 for d in shift) or all(d < 0 for d in shift)):
            continue
        got = [(l0, l1, text_boxes(ink, (0, l0, xs, l1 + 1))) for l0, l1 in left[:len(left) - len(right)]]
        for (l0, l1), (r0, r1) in pairs:
            got.append((l0, l1, text_boxes(ink, (0, l0, xs, l1 + 1)) + text_boxes(ink, (xs, r0, W, r1 + 1))))
        out[(a, b)] = got
    return out


def _split_tall(ink: np.ndarray, lines: list, x0: int, x1: int, ch: float) -> list:
    """Lines of text two rows high split where they nearly break: a title reaching into the counts' columns
    ("Treatment + drug" over its block) whose descenders touch the next row's digits (JPEG halos join them)
    is its own line, above the row."""
    out = []
    for a, b in lines:
        h = b - a + 1
        if h < 2.2 * ch:
            out.append((a, b))
            continue
        prof = ink[a:b + 1, x0:x1].sum(axis=1)
        lo, hi = int(round(0.8 * ch)), h - int(round(0.8 * ch))
        if hi <= lo:
            out.append((a, b))
            continue
        m = lo + int(np.argmin(prof[lo:hi]))
        if prof[m] > max(2.0, 0.05 * float(prof.max())):
            out.append((a, b))
            continue
        out.extend(_split_tall(ink, [(a, a + m - 1), (a + m + 1, b)], x0, x1, ch))
    return out


# a count, with the events in parentheses after it ("123 (45)"; the closing parenthesis may be lost)
_CELL = re.compile(r"^\s*(\d+)\s*(?:\(\s*(\d+)\s*\)?)?\s*$")
_GRID_DASH = re.compile(r"(\d)\s*[-\u2013\u2014_~=.,:]+\s*\(")


def _read_table_twice(img, ink, fr: Frame, x_axis: Axis, y_start: int, ch: float, warnings,
                      curves: tuple = ()) -> list[TableRow]:
    """The table read at the ink threshold of the axis labels; when a row comes out short or breaks the
    order, read again with paler ink (light coloured numbers break apart at the first threshold, while the
    grey halos of JPEG text join letters at the second) and the reading keeping more cells is taken. When
    fewer rows than curves are found and a curve is drawn paler than that (light grey), its row, printed in
    its colour, is looked for once more with ink just darker than the palest curve."""
    notes: list[str] = []
    rows = _read_table(img, ink, fr, x_axis, y_start, ch, notes)
    use_img, use_ink = img, ink
    longest = max((len(r.counts) for r in rows), default=0)
    # (and when a single row is read for several curves: digits printed in a curve's colour, thin at a low
    # resolution, fade under the first threshold even where the curve's thicker line does not)
    single = len(rows) == 1 < len(curves)
    # (a note that the table prints other counts under each arm says how the rows were read, not that one was
    # misread: it is no reason for a second read, which costs a figure's table a third of its reading time)
    misread = [n for n in notes if n != _OTHER_COUNTS_NOTE]
    if misread or any(len(r.counts) < longest for r in rows) or single:
        notes2: list[str] = []
        rows2 = _read_table(img, img.min(axis=2) < 190, fr, x_axis, y_start, ch, notes2)
        if len(rows2) >= len(rows) and sum(len(r.counts) for r in rows2) > sum(len(r.counts) for r in rows):
            rows, notes = rows2, notes2
            use_ink = img.min(axis=2) < 190
    palest = max((min(int(v) for v in c.cls.bgr) for c in curves), default=0)
    if rows and len(rows) < len(curves):
        # a row printed paler than every curve was traced (a light dotted curve taken for a darker one's
        # class): a line of pale text among the table's lines that no row read is looked for too
        palest = max(palest, _pale_line(img, rows, x_axis, y_start, ch))
    if len(rows) == 1 and len(curves) <= 1:
        # a single row and a single curve: another arm's row (and its curve) may be printed paler than any
        # curve traced
        palest = max(palest, 210)
    # (thin digits in a curve's colour come out paler than its line: a curve too pale for the first ink
    # threshold may have a row that breaks apart there)
    # (a single row read again with paler ink may come back with a second row short of cells: that row, in a
    # pale curve's colour, is looked for in the stretched image too, and kept there when it has more cells)
    short = single and len(rows) > 1 and any(len(r.counts) < max(len(q.counts) for q in rows) for r in rows)
    if rows and ((len(rows) < len(curves) and palest >= 150) or (len(rows) == 1 and palest > 175)
                 or (short and palest >= 150)):
        notes3: list[str] = []
        # contrast stretched so that the palest curve's colour reads as ink (and its digits read as such)
        m = float(palest - 40)
        pale = np.clip((img.astype(float) - m) * 255.0 / max(250.0 - m, 1.0), 0, 255).astype(np.uint8)
        rows3 = _read_table(pale, pale.min(axis=2) < 150, fr, x_axis, y_start, ch, notes3)
        if (len(rows3) > len(rows) or (short and len(rows3) == len(rows))) \
                and sum(len(r.counts) for r in rows3) > sum(len(r.counts) for r in rows):
            rows, notes = rows3, notes3
            use_img, use_ink = pale, pale.min(axis=2) < 150
            if any(len(r.counts) < max(len(q.counts) for q in rows) for r in rows):
                # a row found so but short of a cell: its thin digits, paler still than the curve, broke apart
                # at that threshold; read once more with paler ink, kept when it has as many rows, more cells
                notes4: list[str] = []
                rows4 = _read_table(pale, pale.min(axis=2) < 190, fr, x_axis, y_start, ch, notes4)
                if len(rows4) >= len(rows) and sum(len(r.counts) for r in rows4) > sum(len(r.counts) for r in rows):
                    rows, notes = rows4, notes4
                    use_ink = pale.min(axis=2) < 190
    if rows and _ruled(use_img, x_axis, y_start, ch):
        # a grid whose thin rules run on through the rows (joining a row's cells into one word, crossing its
        # digits): read again without the rules, kept when as many rows come back with more cells, or as many
        # cells with fewer out of order, or read with more confidence
        notes5: list[str] = []
        rows5 = _read_table(use_img, use_ink, fr, x_axis, y_start, ch, notes5, rules=True)
        n, n5 = sum(len(r.counts) for r in rows), sum(len(r.counts) for r in rows5)
        c, c5 = (float(np.mean([r.confidence for r in rs])) if rs else 0.0 for rs in (rows, rows5))
        if len(rows5) >= len(rows) and (n5 > n or (n5 == n and (len(notes5), -c5) < (len(notes), -c))):
            rows, notes = rows5, notes5
    warnings.extend(notes)
    return rows


_PERCENT_HEAD = re.compile(r"(?i)percent|proportion|%")


def _percent_table(img, ink, rows: list, y_start: float, ch: float) -> bool:
    """Whether the table prints the percentage of each arm still at risk (survminer's risk.table =
    "percentage") rather than counts: every row starts at 100 at time 0 and never exceeds it, and either
    several arms do so (arms of exactly 100 each are rare) or a title line above the rows says percent."""
    if not rows or not all(r.times and r.times[0] == 0 and r.counts[0] == 100 and max(r.counts) <= 100
                           for r in rows):
        return False
    if len(rows) >= 2:
        return True
    top = int(min(r.y for r in rows) - ch)
    H, W = ink.shape
    heads = [ln for ln in _lines(ink, int(y_start) + 2, max(int(y_start) + 3, top), 0, W, max(3, int(0.5 * ch)))
             if ln[1] - ln[0] <= 3 * ch][-2:]
    if not heads:
        return False
    texts = ocr_lines([img[a:b + 1] for a, b in heads], digits=False)
    return any(_PERCENT_HEAD.search(t) for t, _ in texts)


def _percent_rows(rows: list, series: list, per_px: float, warnings) -> list:
    """Rows of percentages at risk turned into numbers at risk: each arm's size estimated from its curve's
    steps and its percentages (:func:`._percent.counts_from_percent`), with a warning naming the sizes."""
    from ._percent import counts_from_percent

    out, sizes = [], []
    for r, (t, s) in zip(rows, series):
        if r is None or not r.times:
            out.append(r)
            continue
        n0, counts = counts_from_percent(t, s, r.times, r.counts, per_px)
        sizes.append(f"{r.label or 'arm'} {n0}")
        out.append(TableRow(y=r.y, times=list(r.times), counts=counts, events=[], label=r.label, hue=r.hue,
                            confidence=0.5 * r.confidence, boxes=r.boxes, percent=list(r.counts)))
    warnings.append("the at-risk table prints percentages of each arm (they start at 100), not numbers at risk: "
                    "the numbers at risk were estimated from them with arm sizes estimated from the curves' steps "
                    f"({', '.join(sizes)}); give each arm's size with --n ARM=N if it is known")
    return out


def _read_table(img, ink, fr: Frame, x_axis: Axis, y_start: int, ch: float, warnings, *,
                rules: bool = False) -> list[TableRow]:
    """The rows of the at-risk table under the plot. With `rules`, thin grid rules drawn through the rows
    (a theme's grid continued under the plot) are taken out of the ink and of the crops first, except where
    they cross a glyph."""
    H, W = ink.shape
    ticks_v = np.asarray(x_axis.ticks_value, float)
    if ticks_v.size < 2:
        return []
    # every tick of the regular spacing, also those whose label was not read
    step = float(np.median(np.diff(np.sort(ticks_v))))
    regular = False
    if step > 0:
        # (tick labels read past the frame found say the frame ends further right)
        lo, hi = float(x_axis.value(fr.left)), max(float(x_axis.value(fr.right)), float(np.max(ticks_v)))
        # a tick on the frame edge may fall a few pixels outside the frame found
        k0, k1 = int(np.ceil(lo / step - 0.1)), int(np.floor(hi / step + 0.1))
        if 0 < k1 - k0 < 60:
            ticks_v = np.round(np.arange(k0, k1 + 1) * step, 10)
            regular = True
    ticks_px = x_axis.pixel(ticks_v)
    spacing = float(np.median(np.diff(np.sort(ticks_px))))
    import cv2

    vert = cv2.morphologyEx(ink.astype(np.uint8), cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(5, int(2.5 * ch))))).astype(bool)
    # (a rule crossed by the grid's vertical lines is one rule: found before they are taken out)
    horiz = _thin_rules(ink, spacing, ch) & ~vert if rules else np.zeros_like(ink)
    ink = ink & ~vert
    horiz, crossed = _through_text(horiz, ink & ~horiz, ch)
    ink = ink & ~(horiz & ~crossed)
    t_first = float(np.min(ticks_px))
    # rows are found where the counts are (a rotated axis title left of the labels would join the rows into
    # one); text lines left of them that touch no row are kept too (an arm's name over its block of rows)
    x_cells = int(max(0.0, t_first - 0.5 * spacing))
    lines = _split_tall(ink, _lines(ink, int(y_start) + 2, H, x_cells, W, max(3, int(0.5 * ch))), x_cells, W, ch)
    lines += [ln for ln in _lines(ink, int(y_start) + 2, H, 0, W, max(3, int(0.5 * ch)))
              if not any(ln[0] <= b2 and a2 <= ln[1] for a2, b2 in lines)]
    lines.sort()
    near_left = abs(t_first - fr.left) <= 0.3 * spacing
    cand = []
    cut_cells: set = set()  # (candidate row, tick) of cells cut from a word of touching cells
    heads = []  # lines of text only (left of the plot): the arm names over blocks of rows
    offset = _offset_lines(ink, lines, t_first, spacing, W, ch)
    lines = [ln for ln in lines if ln not in offset]
    line_boxes = [(a, b, text_boxes(ink, (0, a, W, b + 1))) for (a, b) in lines if b - a <= 3 * ch]
    line_boxes = sorted(line_boxes + [x for v in offset.values() for x in v], key=lambda x: x[0])
    spread = _spread_columns(line_boxes, ticks_px, spacing, fr) if regular and ticks_v.size >= 3 else None
    if spread is not None:
        # a column per tick, spread evenly across the plot's width (a table drawn in the axes' width,
        # matplotlib's ax.table): column k holds the count at tick k, centred in its column, not on the tick
        ticks_px, spacing = spread, float(spread[1] - spread[0])
        t_first = float(ticks_px[0])
        near_left = False
    per = _columns_per_tick(line_boxes, ticks_px, spacing) if regular and ticks_v.size < 30 and spread is None else 1
    if per > 1 and per * (ticks_v.size - 1) < 60:
        # the table prints columns between the ticks read (halfway: the labels of the ticks between were left
        # out as misread; at every tick mark of an axis that labels only some of them, as R does where the
        # labels would overlap): the columns are at that part of the step
        ticks_v = np.round(np.arange(per * (ticks_v.size - 1) + 1) * (step / per) + ticks_v[0], 10)
        ticks_px = x_axis.pixel(ticks_v)
        spacing = spacing / per
    if regular:
        # cells in two rows or more a step past the last tick: the frame found ends short of the table's last
        # column (or its tick label went unread)
        while ticks_v.size < 60 and _cells_at(line_boxes, float(ticks_px[-1]) + spacing, spacing) >= 2:
            ticks_v = np.append(ticks_v, round(float(ticks_v[-1]) + float(ticks_v[1] - ticks_v[0]), 10))
            ticks_px = x_axis.pixel(ticks_v)
    right_off = _right_aligned(line_boxes, ticks_px, spacing, ch)
    for (a, b, boxes) in line_boxes:
        # row labels end well left of the y-axis; a count under the first tick straddles it
        left_edge = fr.left - 1.6 * ch
        gap = 0.45 * (b - a + 1)
        if not near_left:
            cut = None
        elif right_off is not None:
            # counts printed flush right at their ticks: the first one may touch its row's label ("At risk 140")
            cut = _first_cell_left_flush(boxes, t_first + right_off, gap, ch)
        else:
            cut = _first_cell_left(boxes, t_first, spacing, gap, b - a + 1)
        if cut is not None:
            # a count centred on the first tick reaches as far left of it as right: what lies further left is
            # the row label, however close
            left_edge = cut
        lab_boxes = sorted(x for x in boxes if x[2] < left_edge)
        # a tick mark of the table's own y-axis ends the label: a flat dash after the last letter, and the
        # slivers of the axis line itself where it crosses the row (what of it was not left out as a long line)
        while len(lab_boxes) > 1 and (_is_dash(lab_boxes[-1], b - a + 1) or _line_sliver(lab_boxes[-1], vert, fr.line_width)):
            lab_boxes.pop()
        # tick marks and specks (much lower than the digits) are not part of a count
        # (the pieces of a pale digit broken apart at the ink threshold, one above the other, are one glyph)
        # (only pieces too low for a digit are joined, and kept beside another digit of the same number:
        # whole glyphs stay as they are, and specks elsewhere stay out)
        tall_boxes = [x for x in boxes if x[2] >= left_edge and x[3] - x[1] >= 0.4 * (b - a)]
        joined = [x for x in _stacked_pieces([x for x in boxes if x[2] >= left_edge and x[3] - x[1] < 0.4 * (b - a)])
                  if x[3] - x[1] >= 0.4 * (b - a) and x[0] > left_edge + gap]
        # (a joined glyph's pieces are narrower than the glyph, whose pale edges fell under the threshold: the
        # space beside it looks wider than between whole glyphs, up to half a gap more)
        joined = [x for x in joined if any(0 <= t[0] - x[2] <= 1.5 * gap or 0 <= x[0] - t[2] <= 1.5 * gap
                                           for t in tall_boxes + [j for j in joined if j is not x])]
        num_boxes = sorted(tall_boxes + joined)
        # a label's last letters may reach past left_edge: they join the label while they touch it
        # (a space between a label's words can be wider than the gap between a number's digits)
        while cut is None and lab_boxes and num_boxes and num_boxes[0][0] - max(x[2] for x in lab_boxes) < max(1.6 * gap, ch) \
                and (num_boxes[0][0] + num_boxes[0][2]) / 2 < fr.left - 0.3 * ch:
            lab_boxes.append(num_boxes.pop(0))
        # (a tick mark taken up that way, in pieces where the axis line through it was left out, ends it too)
        while len(lab_boxes) > 1 and (_is_dash(lab_boxes[-1], b - a + 1) or _line_sliver(lab_boxes[-1], vert, fr.line_width)):
            lab_boxes.pop()
        left_edge = max((x[2] for x in lab_boxes), default=left_edge) + 0.5
        whole = group_words(num_boxes, gap)
        split = _split_wide(whole, num_boxes, ticks_px, spacing, centred=right_off is None)
        # the runs cut from a word of touching cells: each a cell, centred on its tick, which may be wider
        # than the spacing
        cut_runs = set(split) - set(whole)
        words = group_words(lab_boxes, gap) + split
        nums: dict[int, list] = {}
        labs: list = []
        for w in words:
            cx = (w[0] + w[2]) / 2
            if w[2] <= left_edge:
                labs.append(w)
                continue
            if right_off is not None:
                cx = w[2] - right_off
            k = int(np.argmin(np.abs(ticks_px - cx)))
            # a part of a cell ("24" of "24 (104)") sits off the tick, but within the tick's half of the spacing
            if abs(ticks_px[k] - cx) <= 0.45 * spacing and ((w[2] - w[0]) < spacing or w in cut_runs):
                nums.setdefault(k, []).append(w)
        labs = _label_words(labs, ch)
        # a rotated strata title left of the labels ("Group" on its side) crosses the rows' bands: its piece in
        # this band runs on above or below it, which no letter of the label does
        while len(labs) > 1 and _crosses_band(ink, labs[0], a, b):
            labs.pop(0)
        if len(nums) >= 2:
            cand.append((a, b, nums, labs))
            cut_cells.update((len(cand) - 1, k) for k, ws in nums.items() if any(w in cut_runs for w in ws))
        elif labs and not nums:
            heads.append((a, b, labs))
        elif right_off is not None and not any(x[0] > t_first + 0.5 * spacing for x in boxes):
            # a title line flush right at the first tick ("Control" over its rows) is not a count
            heads.append((a, b, _label_words(group_words(sorted(boxes), gap), ch)))
    if not cand:
        return []
    crops, keys = [], []
    # the table's own vertical lines (its y-axis line beside the first cell, a grid line through a cell) are
    # read as a "1" or "|" in a cell's crop: they are left out of the crops
    lined = img
    if rules:
        lined = _without_rules(img, spacing, ch)
    elif vert.any():
        lined = img.copy()
        lined[cv2.dilate(vert.astype(np.uint8), np.ones((1, 3), np.uint8)).astype(bool)] = 255
    for i, (a, b, nums, labs) in enumerate(cand):
        for k, ws in nums.items():
            box = (min(w[0] for w in ws), a, max(w[2] for w in ws), b)
            if any(w[1] < a or w[3] > b for w in ws):  # a cell of a line set half a line off its label's
                box = (box[0], min(w[1] for w in ws), box[2], max(w[3] for w in ws))
            crop = _crop(lined, box, 3)
            if (i, k) in cut_cells:
                # the margin of a cell cut from touching cells holds the edges of its neighbours' glyphs (a
                # closing parenthesis read as "1"): only the cell's own columns are read
                crop = crop.copy()
                x_lo = box[0] - max(0, box[0] - 3)
                crop[:, :max(0, x_lo - 1)] = 255
                crop[:, x_lo + (box[2] - box[0]) + 2:] = 255
            crops.append(crop)
            keys.append((i, k, box))
    texts = _reread_unparsed(crops, keys, ocr_lines(crops, digits=True))
    lab_crops, lab_keys = [], []
    label_box: dict[int, tuple] = {}
    pale_ink = img.min(axis=2) < 225
    for i, (a, b, nums, labs) in enumerate(cand):
        labs = _pale_label(pale_ink, a, b, min(w[0] for ws in nums.values() for w in ws), labs, ch)
        labs = _without_key_lead(img, labs)
        if labs:
            if _specks(labs, float(np.median([w[3] - w[1] + 1 for ws in nums.values() for w in ws]))):
                labs = []
        if labs:
            box = (min(w[0] for w in labs), a, max(w[2] for w in labs), b)
            box = _without_tick_dash(ink, box, vert)
            lab_crops.append(_darkened(_crop(img, box, 3)))
            lab_keys.append(i)
            label_box[i] = box
    lab_texts = dict(zip(lab_keys, [_clean_label(t) for t, _ in ocr_lines(lab_crops, digits=False)])) \
        if lab_crops else {}
    rows: list[TableRow] = []
    for i, (a, b, nums, labs) in enumerate(cand):
        cells = {}
        confs = []
        hues = []
        cell_box = {}
        for (ii, k, box), (t, c) in zip(keys, texts):
            if ii != i:
                continue
            m = _parse_cell(t)
            if m is not None:
                cells[k] = m
                cell_box[k] = box
                confs.append(c)
            hue = _hue_of(img, box)
            if hue is not None:
                hues.append(hue)
        if len(cells) < 2:
            continue
        ks = sorted(cells)
        counts = [cells[k][0] for k in ks]
        times = [float(ticks_v[k]) for k in ks]
        if _tick_labels(counts, times):
            continue  # the x tick labels of the table's own axis
        hue = float(np.median(hues)) if len(hues) >= max(1, len(ks) // 2) else None
        if hue is None and i in label_box:  # counts printed in grey beside a label printed in its arm's colour
            hue = _label_hue(img, label_box[i])
        ev = [cells[k][1] for k in ks]
        rows.append(TableRow(y=(a + b) / 2, times=times, counts=counts,
                             events=ev if all(e is not None for e in ev) else [], label=lab_texts.get(i, "").strip(),
                             hue=hue, confidence=float(np.mean(confs)) / 100 if confs else 0.0,
                             boxes=[cell_box[k] for k in ks]))
    rows = _risk_rows_only(img, rows, heads, ch, warnings)
    _reread_cells(img, [r for r in rows if any(b > a for a, b in zip(r.counts, r.counts[1:]))])
    for r in rows:
        if any(b > a for a, b in zip(r.counts, r.counts[1:])):
            warnings.append(f"the at-risk row '{r.label or r.counts[0]}' read as {r.counts} increases; the cells "
                            "that break the order are left out (give the arm size with --n ARM=N if the first is wrong)")
            keep = non_increasing(r.counts)
            r.times = [r.times[j] for j in keep]
            r.counts = [r.counts[j] for j in keep]
            r.events = [r.events[j] for j in keep] if r.events else []
            r.boxes = [r.boxes[j] for j in keep] if r.boxes else []
    return rows


_MAX_KEY_PIECES = 400  # strokes of one colour that could be legend keys (the test figures have at most 47)


_OTHER_ROW = re.compile(r"(?i)^\W*(no\.?\s*(of\s*)?|number\s*(of\s*)?|n\s*)?(censor\w*|events?|deaths?|died|"
                        r"cum\w*\s*events?|progress\w*)\W*$")
_EVENTS_ROW = re.compile(r"(?i)^\W*(no\.?\s*(of\s*)?|number\s*(of\s*)?|n\s*)?(events?|deaths?|died|cum\w*\s*events?)\W*$")
_RISK_ROW = re.compile(r"(?i)^\W*(no\.?\s*|number\s*)?at\s*risk\W*$")


def _pale_line(img: np.ndarray, rows: list, x_axis: Axis | None, y_start: int, ch: float) -> int:
    """How pale (min over channels, 0-255) the ink of a line of text under the plot is, a line no row was read
    from, as high as a row and in the rows' columns, printed paler than the first ink threshold (its darkest
    pixels above 150) and not background (below 235); a little more than its darkest pixels, so that a
    stretch of the image to it makes its glyphs ink. 0 when there is none (or no calibrated x-axis)."""
    H, W = img.shape[:2]
    if x_axis is None:
        return 0
    ticks = np.sort(x_axis.pixel(np.asarray(x_axis.ticks_value, float)))
    if ticks.size < 2 or not rows:
        return 0
    x0 = int(max(0.0, ticks[0] - 0.5 * (ticks[1] - ticks[0])))
    x1 = int(min(W, ticks[-1] + 0.5 * (ticks[1] - ticks[0])))
    m = img[:, x0:x1].min(axis=2)
    pale = m < 235
    h = [b[3] - b[1] + 1 for r in rows for b in r.boxes]
    row_h = float(np.median(h)) if h else ch
    out = 0
    for a, b in _lines(pale, int(y_start) + 2, H, 0, x1 - x0, max(3, int(0.5 * ch))):
        if b - a + 1 > 1.6 * row_h or b - a + 1 < 0.6 * row_h or any(a <= r.y <= b for r in rows):
            continue
        ink = m[a:b + 1][pale[a:b + 1]]
        cols = np.flatnonzero(pale[a:b + 1].any(axis=0))
        if ink.size < 20 or cols.size == 0 or cols[-1] - cols[0] < 2 * (ticks[1] - ticks[0]):
            continue
        dark = int(np.percentile(ink, 2))
        if 150 <= dark < 235:
            out = max(out, min(dark + 20, 235))
    return out


def _ruled(img: np.ndarray, x_axis: Axis | None, y_start: int, ch: float) -> bool:
    """Whether thin horizontal rules run through text under the plot (a grid drawn on through the table); no
    calibrated x-axis, no ticks to test the rules against: no."""
    if x_axis is None:
        return False
    ticks = np.sort(x_axis.pixel(np.asarray(x_axis.ticks_value, float)))
    if ticks.size < 2:
        return False
    below = img[int(y_start) + 2:]
    if below.shape[0] < 3:
        return False
    light = below.min(axis=2) < 235
    return bool(_through_text(_thin_rules(light, float(np.median(np.diff(ticks))), ch), light, ch)[0].any())


def _without_rules(img: np.ndarray, spacing: float, ch: float) -> np.ndarray:
    """The image with the rules of a grid drawn through the table whitened, however light their grey: long
    vertical lines, and thin horizontal rules that run through text. The pixels where a rule crosses a glyph
    stay (else a digit cut through its middle reads as two, or not at all), and so do coloured pixels on a
    rule: a rule is grey, and where it runs along a stroke of a coloured digit the colour is the digit's."""
    import cv2

    light = img.min(axis=2) < 235
    l_vert = cv2.morphologyEx(light.astype(np.uint8), cv2.MORPH_OPEN,
                              cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(5, int(2.5 * ch))))).astype(bool)
    l_vert = cv2.dilate(l_vert.astype(np.uint8), np.ones((1, 3), np.uint8)).astype(bool)
    l_horiz = _through_text(_thin_rules(light, spacing, ch), light & ~l_vert, ch)[0]
    if not (l_vert.any() or l_horiz.any()):
        return img
    l_horiz = cv2.dilate(l_horiz.astype(np.uint8), np.ones((3, 1), np.uint8)).astype(bool)
    glyphs = light & ~l_vert & ~l_horiz
    sat = cv2.cvtColor(img, cv2.COLOR_BGR2HSV)[:, :, 1] > 80
    out = img.copy()
    out[((l_vert & ~_crossed(glyphs, l_vert, ch, vertical=True))
         | (l_horiz & ~_crossed(glyphs, l_horiz, ch, vertical=False))) & ~sat] = 255
    return out


def _thin_rules(ink: np.ndarray, spacing: float, ch: float) -> np.ndarray:
    """The pixels of thin horizontal rules through an at-risk table (a grid line of the plot's theme drawn
    through each row, a rule between rows): ink runs longer than one and a half column steps and thinner than
    a third of a character, which no count is. A rule through a row joins its cells into one word."""
    import cv2

    length = max(5, int(1.5 * spacing))
    if length >= ink.shape[1]:
        return np.zeros_like(ink)
    runs = cv2.morphologyEx(ink.astype(np.uint8), cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    t = max(2, int(round(ch / 3)))
    thick = cv2.morphologyEx(runs, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, t + 1)))
    return runs.astype(bool) & ~thick.astype(bool)


def _through_text(rules: np.ndarray, glyphs: np.ndarray, ch: float) -> tuple[np.ndarray, np.ndarray]:
    """The horizontal rules that run through a line of text (ink on both sides of the rule in three columns or
    more), and the pixels where they cross it. A border of the table's box or a rule between rows crosses
    nothing and is left as it is. (An axis line whose tick marks meet a vertical grid line is crossed too:
    rules are taken out only in a second reading of the table, kept when it reads more cells.)"""
    import cv2

    crossed = _crossed(glyphs, rules, ch, vertical=False)
    if not rules.any():
        return rules, crossed
    n, lab = cv2.connectedComponents(rules.astype(np.uint8), connectivity=8)
    hits = np.bincount(lab[crossed], minlength=n)
    keep = hits >= 3
    keep[0] = False
    out = keep[lab]
    return out, crossed & out


def _crossed(glyphs: np.ndarray, rule: np.ndarray, ch: float, *, vertical: bool) -> np.ndarray:
    """The pixels of a rule where it crosses a glyph: ink of `glyphs` on both sides of the rule, within a
    third of a character and the rule's width, in the same column (a horizontal rule) or row (a vertical
    one). They are the glyph's, and stay."""
    if not rule.any():
        return np.zeros_like(rule)
    t = max(2, int(round(ch / 3))) + 2
    g = glyphs if not vertical else glyphs.T
    r = rule if not vertical else rule.T
    before = np.zeros_like(g)
    after = np.zeros_like(g)
    for d in range(1, t + 1):
        before[d:] |= g[:-d]
        after[:-d] |= g[d:]
    out = r & before & after
    return out if not vertical else out.T


def _tick_labels(counts: list, times: list) -> bool:
    """Whether a row of numbers is the x tick labels of the table's own axis: every number is its column's
    time, though misread labels ("70" read as "0") may break a few. Counts at risk never increase while the
    times do, so a row of counts equals its times in one cell at most (three are not a misread row)."""
    same = sum(abs(cnt - tv) < 1e-9 for cnt, tv in zip(counts, times))
    return same == len(counts) or (same >= 3 and 2 * same >= len(counts))


def _risk_rows_only(img, rows: list, heads: list, ch: float, warnings) -> list:
    """Tables printing several rows per arm (at risk, censored, events): only the rows labelled "at risk" are
    kept, each named by the text line above its block (the arm's name), with the events row of its block as
    its cumulative events."""
    kinds = ["other" if _OTHER_ROW.match(r.label) else "risk" if _RISK_ROW.match(r.label) else "" for r in rows]
    if "other" not in kinds and "risk" not in kinds:
        return rows
    keep = [r for r, k in zip(rows, kinds) if k != "other"]
    generic = [r for r, k in zip(rows, kinds) if k == "risk"]
    # an events row under an at-risk row (the same arm's block) gives its cumulative events, as "n (events)"
    # cells do, where it has a cell at every time of the at-risk row
    for r, k in zip(rows, kinds):
        if k != "other" or not _EVENTS_ROW.match(r.label):
            continue
        above = [g for g in generic if g.y < r.y <= g.y + 6 * ch]
        if above:
            g = max(above, key=lambda g: g.y)
            at = dict(zip(r.times, r.counts))
            if not g.events and all(t in at for t in g.times):
                g.events = [at[t] for t in g.times]
    if generic and heads:
        crops = [_crop(img, (min(w[0] for w in labs), a, max(w[2] for w in labs), b), 3) for a, b, labs in heads]
        names = [t.strip() for t, _ in ocr_lines(crops, digits=False)]
        for r in generic:
            above = [(r.y - (a + b) / 2, nm) for (a, b, _), nm in zip(heads, names)
                     if (a + b) / 2 < r.y and nm and not _RISK_ROW.match(nm)]
            if above:
                d, nm = min(above)
                if d <= 4 * ch:
                    r.label = nm
    if "other" in kinds:
        warnings.append(_OTHER_COUNTS_NOTE)
    return keep


_OTHER_COUNTS_NOTE = ("the at-risk table prints other counts (censored, events) under each arm; the rows labelled "
                      "at risk were used as numbers at risk and those of events as cumulative events (check the "
                      "arm names, or give --arms A,B,...)")


def _clean_label(text: str) -> str:
    """An arm label as read: a lone vertical bar is the letter I ("Group |" is "Group I"); a lone capital read
    again as its small letter ("Cc": a thin anti-aliased glyph taken for two) is the capital; a line-type key or a
    speck read before the name ("~~ Placebo") is not part of it."""
    text = re.sub(r"(?<=\s)\|(?=\s|$)", "I", text.strip())
    text = re.sub(r"^[~_=\-|\u00b7\u2022'\"`]+\s+(?=\w)", "", text)
    m = re.fullmatch(r"([A-Z])([a-z])", text)
    if m and m.group(1).lower() == m.group(2):
        text = m.group(1)
    # a Roman numeral after a word ("Stage III", "Grade II") whose capital I was read as a small l ("Stage Ill",
    # "Stage Il", "Stage lV"): a word of only I, V, X and l, with an l, is the numeral
    text = re.sub(r"(?<=[A-Za-z]\s)[IVXl]*l[IVXl]*(?=\s|$)", lambda w: w.group(0).replace("l", "I"), text)
    return text


_AS_DIGIT = {"O": "0", "o": "0", "I": "1", "l": "1", "i": "1", "|": "1"}


def _harmonize_labels(labels: list) -> list:
    """Labels of one figure read alike, in the pattern the others share at their start and at their end."""
    return _harmonize_last_word(_harmonize_prefix(labels))


def _harmonize_prefix(labels: list) -> list:
    """Labels of one figure read alike: they name the arms in one pattern ("Arm A", "Arm B"; "N0", "N1-3",
    "N4+"), so a label that breaks the pattern the others share right after their common prefix is read in
    it: a space the others have there and OCR dropped ("ArmA"), a digit the others have there read as the
    letter it resembles ("NO", "Nl")."""
    idx = [i for i, t in enumerate(labels) if t]
    if len(idx) < 2:
        return list(labels)
    out = list(labels)
    pre = len(_common_prefix([labels[i] for i in idx]))
    if pre == 0 or not any(ch.isalpha() for ch in labels[idx[0]][:pre]):
        return out
    for i in idx:
        t = labels[i]
        others = [labels[j] for j in idx if j != i]
        if len(t) <= pre or any(len(o) <= pre for o in others):
            continue
        nxt, rest = t[pre], t[pre + 1:]
        if t[pre - 1].isalpha() and nxt != " " and (nxt.isupper() or nxt.isdigit()) \
                and all(o[pre] == " " for o in others):
            out[i] = t[:pre] + " " + t[pre:]
        elif nxt in _AS_DIGIT and all(o[pre].isdigit() or o[pre] in _AS_DIGIT for o in others) \
                and any(o[pre].isdigit() for o in others) and not rest[:1].islower():
            out[i] = t[:pre] + _AS_DIGIT[nxt] + rest
    return out


def _harmonize_last_word(labels: list) -> list:
    """Labels that name the arms by what comes first and share their last word ("10 mg", "20 mg", "40 mg";
    "Low dose", "High dose"): a label whose last word differs from the word all the others (two at least)
    end with by one letter of the same length ("20 ma", OCR reading g as a) is read with that word."""
    idx = [i for i, t in enumerate(labels) if t and len(t.split()) >= 2]
    out = list(labels)
    if len(idx) < 3:
        return out
    for i in idx:
        others = [labels[j].split() for j in idx if j != i]
        last = {o[-1] for o in others}
        if len(last) != 1:
            continue
        word = last.pop()
        mine = labels[i].split()[-1]
        if len(word) < 2 or not word.isalpha() or len(mine) != len(word) or mine == word:
            continue
        if sum(a != b for a, b in zip(mine, word)) == 1 and len({" ".join(o[:-1]) for o in others}) == len(others):
            out[i] = labels[i][:len(labels[i]) - len(mine)] + word
    return out


def _common_prefix(texts: list) -> str:
    first, last = min(texts), max(texts)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]


def _split_wide(words: list, boxes: list, ticks_px: np.ndarray, spacing: float, centred: bool = True) -> list:
    """Counts printed so wide that neighbouring cells touch ("2251 (366)1682 (374)") join into one word: a word
    wider than a cell can be is split into runs of glyphs, one per tick, where each run is best centred on its
    tick (the cells are centred on them; a cell wider than the spacing reaches past the halfway point, so
    its outer glyphs are nearer the next tick)."""
    ticks = np.sort(np.asarray(ticks_px, float))
    mids = (ticks[:-1] + ticks[1:]) / 2

    def crosses(w) -> bool:
        # a word reaching over the halfway point between two ticks holds glyphs of both cells ("(15)70" of
        # "81 (15)70 (26)"): centred cells narrower than the spacing never do
        return centred and bool(np.any((w[0] < mids - 2) & (w[2] > mids + 2)))

    # (touching cells run on along the row: two words at least reach over a halfway point, where a title's
    # word may do so once)
    if all((w[2] - w[0]) < spacing for w in words) and sum(crosses(w) for w in words) < 2:
        return list(words)
    # the space inside a cell ("68 (14)") can be as wide as the gap between two cells, so a word of touching
    # cells may begin or end inside a cell: the whole row's glyphs are cut, not each word's
    out = []
    for bs in _centred_runs(sorted(boxes), ticks_px):
        out.append((min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs)))
    return out


def _centred_runs(glyphs: list, ticks_px: np.ndarray) -> list:
    """The glyphs (left to right) cut into runs, each given to a tick, ticks in order (a tick may get none),
    that minimize the summed distance of each run's centre from its tick."""
    n = len(glyphs)
    ticks = np.sort(np.asarray(ticks_px, float))
    if n == 0 or ticks.size == 0:
        return [glyphs] if glyphs else []
    T = ticks.size
    spacing = float(np.median(np.diff(ticks))) if T >= 2 else 1.0
    x0 = np.array([g[0] for g in glyphs], float)
    x1 = np.maximum.accumulate(np.array([g[2] for g in glyphs], float))
    inf = np.inf
    # best[i, j]: glyphs[:i] given to ticks[:j + 1]; upto[i, j] = min over ticks <= j
    best = np.full((n + 1, T), inf)
    back = np.zeros((n + 1, T), int)
    upto = np.full((n + 1, T), inf)
    upto_arg = np.zeros((n + 1, T), int)
    upto[0, :] = 0.0
    upto_arg[0, :] = -1
    for i in range(1, n + 1):
        for j in range(T):
            prev = upto[:i, j - 1] if j > 0 else np.where(np.arange(i) == 0, 0.0, inf)
            lefts = x0[:i]
            # a run reaching over another tick holds that tick's cell too: as costly as a cell a spacing off
            inside = np.searchsorted(ticks, x1[i - 1], side="right") - np.searchsorted(ticks, lefts, side="left")
            inside = inside - ((lefts <= ticks[j]) & (ticks[j] <= x1[i - 1]))
            cost = prev + np.abs((lefts + x1[i - 1]) / 2 - ticks[j]) + spacing * np.maximum(inside, 0)
            p = int(np.argmin(cost))
            best[i, j], back[i, j] = float(cost[p]), p
            if j == 0 or best[i, j] < upto[i, j - 1]:
                upto[i, j], upto_arg[i, j] = best[i, j], j
            else:
                upto[i, j], upto_arg[i, j] = upto[i, j - 1], upto_arg[i, j - 1]
    runs = []
    i, j = n, int(upto_arg[n, T - 1])
    while i > 0 and j >= 0:
        p = int(back[i, j])
        runs.append(glyphs[p:i])
        i = p
        j = int(upto_arg[i, j - 1]) if (i > 0 and j > 0) else -1
    return runs[::-1]


def _label_words(words: list, ch: float) -> list:
    """The words of a row label: those running up to the last one without a wide gap (a letter of a rotated
    axis title further left is not part of it). The gap scales with the label's own letters too: a
    monospace face spaces its words a whole advance apart, wider than the tick digits that set ``ch``."""
    words = sorted(words)
    keep = words[-1:]
    for w in reversed(words[:-1]):
        if keep[0][0] - w[2] > max(1.5 * ch, 1.3 * (keep[0][3] - keep[0][1] + 1)):
            break
        keep.insert(0, w)
    # a letter of a rotated axis title close beside the label lies on its side: at most a character and a half
    # wide, lower than wide and lower than a character (a letter or digit of a label stands upright)
    while len(keep) >= 2 and _lying_glyph(keep[0], ch):
        keep.pop(0)
    return keep


def _word_hue(img: np.ndarray, w, min_sat: int = 90) -> float | None:
    """The hue of a word's ink (its pixels darker than halfway from its darkest to white), or None when that
    ink is grey or black (under a third of it saturated over ``min_sat`` of 255)."""
    import cv2

    sub = img[w[1]:w[3] + 1, w[0]:w[2] + 1].reshape(-1, 3)
    if sub.size == 0:
        return None
    level = sub.min(axis=1)
    inked = sub[level <= (int(level.min()) + 255) // 2]
    hsv = cv2.cvtColor(inked.reshape(-1, 1, 3).astype(np.uint8), cv2.COLOR_BGR2HSV).reshape(-1, 3).astype(int)
    sel = (hsv[:, 1] > min_sat) & (hsv[:, 2] > 60)
    if sel.sum() < max(4, 0.3 * len(hsv)):
        return None
    h = hsv[sel, 0] * (np.pi / 90.0)
    return float((np.arctan2(np.sin(h).mean(), np.cos(h).mean()) * 90.0 / np.pi) % 180) * 2.0


def _without_key_lead(img: np.ndarray, labs: list) -> list:
    """A row label's words without what stands before its name and is not of it: a line-type key drawn
    before the name (a flat stroke, at most half as high as the name's letters and over twice as wide as
    high), or a glyph printed in another colour than the name (a key of the arm's colour before a black name;
    a piece of a black rotated title beside a coloured name). The name's last word (not a speck) sets its
    colour."""
    if len(labs) < 2:
        return labs
    labs = sorted(labs)
    tall = max(w[3] - w[1] + 1 for w in labs)
    # (specks, the dot of an "i" split from its letter, neither set the name's colour nor are cut for theirs)
    big = [i for i, w in enumerate(labs) if max(w[3] - w[1], w[2] - w[0]) + 1 >= 0.5 * tall]
    if len(big) < 2:
        return labs
    last_hue = _word_hue(img, labs[big[-1]])
    cut = 0
    for i in big[:-1]:
        w = labs[i]
        h, wd = w[3] - w[1] + 1, w[2] - w[0] + 1
        hue = _word_hue(img, w)
        flat = h <= 0.5 * tall and wd >= 2.0 * h
        a, b = hue, last_hue
        if (a is None) != (b is None):
            # a muted colour (a greyish purple, saturation about 80 of 255) reads coloured in a long word and
            # grey in a short one: both words are read again with a low saturation floor (black and grey ink
            # still has none) before they are called of two colours
            a, b = _word_hue(img, w, 40), _word_hue(img, labs[big[-1]], 40)
        other = (a is None) != (b is None) or (a is not None and b is not None and _hue_dist(a, b) > 40)
        if flat or other:
            cut = i + 1
    return labs[cut:]


def _specks(labs: list, digit_h: float) -> bool:
    """Whether a row label's words are only specks (left of a table without row labels, one coloured per
    arm): a label's glyphs reach most of the counts' height ``digit_h``, or it is wider than a digit is
    high."""
    return bool(labs) and max(w[3] for w in labs) - min(w[1] for w in labs) + 1 < 0.7 * digit_h \
        and max(w[2] for w in labs) - min(w[0] for w in labs) + 1 < 0.6 * digit_h


def _without_tick_dash(ink: np.ndarray, box: tuple, lines: np.ndarray | None = None) -> tuple:
    """A row label's box without a tick mark of the table's axis after it: the columns at its right end whose
    ink is a flat run of at most a fifth of the label's height about its middle row (a letter's foot lies
    on the baseline, a tick points at the row's middle), set apart from the label by a gap and running into
    the axis line (inked in the box the band's whole height, or in ``lines``, the vertical lines taken out of
    ``ink``). The arm of a "+" ends the label without a gap; a label's own trailing minus stops short of the
    axis line."""
    x0, y0, x1, y1 = box
    h = y1 - y0 + 1
    sub = ink[y0:y1 + 1, x0:x1 + 1]
    if sub.size == 0 or h < 5:
        return box
    mid_lo, mid_hi = 0.3 * h, 0.7 * h
    x = sub.shape[1] - 1
    dash = line = full = 0  # dash: the tick's columns left of the axis line (it may poke 2 px past it)
    poke = 0
    while x > 0:
        rows = np.flatnonzero(sub[:, x])
        if (rows.size >= 0.8 * h or rows.size == 0) and dash == 0 and line < 4:
            # the axis line itself, inked the band's whole height (or taken out of the ink), crosses the dash
            line += 1
            full += rows.size >= 0.8 * h
        elif 0 < rows.size <= max(2, 0.2 * h) and rows[0] >= mid_lo and rows[-1] <= mid_hi:
            if line == 0 and poke < 2:
                poke += 1
            else:
                dash += 1
        else:
            break
        x -= 1
    if dash < 3 or x <= 0 or sub[:, x].any():
        return box  # no dash, or one joined to the label's last glyph (the arm of a "+")
    if not full:
        right = x1 + 1 + 3
        if lines is None or not lines[y0:y1 + 1, max(0, x1 - line - 1):right].any():
            return box  # a flat stroke short of the axis line is the label's own
    # the label's own right end: the last column left of the dash with ink
    while x > 0 and not sub[:, x].any():
        x -= 1
    return (x0, y0, x0 + x, y1)


def _darkened(crop: np.ndarray) -> np.ndarray:
    """A crop of text printed pale (three quarters of its ink lighter than 150: a very light grey label) with its
    contrast stretched, that ink's dark end black and the white kept white: OCR reads such faint glyphs as
    specks or not at all. (A dark speck, a piece of a rotated title beside the label, does not set the
    level.) Darker text is returned as it is. Ink is what is darker than the paper: white, or the tint of a
    panel drawn on grey (the level of the crop's margin, around the text), which is stretched to white with
    the rest, not taken for ink and blackened."""
    rim = np.concatenate([crop[0].ravel(), crop[-1].ravel(), crop[:, 0].ravel(), crop[:, -1].ravel()])
    paper = float(np.median(rim))
    paper = 255.0 if paper >= 245 else paper
    inked = crop[crop < paper - 10]
    if inked.size == 0:
        return crop
    lo = int(np.percentile(inked, 25))
    if lo <= 150:
        return crop
    return np.clip((crop.astype(float) - lo) * 255.0 / (paper - lo), 0, 255).astype(np.uint8)


def _pale_label(pale: np.ndarray, a: int, b: int, right: int, labs: list, ch: float) -> list:
    """The words of a row label printed paler than the counts (survminer colours each label like its arm's
    curve: a light grey label falls below the ink threshold of the digits, and the only ink left of the
    cells may be a piece of a rotated title). Taken from paler ink left of the first cell, without specks,
    tick dashes and glyphs running on past the band; used when they reach over a character further than
    the label read at the first threshold."""
    h = b - a + 1
    # (paler ink up to a third of the line's height left of the first cell is that count's own blurred edge: a
    # label ends a space before its counts)
    boxes = [x for x in text_boxes(pale, (0, a, right - 1, b + 1))
             if (x[3] - x[1] + 1 > 0.25 * h or x[2] - x[0] + 1 > 0.25 * h) and x[2] < right - h / 3]
    lw0, lh0 = (labs[0][2] - labs[0][0] + 1, labs[0][3] - labs[0][1] + 1) if len(labs) == 1 else (0, 0)
    if len(labs) == 1 and lw0 <= 1.8 * ch and not (min(lw0, lh0) <= 2 and max(lw0, lh0) < ch):
        # one glyph alone at the first threshold, with paler ink running on past it: a letter of a rotated title
        # beside the pale label (a label is printed in one colour), which joins none of its words; a sliver
        # (at most 2 px across, shorter than a character: the darkest stroke of a pale label's own
        # letter, as JPEG leaves it) is no such letter
        rest = [x for x in boxes if not _overlaps(x, labs[0])]
        if any(x[0] > labs[0][2] + ch for x in rest):
            boxes = rest
    # (a tick dash comes out thicker in paler ink)
    while boxes and _is_dash(max(boxes, key=lambda x: x[2]), int(1.4 * h)):
        boxes.remove(max(boxes, key=lambda x: x[2]))
    words = [w for w in group_words(sorted(boxes), 0.45 * h) if not _crosses_band(pale, w, a, b)]
    if not words:
        return labs
    words = _label_words(words, ch)
    width = words[-1][2] - words[0][0] + 1
    if labs and width <= max(w[2] for w in labs) - min(w[0] for w in labs) + 1 + ch:
        return labs
    return words


def _lying_glyph(w, ch: float) -> bool:
    wd, ht = w[2] - w[0] + 1, w[3] - w[1] + 1
    return wd <= 1.8 * ch and ht <= 0.8 * wd and ht <= 0.9 * ch


def _crosses_band(ink: np.ndarray, w, a: int, b: int) -> bool:
    """Whether the ink of word ``w`` runs on far past the text line's band [a, b] (a glyph of a rotated title
    cut by the band): from the band's edge, over most of a band's height above or below it (the letters of
    a rotated word follow each other with small gaps), further than any ascender or descender reaches past
    the digits that set the band."""
    H = ink.shape[0]
    x0, x1 = int(w[0]), int(w[2]) + 1
    h = b - a + 1
    cols = np.asarray(ink[:, x0:x1].any(axis=1), bool)
    up = a - h >= 0 and bool(cols[a - 1]) and float(cols[a - h:a].mean()) >= 0.6
    down = b + h < H and bool(cols[b + 1]) and float(cols[b + 1:b + 1 + h].mean()) >= 0.6
    return up or down


def _line_sliver(box, vert: np.ndarray, lw: int) -> bool:
    """A piece of one of the table's vertical lines (its y-axis) where it crosses a row: no wider than the
    line, and the line's long run, taken out of the ink, goes on right above or below it (a letter I or l
    stands alone)."""
    x0, y0, x1, y1 = box
    if x1 - x0 + 1 > lw + 1:
        return False
    cols = vert[:, max(0, x0 - 1):x1 + 2]
    return bool(cols[max(0, y0 - 3):y0].any() or cols[y1 + 1:y1 + 4].any())


def _is_dash(box, height: int) -> bool:
    """A flat stroke: at most a quarter of the line high and wider than high."""
    h = box[3] - box[1] + 1
    return h <= 0.25 * height and (box[2] - box[0] + 1) >= 1.3 * h


def _cells_at(line_boxes: list, px: float, spacing: float) -> int:
    """How many text lines have a word (narrower than a column) centred or ending at ``px``."""
    n = 0
    for a, b, boxes in line_boxes:
        near = [x for x in boxes if px - 0.6 * spacing < x[0] and x[2] < px + 0.6 * spacing]
        for w in group_words(near, 0.45 * (b - a + 1)):
            if w[2] - w[0] < 0.7 * spacing and min(abs((w[0] + w[2]) / 2 - px), abs(w[2] - px)) <= 0.1 * spacing:
                n += 1
                break
    return n


def _columns_between_ticks(line_boxes: list, ticks_px: np.ndarray, spacing: float) -> bool:
    """Whether the table's rows have their cells as often halfway between the ticks as at them (centred or
    flush right), in two rows or more: its columns are then at half the tick step."""
    if ticks_px.size < 3:
        return False
    ticks = np.sort(ticks_px)
    mids = (ticks[:-1] + ticks[1:]) / 2
    lo = float(ticks[0]) + 0.25 * spacing
    rows = 0
    for a, b, boxes in line_boxes:
        at_tick, at_mid = set(), set()
        for w in group_words([x for x in boxes if x[0] > lo], 0.45 * (b - a + 1)):
            if w[2] - w[0] >= 0.7 * spacing:
                continue
            for pos in ((w[0] + w[2]) / 2, w[2]):
                kt, km = int(np.argmin(np.abs(ticks - pos))), int(np.argmin(np.abs(mids - pos)))
                if abs(ticks[kt] - pos) <= 0.1 * spacing:
                    at_tick.add(kt)
                elif abs(mids[km] - pos) <= 0.1 * spacing:
                    at_mid.add(km)
        # the columns halfway: (nearly) every gap between two ticks that have a cell has one too
        rows += len(at_mid) >= 2 and len(at_tick) >= 2 and len(at_mid) >= len(at_tick) - 1
    return rows >= 2


def _spread_columns(line_boxes: list, ticks_px: np.ndarray, spacing: float, fr: Frame) -> np.ndarray | None:
    """The centres of a table's columns when it has one column per tick spread evenly over the plot's width
    (column k of n centred at left + (k + 1/2) * width / n) rather than centred on the ticks: in two rows or
    more, the cells sit at all but one of those centres and at fewer of the ticks. None otherwise."""
    n = ticks_px.size
    w = (fr.right - fr.left) / n
    if w <= 0:
        return None
    centres = fr.left + (np.arange(n) + 0.5) * w
    ticks = np.sort(ticks_px)
    rows = 0
    for a, b, boxes in line_boxes:
        at_col, at_tick = set(), set()
        for word in group_words([x for x in boxes if x[0] >= fr.left], 0.45 * (b - a + 1)):
            if word[2] - word[0] >= 0.8 * min(w, spacing):
                continue
            cx = (word[0] + word[2]) / 2
            kc, kt = int(np.argmin(np.abs(centres - cx))), int(np.argmin(np.abs(ticks - cx)))
            if abs(centres[kc] - cx) <= 0.1 * w:
                at_col.add(kc)
            if abs(ticks[kt] - cx) <= 0.1 * spacing:
                at_tick.add(kt)
        rows += len(at_col) >= max(3, n - 1) and len(at_col) > len(at_tick) + 1
    return centres if rows >= 2 else None


def _columns_per_tick(line_boxes: list, ticks_px: np.ndarray, spacing: float) -> int:
    """How many columns the table prints per step of the ticks read: 2 when its cells sit halfway between the
    ticks as often as at them (:func:`_columns_between_ticks`); 3 to 5 when, in two rows or more, nearly every
    place a third (a quarter, a fifth) of the step apart between two ticks with cells holds a cell too (an
    axis that labels only every third tick mark, the table a count at each); else 1. Cells wide enough to
    touch their neighbours are not judged (they join into one word). (Columns a quarter of the step apart
    hold cells halfway too: the finer parts are tried first.)"""
    if ticks_px.size < 3:
        return 1
    ticks = np.sort(ticks_px)
    lo = float(ticks[0]) + 0.25 * spacing
    for per in (3, 4, 5):
        sub_sp = spacing / per
        grid = float(ticks[0]) + np.arange(per * (ticks.size - 1) + 1) * sub_sp
        rows = 0
        for a, b, boxes in line_boxes:
            at_tick: set[int] = set()
            at_sub: set[int] = set()
            for w in group_words([x for x in boxes if x[0] > lo], 0.45 * (b - a + 1)):
                if w[2] - w[0] >= 0.8 * sub_sp:
                    continue
                pos = (w[0] + w[2]) / 2
                j = int(np.argmin(np.abs(grid - pos)))
                if abs(grid[j] - pos) <= 0.15 * sub_sp:
                    (at_tick if j % per == 0 else at_sub).add(j)
            rows += len(at_tick) >= 2 and len(at_sub) >= max(2, (per - 1) * (len(at_tick) - 1))
        if rows >= 2:
            return per
    return 2 if _columns_between_ticks(line_boxes, ticks_px, spacing) else 1


def _right_aligned(line_boxes: list, ticks_px: np.ndarray, spacing: float, ch: float) -> float | None:
    """How far right of its tick a count ends when the table prints its counts flush right at the ticks
    (lifelines), or None when they are centred on them. Judged from the cells after the first tick: flush
    right, their right ends sit at one offset whatever their width, while their centres move with it."""
    if ticks_px.size < 2:
        return None
    lo = float(np.min(ticks_px)) + 0.5 * spacing
    r_off, c_off = [], []
    for a, b, boxes in line_boxes:
        gap = 0.45 * (b - a + 1)
        for w in group_words([x for x in boxes if x[0] > lo], gap):
            if w[2] - w[0] >= 0.8 * spacing:
                continue
            cx = (w[0] + w[2]) / 2
            k = int(np.argmin(np.abs(ticks_px - cx)))
            if abs(ticks_px[k] - cx) <= 0.45 * spacing:
                r_off.append(w[2] - ticks_px[k])
                c_off.append(cx - ticks_px[k])
    if len(r_off) < 4:
        return None
    r, c = np.asarray(r_off), np.asarray(c_off)
    med = float(np.median(r))
    # flush right: the right ends agree to a pixel or two while the centres spread with the widths (cells all
    # of one width cannot tell, and are taken as centred). The right ends to two pixels at least, as the
    # digits of a proportional serif font end a pixel apart at their right sides ("0" and "1") and JPEG blurs
    # another; centred cells' centres agree to the pixel, whatever their glyphs (a side bearing moves both ends)
    tol = max(1.5, 0.12 * ch)
    near_r = float(np.mean(np.abs(r - med) <= max(tol, 2.0)))
    near_c = float(np.mean(np.abs(c - np.median(c)) <= tol))
    if abs(med) <= 0.5 * ch and near_r >= 0.7 and near_r >= near_c + 0.2:
        return med
    return None


def _first_cell_left_flush(boxes, right: float, gap: float, ch: float) -> float | None:
    """The left end of a count printed flush right at ``right``: the box ending there and the boxes left of it
    closer than ``gap`` (the digits of one number); what lies further left is the row label. None when no
    box ends there."""
    ends = [x for x in boxes if abs(x[2] - right) <= 0.35 * ch]
    if not ends:
        return None
    left = min(x[0] for x in ends)
    for x in sorted(boxes, key=lambda x: -x[2]):
        if x[2] < left and left - x[2] <= gap:
            left = min(left, x[0])
    return left - 0.5


def _first_cell_left(boxes, tick: float, spacing: float, gap: float, height: int) -> float | None:
    """The left end of a count printed centred on ``tick``, mirrored from its right end: the chain of boxes
    that reaches the tick (to within half a character) and runs right with gaps below ``gap``. None when no
    box is there."""
    step = 0.7 * height  # narrow digits ("1") sit apart in their cells; a space is narrower than this
    chain = [x for x in boxes if x[0] <= tick + 0.5 * step and x[2] >= tick - 0.5 * step]
    if not chain:
        # the middle character of a centred cell may be its space ("430 (0)", seven characters): glyphs on
        # both sides of the tick, each within a character of it, are the cell's
        chain = [x for x in boxes if 0 <= x[0] - tick <= step]
        if not chain or not any(0 <= tick - x[2] <= step for x in boxes):
            return None
    right = max(x[2] for x in chain)
    for x in sorted(boxes):
        if right < x[0] <= right + step and x[0] < tick + 0.4 * spacing:
            right = max(right, x[2])
    return 2 * tick - right - 0.5 * gap


def _stacked_pieces(boxes: list) -> list:
    """Boxes whose columns overlap joined into one: the pieces of a glyph broken apart at the ink threshold
    (the bars and bowl of a thin pale "5", "3" or "2") lie one above the other; the glyphs of a number lie side
    by side. A joined glyph is kept whole, as tall as its pieces together (each piece alone is too low to be
    taken for a digit)."""
    out = [list(x) for x in sorted(boxes)]
    merged = True
    while merged:
        merged = False
        for i in range(len(out)):
            for j in range(i + 1, len(out)):
                a, c = out[i], out[j]
                # columns overlapping over most of the narrower piece (neighbouring digits touch at most)
                ov = min(a[2], c[2]) - max(a[0], c[0]) + 1
                if ov >= 0.5 * min(a[2] - a[0] + 1, c[2] - c[0] + 1) and (a[1] > c[3] or c[1] > a[3]):
                    out[i] = [min(a[0], c[0]), min(a[1], c[1]), max(a[2], c[2]), max(a[3], c[3])]
                    del out[j]
                    merged = True
                    break
            if merged:
                break
    return [tuple(x) for x in out]


_MAX_REREAD = 12  # unreadable cells of a table's rows read again alone


def _reread_unparsed(crops: list, keys: list, texts: list) -> list:
    """Cells of a row of counts that read as no number (a lone "0" read as "()" on the page of all cells) are
    read again alone in single-line mode at two scales; a reading is taken when it is a count that keeps the
    row's order with the cells read on either side. Only rows with two counts read at least are rows of the
    table (the axis title's words under the tick labels are not read again), or rows with one count read whose
    other cells are each one slim glyph (a serif "1" the page of all cells misses), whose cells are read once
    more with a white margin. The bounds come from the first reading, so each try reads all the cells still
    unread in one Tesseract run."""
    import cv2

    texts = list(texts)
    parsed = [_parse_cell(t) for t, _ in texts]
    by_row: dict = {}
    for j, (i, k, _) in enumerate(keys):
        by_row.setdefault(i, []).append(j)

    def slim(j: int) -> bool:  # a cell of one slim glyph (a "1"), at most half as wide as it is tall
        box = keys[j][2]
        return len(box) == 4 and box[2] - box[0] + 1 <= 0.5 * (box[3] - box[1] + 1)

    lone = {i for i, js in by_row.items() if sum(parsed[j] is not None for j in js) == 1
            and all(slim(q) for q in js if parsed[q] is None)}
    todo = [j for i, js in by_row.items() if sum(parsed[j] is not None for j in js) >= 2 or i in lone
            for j in js if parsed[j] is None][:_MAX_REREAD]
    bounds = {}
    for j in todo:
        i, k, _ = keys[j]
        row = sorted((keys[q][1], parsed[q][0]) for q in by_row[i] if parsed[q] is not None)
        bounds[j] = (max((n for kk, n in row if kk > k), default=-1), min((n for kk, n in row if kk < k), default=np.inf))

    def margin(j: int):
        # a lone slim glyph gives the OCR too little page to find a line on: read once more with a margin
        # (only in such a row: in a row of counts read, its slim cells are seldom found so)
        h = crops[j].shape[0]
        return cv2.copyMakeBorder(crops[j], h // 2, h // 2, h, h, cv2.BORDER_CONSTANT, value=(255, 255, 255))

    unread = todo
    for height, framed in ((40, False), (56, False), (40, True)):
        if framed:
            unread = todo
            todo = [j for j in todo if keys[j][0] in lone]
        if not todo:
            continue
        left = []
        batch = [margin(j) if framed else crops[j] for j in todo]
        for j, (t, c) in zip(todo, ocr_singles(batch, digits=True, line_height=height)):
            got = _parse_cell(t)
            lo, hi = bounds[j]
            if got is not None and lo <= got[0] <= hi:
                texts[j] = (t, c)
            else:
                left.append(j)
        todo = left
    for j in unread:
        # still a count followed by empty parentheses ("167()": the events' glyph, a round "0" in a geometric
        # font, lost between them at every scale): the count is kept, in the row's order, its events unread
        m = _EMPTY_EVENTS.match(texts[j][0])
        lo, hi = bounds[j]
        if m is not None and lo <= int(m.group(1)) <= hi:
            texts[j] = (m.group(1), texts[j][1])
    return texts


_EMPTY_EVENTS = re.compile(r"^\s*(\d+)\s*\(\s*\)\s*$")


def _parse_cell(text: str):
    """(count, events or None) from a cell's text ("123", "123 (45)"), or None."""
    t = text.strip().lstrip("-._,").rstrip("-._,")
    # a grid line drawn through the row reads as a dash in the space between the count and its events
    # ("3-(3)"): a count is never negative, so a dash there is no sign
    t = _GRID_DASH.sub(r"\1 (", t)
    m = _CELL.match(t.replace(" ", "") if "(" not in t else t)
    if not m:
        return None
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None


def non_increasing(counts: list) -> list[int]:
    """Indices of the longest run of counts, in order, that never increases (the first such run when several
    are as long): the cells of an at-risk row that agree with each other."""
    n = len(counts)
    best = [1] * n
    prev = [-1] * n
    for j in range(n):
        for i in range(j):
            if counts[i] >= counts[j] and best[i] + 1 > best[j]:
                best[j], prev[j] = best[i] + 1, i
    if not n:
        return []
    j = int(np.argmax(best))
    out = []
    while j >= 0:
        out.append(j)
        j = prev[j]
    return out[::-1]


def _reread_cells(img, rows: list) -> None:
    """Cells on either side of a rise in an at-risk row are read again, one at a time in single-line mode at
    two other scales; a new reading is taken when it removes the rise. The first cell that needs a scale has
    it read for all the cells from there on, of this row and the rows after it, in one Tesseract run (a fix
    changes its neighbours' bounds, so which cells are taken is still decided one at a time)."""
    cells = [(r, j) for r in rows if r.boxes
             for j in sorted({j for i in range(len(r.counts) - 1) if r.counts[i + 1] > r.counts[i]
                              for j in (i, i + 1)})[:6]]
    reads: dict = {}
    for n, (r, j) in enumerate(cells):
        lo = r.counts[j + 1] if j + 1 < len(r.counts) else -1
        hi = r.counts[j - 1] if j > 0 else np.inf
        if lo <= r.counts[j] <= hi:
            continue
        for height in (56, 28):
            if n not in reads.get(height, {}):
                rest = range(n, len(cells))
                reads[height] = dict(zip(rest, ocr_singles([_crop(img, cells[q][0].boxes[cells[q][1]], 3)
                                                            for q in rest], digits=True, line_height=height)))
            t, _ = reads[height][n]
            got = _parse_cell(t)
            if got is not None and lo <= got[0] <= hi:
                r.counts[j] = got[0]
                if r.events and got[1] is not None:
                    r.events[j] = got[1]
                break


def _read_legend(img, ink, raw: list, fr: Frame, ch: float, rows) -> tuple[list, list]:
    """Legend keys: short strokes of a curve's colour (and line style) with text right after them.

    ``rows`` (the at-risk rows) is updated in place: a row that is a legend's line read as counts is
    removed, and a row labelled by a bar of a curve's colour takes that colour's hue."""
    import cv2

    H, W = ink.shape
    pale = img.min(axis=2) < 225  # paler ink: light grey keys and text
    keys = []  # (curve index, box)
    period: dict = {}  # (curve index, box) of a dashed key: the longest step from one of its pieces to the next
    for k, c in enumerate(raw):
        m = c.cls.mask.copy()
        ox, oy = c.offset
        m[oy:oy + c.mask.shape[0], ox:ox + c.mask.shape[1]] &= ~c.mask
        n, lab, st, _ = cv2.connectedComponentsWithStats(m.astype(np.uint8), connectivity=8)
        pieces = []
        dots = []  # specks as small as a dotted curve's dots
        cnt = c.mask.sum(axis=0)
        thick = float(np.median(cnt[cnt > 0])) if (cnt > 0).any() else 2.0
        for j in range(1, n):
            x, y, w, h, a = (int(v) for v in st[j])
            if c.cls.chromatic:
                # one stroke at least 1.5 characters long, one row of it drawn nearly end to end (a letter
                # is not)
                if not (1.5 * ch <= w <= 8 * ch and h <= 3 * ch):
                    continue
                piece = lab[y:y + h, x:x + w] == j
                rows_ = piece.sum(axis=1)
                if rows_.max() < 0.85 * w:
                    continue
                # a line key is thin at both ends (a marker may sit in its middle); letters are not
                colh = piece.sum(axis=0)
                q = max(1, w // 4)
                if np.max(np.concatenate([colh[:q], colh[-q:]])) > 1.6 * thick + 2:
                    continue
                if h > 1.3 * ch and not _marker_in_middle(colh, thick, ch):
                    continue
                # the key's line, not its marker, sets the text line it names
                line_y = y + float(np.mean(np.flatnonzero(rows_ >= 0.85 * rows_.max())))
                pieces.append((x, int(round(line_y)) - 1, x + w - 1, int(round(line_y)) + 1))
            elif w >= 0.4 * ch and h <= 2 * fr.line_width + 2 and w >= 1.2 * h and w <= 8 * ch:
                pieces.append((x, y, x + w - 1, y + h - 1))
            elif c.dashed and c.piece_span < 0.4 * ch and 2 <= w <= max(3.0, 2 * c.piece_span) \
                    and h <= 2 * fr.line_width + 2 and w >= 0.7 * h:
                dots.append((x, y, x + w - 1, y + h - 1))
        if len(pieces) > _MAX_KEY_PIECES:
            continue  # the colour's strokes are everywhere (a noisy scan): no legend key can be told among them
        groups = _dash_runs(pale, group_words(pieces, 1.0 * ch), ch) if not c.cls.chromatic else pieces
        if dots and len(dots) <= _MAX_KEY_PIECES:
            rows_of_dots = _dot_rows(dots, ch)
            groups = groups + rows_of_dots
            pieces = pieces + [d for d in dots if any(_overlaps(d, r) for r in rows_of_dots)]
        for g in groups:
            gw = g[2] - g[0] + 1
            if not (1.2 * ch <= gw <= 8 * ch):
                continue
            within = [p for p in pieces if p[0] >= g[0] and p[2] <= g[2] and abs((p[1] + p[3]) / 2 - (g[1] + g[3]) / 2) < ch]
            if not c.cls.chromatic and (len(within) >= 2) != c.dashed:
                continue
            if not c.cls.chromatic and c.dashed and c.piece_span > 0 \
                    and any(o is not c and o.dashed and o.cls.name == c.cls.name for o in raw):
                # a dotted key's pieces are dots, a dashed key's dashes: as wide as the curve's own pieces
                ratio = float(np.median([p[2] - p[0] + 1 for p in within])) / c.piece_span
                if not 0.5 <= ratio <= 2.0:
                    continue
            keys.append((k, g))
            if len(within) >= 2:
                starts = sorted(p[0] for p in within)
                period[(k, g)] = float(max(np.diff(starts)))
    labels = [""] * len(raw)
    confs = [0.0] * len(raw)
    crops, owners, boxes_read = [], [], []
    row_keys = []  # (curve index, at-risk row) of keys that may be a row's colour bar
    for k, g in keys:
        cy = (g[1] + g[3]) / 2
        # glyphs centred on the key's line, taken whole (the tick labels that set ``ch`` can be smaller than
        # the legend's text)
        region = (g[2] + 1, cy - 1.6 * ch, min(W, g[2] + 0.6 * W), cy + 1.6 * ch)
        boxes = [b for b in text_boxes(ink, region)
                 if b[0] > g[2] + 1 and abs((b[1] + b[3]) / 2 - cy) <= 0.9 * ch and b[3] - b[1] < 3 * ch]
        row = _row_of_key(g, cy, rows, ch, boxes)
        if not boxes and not raw[k].cls.chromatic and raw[k].cls.name != "black":
            # a grey curve's key with its label printed in the same (light) grey (grey figures shading their
            # text like the curves): the label is read from paler ink
            boxes = [b for b in text_boxes(pale, region)
                     if b[0] > g[2] + 1 and abs((b[1] + b[3]) / 2 - cy) <= 0.9 * ch and b[3] - b[1] < 3 * ch]
        if row is not None:
            row_keys.append((k, row))
        if not boxes or _in_row_label(g, cy, rows, ch, fr.left) or _inside_text(ink, g, cy, ch):
            continue  # no text; or strokes of letters (an at-risk row's label, a word): no legend key
        boxes.sort()
        # the end of a dashed key's pattern cut short by the legend's layout (a piece of a dash no thicker than
        # the key's line, on that line) is the key's, not the label's first letter
        g0 = g
        while len(boxes) > 1 and boxes[0][1] >= g[1] - 1 and boxes[0][3] <= g[3] + 1 \
                and boxes[0][0] - g[2] <= ch and boxes[1][3] - boxes[1][1] > g[3] - g[1] + 2:
            g_end = boxes.pop(0)[2]
            g = (g[0], g[1], g_end, g[3])
        # the space between key and text scales with the key (R: half a segment; matplotlib: 0.4 handle)
        # (or with the legend's own text: its letters can be much taller than the tick labels')
        tall0 = max(b[3] - b[1] + 1 for b in boxes[:3])
        # (a dashed or dotted key can end in a gap of its pattern, or in a dot too small to be taken for one of
        # its pieces: its text stands up to one step of the pattern further off)
        if boxes[0][0] - g[2] > max(1.6 * ch, 1.4 * tall0, 0.6 * (g[2] - g[0] + 1)) + period.get((k, g0), 0.0):
            continue
        # the words of a label are as far apart as the label's own letters are tall (the tick labels that set
        # ``ch`` can be much smaller than the legend's text); the run stops at the next key or at a curve
        # or at a stroke of a curve's colour the text is not printed in (the key of the next entry)
        other_keys = [g2 for k2, g2 in keys if g2 is not g0]
        run = [boxes[0]]
        hue0, cls0 = _hue_of(img, boxes[0]), _colour_of(ink, boxes[0], raw)
        for b in boxes[1:]:
            tall = max(r[3] - r[1] + 1 for r in run)
            if b[0] - max(r[2] for r in run) > max(1.1 * ch, 1.4 * tall) or b[3] - b[1] + 1 > 1.5 * tall:
                break  # a word gap too wide, or a censoring mark taller than any letter (a key with its mark)
            if b[2] - b[0] + 1 <= 0.25 * tall and b[3] - b[1] + 1 <= 0.25 * tall \
                    and b[3] < min(r[1] for r in run) + 0.5 * tall \
                    and not any(o is not b and o[0] <= b[2] and b[0] <= o[2] for o in boxes):
                continue  # a speck high beside the letters, over none of them (no dot of an i, no period): a
                # corner of the legend's frame or its shadow, or JPEG noise, left out of the label's box
            # (a key is a thin stroke; letters whose feet look like a dashed key's pieces are not)
            if ((b[3] - b[1] + 1 <= 0.6 * tall or b[2] - b[0] + 1 >= 1.6 * tall)
                    and any(_overlaps(b, g2) for g2 in other_keys)) or _on_curve(b, raw) \
                    or _other_colour(img, b, hue0, tall) or _colour_of(ink, b, raw) != cls0:
                break
            run.append(b)
        box = (min(b[0] for b in run), min(b[1] for b in run), max(b[2] for b in run), max(b[3] for b in run))
        crops.append(_crop(img, box, 3))
        owners.append(k)
        boxes_read.append(box)
    keyed = set(owners)
    for k, c in enumerate(raw):
        if k in keyed or not c.cls.chromatic:
            continue
        box = _end_label(ink, c, raw, ch, W)
        if box is not None:
            crops.append(_crop(img, box, 3))
            owners.append(k)
            boxes_read.append(box)
    label_boxes = []
    if crops:
        for k, box, (t, c) in zip(owners, boxes_read, ocr_lines(crops, digits=False)):
            # (a bar ending the label after a space is the letter I, "Stage |": it is not stripped as a speck)
            t = re.sub(r"(?<=[A-Za-z]\s)\|$", "I", t.strip())
            t = _clean_label(re.sub(r"^[^A-Za-z0-9(]+|[^A-Za-z0-9)%]+$", "", t))
            # a label has a letter and one more letter or digit ("N0"); a count beside a key is no label
            if re.search(r"[A-Za-z]", t) and len(re.sub(r"[^A-Za-z0-9]", "", t)) >= 2:
                label_boxes.append(box)
                if c / 100 > confs[k]:
                    labels[k], confs[k] = t, c / 100
    # a "row" whose counts are the digits of legend labels ("Grade 1   Grade 2") is the legend's line
    rows[:] = [r for r in rows if not (r.boxes and all(any(_overlaps(cb, lb) for lb in label_boxes)
                                                       for cb in r.boxes))]
    for k, row in row_keys:
        # a bar of the curve's colour printed as an at-risk row's label (no legend text after it) ties that
        # row to the curve; the row's label is the bar, not the letters OCR saw in it
        if any(row is r for r in rows) and not any(_overlaps(row_box, lb) for lb in label_boxes
                                   for row_box in row.boxes[:1]):
            if row.hue is None and raw[k].cls.chromatic:
                row.hue = float(raw[k].cls.name.split(":")[1])
            row.label = ""
    return _harmonize_labels(labels), confs


def _dot_rows(dots: list, ch: float) -> list:
    """Keys drawn as a row of dots too small for strokes (a dotted curve's key): four dots or more on one line,
    evenly spaced less than a character apart, together at least 1.2 characters long."""
    out = []
    for g in group_words(dots, 1.0 * ch):
        inside = sorted(d for d in dots if _overlaps(d, g))
        if len(inside) < 4 or not 1.2 * ch <= g[2] - g[0] + 1 <= 8 * ch:
            continue
        cys = [(d[1] + d[3]) / 2 for d in inside]
        steps = np.diff([d[0] for d in inside])
        if max(cys) - min(cys) <= 1.0 and steps.max() - steps.min() <= 2:
            out.append(g)
    return out


def _dash_runs(ink, groups: list, ch: float) -> list:
    """Groups of key strokes with the dashes of one dashed key joined: long dashes on one line, as thick as
    each other, set apart by more than a character (a grey figure's keys drawn in line styles: long dashes, or
    dashes with a dot between them) with no letter between them, are one key, not two solid ones."""
    out: list = []
    for g in sorted(groups):
        if out:
            p = out[-1]
            gap = g[0] - p[2] - 1
            if 0 < gap <= 2.5 * ch and abs((g[1] + g[3]) / 2 - (p[1] + p[3]) / 2) <= 1.0 \
                    and abs((g[3] - g[1]) - (p[3] - p[1])) <= 1 and min(g[2] - g[0], p[2] - p[0]) + 1 >= 0.8 * ch \
                    and g[2] - p[0] + 1 <= 8 * ch:
                cy = (g[1] + g[3]) / 2
                thick = max(g[3] - g[1], p[3] - p[1]) + 1
                between = text_boxes(ink, (p[2] + 1, cy - ch, g[0], cy + ch + 1))
                if not any(b[3] - b[1] + 1 > thick + 2 for b in between):
                    out[-1] = (p[0], min(p[1], g[1]), g[2], max(p[3], g[3]))
                    continue
        out.append(g)
    return out


def _end_label(ink, c, raw: list, ch: float, W: int):
    """A label printed in a curve's own colour just right of the curve's end (a figure labelling its curves
    directly, without a legend): the box of its words, or None."""
    cols = np.flatnonzero(c.mask.any(axis=0))
    if cols.size == 0:
        return None
    ox, oy = c.offset
    xe = int(cols[-1]) + ox
    ye = float(np.mean(np.flatnonzero(c.mask[:, cols[-1]]))) + oy
    own = c.cls.mask
    boxes = []
    for b in text_boxes(ink, (xe + 1, ye - 1.6 * ch, min(W, xe + 0.5 * W), ye + 1.6 * ch)):
        if b[0] <= xe + 1 or abs((b[1] + b[3]) / 2 - ye) > 0.9 * ch or b[3] - b[1] >= 3 * ch:
            continue
        sub = ink[b[1]:b[3] + 1, b[0]:b[2] + 1]
        if own[b[1]:b[3] + 1, b[0]:b[2] + 1][sub].mean() < 0.5 or _on_curve(b, raw):
            continue  # text of another colour, or another curve passing
        boxes.append(b)
    if not boxes:
        return None
    boxes.sort()
    tall0 = max(b[3] - b[1] + 1 for b in boxes[:3])
    if boxes[0][0] - xe > max(1.6 * ch, 1.4 * tall0):
        return None
    run = [boxes[0]]
    for b in boxes[1:]:
        tall = max(r[3] - r[1] + 1 for r in run)
        if b[0] - max(r[2] for r in run) > max(1.1 * ch, 1.4 * tall):
            break
        run.append(b)
    if len(run) < 2:
        return None
    return (min(b[0] for b in run), min(b[1] for b in run), max(b[2] for b in run), max(b[3] for b in run))


def _in_row_label(g, cy: float, rows, ch: float, left: float) -> bool:
    """Whether a key candidate lies inside an at-risk row's label: on the row's line, left of its first count,
    which stands at the plot's left edge (time 0; a legend's line read as a row, "Grade 1  Grade 2", has its
    first "count" anywhere)."""
    for r in rows:
        if abs(cy - r.y) <= 0.8 * ch and r.boxes:
            first = min(r.boxes)
            if g[2] < first[0] and abs((first[0] + first[2]) / 2 - left) <= 4 * ch:
                return True
    return False


def _other_colour(img, box, hue0, tall: int) -> bool:
    """Whether a glyph of a label's line is of another colour than the label's first glyph (coloured where
    the text is black or grey, or another hue): the key of the next entry. Specks too small to carry a colour
    are not judged."""
    if (box[2] - box[0] + 1) * (box[3] - box[1] + 1) < (0.5 * tall) ** 2:
        return False
    hue = _hue_of(img, box)
    if (hue is None) != (hue0 is None):
        return True
    return hue is not None and hue0 is not None and _hue_dist(hue, hue0) > 30.0


def _inside_text(ink, g, cy: float, ch: float) -> bool:
    """Whether a key candidate has a letter right before it on its line: the feet of a word's letters taken
    for a dashed key, not a key (a key stands apart from any text on its left)."""
    x0 = int(g[0])
    for b in text_boxes(ink, (x0 - ch, cy - 1.2 * ch, x0, cy + 1.2 * ch)):
        if b[2] >= x0 - max(2.0, 0.6 * ch) and 0.6 * ch <= b[3] - b[1] + 1 < 3 * ch:
            return True
    return False


def _colour_of(ink, box, raw: list):
    """The index of the chromatic curve whose colour class holds most of a box's ink, else None."""
    x0, y0, x1, y1 = box
    sub = ink[y0:y1 + 1, x0:x1 + 1]
    n = int(sub.sum())
    if n == 0:
        return None
    for k, c in enumerate(raw):
        if c.cls.chromatic and int(c.cls.mask[y0:y1 + 1, x0:x1 + 1][sub].sum()) > 0.5 * n:
            return k
    return None


def _on_curve(box, raw: list) -> bool:
    """Whether most of a box's pixels are a traced curve's (a curve passing beside a legend label)."""
    x0, y0, x1, y1 = box
    area = (x1 - x0 + 1) * (y1 - y0 + 1)
    hit = 0
    for c in raw:
        ox, oy = c.offset
        h, w = c.mask.shape
        a, b = max(y0 - oy, 0), min(y1 - oy + 1, h)
        l, r = max(x0 - ox, 0), min(x1 - ox + 1, w)
        if a < b and l < r:
            hit += int(c.mask[a:b, l:r].sum())
    return hit > 0.5 * area


def _overlaps(a, b) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _row_of_key(g, cy: float, rows, ch: float, boxes: list):
    """The at-risk row whose label a key is: on the row's line, left of its first count, with no text
    between the two (``boxes``: the glyphs right of the key)."""
    for r in rows:
        if abs(cy - r.y) <= 0.8 * ch and r.boxes:
            first = min(b[0] for b in r.boxes)
            if g[2] < first and not any(b[2] < first - 1 for b in boxes):
                return r
    return None


def _marker_in_middle(colh: np.ndarray, thick: float, ch: float) -> bool:
    """The columns of a key taller than its line are one narrow run in its middle half: a censoring mark or
    point symbol drawn on the legend's line (ggplot2 keys of curves with censoring marks)."""
    tall = np.flatnonzero(colh > 1.6 * thick + 2)
    w = colh.size
    if tall.size == 0:
        return True
    return bool(tall[-1] - tall[0] + 1 <= min(1.5 * ch, 0.4 * w) and tall[0] >= 0.2 * w and tall[-1] <= 0.8 * w)


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


def _pair_cost(c, series_i, r, legend_i) -> float:
    cost = 0.0
    if c.cls.chromatic and r.hue is not None:
        cost += _hue_dist(float(c.cls.name.split(":")[1]), r.hue) / 10.0
    # a hue shared by several curves (shades of one palette, "hue:<deg>:<shade>") cannot tell them apart: the
    # labels do
    if (not (c.cls.chromatic and r.hue is not None) or c.cls.name.count(":") == 2) and legend_i and r.label:
        cost += 5.0 * (1.0 - _similar(legend_i, r.label))
    # with censoring the share still at risk n(t)/n(0) cannot exceed S(t-): a row above its curve is a strong
    # sign of the wrong curve; otherwise the nearer the better
    t, s = series_i
    n0 = max(r.counts[0], 1)
    for tt, n in zip(r.times, r.counts):
        st = float(np.interp(tt - 1e-9, t, s)) if tt <= t[-1] else float(s[-1])
        cost += 10.0 * max(0.0, n / n0 - st - 0.01) + 0.5 * abs(n / n0 - st)
    return cost


def _curves_for_rows(raw, series, rows, legend) -> list[int]:
    """The curves, as many as there are at-risk rows, that match the rows best (an unlabelled curve costs
    more)."""
    best, best_cost = list(range(len(rows))), np.inf
    for combo in itertools.combinations(range(len(raw)), len(rows)):
        for perm in itertools.permutations(range(len(rows))):
            cost = sum(_pair_cost(raw[ci], series[ci], rows[ri], legend[ci]) + (0.0 if legend[ci] else 2.0)
                       - raw[ci].coverage for ci, ri in zip(combo, perm))
            if cost < best_cost:
                best, best_cost = list(combo), cost
    return best


def _match_rows(raw, series, rows, legend, warnings) -> list:
    """Tie each at-risk row to a curve: by colour, else by label, else by agreement of the counts with the
    curve (n(t)/n(0) cannot exceed S(t-))."""
    k = len(raw)
    if not rows:
        return [None] * k
    for r, lab in zip(rows, _harmonize_labels([r.label for r in rows])):
        r.label = lab
    if len(rows) != k:
        warnings.append(f"{len(rows)} at-risk rows read for {k} curves; rows not matched are ignored (give --n "
                        "ARM=N for the arms without one)")
    best, best_cost = None, np.inf
    if len(rows) >= k:
        for perm in itertools.permutations(range(len(rows)), k):
            cost = sum(_pair_cost(raw[ci], series[ci], rows[ri], legend[ci]) for ci, ri in enumerate(perm))
            if cost < best_cost:
                best, best_cost = {ci: ri for ci, ri in enumerate(perm)}, cost
    else:  # fewer rows than curves: any of the curves may own a row, not only the first ones
        for perm in itertools.permutations(range(k), len(rows)):
            cost = sum(_pair_cost(raw[ci], series[ci], rows[ri], legend[ci]) for ri, ci in enumerate(perm))
            if cost < best_cost:
                best, best_cost = {ci: ri for ri, ci in enumerate(perm)}, cost
    out: list = [None] * k
    if best is not None:
        for ci, ri in best.items():
            out[ci] = rows[ri]
    return out


_STAT = re.compile(r"(?i)\b(hr|p|ci|hazard|log-?rank|median)\b")


def _stat_text(img, ink, area, ch) -> list:
    """Boxes (x0, y0, x1, y1) of the statistics printed inside the plot ("HR 1.11 (95% CI 0.88-1.41)",
    "p = 0.38"): a compact run of glyphs as high as the tick labels, on one line, wider than three
    characters, that reads as a statistic (a word like HR, CI, p and a digit). Censoring marks in a row are
    glyph-sized too, but read as no statistic."""
    x0, y0, x1, y1 = area
    glyphs = [b for b in text_boxes(ink, area)
              if 0.5 * ch <= b[3] - b[1] + 1 <= 1.6 * ch and b[2] - b[0] + 1 <= 1.6 * ch]
    words = [w for w in group_words(glyphs, 0.8 * ch) if w[2] - w[0] > 3 * ch and w[3] - w[1] <= 2 * ch]
    if not words:
        return []
    words = words[:8]
    texts = ocr_lines([_crop(img, w, 3) for w in words], digits=False)
    pad = max(2, int(0.2 * ch))
    return [(max(w[0] - pad, x0), max(w[1] - pad, y0), min(w[2] + pad, x1), min(w[3] + pad, y1))
            for w, (t, c) in zip(words, texts) if c > 50 and _STAT.search(t) and re.search(r"\d", t)]


def _plot_text(img, ink, raw, area, ch) -> str:
    """Text printed inside the plot (HR, CI, P), read line by line."""
    x0, y0, x1, y1 = area
    m = ink.copy()
    for c in raw:
        m &= ~c.cls.mask
    m[:y0, :] = False
    m[y1:, :] = False
    m[:, :x0] = False
    m[:, x1:] = False
    lines = _lines(m, y0, y1, x0, x1, max(3, int(0.6 * ch)))
    crops = []
    for a, b in lines:
        if b - a > 2.5 * ch:
            continue
        boxes = text_boxes(m, (x0, a, x1, b + 1))
        for w in group_words(boxes, 1.2 * ch):
            if w[2] - w[0] > 3 * ch:
                crops.append(_crop(img, w, 3))
    texts = [t for t, c in ocr_lines(crops[:12], digits=False) if c > 50]
    return "\n".join(t for t in texts if re.search(r"(?i)\b(hr|p|ci|hazard|log-?rank)\b", t))
