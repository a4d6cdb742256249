"""Tesseract through a subprocess: many small crops read in one call (one line each)."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections import OrderedDict
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from .._validate import TrialscoutError

__all__ = ["ocr_lines", "ocr_single", "ocr_singles", "tesseract_path"]

_LINE_H = 40  # pixel height each crop is scaled to (Tesseract reads best at 20-40 px capitals)
_GAP = 28


def tesseract_path() -> str:
    found = shutil.which("tesseract")
    if found is None:
        raise TrialscoutError("digitize needs the Tesseract OCR program, which is not installed: install the Debian "
                              "packages tesseract-ocr and tesseract-ocr-eng (apt-get install tesseract-ocr "
                              "tesseract-ocr-eng)")
    return found


def _ink(crop: np.ndarray) -> np.ndarray:
    """Dark text on white from any coloured text: ink is how far the darkest channel is from white."""
    if crop.ndim == 3:
        ink = 255 - crop.min(axis=2).astype(np.int32)
    else:
        ink = 255 - crop.astype(np.int32)
    hi = max(int(ink.max()), 1)
    ink = np.clip(ink * (255.0 / hi), 0, 255)
    return _without_slashes(_without_enclosed_specks((255 - ink).astype(np.uint8)))


def _without_enclosed_specks(g: np.ndarray) -> np.ndarray:
    """The crop with every small speck of ink that lies wholly inside a glyph's hole painted white: the dot of
    a monospaced font's dotted zero, which Tesseract reads as a digit of its own ("0" as "(0)" or "10)"), or
    a speck of JPEG noise inside an "0", "6", "8" or "9". A speck counts when its box is at most a third of
    its hole's height and width; a glyph inside a bracket is not inside a hole (a bracket has none)."""
    import cv2

    mask = (g < 128).astype(np.uint8)
    if not mask.any():
        return g
    contours, hier = cv2.findContours(mask, cv2.RETR_TREE, cv2.CHAIN_APPROX_SIMPLE)
    if hier is None:
        return g
    depth = [0] * len(contours)
    for k in range(len(contours)):
        p = hier[0][k][3]
        while p >= 0:
            depth[k] += 1
            p = hier[0][p][3]
    out = g
    for k, (_, _, child, _) in enumerate(hier[0]):
        if depth[k] % 2 == 0 or child < 0:
            continue
        # contour k is a hole of an outer glyph; its children are the outlines of ink lying inside it
        _, _, hw, hh = cv2.boundingRect(contours[k])
        c = child
        while c >= 0:
            x, y, w, h = cv2.boundingRect(contours[c])
            if 3 * w <= hw + 1 and 3 * h <= hh + 1:
                if out is g:
                    out = g.copy()
                out[y:y + h, x:x + w] = 255
            c = hier[0][c][0]
    return out


def _without_slashes(g: np.ndarray) -> np.ndarray:
    """The crop with the slash of every slashed zero painted white: the zero of a monospaced font (Noto Sans
    Mono, DejaVu Sans Mono in some styles) that Tesseract, told to read digits, drops or reads as two. A
    glyph is a slashed zero when it has exactly two holes that lie side by side diagonally, each box
    overlapping the other's over at least half its width and half its height, each at least half as high as
    the glyph (the two halves of an oval cut by a diagonal stroke; the holes of an "8" lie one above the
    other, those of a "%" apart). The slash is
    the ink inside the convex hull of the two holes, short of the hull's edge."""
    import cv2

    mask = (g < 128).astype(np.uint8)
    if not mask.any():
        return g
    contours, hier = cv2.findContours(mask, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_NONE)
    if hier is None:
        return g
    out = g
    for k, (_, _, child, parent) in enumerate(hier[0]):
        if parent >= 0 or child < 0:
            continue
        holes = []
        c = child
        while c >= 0:
            holes.append(c)
            c = hier[0][c][0]
        if len(holes) != 2:
            continue
        (ax, ay, aw, ah), (bx, by, bw, bh) = (cv2.boundingRect(contours[h]) for h in holes)
        gh = cv2.boundingRect(contours[k])[3]
        ox = min(ax + aw, bx + bw) - max(ax, bx)
        oy = min(ay + ah, by + bh) - max(ay, by)
        diagonal = (ax - bx) * (ay - by) != 0
        # (each half of the oval spans most of the glyph's height: the hole of a "9" and the speck of white
        # its tail may close off below it do not)
        if not diagonal or ox < 0.5 * min(aw, bw) or oy < 0.5 * min(ah, bh) or min(aw, ah, bw, bh) < 3 \
                or min(ah, bh) < 0.5 * gh:
            continue
        hull = cv2.convexHull(np.vstack([contours[h] for h in holes]))
        # (the holes' contours run on the ring's inner edge: the hull less its edge keeps a thin ring whole)
        inside = np.zeros_like(mask)
        cv2.fillPoly(inside, [hull], 1)
        inside = cv2.erode(inside, np.ones((3, 3), np.uint8)).astype(bool)
        if out is g:
            out = g.copy()
        out[inside] = 255
    return out


_RETRIES = 6
_MAX_CROPS = 150


def ocr_lines(crops: list, *, digits: bool) -> list[tuple[str, float]]:
    """Read each crop as one line of text; see :func:`_ocr_page`. Crops the page read left empty or unsure
    (Tesseract's page layout sometimes drops a lone digit) are read again as single lines, all in one more
    Tesseract run. Past the first _MAX_CROPS (the test figures' largest call, an at-risk table, has 46),
    crops are given back unread: thousands of specks of a noisy scan are not read one by one."""
    if len(crops) > _MAX_CROPS:
        return ocr_lines(crops[:_MAX_CROPS], digits=digits) + [("", 0.0)] * (len(crops) - _MAX_CROPS)
    out = _ocr_page(crops, digits=digits)
    if len(crops) > 1:
        redo = [k for k, (t, c) in enumerate(out) if not t or c < 60][:_RETRIES]
        for k, (t, c) in zip(redo, _ocr_each([crops[k] for k in redo], digits=digits)):
            if t and c > out[k][1]:
                out[k] = (t, c)
    return out


def ocr_single(crop: np.ndarray, *, digits: bool, line_height: int) -> tuple[str, float]:
    """One crop read alone in Tesseract's single-line mode, scaled to ``line_height`` pixels (a second look
    at a cell the first reading got wrong)."""
    return _ocr_each([crop], digits=digits, line_height=line_height)[0]


def ocr_singles(crops: list, *, digits: bool, line_height: int) -> list[tuple[str, float]]:
    """Each crop read as :func:`ocr_single` reads it, all in one Tesseract run (one page each): a second look
    at several cells costs one start of the program, not one a cell."""
    return _ocr_each(list(crops), digits=digits, line_height=line_height)


# Readings already made, by the pixels read and how: a figure's text is looked at more than once (the at-risk
# table is read at two ink thresholds, mostly from the same crops), and Tesseract's start-up dominates.
_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 512


def _key(crops: list, digits: bool, line_height: int, alone: bool) -> tuple:
    h = hashlib.blake2b(digest_size=16)
    for c in crops:
        a = np.ascontiguousarray(c)
        h.update(repr((a.shape, a.dtype.str)).encode())
        h.update(a.tobytes())
    return h.digest(), digits, line_height, alone


def _cached(key: tuple):
    got = _CACHE.get(key)
    if got is not None:
        _CACHE.move_to_end(key)
    return got


def _store(key: tuple, value) -> None:
    _CACHE[key] = value
    _CACHE.move_to_end(key)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)


def _ocr_each(crops: list, *, digits: bool, line_height: int = _LINE_H) -> list[tuple[str, float]]:
    """Each crop read alone in single-line mode (as ``_ocr_page([crop])`` reads it), the crops not read before
    all in one Tesseract run, one page each."""
    if crops:
        tesseract_path()  # a reading from the cache still needs the program to be there
    out: list = [None] * len(crops)
    todo = []
    for k, c in enumerate(crops):
        got = _cached(_key([c], digits, line_height, True))
        if got is not None:
            out[k] = got[0]
        else:
            todo.append(k)
    if todo:
        pages = [_stack([crops[k]], line_height) for k in todo]
        words = _tesseract([p for p, _ in pages], psm="7", digits=digits)
        for k, (_, spans), ws in zip(todo, pages, words):
            out[k] = _assign(ws, spans)[0]
            _store(_key([crops[k]], digits, line_height, True), [out[k]])
    return out


def _ocr_page(crops: list, *, digits: bool, line_height: int = _LINE_H) -> list[tuple[str, float]]:
    """Read each crop as one line of text; return (text, mean word confidence 0-100) per crop, in order.

    All crops are stacked into one page (scaled to a common height, separated by white space) so that one
    Tesseract process reads them all; the words it finds are given back to the crop they fall in. A crop
    read before (the same pixels, on any page) is not read again.
    """
    if not crops:
        return []
    if len(crops) == 1:
        return _ocr_each(crops, digits=digits, line_height=line_height)
    tesseract_path()
    # a crop read on an earlier page keeps its reading; the others are read on a page of their own
    out: list = [None] * len(crops)
    todo = []
    for k, c in enumerate(crops):
        got = _cached(_key([c], digits, line_height, False))
        if got is not None:
            out[k] = got[0]
        else:
            todo.append(k)
    if len(todo) == 1:
        out[todo[0]] = _ocr_each([crops[todo[0]]], digits=digits, line_height=line_height)[0]
    elif todo:
        page, spans = _stack([crops[k] for k in todo], line_height)
        for k, got in zip(todo, _assign(_tesseract([page], psm="6", digits=digits)[0], spans)):
            out[k] = got
            _store(_key([crops[k]], digits, line_height, False), [got])
    return out


def _stack(crops: list, line_height: int) -> tuple[np.ndarray, list]:
    """The crops as dark-on-white lines of one page, each scaled to ``line_height``; and each line's rows."""
    import cv2

    rows = []
    spans = []
    width = 0
    y = _GAP
    for c in crops:
        g = _ink(c)
        h, w = g.shape[:2]
        s = line_height / max(h, 1)
        g = cv2.resize(g, (max(1, int(round(w * s))), line_height), interpolation=cv2.INTER_CUBIC)
        g = np.pad(g, ((0, 0), (20, 20)), constant_values=255)
        rows.append(g)
        spans.append((y, y + line_height))
        width = max(width, g.shape[1])
        y += line_height + _GAP
    page = np.full((y, width + 40), 255, np.uint8)
    for g, (a, b) in zip(rows, spans):
        page[a:b, 20:20 + g.shape[1]] = g
    return page, spans


def _tesseract(pages: list, *, psm: str, digits: bool) -> list[list[tuple[int, int, int, str, float]]]:
    """One Tesseract run over the pages (a list file names them); the words found on each page as (left, top,
    height, text, confidence)."""
    import cv2

    exe = tesseract_path()
    args = ["--psm", psm]
    if digits:
        args += ["-c", "tessedit_char_whitelist=0123456789.()%-"]
    words: list[list[tuple[int, int, int, str, float]]] = [[] for _ in pages]
    with tempfile.TemporaryDirectory() as tmp:
        names = []
        for i, page in enumerate(pages):
            img = Path(tmp) / f"page{i}.png"
            cv2.imwrite(str(img), page)
            names.append(str(img))
        if len(names) == 1:
            src = names[0]
        else:
            src = str(Path(tmp) / "pages.txt")
            Path(src).write_text("\n".join(names) + "\n")
        # one thread: Tesseract's OpenMP threads cost more than they give on pages this small (half the time
        # of a 46-line at-risk page on two cores), unless the caller set a limit of their own
        env = dict(os.environ)
        env.setdefault("OMP_THREAD_LIMIT", "1")
        try:
            proc = subprocess.run([exe, src, "stdout", *args, "tsv"], capture_output=True, text=True,
                                  timeout=60 + 5 * len(pages), check=False, env=env)
        except subprocess.TimeoutExpired as exc:  # pragma: no cover - Tesseract does not hang on a page this small
            raise TrialscoutError("Tesseract did not finish reading the figure's text in time") from exc
    for line in proc.stdout.splitlines()[1:]:
        f = line.split("\t")
        if len(f) < 12 or f[0] != "5" or not f[11].strip():
            continue
        page_no = int(f[1]) - 1
        if 0 <= page_no < len(pages):
            words[page_no].append((int(f[6]), int(f[7]), int(f[9]), f[11].strip(), float(f[10])))
    return words


def _assign(words: list, spans: list) -> list[tuple[str, float]]:
    """The words of a page given back to the line (crop) their centre falls in: (text, mean confidence)."""
    per: list[list[tuple[int, str, float]]] = [[] for _ in spans]
    for left, top, height, text, conf in words:
        cy = top + height / 2
        for k, (a, b) in enumerate(spans):
            if a - _GAP / 2 <= cy < b + _GAP / 2:
                per[k].append((left, text, conf))
                break
    out = []
    for ws in per:
        ws.sort()
        text = " ".join(w for _, w, _ in ws)
        conf = float(np.mean([c for _, _, c in ws])) if ws else 0.0
        out.append((text, conf))
    return out
