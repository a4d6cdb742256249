"""Every file shape reconstruction reads, as the tools that make them write them.

The R-written files come from tests/reference/reconstruct_shapes.R (the Kaplan-Meier curve of survival::lung by
sex, its step corners clicked top and foot, and survfit's numbers at risk every 200 days); WebPlotDigitizer and
.xlsx exports are written here byte for byte as those tools write them.
"""

import json
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from trialscout._validate import InputError
from trialscout.reconstruct import (
    ReconstructionWarning,
    clean_curve,
    read_at_risk,
    read_curve,
    reconstruct_ipd,
)
from trialscout.reconstruct._clean import decide_scale
from trialscout.report.reconstruction import reconstruct_from_files

ROOT = Path(__file__).resolve().parents[2]
SHAPES = ROOT / "tests" / "reference" / "data" / "reconstruct_shapes"
# survfit(Surv(time, status) ~ sex, data = lung): n and deaths per arm; numbers at risk at 0, 200, ..., 1000
N = {"Male": 138, "Female": 90}
DEATHS = {"Male": 112, "Female": 53}
RISK = {"Male": [138, 78, 31, 13, 6, 2], "Female": [90, 66, 26, 11, 2]}


def reference_points(arm):
    """The points as R computed them, read from the write.csv file with numpy (not our reader)."""
    raw = np.genfromtxt(SHAPES / f"{arm}_writecsv.csv", delimiter=",", skip_header=1)
    return raw[:, 1], raw[:, 2]


@pytest.mark.parametrize("arm", ["Male", "Female"])
@pytest.mark.parametrize("shape", ["writecsv.csv", "writetable.txt", "survival.txt"])
def test_curve_files_written_by_r(arm, shape):
    t, s, lines = read_curve(SHAPES / f"{arm}_{shape}")
    rt, rs = reference_points(arm)
    np.testing.assert_array_equal(t, rt)
    np.testing.assert_allclose(s, rs, rtol=0, atol=1e-15)
    assert lines[0] == 2  # the header is line 1, and no data row was taken for a header


@pytest.mark.parametrize("shape", ["nrisk.txt", "kmdata.txt", "nar.csv"])
def test_one_arm_at_risk_files_written_by_r(shape):
    for arm in ("Male", "Female"):
        table = read_at_risk(SHAPES / f"{arm}_{shape}", arm=arm)
        times, counts, _ = table[arm]
        np.testing.assert_array_equal(times, np.arange(len(RISK[arm])) * 200.0)
        np.testing.assert_array_equal(counts, RISK[arm])
    with pytest.raises(InputError, match=r"Male_" + shape.replace(".", r"\.") + r": holds one arm's numbers at "
                                         r"risk .*say which arm: --at-risk ARM=FILE"):
        read_at_risk(SHAPES / f"Male_{shape}")


@pytest.mark.parametrize("shape", ["nrisk.txt", "kmdata.txt", "nar.csv"])
def test_guyot_files_reconstruct_every_published_count(tmp_path, shape):
    # survHE's pairing: survival.txt and nrisk.txt per arm, given as ARM=FILE
    out = reconstruct_from_files(
        {a: SHAPES / f"{a}_survival.txt" for a in N},
        {a: SHAPES / f"{a}_{shape}" for a in N},
        DEATHS,
        tmp_path / "out",
        figure_format="none",
    )
    for arm, rec in out.arms.items():
        d = rec.diagnostics
        assert rec.n == N[arm] and rec.n_events == DEATHS[arm]
        np.testing.assert_array_equal(d.risk_published, RISK[arm])
        np.testing.assert_array_equal(d.risk_reconstructed, RISK[arm])
        assert d.risk_matched
    # Female's curve ends at 765 days; the published 2 at risk at 800 are kept by extending the curve flat.
    assert out.arms["Female"].diagnostics.risk_extended == (800.0,)
    assert any("extended flat to 800" in w for w in out.arms["Female"].warnings)
    doc = json.loads(out.diagnostics_path.read_text())
    assert doc["sources"]["at_risk"]["Male"].endswith(f"Male_{shape}")


def test_wide_table_with_arm_names_in_other_case_and_row_names(tmp_path):
    table = read_at_risk(SHAPES / "at_risk_upper.csv")  # write.csv: "" row-name column first
    assert list(table) == ["MALE", "FEMALE"]
    np.testing.assert_array_equal(table["MALE"][1], RISK["Male"])
    out = reconstruct_from_files({a: SHAPES / f"{a}_writetable.txt" for a in N}, SHAPES / "at_risk_upper.csv",
                                 {"male": 112, "FEMALE": 53}, tmp_path / "o", figure_format="none")
    assert list(out.arms) == ["Male", "Female"]
    assert out.arms["Male"].diagnostics.risk_matched and out.arms["Female"].n_events == 53
    # Two curves whose names differ only in case are told apart exactly, and an ambiguous name is refused.
    with pytest.raises(InputError, match=r"names arm 'MALE', which matches curves 'male', 'Male' that differ only"):
        reconstruct_from_files({"male": SHAPES / "Male_writecsv.csv", "Male": SHAPES / "Male_writecsv.csv"},
                               SHAPES / "at_risk_upper.csv", None, tmp_path / "p")


def test_webplotdigitizer_export_with_extra_columns(tmp_path):
    rt, rs = reference_points("Male")
    # WebPlotDigitizer's CSV of a data set with error-bar columns: x,y,-,+ (the last two empty here)
    text = "x,y,-,+\n" + "".join(f"{float(a)!r},{float(b)!r},,\n" for a, b in zip(rt, rs))
    p = tmp_path / "wpd.csv"
    p.write_text(text, encoding="utf-8")
    t, s, _ = read_curve(p)
    np.testing.assert_array_equal(t, rt)
    np.testing.assert_array_equal(s, rs)
    # ... and with values in the extra columns, which are not the curve
    p.write_text("x,y,-,+\n" + "".join(f"{float(a)!r},{float(b)!r},0.01,0.02\n" for a, b in zip(rt, rs)), encoding="utf-8")
    np.testing.assert_array_equal(read_curve(p)[1], rs)


def test_xlsx_digitizer_export(tmp_path):
    import openpyxl

    rt, rs = reference_points("Female")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Dataset 1"])
    ws.append(["X", "Y"])
    for a, b in zip(rt, rs):
        ws.append([float(a), float(b)])
    wb.save(tmp_path / "curve.xlsx")
    t, s, rows = read_curve(tmp_path / "curve.xlsx")
    np.testing.assert_array_equal(t, rt)
    np.testing.assert_array_equal(s, rs)
    assert rows[0] == 3
    ws.append([1000.0, "oops"])
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(InputError, match=rf"bad\.xlsx row {len(rt) + 3}: not a number"):
        read_curve(tmp_path / "bad.xlsx")
    (tmp_path / "fake.xlsx").write_bytes(b"not a zip")
    with pytest.raises(InputError, match=r"fake\.xlsx: not a readable \.xlsx workbook"):
        read_curve(tmp_path / "fake.xlsx")


def test_cumulative_incidence_by_option(tmp_path):
    rt, rs = reference_points("Male")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReconstructionWarning)
        inc = reconstruct_from_files({"Male": SHAPES / "Male_incidence.csv"}, {"Male": SHAPES / "Male_nar.csv"},
                                     {"Male": 112}, tmp_path / "a", figure_format="none", incidence=True)
        surv = reconstruct_from_files({"Male": SHAPES / "Male_writecsv.csv"}, {"Male": SHAPES / "Male_nar.csv"},
                                      {"Male": 112}, tmp_path / "b", figure_format="none")
    a, b = inc.arms["Male"], surv.arms["Male"]
    assert a.curve.incidence and a.curve.percent_scale and "0-100 scale" in a.curve.scale_reason
    np.testing.assert_allclose(a.curve.survival, b.curve.survival, atol=1e-12)
    np.testing.assert_allclose(a.time, b.time, atol=1e-9)
    np.testing.assert_array_equal(a.event, b.event)
    # Without the option the rising curve is not a survival curve: refused, naming the file.
    with pytest.raises(InputError, match=r"Male_incidence\.csv \(arm 'Male'\): the points are not a survival curve"):
        reconstruct_from_files({"Male": SHAPES / "Male_incidence.csv"}, {"Male": SHAPES / "Male_nar.csv"}, None,
                               tmp_path / "c", figure_format="none")


def test_one_outlier_click_cannot_flip_the_scale():
    rt, rs = reference_points("Male")
    risk = dict(n_risk_times=np.arange(6) * 200.0, n_risk=RISK["Male"], total_events=112)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReconstructionWarning)
        clean = reconstruct_ipd(rt, rs, **risk)
    s = rs.copy()
    s[40] = 1.6  # one click on the legend above the curve
    with pytest.warns(ReconstructionWarning, match=r"1 point\(s\) off the 0-1 scale dropped as stray clicks"):
        rec = reconstruct_ipd(rt, s, labels=np.arange(len(s)) + 2, **risk)
    assert not rec.curve.percent_scale and rec.curve.outliers == (42,)
    assert rec.curve.scale_reason.startswith("0-1 scale: the median of the 50 highest of 198 values is 0.87")
    km_clean = np.median(clean.time[clean.event])
    # the same patients, give or take the one dropped corner: no collapse to day 7
    assert rec.n == 138 and rec.n_events == 112
    assert abs(np.median(rec.time[rec.event]) - km_clean) < 10
    assert rec.diagnostics.risk_matched
    # A percent curve with a stray click at 0.5 stays percent.
    p = rs * 100
    p[3] = 0.5
    assert decide_scale(p)[0]
    # Even with only three points, one outlier does not decide.
    assert not decide_scale([1.0, 0.9, 160.0])[0] and decide_scale([100.0, 90.0, 1.2])[0]
    # Many points off the scale are not stray clicks: an error naming them.
    bad = rs.copy()
    bad[:30] = 160.0
    with pytest.raises(InputError, match=r"survival must lie in 0-1 or 0-100 \(0-100 scale: .*\); rows 0, 1, 2"):
        clean_curve(rt, bad)


def keynote189_like():
    """A trial shaped like KEYNOTE-189's OS figure: 410 vs 206 patients (2:1), staggered entry over 15 months,
    the data cut 19 months after the first patient, the digitized curve ending at the last event (17 months)
    while the at-risk table has a row at 18 months. Simulated (seed 189), not the published data."""
    rng = np.random.default_rng(189)
    arms = {}
    for arm, n, median in (("Pembrolizumab", 410, 22.0), ("Placebo", 206, 11.0)):
        entry = rng.uniform(0, 15, n)
        follow = 19.0 - entry
        death = rng.exponential(median / np.log(2), n)
        time = np.minimum(death, follow)
        event = death <= follow
        # no events after 17 months: as in the figure, the last step is before the at-risk row at 18
        late = event & (time > 17)
        event[late] = False
        arms[arm] = (time, event)
    return arms


def _corners(time, event):
    from trialscout.reconstruct import km_steps

    t, s = km_steps(time, event)
    before = np.concatenate(([1.0], s[:-1]))
    return np.repeat(t, 2), np.column_stack((before, s)).ravel()


def test_keynote189_like_case_reproduces_every_at_risk_count(tmp_path):
    rows = np.arange(0, 19, 3.0)
    rows = np.append(rows, 18.0) if rows[-1] != 18 else rows
    curves, risk = {}, {}
    lines = ["time," + ",".join(keynote189_like())]
    published = {}
    for arm, (time, event) in keynote189_like().items():
        x, y = _corners(time, event)
        assert x.max() <= 17 < 18
        p = tmp_path / f"{arm}.csv"
        p.write_text("x,y\n" + "".join(f"{a:.6f},{100 * b:.4f}\n" for a, b in zip(x, y)), encoding="utf-8")
        curves[arm] = p
        published[arm] = [int((time >= r).sum()) for r in rows]
        risk[arm] = int(event.sum())
    assert all(c[-1] > 0 for c in published.values())  # people at risk at 18 months, beyond the curve's end
    for k, r in enumerate(rows):
        lines.append(f"{r:g}," + ",".join(str(published[a][k]) for a in published))
    at_risk = tmp_path / "at_risk.csv"
    at_risk.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out_dir = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "trialscout", "reconstruct", "--curve", f"Pembrolizumab={curves['Pembrolizumab']}",
         "--curve", f"Placebo={curves['Placebo']}", "--at-risk", str(at_risk), "--events",
         f"Pembrolizumab={risk['Pembrolizumab']}", "--events", f"Placebo={risk['Placebo']}", "--out", str(out_dir),
         "--figure", "none"],
        capture_output=True, text=True, cwd=tmp_path, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("at-risk table reproduced") == 2, proc.stdout
    assert "extended flat to 18" in proc.stderr
    doc = json.loads((out_dir / "diagnostics.json").read_text())
    for arm in published:
        d = doc["arms"][arm]
        assert d["risk_time"] == list(rows)
        assert d["risk_reconstructed"] == published[arm] == d["risk_published"]
        assert d["risk_dropped"] == [] and d["risk_extended"] == [18.0] and d["risk_matched"]
        assert d["events_reconstructed"] == risk[arm]


def test_cli_reads_r_write_table_and_per_arm_files(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "trialscout", "reconstruct", "--curve", f"Male={SHAPES / 'Male_writetable.txt'}",
         "--curve", f"Female={SHAPES / 'Female_survival.txt'}", "--at-risk", f"male={SHAPES / 'Male_nrisk.txt'}",
         "--at-risk", f"Female={SHAPES / 'Female_kmdata.txt'}", "--events", "Male=112", "--events", "Female=53",
         "--out", str(tmp_path / "out"), "--figure", "none"],
        capture_output=True, text=True, cwd=tmp_path, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("Male: 138 subjects, 112 events (at-risk table and total events); at-risk table "
                               "reproduced")
    assert "0-1 scale: the median of the 50 highest of 198 values" in lines[0]
    assert lines[1].startswith("Female: 90 subjects, 53 events")
