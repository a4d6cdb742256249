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
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .._results import freeze_arrays
from .._validate import InputError
from .lifetable import YEARS_PER_UNIT

__all__ = ["PSMSettings", "ArmInputs", "psm_outcomes", "state_occupancy", "PSMResult", "read_psm_spec",
           "run_psm", "PSMSpec", "write_psm"]


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
    try:
        doc = tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None
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


# -- outputs --------------------------------------------------------------------------------------------------
def psm_to_dict(res: PSMResult) -> dict:
    """Plain data of a result (the PSA as summaries: mean and 95% interval of each outcome)."""
    def num(v):
        v = float(v)
        return v if math.isfinite(v) else None

    out: dict = {"arms": list(res.arms), "settings": {
        "cycle": res.settings.cycle, "horizon": res.settings.horizon, "time_unit": res.settings.time_unit,
        "half_cycle": res.settings.half_cycle, "discount_costs": res.settings.discount_costs,
        "discount_effects": res.settings.discount_effects},
        "models": {k: {"distribution": f.distribution, "arm": f.arm, "loglik": num(f.loglik), "aic": num(f.aic),
                       "converged": f.converged} for k, f in res.fits.items()},
        "deterministic": {a: {k: num(v) for k, v in d.items()} for a, d in res.deterministic.items()},
        "incremental": {a: {k: num(v) for k, v in d.items()} for a, d in res.incremental.items()}}
    if res.psa:
        out["probabilistic"] = {a: {k: {"mean": num(np.mean(v)), "lower": num(np.quantile(v, 0.025)),
                                        "upper": num(np.quantile(v, 0.975))} for k, v in d.items()}
                                for a, d in res.psa.items()}
        out["ceac"] = {"wtp": [float(w) for w in res.wtp], **{a: [float(p) for p in v] for a, v in res.ceac.items()}}
    return out


def psm_figures(res: PSMResult) -> dict:
    """State occupancy per arm, and (with draws) the cost-effectiveness plane and acceptability curve."""
    from .figures import _COLORS, _STYLE, _plt

    plt = _plt()
    figs = {}
    with plt.rc_context(_STYLE):
        fig, axes = plt.subplots(1, len(res.arms), figsize=(4.6 * len(res.arms), 3.8), squeeze=False)
        for ax, a in zip(axes[0], res.arms):
            pf, pd, dead = state_occupancy(res.pfs[a], res.os[a])
            ax.stackplot(res.times, pf, pd, dead, colors=("#0072B5", "#E18727", "#D9D9D9"),
                         labels=("progression-free", "progressed", "dead"))
            ax.set_xlim(0, res.times[-1])
            ax.set_ylim(0, 1)
            ax.set_title(f"{a}: state occupancy")
            ax.set_xlabel(f"Time ({res.settings.time_unit})")
            ax.set_ylabel("Proportion of the cohort")
        axes[0][-1].legend(frameon=False, fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1.0))
        fig.tight_layout()
        figs["states"] = fig
        if res.psa and len(res.arms) > 1:
            ref = res.arms[0]
            fig, ax = plt.subplots(figsize=(5.6, 4.4))
            for i, a in enumerate(res.arms[1:]):
                dq = res.psa[a]["qalys_discounted"] - res.psa[ref]["qalys_discounted"]
                dc = res.psa[a]["costs_discounted"] - res.psa[ref]["costs_discounted"]
                ax.scatter(dq, dc, s=5, alpha=0.35, color=_COLORS[(i + 1) % len(_COLORS)], lw=0, label=f"{a} vs {ref}")
                inc = res.incremental[a]
                ax.scatter([inc["qalys"]], [inc["costs"]], s=40, color="black", marker="x")
            ax.axhline(0, color="0.5", lw=0.7)
            ax.axvline(0, color="0.5", lw=0.7)
            ax.set_xlabel("Incremental QALYs (discounted)")
            ax.set_ylabel(f"Incremental costs (discounted{', ' + res.currency if res.currency else ''})")
            ax.set_title("Cost-effectiveness plane (x: deterministic)")
            ax.legend(frameon=False, fontsize=7)
            fig.tight_layout()
            figs["ce_plane"] = fig
        if res.ceac:
            fig, ax = plt.subplots(figsize=(5.6, 4.0))
            for i, a in enumerate(res.arms):
                ax.plot(res.wtp, res.ceac[a], color=_COLORS[i % len(_COLORS)], lw=1.6, marker="o", ms=3, label=a)
            ax.set_ylim(-0.02, 1.02)
            ax.set_xlabel(f"Willingness to pay per QALY{' (' + res.currency + ')' if res.currency else ''}")
            ax.set_ylabel("Probability cost-effective")
            ax.set_title("Cost-effectiveness acceptability curve")
            ax.legend(frameon=False, fontsize=7)
            fig.tight_layout()
            figs["ceac"] = fig
    return figs


def _psa_html(res: PSMResult) -> str:
    import html

    if not res.psa:
        return ""
    n = len(next(iter(res.psa.values()))["qalys_discounted"])
    rows = []
    for a in res.arms:
        cells = []
        for k in ("life_years_discounted", "qalys_discounted", "costs_discounted"):
            v = res.psa[a][k]
            fmt = "{:,.0f}" if k.startswith("costs") else "{:.3f}"
            cells.append(f"{fmt.format(np.mean(v))} ({fmt.format(np.quantile(v, 0.025))}, "
                         f"{fmt.format(np.quantile(v, 0.975))})")
        rows.append(f"<tr><td>{html.escape(a)}</td>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    ceac = "".join(f"<tr><td>{w:,.0f}</td>" + "".join(f"<td>{res.ceac[a][i]:.3f}</td>" for a in res.arms) + "</tr>"
                   for i, w in enumerate(res.wtp))
    return (f"<h2>Probabilistic analysis ({n} draws)</h2><table><tr><th>arm</th><th>life years (disc.)</th>"
            "<th>QALYs (disc.)</th><th>costs (disc.)</th></tr>" + "".join(rows) + "</table>"
            "<p>Mean (2.5th, 97.5th percentile) over the draws.</p><table><tr><th>willingness to pay</th>"
            + "".join(f"<th>P({html.escape(a)} cost-effective)</th>" for a in res.arms) + "</tr>" + ceac + "</table>")


def write_psm(res: PSMResult, folder: Path, title: str = "Partitioned-survival model") -> list[Path]:
    """Write ``psm.json``, ``trace.csv``, ``psa.csv``, ``ceac.csv``, figures (PNG, SVG) and ``report.html``."""
    import html
    import json

    from .figures import save

    folder = Path(folder)
    written = []
    (folder / "psm.json").write_text(json.dumps(psm_to_dict(res), indent=2, allow_nan=False) + "\n", encoding="utf-8")
    written.append(folder / "psm.json")
    lines = ["arm,time,pfs,os,progression_free,progressed,dead"]
    for a in res.arms:
        pf, pd, dead = state_occupancy(res.pfs[a], res.os[a])
        for k, t in enumerate(res.times):
            lines.append(f"{a},{t:.10g},{res.pfs[a][k]:.10g},{res.os[a][k]:.10g},{pf[k]:.10g},{pd[k]:.10g},"
                         f"{dead[k]:.10g}")
    (folder / "trace.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    written.append(folder / "trace.csv")
    if res.psa:
        keys = list(next(iter(res.psa.values())).keys())
        lines = ["draw,arm," + ",".join(keys)]
        for a in res.arms:
            for b in range(len(res.psa[a][keys[0]])):
                lines.append(f"{b + 1},{a}," + ",".join(f"{res.psa[a][k][b]:.10g}" for k in keys))
        (folder / "psa.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        lines = ["wtp," + ",".join(res.arms)]
        for i, w in enumerate(res.wtp):
            lines.append(f"{w:.10g}," + ",".join(f"{res.ceac[a][i]:.10g}" for a in res.arms))
        (folder / "ceac.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        written += [folder / "psa.csv", folder / "ceac.csv"]
    images = []
    for name, fig in psm_figures(res).items():
        paths = save(fig, folder / name)
        written += paths
        images.append(name + ".png")
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(a)}</td><td>{d['life_years']:.3f}</td><td>{d['life_years_discounted']:.3f}</td>"
        f"<td>{d['qalys_discounted']:.3f}</td><td>{d['costs_discounted']:,.0f}</td></tr>"
        for a, d in res.deterministic.items())
    inc = "".join(f"<tr><td>{e(a)} vs {e(res.arms[0])}</td><td>{d['life_years']:.3f}</td><td>{d['qalys']:.3f}</td>"
                  f"<td>{d['costs']:,.0f}</td><td>{d['icer']:,.0f}</td></tr>" for a, d in res.incremental.items())
    page = (f"<!doctype html><html><head><meta charset='utf-8'><title>{e(title)}</title><style>body{{font-family:"
            "sans-serif;max-width:1000px;margin:2em auto}table{border-collapse:collapse;margin-bottom:1.5em}"
            "td,th{border-bottom:1px solid #ddd;padding:3px 10px;text-align:right}td:first-child{text-align:left}"
            f"img{{max-width:100%}}</style></head><body><h1>{e(title)}</h1>"
            f"<p>Cycle {res.settings.cycle:g} {e(res.settings.time_unit)}, horizon {res.settings.horizon:g}; half-cycle "
            f"correction {'on' if res.settings.half_cycle else 'off'}; discounting {res.settings.discount_costs:g} "
            f"(costs), {res.settings.discount_effects:g} (effects) a year.</p>"
            "<h2>Deterministic results</h2><table><tr><th>arm</th><th>life years</th><th>life years (disc.)</th>"
            f"<th>QALYs (disc.)</th><th>costs (disc.)</th></tr>{rows}</table>"
            + (f"<h2>Incremental (discounted)</h2><table><tr><th></th><th>life years</th><th>QALYs</th><th>costs</th>"
               f"<th>ICER per QALY</th></tr>{inc}</table>" if inc else "")
            + _psa_html(res)
            + "".join(f"<figure><img src='{e(i)}' alt='{e(i)}'></figure>" for i in images) + "</body></html>\n")
    (folder / "report.html").write_text(page, encoding="utf-8")
    written.append(folder / "report.html")
    return written
