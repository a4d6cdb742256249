"""A published-summary file (the TOML ``trialscout synthesize`` reads) written from what a report states.

Every figure carries its source sentence (``quote``). Facts the synthesis needs but a report rarely states —
the accrual window, the data cut-off, the median follow-up when not given, the block size, which arm is the
control, the HR's estimand — are filled with defaults marked ``# ASSUMED`` in the file and listed in its
``notes``, so that the file loads and synthesizes; replace them with the trial's real design facts.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
from . import _re as re
from dataclasses import dataclass
from pathlib import Path

from .._validate import InputError
from .reader import Record

__all__ = ["summary_toml", "write_summary", "SummaryDraft"]

_TTE_KIND = {"OS": "os", "PFS": "pfs", "PFS2": "pfs2", "TFS": "tfs", "TTSW": "pro"}
_PFS_LIKE = ("PFS", "rPFS", "DFS", "IDFS", "EFS", "RFS")
_LABEL = {"OS": "Overall survival", "PFS": "Progression-free survival", "rPFS": "Radiographic progression-free survival",
          "DFS": "Disease-free survival", "EFS": "Event-free survival", "RFS": "Recurrence-free survival",
          "IDFS": "Invasive disease-free survival",
          "PFS2": "Progression-free survival on next-line therapy (PFS2)", "TFS": "Treatment-free survival",
          "TTSW": "Time to symptom worsening"}
_CONTROL = re.compile(r"placebo|standard|\bSOC\b|chemotherapy|control|observation|\bBSC\b|supportive|physician|"
                      r"investigator|\bSRs?\b|\bTPC\b|comparator|sorafenib|\bSOR\b", re.I)


@dataclass(frozen=True, slots=True)
class SummaryDraft:
    """The TOML text and the facts it had to assume (each a short sentence)."""

    toml: str
    assumed: tuple[str, ...]
    omitted: tuple[str, ...]


def _q(s: str) -> str:
    return json.dumps(" ".join(s.split()), ensure_ascii=False)


def _v(x) -> str:
    if isinstance(x, str):
        return _q(x)
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        return str(x)
    if isinstance(x, float):
        return repr(int(x)) if x.is_integer() and abs(x) < 1e9 else repr(x)
    if isinstance(x, (list, tuple)):
        return "[" + ", ".join(_v(y) for y in x) + "]"
    raise TypeError(type(x))


def _ci_bound(x, upper: bool):
    # a limit that cannot be estimated is "NE" in a summary, however the paper writes it
    if isinstance(x, str):
        return "NE"
    return x


def _ident(label: str, used: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9]+", "_", label).strip("_").upper()[:12] or "ARM"
    if base[0].isdigit():
        base = "A_" + base
    out, k = base, 2
    while out in used:
        out, k = f"{base}{k}", k + 1
    used.add(out)
    return out


def _months_between(a: _dt.date, b: _dt.date) -> float:
    return (b - a).days / 30.4375


def _add_months(d: _dt.date, m: float) -> _dt.date:
    return d + _dt.timedelta(days=round(m * 30.4375))


def summary_toml(result, text: str | None = None) -> SummaryDraft:
    """The published-summary TOML of a :class:`~trialscout.scout.ScoutResult` (see module docstring).

    Raises
    ------
    InputError
        When the report does not name two arms (the synthesis simulates two-arm trials) or states no
        time-to-event figure per arm.
    """
    text = text if text is not None else (result.text or "")
    arms = list(result.arms)
    if len(arms) != 2:
        names = ", ".join(a.label for a in arms) or "none"
        raise InputError(f"{result.path or 'the report'}: a summary needs exactly two arms; the report names "
                         f"{len(arms)} ({names})")
    assumed: list[str] = []
    omitted: list[str] = []
    used: set[str] = set()
    ids = {a.label: _ident(a.label, used) for a in arms}
    ctrl = [a for a in arms if _CONTROL.search(a.label)]
    if len(ctrl) == 1:
        control = ctrl[0].label
    else:
        control = arms[1].label
        assumed.append(f"the control arm is {control!r} (the second arm named)")
    recs = list(result.records)

    # design facts ----------------------------------------------------------------------------------------
    alloc_m = re.search(r"\b([1-3])\s*:\s*([1-3])\b(?=[^.]{0,40}(?:ratio|fashion|randomi|\)))", text)
    if alloc_m:
        a, b = int(alloc_m.group(1)), int(alloc_m.group(2))
        exp = [x for x in arms if x.label != control][0].label
        allocation = [a, b] if arms[0].label == exp else [b, a]
        alloc_note = None
    else:
        allocation = [1, 1]
        alloc_note = "allocation 1:1"
        assumed.append("allocation 1:1")
    sizes = []
    for a in arms:
        if a.n is not None and a.n >= 2:
            sizes.append(a.n)
        else:
            sizes.append(None)
    if any(s is None for s in sizes):
        known = [s for s in sizes if s is not None]
        for i, a in enumerate(arms):
            if sizes[i] is None:
                sizes[i] = known[0] if known else 150
                assumed.append(f"{a.label!r} randomized size {sizes[i]}")
    fu_m = re.search(r"median (?:duration of )?follow-?up(?: time)?(?: was| of|,|:)?\s*(?:was\s+)?(\d+(?:\.\d+)?)\s*"
                     r"(months|years)", text, re.I)
    need = [r.timepoint_months for r in recs if r.kind == "landmark_rate" and r.timepoint_months]
    need += [r.value for r in recs if r.kind == "median" and isinstance(r.value, float)]
    need_max = max([x for x in need if x is not None] + [12.0])
    if fu_m:
        mfu = float(fu_m.group(1)) * (12.0 if fu_m.group(2).lower() == "years" else 1.0)
        mfu_note = None
    else:
        mfu = round(need_max * 1.1, 1)
        mfu_note = f"median follow-up {mfu:g} months"
        assumed.append(mfu_note)
    # accrual window A: follow-up then runs from mfu - A/2 to mfu + A/2, which must cover every landmark
    acc = min(18.0, 1.6 * mfu)
    if mfu + acc / 2 < need_max + 1:
        acc = min(1.9 * mfu, 2 * (need_max + 1 - mfu))
    if mfu + acc / 2 < need_max + 1:
        mfu = round(need_max + 1 - acc / 2 + 0.5, 1)
        assumed.append(f"median follow-up raised to {mfu:g} months to cover the latest figure")
    start = _dt.date(2020, 1, 1)
    end = _add_months(start, acc)
    cutoff = _add_months(end, mfu - acc / 2)
    assumed.append(f"accrual {start} to {end}, data cut-off {cutoff}")
    assumed.append("block size and stratification (none)")

    lines: list[str] = []
    add = lines.append
    title = result.trial or "Trial"
    add(f"# {title}: published summary written by `trialscout scout` from {result.path or 'a report'}.")
    add("# Every figure carries the sentence it was read from (quote). Lines marked ASSUMED are not in the report:")
    add("# check them and replace them with the trial's real design facts before relying on the synthesis.")
    add("")
    if any(r.kind == "hr" for r in recs):
        assumed.append("hazard-ratio estimands: unstratified, unweighted Cox models")
    notes = [f"ASSUMED (not stated in the report; check and replace): {x}." for x in assumed]

    # endpoints -----------------------------------------------------------------------------------------
    by_ep: dict[str, list[tuple[int, Record]]] = {}
    for i, r in enumerate(recs):
        by_ep.setdefault(r.endpoint, []).append((i, r))
    tte_blocks: list[tuple[str, str, list[str]]] = []
    kinds_present: set[str] = set()
    order = ["PFS", "OS", "PFS2", "TFS", "TTSW"]
    pfs_name = next((e for e in _PFS_LIKE if e in by_ep and _arm_figures(by_ep[e])), None)
    for ep in order + [e for e in by_ep if e in _PFS_LIKE and e != "PFS"]:
        if ep not in by_ep:
            continue
        kind = _TTE_KIND.get(ep) or ("pfs" if ep in _PFS_LIKE else None)
        if ep in _PFS_LIKE:
            if ep != pfs_name:
                if ep != "PFS" or pfs_name is not None:
                    omitted.append(f"{ep} (only one progression-type endpoint is synthesized; used {pfs_name})")
                continue
        if kind is None or kind in kinds_present:
            continue
        block = _tte_block(ep, kind, by_ep[ep], ids, text)
        if block is None:
            omitted.append(f"{ep} (no median or landmark rate per arm)")
            continue
        kinds_present.add(kind)
        tte_blocks.append((ep, kind, block))
    final_tte = []
    for ep, kind, block in tte_blocks:
        if kind in ("pfs2", "tfs", "pro") and "os" not in kinds_present:
            omitted.append(f"{ep} (needs the OS endpoint, which the report does not give per arm)")
            continue
        if kind == "pfs2" and "pfs" not in kinds_present:
            omitted.append(f"{ep} (needs the PFS endpoint)")
            continue
        final_tte.append((ep, kind, block))
    if not final_tte:
        raise InputError(f"{result.path or 'the report'}: a summary needs at least one time-to-event endpoint with "
                         "a median or landmark rate per arm; the report states none")

    responses = _responses(recs, ids, omitted)
    for o in omitted:
        notes.append(f"Not written: {o}.")
    add("notes = [")
    for n in notes:
        add(f"  {_q(n)},")
    add("]")
    add("")
    add("[trial]")
    add(f"name = {_q(title)}")
    add(f"title = {_q(title + ' (read from the report by trialscout scout)')}")
    add(f"source = {_q(str(result.path or 'report text'))}")
    add('time_unit = "months"')
    add("")
    for a, n in zip(arms, sizes):
        add("[[arms]]")
        add(f"id = {_q(ids[a.label])}")
        add(f"label = {_q(a.label)}")
        add(f"n_itt = {n}" + ("" if a.n is not None else "                # ASSUMED: the report states no size"))
        add(f"control = {_v(a.label == control)}" + ("" if len(ctrl) == 1 else "          # ASSUMED"))
        add("")
    add("[design]")
    add(f"allocation = {_v(allocation)}" + ("            # ASSUMED" if alloc_note else ""))
    # one stratum of permuted blocks: the last, partial block must be able to hold the arms' imbalance
    n_block = _block_size([int(x) for x in sizes if x is not None], allocation, [a.label == control for a in arms])
    add(f"block_size = {n_block}                      # ASSUMED: not in the report")
    add(f"accrual_start = {start.isoformat()}          # ASSUMED: not in the report")
    add(f"accrual_end = {end.isoformat()}            # ASSUMED: not in the report")
    add(f"data_cutoff = {cutoff.isoformat()}            # ASSUMED: not in the report")
    add(f"median_followup = {_v(float(mfu))}" + ("                # ASSUMED: not in the report" if mfu_note else ""))
    add("bridging = 0                        # ASSUMED: no common-treatment period")
    if fu_m:
        add(f"quote = [{_q(_sentence_of(text, fu_m.start()))}]")
    add("")
    for ep, kind, block in final_tte:
        lines.extend(block)
        add("")
    for block in responses:
        lines.extend(block)
        add("")
    return SummaryDraft("\n".join(lines).rstrip() + "\n", tuple(assumed), tuple(omitted))


def _block_size(sizes: list[int], allocation: list[int], is_control: list[bool]) -> int:
    """The smallest permuted-block size with which one sequence of blocks gives exactly these arm sizes."""
    tot = sum(allocation)
    t = 0 if not is_control[0] else 1
    a_t, n_t, n = allocation[t], sizes[t], sum(sizes)
    best = None
    for block in range(2 * tot, 200 * tot + 1, tot):
        full, r = divmod(n, block)
        per_t = block * a_t // tot
        need = n_t - full * per_t
        lo, hi = max(0, r - (block - per_t)), min(r, per_t)
        if lo <= need <= hi:
            # prefer a partial block where the needed split is not an extreme one
            if lo < need < hi or lo == hi or best is None:
                if lo < need < hi or lo == hi:
                    return block
                best = best or block
    return best or 2 * tot


def _sentence_of(text: str, pos: int) -> str:
    a = max(text.rfind(". ", 0, pos) + 2, text.rfind("\n", 0, pos) + 1, 0)
    b = text.find(". ", pos)
    b = len(text) if b < 0 else b + 1
    return text[a:b].strip()


def _arm_figures(items) -> bool:
    arms = {r.arm for _, r in items if r.arm and r.kind in ("median", "landmark_rate")}
    return len(arms) >= 1


def _tte_block(ep: str, kind: str, items: list[tuple[int, Record]], ids: dict[str, str], text: str) -> list[str] | None:
    per_arm: dict[str, dict] = {}
    quotes: list[str] = []
    for _, r in items:
        if r.arm not in ids or r.kind not in ("median", "landmark_rate"):
            continue
        d = per_arm.setdefault(r.arm, {"median": None, "landmarks": {}})
        if r.kind == "median" and d["median"] is None:
            d["median"] = r
        elif r.kind == "landmark_rate" and r.timepoint_months is not None and isinstance(r.value, float):
            d["landmarks"].setdefault(r.timepoint_months, r)
        else:
            continue
        if r.source.sentence not in quotes:
            quotes.append(r.source.sentence)
    if not per_arm:
        return None
    # a ratio whose CI does not hold it (a cut or misprinted interval: the checks report it) cannot be synthesized
    hr = next((r for _, r in items if r.kind == "hr" and isinstance(r.value, float) and isinstance(r.ci_lower, float)
               and isinstance(r.ci_upper, float) and 0 < r.ci_lower <= r.value <= r.ci_upper), None)
    if hr is not None and len(per_arm) < 2:
        hr = None
    if hr is not None and hr.source.sentence not in quotes:
        quotes.append(hr.source.sentence)
    primary = bool(re.search(rf"primary end ?point (?:was|is|of)\s+(?:the\s+)?[^.]{{0,40}}\b{re.escape(ep)}\b", text,
                             re.I)) or bool(re.search(rf"\b{re.escape(ep)}\b[^.]{{0,20}}primary end ?point", text))
    out = ["[[endpoints]]", f"id = {_q(ep)}", f"kind = {_q(kind)}", f"label = {_q(_LABEL.get(ep, ep))}"]
    if primary:
        out.append("primary = true")
    out.append("quote = [")
    out.extend(f"  {_q(q)}," for q in quotes)
    out.append("]")
    for label, d in per_arm.items():
        out.append(f"[endpoints.arms.{ids[label]}]")
        m = d["median"]
        lms: list[Record] = []
        for r in sorted(d["landmarks"].values(), key=lambda r: r.timepoint_months or 0.0):
            # a synthesized survival curve cannot rise: a later rate above an earlier one (rounding) is left out
            if lms and float(r.value) > float(lms[-1].value):
                continue
            # nor a rate on the wrong side of 50% for the arm's median (the report contradicts itself)
            t, rate = float(r.timepoint_months or 0.0), float(r.value)
            if m is not None and (isinstance(m.value, float) and ((t > m.value and rate > 50) or
                                                                  (t < m.value and rate < 50))
                                  or (m.value == "NR" and rate < 50)):
                continue
            lms.append(r)
        if m is not None:
            out.append(f"median = {_v(m.value if isinstance(m.value, float) else m.value)}")
            if m.ci_lower is not None and m.ci_upper is not None:
                lo = _ci_bound(m.ci_lower, False)
                hi = _ci_bound(m.ci_upper, True)
                out.append(f"median_ci = [{_v(lo)}, {_v(hi)}]")
        if lms:
            items_txt = []
            for r in lms:
                ci = ""
                if isinstance(r.ci_lower, float) and isinstance(r.ci_upper, float):
                    ci = f", ci = [{_v(r.ci_lower)}, {_v(r.ci_upper)}]"
                items_txt.append(f"{{ time = {_v(float(r.timepoint_months or 0))}, rate = {_v(r.value)}{ci} }}")
            out.append("landmarks = [" + ", ".join(items_txt) + "]")
    if hr is not None:
        out.append(f"[endpoints.hazard_ratio]")
        out.append(f"value = {_v(hr.value)}")
        out.append(f"ci = [{_v(hr.ci_lower)}, {_v(hr.ci_upper)}]")
        if hr.p_value is not None:
            if hr.p_operator == "=":
                out.append(f"p = {_v(hr.p_value)}")
            elif hr.p_operator in ("<", "\u2264"):
                out.append(f"p = {_q('<' + format(hr.p_value, 'g'))}")
        out.append('weighting = "none"                  # ASSUMED: the report does not state the estimand')
        out.append("stratified = false                  # ASSUMED")
        out.append(f"estimand = {_q('Cox model, unstratified, unweighted (assumed)')}")
    return out


def _responses(recs: list[Record], ids: dict[str, str], omitted: list[str]) -> list[list[str]]:
    want = {"ORR": "orr", "CR": "cr", "MRD": "mrd"}
    rates: dict[tuple[str, float | None], dict[str, Record]] = {}
    for r in recs:
        if r.kind != "rate" or r.endpoint not in want or r.arm not in ids or not isinstance(r.value, float):
            continue
        thr = (r.threshold or 1e-5) if r.endpoint == "MRD" else None
        rates.setdefault((r.endpoint, thr), {}).setdefault(r.arm, r)
    # nested: MRD <= CR <= ORR in each arm (drop what breaks it)
    blocks = []
    keep: dict[tuple, dict[str, Record]] = {}
    for key in sorted(rates, key=lambda k: (["ORR", "CR", "MRD"].index(k[0]), -(k[1] or 0))):
        # each rate must not exceed any shallower one already kept in the same arm
        ok = all(float(prev[arm].value) >= float(r.value) for arm, r in rates[key].items() for prev in keep.values()
                 if arm in prev)
        if not ok:
            omitted.append(f"{key[0]} rates (not nested within the other response rates)")
            continue
        keep[key] = rates[key]
    for (ep, thr), per in keep.items():
        rid = ep if thr is None else f"MRD{int(round(-math.log10(thr)))}"
        kind = want[ep]
        quotes = []
        for r in per.values():
            if r.source.sentence not in quotes:
                quotes.append(r.source.sentence)
        out = ["[[responses]]", f"id = {_q(rid)}", f"kind = {_q(kind)}"]
        if thr is not None:
            out.append(f"threshold = {thr!r}" + ("" if any(r.threshold for r in per.values())
                                                  else "                # ASSUMED: 10^-5"))
        label = {"ORR": "Overall response", "CR": "Complete response or better"}.get(ep, "MRD negativity")
        out.append(f"label = {_q(label)}")
        out.append("rates = { " + ", ".join(f"{ids[a]} = {_v(r.value)}" for a, r in per.items()) + " }")
        out.append("quote = [" + ", ".join(_q(q) for q in quotes) + "]")
        blocks.append(out)
    return blocks


def write_summary(result, path: str | Path, text: str | None = None) -> SummaryDraft:
    """Write :func:`summary_toml` to ``path`` (whole or not at all) and return the draft."""
    import os
    import tempfile

    p = Path(path)
    if p.suffix.lower() != ".toml":
        raise InputError(f"--summary-out {p}: the summary is a TOML file; give a name ending in .toml")
    if not p.parent.exists():
        raise InputError(f"--summary-out {p}: the folder {str(p.parent)!r} does not exist")
    draft = summary_toml(result, text)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", dir=p.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(draft.toml)
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return draft
