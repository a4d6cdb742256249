"""Group-sequential designs: efficacy and futility bounds and their operating characteristics."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize, stats

from .._results import freeze_arrays
from .._validate import InputError
from ._integrate import Stage, advance, first_tail
from .spending import SpendingFunction, boundary_shape, spending_function

__all__ = ["GroupSequentialDesign", "group_sequential_design", "stage_probabilities"]

_ZMAX = 40.0
_XTOL = 1e-13


@dataclass(frozen=True, slots=True)
class GroupSequentialDesign:
    """A group-sequential design and its characteristics.

    Attributes
    ----------
    k : int
        Number of looks.
    information_rates : ndarray
        Information fractions t_1 < ... < t_K = 1.
    alpha, beta : float
        Type I error (total over both sides when ``sided`` = 2) and type II error.
    sided : int
        1, or 2 for symmetric two-sided bounds.
    critical_z : ndarray
        Efficacy bounds on the z scale (reject when Z_k >= c_k; two-sided: |Z_k| >= c_k).
    nominal_alpha : ndarray
        One-sided stage levels 1 - Phi(c_k).
    alpha_spent : ndarray
        Cumulative type I error spent at each look (under H0, with the futility bounds only if binding).
    futility_z : ndarray or None
        Futility bounds for looks 1 .. K-1 (stop when Z_k < f_k); None without futility.
    beta_spent : ndarray or None
        Cumulative type II error spent by beta spending, for looks 1 .. K; None otherwise.
    binding : bool
        Whether the futility bounds are binding (taken into account when spending alpha).
    drift : float
        Mean of Z_K under H1 that gives power 1 - beta.
    inflation_factor : float
        (drift / (z_{1-alpha/sided} + z_{1-beta}))^2: maximum information over the fixed-design information.
    power : ndarray
        Cumulative probability of rejecting (upper side) by each look under H1.
    rejection_probabilities, futility_probabilities : ndarray
        Per-look probabilities under H1 of rejecting and of stopping for futility (futility: looks 1 .. K-1).
    rejection_probabilities_h0, futility_probabilities_h0 : ndarray
        The same under H0 (with futility stops, binding or not).
    expected_information_h0, expected_information_h1 : float
        Expected information at stopping relative to the fixed design (rpact's "average sample number").
    efficacy, futility : str
        Descriptions of the efficacy and futility rules.
    """

    k: int
    information_rates: np.ndarray
    alpha: float
    beta: float
    sided: int
    critical_z: np.ndarray
    nominal_alpha: np.ndarray
    alpha_spent: np.ndarray
    futility_z: np.ndarray | None
    beta_spent: np.ndarray | None
    binding: bool
    drift: float
    inflation_factor: float
    power: np.ndarray
    rejection_probabilities: np.ndarray
    futility_probabilities: np.ndarray
    rejection_probabilities_h0: np.ndarray
    futility_probabilities_h0: np.ndarray
    expected_information_h0: float
    expected_information_h1: float
    efficacy: str
    futility: str

    def __post_init__(self):
        freeze_arrays(self)

    def lower_bounds(self) -> np.ndarray:
        """Per-look bounds below which the trial stops without rejecting (-inf where there is none)."""
        lo = np.full(self.k, -np.inf)
        if self.sided == 2:
            return -self.critical_z  # two-sided: the lower bound rejects too; see ``stage_probabilities``
        if self.futility_z is not None:
            lo[: self.k - 1] = self.futility_z
        lo[-1] = self.critical_z[-1]
        return lo

    def probabilities(self, drift: float) -> tuple[np.ndarray, np.ndarray]:
        """Per-look probabilities of rejecting (upper side) and of stopping for futility at a drift."""
        return stage_probabilities(self.information_rates, self.critical_z, self._futility_full(), drift,
                                   two_sided=False)

    def _futility_full(self) -> np.ndarray:
        lo = np.full(self.k, -np.inf)
        if self.futility_z is not None:
            lo[: self.k - 1] = self.futility_z
        return lo

    def as_dict(self) -> dict:
        f = None if self.futility_z is None else [float(x) for x in self.futility_z]
        return {
            "k": self.k, "information_rates": [float(x) for x in self.information_rates],
            "critical_z": [float(x) for x in self.critical_z],
            "nominal_alpha": [float(x) for x in self.nominal_alpha],
            "alpha_spent": [float(x) for x in self.alpha_spent],
            "futility_z": f,
            "beta_spent": None if self.beta_spent is None else [float(x) for x in self.beta_spent],
            "inflation_factor": float(self.inflation_factor),
            "power": [float(x) for x in self.power],
            "rejection_probabilities": [float(x) for x in self.rejection_probabilities],
            "futility_probabilities": [float(x) for x in self.futility_probabilities],
            "expected_information_h0": float(self.expected_information_h0),
            "expected_information_h1": float(self.expected_information_h1),
        }


def stage_probabilities(t, upper, lower, drift: float, *, two_sided: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Per-look probabilities of crossing ``upper`` and of falling below ``lower`` (having continued before).

    Two-sided (symmetric), the continuation region is (-upper, upper) and the second array holds the
    probabilities of crossing the lower bound -upper.
    """
    t = np.asarray(t, dtype=float)
    k = len(t)
    up = np.zeros(k)
    down = np.zeros(k)
    prev: Stage | None = None
    for j in range(k):
        b = float(upper[j])
        a = -b if two_sided else float(lower[j])
        up[j] = first_tail(prev, t[j], drift, b, upper=True)
        down[j] = first_tail(prev, t[j], drift, a, upper=False) if a > -math.inf else 0.0
        if j < k - 1:
            prev = advance(prev, t[j], t[j + 1], drift, a, b)
    return up, down


def _solve_stage(target: float, prob, clip: bool = False) -> float:
    """The bound b with prob(b) = target, prob decreasing in b; inf when nothing is to be spent."""
    if target <= 1e-15:
        return math.inf
    lo, hi = -_ZMAX / 4, _ZMAX
    if prob(lo) < target:
        if clip:
            return lo
        raise InputError("the error to spend at a look exceeds what that look can spend; the spending "
                         "function or the futility bounds are inconsistent")
    return float(optimize.brentq(lambda b: prob(b) - target, lo, hi, xtol=_XTOL, rtol=4 * np.finfo(float).eps,
                                 maxiter=500))


def _check_inputs(k, information_rates, alpha, beta, sided):
    if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or k < 1 or k > 20:
        raise InputError(f"`k` must be a whole number of looks from 1 to 20; got {k!r}")
    if information_rates is None:
        t = np.arange(1, k + 1) / k
    else:
        t = np.asarray(information_rates, dtype=float).ravel()
        if len(t) != k:
            raise InputError(f"`information_rates` must have `k` = {k} values; got {len(t)}")
        if not np.all(np.isfinite(t)) or t[0] <= 0 or np.any(np.diff(t) <= 0):
            raise InputError(f"`information_rates` must be strictly increasing and positive; got {t.tolist()}")
        if abs(t[-1] - 1.0) > 1e-12:
            raise InputError(f"`information_rates` must end at 1; got {t.tolist()}")
        t[-1] = 1.0
    for name, v in (("alpha", alpha), ("beta", beta)):
        if not isinstance(v, (int, float)) or isinstance(v, bool) or not 0 < v < 1 or not math.isfinite(v):
            raise InputError(f"`{name}` must be a number strictly between 0 and 1; got {v!r}")
    if sided not in (1, 2):
        raise InputError(f"`sided` must be 1 or 2; got {sided!r}")
    if sided == 2 and alpha >= 1 - beta:
        pass
    return t


def group_sequential_design(
    k: int = 1,
    information_rates=None,
    *,
    alpha: float = 0.025,
    beta: float = 0.2,
    sided: int = 1,
    spending: str | None = "lan_demets_obrien_fleming",
    spending_parameter: float | None = None,
    boundary: str | None = None,
    boundary_delta: float | None = None,
    futility_spending: str | None = None,
    futility_parameter: float | None = None,
    futility_bounds=None,
    binding: bool = False,
) -> GroupSequentialDesign:
    """Efficacy (and futility) bounds of a group-sequential design, and its characteristics.

    Parameters
    ----------
    k : int
        Number of looks (1 = fixed design).
    information_rates : array_like, optional
        Information fractions, strictly increasing and ending at 1 (default equally spaced).
    alpha : float
        Type I error, one-sided; for ``sided`` = 2 the total over both sides.
    beta : float
        Type II error (power 1 - beta).
    sided : {1, 2}
        Two-sided designs have symmetric bounds and no futility bound.
    spending : str
        Alpha-spending function: ``lan_demets_obrien_fleming``, ``lan_demets_pocock``, ``kim_demets_power``
        (``spending_parameter`` = rho) or ``hwang_shih_decani`` (gamma). Ignored when ``boundary`` is given.
    boundary : str, optional
        Classical boundary instead of spending: ``obrien_fleming``, ``pocock`` or ``wang_tsiatis``
        (``boundary_delta``).
    futility_spending : str, optional
        Beta-spending function for futility bounds: ``obrien_fleming_type``, ``pocock_type``,
        ``kim_demets_power`` or ``hwang_shih_decani`` (``futility_parameter``).
    futility_bounds : array_like, optional
        Fixed z futility bounds for looks 1 .. K-1 (``-inf`` for none at a look).
    binding : bool
        Binding futility bounds are taken into account when spending alpha.

    Returns
    -------
    GroupSequentialDesign

    Raises
    ------
    InputError
        alpha or beta outside (0, 1), information rates not increasing, unknown families, inconsistent
        futility bounds.

    Notes
    -----
    Alpha spending (Lan & DeMets 1983): c_k solves P_0(Z_1 < c_1, ..., Z_{k-1} < c_{k-1}, Z_k >= c_k) =
    f(t_k) - f(t_{k-1}); two-sided, with |Z_j| in place of Z_j and 2 f(t; alpha / 2) spent in total (the same
    as f(t; alpha) for the families linear in alpha). Classical
    boundaries c * s_k solve for the single constant c. Beta spending (Pampallona, Tsiatis & Kim 2001): for a drift
    delta the futility bound f_k solves P_delta(continue to k, Z_k < f_k) = g(t_k) - g(t_{k-1}), and delta is the
    drift for which the last futility bound meets the last efficacy bound. Without beta spending, delta gives power
    1 - beta with the bounds fixed. Every probability comes from the numerical integration of
    :mod:`trialscout.design._integrate` (Jennison & Turnbull 2000, ch. 19). An interim futility bound computed by
    beta spending above the efficacy bound is cut to it.

    References
    ----------
    Jennison C, Turnbull BW. Group Sequential Methods with Applications to Clinical Trials. 2000.
    Lan KKG, DeMets DL. Discrete sequential boundaries for clinical trials. Biometrika 1983;70:659-663.
    Kim K, DeMets DL. Design and analysis of group sequential tests based on the type I error spending rate
    function. Biometrika 1987;74:149-154.
    Hwang IK, Shih WJ, DeCani JS. Group sequential designs using a family of type I error probability spending
    functions. Stat Med 1990;9:1439-1445.

    Examples
    --------
    >>> d = group_sequential_design(3, alpha=0.025, beta=0.2)
    >>> round(float(d.critical_z[-1]), 4)
    2.0032
    """
    t = _check_inputs(k, information_rates, alpha, beta, sided)
    two = sided == 2
    if boundary is not None:
        shape = boundary_shape(boundary, t, boundary_delta)
        eff_desc = f"classical {boundary}" + (f" (delta = {boundary_delta:g})" if boundary == "wang_tsiatis" else "")
        alpha_fn: SpendingFunction | None = None
    else:
        alpha_fn = spending_function(spending or "lan_demets_obrien_fleming", spending_parameter,
                                     where="efficacy.spending")
        shape = None
        eff_desc = f"alpha spending: {alpha_fn.describe()}"
    beta_fn: SpendingFunction | None = None
    fixed_f = None
    if futility_spending is not None and futility_bounds is not None:
        raise InputError("give futility either by `futility_spending` or by fixed `futility_bounds`, not both")
    if (futility_spending is not None or futility_bounds is not None) and two:
        raise NotImplementedError("futility bounds are supported for one-sided designs (`sided` = 1) only")
    if futility_spending is not None and k == 1:
        futility_spending = None
    if futility_spending is not None:
        beta_fn = spending_function(futility_spending, futility_parameter, where="futility.spending")
        fut_desc = f"beta spending: {beta_fn.describe()}, {'binding' if binding else 'non-binding'}"
    elif futility_bounds is not None:
        fixed_f = np.asarray(futility_bounds, dtype=float).ravel()
        if len(fixed_f) != k - 1:
            raise InputError(f"`futility.bounds` must have `k` - 1 = {k - 1} values (one per interim look); "
                             f"got {len(fixed_f)}")
        if np.any(np.isnan(fixed_f)):
            raise InputError("`futility.bounds` must be numbers (use -inf for no bound at a look)")
        fut_desc = f"fixed z bounds, {'binding' if binding else 'non-binding'}"
    else:
        fut_desc = "none"
        binding = False

    def efficacy_bounds(lower_full: np.ndarray | None) -> np.ndarray:
        """Efficacy bounds under H0 with the given (binding) lower bounds, or none."""
        lo = np.full(k, -np.inf) if lower_full is None else lower_full
        if alpha_fn is not None:
            # two-sided: each side spends alpha / 2 by the family, the total being twice that
            cum = sided * alpha_fn.cumulative(t, alpha / sided)
            b = np.empty(k)
            prev: Stage | None = None
            for j in range(k):
                target = cum[j] - (cum[j - 1] if j else 0.0)

                def prob(x, j=j, prev=prev):
                    p = first_tail(prev, t[j], 0.0, x, True)
                    if two:
                        p += first_tail(prev, t[j], 0.0, -x, False)
                    return p

                b[j] = _solve_stage(target, prob)
                if j < k - 1:
                    a = -b[j] if two else lo[j]
                    prev = advance(prev, t[j], t[j + 1], 0.0, min(a, b[j]), b[j])
            return b
        assert shape is not None

        def total(c):
            up, down = stage_probabilities(t, c * shape, lo, 0.0, two_sided=two)
            return up.sum() + (down.sum() if two else 0.0)

        c = optimize.brentq(lambda c: total(c) - alpha, 0.1, _ZMAX, xtol=_XTOL, rtol=4 * np.finfo(float).eps)
        return c * shape

    beta_spent = None
    fut: np.ndarray | None
    if beta_fn is not None:
        bcum = beta_fn.cumulative(t, beta)
        b_nb = efficacy_bounds(None) if not binding else None

        def bounds_at(drift: float) -> tuple[np.ndarray, np.ndarray]:
            """Efficacy and futility bounds (futility at all K looks) for a drift."""
            fz = np.full(k, -np.inf)
            b = np.empty(k) if binding else b_nb.copy()  # type: ignore[union-attr]
            cum = alpha_fn.cumulative(t, alpha) if alpha_fn is not None else None
            prev0: Stage | None = None
            prev1: Stage | None = None
            for j in range(k):
                if binding:
                    if cum is not None:
                        target = cum[j] - (cum[j - 1] if j else 0.0)
                        b[j] = _solve_stage(target, lambda x, j=j, p=prev0: first_tail(p, t[j], 0.0, x, True), clip=True)
                    else:
                        raise NotImplementedError("binding beta-spending futility with a classical boundary is "
                                                  "not supported; use alpha spending")
                target_b = bcum[j] - (bcum[j - 1] if j else 0.0)
                if target_b <= 1e-15:
                    fz[j] = -np.inf
                else:
                    fz[j] = -_solve_stage(target_b, lambda x, j=j, p=prev1: first_tail(p, t[j], drift, -x, False),
                                          clip=True)
                if j < k - 1:
                    fz[j] = min(fz[j], b[j])
                    prev0 = advance(prev0, t[j], t[j + 1], 0.0, fz[j] if binding else -np.inf, b[j])
                    prev1 = advance(prev1, t[j], t[j + 1], drift, fz[j], b[j])
            return b, fz

        z_fixed = stats.norm.isf(alpha / sided) + stats.norm.isf(beta)
        drift = float(optimize.brentq(lambda d: (lambda bf: bf[1][-1] - bf[0][-1])(bounds_at(d)),
                                      0.999 * z_fixed, 3.0 * z_fixed, xtol=1e-13))
        crit, fz_all = bounds_at(drift)
        fut = fz_all[: k - 1].copy()
        beta_spent = bcum.copy()
    else:
        fut = None if fixed_f is None else fixed_f.copy()
        lo_full = None
        if fut is not None and binding:
            lo_full = np.concatenate([fut, [-np.inf]])
        crit = efficacy_bounds(lo_full)
        if fut is not None:
            fut = np.minimum(fut, crit[: k - 1])
        drift = math.nan

    lower = np.full(k, -np.inf)
    if fut is not None:
        lower[: k - 1] = fut
    # type I error actually spent (cumulative), the futility bounds counted only when binding
    up0, down0 = stage_probabilities(t, crit, lower if binding else np.full(k, -np.inf), 0.0, two_sided=two)
    spent = np.cumsum(up0 + (down0 if two else 0.0))

    def power_at(d: float) -> float:
        up, _ = stage_probabilities(t, crit, lower, d, two_sided=False)
        return float(up.sum())

    if beta_fn is None:
        z_fixed = stats.norm.isf(alpha / sided) + stats.norm.isf(beta)
        drift = float(optimize.brentq(lambda d: power_at(d) - (1 - beta), 0.0, 3 * z_fixed + 10,
                                      xtol=1e-13, rtol=4 * np.finfo(float).eps))
    z_fixed = stats.norm.isf(alpha / sided) + stats.norm.isf(beta)
    inflation = (drift / z_fixed) ** 2
    rej1, fut1 = stage_probabilities(t, crit, lower, drift, two_sided=False)
    rej0, fut0 = stage_probabilities(t, crit, lower, 0.0, two_sided=two)
    if two:
        rej0, fut0 = rej0 + fut0, np.zeros(k)
        rej1_two, low1 = stage_probabilities(t, crit, lower, drift, two_sided=True)
        stop1 = rej1_two + low1
    else:
        stop1 = rej1 + fut1
    stop0 = rej0 + fut0
    # expected information relative to the fixed design: inflation * sum_k t_k P(stop at k)
    def expected(stop):
        s = stop.copy()
        s[-1] = 1.0 - s[:-1].sum()
        return float(inflation * np.dot(t, s))

    return GroupSequentialDesign(
        k=int(k), information_rates=t, alpha=float(alpha), beta=float(beta), sided=int(sided),
        critical_z=crit, nominal_alpha=stats.norm.sf(crit), alpha_spent=spent,
        futility_z=fut, beta_spent=beta_spent, binding=bool(binding), drift=drift, inflation_factor=inflation,
        power=np.cumsum(rej1), rejection_probabilities=rej1, futility_probabilities=fut1[: k - 1],
        rejection_probabilities_h0=rej0, futility_probabilities_h0=fut0[: k - 1],
        expected_information_h0=expected(stop0), expected_information_h1=expected(stop1),
        efficacy=eff_desc, futility=fut_desc,
    )
