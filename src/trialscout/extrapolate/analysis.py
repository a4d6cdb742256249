"""A model-choice analysis: several survival models per arm (or jointly), their fit statistics and predictions."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._results import Estimate
from .._validate import InputError, as_event, as_time, check_confidence_level, rows_text
from . import predict as P
from .fit import ParametricFit, fit_models, parse_distribution

__all__ = ["DEFAULT_DISTRIBUTIONS", "ArmPrediction", "Extrapolation", "extrapolate", "check_log_times",
           "empirical_hazard"]

#: The ten models of the default table (NICE DSU TSD 14's six, the gamma and generalized gamma, and one-knot
#: Royston-Parmar splines on the three scales, TSD 21).
DEFAULT_DISTRIBUTIONS = ("exponential", "weibull", "gompertz", "loglogistic", "lognormal", "gamma", "gengamma",
                         "spline:k=1:scale=hazard", "spline:k=1:scale=odds", "spline:k=1:scale=normal")


@dataclass(frozen=True, slots=True)
class ArmPrediction:
    """Predictions of one model for one arm.

    Attributes
    ----------
    arm : str
    median : Estimate
        NR (not reached) when the model's S(t) never falls to 0.5 (a cure fraction of 0.5 or more).
    mean : Estimate
        Mean survival restricted to ``horizon``: the area under the extrapolated S(t).
    horizon : float
    rmst : Estimate or None
        Restricted mean survival time to ``tau``, when ``tau`` is given.
    tau : float or None
    times : tuple of float
    survival : tuple of Estimate
        S(t) at ``times``.
    """

    arm: str
    median: Estimate
    mean: Estimate
    horizon: float
    rmst: Estimate | None
    tau: float | None
    times: tuple[float, ...]
    survival: tuple[Estimate, ...]


@dataclass(frozen=True, slots=True)
class Difference:
    """One arm minus the reference arm under one model: mean to the horizon, RMST, S(t) at ``times``."""

    distribution: str
    arm: str
    reference: str
    mean: Estimate
    rmst: Estimate | None
    survival: tuple[Estimate, ...]


@dataclass(frozen=True, slots=True)
class Extrapolation:
    """Fits of several models and their predictions.

    Attributes
    ----------
    model : str
        ``"separate"`` (one fit per arm) or ``"joint"`` (one fit with an arm effect).
    fits : tuple of ParametricFit
        Ordered by distribution, then arm.
    predictions : tuple of tuple of ArmPrediction
        For each fit, one entry per arm it covers.
    differences : tuple of Difference
        For each distribution and non-reference arm.
    arms : tuple of str
        The arms, the reference first.
    times, horizon, tau, method, confidence_level
        What the predictions were asked for.
    """

    model: str
    fits: tuple[ParametricFit, ...]
    predictions: tuple[tuple[ArmPrediction, ...], ...]
    differences: tuple[Difference, ...]
    arms: tuple[str, ...]
    times: tuple[float, ...]
    horizon: float
    tau: float | None
    method: str
    confidence_level: float
    last_time: float

    def best(self, criterion: str = "aic") -> dict[str, str]:
        """Per arm (separate) or for all arms (joint, key ``"all"``), the converged model with the lowest AIC/BIC."""
        out: dict[str, tuple[float, str]] = {}
        for f in self.fits:
            if not f.converged:
                continue
            key = f.arm if f.arm is not None else "all"
            v = {"aic": f.aic, "bic": f.bic, "bic_events": f.bic_events}[criterion]
            if key not in out or v < out[key][0]:
                out[key] = (v, f.distribution)
        return {k: v[1] for k, v in out.items()}


def check_log_times(time: np.ndarray, distributions, labels=None, where: str = "`time`") -> None:
    """Refuse times <= 0 when a requested model is defined on log time (all but the exponential and Gompertz)."""
    needs = [d for d in distributions if _log_time(d)]
    bad = np.flatnonzero(np.asarray(time) <= 0)
    if needs and len(bad):
        raise InputError(f"{where} must be positive for the {needs[0]} model (it is defined on log time); "
                         f"{rows_text(bad, np.asarray(time), labels=labels)}")


def _log_time(name: str) -> bool:
    spec = parse_distribution(name)
    return spec.family is None or spec.family.log_time


def _arm_prediction(fit: ParametricFit, arm: str, times, horizon, tau, method, level, n_draws, seed):
    kw = dict(arm=arm if fit.arm is None else None, method=method, confidence_level=level, n_draws=n_draws, seed=seed)
    med = P.quantile(fit, 0.5, **kw)[0]
    mean = P.mean_survival(fit, horizon, **kw)
    r = P.rmst(fit, tau, **kw) if tau is not None else None
    surv = tuple(P.survival(fit, times, **kw)) if len(times) else ()
    return ArmPrediction(arm, med, mean, horizon, r, tau, tuple(float(t) for t in times), surv)


def extrapolate(time, event, arm=None, *, distributions=DEFAULT_DISTRIBUTIONS, model: str = "separate",
                reference: str | None = None, times=(), horizon: float | None = None, tau: float | None = None,
                method: str = "delta", confidence_level: float = 0.95, n_draws: int = 1000, seed: int = 1,
                life_table=None, age=None, sex=None, time_unit: str = "months",
                labels=None) -> Extrapolation:
    """Fit several survival models, per arm or jointly, and predict from each.

    Parameters
    ----------
    time, event : array-like
    arm : array-like, optional
        Treatment arm per subject; None: one sample (arm ``"all"``).
    distributions : sequence of str
        Model names (see :func:`trialscout.extrapolate.parse_distribution`); default the ten-model table.
    model : {"separate", "joint"}
    reference : str, optional
        Reference arm (default: the first in sorted order).
    times : sequence of float
        Times for S(t).
    horizon : float, optional
        Horizon of the restricted mean (default: ten times the last observed time); not before the data end.
    tau : float, optional
        Truncation time of the RMST.
    method : {"delta", "simulation"}
    life_table : LifeTable, optional
        General-population mortality (see :func:`trialscout.extrapolate.read_life_table`): every model is then a
        relative-survival model, h(t) = h_background(t) + h_model(t), and predictions are of all-cause survival.
    age, sex : array-like, optional
        Age at entry in years (required with ``life_table``) and sex per subject (matching the table's ``sex``).
    time_unit : {"days", "weeks", "months", "years"}
        Unit of ``time``, to step through the life table.
    labels : sequence, optional
        Row labels used in messages (e.g. data-file row numbers).

    Returns
    -------
    Extrapolation

    Raises
    ------
    InputError
        Times <= 0 for a log-time model, an unknown distribution, a spline with more knots than the event times
        allow, a horizon before the end of the data, negative or non-finite prediction times.
    """
    level = check_confidence_level(confidence_level)
    t = as_time(time, "time", labels=labels)
    e = as_event(event, len(t), "event", labels=labels)
    dists = list(distributions)
    for d in dists:
        parse_distribution(d)
    check_log_times(t, dists, labels)
    last = float(t.max()) if len(t) else 0.0
    if horizon is None:
        horizon = 10.0 * last
    horizon = float(horizon)
    if not math.isfinite(horizon) or horizon < last:
        raise InputError(f"`horizon` {horizon:g} is before the end of the data (the last observed time is {last:g}); "
                         "a restricted mean to the horizon needs a horizon at or after it")
    if tau is not None and not (math.isfinite(float(tau)) and float(tau) > 0):
        raise InputError(f"`tau` must be a positive time; got {tau!r}")
    tt = np.asarray(times, dtype=float).ravel()
    if np.any(~np.isfinite(tt)) or np.any(tt < 0):
        raise InputError(f"`times` must be finite non-negative times; got {list(times)!r}")
    bhazard, background = None, None
    if life_table is not None:
        bhazard, background = _background(life_table, t, arm, age, sex, time_unit)
    fits = fit_models(t, e, dists, arm=arm, model=model, reference=reference, confidence_level=level,
                      bhazard=bhazard, background=background)
    arms: list[str] = []
    for f in fits:
        for a in f.arms:
            if a not in arms:
                arms.append(a)
    if reference is not None and reference in arms:
        arms.remove(reference)
        arms.insert(0, reference)
    preds = []
    for f in fits:
        preds.append(tuple(_arm_prediction(f, a, tt, horizon, tau, method, level, n_draws, seed) for a in f.arms))
    diffs = []
    if len(arms) > 1:
        for d in dict.fromkeys(f.distribution for f in fits):
            group = [f for f in fits if f.distribution == d]
            for a in arms[1:]:
                diffs.append(_difference(group, d, a, arms[0], tt, horizon, tau, method, level, n_draws, seed))
    return Extrapolation(model, tuple(fits), tuple(preds), tuple(diffs), tuple(arms), tuple(float(x) for x in tt),
                         horizon, None if tau is None else float(tau), method, level, last)


def _background(table, t, arm, age, sex, time_unit):
    from .lifetable import background_mortality

    if age is None:
        raise InputError("`age` (age at entry, in years) is required with a life table")
    a = np.asarray(age, dtype=float)
    if a.shape != t.shape:
        raise InputError(f"`age` has {a.size} values; `time` has {t.size}")
    sx = None if sex is None else np.asarray(sex).astype(str)
    arms = np.full(len(t), "all") if arm is None else np.asarray(arm).astype(str)
    bhazard = np.empty(len(t))
    background = {}
    for name in sorted(set(arms.tolist())):
        m = arms == name
        bg = background_mortality(table, a[m], None if sx is None else sx[m], time_unit=time_unit)
        bhazard[m] = bg.hazard(t[m])
        background[name] = bg
    return bhazard, background


def _difference(group, dist, arm, ref, tt, horizon, tau, method, level, n_draws, seed) -> Difference:
    kw = dict(method=method, confidence_level=level, n_draws=n_draws, seed=seed)
    if len(group) == 1 and group[0].arm is None:
        f, other, kwa = group[0], None, dict(arm=arm, reference=ref)
    else:
        by = {g.arm: g for g in group}
        f, other, kwa = by[arm], by[ref], dict(arm=arm)
    mean = P.difference(f, "mean", [horizon], other=other, **kwa, **kw)[0]
    r = P.difference(f, "rmst", [tau], other=other, **kwa, **kw)[0] if tau is not None else None
    s = tuple(P.difference(f, "survival", tt, other=other, **kwa, **kw)) if len(tt) else ()
    return Difference(dist, arm, ref, mean, r, s)


def empirical_hazard(time, event, n_intervals: int = 10):
    """Events per unit person-time in intervals holding equal numbers of events: (midpoints, hazards, edges)."""
    time = np.asarray(time, dtype=float)
    event = np.asarray(event, dtype=bool)
    te = np.sort(time[event])
    k = max(1, min(n_intervals, len(te) // 5))
    edges = np.unique(np.concatenate([[0.0], np.quantile(te, np.linspace(0, 1, k + 1))[1:-1], [time.max()]]))
    mids, haz = [], []
    for a, b in zip(edges[:-1], edges[1:]):
        exposure = np.clip(np.minimum(time, b) - a, 0.0, None).sum()
        d = np.sum(event & (time > a) & (time <= b))
        if exposure > 0:
            mids.append(0.5 * (a + b))
            haz.append(d / exposure)
    return np.array(mids), np.array(haz), edges
