"""The `report`, `reconstruct`, `synthesize` and `demo` commands: they run end to end on the bundled examples,
write what they say, and turn bad input into one line on stderr with exit status 2."""

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from trialscout.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def run(*args):
    r = CliRunner().invoke(app, [str(a) for a in args])
    return r.exit_code, r.stdout, r.stderr


def assert_one_error_line(code, out, err, pattern):
    assert code == 2, (out, err)
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("trialscout: error: ")
    assert "Traceback" not in err
    assert re.search(pattern, lines[0]), lines[0]


def test_report_writes_html_json_and_figures(tmp_path):
    out = tmp_path / "rep"
    code, stdout, err = run("report", EXAMPLES / "small_trial" / "spec.toml", "--out", out)
    assert code == 0, err
    assert (out / "report.html").is_file()
    results = json.loads((out / "results.json").read_text())
    assert results  # parsed JSON with content
    pngs = {p.stem for p in (out / "figures").glob("*.png")}
    svgs = {p.stem for p in (out / "figures").glob("*.svg")}
    assert pngs == svgs  # every figure in both formats
    assert any(s.startswith("km_") for s in pngs) and any(s.startswith("forest_") for s in pngs)
    assert "wrote" in stdout


def test_report_missing_spec_is_one_line(tmp_path):
    code, out, err = run("report", tmp_path / "nope.toml", "--out", tmp_path / "rep")
    assert_one_error_line(code, out, err, r"nope\.toml")
    assert not (tmp_path / "rep").exists()


def test_report_spec_naming_a_missing_column_leaves_nothing(tmp_path):
    src = EXAMPLES / "small_trial"
    for f in src.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    spec = (tmp_path / "spec.toml").read_text()
    # point the arm variable at a column ADSL does not have
    spec = re.sub(r'(\[arms\][^\[]*?variable\s*=\s*")[^"]+"', r'\1NOSUCHARM"', spec, count=1, flags=re.S)
    (tmp_path / "spec.toml").write_text(spec)
    code, out, err = run("report", tmp_path / "spec.toml", "--out", tmp_path / "rep")
    assert_one_error_line(code, out, err, r"NOSUCHARM")
    assert not (tmp_path / "rep").exists()


def test_reconstruct_then_tte(tmp_path):
    ex = EXAMPLES / "reconstruct"
    out = tmp_path / "ipd"
    code, stdout, err = run("reconstruct", "--curve", f"Male={ex / 'lung_male.csv'}",
                            "--curve", f"Female={ex / 'lung_female.csv'}", "--at-risk", ex / "at_risk.csv",
                            "--out", out)
    assert code == 0, err
    assert "at-risk table reproduced" in stdout
    ipd = pd.read_csv(out / "ipd.csv")
    assert set(ipd["ARM"]) == {"Male", "Female"}
    assert set(ipd["CNSR"]) <= {0, 1}
    code, stdout, err = run("tte", out / "ipd.csv", "--time", "AVAL", "--censor", "CNSR", "--arm", "ARM",
                            "--control", "Male", "--json")
    assert code == 0, err
    res = json.loads(stdout)
    # lung by sex: the true HR (female vs male) is 0.588; a reconstruction from the figure lands close to it
    assert abs(res["cox"]["hr"] - 0.588) < 0.05


def test_reconstruct_unknown_arm_in_at_risk_is_one_line(tmp_path):
    ex = EXAMPLES / "reconstruct"
    code, out, err = run("reconstruct", "--curve", f"Men={ex / 'lung_male.csv'}",
                         "--curve", f"Female={ex / 'lung_female.csv'}", "--at-risk", ex / "at_risk.csv",
                         "--out", tmp_path / "ipd")
    assert_one_error_line(code, out, err, r"Men|Male")
    assert not (tmp_path / "ipd").exists()


def test_synthesize_bad_summary_is_one_line(tmp_path):
    bad = tmp_path / "summary.toml"
    bad.write_text("[trial]\ntitle = 'x'\n")
    code, out, err = run("synthesize", bad, "--out", tmp_path / "syn")
    assert_one_error_line(code, out, err, r"summary\.toml")
    assert not (tmp_path / "syn").exists()


def test_synthesize_writes_a_spec_the_report_runs(tmp_path):
    syn = tmp_path / "syn"
    code, out, err = run("synthesize", EXAMPLES / "cartitude4" / "summary.toml", "--seed", "7", "--out", syn)
    assert code == 0, err
    assert (syn / "spec.toml").is_file()
    code, out, err = run("report", syn / "spec.toml", "--out", tmp_path / "rep")
    assert code == 0, err
    assert (tmp_path / "rep" / "report.html").is_file()


def test_demo_prints_published_vs_reproduced(tmp_path):
    code, out, err = run("demo", "--out", tmp_path / "demo")
    assert code == 0, err
    assert "Published figure" in out and "Reproduced" in out
    m = re.search(r"(\d+) of (\d+) published figures reproduced within tolerance", out)
    assert m and int(m.group(2)) > 50
    assert "synthetic" in out
    html = (tmp_path / "demo" / "report" / "report.html").read_text()
    assert "synthetic" in html.lower()


def test_tte_arm_without_events_warns_once_on_stderr(tmp_path):
    """An arm with no events: the HR is not estimable, said once on stderr in the user's arm labels; the table
    (stdout) still holds every other figure; exit status 0."""
    d = pd.read_csv(ROOT / "tests" / "reference" / "data" / "lung.csv")
    d["CNSR"] = (d["status"] == 1).astype(int)
    d["ARM"] = d["sex"].map({1: "Male", 2: "Female"})
    d.loc[d["ARM"] == "Female", "CNSR"] = 1
    path = tmp_path / "noev.csv"
    d.to_csv(path, index=False)
    code, out, err = run("tte", path, "--time", "time", "--censor", "CNSR", "--arm", "ARM", "--control", "Male")
    assert code == 0
    assert "Warning" not in out and "270.0" in out  # the control arm's median is still printed
    assert "trialscout: warning: hazard ratio Female vs Male is not estimable: arm 'Female' has no events" in (
        err.splitlines())
    assert len(err.splitlines()) == len(set(err.splitlines()))  # each warning once
