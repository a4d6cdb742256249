"""reconstruct_ipd on hand-derived cases: the four information cases, the censoring search, errors."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trialscout._validate import InputError
from trialscout.reconstruct import Reconstruction, ReconstructionWarning, km_steps, reconstruct_ipd
from trialscout.survival import kaplan_meier

# Ten subjects: events at 2, 5, 8; censored at 3 and 7; five censored at 10.
# KM: 9/10 = 0.9 at 2; 0.9 * 7/8 = 0.7875 at 5; 0.7875 * 5/6 = 0.65625 at 8.
# At risk (time >= t): 10 at 0, 8 at 4, 6 at 8.
X = [0, 2, 2, 5, 5, 8, 8, 10]
Y = [1, 1, 0.9, 0.9, 0.7875, 0.7875, 0.65625, 0.65625]
RT, RN = [0, 4, 8], [10, 8, 6]


def quiet(**kw) -> Reconstruction:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReconstructionWarning)
        return reconstruct_ipd(X, Y, **kw)


def test_table_and_events_hand_derived():
    # Interval [0, 4): bisection over c in [0, 2]. c = 1 puts the censoring at 2 (after the event at 2:
    # n = 10, d = round(10 * 0.1) = 1), leaving 10 - 1 - 1 = 8 at 4 = the table. Interval [4, 8): c = 1 at
    # 6, d(5) = round(8 * (1 - 0.7875/0.9)) = 1, 6 left. Last interval: c = 0 gives d(8) = round(6/6) = 1,
    # 3 events in all = the published total; 5 censored at the end (10).
    rec = reconstruct_ipd(X, Y, n_risk_times=RT, n_risk=RN, total_events=3)
    assert rec.information == "at-risk table and total events"
    np.testing.assert_array_equal(rec.time, [2, 2, 5, 6, 8, 10, 10, 10, 10, 10])
    np.testing.assert_array_equal(rec.event, [1, 0, 1, 0, 1, 0, 0, 0, 0, 0])
    d = rec.diagnostics
    np.testing.assert_array_equal(d.risk_reconstructed, RN)
    assert d.risk_matched and d.events_matched
    np.testing.assert_array_equal(d.censored_per_interval, [1, 1, 0])
    np.testing.assert_array_equal(d.events_per_interval, [1, 1, 1])
    assert d.censored_at_end == 5
    assert d.max_gap == pytest.approx(0.0, abs=1e-12)
    assert d.integrated_gap == pytest.approx(0.0, abs=1e-12)
    assert rec.warnings == ()
    km = kaplan_meier(rec.time, rec.event)
    np.testing.assert_allclose(km.survival[km.n_events > 0], [0.9, 0.7875, 0.65625], rtol=1e-12)


def test_table_without_events_uses_the_earlier_censoring_rate():
    # Two censorings over [0, 8): 0.25 per unit; the last interval (8, 10] gets round(0.25 * 2) = 1, at 9.
    rec = reconstruct_ipd(X, Y, n_risk_times=RT, n_risk=RN)
    assert rec.information == "at-risk table"
    np.testing.assert_array_equal(rec.time, [2, 2, 5, 6, 8, 9, 10, 10, 10, 10])
    assert rec.n_events == 3
    assert rec.diagnostics.events_matched is None


def test_n_only_warns_and_assumes_no_censoring():
    # d(2) = 1; d(5) = round(9 * (1 - 0.7875/0.9)) = round(1.125) = 1, S^ = 0.8;
    # d(8) = round(8 * (1 - 0.65625/0.8)) = round(1.4375) = 1; seven censored at 10.
    with pytest.warns(ReconstructionWarning, match="too thin for a hazard ratio"):
        rec = reconstruct_ipd(X, Y, n=10)
    assert rec.information == "N only"
    np.testing.assert_array_equal(rec.time, [2, 5, 8] + [10] * 7)
    assert rec.n_events == 3
    assert len(rec.warnings) == 1


def test_n_and_events():
    rec = quiet(n=10, total_events=3)
    assert rec.information == "N and total events"
    assert rec.warnings == ()
    assert rec.n == 10 and rec.n_events == 3
    # Fewer events than the curve's drops imply with no censoring: censoring must come earlier.
    rec2 = quiet(n=10, total_events=2)
    assert rec2.n == 10 and rec2.n_events == 2 and rec2.diagnostics.events_matched


def test_censoring_ticks_recover_the_truth_exactly():
    # With the ticks at 3 and 7 (the true censoring times) the N-only case rebuilds the data exactly.
    rec = reconstruct_ipd(X, Y, n=10, censor_times=[3, 7])
    np.testing.assert_array_equal(rec.time, [2, 3, 5, 7, 8, 10, 10, 10, 10, 10])
    np.testing.assert_array_equal(rec.event, [1, 0, 1, 0, 1, 0, 0, 0, 0, 0])
    assert rec.warnings == ()


def test_published_count_is_met_when_the_curve_drops_too_much():
    # The curve halves by time 2 (5 events of 10) but the table has 8 still at risk at 4: the events of
    # [0, 4) are capped at 2; the reconstruction catches up at 6, where the curve is still 0.5:
    # d = round(8 * (1 - 0.5 / 0.8)) = 3.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rec = reconstruct_ipd([2, 6, 10], [0.5, 0.5, 0.5], n_risk_times=[0, 4], n_risk=[10, 8])
    np.testing.assert_array_equal(rec.diagnostics.risk_reconstructed, [10, 8])
    np.testing.assert_array_equal(rec.diagnostics.events_per_interval, [2, 3])
    np.testing.assert_array_equal(rec.time[rec.event], [2, 2, 6, 6, 6])


def test_interval_without_points_is_all_censoring():
    # Flat at 0.9 from 2 to 10; the table loses 2 in [4, 8), which holds no point: 2 censorings at 5.33, 6.67.
    rec = reconstruct_ipd([2, 2, 10], [1, 0.9, 0.9], n_risk_times=[0, 4, 8], n_risk=[10, 9, 7])
    np.testing.assert_array_equal(rec.diagnostics.events_per_interval, [1, 0, 0])
    np.testing.assert_array_equal(rec.diagnostics.censored_per_interval[:2], [0, 2])
    np.testing.assert_allclose(rec.time[~rec.event][:2], [4 + 4 / 3, 4 + 8 / 3])
    assert rec.diagnostics.risk_matched


def test_at_risk_times_past_the_curve_end_extend_it_flat_with_a_warning():
    with pytest.warns(ReconstructionWarning, match=r"at-risk times 12 are past the digitized curve's last point "
                                                   r"\(10\); the curve was extended flat to 12"):
        rec = reconstruct_ipd(X, Y, n_risk_times=[0, 4, 8, 12], n_risk=[10, 8, 6, 2], total_events=3)
    d = rec.diagnostics
    assert d.risk_dropped == () and d.risk_extended == (12.0,)
    np.testing.assert_array_equal(d.risk_time, [*RT, 12])
    # every published count, the one at 12 included: 2 subjects followed (event-free) to 12
    np.testing.assert_array_equal(d.risk_reconstructed, [10, 8, 6, 2])
    assert d.risk_matched and d.events_matched
    assert rec.curve.end == 12 and rec.n_events == 3 and (rec.time[rec.event] <= 10).all()


def test_table_not_starting_at_zero_needs_n():
    rec = reconstruct_ipd(X, Y, n_risk_times=[4, 8], n_risk=[8, 6], n=10, total_events=3)
    np.testing.assert_array_equal(rec.diagnostics.risk_published, RN)
    with pytest.raises(InputError, match=r"starts at time 4, not 0; give the arm size `n`"):
        reconstruct_ipd(X, Y, n_risk_times=[4, 8], n_risk=[8, 6])


@pytest.mark.parametrize(
    "kw, message",
    [
        (dict(n_risk_times=[0, 4, 8], n_risk=[10, 8, 9]), r"cannot increase over time; row 2 has 9.0"),
        (dict(n_risk_times=[0, 8, 4], n_risk=[10, 8, 6]), r"strictly increasing; row 2 has 4.0"),
        (dict(n_risk_times=[0, 4], n_risk=[10, 7.5]), r"whole numbers; row 1 has 7.5"),
        (dict(n_risk_times=[0, 4]), r"`n_risk` is missing"),
        (dict(n_risk_times=[0, 4], n_risk=[10]), r"has 2 values and `n_risk` 1"),
        (dict(n_risk_times=RT, n_risk=RN, n=12), r"`n` = 12 but the at-risk table has 10"),
        (dict(n=10, total_events=11), r"`total_events` = 11 is more than the 10"),
        (dict(), r"give the arm size `n` or an at-risk table"),
        (dict(n=-1), r"`n` must be a non-negative whole number"),
        (dict(n=0), r"no subjects"),
        (dict(n=10, censor_times=[-1.0]), r"`censor_times` must be finite and non-negative"),
    ],
)
def test_errors(kw, message):
    with pytest.raises(InputError, match=message):
        reconstruct_ipd(X, Y, **kw)


def test_km_steps_matches_kaplan_meier():
    rng = np.random.default_rng(3)
    t = np.round(rng.exponential(10, 80))
    e = rng.random(80) < 0.7
    order = np.argsort(t)
    kt, ks = km_steps(t[order], e[order])
    km = kaplan_meier(t, e)
    sel = km.n_events > 0
    np.testing.assert_allclose(kt, km.time[sel])
    np.testing.assert_allclose(ks, km.survival[sel], rtol=1e-12)


def test_result_is_frozen():
    rec = quiet(n=10)
    with pytest.raises(AttributeError):
        rec.time = np.zeros(3)


def test_total_events_met_by_same_time_swaps_within_limits():
    # Published 4 events where the curve shows 3: one censoring becomes an event at its own time, every
    # number at risk is kept, and a warning says so.
    with pytest.warns(ReconstructionWarning, match="1 censoring"):
        rec = reconstruct_ipd(X, Y, n_risk_times=RT, n_risk=RN, total_events=4)
    assert rec.n_events == 4 and rec.diagnostics.swapped == 1
    np.testing.assert_array_equal(rec.diagnostics.risk_reconstructed, RN)
    d = rec.diagnostics
    assert d.events_per_interval.sum() + d.censored_per_interval.sum() + d.censored_at_end == 10
    # Published 8: five more than the curve shows in an arm of 10 (limit max(2, 2%)): not forced.
    with pytest.warns(ReconstructionWarning, match="disagree by more than digitizing explains"):
        rec = reconstruct_ipd(X, Y, n_risk_times=RT, n_risk=RN, total_events=8)
    assert rec.diagnostics.swapped == 0 and rec.diagnostics.events_matched is False


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-5, 5), min_size=1, max_size=400), st.sampled_from(["above", "nearest"]))
def test_search_always_ends_within_its_bound(values, side):
    # Any integer function at all (not monotone): the search ends after at most ceil(log2(k_max)) + 12
    # evaluations and returns a k in range with its f(k); a zero found by bisection or the scan is exact.
    from trialscout.reconstruct._guyot import SCAN_HALF_WIDTH, _search

    calls = []

    def f(k):
        calls.append(k)
        return values[k]

    k_max = len(values) - 1
    k, fk = _search(f, k_max, side)
    assert 0 <= k <= k_max and fk == values[k]
    assert len(set(calls)) <= math.ceil(math.log2(max(k_max, 1))) + 2 * SCAN_HALF_WIDTH + 2
    if values[0] > 0 and values[k_max] <= 0 and side == "above":
        assert fk >= 0  # a shortfall that the tail censoring can repair, or exact


def test_table_reaching_zero_and_curve_reaching_zero():
    # Everyone gone by 6 (table) and the curve falls to 0 at 5: no subject survives past the table's word.
    rec = reconstruct_ipd([2, 2, 5, 5, 9], [1, 0.5, 0.5, 0, 0], n_risk_times=[0, 6], n_risk=[4, 0])
    np.testing.assert_array_equal(rec.diagnostics.risk_reconstructed, [4, 0])
    assert rec.n_events == 4 and np.all(rec.time <= 5)
