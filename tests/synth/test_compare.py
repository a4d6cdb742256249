"""The tolerance rules of the published-vs-reproduced table."""

from __future__ import annotations

import math

from trialscout.synth.compare import _num_row, _p_row, _rate_row, _time_row
from trialscout.synth.summary import Figure


def test_medians_and_their_status():
    assert _time_row("m", Figure(11.8), 12.7, "ok").within
    assert not _time_row("m", Figure(11.8), 12.9, "ok").within
    assert not _time_row("m", Figure(11.8), math.nan, "NR").within  # a reached median must be reached
    nr = Figure(math.nan, "NR")
    assert _time_row("m", nr, math.nan, "NR").within
    row = _time_row("m", nr, 40.2, "ok")
    assert not row.within and row.reproduced == "40.2" and row.tolerance == "stays NR"
    ne = Figure(math.nan, "NE")
    assert _time_row("u", ne, math.nan, "NE").within and not _time_row("u", ne, 37.0, "ok").within


def test_rates_hr_and_p():
    assert _rate_row("r", 59.4, 61.4).within and not _rate_row("r", 59.4, 61.5).within
    assert not _rate_row("r", 59.4, math.nan).within
    assert _num_row("hr", 0.29, 0.32, 0.03, 2).within and not _num_row("hr", 0.29, 0.321, 0.03, 2).within
    assert _num_row("lo", 0.22, 0.17, 0.05, 2).within and not _num_row("lo", 0.22, 0.169, 0.05, 2).within
    assert _p_row("p", "0.0009", 0.0009, 0.0025).within and not _p_row("p", "0.0009", 0.0009, 0.003).within
    assert _p_row("p", "<0.0001", 0.0001, 0.0009).within and not _p_row("p", "<0.0001", 0.0001, 0.0011).within


def test_ci_limit_printed_nr_means_ne():
    # CARTITUDE-4 prints TFS "NR (95% CI, 36.6-NR)"; SAS (and trialscout) print that upper limit NE
    nr = Figure(math.nan, "NR")
    row = _time_row("TFS median 95% CI upper", nr, math.nan, "NE", limit=True)
    assert row.within and row.published == "NR" and row.reproduced == "NE"
    assert row.tolerance == "NR (as printed) = NE"
    assert not _time_row("u", nr, 40.0, "ok", limit=True).within  # a finite limit is still wrong
    ne = Figure(math.nan, "NE")
    assert _time_row("u", ne, math.nan, "NE", limit=True).tolerance == "stays NE"
    # a median (not a limit) printed NR must stay NR: NE would be wrong there
    assert not _time_row("m", nr, math.nan, "NE").within


def test_tfs_comes_from_the_readout(tmp_path):
    """TFS (published for cilta-cel only) is an endpoint of the synthesized spec and its figures are the
    readout's, not a separate Kaplan-Meier."""
    from trialscout.demo import bundled_summary_path
    from trialscout.synth import synthesize_trial, write_trial
    from trialscout.synth.compare import compare_readout
    from trialscout.synth.summary import load_summary
    from trialscout.trial import run_readout

    summary = load_summary(bundled_summary_path())
    trial = synthesize_trial(summary)
    spec = write_trial(trial, tmp_path / "data")
    assert 'id = "TFS"' in spec.read_text() and 'arms = ["CILTA"]' in spec.read_text()
    readout = run_readout(spec)
    tfs = readout.endpoint("TFS")
    assert tfs.single_arm and [a.arm for a in tfs.arms] == ["CILTA"]
    rows = {r.figure: r for r in compare_readout(summary, readout, trial.adsl, trial.adtte)}
    rate = rows["TFS 30-month rate (%), Cilta-cel"]
    assert rate.reproduced_value == 100 * tfs.arms[0].landmarks[0].estimate.value
    assert rows["TFS median (months), Cilta-cel"].reproduced == "NR"
    assert rows["TFS median 95% CI upper, Cilta-cel"].reproduced == "NE"
    assert all(r.within for k, r in rows.items() if k.startswith("TFS"))
