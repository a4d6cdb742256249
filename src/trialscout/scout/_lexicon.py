"""The words of trial reports: endpoint names, arm vocabulary, and the phrases that are not results."""

from __future__ import annotations

import re as _std_re
import re._constants as _C  # the parsed form of a pattern, to tell which letters each name can start with
import re._parser as _P
from functools import lru_cache

from . import _re as re

__all__ = ["ENDPOINTS", "ENDPOINT_RE", "TTE", "RESPONSE", "endpoint_of", "endpoints_in", "defined_acronyms",
           "progression_endpoint", "recurrence_endpoint", "relabel_recurrence"]

# death joined to a non-fatal event is a composite outcome, not OS: "all-cause death or hospitalization for CV
# cause", "death from any cause/heart-failure hospitalization", "all-cause mortality plus readmission"
_NOT_COMPOSITE = (r"(?!\s*(?:or|and|/|plus|\+)\s*(?:[\w-]+\s+){0,3}?(?:hospitali[sz]\w*|readmission\w*|"
                  r"re-?hospitali[sz]\w*|myocardial infarction|stroke|MI\b|transplant\w*|dialysis|"
                  r"(?:urgent|emergency) (?:visit|care)))")
#: canonical endpoint -> patterns (longest and most specific first when compiled)
ENDPOINTS: dict[str, tuple[str, ...]] = {
    "PFS2": (r"PFS\s*2", r"PFS-2", r"progression-free-survival-2", r"progression[- ]free survival 2",
             r"(?:time to )?second[- ]progression[- ]free survival", r"time to second (?:disease )?progression",
             r"PFS on (?:the )?next[- ]line (?:therapy|treatment)",
             r"progression-free survival on (?:the )?next[- ]line (?:therapy|treatment)",
             r"progression on (?:the )?next[- ]line (?:therapy|treatment)"),
    # "radiological" is the British spelling of "radiographic" in the same phrases
    "rPFS": (r"rPFS", r"radiograph(?:ic|ical) progression[- ]free survival", r"radiolog(?:ic|ical) progression[- ]free survival",
             r"radiographic progression free survival",
             r"imaging[- ]based progression[- ]free survival", r"imaging[- ]based PFS",
             r"radiograph(?:ic|ical) progression or death", r"radiolog(?:ic|ical) progression or death"),
    "mPFS": (r"modified progression[- ]free survival", r"modified PFS"),
    # "sustained MRD-negative status with a complete response (CR) or better": the MRD endpoint, not the CR
    "sustained MRD": (r"sustained MRD[- ]negative(?: status)? (?:with|and) (?:an? )?(?:CR|complete response)"
                      r"(?: \(CR\))?(?: or better)?", r"sustained MRD[- ]negativ\w*", r"sustained (?:minimal|measurable) residual disease"),
    "MRD": (r"MRD[- ]negative(?: status)? (?:with|and) (?:an? )?(?:CR|complete response)(?: \(CR\))?(?: or better)?",
            r"MRD[- ]negative (?:CR|complete response)(?: rates?)?", r"MRD (?:CR|complete response)(?: rates?)?", r"MRD[- ]negativ\w*", r"MRD negativity", r"(?:minimal|measurable) residual disease(?: \(MRD\))?"
            r"(?:[- ]negativ\w*)?", r"\bMRD\b"),
    "TTSW": (r"time to (?:symptom worsening|worsening of symptoms)",),
    "TFS": (r"treatment[- ]free survival", r"\bTFS\b"),
    "CFS": (r"chemotherapy[- ]free survival", r"\bCFS\b"),
    "MFS": (r"metastasis[- ]free survival", r"\bMFS\b", r"metastasis[- ]free(?= (?:rates?|at)\b)"),
    "EFS": (r"event[- ]free survival", r"\bEFS\b"),
    "IDFS": (r"invasive disease[- ]free survival", r"\bIDFS\b", r"\biDFS\b",
             r"alive and free of invasive (?:disease|breast cancer)",
             r"(?:risk of )?invasive (?:disease|breast cancer) (?:recurrence|relapse) or death"),
    "DDFS": (r"distant disease[- ]free survival", r"\bDDFS\b"),
    "DRFS": (r"distant (?:recurrence|relapse)[- ]free survival", r"\bDRFS\b"),
    "DFS": (r"disease[- ]free survival", r"\bDFS\b", r"disease[- ]free(?= (?:rates?|at)\b)", r"alive and disease[- ]free",
            r"alive and free of (?:disease|recurrence)",
            # the composite of recurrence and death is the report's recurrence endpoint, never OS ("risk of death")
            r"(?:risk of )?death or (?:disease )?(?:recurrence|relapse)", r"(?:disease )?(?:recurrence|relapse) or death"),
    # (not a local or biochemical recurrence: "locoregional relapse-free survival (LRRFS)" is the report's own)
    "RFS": (r"(?<!local )(?<!locoregional )(?<!loco-regional )(?<!biochemical )(?:recurrence|relapse)[- ]free "
            r"survival", r"\bRFS\b",
            r"(?<!local )(?<!locoregional )(?<!loco-regional )(?<!biochemical )(?:recurrence|relapse)[- ]free"
            r"(?= (?:rates?|at|and (?:overall|event[- ]free) survival)\b)"),
    "TTD": (r"time to (?:definitive )?deterioration", r"\bTTD\b", r"\bTDD\b"),
    # "time to next therapy", "time-to-next-treatment", "time to next anti-myeloma treatment"
    "TTNT": (r"time[- ]to[- ]next[- ](?:anti-?(?:cancer|myeloma|lymphoma|leuka?emia|tumou?r) )?(?:line of )?"
             r"(?:therapy|treatment)", r"\bTTNT\b"),
    "DOR": (r"duration of (?:the )?(?:(?:objective|overall|tumou?r) )?response", r"\bm?DoR\b", r"\bm?DOR\b",
            # a response still going on at a time point is the duration of response's landmark ("72.8% continued to
            # have a response at 18 months", "the probability of having a response at 2 years"), not a response rate
            r"(?:continued|continuing) to (?:have|be in|maintain) (?:an? )?(?:(?:objective|tumou?r) )?response",
            r"probability of (?:having|maintaining|remaining in) (?:an? )?(?:(?:objective|tumou?r) )?response",
            r"(?:ongoing|maintained) (?:(?:objective|tumou?r) )?responses?(?= (?:at|beyond)\b)",
            r"(?:still|remained|remaining) in response"),
    "PFS": (r"progression[- ]free survival", r"progression free survival", r"\bm?PFS\b",
            r"freedom from disease progression", r"progression[- ]free at", r"progression[- ]free",
            r"(?:disease )?progression or death", r"alive without (?:disease )?progression(?: or (?:recurrence|relapse))?",
            # "were alive and had not progressed", "had not experienced disease progression": a landmark rate of
            # patients free of progression
            r"alive and (?:had )?not (?:yet )?progressed",
            r"alive and (?:had )?not (?:yet )?(?:experienced|had) (?:disease |cancer )?progression",
            r"(?:had|have|has) not (?:yet )?(?:experienced|had) (?:disease |cancer )?progression",
            # "46.2% ... showed no signs of disease progression": the same share, free of progression
            r"(?:showed|had|have|has) no (?:signs? of |evidence of )?(?:disease |cancer )?progression",
            r"alive and progression[- ]free"),
    "OS": (r"overall survival", r"\bm?OS\b", r"(?<!free )(?<!specific )survival rate",
           r"(?<!free )(?<!specific )\bsurvival at\b", r"(?<!free )(?<!specific )\bsurvival estimates?\b", r"\balive\b",
           r"risk of death", r"hazard ratio for death", r"(?<=[Mm]edian )survival\b(?![- ](?:follow|time\b))",
           # "the 3-year survival was 45%", "5-year survival of 18.4% vs 9.7%": survival at a landmark
           r"(?:(?<=-year )|(?<=-month )|(?<=\d year )|(?<=\d years )|(?<=\d months ))survival\b(?![- ](?:follow|time\b))",
           # "no survival benefit (HR 0.74)", "a survival advantage": survival itself, not a free-of-event survival
           r"(?<![a-z]-)(?<!free )(?<!specific )\bsurvival(?= (?:benefit|advantage|improvement)\b)", r"all[- ]cause (?:mortality|death)" + _NOT_COMPOSITE,
           r"deaths? (?:from|of|due to) (?:any cause|all causes)" + _NOT_COMPOSITE, r"(?<![a-z] )(?<![a-z]-)mortality\b(?!\s+rates?\s+from)"),
    "pCR": (r"pathologic(?:al)? complete response", r"\bpCR\b", r"\b[Pp]athologic(?:al)? CR\b"),
    "VGPR": (r"very good partial response(?: or better)?", r"\bVGPR\b"),
    "ORR": (r"overall response rates?", r"objective response rates?", r"\bORRs?\b", r"any (?:treatment )?response",
            r"overall response", r"objective response",
            # not a pathological, molecular or cytogenetic response ("major pathologic response rates were 30%")
            r"(?<!pathologic )(?<!pathological )(?<!molecular )(?<!cytogenetic )(?<!histologic )\bresponse rates?\b",
            r"responded"),
    "CR": (r"stringent complete response", r"complete response(?: or better)?", r"complete responses?",
           # (in leukaemia trials) "complete remission", not a composite of it with an incomplete or partial
           # recovery: "complete remission with incomplete ... recovery" (CRi), "complete remission with at least
           # partial haematological recovery" and "complete remission and full or partial ... recovery" (CR/CRh),
           # "complete remission or complete remission with partial ... recovery"
           r"(?<!composite )complete remission(?!\s+(?:with|and)\s+(?:[\w-]+\s+){0,3}?(?:incomplete|partial)\b)"
           r"(?!\s+or\s+(?:complete remission|CR)\s+with\b)",
           r"\u2265\s*CR", r"\bCR\b"),
    "DCR": (r"disease control rate", r"\bDCR\b", r"disease control"),
}

TTE = {"PFS2", "rPFS", "mPFS", "TTSW", "TFS", "CFS", "MFS", "EFS", "IDFS", "DDFS", "DRFS", "DFS", "RFS", "TTD", "TTNT", "DOR",
       "PFS", "OS"}
RESPONSE = {"sustained MRD", "MRD", "pCR", "VGPR", "ORR", "CR", "DCR"}

_ALTS: list[tuple[str, str]] = []
for _name, _pats in ENDPOINTS.items():
    for _p in _pats:
        _ALTS.append((_name, _p))


def _first_chars(seq) -> tuple[set[str] | None, bool]:
    """The characters a parsed pattern (``re._parser`` items) can start a match with, and whether it can match
    the empty string; None for "any character" (an analysis that gives up is never wrong, only slower)."""
    acc: set[str] = set()
    for op, av in seq:
        if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):  # zero-width: "\b", look-arounds
            continue
        if op is _C.LITERAL:
            acc.add(chr(av))
            return acc, False
        if op is _C.IN:
            for o, v in av:
                if o is _C.LITERAL:
                    acc.add(chr(v))
                elif o is _C.RANGE:
                    acc.update(map(chr, range(v[0], v[1] + 1)))
                else:
                    return None, False
            return acc, False
        if op is _C.SUBPATTERN:
            sub, empty = _first_chars(av[3])
        elif op is _C.BRANCH:
            sub, empty = set(), False
            for branch in av[1]:
                f, e = _first_chars(branch)
                if f is None:
                    return None, False
                sub |= f
                empty = empty or e
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
            sub, empty = _first_chars(av[2])
            empty = empty or av[0] == 0
        else:
            return None, False
        if sub is None:
            return None, False
        acc |= sub
        if not empty:
            return acc, False
    return acc, True


def _dispatched(alts: list[tuple[str, str]]) -> tuple[str, dict[str, int]]:
    """One alternation of ``alts`` (each in a named group), grouped by the (case-folded) character the alternatives
    can start with: "(?=p)(?:<the alternatives starting with p, in their order>)|(?=o)(...)|...".

    At a word start the regex engine then tries only the alternatives that can match there, in the order of
    ``alts``; since an alternative that cannot start with the word's first letter cannot match there, the first
    one that matches is the one the plain alternation would pick, and the matches are the same (measured: the
    corpus's 3,800 endpoint scans 7x faster). Returns the pattern and its group names' alternative indexes; an
    alternative whose first characters cannot be told is tried at every word start.
    """
    by_char: dict[str, list[int]] = {}
    anywhere: list[int] = []
    for i, (_, p) in enumerate(alts):
        first, empty = _first_chars(_P.parse(p, _std_re.I))
        if first is None or empty:
            anywhere.append(i)
            continue
        for c in sorted({c.lower() for c in first}):
            by_char.setdefault(c, []).append(i)
    for idxs in by_char.values():
        idxs[:] = sorted(idxs + anywhere)
    groups: dict[str, int] = {}
    parts = []
    for c, idxs in sorted(by_char.items()) + ([("", anywhere)] if anywhere else []):
        named = []
        for i in idxs:
            name = f"e{i}_{len(groups)}"
            groups[name] = i
            named.append(f"(?P<{name}>{alts[i][1]})")
        parts.append((f"(?={re.escape(c)})" if c else "") + "(?:" + "|".join(named) + ")")
    return "(?:" + "|".join(parts) + ")", groups


# one alternation per endpoint; the order above puts the specific names first
# every name starts a word: testing the alternatives only at word starts is several times faster, and only those
# that can start with the word's first letter several times faster again
_ALTERNATION, _GROUP_ALT = _dispatched(_ALTS)
ENDPOINT_RE = re.compile(r"(?=[A-Za-z\u2265])(?<![A-Za-z])" + _ALTERNATION, re.I)
_CASE_SENSITIVE = re.compile(r"^(?:OS|mOS|PFS|mPFS|CR|DOR|DoR|MDOR|EFS|IDFS|DDFS|DRFS|DFS|RFS|TFS|CFS|MFS|TTD|TDD|TTNT|DCR|ORR|ORRs|MRD|"
                             r"VGPR|pCR|rPFS)$")


def endpoint_of(m: re.Match) -> str | None:
    """The canonical endpoint of an ENDPOINT_RE match (None for an acronym in the wrong case, e.g. 'os')."""
    name, _ = _ALTS[_GROUP_ALT[m.lastgroup]]  # type: ignore[index]
    word = m.group()
    if _CASE_SENSITIVE.match(word.upper()) and re.fullmatch(r"[A-Za-z]+", word) and word.lower() == word:
        return None
    if name == "OS" and word not in ("OS", "mOS") and word.upper() in ("OS", "MOS"):
        return None
    return name


_DEFINED = re.compile(r"(?P<long>(?:[a-z][a-z-]+\s+){0,4}(?:rate|survival|response|remission)|"
                      r"\b(?i:time[\s-]+(?:to|until)[\s-]+(?:[a-z][a-z]+[\s-]+){0,4}[a-z][a-z]+))\s*\(\s*"
                      r"(?P<acr>[A-Za-z][A-Za-z0-9]{1,6})\s*[);,]")


# response categories that are not endpoints of their own: partial response, stable and progressive disease
_RESPONSE_CATEGORIES = frozenset({"PR", "SD", "PD", "MR", "NR", "NE", "UCR", "NCR"})


# the word a category's own name starts with: "minor response (MR)" is the category, "molecular remission (MR)" an
# endpoint of the report's own
_CATEGORY_WORD = {"PR": "partial", "SD": "stable", "PD": "progressive", "MR": "minor"}


def _names_category(acr: str, long: str) -> bool:
    if acr.upper() not in _RESPONSE_CATEGORIES:
        return False
    word = _CATEGORY_WORD.get(acr.upper())
    return word is None or word in long.lower() or not re.search(r"\bremission\b", long, re.I)


_UNIT_WORD = re.compile(r"(?i:months?|mos?|years?|yrs?|weeks?|wks?|days?|percent|pct)")


def defined_acronyms(text: str) -> dict[str, tuple[str, bool]]:
    """Acronyms a report defines: "modified progression-free survival (mPFS)" -> mPFS is its own endpoint;
    "clinical benefit rate (CBR)" -> CBR, a response-type rate. Values: (endpoint name, time-to-event?)."""
    out: dict[str, tuple[str, bool]] = {}
    for m in _DEFINED.finditer(text):
        acr, long = m.group("acr"), m.group("long")
        # "Progression-free survival (Months)": a unit in brackets, not an acronym
        if not any(c.isupper() for c in acr) or _UNIT_WORD.fullmatch(acr):
            continue
        known = [e for e in endpoints_in(long) if e[1] == len(long)]
        if re.search(r"\bmodified\b", long, re.I):
            out[acr] = ("mPFS" if "progression" in long.lower() else acr, True)
        elif not known and acr not in ENDPOINTS and acr.upper() not in ("HR", "CI", "OR") and \
                not _names_category(acr, long):
            # "time to next treatment (TTNT)", "time until definitive deterioration (TUDD)": the report's own
            # time-to-event endpoint, named by its own acronym (whose first letter is the long form's)
            timed = re.match(r"time\b", long, re.I) is not None
            if timed and acr[0].upper() != "T":
                continue
            out[acr] = (acr, long.lower().endswith("survival") or timed)
    return out


@lru_cache(maxsize=128)
def _defined_patterns(items: tuple) -> list[tuple[re.Pattern, str]]:
    out = []
    for acr, (name, _) in items:
        out.append((re.compile(rf"(?<![\w-]){re.escape(acr)}(?![\w-])"), name))
        if name == "mPFS":
            out.append((re.compile(r"\bmodified\s+(?:progression[- ]free survival|PFS)\b", re.I), name))
    return out


def endpoints_in(text: str, defined: dict[str, tuple[str, bool]] | None = None) -> list[tuple[int, int, str]]:
    """Every endpoint mention in ``text``: (start, end, canonical name); ``defined`` adds the report's own
    acronyms (see :func:`defined_acronyms`), which take precedence."""
    return list(_endpoints_in(text, tuple(sorted((defined or {}).items()))))


@lru_cache(maxsize=1024)
def _endpoints_in(text: str, items: tuple) -> tuple[tuple[int, int, str], ...]:
    # (the readers ask again for the same sentence or clause: about one call in ten)
    out: list[tuple[int, int, str]] = []
    extra: list[tuple[int, int, str]] = []
    for rx, name in _defined_patterns(items):
        for m in rx.finditer(text):
            extra.append((m.start(), m.end(), name))
    for m in ENDPOINT_RE.finditer(text):
        if any(e[0] < m.end() and m.start() < e[1] for e in extra):
            continue
        found = endpoint_of(m)
        if found is None:
            continue
        # "radiographic progression-free survival (PFS)": an acronym in brackets restates the name before it
        if out and re.fullmatch(r"\s*[(\[]\s*", text[out[-1][1]:m.start()]) and re.fullmatch(r"[A-Za-z0-9-]+",
                                                                                            m.group()):
            continue
        out.append((m.start(), m.end(), found))
    return tuple(sorted(out + extra))


# words that describe progression-type events without naming an endpoint ("the risk of progression or death")
_DESCRIPTIVE_PROGRESSION = re.compile(r"(?:disease\s+)?progression or death|alive without (?:disease )?progression"
                                      r"(?: or (?:recurrence|relapse))?|progression[- ]free(?: at)?|"
                                      r"alive and (?:had )?not (?:yet )?progressed|"
                                      r"(?:had|have|has) not (?:yet )?(?:experienced|had) "
                                      r"(?:disease |cancer )?progression|"
                                      r"(?:showed|had|have|has) no (?:signs? of |evidence of )?(?:disease |cancer )?"
                                      r"progression|"
                                      r"freedom from disease progression", re.I)
_PROGRESSION_FAMILY = ("EFS", "IDFS", "DFS", "RFS", "rPFS", "mPFS", "MFS")
# a cheap test that the text may name one of them (most reports do not)
_FAMILY_HINT = re.compile(r"EFS|DFS|RFS|rPFS|mPFS|MFS|(?:event|disease|recurrence|relapse|metastasis)[- ]free|"
                          r"radiographic|radiologic|modified|alive and free", re.I)


def progression_endpoint(text: str, defined: dict[str, tuple[str, bool]] | None = None) -> str | None:
    """The endpoint that words such as "progression or death" stand for in this report, when it is not PFS.

    A report that never names PFS but names exactly one other progression-type endpoint (event-free survival
    in a neoadjuvant trial, radiographic PFS, modified PFS ...) uses the descriptive words for that endpoint;
    otherwise (None) they mean PFS.
    """
    if not _FAMILY_HINT.search(text) and not any(name in _PROGRESSION_FAMILY for name, _ in (defined or {}).values()):
        return None
    explicit: set[str] = set()
    for a, b, name in endpoints_in(text, defined):
        if name == "PFS" and _DESCRIPTIVE_PROGRESSION.fullmatch(text[a:b]):
            continue
        explicit.add(name)
    if "PFS" in explicit:
        return None
    family = [e for e in _PROGRESSION_FAMILY if e in explicit]
    return family[0] if len(family) == 1 else None


def relabel_progression(text: str, eps: list[tuple[int, int, str]], target: str | None) -> list[tuple[int, int, str]]:
    """``eps`` (from :func:`endpoints_in` on ``text``) with descriptive progression words renamed ``target``."""
    if target is None:
        return eps
    return [(a, b, target if name == "PFS" and _DESCRIPTIVE_PROGRESSION.fullmatch(text[a:b]) else name)
            for a, b, name in eps]


_DESCRIPTIVE_RECURRENCE = re.compile(r"(?:risk of )?death or (?:disease )?(?:recurrence|relapse)|"
                                     r"(?:disease )?(?:recurrence|relapse) or death", re.I)
_RECURRENCE_FAMILY = ("DFS", "RFS", "EFS")


def recurrence_endpoint(text: str, defined: dict[str, tuple[str, bool]] | None = None) -> str | None:
    """The endpoint that words such as "recurrence or death" stand for in this report, when it is not DFS: the one
    other recurrence-type endpoint (relapse-free or event-free survival) a report names that never names DFS."""
    explicit = {name for a, b, name in endpoints_in(text, defined)
                if not (name == "DFS" and _DESCRIPTIVE_RECURRENCE.fullmatch(text[a:b]))}
    family = [e for e in _RECURRENCE_FAMILY if e in explicit]
    return family[0] if len(family) == 1 and family[0] != "DFS" else None


def relabel_recurrence(text: str, eps: list[tuple[int, int, str]], target: str | None) -> list[tuple[int, int, str]]:
    """``eps`` with descriptive recurrence words renamed ``target`` (see :func:`recurrence_endpoint`)."""
    if target is None:
        return eps
    return [(a, b, target if name == "DFS" and _DESCRIPTIVE_RECURRENCE.fullmatch(text[a:b]) else name)
            for a, b, name in eps]
