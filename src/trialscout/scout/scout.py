"""The scout of one report, of several, and the rows of the evidence table across them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .._validate import InputError
from ._text import decode_report, read_report
from .checks import Check, check_records
from .reader import DEFAULT_MIN_CONFIDENCE, Arm, Record, extract

__all__ = ["ScoutResult", "scout_text", "scout_texts", "scout_file", "scout_paths", "evidence_rows",
           "EVIDENCE_COLUMNS"]

REPORT_SUFFIXES = (".txt", ".text", ".htm", ".html", ".xhtml", ".pdf", ".md")


@dataclass(frozen=True, slots=True)
class ScoutResult:
    """What a report states: trial name, arms, one record per reported number, and the consistency checks."""

    trial: str | None
    arms: tuple[Arm, ...]
    records: tuple[Record, ...]
    checks: tuple[Check, ...]
    path: str | None = None
    text: str = field(default="", repr=False, compare=False)
    withheld: tuple[Record, ...] = field(default=(), repr=False, compare=False)

    def to_json(self, *, confidence: bool = False) -> dict:
        """The JSON contract: {"trial", "arms", "endpoints", "checks"}; ``confidence`` adds each record's
        ``confidence`` and ``basis`` (how it was read) to its object."""
        eps = [r.to_json() for r in self.records]
        if confidence:
            for e, r in zip(eps, self.records):
                e["confidence"] = r.confidence
                e["basis"] = list(r.basis)
        return {"trial": self.trial, "arms": [a.to_json() for a in self.arms],
                "endpoints": eps, "checks": [c.to_json() for c in self.checks]}

    @property
    def alarms(self) -> tuple[Check, ...]:
        """The checks of severity error or warning."""
        return tuple(c for c in self.checks if c.severity in ("error", "warning"))


def scout_text(text: str, *, path: str | None = None,
               min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> ScoutResult:
    """Read every result a report's text states and check them for consistency.

    Parameters
    ----------
    text : str
        The report (plain text; strip HTML first or use :func:`scout_file`).
    path : str, optional
        Where the text came from (kept in the result).
    min_confidence : float
        Records read with a lower confidence (see docs/scout.md, "Confidence") are kept out of ``records`` and
        the checks, in ``withheld``; 0 keeps every record.

    Returns
    -------
    ScoutResult

    Examples
    --------
    >>> r = scout_text("Median PFS was 11.8 months (95% CI, 9.7-14.0) with SOC and NR with cilta-cel "
    ...                "(HR, 0.29; 95% CI, 0.22-0.39).")
    >>> [(e.kind, e.value) for e in r.records][-1]
    ('hr', 0.29)
    """
    if not isinstance(text, str):
        raise TypeError(f"`text` must be a str; got {type(text).__name__}")
    if not text.strip():
        raise InputError(f"{path or '`text`'}: the report is empty")
    if isinstance(min_confidence, bool) or not isinstance(min_confidence, (int, float)) or \
            not 0 <= min_confidence <= 1:
        raise InputError(f"`min_confidence` must be a number from 0 to 1; got {min_confidence!r}")
    x = extract(text)
    kept = tuple(r for r in x.records if r.confidence >= min_confidence)
    withheld = tuple(r for r in x.records if r.confidence < min_confidence)
    checks = check_records(kept, x.arms)
    return ScoutResult(x.trial, x.arms, kept, tuple(checks), path, text, withheld)


def scout_file(path: str | Path, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> ScoutResult:
    """:func:`scout_text` on a file: plain text, HTML (tags and entities stripped) or a PDF's text layer."""
    return scout_text(read_report(path), path=str(path), min_confidence=min_confidence)


def scout_bytes(data: bytes, name: str = "<stdin>", *, min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> ScoutResult:
    return scout_text(decode_report(data, name), path=name, min_confidence=min_confidence)


def _check_workers(workers) -> int:
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise InputError(f"`workers` must be a whole number of processes, 1 or more; got {workers!r}")
    return workers


def _in_processes(fn, items: list, workers: int) -> list:
    """``fn`` over ``items``, in order: in this process, or spread over ``workers`` processes when there are
    enough items to pay for starting them (a few per process)."""
    if workers == 1 or len(items) < 4 * workers:
        return [fn(x) for x in items]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(fn, items, chunksize=max(1, len(items) // (8 * workers))))


def scout_texts(texts: list[str], *, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
                workers: int = 1) -> list[ScoutResult]:
    """Scout many reports' texts, in order; ``workers`` > 1 reads them in that many processes (one a core)."""
    return _in_processes(partial(scout_text, min_confidence=min_confidence), list(texts), _check_workers(workers))


def scout_paths(paths: list[str] | list[Path], *,
                min_confidence: float = DEFAULT_MIN_CONFIDENCE, workers: int = 1) -> list[ScoutResult]:
    """Scout files and folders (a folder: every report file in it, sorted by name); ``workers`` > 1 reads them in
    that many processes."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(q for q in p.iterdir() if q.is_file() and q.suffix.lower() in REPORT_SUFFIXES)
            if not found:
                raise InputError(f"{p}: the folder holds no report files ({', '.join(REPORT_SUFFIXES)})")
            files.extend(found)
        else:
            files.append(p)
    if not files:
        raise InputError("no report files given")
    return _in_processes(partial(scout_file, min_confidence=min_confidence), files, _check_workers(workers))


EVIDENCE_COLUMNS = ("file", "trial", "endpoint", "kind", "arm", "arm_n", "value", "ci_lower", "ci_upper", "ci_level",
                    "p_operator", "p_value", "timepoint_months", "unit", "start", "end", "sentence", "checks")


def evidence_rows(results: list[ScoutResult]) -> list[dict]:
    """One row per result across reports (columns :data:`EVIDENCE_COLUMNS`)."""
    rows = []
    for res in results:
        sizes = {a.label: a.n for a in res.arms}
        flagged: dict[int, list[str]] = {}
        for c in res.checks:
            for i in c.records:
                flagged.setdefault(i, []).append(f"{c.severity}:{c.kind}")
        for i, r in enumerate(res.records):
            rows.append({
                "file": res.path or "", "trial": res.trial or "", "endpoint": r.endpoint, "kind": r.kind,
                "arm": r.arm or "", "arm_n": sizes.get(r.arm or "", None) if r.arm else None, "value": r.value,
                "ci_lower": r.ci_lower, "ci_upper": r.ci_upper, "ci_level": r.ci_level, "p_operator": r.p_operator,
                "p_value": r.p_value, "timepoint_months": r.timepoint_months, "unit": r.unit, "start": r.source.start,
                "end": r.source.end, "sentence": " ".join(r.source.sentence.split()),
                "checks": ";".join(flagged.get(i, [])),
            })
    return rows
