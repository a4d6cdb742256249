"""Maximum-likelihood fits of parametric, spline and mixture-cure survival models, with covariance from the Hessian.

The worker functions take plain arrays. The log-likelihood is on the time scale, as flexsurv and
``survival::survreg`` report it: sum over events of log f(t_i) plus sum over censored times of log S(t_i).
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, special, stats

from .._results import Estimate, freeze_arrays
from .._validate import InputError, TrialscoutError, as_event, as_time, check_confidence_level
from ._families import FAMILIES, CureFamily, Family, SplineFamily, make_cure, make_spline, spline_basis

__all__ = ["ParametricFit", "fit_distribution", "fit_models", "parse_distribution", "DISTRIBUTIONS",
           "ConvergenceError"]

#: The names ``--dists`` accepts besides ``spline:k=K:scale=S`` and ``cure:DIST``.
DISTRIBUTIONS = ("exponential", "weibull", "gompertz", "loglogistic", "lognormal", "gamma", "gengamma")
_SCALES = ("hazard", "odds", "normal")
_ALIASES = {"exp": "exponential", "llogis": "loglogistic", "lnorm": "lognormal", "gengamma": "gengamma",
            "generalized-gamma": "gengamma", "log-logistic": "loglogistic", "log-normal": "lognormal"}


class ConvergenceError(TrialscoutError):
    """The maximum-likelihood fit of a model did not converge."""


@dataclass(frozen=True)
class _Spec:
    """A parsed distribution name: the family, or the spline settings still to be placed on the data."""

    name: str
    family: Family | None
    k: int = 0
    scale: str = ""
    cure: bool = False


def parse_distribution(name: str) -> _Spec:
    """Read ``exponential``, ..., ``spline:k=K:scale=hazard|odds|normal`` or ``cure:DIST``.

    Raises
    ------
    InputError
        An unknown name, naming the ones known.
    """
    if not isinstance(name, str):
        raise TypeError(f"`distribution` must be a string; got {type(name).__name__}")
    text = name.strip().lower()
    known = ", ".join(DISTRIBUTIONS) + ", spline:k=K:scale=hazard|odds|normal, cure:DIST"
    if text.startswith("cure:"):
        inner = parse_distribution(text[5:])
        if inner.cure:
            raise InputError(f"distribution {name!r}: a cure model of a cure model is not defined")
        return _Spec(f"cure:{inner.name}", inner.family, inner.k, inner.scale, True)
    if text.startswith("spline"):
        k, scale = 1, "hazard"
        for part in text.split(":")[1:]:
            m = re.fullmatch(r"k=(\d+)|scale=(hazard|odds|normal)", part.strip())
            if not m:
                raise InputError(f"distribution {name!r}: {part!r} is not k=K (a whole number of interior knots) "
                                 "or scale=hazard|odds|normal")
            if m.group(1) is not None:
                k = int(m.group(1))
            else:
                scale = m.group(2)
        if text.split(":")[0] != "spline":
            raise InputError(f"distribution {name!r} is not known; known: {known}")
        return _Spec(f"spline:k={k}:scale={scale}", None, k, scale)
    text = _ALIASES.get(text, text)
    if text not in FAMILIES:
        raise InputError(f"distribution {name!r} is not known; known: {known}")
    return _Spec(text, FAMILIES[text])


def _place_knots(spec: _Spec, time: np.ndarray, event: np.ndarray) -> SplineFamily:
    # flexsurvspline's documented placement: boundary knots at the smallest and largest log event time,
    # interior knots at equally spaced quantiles of the log event times (R's default quantile, type 7)
    lt = np.log(time[event])
    n_distinct = len(np.unique(lt))
    if n_distinct < spec.k + 2:
        raise InputError(f"distribution {spec.name!r}: {spec.k} interior knots need at least {spec.k + 2} distinct "
                         f"event times; the data have {n_distinct}")
    probs = np.linspace(0.0, 1.0, spec.k + 2)
    knots = np.quantile(lt, probs)
    knots[0], knots[-1] = lt.min(), lt.max()
    if np.any(np.diff(knots) <= 0):
        raise InputError(f"distribution {spec.name!r}: {spec.k} interior knots are not distinct at the quantiles of "
                         "the log event times; use fewer knots")
    return make_spline(spec.k, spec.scale, knots)


def _family_for(spec: _Spec, time: np.ndarray, event: np.ndarray) -> Family:
    base = spec.family if spec.family is not None else _place_knots(spec, time, event)
    return make_cure(base) if spec.cure else base


# -- parameters: unconstrained <-> natural --------------------------------------------------------------------
def _to_natural(values, transform: str):
    if transform == "log":
        return np.exp(values)
    if transform == "logit":
        return special.expit(values)
    return values


def _to_unconstrained(value: float, transform: str) -> float:
    if transform == "log":
        return math.log(value)
    if transform == "logit":
        return float(special.logit(value))
    return float(value)


def _locations(family: Family) -> tuple[int, ...]:
    """Indices of the parameters a treatment effect shifts (the cure fraction's logit too for cure models)."""
    if isinstance(family, CureFamily):
        return (family.location, family.n_base - 1)
    return (family.location,)


def _natural_params(family: Family, theta: np.ndarray, x: np.ndarray | None):
    """Natural parameters from rows of unconstrained ones: ``theta`` (B, p); ``x`` (n, q) arm dummies or None.

    Returns a list of arrays of shape (B, 1) or, for the shifted ones, (B, n).
    """
    nb = family.n_base
    out = []
    locs = _locations(family)
    for j in range(nb):
        col = theta[:, j:j + 1]
        if x is not None and x.shape[1] and j in locs:
            k = locs.index(j)
            beta = theta[:, nb + k * x.shape[1]: nb + (k + 1) * x.shape[1]]
            col = col + beta @ x.T
        out.append(_to_natural(col, family.transforms[j]))
    return out


def _loglik_rows(family: Family, theta: np.ndarray, time, event, x, bhazard) -> np.ndarray:
    """Log-likelihood of each row of ``theta``; -inf where a parameter vector is not valid."""
    p = _natural_params(family, theta, x)
    with np.errstate(all="ignore"):
        logf, logs = family.logf_logs(time[None, :], p)
        if bhazard is None:
            contrib = np.where(event[None, :], logf, logs)
        else:
            # relative survival (Nelson et al. 2007): an event contributes log(h_bg + h); S_bg is constant
            logh = logf - logs
            contrib = logs + np.where(event[None, :], np.log(bhazard[None, :] + np.exp(logh)), 0.0)
        ll = contrib.sum(axis=1)
    return np.where(np.isfinite(ll), ll, -np.inf)


# -- the result -----------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ParametricFit:
    """A maximum-likelihood survival model.

    Attributes
    ----------
    distribution : str
        The model's name (``"weibull"``, ``"spline:k=1:scale=odds"``, ``"cure:weibull"``...).
    arm : str or None
        The arm a separate model was fitted to; None for a joint model (or a single sample).
    arms : tuple of str
        The arms the model predicts: the first is the reference of a joint model.
    family : Family
        The parametric family with its data-dependent settings (spline knots).
    theta : ndarray
        Estimates on the unconstrained scale: baseline parameters, then one treatment effect per
        non-reference arm (for cure models, the effects on the uncured location, then on the cure logit).
    cov : ndarray
        Covariance of ``theta``: the inverse of the observed information (numerical Hessian); NaN if singular.
    names : tuple of str
        Name of each entry of ``theta`` (natural names of the baseline parameters, ``arm[B]`` effects).
    loglik : float
        Log-likelihood at the estimates, on the time scale.
    n_subjects, n_events : int
    converged : bool
        The optimizer stopped at a point with a (near) zero gradient and a negative-definite Hessian.
    message : str
        Why it did not converge, else ``""``.
    confidence_level : float
    last_time : float
        Largest observed time (event or censoring) of the data fitted.
    background : tuple
        Per arm, a callable t -> background survival, when the model is a relative-survival model.
    """

    distribution: str
    arm: str | None
    arms: tuple[str, ...]
    family: Family
    theta: np.ndarray
    cov: np.ndarray
    names: tuple[str, ...]
    loglik: float
    n_subjects: int
    n_events: int
    converged: bool
    message: str
    confidence_level: float
    last_time: float
    background: tuple = field(default=())

    def __post_init__(self):
        freeze_arrays(self)

    @property
    def n_params(self) -> int:
        return len(self.theta)

    @property
    def aic(self) -> float:
        return -2.0 * self.loglik + 2.0 * self.n_params

    @property
    def bic(self) -> float:
        """BIC with n = the number of subjects."""
        return -2.0 * self.loglik + math.log(self.n_subjects) * self.n_params

    @property
    def bic_events(self) -> float:
        """BIC with n = the number of events (Volinsky & Raftery 2000)."""
        return -2.0 * self.loglik + math.log(max(self.n_events, 1)) * self.n_params

    def std_err(self) -> np.ndarray:
        """Standard errors of ``theta``."""
        with np.errstate(invalid="ignore"):
            return np.sqrt(np.diag(self.cov))

    def parameters(self, *, confidence_level: float | None = None) -> dict[str, Estimate]:
        """Each parameter on its natural scale with a Wald CI formed on the unconstrained scale."""
        level = self.confidence_level if confidence_level is None else check_confidence_level(confidence_level)
        z = stats.norm.ppf(0.5 + level / 2.0)
        se = self.std_err()
        out = {}
        nb = self.family.n_base
        for j, name in enumerate(self.names):
            tr = self.family.transforms[j] if j < nb else "id"
            est, lo, hi = (float(_to_natural(v, tr)) for v in
                           (self.theta[j], self.theta[j] - z * se[j], self.theta[j] + z * se[j]))
            out[name] = Estimate.build(est, lo, hi, level, f"maximum likelihood; Wald on the {tr} scale"
                                       if tr != "id" else "maximum likelihood; Wald", std_err=float(se[j]))
        return out

    def arm_index(self, arm: str | None) -> int:
        if arm is None:
            return 0
        if arm not in self.arms:
            raise InputError(f"`arm` {arm!r} is not one the model covers ({', '.join(self.arms)})")
        return self.arms.index(arm)

    def natural_params(self, theta: np.ndarray, arm: str | None = None):
        """Natural parameters (list of (B, 1) arrays) for rows of unconstrained ``theta`` in one arm."""
        k = self.arm_index(arm)
        x = None
        if len(self.arms) > 1 and self.arm is None:
            x = np.zeros((1, len(self.arms) - 1))
            if k > 0:
                x[0, k - 1] = 1.0
        return _natural_params(self.family, np.atleast_2d(theta), x)

    def cure_fraction(self, arm: str | None = None) -> float | None:
        """The fraction cured (mixture cure), the plateau exp(b/a) of a Gompertz with a < 0, else None."""
        p = self.natural_params(self.theta, arm)
        if isinstance(self.family, CureFamily):
            return float(p[-1][0, 0])
        if self.family.name == "gompertz":
            a, b = float(p[0][0, 0]), float(p[1][0, 0])
            return math.exp(b / a) if a < 0 else 0.0
        return None


# -- starting values ------------------------------------------------------------------------------------------
def _nelson_aalen(time: np.ndarray, event: np.ndarray):
    """Event times and the Nelson-Aalen cumulative hazard just after each (tied times once)."""
    order = np.argsort(time, kind="stable")
    t, d = time[order], event[order].astype(float)
    n = len(t)
    at_risk = n - np.arange(n)
    ut, first = np.unique(t, return_index=True)
    # number at risk at each distinct time and its events
    d_u = np.add.reduceat(d, first)
    n_u = at_risk[first]
    cumhaz = np.cumsum(d_u / n_u)
    keep = (d_u > 0) & (ut > 0)
    return ut[keep], cumhaz[keep]


def _linfit(x, y):
    """Least-squares slope and intercept of y on x (slope 1 if x does not vary)."""
    if len(x) < 2 or np.ptp(x) == 0:
        return 1.0, float(np.mean(y) - np.mean(x)) if len(x) else 0.0
    slope, intercept = np.polyfit(x, y, 1)
    return float(slope), float(intercept)


def _start_base(family: Family, time: np.ndarray, event: np.ndarray) -> np.ndarray:
    """Starting values on the unconstrained scale from Nelson-Aalen transforms regressed on log time."""
    d = max(int(event.sum()), 1)
    rate = d / max(float(time.sum()), 1e-300)
    te, cumhaz = _nelson_aalen(time, event)
    if len(te) >= 2:
        s = np.clip(np.exp(-cumhaz), 1e-6, 1 - 1e-6)
        lt = np.log(te)
    else:
        s = np.array([0.5])
        lt = np.array([math.log(max(float(np.median(time)), 1e-12))])
    name = family.name
    if isinstance(family, SplineFamily):
        basis, _ = spline_basis(lt, family.knots)
        y = {"hazard": np.log(-np.log(s)), "odds": np.log((1 - s) / s), "normal": stats.norm.ppf(1 - s)}[family.scale]
        coef, *_ = np.linalg.lstsq(basis, y, rcond=None)
        if coef[1] <= 0:
            coef = np.zeros(family.n_base)
            coef[1], coef[0] = 1.0, float(np.mean(y) - np.mean(lt))
        return coef
    a_w, c_w = _linfit(lt, np.log(-np.log(s)))  # Weibull: log H = a log t - a log b
    a_w = float(np.clip(a_w, 0.05, 20.0))
    logb_w = -c_w / a_w
    if name == "exponential":
        return np.array([math.log(rate)])
    if name == "weibull":
        return np.array([math.log(a_w), logb_w])
    if name == "gompertz":
        return np.array([0.0, math.log(rate)])
    if name == "loglogistic":
        a, c = _linfit(lt, np.log((1 - s) / s))
        a = float(np.clip(a, 0.05, 20.0))
        return np.array([math.log(a), -c / a])
    a_n, c_n = _linfit(lt, stats.norm.ppf(1 - s))  # lognormal: Phi^-1(F) = (log t - mu)/sigma
    a_n = float(np.clip(a_n, 0.05, 20.0))
    mu, sigma = -c_n / a_n, 1.0 / a_n
    if name == "lognormal":
        return np.array([mu, math.log(sigma)])
    if name == "gamma":
        shape = float(np.clip(1.0 / sigma ** 2, 0.05, 50.0))  # log T has sd ~ 1/sqrt(shape)
        return np.array([math.log(shape), math.log(shape) - mu])
    if name == "gengamma":
        return np.array([mu, math.log(sigma), 0.0])
    raise AssertionError(name)  # pragma: no cover


def _start(family: Family, time: np.ndarray, event: np.ndarray) -> np.ndarray:
    if isinstance(family, CureFamily):
        base = _start_base(family.base, time, event)
        _, cumhaz = _nelson_aalen(time, event)
        tail = math.exp(-cumhaz[-1]) if len(cumhaz) else 0.5
        return np.append(base, special.logit(float(np.clip(0.5 * tail, 0.02, 0.8))))
    if family.name == "gengamma":
        # from the fitted lognormal (Q = 0), the generalized gamma's nested case
        ln = FAMILIES["lognormal"]
        th0 = _start_base(ln, time, event)
        mle, _, _, _ = _maximize(lambda th: _loglik_rows(ln, th, time, event, None, None), th0)
        return np.array([mle[0], mle[1], 0.0]) if np.all(np.isfinite(mle)) else _start_base(family, time, event)
    return _start_base(family, time, event)


# -- the optimizer --------------------------------------------------------------------------------------------
def _steps(theta: np.ndarray) -> np.ndarray:
    return 1e-4 * (1.0 + np.abs(theta))


def _grad_hess(f, theta: np.ndarray, h: np.ndarray | None = None):
    """Gradient and Hessian of f by central differences, all points evaluated in one batch."""
    p = len(theta)
    h = _steps(theta) if h is None else h
    e = np.diag(h)
    rows = [theta]
    rows += [theta + e[j] for j in range(p)] + [theta - e[j] for j in range(p)]
    pairs = [(i, j) for i in range(p) for j in range(i + 1, p)]
    for i, j in pairs:
        rows += [theta + e[i] + e[j], theta + e[i] - e[j], theta - e[i] + e[j], theta - e[i] - e[j]]
    vals = f(np.array(rows))
    with np.errstate(invalid="ignore"):  # -inf - -inf where a neighbour is not a valid parameter vector
        f0, fp, fm = vals[0], vals[1:p + 1], vals[p + 1:2 * p + 1]
        grad = (fp - fm) / (2.0 * h)
        hess = np.diag((fp - 2.0 * f0 + fm) / h ** 2)
        for k, (i, j) in enumerate(pairs):
            a, b, c, d = vals[2 * p + 1 + 4 * k: 2 * p + 5 + 4 * k]
            hess[i, j] = hess[j, i] = (a - b - c + d) / (4.0 * h[i] * h[j])
    return f0, grad, hess


def _gradient(f, theta: np.ndarray) -> np.ndarray:
    p = len(theta)
    h = 1e-6 * (1.0 + np.abs(theta))
    e = np.diag(h)
    vals = f(np.vstack([theta + e, theta - e]))
    with np.errstate(invalid="ignore"):
        return (vals[:p] - vals[p:]) / (2.0 * h)


def _polish(loglik_rows, best: np.ndarray, iterations: int = 8):
    """Newton steps with the central-difference Hessian (halving a step that lowers the log-likelihood)."""
    f0, _, hmat = _grad_hess(loglik_rows, best)
    g = _gradient(loglik_rows, best)  # the smaller step: truncation error far below the Hessian's
    for _ in range(iterations):
        if not np.all(np.isfinite(hmat)) or not np.all(np.isfinite(g)):
            break
        try:
            step = np.linalg.solve(hmat, -g)
        except np.linalg.LinAlgError:
            break
        cand = best + step
        fc = loglik_rows(cand[None, :])[0]
        shrink = 0
        while not (fc >= f0 - 1e-12) and shrink < 10:
            step = step / 2.0
            cand = best + step
            fc = loglik_rows(cand[None, :])[0]
            shrink += 1
        if not (fc >= f0 - 1e-12):
            break
        best = cand
        f0, _, hmat = _grad_hess(loglik_rows, best)
        g = _gradient(loglik_rows, best)
        if np.max(np.abs(step)) < 1e-9:
            break
    return best, f0, g, hmat


def _at_optimum(g: np.ndarray, hmat: np.ndarray) -> bool:
    if not (np.all(np.isfinite(g)) and np.all(np.isfinite(hmat))):
        return False
    evals = np.linalg.eigvalsh(-0.5 * (hmat + hmat.T))
    if not np.all(evals > 0):
        return False
    # the Newton decrement g' (-H)^-1 g: the log-likelihood still to gain
    return float(g @ np.linalg.solve(-hmat, g)) < 1e-8


def _maximize(loglik_rows, theta0: np.ndarray):
    """Maximize a batched log-likelihood: BFGS then Newton steps; Nelder-Mead first if that does not end at a
    maximum."""

    def nll(th):
        v = -loglik_rows(th[None, :])[0]
        return v if np.isfinite(v) else 1e300

    def grad(th):
        g = -_gradient(loglik_rows, th)
        return np.where(np.isfinite(g), g, 0.0)

    best = np.asarray(theta0, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = optimize.minimize(nll, best, jac=grad, method="BFGS", options={"gtol": 1e-6, "maxiter": 500})
        if np.isfinite(res.fun) and res.fun < nll(best):
            best = res.x
        out = _polish(loglik_rows, best)
        if _at_optimum(out[2], out[3]):
            return out
        nm = optimize.minimize(nll, out[0], method="Nelder-Mead",
                               options={"xatol": 1e-9, "fatol": 1e-11, "maxiter": 4000, "maxfev": 8000})
        best = nm.x if nm.fun < -out[1] else out[0]
        res = optimize.minimize(nll, best, jac=grad, method="BFGS", options={"gtol": 1e-6, "maxiter": 500})
        if res.fun < nll(best):
            best = res.x
    return _polish(loglik_rows, best)


def _check_times(family: Family, time: np.ndarray, name: str) -> None:
    if family.log_time or isinstance(family, (SplineFamily, CureFamily)) and family.log_time:
        bad = np.flatnonzero(time <= 0)
        if len(bad):
            from .._validate import rows_text

            raise InputError(f"`time` must be positive for the {name} model (it is defined on log time); "
                             f"{rows_text(bad, time)}")


def _fit_core(spec: _Spec, time: np.ndarray, event: np.ndarray, arm_codes: np.ndarray | None,
              arms: tuple[str, ...], label: str | None, level: float, bhazard, background) -> ParametricFit:
    family = _family_for(spec, time, event)
    _check_times(family, time, spec.name)
    if event.sum() == 0:
        raise InputError(f"the {spec.name} model{_where(label)} cannot be fitted: the data have no events")
    q = len(arms) - 1 if arm_codes is not None else 0
    x = None
    if q:
        x = np.zeros((len(time), q))
        for k in range(1, len(arms)):
            x[:, k - 1] = arm_codes == k
    n_loc = len(_locations(family))
    theta0 = np.concatenate([_start(family, time, event), np.zeros(q * n_loc)])

    def rows(th):
        return _loglik_rows(family, th, time, event, x, bhazard)

    if not np.isfinite(rows(theta0[None, :])[0]):
        theta0 = np.concatenate([_start(family, time, event) * 0 + _safe_start(family, time, event),
                                 np.zeros(q * n_loc)])
    theta, ll, g, hmat = _maximize(rows, theta0)
    names = list(family.par_names)
    for k_loc in range(n_loc):
        for k in range(1, len(arms) if q else 1):
            names.append(f"arm[{arms[k]}]" + (":cure" if k_loc == 1 else ""))
    with np.errstate(all="ignore"):
        try:
            cov = np.linalg.inv(-hmat)
        except np.linalg.LinAlgError:
            cov = np.full_like(hmat, np.nan)
    finite = bool(np.isfinite(ll) and np.all(np.isfinite(cov)))
    converged = finite and _at_optimum(g, hmat)
    message = ""
    if not converged:
        if isinstance(family, CureFamily) and abs(theta[family.n_base - 1]) > 12:
            why = (f"the cure fraction goes to {'0' if theta[family.n_base - 1] < 0 else '1'} "
                   "(the data show no plateau a cure model can fit)")
        elif not np.isfinite(ll):
            why = "the log-likelihood is not finite"
        elif not finite or not np.all(np.linalg.eigvalsh(-0.5 * (hmat + hmat.T)) > 0):
            why = "the information matrix is not positive definite (a parameter is not identified by the data)"
        else:
            why = "the gradient is not zero at the last point"
        message = f"the {spec.name} model{_where(label)} did not converge: {why}"
    return ParametricFit(
        distribution=spec.name, arm=label, arms=arms, family=family, theta=theta, cov=cov, names=tuple(names),
        loglik=float(ll), n_subjects=len(time), n_events=int(event.sum()), converged=converged, message=message,
        confidence_level=level, last_time=float(time.max()), background=background)


def _safe_start(family: Family, time: np.ndarray, event: np.ndarray) -> np.ndarray:
    """A start from the exponential rate that every family accepts (used when the regression start fails)."""
    rate = max(float(event.sum()), 1.0) / max(float(time.sum()), 1e-300)
    base = family.base if isinstance(family, CureFamily) else family
    if isinstance(base, SplineFamily):
        th = np.zeros(base.n_base)
        th[0], th[1] = math.log(rate), 1.0
    else:
        start = {"exponential": [math.log(rate)], "weibull": [0.0, -math.log(rate)], "gompertz": [0.0, math.log(rate)],
              "loglogistic": [0.0, -math.log(rate)], "lognormal": [-math.log(rate), 0.0],
              "gamma": [0.0, math.log(rate)], "gengamma": [-math.log(rate), 0.0, 0.0]}[base.name]
        th = np.array(start, dtype=float)
    return np.append(th, -2.0) if isinstance(family, CureFamily) else th


def _where(label: str | None) -> str:
    return f" (arm {label})" if label is not None else ""


def _prepare(time, event):
    t = as_time(time, "time")
    if len(t) == 0:
        raise InputError("`time` is empty")
    e = as_event(event, len(t), "event")
    return t, e


def fit_distribution(time, event, distribution: str, *, arm=None, reference: str | None = None,
                     confidence_level: float = 0.95, bhazard=None, background=None,
                     label: str | None = None) -> ParametricFit:
    """Fit one survival model by maximum likelihood.

    Parameters
    ----------
    time, event : array-like
        Follow-up times and event indicators (True = event).
    distribution : str
        ``exponential``, ``weibull``, ``gompertz``, ``loglogistic``, ``lognormal``, ``gamma``, ``gengamma``,
        ``spline:k=K:scale=hazard|odds|normal`` or ``cure:DIST``.
    arm : array-like, optional
        Treatment arm per subject: a joint model with one effect per non-reference arm on the location
        parameter (flexsurv's choice: log scale for the AFT families, mu for the generalized gamma, log rate for
        the exponential, Gompertz and gamma, gamma0 for splines; and the cure logit for cure models).
    reference : str, optional
        Reference arm of a joint model (default: the first in sorted order).
    confidence_level : float
    bhazard : array-like, optional
        Background (general-population) hazard at each subject's time, for a relative-survival fit.
    background : sequence of callables, optional
        Per arm (in the order of ``arms``), t -> background survival of the arm's cohort, used by predictions.
    label : str, optional
        Name of the arm a separate model is fitted to.

    Returns
    -------
    ParametricFit

    Raises
    ------
    InputError
        Bad times, an unknown distribution, times <= 0 for a log-time model, a spline with more knots than
        the event times allow, no events.
    ConvergenceError
        Never: a fit that does not converge is returned with ``converged=False`` and a ``message`` naming it.
    """
    level = check_confidence_level(confidence_level)
    t, e = _prepare(time, event)
    spec = parse_distribution(distribution)
    bh = None
    if bhazard is not None:
        bh = np.asarray(bhazard, dtype=float)
        if bh.shape != t.shape or np.any(~np.isfinite(bh)) or np.any(bh < 0):
            raise InputError("`bhazard` must hold one finite, non-negative hazard per subject")
    if arm is None:
        return _fit_core(spec, t, e, None, (label if label is not None else "all",), label, level, bh,
                         tuple(background or ()))
    a = np.asarray(arm).astype(str)
    if a.shape != t.shape:
        raise InputError(f"`arm` has {a.size} values; `time` has {t.size}")
    arms = sorted(set(a.tolist()))
    if reference is not None:
        if reference not in arms:
            raise InputError(f"`reference` {reference!r} is not an arm ({', '.join(arms)})")
        arms.remove(reference)
        arms.insert(0, reference)
    codes = np.array([arms.index(v) for v in a])
    return _fit_core(spec, t, e, codes, tuple(arms), None, level, bh, tuple(background or ()))


def fit_models(time, event, distributions, *, arm=None, model: str = "separate", reference: str | None = None,
               confidence_level: float = 0.95, bhazard=None, background=None) -> list[ParametricFit]:
    """Fit several models: one per arm and distribution (``separate``) or one per distribution (``joint``).

    ``background`` maps each arm to a callable t -> background survival (relative-survival and cure models).
    The list is ordered by distribution, then arm.
    """
    from .._validate import check_choice

    model = check_choice("model", model, ("separate", "joint"))
    t, e = _prepare(time, event)
    specs = [parse_distribution(d) for d in distributions]
    if not specs:
        raise InputError("`distributions` is empty")
    bh = None if bhazard is None else np.asarray(bhazard, dtype=float)
    bg = dict(background or {})
    if arm is None:
        a = np.full(len(t), "all")
    else:
        a = np.asarray(arm).astype(str)
        if a.shape != t.shape:
            raise InputError(f"`arm` has {a.size} values; `time` has {t.size}")
    arms = sorted(set(a.tolist()))
    if reference is not None and reference in arms:
        arms.remove(reference)
        arms.insert(0, reference)
    out = []
    for spec in specs:
        if model == "joint" and len(arms) > 1:
            out.append(fit_distribution(t, e, spec.name, arm=a, reference=arms[0], confidence_level=confidence_level,
                                        bhazard=bh, background=[bg[k] for k in arms] if bg else None))
            continue
        for name in arms:
            m = a == name
            out.append(fit_distribution(t[m], e[m], spec.name, confidence_level=confidence_level,
                                        bhazard=None if bh is None else bh[m], label=name,
                                        background=[bg[name]] if bg else None))
    return out
