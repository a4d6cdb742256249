"""Cleaning of digitized points: PAVA, scale, (0, 1), vertical drops, errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import isotonic_regression

from trialscout._validate import InputError
from trialscout.reconstruct import clean_curve, pava_nonincreasing


def test_pava_hand_cases():
    # [1, 3, 2]: 3 > 1 pools to (2, 2), then 2 <= 2 holds: all 2.
    np.testing.assert_allclose(pava_nonincreasing([1.0, 3.0, 2.0]), [2.0, 2.0, 2.0])
    # [3, 1, 2]: 2 > 1 pools the last two to 1.5.
    np.testing.assert_allclose(pava_nonincreasing([3.0, 1.0, 2.0]), [3.0, 1.5, 1.5])
    # weights: [1 (w=3), 2 (w=1)] pools to (3*1 + 2) / 4 = 1.25.
    np.testing.assert_allclose(pava_nonincreasing([1.0, 2.0], [3.0, 1.0]), [1.25, 1.25])
    assert len(pava_nonincreasing([])) == 0


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(-10, 10, allow_nan=False), min_size=1, max_size=40),
    st.data(),
)
def test_pava_matches_scipy(y, data):
    w = data.draw(st.lists(st.floats(0.1, 5), min_size=len(y), max_size=len(y)))
    ours = pava_nonincreasing(np.array(y), np.array(w))
    ref = isotonic_regression(y, weights=w, increasing=False).x
    np.testing.assert_allclose(ours, ref, rtol=1e-10, atol=1e-10)


def test_percent_scale_sorting_and_origin():
    # Out of order, on the 0-100 scale, without the (0, 100) point.
    c = clean_curve([10, 2, 6], [50, 90, 70])
    assert c.percent_scale
    np.testing.assert_allclose(c.time, [0, 2, 6, 10])
    np.testing.assert_allclose(c.survival, [1.0, 0.9, 0.7, 0.5])
    c2 = clean_curve([2, 6, 10], [0.9, 0.7, 0.5])
    assert not c2.percent_scale
    np.testing.assert_allclose(c2.survival, c.survival)


def test_isotonic_pools_violations():
    # A click 0.004 above 1 is clipped to 1 (counted in n_clipped, not as an adjustment).
    c = clean_curve([0.5, 3, 4, 8], [1.004, 0.8, 0.81, 0.6], monotone="isotonic")
    assert c.survival[1] == 1.0
    # 0.80, 0.81 violate non-increase: both become their mean 0.805 (3 and 4 are further apart than the
    # vertical-drop tolerance, 0.5% of 8).
    np.testing.assert_allclose(c.survival[2:4], [0.805, 0.805])
    assert c.n_adjusted == 2 and c.n_clipped == 1
    assert c.max_adjustment == pytest.approx(0.005)


def test_rearrangement_swaps_the_levels_of_clicks_out_of_time_order():
    # The foot of the step at 3 (0.80) was clicked a little early, after the top (0.81) of the next step:
    # the k-th time keeps the k-th largest survival, so 3 -> 0.81 and 4 -> 0.80; nothing is averaged.
    c = clean_curve([0.5, 3, 4, 8], [1.004, 0.8, 0.81, 0.6])
    np.testing.assert_allclose(c.survival, [1.0, 1.0, 0.81, 0.80, 0.6])
    assert c.monotone == "rearrange"
    assert c.n_adjusted == 2 and c.max_adjustment == pytest.approx(0.01)
    with pytest.raises(InputError, match="`monotone` must be"):
        clean_curve([1, 2], [0.9, 0.8], monotone="sort")


def test_vertical_drop_collapses_to_its_foot():
    # Top and foot of a drop at t = 5 clicked with 0.01 of time noise (span 10, tolerance 0.05).
    c = clean_curve([4.99, 5.01, 10], [1.0, 0.7, 0.7])
    np.testing.assert_allclose(c.time, [0, 5.0, 10])
    np.testing.assert_allclose(c.survival, [1, 0.7, 0.7])
    assert c.n_collapsed == 1


def test_clicks_at_time_zero_and_small_negative_times():
    c = clean_curve([-0.02, 0, 3, 10], [1.0, 0.99, 0.8, 0.6])
    assert c.time[0] == 0 and c.survival[0] == 1
    assert np.all(c.time[1:] > 0)
    assert c.n_clipped == 1


def test_errors_name_the_curve_and_rows():
    with pytest.raises(InputError, match=r"km\.csv: missing or non-numeric values; row 3"):
        clean_curve([1, 2, np.nan], [0.9, 0.8, 0.7], name="km.csv", labels=[1, 2, 3])
    with pytest.raises(InputError, match=r"times must be non-negative; row 0 has -5.0"):
        clean_curve([-5, 2, 10], [1, 0.8, 0.7])
    # Two curves mixed in one file: sorted by time, survival jumps from 0.3 back to 0.9.
    with pytest.raises(InputError, match=r"not a survival curve once sorted by time: row 12"):
        clean_curve([1, 2, 3, 4, 5], [0.5, 0.4, 0.9, 0.3, 0.85], labels=[10, 11, 12, 13, 14])
    with pytest.raises(InputError, match="no digitized points"):
        clean_curve([], [])
    with pytest.raises(InputError, match="different lengths"):
        clean_curve([1, 2], [0.5])
    with pytest.raises(InputError, match=r"must lie in 0-1 or 0-100"):
        clean_curve([1, 2], [250, 50])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0, 100), st.floats(0, 1)), min_size=1, max_size=60),
    st.sampled_from(["rearrange", "isotonic"]),
)
def test_cleaned_curve_invariants(points, monotone):
    t, s = np.array(points).T
    try:
        c = clean_curve(t, s, monotone=monotone, max_rise=1.0)  # accept any cloud: test the shape only
    except InputError as e:
        assert "no length" in str(e)  # all times 0
        return
    assert c.time[0] == 0 and c.survival[0] == 1
    assert np.all(np.diff(c.time) > 0)
    assert np.all(np.diff(c.survival) <= 0)
    assert np.all((c.survival >= 0) & (c.survival <= 1))
    assert c.end == pytest.approx(max(t.max(), 0))
    np.testing.assert_array_equal(c.step(c.time), c.survival)
