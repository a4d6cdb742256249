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
