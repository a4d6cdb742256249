"""Bad and unusual inputs: one table, one row per input.

Every command-line row asserts the exit status (2 for a user error), that stderr is ONE line
``trialscout: error: ...`` naming the subject (the file, column, key or option) and holds no traceback, and
the state of the folder the command ran in (an error changes nothing in it: no output folder, no temporary
folder, the inputs as they were). Library rows assert the library's own error type and the subject. Signal
and concurrency rows run the command in a child process.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
import pytest

from trialscout._validate import TrialscoutError

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "examples" / "small_trial"
RECON = ROOT / "examples" / "reconstruct"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


# -- inputs ----------------------------------------------------------------------------------------------------
def adtte(n: int = 40, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "USUBJID": [f"S{i:03d}" for i in range(n)],
        "ARM": np.where(np.arange(n) % 2 == 0, "A", "B"),
        "AVAL": np.round(rng.exponential(10, n), 2) + 0.1,
        "CNSR": (rng.random(n) < 0.3).astype(int),
    })


def csv(tmp: Path, df: pd.DataFrame | None = None, name: str = "d.csv") -> Path:
    p = tmp / name
    (adtte() if df is None else df).to_csv(p, index=False)
    return p


def write(tmp: Path, name: str, data) -> Path:
    p = tmp / name
    if isinstance(data, bytes):
        p.write_bytes(data)
    else:
        p.write_text(data, encoding="utf-8")
    return p


def fifo(tmp: Path, name: str) -> Path:
    p = tmp / name
    os.mkfifo(p)
    return p


def link(tmp: Path, name: str, target) -> Path:
    p = tmp / name
    p.symlink_to(target)
    return p


def loop(tmp: Path, name: str) -> Path:
    p = tmp / name
    p.symlink_to(p)
    return p


def parquet_table(tmp: Path, name: str, columns: dict) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    p = tmp / name
    pq.write_table(pa.table(columns), p)
    return p


def xpt_truncated(tmp: Path, name: str = "d.xpt", keep: float = 0.5) -> Path:
    from trialscout.io import write_table

    p = write_table(adtte(200), tmp / name)
    data = p.read_bytes()
    p.write_bytes(data[: int(len(data) * keep) + 7])  # half the rows cut off, mid-record as a failed copy does
    return p


def trial(tmp: Path) -> Path:
    import shutil

    shutil.copytree(SMALL, tmp / "trial")
    return tmp / "trial" / "spec.toml"


def edit(p: Path, old: str, new: str) -> Path:
    text = p.read_text(encoding="utf-8")
    assert old in text, old
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return p


TTE = ["--time", "AVAL", "--censor", "CNSR", "--arm", "ARM"]


def curves(tmp: Path) -> list[str]:
    return ["--curve", f"Male={RECON / 'lung_male.csv'}", "--curve", f"Female={RECON / 'lung_female.csv'}"]


def recon(tmp: Path, *extra: str, out: str = "out") -> list[str]:
    return ["reconstruct", *curves(tmp), "--at-risk", str(RECON / "at_risk.csv"), "--out", str(tmp / out),
            "--figure", "none", *extra]


# -- the table ---------------------------------------------------------------------------------------------------
@dataclass
class Case:
    id: str
    argv: Callable[[Path], list[str]]
    subject: str  # a regular expression the one error line must match (or stdout/stderr for exit 0)
    code: int = 2
    state: str = "unchanged"  # "unchanged": nothing in the folder changes; "written": the command wrote --out


def _readonly_out(tmp: Path) -> Path:
    d = tmp / "out"
    d.mkdir()
    d.chmod(0o555)
    return d


def _out_with_input(tmp: Path) -> list[str]:
    spec = trial(tmp)
    return ["report", str(spec), "--out", str(spec.parent)]


CLI_CASES = [
    # special files as the data of `tte`
    Case("tte-missing-file", lambda t: ["tte", str(t / "nope.csv"), *TTE], r"'.*nope\.csv': file not found"),
    Case("tte-directory", lambda t: ["tte", str((t / "d.csv").mkdir() or t / "d.csv"), *TTE], r"d\.csv': is a folder, not a data table"),
    Case("tte-fifo", lambda t: ["tte", str(fifo(t, "p.csv")), *TTE], r"p\.csv': is not a regular file"),
    Case("tte-dev-zero", lambda t: ["tte", str(link(t, "z.csv", "/dev/zero")), *TTE], r"z\.csv': is not a regular file"),
    Case("tte-dev-urandom", lambda t: ["tte", str(link(t, "u.parquet", "/dev/urandom")), *TTE],
         r"u\.parquet': is not a regular file"),
    Case("tte-symlink-loop", lambda t: ["tte", str(loop(t, "l.csv")), *TTE], r"l\.csv': .*symbolic links"),
    Case("tte-empty-file", lambda t: ["tte", str(write(t, "e.csv", "")), *TTE], r"file '.*e\.csv' is empty"),
    Case("tte-header-only", lambda t: ["tte", str(write(t, "h.csv", "ARM,AVAL,CNSR\n")), *TTE],
         r"h\.csv' has no data rows"),
    Case("tte-binary-garbage", lambda t: ["tte", str(write(t, "g.csv", bytes(range(256)) * 40)), *TTE], r"g\.csv"),
    Case("tte-truncated-xpt", lambda t: ["tte", str(xpt_truncated(t)), *TTE], r"d\.xpt' ends early"),
    Case("tte-truncated-xpt-at-record", lambda t: ["tte", str(_xpt_at_record(t)), *TTE], r"r\.xpt' ends early"),
    Case("tte-truncated-parquet", lambda t: ["tte", str(_parquet_cut(t)), *TTE], r"cannot read '.*c\.parquet' as PARQUET"),
    Case("tte-not-xpt", lambda t: ["tte", str(write(t, "n.xpt", "AVAL\n1\n")), *TTE], r"n\.xpt' as XPT"),
    Case("tte-unknown-extension", lambda t: ["tte", str(write(t, "d.txt", "x")), *TTE], r"unknown file extension"),
    Case("tte-latin1-csv", lambda t: ["tte", str(_latin1_csv(t)), *TTE, "--control", "Bélgica"], r"Bélgica|Espa", 0),
    # types that are not accepted
    Case("tte-duplicate-columns-csv", lambda t: ["tte", str(write(t, "d.csv", "ARM,AVAL,AVAL,CNSR\nA,1,2,0\n")), *TTE],
         r"two columns named 'AVAL'"),
    Case("tte-duplicate-columns-parquet", lambda t: ["tte", str(_dup_parquet(t)), *TTE], r"two columns named 'AVAL'"),
    Case("tte-list-column", lambda t: ["tte", str(parquet_table(t, "l.parquet", {
        "ARM": [["A"], ["B"]] * 10, "AVAL": [1.0, 2.0] * 10, "CNSR": [0, 1] * 10})), *TTE],
        r"column 'ARM' \(--arm\) of '.*l\.parquet' holds .* values \(a nested list or struct column\)"),
    Case("tte-struct-column", lambda t: ["tte", str(parquet_table(t, "s.parquet", {
        "ARM": [{"a": 1}, {"a": 2}] * 10, "AVAL": [1.0, 2.0] * 10, "CNSR": [0, 1] * 10})), *TTE],
        r"column 'ARM' \(--arm\) of '.*s\.parquet' holds dict values"),
    Case("tte-datetime-time", lambda t: ["tte", str(parquet_table(t, "dt.parquet", {
        "ARM": ["A", "B"] * 10, "AVAL": pd.date_range("2020-01-01", periods=20).to_numpy(), "CNSR": [0, 1] * 10})),
        *TTE], r"column 'AVAL' \(--time\) of '.*dt\.parquet' holds dates or times, not durations"),
    Case("tte-timedelta-time", lambda t: ["tte", str(parquet_table(t, "td.parquet", {
        "ARM": ["A", "B"] * 10, "AVAL": pd.to_timedelta(np.arange(1, 21), unit="D").to_numpy(),
        "CNSR": [0, 1] * 10})), *TTE], r"converted to days", 0),
    Case("tte-complex-numbers", lambda t: ["tte", str(write(t, "c.csv", "ARM,AVAL,CNSR\nA,1+2j,0\nB,3,1\n")), *TTE],
         r"column 'AVAL' \(--time\) .* must be numeric"),
    Case("tte-time-inf", lambda t: ["tte", str(write(t, "i.csv", "ARM,AVAL,CNSR\nA,inf,0\nB,3,1\n")), *TTE],
         r"column 'AVAL' \(--time\) .* missing or infinite"),
    Case("tte-time-negative", lambda t: ["tte", str(csv(t, adtte().assign(AVAL=lambda d: d.AVAL - 100))), *TTE],
         r"column 'AVAL' \(--time\) .* must be non-negative"),
    Case("tte-time-1e308", lambda t: ["tte", str(csv(t, adtte().assign(AVAL=lambda d: d.AVAL * 1e306))), *TTE],
         r"\d{300}", 0),
    Case("tte-censor-fraction", lambda t: ["tte", str(csv(t, adtte().assign(CNSR=0.5))), *TTE],
         r"column 'CNSR' \(--censor\) .* positive integer"),
    Case("tte-event-coded-2", lambda t: ["tte", str(csv(t, adtte().assign(EV=2))), "--time", "AVAL", "--event", "EV",
                                         "--arm", "ARM"], r"column 'EV' \(--event\) .* coded 0/1"),
    Case("tte-arm-missing", lambda t: ["tte", str(write(t, "m.csv", "ARM,AVAL,CNSR\nA,1,0\n,3,1\nB,2,0\n")), *TTE],
         r"column 'ARM' \(--arm\) .* has missing values"),
    Case("tte-unknown-column", lambda t: ["tte", str(csv(t)), "--time", "TIME", "--censor", "CNSR", "--arm", "ARM"],
         r"column 'TIME' \(--time\) is not in"),
    Case("tte-landmarks-text", lambda t: ["tte", str(csv(t)), *TTE, "--landmarks", "twelve"], r"--landmarks"),
    Case("tte-tau-negative", lambda t: ["tte", str(csv(t)), *TTE, "--tau", "-3"], r"--tau"),
    Case("tte-conf-level", lambda t: ["tte", str(csv(t)), *TTE, "--conf-level", "2"], r"--conf-level"),
    Case("tte-weights", lambda t: ["tte", str(csv(t)), *TTE, "--weights", "fh:a"], r"--weights"),
    Case("tte-param-unknown", lambda t: ["tte", str(csv(t, adtte().assign(PARAMCD="OS"))), *TTE, "--param", "PFS"],
         r"--param 'PFS' is not a PARAMCD value"),
    # reconstruct: sizes beyond reason, special files, the output folder
    Case("recon-n-1e14", lambda t: ["reconstruct", "--curve", f"A={RECON / 'lung_male.csv'}", "--n", "A=1e14",
                                    "--out", str(t / "out")], r"an arm of 100,000,000,000,000 subjects is beyond"),
    Case("recon-at-risk-1e14", lambda t: ["reconstruct", "--curve", f"A={RECON / 'lung_male.csv'}", "--at-risk",
                                          str(write(t, "r.csv", "time,A\n0,1e14\n")), "--out", str(t / "out")],
         r"r\.csv line 2: the number at risk 1e\+14 is beyond any trial"),
    Case("recon-curve-fifo", lambda t: ["reconstruct", "--curve", f"A={fifo(t, 'c.csv')}", "--n", "A=10",
                                        "--out", str(t / "out")], r"c\.csv: is not a regular file"),
    Case("recon-curve-dev-zero", lambda t: ["reconstruct", "--curve", "A=/dev/zero", "--n", "A=10", "--out",
                                            str(t / "out")], r"/dev/zero: is not a regular file"),
    Case("recon-curve-dev-urandom", lambda t: ["reconstruct", "--curve", f"A={link(t, 'u.csv', '/dev/urandom')}",
                                               "--n", "A=10", "--out", str(t / "out")], r"u\.csv: is not a regular file"),
    Case("recon-curve-symlink-loop", lambda t: ["reconstruct", "--curve", f"A={loop(t, 'l.csv')}", "--n", "A=10",
                                                "--out", str(t / "out")], r"l\.csv: cannot read .*symbolic links"),
    Case("recon-curve-binary", lambda t: ["reconstruct", "--curve", f"A={write(t, 'b.csv', bytes(range(256)))}",
                                          "--n", "A=10", "--out", str(t / "out")], r"b\.csv: not a text file"),
    Case("recon-curve-huge", lambda t: ["reconstruct", "--curve", f"A={_sparse(t, 'h.csv', 60_000_000)}", "--n",
                                        "A=10", "--out", str(t / "out")], r"h\.csv: 60,000,000 bytes is too large"),
    Case("recon-curve-latin1", lambda t: ["reconstruct", "--curve", f"A={_latin1_curve(t)}", "--n", "A=10",
                                          "--out", str(t / "out"), "--figure", "none"], r"A: 10 subjects", 0, "written"),
    Case("recon-curve-nan", lambda t: ["reconstruct", "--curve", "A=" + str(write(t, "n.csv", "1,0.9\n2,nan\n")), "--n",
                                       "A=10", "--out", str(t / "out")], r"n\.csv \(arm 'A'\): missing or non-numeric"),
    Case("recon-write-table-header", lambda t: ["reconstruct", "--curve", f"A={_write_table_bad(t)}", "--n", "A=10",
                                                "--out", str(t / "out")], r"w\.txt line 3: not a number"),
    Case("recon-events-over-n", lambda t: ["reconstruct", "--curve", f"A={RECON / 'lung_male.csv'}", "--n", "A=10",
                                           "--events", "A=11", "--out", str(t / "out")], r"`total_events` = 11 is more"),
    Case("recon-events-unknown-arm", lambda t: recon(t, "--events", "Other=3"), r"`events` names arm 'Other'"),
    Case("recon-at-risk-increases", lambda t: ["reconstruct", *curves(t), "--at-risk",
                                               str(write(t, "r.csv", "time,Male,Female\n0,10,10\n5,12,9\n")),
                                               "--out", str(t / "out")], r"r\.csv line 3: .* increases"),
    Case("recon-out-holds-input", lambda t: ["reconstruct", "--curve", "A=" + str(write(t, "a.csv", "1,0.9\n2,0.8\n")),
                                             "--n", "A=10", "--out", str(t)], r"holds the input file .*a\.csv"),
    Case("recon-out-readonly-empty", lambda t: recon(t, out=_readonly_out(t).name), r"--out .*out: is read-only"),
    Case("recon-out-is-file", lambda t: recon(t, out=write(t, "f", "x").name), r"--out .*f: exists and is not a dir"),
    Case("recon-out-foreign", lambda t: recon(t, out=(write((t / "o").mkdir() or t / "o", "keep.txt", "x")
                                                      and "o")), r"holds files trialscout did not write \(keep\.txt\)"),
    # report: the spec and its datasets
    Case("report-spec-fifo", lambda t: ["report", str(fifo(t, "s.toml")), "--out", str(t / "out")],
         r"trial spec .*s\.toml: is not a regular file"),
    Case("report-spec-dev-zero", lambda t: ["report", "/dev/zero", "--out", str(t / "out")],
         r"trial spec /dev/zero: is not a regular file"),
    Case("report-spec-latin1", lambda t: ["report", str(_latin1_spec(t)), "--out", str(t / "out")],
         r"trial spec .*spec\.toml: not UTF-8 text \(byte 0x[0-9A-F]{2} on line \d+\)"),
    Case("report-spec-symlink-loop-dataset", lambda t: ["report", str(_loop_dataset(t)), "--out", str(t / "out")],
         r"key 'datasets\.adsl' names 'loop\.csv', which cannot be resolved"),
    Case("report-spec-cuts-nan", lambda t: ["report", str(edit(trial(t), "cuts = [65]", "cuts = [nan]")), "--out",
                                            str(t / "out")], r"key 'subgroups\.variables\[2\]\.cuts\[1\]' must be a finite"),
    Case("report-spec-landmarks-string", lambda t: ["report", str(edit(trial(t), "landmarks = [12]\n",
                                                                       'landmarks = "12"\n')), "--out", str(t / "out")],
         r"key 'endpoints\[1\] \(id 'PFS'\)\.landmarks' must be a list; got '12'"),
    Case("report-spec-unknown-key", lambda t: ["report", str(edit(trial(t), "[trial]", "[trial]\ntitel = 'x'")),
                                               "--out", str(t / "out")], r"key 'trial\.titel' is not a known key"),
    Case("report-spec-number-for-table", lambda t: ["report", str(_number_for_table(t)), "--out", str(t / "out")],
         r"key 'deaths' must be a table; got 1"),
    Case("report-dataset-fifo", lambda t: ["report", str(_fifo_dataset(t)), "--out", str(t / "out")],
         r"adae\.csv\)': is not a regular file"),
    Case("report-out-holds-input", _out_with_input, r"holds the input file .*spec\.toml"),
    Case("report-out-readonly-empty", lambda t: ["report", str(trial(t)), "--out", str(_readonly_out(t))],
         r"--out .*out: is read-only"),
]


def _xpt_at_record(t: Path) -> Path:
    from trialscout.io import write_table

    p = write_table(adtte(200), t / "r.xpt")
    data = p.read_bytes()
    p.write_bytes(data[: (len(data) // 2) // 80 * 80])  # cut at a record boundary: only the row check sees it
    return p


def _parquet_cut(t: Path) -> Path:
    p = t / "c.parquet"
    adtte(200).to_parquet(p)
    p.write_bytes(p.read_bytes()[:-300])
    return p


def _dup_parquet(t: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    p = t / "dup.parquet"
    tbl = pa.Table.from_arrays([pa.array(["A", "B"]), pa.array([1.0, 2.0]), pa.array([3.0, 4.0]), pa.array([0, 1])],
                               names=["ARM", "AVAL", "AVAL", "CNSR"])
    pq.write_table(tbl, p)
    return p


def _latin1_csv(t: Path) -> Path:
    df = adtte().assign(ARM=lambda d: np.where(d.ARM == "A", "España", "Bélgica"))
    p = t / "latin.csv"
    p.write_bytes(df.to_csv(index=False).encode("latin-1"))
    return p


def _latin1_curve(t: Path) -> Path:
    p = t / "c.csv"
    p.write_bytes("Zeit;Überleben\n1,5;0,9\n3;0,8\n6;0,5\n".encode("latin-1"))
    return p


def _write_table_bad(t: Path) -> Path:
    # R's write.table default with a bad value in the third line: the error points there, not past 5 headers
    return write(t, "w.txt", '"time" "surv"\n"1" 0 1\n"2" 3 x\n"3" 6 0.5\n')


def _sparse(t: Path, name: str, size: int) -> Path:
    p = t / name
    with open(p, "wb") as fh:
        fh.truncate(size)
    return p


def _latin1_spec(t: Path) -> Path:
    spec = trial(t)
    spec.write_bytes(spec.read_text(encoding="utf-8").replace("Small", "Kleine Studie über").encode("latin-1"))
    return spec


def _loop_dataset(t: Path) -> Path:
    spec = trial(t)
    (spec.parent / "loop.csv").symlink_to(spec.parent / "loop.csv")
    return edit(spec, 'adsl = "adsl.csv"', 'adsl = "loop.csv"')


def _number_for_table(t: Path) -> Path:
    spec = edit(trial(t), '[deaths]\npopulation = "itt"\nflag = "DTHFL"\ncause = "DTHCAUS"\n', "")
    return edit(spec, "[trial]", "deaths = 1\n[trial]")


def _fifo_dataset(t: Path) -> Path:
    spec = trial(t)
    (spec.parent / "adae.csv").unlink()
    os.mkfifo(spec.parent / "adae.csv")
    return spec


def snapshot(folder: Path) -> dict:
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            p = Path(root) / name
            st = p.lstat()
            rel = p.relative_to(folder).as_posix()
            if p.is_symlink() or not p.is_file():
                out[rel] = (st.st_mode, os.readlink(p) if p.is_symlink() else None)
            else:
                out[rel] = (st.st_mode, p.read_bytes())
    return out


def run_cli(argv: list[str], capsys, timeout: int = int(os.environ.get("TRIALSCOUT_FUZZ_TIMEOUT", "60"))) -> tuple[int, str, str]:
    """Run the command in this process (a hang is stopped by an alarm and is a failure)."""
    from trialscout.cli import app

    def alarm(signum, frame):
        raise TimeoutError(f"trialscout {' '.join(argv)} did not finish in {timeout} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(timeout)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            code = app(args=argv, prog_name="trialscout", standalone_mode=False)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    captured = capsys.readouterr()
    # warnings a command leaves to Python (rather than printing them) are part of what it says
    said = "".join(f"warning: {w.message}\n" for w in caught)
    return code, captured.out, captured.err + said


@pytest.mark.parametrize("case", CLI_CASES, ids=[c.id for c in CLI_CASES])
def test_cli(case: Case, tmp_path, monkeypatch, capsys):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    argv = case.argv(work)
    before = snapshot(work)
    code, out, err = run_cli(argv, capsys)
    assert "Traceback" not in err and "Traceback" not in out
    assert code == case.code, (out, err)
    if case.code == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("trialscout: error: "), err
        assert __import__("re").search(case.subject, lines[0]), lines[0]
    else:
        assert __import__("re").search(case.subject, out + err), (out, err)
    after = snapshot(work)
    if case.state == "unchanged":
        assert after == before
    else:
        written = set(after) - set(before)
        assert "out/.trialscout" in written and not any(".tmp-" in w or ".old-" in w for w in written)


# -- the library: its own error types ---------------------------------------------------------------------------
def _km(**kw):
    from trialscout.survival import kaplan_meier

    return kaplan_meier(**kw)


def _cox(covariates=None, **kw):
    from trialscout.survival import cox_ph

    rng = np.random.default_rng(3)
    t = rng.exponential(5, 60)
    e = rng.random(60) < 0.7
    x = np.column_stack((np.arange(60) % 2, rng.normal(size=60))) if covariates is None else covariates
    return cox_ph(t, e, x, **kw)


def _tte(**kw):
    from trialscout.trial.tte import analyze_tte

    d = adtte()
    args = dict(time=d.AVAL.to_numpy(), event=(d.CNSR == 0).to_numpy(), arm=d.ARM.to_numpy(dtype=object))
    args.update(kw)
    return analyze_tte(args.pop("time"), args.pop("event"), args.pop("arm"), **args)


def _na_group():
    from trialscout.survival import logrank

    g = pd.array(["A", "B"] * 5 + [pd.NA], dtype="string")
    return logrank(np.arange(1.0, 12.0), np.ones(11), np.asarray(g, dtype=object))


def _collinear():
    x = np.column_stack((np.arange(60) % 2, np.arange(60) % 3, 2 * (np.arange(60) % 2) + 1))
    return _cox(covariates=x)


def _read_columns(tmp: Path):
    from trialscout.io import read_table

    return read_table(csv(tmp), columns=["AVAL", "TRTP"])


@dataclass
class ApiCase:
    id: str
    call: Callable
    error: type
    subject: str
    needs_tmp: bool = False
    xfail: str | None = None


API_CASES = [
    ApiCase("cox-max-iter-negative", lambda: _cox(max_iter=-1), TrialscoutError, r"`max_iter` must be a non-negative"),
    ApiCase("cox-max-iter-bool", lambda: _cox(max_iter=True), TrialscoutError, r"`max_iter` must be a whole number"),
    ApiCase("cox-init-wrong-length", lambda: _cox(init=[0.1, 0.2, 0.3]), TrialscoutError,
            r"`init` must have one value per covariate \(x1, x2\): 2; got 3"),
    ApiCase("cox-init-nan", lambda: _cox(init=[np.nan, 0]), TrialscoutError, r"`init` must be finite"),
    ApiCase("cox-collinear", _collinear, TrialscoutError,
            r"the model is not identifiable: covariate `x3` is a linear combination of `x1`, `x2`"),
    ApiCase("cox-constant-covariate", lambda: _cox(covariates=np.ones(60)), TrialscoutError,
            r"not identifiable: covariate `x` is constant"),
    ApiCase("km-complex-time", lambda: _km(time=np.array([1 + 2j, 3 + 0j]), event=[1, 1]), TrialscoutError,
            r"`time` holds complex numbers"),
    ApiCase("km-datetime-time", lambda: _km(time=pd.date_range("2020-01-01", periods=3).to_numpy(),
                                            event=[1, 1, 0]), TrialscoutError, r"`time` holds dates or times"),
    ApiCase("km-complex-event", lambda: _km(time=[1.0, 2.0], event=np.array([1 + 0j, 0j])), TrialscoutError,
            r"`event` must be 0/1"),
    ApiCase("logrank-pd-NA-group", _na_group, TrialscoutError, r"`group` has missing values; row 10"),
    ApiCase("logrank-list-group", lambda: _logrank(_object_lists()), TrialscoutError, r"`group` holds list values"),
    ApiCase("tte-landmarks-string", lambda: _tte(landmarks="12"), TrialscoutError,
            r"`landmarks` must be a number or a list of numbers, not a string"),
    ApiCase("tte-pd-NA-arm", lambda: _tte(arm=np.array(["A", pd.NA] * 20, dtype=object)), TrialscoutError,
            r"`arm` has missing values"),
    ApiCase("reconstruct-n-1e14", lambda: __import__("trialscout").reconstruct.reconstruct_ipd(
        [1, 2], [0.9, 0.8], n=1e14), TrialscoutError, r"beyond any trial"),
    ApiCase("read-table-missing-column", _read_columns, TrialscoutError,
            r"column 'TRTP' is not in '.*d\.csv'; columns present: USUBJID, ARM, AVAL, CNSR", needs_tmp=True),
]


def _logrank(group):
    from trialscout.survival import logrank

    return logrank(np.arange(1.0, 5.0), np.ones(4), group)


def _object_lists():
    arr = np.empty(4, dtype=object)
    for i in range(4):
        arr[i] = [i % 2]
    return arr


@pytest.mark.parametrize("case", API_CASES, ids=[c.id for c in API_CASES])
def test_api(case: ApiCase, tmp_path, request):
    if case.xfail:
        request.applymarker(pytest.mark.xfail(reason=case.xfail, strict=True))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(case.error, match=case.subject):
            case.call(tmp_path) if case.needs_tmp else case.call()


def test_api_accepts_and_says_what_it_converted():
    # a duration column is converted to days, saying so; the formatter prints times of 1e308 in full
    from trialscout.report.format import format_number

    with pytest.warns(UserWarning, match=r"`time` holds durations \(timedelta\); converted to days"):
        km = _km(time=pd.to_timedelta([36, 48, 72], unit="h").to_numpy(), event=[1, 1, 0])
    np.testing.assert_allclose(km.time, [1.5, 2.0, 3.0])
    assert format_number(1e308, 1) == "1" + "0" * 308 + ".0"


# -- signals, stale folders and concurrent runs: child processes --------------------------------------------------
def _debris(folder: Path, name: str = "out") -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{name}."))


@pytest.mark.parametrize("sig, command", [(signal.SIGTERM, "report"), (signal.SIGHUP, "report"),
                                          (signal.SIGTERM, "demo"), (signal.SIGHUP, "demo")])
def test_signal_during_a_run_leaves_nothing(tmp_path, sig, command):
    work = tmp_path / "work"
    work.mkdir()
    argv = ["report", str(trial(work)), "--out", str(work / "out")] if command == "report" else \
        ["demo", "--out", str(work / "out")]
    before = snapshot(work)
    # the child starts with the default action for the signal, whatever this process inherited (under nohup,
    # SIGHUP is ignored, and trialscout rightly keeps an ignored signal ignored)
    proc = subprocess.Popen([sys.executable, "-m", "trialscout", *argv], cwd=work, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(sig, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while not _debris(work) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    assert _debris(work), "the run never started writing its output"
    time.sleep(0.2)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    assert "Traceback" not in err
    assert proc.returncode == 128 + sig, err
    assert snapshot(work) == before  # no output folder, no temporary folder


def test_stale_temporary_folders_of_our_own_are_swept(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    stale = work / ".out.tmp-stale1"
    stale.mkdir()
    (stale / ".trialscout-run").write_text(json.dumps({"pid": pid, "host": __import__("socket").gethostname()}))
    (stale / "ipd.csv").write_text("half written")
    old = work / ".out.old-stale2"
    old.mkdir()
    (old / ".trialscout").write_text(json.dumps({"written_by": "trialscout", "files": []}))
    foreign = work / ".out.tmp-notours"
    foreign.mkdir()
    (foreign / "x").write_text("someone else's")
    proc = subprocess.run([sys.executable, "-m", "trialscout", *recon(work)], cwd=work, env=ENV,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert _debris(work) == [".out.tmp-notours"]  # ours swept, the foreign one left alone
    assert (work / "out" / "ipd.csv").is_file()


def test_concurrent_runs_into_one_folder_leave_no_debris(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    first = subprocess.run([sys.executable, "-m", "trialscout", *recon(work)], cwd=work, env=ENV, capture_output=True)
    assert first.returncode == 0  # the four runs below finish into this existing folder
    procs = [subprocess.Popen([sys.executable, "-m", "trialscout", *recon(work, "--paramcd", f"OS{i}")], cwd=work,
                              env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(4)]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
    assert [r[2] for r in results] == [0] * 4, [r[1] for r in results]
    assert _debris(work) == []
    ipd = pd.read_csv(work / "out" / "ipd.csv")
    assert ipd["PARAMCD"].nunique() == 1  # one run's output, whole
    marker = json.loads((work / "out" / ".trialscout").read_text())
    assert sorted(marker["files"]) == sorted(p.name for p in (work / "out").iterdir() if p.name != ".trialscout")


def test_the_table_is_large():
    assert len(CLI_CASES) + len(API_CASES) >= 70
