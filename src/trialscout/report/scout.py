"""The scout's outputs for a person: the readable table of one report (what ``trialscout scout`` prints without
``--json``) and the evidence table across reports, as CSV and JSON files."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

from .._validate import InputError
from ..scout.scout import EVIDENCE_COLUMNS, ScoutResult, evidence_rows

__all__ = ["format_result", "evidence_csv", "write_evidence_table"]


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


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.10g}"
    return str(v)


def evidence_csv(results: list[ScoutResult]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(EVIDENCE_COLUMNS), lineterminator="\n")
    w.writeheader()
    for row in evidence_rows(results):
        w.writerow({k: _cell(v) for k, v in row.items()})
    return buf.getvalue()


def write_evidence_table(results: list[ScoutResult], csv_path: str | Path) -> tuple[Path, Path]:
    """Write the evidence table as CSV at ``csv_path`` and as JSON beside it (same name, ``.json``).

    Both files are written whole or neither is: each goes to a temporary sibling first, and the two are renamed
    into place only once both are complete.
    """
    p = Path(csv_path)
    if p.suffix.lower() != ".csv":
        raise InputError(f"--table {p}: the evidence table is written as CSV; give a name ending in .csv")
    if not p.parent.exists():
        raise InputError(f"--table {p}: the folder {str(p.parent)!r} does not exist")
    jp = p.with_suffix(".json")
    payload = {p: evidence_csv(results), jp: json.dumps(evidence_rows(results), indent=1, ensure_ascii=False) + "\n"}
    temps: dict[Path, str] = {}
    try:
        for target, text in payload.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            temps[target] = tmp
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        for target, tmp in temps.items():
            os.replace(tmp, target)
    finally:
        for tmp in temps.values():
            Path(tmp).unlink(missing_ok=True)
    return p, jp
