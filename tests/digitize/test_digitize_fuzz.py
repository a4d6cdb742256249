"""1,000 bad and random images: each ends (no hang) with a Digitization or with one clear InputError, never
another exception; a subset through the command line gives exit status 2, one ``trialscout: error:`` line, no
traceback and no output folder.

The images are generated here, deterministically (one NumPy seed per image), in kinds: noise, blank, tiny and
huge-aspect images, lines and shapes, text, "almost plots" (axes without a curve, a curve without axes, axes
with unreadable tick labels, whole random plots), every PNG encoding (grey, RGBA, palette, 16-bit), truncated
and corrupted PNG/JPEG bytes, bad PDFs, text files named like images, malformed SVGs, decompression bombs (a
huge size declared in a small file: refused by its size, never allocated) and arrays of the wrong kind.
"""

from __future__ import annotations

import os
import re
import resource
import signal
import struct
import subprocess
import sys
import time
import zlib
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pytest

from trialscout._validate import InputError
from trialscout.digitize import digitize_figure, reconstruct_digitized

FIG = Path(__file__).parent / "figures"
ROOT = Path(__file__).resolve().parents[2]
SEED = 20240611
LIMIT_S = int(os.environ.get("TRIALSCOUT_FUZZ_TIMEOUT", "10"))  # a call longer than this is a hang


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang(f"no answer within {LIMIT_S} s")


# -- drawing -------------------------------------------------------------------------------------------------------
def _cv2():
    import cv2

    return cv2


def _colour(rng, dark=False):
    c = rng.integers(0, 120 if dark else 256, 3)
    return tuple(int(v) for v in c)


def _white(h, w):
    return np.full((h, w, 3), 255, np.uint8)


def _size(rng, lo=60, hi=240):
    return int(rng.integers(lo, hi)), int(rng.integers(lo, hi))


def noise(rng):
    h, w = _size(rng)
    if rng.random() < 0.5:
        return rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
    g = rng.integers(0, 256, (h, w, 1), dtype=np.uint8)
    return np.repeat(g, 3, axis=2)


def salt_pepper(rng):
    h, w = _size(rng)
    img = _white(h, w) if rng.random() < 0.7 else rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
    p = rng.uniform(0.001, 0.5)
    u = rng.random((h, w))
    img[u < p / 2] = 0
    img[(u >= p / 2) & (u < p)] = 255
    if rng.random() < 0.3:  # coloured specks
        img[rng.random((h, w)) < p / 4] = _colour(rng)
    return img


def blank(rng):
    h, w = _size(rng, 60, 400)
    v = [(255, 255, 255), (0, 0, 0), (128, 128, 128), _colour(rng)][int(rng.integers(0, 4))]
    return np.broadcast_to(np.array(v, np.uint8), (h, w, 3)).copy()


def tiny(rng):
    h, w = [(1, 1), (3, 3), (1, 400), (400, 1), (2, 2), (59, 59), (59, 300), (300, 59)][int(rng.integers(0, 8))]
    img = rng.integers(0, 256, (h, w, 3), dtype=np.uint8) if rng.random() < 0.5 else _white(h, w)
    return img


def aspect(rng):
    h, w = [(5, 4000), (4000, 5), (60, 2000), (2000, 60), (61, 1500), (1500, 61)][int(rng.integers(0, 6))]
    img = _white(h, w)
    if rng.random() < 0.5:
        img = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
    if rng.random() < 0.5:  # an axis line along the long side
        cv2 = _cv2()
        cv2.line(img, (0, h - 3), (w - 1, h - 3), (0, 0, 0), 1)
        cv2.line(img, (2, 0), (2, h - 1), (0, 0, 0), 1)
    return img


def lines(rng):
    cv2 = _cv2()
    h, w = _size(rng, 60, 300)
    img = _white(h, w)
    kind = int(rng.integers(0, 5))
    col = (0, 0, 0) if rng.random() < 0.6 else _colour(rng)
    t = int(rng.integers(1, 8))
    if kind == 0:
        y = int(rng.integers(0, h))
        cv2.line(img, (0, y), (w - 1, y), col, t)
    elif kind == 1:
        x = int(rng.integers(0, w))
        cv2.line(img, (x, 0), (x, h - 1), col, t)
    elif kind == 2:
        cv2.line(img, (0, 0), (w - 1, h - 1), col, t)
    elif kind == 3:  # an L at the very edge of the image
        cv2.line(img, (0, 0), (0, h - 1), col, t)
        cv2.line(img, (0, h - 1), (w - 1, h - 1), col, t)
    else:  # a full border
        cv2.rectangle(img, (0, 0), (w - 1, h - 1), col, t)
    return img


def shapes(rng):
    cv2 = _cv2()
    h, w = _size(rng, 60, 320)
    img = _white(h, w) if rng.random() < 0.8 else rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
    for _ in range(int(rng.integers(1, 30))):
        p1 = (int(rng.integers(-20, w + 20)), int(rng.integers(-20, h + 20)))
        p2 = (int(rng.integers(-20, w + 20)), int(rng.integers(-20, h + 20)))
        col = _colour(rng)
        r = rng.random()
        if r < 0.4:
            cv2.line(img, p1, p2, col, int(rng.integers(1, 5)))
        elif r < 0.8:
            cv2.rectangle(img, p1, p2, col, int(rng.integers(-1, 4)) or 1)
        else:
            cv2.circle(img, p1, int(rng.integers(1, 40)), col, int(rng.integers(-1, 3)) or 1)
    return img


_GLYPHS = "0123456789.%()-+abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ|/*#=,;:"


def _word(rng, alphabet=_GLYPHS, n=(1, 8)):
    return "".join(rng.choice(list(alphabet), int(rng.integers(*n))))


def text(rng):
    cv2 = _cv2()
    h, w = _size(rng, 60, 300)
    img = _white(h, w)
    for _ in range(int(rng.integers(1, 12))):
        org = (int(rng.integers(-10, w)), int(rng.integers(0, h + 10)))
        cv2.putText(img, _word(rng, n=(1, 15)), org, int(rng.choice([0, 1, 2, 3, 4, 6, 7])),
                    float(rng.uniform(0.2, 1.5)), _colour(rng, dark=True), int(rng.integers(1, 3)))
    return img


def text_matplotlib(rng):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(rng.uniform(1, 3), rng.uniform(1, 3)), dpi=int(rng.integers(50, 100)))
    for _ in range(int(rng.integers(1, 6))):
        fig.text(rng.uniform(0, 0.9), rng.uniform(0, 0.9), _word(rng, n=(1, 12)), fontsize=rng.uniform(4, 16),
                 rotation=float(rng.choice([0, 0, 90, 45])))
    fig.canvas.draw()
    rgba = np.asarray(fig.canvas.buffer_rgba())
    plt.close(fig)
    return np.ascontiguousarray(rgba[..., 2::-1])


def _axes(img, rng, left, top, right, bottom, lw):
    cv2 = _cv2()
    cv2.line(img, (left, top), (left, bottom), (0, 0, 0), lw)
    cv2.line(img, (left, bottom), (right, bottom), (0, 0, 0), lw)


def _curve(img, rng, left, top, right, bottom, col, lw):
    cv2 = _cv2()
    x, y = left + 1, top + int(rng.integers(0, 5))
    pts = [(x, y)]
    while x < right - 2:
        x = min(right - 2, x + int(rng.integers(1, max(2, (right - left) // 6))))
        pts.append((x, y))
        y = min(bottom - 2, y + int(rng.integers(0, max(2, (bottom - top) // 5))))
        pts.append((x, y))
    if rng.random() < 0.2:  # a curve that rises (not a survival curve)
        pts = [(px, bottom - (py - top)) for px, py in pts]
    cv2.polylines(img, [np.array(pts, np.int32)], False, col, lw)
    for _ in range(int(rng.integers(0, 6))):  # censoring marks
        k = int(rng.integers(0, len(pts)))
        cv2.line(img, (pts[k][0], pts[k][1] - 4), (pts[k][0], pts[k][1] + 4), col, 1)


def _labels(img, rng, left, top, right, bottom, kind):
    """Tick labels: readable numbers, garbage glyphs, identical or decreasing numbers."""
    cv2 = _cv2()
    fs = float(rng.uniform(0.3, 0.6))
    nx, ny = int(rng.integers(2, 7)), int(rng.integers(2, 6))
    xs = np.linspace(left, right, nx)
    ys = np.linspace(bottom, top, ny)
    xv = np.arange(nx) * int(rng.choice([1, 2, 5, 6, 10, 12]))
    yv = np.linspace(0, 1, ny) if rng.random() < 0.5 else np.linspace(0, 100, ny)
    if kind == "decreasing":
        xv, yv = xv[::-1], yv[::-1]
    for x, v in zip(xs, xv):
        s = f"{v:g}" if kind != "garbage" else _word(rng)
        s = s if kind != "same" else "5"
        cv2.line(img, (int(x), bottom), (int(x), bottom + 3), (0, 0, 0), 1)
        cv2.putText(img, s, (int(x) - 6, bottom + 18), cv2.FONT_HERSHEY_SIMPLEX, fs, (0, 0, 0), 1)
    for y, v in zip(ys, yv):
        s = f"{v:g}" if kind != "garbage" else _word(rng)
        s = s if kind != "same" else "5"
        cv2.putText(img, s, (max(0, left - 34), int(y) + 4), cv2.FONT_HERSHEY_SIMPLEX, fs, (0, 0, 0), 1)


def almost_plot(rng):
    """Axes without a curve, a curve without axes, axes with unreadable labels, or a whole random plot, with a
    random at-risk table and legend now and then."""
    cv2 = _cv2()
    h, w = _size(rng, 120, 360)
    img = _white(h, w)
    left, top = int(w * rng.uniform(0.12, 0.25)), int(h * rng.uniform(0.03, 0.12))
    right, bottom = int(w * rng.uniform(0.8, 0.98)), int(h * rng.uniform(0.6, 0.85))
    lw = int(rng.integers(1, 4))
    has_axes, has_curve = rng.random() < 0.85, rng.random() < 0.8
    if has_axes:
        _axes(img, rng, left, top, right, bottom, lw)
    if rng.random() < 0.3:  # a box
        cv2.line(img, (left, top), (right, top), (0, 0, 0), lw)
        cv2.line(img, (right, top), (right, bottom), (0, 0, 0), lw)
    if has_curve:
        for _ in range(int(rng.integers(1, 5))):
            col = _colour(rng) if rng.random() < 0.7 else (0, 0, 0)
            _curve(img, rng, left, top, right, bottom, col, int(rng.integers(1, 4)))
    kind = str(rng.choice(["numbers", "numbers", "garbage", "same", "decreasing", "none"]))
    if kind != "none":
        _labels(img, rng, left, top, right, bottom, kind)
    if rng.random() < 0.4:  # an at-risk table of random numbers (increasing now and then)
        for r in range(int(rng.integers(1, 4))):
            y = bottom + 34 + 14 * r
            if y >= h - 2:
                break
            cv2.putText(img, _word(rng, "ABCDEFGHab", (2, 6)), (2, y), cv2.FONT_HERSHEY_SIMPLEX, 0.35, (0, 0, 0), 1)
            for x in np.linspace(left, right, int(rng.integers(2, 7))):
                cv2.putText(img, str(int(rng.integers(0, 500))), (int(x) - 6, y), cv2.FONT_HERSHEY_SIMPLEX, 0.35,
                            _colour(rng, dark=True), 1)
    if rng.random() < 0.3:  # a legend
        for r in range(int(rng.integers(1, 4))):
            y = top + 10 + 12 * r
            col = _colour(rng)
            cv2.line(img, (right - 60, y), (right - 45, y), col, 2)
            cv2.putText(img, _word(rng, n=(2, 8)), (right - 42, y + 4), cv2.FONT_HERSHEY_SIMPLEX, 0.3, (0, 0, 0), 1)
    if rng.random() < 0.15:  # noise over it all
        m = rng.random((h, w)) < rng.uniform(0.001, 0.05)
        img[m] = rng.integers(0, 256, (int(m.sum()), 3), dtype=np.uint8)
    return img


# -- files ---------------------------------------------------------------------------------------------------------
def _png(img: np.ndarray, *, colour_type=None) -> bytes:
    """PNG bytes of ``img`` (H x W grey, RGB or RGBA; uint8 or uint16) written by hand, so that every colour type
    and bit depth occurs, palette included."""
    if colour_type == 3:  # palette: at most 256 colours
        flat = img.reshape(-1, img.shape[2])
        pal, idx = np.unique(flat, axis=0, return_inverse=True)
        if len(pal) > 256:
            pal, idx = pal[:256], np.minimum(idx, 255)
        raw = idx.astype(np.uint8).reshape(img.shape[:2])
        depth, extra = 8, [(b"PLTE", pal[:, :3].astype(np.uint8).tobytes())]
        data = raw
    else:
        depth = 16 if img.dtype == np.uint16 else 8
        colour_type = {1: 0, 2: 4, 3: 2, 4: 6}[1 if img.ndim == 2 else img.shape[2]]
        extra = []
        data = np.ascontiguousarray(img.astype(">u2") if depth == 16 else img)
    h, w = data.shape[:2]
    rows = data.reshape(h, -1).view(np.uint8)
    body = b"".join(b"\x00" + rows[r].tobytes() for r in range(h))

    def chunk(tag, payload):
        return struct.pack(">I", len(payload)) + tag + payload + struct.pack(">I", zlib.crc32(tag + payload))

    ihdr = struct.pack(">IIBBBBB", w, h, depth, colour_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + b"".join(chunk(t, p) for t, p in extra)
            + chunk(b"IDAT", zlib.compress(body)) + chunk(b"IEND", b""))


def encodings(rng, tmp: Path):
    cv2 = _cv2()
    base = almost_plot(rng) if rng.random() < 0.3 else noise(rng)
    rgb = np.ascontiguousarray(base[..., ::-1])
    k = int(rng.integers(0, 9))
    name = f"enc{int(rng.integers(1 << 30))}"
    if k == 0:
        data = _png(base.mean(axis=2).astype(np.uint8))
    elif k == 1:  # RGBA, transparent background
        a = np.where(base.min(axis=2) > 250, 0, 255).astype(np.uint8)
        data = _png(np.dstack([rgb, a]))
    elif k == 2:
        data = _png(rgb, colour_type=3)
    elif k == 3:
        data = _png((rgb.astype(np.uint16) * 257))
    elif k == 4:
        data = _png((base.mean(axis=2) * 257).astype(np.uint16))
    elif k == 5:  # grey + alpha
        g = base.mean(axis=2).astype(np.uint8)
        data = _png(np.dstack([g, np.full_like(g, 255)]))
    else:
        ext = [".bmp", ".tiff", ".jpg"][k - 6]
        ok, buf = cv2.imencode(ext, base)
        data = buf.tobytes()
        return _file(tmp, name + ext, data)
    return _file(tmp, name + ".png", data)


def _file(tmp: Path, name: str, data: bytes) -> Path:
    p = tmp / name
    p.write_bytes(data)
    return p


_REAL = ["mpl_05_cross.png", "baser_03_colon.jpg", "baser_02_veteran.png", "lifelines_102_exp.jpg"]


def truncated(rng, tmp: Path):
    cv2 = _cv2()
    if rng.random() < 0.25:
        data = (FIG / _REAL[int(rng.integers(0, len(_REAL)))]).read_bytes()
    else:
        ext = ".png" if rng.random() < 0.5 else ".jpg"
        ok, buf = cv2.imencode(ext, almost_plot(rng))
        data = buf.tobytes()
    png = data.startswith(b"\x89PNG")
    r = rng.random()
    if r < 0.5:  # cut short
        data = data[:int(rng.integers(0, len(data)))]
    elif r < 0.8:  # bytes flipped
        b = bytearray(data)
        for i in rng.integers(0, len(b), int(rng.integers(1, 40))):
            b[int(i)] = int(rng.integers(0, 256))
        data = bytes(b)
    else:  # a chunk of random bytes spliced in
        i = int(rng.integers(0, len(data)))
        data = data[:i] + rng.integers(0, 256, int(rng.integers(1, 500)), dtype=np.uint8).tobytes() + data[i:]
    return _file(tmp, f"trunc{int(rng.integers(1 << 30))}" + (".png" if png else ".jpg"), data)


def _pdf(objects: list[bytes], *, trailer_extra: bytes = b"", root: int = 1) -> bytes:
    out = b"%PDF-1.4\n"
    offs = []
    for i, body in enumerate(objects, 1):
        offs.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offs)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R ".encode() + trailer_extra
    out += f">>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def _pdf_page(w: float, h: float, content: bytes = b"0 0 0 RG 72 72 m 200 72 l S 72 72 m 72 200 l S") -> bytes:
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w:g} {h:g}] /Contents 4 0 R >>".encode(),
                 f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream"])


def pdfs(rng, tmp: Path):
    k = int(rng.integers(0, 10))
    page = None
    if k == 0:  # zero pages
        data = _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])
    elif k == 1:  # encrypted (a standard security handler whose password is unknown)
        data = _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>",
                     b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>"],
                    trailer_extra=b"/Encrypt 3 0 R /ID [<0123456789abcdef0123456789abcdef>"
                                  b"<0123456789abcdef0123456789abcdef>] ")
    elif k == 2:  # the header only
        data = b"%PDF-1.7\n" + rng.integers(0, 256, int(rng.integers(0, 300)), dtype=np.uint8).tobytes()
    elif k == 3:  # a page out of range
        data, page = _pdf_page(300, 200), int(rng.choice([0, -1, 2, 10**9]))
    elif k == 4:  # a huge page: 200 in x 200 in at 200 dpi is 1.6e9 pixels
        data = _pdf_page(float(rng.choice([14400, 14400 * 3, 1e5])), float(rng.choice([14400, 3000, 1e5])))
    elif k == 5:  # a degenerate page
        data = _pdf_page(float(rng.choice([0, 1, -100])), float(rng.choice([0, 1, 200])))
    elif k == 6:  # a good page, truncated
        d = _pdf_page(300, 200)
        data = d[:int(rng.integers(8, len(d)))]
    elif k == 7:  # a page whose content is garbage
        data = _pdf_page(300, 200, rng.integers(0, 256, 200, dtype=np.uint8).tobytes())
    elif k == 8:  # a valid small page: an L and nothing else
        data = _pdf_page(float(rng.integers(30, 400)), float(rng.integers(30, 400)))
    else:  # a Catalog with no Pages
        data = _pdf([b"<< /Type /Catalog >>"])
    return _file(tmp, f"doc{int(rng.integers(1 << 30))}.pdf", data), {"page": page} if page is not None else {}


def not_images(rng, tmp: Path):
    k = int(rng.integers(0, 6))
    ext = str(rng.choice([".png", ".jpg", ".pdf", ".tif", ".svg"]))
    if k == 0:
        data = b"this is a text file, not an image\n" * int(rng.integers(1, 50))
    elif k == 1:
        data = b""
    elif k == 2:
        data = rng.integers(0, 256, int(rng.integers(1, 2000)), dtype=np.uint8).tobytes()
    elif k == 3:  # a PNG signature and nothing else
        data = b"\x89PNG\r\n\x1a\n"
    elif k == 4:
        data = "\ufeffunicode text ÄÖÜ ∑ 🙂\n".encode("utf-8")
    else:  # HTML
        data = b"<html><body><svg></svg></body></html>"
    return _file(tmp, f"nope{int(rng.integers(1 << 30))}{ext}", data)


_SVG_VALUES = ["", "nan", "-", "1e", "inf", "1e308", "-0", "0", "3", "-12.5", "translate(1 2)", "scale(0)",
               "translate(nan 1)", "M 0 0", "M 1 1 L 1 1 L 1 1 L 1 1", "stroke: #ff0000", "fill: #00ff00",
               "xtick_1", "ytick_1", "line2d_9", "legend_1", "axes_2", "patch_1", "text_1", "matplotlib.axis_3"]


def _svg_mutant(rng, real: bytes) -> bytes:
    import xml.etree.ElementTree as ET

    ET.register_namespace("", "http://www.w3.org/2000/svg")
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ET.fromstring(real, parser=ET.XMLParser(target=ET.TreeBuilder(insert_comments=True)))
    elements = list(root.iter())
    for _ in range(int(rng.integers(1, 40))):
        el = elements[int(rng.integers(1, len(elements)))]
        r = rng.random()
        if r < 0.3:  # remove one child
            kids = list(el)
            if kids:
                el.remove(kids[int(rng.integers(0, len(kids)))])
        elif r < 0.5 and el.tag is ET.Comment:  # a text's string (a tick label, an at-risk count)
            el.text = str(rng.choice(["", "0", "-1", "1e9", "abc", "50%", "(3)", "nan", "0.5", "100", "  "]))
        else:  # an attribute
            keys = list(el.attrib) or ["id"]
            el.set(str(rng.choice(keys)), str(rng.choice(_SVG_VALUES)))
    return ET.tostring(root)


def svgs(rng, tmp: Path):
    real = (FIG / ("report_00.svg" if rng.random() < 0.5 else "report_01.svg")).read_bytes()
    k = int(rng.integers(0, 14))
    if k >= 8:  # well-formed XML, elements removed or attributes and texts changed
        data = _svg_mutant(rng, real)
    elif k == 0:  # truncated
        data = real[:int(rng.integers(0, len(real)))]
    elif k == 1:  # lines deleted
        ls = real.split(b"\n")
        keep = rng.random(len(ls)) > rng.uniform(0.01, 0.5)
        keep[:4] = True
        data = b"\n".join(x for x, kk in zip(ls, keep) if kk)
    elif k == 2:  # numbers garbled
        data = re.sub(rb"\d+\.\d+", lambda m: [b"nan", b"-", b"1e", b".", b"inf", b"1e999", b"0"][
            int(rng.integers(0, 7))] if rng.random() < 0.05 else m.group(0), real)
    elif k == 3:  # a non-matplotlib SVG, malformed now and then
        data = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><path d="M 0 0 L'
        data += b" 5 5" if rng.random() < 0.5 else b' 5 5"/></svg>'
    elif k == 4:  # an empty matplotlib SVG
        data = b'<svg xmlns="http://www.w3.org/2000/svg"><!-- Created with matplotlib --></svg>'
    elif k == 5:  # entity expansion ("billion laughs")
        data = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "matplotlibmatplotlib">'
                + b"".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">'.encode() for p, c in zip("abcdefgh", "bcdefghi"))
                + b']><svg xmlns="http://www.w3.org/2000/svg"><text>&i;</text></svg>')
    elif k == 6:  # elements swapped between files
        ls = real.split(b"\n")
        i, j = sorted(int(v) for v in rng.integers(4, len(ls), 2))
        data = b"\n".join(ls[:i] + ls[j:] + ls[i:j])
    else:  # random bytes after a matplotlib header
        data = real[:800] + rng.integers(0, 256, int(rng.integers(0, 3000)), dtype=np.uint8).tobytes()
    return _file(tmp, f"vec{int(rng.integers(1 << 30))}.svg", data)


def bombs(rng, tmp: Path):
    """A small file that declares a huge image."""
    k = int(rng.integers(0, 5))
    w, h = [(100_000, 100_000), (30_000, 30_000), (2**31 - 1, 70_000), (70_000, 1000), (65_535, 65_535)][
        int(rng.integers(0, 5))]
    if k == 0:  # PNG: IHDR says w x h, the data is one compressed stream of zeros
        def chunk(tag, payload):
            return struct.pack(">I", len(payload)) + tag + payload + struct.pack(">I", zlib.crc32(tag + payload))
        comp = zlib.compressobj()
        row = b"\x00" * (1 + 3 * min(w, 1 << 20))
        body = b"".join(comp.compress(row) for _ in range(min(h, 64))) + comp.flush()
        data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", body) + chunk(b"IEND", b""))
        ext = ".png"
    elif k == 1:  # JPEG: a small real JPEG whose SOF says w x h (at most 65535 each)
        ok, buf = _cv2().imencode(".jpg", _white(64, 64))
        b = bytearray(buf.tobytes())
        i = b.find(b"\xff\xc0")
        b[i + 5:i + 9] = struct.pack(">HH", min(h, 65535), min(w, 65535))
        data, ext = bytes(b), ".jpg"
    elif k == 2:  # BMP header
        data = (b"BM" + struct.pack("<IHHI", 54, 0, 0, 54) + struct.pack("<IiiHHIIiiII", 40, min(w, 2**31 - 1),
                min(h, 2**31 - 1), 1, 24, 0, 0, 2835, 2835, 0, 0))
        ext = ".bmp"
    elif k == 3:  # PPM header
        data, ext = f"P6\n{w} {h}\n255\n".encode() + b"\x00" * 64, ".ppm"
    else:  # TIFF: one strip, uncompressed
        ifd = [(256, 4, 1, w), (257, 4, 1, h), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1), (273, 4, 1, 8),
               (277, 3, 1, 1), (278, 4, 1, h), (279, 4, 1, 16)]
        data = b"II*\x00" + struct.pack("<I", 24) + b"\x00" * 16 + struct.pack("<H", len(ifd))
        data += b"".join(struct.pack("<HHII", *e) if e[1] == 4 else struct.pack("<HHIHH", e[0], e[1], e[2], e[3], 0)
                         for e in ifd) + struct.pack("<I", 0)
        ext = ".tif"
    return _file(tmp, f"bomb{int(rng.integers(1 << 30))}{ext}", data)


def bad_arrays(rng):
    k = int(rng.integers(0, 8))
    base = noise(rng)
    if k == 0:
        return base[..., 0]                          # 2-D
    if k == 1:
        return base.astype(float) / 255              # float
    if k == 2:
        return np.dstack([base, base[..., :1]])      # 4 channels
    if k == 3:
        return np.zeros((0, 0, 3), np.uint8)         # empty
    if k == 4:
        return base[::-1, ::2]                       # not contiguous (a valid image)
    if k == 5:
        return base.astype(bool)
    if k == 6:
        return base.astype(np.uint16) * 257
    return np.zeros((10, 10, 10, 3), np.uint8)


def hinted(rng):
    """A random plot with random hints: x/y ranges past the tick labels, arms, n and events."""
    img = almost_plot(rng)
    kw: dict = {}
    if rng.random() < 0.7:
        kw["x_range"] = tuple(float(v) for v in rng.choice([0, 1, 10, -5, 1e9, 1e-9], 2, replace=False))
    if rng.random() < 0.7:
        kw["y_range"] = tuple(float(v) for v in rng.choice([0, 1, 100, -1, 0.5], 2, replace=False))
    if rng.random() < 0.3:
        kw["arms"] = [f"A{i}" for i in range(int(rng.integers(1, 4)))]
    if rng.random() < 0.3:
        kw["n"] = {"arm1": int(rng.integers(1, 300))}
    if rng.random() < 0.2:
        kw["events"] = {"arm1": int(rng.integers(0, 300))}
    return img, kw


def noisy_plot(rng):
    """Axes and a curve under thousands of specks or random numbers (a bad scan), read with hints: every stage
    meets far more pieces than a figure has."""
    cv2 = _cv2()
    h, w = int(rng.integers(250, 400)), int(rng.integers(300, 500))
    img = _white(h, w)
    left, bottom = w // 8, int(h * 0.7)
    _axes(img, rng, left, 10, w - 10, bottom, 2)
    _curve(img, rng, left, 10, w - 10, bottom, _colour(rng), 2)
    if rng.random() < 0.5:
        m = rng.random((h, w)) < rng.uniform(0.02, 0.3)
        img[m] = 0 if rng.random() < 0.7 else _colour(rng)
    else:
        for _ in range(int(rng.integers(200, 1200))):
            cv2.putText(img, str(int(rng.integers(0, 1000))), (int(rng.integers(0, w)), int(rng.integers(0, h))),
                        cv2.FONT_HERSHEY_SIMPLEX, 0.35, (0, 0, 0), 1)
    return img, {"x_range": (0.0, 10.0), "y_range": (0.0, 1.0)}


# (kind, how many, maker, maker takes the temporary folder)
KINDS = [
    ("noise", 130, noise, False),
    ("salt_pepper", 90, salt_pepper, False),
    ("blank", 40, blank, False),
    ("tiny", 40, tiny, False),
    ("huge_aspect", 30, aspect, False),
    ("single_lines", 80, lines, False),
    ("shapes", 130, shapes, False),
    ("text_putText", 70, text, False),
    ("text_matplotlib", 10, text_matplotlib, False),
    ("almost_plot", 50, almost_plot, False),
    ("hinted_plot", 20, hinted, False),
    ("noisy_plot", 10, noisy_plot, False),
    ("encodings", 60, encodings, True),
    ("truncated", 60, truncated, True),
    ("pdf", 40, pdfs, True),
    ("not_an_image", 30, not_images, True),
    ("svg", 60, svgs, True),
    ("bomb", 30, bombs, True),
    ("bad_array", 20, bad_arrays, False),
]
N_IMAGES = sum(k[1] for k in KINDS)


def cases():
    i = 0
    for kind, count, make, files in KINDS:
        for _ in range(count):
            yield i, kind, make, files
            i += 1


def make_case(i: int, make, files: bool, tmp: Path):
    rng = np.random.default_rng([SEED, i])
    made = make(rng, tmp) if files else make(rng)
    fig, kw = made if isinstance(made, tuple) else (made, {})
    return fig, kw


def run_one(fig, kw):
    """digitize_figure, then the reconstruction of a result: 'ok', 'input error: ...' or the failure."""
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, LIMIT_S)
    try:
        dig = digitize_figure(fig, **kw)
        for a in dig.arms:
            assert a.time.size == a.survival.size and np.all(np.isfinite(a.survival))
            assert np.all((a.survival >= 0) & (a.survival <= 1)) and np.all(np.diff(a.survival) <= 1e-12)
        try:
            reconstruct_digitized(dig)
        except InputError:
            pass
        return "ok", ""
    except InputError as exc:
        msg = str(exc)
        return "input error", msg
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# -- the tests -------------------------------------------------------------------------------------------------------
def test_a_thousand_random_images_end_in_a_result_or_one_input_error(tmp_path):
    assert N_IMAGES == 1000
    failures: list[str] = []
    outcome: dict[str, Counter] = defaultdict(Counter)
    peak0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for i, kind, make, files in cases():
        folder = tmp_path / str(i)
        folder.mkdir()
        fig, kw = make_case(i, make, files, folder)
        try:
            res, msg = run_one(fig, kw)
        except Exception as exc:  # anything else, a hang included, is a failure
            failures.append(f"#{i} {kind}: {type(exc).__name__}: {exc}"[:300])
            continue
        outcome[kind][res] += 1
        if res == "input error":
            # one line, saying something (no empty message, no traceback text)
            assert msg.strip() and "\n" not in msg.strip() and "Traceback" not in msg, (i, kind, msg)
            if kind == "bomb":
                assert "too large" in msg, (i, msg)
    assert not failures, "\n".join(failures)
    # a declared size is refused before the pixels are allocated: the peak memory does not grow by the
    # gigabytes a bomb would take
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak0) / 1024
    assert grown_mb < 1500, f"peak memory grew by {grown_mb:.0f} MB"
    # the material reaches past the loader: random plots are read to the end now and then
    assert sum(outcome[k]["ok"] for k in ("almost_plot", "hinted_plot", "noisy_plot")) >= 10, dict(outcome)
    assert outcome["svg"]["ok"] >= 10, dict(outcome["svg"])
    for kind in ("tiny", "bomb", "not_an_image"):
        assert outcome[kind]["ok"] == 0, (kind, dict(outcome[kind]))


# The command line on a subset: one case of every file kind, and arrays written as PNG.
CLI_PICK = {"noise": 2, "blank": 2, "tiny": 2, "huge_aspect": 2, "single_lines": 2, "shapes": 2, "text_putText": 1,
            "almost_plot": 3, "encodings": 2, "truncated": 3, "pdf": 4, "not_an_image": 2, "svg": 4, "bomb": 3}


def _cli_cases():
    seen: Counter = Counter()
    out = []
    for i, kind, make, files in cases():
        if seen[kind] < CLI_PICK.get(kind, 0):
            seen[kind] += 1
            out.append((i, kind, make, files))
    return out


CLI_CASES = _cli_cases()


@pytest.mark.parametrize("case", CLI_CASES, ids=[f"{c[1]}-{c[0]}" for c in CLI_CASES])
def test_cli_on_bad_images(case, tmp_path, capsys):
    import cv2

    from trialscout.cli import app

    i, kind, make, files = case
    fig, kw = make_case(i, make, files, tmp_path)
    if isinstance(fig, np.ndarray):
        path = tmp_path / f"img{i}.png"
        if fig.size:
            cv2.imwrite(str(path), fig)
        else:
            path.write_bytes(b"")
        fig = path
    argv = ["digitize", str(fig), "--out", str(tmp_path / "out")]
    if kw.get("page") is not None:
        argv += ["--page", str(kw["page"])]
    before = sorted(p.name for p in tmp_path.iterdir())
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, 2 * LIMIT_S)
    try:
        code = app(args=argv, prog_name="trialscout", standalone_mode=False)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    cap = capsys.readouterr()
    assert "Traceback" not in cap.err + cap.out
    after = sorted(p.name for p in tmp_path.iterdir())
    if code == 0:  # a read: every file written
        assert {p.name for p in (tmp_path / "out").iterdir()} >= {"curves.csv", "at_risk.csv", "ipd.csv",
                                                                  "digitize.json", "overlay.png"}
        return
    assert code == 2, (code, cap.out, cap.err)
    lines = cap.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("trialscout: error: "), cap.err
    assert after == before  # no output folder, no temporary folder left


def test_cli_in_a_process_on_a_bomb_a_text_file_and_damaged_files(tmp_path):
    """The installed entry point: no traceback, one line, exit 2 (also where the in-process run might hide it)."""
    png = bytearray((FIG / "mpl_05_cross.png").read_bytes())
    png[5000:5040] = bytes(40)  # damaged image data (a native decoder would print its own complaint)
    cases_ = [bombs(np.random.default_rng([SEED, 0]), tmp_path), _file(tmp_path, "notes.png", b"plain text\n"),
              _file(tmp_path, "damaged.png", bytes(png)),
              _file(tmp_path, "cut.jpg", (FIG / "baser_03_colon.jpg").read_bytes()[:30000])]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for fig in cases_:
        p = subprocess.run([sys.executable, "-m", "trialscout", "digitize", str(fig), "--out", str(tmp_path / "o")],
                           capture_output=True, text=True, env=env, timeout=120)
        assert p.returncode == 2, p.stderr
        lines = p.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("trialscout: error: ") and "Traceback" not in p.stderr
        assert not (tmp_path / "o").exists()


if __name__ == "__main__":  # a tally by kind, for the study of failures: python tests/digitize/test_digitize_fuzz.py
    import tempfile

    SEED = int(os.environ.get("FUZZ_SEED", SEED))  # other seeds: more material of the same kinds
    tally: dict[str, Counter] = defaultdict(Counter)
    slow: list = []
    t_all = time.perf_counter()
    with tempfile.TemporaryDirectory() as d:
        for i, kind, make, files in cases():
            if len(sys.argv) > 1 and kind not in sys.argv[1:]:
                continue
            folder = Path(d) / str(i)
            folder.mkdir()
            fig, kw = make_case(i, make, files, folder)
            t0 = time.perf_counter()
            try:
                res, msg = run_one(fig, kw)
            except Exception as exc:
                res, msg = f"{type(exc).__name__}", str(exc)[:200]
                print(f"#{i} {kind}: {res}: {msg}", flush=True)
            dt = time.perf_counter() - t0
            slow.append((dt, i, kind))
            tally[kind][res] += 1
            tally[kind]["seconds"] += dt  # type: ignore[assignment]
    for kind, c in tally.items():
        print(kind, dict(c))
    print("slowest", sorted(slow)[-8:])
    print(f"total {time.perf_counter() - t_all:.1f} s")
