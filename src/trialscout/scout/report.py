"""The readable table of a scout result (what ``trialscout scout`` prints without ``--json``)."""

from __future__ import annotations

__all__ = ["format_result"]


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def format_result(res) -> str:
    """Results and checks of one report as aligned text columns."""
    head = [f"{res.path or 'report'}: trial {res.trial or '(not named)'}; arms: " +
            (", ".join(f"{a.label} (n = {a.n})" if a.n else a.label for a in res.arms) or "(not named)")]
    rows = [("#", "endpoint", "kind", "arm", "value", "CI", "P", "time", "chars")]
    for i, r in enumerate(res.records):
        ci = ""
        if r.ci_lower is not None or r.ci_upper is not None:
            lvl = f"{r.ci_level:g}%: " if r.ci_level is not None and r.ci_level != 95 else ""
            ci = f"{lvl}{r.lower_text or _fmt(r.ci_lower)}-{r.upper_text or _fmt(r.ci_upper)}"
        p = f"{r.p_operator}{_fmt(r.p_value)}" if r.p_value is not None else ""
        unit = {"percent": "%", "months": " mo"}.get(r.unit or "", "")
        val = f"{r.value_text if isinstance(r.value, float) and r.value_text else _fmt(r.value)}"
        val += unit if isinstance(r.value, float) else ""
        t = f"{r.timepoint_months:g} mo" if r.timepoint_months is not None else ""
        rows.append((str(i), r.endpoint, r.kind, r.arm or "", val, ci, p, t, f"{r.source.start}-{r.source.end}"))
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    lines = head + ["  " + "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    if len(rows) == 1:
        lines.append("  (no results found)")
    if res.checks:
        lines.append("  checks:")
        for c in res.checks:
            lines.append(f"    {c.severity}: {c.kind}: {c.message}")
    else:
        lines.append("  checks: no inconsistency found")
    return "\n".join(lines)
