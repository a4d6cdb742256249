"""The `trialscout` command line: `trialscout tte` and `--version`.

The JSON is checked three ways: its exact shape, equality with trialscout's own library calls, and agreement with
R `survival` (tests/reference/tte_cli_reference.R -> .json; 1e-6 relative, see tests/trial/test_tte.py).
"""

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from trialscout import __version__
from trialscout.cli import app
from trialscout import kaplan_meier
from trialscout.io import write_table
from trialscout.report.tte import tte_to_dict
from trialscout.trial.tte import analyze_tte

REF = Path(__file__).resolve().parent / "reference"
RTOL, ATOL = 1e-6, 1e-9

TOP_KEYS = {"preset", "conf_type", "conf_level", "ties", "control_arm", "treated_arm", "arms", "cox", "logrank",
            "rmst_difference", "control_rule", "weights", "strata", "analysis", "wilcoxon"}
SORTED_FIRST_NOTE = "trialscout: note: control arm '1' (the first arm in sorted order); give --control VALUE to choose another\n"
ARM_KEYS = {"n", "events", "median", "q25", "q75", "landmarks", "rmst"}
COX_KEYS = {"hr", "lower", "upper", "coef", "se", "p_wald", "lr_chisq", "score_chisq"}


def run(*args):
    """Invoke the app; returns (exit code, stdout, stderr)."""
    r = CliRunner().invoke(app, [str(a) for a in args])
    return r.exit_code, r.stdout, r.stderr


def run_json(*args):
    code, out, err = run(*args, "--json")
    assert code == 0, err
    return json.loads(out), err


def assert_one_error_line(code, out, err, pattern):
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("trialscout: error: ")
    assert "Traceback" not in err
    assert re.search(pattern, lines[0]), lines[0]


def numbers(out: dict) -> dict:
    """The results of a ``tte --json`` object without the record of its inputs (file, rows, stratum labels)."""
    return {k: v for k, v in out.items() if k not in ("analysis", "strata")}


def assert_close(ours, ref, path=""):
    if isinstance(ref, dict):
        for k, v in ref.items():
            assert_close(ours[k], v, f"{path}.{k}")
    elif isinstance(ref, list):
        assert len(ours) == len(ref), path
        for i, (a, b) in enumerate(zip(ours, ref)):
            assert_close(a, b, f"{path}[{i}]")
    elif ref is None:
        assert ours is None, path
    elif isinstance(ref, str):
        assert ours == ref, path
    else:
        assert ours is not None and math.isclose(ours, ref, rel_tol=RTOL, abs_tol=ATOL), f"{path}: {ours} vs {ref}"


@pytest.fixture(scope="module")
def r_ref():
    return json.loads((REF / "tte_cli_reference.json").read_text())


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """lung with event and CNSR columns (CSV, XPT, Parquet), lung_ecog, veteran, and a 2-parameter ADTTE."""
    d = tmp_path_factory.mktemp("data")
    lung = pd.read_csv(REF / "data" / "lung.csv")
    lung["event"] = (lung["status"] == 2).astype(int)
    lung["CNSR"] = 1 - lung["event"]
    lung = lung.rename(columns={"ph.ecog": "ecog"})[["time", "event", "CNSR", "sex", "ecog", "status"]]
    paths = {"lung": d / "lung.csv"}
    lung.to_csv(paths["lung"], index=False)
    paths["lung_xpt"] = write_table(lung, d / "LUNG.XPT")
    paths["lung_parquet"] = write_table(lung, d / "lung.parquet")
    ecog = lung.dropna(subset=["ecog"]).copy()
    ecog["ecog1"] = (ecog["ecog"] >= 1).astype(int)
    ecog["ecog2"] = ecog["ecog"].clip(upper=2)  # ECOG 3 (one patient, arm 1) merged with 2
    paths["lung_ecog"] = d / "lung_ecog.csv"
    ecog.to_csv(paths["lung_ecog"], index=False)
    vet = pd.read_csv(REF / "data" / "veteran.csv")
    vet["event"] = vet["status"]
    paths["veteran"] = d / "veteran.csv"
    vet.to_csv(paths["veteran"], index=False)
    # ADTTE with two parameters: OS is lung; PFS is lung with halved times and everyone an event
    os_ = pd.DataFrame({"PARAMCD": "OS", "AVAL": lung["time"], "CNSR": lung["CNSR"], "TRT01P": lung["sex"]})
    pfs = pd.DataFrame({"PARAMCD": "PFS", "AVAL": lung["time"] / 2, "CNSR": 0, "TRT01P": lung["sex"]})
    paths["adtte"] = write_table(pd.concat([pfs, os_], ignore_index=True), d / "adtte.xpt")
    return paths


LUNG_ARGS = ("--time", "time", "--arm", "sex", "--landmarks", "180,365,730", "--tau", "700")


# -- shape and values ---------------------------------------------------------------------------------------
def test_json_shape(files):
    out, err = run_json("tte", files["lung"], "--event", "event", *LUNG_ARGS)
    assert err == SORTED_FIRST_NOTE
    assert set(out) == TOP_KEYS
    assert (out["control_rule"], out["weights"], out["strata"]) == ("sorted-first", "none", None)
    assert out["analysis"] == {"file": str(files["lung"]), "rows_read": 228, "rows_analysed": 228, "param": None,
                               "columns": {"time": "time", "event": "event", "arm": "sex"},
                               "strata_columns": None}
    assert (out["preset"], out["conf_type"], out["conf_level"], out["ties"]) == ("sas", "log-log", 0.95, "breslow")
    assert (out["control_arm"], out["treated_arm"]) == ("1", "2")
    assert set(out["arms"]) == {"1", "2"}
    for arm in out["arms"].values():
        assert set(arm) == ARM_KEYS
        assert isinstance(arm["n"], int) and isinstance(arm["events"], int)
        for q in ("median", "q25", "q75"):
            assert set(arm[q]) - {"status"} == {"value", "lower", "upper"}
        assert [lm["time"] for lm in arm["landmarks"]] == [180, 365, 730]
        for lm in arm["landmarks"]:
            assert set(lm) - {"status"} == {"time", "surv", "lower", "upper", "std_err", "n_risk"}
        assert set(arm["rmst"]) == {"tau", "value", "std_err"} and arm["rmst"]["tau"] == 700
    assert set(out["cox"]) == COX_KEYS
    assert set(out["logrank"]) == {"chisq", "df", "p"}
    assert set(out["rmst_difference"]) == {"value", "lower", "upper", "p"}


def test_json_equals_library(files):
    out, _ = run_json("tte", files["lung"], "--event", "event", *LUNG_ARGS, "--preset", "r")
    lung = pd.read_csv(files["lung"])
    lib = tte_to_dict(analyze_tte(lung.time, lung.event, lung.sex, preset="r", landmarks=(180, 365, 730), tau=700))
    assert out.pop("analysis")["rows_analysed"] == 228 and lib.pop("analysis") is None
    assert out == json.loads(json.dumps(lib))  # exactly, through JSON's round trip of floats


def test_json_matches_r(files, r_ref):
    out, _ = run_json("tte", files["lung"], "--event", "event", *LUNG_ARGS, "--preset", "r", "--control", "1")
    assert_close(out, r_ref["lung_r"])
    # a few figures written out, so a reader sees what is checked: R survfit/coxph(ties = "efron")/survdiff
    assert out["arms"]["1"]["median"] == {"value": 270, "lower": 212, "upper": 310}
    assert out["arms"]["2"]["q75"] == {"value": 687, "lower": 550, "upper": None, "status": {"upper": "NE"}}
    assert out["cox"]["hr"] == pytest.approx(r_ref["lung_r"]["cox"]["hr"], rel=RTOL)
    out2, _ = run_json("tte", files["lung"], "--event", "event", *LUNG_ARGS, "--preset", "r",
                       "--conf-type", "log-log", "--ties", "breslow")
    assert_close(out2, r_ref["lung_r_loglog_breslow"])


def test_preset_sas_golden_medians(files):
    out, _ = run_json("tte", files["lung"], "--event", "event", "--time", "time", "--arm", "sex")
    # docs/conventions.md: log-log median CIs (210, 306) and (345, 524); log-rank 10.3267
    assert out["arms"]["1"]["median"] == {"value": 270, "lower": 210, "upper": 306}
    assert out["arms"]["2"]["median"] == {"value": 426, "lower": 345, "upper": 524}
    assert out["logrank"]["chisq"] == pytest.approx(10.3267, abs=5e-5)
    assert out["arms"]["1"]["rmst"] is None and out["rmst_difference"] is None and out["arms"]["1"]["landmarks"] == []


def test_censor_semantics(files):
    by_event, _ = run_json("tte", files["lung"], "--event", "event", *LUNG_ARGS)
    by_censor, _ = run_json("tte", files["lung"], "--censor", "CNSR", *LUNG_ARGS)
    assert numbers(by_censor) == numbers(by_event)
    assert by_censor["analysis"]["columns"]["censor"] == "CNSR"
    # the inverse coding through --censor flips events and censorings: a different analysis
    flipped, _ = run_json("tte", files["lung"], "--censor", "event", *LUNG_ARGS)
    assert flipped["arms"]["1"]["events"] == 138 - 112


@pytest.mark.parametrize("key", ["lung_xpt", "lung_parquet"])
def test_other_formats_same_result(files, key):
    base, _ = run_json("tte", files["lung"], "--event", "event", *LUNG_ARGS)
    other, _ = run_json("tte", files[key], "--event", "event", *LUNG_ARGS)
    assert_close(numbers(other), numbers(base))


def test_param(files):
    os_, _ = run_json("tte", files["adtte"], "--param", "OS", "--time", "AVAL", "--censor", "CNSR",
                      "--arm", "TRT01P", "--tau", "700")
    lung, _ = run_json("tte", files["lung"], "--event", "event", "--time", "time", "--arm", "sex", "--tau", "700")
    assert_close(numbers(os_), numbers(lung))
    assert (os_["analysis"]["param"], os_["analysis"]["rows_read"], os_["analysis"]["rows_analysed"]) == ("OS", 456, 228)
    pfs, _ = run_json("tte", files["adtte"], "--param", "PFS", "--time", "AVAL", "--censor", "CNSR",
                      "--arm", "TRT01P")
    lung = pd.read_csv(files["lung"])
    km = kaplan_meier(lung.time[lung.sex == 1] / 2)  # PFS rows: halved times, all events
    assert pfs["arms"]["1"]["events"] == 138 and pfs["arms"]["1"]["median"]["value"] == km.median().value
    code, out, err = run("tte", files["adtte"], "--param", "EFS", "--time", "AVAL", "--censor", "CNSR",
                         "--arm", "TRT01P")
    assert_one_error_line(code, out, err, r"--param 'EFS' is not a PARAMCD value of '.*adtte.xpt'; available: OS, PFS$")
    code, out, err = run("tte", files["adtte"], "--time", "AVAL", "--censor", "CNSR", "--arm", "TRT01P")
    assert_one_error_line(code, out, err, r"several parameters in PARAMCD \(OS, PFS\); choose one with --param")


def test_strata(files, r_ref):
    out, _ = run_json("tte", files["lung_ecog"], "--event", "event", "--time", "time", "--arm", "sex",
                      "--strata", "ecog1", "--preset", "r", "--landmarks", "365", "--tau", "700")
    assert_close(out, r_ref["lung_strata_r"])
    assert out["logrank"]["chisq"] == pytest.approx(10.60408, abs=5e-6)  # CONVENTIONS.md golden (survdiff)
    two, _ = run_json("tte", files["lung_ecog"], "--event", "event", "--time", "time", "--arm", "sex",
                      "--strata", "ecog1,ecog2")  # crossed: ecog1 is a function of ecog2, same strata
    one, _ = run_json("tte", files["lung_ecog"], "--event", "event", "--time", "time", "--arm", "sex",
                      "--strata", "ecog2")
    assert_close(numbers(two), numbers(one))
    assert two["analysis"]["strata_columns"] == ["ecog1", "ecog2"] and len(two["strata"]) == len(one["strata"])
    # ECOG 3 holds one patient of arm 1 only: it contributes nothing to the stratified comparison (as in R and
    # SAS), so the command warns and goes on; the comparison equals the one without that stratum
    code, out, err = run("tte", files["lung_ecog"], "--event", "event", "--time", "time", "--arm", "sex",
                         "--strata", "ecog", "--json")
    assert code == 0 and "Traceback" not in err
    assert "warning: stratum '3' holds only arm '1'" in err
    full = json.loads(out)
    lung = pd.read_csv(files["lung_ecog"])
    lung.loc[lung.ecog != 3].to_csv(files["lung_ecog"].parent / "no_ecog3.csv", index=False)
    sub, _ = run_json("tte", files["lung_ecog"].parent / "no_ecog3.csv", "--event", "event", "--time", "time",
                      "--arm", "sex", "--strata", "ecog")
    assert_close(full["cox"], sub["cox"])
    assert_close(full["logrank"], sub["logrank"])
    assert full["single_arm_strata"] == [{"stratum": "3", "arm": "1"}]


def test_weights(files, r_ref):
    fh, _ = run_json("tte", files["lung"], "--event", "event", "--time", "time", "--arm", "sex", "--weights", "fh:1,0")
    assert_close(fh["logrank"], r_ref["lung_fh10_logrank"])
    cut, _ = run_json("tte", files["lung"], "--event", "event", "--time", "time", "--arm", "sex",
                      "--weights", "cutoff:200", "--preset", "r", "--ties", "breslow")  # R's fit: full convergence
    ref = r_ref["lung_cutoff200_cox_breslow"]
    for k in ("hr", "lower", "upper", "coef", "se", "p_wald"):
        assert cut["cox"][k] == pytest.approx(ref[k], rel=RTOL), k
    none, _ = run_json("tte", files["lung"], "--event", "event", "--time", "time", "--arm", "sex", "--weights", "none")
    plain, _ = run_json("tte", files["lung"], "--event", "event", "--time", "time", "--arm", "sex")
    assert none == plain


def test_more_than_two_arms(files, r_ref):
    code, out, err = run("tte", files["veteran"], "--event", "event", "--time", "time", "--arm", "celltype",
                         "--control", "squamous", "--preset", "r", "--landmarks", "90", "--tau", "400", "--json")
    assert code == 0
    # adeno and smallcell end before tau: a warning line each on stderr, the results still printed
    assert err.splitlines() == [
        "trialscout: warning: arm 'adeno': `tau` = 400 is beyond the last follow-up time 186; S is carried forward "
        "to tau",
        "trialscout: warning: arm 'smallcell': `tau` = 400 is beyond the last follow-up time 392; S is carried forward "
        "to tau",
    ]
    d = json.loads(out)
    assert d["treated_arm"] == ["adeno", "large", "smallcell"]
    assert set(d["cox"]) == {"adeno", "large", "smallcell"} and set(d["cox"]["large"]) == COX_KEYS
    assert set(d["logrank"]) == {"adeno", "large", "smallcell", "overall"}
    assert set(d["rmst_difference"]) == {"adeno", "large", "smallcell"}
    assert_close(d, r_ref["veteran_r"])


def test_default_control_first_sorted(files):
    out, _ = run_json("tte", files["veteran"], "--event", "event", "--time", "time", "--arm", "celltype")
    assert out["control_arm"] == "adeno"


def test_text_output(files):
    code, out, err = run("tte", files["lung"], "--censor", "CNSR", *LUNG_ARGS)
    assert code == 0 and err == SORTED_FIRST_NOTE
    assert "270.0 (95% CI, 210.0\u2013306.0)" in out
    assert "HR 0.59 (95% CI, 0.42\u20130.82)" in out
    assert "Log-rank vs 1" in out and "P = .001" in out
    assert "NR = not reached, NE = not estimable." in out


def test_not_reached_printed_as_publications_do(tmp_path):
    # arm B: 2 events in 8, S never falls below 0.7 -> median NR; Brookmeyer-Crowley: the log-log CI of S
    # contains 0.5 from the first event time (1) on, so the lower limit is 1 and the upper NE
    df = pd.DataFrame({"t": [1, 2, 3, 4, 5, 6, 7, 8] * 2,
                       "e": [1, 1, 1, 1, 1, 1, 0, 0] + [1, 0, 0, 1, 0, 0, 0, 0],
                       "arm": ["A"] * 8 + ["B"] * 8})
    p = tmp_path / "nr.csv"
    df.to_csv(p, index=False)
    code, out, err = run("tte", p, "--time", "t", "--event", "e", "--arm", "arm")
    assert code == 0
    assert "NR (95% CI, 1.0\u2013NE)" in out
    d, _ = run_json("tte", p, "--time", "t", "--event", "e", "--arm", "arm")
    assert d["arms"]["B"]["median"] == {"value": None, "lower": 1, "upper": None,
                                        "status": {"value": "NR", "upper": "NE"}}


# -- bad input: one line on stderr, exit status 2 (bad input) --------------------------------------------
@pytest.fixture
def bad(tmp_path):
    def write(**cols):
        base = {"t": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], "e": [1, 1, 0, 1, 1, 0], "arm": list("ABABAB"),
                "s": ["x", "x", "y", "y", "x", "y"]}
        base.update(cols)
        p = tmp_path / "bad.csv"
        pd.DataFrame(base).to_csv(p, index=False)
        return p
    return write


def tte_args(p, *extra):
    return ("tte", p, "--time", "t", "--event", "e", "--arm", "arm", *extra)


def test_missing_column(bad):
    p = bad()
    assert_one_error_line(*run("tte", p, "--time", "AVAL", "--event", "e", "--arm", "arm"),
                          r"column 'AVAL' \(--time\) is not in '.*bad.csv'; columns present: t, e, arm, s$")


def test_negative_times(bad):
    assert_one_error_line(*run(*tte_args(bad(t=[1, -2, 3, 4, -5, 6]))),
                          r"'t' \(--time\) .* must be non-negative; data rows 2, 5 have -2\.0, -5\.0 "
                          r"\(data rows numbered from 1 after the header\)$")


def test_missing_times(bad):
    assert_one_error_line(*run(*tte_args(bad(t=[1, None, 3, 4, 5, 6]))),
                          r"missing or infinite times; data row 2 has NaN")


def test_event_codes(bad):
    assert_one_error_line(*run(*tte_args(bad(e=[1, 2, 0, 1, 1, 9]))),
                          r"'e' \(--event\) .* must be coded 0/1 .*data rows 2, 6 have 2\.0, 9\.0")


def test_one_arm_only(bad):
    # a single arm gives the Kaplan-Meier summaries without a comparison, and says so
    code, out, err = run(*tte_args(bad(arm=["A"] * 6), "--json"))
    assert code == 0
    assert err == "trialscout: note: one arm only ('A'): Kaplan-Meier summaries without a comparison\n"
    res = json.loads(out)
    assert list(res["arms"]) == ["A"] and res["arms"]["A"]["n"] == 6
    assert (res["control_arm"], res["cox"], res["logrank"], res["control_rule"]) == (None, None, None, None)


def test_unknown_control(bad):
    assert_one_error_line(*run(*tte_args(bad(), "--control", "Placebo")),
                          r"--control 'Placebo' is not an arm; arms are 'A', 'B'$")


def test_empty_file(tmp_path):
    p = tmp_path / "empty.csv"
    p.write_text("")
    assert_one_error_line(*run(*tte_args(p)), r"file '.*empty.csv' is empty$")
    p.write_text("t,e,arm\n")
    assert_one_error_line(*run(*tte_args(p)), r"file '.*empty.csv' has no data rows$")


def test_stratum_with_one_arm(bad):
    code, out, err = run(*tte_args(bad(s=["x", "x", "y", "y", "z", "x"]), "--strata", "s", "--json"))
    assert code == 0 and "Traceback" not in err
    assert "trialscout: warning: stratum 'z' holds only arm 'A': it contributes nothing" in err
    assert json.loads(out)["single_arm_strata"] == [{"stratum": "z", "arm": "A"}]


def test_missing_file_and_unknown_extension(tmp_path):
    assert_one_error_line(*run(*tte_args(tmp_path / "nope.csv")), r"'.*nope.csv': file not found$")
    p = tmp_path / "data.xlsx"
    p.write_text("x")
    assert_one_error_line(*run(*tte_args(p)), r"unknown file extension")


def test_arm_with_no_events_says_so_and_prints_the_rest(bad):
    p = bad(e=[1, 0, 1, 0, 1, 0])  # arm B has no events
    code, out, err = run(*tte_args(p, "--json"))
    assert code == 0
    assert "trialscout: warning: hazard ratio B vs A is not estimable" in err
    assert "Traceback" not in err
    d = json.loads(out)
    assert d["cox"]["hr"] is None and d["cox"]["status"]["hr"] == "NE"
    assert d["logrank"]["chisq"] > 0 and d["arms"]["A"]["median"]["value"] == 3
    code, out, err = run(*tte_args(p))
    assert code == 0 and "HR NE (95% CI, NE\u2013NE)" in out


@pytest.mark.parametrize("extra, pattern", [
    (("--preset", "stata"), r"Invalid value for '--preset': 'stata' is not one of sas, r$"),
    (("--conf-type", "probit"), r"Invalid value for '--conf-type': 'probit' is not one of log-log, log, plain"),
    (("--ties", "average"), r"Invalid value for '--ties': 'average' is not one of breslow, efron"),
    (("--weights", "fh:1"), r"`--weights` must be 'none', 'fh:RHO,GAMMA'"),
    (("--weights", "cutoff:-1"), r"`--weights` must be .* got 'cutoff:-1'$"),
    (("--conf-level", "95"), r"Invalid value for '--conf-level': 95 is not between 0 and 1"),
    (("--conf-level", "x"), r"Invalid value for '--conf-level'"),
    (("--landmarks", "6,a"), r"Invalid value for '--landmarks': 'a' is not a number"),
    (("--landmarks", "-6"), r"--landmarks must be finite, non-negative times"),
    (("--tau", "0"), r"Invalid value for '--tau': 0 is not a positive time"),
    (("--censor", "e"), r"give exactly one of --event COL .* and --censor COL"),
    (("--strata", "nope"), r"column 'nope' \(--strata\) is not in"),
    (("--strata", ","), r"--strata names no column"),
    (("--bogus",), r"No such option: --bogus"),
])
def test_bad_option_values(bad, extra, pattern):
    assert_one_error_line(*run(*tte_args(bad(), *extra)), pattern)


def test_missing_required_options(bad):
    assert_one_error_line(*run("tte", bad(), "--event", "e", "--arm", "arm"), r"Missing option '--time'")
    assert_one_error_line(*run("tte", bad(), "--time", "t", "--arm", "arm"), r"give exactly one of --event")


def test_version_and_help():
    code, out, err = run("--version")
    assert (code, out) == (0, f"trialscout {__version__}\n")
    code, out, _ = run("tte", "--help")
    assert code == 0 and "--weights" in out and "--conf-type" in out
    code, out, _ = run()
    assert code == 0 and "tte" in out


def test_entry_point_subprocess(tmp_path):
    # the installed console entry point (`python -m trialscout.cli` runs the same main()): no traceback
    p = tmp_path / "neg.csv"
    pd.DataFrame({"t": [1, -1], "e": [1, 1], "arm": ["A", "B"]}).to_csv(p, index=False)
    r = subprocess.run([sys.executable, "-m", "trialscout.cli", "tte", str(p), "--time", "t", "--event", "e",
                        "--arm", "arm"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "data row 2 has -1.0" in r.stderr
    r = subprocess.run([sys.executable, "-m", "trialscout.cli", "--version"], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == f"trialscout {__version__}"


def test_other_commands_get_one_line_errors(monkeypatch):
    # the room left for `report`, `synthesize`, ...: any command's user errors end the same way
    from trialscout import InputError, cli

    def boom(kind: str) -> None:
        if kind == "input":
            raise InputError("`x` is bad; row 3 has -1.0")
        if kind == "file":
            open("/nonexistent/dir/file.csv")
        if kind == "unsupported":
            raise NotImplementedError("three-arm readouts are not supported yet")
        raise RuntimeError("a bug")

    monkeypatch.setattr(cli.app, "registered_commands", list(cli.app.registered_commands))
    cli.app.command("boom")(boom)
    assert_one_error_line(*run("boom", "input"), r"error: `x` is bad; row 3 has -1\.0$")
    assert_one_error_line(*run("boom", "file"), r"error: '/nonexistent/dir/file.csv': No such file or directory$")
    assert_one_error_line(*run("boom", "unsupported"), r"error: three-arm readouts are not supported yet$")
    r = CliRunner().invoke(cli.app, ["boom", "bug"])
    assert isinstance(r.exception, RuntimeError)  # a bug is not dressed up as a user error


# -- start-up: the command line imports its heavy dependencies only in the commands that use them -------------
def test_cli_import_is_light():
    import subprocess
    import sys

    code = ("import sys, trialscout.cli; heavy = sorted(m for m in ('pandas', 'scipy', 'matplotlib', 'pyarrow', "
            "'cv2', 'dask', 'pydantic') if m in sys.modules); print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"`import trialscout.cli` loads {out}: --help and --version would be slow"
    # and `trialscout.kaplan_meier` still resolves, on first use
    code = "import trialscout; print(trialscout.kaplan_meier.__module__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "trialscout.survival.kaplan_meier"


def test_wilcoxon_beside_logrank(files):
    # LIFETEST prints the Wilcoxon (Gehan) test beside the log-rank test: the same rows and strata
    from trialscout.survival import wilcoxon_test

    out, _ = run_json("tte", files["lung_ecog"], "--event", "event", "--time", "time", "--arm", "sex",
                      "--strata", "ecog1")
    lung = pd.read_csv(files["lung_ecog"])
    w = wilcoxon_test(lung.time, lung.event, lung.sex.astype(str), strata=lung.ecog1)
    assert out["wilcoxon"] == {"chisq": pytest.approx(w.statistic, rel=1e-12), "df": 1,
                               "p": pytest.approx(w.pvalue, rel=1e-12)}
    assert out["wilcoxon"]["chisq"] != pytest.approx(out["logrank"]["chisq"], rel=1e-3)
    code, text, _ = run("tte", files["lung"], "--event", "event", "--time", "time", "--arm", "sex")
    assert code == 0 and "Wilcoxon vs 1" in text
    # a weighted analysis: the weights define the test, so no Wilcoxon line
    fh, _ = run_json("tte", files["lung"], "--event", "event", "--time", "time", "--arm", "sex", "--weights", "fh:1,0")
    assert fh["wilcoxon"] is None
