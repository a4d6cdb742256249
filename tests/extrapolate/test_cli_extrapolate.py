"""`trialscout extrapolate` and `trialscout psm`: the --json contract, the output folder, reconstructed data, and
bad input as one line on stderr with exit status 2."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from trialscout.cli import app

from ._data import r_data, survreg_reference

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def run(*args):
    r = CliRunner().invoke(app, [str(a) for a in args])
    return r.exit_code, r.stdout, r.stderr


def assert_one_error_line(code, err, pattern):
    assert code == 2, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("trialscout: error: ")
    assert re.search(pattern, lines[0]), lines[0]


@pytest.fixture(scope="module")
def lung_csv(tmp_path_factory):
    t, e, a, _ = r_data("lung")
    p = tmp_path_factory.mktemp("data") / "lung.csv"
    pd.DataFrame({"AVAL": t, "CNSR": (~e).astype(int), "SEX": a, "PARAMCD": "OS"}).to_csv(p, index=False)
    return p


FIT_KEYS = {"distribution", "arm", "loglik", "n_params", "aic", "bic", "bic_events", "converged", "parameters",
            "cure_fraction", "arms"}


def test_json_contract_separate(lung_csv):
    code, out, err = run("extrapolate", lung_csv, "--time", "AVAL", "--censor", "CNSR", "--arm", "SEX",
                         "--param", "OS", "--dists", "weibull,lognormal,cure:weibull", "--times", "100,365",
                         "--horizon", "3000", "--tau", "700", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert set(doc) == {"model", "fits"} and doc["model"] == "separate"
    assert len(doc["fits"]) == 6
    ref = {(c["dist"], c["arm"]): c for c in survreg_reference()["fits"] if c["data"] == "lung"}
    for f in doc["fits"]:
        assert set(f) == FIT_KEYS
        assert isinstance(f["arm"], str) and list(f["arms"]) == [f["arm"]]
        arm = f["arms"][f["arm"]]
        assert set(arm) == {"median", "mean", "rmst", "survival"}
        assert set(arm["mean"]) == {"horizon", "value", "lower", "upper"} and arm["mean"]["horizon"] == 3000
        assert set(arm["rmst"]) == {"tau", "value", "lower", "upper"} and arm["rmst"]["tau"] == 700
        assert [s["time"] for s in arm["survival"]] == [100, 365]
        assert all(set(s) == {"time", "value", "lower", "upper"} for s in arm["survival"])
        assert f["bic"] == pytest.approx(-2 * f["loglik"] + f["n_params"] * __import__("math").log(
            {"female": 90, "male": 138}[f["arm"]]), rel=1e-12)
        if f["distribution"] == "cure:weibull":
            assert set(f["cure_fraction"]) == {f["arm"]}
        else:
            assert f["cure_fraction"] is None
            r = ref[(f["distribution"], f["arm"])]
            assert f["loglik"] == pytest.approx(r["loglik"], rel=1e-6)
            assert arm["median"] == pytest.approx(r["arms"][f["arm"]]["median"], rel=1e-6)


def test_json_contract_joint_and_no_rmst(lung_csv):
    code, out, err = run("extrapolate", lung_csv, "--time", "AVAL", "--censor", "CNSR", "--arm", "SEX",
                         "--model", "joint", "--dists", "weibull", "--json")
    assert code == 0, err
    doc = json.loads(out)
    (f,) = doc["fits"]
    assert doc["model"] == "joint" and f["arm"] is None and set(f["arms"]) == {"female", "male"}
    assert "arm[male]" in f["parameters"]
    assert all(a["rmst"] is None and a["survival"] == [] for a in f["arms"].values())
    ref = next(c for c in survreg_reference()["fits"] if c["data"] == "lung" and c["dist"] == "weibull"
               and c["model"] == "joint")
    assert f["loglik"] == pytest.approx(ref["loglik"], rel=1e-6)


def test_out_folder(lung_csv, tmp_path):
    out = tmp_path / "x"
    code, stdout, err = run("extrapolate", lung_csv, "--time", "AVAL", "--censor", "CNSR", "--arm", "SEX",
                            "--dists", "exponential,weibull", "--out", out)
    assert code == 0, err
    names = {p.name for p in out.iterdir()}
    for stem in ("fits", "hazards", "extrapolation"):
        assert {f"{stem}.png", f"{stem}.svg"} <= names
    assert {"fits.json", "fit_table.csv", "parameters.csv", "predictions.csv", "report.html"} <= names
    table = pd.read_csv(out / "fit_table.csv")
    assert len(table) == 4 and set(table.aic_rank) == {1, 2}
    assert "weibull" in stdout and "AIC" in stdout


def test_reconstructed_data_end_to_end(tmp_path):
    ex = EXAMPLES / "reconstruct"
    rec = tmp_path / "ipd"
    code, _, err = run("reconstruct", "--curve", f"Male={ex / 'lung_male.csv'}", "--curve",
                       f"Female={ex / 'lung_female.csv'}", "--at-risk", ex / "at_risk.csv", "--events", "Male=112",
                       "--events", "Female=53", "--out", rec, "--figure", "none")
    assert code == 0, err
    code, out, err = run("extrapolate", rec / "ipd.csv", "--time", "AVAL", "--censor", "CNSR", "--arm", "ARM",
                         "--dists", "weibull", "--json")
    assert code == 0, err
    doc = json.loads(out)
    meds = {f["arm"]: f["arms"][f["arm"]]["median"] for f in doc["fits"]}
    # the survreg Weibull medians on the original data: 412 (women) and 265 (men) days
    ref = {c["arm"]: c["arms"][c["arm"]]["median"] for c in survreg_reference()["fits"]
           if c["data"] == "lung" and c["dist"] == "weibull" and c["model"] == "separate"}
    assert meds["Female"] == pytest.approx(ref["female"], rel=0.08)
    assert meds["Male"] == pytest.approx(ref["male"], rel=0.08)


def test_bad_input(lung_csv, tmp_path):
    base = ["extrapolate", lung_csv, "--time", "AVAL", "--censor", "CNSR", "--arm", "SEX"]
    code, _, err = run(*base, "--dists", "weibul")
    assert_one_error_line(code, err, r"--dists: distribution 'weibul' is not known")
    code, _, err = run(*base, "--dists", "spline:k=80")
    assert_one_error_line(code, err, r"80 interior knots need at least 82 distinct event times")
    code, _, err = run(*base, "--horizon", "500")
    assert_one_error_line(code, err, r"--horizon 500 is before the end of the data")
    code, _, err = run(*base, "--model", "both")
    assert_one_error_line(code, err, r"--model")
    zero = tmp_path / "zero.csv"
    df = pd.read_csv(lung_csv)
    df.loc[[2, 9], "AVAL"] = 0.0
    df.to_csv(zero, index=False)
    code, _, err = run("extrapolate", zero, "--time", "AVAL", "--censor", "CNSR", "--dists", "weibull")
    assert_one_error_line(code, err, r"column 'AVAL' \(--time\) of '.*zero.csv': must be positive for the weibull "
                                     r"model .* rows 3, 10")  # data rows, 1-based
    # the exponential and Gompertz are defined at t = 0
    code, _, err = run("extrapolate", zero, "--time", "AVAL", "--censor", "CNSR", "--dists", "exponential,gompertz")
    assert code == 0, err


def test_psm_command(tmp_path):
    out = tmp_path / "psm"
    code, stdout, err = run("psm", EXAMPLES / "psm" / "spec.toml", "--out", out)
    assert code == 0, err
    doc = json.loads((out / "psm.json").read_text())
    assert set(doc["deterministic"]) == {"Standard", "New"}
    assert {"ceac.png", "ce_plane.png", "states.svg", "trace.csv", "psa.csv", "report.html"} <= {
        p.name for p in out.iterdir()}
    assert "ICER" in stdout
    bad = tmp_path / "bad.toml"
    bad.write_text((EXAMPLES / "psm" / "spec.toml").read_text().replace('file = "adtte.csv"',
                                                                         f'file = "{EXAMPLES / "psm" / "adtte.csv"}"')
                   .replace("horizon = 360", "horizon = 360.5"))
    code, _, err = run("psm", bad, "--out", tmp_path / "p2")
    assert_one_error_line(code, err, r"horizon.*whole number of cycles")


def test_one_sample_simulation_and_life_table(lung_csv, tmp_path):
    code, out, err = run("extrapolate", lung_csv, "--time", "AVAL", "--censor", "CNSR", "--dists", "weibull",
                         "--times", "365", "--ci", "simulation", "--json")
    assert code == 0, err
    (f,) = json.loads(out)["fits"]
    assert list(f["arms"]) == ["all"]
    s = f["arms"]["all"]["survival"][0]
    assert s["lower"] < s["value"] < s["upper"]
    lt = tmp_path / "lt.csv"
    lt.write_text("age,hazard\n0,0.001\n50,0.01\n70,0.05\n90,0.2\n")
    df = pd.read_csv(lung_csv).assign(AGE=65)
    data = tmp_path / "aged.csv"
    df.to_csv(data, index=False)
    base = ["extrapolate", data, "--time", "AVAL", "--censor", "CNSR", "--dists", "cure:weibull", "--time-unit",
            "days", "--json", "--horizon", "20000"]
    code, out, err = run(*base, "--lifetable", lt, "--age", "AGE")
    assert code == 0, err
    code, _, err = run(*base, "--lifetable", lt)
    assert_one_error_line(code, err, r"--lifetable needs --age COL")
    code, _, err = run(*base, "--lifetable", lt, "--age", "AGEX")
    assert_one_error_line(code, err, r"--age: column 'AGEX' is not in")
