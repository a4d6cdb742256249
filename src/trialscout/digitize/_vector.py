"""Vector figures read exactly: a Kaplan–Meier figure given as paths and text runs (a PDF page, an SVG)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import numpy as np

from .._validate import InputError
from ._axes import Axis, calibrate, parse_number


@dataclass(frozen=True, slots=True)
class VPath:
    """One drawn path in figure units, y growing downwards."""

    subpaths: tuple          # of (N, 2) arrays
    stroke: str | None       # "#rrggbb", None when not stroked
    fill: str | None         # "#rrggbb", None when not filled
    fill_alpha: float
    width: float
    dashed: tuple            # the dash pattern; () for a solid line


@dataclass(frozen=True, slots=True)
class VText:
    """A run of text: its box in figure units (y downwards), colour and font size."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    colour: str
    size: float
    vertical: bool = False

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(frozen=True, slots=True)
class Primitives:
    paths: tuple
    texts: tuple
    width: float
    height: float
    images: int = 0


# -- reading the figure from its primitives -----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class VCurve:
    colour: str
    dashed: tuple
    width: float
    points: np.ndarray       # (N, 2) figure units, left to right
    time: np.ndarray
    survival: np.ndarray
    censor_times: np.ndarray
    legend: str
    row: tuple | None        # (label, times, counts, y)


@dataclass(frozen=True, slots=True)
class VectorRead:
    x_axis: Axis
    y_axis: Axis
    frame: tuple             # left, right, top, bottom in figure units
    curves: tuple            # of VCurve, in legend order when there is a legend
    text_in_plot: str
    warnings: tuple


def _hex_rgb(c: str) -> np.ndarray:
    return np.array([int(c[i:i + 2], 16) for i in (1, 3, 5)], float)


def _achromatic(c: str) -> bool:
    v = _hex_rgb(c)
    return float(v.max() - v.min()) < 30


def _segments(paths) -> list:
    """(x0, y0, x1, y1, path) of every straight piece of the stroked subpaths with at most 6 points."""
    out = []
    for p in paths:
        if p.stroke is None or _hex_rgb(p.stroke).min() > 215:  # white or faint: a background or a grid
            continue
        for s in p.subpaths:
            if len(s) > 6:
                continue
            for a, b in zip(s[:-1], s[1:]):
                out.append((float(a[0]), float(a[1]), float(b[0]), float(b[1]), p))
    return out


def _find_frame(paths, width: float, height: float) -> tuple:
    segs = _segments(paths)
    vert = [(min(y0, y1), max(y0, y1), x0) for x0, y0, x1, y1, _ in segs
            if abs(x1 - x0) < 1e-3 * width and abs(y1 - y0) > 0.1 * height]
    horiz = [(min(x0, x1), max(x0, x1), y0) for x0, y0, x1, y1, _ in segs
             if abs(y1 - y0) < 1e-3 * height and abs(x1 - x0) > 0.1 * width]
    if not vert or not horiz:
        raise InputError("no plot axes found in the vector figure (no long vertical and horizontal lines)")
    tall = max(b - a for a, b, _ in vert)
    best = None
    for top, bot, x in sorted(vert, key=lambda v: v[2]):
        if bot - top < 0.6 * tall:
            continue
        for x0, x1, y in horiz:
            # the x-axis runs right from (about) the y-axis, at (about) its foot
            if abs(y - bot) <= 0.12 * (bot - top) and x0 <= x + 0.05 * width and x1 > x + 0.3 * (x1 - x0):
                score = (bot - top) * (x1 - x)
                if best is None or score > best[0] * 1.05:
                    best = (score, x, x1, top, y, bot)
        if best is not None:
            break
    if best is None:
        raise InputError("no plot axes found in the vector figure (no x-axis line at the foot of the y-axis)")
    _, left, right, top, bottom, _ = best
    return float(left), float(right), float(top), float(bottom)


def _ticks(paths, frame: tuple, which: str) -> np.ndarray:
    """Positions of the short tick marks perpendicular to an axis line and touching it."""
    left, right, top, bottom = frame
    span = (right - left) if which == "x" else (bottom - top)
    out = []
    for x0, y0, x1, y1, _ in _segments(paths):
        if which == "x" and abs(x1 - x0) < 1e-6 * span and 0 < abs(y1 - y0) < 0.06 * span:
            if min(abs(y0 - bottom), abs(y1 - bottom)) < 0.01 * span and left - 1e-6 <= x0 <= right + 0.02 * span:
                out.append(x0)
        if which == "y" and abs(y1 - y0) < 1e-6 * span and 0 < abs(x1 - x0) < 0.06 * span:
            if min(abs(x0 - left), abs(x1 - left)) < 0.01 * span and top - 0.02 * span <= y0 <= bottom + 1e-6:
                out.append(y0)
    return np.unique(np.round(np.asarray(out, float), 4))


def _rows(texts, tol: float) -> list[list]:
    """Texts grouped into lines by their vertical centres."""
    out: list[list] = []
    for t in sorted(texts, key=lambda t: t.cy):
        if out and abs(t.cy - out[-1][-1].cy) < tol * max(t.size, out[-1][-1].size):
            out[-1].append(t)
        else:
            out.append([t])
    return [sorted(r, key=lambda t: t.x0) for r in out]


def _snap(pos: float, ticks: np.ndarray, reach: float) -> float:
    if ticks.size:
        k = int(np.argmin(np.abs(ticks - pos)))
        if abs(ticks[k] - pos) <= reach:
            return float(ticks[k])
    return pos


def _exact(ax: Axis) -> Axis:
    """The calibration refitted on the labels that lie on it to within 1% of their spacing (drawn positions are
    exact, so a label further off is not a tick label)."""
    p, v = np.asarray(ax.ticks_px, float), np.asarray(ax.ticks_value, float)
    if p.size < 3:
        return ax
    spacing = float(np.median(np.abs(np.diff(np.sort(p)))))
    ok = np.abs(ax.value(p) - v) / abs(ax.b) <= 0.01 * spacing
    for _ in range(2):
        if ok.sum() < 2 or ok.all():
            break
        b, a = np.polyfit(p[ok], v[ok], 1)
        ok = np.abs(a + b * p - v) / abs(b) <= 0.01 * spacing
    if ok.sum() < 2 or ok.all():
        return ax
    b, a = np.polyfit(p[ok], v[ok], 1)
    return Axis(a=float(a), b=float(b), ticks_px=tuple(p[ok].tolist()), ticks_value=tuple(v[ok].tolist()),
                labels=tuple(lab for lab, k in zip(ax.labels, ok) if k), confidence=ax.confidence * float(ok.mean()))


def _calibrate_axes(prims, frame, x_range, y_range):
    left, right, top, bottom = frame
    fw, fh = right - left, bottom - top
    nums = [t for t in prims.texts if not t.vertical and parse_number(t.text) is not None]
    # x tick labels: the first line of numbers under the x-axis line
    below = [t for t in nums if bottom < t.cy < bottom + 0.25 * fh and left - 0.05 * fw <= t.cx <= right + 0.05 * fw]
    x_rows = [r for r in _rows(below, 0.4) if len(r) >= 2]
    xt = _ticks(prims.paths, frame, "x")
    yt = _ticks(prims.paths, frame, "y")
    label_row: list = x_rows[0] if x_rows else []
    if x_range is not None:
        x_axis = Axis(a=x_range[0] - (x_range[1] - x_range[0]) / fw * left, b=(x_range[1] - x_range[0]) / fw,
                      ticks_px=(left, right), ticks_value=tuple(x_range), labels=(), confidence=1.0)
    else:
        if not label_row:
            raise InputError("the x tick labels could not be read; give the axis range with --x-range A,B")
        xp = [_snap(t.cx, xt, 0.25 * (t.x1 - t.x0) + 0.3 * t.size) for t in label_row]
        x_axis = _exact(calibrate(xp, [parse_number(t.text) for t in label_row], [t.text for t in label_row], "x"))
    # y tick labels: the column of numbers just left of the y-axis line
    side = [t for t in nums if t.x1 < left + 0.01 * fw and t.x1 > left - 0.25 * fw
            and top - 0.05 * fh <= t.cy <= bottom + 0.5 * t.size and not any(t is u for u in label_row)]
    if side:
        edge = max(t.x1 for t in side)
        side = [t for t in side if t.x1 > edge - 2.5 * t.size]
    if y_range is not None:
        ya, yb = (float(v) for v in y_range)
        y_axis = Axis(a=ya - (yb - ya) / (top - bottom) * bottom, b=(yb - ya) / (top - bottom),
                      ticks_px=(bottom, top), ticks_value=(ya, yb), labels=(), confidence=1.0)
    else:
        if len(side) < 2:
            raise InputError("the y tick labels could not be read; give the axis range with --y-range A,B")
        yp = [_snap(t.cy, yt, 0.4 * t.size) for t in side]
        y_axis = _exact(calibrate(yp, [parse_number(t.text) for t in side], [t.text for t in side], "y"))
    if max(abs(v) for v in y_axis.ticks_value) > 1.5:
        y_axis = Axis(a=y_axis.a / 100, b=y_axis.b / 100, ticks_px=y_axis.ticks_px,
                      ticks_value=tuple(v / 100 for v in y_axis.ticks_value), labels=y_axis.labels,
                      confidence=y_axis.confidence, percent=True)
    return x_axis, y_axis, label_row


def _staircase(pts: np.ndarray, frame: tuple) -> np.ndarray | None:
    """The points of a subpath that runs left to right without rising, cut to the frame; None otherwise."""
    left, right, top, bottom = frame
    fw, fh = right - left, bottom - top
    if len(pts) < 3:
        return None
    dx, dy = np.diff(pts[:, 0]), np.diff(pts[:, 1])
    tol = 1e-3 * max(fw, fh)
    if np.any(dx < -tol) or np.any(dy < -tol):
        return None
    if np.sum(dy > tol) < 2 or pts[-1, 0] - pts[0, 0] < 0.15 * fw:
        return None
    if pts[0, 0] > right or pts[-1, 0] < left or pts[:, 1].min() > bottom + tol or pts[:, 1].max() < top - 5 * tol:
        return None
    p = _square(pts, tol)
    if p[-1, 0] > right + tol:  # drawn on beyond the x-axis' end (clipped in the figure)
        k = int(np.searchsorted(p[:, 0], right, side="right"))
        p = np.vstack([p[:k], [[right, p[k - 1, 1]]]]) if k > 0 else p[:1]
    return p


def _square(pts: np.ndarray, tol: float) -> np.ndarray:
    """A slanted piece of a staircase (steps merged by a writer's path simplification) becomes one step at its
    middle level: the drop is split between its two ends."""
    out = [pts[0]]
    for a, b in zip(pts[:-1], pts[1:]):
        if b[0] - a[0] > tol and b[1] - a[1] > tol:
            mid = (a[1] + b[1]) / 2
            out += [np.array([a[0], mid]), np.array([b[0], mid])]
        out.append(b)
    return np.asarray(out, float)


def _chain(pieces: list, tol: float) -> list:
    """Pieces of one style joined where one ends where the next begins."""
    pieces = sorted(pieces, key=lambda q: q[0, 0])
    out: list = []
    for q in pieces:
        if out and np.all(np.abs(out[-1][-1] - q[0]) < tol):
            out[-1] = np.vstack([out[-1], q[1:]])
        else:
            out.append(q)
    return out


def _level(points: np.ndarray, x: float) -> float:
    """The y of a staircase at x (the last point at or before x)."""
    k = int(np.searchsorted(points[:, 0], x, side="right")) - 1
    return float(points[max(k, 0), 1])


def _between(a: np.ndarray, b: np.ndarray) -> int:
    """+1 when staircase ``a`` lies on or below ``b`` (in y-down units: a's survival <= b's) wherever both are
    drawn, -1 when on or above, 0 when they cross."""
    lo, hi = max(a[0, 0], b[0, 0]), min(a[-1, 0], b[-1, 0])
    if hi <= lo:
        return 0
    xs = np.unique(np.concatenate([a[:, 0], b[:, 0]]))
    xs = xs[(xs >= lo) & (xs <= hi)]
    d = np.array([_level(a, x) - _level(b, x) for x in xs])
    tol = 1e-6 * (abs(a[:, 1]).max() + 1)
    if np.all(d >= -tol):
        return 1
    if np.all(d <= tol):
        return -1
    return 0


def _curves(prims, frame) -> list:
    """Candidate curves: staircases grouped by (colour, dash, width); CI bounds left out."""
    left, right, top, bottom = frame
    tol = 1e-3 * max(right - left, bottom - top)
    groups: dict = {}
    for p in prims.paths:
        if p.stroke is None or p.width <= 0:
            continue
        for s in p.subpaths:
            st = _staircase(np.asarray(s, float), frame)
            if st is not None:
                groups.setdefault((p.stroke, p.dashed, round(p.width, 2)), []).append(st)
    cands = []
    for (col, dashed, w), pieces in groups.items():
        for c in _chain(pieces, 2 * tol):
            if c[-1, 0] - c[0, 0] >= 0.2 * (right - left):
                cands.append((col, dashed, w, c))
    # confidence limits: two staircases of one colour and style bracketing a third staircase of that colour
    ci: set = set()
    for j, (col, _, _, mid) in enumerate(cands):
        if j in ci:
            continue
        for i, a in enumerate(cands):
            for k, b in enumerate(cands):
                if len({i, j, k}) < 3 or a[0] != col or b[0] != col or (a[1], a[2]) != (b[1], b[2]) or j in ci:
                    continue
                if _between(a[3], mid) == 1 and _between(b[3], mid) == -1:
                    ci.update((i, k))
    return [c for i, c in enumerate(cands) if i not in ci]


def _marks(prims, frame, curves: list) -> list[np.ndarray]:
    """Censoring-mark times of each curve: short strokes or "+"/"|" characters of its colour centred on it."""
    left, right, top, bottom = frame
    fw = right - left
    centres: list = []  # (x, y, size, colour)
    for p in prims.paths:
        if p.stroke is None:
            continue
        a = np.vstack(p.subpaths)
        ext = a.max(0) - a.min(0)
        if 0 < ext.max() < 0.04 * fw and left <= a[:, 0].mean() <= right + 0.02 * fw:
            c = (a.max(0) + a.min(0)) / 2
            centres.append((float(c[0]), float(c[1]), float(ext.max()), p.stroke))
    # a "+" drawn as two separate strokes: the bar and the stem share their centre
    merged: list = []
    for c in sorted(centres):
        for j in range(len(merged) - 1, -1, -1):
            m = merged[j]
            if c[0] - m[0] >= 0.02 * c[2]:
                merged.append(c + (1,))
                break
            if m[3] == c[3] and abs(m[1] - c[1]) < 0.02 * c[2] and m[4] < 2:
                merged[j] = m[:4] + (2,)
                break
        else:
            merged.append(c + (1,))
    centres = [c[:4] for c in merged]
    for t in prims.texts:
        if t.text in ("+", "|") and left <= t.cx <= right + 0.02 * fw and top - 0.02 * fw <= t.cy <= bottom:
            centres.append((t.cx, t.cy, t.y1 - t.y0, t.colour))
    out: list[list] = [[] for _ in curves]
    for x, y, size, col in centres:
        best = None
        for i, (ccol, _, _, pts) in enumerate(curves):
            if ccol != col or not (pts[0, 0] - 1e-6 <= x <= pts[-1, 0] + 1e-6):
                continue
            # on the curve: at its level there, or on the vertical drop at x
            k = np.searchsorted(pts[:, 0], [x - 1e-9 * fw, x + 1e-9 * fw])
            lv = [_level(pts, x)] + [float(v) for v in pts[max(k[0] - 1, 0):k[1] + 1, 1]]
            d = min(abs(y - v) for v in lv)
            if d <= max(0.6 * size, 1e-3 * fw) and (best is None or d < best[0]):
                best = (d, i)
        if best is not None:
            out[best[1]].append(x)
    res = []
    for found in out:
        xs = np.sort(np.asarray(found, float))
        if xs.size:
            keep = np.concatenate([[True], np.diff(xs) > 1e-6 * fw])
            xs = xs[keep]
        res.append(xs)
    return res


def _legend(prims, frame, curves: list) -> list[tuple[str, float]]:
    """Each curve's legend label and the key's height: a short horizontal stroke of the curve's style with
    a text just right of it."""
    left, right, top, bottom = frame
    fw = right - left
    words = [t for t in prims.texts if not t.vertical and t.text not in ("+", "|") and parse_number(t.text) is None]
    out = []
    for col, dashed, w, _ in curves:
        best = None
        for x0, y0, x1, y1, p in _segments(prims.paths):
            if p.stroke != col or p.dashed != dashed or abs(round(p.width, 2) - w) > 1e-6:
                continue
            if abs(y1 - y0) > 1e-6 * fw or not 0.01 * fw < abs(x1 - x0) < 0.2 * fw:
                continue
            xe = max(x0, x1)
            for t in words:
                gap = t.x0 - xe
                if -0.1 * t.size <= gap < 3 * t.size and abs(t.cy - y0) < 0.6 * t.size:
                    if best is None or gap < best[0]:
                        best = (gap, t.text, y0)
        out.append((best[1], best[2]) if best else ("", np.inf))
    return out


def _table(prims, frame, x_axis: Axis, label_row: list) -> list:
    """At-risk rows: lines of whole numbers under the x tick labels, one under each of several ticks, with
    the row label left of them. Returns (label, label colour, cell colour, times, counts, y)."""
    left, right, top, bottom = frame
    fw = right - left
    start = max((t.y1 for t in label_row), default=bottom)
    ticks_v = np.asarray(x_axis.ticks_value, float)
    if ticks_v.size >= 2:
        step = float(np.median(np.diff(np.sort(ticks_v))))
        lo, hi = float(x_axis.value(left)), float(x_axis.value(right))
        grid = np.arange(np.ceil(lo / step - 0.01) * step, hi + 0.01 * step, step)
    else:
        grid = ticks_v
    gpx = x_axis.pixel(grid) if grid.size else np.zeros(0)
    spacing = float(np.median(np.diff(gpx))) if gpx.size > 1 else fw
    below = [t for t in prims.texts if not t.vertical and t.cy > start]
    rows = []
    for line in _rows(below, 0.4):
        cells = [t for t in line
                 if re.fullmatch(r"\d+", t.text) and left - 0.3 * spacing <= t.cx <= right + 0.3 * spacing]
        times, counts = [], []
        for c in cells:
            k = int(np.argmin(np.abs(gpx - c.cx))) if gpx.size else -1
            if k >= 0 and abs(gpx[k] - c.cx) < 0.3 * spacing:
                times.append(float(grid[k]) + 0.0)
                counts.append(int(c.text))
        if len(times) < 2 or len(set(times)) != len(times):
            continue
        if all(abs(a - b) < 1e-9 for a, b in zip(times, counts)):
            continue  # the tick labels of the table's own x-axis
        first = min(c.x0 for c in cells)
        labels = [t for t in line if t.x1 <= first + 1e-6 and not re.fullmatch(r"\d+", t.text)]
        lab = max(labels, key=lambda t: t.x1) if labels else None
        rows.append((lab.text if lab else "", lab.colour if lab else "", cells[0].colour, times, counts,
                     float(np.mean([c.cy for c in cells]))))
    return rows


def read_vector(prims: Primitives, *, x_range=None, y_range=None) -> VectorRead:
    """Axes, curves, censoring marks, legend and at-risk table of a figure given as paths and text."""
    frame = _find_frame(prims.paths, prims.width, prims.height)
    left, right, top, bottom = frame
    x_axis, y_axis, label_row = _calibrate_axes(prims, frame, x_range, y_range)
    cands = _curves(prims, frame)
    if not cands:
        raise InputError("no survival curve found in the vector figure")
    msgs: list[str] = []
    marks = _marks(prims, frame, cands)
    legend = _legend(prims, frame, cands)
    rows = _table(prims, frame, x_axis, label_row)
    # rows to curves: by colour, then by label, then in order (legend keys top to bottom)
    tied: dict = {}
    free_rows = list(range(len(rows)))
    for i, (col, _, _, _) in enumerate(cands):
        if _achromatic(col):
            continue
        for j in free_rows:
            if col in (rows[j][1], rows[j][2]) and sum(c[0] == col for c in cands) == 1:
                tied[i] = j
                free_rows.remove(j)
                break
    for i in range(len(cands)):
        if i in tied or not legend[i][0]:
            continue
        for j in free_rows:
            if rows[j][0] and rows[j][0].strip().lower() == legend[i][0].strip().lower():
                tied[i] = j
                free_rows.remove(j)
                break
    order = sorted(range(len(cands)), key=lambda i: (legend[i][1], i))
    for i in order:
        if i not in tied and free_rows:
            tied[i] = free_rows.pop(0)
    if rows and len(rows) != len(cands):
        msgs.append(f"{len(rows)} at-risk row(s) read for {len(cands)} curve(s)")
    curves = []
    for i in order:
        col, dashed, w, pts = cands[i]
        t = x_axis.value(pts[:, 0])
        s = np.clip(y_axis.value(pts[:, 1]), 0.0, 1.0)
        row = rows[tied[i]] if i in tied else None
        curves.append(VCurve(colour=col, dashed=dashed, width=w, points=pts, time=t, survival=s,
                             censor_times=x_axis.value(marks[i]) if marks[i].size else np.zeros(0),
                             legend=legend[i][0],
                             row=(row[0], row[3], row[4], row[5]) if row else None))
    inside = [t.text for t in prims.texts if left <= t.cx <= right and top <= t.cy <= bottom
              and re.search(r"(?i)\b(hr|p|ci|hazard|log-?rank)\b", t.text)]
    return VectorRead(x_axis=x_axis, y_axis=y_axis, frame=frame, curves=tuple(curves),
                      text_in_plot="\n".join(inside), warnings=tuple(msgs))


def to_digitization(read: VectorRead, image: np.ndarray, scale: float, source: str, *, arms=None, n=None,
                    events=None, warnings=()):
    """The :class:`~._figure.Digitization` of a vector read; ``image`` is the figure rendered at ``scale``
    pixels per figure unit (for the overlay)."""
    from ._figure import DigitizedArm, Digitization

    msgs = list(warnings) + list(read.warnings)
    names = [c.legend or (c.row[0] if c.row else "") for c in read.curves]
    if arms is not None:
        arms = [str(a) for a in arms]
        if len(arms) != len(names):
            raise InputError(f"`arms` names {len(arms)} arm(s) but {len(names)} curve(s) were found in the figure")
        order = sorted(range(len(names)), key=lambda i: read.curves[i].row[3] if read.curves[i].row else i)
        for a, i in zip(arms, order):
            names[i] = a
    else:
        for i, nm in enumerate(names):
            if not nm:
                names[i] = f"arm{i + 1}"
                msgs.append(f"curve {i + 1} has no label; name the arms with --arms A,B,...")
        seen: set = set()
        for i, nm in enumerate(names):
            if nm in seen:
                msgs.append(f"two curves read the same label {nm!r}; name the arms with --arms A,B,...")
                names[i] = f"{nm} ({i + 1})"
            seen.add(names[i])
    for d, opt in ((n, "n"), (events, "events")):
        for key in (d or {}):
            if key not in names:
                raise InputError(f"`{opt}` names arm {key!r}, which is not one of the arms read: {', '.join(names)}")
    out = []
    any_rows = any(c.row for c in read.curves)
    for c, nm in zip(read.curves, names):
        rt = np.asarray(c.row[1], float) if c.row else np.zeros(0)
        nr = np.asarray(c.row[2], float) if c.row else np.zeros(0)
        nn = (n or {}).get(nm)
        if nn is not None and nr.size and rt[0] == 0 and nr[0] != nn:
            msgs.append(f"arm {nm!r}: the at-risk count {int(nr[0])} read at time 0 is replaced by --n {nn}")
            nr = nr.copy()
            nr[0] = nn
        if c.row is None and any_rows and nn is None:
            msgs.append(f"arm {nm!r} has no at-risk row; give its size with --n {nm}=N")
        out.append(DigitizedArm(name=nm, time=c.time, survival=c.survival, censor_times=np.sort(c.censor_times),
                                risk_times=rt, n_risk=nr, events=(events or {}).get(nm), n=nn, colour=c.colour,
                                style="dashed" if c.dashed else "solid",
                                confidence={"curve": 1.0, "legend": 1.0 if c.legend else 0.0,
                                            "at_risk": 1.0 if c.row else 0.0,
                                            "x_axis": round(read.x_axis.confidence, 3),
                                            "y_axis": round(read.y_axis.confidence, 3)}))

    def axis(ax: Axis) -> dict:
        return {"value_at_pixel_0": ax.a, "per_pixel": ax.b / scale, "ticks_pixel": [p * scale for p in ax.ticks_px],
                "ticks_value": list(ax.ticks_value), "labels_read": list(ax.labels), "percent": ax.percent,
                "confidence": round(ax.confidence, 3), "source": source}

    left, right, top, bottom = (float(v) * scale for v in read.frame)
    return Digitization(arms=tuple(out), x_axis=axis(read.x_axis), y_axis=axis(read.y_axis),
                        frame={"left": left, "right": right, "top": top, "bottom": bottom, "line_width": 0,
                               "source": f"{source} (vector, exact)"},
                        text_in_plot=read.text_in_plot, warnings=tuple(msgs), image_size=image.shape[:2], _image=image)


def has_vector_content(prims: Primitives) -> bool:
    """Enough drawing to read: a few long paths and some text, and no embedded image."""
    long_paths = sum(1 for p in prims.paths if p.stroke is not None for s in p.subpaths if len(s) >= 8)
    return prims.images == 0 and long_paths >= 1 and len(prims.texts) >= 4


def digitize_pdf_vector(path, page, *, arms=None, x_range=None, y_range=None, n=None, events=None):
    """A PDF page read from its paths and text; None when the page has too little vector drawing (an
    embedded image, a scan). An unreadable vector page raises InputError."""
    from ._pdfvector import pdf_primitives, render_page

    prims = pdf_primitives(path, page)
    msgs = []
    if len(prims.texts) < 4 and prims.images == 0:
        glyphs = _outlined_text(prims)
        if glyphs:
            from ._svgvector import glyph_texts

            more, used = glyph_texts(glyphs)
            prims = dataclasses.replace(prims, texts=prims.texts + tuple(more))
            if used:
                msgs.append("the page's text is drawn as outlines: its labels were read by OCR (the curves are exact)")
    if not has_vector_content(prims):
        return None
    read = read_vector(prims, x_range=x_range, y_range=y_range)
    scale = 2.0
    return to_digitization(read, render_page(path, page, scale), scale, "pdf", arms=arms, n=n, events=events,
                           warnings=msgs)


def _outlined_text(prims: Primitives) -> list:
    """Small opaque filled shapes without a stroke, taken as the glyphs of text converted to outlines: (shape
    key, outline, colour, rotated). The key is the outline's shape, so that every use of a glyph shares it."""
    out = []
    big = 0.04 * max(prims.width, prims.height)
    for p in prims.paths:
        if p.fill is None or p.stroke is not None or p.fill_alpha < 0.5 or _hex_rgb(p.fill).min() > 215:
            continue
        pts = np.vstack(p.subpaths)
        ext = pts.max(0) - pts.min(0)
        if not (0 < ext.max() < big):
            continue
        key = hash((p.fill, tuple(np.round((pts - pts.min(0)) * 4).astype(int).ravel().tolist())))
        out.append((key, list(p.subpaths), p.fill, False))
    return out


def render(prims: Primitives, scale: float, outlines: tuple = ()) -> np.ndarray:
    """The figure drawn from its primitives as a BGR image (for the overlay, and for reading an SVG as an
    image when its vectors cannot be read): fills, strokes, glyph outlines and text runs."""
    import cv2

    w, h = max(int(prims.width * scale), 60), max(int(prims.height * scale), 60)
    img: np.ndarray = np.full((h, w, 3), 255, np.uint8)

    def bgr(c: str) -> tuple:
        r, g, b = (int(v) for v in _hex_rgb(c))
        return (b, g, r)

    for p in prims.paths:
        pts = [np.round(np.asarray(s) * scale * 16).astype(np.int32) for s in p.subpaths if len(s) >= 2]
        if not pts:
            continue
        if p.fill is not None and p.fill_alpha > 0.02 and _hex_rgb(p.fill).min() < 250:
            layer = img.copy()
            cv2.fillPoly(layer, pts, bgr(p.fill), cv2.LINE_AA, shift=4)
            a = min(max(p.fill_alpha, 0.0), 1.0)
            img = cv2.addWeighted(layer, a, img, 1 - a, 0)
        if p.stroke is not None:
            cv2.polylines(img, pts, False, bgr(p.stroke), max(1, int(round(p.width * scale))), cv2.LINE_AA, shift=4)
    for outline, col in outlines:
        polys = [np.round(np.asarray(q) * scale * 16).astype(np.int32) for q in outline if len(q) >= 3]
        if polys:
            cv2.fillPoly(img, polys, bgr(col), cv2.LINE_AA, shift=4)
    if not outlines:
        for t in prims.texts:
            if t.vertical:
                continue
            fs = max((t.y1 - t.y0) * scale / 22.0, 0.3)
            cv2.putText(img, t.text, (int(t.x0 * scale), int(t.y1 * scale)), cv2.FONT_HERSHEY_SIMPLEX, fs,
                        bgr(t.colour),
                        max(1, int(fs * 1.5)), cv2.LINE_AA)
    return img


def digitize_svg_vector(path, *, arms=None, x_range=None, y_range=None, n=None, events=None):
    """An SVG (not written by matplotlib) read from its elements. Curves, ticks and marks come from the paths;
    text drawn as glyph outlines is read by OCR, with a warning. When the vectors cannot be read, the SVG is
    drawn as an image and read like one, with a warning."""
    from pathlib import Path

    from ._figure import digitize_figure
    from ._svgvector import svg_primitives

    prims, ocr, outlines = svg_primitives(Path(path).read_bytes())
    if len(prims.texts) < 4:  # glyphs drawn as plain filled shapes
        glyphs = _outlined_text(prims)
        if glyphs:
            from ._svgvector import glyph_texts

            more, used = glyph_texts(glyphs)
            prims = dataclasses.replace(prims, texts=prims.texts + tuple(more))
            ocr = ocr or used
    scale = 2.0
    msgs = ["the SVG's text is drawn as glyph outlines: its labels were read by OCR (the curves are exact)"
            ] if ocr else []
    try:
        read = read_vector(prims, x_range=x_range, y_range=y_range)
    except InputError as exc:
        img = render(prims, 3.0, outlines)
        res = digitize_figure(img, arms=arms, x_range=x_range, y_range=y_range, n=n, events=events)
        return dataclasses.replace(res, warnings=(f"the SVG's vectors could not be read exactly ({exc}); it was "
                                                  "drawn as an image and read like one",) + res.warnings)
    return to_digitization(read, render(prims, scale, outlines), scale, "svg", arms=arms, n=n, events=events,
                           warnings=msgs)
