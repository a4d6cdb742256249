"""Vector figures read exactly: SVG files written by matplotlib (trialscout's own report figures among them).

matplotlib writes every text as a group preceded by a comment holding the string, every tick as a marker
``<use>`` at its position, every line as a ``<path>`` of absolute ``M``/``L`` commands and every marker as a
``<use>`` at its position. The curves, ticks, censoring marks, legend and the numbers at risk are taken from
those elements; nothing is rasterized.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import numpy as np

from .._validate import InputError
from ._axes import Axis, calibrate, parse_number

__all__ = ["SvgRead", "read_svg", "is_matplotlib_svg"]

_NS = "{http://www.w3.org/2000/svg}"
_XL = "{http://www.w3.org/1999/xlink}href"
_TRANSLATE = re.compile(r"translate\(\s*([-\d.eE]+)[ ,]+([-\d.eE]+)\s*\)")
_SCALE = re.compile(r"scale\(\s*([-\d.eE]+)")
_COLOUR = re.compile(r"(?:^|;)\s*(stroke|fill)\s*:\s*(#[0-9a-fA-F]{6})")


@dataclass
class SvgText:
    text: str
    x: float        # horizontal centre
    y: float        # baseline
    colour: str


@dataclass
class SvgRead:
    x_axis: Axis
    y_axis: Axis
    frame: tuple                    # left, right, top, bottom in SVG units
    curves: list                    # (colour, time array, survival array)
    censor: dict                    # colour -> times
    legend: dict                    # colour -> label
    rows: list                      # (colour, label, times, counts)
    text_in_plot: str
    size: tuple                     # width, height


def is_matplotlib_svg(head: bytes) -> bool:
    return b"<svg" in head and b"matplotlib" in head.lower()


def _gid(el) -> str:
    return el.get("id") or ""


def _style_colour(style: str | None, key: str) -> str | None:
    for k, v in _COLOUR.findall(style or ""):
        if k == key:
            return v.lower()
    return None


def _texts(group) -> list[SvgText]:
    """Every text group under ``group``: the comment gives the string, the transform its position."""
    out = []
    for el in group.iter():
        if el.tag != f"{_NS}g" or not _gid(el).startswith("text_"):
            continue
        comment = next((c for c in el if c.tag is ET.Comment), None)
        inner = next((c for c in el if c.tag == f"{_NS}g"), None)
        if comment is None or inner is None:
            continue
        m = _TRANSLATE.search(inner.get("transform", ""))
        sc = _SCALE.search(inner.get("transform", "").split("scale", 1)[-1].join(["scale", ""]) or "")
        if m is None:
            continue
        scale = _num(sc.group(1)) if sc else 0.1
        offs = [_num(_TRANSLATE.search(u.get("transform", "")).group(1))  # type: ignore[union-attr]
                for u in inner if u.tag == f"{_NS}use" and _TRANSLATE.search(u.get("transform", ""))]
        width = ((max(offs) if offs else 0.0) + 63.6) * scale
        text = (comment.text or "").strip()
        out.append(SvgText(text=text, x=_num(m.group(1)) + width / 2, y=_num(m.group(2)),
                           colour=_style_colour(inner.get("style"), "fill") or "#000000"))
    return out


def _num(text: str) -> float:
    """A coordinate of the file; a malformed or infinite one is the file's error."""
    try:
        v = float(text)
    except ValueError:
        v = math.nan
    if not math.isfinite(v):
        raise InputError(f"the SVG file holds a malformed number {text!r}")
    return v


def _points(d: str) -> np.ndarray:
    nums = re.findall(r"[MLml]\s*([-\d.eE]+)[ ,]+([-\d.eE]+)", d)
    return np.array([[_num(a), _num(b)] for a, b in nums]) if nums else np.zeros((0, 2))


def _ticks(axis_group, which: str):
    px, labels = [], []
    for tick in axis_group:
        if not _gid(tick).startswith(f"{which}tick_"):
            continue
        use = next((u for u in tick.iter(f"{_NS}use") if u.get("x") is not None), None)
        texts = _texts(tick)
        if use is None or not texts:
            continue
        px.append(_num(use.get("x" if which == "x" else "y", "")))
        labels.append(texts[0].text)
    return px, labels


def read_svg(data: bytes) -> SvgRead:
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    try:
        root = ET.fromstring(data, parser=parser)
    except ET.ParseError as exc:
        raise InputError(f"the SVG file cannot be parsed ({exc})") from exc
    axes = [g for g in root.iter(f"{_NS}g") if _gid(g).startswith("axes_")]
    if not axes:
        raise InputError("no plot axes found in the SVG figure")
    main = axes[0]
    xa = next((g for g in main if _gid(g).startswith("matplotlib.axis_")), None)
    ya = [g for g in main if _gid(g).startswith("matplotlib.axis_")]
    if xa is None or len(ya) < 2:
        raise InputError("no plot axes found in the SVG figure")
    xp, xl = _ticks(ya[0], "x")
    yp, yl = _ticks(ya[1], "y")
    x_axis = calibrate(xp, [parse_number(t) if parse_number(t) is not None else np.nan for t in xl], xl, "x")
    yv = [parse_number(t) for t in yl]
    y_axis = calibrate(yp, [v if v is not None else np.nan for v in yv], yl, "y")
    if max(abs(v) for v in y_axis.ticks_value) > 1.5:
        y_axis = Axis(a=y_axis.a / 100, b=y_axis.b / 100, ticks_px=y_axis.ticks_px,
                      ticks_value=tuple(v / 100 for v in y_axis.ticks_value), labels=y_axis.labels,
                      confidence=y_axis.confidence, percent=True)
    bg = next((p for g in main if _gid(g).startswith("patch_") for p in g.iter(f"{_NS}path")), None)
    frame_pts = _points(bg.get("d", "")) if bg is not None else np.zeros((0, 2))
    if frame_pts.size:
        frame = (frame_pts[:, 0].min(), frame_pts[:, 0].max(), frame_pts[:, 1].min(), frame_pts[:, 1].max())
    else:
        frame = (min(xp), max(xp), min(yp), max(yp))
    curves: list = []
    censor: dict[str, list] = {}
    for g in main:
        if not _gid(g).startswith("line2d_"):
            continue
        for p in g.findall(f"{_NS}path"):
            col = _style_colour(p.get("style"), "stroke")
            pts = _points(p.get("d", ""))
            if col is None or pts.shape[0] < 4:
                continue
            t = x_axis.value(pts[:, 0])
            s = np.clip(y_axis.value(pts[:, 1]), 0, 1)
            curves.append((col, t, s))
        for u in g.iter(f"{_NS}use"):
            col = _style_colour(u.get("style"), "stroke")
            if col is not None and u.get("x") is not None:
                censor.setdefault(col, []).append(float(x_axis.value(_num(u.get("x", "")))))
    if not curves:
        raise InputError("no survival curve found in the SVG figure")
    legend = {}
    for lg in main.iter(f"{_NS}g"):
        if not _gid(lg).startswith("legend_"):
            continue
        keys = []
        for g in lg:
            if _gid(g).startswith("line2d_"):
                kp = g.find(f"{_NS}path")
                if kp is not None and _style_colour(kp.get("style"), "stroke") and _points(kp.get("d", "")).size:
                    keys.append((_style_colour(kp.get("style"), "stroke"), _points(kp.get("d", ""))[0, 1]))
        texts = _texts(lg)
        for col, ky in keys:
            near = min(texts, key=lambda tx: abs(tx.y - 3 - ky), default=None)
            if near is not None:
                legend[col] = near.text
    rows = []
    text_in_plot = "\n".join(t.text for t in _texts(main) if re.search(r"(?i)\b(hr|p|ci|hazard)\b", t.text)
                             and not any(t.text == v for v in legend.values()))
    if len(axes) > 1:
        tab = axes[1]
        row_labels = []
        for ax in tab:
            if _gid(ax).startswith("matplotlib.axis_"):
                for tick in ax:
                    if _gid(tick).startswith("ytick_"):
                        row_labels += _texts(tick)
        cells = [t for t in _texts(tab) if re.fullmatch(r"\d+", t.text)
                 and not any(t is r for r in row_labels)]
        ticks_v = np.asarray(x_axis.ticks_value, float)
        ticks_px = np.asarray(x_axis.ticks_px, float)
        for lab in row_labels:
            mine = sorted((c for c in cells if abs(c.y - lab.y) < 3), key=lambda c: c.x)
            if len(mine) < 2:
                continue
            times = [float(ticks_v[int(np.argmin(np.abs(ticks_px - c.x)))]) for c in mine]
            rows.append((lab.colour, lab.text, times, [int(c.text) for c in mine]))
    w = _num(re.sub(r"[^\d.]", "", root.get("width", "0")) or "0")
    h = _num(re.sub(r"[^\d.]", "", root.get("height", "0")) or "0")
    return SvgRead(x_axis=x_axis, y_axis=y_axis, frame=frame, curves=curves,
                   censor={k: np.array(v) for k, v in censor.items()}, legend=legend, rows=rows,
                   text_in_plot=text_in_plot, size=(w, h))
