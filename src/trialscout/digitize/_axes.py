"""The plot frame, its tick labels and the pixel -> data calibration of both axes."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .._validate import InputError

__all__ = ["Frame", "Axis", "find_frame", "find_frame_any", "text_boxes", "calibrate", "y_label_words"]


@dataclass(frozen=True, slots=True)
class Frame:
    """The plot area in pixels: the y-axis line at column ``left``, the x-axis line at row ``bottom``."""

    left: int
    right: int
    top: int
    bottom: int
    line_width: int


@dataclass(frozen=True, slots=True)
class Axis:
    """value = a + b * pixel, from the tick labels read."""

    a: float
    b: float
    ticks_px: tuple
    ticks_value: tuple
    labels: tuple
    confidence: float
    percent: bool = False

    def value(self, px):
        return self.a + self.b * np.asarray(px, dtype=float)

    def pixel(self, value):
        return (np.asarray(value, dtype=float) - self.a) / self.b


def _runs(mask_1d: np.ndarray) -> list[tuple[int, int]]:
    d = np.diff(np.concatenate([[0], mask_1d.astype(np.int8), [0]]))
    starts = np.flatnonzero(d == 1)
    ends = np.flatnonzero(d == -1)
    return list(zip(starts.tolist(), (ends - 1).tolist()))


def find_frame(dark: np.ndarray, *, grid: bool = False) -> Frame:
    """The y-axis is the leftmost of the tallest vertical dark lines; the x-axis the long horizontal line at
    its foot. With ``grid`` the lines may be grid lines of a plot without axis lines: the frame is then the
    extent of the lines (horizontal grid lines run the panel's full width, vertical ones its full height)."""
    import cv2

    h, w = dark.shape
    m = dark.astype(np.uint8)
    vk = max(15, h // 6)
    vert = cv2.morphologyEx(m, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vk)))
    hk = max(15, w // 6)
    horiz = cv2.morphologyEx(m, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (hk, 1)))
    nv, _, sv, _ = cv2.connectedComponentsWithStats(vert, connectivity=8)
    nh, _, sh, _ = cv2.connectedComponentsWithStats(horiz, connectivity=8)
    vlines = _join([(int(s[0]), int(s[1]), int(s[2]), int(s[3])) for s in sv[1:nv] if s[2] <= max(6, w // 60)],
                   vertical=True, gap=0.06 * h)
    hlines = _join([(int(s[0]), int(s[1]), int(s[2]), int(s[3])) for s in sh[1:nh] if s[3] <= max(6, h // 60)],
                   vertical=False, gap=0.06 * w)
    if not vlines or not hlines:
        raise InputError("no plot axes found in the figure (no long vertical and horizontal lines)")
    best = None
    tall = max(v[3] for v in vlines)
    for vx, vy, vw, vh in sorted(vlines, key=lambda v: v[0]):
        if vh < 0.5 * tall:
            continue
        foot = vy + vh
        for hx, hy, hw, hh in hlines:
            # the x-axis starts at (or just left/right of) the y-axis and lies near the y-axis' foot
            if abs(hy + hh / 2 - foot) <= max(0.06 * vh, 6) and hx <= vx + vw + 0.05 * w and hx + hw > vx + 0.3 * hw:
                cand = (vh * hw, vx, vy, vw, vh, hx, hy, hw, hh)
                if best is None or cand[0] > best[0] * 1.15:
                    best = cand
        if grid and best is None:
            # the grid of a plot without axis lines stops short of the panel's edges (the panel is padded
            # beyond the data): its lowest horizontal line lies above the vertical lines' feet
            for hx, hy, hw, hh in sorted(hlines, key=lambda v: -v[1]):
                if vy + 0.5 * vh <= hy <= foot and hx <= vx + vw + 0.05 * w and hx + hw > vx + 0.3 * hw \
                        and hw >= 0.5 * max(v[2] for v in hlines):
                    # the panel's foot is where its vertical lines end: the shortest of them that end near
                    # this one (a tick mark below extends a labelled one)
                    feet = [v[1] + v[3] for v in vlines if v[3] >= 0.5 * tall and hy < v[1] + v[3]
                            and abs(v[1] + v[3] - foot) <= max(0.06 * vh, 6)]
                    vh = min(feet, default=foot) - vy
                    best = (vh * hw, vx, vy, vw, vh, hx, hy, hw, hh)
                    break
        if best is not None:
            break
    if best is None:
        raise InputError("no plot axes found in the figure (no x-axis line meets the y-axis line)")
    _, vx, vy, vw, vh, hx, hy, hw, hh = best
    lw = max(1, int(round((vw + hh) / 2)))
    if grid:
        # the panel's top is where its tall vertical lines start (a curve drawn over the first one may hide
        # its top; curves crossing the others may cut them short below)
        tops = [v[1] for v in vlines if v[3] >= 0.5 * tall and min(vx, hx) - 2 <= v[0] <= hx + hw + 2
                and vy + 0.5 * vh <= v[1] + v[3] <= vy + vh + max(0.06 * vh, 6)] + [vy]
        return Frame(left=int(min(vx + vw - 1, hx)), right=int(hx + hw - 1), top=int(min(tops)),
                     bottom=int(max(hy, vy + vh - 1)), line_width=lw)
    return Frame(left=int(vx + vw - 1), right=int(hx + hw - 1), top=int(vy), bottom=int(hy), line_width=lw)


def panel_outline(lines: np.ndarray, paper: np.ndarray | None = None) -> np.ndarray:
    """``lines`` with every large filled region (a grey plot panel) replaced by its outline: the panel's edges
    are then the axis lines, also when white grid lines cross it. With ``paper`` (the mask of the page's blank
    background) the panel is all that is not paper within the extent of its broad parts, holes filled: the
    curves and bands drawn over it, and strips narrower than the opening's kernel (between a band and the
    panel's edge, under a curve run down near S = 0), which would otherwise cut its edges short."""
    import cv2

    m = lines.astype(np.uint8)
    k = max(15, min(lines.shape) // 25)
    closed = cv2.morphologyEx(m, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    filled = cv2.morphologyEx(closed, cv2.MORPH_OPEN, np.ones((k, k), np.uint8)).astype(bool)
    if filled.sum() < 0.02 * lines.size:
        return lines
    if paper is not None:
        body = (closed.astype(bool) | ~paper).astype(np.uint8)
        _, lab = cv2.connectedComponents(body, connectivity=8)
        region = np.zeros_like(filled)
        for c in np.unique(lab[filled]):
            if c == 0:
                continue
            ys, xs = np.nonzero(filled & (lab == c))
            y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
            # (within the broad parts' extent only: a tick mark or an axis title touching the panel stays out)
            comp = (lab[y0:y1, x0:x1] == c).astype(np.uint8)
            contours, _ = cv2.findContours(comp, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
            whole = np.zeros_like(comp)
            cv2.drawContours(whole, contours, -1, 1, thickness=cv2.FILLED)
            region[y0:y1, x0:x1] |= whole.astype(bool)
        # (a tick mark's first rows inside that extent are no part of the panel: pieces narrower than five
        # pixels come off)
        filled = cv2.morphologyEx(region.astype(np.uint8), cv2.MORPH_OPEN, np.ones((5, 5), np.uint8)).astype(bool)
    # a panel is a rectangle: curves drawn over its edges (from the top-left corner at S = 1, along its foot
    # at S = 0) bite notches out of it, which would cut its outline short; a region filling most of its
    # bounding box is that box
    n, lab, st, _ = cv2.connectedComponentsWithStats(filled.astype(np.uint8), connectivity=4)
    for k in range(1, n):
        x, y, bw, bh, area = (int(v) for v in st[k])
        if area >= 0.9 * bw * bh and area < bw * bh and area >= 0.02 * lines.size:
            filled[y:y + bh, x:x + bw] = True
    inner = cv2.erode(filled.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    return (lines & ~filled) | (filled & ~inner)


def find_frame_any(val: np.ndarray, sat: np.ndarray, dark: np.ndarray) -> tuple[Frame, np.ndarray]:
    """The frame from the dark lines; else from grey lines (light axis lines, anti-aliased thin ones, the grid
    of a figure without axis lines) or the edges of a filled grey panel. Returns the frame and the mask of the
    lines it was found in.

    A filled panel is outlined twice: from its broad parts only, and as all that is not paper within their
    extent (see :func:`panel_outline`); the second frame is taken when it holds the first and is larger (the
    first cut short where a band's strip narrowed the panel), the first otherwise (a tick mark or a label joined
    to the panel can break the second's edges)."""
    # a near-black pixel has no meaningful saturation (JPEG noise of a few levels makes it "saturated"): what is
    # dark and of little chroma (saturation times value) is dark too
    dark = dark | ((val < 130) & (sat * val < 100 * 130))
    paper = (val >= 246) & (sat < 60)
    # (a dark grey panel is dark itself: its outline is the frame)
    got = _wider(_frame_or_none(dark, False), _frame_or_none(panel_outline(dark, paper), False))
    if got is not None:
        return got
    try:
        return find_frame(dark), dark
    except InputError as exc:
        first = exc
    for limit in (200, 246):
        raw = (val < limit) & (sat < 60)
        m = panel_outline(raw)
        # a filled panel's outline is its frame; lines on white may be a grid reaching the panel's edges
        got = _wider(_frame_or_none(m, m is raw), _frame_or_none(panel_outline(raw, paper), m is raw))
        if got is not None:
            return got
    raise first


def _frame_or_none(m: np.ndarray, grid: bool) -> tuple[Frame, np.ndarray] | None:
    try:
        return find_frame(m, grid=grid), m
    except InputError:
        return None


def _wider(a: tuple | None, b: tuple | None) -> tuple | None:
    """Frame ``b`` when it holds frame ``a`` (to two pixels) and is larger, or when ``a`` is None; else ``a``."""
    if a is None or b is None:
        return a if b is None else b
    fa, fb = a[0], b[0]
    holds = fb.left <= fa.left + 2 and fb.right >= fa.right - 2 and fb.top <= fa.top + 2 and fb.bottom >= fa.bottom - 2
    larger = (fb.right - fb.left) * (fb.bottom - fb.top) > (fa.right - fa.left) * (fa.bottom - fa.top)
    return b if holds and larger else a


def _join(lines: list, *, vertical: bool, gap: float) -> list:
    """Join collinear pieces of one axis line broken where a coloured curve crosses it."""
    lines = sorted(lines, key=lambda v: (v[1], v[0]) if vertical else (v[0], v[1]))
    out: list[list[int]] = []
    for x, y, w, h in lines:
        for o in out:
            if vertical and abs(o[0] - x) <= 2 and y - (o[1] + o[3]) <= gap and y >= o[1]:
                o[3] = max(o[1] + o[3], y + h) - o[1]
                o[2] = max(o[2], w)
                break
            if not vertical and abs(o[1] - y) <= 2 and x - (o[0] + o[2]) <= gap and x >= o[0]:
                o[2] = max(o[0] + o[2], x + w) - o[0]
                o[3] = max(o[3], h)
                break
        else:
            out.append([x, y, w, h])
    return [tuple(o) for o in out]


def text_boxes(ink: np.ndarray, region: tuple) -> list[tuple[int, int, int, int]]:
    """Connected components (x0, y0, x1, y1) of ``ink`` inside region (x0, y0, x1, y1), image coordinates."""
    import cv2

    x0, y0, x1, y1 = (max(0, int(v)) for v in region)
    sub = ink[y0:y1, x0:x1].astype(np.uint8)
    if sub.size == 0:
        return []
    n, _, st, _ = cv2.connectedComponentsWithStats(sub, connectivity=8)
    return [(int(s[0]) + x0, int(s[1]) + y0, int(s[0] + s[2] - 1) + x0, int(s[1] + s[3] - 1) + y0)
            for s in st[1:n] if s[4] >= 2]


def group_words(boxes: list, gap: float) -> list[tuple[int, int, int, int]]:
    """Merge boxes on one text line whose horizontal gap is below ``gap`` pixels, until no two merged boxes are
    within reach of each other; in the order of their leftmost box.

    A box within reach of two others stays within reach of their union, so the grouping does not depend on
    the order of the merges; each box is compared with all others at once, so that thousands of specks (a
    noisy scan) take a fraction of a second.
    """
    if not boxes:
        return []
    arr = np.array(sorted(boxes), dtype=np.int64).reshape(-1, 4)
    alive = np.ones(len(arr), bool)
    first = np.arange(len(arr))  # the earliest box of each group, which sets the order of the output
    for i in range(len(arr)):
        if not alive[i]:
            continue
        while True:
            a = arr[i]
            near = alive & (np.minimum(a[3], arr[:, 3]) - np.maximum(a[1], arr[:, 1]) >= -1) \
                & (arr[:, 0] - a[2] <= gap) & (a[0] - arr[:, 2] <= gap)
            near[i] = False
            if not near.any():
                break
            arr[i, :2] = np.minimum(a[:2], arr[near, :2].min(axis=0))
            arr[i, 2:] = np.maximum(a[2:], arr[near, 2:].max(axis=0))
            first[i] = min(first[i], int(first[near].min()))
            alive[near] = False
    keep = np.flatnonzero(alive)
    keep = keep[np.argsort(first[keep], kind="stable")]
    return [tuple(int(v) for v in arr[k]) for k in keep]  # type: ignore[misc]


def _glyphs(boxes: list, word: tuple, h: float) -> bool:
    """Whether the boxes inside ``word`` are glyphs of a label ``h`` pixels high: one of them at least 0.6 of
    its height (a glyph a JPEG broke in two still has one large piece; the stacked letters of a rotated title
    are each smaller than a digit)."""
    inside = [b[3] - b[1] + 1 for b in boxes
              if b[0] >= word[0] and b[2] <= word[2] and b[1] >= word[1] and b[3] <= word[3]]
    return bool(inside) and max(inside) >= 0.6 * h


def _dot(box: tuple) -> bool:
    """Whether a small box is about as wide as high (a decimal point, not a stroke of a letter)."""
    bw, bh = box[2] - box[0] + 1, box[3] - box[1] + 1
    return abs(bw - bh) <= max(1.0, 0.5 * max(bw, bh))


def y_label_words(ink: np.ndarray, fr: Frame) -> tuple[list, float, bool]:
    """The words of the y tick labels left of the frame (the column of text flush against the axis), the median
    height of the text boxes found there and whether any were found.

    Each label is grown leftwards from its last glyphs, at gaps scaled by its own height, not by that of all
    the text left of the axis (the letters of a rotated axis title may be smaller than the digits: a "1" would
    stand apart from ".00"): a glyph level with it (top and bottom) joins it up to a label height away (a "1"
    whose decimal point went unseen; a monospaced font's wide spacing), a decimal point on its baseline too. The
    stacked letters of a rotated title, each smaller than a digit, stay apart.
    """
    lw = fr.line_width
    span_h = fr.bottom - fr.top
    found = text_boxes(ink, (0, fr.top - 0.06 * span_h, fr.left - lw, fr.bottom + 0.06 * span_h))
    yb = [b for b in found if b[2] < fr.left - lw and b[1] < fr.bottom]
    # tick marks touch the axis line; the decimal point of a label does not; nor is a sliver hugging the axis
    # line a label (the edge of a curve drawn over a panel's edge)
    yb = [b for b in yb if not (b[2] >= fr.left - lw - 3 and b[3] - b[1] <= 2 * lw + 2)
          and not (b[0] >= fr.left - lw - 3 and b[2] - b[0] + 1 <= 2 * lw)]
    # the decimal point of the label at the foot of the axis lies below the axis line
    low_dots = [b for b in found if b[1] >= fr.bottom and b[2] < fr.left - lw - 3 and _dot(b)]
    heights = [b[3] - b[1] + 1 for b in yb]
    ch = float(np.median(heights)) if heights else 10.0

    # (the digits may be taller than most boxes there, the letters of a rotated title: words as tall as the
    # tallest tenth of the boxes are kept)
    tallest = max(ch, float(np.percentile(heights, 90))) if heights else ch
    words = [w for w in group_words(yb, 0.6 * ch) if (w[3] - w[1] + 1) <= 2.2 * tallest]
    if not words:
        return [], ch, bool(heights)
    # (a speck against the axis line, the cap of a thick curve drawn from the panel's edge, is no label: the
    # column is set by words of glyph height)
    tall_words = [w for w in words if w[3] - w[1] + 1 >= 0.6 * ch] or words
    rmax = max(w[2] for w in tall_words)
    col = [w for w in tall_words if w[2] >= rmax - 1.2 * ch]
    rest = [w for w in words if w[2] < rmax - 1.2 * ch] + low_dots
    out = []
    for w in col:
        # the glyphs left of the label's last ones, joined one by one up to a label height away: digits level
        # with it (top and bottom), a decimal point on its baseline
        x0, y0, x1, y1 = w
        while True:
            h = y1 - y0 + 1
            tol = max(1.0, 0.15 * h)
            near = [r for r in rest if 0 <= x0 - r[2] <= h and r[2] - r[0] + 1 <= 3 * h and (
                (abs(r[1] - y0) <= tol and abs(r[3] - y1) <= tol and _glyphs(yb, r, h))
                or (abs(r[3] - y1) <= tol and r[3] - r[1] + 1 <= 0.45 * h and _dot(r)))]
            if not near:
                break
            r = max(near, key=lambda b: b[2])
            rest.remove(r)
            x0 = r[0]
        out.append((x0, y0, x1, y1))
    return out, ch, bool(heights)


def y_label_columns(ink: np.ndarray, fr: Frame) -> tuple[list, float]:
    """The words of y tick labels written along the axis (turned a quarter, as base R draws them by default)
    left of the frame, and the height of their text (the width of the column they stand in).

    The glyphs of such a label stand one above the other: they are grouped as words along the vertical, at gaps
    scaled by the width of the glyphs (the text height), and only the column flush against the axis is kept
    (the turned axis title stands further left). Each word is returned as (x0, y0, x1, y1); its centre row is
    where its tick is.
    """
    lw = fr.line_width
    span_h = fr.bottom - fr.top
    found = text_boxes(ink, (0, fr.top - 0.06 * span_h, fr.left - lw, fr.bottom + 0.06 * span_h))
    yb = [b for b in found if b[2] < fr.left - lw]
    # tick marks touch the axis line and are a few pixels high
    yb = [b for b in yb if not (b[2] >= fr.left - lw - 3 and b[3] - b[1] <= 2 * lw + 2)]
    if not yb:
        return [], 0.0
    # the glyphs across the column: the text height, the tallest tenth of the boxes' widths (a decimal point
    # or a "1" turned is narrower)
    widths = [b[2] - b[0] + 1 for b in yb]
    th = float(np.percentile(widths, 90))
    turned = [(b[1], b[0], b[3], b[2]) for b in yb]
    words = [(w[1], w[0], w[3], w[2]) for w in group_words(turned, 0.5 * th)]
    # a label's centre is level with its tick, inside the axis' span (the x tick labels below it are not)
    words = [w for w in words if w[2] - w[0] + 1 <= 1.6 * th
             and fr.top - 0.03 * span_h <= (w[1] + w[3]) / 2 <= fr.bottom + 0.03 * span_h]
    if not words:
        return [], th
    rmax = max(w[2] for w in words)
    col = [w for w in words if w[2] >= rmax - 0.5 * th and w[3] - w[1] + 1 >= 0.5 * th]
    return sorted(col, key=lambda w: w[1]), th


_NUM = re.compile(r"^-?\d+(\.\d+)?%?$")


def parse_number(text: str) -> float | None:
    t = text.replace(" ", "").replace(",", ".")
    t = t.strip("()")
    if not _NUM.match(t):
        return None
    return float(t.rstrip("%"))


def calibrate(px: list, values: list, labels: list, name: str, hint_range=None, sign: int = 0) -> Axis:
    """A straight line through the (pixel, value) pairs of the tick labels, outliers (misread labels) left out.

    Every pair of labels proposes a line; the line that most labels agree with (within a quarter of the label
    spacing) is refitted by least squares on them. With ``sign`` (+1 or -1) only lines whose values run that
    way along the pixels are proposed (an x axis increases to the right, a y axis upwards: down the image rows),
    so that two misread labels running the wrong way do not outvote the right ones.
    """
    p = np.asarray(px, dtype=float)
    v = np.asarray(values, dtype=float)
    ok = np.isfinite(v)
    p, v = p[ok], v[ok]
    labs = [lab for lab, k in zip(labels, ok) if k]
    if p.size < 2:
        raise InputError(f"the {name} tick labels could not be read; give the axis range with --{name}-range A,B")
    best_in = None
    best_err = np.inf
    n = p.size
    for i in range(n):
        for j in range(i + 1, n):
            if p[i] == p[j] or v[i] == v[j]:
                continue
            b = (v[j] - v[i]) / (p[j] - p[i])
            if sign and b * sign < 0:
                continue
            a = v[i] - b * p[i]
            spacing = np.median(np.abs(np.diff(np.sort(p)))) if n > 2 else abs(p[j] - p[i])
            resid = np.abs(a + b * p - v) / abs(b)
            inl = resid <= max(0.25 * spacing, 2.0)
            # as many labels agreeing: the line they agree with more closely (a misread label that happens to
            # lie within the tolerance of a wrong line loses to the right one)
            err = float(resid[inl].sum())
            if best_in is None or inl.sum() > best_in.sum() or (inl.sum() == best_in.sum() and err < best_err):
                best_in, best_err = inl, err
    if best_in is None or best_in.sum() < 2:
        raise InputError(f"the {name} tick labels could not be read; give the axis range with --{name}-range A,B")
    b, a = np.polyfit(p[best_in], v[best_in], 1)
    conf = float(best_in.sum() / n) * (1.0 if best_in.sum() >= 3 else 0.6)
    if best_in.sum() >= 3:
        fixed = _repair(np.asarray(px, dtype=float), list(labels), p[best_in], v[best_in],
                        [lab for lab, k in zip(labs, best_in) if k], float(a), float(b))
        if fixed:
            # the labels misread by one character, at ticks of the others' progression, count with the value
            # of their tick
            pr = np.concatenate([p[best_in], [f[0] for f in fixed]])
            vr = np.concatenate([v[best_in], [f[1] for f in fixed]])
            order = np.argsort(pr, kind="stable")
            b, a = np.polyfit(pr, vr, 1)
            n_all = n + sum(1 for f in fixed if not f[3])
            labs_r = [lab for lab, k in zip(labs, best_in) if k] + [f[2] for f in fixed]
            return Axis(a=float(a), b=float(b), ticks_px=tuple(pr[order].tolist()),
                        ticks_value=tuple(vr[order].tolist()), labels=tuple(labs_r[i] for i in order),
                        confidence=float(pr.size / n_all))
    return Axis(a=float(a), b=float(b), ticks_px=tuple(p[best_in].tolist()), ticks_value=tuple(v[best_in].tolist()),
                labels=tuple(lab for lab, k in zip(labs, best_in) if k), confidence=conf)


def _one_edit(s: str, t: str) -> bool:
    """Whether ``s`` becomes ``t`` by at most one character inserted, deleted or replaced."""
    if abs(len(s) - len(t)) > 1:
        return False
    if len(s) == len(t):
        return sum(x != y for x, y in zip(s, t)) <= 1
    short, long_ = (s, t) if len(s) < len(t) else (t, s)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _repair(px: np.ndarray, labels: list, p_in: np.ndarray, v_in: np.ndarray, labs_in: list, a: float,
            b: float) -> list:
    """Labels left out of the fit that sit at a tick of the progression the fitted labels form (their values
    evenly stepped, their pixels where the line puts a step) and read one character away from that tick's
    value printed as the others are ("0.900" for "0.00", "1.0" for "10"), or as its digits without the point
    ("50" for "0.50", "100" for "1.00"): (pixel, value, text, counted) each,
    ``counted`` when the reading was a number (already counted among the labels)."""
    vs = np.sort(v_in)
    step = float(np.min(np.diff(vs)))
    if step <= 0 or np.any(np.abs((vs - vs[0]) / step - np.round((vs - vs[0]) / step)) > 0.01):
        return []
    dec = {len(lab.rstrip("%").split(".")[1]) if "." in lab else 0 for lab in labs_in}
    pct = {lab.endswith("%") for lab in labs_in}
    if len(dec) != 1 or len(pct) != 1:
        return []
    d, suffix = dec.pop(), "%" if pct.pop() else ""
    spacing = abs(step / b)
    out = []
    for q, lab in zip(px, labels):
        if np.any(np.abs(p_in - q) <= 0.25 * spacing):
            continue
        k = round((a + b * q - vs[0]) / step)
        tick = vs[0] + k * step
        if abs((a + b * q) - tick) > 0.15 * step:
            continue
        text = lab.replace(" ", "")
        want = f"{tick:.{d}f}{suffix}"
        # one character off, or the same digits with the point (and leading zeros) lost: "50" for "0.50"
        same_digits = re.sub(r"\D", "", text).lstrip("0") == re.sub(r"\D", "", want).lstrip("0")
        if text and (_one_edit(text, want) or (same_digits and re.fullmatch(r"[\d.%]+", text))):
            out.append((float(q), float(round(tick, 10)), lab, parse_number(lab) is not None))
    return out
