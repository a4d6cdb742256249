"""`trialscout demo`: CARTITUDE-4 from its publication to a synthetic readout within the published figures."""

from __future__ import annotations

import json

import pytest

import trialscout.demo as demo_mod
from trialscout import InputError

from trialscout.demo import run_demo
from trialscout.synth import synthesize_trial
from trialscout.synth.compare import compare_readout
from trialscout.synth.summary import load_summary
from trialscout.trial import run_readout
from trialscout.trial.spec import load_spec
from trialscout.synth import DEFAULT_SEED, write_trial
from trialscout.demo import bundled_summary_path
from _helpers import tree, SMALL_SUMMARY


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    steps = []
    res = run_demo(tmp_path_factory.mktemp("demo") / "out", progress=lambda d, t, m: steps.append((d, t, m)))
    return res, steps


def test_every_published_figure_is_reproduced(demo):
    res, _ = demo
    bad = [(r.figure, r.published, r.reproduced) for r in res.rows if not r.within]
    assert bad == []
    assert len(res.rows) >= 85  # every figure of shared/seed/README.md, with CIs, plus design rows
    figures = {r.figure for r in res.rows}
    for must in ("PFS hazard ratio (weighted)", "OS hazard ratio 95% CI upper", "TFS 30-month rate (%), Cilta-cel",
                 "Most common grade 3 TEAE, Standard of care", "Died of progression (%), Cilta-cel"):
        assert must in figures


def test_outputs_and_synthetic_notice(demo):
    res, steps = demo
    html = res.report_html.read_text(encoding="utf-8")
    assert "The patients in this report are synthetic" in html
    data = json.loads((res.out_dir / "comparison.json").read_text())
    assert data["synthetic"] is True and len(data["rows"]) == len(res.rows)
    assert res.comparison_csv.read_text().count("\n") == len(res.rows) + 1
    assert [s[0] for s in steps] == [1, 2, 3, 4]
    assert (res.data_dir / "spec.toml").is_file()
    assert sorted(p.name for p in res.out_dir.iterdir()) == [".trialscout", "comparison.csv", "comparison.json",
                                                             "data", "report"]
    assert res.report_html == res.out_dir / "report" / "report.html" and res.report_html.is_file()
    # one marker for the whole folder, and one in each sub-folder (each may be rewritten by its own command)
    top = json.loads((res.out_dir / ".trialscout").read_text())
    assert top["command"] == "trialscout demo" and "data/adsl.csv" in top["files"]
    assert "report/report.html" in top["files"] and "comparison.csv" in top["files"]
    assert (res.data_dir / ".trialscout").is_file() and (res.report_dir / ".trialscout").is_file()


@pytest.fixture
def small(tmp_path):
    p = tmp_path / "small.toml"
    p.write_text(SMALL_SUMMARY)
    return p


def test_demo_refuses_a_foreign_folder(tmp_path, small, monkeypatch):
    out = tmp_path / "work"
    out.mkdir()
    (out / "thesis.tex").write_text("mine")
    monkeypatch.setattr(demo_mod, "synthesize_trial", lambda *a, **k: pytest.fail("synthesized"))
    with pytest.raises(InputError, match=r"--out .*work: exists and holds files trialscout did not write "
                                         r"\(thesis\.tex\); choose another folder or empty it"):
        run_demo(out, summary=small)
    assert tree(out) == {"thesis.tex": b"mine"}
    with pytest.raises(InputError, match=r"holds the input file .*small\.toml"):
        run_demo(tmp_path, summary=small)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.toml", "work"]


def test_demo_rerun_and_failure_midway(tmp_path, small, monkeypatch):
    out = tmp_path / "out"
    first = run_demo(out, summary=small, seed=3)
    (out / "report" / "figures" / "km_OS.svg").unlink()
    second = run_demo(out, summary=small, seed=4)  # its own earlier output: replaced whole
    assert (out / "report" / "figures" / "km_OS.svg").is_file()
    assert json.loads((out / "comparison.json").read_text())["seed"] == 4 and second.rows != first.rows
    before = tree(out)

    def boom(*a, **k):
        raise RuntimeError("comparison failed")

    # data/ and report/ are complete when the comparison fails: none of it may reach --out
    monkeypatch.setattr(demo_mod, "compare_readout", boom)
    with pytest.raises(RuntimeError, match="comparison failed"):
        run_demo(out, summary=small, seed=5)
    assert tree(out) == before
    with pytest.raises(RuntimeError, match="comparison failed"):
        run_demo(tmp_path / "new", summary=small, seed=5)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "small.toml"]


@pytest.mark.slow
def test_nine_of_ten_seeds(tmp_path):
    """Issue 4: "the same holds for at least 9 of 10 different seeds". The ten seeds of
    benchmarks/bench_synth.py (the default 20240501 and 1..9) go through synthesize_trial, the readout and
    compare_readout (no HTML report, to keep it fast); at least 9 must reproduce EVERY published figure within
    the issue's tolerances. The assertion message names each failing seed and the figures it misses."""
    summary = load_summary(bundled_summary_path())
    seeds = (DEFAULT_SEED, *range(1, 10))
    misses = {}
    for seed in seeds:
        trial = synthesize_trial(summary, seed=seed)
        spec = write_trial(trial, tmp_path / f"data{seed}")
        rows = compare_readout(summary, run_readout(load_spec(spec)), trial.adsl, trial.adtte)
        assert len(rows) >= 85, (seed, len(rows))  # every published figure was compared
        missed = [f"{r.figure}: published {r.published}, reproduced {r.reproduced} (tolerance {r.tolerance})"
                  for r in rows if not r.within]
        if missed:
            misses[seed] = missed
            print(f"seed {seed} misses {len(missed)} of {len(rows)} figures:\n  " + "\n  ".join(missed))
    complete = len(seeds) - len(misses)
    assert complete >= 9, f"{complete}/10 seeds reproduce every figure; misses: {misses}"
