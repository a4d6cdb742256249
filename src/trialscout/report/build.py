"""``trialscout report SPEC --out DIR``: the readout of a trial spec as a self-contained HTML report.

The output directory holds ``report.html`` (figures embedded, no external URL), ``results.json`` (every result)
and ``figures/`` (each figure as SVG and PNG). It is written whole or not at all: everything goes to a temporary
directory next to ``DIR`` that is moved into place only when complete, so an error leaves ``DIR`` as it was.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import os
import warnings
from dataclasses import dataclass, replace
from pathlib import Path

from .._output import output_dir
from ..trial.adam import load_adam
from ..trial.readout import Progress, Readout, TTEResult, run_readout
from ..trial.spec import TrialSpec, load_spec
from . import tables as T
from .format import ci_label
from .json_results import readout_to_dict
from .sentences import summary_sentences
from .text import midsentence, population_name, pretty

__all__ = ["build_report", "ReportResult", "render_html"]


@dataclass(frozen=True, slots=True)
class ReportResult:
    """What :func:`build_report` wrote.

    Attributes
    ----------
    out_dir : Path
    html, json : Path
    figures : tuple of Path
        Every SVG and PNG file written.
    readout : Readout
        The results the report shows.
    warnings : tuple of str
        Degenerate results met on the way (an arm without events, an undefined test...), also shown in the
        report and in ``results.json``, and re-issued as ``UserWarning``.
    """

    out_dir: Path
    html: Path
    json: Path
    figures: tuple[Path, ...]
    readout: Readout
    warnings: tuple[str, ...] = ()


def _version() -> str:
    from .. import __version__

    return __version__


def _sections(readout: Readout, figs: dict, synthetic: bool = False) -> list[dict]:
    secs = _section_list(readout, figs, synthetic)
    if synthetic:  # every table made from synthetic patients says so in its own caption
        for sec in secs:
            for item in sec["content"]:
                if item["kind"] == "table":
                    item["table"] = replace(item["table"], caption=f"Synthetic data \u2014 {item['table'].caption}")
    return secs


def _section_list(readout: Readout, figs: dict, synthetic: bool) -> list[dict]:
    labels = readout.arm_labels
    label_of = dict(zip(readout.arms, labels))
    unit = readout.spec.time_unit
    secs = []
    eff: list[dict[str, object]] = []
    for r in readout.endpoints:
        if not isinstance(r, TTEResult):
            continue
        eff.append({"kind": "heading", "text": r.endpoint.label})
        f = figs[f"km_{r.endpoint.id}"]
        eff.append({"kind": "figure", "id": f"fig-km-{r.endpoint.id}", "svg_b64": f["b64"],
                    "alt": f"Kaplan-Meier curves of {r.endpoint.label}",
                    "caption": f"Kaplan-Meier estimates of {midsentence(r.endpoint.label)}"
                               + (f" for {label_of[r.arms[0].arm]} only ({r.notes[0]})" if r.single_arm else "")
                               + f" with pointwise {ci_label(readout.spec.confidence_level)} bands "
                               f"({r.analysis.conf_type}); tick marks show censored patients."})
        eff.append({"kind": "table", "table": T.tte_table(r, [label_of[a.arm] for a in r.arms], unit)})
    resp = [r for r in readout.endpoints if r.endpoint.type == "response"]
    if resp:
        eff.append({"kind": "heading", "text": "Response"})
        eff.append({"kind": "table", "table": T.response_table(resp, labels)})
    if eff:
        secs.append({"id": "efficacy", "title": "Efficacy", "content": eff})
    if readout.subgroups:
        items = []
        for sg in readout.subgroups:
            ep = readout.spec.endpoint(sg.endpoint)
            f = figs[f"forest_{sg.endpoint}"]
            items.append({"kind": "figure", "id": f"fig-forest-{sg.endpoint}", "svg_b64": f["b64"],
                          "alt": f"Forest plot of {ep.label} by subgroup",
                          "caption": f"{ep.label}: hazard ratios by subgroup (log scale), each from a Cox model with "
                                     "arm only (unstratified, unweighted); the dashed line is the overall "
                                     "hazard ratio of that model."})
            items.append({"kind": "table", "table": T.subgroup_table(sg, labels, ep.label)})
        secs.append({"id": "subgroups", "title": "Subgroups", "content": items})
    if readout.safety is not None or readout.deaths is not None:
        items = []
        if readout.safety is not None:
            items.append({"kind": "table", "table": T.safety_overview_table(readout.safety, labels,
                                                                          published_only=synthetic)})
            items.append({"kind": "table", "table": T.grade3_table(readout.safety, labels, published_only=synthetic)})
            if not synthetic:  # synthetic patients have no adverse-event terms beyond the published ones
                items.append({"kind": "table", "table": T.ae_table(readout.safety, labels)})
        if readout.deaths is not None:
            items.append({"kind": "table", "table": T.deaths_table(readout.deaths, labels)})
        secs.append({"id": "safety", "title": "Safety", "content": items})
    if readout.baseline:
        n = dict(readout.population_sizes)["itt"]
        secs.append({"id": "baseline", "title": "Baseline characteristics",
                     "content": [{"kind": "table", "table": T.baseline_table(readout.baseline, labels,
                                                                           (*n, sum(n)))}]})
    if readout.exposure:
        secs.append({"id": "exposure", "title": "Exposure",
                     "content": [{"kind": "table", "table": T.exposure_table(readout.exposure,
                                                                           readout.spec.arms.label)}]})
    return secs


def _methods(readout: Readout) -> list[str]:
    spec = readout.spec
    out = [f"Conventions: preset {spec.preset} (docs/conventions.md); {ci_label(spec.confidence_level)}s."]
    for r in readout.endpoints:
        if isinstance(r, TTEResult):
            out.append(f"{r.endpoint.label}: {r.estimand}.")
    if readout.subgroups:
        out.append(f"Subgroups: {readout.subgroups[0].method}; interaction P from the likelihood-ratio test of "
                   "the arm-by-subgroup terms.")
    return out


def render_html(readout: Readout, figs: dict, notes: tuple[str, ...] = (), synthetic: bool = False) -> str:
    """The report page (Jinja2 template ``templates/report.html.j2``, autoescaped)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("trialscout.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        # every printed text: "10^-5" -> "10⁻⁵", ">=" -> "≥" (base64 figure data hold none of these characters)
        finalize=lambda v: pretty(v) if isinstance(v, str) else v,
    )
    spec = readout.spec
    pops = [{"name": population_name(name), "text": ", ".join(f"{lab} {k}" for lab, k in zip(readout.arm_labels, n))}
            for name, n in readout.population_sizes]
    return env.get_template("report.html.j2").render(
        title=spec.title,
        version=_version(),
        spec_name=spec.path.name,
        preset=spec.preset,
        level_label=ci_label(spec.confidence_level) + "s",
        note=spec.note,
        populations=pops,
        sentences=summary_sentences(readout),
        sections=_sections(readout, figs, synthetic),
        methods=_methods(readout),
        notes=notes,
    )


def _figures(readout: Readout, fig_dir: Path, tick, synthetic: bool = False) -> dict:
    from .figures import ARM_COLORS, forest_figure, km_figure, save_figure

    figs = {}
    for r in readout.endpoints:
        if r.endpoint.type == "tte":
            name = f"km_{r.endpoint.id}"
            label_of = dict(zip(readout.arms, readout.arm_labels))
            data = save_figure(km_figure(r, [label_of[a.arm] for a in r.arms], time_unit=readout.spec.time_unit,
                                         colors=[ARM_COLORS[readout.arms.index(a.arm) % len(ARM_COLORS)]
                                                 for a in r.arms], synthetic=synthetic),
                               fig_dir / name)
            figs[name] = {"b64": base64.b64encode(data["svg"]).decode("ascii")}
            tick(f"figure {name}")
    for sg in readout.subgroups:
        name = f"forest_{sg.endpoint}"
        data = save_figure(forest_figure(sg, readout.arm_labels, synthetic=synthetic), fig_dir / name)
        figs[name] = {"b64": base64.b64encode(data["svg"]).decode("ascii")}
        tick(f"figure {name}")
    return figs


def _provenance(spec: TrialSpec, out_dir: Path, synthetic: bool) -> dict:
    """When, by which version and from which inputs (paths relative to ``out_dir``, SHA-256 of the bytes)."""
    inputs = [spec.path] + [Path(p) for _, p in spec.datasets]
    rows = []
    for p in inputs:
        h = hashlib.sha256()
        with open(p, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        rows.append({"path": Path(os.path.relpath(Path(p).resolve(), out_dir.resolve())).as_posix(),
                     "sha256": h.hexdigest()})
    return {"created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "trialscout_version": _version(), "synthetic": synthetic, "inputs": rows}


def build_report(spec_path, out_dir, *, progress: Progress | None = None) -> ReportResult:
    """Run the readout of a trial spec and write the report directory.

    Parameters
    ----------
    spec_path : str or Path
        The trial spec (TOML; see ``docs/trial-spec.md`` and ``examples/small_trial/spec.toml``).
    out_dir : str or Path
        The directory to write, whole or not at all (see :func:`trialscout._output.output_dir`). An existing
        directory is replaced only if it is empty or trialscout wrote it (its ``.trialscout`` marker lists
        every file in it); it must not hold the spec or a dataset.
    progress : callable, optional
        ``progress(done, total, message)`` after each step (datasets, each endpoint, safety, each figure, ...).

    Returns
    -------
    ReportResult

    Raises
    ------
    InputError
        A bad spec or bad data (the message names the key and file, or the dataset, column and rows), or an
        output path that cannot be used (a file, or a folder holding files trialscout did not write or
        the inputs). Nothing is written then.
    """
    spec = spec_path if isinstance(spec_path, TrialSpec) else load_spec(spec_path)
    out_dir = Path(out_dir)
    protect = [spec.path] + [p for _, p in spec.datasets]

    n_fig = sum(e.type == "tte" for e in spec.endpoints) + (len(spec.subgroups.endpoints) if spec.subgroups else 0)
    n_readout = 1 + len(spec.endpoints) + 4 + (len(spec.subgroups.endpoints) if spec.subgroups else 0)
    total = n_readout + n_fig + 2
    done = 0

    def tick(msg: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, msg)

    with output_dir(out_dir, protect=protect, command="trialscout report") as tmp:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            data_in = load_adam(spec)
            readout = run_readout(spec, data_in, progress=lambda d, t, m: tick(m))
        # synthetic patients (ADSL flag SYNTHFL = "Y", as `trialscout synthesize` writes) mark every figure and table
        synthetic = "SYNTHFL" in data_in.adsl.columns and bool((data_in.adsl["SYNTHFL"] == "Y").any())
        notes = tuple(dict.fromkeys(" ".join(str(w.message).split()) for w in caught))
        fig_dir = tmp / "figures"
        fig_dir.mkdir()
        figs = _figures(readout, fig_dir, tick, synthetic)
        data = readout_to_dict(readout)
        data["warnings"] = list(notes)
        data["provenance"] = _provenance(spec, out_dir, synthetic)
        data["trial"]["spec"] = data["provenance"]["inputs"][0]["path"]
        (tmp / "results.json").write_text(json.dumps(data, indent=2, allow_nan=False) + "\n", encoding="utf-8")
        tick("results.json")
        (tmp / "report.html").write_text(render_html(readout, figs, notes, synthetic), encoding="utf-8")
        tick("report.html")
    files = tuple(sorted((out_dir / "figures").iterdir()))
    for msg in notes:
        warnings.warn(msg, stacklevel=2)
    return ReportResult(out_dir, out_dir / "report.html", out_dir / "results.json", files, readout, notes)

