"""An SVG file as vector primitives (paths and text runs), for figures not written by matplotlib.

Elements read: ``path`` (every command, absolute and relative; curves flattened), ``polyline``, ``polygon``,
``line``, ``rect``, ``circle``, ``ellipse`` and ``text``/``tspan`` (svglite and hand-written SVG), with the
``transform`` of every enclosing group composed and the presentation attributes and ``style`` declarations
inherited. Cairo (R's ``svg()`` device) writes text as glyph outlines placed by ``<use>``: those are grouped
into words, each word is drawn from its outlines and read by Tesseract, and the reading of each glyph is
pooled over all its uses (the same outline is the same character everywhere); a lone "+" or "|" glyph is
recognised from its outline (a censoring mark).
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import numpy as np

from .._validate import InputError
from ._vector import Primitives, VPath, VText

__all__ = ["svg_primitives", "glyph_texts"]

_XL = "{http://www.w3.org/1999/xlink}href"
_NAMED = {"black": "#000000", "white": "#ffffff", "red": "#ff0000", "green": "#008000", "blue": "#0000ff",
          "grey": "#808080", "gray": "#808080", "orange": "#ffa500", "purple": "#800080", "darkgrey": "#a9a9a9",
          "darkgray": "#a9a9a9", "lightgrey": "#d3d3d3", "lightgray": "#d3d3d3"}
_INHERIT = ("stroke", "fill", "stroke-width", "stroke-dasharray", "font-size", "text-anchor", "display",
            "visibility", "stroke-opacity", "fill-opacity", "opacity")
_SKIP = {"defs", "symbol", "clipPath", "mask", "marker", "pattern", "title", "desc", "metadata", "style",
         "linearGradient", "radialGradient", "filter"}


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _colour(v: str | None) -> str | None:
    if v is None:
        return None
    v = v.strip().lower()
    if v in ("", "none", "transparent") or v.startswith("url("):
        return None
    if v in _NAMED:
        return _NAMED[v]
    m = re.fullmatch(r"#([0-9a-f]{3})", v)
    if m:
        return "#" + "".join(c * 2 for c in m.group(1))
    if re.fullmatch(r"#[0-9a-f]{6}", v):
        return v
    m = re.fullmatch(r"rgba?\(([^)]*)\)", v)
    if m:
        parts = [p.strip() for p in m.group(1).split(",")][:3]
        vals = [float(p[:-1]) * 2.55 if p.endswith("%") else float(p) for p in parts]
        return "#" + "".join(f"{int(round(min(max(x, 0), 255))):02x}" for x in vals)
    return "#000000"


def _num(v, default: float = 0.0) -> float:
    if v is None:
        return default
    m = re.match(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)", str(v))
    return float(m.group(1)) if m else default


def _transform(s: str | None) -> np.ndarray:
    m = np.eye(3)
    for name, args in re.findall(r"(\w+)\s*\(([^)]*)\)", s or ""):
        a = [float(x) for x in re.findall(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", args)]
        t = np.eye(3)
        if name == "matrix" and len(a) == 6:
            t = np.array([[a[0], a[2], a[4]], [a[1], a[3], a[5]], [0, 0, 1]])
        elif name == "translate" and a:
            t[0, 2], t[1, 2] = a[0], (a[1] if len(a) > 1 else 0.0)
        elif name == "scale" and a:
            t[0, 0], t[1, 1] = a[0], (a[1] if len(a) > 1 else a[0])
        elif name == "rotate" and a:
            c, s_ = math.cos(math.radians(a[0])), math.sin(math.radians(a[0]))
            r = np.array([[c, -s_, 0], [s_, c, 0], [0, 0, 1]])
            if len(a) == 3:
                there = np.array([[1, 0, a[1]], [0, 1, a[2]], [0, 0, 1]])
                back = np.array([[1, 0, -a[1]], [0, 1, -a[2]], [0, 0, 1]])
                r = there @ r @ back
            t = r
        elif name == "skewX" and a:
            t[0, 1] = math.tan(math.radians(a[0]))
        elif name == "skewY" and a:
            t[1, 0] = math.tan(math.radians(a[0]))
        m = m @ t
    return m


def _style(el, parent: dict) -> dict:
    st = dict(parent)
    for k in _INHERIT:
        if el.get(k) is not None:
            st[k] = el.get(k)
    for decl in (el.get("style") or "").split(";"):
        if ":" in decl:
            k, v = decl.split(":", 1)
            st[k.strip()] = v.strip()
    return st


_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtAaZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


class _PathEnd(Exception):
    """A path's data ends inside a segment."""


def _path_points(d: str) -> list[np.ndarray]:
    """Subpaths of a path's data as point arrays (curves flattened, 8 points a segment)."""
    toks = _TOKEN.findall(d or "")
    subs: list[list] = []
    cur: list = []
    x = y = sx = sy = 0.0
    cmd = ""
    i = 0
    last_ctrl = None
    ts = np.linspace(0, 1, 9)[1:]

    def nums(k):
        nonlocal i
        part = toks[i:i + k]
        if len(part) < k or any(t.isalpha() for t in part):
            raise _PathEnd  # a segment short of its numbers: SVG draws the path up to the error
        i += k
        return [float(t) for t in part]

    def _walk_path():
        nonlocal i, cmd, x, y, sx, sy, cur, last_ctrl
        while i < len(toks):
            if toks[i].isalpha():
                cmd = toks[i]
                i += 1
                if cmd in "Zz":
                    if cur:
                        cur.append((sx, sy))
                        subs.append(cur)
                        cur = []
                    x, y = sx, sy
                    continue
            if i >= len(toks) or toks[i].isalpha():
                continue
            rel = cmd.islower()
            c = cmd.upper()
            ox, oy = (x, y) if rel else (0.0, 0.0)
            if c == "M":
                px, py = nums(2)
                if cur:
                    subs.append(cur)
                x, y = ox + px, oy + py
                sx, sy = x, y
                cur = [(x, y)]
                cmd = "l" if rel else "L"
            elif c == "L":
                px, py = nums(2)
                x, y = ox + px, oy + py
                cur.append((x, y))
            elif c == "H":
                (px,) = nums(1)
                x = ox + px
                cur.append((x, y))
            elif c == "V":
                (py,) = nums(1)
                y = oy + py
                cur.append((x, y))
            elif c in "CSQT":
                if c == "C":
                    a = nums(6)
                    p1, p2, p3 = (ox + a[0], oy + a[1]), (ox + a[2], oy + a[3]), (ox + a[4], oy + a[5])
                elif c == "S":
                    a = nums(4)
                    p1 = (2 * x - last_ctrl[0], 2 * y - last_ctrl[1]) if last_ctrl else (x, y)
                    p2, p3 = (ox + a[0], oy + a[1]), (ox + a[2], oy + a[3])
                elif c == "Q":
                    a = nums(4)
                    q, p3 = (ox + a[0], oy + a[1]), (ox + a[2], oy + a[3])
                    p1 = (x + 2 / 3 * (q[0] - x), y + 2 / 3 * (q[1] - y))
                    p2 = (p3[0] + 2 / 3 * (q[0] - p3[0]), p3[1] + 2 / 3 * (q[1] - p3[1]))
                else:
                    a = nums(2)
                    p3 = (ox + a[0], oy + a[1])
                    p1 = p2 = (x, y)
                for t in ts:
                    u = 1 - t
                    cur.append((u ** 3 * x + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t ** 3 * p3[0],
                                u ** 3 * y + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t ** 3 * p3[1]))
                last_ctrl = p2
                x, y = p3
                continue
            elif c == "A":
                a = nums(7)
                x, y = ox + a[5], oy + a[6]
                cur.append((x, y))  # arcs are marks or decoration: their end points are enough
            else:
                i += 1
            last_ctrl = None

    try:
        _walk_path()
    except _PathEnd:
        pass
    if cur:
        subs.append(cur)
    return [np.asarray(s, float) for s in subs if len(s)]


def _apply(m: np.ndarray, pts: np.ndarray) -> np.ndarray:
    return (np.c_[pts, np.ones(len(pts))] @ m.T)[:, :2]


def _shape_points(el, tag: str) -> list[np.ndarray]:
    if tag == "path":
        return _path_points(el.get("d", ""))
    if tag in ("polyline", "polygon"):
        v = [float(t) for t in re.findall(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", el.get("points", ""))]
        p = np.asarray(v[: len(v) // 2 * 2], float).reshape(-1, 2)
        if tag == "polygon" and len(p):
            p = np.vstack([p, p[:1]])
        return [p]
    if tag == "line":
        return [np.array([[_num(el.get("x1")), _num(el.get("y1"))], [_num(el.get("x2")), _num(el.get("y2"))]])]
    if tag == "rect":
        x, y, w, h = (_num(el.get(k)) for k in ("x", "y", "width", "height"))
        return [np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]])]
    if tag in ("circle", "ellipse"):
        cx, cy = _num(el.get("cx")), _num(el.get("cy"))
        rx = _num(el.get("r")) if tag == "circle" else _num(el.get("rx"))
        ry = _num(el.get("r")) if tag == "circle" else _num(el.get("ry"))
        a = np.linspace(0, 2 * np.pi, 17)
        return [np.c_[cx + rx * np.cos(a), cy + ry * np.sin(a)]]
    return []


class _Reader:
    def __init__(self, root):
        self.ids = {el.get("id"): el for el in root.iter() if el.get("id")}
        self.paths: list[VPath] = []
        self.texts: list[VText] = []
        self.glyphs: list = []   # (glyph id, outline subpaths in figure units, colour, rotated)

    def walk(self, el, m: np.ndarray, st: dict, depth: int = 0) -> None:
        tag = _local(el.tag)
        if tag in _SKIP or depth > 40:
            return
        st = _style(el, st)
        if st.get("display") == "none" or st.get("visibility") == "hidden":
            return
        m = m @ _transform(el.get("transform"))
        if tag in ("path", "polyline", "polygon", "line", "rect", "circle", "ellipse"):
            self.shape(el, tag, m, st)
        elif tag == "text":
            self.text(el, m, st)
        elif tag == "use":
            ref = self.ids.get((el.get(_XL) or el.get("href") or "").lstrip("#"))
            if ref is None:
                return
            mu = m @ _transform(f"translate({_num(el.get('x'))},{_num(el.get('y'))})")
            if _local(ref.tag) == "symbol" and _colour(st.get("fill", "black")) and not _colour(st.get("stroke")):
                outline = [_apply(mu, p) for c in ref.iter() if _local(c.tag) == "path"
                           for p in _path_points(c.get("d", ""))]
                if outline:
                    rot = abs(mu[1, 0]) > abs(mu[0, 0])
                    self.glyphs.append((ref.get("id"), outline, _colour(st.get("fill", "black")), rot))
                return
            for c in ([ref] if _local(ref.tag) != "symbol" else list(ref)):
                self.walk(c, mu, st, depth + 1)
        else:
            for c in el:
                self.walk(c, m, st, depth + 1)

    def shape(self, el, tag, m, st) -> None:
        pts = [_apply(m, p) for p in _shape_points(el, tag) if len(p)]
        if not pts:
            return
        stroke = _colour(st.get("stroke"))
        fill = _colour(st.get("fill", "black"))
        if tag in ("line", "polyline"):
            fill = None if tag == "line" else fill
        op = _num(st.get("opacity"), 1.0)
        width = _num(st.get("stroke-width"), 1.0)
        if el.get("vector-effect") != "non-scaling-stroke":
            width *= math.sqrt(abs(np.linalg.det(m[:2, :2])) or 1.0)
        dash = st.get("stroke-dasharray", "none")
        dashed = () if dash in ("none", "", None) else tuple(
            round(float(v), 2) for v in re.findall(r"[-+]?(?:\d+\.?\d*|\.\d+)", dash))
        if _num(st.get("stroke-opacity"), 1.0) * op <= 0.05:
            stroke = None
        self.paths.append(VPath(subpaths=tuple(pts), stroke=stroke, fill=fill,
                                fill_alpha=_num(st.get("fill-opacity"), 1.0) * op, width=width, dashed=dashed))

    def text(self, el, m, st) -> None:
        pieces = [(el, st)] + [(t, _style(t, st)) for t in el.iter() if _local(t.tag) == "tspan" and t.get("x")]
        for node, s in pieces:
            if node is el:
                txt = (el.text or "") + "".join((t.text or "") + (t.tail or "") for t in el
                                                if _local(t.tag) == "tspan" and not t.get("x"))
            else:
                txt = node.text or ""
            txt = " ".join(txt.split())
            if not txt:
                continue
            fs = _num(s.get("font-size"), 12.0)
            x, y = _num(node.get("x", el.get("x"))), _num(node.get("y", el.get("y")))
            w = _num(node.get("textLength"), 0.0) or 0.55 * fs * len(txt)
            anchor = s.get("text-anchor", "start")
            x0 = x - (w / 2 if anchor == "middle" else w if anchor == "end" else 0.0)
            box = _apply(m, np.array([[x0, y - 0.72 * fs], [x0 + w, y - 0.72 * fs], [x0, y], [x0 + w, y]]))
            scale = math.sqrt(abs(np.linalg.det(m[:2, :2])) or 1.0)
            self.texts.append(VText(text=txt, x0=float(box[:, 0].min()), y0=float(box[:, 1].min()),
                                    x1=float(box[:, 0].max()), y1=float(box[:, 1].max()),
                                    colour=_colour(s.get("fill", "black")) or "#000000", size=fs * scale,
                                    vertical=abs(m[1, 0]) > abs(m[0, 0])))


def _is_mark(outline: list) -> str:
    """"+" or "|" when a glyph outline has that shape, else ""."""
    p = np.vstack(outline)
    lo, hi = p.min(0), p.max(0)
    w, h = hi - lo
    if w <= 0 or h <= 0:
        return ""
    if h > 4 * w and len(p) <= 6:
        return "|"
    c = (lo + hi) / 2
    if 0.7 < w / h < 1.4 and np.all((np.abs(p[:, 0] - c[0]) <= 0.2 * w) | (np.abs(p[:, 1] - c[1]) <= 0.2 * h)):
        return "+"
    return ""


def _glyph_words(glyphs: list) -> list[list]:
    """Glyph placements grouped into runs of one line and colour (gaps under half a letter height)."""
    items = []
    for gid, outline, col, rot in glyphs:
        p = np.vstack(outline)
        items.append((gid, outline, col, rot, p.min(0), p.max(0)))
    words: list[list] = []
    for it in items:  # cairo writes the glyphs of a string in order
        if words:
            last = words[-1][-1]
            same = it[2] == last[2] and it[3] == last[3]
            h = max(last[5][1] - last[4][1], it[5][1] - it[4][1], 1e-6) if not it[3] else \
                max(last[5][0] - last[4][0], it[5][0] - it[4][0], 1e-6)
            if it[3]:  # rotated: the line runs upwards
                gap = last[4][1] - it[5][1]
                aligned = abs((it[4][0] + it[5][0]) - (last[4][0] + last[5][0])) / 2 < 0.5 * h
            else:
                gap = it[4][0] - last[5][0]
                centre_gap = abs((it[4][1] + it[5][1]) - (last[4][1] + last[5][1])) / 2
                aligned = abs(it[5][1] - last[5][1]) < 0.5 * h or centre_gap < 0.5 * h
            if same and aligned and -0.3 * h <= gap < 0.6 * h:
                words[-1].append(it)
                continue
        words.append([it])
    # overlapping censoring marks drawn as "+" glyphs form a word of marks only: each is its own
    out: list[list] = []
    for w in words:
        if len(w) > 1 and all(_is_mark(it[1]) == "+" for it in w):
            out.extend([it] for it in w)
        else:
            out.append(w)
    return out


def _ocr_words(words: list) -> list[str]:
    """Each word drawn from its outlines and read by Tesseract; each glyph's reading pooled over its uses."""
    import cv2

    from ._ocr import ocr_lines

    crops = []
    for w in words:
        p = np.vstack([np.vstack(it[1]) for it in w])
        lo, hi = p.min(0), p.max(0)
        rot = w[0][3]
        span = (hi[0] - lo[0]) if rot else (hi[1] - lo[1])
        k = 48.0 / max(span, 1e-6)
        pad = 8
        size = ((hi - lo) * k).astype(int) + 2 * pad + 1
        img = np.full((size[1], size[0]), 255, np.uint8)
        polys = [np.round((q - lo) * k + pad).astype(np.int32) for it in w for q in it[1] if len(q) >= 3]
        if polys:
            cv2.fillPoly(img, polys, 0)
        if rot:
            img = cv2.rotate(img, cv2.ROTATE_90_CLOCKWISE)
        crops.append(cv2.cvtColor(img, cv2.COLOR_GRAY2BGR))
    read = ocr_lines(crops, digits=False) if crops else []
    votes: dict = {}
    for w, (txt, _) in zip(words, read):
        chars = txt.replace(" ", "")
        if len(chars) == len(w):
            for it, ch in zip(w, chars):
                votes.setdefault(it[0], {}).setdefault(ch, 0)
                votes[it[0]][ch] += 1
    table = {g: max(v.items(), key=lambda kv: kv[1])[0] for g, v in votes.items()}
    out = []
    for w, (txt, _) in zip(words, read):
        if len(txt.replace(" ", "")) == len(w) and all(it[0] in table for it in w):
            # the word's spaces as read, its characters as pooled over every use of the glyph
            glyphs = iter(table[it[0]] for it in w)
            txt = "".join(ch if ch == " " else next(glyphs) for ch in txt)
        out.append(txt)
    return out


def glyph_texts(glyphs: list) -> tuple[list[VText], bool]:
    """Text runs from glyph outlines ``(glyph id, outline subpaths, colour, rotated)``: words read by OCR
    (rotated words, axis titles, are left out) and lone "+"/"|" marks; and whether OCR was used."""
    words = _glyph_words(glyphs)
    marks = [_is_mark(w[0][1]) if len(w) == 1 else "" for w in words]
    need = [w for w, mk in zip(words, marks) if not mk and not w[0][3]]
    read = iter(_ocr_words(need)) if need else iter(())
    texts = []
    for w, mk in zip(words, marks):
        if w[0][3] and not mk:
            continue
        txt = mk or next(read)
        p = np.vstack([np.vstack(it[1]) for it in w])
        lo, hi = p.min(0), p.max(0)
        size = 1.4 * ((hi[0] - lo[0]) if w[0][3] else (hi[1] - lo[1]))
        if txt:
            texts.append(VText(text=txt, x0=float(lo[0]), y0=float(lo[1]), x1=float(hi[0]), y1=float(hi[1]),
                               colour=w[0][2], size=float(size), vertical=bool(w[0][3])))
    return texts, bool(need)


def svg_primitives(data: bytes, *, ocr: bool = True) -> tuple[Primitives, bool, tuple]:
    """Paths and text runs of an SVG; whether text was read by OCR from glyph outlines; and those outlines
    with their colours (to draw the figure). With ``ocr=False`` glyph text is left unread."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InputError(f"the SVG file cannot be parsed ({exc})") from exc
    vb = [float(v) for v in re.findall(r"[-+]?(?:\d+\.?\d*|\.\d+)", root.get("viewBox", ""))]
    if len(vb) == 4:
        width, height = vb[2], vb[3]
        m = _transform(f"translate({-vb[0]},{-vb[1]})")
    else:
        width, height = _num(root.get("width"), 0.0), _num(root.get("height"), 0.0)
        m = np.eye(3)
    r = _Reader(root)
    for c in root:
        r.walk(c, m, {})
    texts = list(r.texts)
    used = False
    if r.glyphs and ocr:
        more, used = glyph_texts(r.glyphs)
        texts += more
    outlines = tuple((g[1], g[2]) for g in r.glyphs)
    return Primitives(paths=tuple(r.paths), texts=tuple(texts), width=width, height=height), used, outlines
