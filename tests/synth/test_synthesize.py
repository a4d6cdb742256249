"""The synthetic CARTITUDE-4 trial: endpoints consistent with each other, seed-deterministic, written whole."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from trialscout import InputError
from trialscout.survival import cox_ph, kaplan_meier
from trialscout.synth import synthesize_trial, write_trial
from trialscout.synth.summary import load_summary
from trialscout.trial import load_spec
from _helpers import tree, SMALL_SUMMARY

C4 = Path(__file__).resolve().parents[2] / "examples" / "cartitude4" / "summary.toml"
SEED = 20240501


@pytest.fixture(scope="module")
def summary():
    return load_summary(C4)


@pytest.fixture(scope="module")
def trial(summary):
    return synthesize_trial(summary, seed=SEED)


def _tte(trial, paramcd):
    d = trial.adtte[trial.adtte["PARAMCD"] == paramcd].set_index("USUBJID")
    return d.loc[trial.adsl["USUBJID"]]


def test_arms_populations_and_strata(trial):
    adsl = trial.adsl
    assert adsl["USUBJID"].is_unique and len(adsl) == 419
    assert adsl["ARM"].value_counts().to_dict() == {"SOC": 211, "CILTA": 208}
    treated = adsl[adsl["ASTRTFL"] == "Y"]
    assert treated["ARM"].value_counts().to_dict() == {"SOC": 208, "CILTA": 176}
    assert (adsl["SAFFL"] == adsl["ASTRTFL"]).all()
    assert set(adsl.loc[adsl["ASTRTFL"] == "N", "ACTARM"]) == {"NOT TREATED"}
    # every stratum that holds anyone holds both arms; blocks of 4 keep each stratum within 2
    strata = adsl[["STRATREG", "STRATISS", "STRATLIN"]].astype(str).agg("/".join, axis=1)
    for _, g in adsl.groupby(strata):
        assert g["ARM"].nunique() == 2
        diff = np.cumsum(np.where(g["ARM"] == "CILTA", 1, -1))
        assert np.abs(diff).max() <= 2
    # randomized in entry order inside the accrual window
    dates = pd.to_datetime(adsl["RANDDT"])
    assert dates.is_monotonic_increasing
    assert dates.min() >= pd.Timestamp("2020-07-01") and dates.max() <= pd.Timestamp("2021-11-30")


def test_endpoints_are_consistent(trial):
    os_, pfs, pfs2, ttsw = (_tte(trial, p) for p in ("OS", "PFS", "PFS2", "TTSW"))
    eps = 1e-9
    assert (pfs["AVAL"] <= pfs2["AVAL"] + eps).all()
    assert (pfs2["AVAL"] <= os_["AVAL"] + eps).all()
    assert (ttsw["AVAL"] <= os_["AVAL"] + eps).all()
    # a death is an event of PFS and PFS2 at the same time unless they came first
    died = os_["CNSR"] == 0
    for d in (pfs, pfs2):
        at_death = np.isclose(d["AVAL"], os_["AVAL"])
        assert (d.loc[died & at_death, "CNSR"] == 0).all()
    # deaths in ADSL are exactly the OS events
    adsl = trial.adsl.set_index("USUBJID")
    assert ((adsl["DTHFL"] == "Y") == died).all()
    assert (adsl.loc[adsl["DTHFL"] == "N", "DTHCAUS"] == "").all()
    # follow-up never passes the cut-off
    fu_max = (pd.Timestamp("2024-05-01") - pd.to_datetime(adsl["RANDDT"])).dt.days / 30.4375
    assert (os_["AVAL"] <= fu_max + 1e-9).all()
    # TFS only for the arm it was published for
    assert set(adsl.loc[_tfs_ids(trial), "ARM"]) == {"CILTA"}


def _tfs_ids(trial):
    return trial.adtte.loc[trial.adtte["PARAMCD"] == "TFS", "USUBJID"]


def test_responses_nested(trial):
    rs = trial.adrs.pivot(index="USUBJID", columns="PARAMCD", values="AVALC")
    cr = rs["BOR"].isin(["sCR", "CR"])
    resp = rs["BOR"].isin(["sCR", "CR", "VGPR", "PR"])
    mrd5 = rs["MRD5"] == "NEGATIVE"
    mrd6 = rs["MRD6"] == "NEGATIVE"
    assert (~mrd6 | mrd5).all() and (~mrd5 | cr).all() and (~cr | resp).all()
    arm = trial.adsl.set_index("USUBJID").loc[rs.index, "ARM"]
    # exact counts: round(rate x N) of the ITT arm
    for col, rates in ((cr, (77, 24)), (resp, (85, 67)), (mrd5, (62, 18)), (mrd6, (57, 9))):
        for a, r, n in (("CILTA", rates[0], 208), ("SOC", rates[1], 211)):
            assert int(col[arm == a].sum()) == math.floor(r / 100 * n + 0.5)


def test_adverse_events(trial):
    """ADAE holds the published categories only: grade 3/4 subjects at the published rate, the published most
    common grade 3 term of each arm at its rate (and only in that arm), serious treatment-related events at
    their rate; every other event says its term was not published; no low grade, no grade 5, no other term."""
    from trialscout.synth.synthesize import GRADE34_NOT_PUBLISHED, SERIOUS_RELATED_NOT_PUBLISHED

    ae = trial.adae
    assert (ae["TRTEMFL"] == "Y").all() and ae["AETOXGR"].isin([2, 3]).all()
    saf = trial.adsl.loc[trial.adsl["SAFFL"] == "Y"].set_index("USUBJID")
    assert set(ae["USUBJID"]) <= set(saf.index)
    assert set(ae["AEDECOD"]) == {"Anaemia", "Neutropenia", GRADE34_NOT_PUBLISHED, SERIOUS_RELATED_NOT_PUBLISHED}
    arm = saf.loc[ae["USUBJID"], "ACTARM"].to_numpy()
    ae = ae.assign(ARM=arm)
    g34 = ae[ae["AETOXGR"] == 3]
    assert g34.groupby("ARM")["USUBJID"].nunique().to_dict() == {"CILTA": math.floor(0.89 * 176 + 0.5),
                                                                 "SOC": math.floor(0.93 * 208 + 0.5)}
    for a, term, rate, n in (("CILTA", "Anaemia", 35, 176), ("SOC", "Neutropenia", 28, 208)):
        assert ae.loc[ae["AEDECOD"] == term, "ARM"].unique().tolist() == [a]  # not invented in the other arm
        assert g34.loc[(g34["ARM"] == a) & (g34["AEDECOD"] == term), "USUBJID"].nunique() == \
            math.floor(rate / 100 * n + 0.5)
    sr = ae[(ae["AESER"] == "Y") & (ae["AEREL"] == "RELATED")]
    assert (sr["AEDECOD"] == SERIOUS_RELATED_NOT_PUBLISHED).all()
    assert sr.groupby("ARM")["USUBJID"].nunique().to_dict() == {"CILTA": math.floor(0.32 * 176 + 0.5),
                                                                "SOC": math.floor(0.26 * 208 + 0.5)}
    # deaths: progression or "other", never an invented adverse-event cause
    assert set(trial.adsl.loc[trial.adsl["DTHFL"] == "Y", "DTHCAUS"]) == {"PROGRESSIVE DISEASE", "OTHER"}


def test_calibrated_figures_with_the_survival_engine(trial):
    """Before the readout: KM and Cox from trialscout.survival on the synthetic data hit the publication."""
    adsl = trial.adsl.set_index("USUBJID")
    pfs = _tte(trial, "PFS")
    arm = adsl.loc[pfs.index, "ARM"].to_numpy()
    t, e = pfs["AVAL"].to_numpy(), pfs["CNSR"].to_numpy() == 0
    soc = kaplan_meier(t[arm == "SOC"], e[arm == "SOC"])
    assert abs(soc.median().value - 11.8) <= 1.0
    assert abs(100 * soc.survival_at(30).value - 25.7) <= 2.0
    cil = kaplan_meier(t[arm == "CILTA"], e[arm == "CILTA"])
    assert not cil.median().is_reached and abs(100 * cil.survival_at(30).value - 59.4) <= 2.0
    hr = cox_ph(t, e, (arm == "CILTA").astype(float), weights="cutoff:1.84").hazard_ratio()
    assert abs(hr.value - 0.29) <= 0.03 and abs(hr.lower - 0.22) <= 0.05 and abs(hr.upper - 0.39) <= 0.05
    # the weighted estimand is not the plain Cox HR
    plain = cox_ph(t, e, (arm == "CILTA").astype(float)).hazard_ratio()
    assert abs(plain.value - hr.value) > 0.005
    assert trial.messages == ()


def test_seed_determinism(summary, trial):
    again = synthesize_trial(summary, seed=SEED)
    for a, b in ((trial.adsl, again.adsl), (trial.adtte, again.adtte), (trial.adrs, again.adrs),
                 (trial.adae, again.adae)):
        pd.testing.assert_frame_equal(a, b)
    assert trial.spec_toml == again.spec_toml


def test_write_trial_is_whole_and_readable(trial, tmp_path):
    spec = write_trial(trial, tmp_path / "out")
    assert sorted(p.name for p in spec.parent.iterdir()) == [".trialscout", "adae.csv", "adrs.csv", "adsl.csv",
                                                            "adtte.csv", "spec.toml"]
    s = load_spec(spec)
    assert "synthetic" in s.note.lower()
    back = pd.read_csv(spec.parent / "adtte.csv")
    assert np.allclose(back["AVAL"], trial.adtte["AVAL"])


def _fail_third_csv(monkeypatch):
    calls = {"n": 0}
    real = pd.DataFrame.to_csv

    def boom(self, *a, **k):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return real(self, *a, **k)

    monkeypatch.setattr(pd.DataFrame, "to_csv", boom)


def test_write_trial_leaves_nothing_on_failure(trial, tmp_path, monkeypatch):
    _fail_third_csv(monkeypatch)
    with pytest.raises(OSError):
        write_trial(trial, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert list(tmp_path.iterdir()) == []


def test_write_trial_failure_keeps_the_previous_output(trial, tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_trial(trial, out, fmt="parquet")
    before = tree(out)
    _fail_third_csv(monkeypatch)
    with pytest.raises(OSError, match="disk full"):
        write_trial(trial, out)
    assert tree(out) == before and sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_write_trial_rerun_replaces_its_own_output_whole(trial, tmp_path):
    out = tmp_path / "out"
    write_trial(trial, out, fmt="parquet")
    write_trial(trial, out)  # csv now: the parquet files of the first run go, nothing is mixed
    assert sorted(p.name for p in out.iterdir()) == [".trialscout", "adae.csv", "adrs.csv", "adsl.csv",
                                                     "adtte.csv", "spec.toml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_write_trial_refuses_a_foreign_folder(trial, tmp_path):
    out = tmp_path / "project"
    out.mkdir()
    (out / "analysis.R").write_text("library(survival)")
    (out / "adsl.csv").write_text("USUBJID\nmine\n")
    before = tree(out)
    with pytest.raises(InputError, match=r"--out .*project: exists and holds files trialscout did not write "
                                         r"\(adsl\.csv, analysis\.R\); choose another folder or empty it"):
        write_trial(trial, out)
    assert tree(out) == before and sorted(p.name for p in tmp_path.iterdir()) == ["project"]


def test_bad_seed(summary):
    with pytest.raises(InputError, match="`seed` must be a non-negative integer"):
        synthesize_trial(summary, seed=-1)
    with pytest.raises(InputError, match="`seed`"):
        synthesize_trial(summary, seed=1.5)


def test_synthesize_entry_point(tmp_path):
    """`trialscout synthesize SUMMARY --seed N --out DIR`: a small hand-made summary without strata or safety."""
    from trialscout.synth import synthesize
    from trialscout.trial import run_readout

    p = tmp_path / "small.toml"
    p.write_text(SMALL_SUMMARY)
    res = synthesize(p, seed=3, out_dir=tmp_path / "out")
    assert res.spec_path == tmp_path / "out" / "spec.toml" and res.messages == res.trial.messages
    ro = run_readout(load_spec(res.spec_path))
    os_ = ro.endpoint("OS")
    med = {a.arm: a.median.value for a in os_.arms}
    assert abs(med["NEW"] - 20.0) <= 1.0 and abs(med["STD"] - 13.0) <= 1.0
    rate = {a.arm: a.landmarks[0].estimate.value for a in os_.arms}
    assert abs(100 * rate["NEW"] - 70.0) <= 2.0 and abs(100 * rate["STD"] - 53.0) <= 2.0
    assert abs(os_.hazard_ratio.value - 0.6) <= 0.03


def test_synthesize_bad_summary(tmp_path):
    from trialscout.synth import synthesize

    p = tmp_path / "small.toml"
    p.write_text(SMALL_SUMMARY.replace("median = 13.0", "median = 13.0\nmedian_ci = [14.0, 16.0]"))
    with pytest.raises(InputError, match=r"small.toml: key 'endpoints\[0\]\.arms\.STD\.median_ci'.*excludes"):
        synthesize(p, seed=3, out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_synthesize_refuses_before_synthesizing(tmp_path, monkeypatch):
    """The output folder is checked before the (slow) synthesis; a folder holding the summary is refused."""
    import importlib

    from trialscout.synth import synthesize

    mod = importlib.import_module("trialscout.synth.synthesize")  # the module (the package re-exports the function)

    p = tmp_path / "small.toml"
    p.write_text(SMALL_SUMMARY)
    monkeypatch.setattr(mod, "synthesize_trial", lambda *a, **k: pytest.fail("synthesized"))
    with pytest.raises(InputError, match=r"--out .*: holds the input file .*small\.toml"):
        synthesize(p, seed=3, out_dir=tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "x.txt").write_text("mine")
    with pytest.raises(InputError, match=r"did not write \(x\.txt\)"):
        synthesize(p, seed=3, out_dir=tmp_path / "out")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["out", "small.toml", "x.txt"]
