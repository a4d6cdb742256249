"""The drawing of a PDF page as vector primitives (paths and text runs), read with pdfium's page-object API.

Every path object becomes a :class:`~._vector.VPath` in page points with y growing downwards: its subpaths
(Bézier control points are kept as points, which is exact for the straight lines of a Kaplan–Meier figure), its
stroke and fill colours, line width and whether it is dashed. Form XObjects are entered and their matrices
composed with those of the objects inside. The text comes from pdfium's text layer, character by character,
grouped into runs of adjacent characters of one line and one colour.
"""

from __future__ import annotations

import ctypes

import numpy as np

from .._validate import InputError
from ._vector import Primitives, VPath, VText

__all__ = ["pdf_primitives"]


def _matrix(raw, obj) -> np.ndarray:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return np.eye(3)
    return np.array([[m.a, m.c, m.e], [m.b, m.d, m.f], [0.0, 0.0, 1.0]])


def _colour(raw, getter, obj) -> tuple[str | None, float]:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return None, 0.0
    return f"#{r.value:02x}{g.value:02x}{b.value:02x}", a.value / 255.0


def _path(raw, obj, m: np.ndarray, height: float) -> VPath | None:
    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fillmode), ctypes.byref(stroke)):
        return None
    n = raw.FPDFPath_CountSegments(obj)
    if n <= 0:
        return None
    subs: list = []
    cur: list = []
    x, y = ctypes.c_float(), ctypes.c_float()
    closed = []
    for i in range(n):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        if not raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
            continue
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO and cur:
            subs.append(cur)
            closed.append(False)
            cur = []
        cur.append((x.value, y.value))
        if raw.FPDFPathSegment_GetClose(seg):
            cur.append(cur[0])
    if cur:
        subs.append(cur)
    pts = []
    for s in subs:
        a = np.asarray(s, float)
        h = np.c_[a, np.ones(len(a))] @ m.T
        pts.append(np.c_[h[:, 0], height - h[:, 1]])
    stroke_col, _ = _colour(raw, raw.FPDFPageObj_GetStrokeColor, obj) if stroke.value else (None, 0.0)
    fill_col, fill_a = (_colour(raw, raw.FPDFPageObj_GetFillColor, obj) if fillmode.value else (None, 0.0))
    w = ctypes.c_float()
    width = float(w.value) if raw.FPDFPageObj_GetStrokeWidth(obj, ctypes.byref(w)) else 1.0
    width *= float(np.sqrt(abs(np.linalg.det(m[:2, :2])))) or 1.0
    nd = int(raw.FPDFPageObj_GetDashCount(obj))
    dashed: tuple = ()
    if nd > 0:
        arr = (ctypes.c_float * nd)()
        if raw.FPDFPageObj_GetDashArray(obj, arr, nd):
            dashed = tuple(round(float(v), 2) for v in arr)
        dashed = dashed or (1.0,)
    return VPath(subpaths=tuple(pts), stroke=stroke_col, fill=fill_col, fill_alpha=fill_a, width=width,
                 dashed=dashed)


def _walk(raw, count, get, parent: np.ndarray, height: float, out: list, depth: int = 0, marks=None) -> int:
    """Paths of every object (entering form XObjects) into ``out``, mark characters into ``marks`` (whose first
    item is the text page); returns 1000 times the number of images seen."""
    other = 0
    for i in range(count()):
        obj = get(i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            p = _path(raw, obj, parent @ _matrix(raw, obj), height)
            if p is not None:
                out.append(p)
        elif kind == raw.FPDF_PAGEOBJ_FORM and depth < 8:
            m = parent @ _matrix(raw, obj)
            other += _walk(raw, lambda o=obj: raw.FPDFFormObj_CountObjects(o),
                           lambda j, o=obj: raw.FPDFFormObj_GetObject(o, j), m, height, out, depth + 1, marks)
        elif kind == raw.FPDF_PAGEOBJ_IMAGE:
            other += 1000
        elif kind == raw.FPDF_PAGEOBJ_TEXT and marks is not None:
            _mark_text(raw, obj, parent, height, marks)
    return other


def _mark_text(raw, obj, parent: np.ndarray, height: float, marks: list) -> None:
    """A text object that is a lone "+" or "|" (a censoring mark drawn as a character): its box and colour.
    Read from the object because the text layer folds characters drawn over each other into one."""
    if marks is None or not hasattr(raw, "FPDFTextObj_GetText"):
        return
    tp = marks[0]
    n = raw.FPDFTextObj_GetText(obj, tp, None, 0)
    if n <= 0 or n > 16:
        return
    buf = (ctypes.c_ushort * (n // 2 + 1))()
    raw.FPDFTextObj_GetText(obj, tp, buf, n)
    text = "".join(chr(c) for c in buf if c).strip()
    if text not in ("+", "|"):
        return
    le, bo, ri, to = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFPageObj_GetBounds(obj, ctypes.byref(le), ctypes.byref(bo), ctypes.byref(ri), ctypes.byref(to)):
        return
    corners = np.array([[le.value, bo.value, 1], [ri.value, to.value, 1]]) @ parent.T
    col, _ = _colour(raw, raw.FPDFPageObj_GetFillColor, obj)
    x0, x1 = sorted(corners[:, 0])
    y0, y1 = sorted(height - corners[:, 1])
    marks.append(VText(text=text, x0=float(x0), y0=float(y0), x1=float(x1), y1=float(y1), colour=col or "#000000",
                       size=float(y1 - y0) * 1.4))


def _texts(raw, textpage, height: float) -> list[VText]:
    n = raw.FPDFText_CountChars(textpage)
    chars: list[tuple | None] = []
    le, ri, bo, to = (ctypes.c_double() for _ in range(4))
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    for i in range(n):
        code = raw.FPDFText_GetUnicode(textpage, i)
        if code in (0, 0xFFFE) or raw.FPDFText_IsGenerated(textpage, i) == 1:
            chars.append(None)
            continue
        ch = chr(code)
        if ch.isspace():
            chars.append(None)
            continue
        if not raw.FPDFText_GetCharBox(textpage, i, ctypes.byref(le), ctypes.byref(ri), ctypes.byref(bo),
                                       ctypes.byref(to)):
            chars.append(None)
            continue
        raw.FPDFText_GetFillColor(textpage, i, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a))
        angle = float(raw.FPDFText_GetCharAngle(textpage, i))
        x0, y0, x1, y1 = le.value, height - to.value, ri.value, height - bo.value
        size = (y1 - y0) * 1.4
        loose = raw.FS_RECTF()
        if raw.FPDFText_GetLooseCharBox(textpage, i, ctypes.byref(loose)):
            # the loose box spans the advance and the font's height: gaps between letters are near 0
            if abs(np.sin(angle)) < 0.7:
                size = abs(float(loose.top - loose.bottom))
                x0, x1 = float(loose.left), float(loose.right)
            else:
                size = abs(float(loose.right - loose.left))
                y0, y1 = height - float(loose.top), height - float(loose.bottom)
        chars.append((ch, x0, y0, x1, y1, f"#{r.value:02x}{g.value:02x}{b.value:02x}", size, angle))
    return group_chars(chars)


def group_chars(chars: list) -> list[VText]:
    """Runs of characters on one line, of one colour, with gaps under a third of the font size (a word space
    joins two words of a label; the wide gaps of a table split its cells). ``None`` entries are spaces or
    breaks."""
    out: list[VText] = []
    cur: list = []

    def flush():
        if cur:
            size = float(np.median([c[6] for c in cur])) or (cur[0][4] - cur[0][2])
            text = cur[0][0]
            for a, b in zip(cur, cur[1:]):
                vertical = abs(np.sin(b[7])) > 0.7
                gap = (b[2] - a[4] if b[2] > a[4] else a[2] - b[4]) if vertical else b[1] - a[3]
                text += (" " if gap > 0.12 * max(a[6], 1.0) else "") + b[0]
            out.append(VText(text=text, x0=min(c[1] for c in cur), y0=min(c[2] for c in cur),
                             x1=max(c[3] for c in cur), y1=max(c[4] for c in cur), colour=cur[0][5], size=size,
                             vertical=abs(np.sin(cur[0][7])) > 0.7))
            cur.clear()

    pending_space = False
    for c in chars:
        if c is None:
            pending_space = True
            continue
        if cur:
            last = cur[-1]
            size = max(c[6], last[6], 1.0)
            same_line = abs((c[2] + c[4]) / 2 - (last[2] + last[4]) / 2) < 0.45 * size
            if abs(np.sin(c[7])) > 0.7:  # rotated text (an axis title): one run for the whole line
                same_line = abs((c[1] + c[3]) / 2 - (last[1] + last[3]) / 2) < 0.45 * size
                gap = c[2] - last[4] if c[2] > last[4] else last[2] - c[4]
            else:
                gap = c[1] - last[3]
            limit = 0.45 * size
            mark = c[0] in _MARKS or last[0] in _MARKS  # censoring marks drawn as characters stand alone
            if mark or not (same_line and c[5] == last[5] and -0.3 * size <= gap <= limit):
                flush()
        cur.append(c)
        pending_space = False
    flush()
    return _join_marks(out)


_MARKS = "+|"


def _join_marks(runs: list[VText]) -> list[VText]:
    """A "+" between two words of one line and colour (a label such as "A + B") joins them again."""
    out: list[VText] = []
    i = 0
    while i < len(runs):
        r = runs[i]
        if (i + 2 < len(runs) and runs[i + 1].text in _MARKS and r.text not in _MARKS
                and runs[i + 2].text not in _MARKS):
            m, b = runs[i + 1], runs[i + 2]
            size = max(r.size, b.size)
            if (r.colour == m.colour == b.colour and abs(r.cy - b.cy) < 0.3 * size and abs(m.cy - r.cy) < 0.4 * size
                    and -0.2 * size <= m.x0 - r.x1 < 0.6 * size and -0.2 * size <= b.x0 - m.x1 < 0.6 * size):
                sp1 = " " if m.x0 - r.x1 > 0.12 * size else ""
                sp2 = " " if b.x0 - m.x1 > 0.12 * size else ""
                out.append(VText(text=f"{r.text}{sp1}{m.text}{sp2}{b.text}", x0=r.x0, y0=min(r.y0, b.y0), x1=b.x1,
                                 y1=max(r.y1, b.y1), colour=r.colour, size=size, vertical=r.vertical))
                i += 3
                continue
        out.append(r)
        i += 1
    return out


def pdf_primitives(path, page: int | None) -> Primitives:
    """Paths and text runs of page ``page`` (1-based) of the PDF at ``path``."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        doc = pdfium.PdfDocument(str(path))
    except Exception as exc:  # pypdfium2 raises its own PdfiumError
        raise InputError(f"figure file {str(path)!r} is not a readable PDF ({exc})") from exc
    k = 1 if page is None else int(page)
    if not 1 <= k <= len(doc):
        raise InputError(f"`--page` {k} is out of range: {str(path)!r} has {len(doc)} page(s)")
    pg = doc[k - 1]
    w, h = (float(v) for v in pg.get_size())
    paths: list = []
    tp = pg.get_textpage()
    marks: list = [tp.raw]
    # the page's own rotation is not applied: a figure page is read as drawn
    other = _walk(raw, lambda: raw.FPDFPage_CountObjects(pg.raw), lambda i: raw.FPDFPage_GetObject(pg.raw, i),
                  np.eye(3), h, paths, marks=marks)
    texts = _texts(raw, tp.raw, h)
    if len(marks) > 1:
        # mark characters from their own objects, and those of the text layer that no object gave (several
        # marks in one text object)
        own = marks[1:]
        texts = [t for t in texts if t.text not in ("+", "|")
                 or not any(abs(t.cx - m.cx) < 0.1 * m.size and abs(t.cy - m.cy) < 0.1 * m.size for m in own)] + own
    return Primitives(paths=tuple(paths), texts=tuple(texts), width=w, height=h, images=other // 1000)


def render_page(path, page: int | None, scale: float) -> np.ndarray:
    """The page as a BGR image at ``scale`` pixels per point (for the overlay)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    pil = doc[(page or 1) - 1].render(scale=scale).to_pil().convert("RGB")
    return np.ascontiguousarray(np.asarray(pil)[:, :, ::-1])
