"""Plain data, text tables, CSV files and HTML pages of an :class:`~trialscout.extrapolate.Extrapolation` and of a
partitioned-survival model's result (formatting only: it reads the results, never computes them)."""

from __future__ import annotations

import csv
import html
import io
import math
from pathlib import Path

import numpy as np

from .._results import Estimate
from ..extrapolate.analysis import Extrapolation
from ..extrapolate.psm import PSMResult, state_occupancy

__all__ = ["extrapolation_to_dict", "extrapolation_to_text", "fit_table_rows", "write_extrapolation", "psm_to_dict",
           "write_psm"]


def _num(v) -> float | None:
    if v is None:
        return None
    v = float(v)
    return v if math.isfinite(v) else None


def _ci(e: Estimate) -> tuple[float | None, float | None, float | None]:
    d = e.as_dict()
    return _num(d["value"]), _num(d["lower"]), _num(d["upper"])


def extrapolation_to_dict(x: Extrapolation) -> dict:
    """The ``--json`` document: ``{"model": ..., "fits": [...]}`` (every non-finite number is null)."""
    fits = []
    for f, preds in zip(x.fits, x.predictions):
        params = {}
        for name, est in f.parameters().items():
            v, lo, hi = _ci(est)
            params[name] = {"estimate": v, "lower": lo, "upper": hi}
        cure = None
        if f.distribution.startswith("cure:") or f.distribution == "gompertz":
            cure = {a: _num(f.cure_fraction(a if f.arm is None else None)) for a in f.arms}
        arms = {}
        for p in preds:
            med, _, _ = _ci(p.median)
            mv, ml, mu = _ci(p.mean)
            entry: dict = {"median": med, "mean": {"horizon": p.horizon, "value": mv, "lower": ml, "upper": mu}}
            if p.rmst is not None:
                rv, rl, ru = _ci(p.rmst)
                entry["rmst"] = {"tau": p.tau, "value": rv, "lower": rl, "upper": ru}
            else:
                entry["rmst"] = None
            entry["survival"] = []
            for t, s in zip(p.times, p.survival):
                sv, sl, su = _ci(s)
                entry["survival"].append({"time": t, "value": sv, "lower": sl, "upper": su})
            arms[p.arm] = entry
        fits.append({"distribution": f.distribution, "arm": f.arm, "loglik": _num(f.loglik), "n_params": f.n_params,
                     "aic": _num(f.aic), "bic": _num(f.bic), "bic_events": _num(f.bic_events),
                     "converged": f.converged, "parameters": params, "cure_fraction": cure, "arms": arms})
    return {"model": x.model, "fits": fits}


def _fmt(v: float | None, digits: int = 3) -> str:
    if v is None or not math.isfinite(v):
        return "NE"
    return f"{v:.{digits}f}"


def _fmt_est(e: Estimate | None, digits: int = 2) -> str:
    if e is None:
        return ""
    d = e.as_dict()
    if d["value"] is None:
        return str(e.value_status)
    return f"{d['value']:.{digits}f} ({_fmt(d['lower'], digits)}, {_fmt(d['upper'], digits)})"


def fit_table_rows(x: Extrapolation) -> list[dict]:
    """One row per fit and arm: the model-choice table (AIC rank within the arm, or overall for joint fits)."""
    rows = []
    for f, preds in zip(x.fits, x.predictions):
        for p in preds:
            rows.append({
                "arm": p.arm, "distribution": f.distribution, "model": x.model, "n_params": f.n_params,
                "loglik": f.loglik, "aic": f.aic, "bic": f.bic, "bic_events": f.bic_events,
                "converged": f.converged, "median": p.median.value, "median_status": str(p.median.value_status),
                "mean": p.mean.value, "mean_lower": p.mean.lower, "mean_upper": p.mean.upper, "horizon": p.horizon,
                "rmst": p.rmst.value if p.rmst else math.nan, "tau": p.tau if p.tau is not None else math.nan,
                "message": f.message})
    by_arm: dict[str, list[dict]] = {}
    for r in rows:
        by_arm.setdefault(str(r["arm"]), []).append(r)
    for group in by_arm.values():
        ok = sorted((r for r in group if r["converged"]), key=lambda r: r["aic"])
        for i, r in enumerate(ok):
            r["aic_rank"] = i + 1
        for r in group:
            r.setdefault("aic_rank", "")
    return rows


def extrapolation_to_text(x: Extrapolation) -> str:
    """The model-choice table per arm, then the differences between arms."""
    out = []
    rows = fit_table_rows(x)
    head = (f"{'distribution':<26} {'k':>2} {'loglik':>11} {'AIC':>10} {'BIC':>10} {'BIC(d)':>10} {'rank':>4}  "
            f"{'median':>9}  mean to {x.horizon:g} (95% CI)")
    for arm in x.arms:
        out.append(f"arm {arm} ({x.model} models)")
        out.append(head)
        for r in (r for r in rows if r["arm"] == arm):
            med = "NR" if r["median_status"] == "NR" else _fmt(r["median"], 2)
            mean = f"{_fmt(r['mean'], 2)} ({_fmt(r['mean_lower'], 2)}, {_fmt(r['mean_upper'], 2)})"
            flag = "" if r["converged"] else "  not converged"
            out.append(f"{r['distribution']:<26} {r['n_params']:>2} {_fmt(r['loglik']):>11} {_fmt(r['aic']):>10} "
                       f"{_fmt(r['bic']):>10} {_fmt(r['bic_events']):>10} {str(r['aic_rank']):>4}  {med:>9}  "
                       f"{mean}{flag}")
        out.append("")
    if x.differences:
        out.append(f"difference from {x.arms[0]}: mean to {x.horizon:g}" + (f", RMST to {x.tau:g}" if x.tau else ""))
        for d in x.differences:
            extra = f"; RMST {_fmt_est(d.rmst)}" if d.rmst is not None else ""
            out.append(f"  {d.arm} vs {d.reference}, {d.distribution}: {_fmt_est(d.mean)}{extra}")
    for f in x.fits:
        if f.message:
            out.append(f"note: {f.message}")
    return "\n".join(out).rstrip() + "\n"


def _csv(rows: list[dict]) -> str:
    if not rows:
        return ""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0].keys()), lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: ("" if isinstance(v, float) and not math.isfinite(v) else v) for k, v in r.items()})
    return buf.getvalue()


def _parameter_rows(x: Extrapolation) -> list[dict]:
    rows = []
    for f in x.fits:
        for name, e in f.parameters().items():
            rows.append({"distribution": f.distribution, "arm": f.arm if f.arm is not None else "(joint)",
                         "parameter": name, "estimate": e.value, "lower": e.lower, "upper": e.upper,
                         "std_err_unconstrained": e.std_err, "converged": f.converged})
    return rows


def _prediction_rows(x: Extrapolation) -> list[dict]:
    rows = []
    for f, preds in zip(x.fits, x.predictions):
        for p in preds:
            for t, s in zip(p.times, p.survival):
                rows.append({"distribution": f.distribution, "arm": p.arm, "quantity": "survival", "time": t,
                             "value": s.value, "lower": s.lower, "upper": s.upper})
            rows.append({"distribution": f.distribution, "arm": p.arm, "quantity": "median", "time": "",
                         "value": p.median.value, "lower": p.median.lower, "upper": p.median.upper})
            rows.append({"distribution": f.distribution, "arm": p.arm, "quantity": "mean", "time": p.horizon,
                         "value": p.mean.value, "lower": p.mean.lower, "upper": p.mean.upper})
            if p.rmst is not None:
                rows.append({"distribution": f.distribution, "arm": p.arm, "quantity": "rmst", "time": p.tau,
                             "value": p.rmst.value, "lower": p.rmst.lower, "upper": p.rmst.upper})
    for d in x.differences:
        pairs: list[tuple[str, Estimate | None, float | None]] = [("mean difference", d.mean, x.horizon),
                                                                 ("rmst difference", d.rmst, x.tau)]
        for name, e, when in pairs:
            if e is not None:
                rows.append({"distribution": d.distribution, "arm": f"{d.arm} - {d.reference}", "quantity": name,
                             "time": when, "value": e.value, "lower": e.lower, "upper": e.upper})
        for t, e in zip(x.times, d.survival):
            rows.append({"distribution": d.distribution, "arm": f"{d.arm} - {d.reference}",
                         "quantity": "survival difference", "time": t, "value": e.value, "lower": e.lower,
                         "upper": e.upper})
    return rows


def write_extrapolation(x: Extrapolation, folder: Path, *, time, event, arm, title: str = "Survival extrapolation",
                        figure_formats=("png", "svg"), decorate=None) -> list[Path]:
    """Write ``fits.json``, ``fit_table.csv``, ``parameters.csv``, ``predictions.csv``, the figures and
    ``report.html`` into ``folder``."""
    import json

    from .extrapolation_figures import extrapolation_figure, fits_figure, hazard_figure, save

    folder = Path(folder)
    written = []
    p = folder / "fits.json"
    p.write_text(json.dumps(extrapolation_to_dict(x), indent=2, allow_nan=False) + "\n", encoding="utf-8")
    written.append(p)
    for name, rows in [("fit_table.csv", fit_table_rows(x)), ("parameters.csv", _parameter_rows(x)),
                       ("predictions.csv", _prediction_rows(x))]:
        (folder / name).write_text(_csv(rows), encoding="utf-8")
        written.append(folder / name)
    figs = {"fits": fits_figure(x, time, event, arm), "hazards": hazard_figure(x, time, event, arm),
            "extrapolation": extrapolation_figure(x, time, event, arm)}
    svgs = {}
    for name, fig in figs.items():
        if decorate is not None:  # e.g. the demo's "Synthetic data" mark, drawn into the image
            decorate(fig)
        paths = save(fig, folder / name, figure_formats)
        written += paths
        svgs[name] = next((q for q in paths if q.suffix == ".png"), paths[0]).name
    page = _html_page(x, svgs, title)
    (folder / "report.html").write_text(page, encoding="utf-8")
    written.append(folder / "report.html")
    return written


def _html_page(x: Extrapolation, images: dict[str, str], title: str) -> str:
    e = html.escape
    rows = fit_table_rows(x)
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>{e(title)}</title>",
             "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
             "table{border-collapse:collapse;font-size:13px;margin-bottom:1.5em}"
             "td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:right}"
             "td:first-child,th:first-child{text-align:left}tr.best{background:#eef5ff}"
             "img{max-width:100%}</style></head><body>",
             f"<h1>{e(title)}</h1>",
             f"<p>{e(x.model.capitalize())} models; log-likelihood on the time scale; BIC with n = subjects and, "
             f"BIC(d), n = events; restricted mean to the horizon {x.horizon:g}"
             + (f"; RMST to {x.tau:g}" if x.tau else "") + f"; {int(round(x.confidence_level * 100))}% CIs by the "
             f"{'delta method' if x.method == 'delta' else 'simulation'}.</p>"]
    for arm in x.arms:
        parts.append(f"<h2>Arm {e(arm)}</h2><table><tr><th>model</th><th>parameters</th><th>log-likelihood</th>"
                     "<th>AIC</th><th>BIC</th><th>BIC(d)</th><th>AIC rank</th><th>median</th>"
                     "<th>mean to horizon (95% CI)</th><th>converged</th></tr>")
        for r in (r for r in rows if r["arm"] == arm):
            med = "NR" if r["median_status"] == "NR" else _fmt(r["median"], 2)
            cls = " class='best'" if r["aic_rank"] == 1 else ""
            parts.append(f"<tr{cls}><td>{e(r['distribution'])}</td><td>{r['n_params']}</td><td>{_fmt(r['loglik'])}</td>"
                         f"<td>{_fmt(r['aic'])}</td><td>{_fmt(r['bic'])}</td><td>{_fmt(r['bic_events'])}</td>"
                         f"<td>{r['aic_rank']}</td><td>{med}</td><td>{_fmt(r['mean'], 2)} ({_fmt(r['mean_lower'], 2)}, "
                         f"{_fmt(r['mean_upper'], 2)})</td><td>{'yes' if r['converged'] else 'no'}</td></tr>")
        parts.append("</table>")
    if x.differences:
        parts.append(f"<h2>Differences from {e(x.arms[0])}</h2><table><tr><th>model</th><th>arm</th>"
                     "<th>mean difference</th><th>RMST difference</th></tr>")
        for d in x.differences:
            parts.append(f"<tr><td>{e(d.distribution)}</td><td>{e(d.arm)}</td><td>{_fmt_est(d.mean)}</td>"
                         f"<td>{_fmt_est(d.rmst)}</td></tr>")
        parts.append("</table>")
    captions = {"fits": "Fitted models over the Kaplan-Meier curve (shaded: 95% CI of the lowest-AIC model).",
                "hazards": "Empirical hazard (events per person-time in intervals) against the models' hazards.",
                "extrapolation": "Extrapolation to the horizon."}
    for name, file in images.items():
        parts.append(f"<figure><img src='{e(file)}' alt='{e(name)}'><figcaption>{e(captions[name])}</figcaption>"
                     "</figure>")
    notes = [f.message for f in x.fits if f.message]
    if notes:
        parts.append("<h2>Notes</h2><ul>" + "".join(f"<li>{e(m)}</li>" for m in notes) + "</ul>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


# -- the partitioned-survival model ------------------------------------------------------------------------------------
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


def _psa_html(res: PSMResult) -> str:
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
    import json

    from .extrapolation_figures import psm_figures, save

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
