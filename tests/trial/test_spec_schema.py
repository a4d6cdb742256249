"""The trial spec's declared schema: its published JSON Schema, and one message naming the key and the file for
every kind of bad value."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from trialscout import InputError
from trialscout.trial import load_spec
from trialscout.trial.spec import spec_json_schema, write_json_schema

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "small_trial"
SCHEMA = ROOT / "docs" / "schemas" / "trial-spec.schema.json"


def test_committed_json_schema_is_what_the_model_generates(tmp_path):
    # scripts/write_schemas.py calls write_json_schema; the committed file must be byte for byte its output
    assert write_json_schema(tmp_path / "s.json").read_bytes() == SCHEMA.read_bytes()
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == spec_json_schema()
    script = (ROOT / "scripts" / "write_schemas.py").read_text(encoding="utf-8")
    assert "write_json_schema(ROOT / \"docs\" / \"schemas\" / \"trial-spec.schema.json\")" in script


def test_schema_refuses_unknown_keys_and_requires_the_sections():
    schema = spec_json_schema()
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"trial", "datasets", "arms", "populations"}
    tte = schema["$defs"]["_TTETable"]
    assert tte["additionalProperties"] is False and tte["properties"]["tau"]["exclusiveMinimum"] == 0
    assert "null" not in json.dumps(schema)  # TOML has no null: optional keys are left out


@pytest.fixture
def trial(tmp_path):
    d = tmp_path / "trial"
    shutil.copytree(EXAMPLE, d)
    return d


CASES = [
    ("cuts = [65]", "cuts = [nan]", r"key 'subgroups\.variables\[2\]\.cuts\[1\]' must be a finite number; got nan"),
    ("cuts = [65]", "cuts = []", r"key 'subgroups\.variables\[2\]\.cuts' must have at least 1 item"),
    ("tau = 24", "tau = true", r"key 'endpoints\[1\] \(id 'PFS'\)\.tau' must be a number; got True"),
    ("tau = 24", "tau = inf", r"\.tau' must be a finite number; got inf"),
    ("landmarks = [12]\n", "landmarks = 12\n", r"\.landmarks' must be a list; got 12"),
    ("landmarks = [12]\n", 'landmarks = ["12"]\n', r"\.landmarks\[1\]' must be a number; got '12'"),
    ("confidence_level = 0.95", "confidence_level = 95", r"'trial\.confidence_level' must be between 0 and 1"),
    ("[arms]", "[arms]\nfoo = 1", r"'arms\.foo' is not a known key \(allowed: actual_variable, control, labels"),
    ('itt = "ITTFL"', "itt = 3", r"'populations\.itt' must be an ADSL flag column name or \{ where"),
    ('itt = "ITTFL"', 'itt = {flag="A", where="B"}', r"'populations\.itt' must have exactly one of 'flag' or"),
    ('itt = "ITTFL"', 'itt = {flg="A"}', r"'populations\.itt\.flg' is not a known key \(allowed: flag, where\)"),
    ("top_grade3 = 3", "top_grade3 = 0", r"'safety\.top_grade3' must be at least 1; got 0"),
    ("top_grade3 = 3", "top_grade3 = 2.5", r"'safety\.top_grade3' must be a whole number; got 2\.5"),
    ("min_percent = 0", "min_percent = 101", r"'safety\.min_percent' must be at most 100"),
    ('type = "tte"', 'kind = "tte"', r"'endpoints\[1\] \(id 'PFS'\)\.type' is required but missing"),
    ('type = "tte"', "type = 3", r"\.type' must be 'tte' or 'response'; got '3'"),
    ('id = "OS"', 'id = "O S"', r"'endpoints\[2\] \(id 'O S'\)\.id' may contain only letters"),
    ('[[baseline]]\ncolumn = "AGE"', "[[baseline]]\ncolumn = 5", r"'baseline\[1\]\.column' must be a non-empty string"),
    ('adsl = "adsl.csv"', "adsl = 1", r"'datasets\.adsl' must be a non-empty string; got 1"),
    ('factors = ["STRAT1"]', 'factors = "STRAT1"', r"'stratification\.factors' must be a list; got 'STRAT1'"),
    ("[trial]", "trial = 1\n[trialx]", r"'trialx' is not a known key \(allowed: arms, baseline"),
    ('levels = ["F", "M"]\n\n[[subgroups', 'levels = ["F", "F"]\n\n[[subgroups',
     r"'subgroups\.variables\[1\]\.levels' has duplicates"),
    ('CART = "cell therapy"', "CART = 1", r"'arms\.labels\.CART' must be a non-empty string; got 1"),
    ('evaluable = "MRDEVFL"', "evaluable = 1", r"\(id 'MRD5'\)\.evaluable' must be a non-empty string; got 1"),
    ('population = "safety"\narm', 'population = "pp"\narm', r"'safety\.population' names population 'pp'"),
]


@pytest.mark.parametrize("old, new, message", CASES)
def test_bad_values_name_the_key_and_the_file(trial, old, new, message):
    spec = trial / "spec.toml"
    text = spec.read_text()
    assert old in text
    spec.write_text(text.replace(old, new, 1))
    with pytest.raises(InputError, match=message) as exc:
        load_spec(spec)
    assert str(exc.value).startswith(f"trial spec {spec}: key '")


def test_files_that_are_not_specs(trial, tmp_path):
    fifo = tmp_path / "spec.toml"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=r"spec\.toml: is not a regular file \(a pipe or device\?\)"):
        load_spec(fifo)  # does not hang
    with pytest.raises(InputError, match=r"/dev/zero: is not a regular file"):
        load_spec("/dev/zero")
    latin = tmp_path / "latin.toml"
    latin.write_bytes((EXAMPLE / "spec.toml").read_text().replace("Small", "Kleine Studie über").encode("latin-1"))
    with pytest.raises(InputError, match=r"latin\.toml: not UTF-8 text \(byte 0xFC on line \d+\); save the file as UTF-8"):
        load_spec(latin)
    with pytest.raises(InputError, match=r"is a folder"):
        load_spec(tmp_path)
    # a symlink loop as a dataset path
    (trial / "loop.csv").symlink_to(trial / "loop.csv")
    spec = trial / "spec.toml"
    spec.write_text(spec.read_text().replace('adsl = "adsl.csv"', 'adsl = "loop.csv"'))
    with pytest.raises(InputError, match=r"key 'datasets\.adsl' names 'loop\.csv', which cannot be resolved"):
        load_spec(spec)
