"""Render Kaplan-Meier test figures with known patient data: matplotlib, lifelines-style at-risk counts and
trialscout's own report figure.  Run from the repository root after gen_r.R:

    PYTHONPATH=src python tests/digitize/generate/gen_py.py

Writes tests/digitize/figures/<name>.png|jpg, <name>.csv (arm,time,status) and <name>.json (arm labels in
legend order, at-risk times, the generator's variation), like gen_r.R.
"""

from __future__ import annotations

import json
import types
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from trialscout import kaplan_meier  # noqa: E402
from trialscout.report.figures import km_figure, nice_ticks  # noqa: E402

OUT = Path("tests/digitize/figures")
PALETTES = [("#1f77b4", "#d62728", "#2ca02c"), ("#E69F00", "#56B4E9", "#009E73"), ("#7570B3", "#D95F02", "#1B9E77"),
            ("#0072B5", "#BC3C29", "#20854E"), ("#984EA3", "#FF7F00", "#4DAF4A")]
NAMES = [("Placebo", "Drug X"), ("Chemotherapy", "Immunotherapy"), ("Control", "Treatment"),
         ("Observation", "Adjuvant", "Adjuvant + boost"), ("Low dose", "High dose", "Standard")]


def simulate(rng, k_arms: int, kind: str):
    arms = []
    for k in range(k_arms):
        n = int(rng.integers(60, 260))
        scale = float(rng.uniform(6, 30)) * (1 + 0.35 * k)
        if kind == "weibull":
            t = scale * rng.weibull(float(rng.uniform(0.7, 1.6)), n)
        elif kind == "cross" and k == 1:
            early = rng.random(n) < 0.35
            t = np.where(early, rng.exponential(3.0, n), rng.exponential(scale * 2.5, n))
        else:
            t = rng.exponential(scale, n)
        follow = float(rng.uniform(24, 60))
        c = rng.uniform(follow * 0.3, follow, n)
        arms.append((np.minimum(t, c), (t <= c).astype(int)))
    return arms


def save_truth(name, arms, labels, times, variation):
    with open(OUT / f"{name}.csv", "w") as f:
        f.write("arm,time,status\n")
        for (t, e), lab in zip(arms, labels):
            for ti, ei in zip(t, e):
                f.write(f'"{lab}",{ti:.6f},{int(ei)}\n')
    (OUT / f"{name}.json").write_text(json.dumps({"arms": list(labels), "at_risk_times": [float(x) for x in times],
                                                  "generator": variation}))


def censored_arms(rng, draw, ns, follow, scale):
    """Each arm's (time, status): event times ``draw(n, k)`` for arm k of n patients, censored at a uniform time
    over ``follow``; both scaled by ``scale`` (months to the figure's unit)."""
    arms = []
    for k, n in enumerate(ns):
        t = draw(n, k) * scale
        c = rng.uniform(follow[0], follow[1], n) * scale
        arms.append((np.minimum(t, c), (t <= c).astype(int)))
    return arms


def steps(t, e):
    km = kaplan_meier(t, e)
    return km, np.concatenate([[0.0], km.time]), np.concatenate([[1.0], km.survival])


def save(fig, name, dpi, ext):
    kw: dict = {"pil_kwargs": {"quality": 75}} if ext == "jpg" else {}
    if ext == "pdf":
        kw = {"metadata": {"CreationDate": None}}
    fig.savefig(OUT / f"{name}.{ext}", dpi=dpi, **kw)
    plt.close(fig)


def mpl_figure(i, rng, lifelines_style: bool, vector: bool = False):
    k_arms = 3 if rng.random() < 0.3 else 2
    kind = ["exp", "weibull", "cross"][i % 3]
    arms = simulate(rng, k_arms, kind)
    names = [n for n in NAMES if len(n) >= k_arms][int(rng.integers(0, 3)) % len([n for n in NAMES if len(n) >= k_arms])]
    labels = names[:k_arms]
    grey = (i % 4 == 3)
    pal = PALETTES[i % len(PALETTES)]
    pct = bool(i % 2)
    ci = (i % 3 == 0) and not grey
    marker = "+" if i % 2 else "|"
    dpi = [100, 150, 200, 300][i % 4]
    ext = "jpg" if i % 5 == 2 else "png"
    tmax = max(float(t.max()) for t, _ in arms)
    ticks = nice_ticks(tmax, 8)
    width, height = (6.4, 4.8 + 0.25 * k_arms)
    fig = plt.figure(figsize=(width, height))
    ax = fig.add_axes((0.25, 0.22 + 0.05 * k_arms, 0.71, 0.68 - 0.05 * k_arms))
    scale = 100 if pct else 1
    styles = ["-", "--", ":"]
    for k, ((t, e), lab) in enumerate(zip(arms, labels)):
        km, tt, ss = steps(t, e)
        color = ("black" if k != 1 else "0.45") if grey else pal[k]
        ls = styles[k] if grey else "-"
        ax.step(tt, ss * scale, where="post", color=color, lw=1.5, ls=ls, label=lab)
        if ci:
            lo = np.concatenate([[1.0], km.lower]) * scale
            hi = np.concatenate([[1.0], km.upper]) * scale
            ok = np.isfinite(lo) & np.isfinite(hi)
            ax.fill_between(tt[ok], lo[ok], hi[ok], step="post", color=color, alpha=0.18, lw=0)
        cens = km.n_censored > 0
        ax.plot(km.time[cens], km.survival[cens] * scale, ls="none", marker=marker, ms=5, mew=1.0, color=color)
    ax.set_xlim(0, ticks[-1])
    ax.set_xticks(ticks)
    ax.set_ylim(0, 1.04 * scale)
    ax.set_xlabel(["Months", "Time (months)", "Months since randomization"][i % 3])
    ax.set_ylabel("Overall survival (%)" if pct else "Probability of survival")
    loc = ["upper right", "lower left", "center right", "upper center"][i % 4]
    ax.legend(loc=loc, frameon=bool(i % 2))
    if i % 3 == 1:
        ax.set_title(["Overall survival", "Progression-free survival"][i % 2])
    if i % 2 == 0:
        ax.text(0.03, 0.06 if loc != "lower left" else 0.5, "HR 0.72 (95% CI 0.55-0.94); P = 0.016",
                transform=ax.transAxes, fontsize=8)
    if i % 6 == 5:
        ax.grid(True, color="0.88", lw=0.6)
    for s in ("top", "right"):
        ax.spines[s].set_visible(bool(i % 2))
    # the at-risk table under the x axis: lifelines' add_at_risk_counts prints one row per arm in black with the
    # label at left; the other style colours the numbers like the curves
    y0 = -0.28
    fig.text(0.02, ax.get_position().y0 - 0.14, "Number at risk", fontsize=9, weight="bold")
    for k, ((t, e), lab) in enumerate(zip(arms, labels)):
        km = kaplan_meier(t, e)
        nr = np.atleast_1d(km.n_at_risk_at(ticks))
        color = "black" if (lifelines_style or grey) else pal[k]
        yy = y0 - 0.075 * k * (4.8 / height) - 0.04
        for x, v in zip(ticks, nr):
            ax.text(x, yy, str(int(v)), transform=ax.get_xaxis_transform(), ha="center", va="center",
                    fontsize=9, color=color)
        ax.text(-0.05 * ticks[-1], yy, lab, transform=ax.get_xaxis_transform(), ha="right", va="center",
                fontsize=9, color=color)
    name = f"{'lifelines' if lifelines_style else 'mpl'}_{i:02d}_{kind}"
    if vector:  # a vector PDF, read from its paths
        name, ext = f"mplvec_{i:02d}_{kind}", "pdf"
    save(fig, name, dpi, ext)
    save_truth(name, arms, labels, ticks, "lifelines" if lifelines_style else "matplotlib")


def report_figure(i, rng):
    k_arms = 2
    arms = simulate(rng, k_arms, ["exp", "weibull"][i % 2])
    labels = ["Experimental", "Control"]
    kms = [kaplan_meier(t, e) for t, e in arms]
    result = types.SimpleNamespace(
        arms=[types.SimpleNamespace(km=km) for km in kms], comparison=None,
        endpoint=types.SimpleNamespace(label="Overall survival", weighting="none"))
    fig = km_figure(result, labels, time_unit="months", show_ci=bool(i % 2))
    name = f"report_{i:02d}"
    if i < 2:  # the vector version too (read from its paths, not rasterized)
        fig.savefig(OUT / f"{name}.svg", metadata={"Date": None})
    save(fig, name, [100, 200, 150][i % 3], "png")
    ticks = nice_ticks(max(float(t.max()) for t, _ in arms))
    save_truth(name, arms, labels, ticks, "report")


def main() -> None:
    rng = np.random.default_rng(20261202)
    for i in range(16):
        mpl_figure(i, rng, lifelines_style=False)
    for i in range(6):
        mpl_figure(100 + i, rng, lifelines_style=True)
    for i in range(4):
        report_figure(i, rng)
    vector_figures()


def vector_figures() -> None:
    """matplotlib figures written as PDF (colour and grey, CI bands, two and three arms) and hand-written SVGs."""
    rng = np.random.default_rng(20261203)
    for i in (0, 3, 5, 6):
        mpl_figure(i, rng, lifelines_style=False, vector=True)
    mpl_figure(101, rng, lifelines_style=True, vector=True)
    for i in range(2):
        plain_svg_figure(i, rng)


if __name__ == "__main__":
    main()


def plain_svg_figure(i: int, rng) -> None:
    """A hand-written SVG: the plot in a group whose transform maps data to page (y flipped), curves as
    <polyline>, CI bands as filled <path> with relative commands, censoring marks as small relative paths,
    <line> ticks and <text> labels (the kind of SVG a web chart library or a hand-made figure holds)."""
    k_arms = 2 + i % 2
    arms = simulate(rng, k_arms, ["exp", "weibull"][i % 2])
    labels = list(NAMES[3 + i % 2][:k_arms]) if k_arms == 3 else list(NAMES[i % 3][:2])
    pal = PALETTES[(i + 2) % len(PALETTES)]
    tmax = max(float(t.max()) for t, _ in arms)
    ticks = nice_ticks(tmax, 7)
    W, H, L, R, T, B = 640, 520, 90, 610, 30, 330
    sx, sy = (R - L) / ticks[-1], (B - T) / 1.0
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}">',
           f'<rect x="0" y="0" width="{W}" height="{H}" fill="white"/>',
           f'<g transform="translate({L},{B}) scale({sx:.6f},{-sy:.6f})">']
    for k, ((t, e), lab) in enumerate(zip(arms, labels)):
        km, tt, ss = steps(t, e)
        if i % 2 == 0:  # CI band
            lo = np.concatenate([[1.0], km.lower])
            hi = np.concatenate([[1.0], km.upper])
            ok = np.isfinite(lo) & np.isfinite(hi)
            xs, los, his = tt[ok], lo[ok], hi[ok]
            d = f"M {xs[0]:.6f} {his[0]:.6f}"
            px, py = xs[0], his[0]
            for x, y in zip(xs[1:], his[1:]):
                d += f" h {x - px:.6f} v {y - py:.6f}"
                px, py = x, y
            d += f" V {los[-1]:.6f}"
            for x, y in zip(xs[-2::-1], los[-2::-1]):
                d += f" H {x:.6f} V {y:.6f}"
            out.append(f'<path d="{d} Z" fill="{pal[k]}" fill-opacity="0.2" stroke="none"/>')
        pts = [f"{tt[0]:.6f},{ss[0]:.6f}"]
        for j in range(1, tt.size):
            pts.append(f"{tt[j]:.6f},{ss[j - 1]:.6f}")
            pts.append(f"{tt[j]:.6f},{ss[j]:.6f}")
        pts.append(f"{ticks[-1]:.6f},{ss[-1]:.6f}") if tt[-1] < ticks[-1] else None
        out.append(f'<polyline points="{" ".join(pts)}" fill="none" stroke="{pal[k]}" '
                   f'stroke-width="{1.8 / sx:.6f}" vector-effect="non-scaling-stroke"/>')
    out.append('</g>')
    for k, ((t, e), lab) in enumerate(zip(arms, labels)):
        km = kaplan_meier(t, e)
        for x, y in zip(km.time[km.n_censored > 0], km.survival[km.n_censored > 0]):
            out.append(f'<path d="M {L + x * sx:.4f} {B - y * sy:.4f} m -4 0 h 8 m -4 -4 v 8" stroke="{pal[k]}" '
                       'fill="none" stroke-width="1"/>')
    out.append(f'<g stroke="black" stroke-width="1.2"><line x1="{L}" y1="{T}" x2="{L}" y2="{B}"/>'
               f'<line x1="{L}" y1="{B}" x2="{R}" y2="{B}"/>')
    for x in ticks:
        out.append(f'<line x1="{L + x * sx:.4f}" y1="{B}" x2="{L + x * sx:.4f}" y2="{B + 5}"/>')
    for y in np.linspace(0, 1, 6):
        out.append(f'<line x1="{L - 5}" y1="{B - y * sy:.4f}" x2="{L}" y2="{B - y * sy:.4f}"/>')
    out.append('</g><g font-family="Helvetica" font-size="13" fill="black">')
    for x in ticks:
        out.append(f'<text x="{L + x * sx:.4f}" y="{B + 19}" text-anchor="middle">{x:g}</text>')
    for y in np.linspace(0, 1, 6):
        out.append(f'<text x="{L - 8}" y="{B - y * sy + 4.5:.4f}" text-anchor="end">{100 * y:.0f}%</text>')
    out.append(f'<text x="{(L + R) / 2}" y="{B + 38}" text-anchor="middle">Months</text>')
    out.append(f'<text transform="translate(24,{(T + B) / 2}) rotate(-90)" text-anchor="middle">Survival</text>')
    for k, lab in enumerate(labels):  # legend, top right
        y = T + 18 + 18 * k
        out.append(f'<line x1="{R - 150}" y1="{y}" x2="{R - 125}" y2="{y}" stroke="{pal[k]}" stroke-width="1.8"/>')
        out.append(f'<text x="{R - 118}" y="{y + 4.5}">{lab}</text>')
    out.append(f'<text x="10" y="{B + 62}" font-weight="bold">Number at risk</text>')
    for k, ((t, e), lab) in enumerate(zip(arms, labels)):
        nr = np.atleast_1d(kaplan_meier(t, e).n_at_risk_at(ticks))
        y = B + 82 + 18 * k
        out.append(f'<text x="{L - 12}" y="{y}" text-anchor="end" fill="{pal[k]}">{lab}</text>')
        for x, v in zip(ticks, nr):
            out.append(f'<text x="{L + x * sx:.4f}" y="{y}" text-anchor="middle">{int(v)}</text>')
    out.append('</g></svg>')
    name = f"plainsvg_{i:02d}"
    (OUT / f"{name}.svg").write_text("\n".join(out) + "\n")
    save_truth(name, arms, labels, ticks, "plain svg")
