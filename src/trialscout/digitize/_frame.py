"""The plot frame of a figure drawn without a pair of axis lines, inferred from what is there.

`find_frame_any` (in ``_axes``) needs a y-axis line and an x-axis line at its foot (dark, grey, the extent of a
grid reaching both, or a filled panel). When it finds none, `infer_frame` puts each edge of the plot area
together from the evidence there is, in this order of preference:

1. an axis line drawn alone (only a y-axis line, only an x-axis line);
2. a panel background rectangle (a large area of one colour other than the figure's);
3. grid lines: the longest horizontal grid lines (solid or dotted) run the panel's full width and give its
   left and right edge, the vertical ones its full height; the first of a run of evenly spaced horizontal
   lines is the panel's top, the last its foot;
4. the tick labels: a right-aligned column of labels left of the plot, a row of evenly spaced labels below it;
5. the extent of the curves (a Kaplan-Meier curve starts at the top left, S=1 at t=0).

Tick marks next to an inferred edge, where there are any, set it exactly (they end at the panel's edge).
Without enough evidence for at least one horizontal and one vertical edge the figure has no plot axes and the
error of `find_frame_any` stands.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import InputError
from ._axes import Frame, _join, group_words, text_boxes

__all__ = ["InferredFrame", "infer_frame"]

_MAX_BOXES = 4000  # more specks than this are noise, not tick labels (and grouping them would take long)
_MAX_WORDS = 400


@dataclass(frozen=True, slots=True)
class InferredFrame:
    """A frame put together from the evidence found, the mask of the lines it was found in, and the kinds of
    evidence used (e.g. ``("grid lines", "tick labels")``)."""

    frame: Frame
    lines: np.ndarray
    sources: tuple


def _background(val: np.ndarray) -> int:
    """The figure's background: the commonest value along the image's border (a panel may fill more of the
    image than the figure around it shows)."""
    border = np.concatenate([val[0], val[-1], val[:, 0], val[:, -1]]).astype(np.int64)
    return int(np.argmax(np.bincount(border, minlength=256)))


def _line_parts(mask: np.ndarray, *, vertical: bool, dotted: bool) -> list[tuple[int, int, int, int]]:
    """Long thin straight lines of ``mask`` (x, y, w, h). With ``dotted`` the gaps of dotted lines are closed
    first, and short pieces (a grid line cut by the curves crossing it) are kept and joined into lines that
    are mostly drawn along their length."""
    import cv2

    h, w = mask.shape
    size = h if vertical else w
    m: np.ndarray = mask.astype(np.uint8)
    k = max(9, min(h, w) // 80)
    if dotted:
        m = cv2.morphologyEx(m, cv2.MORPH_CLOSE,
                             cv2.getStructuringElement(cv2.MORPH_RECT, (1, k) if vertical else (k, 1)))
    piece = max(2 * k, size // 40) if dotted else max(15, size // 6)
    se = cv2.getStructuringElement(cv2.MORPH_RECT, (1, piece) if vertical else (piece, 1))
    op = cv2.morphologyEx(m, cv2.MORPH_OPEN, se)
    n, _, st, _ = cv2.connectedComponentsWithStats(op, connectivity=8)
    thin = max(5, min(h, w) // 150)
    parts = [(int(s[0]), int(s[1]), int(s[2]), int(s[3])) for s in st[1:n]
             if (s[2] if vertical else s[3]) <= thin]
    if not dotted:
        return _join(parts, vertical=vertical, gap=0.06 * size)
    if len(parts) > 500:  # a texture, not lines
        return []
    # pieces along one row (column), in order, joined across gaps up to 6% of the image
    key = (lambda v: (v[0], v[1])) if vertical else (lambda v: (v[1], v[0]))
    out: list[list[int]] = []  # x, y, w, h, drawn length
    for x, y, pw, ph in sorted(parts, key=lambda v: key(v)[1]):
        across, along, length = (x, y, ph) if vertical else (y, x, pw)
        for o in out:
            o_across, o_along, o_len = (o[0], o[1], o[3]) if vertical else (o[1], o[0], o[2])
            if abs(o_across - across) <= 2 and 0 <= along - (o_along + o_len) <= 0.06 * size:
                end = along + length
                if vertical:
                    o[3] = end - o[1]
                    o[2] = max(o[2], pw)
                else:
                    o[2] = end - o[0]
                    o[3] = max(o[3], ph)
                o[4] += length
                break
        else:
            out.append([x, y, pw, ph, length])
    return [(o[0], o[1], o[2], o[3]) for o in out
            if (o[3] if vertical else o[2]) >= size / 6 and o[4] >= 0.6 * (o[3] if vertical else o[2])]


def _grid(lines: list, *, vertical: bool, size: int):
    """The extent (start, end) of a set of grid lines, and the lines of the set: grid lines run the panel's
    full width (height), but curves, bands and labels hide parts of some, never lengthen them, so the panel
    reaches from the first start shared by two long lines to the last end shared by two; the set is the long
    lines starting or ending there. None without two such lines."""
    if not lines:
        return None
    length = (lambda v: v[3]) if vertical else (lambda v: v[2])
    start = (lambda v: v[1]) if vertical else (lambda v: v[0])
    across = (lambda v: v[0]) if vertical else (lambda v: v[1])
    longest = max(length(v) for v in lines)
    long: list = []
    for v in sorted((v for v in lines if length(v) >= 0.5 * longest), key=lambda v: -length(v)):
        if all(abs(across(v) - across(u)) > max(4, 0.02 * size) for u in long):  # one line, not its two rims
            long.append(v)
    tol = max(4, 0.015 * size)
    starts = sorted(start(v) for v in long)
    ends = sorted((start(v) + length(v) - 1 for v in long), reverse=True)
    a = next((x for x in starts if sum(abs(y - x) <= tol for y in starts) >= 2), None)
    b = next((x for x in ends if sum(abs(y - x) <= tol for y in ends) >= 2), None)
    if a is None or b is None or b - a < size / 6:
        return None
    part = [v for v in long if (abs(start(v) - a) <= tol or abs(start(v) + length(v) - 1 - b) <= tol)
            and length(v) >= 0.5 * (b - a)]
    return (a, b, part) if len(part) >= 2 else None


def _even_run(pos: list) -> list:
    """The run of evenly spaced positions from the first one (the plot's grid lines, not a table's below)."""
    pos = sorted(pos)
    if len(pos) < 3:
        return pos
    run = pos[:2]
    step = pos[1] - pos[0]
    for p in pos[2:]:
        if abs(p - run[-1] - step) <= max(3, 0.08 * step):
            run.append(p)
        else:
            break
    return run


def _panel(val: np.ndarray, sat: np.ndarray, bg: int):
    """(left, top, right, bottom) of a large rectangle of one colour other than the background."""
    import cv2

    h, w = val.shape
    counts = np.bincount(val[sat < 40].ravel().astype(np.int64), minlength=256)
    counts[max(0, bg - 3):bg + 4] = 0
    v = int(np.argmax(counts))
    if counts[v] < 0.1 * h * w:
        return None
    m = ((np.abs(val - v) <= 3) & (sat < 40)).astype(np.uint8)
    # white grid lines across it closed, text touching its edge (anti-aliased pixels of its shade) cut off
    m = cv2.morphologyEx(m, cv2.MORPH_CLOSE, np.ones((7, 7), np.uint8))
    m = cv2.morphologyEx(m, cv2.MORPH_OPEN, np.ones((15, 15), np.uint8))
    n, _, st, _ = cv2.connectedComponentsWithStats(m, connectivity=4)
    if n < 2:
        return None
    i = 1 + int(np.argmax(st[1:n, 4]))
    x, y, bw, bh, area = (int(t) for t in st[i])
    if area < 0.1 * h * w or area < 0.8 * bw * bh or bw >= w - 2 or bh >= h - 2:
        return None
    return x, y, x + bw - 1, y + bh - 1


def _tick_labels(ink: np.ndarray):
    """The column of y tick labels (right-aligned words, at least three, evenly spaced) and the row of x tick
    labels (at least three words on one line, evenly spaced) as lists of word boxes; and the text height."""
    h, w = ink.shape
    boxes = text_boxes(ink, (0, 0, w, h))
    if not boxes or len(boxes) > _MAX_BOXES:
        return [], [], 10.0
    hs = [b[3] - b[1] + 1 for b in boxes if 4 <= b[3] - b[1] + 1 <= 0.1 * h]
    if not hs:
        return [], [], 10.0
    ch = float(np.median(hs))
    # a word of tick labels is as tall as the text (tick marks are shorter), on one line
    words = [g for g in group_words(boxes, 0.6 * ch)
             if 0.75 * ch <= g[3] - g[1] + 1 <= 2.2 * ch and g[2] - g[0] + 1 <= 6 * ch]
    if len(words) > _MAX_WORDS:  # a page of text or specks, not a figure's labels
        return [], [], ch

    def even(items: list, key) -> list:
        """The longest run of consecutive items (in the order of ``key``) evenly spaced, at least three."""
        items = sorted(items, key=key)
        best: list = []
        for i in range(len(items) - 2):
            run = items[i:i + 2]
            step = key(run[1]) - key(run[0])
            if step <= ch:
                continue
            for u in items[i + 2:]:
                if abs(key(u) - key(run[-1]) - step) <= max(3, 0.15 * step):
                    run.append(u)
                else:
                    break
            if len(run) >= 3 and len(run) > len(best):
                best = run
        return best

    col: list = []
    for g in words:
        same = even([u for u in words if abs(u[2] - g[2]) <= max(2, 0.4 * ch) and u[0] < 0.6 * w],
                    lambda u: (u[1] + u[3]) / 2)
        if len(same) > len(col):
            col = same
    rows = []
    for g in words:
        same = even([u for u in words if abs((u[1] + u[3]) / 2 - (g[1] + g[3]) / 2) <= 0.3 * ch],
                    lambda u: (u[0] + u[2]) / 2)
        if same:
            rows.append(same)
    if col:
        foot = max((u[1] + u[3]) / 2 for u in col)
        rows = [r for r in rows if min(u[1] for u in r) > foot and min(u[0] for u in r) > min(u[0] for u in col)]
    row = min(rows, key=lambda r: min(u[1] for u in r)) if rows else []
    return col, row, ch


def _snap_left(dark: np.ndarray, lo: int, hi: int, top: int, bottom: int, ch: float) -> int | None:
    """One past the right end of the y tick marks (short horizontal strokes, at least three, ending in one
    column) in columns ``lo``..``hi``; None without such marks."""
    import cv2

    lo = max(0, lo)
    sub = dark[max(0, top - 2):bottom + 3, lo:max(lo, hi) + 1].astype(np.uint8)
    if sub.size == 0:
        return None
    n, _, st, _ = cv2.connectedComponentsWithStats(sub, connectivity=8)
    ends = [int(s[0] + s[2] - 1) for s in st[1:n] if max(3, 0.3 * ch) <= s[2] <= 0.8 * ch and s[2] >= 1.5 * s[3]]
    for e in sorted(set(ends), reverse=True):
        if sum(abs(x - e) <= 1 for x in ends) >= 3:
            return lo + e + 1
    return None


def _snap_bottom(dark: np.ndarray, lo: int, hi: int, left: int, right: int, ch: float) -> int | None:
    """One above the top of the x tick marks (short vertical strokes, at least three, starting in one row) in
    rows ``lo``..``hi``; None without such marks."""
    import cv2

    lo = max(0, lo)
    sub = dark[lo:max(lo, hi) + 1, max(0, left - 2):right + 3].astype(np.uint8)
    if sub.size == 0:
        return None
    n, _, st, _ = cv2.connectedComponentsWithStats(sub, connectivity=8)
    tops = [int(s[1]) for s in st[1:n] if max(3, 0.3 * ch) <= s[3] <= 0.8 * ch and s[3] >= 1.5 * s[2]]
    for t in sorted(set(tops)):
        if sum(abs(y - t) <= 1 for y in tops) >= 3:
            return lo + t - 1
    return None


def infer_frame(img: np.ndarray, val: np.ndarray, sat: np.ndarray, dark: np.ndarray,
                error: InputError) -> InferredFrame:
    """The frame of a figure without a pair of axis lines (see the module's text); raises ``error`` when the
    figure holds too little for one."""
    h, w = val.shape
    bg = _background(val)
    grey = (val < bg - 10) & (sat < 60)
    if grey.mean() > 0.4:  # not lines on a background: noise, a photograph
        raise error
    edge: dict = {}
    src: dict = {}

    def put(name: str, value, source: str) -> None:
        if name not in edge and value is not None:
            edge[name], src[name] = int(round(value)), source

    # 1. an axis line drawn alone
    lw = 1
    dv = [v for v in _line_parts(dark, vertical=True, dotted=False) if v[3] >= h / 4]
    dh = [v for v in _line_parts(dark, vertical=False, dotted=False) if v[2] >= w / 4]
    if dv:
        tall = max(v[3] for v in dv)
        x, y, vw, vh = min((v for v in dv if v[3] >= 0.8 * tall), key=lambda v: v[0])
        put("left", x + vw - 1, "the y-axis line")
        put("top", y, "the y-axis line")
        put("bottom", y + vh - 1, "the y-axis line")
        lw = max(1, vw)
    if dh:
        longest = max(v[2] for v in dh)
        x, y, hw, hh = min((v for v in dh if v[2] >= 0.8 * longest), key=lambda v: v[1])
        edge.pop("bottom", None)  # the x-axis line sets the foot, not the y-axis line's end
        put("bottom", y, "the x-axis line")
        put("left", x, "the x-axis line")
        put("right", x + hw - 1, "the x-axis line")
        lw = max(lw, hh)
    # 2. a panel rectangle
    panel = _panel(val, sat, bg)
    if panel is not None:
        for name, v in zip(("left", "top", "right", "bottom"), panel):
            put(name, v, "the panel background")
    # 3. grid lines (light: the dark ink of tick labels and curves, and its anti-aliased rim, is left out, so
    # that closing the gaps of a dotted line does not join a label to it)
    import cv2

    near = cv2.dilate((dark | (sat >= 60)).astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    light = grey & ~near  # also the pale rim of a coloured curve, which runs along it like two thin lines
    hg = _grid(_line_parts(light, vertical=False, dotted=True), vertical=False, size=w)
    vg = _grid(_line_parts(light, vertical=True, dotted=True), vertical=True, size=h)
    if vg is not None:
        put("top", vg[0], "grid lines")
        put("bottom", vg[1], "grid lines")
    grid_foot = None
    if hg is not None:
        put("left", hg[0], "grid lines")
        put("right", hg[1], "grid lines")
        run = _even_run([v[1] + v[3] // 2 for v in hg[2]])
        put("top", run[0], "grid lines")
        grid_foot = max(v[1] + v[3] - 1 for v in hg[2] if v[1] + v[3] // 2 == run[-1])
    # 4. tick labels
    ink = img.min(axis=2) < 150
    col, row, ch = _tick_labels(ink)
    if col:
        put("left", max(u[2] for u in col) + max(2, 0.5 * ch), "tick labels")
        put("top", min((u[1] + u[3]) / 2 for u in col) - 0.5 * ch, "tick labels")
    if row:
        top_row = min(u[1] for u in row)
        if grid_foot is not None:
            # the foot lies between the last grid line and the x tick labels
            put("bottom", max(grid_foot, top_row - max(3, 0.5 * ch)), "grid lines")
        put("bottom", top_row - max(2, 0.5 * ch), "tick labels")
        cx = sorted((u[0] + u[2]) / 2 for u in row)
        # the last label, or as far as the curves go on past it (up to most of a label spacing)
        reach = int(cx[-1] + 0.6 * (cx[-1] - cx[-2]))
        y_a, y_b = int(edge.get("top", 0)), int(edge.get("bottom", top_row))
        past = (((sat > 90) & (val > 60)) | dark)[max(0, y_a):max(0, y_b), int(cx[-1]) + 1:min(w, reach + 1)]
        more = np.flatnonzero(past.any(axis=0)) if past.size else np.zeros(0, int)
        put("right", cx[-1] + (more[-1] + 2 if more.size else 0), "tick labels")
    if grid_foot is not None:
        put("bottom", grid_foot, "grid lines")
    # 5. the curves' extent, only to complete a frame found otherwise
    if not ({"left", "right"} & edge.keys()) or not ({"top", "bottom"} & edge.keys()):
        raise error
    x0, x1 = edge.get("left", 0), edge.get("right", w - 1)
    y0, y1 = edge.get("top", 0), edge.get("bottom", h - 1)
    strong = ((sat > 90) & (val > 60)) | dark
    sub = strong[max(0, y0):y1 + 1, max(0, x0):x1 + 1]
    cols, rows_ = np.flatnonzero(sub.any(axis=0)), np.flatnonzero(sub.any(axis=1))
    if cols.size and rows_.size:
        put("left", x0 + cols[0] - 1, "the curves")
        put("right", x0 + cols[-1] + 1, "the curves")
        put("top", y0 + rows_[0] - 1, "the curves")
        put("bottom", y0 + rows_[-1] + 1, "the curves")
    if len(edge) < 4:
        raise error
    # tick marks end at the panel's edge: they set an edge inferred from the grid or the labels exactly
    # (and the end of a lone axis line, which the tick mark at its end lengthens)
    if src["left"] != "the y-axis line":
        # the marks lie left of the panel: at most a dot's period (a dotted grid line starting with a gap) or a
        # tick's length (past the labels; the x-axis line lengthened by the mark at its end) right of the edge
        reach = int(max(8, 2 * ch))
        right_of = max(9, min(h, w) // 80) + 2 if src["left"] in ("grid lines", "the panel background") else ch
        snap = _snap_left(dark, edge["left"] - reach, int(edge["left"] + right_of), edge["top"], edge["bottom"],
                          ch)
        edge["left"] = snap if snap is not None else edge["left"]
    if src["bottom"] != "the x-axis line":
        reach = int(max(8, 1.5 * ch))
        lo = grid_foot + 1 if grid_foot is not None else edge["bottom"] - reach
        hi = int(min((u[1] for u in row), default=edge["bottom"] + reach)) - 1
        snap = _snap_bottom(dark, int(lo), hi, edge["left"], edge["right"], ch)
        edge["bottom"] = snap if snap is not None else edge["bottom"]
    left, right, top, bottom = edge["left"], edge["right"], edge["top"], edge["bottom"]
    left, top = max(0, left), max(0, top)
    right, bottom = min(w - 1, right), min(h - 1, bottom)
    if right - left < 0.15 * w or bottom - top < 0.15 * h:
        raise error
    sources = tuple(dict.fromkeys(src[k] for k in ("left", "right", "top", "bottom")))
    return InferredFrame(frame=Frame(left=left, right=right, top=top, bottom=bottom, line_width=lw), lines=dark,
                         sources=sources)
