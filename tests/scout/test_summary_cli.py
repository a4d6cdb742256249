"""The published summary written from a report (loaded by trialscout.synth.load_summary), the seed article end
to end (scout -> synthesize -> report), the evidence table and the command line."""

import csv
import json
import tomllib

import pytest
from typer.testing import CliRunner

from tests.scout import scorer
from trialscout.cli import app
from trialscout.scout import scout_file, scout_text, summary_toml
from trialscout.synth import load_summary

SEED = scorer.CORPUS / "cartitude4-news.txt"


def run(*args):
    r = CliRunner().invoke(app, [str(a) for a in args])
    return r.exit_code, r.stdout, r.stderr


def test_seed_summary_loads_and_keeps_the_figures(tmp_path):
    draft = summary_toml(scout_file(SEED))
    p = tmp_path / "s.toml"
    p.write_text(draft.toml, encoding="utf-8")
    s = load_summary(p)
    assert s.name == "CARTITUDE-4"
    assert [(a.label, a.n_itt, a.control) for a in s.arms] == [("cilta-cel", 208, False), ("SOC", 211, True)]
    eps = {e.id: e for e in s.endpoints}
    assert set(eps) == {"PFS", "OS", "PFS2", "TFS", "TTSW"}
    assert eps["PFS"].primary
    assert eps["PFS"].hazard_ratio.value == 0.29 and eps["OS"].hazard_ratio.pvalue == pytest.approx(0.0009)
    soc = [a.id for a in s.arms if a.control][0]
    assert eps["OS"].arms[soc].median_upper.status == "NE"  # "NR" upper limits become "NE" in a summary
    assert eps["PFS"].arms[soc].median.value == 11.8
    assert {r.id: r.rates for r in s.responses}["ORR"] == {"CILTA_CEL": 85, "SOC": 67}
    assert sorted(r.threshold for r in s.responses if r.kind == "mrd") == [1e-6, 1e-5]
    assert all(e.quote for e in s.endpoints) and all(r.quote for r in s.responses)
    assert draft.assumed and all("ASSUMED" in line for line in draft.toml.splitlines() if "accrual_start" in line)
    raw = tomllib.loads(draft.toml)
    assert any("ASSUMED" in n for n in raw["notes"])


def test_seed_article_end_to_end(tmp_path):
    s = tmp_path / "s.toml"
    code, out, err = run("scout", SEED, "--summary-out", s)
    assert code == 0, err
    assert "assumed" in err and "ASSUMED" in s.read_text()
    code, out, err = run("synthesize", s, "--seed", "1", "--out", tmp_path / "d")
    assert code == 0, err
    code, out, err = run("report", tmp_path / "d" / "spec.toml", "--out", tmp_path / "r")
    assert code == 0, err
    assert (tmp_path / "r" / "report.html").exists()


def test_a_ratio_outside_its_own_interval_is_left_out_of_the_summary(tmp_path):
    # an interval cut or misprinted ("HR 0.62 (95% CI, 0.70-0.85)") cannot be synthesized: the summary keeps the
    # medians and leaves the ratio for the user, and still loads
    text = ("In the phase 3 ZETA trial, 400 patients were randomly assigned to drugamab (n = 200) or placebo "
            "(n = 200). Median PFS was 9.1 months with drugamab and 5.2 months with placebo (HR 0.62; 95% CI, "
            "0.70-0.85; P < .001).")
    res = scout_text(text)
    assert any(r.kind == "hr" and r.value == 0.62 for r in res.records)
    draft = summary_toml(res)
    assert "hazard_ratio" not in draft.toml
    p = tmp_path / "s.toml"
    p.write_text(draft.toml, encoding="utf-8")
    s = load_summary(p)
    assert {e.id for e in s.endpoints} == {"PFS"}


def test_summary_needs_two_arms():
    with pytest.raises(Exception, match="exactly two arms"):
        summary_toml(scout_text("Median OS was 12.1 months."))


def test_json_contract_one_object_per_file(tmp_path):
    code, out, err = run("scout", SEED, scorer.CORPUS / "flaura-nejm-abstract.txt", "--json")
    assert code == 0, err
    docs = [json.loads(line) for line in out.splitlines()]
    assert len(docs) == 2 and all(set(d) == {"trial", "arms", "endpoints", "checks"} for d in docs)
    assert docs[0] == json.loads(json.dumps(scout_file(SEED).to_json()))


def test_folder_and_evidence_table(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("cartitude4-news", "flaura-nejm-abstract", "keynote522-os-news"):
        (folder / f"{name}.txt").write_text((scorer.CORPUS / f"{name}.txt").read_text(encoding="utf-8"))
    code, out, err = run("scout", folder, "--table", tmp_path / "ev.csv")
    assert code == 0, err
    assert "CARTITUDE-4" in out and "checks:" in out
    rows = list(csv.DictReader((tmp_path / "ev.csv").open(encoding="utf-8")))
    js = json.loads((tmp_path / "ev.json").read_text())
    n = sum(len(scout_file(folder / f).records) for f in sorted(p.name for p in folder.iterdir()))
    assert len(rows) == len(js) == n
    assert {r["trial"] for r in rows} == {"CARTITUDE-4", "FLAURA", "KEYNOTE-522"}
    seed = [r for r in rows if r["trial"] == "CARTITUDE-4" and r["kind"] == "hr" and r["endpoint"] == "OS"]
    assert seed[0]["value"] == "0.55" and seed[0]["p_value"] == "0.0009" and seed[0]["sentence"].startswith("Data")


@pytest.mark.parametrize("content, pattern", [(b"", "empty"), (b"\x00\x01\x02" * 100, "binary")])
def test_cli_bad_input_one_line(tmp_path, content, pattern):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    code, out, err = run("scout", p)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("trialscout: error:") and pattern in err


def test_cli_option_errors(tmp_path):
    code, out, err = run("scout", SEED, scorer.CORPUS / "flaura-nejm-abstract.txt", "--summary-out", tmp_path / "s.toml")
    assert code == 2 and "exactly one report" in err and len(err.splitlines()) == 1
    code, out, err = run("scout", SEED, "--table", tmp_path / "x.txt")
    assert code == 2 and ".csv" in err
    code, out, err = run("scout", tmp_path / "missing.txt")
    assert code == 2 and "file not found" in err


def test_every_written_summary_loads(tmp_path):
    from trialscout._validate import InputError

    written = 0
    for p in sorted(scorer.CORPUS.glob("*.txt")):
        try:
            draft = summary_toml(scout_file(p))
        except InputError as exc:  # fewer or more than two arms, or no time-to-event figure per arm
            assert "two arms" in str(exc) or "time-to-event" in str(exc)
            continue
        f = tmp_path / f"{p.stem}.toml"
        f.write_text(draft.toml, encoding="utf-8")
        load_summary(f)
        written += 1
    assert written >= 30


def test_cli_min_confidence_filters_and_confidence_adds_the_score():
    import json as _json

    from typer.testing import CliRunner

    from trialscout.cli import app

    src = str(SEED)
    runner = CliRunner()
    every = _json.loads(runner.invoke(app, ["scout", src, "--json", "--min-confidence", "0"]).output)
    clean = _json.loads(runner.invoke(app, ["scout", src, "--json", "--min-confidence", "1", "--confidence"]).output)
    assert "confidence" not in every["endpoints"][0]
    assert all(e["confidence"] >= 1 for e in clean["endpoints"])
    assert len(clean["endpoints"]) <= len(every["endpoints"])
    bad = runner.invoke(app, ["scout", src, "--min-confidence", "3"])
    assert bad.exit_code == 2 and "--min-confidence" in bad.output
