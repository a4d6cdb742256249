"""Plain-text summaries of a design (``trialscout design``) and a simulation (``trialscout simulate``)."""

from __future__ import annotations

from typing import Any

__all__ = ["design_text", "simulation_text"]


def _row(label: str, values, fmt: str = "{:.4f}") -> str:
    return f"  {label:<28}" + "  ".join(fmt.format(v) if v is not None else "-" for v in values)


def design_text(d: dict[str, Any]) -> str:
    g = d["design"]
    out = [f"Group-sequential design, {g['k']} look(s)"]
    out.append(_row("information rates", g["information_rates"], "{:.3f}"))
    out.append(_row("efficacy bound (z)", g["critical_z"]))
    out.append(_row("nominal alpha (one-sided)", g["nominal_alpha"], "{:.5f}"))
    out.append(_row("cumulative alpha spent", g["alpha_spent"], "{:.5f}"))
    if g["futility_z"] is not None:
        out.append(_row("futility bound (z)", g["futility_z"]))
    out.append(_row("cumulative power", g["power"]))
    out.append(f"  inflation factor {g['inflation_factor']:.5f}; expected information (vs fixed) "
               f"H0 {g['expected_information_h0']:.4f}, H1 {g['expected_information_h1']:.4f}")
    s = d.get("sample_size")
    if s:
        out.append("Survival sample size")
        out.append(_row("cumulative events", s["events"], "{:.1f}"))
        out.append(_row("subjects", s["subjects"], "{:.1f}"))
        out.append(_row("analysis time", s["analysis_time"], "{:.2f}"))
        out.append(_row("hazard ratio at bound", s["hr_at_bound"], "{:.3f}"))
        out.append(f"  events (fixed design) {s['events_fixed']:.1f}; subjects {s['max_subjects']:.1f}; "
                   f"accrual end {s['accrual_end']:.2f}; follow-up {s['follow_up_time']:.2f}")
        out.append(f"  expected under H1: events {s['expected_events_h1']:.1f}, subjects "
                   f"{s['expected_subjects_h1']:.1f}, duration {s['study_duration_h1']:.2f}; "
                   f"expected events under H0 {s['expected_events_h0']:.1f}")
    return "\n".join(out)


def simulation_text(r: dict[str, Any], test: str) -> str:
    out = [f"Simulation: {r['iterations']} trials (seed {r['seed']}, {test}), "
           f"{r['trials_per_second']:.0f} trials/s"]
    out.append(f"  power {r['power']:.4f} (MC SE {r['power_se']:.4f}); early stop {r['early_stop']:.4f}")
    out.append(_row("rejection per look", r["reject_per_stage"]))
    if r["futility_per_stage"]:
        out.append(_row("futility per look", r["futility_per_stage"]))
    out.append(_row("mean analysis time", r["analysis_time"], "{:.2f}"))
    out.append(f"  expected events {r['expected_events']:.1f}, subjects {r['expected_subjects']:.1f}, "
               f"duration {r['study_duration']:.2f}")
    return "\n".join(out)
