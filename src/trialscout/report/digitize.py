"""The outputs of a digitized Kaplan-Meier figure: the overlay a person checks it by, and the folder
``trialscout digitize`` writes (``curves.csv``, ``at_risk.csv``, ``ipd.csv``, ``digitize.json``, ``overlay.png``)."""

from __future__ import annotations

import csv
import json

import numpy as np

from ..digitize import Digitization, reconstruct_digitized

__all__ = ["overlay_image", "write_digitization"]


def overlay_image(dig: Digitization, recs: dict | None = None) -> np.ndarray:
    """The figure as a BGR image: the original, paled, with every curve read drawn over it, the censoring marks, the axis calibration
    and the numbers at risk read."""
    import cv2

    img = dig.image
    base: np.ndarray = (img.astype(np.float32) * 0.45 + 255 * 0.55).astype(np.uint8)
    scale = 1.0 if max(img.shape[:2]) >= 700 else 700.0 / max(img.shape[:2])
    if scale != 1.0:
        base = cv2.resize(base, None, fx=scale, fy=scale, interpolation=cv2.INTER_LINEAR)
    ax_x, ax_y = dig.x_axis, dig.y_axis
    fs = max(0.4, base.shape[0] / 1400.0)

    def px(t, s):
        x = (np.asarray(t, float) - ax_x["value_at_pixel_0"]) / ax_x["per_pixel"]
        sy = np.asarray(s, float) * (100.0 if ax_y["percent"] else 1.0)
        y = (sy - ax_y["value_at_pixel_0"] * (100.0 if ax_y["percent"] else 1.0)) / (
            ax_y["per_pixel"] * (100.0 if ax_y["percent"] else 1.0))
        return x * scale, y * scale

    for v, p in zip(ax_x["ticks_value"], ax_x["ticks_pixel"]):
        cv2.drawMarker(base, (int(p * scale), int(dig.frame["bottom"] * scale)), (0, 140, 255), cv2.MARKER_TRIANGLE_UP,
                       int(12 * fs + 6), 2)
    for v, p in zip(ax_y["ticks_value"], ax_y["ticks_pixel"]):
        cv2.drawMarker(base, (int(dig.frame["left"] * scale), int(p * scale)), (0, 140, 255), cv2.MARKER_TRIANGLE_UP,
                       int(12 * fs + 6), 2)
    palette = [(0, 0, 230), (200, 90, 0), (0, 150, 0), (160, 0, 160), (0, 160, 200), (90, 90, 90)]
    line_h = int(22 * fs + 8)
    band = np.full((line_h * (len(dig.arms) + 1), base.shape[1], 3), 255, np.uint8)
    texts = []
    table: list = []
    for k, a in enumerate(dig.arms):
        # a colour curve is drawn in its own colour, made darker; grey curves in distinct colours
        r_, g_, b_ = (int(a.colour[i:i + 2], 16) for i in (1, 3, 5))
        own = (b_, g_, r_)
        chroma = max(own) - min(own) > 60
        col = tuple(int(c * 0.75) for c in own) if chroma else palette[k % len(palette)]
        x, y = px(a.time, a.survival)
        pts = np.stack([x, y], axis=1).round().astype(np.int32)
        cv2.polylines(base, [pts], False, col, max(1, int(2 * fs)), cv2.LINE_AA)
        cx, cy = px(a.censor_times, np.interp(a.censor_times, a.time, a.survival))
        for xx, yy in zip(cx, cy):
            cv2.drawMarker(base, (int(xx), int(yy)), col, cv2.MARKER_TILTED_CROSS, int(10 * fs + 4), 1)
        label = f"{a.name}: {len(a.censor_times)} marks"
        if a.n_risk.size:
            label += "; at risk " + " ".join(str(int(v)) for v in a.n_risk)
        if recs is not None and a.name in recs:
            label += f"; IPD n={recs[a.name].n}, events={recs[a.name].n_events}"
        texts.append((label, col))
        if a.n_risk.size:
            rx, _ = px(a.risk_times, np.zeros(a.risk_times.size))
            ev = a.risk_events if a.risk_events.size == a.n_risk.size else None
            cells = [str(int(v)) if ev is None else f"{int(v)} ({int(e)})" for v, e in
                     zip(a.n_risk, ev if ev is not None else a.n_risk)]
            table.append((k, rx, cells, col))
    for k, (label, col) in enumerate(texts):
        cv2.putText(band, label, (8, line_h * (k + 1)), cv2.FONT_HERSHEY_SIMPLEX, fs, col, 1, cv2.LINE_AA)
    # the numbers at risk read, in a band of their own under the figure (the figure's own table stays legible
    # above it), each centred under its time
    rows_read = sorted({k for k, _, _, _ in table})
    if rows_read:
        low = np.full((line_h * (len(rows_read) + 1), base.shape[1], 3), 255, np.uint8)
        cv2.putText(low, "at risk read:", (8, int(line_h * 0.8)), cv2.FONT_HERSHEY_SIMPLEX, fs, (90, 90, 90),
                    1, cv2.LINE_AA)
        for k, rx, cells, col in table:
            yy = int(line_h * (rows_read.index(k) + 1.6))
            for xx, txt in zip(rx, cells):
                (tw, _), _ = cv2.getTextSize(txt, cv2.FONT_HERSHEY_SIMPLEX, fs, 1)
                cv2.putText(low, txt, (int(xx - tw / 2), yy), cv2.FONT_HERSHEY_SIMPLEX, fs, col, 1, cv2.LINE_AA)
        return np.vstack([band, base, low])
    return np.vstack([band, base])


def write_digitization(dig: Digitization, out, *, protect=()) -> dict:
    """Reconstruct (:func:`trialscout.digitize.reconstruct_digitized`) and write ``curves.csv``, ``at_risk.csv``, ``ipd.csv``, ``digitize.json`` and
    ``overlay.png`` into folder ``out``, whole or not at all. Returns arm -> Reconstruction."""
    import cv2

    from .._output import output_dir

    recs = reconstruct_digitized(dig)
    with output_dir(out, protect=protect, command="trialscout digitize") as tmp:
        with open(tmp / "curves.csv", "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["arm", "time", "survival"])
            for a in dig.arms:
                t, s = a.corners()
                for ti, si in zip(t, s):
                    w.writerow([a.name, f"{ti:.6g}", f"{si:.6f}"])
        with open(tmp / "at_risk.csv", "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["arm", "time", "n_risk", "cum_events"])
            for a in dig.arms:
                ev = a.risk_events if a.risk_events.size == a.risk_times.size else np.full(a.risk_times.size, np.nan)
                for ti, v, e in zip(a.risk_times, a.n_risk, ev):
                    w.writerow([a.name, f"{ti:g}", int(v), "" if not np.isfinite(e) else int(e)])
        with open(tmp / "ipd.csv", "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["arm", "time", "event"])
            for name, rec in recs.items():
                for ti, ev in zip(rec.time, rec.event):
                    w.writerow([name, f"{ti:.6g}", int(ev)])
        doc = dig.as_dict()
        for a in doc["arms"]:
            rec = recs[a["name"]]
            a["reconstruction"] = {"n": rec.n, "events": rec.n_events, "information": rec.information,
                                   "warnings": list(rec.warnings)}
        (tmp / "digitize.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        ok, png = cv2.imencode(".png", overlay_image(dig, recs))
        (tmp / "overlay.png").write_bytes(png.tobytes())
    return recs
