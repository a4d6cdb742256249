"""Background mortality from a life table, and relative-survival fits."""

from __future__ import annotations

import math

import numpy as np
import pytest

from trialscout._validate import InputError
from trialscout.extrapolate import (background_mortality, extrapolate, fit_distribution, read_life_table,
                                    survival)


@pytest.fixture
def table(tmp_path):
    p = tmp_path / "lt.csv"
    # two sexes, ages 60..62 (the last band open): annual qx
    p.write_text("age,sex,qx\n60,M,0.01\n61,M,0.02\n62,M,0.05\n60,F,0.005\n61,F,0.01\n62,F,0.03\n")
    return read_life_table(p)


def test_cumulative_hazard_by_hand(table):
    h60, h61, h62 = -math.log(0.99), -math.log(0.98), -math.log(0.95)
    assert table.cumulative_hazard(60.5, "m") == pytest.approx(0.5 * h60, rel=1e-14)
    assert table.cumulative_hazard(61.25, "M") == pytest.approx(h60 + 0.25 * h61, rel=1e-14)
    assert table.cumulative_hazard(64.0, "M") == pytest.approx(h60 + h61 + 2 * h62, rel=1e-14)  # open last band
    assert table.hazard_at(61.9, "F") == pytest.approx(-math.log(0.99), rel=1e-14)


def test_cohort_survival_by_hand(table):
    # two men entering at 60 and 61.5, months as the time unit: Ederer's exact cohort survival at 12 months
    bg = background_mortality(table, [60.0, 61.5], ["M", "M"], time_unit="months")
    h60, h61, h62 = -math.log(0.99), -math.log(0.98), -math.log(0.95)
    s1 = math.exp(-h60)                      # 60 -> 61
    s2 = math.exp(-(0.5 * h61 + 0.5 * h62))  # 61.5 -> 62.5
    assert bg.survival([12.0])[0] == pytest.approx((s1 + s2) / 2, rel=1e-14)
    # per-subject hazard per month at their own times (6 months: ages 60.5 and 62.0)
    np.testing.assert_allclose(bg.hazard(np.array([6.0, 6.0])), np.array([h60, h62]) / 12, rtol=1e-14)


def test_relative_survival_likelihood(table):
    rng = np.random.default_rng(2)
    n = 200
    t = rng.weibull(1.3, n) * 20
    c = rng.uniform(10, 40, n)
    time, event = np.minimum(t, c), t <= c
    bh = rng.uniform(0.001, 0.004, n)
    f = fit_distribution(time, event, "weibull", bhazard=bh)
    a, b = f.parameters()["shape"].value, f.parameters()["scale"].value
    # Nelson et al. (2007): sum of d log(h_bg + h) - H (the background survival does not depend on the model)
    h = a / b * (time / b) ** (a - 1)
    ll = np.sum(np.where(event, np.log(bh + h), 0.0) - (time / b) ** a)
    assert f.loglik == pytest.approx(ll, rel=1e-12)
    # with a zero background hazard it is the ordinary fit
    assert fit_distribution(time, event, "weibull", bhazard=np.zeros(n)).loglik == pytest.approx(
        fit_distribution(time, event, "weibull").loglik, rel=1e-10)


def test_extrapolate_with_a_life_table(table):
    rng = np.random.default_rng(4)
    n = 300
    cured = rng.random(n) < 0.4
    t = np.where(cured, np.inf, rng.weibull(1.2, n) * 10)
    c = rng.uniform(24, 48, n)
    time, event = np.minimum(t, c), t <= c
    age = rng.uniform(60, 62, n)
    sex = rng.choice(["M", "F"], n)
    res = extrapolate(time, event, distributions=["cure:weibull"], horizon=600, times=[120.0, 600.0],
                      life_table=table, age=age, sex=sex, time_unit="months")
    (fit,) = res.fits
    bg = background_mortality(table, age, sex, time_unit="months")
    s = survival(fit, [600.0])[0].value
    pi = fit.cure_fraction()
    # all-cause survival = background survival x (pi + (1 - pi) S_u): at 50 years, nearly pi x S_bg
    assert s == pytest.approx(bg.survival([600.0])[0] * pi, rel=1e-3)
    assert res.predictions[0][0].mean.value < res.horizon


def test_life_table_errors(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("age,qx\n60,0.01\n61,1.2\n")
    with pytest.raises(InputError, match=r"'qx' must lie in \[0, 1\); line 3"):
        read_life_table(p)
    p.write_text("years,qx\n60,0.01\n")
    with pytest.raises(InputError, match="needs columns 'age'"):
        read_life_table(p)
    p.write_text("age,sex,qx\n60,M,0.01\n")
    t = read_life_table(p)
    with pytest.raises(InputError, match="no rows for sex 'f'"):
        background_mortality(t, [60.0], ["F"])
    with pytest.raises(InputError, match="`age` .* is required"):
        extrapolate([1.0, 2.0], [True, False], distributions=["weibull"], life_table=t)
