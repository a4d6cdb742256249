"""The ``design`` and ``simulate`` commands: exactly the documented JSON keys, one-line errors with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trialscout.cli import app
from trialscout.design.spec import json_schema

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "cartitude4" / "design.toml"
DESIGN_KEYS = {"k", "information_rates", "critical_z", "nominal_alpha", "alpha_spent", "futility_z", "beta_spent",
               "inflation_factor", "power", "rejection_probabilities", "futility_probabilities",
               "expected_information_h0", "expected_information_h1"}
SAMPLE_KEYS = {"events", "events_fixed", "max_subjects", "subjects", "analysis_time", "follow_up_time",
               "accrual_end", "expected_events_h0", "expected_events_h1", "expected_subjects_h1",
               "study_duration_h1", "hr_at_bound", "reject_per_stage", "early_stop"}
SIM_KEYS = {"iterations", "seed", "power", "power_se", "reject_per_stage", "futility_per_stage", "early_stop",
            "expected_events", "expected_subjects", "analysis_time", "study_duration", "trials_per_second"}

runner = CliRunner()


def _run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_design_json_keys_and_values():
    r = _run("design", EXAMPLE, "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert set(d) == {"design", "sample_size"}
    assert set(d["design"]) == DESIGN_KEYS
    assert set(d["sample_size"]) == SAMPLE_KEYS
    assert d["sample_size"]["max_subjects"] == pytest.approx(420)
    assert d["design"]["alpha_spent"][-1] == pytest.approx(0.025, abs=1e-9)


def test_design_only_file(tmp_path):
    f = tmp_path / "d.json"
    f.write_text(json.dumps({"k": 3, "alpha": 0.025, "efficacy": {"method": "classical", "boundary": "pocock"}}))
    r = _run("design", f, "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["sample_size"] is None
    assert d["design"]["critical_z"][0] == pytest.approx(d["design"]["critical_z"][2], abs=1e-12)


def test_simulate_json_keys_and_reproducible():
    r1 = _run("simulate", EXAMPLE, "--iterations", 400, "--seed", 3, "--json")
    r2 = _run("simulate", EXAMPLE, "--iterations", 400, "--seed", 3, "--json")
    assert r1.exit_code == 0, r1.output
    a, b = json.loads(r1.stdout), json.loads(r2.stdout)
    assert set(a) == SIM_KEYS
    a.pop("trials_per_second"), b.pop("trials_per_second")
    assert a == b
    assert a["iterations"] == 400 and a["seed"] == 3


def test_simulate_scenario_and_out_folder(tmp_path):
    out = tmp_path / "sim"
    r = _run("simulate", EXAMPLE, "--iterations", 300, "--scenario", "delayed_effect", "--out", out)
    assert r.exit_code == 0, r.output
    import pandas as pd

    t = pd.read_parquet(out / "trials.parquet")
    assert len(t) == 300 and {"stage", "reject", "z_1", "z_2"} <= set(t.columns)
    assert json.loads((out / "simulation.json").read_text())["iterations"] == 300


@pytest.mark.parametrize("body,needle", [
    ("alpha = 1.5\n", "`alpha` must be a number strictly between 0 and 1"),
    ("k = 3\ninformation_rates = [0.5, 0.3, 1.0]\n", "`information_rates` must be strictly increasing"),
    ("k = 2\nbogus = 1\n", "`bogus`"),
    ("hazard_ratio = 1.0\nmax_subjects = 400\n[control]\nmedian = 12\n[accrual]\nintensity = [20]\n",
     "hazard ratio must be positive and different from 1"),
    ("hazard_ratio = 0.5\nmax_subjects = 100\n[control]\nmedian = 12\n[accrual]\nintensity = [20]\n"
     "[dropout]\ncontrol_prob = 0.9\ntreatment_prob = 0.9\nat_time = 1\n", "never reached"),
    ("hazard_ratio = 0.5\nmax_subjects = 900\n[control]\nmedian = 3\n[accrual]\nintensity = [10]\n",
     "follow-up would have to be negative"),
    ("follow_up_time = -2\nhazard_ratio = 0.7\n[control]\nmedian = 3\n[accrual]\nintensity = [10]\n",
     "`follow_up_time` must be non-negative"),
    ("hazard_ratio = 0.7\n[control]\nmedian = 3\nhazard = 0.1\n[accrual]\nintensity = [10]\n", "exactly one of"),
])
def test_bad_input_is_one_line_exit_2(tmp_path, body, needle):
    f = tmp_path / "bad.toml"
    f.write_text(body)
    r = _run("design", f)
    assert r.exit_code == 2, r.output
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("trialscout: error: "), r.stderr
    assert str(f) in lines[0]
    assert needle in lines[0]


def test_simulate_bad_options(tmp_path):
    r = _run("simulate", EXAMPLE, "--workers", 2, "--scheduler", "tcp://x:1")
    assert r.exit_code == 2 and "not both" in r.stderr
    r = _run("simulate", EXAMPLE, "--scenario", "nope")
    assert r.exit_code == 2 and "no scenario 'nope'" in r.stderr


def test_published_schema_is_current():
    published = json.loads((ROOT / "docs" / "schemas" / "design.schema.json").read_text())
    assert published == json_schema()
