"""The partitioned-survival model: PFS and OS curves per arm -> state occupancy -> life years, QALYs and costs.

Three states: progression-free (PF), progressed (PD) and dead. At each cycle boundary t_k = k * cycle
(k = 0..K, t_K = horizon) with OS(t) and PFS(t) from the fitted models (Woods et al. 2017, NICE DSU TSD 19):

    PF_k = min(PFS(t_k), OS(t_k))      (PFS capped by OS: no one is progression-free and dead)
    PD_k = OS(t_k) - PF_k
    D_k  = 1 - OS(t_k)

Each boundary's occupancy counts with a weight w_k: with the half-cycle correction the trapezoid rule,
w = (1/2, 1, ..., 1, 1/2); without it, end-of-cycle counting, w = (0, 1, ..., 1). Effects and costs at t_k are
discounted by (1 + r)^-(t_k in years), with separate annual rates for costs and effects:

    life years = sum_k w_k c OS_k d_k                           (c = cycle length in years)
    QALYs      = sum_k w_k c (u_PF PF_k + u_PD PD_k) d_k         (u: utilities per year in the state)
    costs      = initial cost + sum_k w_k (cost_PF PF_k + cost_PD PD_k) d'_k    (costs per cycle)

The probabilistic analysis draws the survival models' parameters from N(theta_hat, V) (each fit's estimates and
covariance; a joint fit's draws are shared by the arms it covers) and recomputes everything per draw: the
cost-effectiveness plane and the acceptability curve (the probability that each arm has the largest net
monetary benefit lambda * QALYs - costs at willingness to pay lambda).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .._results import freeze_arrays
from .._validate import InputError
from ..io.files import read_toml
from .lifetable import YEARS_PER_UNIT

__all__ = ["PSMSettings", "ArmInputs", "psm_outcomes", "state_occupancy", "PSMResult", "read_psm_spec",
           "run_psm", "PSMSpec"]

MAX_SPEC_BYTES = 10_000_000  # a spec is a few kilobytes


@dataclass(frozen=True, slots=True)
class PSMSettings:
    """Cycle length and horizon (in the data's time unit), the unit, half-cycle correction, discount rates."""

    cycle: float
    horizon: float
    time_unit: str = "months"
    half_cycle: bool = True
    discount_costs: float = 0.035
    discount_effects: float = 0.035

    def grid(self) -> np.ndarray:
        k = int(round(self.horizon / self.cycle))
        if not math.isclose(k * self.cycle, self.horizon, rel_tol=1e-9, abs_tol=1e-12):
            raise InputError(f"`horizon` {self.horizon:g} is not a whole number of cycles of {self.cycle:g}")
        return np.arange(k + 1) * self.cycle

    def weights(self, n: int) -> np.ndarray:
        w = np.ones(n)
        if self.half_cycle:
            w[0] = w[-1] = 0.5
        else:
            w[0] = 0.0
        return w


@dataclass(frozen=True, slots=True)
class ArmInputs:
    """Utilities (per year in the state), costs per cycle in each state, and a one-off cost at the start."""

    utility_pf: float
    utility_pd: float
    cost_pf: float
    cost_pd: float
    initial_cost: float = 0.0


def state_occupancy(pfs, os):
    """PF, PD and dead at each time from PFS and OS (arrays broadcasting; PFS capped by OS)."""
    os = np.asarray(os, dtype=float)
    pf = np.minimum(np.asarray(pfs, dtype=float), os)
    return pf, os - pf, 1.0 - os


def psm_outcomes(pfs, os, settings: PSMSettings, inputs: ArmInputs) -> dict[str, np.ndarray]:
    """Life years, QALYs and costs (discounted and not) from PFS and OS at the cycle boundaries.

    ``pfs`` and ``os`` have the boundaries along their last axis (one row per parameter draw, or 1-D).
    """
    pf, pd, _ = state_occupancy(pfs, os)
    os = np.asarray(os, dtype=float)
    t = settings.grid()
    if pf.shape[-1] != len(t):
        raise InputError(f"the curves have {pf.shape[-1]} values; the cycles need {len(t)}")
    ypu = YEARS_PER_UNIT[settings.time_unit]
    years = t * ypu
    c = settings.cycle * ypu
    w = settings.weights(len(t))
    de = (1.0 + settings.discount_effects) ** -years
    dc = (1.0 + settings.discount_costs) ** -years
    q = inputs.utility_pf * pf + inputs.utility_pd * pd
    cost = inputs.cost_pf * pf + inputs.cost_pd * pd
    return {
        "life_years": (w * c * os).sum(axis=-1),
        "life_years_pf": (w * c * pf).sum(axis=-1),
        "life_years_pd": (w * c * pd).sum(axis=-1),
        "qalys": (w * c * q).sum(axis=-1),
        "costs": inputs.initial_cost + (w * cost).sum(axis=-1),
        "life_years_discounted": (w * c * os * de).sum(axis=-1),
        "qalys_discounted": (w * c * q * de).sum(axis=-1),
        "costs_discounted": inputs.initial_cost + (w * cost * dc).sum(axis=-1),
    }


# -- the spec -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PSMSpec:
    """A partitioned-survival model read from TOML (see ``docs/extrapolate.md``)."""

    path: Path
    data: Path
    time: str
    event: str | None
    censor: str | None
    arm: str
    pfs_param: str
    os_param: str
    pfs_model: str
    os_model: str
    kind: str
    settings: PSMSettings
    inputs: dict
    reference: str | None
    draws: int
    seed: int
    wtp: tuple[float, ...]
    currency: str


def _get(table: dict, key: str, where: str, kind, default=None, required: bool = False):
    if key not in table:
        if required:
            raise InputError(f"{where}: the key '{key}' is required")
        return default
    v = table[key]
    if kind is float:
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise InputError(f"{where}.{key}: must be a number; got {v!r}")
        return float(v)
    if kind is int:
        if isinstance(v, bool) or not isinstance(v, int):
            raise InputError(f"{where}.{key}: must be a whole number; got {v!r}")
        return v
    if kind is bool:
        if not isinstance(v, bool):
            raise InputError(f"{where}.{key}: must be true or false; got {v!r}")
        return v
    if not isinstance(v, str) or not v.strip():
        raise InputError(f"{where}.{key}: must be a non-empty string; got {v!r}")
    return v


_KNOWN = {
    "data": {"file", "time", "event", "censor", "arm", "pfs", "os"},
    "models": {"pfs", "os", "kind"},
    "settings": {"cycle", "horizon", "time_unit", "half_cycle", "discount_costs", "discount_effects", "reference",
                 "draws", "seed", "wtp", "currency"},
    "utilities": {"progression_free", "progressed"},
    "costs": {"progression_free", "progressed", "initial"},
}


def read_psm_spec(path) -> PSMSpec:
    """Read and check a partitioned-survival spec (TOML).

    Raises
    ------
    InputError
        Naming the file and key: unreadable TOML, an unknown section or key, a missing or ill-typed value.
    """
    p = Path(path)
    doc = read_toml(p, "partitioned-survival spec", max_bytes=MAX_SPEC_BYTES, label=str(path))
    name = str(path)
    for section in doc:
        if section not in _KNOWN and section != "arms":
            raise InputError(f"{name}: unknown section [{section}] (known: {', '.join(sorted(_KNOWN))}, arms)")
        if section in _KNOWN:
            if not isinstance(doc[section], dict):
                raise InputError(f"{name}: [{section}] must be a table")
            for key in doc[section]:
                if key not in _KNOWN[section]:
                    raise InputError(f"{name}: [{section}] has an unknown key '{key}' "
                                     f"(known: {', '.join(sorted(_KNOWN[section]))})")
    data = doc.get("data", {})
    models = doc.get("models", {})
    st = doc.get("settings", {})
    where = f"{name} [data]"
    file = _get(data, "file", where, str, required=True)
    event, censor = _get(data, "event", where, str), _get(data, "censor", where, str)
    if (event is None) == (censor is None):
        raise InputError(f"{where}: give exactly one of 'event' (1 = event) and 'censor' (ADaM CNSR: 0 = event)")
    ws = f"{name} [settings]"
    unit = _get(st, "time_unit", ws, str, "months")
    if unit not in YEARS_PER_UNIT:
        raise InputError(f"{ws}.time_unit: must be one of {', '.join(YEARS_PER_UNIT)}; got {unit!r}")
    settings = PSMSettings(
        cycle=_get(st, "cycle", ws, float, 1.0), horizon=_get(st, "horizon", ws, float, required=True),
        time_unit=unit, half_cycle=_get(st, "half_cycle", ws, bool, True),
        discount_costs=_get(st, "discount_costs", ws, float, 0.035),
        discount_effects=_get(st, "discount_effects", ws, float, 0.035))
    if not settings.cycle > 0:
        raise InputError(f"{ws}.cycle: must be positive; got {settings.cycle:g}")
    if not settings.horizon >= settings.cycle:
        raise InputError(f"{ws}.horizon: must be at least one cycle; got {settings.horizon:g}")
    for key in ("discount_costs", "discount_effects"):
        if not 0 <= getattr(settings, key) < 1:
            raise InputError(f"{ws}.{key}: an annual rate in [0, 1); got {getattr(settings, key):g}")
    settings.grid()
    wtp = st.get("wtp", [0.0, 20000.0, 30000.0, 50000.0, 100000.0, 150000.0, 200000.0])
    if not isinstance(wtp, list) or not wtp or any(isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0
                                                     for v in wtp):
        raise InputError(f"{ws}.wtp: must be a list of non-negative willingness-to-pay values; got {wtp!r}")
    wu, wc = f"{name} [utilities]", f"{name} [costs]"
    util, costs = doc.get("utilities", {}), doc.get("costs", {})
    base = {"utility_pf": _get(util, "progression_free", wu, float, required=True),
            "utility_pd": _get(util, "progressed", wu, float, required=True),
            "cost_pf": _get(costs, "progression_free", wc, float, 0.0),
            "cost_pd": _get(costs, "progressed", wc, float, 0.0),
            "initial_cost": _get(costs, "initial", wc, float, 0.0)}
    arms = doc.get("arms", {})
    if not isinstance(arms, dict):
        raise InputError(f"{name}: [arms] must be a table of arm tables")
    inputs = {}
    keymap = {"progression_free_utility": "utility_pf", "progressed_utility": "utility_pd",
              "progression_free_cost": "cost_pf", "progressed_cost": "cost_pd", "initial_cost": "initial_cost"}
    for arm_name, table in arms.items():
        wa = f"{name} [arms.\"{arm_name}\"]"
        if not isinstance(table, dict):
            raise InputError(f"{wa}: must be a table")
        for key in table:
            if key not in keymap:
                raise InputError(f"{wa}: unknown key '{key}' (known: {', '.join(sorted(keymap))})")
        vals = dict(base)
        for key, field in keymap.items():
            if key in table:
                vals[field] = _get(table, key, wa, float)
        inputs[str(arm_name)] = ArmInputs(**vals)
    inputs["*"] = ArmInputs(**base)
    for arm_in in inputs.values():
        for u in (arm_in.utility_pf, arm_in.utility_pd):
            if not -1 <= u <= 1:
                raise InputError(f"{wu}: utilities must lie in [-1, 1]; got {u:g}")
    wm = f"{name} [models]"
    kind = _get(models, "kind", wm, str, "separate")
    if kind not in ("separate", "joint"):
        raise InputError(f"{wm}.kind: must be 'separate' or 'joint'; got {kind!r}")
    draws = _get(st, "draws", ws, int, 1000)
    if not 0 <= draws <= 100000:
        raise InputError(f"{ws}.draws: must be between 0 and 100000; got {draws}")
    from .fit import parse_distribution

    pfs_model, os_model = _get(models, "pfs", wm, str, "weibull"), _get(models, "os", wm, str, "weibull")
    for key, m in (("pfs", pfs_model), ("os", os_model)):
        try:
            parse_distribution(m)
        except InputError as exc:
            raise InputError(f"{wm}.{key}: {exc}") from None
    return PSMSpec(
        path=p, data=(p.parent / file), time=_get(data, "time", where, str, "AVAL"), event=event, censor=censor,
        arm=_get(data, "arm", where, str, required=True), pfs_param=_get(data, "pfs", where, str, "PFS"),
        os_param=_get(data, "os", where, str, "OS"), pfs_model=pfs_model, os_model=os_model, kind=kind,
        settings=settings, inputs=inputs, reference=_get(st, "reference", ws, str), draws=draws,
        seed=_get(st, "seed", ws, int, 1), wtp=tuple(float(v) for v in wtp),
        currency=_get(st, "currency", ws, str, ""))


# -- running it -----------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PSMResult:
    """Deterministic and probabilistic results of a partitioned-survival model.

    Attributes
    ----------
    arms : tuple of str
        The reference arm first.
    times : ndarray
        Cycle boundaries.
    pfs, os : dict
        Per arm, the model's PFS and OS at ``times``.
    deterministic : dict
        Per arm, the outcomes of :func:`psm_outcomes` at the estimates.
    incremental : dict
        Per non-reference arm: incremental discounted costs, QALYs, life years and the ICER (cost per QALY).
    psa : dict
        Per arm, each outcome per draw (arrays of length ``draws``); empty without draws.
    wtp : ndarray
    ceac : dict
        Per arm, the probability of the largest net monetary benefit at each ``wtp``.
    fits : dict
        Per (endpoint, arm), the fitted model.
    """

    arms: tuple[str, ...]
    times: np.ndarray
    pfs: dict
    os: dict
    deterministic: dict
    incremental: dict
    psa: dict
    wtp: np.ndarray
    ceac: dict
    fits: dict
    settings: PSMSettings
    currency: str = ""

    def __post_init__(self):
        freeze_arrays(self)


def _curve_rows(fit, arm, rows, times):
    from .predict import evaluate

    return evaluate(fit, "survival", rows, arm if fit.arm is None else None, times)


def _draw_rows(fit, n, rng):
    if not np.all(np.isfinite(fit.cov)):
        raise InputError(f"the {fit.distribution} model{'' if fit.arm is None else ' (arm ' + fit.arm + ')'} has no "
                         "covariance (it did not converge), so it cannot be drawn from for the probabilistic analysis")
    cov = 0.5 * (fit.cov + fit.cov.T)
    if np.min(np.linalg.eigvalsh(cov)) < 0:
        raise InputError(f"the {fit.distribution} model{'' if fit.arm is None else ' (arm ' + fit.arm + ')'} did not "
                         "converge to a maximum, so it cannot be drawn from for the probabilistic analysis")
    return rng.multivariate_normal(fit.theta, cov, size=n, method="eigh")


def run_psm(spec: PSMSpec, pfs, os) -> PSMResult:
    """Fit the spec's PFS and OS models and run the deterministic and probabilistic analyses.

    Parameters
    ----------
    spec : PSMSpec
    pfs, os : tuple of (time, event, arm) arrays
        The PFS and OS data (e.g. the ``PFS`` and ``OS`` rows of an ADTTE).
    """
    from .fit import fit_models

    tables = {}
    for key, data in (("pfs", pfs), ("os", os)):
        t, e, a = (np.asarray(v) for v in data)
        if len(t) == 0:
            raise InputError(f"the {key.upper()} data have no rows")
        tables[key] = (t.astype(float), e.astype(bool), a.astype(str))
    arms = sorted(set(tables["os"][2].tolist()))
    if spec.reference is not None:
        if spec.reference not in arms:
            raise InputError(f"{spec.path} [settings].reference: {spec.reference!r} is not an arm ({', '.join(arms)})")
        arms.remove(spec.reference)
        arms.insert(0, spec.reference)
    times = spec.settings.grid()
    fits: dict = {}
    for key, dist in (("pfs", spec.pfs_model), ("os", spec.os_model)):
        t, e, a = tables[key]
        for f in fit_models(t, e, [dist], arm=a, model=spec.kind, reference=arms[0]):
            for name in f.arms:
                fits[(key, name)] = f
    missing = [a for a in arms if ("pfs", a) not in fits]
    if missing:
        raise InputError(f"arm {missing[0]!r} has OS rows but no PFS rows")
    curves = {key: {a: _curve_rows(fits[(key, a)], a, fits[(key, a)].theta[None, :], times)[0] for a in arms}
              for key in ("pfs", "os")}
    inputs = {a: spec.inputs.get(a, spec.inputs["*"]) for a in arms}
    det = {a: {k: float(v) for k, v in psm_outcomes(curves["pfs"][a], curves["os"][a], spec.settings,
                                                   inputs[a]).items()} for a in arms}
    incr = {}
    for a in arms[1:]:
        dc = det[a]["costs_discounted"] - det[arms[0]]["costs_discounted"]
        dq = det[a]["qalys_discounted"] - det[arms[0]]["qalys_discounted"]
        dl = det[a]["life_years_discounted"] - det[arms[0]]["life_years_discounted"]
        incr[a] = {"costs": dc, "qalys": dq, "life_years": dl, "icer": dc / dq if dq != 0 else math.nan}
    psa: dict = {}
    ceac: dict = {}
    wtp = np.asarray(spec.wtp, dtype=float)
    if spec.draws > 0:
        rng = np.random.default_rng(spec.seed)
        draws_of: dict = {}
        for key in ("pfs", "os"):
            for a in arms:
                f = fits[(key, a)]
                if id(f) not in draws_of:
                    draws_of[id(f)] = _draw_rows(f, spec.draws, rng)
        for a in arms:
            pfs_b = _curve_rows(fits[("pfs", a)], a, draws_of[id(fits[("pfs", a)])], times)
            os_b = _curve_rows(fits[("os", a)], a, draws_of[id(fits[("os", a)])], times)
            psa[a] = psm_outcomes(pfs_b, os_b, spec.settings, inputs[a])
        nmb = np.stack([wtp[:, None] * psa[a]["qalys_discounted"][None, :] - psa[a]["costs_discounted"][None, :]
                        for a in arms])  # (arms, wtp, draws)
        winner = np.argmax(nmb, axis=0)
        ceac = {a: (winner == i).mean(axis=1) for i, a in enumerate(arms)}
    return PSMResult(tuple(arms), times, curves["pfs"], curves["os"], det, incr, psa, wtp, ceac,
                     {f"{k}:{a}": f for (k, a), f in fits.items()}, spec.settings, spec.currency)
