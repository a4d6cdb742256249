"""Tesseract through a subprocess: many small crops read in one call (one line each)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from .._validate import TrialscoutError

__all__ = ["ocr_lines", "ocr_single", "tesseract_path"]

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
    return (255 - ink).astype(np.uint8)


_RETRIES = 6
_MAX_CROPS = 150


def ocr_lines(crops: list, *, digits: bool) -> list[tuple[str, float]]:
    """Read each crop as one line of text; see :func:`_ocr_page`. Crops the page read left empty or unsure
    (Tesseract's page layout sometimes drops a lone digit) are read again one by one as single lines. Past
    the first _MAX_CROPS (the test figures' largest call, an at-risk table, has 46), crops are given back
    unread: thousands of specks of a noisy scan are not read one by one."""
    if len(crops) > _MAX_CROPS:
        return ocr_lines(crops[:_MAX_CROPS], digits=digits) + [("", 0.0)] * (len(crops) - _MAX_CROPS)
    out = _ocr_page(crops, digits=digits)
    if len(crops) > 1:
        redo = [k for k, (t, c) in enumerate(out) if not t or c < 60][:_RETRIES]
        for k in redo:
            t, c = _ocr_page([crops[k]], digits=digits)[0]
            if t and c > out[k][1]:
                out[k] = (t, c)
    return out


def ocr_single(crop: np.ndarray, *, digits: bool, line_height: int) -> tuple[str, float]:
    """One crop read alone in Tesseract's single-line mode, scaled to ``line_height`` pixels (a second look
    at a cell the first reading got wrong)."""
    return _ocr_page([crop], digits=digits, line_height=line_height)[0]


def _ocr_page(crops: list, *, digits: bool, line_height: int = _LINE_H) -> list[tuple[str, float]]:
    """Read each crop as one line of text; return (text, mean word confidence 0-100) per crop, in order.

    All crops are stacked into one page (scaled to a common height, separated by white space) so that one
    Tesseract process reads them all; the words it finds are given back to the crop they fall in.
    """
    import cv2

    if not crops:
        return []
    exe = tesseract_path()
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
    args = ["--psm", "6" if len(crops) > 1 else "7"]
    if digits:
        args += ["-c", "tessedit_char_whitelist=0123456789.()%-"]
    with tempfile.TemporaryDirectory() as tmp:
        img = Path(tmp) / "page.png"
        cv2.imwrite(str(img), page)
        try:
            proc = subprocess.run([exe, str(img), "stdout", *args, "tsv"], capture_output=True, text=True,
                                  timeout=60, check=False)
        except subprocess.TimeoutExpired as exc:  # pragma: no cover - Tesseract does not hang on a page this small
            raise TrialscoutError("Tesseract did not finish reading the figure's text within 60 s") from exc
    words: list[list[tuple[int, str, float]]] = [[] for _ in crops]
    for line in proc.stdout.splitlines()[1:]:
        f = line.split("\t")
        if len(f) < 12 or f[0] != "5" or not f[11].strip():
            continue
        top, height, left = int(f[7]), int(f[9]), int(f[6])
        cy = top + height / 2
        for k, (a, b) in enumerate(spans):
            if a - _GAP / 2 <= cy < b + _GAP / 2:
                words[k].append((left, f[11].strip(), float(f[10])))
                break
    out = []
    for ws in words:
        ws.sort()
        text = " ".join(w for _, w, _ in ws)
        conf = float(np.mean([c for _, _, c in ws])) if ws else 0.0
        out.append((text, conf))
    return out
