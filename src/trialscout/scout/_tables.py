"""Results tables flattened to text: rows whose cells are separated by pipes, or one cell a line.

Two layouts are read (docs/scout.md, "Tables"):

* pipe rows, ``label | cell | cell |``, under a header whose cells name the arms ("Sunitinib (n=444)"), or under a
  two-level header: arms over measures ("| | A | | B | |" over "| Endpoint | Median (95% CI) | Rate | ..."),
  measures over arms ("Median (95% CI) | HR (95% CI) | Events, n" over "A | B | A | B"), arms over sizes;
* one cell a line (slides): a header of arm names each followed by its size line ("(N=797)"), or bare, and/or of
  statistic columns ("Hazard Ratio", "(95% CI)", "P Value"), blank lines between, then each row's label line(s)
  followed by its value lines.

A row gives records only when its label names a result the contract knows: a median, a hazard or odds ratio, or
a response rate, of an endpoint the label names or, for a label that is only a statistic ("Median (months)",
"Hazard ratio (95% CI)"), of the endpoint of the section or row above it. A "p value" row gives its P to the ratio
of the same section. Rows of events, deaths, adverse events, counts or baseline characteristics give nothing.
"""

from __future__ import annotations

from . import _re as re
from dataclasses import dataclass

from ._lexicon import RESPONSE, TTE, endpoints_in

__all__ = ["TableCell", "TableRecord", "read_tables"]

_NUM = r"(?:\d+(?:\.\d+)?|\.\d+)"
_VAL = rf"(?:{_NUM}|NR|NE|NA|(?i:not\s+(?:yet\s+)?reached|not\s+estimable|not\s+evaluable))"
_MARK = r"[a-z*\u2020\u2021\u00a7\u00b6\u00a4\u00a5#\u2016\u00b0\u2018\u2019\u201c\u201d^,]*"  # footnote marks after a figure
_CELL = re.compile(
    rf"^\s*(?:(?:HR|OR)\s+)?(?P<v>{_VAL})(?:\.(?!\d))?(?:\s*(?:months?|mos?)\b)?\s*(?P<pct>%)?\s*{_MARK}\s*"
    rf"(?:[(\[]\s*(?P<lo>{_VAL})\s*%?\s*(?:-|to|,|;)\s*(?P<hi>{_VAL})\s*%?\s*[)\]]\d?|[(\[]\s*NR\s*[)\]])?\s*{_MARK}\s*"
    rf"(?:[;,]?\s*(?P<pbr>[(\[])?\s*[Pp]\s*(?P<pop>[<=\u2264])\s*(?P<pv>0?\.\d+)\s*(?(pbr)[)\]])\s*{_MARK}\s*)?$")
# (the P also bracketed after the figure: "0.51 (p<0.0001)")
# "232 (52.5) (47.7 to 57.2)", "3 (1%)": a count with its percentage (and the percentage's CI)
_COUNT_CELL = re.compile(
    rf"^\s*\d+\s*\(\s*(?P<v><?\s*{_NUM})\s*(?P<pct>%)?\s*\)\s*{_MARK}\s*"
    rf"(?:\(\s*(?P<lo>{_NUM})\s*%?\s*(?:-|to|,)\s*(?P<hi>{_NUM})\s*%?\s*\))?\s*{_MARK}\s*$")
_P_CELL = re.compile(rf"^\s*(?:p\s*)?(?P<op>[<>=\u2264\u2265]?)\s*(?P<v>0?\.\d+|1(?:\.0+)?)\s*{_MARK}\s*$", re.I)
_P_WRITTEN = re.compile(rf"^\s*p\s*(?P<op>[<=\u2264])\s*(?P<v>0?\.\d+)\s*{_MARK}\s*$", re.I)  # "p = 0.017"
_EMPTY = re.compile(r"^[\s\-\u00b7.]*$")

_HR = re.compile(r"\b(?:hazard\s+ratios?|HRs?)\b", re.I)
_OR = re.compile(r"\b(?:(?i:odds\s+ratios?)|ORs?)\b")
_MEDIAN = re.compile(r"\bmedian\b", re.I)
# "P value", "Stratified log-rank test, p value", a test's long name ending in "p value" ("... test p value\u00b62")
_P_LABEL = re.compile(r"^\s*(?:[\w\-, ]{0,40}\s)?p[\s-]*values?\b|^\s*p\s*$|"
                      r"^[^|]{0,120}(?<![A-Za-z])p[\s-]*values?[^A-Za-z]{0,6}$", re.I)
_LEVEL = re.compile(r"(?P<lvl>\d{2}(?:\.\d+)?)\s*%\s*(?:CI|confidence interval)", re.I)
_MONTHS = re.compile(r"\b(?:months?|mo)\b", re.I)
# rows that are not results: events, deaths, counts, safety, baseline, exposure
_NOT_RESULT = re.compile(
    r"\b(?:events?|deaths?|died|no\.|number|adverse|AEs?|TEAEs?|irAEs?|TRAEs?|toxicit\w*|safety|"
    r"serious|grade|discontinu\w*|dose|intensity|baseline|age|sex|ECOG|follow[- ]?up|duration of (?:treatment|"
    r"exposure)|exposure|infection|hospitali[sz]\w*|censored|missing|not evaluable|stable|progressive|partial)\b",
    re.I)
# what a label may hold besides the statistic when it takes its endpoint from above
# a label for a response row's rate under the response section ("Responders (complete or partial response)")
_RESPONDERS = re.compile(r"^\s*(?:responders?|responding patients)\b", re.I)
_STAT_ONLY = re.compile(
    r"^(?:\s|[(),:;%*\u2020\u2021\u00a7\u00b6]|\b(?:median|survival|months?|mo|\d{2}\s*%?\s*CI|CI|confidence|"
    r"intervals?|hazard|ratios?|HRs?|ORs?|odds|stratified|unstratified|estimated?|[a-z]|95|90|value|p|"
    r"Clopper|Pearson|method|Cox|model|log-rank|test|one-sided|two-sided|rates?|%|at|\d{1,2}(?:\.\d)?[- ]?(?:months?|"
    r"years?))\b|-)*$", re.I)
_NOT_ARM = re.compile(r"\b(?:total|overall|all\s+patients|combined|pooled|characteristics?|endpoints?|outcomes?)\b",
                      re.I)
_ARM_N = re.compile(r"[(\[]?\s*\bn\s*=\s*(?P<n>\d[\d,]*)\s*[)\]]?", re.I)
_N_LINE = re.compile(r"^\s*[(\[]?\s*N\s*=\s*(?P<n>\d[\d,]*)\s*[)\]]?\s*$", re.I)
_STAT_HEAD = re.compile(r"^\s*(?:(?P<hr>(?:stratified\s+)?(?:HR|hazard ratio))|(?P<or>OR|odds ratio))\s*"
                        r"(?:\(\s*(?P<lvl>\d{2})\s*%\s*CI\s*\))?\s*[*\u2020\u2021\u00a7a-z]?\s*$", re.I)
_EFFECT_HEAD = re.compile(r"^\s*(?:(?:treatment\s+)?effect|estimate)\b[^()]{0,60}\(\s*(?P<lvl>\d{2})\s*%\s*CI\s*\)"
                          r"\s*[*\u2020\u2021\u00a7#]?\s*$", re.I)
# a footnote defining a mark: "§HR estimated with ...", "2. #Rate ratio.", "¥Odds ratio."
_MARK_NOTE = re.compile(r"(?m)^\s*(?:\d{1,2}\.\s*)?(?P<mark>[*#\u00a7\u2020\u2021\u00b6\u00a4\u00a5])\s*(?P<what>[A-Za-z].*)$")
_CELL_MARK = re.compile(r"(?P<mark>[*#\u00a7\u2020\u2021\u00b6\u00a4\u00a5])\s*$")
_P_HEAD = re.compile(r"^\s*p[\s-]*values?\s*[*\u2020\u2021\u00a7a-z]?\s*$", re.I)


@dataclass(frozen=True, slots=True)
class TableCell:
    value: float | str
    value_text: str
    lower: float | str | None
    lower_text: str
    upper: float | str | None
    upper_text: str
    percent: bool
    p: tuple[str, float, str] | None = None  # a P in the cell ("0.61 (0.49-0.76); P < 0.001")


@dataclass(frozen=True, slots=True)
class TableRecord:
    """One result read from a table row; ``arm`` is the index of the report arm, or None for a comparison."""

    endpoint: str
    kind: str
    arm: int | None
    cell: TableCell
    ci_level: float | None
    p_value: float | None
    p_operator: str | None
    p_text: str
    unit: str | None
    start: int
    end: int
    row: str
    inherited: bool
    timepoint: float | None = None


@dataclass
class _Row:
    label: str
    cells: list[tuple[str, int, int]]  # text, start, end in the report
    start: int
    end: int


def _num(s: str) -> float | str:
    if s == "NR" or s.lower().startswith("not") and s.lower().endswith("reached"):
        return "NR"
    if s in ("NE", "NA") or s.lower().startswith("not"):
        return "NE"
    return float(s)


def parse_cell(text: str, count_ok: bool = False) -> TableCell | None:
    """A cell's figure with its CI ("11.1 (10.0-12.1)", "0.66 (0.52 to 0.84)b", "29.8% (24.3-35.7)"), or None."""
    t = text.strip()
    m = _CELL.match(t)
    if m is None and count_ok:
        m = _COUNT_CELL.match(t)
        if m is not None and m.group("v").startswith("<"):
            return None
    if m is None:
        return None
    lo, hi = m.group("lo"), m.group("hi")
    gd = m.groupdict()
    p = (gd["pop"], float(gd["pv"]), gd["pv"]) if gd.get("pv") else None
    return TableCell(_num(m.group("v")), m.group("v"), None if lo is None else _num(lo), lo or "",
                     None if hi is None else _num(hi), hi or "", m.group("pct") is not None, p)


def _arm_index(head: str, arms, keys) -> int | None:
    """The report arm a column head names: the arm whose words the head holds, or None."""
    words = set(re.findall(r"[a-z][a-z0-9\-+/]*", _ARM_N.sub(" ", head).lower()))
    hits = []
    for i, a in enumerate(arms):
        names = [a.label, *a.aliases]
        for nm in names:
            w = set(re.findall(r"[a-z][a-z0-9\-+/]*", nm.lower()))
            if w and w <= words:
                hits.append((len(w), i))
                break
        else:
            if i < len(keys) and keys[i] and set(keys[i]) <= words:
                hits.append((len(keys[i]), i))
    if not hits:
        return None
    hits.sort(reverse=True)
    if len(hits) > 1 and hits[0][0] == hits[1][0]:
        return None
    return hits[0][1]


def _named_head(head: str) -> bool:
    """A head that names a treatment beside its size (not "(n = 300)" alone, not "Total (N=450)")."""
    return re.search(r"[A-Za-z]{2}", _ARM_N.sub(" ", head)) is not None and not _NOT_ARM.search(head)


def _header_arm(head: str):
    """An arm named only by a column head: its name without the size (which may count an analysis set)."""
    from .reader import Arm
    name = re.sub(r"\s+", " ", _ARM_N.sub(" ", head)).strip(" ,;:(")
    return Arm(name, None, ())


def _split_pipes(line: str, offset: int) -> list[tuple[str, int, int]]:
    out = []
    pos = 0
    for part in line.split("|"):
        a = offset + pos
        out.append((part.strip(), a + len(part) - len(part.lstrip()), a + len(part.rstrip())))
        pos += len(part) + 1
    return out


def _row_parts(line: str, offset: int) -> list[tuple[str, int, int]]:
    """A row's cells, the label first ("| Median PFS | 9.4 | 5.2 |" has no empty cell before its label)."""
    parts = _split_pipes(line, offset)
    return parts[1:] if line.lstrip().startswith("|") and len(parts) > 1 else parts


def _lines(text: str) -> list[tuple[str, int]]:
    out, pos = [], 0
    for ln in text.split("\n"):
        out.append((ln, pos))
        pos += len(ln) + 1
    return out


_Col = tuple[str, int | None, float | None]  # a column: arm / hr / or / p, the arm's index, the CI level


def _pipe_blocks(text: str, arms, keys) -> list[tuple[list[_Col], list[_Row], int, int, str]]:
    """Pipe tables whose header names the arms (then ratio and P columns): (columns, rows, start, end, context
    before the table)."""
    lines = _lines(text)
    out = []
    i = 0
    while i < len(lines):
        if lines[i][0].count("|") == 0:
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j][0].count("|") >= 1:
            j += 1
        if j - i < 3:
            i = j
            continue
        # the header: the lines before the first row whose label is followed by a figure
        first = i
        for k in range(i, j):
            parts = _row_parts(*lines[k])
            if len(parts) >= 2 and parts[0][0] and any(parse_cell(p[0], True) for p in parts[1:]):
                first = k
                break
        else:
            i = j
            continue
        # the column heads: the header cells that name an arm or give a size ("Sunitinib (n=444)")
        h0 = i - 1 if i > 0 and "|" not in lines[i - 1][0] and len(lines[i - 1][0]) < 120 else i
        head_parts: list[tuple[str, str, float | None]] = []  # (kind: arm/hr/or/p, text, CI level)
        head_end = first
        for k in range(h0, first):
            for p in _split_pipes(*lines[k]):
                sm = _STAT_HEAD.match(p[0])
                if sm:
                    head_parts.append(("or" if sm.group("or") else "hr", p[0],
                                       float(sm.group("lvl")) if sm.group("lvl") else None))
                elif _P_HEAD.match(p[0]):
                    head_parts.append(("p", p[0], None))
                elif p[0] and (_arm_index(p[0], arms, keys) is not None or (not arms and _ARM_N.search(p[0]) and
                                                                           _named_head(p[0]))):
                    head_parts.append(("arm", p[0], None))
                else:
                    continue
                head_end = k + 1
        first0 = first
        first = max(i, min(first, head_end))  # a section head ("Overall survival | ||") may come before the figures
        rows = []
        for k in range(min(first, first0), j):
            parts = _row_parts(*lines[k])
            label = parts[0][0]
            cells = [p for p in parts[1:]]
            while cells and not cells[-1][0]:
                cells.pop()
            rows.append(_Row(label, cells, lines[k][1], lines[k][1] + len(lines[k][0])))
        rows = _join_wrapped(rows)
        ncol = max((len(r.cells) for r in rows), default=0)
        kinds = [h[0] for h in head_parts]
        n_arms = kinds.count("arm")
        if ncol < 2 or len(head_parts) != ncol or n_arms < 2 or kinds[:n_arms] != ["arm"] * n_arms or \
                kinds.count("p") > 1:
            grouped = _grouped_head([lines[k] for k in range(i, first0)], ncol, arms, keys)
            if grouped is not None:
                gcols, hend, new_arms = grouped
                if not arms:
                    arms.extend(new_arms)
                rows2 = [r for r in rows if r.start >= lines[i + hend][1]] if i + hend < j else []
                if rows2:
                    before = text[max(0, lines[h0][1] - 300):lines[h0][1]]
                    out.append((gcols, rows2, lines[h0][1], rows2[-1].end, before))
            i = j
            continue
        if not arms:
            arms.extend(_header_arm(h[1]) for h in head_parts if h[0] == "arm")  # the arms named by the table
        cols = [(h[0], _arm_index(h[1], arms, keys) if h[0] == "arm" else None, h[2]) for h in head_parts]
        col_arms = [c[1] for c in cols if c[0] == "arm"]
        if all(a is not None for a in col_arms) and len(set(col_arms)) == n_arms:
            before = text[max(0, lines[h0][1] - 300):lines[h0][1]]
            out.append((cols, rows, lines[h0][1], rows[-1].end, before))
        i = j
    return out


def _join_wrapped(rows: list[_Row]) -> list[_Row]:
    """Rows whose figures were wrapped onto the next line: a label with no figure, then a line that starts with
    its figure ("Stratified ... test p value |", then "<0.0001 | |") are one row."""
    out: list[_Row] = []
    for r in rows:
        if out and not any(c[0] and not _EMPTY.match(c[0]) for c in out[-1].cells) and r.label and \
                (_P_CELL.match(r.label) or parse_cell(r.label, True)) and \
                _P_LABEL.match(out[-1].label) is not None:
            head = out.pop()
            cell = (r.label, r.start + len(r.label) - len(r.label.lstrip()), r.start + len(r.label))
            out.append(_Row(head.label, [cell] + r.cells, head.start, r.end))
            continue
        out.append(r)
    return out


# -- two-level pipe headers -----------------------------------------------------------------------------------
# "| | Arm A | | Arm B | |" over "| Endpoint | Median (95% CI) | Rate | Median (95% CI) | Rate |", or the measures
# over the arms ("Median months (95% CI) | HR (95% CI) | p value | Events, n" over "A | B | A | B"), or the arms over
# their sizes ("| | n=120 | n=118 |")
_SIZE_HEAD = re.compile(r"^\s*[(\[]?\s*N\s*=\s*\d[\d,]*\s*[)\]]?\s*$", re.I)
_RATIO_OTHER = re.compile(r"\b(?:RRs?|rate ratios?|risk ratios?|relative risks?)\b", re.I)
_COUNT_HEAD = re.compile(r"\b(?:events?|deaths?|no\.|number|patients|subjects|n)\b(?!\s*(?:\(\s*%|=))", re.I)
_BASELINE_HEAD = re.compile(r"\b(?:characteristics?|baseline|demographics?|adverse|toxicit\w*|safety)\b", re.I)
_ARM_LEVEL = ("median", "rate", "count", "arm")


def _measure_head(t: str) -> tuple[str, float | None, float | None] | None:
    """What a header cell measures: (kind, CI level, time point), kind one of median, rate, count (arm-level),
    hr, or, hr/rr, hr/or, rr, diff, p (comparisons); None for a cell that names no measure."""
    lvl = _level(t)
    if _P_HEAD.match(t) or re.fullmatch(r"\s*p\s*", t, re.I):
        return "p", None, None
    hr, orr, rr = _HR.search(t), _OR.search(t), _RATIO_OTHER.search(t)
    if hr:
        return ("hr/or" if orr else "hr/rr" if rr else "hr"), lvl, None
    if orr:
        return ("or" if not rr else "rr"), lvl, None
    if rr:
        return "rr", lvl, None
    if _SUB_DIFF.match(t) or re.search(r"\bdifference\b", t, re.I):
        return "diff", lvl, None
    if re.search(r"\b(?:events?|deaths?)\b", t, re.I) and len(t) < 30:
        return "count", None, None  # "Events, n (%)"
    if _MEDIAN.search(t) or re.match(r"^\s*(?:months?|mo)\b", t, re.I):
        return "median", lvl, None
    if re.search(r"%|\brates?\b|\bproportion\b|\bpercent", t, re.I):
        return "rate", lvl, _timepoint(t)
    if _COUNT_HEAD.search(t) and len(t) < 30:
        return "count", None, None
    return None


def _grouped_head(hlines: list[tuple[str, int]], ncol: int, arms, keys):
    """Columns of a two-level pipe header, (columns, header lines, the arms it names when the text names none), or
    None. Each column gets a measure and, for an arm-level measure, an arm: by the cells' places when the spanned
    cells are left empty, else by the order of the heads (every arm over an even run of the measures, or every
    arm-level measure over the arms)."""
    raw: list[list[str]] = []
    for ln, off in hlines:
        if re.fullmatch(r"[\s|:\-]*", ln):
            raw.append([])
            continue
        raw.append([t for t, _, _ in (_row_parts(ln, off) if ln.lstrip().startswith("|") else _split_pipes(ln, off))])
    new_names: list[str] = []

    def arm_of(t: str, below: str) -> int | None:
        if arms:
            return _arm_index(t, arms, keys)
        # the text names no arms: a head with its size ("Drug Q (n=120)") or over a size ("n=120")
        if not _named_head(t) or not (_ARM_N.search(t) or _SIZE_HEAD.match(below)):
            return None
        name = re.sub(r"\s+", " ", _ARM_N.sub(" ", t)).strip(" ,;:(")
        if name.casefold() not in [x.casefold() for x in new_names]:
            new_names.append(name)
        return [x.casefold() for x in new_names].index(name.casefold())

    rows: list[list[tuple[str, tuple | None, int | None]]] = []  # cells: text, measure, arm
    last = -1
    for li, cells_t in enumerate(raw):
        nxt = raw[li + 1] if li + 1 < len(raw) else []
        cells = []
        useful = False
        for ci, t in enumerate(cells_t):
            m = _measure_head(t) if t else None
            a = arm_of(t, nxt[ci] if ci < len(nxt) else "") if t and m is None else None
            if m is not None or a is not None or t and _SIZE_HEAD.match(t):
                useful = True
            cells.append((t, m, a))
        rows.append(cells)
        if useful:
            last = li
    if last < 0 or any(_BASELINE_HEAD.search(t) for r in raw[:last + 1] for t in r):
        return None  # a baseline or safety table
    rows = rows[:last + 1]
    n_head = len(rows)
    if not arms and len(new_names) < 2:
        return None
    cols = _by_place(rows, ncol) or _by_order(rows, ncol)
    if cols is None:
        return None
    col_arms = {c[1] for c in cols if c[0] in _ARM_LEVEL}
    if len(col_arms) < 2 or None in col_arms or not any(c[0] in ("median", "rate", "arm") for c in cols):
        return None
    from .reader import Arm
    return cols, n_head, [Arm(nm, None, ()) for nm in new_names] if not arms else []


def _col(m: tuple, arm: int | None, head: str):
    kind, lvl, tp = m
    return (kind, arm if kind in _ARM_LEVEL else None, lvl, tp, head)


def _by_place(rows, ncol: int):
    """Columns told by the cells' places: a data column's measure and arm are the heads above it, or the heads to
    its left whose spanned cells are empty (an arm over its measures, a measure over its arms)."""
    rows = [r[:max([k + 1 for k, c in enumerate(r) if c[0]] or [0])] for r in rows]  # no trailing empty cells
    width = max((len(r) for r in rows), default=0)
    if width != ncol + 1 or not any(sum(1 for c in r if c[2] is not None) >= 2 for r in rows):
        return None
    cols = []
    seen = set()
    for x in range(1, ncol + 1):
        m = a = None
        head = ""
        for r in rows:
            if x < len(r) and r[x][0]:
                if r[x][1] is not None:
                    if m is not None:
                        return None
                    m, head = r[x][1], r[x][0]
                elif r[x][2] is not None:
                    if a is not None:
                        return None
                    a = r[x][2]
                elif not _SIZE_HEAD.match(r[x][0]):
                    return None
        for r in rows:  # a head to the left spanning this column
            if m is not None and a is not None:
                break
            if x < len(r) and r[x][0]:
                continue
            y = min(x, len(r)) - 1
            while y >= 1 and not (y < len(r) and r[y][0]):
                y -= 1
            if y < 1 or y == x:
                continue
            if m is None and r[y][1] is not None and r[y][1][0] in _ARM_LEVEL:
                m, head = r[y][1], r[y][0]
            elif a is None and r[y][2] is not None:
                a = r[y][2]
        if m is None and a is not None:
            m = ("arm", None, None)  # an arm's column under its name (and size): the row's label tells the kind
        if m is None:
            return None
        if m[0] in _ARM_LEVEL:
            if a is None or (a, head) in seen:
                return None
            seen.add((a, head))
        cols.append(_col(m, a, head))
    return cols


def _by_order(rows, ncol: int):
    """Columns told by the order of the heads: the arms first, each over the same run of measures (then the
    comparisons), or the measures first, each arm-level one over the arms in the same order."""
    # (a row's first cell naming neither a measure nor an arm is the label column's head: "Endpoint")
    seq = [c for r in rows for ci, c in enumerate(r) if c[0] and not (ci == 0 and c[1] is None and c[2] is None)]
    if any(c[1] is None and c[2] is None and not _SIZE_HEAD.match(c[0]) for c in seq):
        return None
    seq = [c for c in seq if c[1] is not None or c[2] is not None]
    arm_at = [k for k, c in enumerate(seq) if c[2] is not None]
    meas = [c for c in seq if c[1] is not None]
    order = [c[2] for c in seq if c[2] is not None]
    if not arm_at or not meas:
        return None
    level = [c for c in meas if c[1][0] in _ARM_LEVEL]
    comp = [c for c in meas if c[1][0] not in _ARM_LEVEL]
    cols = []
    if arm_at[-1] < min(k for k, c in enumerate(seq) if c[1] is not None):
        # arms over measures: the arm-level measures first, an even run an arm, the comparisons after them
        if len(set(order)) != len(order) or meas[:len(level)] != level or len(level) % len(order):
            return None
        run = len(level) // len(order)
        runs = [level[k * run:(k + 1) * run] for k in range(len(order))]
        if any([c[1][0] for c in rn] != [c[1][0] for c in runs[0]] for rn in runs):
            return None
        for a, rn in zip(order, runs):
            cols += [_col(c[1], a, c[0]) for c in rn]
        cols += [_col(c[1], None, c[0]) for c in comp]
    elif arm_at[0] > max(k for k, c in enumerate(seq) if c[1] is not None):
        # measures over arms: the arms listed once under every arm-level measure, in the same order
        if not level or len(order) % len(level):
            return None
        n = len(order) // len(level)
        arms_once = order[:n]
        if len(set(arms_once)) != n or order != arms_once * len(level):
            return None
        for c in meas:
            cols += [_col(c[1], a, c[0]) for a in arms_once] if c[1][0] in _ARM_LEVEL else [_col(c[1], None, c[0])]
    else:
        return None
    return cols if len(cols) == ncol else None


def _is_value_line(s: str) -> bool:
    t = s.strip()
    return bool(t) and (parse_cell(t, True) is not None or _P_CELL.match(t) is not None)


def _filled(lines: list[tuple[str, int]], k: int) -> int:
    """The first line from ``k`` on that is not blank."""
    while k < len(lines) and not lines[k][0].strip():
        k += 1
    return k


# the second line of a wrapped arm name: "+ CP/ET", "plus chemotherapy"
_CONTINUED = re.compile(r"^\s*(?:[+&/]|(?:plus|and|with|in combination with)\s)\s*[A-Za-z]", re.I)
# a line that is only a confidence interval: "(4.4, 5.6)", "(0.62-0.96)"
_CI_ONLY = re.compile(rf"^\s*[(\[]\s*{_VAL}\s*%?\s*(?:-|to|,|;)\s*{_VAL}\s*%?\s*[)\]]\s*{_MARK}\s*$")
_CI_LINE = re.compile(r"^\s*[(\[]\s*(?P<lvl>\d{2}(?:\.\d+)?)\s*%\s*(?:CI|confidence interval)\s*[)\]]\s*$", re.I)


def _bare_arm(s: str, arms, keys) -> bool:
    """A line that is only a report arm's name ("Apalutamide", "Nivolumab plus ipilimumab"): a slide's column head."""
    t = s.strip()
    return 0 < len(t) < 60 and len(t.split()) <= 6 and not re.search(r"\d|[:;.=]$", t) and \
        _arm_index(t, arms, keys) is not None


def _line_head(lines: list[tuple[str, int]], i: int, arms, keys,
               names: list[str] | None = None) -> tuple[list[_Col], int]:
    """The column heads of a one-cell-a-line table starting at line ``i`` and the line after them: arm names, each
    followed by its size line ("ZYTIGA", "(N=797)") or holding it ("Zorbatinib (N = 417)"), or a slide's bare arm
    names; then statistic heads ("Hazard Ratio", "(95% CI)", "P Value"). Blank lines between heads are skipped.
    When the text names no arms, a sized head names one (its name put in ``names``)."""
    cols: list[_Col] = []

    def sized_arm(s: str) -> int | None:
        if arms or names is None:
            return _arm_index(s, arms, keys)
        if not _named_head(s) or _STAT_HEAD.match(s):
            return None
        name = re.sub(r"\s+", " ", _ARM_N.sub(" ", s)).strip(" ,;:(")
        if name.casefold() in [x.casefold() for x in names]:
            return None
        names.append(name)
        return len(names) - 1

    k = i
    sized = bare = False
    while k < len(lines) and lines[k][0].strip() and len(lines[k][0]) < 80:
        s = lines[k][0]
        nxt = _filled(lines, k + 1)
        if not (sized or bare) or not any(c[1] is None for c in cols):
            # a name wrapped before its size: "Atezolizumab" / "+ CP/ET" / "(N = 201)"
            if nxt < len(lines) and _CONTINUED.match(lines[nxt][0]) and not _N_LINE.match(s) and not bare and \
                    not _STAT_HEAD.match(s):
                nn = _filled(lines, nxt + 1)
                if nn < len(lines) and _N_LINE.match(lines[nn][0]):
                    cols.append(("arm", sized_arm(s.strip() + " " + lines[nxt][0].strip()), None))
                    sized = True
                    k = _filled(lines, nn + 1)
                    continue
            if nxt < len(lines) and _N_LINE.match(lines[nxt][0]) and not _N_LINE.match(s) and \
                    not _STAT_HEAD.match(s) and not bare:
                cols.append(("arm", sized_arm(s), None))  # "ZYTIGA" / "(N=797)"
                sized = True
                k = _filled(lines, nxt + 1)
                continue
            if _ARM_N.search(s) and not _N_LINE.match(s) and (k == i or sized) and not bare:
                cols.append(("arm", sized_arm(s), None))  # "Zorbatinib (N = 417)"
                sized = True
                k = _filled(lines, k + 1)
                continue
            if not sized and _bare_arm(s, arms, keys) and not _STAT_HEAD.match(s) and not _P_HEAD.match(s):
                cols.append(("arm", _arm_index(s, arms, keys), None))
                bare = True
                k = _filled(lines, k + 1)
                continue
        break
    if bare and len(cols) < 2:
        return [], i  # one arm's name alone is no header
    # statistic columns, blank lines between; a "(95% CI)" line finishes the head above it
    while k < len(lines):
        s = lines[k][0]
        if not s.strip():
            k += 1
            continue
        m = _STAT_HEAD.match(s)
        em = _EFFECT_HEAD.match(s)
        cm = _CI_LINE.match(s)
        if cm and cols and cols[-1][0] in ("hr", "or") and cols[-1][2] is None:
            cols[-1] = (cols[-1][0], None, float(cm.group("lvl")))
        elif m:
            cols.append(("or" if m.group("or") else "hr", None, float(m.group("lvl")) if m.group("lvl") else None))
        elif em:
            cols.append(("mark", None, float(em.group("lvl"))))  # each figure's mark tells its kind
        elif (_P_HEAD.match(s) or re.fullmatch(r"\s*P\s*", s)) and cols:
            cols.append(("p", None, None))
        else:
            break
        k += 1
    if bare and not any(c[0] != "arm" for c in cols):
        return [], i  # bare names are a header only before a statistic head
    return cols, k


def _line_row(label: list[tuple[str, int]], vals: list[tuple[str, int, int]], defined) -> list[_Row]:
    """A row of label lines and value lines; label lines that name no endpoint before a last line that starts a
    label of its own (a capital, not "(95% CI)" or "n (%)") are a section head ("Secondary end points (mo)", then
    "Median overall survival")."""
    row = _Row(" ".join(t for t, _ in label), vals, label[0][1], vals[-1][2])
    if len(label) < 2 or not re.match(r"[A-Z]", label[-1][0]) or \
            any(_row_endpoint(t, defined) is not None for t, _ in label[:-1]):
        return [row]
    head = _Row(" ".join(t for t, _ in label[:-1]), [], label[0][1], label[-2][1] + len(label[-2][0]))
    return [head, _Row(label[-1][0], vals, label[-1][1], vals[-1][2])]


def _line_blocks(text: str, arms, keys, defined=None):
    """One-cell-a-line tables: a header of arm names (with their sizes, or bare before statistic heads) and of
    statistic columns ("HR (95% CI)", "p-value"); then label lines each followed by as many value lines as there
    are columns (fewer when the last columns are left out)."""
    lines = [(ln, p) for ln, p in _lines(text)]
    out = []
    i = 0
    while i < len(lines):
        names: list[str] = []
        cols, k = _line_head(lines, i, arms, keys, names)
        if not cols or not any(c[0] == "arm" for c in cols) and cols[-1][0] != "p" and len(cols) < 2:
            i += 1
            continue
        if len(cols) < 2 or any(c[0] == "arm" and c[1] is None for c in cols) or \
                len({c[1] for c in cols if c[0] == "arm"}) != sum(c[0] == "arm" for c in cols):
            i = max(k, i + 1)
            continue
        n_val = len(cols)
        rows: list[_Row] = []
        label: list[tuple[str, int]] = []
        vals: list[tuple[str, int, int]] = []
        m_ = k
        while m_ < len(lines):
            s, p = lines[m_]
            if not s.strip():
                m_ += 1
                if s and vals:  # a cell left blank (" ")
                    vals.append(("", p, p))
                continue
            last_cell = parse_cell(vals[-1][0]) if vals and vals[-1][0] else None
            if last_cell is not None and last_cell.lower is None and _CI_ONLY.match(s):
                # a figure's CI on the line after it ("5.2", "(4.4, 5.6)")
                t0, a0, _ = vals[-1]
                vals[-1] = (t0 + " " + s.strip(), a0, p + len(s.rstrip()))
            elif _is_value_line(s) and label:
                vals.append((s.strip(), p + len(s) - len(s.lstrip()), p + len(s.rstrip())))
            else:
                if len(s) > 150 or re.match(r"^\s*(?:\d\.|[a-z]?[A-Z][a-z]+ (?:is|was|were|are) )", s):
                    break  # prose or a footnote ends the table
                if vals:
                    rows.extend(_line_row(label, vals, defined))
                    label, vals = [], []
                label.append((s.strip(), p))
            m_ += 1
        if vals and label:
            rows.extend(_line_row(label, vals, defined))
        rows = [r for r in rows if len(r.cells) <= n_val]
        n_arm = sum(c[0] == "arm" for c in cols)
        if n_arm and n_arm < n_val:
            # under arm and statistic heads a row may leave out its last columns (a P, a ratio), not an arm's
            # a P before the P column after the arms' figures is the P's ("41.2", "17.5", "<0.001" with no ratio);
            # after fewer figures the row is the comparison's alone, no arm's
            p_at = [ci for ci, c in enumerate(cols) if c[0] == "p"]
            kept = []
            for r in rows:
                if p_at and r.cells and len(r.cells) - 1 < p_at[0] and _P_CELL.match(r.cells[-1][0]):
                    if len(r.cells) - 1 != n_arm:
                        continue
                    gap = [("", r.cells[-1][1], r.cells[-1][1])] * (p_at[0] - n_arm)
                    r = _Row(r.label, r.cells[:-1] + gap + r.cells[-1:], r.start, r.end)
                if not r.cells or len(r.cells) >= n_arm:
                    kept.append(r)
            rows = kept
        if len(rows) >= 2:
            if not arms and names:
                from .reader import Arm
                arms.extend(Arm(nm, None, ()) for nm in names)  # the arms named by the table
            before = text[max(0, lines[i][1] - 300):lines[i][1]]
            out.append((cols, rows, lines[i][1], rows[-1].end, before))
            i = m_
        else:
            i = max(k, i + 1)
    return out


def _row_endpoint(label: str, defined) -> str | None:
    eps = {e[2] for e in endpoints_in(label, defined)}
    if len(eps) > 1:  # "ORR (CR+PR) (%)": what the brackets hold explains the name before them
        eps = {e[2] for e in endpoints_in(re.sub(r"\([^()]*\)", " ", label), defined)}
    return eps.pop() if len(eps) == 1 else None


def _masked(label: str, defined) -> str:
    """The label without its endpoint names ("Death from any cause" names OS, not a count of deaths)."""
    for a, b, _ in reversed(endpoints_in(label, defined)):
        label = label[:a] + " " + label[b:]
    return label


def _row_kind(label: str, endpoint: str | None) -> str | None:
    if _HR.search(label):
        return "hr"
    if _OR.search(label):
        return "odds_ratio"
    if _MEDIAN.search(label):
        return "median" if endpoint is None or endpoint in TTE else None
    if endpoint in RESPONSE:
        return "rate"
    if endpoint in TTE and _timepoint(label) is not None and re.search(r"%|\brates?\b", label, re.I):
        return "landmark_rate"
    return None


_TIME = re.compile(r"\b(?P<n>\d{1,2}(?:\.\d)?)[- ]?(?P<u>months?|mo|years?|yr)\b|\bat\s+(?P<n2>\d{1,2})\s+"
                   r"(?P<u2>months?|years?)\b", re.I)


def _timepoint(label: str) -> float | None:
    """The time point a label names, in months ("2-year OS rate", "PFS at 12 months, %"); None for none or two."""
    ms = list(_TIME.finditer(label))
    if len(ms) != 1 or re.search(r"[<>\u2264\u2265]\s*$", label[:ms[0].start()]):
        return None  # (a threshold, "< 12 months", is no time point)
    n = float(ms[0].group("n") or ms[0].group("n2"))
    u = (ms[0].group("u") or ms[0].group("u2")).lower()
    return n * 12 if u.startswith("y") else n


def _level(label: str) -> float | None:
    m = _LEVEL.search(label)
    return float(m.group("lvl")) if m else None


def _context_endpoint(before: str, defined) -> str | None:
    last = before.strip().split("\n")[-1] if before.strip() else ""
    if re.match(r"^\s*Table\b", last, re.I):
        return _row_endpoint(last, defined)
    return None


_GAP = re.compile(r"(?<=\S)(?: {2,}|\t+)(?=\S)")


def cell_breaks(text: str, original: str) -> str:
    """``text`` with the cell separators of tab- and space-aligned tables made pipes (the length kept): a tab of
    ``original``, or a run of spaces inside a line of a run of three or more lines that each hold such gaps."""
    out = list(text)
    for i, ch in enumerate(original[:len(out)]):
        if ch == "\t":
            out[i] = "|"
    lines = _lines("".join(out))
    gapped = [len(_GAP.findall(ln)) >= 1 and "|" not in ln for ln, _ in lines]
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and gapped[j]:
            j += 1
        if j - i >= 3:
            for ln, p in lines[i:j]:
                for m in _GAP.finditer(ln):
                    out[p + m.start()] = "|"
        i = max(j, i + 1)
    return "".join(out)


def _mark_kinds(text: str) -> dict[str, str]:
    """Marks whose footnote names a ratio: {"§": "hr"} for "§HR estimated with Cox models"."""
    out: dict[str, str] = {}
    for m in _MARK_NOTE.finditer(text):
        what = m.group("what")
        if re.match(r"(?:HRs?\b|hazard ratios?\b)", what, re.I):
            out.setdefault(m.group("mark"), "hr")
        elif re.match(r"odds ratios?\b", what, re.I):
            out.setdefault(m.group("mark"), "odds_ratio")
        else:
            out.setdefault(m.group("mark"), "")
    return out


def read_tables(text: str, arms, keys, defined) -> list[tuple[int, int, list[TableRecord]]]:
    """Every table block read from ``text`` (normalized, cells separated by pipes): (start, end, records)."""
    out: list[tuple[int, int, list[TableRecord]]] = []
    marks = _mark_kinds(text)
    n_arms = len(arms)
    for cols, rows, a, b, before in _pipe_blocks(text, arms, keys):
        recs = _read_rows(rows, cols, _context_endpoint(before, defined), defined, marks)
        if recs or len(cols[0]) <= 3:  # a two-level header that gave nothing leaves its lines to the other layouts
            out.append((a, b, recs))
    for a, b, recs in _arm_row_blocks(text, arms, keys, defined) + _spaced_arm_rows(text, arms, keys, defined):
        if not any(x[0] < b and a < x[1] for x in out):
            out.append((a, b, recs))
    for cols, rows, a, b, before in _line_blocks(text, arms, keys, defined) + _spaced_rows(text, arms, keys):
        if any(x[0] < b and a < x[1] for x in out):
            continue
        out.append((a, b, _read_rows(rows, cols, _context_endpoint(before, defined), defined, marks)))
    if not any(recs for _, _, recs in out):
        del arms[n_arms:]  # arms named by a table that gave no result are not kept
    return out


# -- rows whose cells are separated by single spaces ------------------------------------------------------------
# "Table 8: ... Femara N = 2582 Placebo N = 2586 Hazard Ratio (95% CI) P-Value", then
# "Disease Free Survival (DFS)1 Events 122 (4.7%) 193 (7.5%) 0.62 (0.49, 0.78)2 0.00003"
_TOKEN = re.compile(rf"(?<!\S)(?:{_NUM}|NR|NE)\s*%?(?:\s*\((?:[^()]{{1,30}})\)\d?)?{_MARK}(?=\s|$)")
_RATIO_WORDS = re.compile(r"\b(?P<hr>hazard\s+ratio|HR)\b(?:\s*\(\s*(?P<lvl>\d{2})\s*%\s*CI\s*\))?|\b(?P<p>p[\s-]*values?)\b",
                          re.I)


def _spaced_rows(text: str, arms, keys):
    """Rows of single-space cells under a header that names the arms, then a hazard ratio (and a P) column, in
    that order, over at most four lines; a row is read when it has a figure for every column, or only the arms'."""
    if len(arms) < 2:
        return []
    lines = _lines(text)
    out = []
    for i, (ln, pos) in enumerate(lines):
        if not re.match(r"^\s*Table\s+\d", ln):
            continue
        block = [lines[i]]
        for ln2, p2 in lines[i + 1:i + 40]:
            if re.match(r"^\s*Table\s+\d", ln2):
                break  # the next table
            block.append((ln2, p2))
        head = " ".join(x for x, _ in block[:4])
        marks: list[tuple[int, tuple[str, int | None, float | None]]] = []
        for ai, a in enumerate(arms):
            m = re.search(rf"(?<![\w-]){re.escape(a.label)}(?![\w-])", head)
            if m:
                marks.append((m.start(), ("arm", ai, None)))
        arm_cols = len(marks)
        for m in _RATIO_WORDS.finditer(head):
            marks.append((m.start(), ("p", None, None) if m.group("p") else
                          ("hr", None, float(m.group("lvl")) if m.group("lvl") else None)))
        marks.sort(key=lambda t: t[0])
        cols = [c for _, c in marks]
        kinds = [c[0] for c in cols]
        if arm_cols < 2 or kinds[:arm_cols] != ["arm"] * arm_cols or "hr" not in kinds[arm_cols:] or \
                kinds.count("hr") > 1 or kinds.count("p") > 1:
            continue
        rows = []
        for ln2, p2 in block[1:]:
            if len(ln2) > 200:
                break
            toks = list(_TOKEN.finditer(ln2))
            # the figures end the line and follow its label
            tail = [t for t in toks if t.start() > 0]
            while tail and ln2[tail[0].start():].split() and not _only_tokens(ln2[tail[0].start():]):
                tail.pop(0)
            if len(tail) not in (arm_cols, len(cols)) or not re.search(r"[A-Za-z]", ln2[:tail[0].start()]):
                continue
            label = ln2[:tail[0].start()].strip()
            cells = [(t.group().strip(), p2 + t.start(), p2 + t.end()) for t in tail]
            rows.append(_Row(label, cells, p2, p2 + len(ln2)))
        if rows:
            out.append((cols, rows, pos, rows[-1].end, text[max(0, pos - 300):pos]))
    return out


def _only_tokens(s: str) -> bool:
    return _TOKEN.sub("", s).strip() == ""


def _read_rows(rows: list[_Row], cols, context: str | None, defined, marks: dict[str, str]) -> list[TableRecord]:
    recs: list[TableRecord] = []
    current = context
    section_p: tuple[str, float, str, str] | None = None
    section_start = 0
    section_months = False  # a section head in months ("Secondary end points (mo)") gives its medians the unit
    # a P row after a row of arm-level figures, in a section whose ratio does not come: the comparison of those
    # figures ("ORR (%) | 59 | 36", then "... test p value | <0.0001"); (P, indices of the row's records)
    pending: tuple[tuple[str, float, str, str], list[int]] | None = None
    above: list[int] = []  # the records of the row just above

    def flush() -> None:
        nonlocal pending
        if pending is not None and section_p is pending[0]:
            for ix in pending[1]:
                if recs[ix].p_value is None:
                    recs[ix] = _with_p(recs[ix], pending[0][0], pending[0][1], pending[0][2])
        pending = None

    for r in rows:
        label = r.label
        prev, above = above, []
        filled = [c for c in r.cells if c[0] and not _EMPTY.match(c[0])]
        # "Responders (complete or partial response)": the brackets explain the word, they name no endpoint
        own = _row_endpoint(re.sub(r"\([^()]*\)", " ", label) if _RESPONDERS.match(label) else label, defined)
        if not filled:
            # a section head ("Overall survival*", "Primary Survival Analysis", "Secondary end points (mo)")
            flush()
            if own is not None:
                current = own
            section_months = _MONTHS.search(label) is not None
            section_p = None
            section_start = len(recs)
            continue
        if _P_LABEL.match(label) and not _HR.search(label) and not _OR.search(label):
            pm = _P_CELL.match(filled[0][0])
            if pm:
                op = pm.group("op") or "="
                section_p = (op, float(pm.group("v")), pm.group("v"), r.label)
                if _give_p(recs, section_start, section_p):
                    section_p = None
                elif prev and all(recs[ix].arm is not None for ix in prev):
                    pending = (section_p, prev)
            continue
        ratio_only = False
        masked = _masked(label, defined)
        if _RESPONDERS.match(label):  # "Responders (complete or partial response)": the brackets explain the word
            masked = re.sub(r"\([^()]*\)", " ", masked)
        if _NOT_RESULT.search(masked):
            # "Disease-free survival events | 122 (4.7%) | 193 (7.5%) | 0.62 (0.49, 0.78)": the events' counts
            # are not results, the ratio column's figure is
            if _NOT_RESULT.search(re.sub(r"\bevents?\b", " ", masked, flags=re.I)) or \
                    not any(c[0] in ("hr", "or") for c in cols) or own is None:
                continue
            ratio_only = True
        inherited = False
        endpoint = own
        if endpoint is None:
            if current is None or not (_STAT_ONLY.match(label) or _RESPONDERS.match(label) and current in RESPONSE):
                continue
            endpoint, inherited = current, True
        kind = _row_kind(label, endpoint)
        if kind is None and not any(c[0] in ("hr", "or", "mark", "median", "rate", "hr/or", "hr/rr") for c in cols):
            continue  # (a ratio column's head names its statistic: "Death from any cause | 0.87 (0.70-1.08)")
        if own is not None and own != current:
            flush()
            current = own
            section_p = None
            section_start = len(recs)
        level = _level(label)
        unit = "months" if kind == "median" and (_MONTHS.search(label) or section_months) else None
        made: list[TableRecord] = []
        for ci, (ctext, cs, ce) in enumerate(r.cells):
            if ci >= len(cols) or not ctext or _EMPTY.match(ctext):
                continue
            ckind, carm, clevel = cols[ci][:3]
            ctp, chead = (cols[ci][3], cols[ci][4]) if len(cols[ci]) > 3 else (None, "")
            if ckind in ("count", "diff", "rr"):
                continue
            if ckind in ("hr/rr", "hr/or"):  # "HR or RR (95% CI)": a hazard ratio for a time-to-event row
                ckind = "hr" if endpoint in TTE else "or" if ckind == "hr/or" and endpoint in RESPONSE else ""
                if not ckind:
                    continue
            tp = _timepoint(label)
            if ckind == "median" and endpoint in RESPONSE:
                ckind = "arm"  # an arm's column: a response row's figure there is its rate ("109 (58%)")
            if ckind == "p":
                pm = _P_CELL.match(ctext)
                ratio = any(x.kind in ("hr", "odds_ratio") for x in made)
                if pm and made:  # the row's ratio's P; with no ratio in the row, the comparison of its figures
                    made = [_with_p(x, pm.group("op") or "=", float(pm.group("v")), pm.group("v"))
                            if x.kind in ("hr", "odds_ratio") or not ratio else x for x in made]
                continue
            pm = _P_WRITTEN.match(ctext)
            if pm and ckind == "arm" and any(x.kind in ("hr", "odds_ratio") for x in made):
                # a ratio row under the arms' heads: its P after the ratio ("0.77 (0.62, 0.96)", "p = 0.017")
                made = [_with_p(x, pm.group("op") or "=", float(pm.group("v")), pm.group("v"))
                        if x.kind in ("hr", "odds_ratio") and x.p_value is None else x for x in made]
                continue
            k = kind
            lvl = level if level is not None else clevel
            if ckind == "mark":
                mm = _CELL_MARK.search(ctext)
                k = marks.get(mm.group("mark")) if mm else None
                if not k or kind not in (None, k):
                    continue
                lvl = clevel
            if ckind in ("hr", "or"):
                k = "hr" if ckind == "hr" else "odds_ratio"
                lvl = clevel if clevel is not None else level
            if ckind == "median":
                if endpoint not in TTE or kind not in (None, "median"):
                    continue
                k = "median"
            if ckind == "rate":  # a rate column: a response rate, or a landmark rate at the head's time point
                tp = ctp if ctp is not None else tp
                if endpoint in RESPONSE and kind in (None, "rate") and ctp is None:
                    k = "rate"
                elif endpoint in TTE and tp is not None and kind in (None, "landmark_rate"):
                    k = "landmark_rate"
                else:
                    continue
            if k is None or ratio_only and ckind not in ("hr", "or"):
                continue
            cell = parse_cell(ctext, count_ok=(k == "rate"))
            if cell is None:
                continue
            if k in ("hr", "odds_ratio"):
                if ckind == "arm" and ci > 0:
                    continue  # a ratio is the comparison's: the first column's figure
                arm = None
            else:
                arm = carm
                if arm is None:
                    continue
            u = unit if k == "median" else None
            if k == "median" and (_MONTHS.search(chead) or _CELL_MONTHS.search(ctext)):
                u = "months"  # the unit in the column's head, or printed in the cell ("11.14 months")
            if k in ("rate", "landmark_rate"):
                u = "percent" if cell.percent or "%" in label or "%" in chead else None
                if u is None:
                    continue
            cp = cell.p or (None, None, "")
            made.append(TableRecord(endpoint, k, arm, cell, lvl, cp[1], cp[0], cp[2], u, r.start, r.end, _row_text(r),
                                    inherited, tp if k == "landmark_rate" else None))
        if section_p is not None and any(x.kind in ("hr", "odds_ratio") for x in made):
            made = [_with_p(x, section_p[0], section_p[1], section_p[2]) if x.kind in ("hr", "odds_ratio")
                    and x.p_value is None else x for x in made]
            section_p = None
            pending = None
        above = list(range(len(recs), len(recs) + len(made)))
        recs.extend(made)
    flush()
    return recs


def _row_text(r: _Row) -> str:
    return " | ".join([r.label] + [c[0] for c in r.cells])


def _with_p(x: TableRecord, op: str, v: float, text: str) -> TableRecord:
    return TableRecord(x.endpoint, x.kind, x.arm, x.cell, x.ci_level, v, op, text, x.unit, x.start, x.end, x.row,
                       x.inherited, x.timepoint)


def _give_p(recs: list[TableRecord], since: int, p) -> bool:
    """A P row gives its P to the section's ratio before it (else to the next one): whether it found one."""
    for i in range(len(recs) - 1, since - 1, -1):
        if recs[i].kind in ("hr", "odds_ratio"):
            if recs[i].p_value is None:
                recs[i] = _with_p(recs[i], p[0], p[1], p[2])
            return True
    return False


# -- arms as rows ---------------------------------------------------------------------------------------------
# "Regimen [no. of pts] | Median OS | Median PFS | ORR" over "mo (95% CI) | HR (95% CI) | ...", then one row an arm
_SUB_MEDIAN = re.compile(r"^\s*(?:median\s*,?\s*)?(?:months?|mo)\b", re.I)
_SUB_PCT = re.compile(r"^\s*(?:rate\s*,?\s*)?%", re.I)
_SUB_DIFF = re.compile(r"^\s*(?:RD|difference|diff\.?|rate difference|risk difference)\b", re.I)
_ROW_N = re.compile(r"\s*[\[(]\s*(?:n\s*=\s*)?(?P<n>\d{2,5})\s*[\])]\s*$", re.I)
_LEGEND = re.compile(r"(?:^|[\s,;(])(?P<mark>\*{1,3}|\u2020{1,2}|\u2021{1,2})\s*p\s*(?P<op>[<=\u2264])\s*"
                     r"(?P<v>0?\.\d+)", re.I)
_TAIL_MARK = re.compile(r"(?P<mark>\*{1,3}|\u2020{1,2}|\u2021{1,2})\s*$")


def _footnote_letters(text: str) -> set[str]:
    """The letters that start footnote lines under a table ("aAs per RECIST", "b90-min infusion", a numbered list's
    "3. aPrimary endpoint")."""
    return {m.group(1) for m in re.finditer(r"(?m)^\s*(?:\d{1,2}\.\s*)?([a-z])(?=[A-Z0-9])", text)}


def _strip_letters(head: str, letters: set[str]) -> str:
    """A head without the footnote letters stuck to it ("5-FU/LVb,c" -> "5-FU/LV", "ORRa" -> "ORR")."""
    m = re.search(r"(?<=[A-Z0-9)])(?P<l>[a-z](?:,[a-z])*)$", head)
    if m and all(c in letters for c in m.group("l").split(",")):
        return head[:m.start()]
    return head


def _sub_kind(sub: str, endpoint: str | None) -> tuple[str, float | None] | None:
    lvl = _level(sub)
    if _HR.search(sub):
        return "hr", lvl
    if _OR.search(sub):
        return "odds_ratio", lvl
    if _SUB_DIFF.match(sub):
        return "diff", lvl
    if _SUB_MEDIAN.match(sub) and endpoint in TTE:
        return "median", lvl
    if _SUB_PCT.match(sub) and endpoint in RESPONSE:
        return "rate", lvl
    return None


def _arm_row_blocks(text: str, arms, keys, defined) -> list[tuple[int, int, list[TableRecord]]]:
    lines = _lines(text)
    letters = _footnote_letters(text)
    out = []
    for i in range(len(lines) - 3):
        top = [p for p in _split_pipes(*lines[i])]
        groups = [g for g in top[1:] if g[0]]
        if len(groups) < 1 or "|" not in lines[i][0]:
            continue
        heads = [_strip_letters(g[0], letters) for g in groups]
        eps = [_row_endpoint(h, defined) for h in heads]
        if any(e is None for e in eps):
            continue
        k = i + 1
        while k < len(lines) and re.fullmatch(r"[\s|:\-]*", lines[k][0]):
            k += 1
        if k >= len(lines):
            continue
        subs = [p[0] for p in _split_pipes(*lines[k]) if p[0]]
        if not subs or len(subs) % len(eps):
            continue
        span = len(subs) // len(eps)
        cols = []
        for ci, sub in enumerate(subs):
            ep = eps[ci // span]
            sk = _sub_kind(sub, ep)
            if sk is None:
                break
            cols.append((ep, sk[0], sk[1], ci // span, "%" in sub))
        else:
            recs, end, new_arms = _read_arm_rows(lines, k + 1, cols, arms, keys, letters, text)
            if recs:
                if not arms:
                    arms.extend(new_arms)
                    recs = [r for r in recs]
                out.append((lines[i][1], end, recs))
    return out


def _read_arm_rows(lines, k, cols, arms, keys, letters, text):
    from .reader import Arm
    rows: list[tuple[str, list[tuple[str, int, int]], int, int]] = []
    while k < len(lines) and "|" in lines[k][0]:
        parts = _split_pipes(*lines[k])
        rows.append((parts[0][0], parts[1:], lines[k][1], lines[k][1] + len(lines[k][0])))
        k += 1
    if not rows:
        return [], 0, []
    end = rows[-1][3]
    legend = {m.group("mark"): (m.group("op"), float(m.group("v")), m.group("v"))
              for m in _LEGEND.finditer(text[end:end + 3000])}
    # the arms: row labels without footnote letters and sizes
    names: list[str] = []
    sections: list[list[tuple[int, int | None, list, int, int]]] = [[]]
    itt = False
    for label, cells, a, b in rows:
        if not any(c[0] and not _EMPTY.match(c[0]) for c in cells):
            sections.append([])
            itt = bool(re.search(r"\b(?:ITT|intention[- ]to[- ]treat)\b", label, re.I))
            continue
        m = _ROW_N.search(label)
        name = _strip_letters(label[:m.start()] if m else label, letters).strip()
        n = int(m.group("n")) if m and itt else None
        if arms:
            ai = _arm_index(name, arms, keys)
            if ai is None:
                return [], 0, []
        else:
            if name.casefold() not in [x.casefold() for x in names]:
                names.append(name)
            ai = [x.casefold() for x in names].index(name.casefold())
        sections[-1].append((ai, n, cells, a, b))
    new_arms: list = []
    if not arms:
        if not 2 <= len(names) <= 4:
            return [], 0, []
        sizes: dict[int, int] = {}
        for sec in sections:
            for ai, n, *_ in sec:
                if n is not None:
                    sizes.setdefault(ai, n)
        new_arms = [Arm(nm, sizes.get(i), ()) for i, nm in enumerate(names)]
    recs: list[TableRecord] = []
    for sec in sections:
        if len({r[0] for r in sec}) != len(sec):
            return [], 0, []  # an arm twice in one section: not one arm a row
        if len(sec) < 2:
            continue
        mine: list[TableRecord] = []
        diff_p: dict[int, tuple] = {}
        for ai, _, cells, a, b in sec:
            row_text = " | ".join(c[0] for c in cells)
            for ci, (ctext, cs, ce) in enumerate(cells[:len(cols)]):
                if not ctext or _EMPTY.match(ctext):
                    continue
                ep, kind, lvl, g, pct = cols[ci]
                tm = _TAIL_MARK.search(ctext)
                p = legend.get(tm.group("mark")) if tm else None
                if kind == "diff":
                    if p is not None:
                        diff_p[g] = p
                    continue
                cell = parse_cell(ctext)
                if cell is None:
                    continue
                unit = "months" if kind == "median" else "percent" if kind == "rate" else None
                arm = None if kind in ("hr", "odds_ratio") else ai
                mine.append(TableRecord(ep, kind, arm, cell, lvl, p[1] if p and arm is None else None,
                                        p[0] if p and arm is None else None, p[2] if p and arm is None else "",
                                        unit, a, b, row_text, False))
        # a P marked on a difference column (no ratio in its group) goes on the group's rates
        for g, p in diff_p.items():
            ep = next(c[0] for c in cols if c[3] == g)
            if any(c[3] == g and c[1] in ("hr", "odds_ratio") for c in cols):
                continue
            mine = [_with_p(x, p[0], p[1], p[2]) if x.endpoint == ep and x.kind == "rate" and x.p_value is None
                    else x for x in mine]
        recs.extend(mine)
    return recs, end, new_arms


# -- arms as rows, cells separated by single spaces ---------------------------------------------------------------
# "Treatment OSa (months) PFSb (months) ORRc (% of pts)", then " DUR+EP (n = 268) 13.0d 5.1d 79", " EP (n = 269) 10.3d
# 5.4d 70", " HR/OR (95% CI) HR 0.73 (0.59-0.91)e* HR 0.78 (0.65-0.94)f OR 1.64 (1.11-2.44)"
_CELL_MONTHS = re.compile(r"\d\s*(?:months?|mos?)\b", re.I)
_SPACED_HEAD = re.compile(r"(?P<name>[A-Za-z][\w+/-]*)\s*\((?P<unit>[^()]{1,20})\)")
_RATIO_TOKEN = re.compile(rf"(?<!\S)(?P<k>HR|OR)\s+(?P<cell>{_NUM}\s*\(\s*{_NUM}\s*(?:-|to|,)\s*{_NUM}\s*\){_MARK})"
                          r"(?=\s|$)")


def _spaced_head(line: str, letters: set[str], defined) -> list[tuple[str, str]] | None:
    """The columns of a header of endpoints each with its unit in brackets ("OSa (months)", "ORRc (% of pts)"), after
    one label word: [(endpoint, kind)], kind median (a time-to-event endpoint in months) or rate (a response in %)."""
    heads = list(_SPACED_HEAD.finditer(line))
    if len(heads) < 2:
        return None
    first = line[:heads[0].start()].strip()
    if len(first.split()) > 2 or any(line[a.end():b.start()].strip() for a, b in zip(heads, heads[1:])) or \
            line[heads[-1].end():].strip():
        return None
    cols = []
    for h in heads:
        ep = _row_endpoint(_strip_letters(h.group("name"), letters), defined)
        unit = h.group("unit")
        if ep in TTE and _MONTHS.search(unit):
            cols.append((ep, "median"))
        elif ep in RESPONSE and "%" in unit:
            cols.append((ep, "rate"))
        else:
            return None
    return cols


def _spaced_arm_rows(text: str, arms, keys, defined) -> list[tuple[int, int, list[TableRecord]]]:
    """Tables of one arm a row whose cells are separated by single spaces, under a header of endpoints with their
    units: each arm row holds one figure a column, in the columns' order (footnote letters stuck to a figure are
    read past: "13.0d"); a row labelled by a ratio ("HR/OR (95% CI)") holds each column's "HR x (lo-hi)" or "OR x
    (lo-hi)", the hazard ratio of a time-to-event column and the odds ratio of a response column; a line without
    figures starts a new section (a later analysis). A mark after a ratio ("*") takes the P of the legend under the
    table ("*p = 0.0047")."""
    if len(arms) < 2:
        return []
    lines = _lines(text)
    letters = _footnote_letters(text)
    out = []
    i = 0
    while i < len(lines):
        cols = _spaced_head(lines[i][0], letters, defined)
        if cols is None:
            i += 1
            continue
        ncol = len(cols)
        recs: list[tuple[TableRecord, str]] = []  # a record and the mark after its figure
        section: list[tuple[TableRecord, str]] = []
        seen: set[int] = set()
        end = lines[i][1] + len(lines[i][0])
        k = i + 1
        while k < len(lines):
            ln, pos = lines[k]
            if not ln.strip() or len(ln) > 200:
                break
            tail = [t for t in _TOKEN.finditer(ln) if t.start() > 0]
            while tail and not _only_tokens(ln[tail[0].start():]):
                tail.pop(0)
            if re.match(r"^\s*(?:HR|OR)(?:\s*/\s*(?:HR|OR))?\b", ln):
                ratios = list(_RATIO_TOKEN.finditer(ln))
                if len(ratios) != ncol or _RATIO_TOKEN.sub("", ln[ratios[0].start():]).strip():
                    break
                lvl = _level(ln[:ratios[0].start()])
                for (ep, kind), t in zip(cols, ratios):
                    want = "HR" if kind == "median" else "OR"
                    cell = parse_cell(t.group("cell"))
                    if t.group("k") != want or cell is None:
                        continue
                    tm = _TAIL_MARK.search(t.group("cell"))
                    section.append((TableRecord(ep, "hr" if want == "HR" else "odds_ratio", None, cell, lvl, None,
                                                None, "", None, pos, pos + len(ln), ln.strip(), False),
                                    tm.group("mark") if tm else ""))
            elif tail:
                label = ln[:tail[0].start()]
                ai = _arm_index(_ARM_N.sub(" ", label).strip(), arms, keys)
                if len(tail) != ncol or ai is None or ai in seen:
                    break
                seen.add(ai)
                for (ep, kind), t in zip(cols, tail):
                    cell = parse_cell(t.group().strip())
                    if cell is None or cell.lower is not None:
                        continue
                    section.append((TableRecord(ep, kind, ai, cell, None, None, None, "",
                                                "months" if kind == "median" else "percent", pos, pos + len(ln),
                                                ln.strip(), False), ""))
            else:
                # a line without figures: a section's head ("Updated analysis (data cut-off 27 January 2020)")
                if len(seen) >= 2:
                    recs.extend(section)
                section, seen = [], set()
                k += 1
                continue
            end = pos + len(ln)
            k += 1
        if len(seen) >= 2:
            recs.extend(section)
        if recs:
            legend = {m.group("mark"): (m.group("op"), float(m.group("v")), m.group("v"))
                      for m in _LEGEND.finditer(text[end:end + 3000])}
            out.append((lines[i][1], end, [_with_p(x, *legend[mk]) if mk in legend else x for x, mk in recs]))
        i = max(k, i + 1)
    return out
