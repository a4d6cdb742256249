"""The words of trial reports: endpoint names, arm vocabulary, and the phrases that are not results."""

from __future__ import annotations

import re

__all__ = ["ENDPOINTS", "ENDPOINT_RE", "TTE", "RESPONSE", "endpoint_of"]

#: canonical endpoint -> patterns (longest and most specific first when compiled)
ENDPOINTS: dict[str, tuple[str, ...]] = {
    "PFS2": (r"PFS\s*2", r"PFS-2", r"progression-free-survival-2", r"progression[- ]free survival 2",
             r"PFS on (?:the )?next[- ]line (?:therapy|treatment)",
             r"progression-free survival on (?:the )?next[- ]line (?:therapy|treatment)",
             r"progression on (?:the )?next[- ]line (?:therapy|treatment)"),
    "rPFS": (r"rPFS", r"radiographic progression[- ]free survival", r"radiographic progression free survival"),
    "sustained MRD": (r"sustained MRD[- ]negativ\w*", r"sustained (?:minimal|measurable) residual disease"),
    "MRD": (r"MRD[- ]negative (?:CR|complete response)(?: rates?)?", r"MRD[- ]negativ\w*", r"MRD negativity", r"(?:minimal|measurable) residual disease(?: \(MRD\))?"
            r"(?:[- ]negativ\w*)?", r"\bMRD\b"),
    "TTSW": (r"time to (?:symptom worsening|worsening of symptoms)",),
    "TFS": (r"treatment[- ]free survival", r"\bTFS\b"),
    "CFS": (r"chemotherapy[- ]free survival", r"\bCFS\b"),
    "MFS": (r"metastasis[- ]free survival", r"\bMFS\b"),
    "EFS": (r"event[- ]free survival", r"\bEFS\b"),
    "DFS": (r"disease[- ]free survival", r"\bDFS\b", r"alive and disease[- ]free"),
    "RFS": (r"recurrence[- ]free survival", r"relapse[- ]free survival", r"\bRFS\b"),
    "TTD": (r"time to (?:definitive )?deterioration", r"\bTTD\b", r"\bTDD\b"),
    "DOR": (r"duration of (?:the )?response", r"\bDoR\b", r"\bDOR\b"),
    "PFS": (r"progression[- ]free survival", r"progression free survival", r"\bm?PFS\b",
            r"freedom from disease progression", r"progression[- ]free at", r"progression[- ]free",
            r"(?:disease )?progression or death"),
    "OS": (r"overall survival", r"\bm?OS\b", r"survival rate", r"\bsurvival at\b", r"\balive\b",
           r"risk of death", r"hazard ratio for death"),
    "pCR": (r"pathologic(?:al)? complete response", r"\bpCR\b"),
    "VGPR": (r"very good partial response(?: or better)?", r"\bVGPR\b"),
    "ORR": (r"overall response rates?", r"objective response rates?", r"\bORRs?\b", r"any (?:treatment )?response",
            r"overall response", r"objective response", r"\bresponse rates?\b", r"responded"),
    "CR": (r"stringent complete response", r"complete response(?: or better)?", r"complete responses?",
           r"\u2265\s*CR", r"\bCR\b"),
    "DCR": (r"disease control rate", r"\bDCR\b", r"disease control"),
}

TTE = {"PFS2", "rPFS", "TTSW", "TFS", "CFS", "MFS", "EFS", "DFS", "RFS", "TTD", "DOR", "PFS", "OS"}
RESPONSE = {"sustained MRD", "MRD", "pCR", "VGPR", "ORR", "CR", "DCR"}

_ALTS: list[tuple[str, str]] = []
for _name, _pats in ENDPOINTS.items():
    for _p in _pats:
        _ALTS.append((_name, _p))
# one alternation per endpoint; the order above puts the specific names first
# every name starts a word: testing the alternatives only at word starts is several times faster
ENDPOINT_RE = re.compile(r"(?=[A-Za-z\u2265])(?<![A-Za-z])(?:" + "|".join(f"(?P<e{i}>{p})" for i, (_, p) in
                                                                    enumerate(_ALTS)) + ")", re.I)
_CASE_SENSITIVE = re.compile(r"^(?:OS|mOS|PFS|mPFS|CR|DOR|DoR|EFS|DFS|RFS|TFS|CFS|MFS|TTD|TDD|DCR|ORR|ORRs|MRD|"
                             r"VGPR|pCR|rPFS)$")


def endpoint_of(m: re.Match) -> str | None:
    """The canonical endpoint of an ENDPOINT_RE match (None for an acronym in the wrong case, e.g. 'os')."""
    idx = int(m.lastgroup[1:])  # type: ignore[index]
    name, _ = _ALTS[idx]
    word = m.group()
    if _CASE_SENSITIVE.match(word.upper()) and re.fullmatch(r"[A-Za-z]+", word) and word.lower() == word:
        return None
    if name == "OS" and word not in ("OS", "mOS") and word.upper() in ("OS", "MOS"):
        return None
    return name


def endpoints_in(text: str) -> list[tuple[int, int, str]]:
    """Every endpoint mention in ``text``: (start, end, canonical name)."""
    out: list[tuple[int, int, str]] = []
    for m in ENDPOINT_RE.finditer(text):
        name = endpoint_of(m)
        if name is None:
            continue
        # "radiographic progression-free survival (PFS)": an acronym in brackets restates the name before it
        if out and re.fullmatch(r"\s*[(\[]\s*", text[out[-1][1]:m.start()]) and re.fullmatch(r"[A-Za-z0-9-]+",
                                                                                            m.group()):
            continue
        out.append((m.start(), m.end(), name))
    return out
