"""trialscout.digitize on a representative sample of the committed test figures (tests/digitize/figures,
rendered by tests/digitize/generate/ from known patient data), and its command line.

The truth of a figure is the patient data it was drawn from (<name>.csv) and the true Kaplan–Meier estimate
computed from it. The full study over every figure is benchmarks/bench_digitize.py.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from trialscout import cox_ph, kaplan_meier
from trialscout._validate import InputError
from trialscout.digitize import digitize_figure, load_figure, reconstruct_digitized

from scoring import at_risk_cells, truth  # tests/digitize/scoring.py, shared with the benchmark

FIG = Path(__file__).parent / "figures"
# one or two of every generator: colour and grey, CI bands, percent axes, JPEG, three arms, crossing curves
SAMPLE = ["survminer_02_veteran.png", "survminer_06_simcross.png", "survminer_05_pbc.jpg", "mpl_03_exp.png",
          "mpl_05_cross.png", "mpl_11_cross.png", "lifelines_103_weibull.png", "report_02.png",
          "baser_03_colon.jpg", "baser_04_ovarian.png"]


def _truth(name: str):
    return truth((FIG / name).with_suffix(""))


def _km(t, e, grid):
    km = kaplan_meier(t, e)
    idx = np.searchsorted(km.time, grid, side="right") - 1
    return np.where(idx >= 0, km.survival[np.maximum(idx, 0)], 1.0)


def _log_hr(a, b) -> float:
    t = np.concatenate([a[0], b[0]])
    e = np.concatenate([a[1], b[1]]).astype(int)
    x = np.concatenate([np.zeros(a[0].size), np.ones(b[0].size)])
    return float(np.log(cox_ph(t, e, x[:, None]).hazard_ratio().value))


@pytest.fixture(scope="module")
def sample():
    out = {}
    for name in SAMPLE:
        dig = digitize_figure(FIG / name)
        out[name] = (dig, reconstruct_digitized(dig))
    return out


def test_every_sample_figure_is_digitized_with_its_arms_named(sample):
    named = 0
    for name, (dig, _) in sample.items():
        meta, _ = _truth(name)
        assert len(dig.arms) == len(meta["arms"]), name
        named += sorted(a.name for a in dig.arms) == sorted(meta["arms"])
    assert named >= len(SAMPLE) - 1  # >= 90% of the sample; the target over the full set is 95%


def test_curves_match_the_true_kaplan_meier(sample):
    # mean |S_read - S_true| over the plotted range: median <= 0.005, every sample figure <= 0.02
    scores = []
    for name, (dig, _) in sample.items():
        meta, arms = _truth(name)
        x_right = dig.x_axis["value_at_pixel_0"] + dig.x_axis["per_pixel"] * dig.frame["right"]
        per = []
        for a in dig.arms:
            t, e = arms[a.name]
            hi = min(float(t.max()), x_right)
            if meta["generator"] == "baser":
                hi = min(hi, max(meta["at_risk_times"]))  # plot.survfit stops the curves at xlim[2]
            grid = np.linspace(0, hi, 400)
            s_read = np.interp(grid, a.time, a.survival, left=1.0, right=a.survival[-1])
            per.append(float(np.mean(np.abs(s_read - _km(t, e, grid)))))
        scores.append(np.mean(per))
        assert np.mean(per) <= 0.02, (name, per)
    assert np.median(scores) <= 0.005, scores


def test_at_risk_cells_are_read_exactly(sample):
    cells = exact = 0
    for name, (dig, _) in sample.items():
        meta, arms = _truth(name)
        c = at_risk_cells(meta, arms, [a.name for a in dig.arms], {a.name: a for a in dig.arms})
        cells += c["cells_expected"]
        exact += c["cells_expected_exact"]
    assert exact / cells >= 0.98, (exact, cells)


def test_reconstructed_hazard_ratio_is_close_to_the_true_one(sample):
    diffs = []
    for name, (dig, recs) in sample.items():
        meta, arms = _truth(name)
        a, b = meta["arms"][:2]
        rec = {k: (recs[k].time, recs[k].event) for k in (a, b)}
        diffs.append(abs(_log_hr(rec[a], rec[b]) - _log_hr(arms[a], arms[b])))
    assert np.median(diffs) <= 0.03, diffs
    assert max(diffs) <= 0.1, diffs


def test_censoring_marks_are_found_on_the_curves(sample):
    dig, _ = sample["mpl_03_exp.png"]
    _, arms = _truth("mpl_03_exp.png")
    for a in dig.arms:
        t, e = arms[a.name]
        n_marks = np.unique(np.round(t[e == 0], 6)).size
        assert a.censor_times.size >= 0.5 * min(n_marks, 60), (a.name, a.censor_times.size, n_marks)


def test_hints_replace_what_is_read(sample):
    dig, _ = sample["report_02.png"]
    x_lo = dig.x_axis["value_at_pixel_0"] + dig.x_axis["per_pixel"] * dig.frame["left"]
    x_hi = dig.x_axis["value_at_pixel_0"] + dig.x_axis["per_pixel"] * dig.frame["right"]
    y_lo = dig.y_axis["value_at_pixel_0"] + dig.y_axis["per_pixel"] * dig.frame["bottom"]
    y_hi = dig.y_axis["value_at_pixel_0"] + dig.y_axis["per_pixel"] * dig.frame["top"]
    hinted = digitize_figure(FIG / "report_02.png", arms=["A", "B"], x_range=(x_lo, x_hi),
                             y_range=(100 * y_lo, 100 * y_hi))
    assert sorted(a.name for a in hinted.arms) == ["A", "B"]
    for a, b in zip(sorted(dig.arms, key=lambda z: z.n_risk[0]), sorted(hinted.arms, key=lambda z: z.n_risk[0])):
        s = np.interp(a.time, b.time, b.survival)
        assert np.max(np.abs(s - a.survival)) < 0.01
    with pytest.raises(InputError, match="`arms` names 3 arm"):
        digitize_figure(FIG / "report_02.png", arms=["A", "B", "C"])
    with pytest.raises(InputError, match="`x_range`"):
        digitize_figure(FIG / "report_02.png", x_range=(1, 1))


def test_a_pdf_page_is_read_like_the_image(tmp_path):
    import cv2
    import pypdfium2  # noqa: F401

    img = cv2.imread(str(FIG / "report_02.png"))
    # a one-page PDF holding the PNG, made with matplotlib
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    h, w = img.shape[:2]
    fig = plt.figure(figsize=(w / 100, h / 100))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.imshow(img[:, :, ::-1], interpolation="nearest")
    ax.axis("off")
    fig.savefig(tmp_path / "f.pdf")
    plt.close(fig)
    dig = digitize_figure(tmp_path / "f.pdf", page=1)
    assert sorted(a.name for a in dig.arms) == ["Control", "Experimental"]
    with pytest.raises(InputError, match="`--page` 2 is out of range"):
        load_figure(tmp_path / "f.pdf", page=2)


def test_bad_inputs_give_one_clear_error(tmp_path):
    import cv2

    (tmp_path / "x.png").write_text("not an image")
    with pytest.raises(InputError, match="is not an image"):
        load_figure(tmp_path / "x.png")
    with pytest.raises(InputError, match="file not found"):
        load_figure(tmp_path / "missing.png")
    import os

    os.mkfifo(tmp_path / "pipe.png")  # reading it would wait for a writer for ever
    with pytest.raises(InputError, match="not a regular file"):
        digitize_figure(tmp_path / "pipe.png")
    with pytest.raises(InputError, match="is a folder"):
        load_figure(tmp_path)
    blank = np.full((300, 400, 3), 255, np.uint8)
    with pytest.raises(InputError, match="no plot axes"):
        digitize_figure(blank)
    axes_only = blank.copy()
    cv2.line(axes_only, (60, 20), (60, 250), (0, 0, 0), 2)
    cv2.line(axes_only, (60, 250), (380, 250), (0, 0, 0), 2)
    with pytest.raises(InputError):
        digitize_figure(axes_only)


def test_random_images_never_crash(tmp_path):
    """Noise, random lines and rectangles: an InputError or a result, never another exception."""
    import cv2

    rng = np.random.default_rng(7)
    for k in range(40):
        h, w = int(rng.integers(80, 320)), int(rng.integers(80, 400))
        img = np.full((h, w, 3), 255, np.uint8)
        if k % 4 == 0:
            img = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
        for _ in range(int(rng.integers(0, 12))):
            p1 = (int(rng.integers(0, w)), int(rng.integers(0, h)))
            p2 = (int(rng.integers(0, w)), int(rng.integers(0, h)))
            col = tuple(int(c) for c in rng.integers(0, 256, 3))
            if rng.random() < 0.5:
                cv2.line(img, p1, p2, col, int(rng.integers(1, 4)))
            else:
                cv2.rectangle(img, p1, p2, col, int(rng.integers(1, 3)))
        if k % 3 == 0:  # an L-shaped frame so that the later stages run too
            cv2.line(img, (w // 6, h // 10), (w // 6, h * 8 // 10), (0, 0, 0), 2)
            cv2.line(img, (w // 6, h * 8 // 10), (w - 5, h * 8 // 10), (0, 0, 0), 2)
            cv2.putText(img, "0  5 10", (w // 6, h * 9 // 10), cv2.FONT_HERSHEY_SIMPLEX, 0.4, (0, 0, 0), 1)
        try:
            digitize_figure(img)
        except InputError:
            pass


def test_cli_writes_every_file_or_none(tmp_path):
    from typer.testing import CliRunner

    from trialscout.cli import app

    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["digitize", str(FIG / "mpl_05_cross.png"), "--out", str(out)])
    assert r.exit_code == 0, r.output
    for f in ("curves.csv", "at_risk.csv", "ipd.csv", "digitize.json", "overlay.png"):
        assert (out / f).is_file(), f
    doc = json.loads((out / "digitize.json").read_text())
    assert {a["name"] for a in doc["arms"]} == set(_truth("mpl_05_cross.png")[0]["arms"])
    with open(out / "ipd.csv") as f:
        rows = list(csv.DictReader(f))
    assert set(rows[0]) == {"arm", "time", "event"}
    assert len(rows) == sum(a["reconstruction"]["n"] for a in doc["arms"])

    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG garbage")
    out2 = tmp_path / "out2"
    r = CliRunner().invoke(app, ["digitize", str(bad), "--out", str(out2)])
    assert r.exit_code == 2
    assert "trialscout: error: figure file" in r.output and "is not an image" in r.output
    assert len([ln for ln in r.output.splitlines() if ln.strip()]) == 1
    assert not out2.exists()

    blank = tmp_path / "blank.png"
    import cv2

    cv2.imwrite(str(blank), np.full((200, 300, 3), 255, np.uint8))
    r = CliRunner().invoke(app, ["digitize", str(blank), "--out", str(out2)])
    assert r.exit_code == 2 and "no plot axes" in r.output
    r = CliRunner().invoke(app, ["digitize", str(FIG / "mpl_05_cross.png"), "--out", str(out2), "--x-range", "1"])
    assert r.exit_code == 2 and "`--x-range` must be two numbers" in r.output
    shutil.rmtree(out, ignore_errors=True)


@pytest.mark.parametrize("name", ["report_00.svg", "report_01.svg"])
def test_vector_svg_is_read_exactly(name):
    # the curves come from the SVG's path data: |S_read - S_true| <= 0.001 everywhere on the curve
    meta, arms = _truth(name)
    dig = digitize_figure(FIG / name)
    assert sorted(a.name for a in dig.arms) == sorted(meta["arms"])
    for a in dig.arms:
        t, e = arms[a.name]
        grid = np.linspace(0, float(t.max()), 2000)
        grid = grid[grid <= a.time.max()]
        # SVG coordinates carry 6 significant digits: a grid time that close to an event time may fall on
        # either side of the drop, so those are left out
        ev = np.sort(t[e == 1])
        k = np.clip(np.searchsorted(ev, grid), 1, ev.size - 1)
        near = np.minimum(np.abs(grid - ev[k - 1]), np.abs(grid - ev[k])) < 1e-4 * float(t.max())
        grid = grid[~near]
        # the step path has two points at every drop: read S(t) as the last point at or before t
        idx = np.searchsorted(a.time, grid, side="right") - 1
        s_read = a.survival[np.maximum(idx, 0)]
        assert np.max(np.abs(s_read - _km(t, e, grid))) <= 0.001, a.name
        km = kaplan_meier(t, e)
        assert list(a.n_risk.astype(int)) == [int(np.sum(t >= x - 1e-9)) for x in meta["at_risk_times"]]
        assert a.censor_times.size == int(np.sum(km.n_censored > 0))


def test_missing_tesseract_names_the_package(monkeypatch):
    from trialscout._validate import TrialscoutError
    from trialscout.digitize import _ocr

    monkeypatch.setattr(_ocr.shutil, "which", lambda name: None)
    with pytest.raises(TrialscoutError, match="tesseract-ocr"):
        digitize_figure(FIG / "report_02.png")


# vector figures (PDF pages and SVGs not written by matplotlib) with their truth: tests/digitize/generate/
# gen_vector.R (R pdf(), cairo_pdf(), svg(); survminer and base R; two PDFs with their text turned into outlines)
# and gen_py.py (matplotlib PDFs, hand-written SVGs)
VECTOR = sorted(p.name for p in FIG.iterdir() if p.suffix in (".pdf", ".svg") and not p.name.startswith("report_"))


def test_the_vector_test_set_covers_the_devices():
    assert len(VECTOR) >= 12
    for prefix in ("vec_", "mplvec_", "plainsvg_"):
        assert any(n.startswith(prefix) for n in VECTOR), prefix
    for device in ("_pdf_", "_cairopdf_", "_svg_", "_outlined_"):
        assert any(device in n for n in VECTOR), device


@pytest.mark.parametrize("name", VECTOR)
def test_vector_figure_is_read_exactly(name):
    meta, arms = _truth(name)
    dig = digitize_figure(FIG / name)
    assert dig.frame["source"].endswith("(vector, exact)"), dig.warnings
    assert sorted(a.name for a in dig.arms) == sorted(meta["arms"])  # labels tied to their curves
    x_right = dig.x_axis["value_at_pixel_0"] + dig.x_axis["per_pixel"] * dig.frame["right"]
    for a in dig.arms:
        t, e = arms[a.name]
        hi = min(float(t.max()), x_right, float(a.time.max()))
        grid = np.linspace(0, hi, 2000)
        # drawn coordinates carry a few significant digits: grid times that close to an event time may fall
        # on either side of the drop, so those are left out
        ev = np.sort(t[e == 1])
        k = np.clip(np.searchsorted(ev, grid), 1, ev.size - 1)
        near = np.minimum(np.abs(grid - ev[k - 1]), np.abs(grid - ev[k])) < 2e-4 * hi
        grid = grid[~near]
        idx = np.searchsorted(a.time, grid, side="right") - 1
        s_read = a.survival[np.maximum(idx, 0)]
        err = np.abs(s_read - _km(t, e, grid))
        assert np.mean(err) <= 0.0002, a.name  # the target is 0.001
        # everywhere, but where a writer's path simplification merged two steps less than a point apart
        assert np.mean(err > 0.001) <= 0.005, (a.name, np.max(err))
        # the curve is read to the end of what is drawn
        end = min(float(t.max()), x_right)
        if meta["generator"] == "baser":
            end = min(end, max(meta["at_risk_times"]))  # plot.survfit stops the curves at xlim[2]
        assert a.time.max() >= end - 1e-3 * x_right, a.name
        # every at-risk cell exactly, and a cell for every tick of the truth inside the plot
        want = [x for x in meta["at_risk_times"] if x <= x_right + 1e-9]
        assert [x for x in a.risk_times if x in want] == want, (a.name, a.risk_times)
        assert list(a.n_risk.astype(int)) == [int(np.sum(t >= x - 1e-9)) for x in a.risk_times], a.name
        # censoring marks: one per censoring time drawn (base R stops drawing at the axis' end)
        ct = np.unique(np.round(t[e == 0], 6))
        ct = ct[ct <= min(x_right, float(a.time.max()) + 1e-6 * x_right)]
        # every mark read is at a censoring time; most are found (PDF text layers fold "+" characters drawn over
        # each other into one: cairo_pdf survminer figures lose up to half of their marks)
        marks = a.censor_times
        if meta["generator"] == "baser":  # plot.survfit marks the end of a curve it cuts at xlim[2]
            marks = marks[marks < a.time.max() - 1e-3 * x_right]
        if marks.size:
            gap = np.min(np.abs(marks[:, None] - ct[None, :]), axis=1)
            assert np.all(gap <= 3e-3 * x_right), (a.name, np.max(gap))
        assert marks.size <= ct.size, (a.name, marks.size, ct.size)
        assert marks.size >= (0.45 if "_cairopdf_survminer" in name else 0.85) * ct.size, (
            a.name, marks.size, ct.size)


def test_vector_hints_and_fallback(tmp_path, monkeypatch):
    from trialscout.digitize import _vector

    name = "vec_07_pdf_baser.pdf"
    meta, _ = _truth(name)
    dig = digitize_figure(FIG / name, arms=["A", "B"])
    # names in the order of the at-risk rows, top to bottom
    assert [a.name for a in sorted(dig.arms, key=lambda a: a.n_risk[0], reverse=True)] == ["A", "B"]
    with pytest.raises(InputError, match="`arms` names 3 arm"):
        digitize_figure(FIG / name, arms=["A", "B", "C"])
    # an axis range given replaces the tick labels: the same curves
    ax = dig.x_axis
    ends = (ax["value_at_pixel_0"] + ax["per_pixel"] * dig.frame["left"],
            ax["value_at_pixel_0"] + ax["per_pixel"] * dig.frame["right"])
    hinted = digitize_figure(FIG / name, x_range=ends)
    for a, b in zip(dig.arms, hinted.arms):
        assert np.allclose(a.time, b.time, atol=1e-9) and np.allclose(a.survival, b.survival)

    # a page whose vectors cannot be read is rasterized, with a warning
    def fail(*args, **kwargs):
        raise InputError("no survival curve found in the vector figure")

    monkeypatch.setattr(_vector, "read_vector", fail)
    ras = digitize_figure(FIG / name)
    assert ras.warnings[0].startswith("the page's vector drawing could not be read exactly")
    assert "source" not in ras.frame and sorted(a.name for a in ras.arms) == sorted(meta["arms"])


def test_bad_svg_gives_one_clear_error(tmp_path):
    bad = tmp_path / "bad.svg"
    bad.write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><path d="M 0 0 L')
    with pytest.raises(InputError, match="cannot be parsed"):
        digitize_figure(bad)
    empty = tmp_path / "empty.svg"
    empty.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200"><rect x="1" y="1" '
                     'width="100" height="50" fill="red"/><text x="10" y="20">hello</text></svg>')
    with pytest.raises(InputError, match="no plot axes"):
        digitize_figure(empty)


def test_generic_svg_reader_agrees_with_the_matplotlib_reader(tmp_path):
    """trialscout's own SVG, with matplotlib's marks removed, read by the generic reader (text as glyph shapes,
    read by OCR): the same arms, curves and at-risk rows as the matplotlib reader gives."""
    import re

    src = FIG / "report_00.svg"
    plain = tmp_path / "plain.svg"
    plain.write_text(re.sub("(?i)matplotlib", "plot", src.read_text()))
    a, b = digitize_figure(src), digitize_figure(plain)
    assert "labels were read by OCR" in " ".join(b.warnings)
    ra, rb = {x.name: x for x in a.arms}, {x.name: x for x in b.arms}
    assert sorted(ra) == sorted(rb)
    for name, x in ra.items():
        y = rb[name]
        grid = np.linspace(0, min(x.time.max(), y.time.max()), 500)
        sx = x.survival[np.maximum(np.searchsorted(x.time, grid, side="right") - 1, 0)]
        sy = y.survival[np.maximum(np.searchsorted(y.time, grid, side="right") - 1, 0)]
        assert np.mean(np.abs(sx - sy)) < 1e-4, name
        assert list(x.n_risk) == list(y.n_risk) and list(x.risk_times) == list(y.risk_times), name
