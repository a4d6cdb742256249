"""Gompertz, gamma, generalized gamma, splines and cure models: against published flexsurv values (its test suite
and Jackson 2016, J Stat Softw 70(8)) and against an independent likelihood written here.

The independent likelihood never uses trialscout's densities: S(t) = exp(-integral of the hazard) by adaptive
quadrature (scipy.integrate.quad) from a hazard written in closed form, or scipy.stats where it has the family.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, special, stats

from trialscout.extrapolate import fit_distribution, survival

from ._data import gbsg, r_data

# -- published flexsurv values -------------------------------------------------------------------------------
def test_ovarian_published_logliks():
    # flexsurv tests/testthat/test_flexsurvreg.R on survival::ovarian
    t, e, a, _ = r_data("ovarian")
    assert fit_distribution(t, e, "gamma").loglik == pytest.approx(-97.86379723453011, rel=1e-8)
    assert fit_distribution(t, e, "lognormal").loglik == pytest.approx(-97.12174204265681, rel=1e-9)
    assert fit_distribution(t, e, "weibull", arm=a).loglik == pytest.approx(-97.3641506645869, rel=1e-9)


def test_published_densities():
    from trialscout.extrapolate._families import FAMILIES

    x = np.array([1.0, 2.0, 3.0, 4.0])
    # flexsurv tests/testthat/test_gompertz.R: dgompertz(1:4, shape=0.1, rate=0.2)
    lf, _ = FAMILIES["gompertz"].logf_logs(x, [0.1, 0.2])
    np.testing.assert_allclose(np.exp(lf), [0.179105591827508, 0.156884811322895, 0.134101872197705,
                                            0.111571759992743], rtol=1e-12)
    # test_gengamma.R: dgengamma(1:4, mu=0, sigma=1, Q=1) is the unit exponential
    lf, ls = FAMILIES["gengamma"].logf_logs(x, [0.0, 1.0, 1.0])
    np.testing.assert_allclose(np.exp(lf), [0.367879441171442, 0.135335283236613, 0.0497870683678639,
                                            0.0183156388887342], rtol=1e-12)
    np.testing.assert_allclose(1 - np.exp(ls), [0.632120558828558, 0.864664716763387, 0.950212931632136,
                                                0.981684361111266], rtol=1e-12)


# -- the generalized gamma near the lognormal ----------------------------------------------------------------
def _gengamma_naive(x, mu, sigma, q):
    """Prentice's density and survival written directly (accurate to ~1e-9 for |Q| >= 1e-3)."""
    g = q ** -2
    w = (np.log(x) - mu) / sigma
    logf = (math.log(abs(q)) + g * math.log(g) - math.log(sigma) - np.log(x) - special.gammaln(g)
            + g * (q * w - np.exp(q * w)))
    u = g * np.exp(q * w)
    return logf, (special.gammaincc(g, u) if q > 0 else special.gammainc(g, u))


@pytest.mark.parametrize("q", [0.9, 0.2, 1e-2, 1e-3, -1e-3, -1e-2, -0.4, -1.5])
def test_gengamma_against_independent_forms(q):
    from trialscout.extrapolate._families import FAMILIES

    x = np.array([0.05, 0.4, 1.0, 2.5, 9.0])
    mu, sigma = 0.3, 0.8
    lf, ls = FAMILIES["gengamma"].logf_logs(x, [mu, sigma, q])
    ref_lf, ref_s = _gengamma_naive(x, mu, sigma, q)
    np.testing.assert_allclose(lf, ref_lf, atol=2e-8, rtol=0)
    np.testing.assert_allclose(np.exp(ls), ref_s, atol=1e-12)
    if abs(q) >= 0.1:  # T = exp(mu) (Q^2 Y)^(sigma/Q), Y ~ Gamma(Q^-2): scipy's gengamma(a=Q^-2, c=Q/sigma)
        ref = stats.gengamma(a=q ** -2, c=q / sigma, scale=math.exp(mu + (sigma / q) * math.log(q * q)))
        np.testing.assert_allclose(lf, ref.logpdf(x), atol=1e-10)
        np.testing.assert_allclose(np.exp(ls), ref.sf(x), atol=1e-12)


@pytest.mark.parametrize("q", [1e-2, 3.1e-3, 2.9e-3, 1e-3, 1e-5, 1e-8, 0.0, -1e-8, -1e-5, -1e-3, -2.9e-3, -3.1e-3])
def test_gengamma_survival_near_the_lognormal(q):
    # S(t) = integral of the density beyond t, by adaptive quadrature in w = (log t - mu)/sigma, in both tails
    # (relative accuracy): the incomplete-gamma branch (|Q| >= 3e-3) and the Gauss-Legendre branch agree
    from trialscout.extrapolate._families import FAMILIES

    mu, sigma = 0.3, 0.8
    fam = FAMILIES["gengamma"]

    def density_w(v):  # density of W: f(t) * sigma * t
        tt = math.exp(mu + sigma * v)
        return math.exp(fam.logf_logs(np.array([tt]), [mu, sigma, q])[0][0]) * sigma * tt

    for w in (-6.0, -4.5, -2.0, 0.0, 0.5, 3.0, 6.0):
        upper, _ = integrate.quad(density_w, w, 40.0, epsabs=0, epsrel=1e-13, limit=400)
        lower, _ = integrate.quad(density_w, -40.0, w, epsabs=0, epsrel=1e-13, limit=400)
        _, ls = fam.logf_logs(np.array([math.exp(mu + sigma * w)]), [mu, sigma, q])
        assert math.exp(ls[0]) == pytest.approx(upper, rel=1e-10)
        assert -math.expm1(ls[0]) == pytest.approx(lower, rel=1e-8)


def test_gengamma_smooth_through_zero():
    # the log-likelihood as a function of Q is continuous and smooth at Q = 0 (no switch-over jump)
    from trialscout.extrapolate._families import FAMILIES

    t, e, _ = gbsg()
    qs = np.array([-5e-3, -3.1e-3, -2.9e-3, -1e-3, 0.0, 1e-3, 2.9e-3, 3.1e-3, 5e-3])

    def ll(q):
        lf, ls = FAMILIES["gengamma"].logf_logs(t, [1.9, 0.95, q])
        return np.where(e, lf, ls).sum()

    v = np.array([ll(q) for q in qs])
    coef = np.polyfit(qs * 1e3, v, 4)  # a smooth function of Q: a quartic to 1e-9 over this range
    assert np.max(np.abs(v - np.polyval(coef, qs * 1e3))) < 1e-9


# -- an independent likelihood -------------------------------------------------------------------------------
def _scipy_family(dist: str, p):
    if dist == "gamma":
        a, b = p
        return stats.gamma(a, scale=1 / b)
    mu, sigma, q = p  # gengamma: T = exp(mu) (Q^2 Y)^(sigma/Q), Y ~ Gamma(Q^-2)
    return stats.gengamma(a=q ** -2, c=q / sigma, scale=math.exp(mu + (sigma / q) * math.log(q * q)))


def _spline_eta(x, gam, knots):
    """Royston-Parmar natural cubic spline written out term by term (Royston & Parmar 2002, eq. 4)."""
    kmin, kmax = knots[0], knots[-1]
    s, ds = gam[0] + gam[1] * x, gam[1]
    for j, k in enumerate(knots[1:-1]):
        lam = (kmax - k) / (kmax - kmin)
        s += gam[j + 2] * (max(x - k, 0) ** 3 - lam * max(x - kmin, 0) ** 3 - (1 - lam) * max(x - kmax, 0) ** 3)
        ds += gam[j + 2] * 3 * (max(x - k, 0) ** 2 - lam * max(x - kmin, 0) ** 2 - (1 - lam) * max(x - kmax, 0) ** 2)
    return s, ds


def _independent_loglik(dist, p, t, e, knots=None, scale=None):
    total = 0.0
    if dist.startswith("spline"):
        for ti, ei in zip(t, e):
            x = math.log(ti)
            eta, deta = _spline_eta(x, p, knots)
            if scale == "hazard":  # H = exp(eta), h = H deta / t
                logs, logh = -math.exp(eta), eta + math.log(deta) - x
            elif scale == "odds":  # S = 1 / (1 + exp(eta))
                logs = -math.log1p(math.exp(eta))
                logh = math.log(deta) - x + eta + logs
            else:
                logs = stats.norm.logsf(eta)
                logh = math.log(deta) - x + stats.norm.logpdf(eta) - logs
            total += logs + (logh if ei else 0.0)
        return total
    if dist == "gompertz":  # S = exp(-integral of h), h(t) = b exp(a t), by adaptive quadrature
        a, b = p
        for ti, ei in zip(t, e):
            cum, _ = integrate.quad(lambda u: b * math.exp(a * u), 0, ti, epsabs=1e-14, epsrel=1e-12)
            total += -cum + (math.log(b) + a * ti if ei else 0.0)
        return total
    ref = _scipy_family(dist, p)
    return float(np.sum(np.where(e, ref.logpdf(t), ref.logsf(t))))


@pytest.mark.parametrize("dist", ["gompertz", "gamma", "gengamma"])
def test_independent_likelihood_parametric(dist):
    t, e, g = gbsg()
    m = g == "grade2"
    fit = fit_distribution(t[m], e[m], dist, label="grade2")
    assert fit.converged
    p = [float(v.value) for v in fit.parameters().values()]
    assert fit.loglik == pytest.approx(_independent_loglik(dist, p, t[m], e[m]), rel=1e-8)
    # a maximum: moving any parameter lowers the independent log-likelihood
    se = fit.std_err()
    for j in range(len(p)):
        for sign in (-1, 1):
            th = fit.theta.copy()
            th[j] += sign * 0.2 * se[j]
            q = [float(v) for v in np.concatenate([np.exp(th[:1]) if fit.family.transforms[0] == "log" else th[:1],
                                                   [np.exp(th[k]) if fit.family.transforms[k] == "log" else th[k]
                                                    for k in range(1, len(th))]])]
            assert _independent_loglik(dist, q, t[m], e[m]) < fit.loglik


@pytest.mark.parametrize("scale", ["hazard", "odds", "normal"])
def test_independent_likelihood_spline(scale):
    t, e, _ = gbsg()
    fit = fit_distribution(t, e, f"spline:k=2:scale={scale}")
    assert fit.converged
    knots = np.quantile(np.log(t[e]), [0, 1 / 3, 2 / 3, 1])
    np.testing.assert_allclose(fit.family.knots, knots, rtol=1e-12)
    assert fit.loglik == pytest.approx(_independent_loglik("spline", fit.theta, t, e, knots, scale), rel=1e-10)


def test_cure_against_an_independent_fit():
    # mixture cure Weibull: S = pi + (1 - pi) exp(-(t/b)^a), maximized here with Nelder-Mead from scratch
    from scipy import optimize

    rng = np.random.default_rng(7)
    n = 300
    cured = rng.random(n) < 0.35
    tt = np.where(cured, np.inf, rng.weibull(1.4, n) * 10)
    c = rng.uniform(20, 40, n)
    t, e = np.minimum(tt, c), tt <= c

    def nll(v):
        a, b, pi = math.exp(v[0]), math.exp(v[1]), special.expit(v[2])
        z = (t / b) ** a
        f = (1 - pi) * a / b * (t / b) ** (a - 1) * np.exp(-z)
        s = pi + (1 - pi) * np.exp(-z)
        return -np.sum(np.where(e, np.log(f), np.log(s)))

    ref = optimize.minimize(nll, [0.0, 2.0, 0.0], method="Nelder-Mead",
                            options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20000, "maxfev": 40000})
    fit = fit_distribution(t, e, "cure:weibull")
    assert fit.converged
    assert fit.loglik == pytest.approx(-ref.fun, rel=1e-9)
    np.testing.assert_allclose(fit.theta, ref.x, atol=2e-4)
    assert fit.cure_fraction() == pytest.approx(special.expit(ref.x[2]), abs=1e-4)
    assert abs(fit.cure_fraction() - 0.35) < 0.08  # within sampling error of the truth
    # the plateau: S(t) tends to the cure fraction
    assert survival(fit, [1e6])[0].value == pytest.approx(fit.cure_fraction(), rel=1e-9)


def test_gompertz_negative_shape_is_a_plateau():
    rng = np.random.default_rng(11)
    a, b = -0.15, 0.12  # S(inf) = exp(b/a) = 0.449
    u = rng.random(500)
    # invert S(t) = exp(-(b/a)(exp(a t) - 1)) = u where u > S(inf), else never
    with np.errstate(invalid="ignore", divide="ignore"):
        tt = np.where(u > math.exp(b / a), np.log1p(-a * np.log(u) / b) / a, np.inf)
    c = rng.uniform(30, 60, 500)
    t, e = np.minimum(tt, c), tt <= c
    fit = fit_distribution(t, e, "gompertz")
    assert fit.converged
    p = fit.parameters()
    assert p["shape"].value < 0 and p["shape"].upper < 0
    assert abs(fit.cure_fraction() - math.exp(b / a)) < 0.06


def test_ovarian_gompertz_loglik_at_flexsurv_start():
    # flexsurv tests/testthat/test_flexsurvreg.R: the Gompertz log-likelihood on ovarian at flexsurv's default
    # initial values (shape 0.001, rate 1/mean(time)), with fixedpars=TRUE: -112.8294446076947
    from trialscout.extrapolate._families import FAMILIES

    t, e, _, _ = r_data("ovarian")
    lf, ls = FAMILIES["gompertz"].logf_logs(t, [0.001, 1 / t.mean()])
    assert np.where(e, lf, ls).sum() == pytest.approx(-112.8294446076947, rel=1e-12)
