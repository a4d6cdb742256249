"""Synthesize a patient-level trial from its published summary.

:func:`synthesize_trial` builds the subjects (stratified permuted-block randomization, staggered accrual),
calibrates every time-to-event endpoint on the realized sample (:mod:`trialscout.synth.calibrate`), makes the
endpoints consistent with each other, assigns responses, deaths, adverse events and exposure, and returns ADaM-style
tables. :func:`write_trial` writes them with a trial spec (format: ``docs/trial-spec.md``), whole-or-nothing.

Consistency rules
-----------------
- OS is drawn first. PFS = min(latent progression, death); PFS2 = min(max(latent, PFS), death); treatment-free
  survival = min(latent, death); a patient-reported endpoint is censored at death. So PFS <= PFS2 <= OS for
  every subject, and the OS events are exactly the deaths in ADSL (DTHFL).
- Latent times of one subject are tied by a Gaussian copula (correlations in ``COPULA``: OS - PFS2 - PFS in a
  chain, so that a subject alive without a second progression rarely dies, and a subject who progresses late
  also tends to respond, to reach MRD negativity, to stay symptom-free).
- Best response is assigned by rank of a score correlated with PFS: the best ``CR%`` of the ITT arm get a
  complete response, the next ones a partial or very good partial response; MRD negativity (10^-6 within
  10^-5) only among complete responders.
- Subjects not treated (ITT minus as-treated) are first those whose PFS event fell within the bridging period,
  then chosen so that the deaths in the safety population match the published rate; deaths from progression
  are deaths preceded by a progression.
- Censoring: administrative at the data cut-off for every endpoint; treatment-free survival and
  patient-reported endpoints also get independent drop-out, fitted to the width of their published landmark CI
  (OS, PFS and PFS2 keep the chain PFS <= PFS2 <= OS and have no drop-out).
- Adverse events hold only what the publication gives: exactly round(rate x N) subjects of the safety
  population with a grade 3/4 TEAE, the published most common grade 3 term of each arm at its published rate
  (grade 3), serious treatment-related events in exactly round(rate x N) subjects; every event whose term the
  paper does not give is written as "term not published" (body system "Not published"). No low-grade event and
  no other term is made up.
- Deaths: the published share from progression are deaths preceded by a progression; the other deaths have
  cause "OTHER" (the paper does not split them further).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from .._output import output_dir
from .._validate import InputError
from .calibrate import EndpointFit, calibrate_endpoint
from .design import DAYS_PER_MONTH, accrual_days, stratified_blocks
from .summary import TrialSummary, TteEndpoint, load_summary

__all__ = ["SyntheticTrial", "synthesize_trial", "write_trial", "synthesize", "COPULA", "DEFAULT_SEED"]

DEFAULT_SEED = 20240501

#: Correlation (Gaussian copula) of each endpoint's latent draw with the draw it is tied to.
COPULA = {"pfs2": ("os", 0.9), "pfs": ("pfs2", 0.9), "tfs": ("pfs", 0.8), "pro": ("pfs", 0.4)}
_COPULA_ORDER = ("pfs2", "pfs", "tfs", "pro")  # each after the draw it is tied to
_ORDER = ("os", "pfs", "pfs2", "tfs", "pro")

_PARAM = {"os": "Overall survival", "pfs": "Progression-free survival", "pfs2": "PFS on next-line therapy",
          "tfs": "Treatment-free survival", "pro": "Time to symptom worsening"}


@dataclass(frozen=True)
class SyntheticTrial:
    """A synthetic trial: ADaM-style tables, the spec text and how well the calibration went.

    Attributes
    ----------
    adsl, adtte, adrs, adae : pandas.DataFrame
    spec_toml : str
        Trial spec (format: ``docs/trial-spec.md``) naming ``adsl.csv``, ``adtte.csv``, ``adrs.csv``,
        ``adae.csv``.
    seed : int
    fits : dict
        Endpoint id -> :class:`~trialscout.synth.calibrate.EndpointFit` (models, realized HR).
    messages : tuple of str
        What the synthesizer could not match (empty when everything was matched).
    summary : TrialSummary
    """

    adsl: pd.DataFrame
    adtte: pd.DataFrame
    adrs: pd.DataFrame
    adae: pd.DataFrame
    spec_toml: str
    seed: int
    fits: dict
    messages: tuple
    summary: TrialSummary


def _balanced(u: np.ndarray, arm: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Stratified uniforms with the ranks of ``u`` within each arm: the k-th smallest becomes (k + v_k) / n."""
    out = np.empty_like(u)
    for code in np.unique(arm):
        idx = np.flatnonzero(arm == code)
        order = idx[np.argsort(u[idx], kind="stable")]
        out[order] = (np.arange(len(idx)) + rng.random(len(idx))) / len(idx)
    return out


def _months(days):
    return np.asarray(days, dtype=float) / DAYS_PER_MONTH


def _count(rate_pct: float, n: int) -> int:
    return int(math.floor(rate_pct / 100.0 * n + 0.5))


def _randomize(summary: TrialSummary, rng_seq: np.random.SeedSequence):
    """Strata, entry days and arms (0 = control, 1 = treated) in entry order, with exact arm sizes."""
    d = summary.design
    n1, n0 = summary.treated.n_itt, summary.control.n_itt
    n = n0 + n1
    # allocation given as [treated, control] in the order the arms are listed
    alloc = d.allocation if not summary.arms[0].control else d.allocation[::-1]
    base = rng_seq.generate_state(1)[0]
    for attempt in range(5000):
        rng = np.random.default_rng([int(base), attempt])
        levels = []
        for s in d.strata:
            levels.append(rng.choice(len(s.levels), size=n, p=np.asarray(s.proportions)))
        code = np.zeros(n, dtype=np.int64)
        for lv, s in zip(levels, d.strata):
            code = code * len(s.levels) + lv
        arm = stratified_blocks(code, (alloc[1], alloc[0]), d.block_size, rng)  # block values: 0 ctrl, 1 trt
        # exact arm sizes, and both arms in every stratum that holds anyone (a stratified comparison needs it)
        both = all(len(np.unique(arm[code == c])) == 2 for c in np.unique(code))
        if int(arm.sum()) == n1 and both:
            entry = accrual_days(n, d, rng)
            return levels, entry, arm.astype(np.int64)
    raise InputError(f"{summary.path}: could not randomize exactly {n1} vs {n0} patients with permuted blocks of "
                     f"{d.block_size} (check arms[].n_itt and design.block_size)")


def synthesize_trial(summary: TrialSummary | str | Path, *, seed: int = DEFAULT_SEED) -> SyntheticTrial:
    """Build a synthetic patient-level trial whose analysis reproduces a published summary.

    Parameters
    ----------
    summary : TrialSummary or path
        The published summary (see :func:`trialscout.synth.load_summary`).
    seed : int
        Seed of every random draw; the output is a deterministic function of (summary, seed).

    Returns
    -------
    SyntheticTrial

    Raises
    ------
    InputError
        When the summary is invalid, or describes a trial that cannot be randomized as stated.
    """
    if not isinstance(summary, TrialSummary):
        summary = load_summary(summary)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError(f"`seed` must be a non-negative integer; got {seed!r}")
    seed = int(seed)
    ss = np.random.SeedSequence(seed)
    s_rand, s_lat, s_resp, s_ae, s_misc = ss.spawn(5)
    d = summary.design
    levels, entry, arm = _randomize(summary, s_rand)
    n = len(arm)
    cut_days = (d.data_cutoff - d.accrual_start).days
    admin = (cut_days - entry).astype(float)  # days of potential follow-up
    max_fu = cut_days / DAYS_PER_MONTH
    strata_lab = np.array(["/".join(d.strata[k].levels[levels[k][i]] for k in range(len(d.strata)))
                           for i in range(n)], dtype=object) if d.strata else None

    # latent normals (Gaussian copula), one per endpoint kind
    rng = np.random.default_rng(s_lat)
    z: dict[str, np.ndarray] = {"os": rng.standard_normal(n)}
    for kind in _COPULA_ORDER:
        parent, rho = COPULA[kind]
        z[kind] = rho * z[parent] + math.sqrt(1 - rho * rho) * rng.standard_normal(n)
    u = {k: stats.norm.cdf(v) for k, v in z.items()}
    # balanced draws: within each arm the k-th smallest uniform becomes (k + v) / n, v ~ U(0, 1) (one stratum
    # of width 1/n per subject), so event times follow the model without the random gaps and clumps of iid
    # draws; the ranks, hence the copula between endpoints, are unchanged
    rng_strat = np.random.default_rng(np.random.SeedSequence(seed).spawn(7)[6])
    u = {k: _balanced(v, arm, rng_strat) for k, v in u.items()}
    drop_u = {k: rng.random(n) for k in ("tfs", "pro")}

    arm_ids = {1: summary.treated.id, 0: summary.control.id}
    by_kind: dict[str, list[TteEndpoint]] = {}
    for ep in summary.endpoints:
        by_kind.setdefault(ep.kind, []).append(ep)
    fits: dict[str, EndpointFit] = {}
    latent_event: dict[str, np.ndarray] = {}  # event day (or inf) before censoring, per kind
    messages: list[str] = []
    os_days = np.full(n, np.inf)
    pfs_days = np.full(n, np.inf)

    def tte_published(ep: TteEndpoint) -> dict:
        return {c: ep.arms[arm_ids[c]] for c in (0, 1) if arm_ids[c] in ep.arms}

    for kind in _ORDER:
        for ep in by_kind.get(kind, []):
            if kind == "os":
                def observe(lat):
                    return _months(np.minimum(lat, admin)), lat <= admin
            elif kind == "pfs":
                def observe(lat):
                    ev = np.minimum(lat, os_days)
                    return _months(np.minimum(ev, admin)), ev <= admin
            elif kind == "pfs2":
                def observe(lat):
                    ev = np.minimum(np.maximum(lat, pfs_days), os_days)
                    return _months(np.minimum(ev, admin)), ev <= admin
            elif kind == "tfs":
                def observe(lat):
                    ev = np.minimum(lat, os_days)
                    return _months(np.minimum(ev, admin)), ev <= admin
            else:  # pro: death censors
                def observe(lat):
                    c = np.minimum(os_days, admin)
                    return _months(np.minimum(lat, c)), lat <= c
            pub = tte_published(ep)
            try:
                fit = calibrate_endpoint(u[kind], arm, observe, pub, ep.hazard_ratio, strata=strata_lab,
                                         bridging=d.bridging, max_followup=max_fu, dropout_u=drop_u.get(kind))
            except ValueError as exc:
                raise InputError(f"{summary.path}: endpoint {ep.id!r}: {exc}") from None
            fits[ep.id] = fit
            messages += [f"{ep.id}: {m}" for m in fit.messages]
            if kind == "os":
                os_days = fit.latent_days.copy()
            elif kind == "pfs":
                pfs_days = np.minimum(fit.latent_days, os_days)
            latent_event[ep.id] = fit.latent_days
    if "os" not in by_kind:
        # no OS published: deaths are not simulated (no subject dies)
        os_days = np.full(n, np.inf)

    tables = _build_tables(summary, seed, levels, entry, arm, admin, os_days, pfs_days, fits, u, z,
                           np.random.default_rng(s_resp), np.random.default_rng(s_ae),
                           np.random.default_rng(s_misc), messages)
    adsl, adtte, adrs, adae = tables
    spec = _spec_toml(summary, seed)
    return SyntheticTrial(adsl, adtte, adrs, adae, spec, seed, fits, tuple(messages), summary)


# ------------------------------------------------------------------------------------------------ tables


def _choose_untreated(arm_idx, n_untreated, bridging_days, pfs_ev_days, admin, os_days, target_safety_deaths,
                      rng, messages, arm_name):
    """Which subjects of an arm were never treated (a boolean mask over the arm).

    The untreated are those whose PFS event came earliest (progression or death during the bridging period
    is why a randomized patient is not infused), split between subjects who died and subjects alive at the
    cut-off so that the deaths left in the safety population match the published count.
    """
    n = len(arm_idx)
    chosen = np.zeros(n, dtype=bool)
    if n_untreated == 0:
        return chosen
    died = os_days[arm_idx] <= admin[arm_idx]
    key = np.where(pfs_ev_days[arm_idx] <= admin[arm_idx], pfs_ev_days[arm_idx], np.inf)
    key = key + rng.random(n) * 1e-3  # seed-determined tie-break
    if target_safety_deaths is None:
        chosen[np.argsort(key, kind="stable")[:n_untreated]] = True
        return chosen
    need_dead = int(np.clip(int(died.sum()) - target_safety_deaths, 0, n_untreated))
    dead = np.flatnonzero(died)
    alive = np.flatnonzero(~died)
    need_alive = n_untreated - need_dead
    if need_alive > len(alive):
        need_alive = len(alive)
        need_dead = n_untreated - need_alive
    chosen[dead[np.argsort(key[dead], kind="stable")[:need_dead]]] = True
    chosen[alive[np.argsort(key[alive], kind="stable")[:need_alive]]] = True
    left = int(died.sum()) - need_dead
    if left != target_safety_deaths:
        messages.append(f"deaths: {arm_name}: {left} deaths in the safety population where the published rate "
                        f"gives {target_safety_deaths} (OS has {int(died.sum())} deaths in the ITT arm)")
    return chosen


#: Body system and term of the events whose term the publication does not give (see :func:`_adverse_events`).
NOT_PUBLISHED_SOC = "Not published"
GRADE34_NOT_PUBLISHED = "Grade 3 or 4 event, term not published"
SERIOUS_RELATED_NOT_PUBLISHED = "Serious treatment-related event, term not published"


def _adverse_events(summary, safety_idx, arm_of, rng, messages) -> list[dict]:
    """ADAE rows holding only what the publication gives, nothing invented.

    Per arm of the safety population: exactly round(rate x N) subjects with a grade 3/4 event (maximum grade 3
    or 4); among them the published most common grade 3 term at its published rate (grade 3); the other grade
    3/4 subjects get one event whose term and body system are "not published"; the published share of
    subjects with a serious treatment-related event get one such event (term not published), chosen among the
    grade 3/4 subjects when there are enough of them (grade 3, so no grade is invented), else grade 2.
    No low-grade event, no term the paper does not name and no grade 5 event is written.
    """
    rows: list[dict] = []
    saf = summary.safety
    if saf is None:
        return rows
    for code, arm_sum in ((1, summary.treated), (0, summary.control)):
        ids = safety_idx[arm_of[safety_idx] == code]
        n = len(ids)
        if n == 0 or arm_sum.id not in saf.grade34:
            continue
        n34 = _count(saf.grade34[arm_sum.id], n)
        perm = rng.permutation(n)
        g34 = perm[:n34]
        top = [t for t in saf.top_grade3 if t.arm == arm_sum.id]
        done = np.zeros(n, dtype=bool)
        for t in top:
            k = min(_count(t.rate, n), n34)
            for i in g34[:k]:
                rows.append(_ae(ids[i], t.body_system or NOT_PUBLISHED_SOC, t.term, 3, "N", "NOT RELATED"))
            done[g34[:k]] = True
        for i in g34[~done[g34]]:
            rows.append(_ae(ids[i], NOT_PUBLISHED_SOC, GRADE34_NOT_PUBLISHED, 3, "N", "NOT RELATED"))
        sr = saf.serious_related.get(arm_sum.id)
        if sr is not None:
            k = _count(sr, n)
            pool = np.r_[g34[rng.permutation(len(g34))], perm[n34:]]
            for j, i in enumerate(pool[:k]):
                rows.append(_ae(ids[i], NOT_PUBLISHED_SOC, SERIOUS_RELATED_NOT_PUBLISHED, 3 if j < n34 else 2, "Y",
                                "RELATED"))
    return rows


def _ae(usubjid, soc, term, grade, serious, related) -> dict:
    return {"USUBJID": usubjid, "AEBODSYS": soc, "AEDECOD": term, "AETOXGR": int(grade), "AESER": serious,
            "AEREL": related, "TRTEMFL": "Y"}


def _quantile_values(n: int, q1: float, med: float, q3: float, lo: float, hi: float, integer: bool) -> np.ndarray:
    """n sorted values whose median and quartiles are exactly (q1, med, q3) under the usual definitions."""
    p = (np.arange(n) + 0.5) / n
    x = np.interp(p, [0, 0.25, 0.5, 0.75, 1.0], [lo, q1, med, q3, hi])
    if integer:
        x = np.round(x)
    x = np.sort(x)
    # pin the order statistics around each quartile to the published value (robust to the quantile definition)
    for pq, v in ((0.25, q1), (0.5, med), (0.75, q3)):
        a = int(math.floor(pq * (n - 1)))
        b = int(math.ceil(pq * n))
        x[max(a - 1, 0): min(b + 1, n)] = v
    return np.maximum.accumulate(x)


def _build_tables(summary, seed, levels, entry, arm, admin, os_days, pfs_days, fits, u, z, rng_r, rng_ae, rng_m,
                  messages):
    d = summary.design
    n = len(arm)
    arm_ids = {1: summary.treated.id, 0: summary.control.id}
    usubjid = np.array([f"{summary.name[:12].replace(' ', '')}-{i + 1:04d}" for i in range(n)], dtype=object)
    died = os_days <= admin
    pfs_event_day = pfs_days  # min(progression, death)
    progressed = np.isfinite(pfs_days) & (pfs_days < os_days) & (pfs_days <= admin)

    # --- as-treated and deaths ----------------------------------------------------------------------------
    treated = np.ones(n, dtype=bool)
    death_targets = {}
    if summary.deaths is not None:
        for code in (0, 1):
            a = summary.arm(arm_ids[code])
            if arm_ids[code] in summary.deaths.any_cause:
                base = a.n_as_treated if summary.deaths.population == "as_treated" else a.n_itt
                death_targets[code] = _count(summary.deaths.any_cause[arm_ids[code]], base)
    bridging_days = d.bridging * DAYS_PER_MONTH
    for code in (0, 1):
        a = summary.arm(arm_ids[code])
        idx = np.flatnonzero(arm == code)
        tgt = death_targets.get(code) if (summary.deaths and summary.deaths.population == "as_treated") else None
        not_t = _choose_untreated(idx, a.n_itt - a.n_as_treated, bridging_days if code == 1 else 30.0,
                                  pfs_event_day, admin, os_days, tgt, rng_m, messages, a.id)
        treated[idx[not_t]] = False
    cause = np.array([""] * n, dtype=object)
    safety_as_treated = summary.safety is None or summary.safety.population == "as_treated"
    for code in (0, 1):
        idx = np.flatnonzero(arm == code)
        in_pop = treated[idx] if (summary.deaths and summary.deaths.population == "as_treated") else np.ones(len(idx), bool)
        dead = idx[died[idx] & in_pop]
        # deaths from progression: first those after a documented progression, then (clinical progression
        # recorded at death) deaths that were themselves the PFS event
        prog_dead = [i for i in dead if progressed[i]] + [i for i in dead if not progressed[i]]
        k = None
        if summary.deaths is not None and arm_ids[code] in summary.deaths.progression:
            a = summary.arm(arm_ids[code])
            base = a.n_as_treated if summary.deaths.population == "as_treated" else a.n_itt
            k = _count(summary.deaths.progression[arm_ids[code]], base)
            if k > len(prog_dead):
                messages.append(f"deaths: {a.id}: only {len(prog_dead)} deaths; the published rate needs {k} deaths "
                                "from progression")
        n_doc = int(sum(progressed[i] for i in dead))
        pd_idx = np.array(prog_dead, dtype=int)
        pd_idx = np.r_[pd_idx[:n_doc][rng_m.permutation(n_doc)], pd_idx[n_doc:]].astype(int)
        k = len(pd_idx) if k is None else min(k, len(pd_idx))
        cause[dead] = "OTHER"
        cause[pd_idx[:k]] = "PROGRESSIVE DISEASE"
        # deaths outside the population: progression when preceded by one
        for i in idx[died[idx] & ~in_pop]:
            cause[i] = "PROGRESSIVE DISEASE" if progressed[i] else "OTHER"

    # --- responses ------------------------------------------------------------------------------------------
    score = -z["pfs"] * 0.8 + 0.6 * rng_r.standard_normal(n)
    bor = np.array(["SD"] * n, dtype=object)
    mrd: dict[str, np.ndarray] = {}
    resp = {r.kind: r for r in summary.responses}
    mrds = sorted((r for r in summary.responses if r.kind == "mrd"), key=lambda r: -r.threshold)
    for code in (0, 1):
        aid = arm_ids[code]
        idx = np.flatnonzero(arm == code)
        order = idx[np.argsort(-score[idx], kind="stable")]
        m = len(idx)
        n_orr = _count(resp["orr"].rates[aid], m) if "orr" in resp and aid in resp["orr"].rates else None
        n_cr = _count(resp["cr"].rates[aid], m) if "cr" in resp and aid in resp["cr"].rates else None
        if n_cr is None:
            n_cr = int(0.3 * (n_orr if n_orr is not None else 0.5 * m))
        if n_orr is None:
            n_orr = max(n_cr, int(0.7 * m))
        cr_ids = order[:n_cr]
        bor[cr_ids] = np.where(rng_r.random(n_cr) < 0.6, "sCR", "CR")
        pr_ids = order[n_cr:n_orr]
        bor[pr_ids] = np.where(rng_r.random(len(pr_ids)) < 0.6, "VGPR", "PR")
        rest = order[n_orr:]
        bor[rest] = np.where(progressed[rest] | died[rest], "PD", np.where(rng_r.random(len(rest)) < 0.8, "SD", "NE"))
        for r in mrds:
            if aid not in r.rates:
                continue
            k = _count(r.rates[aid], m)
            neg = mrd.setdefault(r.id, np.zeros(n, dtype=bool))
            if k > n_cr:
                messages.append(f"{r.id}: {aid}: {k} MRD-negative patients exceed the {n_cr} complete responders")
            neg[cr_ids[: min(k, n_cr)]] = True  # best-ranked complete responders; nested across thresholds

    # --- baseline, exposure -----------------------------------------------------------------------------------
    age = np.clip(np.round(rng_m.normal(61.5, 9.5, n)), 27, 80).astype(int)
    sex = np.where(rng_m.random(n) < 0.56, "M", "F")
    adsl = pd.DataFrame({
        "STUDYID": summary.name, "USUBJID": usubjid, "SUBJID": np.arange(1, n + 1),
        "ARM": [arm_ids[c] for c in arm], "ACTARM": [arm_ids[c] if t else "NOT TREATED" for c, t in zip(arm, treated)],
        "RANDDT": [(np.datetime64(d.accrual_start) + int(e)).astype(str) for e in entry],
        "ITTFL": "Y", "ASTRTFL": np.where(treated, "Y", "N"), "SAFFL": np.where(treated, "Y", "N"),
        "MRDEVFL": "Y",
    })
    for k, s in enumerate(d.strata):
        adsl[s.column] = [s.levels[j] for j in levels[k]]
    adsl["AGE"] = age
    adsl["AGEGR1"] = np.where(age < 65, "<65", ">=65")
    adsl["SEX"] = sex
    adsl["DTHFL"] = np.where(died, "Y", "N")
    adsl["DTHCAUS"] = cause
    adsl["SYNTHFL"] = "Y"
    for x in summary.exposure:
        code = 1 if x.arm == summary.treated.id else 0
        idx = np.flatnonzero((arm == code) & treated)
        vals = np.full(n, np.nan)
        lo = max(0.0, x.q1 - 1.5 * (x.q3 - x.q1)) if not x.integer else 1.0
        hi = x.q3 + 1.5 * (x.q3 - x.q1)
        sorted_vals = _quantile_values(len(idx), x.q1, x.median, x.q3, max(lo, 0.0), hi, x.integer)
        if x.integer:
            # cycles follow time on treatment: rank by the PFS event (or censoring) day
            key = np.minimum(pfs_event_day[idx], admin[idx])
        else:
            key = rng_m.random(len(idx))
        vals[idx[np.argsort(key, kind="stable")]] = sorted_vals
        adsl[x.column] = vals

    # --- ADTTE --------------------------------------------------------------------------------------------
    rows = []
    for ep in summary.endpoints:
        fit = fits[ep.id]
        present = [c for c in (0, 1) if arm_ids[c] in ep.arms]
        for c in present:
            for i in np.flatnonzero(arm == c):
                rows.append((usubjid[i], ep.id, f"{ep.label}", float(fit.time[i]), 0 if fit.event[i] else 1))
    adtte = pd.DataFrame(rows, columns=["USUBJID", "PARAMCD", "PARAM", "AVAL", "CNSR"])
    adtte["AVALU"] = "MONTHS"
    # --- ADRS ---------------------------------------------------------------------------------------------
    rrows = [(usubjid[i], "BOR", "Best overall response", bor[i]) for i in range(n)]
    for r in mrds:
        neg = mrd.get(r.id, np.zeros(n, dtype=bool))
        rrows += [(usubjid[i], r.id, r.label, "NEGATIVE" if neg[i] else "POSITIVE") for i in range(n)]
    adrs = pd.DataFrame(rrows, columns=["USUBJID", "PARAMCD", "PARAM", "AVALC"])
    # --- ADAE ---------------------------------------------------------------------------------------------
    safety_idx = np.flatnonzero(treated) if (summary.safety is None or summary.safety.population == "as_treated") \
        else np.arange(n)
    adae = pd.DataFrame(_adverse_events(summary, safety_idx, arm, rng_ae, messages),
                        columns=["USUBJID", "AEBODSYS", "AEDECOD", "AETOXGR", "AESER", "AEREL", "TRTEMFL"])
    adae["USUBJID"] = usubjid[adae["USUBJID"].to_numpy(dtype=np.int64)]
    adae = adae.sort_values(["USUBJID", "AEBODSYS", "AEDECOD"], kind="stable").reset_index(drop=True)
    return adsl, adtte, adrs, adae


# ------------------------------------------------------------------------------------------------ spec


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _spec_toml(summary: TrialSummary, seed: int) -> str:
    d = summary.design
    t, c = summary.treated, summary.control
    lines = [
        "# Trial spec written by `trialscout synthesize` (format: docs/trial-spec.md).",
        f"# Summary: {summary.path}; seed {seed}.",
        "",
        "[trial]",
        f"title = {_q(summary.name + ' (synthetic patients)')}",
        'time_unit = "months"',
        'preset = "sas"',
        "note = " + _q(
            f"SYNTHETIC DATA. The patients in this report are synthetic: they were generated by trialscout "
            f"(seed {seed}) from the published summary of {summary.name} ({summary.source}) and calibrated so that "
            "their analysis reproduces the published figures. They are not the trial's patients. Adverse events "
            "hold only the published categories (grade 3/4, the most common grade 3 event of each arm, serious "
            "treatment-related events); the rest was not published. Baseline age and sex and the stratum "
            "proportions are illustrative, not published."),
        "",
        "[datasets]",
        'adsl = "adsl.csv"', 'adtte = "adtte.csv"', 'adrs = "adrs.csv"', 'adae = "adae.csv"',
        "",
        "[arms]",
        'variable = "ARM"',
        f"control = {_q(c.id)}",
        'actual_variable = "ACTARM"',
        f"order = [{_q(t.id)}, {_q(c.id)}]",
        "[arms.labels]",
        f"{t.id} = {_q(t.label)}",
        f"{c.id} = {_q(c.label)}",
        "",
        "[populations]",
        'itt = "ITTFL"',
        'safety = "SAFFL"',
        'as_treated = "ASTRTFL"',
        'mrd_evaluable = "MRDEVFL"',
        "",
    ]
    if d.strata:
        lines += ["[stratification]", "factors = [" + ", ".join(_q(s.column) for s in d.strata) + "]", ""]
    for ep in summary.endpoints:
        lms = sorted({lm.time for a in ep.arms.values() for lm in a.landmarks})
        lines += ["[[endpoints]]", f"id = {_q(ep.id)}", 'type = "tte"', f"paramcd = {_q(ep.id)}",
                  f"label = {_q(ep.label)}", f"short = {_q(ep.id)}"]
        if len(ep.arms) < 2:
            # published for one arm only (ADTTE holds that arm): described, not compared
            lines.append("arms = [" + ", ".join(_q(a) for a in ep.arms) + "]")
        if lms:
            lines.append("landmarks = [" + ", ".join(f"{x:g}" for x in lms) + "]")
        if ep.hazard_ratio is not None:
            lines.append(f"weighting = {_q(ep.hazard_ratio.weighting)}")
            if not ep.hazard_ratio.stratified:
                lines.append("stratified = false")
        if ep.primary:
            lines.append("primary = true")
        lines.append("")
    for r in summary.responses:
        lines += ["[[endpoints]]", f"id = {_q(r.id)}", 'type = "response"', f"label = {_q(r.label)}"]
        if r.kind in ("orr", "cr"):
            lines += ['paramcd = "BOR"',
                      'categories = ["sCR", "CR", "VGPR", "PR", "MR", "SD", "PD", "NE"]',
                      'responders = ["sCR", "CR", "VGPR", "PR"]' if r.kind == "orr" else 'responders = ["sCR", "CR"]']
        else:
            lines += [f"paramcd = {_q(r.id)}", 'categories = ["NEGATIVE", "POSITIVE"]', 'responders = ["NEGATIVE"]',
                      'evaluable = "MRDEVFL"']
        lines.append("")
    if summary.safety is not None:
        lines += ["[safety]", 'population = "safety"', 'arm = "actual"', "top_grade3 = 3", "min_percent = 0", ""]
    if summary.deaths is not None:
        pop = "safety" if summary.deaths.population == "as_treated" else "itt"
        lines += ["[deaths]", f"population = {_q(pop)}", 'flag = "DTHFL"', 'cause = "DTHCAUS"', ""]
    lines += ['[[baseline]]', 'column = "AGE"', 'label = "Age, years"', 'type = "continuous"', "",
              '[[baseline]]', 'column = "SEX"', 'label = "Sex"', 'type = "categorical"', ""]
    for s in d.strata:
        lines += ["[[baseline]]", f"column = {_q(s.column)}", f"label = {_q(s.label)}", 'type = "categorical"',
                  "levels = [" + ", ".join(_q(v) for v in s.levels) + "]", ""]
    for x in summary.exposure:
        lines += ["[[exposure]]", f"column = {_q(x.column)}", f"label = {_q(x.label)}", f"arms = [{_q(x.arm)}]",
                  'population = "as_treated"', ""]
    prim = [ep.id for ep in summary.endpoints if len(ep.arms) == 2]
    if d.strata and prim:
        lines += ["[subgroups]", f"endpoints = [{_q(prim[0])}]"]
        for s in d.strata:
            lines += ["[[subgroups.variables]]", f"column = {_q(s.column)}", f"label = {_q(s.label)}",
                      "levels = [" + ", ".join(_q(v) for v in s.levels) + "]"]
        lines += ["[[subgroups.variables]]", 'column = "AGEGR1"', 'label = "Age"', 'levels = ["<65", ">=65"]', ""]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------------------ writing


def write_trial(trial: SyntheticTrial, out_dir: str | Path, *, fmt: str = "csv") -> Path:
    """Write ADSL, ADTTE, ADRS, ADAE and ``spec.toml`` into ``out_dir``, whole-or-nothing.

    The folder is built next to ``out_dir`` and swapped in once every file is complete (see
    :func:`trialscout._output.output_dir`): an existing ``out_dir`` is replaced only if it is empty or was
    written by trialscout and holds nothing else; otherwise InputError. Returns the path of the spec.
    """
    _check_fmt(fmt)
    out = Path(out_dir)
    with output_dir(out, command="trialscout synthesize") as tmp:
        _write_files(trial, tmp, fmt)
    return out / "spec.toml"


def _check_fmt(fmt: str) -> None:
    if fmt not in ("csv", "parquet"):
        raise InputError(f"`fmt` must be 'csv' or 'parquet'; got {fmt!r}")


def _write_files(trial: SyntheticTrial, folder: Path, fmt: str) -> None:
    """The four datasets and the spec, written into the (temporary) ``folder``."""
    names = {}
    for name, df in (("adsl", trial.adsl), ("adtte", trial.adtte), ("adrs", trial.adrs), ("adae", trial.adae)):
        fn = f"{name}.{fmt}"
        if fmt == "csv":
            df.to_csv(folder / fn, index=False)
        else:
            df.to_parquet(folder / fn, index=False)
        names[name] = fn
    spec = trial.spec_toml
    if fmt != "csv":
        for name, fn in names.items():
            spec = spec.replace(f'"{name}.csv"', f'"{fn}"')
    (folder / "spec.toml").write_text(spec, encoding="utf-8")


@dataclass(frozen=True)
class SynthesisResult:
    """What :func:`synthesize` wrote: the spec path, the trial and the what-could-not-be-matched messages."""

    spec_path: Path
    trial: SyntheticTrial
    messages: tuple = field(default=())


def synthesize(summary_path: str | Path, *, seed: int = DEFAULT_SEED, out_dir: str | Path,
               fmt: str = "csv") -> SynthesisResult:
    """CLI entry point of ``trialscout synthesize SUMMARY --seed N --out DIR``: load, synthesize, write.

    ``out_dir`` is written whole or not at all, and refused (InputError, before the synthesis) if it holds
    files trialscout did not write or the summary itself.
    """
    _check_fmt(fmt)
    summary = load_summary(summary_path)
    out = Path(out_dir)
    with output_dir(out, protect=[summary_path], command="trialscout synthesize") as tmp:
        trial = synthesize_trial(summary, seed=seed)
        _write_files(trial, tmp, fmt)
    return SynthesisResult(out / "spec.toml", trial, trial.messages)
