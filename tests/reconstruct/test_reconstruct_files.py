"""File shapes, the arm checks across files, and the whole-or-nothing output of reconstruct_from_files."""

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from trialscout._validate import InputError
from trialscout.reconstruct import (
    ReconstructionWarning,
    read_at_risk,
    read_curve,
    reconstruct_arms,
    reconstruct_ipd,
)
from trialscout.report.reconstruction import reconstruct_from_files
from trialscout.survival import kaplan_meier

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "reconstruct"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "text",
    [
        "1.5,0.9\n3,0.8\n",  # no header
        "x,y\n1.5,0.9\n3,0.8\n",  # WebPlotDigitizer header
        "Dataset 1\nX,Y\n1.5,0.9,\n3,0.8,\n",  # two header lines, trailing separators
        "1,5;0,9\n3;0,8\n",  # semicolons, decimal comma
        "time\tsurv\n1.5\t0.9\n3\t0.8\n",  # tabs
        "\ufeffx;y\r\n1,5;0,9\r\n\r\n3;0,8\r\n",  # BOM, CRLF, blank line
    ],
)
def test_read_curve_shapes(tmp_path, text):
    t, s, lines = read_curve(write(tmp_path / "c.csv", text))
    np.testing.assert_allclose(t, [1.5, 3.0])
    np.testing.assert_allclose(s, [0.9, 0.8])


def test_read_curve_errors_name_file_and_line(tmp_path):
    p = write(tmp_path / "c.csv", "x,y\n1,0.9\n2,abc\n")
    with pytest.raises(InputError, match=r"c\.csv line 3: not a number in '2,abc'"):
        read_curve(p)
    p = write(tmp_path / "d.csv", "1,0.9\n2\n")
    with pytest.raises(InputError, match=r"d\.csv line 2: expected two values \(time, survival\); got 1"):
        read_curve(p)
    p = write(tmp_path / "e.csv", "1,5,0,9\n")
    with pytest.raises(InputError, match=r"e\.csv line 1: .* reads as four values; with a decimal comma"):
        read_curve(p)
    with pytest.raises(InputError, match=r"no data rows"):
        read_curve(write(tmp_path / "f.csv", "x,y\n"))
    with pytest.raises(InputError, match=r"file not found"):
        read_curve(tmp_path / "missing.csv")


def test_read_at_risk_wide_and_long(tmp_path):
    wide = read_at_risk(write(tmp_path / "w.csv", "time,A,B\n0,100,98\n6,80,\n"))
    np.testing.assert_array_equal(wide["A"][1], [100, 80])
    np.testing.assert_array_equal(wide["B"][0], [0])
    long = read_at_risk(write(tmp_path / "l.csv", "Arm;Time;n_risk\nA;0;100\nA;6;80\nB;0;98\n"))
    np.testing.assert_array_equal(long["A"][1], [100, 80])
    np.testing.assert_array_equal(long["B"][1], [98])


@pytest.mark.parametrize(
    "text, message",
    [
        ("time,A\n0,100\n6,120\n", r"line 3: the number at risk for arm 'A' increases, from 100 to 120"),
        ("time,A\n6,100\n0,90\n", r"line 3: times for arm 'A' must increase; 0 follows 6"),
        ("0,100\n6,80\n", r"line 1: the at-risk file needs a header"),
        ("time,A\n0,x\n", r"line 2: the number at risk for 'A' 'x' is not a number"),
        ("time,A\n0,-3\n", r"line 2: the number at risk for 'A' must be a non-negative number"),
        ("time,A\n0,10.5\n", r"line 2: the number at risk 10.5 is not a whole number"),
        ("arm,time,count\nA,0,10\n", r"a long at-risk file needs columns 'arm', 'time' and 'n_risk'"),
        ("time,A,A\n0,1,2\n", r"an arm is named twice"),
    ],
)
def test_read_at_risk_errors(tmp_path, text, message):
    with pytest.raises(InputError, match=message):
        read_at_risk(write(tmp_path / "r.csv", text))


def test_arm_named_in_one_input_but_not_another():
    pts = {"A": ([1, 2], [0.9, 0.8]), "B": ([1, 2], [0.95, 0.9])}
    table = {"A": ([0], [10]), "B": ([0], [10]), "C": ([0], [5])}
    with pytest.raises(InputError, match=r"the at-risk table names arm 'C', which has no curve"):
        reconstruct_arms(pts, table)
    with pytest.raises(InputError, match=r"the at-risk table has no arm 'B'"):
        reconstruct_arms(pts, {"A": ([0], [10])})
    with pytest.raises(InputError, match=r"`events` names arm 'Z'"):
        reconstruct_arms(pts, n={"A": 10, "B": 10}, events={"Z": 3})


def test_example_end_to_end(tmp_path):
    out_dir = tmp_path / "out"
    out = reconstruct_from_files(
        {"Male": EXAMPLES / "lung_male.csv", "Female": EXAMPLES / "lung_female.csv"},
        EXAMPLES / "at_risk.csv",
        {"Male": 112, "Female": 53},
        out_dir,
    )
    assert sorted(p.name for p in out_dir.iterdir()) == [".trialscout", "diagnostics.json", "diagnostics.png",
                                                         "ipd.csv"]
    ipd = pd.read_csv(out.ipd_path)
    assert list(ipd.columns) == ["USUBJID", "ARM", "PARAMCD", "AVAL", "CNSR"]
    assert ipd["USUBJID"].is_unique
    assert (ipd.groupby("ARM").size().to_dict()) == {"Female": 90, "Male": 138}
    # CNSR = 0 is an event: 112 and 53 deaths, as published.
    assert ((ipd["CNSR"] == 0).groupby(ipd["ARM"]).sum().to_dict()) == {"Female": 53, "Male": 112}
    doc = json.loads(out.diagnostics_path.read_text())
    male = doc["arms"]["Male"]
    assert male["risk_published"] == [138, 78, 31, 13, 6, 2] == male["risk_reconstructed"]
    assert male["events_matched"] and male["cleaning"]["percent_scale"]
    assert doc["arms"]["Female"]["risk_time"] == [0, 200, 400, 600, 800]  # blank cell at 1000
    # The written data re-analyse: the KM of the file equals the reconstruction's.
    m = ipd[ipd["ARM"] == "Male"]
    km = kaplan_meier(m["AVAL"].to_numpy(), (m["CNSR"] == 0).to_numpy())
    assert km.total_events == 112 and km.n == 138
    # Against the published lung figures (docs/conventions.md golden case: medians 270 and 426 days):
    # within 1% of the 1022-day axis, the digitizing tolerance of test_reconstruct_roundtrip.py.
    f = ipd[ipd["ARM"] == "Female"]
    km_f = kaplan_meier(f["AVAL"].to_numpy(), (f["CNSR"] == 0).to_numpy())
    assert abs(km.median().value - 270) <= 10.22 and abs(km_f.median().value - 426) <= 10.22
    # HR women vs men: R coxph(ties = "breslow") on the true data gives log HR -0.5304
    # (tests/reference/survival_cox.json, lung_sex_breslow); the round-trip target is 0.06.
    from trialscout.survival import cox_ph

    fit = cox_ph(ipd["AVAL"].to_numpy(), (ipd["CNSR"] == 0).to_numpy(), (ipd["ARM"] == "Female").to_numpy() * 1.0,
                 ties="breslow")
    assert abs(fit.coef[0] - (-0.53039657450933431)) <= 0.06


def _tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_output_is_whole_or_nothing(tmp_path, monkeypatch):
    out_dir = tmp_path / "out"
    good = write(tmp_path / "a.csv", "1,0.9\n2,0.8\n")
    bad = write(tmp_path / "b.csv", "1,0.9\n2,oops\n")
    with pytest.raises(InputError, match=r"b\.csv line 2"):
        reconstruct_from_files({"A": good, "B": bad}, None, None, out_dir, n={"A": 10, "B": 10})
    assert not out_dir.exists()
    assert list(tmp_path.glob(".out.tmp-*")) == []
    # A re-run replaces trialscout's own earlier output as a whole (no diagnostics.png left beside the svg).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReconstructionWarning)
        reconstruct_from_files({"A": good}, None, {"A": 2}, out_dir, n={"A": 10})
        out = reconstruct_from_files({"A": good}, None, {"A": 2}, out_dir, n={"A": 10}, figure_format="svg")
    assert sorted(p.name for p in out_dir.iterdir()) == [".trialscout", "diagnostics.json", "diagnostics.svg",
                                                         "ipd.csv"]
    assert out.figure_path.name == "diagnostics.svg"
    assert pd.read_csv(out.ipd_path).shape == (10, 5)
    # A failure while writing (here: the figure) leaves the folder as it was and no temporary folder.
    import trialscout.report.reconstruction as fig

    def boom(*a, **k):
        raise RuntimeError("renderer crashed")

    before = _tree(out_dir)
    monkeypatch.setattr(fig, "plot_reconstruction", boom)
    with pytest.raises(RuntimeError, match="renderer crashed"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ReconstructionWarning)
            reconstruct_from_files({"A": good}, None, {"A": 1}, out_dir, n={"A": 10})
    assert _tree(out_dir) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv", "out"]


def test_foreign_output_folder_refused(tmp_path):
    good = write(tmp_path / "a.csv", "1,0.9\n2,0.8\n")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    write(out_dir / "keep.txt", "x")
    with pytest.raises(InputError, match=r"--out .*out: exists and holds files trialscout did not write "
                                         r"\(keep\.txt\); choose another folder or empty it"):
        reconstruct_from_files({"A": good}, None, None, out_dir, n={"A": 10})
    assert _tree(out_dir) == {"keep.txt": b"x"}
    # The folder of the digitized curves is refused as --out, even when empty of anything else.
    with pytest.raises(InputError, match=r"holds the input file .*a\.csv"):
        reconstruct_from_files({"A": good}, None, None, tmp_path, n={"A": 10})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "out"]


def test_curve_errors_name_the_file_and_line(tmp_path):
    # Two curves pasted into one file: the error names the file, the arm and the line.
    p = write(tmp_path / "mixed.csv", "1,0.9\n2,0.8\n3,0.3\n4,0.85\n5,0.2\n")
    with pytest.raises(InputError, match=r"mixed\.csv \(arm 'A'\): the points are not a survival curve .* row 4"):
        reconstruct_from_files({"A": p}, None, None, tmp_path / "o", n={"A": 10})


def test_reconstruct_ipd_directly_matches_files(tmp_path):
    t, s, _ = read_curve(EXAMPLES / "lung_male.csv")
    table = read_at_risk(EXAMPLES / "at_risk.csv")
    rec = reconstruct_ipd(t, s, n_risk_times=table["Male"][0], n_risk=table["Male"][1], total_events=112)
    curves = {"Male": EXAMPLES / "lung_male.csv", "Female": EXAMPLES / "lung_female.csv"}
    out = reconstruct_from_files(curves, EXAMPLES / "at_risk.csv", {"Male": 112}, tmp_path / "o",
                                 figure_format="none")
    np.testing.assert_array_equal(out.arms["Male"].time, rec.time)
    assert out.figure_path is None
    # The at-risk file has a Female column but only the Male curve is given: an arm in one file only.
    with pytest.raises(InputError, match=r"at_risk\.csv names arm 'Female', which has no curve"):
        reconstruct_from_files({"Male": EXAMPLES / "lung_male.csv"}, EXAMPLES / "at_risk.csv", None,
                               tmp_path / "p")
    assert not (tmp_path / "p").exists()


def test_censoring_tick_files(tmp_path):
    # The hand case of test_reconstruct_guyot.py: ten subjects, ticks at 3 and 7 rebuild the data exactly.
    curve = write(tmp_path / "c.csv", "x,y\n2,1\n2,0.9\n5,0.9\n5,0.7875\n8,0.7875\n8,0.65625\n10,0.65625\n")
    ticks = write(tmp_path / "t.csv", "x;y\n3;0,9\n7;0,7875\n")
    out = reconstruct_from_files({"A": curve}, None, None, tmp_path / "o", n={"A": 10}, ticks={"A": ticks},
                                 figure_format="none")
    rec = out.arms["A"]
    np.testing.assert_array_equal(rec.time, [2, 3, 5, 7, 8, 10, 10, 10, 10, 10])
    np.testing.assert_array_equal(rec.event, [1, 0, 1, 0, 1, 0, 0, 0, 0, 0])
    bad = write(tmp_path / "b.csv", "3\n-7\n")
    with pytest.raises(InputError, match=r"b\.csv line 2: a tick time must be a non-negative number"):
        reconstruct_from_files({"A": curve}, None, None, tmp_path / "p", n={"A": 10}, ticks={"A": bad})
    with pytest.raises(InputError, match=r"the tick files names arm 'B'"):
        reconstruct_from_files({"A": curve}, None, None, tmp_path / "p", n={"A": 10}, ticks={"B": ticks})


def test_parse_arm_option():
    from trialscout.reconstruct import parse_arm_option

    assert parse_arm_option(["Male=a=b.csv", " Female = f.csv"], "--curve", Path) == {
        "Male": Path("a=b.csv"),
        "Female": Path("f.csv"),
    }
    assert parse_arm_option(["A=112", "B=53.0"], "--events", int) == {"A": 112, "B": 53}
    assert parse_arm_option([], "--events", int) is None
    for bad, msg in [
        (["A112"], r"--events: expected ARM=VALUE; got 'A112'"),
        (["A=1", "A=2"], r"--events: arm 'A' is given twice"),
        (["A=x"], r"--events: A=x is not a number"),
        (["A=1.5"], r"--events: A=1.5 must be a non-negative whole number"),
    ]:
        with pytest.raises(InputError, match=msg):
            parse_arm_option(bad, "--events", int)
