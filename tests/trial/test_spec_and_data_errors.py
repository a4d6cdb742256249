"""Bad specs and bad ADaM data: one clear message naming the key and file, or the dataset, column and rows."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from trialscout import InputError
from trialscout.trial import load_adam, load_spec, run_readout
from trialscout.trial.spec import parse_weighting

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "small_trial"


@pytest.fixture
def trial(tmp_path):
    d = tmp_path / "trial"
    shutil.copytree(EXAMPLE, d)
    return d


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text()
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count))


def test_example_spec_loads():
    spec = load_spec(EXAMPLE / "spec.toml")
    assert spec.arms.control == "SOC"
    assert [e.id for e in spec.endpoints] == ["PFS", "OS", "ORR", "CR", "MRD5"]
    pfs = spec.endpoint("PFS")
    assert pfs.landmarks == (12.0,) and pfs.tau == 24.0 and pfs.primary and pfs.stratified
    assert spec.endpoint("MRD5").evaluable.flag == "MRDEVFL"
    assert spec.dataset_path("adsl") == (EXAMPLE / "adsl.csv").resolve()


@pytest.mark.parametrize("old, new, key", [
    ('title = "Small', 'titel = "Small', "trial.titel"),                    # unknown key (typo)
    ('control = "SOC"\n', "", "arms.control"),                              # missing required key
    ('weighting = "none"', 'weighting = "fh:0"', "weighting"),               # bad weighting
    ('tau = 24', 'tau = -1', "tau"),
    ('population = "safety"\narm', 'population = "pp"\narm', "safety.population"),  # undefined population
    ('responders = ["CR", "PR"]', 'responders = ["CR", "VGPR"]', "responders"),     # not among categories
    ('type = "response"', 'type = "binary"', "type"),
    ('adsl = "adsl.csv"', 'adsl = "adsl.txt"', "datasets.adsl"),
    ('endpoints = ["PFS"]', 'endpoints = ["ORR"]', "subgroups.endpoints"),  # not a tte endpoint
    ('cuts = [65]', 'cuts = [70, 65]', "cuts"),
    ('preset = "sas"', 'preset = "stata"', "trial.preset"),
])
def test_spec_errors_name_key_and_file(trial, old, new, key):
    spec = trial / "spec.toml"
    edit(spec, old, new)
    with pytest.raises(InputError) as exc:
        load_spec(spec)
    msg = str(exc.value)
    assert str(spec) in msg
    assert key in msg


def test_spec_not_toml_and_missing(trial):
    spec = trial / "spec.toml"
    spec.write_text("[trial\n")
    with pytest.raises(InputError, match="not valid TOML"):
        load_spec(spec)
    with pytest.raises(InputError, match="file not found"):
        load_spec(trial / "nope.toml")


def test_duplicate_endpoint_id(trial):
    edit(trial / "spec.toml", 'id = "OS"', 'id = "PFS"')
    with pytest.raises(InputError, match=r"endpoints\[2\].*'PFS'.*used by two endpoints"):
        load_spec(trial / "spec.toml")


@pytest.mark.parametrize("text, parsed", [
    ("none", ("none", ())), ("fh:0,1", ("fh", (0.0, 1.0))), ("cutoff:2.5", ("cutoff", (2.5,))),
])
def test_parse_weighting(text, parsed):
    assert parse_weighting(text) == parsed


# ---------------------------------------------------------------------------------------------------- data


def load(trial):
    return load_adam(load_spec(trial / "spec.toml"))


def test_duplicate_subject_in_adsl(trial):
    # copy S04's row over S05 -> S04 twice, at data rows 4 and 5
    p = trial / "adsl.csv"
    lines = p.read_text().splitlines()
    lines[5] = lines[4]
    p.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as exc:
        load(trial)
    assert str(exc.value) == ("dataset ADSL: column 'USUBJID' has duplicate subjects in data rows 4, 5 "
                              "('S04', 'S04')")


def test_adtte_subject_not_in_adsl(trial):
    edit(trial / "adtte.csv", "S07,OS,", "S99,OS,")
    with pytest.raises(InputError) as exc:
        load(trial)
    # S07's OS row is data row 27 of adtte.csv
    assert str(exc.value) == "dataset ADTTE: column 'USUBJID' has subjects that ADSL lacks in data row 27 ('S99')"


def test_missing_stratification_value(trial):
    edit(trial / "adsl.csv", "S12,SOC,SOC,Y,Y,Y,Y,S2,", "S12,SOC,SOC,Y,Y,Y,Y,,")
    with pytest.raises(InputError) as exc:
        load(trial)
    assert str(exc.value) == "dataset ADSL: stratification factor 'STRAT1' is missing in data row 12 ('S12')"


def test_unknown_paramcd(trial):
    edit(trial / "spec.toml", 'paramcd = "OS"', 'paramcd = "OSX"')
    with pytest.raises(InputError) as exc:
        load(trial)
    msg = str(exc.value)
    assert msg.startswith("dataset ADTTE: column 'PARAMCD' has no rows with 'OSX' (endpoint 'OS')")
    assert "['OS', 'PFS']" in msg


def test_unknown_avalc(trial):
    edit(trial / "adrs.csv", "S03,BOR,SD", "S03,BOR,VGPR")
    with pytest.raises(InputError) as exc:
        load(trial)
    msg = str(exc.value)
    assert "dataset ADRS: column 'AVALC'" in msg and "endpoint 'ORR'" in msg
    assert "data row 3 ('S03')" in msg and "['VGPR']" in msg


def test_grade_outside_1_to_5(trial):
    edit(trial / "adae.csv", "S04,Blood and lymphatic system disorders,Anaemia,3,",
         "S04,Blood and lymphatic system disorders,Anaemia,6,")
    with pytest.raises(InputError) as exc:
        load(trial)
    assert str(exc.value) == ("dataset ADAE: column 'AETOXGR' must be a grade from 1 to 5; data row 8 ('S04') "
                              "has 6")


def test_spec_names_missing_column(trial):
    edit(trial / "spec.toml", 'column = "ECOG"', 'column = "ECOGBL"')
    with pytest.raises(InputError) as exc:
        load(trial)
    assert re.match(r"dataset ADSL: column 'ECOGBL' \(baseline\) is not there \(columns: USUBJID, ARM", str(exc.value))


def test_missing_adtte_column(trial):
    edit(trial / "adtte.csv", "USUBJID,PARAMCD,PARAM,AVAL,CNSR", "USUBJID,PARAMCD,PARAM,AVAL,CENSOR")
    with pytest.raises(InputError, match=r"dataset ADTTE: column 'CNSR' is not there"):
        load(trial)


def test_negative_time_and_bad_cnsr(trial):
    edit(trial / "adtte.csv", "S03,PFS,Progression-free survival (months),8,0",
         "S03,PFS,Progression-free survival (months),-8,0")
    with pytest.raises(InputError, match=r"column 'AVAL' must be a non-negative number; data row 3 \('S03'\)"):
        load(trial)


def test_population_subject_without_adtte_row(trial):
    p = trial / "adtte.csv"
    p.write_text("\n".join(x for x in p.read_text().splitlines() if not x.startswith("S09,OS")) + "\n")
    with pytest.raises(InputError, match=r"no row with PARAMCD 'OS' for 1 subject\(s\) .*'S09'"):
        run_readout(trial / "spec.toml")


def test_missing_dataset_file(trial):
    (trial / "adae.csv").unlink()
    with pytest.raises(InputError, match=r"ADAE .*adae.csv"):
        load(trial)


def test_three_arms_not_implemented(trial):
    edit(trial / "adsl.csv", "S20,SOC,SOC", "S20,OTHER,OTHER")
    with pytest.raises(NotImplementedError, match="two arms"):
        run_readout(trial / "spec.toml")
