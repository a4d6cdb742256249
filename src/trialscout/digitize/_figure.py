"""The public front end: load a figure, read it, reconstruct (the outputs are written by trialscout.report.digitize)."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .._validate import InputError

__all__ = ["DigitizedArm", "Digitization", "digitize_figure", "load_figure", "reconstruct_digitized"]

_MAX_PIXELS = 60_000_000
_MIN_SIDE = 60
_MAX_BYTES = 512 * 1024 * 1024


def _figure_bytes(path) -> bytes:
    """The bytes of the figure file ``path``: a regular file of at most 512 MiB (a folder, a pipe, a device or a
    missing file is refused before anything is read)."""
    from ..io.files import read_input_bytes

    return read_input_bytes(path, "figure file", max_bytes=_MAX_BYTES, label=f"figure file {str(path)!r}")


def _check_size(width: int, height: int, what: str) -> None:
    """A figure too large to hold (refused from its declared size, before any pixel is allocated) or too
    small to read."""
    if width * height > _MAX_PIXELS:
        raise InputError(f"{what} is too large ({width}x{height} pixels; at most {_MAX_PIXELS:,} are read)")
    if min(width, height) < _MIN_SIDE:
        raise InputError(f"{what} is too small to read ({width}x{height} pixels)")


def _decode_image(data: bytes, what: str) -> np.ndarray:
    """A PNG/JPEG/TIFF/BMP/GIF file's first frame as a BGR image: its size is read from the header and checked
    before the pixels are decoded; transparency is laid over white, 16-bit samples are scaled to 8 bits."""
    import io

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's own size warning: the size is checked here
            im = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise InputError(f"{what} is too large ({exc})") from None
    except Exception:  # Pillow raises many types on bytes that are not an image
        raise InputError(f"{what} is not an image (PNG, JPEG, TIFF, BMP) or a PDF") from None
    with im:
        width, height = im.size
        _check_size(width, height, what)
        try:
            im.load()
            if im.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
                a = np.asarray(im, dtype=float)
                a = a / 257.0 if a.max(initial=0.0) > 255 else a
                grey = np.clip(np.nan_to_num(a), 0, 255).astype(np.uint8)
                rgb = np.repeat(grey[..., None], 3, axis=2)
            else:
                frame: Image.Image = im
                if frame.mode != "RGB":
                    white = Image.new("RGBA", frame.size, (255, 255, 255, 255))
                    frame = Image.alpha_composite(white, frame.convert("RGBA"))
                rgb = np.asarray(frame.convert("RGB"))
        except Exception as exc:  # a damaged or truncated file: the decoder's reason
            raise InputError(f"{what} cannot be decoded: it is damaged or truncated ({exc})") from None
    if rgb.ndim != 3 or rgb.shape[:2] != (height, width):
        raise InputError(f"{what} cannot be decoded: it is damaged or truncated")
    return np.ascontiguousarray(rgb[..., ::-1])


def load_figure(path, page: int | None = None, *, dpi: int = 200) -> np.ndarray:
    """The figure as a BGR image: a PNG/JPEG/TIFF/BMP file, or page ``page`` (1-based) of a PDF rendered at
    ``dpi``."""
    p = Path(path)
    what = f"figure file {str(p)!r}"
    data = _figure_bytes(p)
    if data[:5].startswith(b"%PDF"):
        import pypdfium2 as pdfium

        try:
            doc = pdfium.PdfDocument(data)
        except Exception as exc:  # pypdfium2 raises its own PdfiumError
            raise InputError(f"figure file {str(p)!r} is not a readable PDF ({exc})") from exc
        k = 1 if page is None else int(page)
        if not 1 <= k <= len(doc):
            raise InputError(f"`--page` {k} is out of range: {str(p)!r} has {len(doc)} page(s)")
        try:
            pg = doc[k - 1]
            w_pt, h_pt = pg.get_size()
            scale = dpi / 72.0
            if not (math.isfinite(w_pt) and math.isfinite(h_pt)):
                raise InputError(f"page {k} of {what} has no size")
            _check_size(int(abs(w_pt) * scale), int(abs(h_pt) * scale), f"page {k} of {what} at {dpi} dpi")
            pil = pg.render(scale=scale).to_pil().convert("RGB")
        except InputError:
            raise
        except Exception as exc:  # pdfium's errors on a damaged page
            raise InputError(f"page {k} of {what} cannot be rendered ({exc})") from exc
        img = np.ascontiguousarray(np.asarray(pil)[..., ::-1])
    else:
        if page is not None and page != 1:
            raise InputError(f"`--page` {page} given but {str(p)!r} is an image with one page")
        if not data:
            raise InputError(f"figure file {str(p)!r} is empty: not an image (PNG, JPEG, TIFF, BMP) or a PDF")
        img = _decode_image(data, what)
    _check_size(img.shape[1], img.shape[0], what)
    return img


@dataclass(frozen=True, slots=True)
class DigitizedArm:
    """One curve read from the figure.

    Attributes
    ----------
    name : str
        The legend label (or the at-risk row label, or the name given with ``arms``; ``arm1``... otherwise).
    time, survival : ndarray
        The curve, one point per pixel column (survival as a proportion, non-increasing).
    censor_times : ndarray
        Times of the censoring marks read on the curve.
    risk_times, n_risk : ndarray
        The at-risk row tied to the curve (empty when none was read).
    events : int or None
        Total events given as a hint.
    risk_events : ndarray
        The cumulative events printed beside the numbers at risk ("n (events)" cells), one per ``risk_times``;
        empty when the table prints none.
    n : int or None
        Arm size given as a hint.
    colour : str
        ``#rrggbb`` of the curve's pixels; ``style`` is "solid" or "dashed".
    confidence : dict
        Element -> 0-1 (curve coverage, legend OCR, at-risk OCR).
    """

    name: str
    time: np.ndarray
    survival: np.ndarray
    censor_times: np.ndarray
    risk_times: np.ndarray
    n_risk: np.ndarray
    events: int | None
    n: int | None
    colour: str
    style: str
    confidence: dict
    risk_events: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def corners(self) -> tuple[np.ndarray, np.ndarray]:
        """The curve as its staircase's corners (the first and last point of every level): what ``curves.csv``
        holds."""
        return _steps(self.time, self.survival)


@dataclass(frozen=True, slots=True)
class Digitization:
    """Everything read from one figure."""

    arms: tuple
    x_axis: dict
    y_axis: dict
    frame: dict
    text_in_plot: str
    warnings: tuple
    image_size: tuple
    _image: np.ndarray = field(repr=False, compare=False)
    _pixels: tuple = field(repr=False, compare=False, default=())

    @property
    def image(self) -> np.ndarray:
        """The figure as it was read (BGR pixels; a vector figure drawn at the scale it was read at)."""
        return self._image

    def as_dict(self) -> dict:
        return {
            "image": {"width": self.image_size[1], "height": self.image_size[0]},
            "frame": self.frame,
            "x_axis": self.x_axis,
            "y_axis": self.y_axis,
            "arms": [{"name": a.name, "colour": a.colour, "style": a.style, "points": int(a.time.size),
                      "censor_marks": int(a.censor_times.size),
                      "at_risk": {"time": a.risk_times.tolist(), "n_risk": a.n_risk.tolist(),
                                  **({"cum_events": a.risk_events.tolist()} if a.risk_events.size else {}),
                                  **({"total_events": _total_events(a)} if _total_events(a) is not None else {})},
                      "confidence": a.confidence} for a in self.arms],
            "text_in_plot": self.text_in_plot,
            "warnings": list(self.warnings),
        }


def choose_name(legend: str, row_label: str, row_labels: list, by_style: bool = False) -> str:
    """A curve's name from its legend label and the label of its at-risk row: the row label when the legend
    label is missing, is cut short (contained in the row label), or resembles none of the table's row labels
    (letters read off a curve or a stray stroke taken for a legend key), or is the row label with letters
    lost (shorter, and much like it or a piece of a row label), or, for a curve told apart by its line style
    only (``by_style``), names another of the table's rows. A row label without a letter or digit (a colour
    bar or symbol read as text) names nothing."""
    import difflib
    import re

    if not re.search(r"[A-Za-z0-9]", row_label):
        row_label = ""
    row_labels = [r for r in row_labels if re.search(r"[A-Za-z0-9]", r)]
    if not legend or not row_label:
        return legend or row_label
    if legend.lower() in row_label.lower():
        return row_label
    if by_style and legend.lower() != row_label.lower() and legend.lower() in {r.lower() for r in row_labels}:
        # a curve told apart only by its line style (a grey figure) whose legend key names another arm's row
        # than the row its counts were tied to: the counts are the surer tie (a traced curve can take up
        # another's dashes; a key's style is read from a few strokes)
        return row_label
    if legend.replace(" ", "").lower() == row_label.replace(" ", "").lower():
        # OCR drops a space between words ("ArmA") far more often than it adds one
        return max(legend, row_label, key=lambda t: t.count(" "))
    if legend.lower() not in {r.lower() for r in row_labels} \
            and len(re.sub(r"[^A-Za-z0-9]", "", legend)) < len(re.sub(r"[^A-Za-z0-9]", "", row_label)) \
            and (difflib.SequenceMatcher(None, legend.lower(), row_label.lower()).ratio() >= 0.6
                 or any(legend.lower() in r.lower() for r in row_labels)):
        # a legend label missing letters of its row's label ("Am A" for "Arm A") or a piece of a label
        # ("vation" of "Observation") is a misreading: the row label is the whole name
        return row_label
    best = max((difflib.SequenceMatcher(None, legend.lower(), r.lower()).ratio() for r in row_labels), default=1.0)
    return row_label if best < 0.5 else legend


def _pair(value, name: str):
    if value is None:
        return None
    try:
        a, b = (float(v) for v in value)
    except (TypeError, ValueError) as exc:
        raise InputError(f"`{name}` must be two numbers A,B; got {value!r}") from exc
    if not (math.isfinite(a) and math.isfinite(b)) or a == b:
        raise InputError(f"`{name}` must be two different finite numbers; got {a:g},{b:g}")
    return a, b


def digitize_figure(figure, *, page: int | None = None, arms=None, x_range=None, y_range=None, n=None,
                    events=None) -> Digitization:
    """Read a Kaplan–Meier figure: axes, curves, censoring marks, numbers at risk and legend.

    Parameters
    ----------
    figure : str, Path or ndarray
        An image file (PNG, JPEG...), a PDF (with ``page``), or a BGR image array.
    page : int, optional
        1-based page of a PDF.
    arms : sequence of str, optional
        Arm names, in the order of the at-risk table's rows (top to bottom), or of the legend when there is no
        table; they replace the labels read.
    x_range, y_range : (float, float), optional
        The axis values at the two ends of the axis lines (x: left, right; y: bottom, top), replacing the
        calibration from the tick labels; a y range above 1.5 is read as percent.
    n, events : dict, optional
        Arm -> arm size / total events, passed to the reconstruction; an arm size replaces the at-risk count
        read at time 0.

    Returns
    -------
    Digitization

    Raises
    ------
    InputError
        Not an image; no axes, tick labels or curves found; bad hints.
    """
    from ._raster import read_raster

    xr, yr = _pair(x_range, "x_range"), _pair(y_range, "y_range")
    if not isinstance(figure, np.ndarray):
        from ._svg import is_matplotlib_svg

        head = _figure_bytes(figure)[:4096]
        if head.lstrip().startswith((b"<?xml", b"<svg")) and b"<svg" in head:
            if not is_matplotlib_svg(head):
                from ._vector import digitize_svg_vector

                return digitize_svg_vector(figure, arms=arms, x_range=xr, y_range=yr, n=n, events=events)
            return _from_svg(Path(figure), arms, n, events)
        if head.startswith(b"%PDF"):
            from ._vector import digitize_pdf_vector

            try:
                vec = digitize_pdf_vector(figure, page, arms=arms, x_range=xr, y_range=yr, n=n, events=events)
            except InputError as exc:
                vec = None
                fallback = f"the page's vector drawing could not be read exactly ({exc}); it was rasterized instead"
            else:
                fallback = ""
            if vec is not None:
                return vec
            if fallback:
                import dataclasses

                res = digitize_figure(load_figure(figure, page), arms=arms, x_range=xr, y_range=yr, n=n,
                                      events=events)
                return dataclasses.replace(res, warnings=(fallback,) + res.warnings)
    img = figure if isinstance(figure, np.ndarray) else load_figure(figure, page)
    if img.ndim != 3 or img.shape[2] != 3 or img.dtype != np.uint8:
        raise InputError("`figure` array must be a BGR uint8 image of shape (height, width, 3)")
    _check_size(img.shape[1], img.shape[0], "the `figure` array")
    read = read_raster(img, x_range=xr, y_range=yr)
    k = len(read.curves)
    msgs = list(read.warnings)
    # names: the legend, else the at-risk row label, else arm1..; a name given as a hint wins
    names = []
    row_labels = [r.label for r in read.rows if r is not None and r.label]
    for i in range(k):
        row_label = read.rows[i].label if read.rows[i] is not None else ""
        nm = choose_name(read.legend[i], row_label, row_labels, by_style=not read.curves[i].cls.chromatic)
        if read.legend[i] and nm != read.legend[i] and read.legend[i].lower() not in nm.lower():
            msgs.append(f"the legend label read {read.legend[i]!r} does not name the at-risk row tied to the curve; "
                        f"the row label {nm!r} names it (name the arms with --arms A,B,... if it is wrong)")
        names.append(nm)
    if arms is not None:
        arms = [str(a) for a in arms]
        if len(arms) != k:
            raise InputError(f"`arms` names {len(arms)} arm(s) but {k} curve(s) were found in the figure")
        order = _display_order(read)
        for a, i in zip(arms, order):
            names[i] = a
    else:
        missing = [i for i in range(k) if not names[i]]
        if missing:
            msgs.append(f"{len(missing)} curve label(s) could not be read; name the arms with --arms A,B,...")
        for i in range(k):
            if not names[i]:
                names[i] = f"arm{i + 1}"
        seen: dict = {}
        for i, nm in enumerate(names):
            if nm in seen:
                msgs.append(f"two curves read the same label {nm!r}; name the arms with --arms A,B,...")
                names[i] = f"{nm} ({i + 1})"
            seen[nm] = i
    for d, opt in ((n, "n"), (events, "events")):
        for key in (d or {}):
            if key not in names:
                raise InputError(f"`{opt}` names arm {key!r}, which is not one of the arms read: {', '.join(names)}")
    out = []
    pixels = []
    for i, c in enumerate(read.curves):
        t, s = read.series[i]
        row = read.rows[i]
        rt = np.asarray(row.times, float) if row is not None else np.zeros(0)
        nr = np.asarray(row.counts, float) if row is not None else np.zeros(0)
        ev = _table_events(row, names[i], msgs)
        nn = (n or {}).get(names[i])
        if nn is not None and row is not None and row.percent and len(row.percent) == nr.size:
            # a percentage table: every count is the arm size given times the percentage printed
            nr = np.minimum.accumulate(np.round(nn * np.asarray(row.percent, float) / 100.0))
        elif nn is not None and nr.size and rt[0] == 0 and nr[0] != nn:
            msgs.append(f"arm {names[i]!r}: the at-risk count {int(nr[0])} read at time 0 is replaced by --n {nn}")
            nr = nr.copy()
            nr[0] = nn
        if row is None and len(read.rows) and nn is None:
            msgs.append(f"arm {names[i]!r} has no at-risk row; give its size with --n {names[i]}=N")
        b, g, r = (int(v) for v in c.cls.bgr)
        conf = {"curve": round(float(c.coverage), 3), "legend": round(float(read.legend_conf[i]), 3),
                "at_risk": round(float(row.confidence), 3) if row is not None else 0.0,
                "x_axis": round(read.x_axis.confidence, 3), "y_axis": round(read.y_axis.confidence, 3)}
        out.append(DigitizedArm(name=names[i], time=t, survival=s,
                                censor_times=np.asarray(read.censor_times[i], float), risk_times=rt, n_risk=nr,
                                events=(events or {}).get(names[i]), n=nn, colour=f"#{r:02x}{g:02x}{b:02x}",
                                style="dashed" if c.dashed else "solid", confidence=conf, risk_events=ev))
        pixels.append((c.cols, c.level))
    fr = read.frame

    def axis(ax):
        return {"value_at_pixel_0": ax.a, "per_pixel": ax.b, "ticks_pixel": list(ax.ticks_px),
                "ticks_value": list(ax.ticks_value), "labels_read": list(ax.labels), "percent": ax.percent,
                "confidence": round(ax.confidence, 3)}

    return Digitization(arms=tuple(out), x_axis=axis(read.x_axis), y_axis=axis(read.y_axis),
                        frame={"left": fr.left, "right": fr.right, "top": fr.top, "bottom": fr.bottom,
                               "line_width": fr.line_width},
                        text_in_plot=read.text_in_plot, warnings=tuple(msgs), image_size=img.shape[:2],
                        _image=img, _pixels=tuple(pixels))


def _table_events(row, name: str, msgs: list) -> np.ndarray:
    """The cumulative events printed in an at-risk row ("n (events)"), when they agree with the counts: they
    never fall, and no more subjects leave the risk set than the arm had (n_0 + e_0 - n_j - e_j >= 0)."""
    if row is None or not row.events or len(row.events) != len(row.counts):
        return np.zeros(0)
    ev = np.asarray(row.events, float)
    nr = np.asarray(row.counts, float)
    if np.all(np.diff(ev) >= 0) and np.all(nr + ev <= nr[0] + ev[0]):
        return ev
    msgs.append(f"arm {name!r}: the events printed in its at-risk row, read as {[int(v) for v in ev]}, disagree "
                "with the counts (they fall, or more subjects left than the arm had) and were left out")
    return np.zeros(0)


def _total_events(a) -> int | None:
    """An arm's total events from its at-risk row's cumulative events: known when the curve ends by the last
    time of the table (or nobody is left at risk there), as every event then falls by that time. Reported in
    digitize.json (to give with --events); None when not known."""
    if not a.risk_events.size or a.risk_events.size != a.risk_times.size:
        return None
    per_px = float(np.median(np.diff(a.time))) if a.time.size > 1 else 0.0
    if a.n_risk[-1] == 0 or float(a.time.max()) <= float(a.risk_times[-1]) + 1.5 * per_px:
        return int(a.risk_events[-1])
    return None


_SVG_SCALE = 2.0  # overlay pixels per SVG unit


def _svg_background(path: Path, size: tuple) -> np.ndarray:
    """The SVG rendered by ImageMagick for the overlay, or a white page when it cannot be."""
    import shutil
    import subprocess
    import tempfile

    import cv2

    w, h = int(size[0] * _SVG_SCALE) or 800, int(size[1] * _SVG_SCALE) or 600
    exe = shutil.which("convert")
    if exe:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "bg.png"
            try:
                subprocess.run([exe, "-density", str(int(72 * _SVG_SCALE)), str(path), "-background", "white",
                                "-flatten", str(out)], capture_output=True, timeout=60, check=False)
                img = cv2.imread(str(out)) if out.is_file() else None  # (OpenCV logs a file it cannot open)
                if img is not None:
                    return cv2.resize(img, (w, h)) if img.shape[:2] != (h, w) else img
            except (OSError, subprocess.SubprocessError):
                pass
    try:  # drawn from its own elements
        from ._svgvector import svg_primitives
        from ._vector import render

        prims, _, outlines = svg_primitives(path.read_bytes(), ocr=False)
        img = render(prims, _SVG_SCALE, outlines)
        return cv2.resize(img, (w, h)) if img.shape[:2] != (h, w) else img
    except InputError:
        return np.full((h, w, 3), 255, np.uint8)


def _from_svg(path: Path, arms, n, events) -> Digitization:
    """A matplotlib SVG read from its elements (exact; nothing rasterized)."""
    from ._svg import read_svg

    r = read_svg(path.read_bytes())
    k = _SVG_SCALE
    msgs: list[str] = []
    cols = [c for c, _, _ in r.curves]
    names = [r.legend.get(c) or next((lab for rc, lab, _, _ in r.rows if rc == c), "") for c in cols]
    if arms is not None:
        arms = [str(a) for a in arms]
        if len(arms) != len(cols):
            raise InputError(f"`arms` names {len(arms)} arm(s) but {len(cols)} curve(s) were found in the figure")
        names = arms
    for i, nm in enumerate(names):
        if not nm:
            names[i] = f"arm{i + 1}"
            msgs.append(f"curve {i + 1} has no label; name the arms with --arms A,B,...")
    out = []
    for (col, t, s_), nm in zip(r.curves, names):
        row = next(((tt, cc) for rc, _, tt, cc in r.rows if rc == col), None)
        rt = np.asarray(row[0], float) if row else np.zeros(0)
        nr = np.asarray(row[1], float) if row else np.zeros(0)
        nn = (n or {}).get(nm)
        if nn is not None and nr.size and rt[0] == 0:
            nr = nr.copy()
            nr[0] = nn
        order = np.argsort(t, kind="stable")
        out.append(DigitizedArm(name=nm, time=np.asarray(t)[order], survival=np.minimum.accumulate(np.asarray(s_)[order]),
                                censor_times=np.sort(r.censor.get(col, np.zeros(0))), risk_times=rt, n_risk=nr,
                                events=(events or {}).get(nm), n=nn, colour=col, style="solid",
                                confidence={"curve": 1.0, "legend": 1.0 if r.legend.get(col) else 0.0,
                                            "at_risk": 1.0 if row else 0.0, "x_axis": 1.0, "y_axis": 1.0}))

    def axis(ax):
        return {"value_at_pixel_0": ax.a, "per_pixel": ax.b / k, "ticks_pixel": [p * k for p in ax.ticks_px],
                "ticks_value": list(ax.ticks_value), "labels_read": list(ax.labels), "percent": ax.percent,
                "confidence": 1.0, "source": "svg"}

    left, right, top, bottom = (v * k for v in r.frame)
    img = _svg_background(path, r.size)
    return Digitization(arms=tuple(out), x_axis=axis(r.x_axis), y_axis=axis(r.y_axis),
                        frame={"left": float(left), "right": float(right), "top": float(top), "bottom": float(bottom),
                               "line_width": 0, "source": "svg (vector, exact)"},
                        text_in_plot=r.text_in_plot, warnings=tuple(msgs), image_size=img.shape[:2], _image=img)


def _display_order(read) -> list[int]:
    """Curve indices in the order of the at-risk rows (top to bottom), else of the legend keys, else as found."""
    k = len(read.curves)
    if all(r is not None for r in read.rows):
        return sorted(range(k), key=lambda i: read.rows[i].y)
    return list(range(k))


def _steps(t: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The corners of the staircase: the first and last column of every level."""
    keep = np.ones(t.size, bool)
    if t.size > 2:
        same_prev = np.concatenate([[False], np.abs(np.diff(s)) < 1e-9])
        same_next = np.concatenate([np.abs(np.diff(s)) < 1e-9, [False]])
        keep = ~(same_prev & same_next)
    return t[keep], s[keep]


def reconstruct_digitized(dig: Digitization, *, warn: bool = False) -> dict:
    """Patient data from a digitization: :func:`trialscout.reconstruct.reconstruct_arms` on the curves, the
    at-risk rows, the censoring marks and the hints. Returns arm -> Reconstruction."""
    from ..reconstruct import reconstruct_arms

    curves, at_risk, n, events, cens = {}, {}, {}, {}, {}
    all_rows = all(a.n_risk.size >= 1 for a in dig.arms)
    for a in dig.arms:
        t, s = _steps(a.time, a.survival)
        keep = t >= 0
        t, s = t[keep], s[keep]
        if t.size == 0 or t[0] > 0:
            t, s = np.concatenate([[0.0], t]), np.concatenate([[1.0], s])
        curves[a.name] = (t, s)
        if all_rows:
            at_risk[a.name] = (a.risk_times, a.n_risk.astype(int))
        elif a.n is not None:
            n[a.name] = a.n
        elif a.n_risk.size:
            n[a.name] = int(a.n_risk[0])
        # the total implied by the table's cumulative events is not passed on by itself: forcing the
        # reconstruction to meet it moved the hazard ratios of the test figures it applies to away from the
        # truth (survminer_12: |dlogHR| 0.003 -> 0.017); it is reported in digitize.json for --events
        if a.events is not None:
            events[a.name] = a.events
        ct = a.censor_times[(a.censor_times > 0) & (a.censor_times <= t[-1])]
        if ct.size:
            cens[a.name] = ct
    if not all_rows:
        lacking = [a.name for a in dig.arms if a.name not in n]
        if lacking:
            raise InputError("no at-risk table was read for arm(s) " + ", ".join(repr(x) for x in lacking)
                             + "; give each arm's size with --n ARM=N")
    with warnings.catch_warnings():
        if not warn:
            warnings.simplefilter("ignore")
        return reconstruct_arms(curves, at_risk if all_rows else None, events or None, n or None, cens or None,
                                warn=warn)
