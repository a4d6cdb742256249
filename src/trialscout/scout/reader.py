"""Every result a trial report states, read from its text by rules.

The reader works sentence by sentence on the normalized text (see :mod:`._text`):

1. phrases that look like results but are not are masked first — doses ("0.75 x 106"), MRD thresholds
   ("10-5"), follow-up durations, IQRs and ranges, counts of patients, relative reductions ("58% lower risk"),
   thresholds ("TPS >= 50%"), differences;
2. P values and time points ("30-month", "at 3 years") are read and masked;
3. the remaining numbers are read with their confidence intervals, in every printed form ("a-b", "a to b",
   "a, b" after a CI label, "[CI: a-b]", "HR[95%CI]: x[a-b]");
4. each number is classified (hazard ratio, odds ratio, median, landmark rate, rate) by the words around it,
   given its endpoint (the nearest endpoint name in its clause, or the previous sentence's for a continued list)
   and its arm (a mention next to it, "respectively" / "in each arm" lists, or the arms' order).

A number is reported only when its kind and endpoint are both stated: the rules prefer a missed number to an
invented one.
"""

from __future__ import annotations

from . import _re as re
from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from dataclasses import dataclass, field

from . import _arms, _model
from ._lexicon import (RESPONSE, TTE, defined_acronyms, endpoints_in, progression_endpoint, recurrence_endpoint,
                       relabel_progression, relabel_recurrence)
from ._tables import cell_breaks, read_tables
from ._text import Sentence, normalize, sentences

__all__ = ["Arm", "Source", "Record", "Extraction", "extract"]

Value = float | str  # a number, or "NR" / "NE"


@dataclass(frozen=True, slots=True)
class Arm:
    """A trial arm: its label as the text names it, its randomized size when stated, and other names used."""

    label: str
    n: int | None = None
    aliases: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"label": self.label, "n": self.n}


@dataclass(frozen=True, slots=True)
class Source:
    start: int
    end: int
    sentence: str


@dataclass(frozen=True, slots=True)
class Record:
    """One reported number with its CI, P value and where it came from (contract field names).

    ``*_text`` keep the figures exactly as printed; the consistency checks read their rounding intervals.
    """

    endpoint: str
    kind: str
    arm: str | None
    value: Value
    ci_lower: Value | None
    ci_upper: Value | None
    ci_level: float | None
    p_value: float | None
    p_operator: str | None
    timepoint_months: float | None
    unit: str | None
    source: Source
    value_text: str = ""
    lower_text: str = ""
    upper_text: str = ""
    p_text: str = ""
    threshold: float | None = None
    sentence_index: int = 0
    confidence: float = 1.0
    basis: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {
            "endpoint": self.endpoint, "kind": self.kind, "arm": self.arm, "value": _num_json(self.value),
            "ci_lower": _num_json(self.ci_lower), "ci_upper": _num_json(self.ci_upper),
            "ci_level": _num_json(self.ci_level), "p_value": self.p_value, "p_operator": self.p_operator,
            "timepoint_months": _num_json(self.timepoint_months), "unit": self.unit,
            "source": {"start": self.source.start, "end": self.source.end, "sentence": self.source.sentence},
        }


def _num_json(v):
    return v


@dataclass(frozen=True, slots=True)
class Extraction:
    """What the reader found in one text."""

    trial: str | None
    arms: tuple[Arm, ...]
    records: tuple[Record, ...]
    text: str = field(repr=False, default="")


# ---------------------------------------------------------------------------------------------------------
# numbers
_NUM = r"(?:\d+(?:\.\d+)?|\.\d+)"
# "not reached (NR)", "not estimable [NE]": the acronym restating the words is part of the figure
# (not "has not yet reached statistical significance")
_MISS = (r"(?:not\s+(?:yet\s+)?(?:been\s+)?reached(?!\s+(?:statistical|significance|the\b|a\b|an\b))"
         r"(?:\s*[\[(]\s*NR\s*[\])])?|not\s+estimable(?:\s*[\[(]\s*NE\s*[\])])?|"
         r"not\s+(?:yet\s+)?(?:estimable|evaluable)(?:\s*[\[(]\s*NE\s*[\])])?|not\s+calculable(?:\s*[\[(]\s*N[CE]\s*[\])])?|(?:could|can)\s*not\s+be\s+estimated|not\s+estimated|NR|NE|N\.A\.|NA|NC)")
_MISS_WORDS = re.compile(r"\bnot\s+(?:yet\s+)?(?:been\s+)?reached(?!\s+(?:statistical|significance))|\bNR\b|\bnot\s+(?:yet\s+)?(?:estimable|evaluable)", re.I)
_UNIT = r"(?:\s*(?:%|percent\b|months?\b|mos?\b|years?\b|yrs?\b))?"
_ATOM = rf"(?:{_NUM}|{_MISS}){_UNIT}"
# "95% CI", "95% ci", "95% confidence interval (CI)", "95 percent CI", and the acronym whose brackets a text lost
# ("95% confidence interval CI, 0.4-0.8")
_LEVEL = (r"(?P<lvl>\d{2}(?:\.\d+)?)\s*(?:%|percent\b)\s*(?:CIs?|ci\b|CLs?\b|confidence (?:intervals?|limits?)"
          r"(?:(?:\s+|\s*/\s*)CI\b(?=\s*[,:=]))?|CrI)"
          r"(?:\s*[\[(]\s*(?:\d{2}(?:\.\d+)?\s*%\s*)?CI\s*[\])])?")
_SEP = r"\s*(?:-|to|\u2013)\s*"

# (a figure after a slash is none, but for the second of a pair of percentages: "91.0%/66.6%")
_VALUE_RE = re.compile(rf"(?<![\w.\-^#])(?<!(?<!%)/)(?P<v>{_NUM}|{_MISS})(?!(?!mos?\b|months?\b)[\w]|\.\d|-\d)(?P<u>{_UNIT})")
# a CI right after the value: "(95% CI, a-b)", "(a to b)", "[95% CI: a, b]", "(NR; 95% CI, a-b)"
_CI_PAREN = re.compile(
    rf"\s*[(\[]\s*(?:(?:NR|NE|not reached|not estimable)\s*;\s*)?(?:{_LEVEL}\s*[,:=]?\s*|CI\s*[,:=]\s*)?"
    rf"(?P<lo>{_ATOM})(?P<sep>{_SEP}|\s*,\s*)(?P<hi>{_ATOM})\s*(?=[)\];,])")
# a CI after a separator: "; 95% CI, a-b", ", 95% CI = a-b", "0.43: 95% CI, a-b", "0.57; [95% CI, a to b]"
_CI_AFTER = re.compile(rf"\s*[;,:]?\s*(?:[\[(]\s*(?=\d{{2}}(?:\.\d+)?\s*%\s*C))?(?:{_LEVEL}|CI(?=\s*[:=]))\s*[,:=]?\s*[\[(]?\s*(?P<lo>{_ATOM})(?P<sep>{_SEP}|\s*,\s*)(?P<hi>{_ATOM})"
                       rf"(?:\s*[\])])?")
# a level stated once as a header before the figures: "Hazard ratio (95% CI) 0.69 (0.53-0.88)", "hazard ratio [HR]
# [95% confidence interval (CI)] 0.69 [0.53, 0.88]"
_LEVEL_ONLY = re.compile(rf"[(\[]\s*{_LEVEL}\s*[)\]]")
# "95% CI [0.41; 0.80]": limits split by a semicolon, inside brackets only
_CI_SEMI = re.compile(rf"\s*[;,]?\s*(?:\(\s*)?{_LEVEL}\s*[,:=]?\s*\[\s*(?P<lo>{_ATOM})(?P<sep>\s*;\s*)(?P<hi>{_ATOM})\s*\]")
# "(95% CI 0.48; 0.79)": the level inside the brackets with the semicolon-split limits
_CI_SEMI_IN = re.compile(rf"\s*[(\[]\s*{_LEVEL}\s*[,:=]?\s*(?P<lo>{_ATOM})(?P<sep>\s*;\s*)(?P<hi>{_ATOM})\s*[)\]]")

_WORDNUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "twelve": 12, "eighteen": 18, "twenty-four": 24}


def _parse_value(text: str) -> tuple[Value, str]:
    t = " ".join(text.split())
    tl = t.lower()
    if re.match(r"not (?:yet )?(?:been )?reached", tl) or t == "NR":
        return "NR", t
    if tl.startswith(("not estimable", "not evaluable", "not yet estimable", "not yet evaluable", "not calculable", "could not be", "cannot be", "can not be",
                      "not estimated")) or t in ("NE", "NA", "N.A.", "NC"):
        return "NE", t
    num = re.match(_NUM, t)
    assert num is not None
    s = num.group()
    return float(s), s


def _split_atom(text: str) -> tuple[Value, str, str]:
    """(value, printed number, unit word) of an atom such as '34.5 months' or 'not evaluable [NE]'."""
    m = re.match(rf"\s*(?P<v>{_NUM}|{_MISS})(?P<u>{_UNIT})", text)
    assert m is not None
    v, printed = _parse_value(m.group("v"))
    return v, printed, m.group("u").strip().lower()


# ---------------------------------------------------------------------------------------------------------
# masks: phrases that hold numbers that are not results (replaced by '#' of the same length)
_MASKS = [
    re.compile(r"\b(?:NCT|ISRCTN|EudraCT)\s*\d+", re.I),
    re.compile(r"\d+(?:\.\d+)?\s*x\s*10\s*\^?\s*-?\s*\d+", re.I),                 # doses, 0.75 x 106
    re.compile(r"\b(?:19|20)\d\d\b"),                                          # years
    re.compile(r"\((?:IQR|interquartile range|range)\b[^)]*\)", re.I),
    re.compile(r"\b(?:IQR|range)\s*[,:]?\s*" + _NUM + r"\s*(?:-|to)\s*" + _NUM, re.I),
    re.compile(r"\b\d+(?:\.\d+)?\s*(?:mg|g|mL|kg|mg/kg|mg/m2|cells?|cycles?|doses?|days?|weeks?|hours?|centers|"
               r"centres|countries|sites)\b", re.I),
    re.compile(r"\bevery\s+\d+\s+(?:weeks?|days?|months?)", re.I),
    # "grade 3", "arm 2", not the figure after an arm's name ("... fulvestrant arm 3.8 months (95% CI ...)")
    re.compile(r"\b(?:grade|stage|cycle|phase|arm|group|line|version)\s*\d+(?![\d.]|\s*(?:months?|mo\b|%))"
               r"(?:\s*(?:-|to|/|or|and)\s*\d+)*|"
               r"\bv\d+(?:\.\d+)?\b", re.I),
    re.compile(r"\b\d+(?:\.\d+)?\s*(?:patients|participants|women|men|pts|subjects|deaths|events|people|"
               r"responders|of\s+\d+|were\s+(?:randomi[sz]ed|assigned|enrolled))\b", re.I),
    re.compile(r"\b\d+\s*/\s*\d+\b"),
    re.compile(r"\b[nN]\s*=\s*\d+"),                                          # arm sizes, "(n = 149)"
    re.compile(r"\b\d+\s*:\s*\d+(?:\s*:\s*\d+)?\s*(?:ratio|fashion|randomi)", re.I),
    re.compile(r"(?:\u2265|\u2264|>=|<=|>|<|more than|less than|at least|greater than|or greater|or more|up to|"
               r"over|beyond|within)\s*" + _NUM + r"\s*(?:%|x\b|months?\b|years?\b|weeks?\b|mo\b)", re.I),
    re.compile(_NUM + r"\s*%\s*(?:or (?:greater|higher|more)|and above)", re.I),
    re.compile(r"\b(?:ratios?|HRs?|ORs?)\s*(?:<|>|\u2264|\u2265|<=|>=)\s*" + _NUM, re.I),   # "Hazard ratio <1 favors"
    # "a hazard ratio of less than 1.0 indicates ...": a threshold, not a result
    re.compile(r"\b(?:less|greater|lower|higher|more|smaller|larger)\s+than\s+(?:or\s+equal\s+to\s+)?" + _NUM
               + r"(?!\s*(?:%|percent|months?|mo\b|years?))", re.I),
    # "despite >50% of patients in the placebo arm receiving a PARP inhibitor": a bound on a share, no result
    re.compile(r"(?<![\w.])(?:[<>\u2265\u2264]|\b(?:more|fewer|less)\s+than|\bover)\s*" + _NUM +
               r"\s*(?:%|percent)\s+of\s+(?:the\s+|all\s+)?(?:patients|participants|women|men|those|subjects)\b", re.I),
    re.compile(r"\b(?:TPS|PD-L1|CPS|expression|expressors?)\b[^.;]{0,30}?" + _NUM + r"\s*%(?:\s*(?:to|-)\s*"
               + _NUM + r"\s*%)?", re.I),
    re.compile(_NUM + r"\s*(?:%|percent)\s*(?:lower|reduction|reduced|decrease|relative|difference|improvement|"
               r"higher|increase|maturity|crossover|risk|of (?:the )?(?:risk|deaths?|events?))", re.I),
    re.compile(r"\b(?:by|of)\s+(?:an?\s+)?(?:approximately\s+)?" + _NUM + r"\s*(?:%|percent)\s*(?=[^.;]{0,40}"
               r"(?:risk|reduc|lower|death))", re.I),
    # "reduced the risk of disease progression or death (progression-free survival; PFS) by 84 percent": a
    # relative reduction, also with the endpoint's name in brackets between the risk and "by"
    re.compile(r"(?:reduc\w*|lower\w*|decrease\w*|cut)\s+(?:the\s+)?(?:risk\s+)?(?:of\s+[\w\s,\-]{0,60}?"
               r"(?:[(\[][^()\[\]]{0,80}[)\]]\s*)?)?by\s+(?:approximately\s+|about\s+|nearly\s+|almost\s+)?"
               + _NUM + r"\s*(?:%|percent)", re.I),
    # "a difference of 8.1 months", not the ratio of "no difference in overall survival (HR 0.83, ...)"
    # (nor "no difference in median overall survival (9.3 months for A and 9.4 months for B)")
    re.compile(r"\bdifferences?\b(?:(?!\b(?:HRs?|hazard ratios?|odds ratios?|ORs?|median)\b)[^.;(]){0,30}?" + _NUM
               + r"\s*(?:%|months?|mo)?", re.I),
    # "improved median PFS by about 7 months": a difference between the arms' medians, not a median
    re.compile(r"\bby\s+(?:about|approximately|around|nearly|almost|roughly|more than|over|some|~)\s*" + _NUM
               + r"\s*(?:months?|mo)\b", re.I),
    # "an improvement in median OS of 12.9 months", not "an improvement in median OS from 18.6 months to 31.8 months"
    # nor "an improvement in OS with a median of 12.1 months"; hedged too ("a median survival benefit of nearly 18 months")
    re.compile(r"\b(?:gain|prolongation|improvement|extension|benefit)\s+(?:in\s+(?:(?!from\b|with\b)[\w\s-]){0,30}?)?(?:of\s+)?"
               r"(?:(?:about|approximately|around|nearly|almost|roughly|more than|over|some|up to|~)\s*)?" + _NUM + r"\s*(?:months?|mo)\b", re.I),
    re.compile(r"\b" + _NUM + r"[- ]months?\s+(?:gain|prolongation|improvement|extension|longer|benefit|"
               r"difference|shorter)", re.I),
    re.compile(r"\b\d+\s*-?\s*fold\b", re.I),
    re.compile(r"\b[12]-sided\b", re.I),
    # stage and status labels of subgroups ("in those with M0 intermediate-high risk", "ECOG PS 1")
    re.compile(r"\b(?:[TNM][0-4x][a-d]?|ECOG\s*(?:PS\s*)?[0-4](?:\s*(?:-|or|to)\s*[0-4])?)\b"),
    # "24.1 months of follow-up" before "follow-up ... 24.1 months", whose gap never holds a result's words
    re.compile(_NUM + r"\s*(?:months?|mo|years?)\s+(?:of\s+)?(?:median\s+)?(?:follow[- ]?up|data|observation)", re.I),
    re.compile(r"(?:follow[- ]?up|followed|observation\s+(?:time|period)|time\s+on\s+study|\bMFU)\b(?:(?!\bmedian\b|\bm?OS\b|\bm?PFS\b|survival|\brates?\b|\bwas\b|\bwere\b"
               r"(?!\s+(?:\d|a median|of|approximately|about))|\bHR\b)[^.;()]){0,40}?" + _NUM
               + r"(?:\s*(?:and|,|vs\.?|versus)\s*" + _NUM + r")*\s*(?:months?|mo|years?)", re.I),
    re.compile(r"\b(?:aged?|age)\s+\d+", re.I),
    re.compile(r"\b\d+\s*years?\s+(?:old|and older|or older)", re.I),
    re.compile(r"\blonger than historical data\s*\([^)]*\)", re.I),
    re.compile(r"\b(?:first|second|third|1L|2L|3L)\b", re.I),
    # "HR 0.99 from 0-12 mos; HR 0.67 from 12 mos onward": the window of time a ratio is of, no median
    re.compile(r"\b(?:from|after|beyond)\s+(?:month\s+)?" + _NUM + r"\s*(?:-|to)?\s*(?:" + _NUM +
               r")?\s*(?:months?|mos?)\s+(?:onwards?|and\s+(?:later|beyond|after))\b", re.I),
]
# a design assumption, not a result: "the primary objective was to demonstrate that A improves the 5-year EFS from 30%
# to 50%", "designed to detect an increase in median PFS from 6 to 9 months", "assuming a 2-year OS of 60%" (not "the
# trial was not powered to show a difference, the median OS was 19.3 months": a negated design word, and the figures
# only to the end of the design's clause)
_DESIGN = re.compile(r"(?<!\bnot\s)\b(?:(?:objective|aim|goal|purpose)\s+(?:was|is)\s+to\s+(?:demonstrate|show|detect|test)|"
                     r"(?:designed|powered|planned|sized)\s+to\s+(?:detect|demonstrate|show)|\d+\s*%\s+power\b|"
                     r"hypothesi[sz]ed|assuming|under\s+the\s+assumption|sample\s+size)", re.I)
_DESIGN_END = re.compile(r";|\.\s|,\s+(?:the|but|while|whereas|and\s+the|although)\b", re.I)


def _mask_design(work: str) -> str:
    for m in list(_DESIGN.finditer(work)):
        end = _DESIGN_END.search(work, m.end())
        work = _mask(work, m.start(), end.start() if end else len(work))
    return work


_MRD_THRESHOLD = re.compile(r"\b10\s*(?:\^\s*)?-\s*([4-7])\b(?!\s*(?:months|mo|%))")
_P_RE = re.compile(
    r"(?<![A-Za-z])(?:(?:(?:two|one|1|2)-sided|log-?rank|stratified|unstratified|nominal)\s+)*[Pp](?:\s*-?\s*values?)?"
    r"(?:\s*\(\s*two-sided\s*\))?\s*[\u0100-\u017f]?\s*(?P<op>=|<|>|\u2264|\u2265|<=|>=|,(?=\s*\.\d|0\.\d)|5(?=\s+\.\d|\s*0\.\d)|\u00bc)\s*[\u0100-\u017f]?\s*"
    r"(?P<v>\d*\.?\d+(?:\s*x\s*10\s*\^?\s*-\s*\d+)?)")
# a P whose letter a text layer lost: "(0.80 [95% CI, 0.61 to 1.06], = .12)", an operator and a P-like value right
# after a comma, semicolon or bracket
_P_LOST = re.compile(r"(?<=[,;(\[])\s*(?P<op>=|<|\u2264)\s*(?P<v>0?\.\d+)(?![\d.])")
# a P value printed with no operator: "(HR 0.73; 95% CI 0.57-0.93; p-value 0.0104)", "p value of 0.03": the word
# "value" names it, and the figure is a P value's (no more than 1, written with a decimal point)
_P_BARE = re.compile(r"(?<![A-Za-z])[Pp]\s*-?\s*values?\s+(?:of\s+|was\s+|is\s+)?(?P<op>)(?P<v>0?\.\d+)(?![\d.]|\s*%)")
_P_EXCLUDE = re.compile(r"^\s*(?:\)|\])?\s*(?:required|needed|boundary|threshold|for significance|to declare|"
                        r"was required|significance level|allocated)", re.I)
# a median's figure glued to its unit before the word median: "a 20.6-month median OS", "an 11-month median PFS"
_MEDIAN_BEFORE_NAME = re.compile(r"\s*-\s*(months?|mo|years?)\s+median\b", re.I)


def _glued_median(work: str, pos: int) -> re.Match | None:
    """"a 20.6-month median OS" at ``pos`` (after the figure), not "a 60-month median follow-up"."""
    m = _MEDIAN_BEFORE_NAME.match(work, pos)
    return None if m is None or _NOT_ENDPOINT_MEDIAN.match(work, m.end()) else m
_TIME_RE = re.compile(
    r"(?=[\dA-Za-z])(?<![\w.])(?:(?P<list>(?:\d+\s*-\s*,\s*)*\d+\s*-\s*(?:,\s*)?(?:and|or)\s+)?"
    r"(?P<n>\d+(?:\.\d+)?|" + "|".join(_WORDNUM) + r")\s*-\s*(?P<u>month|year|yr|mo)s?\b(?!\s+(?:gain|longer))"
    r"|(?:\bat|\bafter|\bby|\bthrough|\bwithin)\s+(?P<n2>\d+(?:\.\d+)?|" + "|".join(_WORDNUM) + r")\s*-?\s*"
    r"(?P<u2>months?|years?|yrs?|mo)\b"
    # "PFS at month 12", "the rate by year 3": the unit before the number
    r"|(?:\bat|\bafter|\bby|\bthrough)\s+(?P<u5>month|year)\s+(?P<n5>\d{1,3})(?![\d.])"
    # "2y PFS", "3-y OS", "24mo OS", "48m iDFS": a time point glued to its unit before an endpoint's acronym (not
    # "10 mo with X", "10mo vs 8mo")
    r"|(?P<n3>\d{1,2})(?:-?(?P<u3>y|yr|mo)|(?P<u4>m))\b(?=\s+(?-i:[a-z]{0,2}[A-Z]{2})))", re.I)


@dataclass(slots=True)
class _Atom:
    start: int
    end: int
    value: Value
    text: str
    unit: str
    lo: Value | None = None
    hi: Value | None = None
    lo_text: str = ""
    hi_text: str = ""
    level: float | None = None
    kind: str | None = None
    endpoint: str | None = None
    arm: str | None = None
    timepoint: float | None = None
    p: tuple[str, float, str] | None = None
    threshold: float | None = None
    how: list[str] = field(default_factory=list)  # how the figure was tied to its arm, endpoint, time point
    gap: tuple[int, int] = (0, 0)  # words between the figure and a CI a few words on ("84% ... (95% CI ...)")
    unit_from_ci: bool = False  # the unit is printed on the CI limits only ("0.68, 95% CI = 0.51%-0.91%")


def _mask(s: str, a: int, b: int) -> str:
    return s[:a] + "#" * (b - a) + s[b:]


# ---------------------------------------------------------------------------------------------------------
# arms
_ARM_STOP = {
    "the", "a", "an", "this", "that", "each", "both", "all", "either", "treatment", "study", "patients", "has", "have",
    "relapsed", "refractory", "untreated", "pretreated", "approved", "newly", "diagnosed", "it", "also",
    "those", "these", "respective", "same", "two", "other", "combination", "experimental", "investigational",
    "overall", "median", "months", "rate", "rates", "survival", "response", "risk", "death", "disease",
    "progression", "respectively", "arm", "group", "cohort", "population", "analysis", "trial", "safety",
    "active", "greater", "older", "younger", "fewer", "better", "worse", "poly", "half", "third", "quarter",
    "majority", "daily", "twice", "once", "weekly", "asian", "non-asian", "western", "elderly", "weeks", "week", "months", "days", "day", "years", "year", "cycles", "doses", "hours", "mg/kg",
    # the goal or verdict of a comparison, never a treatment: "the bar for success", "powered for superiority"
    "success", "failure", "approval", "superiority", "noninferiority", "non-inferiority", "significance",
    "clinicaltrials",  # the registry: "registered with ClinicalTrials.gov"
    "kg", "first", "second", "patient", "women", "men", "people", "participants", "subjects", "third-line", "combination", "regimens", "remainder", "rest", "cent", "percent", "intervention", "subgroup", "subgroups", "benefit", "efficacy", "data", "is", "was",
    "were", "are", "be", "in", "of", "for", "with", "and", "or", "to", "on", "by", "as", "at", "from", "than",
    "receiving", "received", "treated", "alone", "only", "plus", "mg", "dose", "iv", "oral", "one", "time",
    "its", "their", "his", "her", "our", "we", "they", "it", "who", "which", "whom", "initial", "prior",
    "previous", "following", "after", "before", "during", "first-line", "second-line", "maintenance",
    "therapy", "regimen", "regimens", "drug", "agent", "agents", "terms", "regard", "comparison",
    "compared", "any", "no", "non", "not", "higher", "lower", "longer", "significantly", "statistically", "use",
    "addition", "continuous", "similar", "most", "more", "less", "ITT", "itt", "PD-L1", "tumor", "high", "low",
    "new", "benefits", "outcomes", "improvement", "improved", "consistent", "across", "between", "among",
    "stage", "cancer", "metastatic", "advanced", "early", "late", "evaluable", "measurable", "subset",
    "trend", "lines", "line", "mutation", "mutations", "visceral", "de", "novo", "hormone", "receptor",
    "male", "female", "males", "females", "total", "interventions", "characteristics", "results", "status",
    # an analysis population is no arm: "the intention-to-treat population", "the per-protocol group"
    "intention-to-treat", "intent-to-treat", "per-protocol", "as-treated", "full-analysis", "mITT",
    # a count of events is no arm's size: "fewer treatment failures (n = 10)"; nor is a design word or a
    # stratification factor an arm: "a single DI phase (405 patients)", "tested for superiority", "age groups"
    "failures", "failure", "events", "relapses", "recurrences", "progressions", "responders", "deaths",
    # an arm's description by the number of its drugs: "the triplet" (see _arms.count_names)
    "triplet", "triplets", "doublet", "doublets", "quadruplet", "quadruplets",
    # an outcome is no arm: "the effect of A on mortality and incidence"
    "mortality", "morbidity", "incidence", "hospitalization", "hospitalisation", "hospitalizations", "recurrence",
    # who assessed an outcome is no arm: "the blinded independent review committee (n=348 patients)"
    "committee", "committees", "investigator", "investigators", "reviewer", "reviewers", "assessor", "assessors",
    "phase", "phases", "course", "courses", "per", "superiority", "noninferiority", "non-inferiority", "inferiority", "age", "sex",
}
_ENDPOINT_WORDS = re.compile(r"^(?:m?OS|m?PFS|PFS2|DFS|EFS|RFS|ORR|CR|MRD|DOR|DoR|HR|CI|OR|P|TTD|TFS|VGPR|pCR|"
                             r"NR|NE|AEs?|TEAEs?|TRAEs?|RECIST|BICR|IRF|ECOG|NSCLC|HCC|TNBC|mCRPC|CRPC|MDS|RCC|"
                             r"ABC|mBC|HER2|EGFR|BRCA|NDMM|RRMM|ASCO|ESMO|ASH|EHA|FDA|EMA|NEJM|JCO|KM|"
                             # a disease's abbreviation names a population or an outcome: "urgent visit for HF"
                             r"HF|HFrEF|HFpEF|MI|CKD|COPD|AF|CAD|CVD|T2D|ACS|HIV|TB|HBV|HCV)$")
_W = r"[A-Za-z][\w\-+/]*[\w+]|[A-Za-z]"
# a timing strategy names an arm with its treatment: "immediate ART" versus "deferred ART"; so does a treatment's
# phase before a therapy's name: "induction chemotherapy" beside "chemoradiotherapy alone"
_MOD = (r"(?:(?:(?:standard|conventional|physician's choice of|investigator's choice of|immediate|deferred|delayed|"
        r"early(?=\s+[A-Z]{2})|(?:induction|consolidation|maintenance)(?=\s+[a-z]*therapy\b))\s+)|"
        r"(?:first[- ]generation\s+(?:[A-Z][A-Z0-9-]+\s+)?))?")
# a two-word drug name: "trastuzumab deruxtecan", "idecabtagene vicleucel", "enfortumab vedotin"
_W2 = rf"(?:{_W})(?:\s+[a-z]*(?:tecan|vedotin|tansine|leucel|mafodotin|tesirine|ozogamicin))?"
# a combination's second part may be a named chemotherapy: "pembrolizumab plus platinum/fluorouracil chemotherapy"
_W2C = rf"(?:{_W2}|[a-z][\w\-/]*[a-z]\s+(?:chemotherapy|chemoradiotherapy|radiotherapy))"
# a regimen of three or four parts joined by "+": "BV + Len + R", "placebo + Len + R"
_PHRASE = (rf"{_MOD}(?:{_W2})(?:\s*(?:\bplus\b|\+|\s(?:in\s+combination|combined)\s+with\b)\s*(?:{_W2C})"
           rf"(?:[ \t]*\+[ \t]*(?:{_W2})){{0,2}})?(?:\s+(?:only|alone|monotherapy))?")
_GENERIC = r"(?:arm|arms|group|groups|cohort|population|subgroup)"
# "lorlatinib 100 mg once daily (n = 149)": a dose between an arm's name and its size
_DOSE = (r"(?:\s+(?:at\s+)?\d+(?:\.\d+)?\s*(?:mg|g|mcg|\u00b5g)(?:/(?:kg|m2|day|d))?(?:\s+(?:once|twice|three times)\s+"
         r"(?:daily|a day|weekly)|\s+(?:daily|weekly|every \d+ weeks|Q[1-4]W|QD|BID))?)?")
# how many were assigned, between the verb and the ratio or "to": "randomly assigned 600 patients (1:1:1) to ..."
_ASSIGNED_COUNT = r"(?:\d{1,3}(?:,\d{3})?\s+(?:patients|participants|women|men|adults|children|subjects)\s+)?"
_ARM_CTX = [
    re.compile(rf"(?=[A-Za-z])(?<![\w\-+/])(?:the\s+)?(?P<a>{_PHRASE})\s+(?:treatment\s+|therapy\s+)?{_GENERIC}\b"),
    # (a sentence's first word too: "Patients with mPDAC were randomly assigned" names the disease)
    re.compile(rf"(?<![Pp]atients )(?<![Ww]omen )(?<![Mm]en )(?<![Tt]hose )(?<![Pp]articipants )\b(?:with|receiving|received|"
               rf"versus|vs\.?|v\.|compared (?:with|to)|relative to|than|over|for|on|treated with|assigned to|randomi[sz]ed to)"
               rf"\s+(?:the\s+)?(?:IV\s+|oral\s+|1L\s+|2L\s+)?(?P<a>{_PHRASE})(?=\s*[,;.)\]]|\s+\(|\s+(?:vs|versus|"
               rf"and|was|were|in|had|group|groups|arm|arms|alone|as|compared|than|showed|is|are|"
               # "patients who received X achieved a higher rate of ...": the verb of the arm's outcome
               rf"achieved|experienced|attained|obtained|derived|lived)\b|[ \t]*\n|\s*$|\s+\[|"
               rf"\s+\d+(?:\.\d+)?\s*(?:mg|g|mcg|\u00b5g|x\s*10)\b)"),
    re.compile(rf"(?=[A-Za-z])(?<![\w\-+/])(?P<a>{_PHRASE}){_DOSE}\s*\(\s*n\s*=\s*\d+"),
    re.compile(rf"(?=[A-Za-z])(?<![\w\-+/])(?P<a>{_PHRASE})\s*\(\s*\d+\s+patients\s*\)"),
    re.compile(rf"[(;]\s*(?P<a>{_PHRASE})\s*,\s*n\s*=\s*\d+"),
    re.compile(rf"\b\d+\s+(?:were\s+(?:randomly\s+)?assigned\s+)?to\s+(?:the\s+)?(?P<a>{_PHRASE})"
               rf"(?=\s*(?:group|arm|,|\)|;|\.(?!\d)|and\b))"),
    re.compile(rf"(?:^|\.\s+|:\s*)(?P<a>{_PHRASE})\s+(?:m(?:PFS|OS)|median\b)"),
    # "assigned to receive brentuximab vedotin, doxorubicin, vinblastine, and dacarbazine (A+AVD)"
    re.compile(r"(?:assigned|randomi[sz]ed)\s+(?:\(?\d:\d\)?\s+)?to\s+(?:receive\s+)?(?:either\s+)?[^()]{0,100}?"
               # (not a brand beside its drug: "the combination of ibrutinib (Imbruvica) and venetoclax", one
               # capital and lower-case letters only)
               r"\((?P<a>(?![A-Z][a-z]{4,}\))[A-Z][\w+\-/]{1,15})\)"
               # the abbreviation of the whole treatment, not of a word inside its name ("receptor (CAR) T-cell")
               r"(?=\s*[,;.\])]|\s+(?:or|and|versus|vs\.?|plus|every|for|until|in|with|as|given|at|on|followed)\b|\s*$)"),
    # the subject of a result: "palbociclib-letrozole significantly prolonged PFS versus ..."
    re.compile(rf"(?:^|[.;:,]\s+|\bthat\s+)(?P<a>{_PHRASE})\s+(?:significantly\s+|also\s+|further\s+)?"
               rf"(?:prolonged|improved|reduced|increased|extended|demonstrated|showed|led|resulted|delayed)\b"),
    # the design sentence: "randomly assigned 1:1 to zorvatinib or docetaxel", "randomized (2:1) to receive X or Y"
    re.compile(rf"(?:assigned|randomi[sz]ed|allocated)\s+{_ASSIGNED_COUNT}(?:\(?\d\s*:\s*\d(?:\s+ratio)?\)?\s+|in a \d\s*:\s*\d ratio\s+)?to\s+"
               rf"(?:receive\s+)?(?:either\s+)?(?:the\s+)?(?P<a>{_PHRASE}){_DOSE}(?:\s*\([^()]{{0,40}}\))?\s*,?\s*"
               rf"(?:or|versus|vs\.?)\s+(?:to\s+)?(?:receive\s+)?(?:the\s+)?(?P<b>{_PHRASE})(?=\s*[,;.()]|\s+(?:\d|as|in|for|"
               rf"with|every|until|and)\b)"),
]
# the design sentence with doses: "randomly assigned 1:1 to receive nivolumab 480 mg and relatlimab 160 mg fixed-dose
# combination or nivolumab 480 mg alone" (the doses are dropped from the names, see _find_arms)
_DOSED = r"[A-Za-z][\w\-]*[A-Za-z]\s+(?:at\s+)?\d+(?:\.\d+)?\s*(?:mg|g|mcg|\u00b5g)(?:/(?:kg|m2))?"
_ARM_CTX += [
    re.compile(rf"(?:assigned|randomi[sz]ed|allocated)\s+{_ASSIGNED_COUNT}(?:\(?\d\s*:\s*\d(?:\s+ratio)?\)?\s+|in a \d\s*:\s*\d ratio\s+)?to\s+"
               rf"(?:receive\s+)?(?:either\s+)?(?P<a>{_DOSED}(?:\s+(?:and|plus|\+|with)\s+{_DOSED})?)"
               rf"(?:\s+(?:as\s+an?\s+)?(?:fixed[- ]dose\s+)?combination)?\s*,?\s*(?:or|versus|vs\.?)\s+(?:to\s+)?(?:receive\s+)?"
               rf"(?P<b>{_DOSED}(?:\s+(?:and|plus|\+|with)\s+{_DOSED})?|placebo|observation)(?:\s+(?:alone|monotherapy))?\b"),
]
# a table's header: "ZYTIGA\n(N=797)", "Femara Placebo\nN=2582 N=2586", and a list's "N=2152 dapagliflozin (...)"
_TABLE_N = r"[ \t]*\(?N\s*=\s*\d+\)?"
_BULLET = r"(?:[ \t]*[\u2022\u00b7\u25aa\u2023\u25e6*\-][ \t]*)?"  # a list item's mark: "  \u2022 N=2373 dapagliflozin"
_ARM_CTX += [
    # also double-spaced, as a slide's text layer prints it: "Apalutamide\n\n(N=806)"
    re.compile(rf"(?<![\w\-+/])(?P<a>{_PHRASE})[ \t]*\n(?:[ \t]*\n)?{_TABLE_N}(?=[ \t]|$)", re.M),
    re.compile(rf"(?<![\w\-+/])(?P<a>[A-Za-z][\w\-]+)[ \t]+(?P<b>[A-Za-z][\w\-]+)[ \t]*\n{_TABLE_N}[ \t]+\(?N\s*=", re.M),
    # the name may run on in lower-case words: "N=566 pembrolizumab chemotherapy (pembrolizumab 200 mg ...)"
    re.compile(rf"^{_BULLET}{_TABLE_N}[ \t]+(?P<a>{_PHRASE}(?:[ \t]+[a-z][\w\-+/]*[a-z]){{0,2}})(?=[ \t]*(?:\(|$))", re.M),
]
# a three-arm design sentence: "randomized (2:2:1) to receive A in combination with B, C monotherapy, or D"
_ARM_CTX += [
    re.compile(rf"(?:assigned|randomi[sz]ed|allocated)\s+{_ASSIGNED_COUNT}(?:\(?\d\s*:\s*\d\s*:\s*\d\)?\s+|in a \d\s*:\s*\d\s*:\s*\d ratio\s+)?"
               rf"to\s+(?:receive\s+)?(?:either\s+)?(?P<a>{_PHRASE}){_DOSE}(?:\s*\([^()]{{0,40}}\))?\s*,\s*"
               rf"(?P<b>{_PHRASE}){_DOSE}(?:\s*\([^()]{{0,40}}\))?\s*,?\s*(?:or|and)\s+(?P<c>{_PHRASE})"
               rf"(?=\s*[,;.()]|\s+(?:\d|as|in|for|with|every|until|and)\b)"),
]
# two arms named with their sizes in one design clause, each name of up to four words: "randomized between
# autografting (n = 112) and observation (n = 111)", "to undergo either laparoscopic distal gastrectomy (n = 528) or
# open distal gastrectomy (n = 528)"
_SIZED_WORDS = r"[A-Za-z][\w\-+/]*(?:\s+[A-Za-z][\w\-+/]*){0,3}?"
_SIZED_N = r"\s*[(\[]\s*n\s*=\s*\d+\s*[)\]]"
_SIZED_N_AT = re.compile(r"\s*[(\[]\s*n\s*=\s*(\d+)\s*[)\]]")
_ARM_CTX += [
    re.compile(rf"\b(?:randomi[sz]ed|assigned|allocated)\b[^.;]{{0,120}}?\b(?:between|either|to|receive|undergo)\s+"
               rf"(?:the\s+)?(?!(?:either|receive|undergo|the)\b)(?P<a>{_SIZED_WORDS}){_SIZED_N}\s*,?\s*(?:or|and|versus|vs\.?)\s+(?:the\s+)?"
               rf"(?P<b>{_SIZED_WORDS}){_SIZED_N}"),
]
_SIZED_AT = len(_ARM_CTX) - 1
# arms that differ by a duration: "in the 6M group", "the 6M and 12M groups", "the 12-month arm"
_DURATION_ARM = r"\d{1,2}(?:M|-(?:month|week|year))"
_ARM_CTX += [
    re.compile(rf"(?<![\w.\-])(?P<a>{_DURATION_ARM})\s+(?:treatment\s+)?(?:group|arm|cohort)\b"),
    re.compile(rf"(?<![\w.\-])(?P<a>{_DURATION_ARM})\s+(?:and|or|vs\.?|versus)\s+(?P<b>{_DURATION_ARM})\s+"
               rf"(?:treatment\s+)?(?:groups|arms|cohorts)\b"),
]
# an abbreviation between a description and its size: "... during maintenance (DIVPI) (397 patients)"
_ARM_CTX += [re.compile(r"\((?P<a>[A-Z][A-Z0-9+\-/]{1,11})\)\s*\(\s*(?:n\s*=\s*)?\d+\s+patients\s*\)")]
# "randomized to A and B, respectively"; "in patients receiving A ... in patients receiving B" (a pair of them, not one
# subgroup "patients receiving prior A"); "patients received A versus B"; "the A-arm"
_RECEIVING = (r"(?:patients|participants|those|women|men)\s+(?:(?:who\s+)?(?:received|receiving)|(?:treated|given)\s+with|"
              r"given|on|(?:who\s+were\s+)?(?:assigned|randomi[sz]ed|allocated)\s+to(?:\s+receive)?)")
_ARM_CTX += [
    re.compile(rf"(?:assigned|randomi[sz]ed|allocated)\s+{_ASSIGNED_COUNT}(?:\(?\d\s*:\s*\d\)?\s+)?to\s+(?:receive\s+)?"
               rf"(?:the\s+)?(?P<a>{_PHRASE})(?:\s+(?:group|arm))?\s*,?\s*(?:and|or)\s+(?:the\s+)?(?P<b>{_PHRASE})"
               rf"(?:\s+(?:groups?|arms?))?\s*,\s*respectively\b"),
    re.compile(rf"\b{_RECEIVING}\s+(?:the\s+)?(?P<a>{_PHRASE})(?=\s*[,;)]|\s+(?:and|vs\.?|versus|was|were|had|compared)\b)"
               rf"(?:[^.;]|\.(?=\d)){{0,100}}?\b{_RECEIVING}\s+(?:the\s+)?(?P<b>{_PHRASE})(?=\s*[,;.)]|\s+(?:\(|and|was|were|had)\b|\s*$)"),
    re.compile(rf"\b(?:patients|participants)\s+(?:received|were\s+given|were\s+treated\s+with)\s+(?:either\s+)?"
               rf"(?P<a>{_PHRASE})\s+(?:versus|vs\.?|or|compared\s+with)\s+(?P<b>{_PHRASE})(?=\s*[,;.)]|\s+(?:\(|and|in)\b|\s*$)"),
    re.compile(r"(?<![\w\-+/])(?!(?:single|multi|two|three|four|one|parallel|dose|age|risk|open|double|cross|each|per|"
               r"both|either|control|treatment|study|same|other|all)-)(?P<a>[A-Za-z][\w+/]*[A-Za-z])-(?:arm|group|treated\s+(?:group|arm|"
               r"cohort|patients|participants))s?\b"
               r"(?![\s-]*(?:trial|study|studies|design|phase|setting|randomi))"),
    # "Arm A: velotinib; Arm B: docetaxel"
    re.compile(rf"\b(?:[Aa]rm|[Gg]roup)\s+[A-Z0-9]{{1,2}}\s*[:=]\s*(?P<a>{_PHRASE})(?=\s*[,;.(]|\s+(?:and|or|vs\.?|versus)\b|\s*$)"),
]
# a result sentence whose subject is the added drug or the combination and whose comparator follows: "the addition
# of X significantly improved PFS in comparison to placebo", "the combination of A and B led to longer OS (14 vs 9
# months) compared with A alone"; the comparator only after the result verb, in the same sentence
_ADDED_NAME = rf"(?:{_W2})(?:\s+(?:and|plus|with|\+)\s+(?:{_W2}))?"
_ARM_CTX += [
    re.compile(rf"(?:\b[Tt]he\s+(?:addition|combination)\s+of|\b[Aa]dding)\s+(?P<a>{_ADDED_NAME})\s+"
               rf"(?:significantly\s+|also\s+|further\s+|markedly\s+)?(?:prolonged|improved|reduced|extended|led\s+to|"
               rf"resulted\s+in|delayed)\b(?:[^.;]|\.(?=\d)){{0,200}}?\b(?:compared\s+(?:with|to)|in\s+comparison\s+"
               rf"(?:with|to)|relative\s+to|versus|vs\.?|over)\s+(?:the\s+)?(?P<b>{_PHRASE})"
               rf"(?=\s*[,;:.)]|\s+(?:alone|\(|and|in|was|were)\b|\s*$)"),
]
_ADDED_AT = len(_ARM_CTX) - 1
_ARM_CTX += [_arms.CHOICE_ARM]  # "investigator's choice of lenvatinib or sorafenib": one arm
# "a study of A plus B vs A monotherapy or C": three arms, a combination against its own drug alone or a control
_VS_ALONE_OR = re.compile(rf"\b(?:study|trial)\s+(?:of|comparing)\s+(?P<a>{_PHRASE})\s+(?:vs\.?|versus)\s+(?P<b>{_W2})"
                          rf"\s+(?:monotherapy|alone)\s*,?\s+or\s+(?P<c>{_W2})\b")
_ARM_CTX += [_VS_ALONE_OR]
# "537 randomly assigned to also take twice-daily olaparib and 269 allocated to placebo"
_ARM_CTX += [_arms.count_assigned_to(_PHRASE)]
# "(Isa-Kd: n = 179, Kd: n = 123)"
_ARM_CTX += [_arms.COLON_SIZED]
# "remdesivir (...) [N=538] VS placebo for up to 10 days [N=521]"
_BRACKET_VS = _arms.bracket_vs(_PHRASE)
_ARM_CTX += [_BRACKET_VS]
# "(ITT: NIVO+IPI, n=550, SUN, n=546; I/P: ...)"
_ARM_CTX += [_arms.POPULATION_PAIR]
# "compared with 37.3 months for patients receiving placebo plus fulvestrant"
_ARM_CTX += [_arms.compared_figure_for(_PHRASE)]
# "those who received only bortezomib and dexamethasone", "... bortezomib and dexamethasone alone"
_ARM_CTX += [_arms.PAIR_ONLY, _arms.PAIR_ALONE]
# "daratumumab plus bortezomib and dexamethasone versus bortezomib and dexamethasone"
_ARM_CTX += [_arms.ADDED_TO_PAIR]
# "patients received ixazomib, lenalidomide, and dexamethasone": a regimen of three drugs listed with commas
_ARM_CTX += [_arms.TRIPLE_LIST]
# "A, B, and C versus B and C"
_ARM_CTX += [_arms.TRIPLE_VS_PAIR]
# "Arm A: (T+D+CT) tremelimumab plus durvalumab and chemotherapy ... (n=338)"
_ARM_CTX += [_arms.ARM_LINE]
# "median PFS for A and B was 27.7 vs 11.1 months, respectively"
_ARM_CTX += [_arms.two_listed(_PHRASE)]
# "the combination of A and B versus B monotherapy", "A with B vs B"
_ARM_CTX += [_arms.ADDED_TO_ONE]
_SIZED_SIDE_BY_SIDE = _arms.sized_side_by_side(_PHRASE)
# "than the bortezomib and dexamethasone cohort"
_ARM_CTX += [_arms.PAIR_GROUP]
# "- Treatment arms (1:1 randomization)\n- Pirtobrutinib monotherapy"
_ARM_CTX += [_arms.arms_heading_item(_PHRASE)]
# "Pembrolizumab 200 mg (590) or placebo (587) / 3 weeks-18 cycles"
_COUNTED_PAIR_LINE = _arms.counted_pair_line(_PHRASE, _DOSE)
_ARM_CTX += [_COUNTED_PAIR_LINE]
_ARM_CTX_WEIGHT = [2, 1, 2, 2, 2, 2, 1, 2, 1, 2, 2, 2, 2, 2, 2, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
                   2, 2, 2, 2, 2, 2, 2, 2, 2]
# an arm named in the possessive before its own figure or endpoint: "a median PFS of 5.49 months for A versus B's
# 3.84 months", "A's progression-free survival"; not a sponsor's ("the sponsor's", "BMS's PFS data")
_POSSESSIVE_ARM = re.compile(
    rf"(?<![\w\-+/'\u2019])(?!(?:{'|'.join(map(re.escape, sorted(_arms.COMPANIES_AND_SOURCES)))})['\u2019])"
    rf"(?P<a>{_W2})['\u2019]s\s+(?:\d+(?:\.\d+)?\s*(?:months?|mo|%)|(?:median\s+)?(?:m?PFS|m?OS|ORR|"
    r"progression[- ]free\s+survival|overall\s+survival|(?:objective\s+)?response\s+rate)\b)")
_ARM_CTX.append(_POSSESSIVE_ARM)
_ARM_CTX_WEIGHT.append(1)
# two arms each followed by its size as a bare count in brackets, joined by "or"/"versus": "A 200 mg (590) or
# placebo (587)" (not a year: "(2019)")
_BARE_COUNT_PAIR = re.compile(
    rf"(?<![\w\-+/])(?P<a>{_PHRASE}){_DOSE}\s*\(\s*(?P<n1>(?!(?:19|20)\d\d\b)\d{{2,5}})\s*\)\s*,?\s*"
    rf"(?:or|vs\.?|versus)\s+(?P<b>{_PHRASE}){_DOSE}\s*\(\s*(?P<n2>(?!(?:19|20)\d\d\b)\d{{2,5}})\s*\)")
_ARM_CTX.append(_BARE_COUNT_PAIR)
_ARM_CTX_WEIGHT.append(2)
# the contexts read again in a design sentence without its regimens' doses and schedules (see _find_arms)
_PLAIN_CTX = (2, 9, 14, _SIZED_AT, 19)
_DESIGN_VERB = re.compile(r"\b(?:randomi[sz]ed|randomly|assigned|allocated)\b", re.I)
_N_PATTERNS = [
    # "(n = 149)"; a PDF's text layer may print its "=" as "5": "(n 5 149)", "(n5341)"
    # (also "(n = 290; 143 received A and 147 received B)": the arm's size, then how its patients were treated)
    re.compile(r"\(\s*n\s*(?:=|\s5\s|5(?=\d{2,4}\s*\)))\s*(?P<n>\d+)\s*(?:\)|;\s*(?=[A-Za-z]|\d+\s+(?:patients\s+|"
               r"participants\s+)?(?:received|were\s+(?:given|treated|assigned)|had|underwent)\b))"),
    # "(pembrolizumab, n=784)", "the pembrolizumab arm (200 mg IV every 3 weeks; n=350)"
    re.compile(r"[(;:]\s*[^;:()]{1,60}?[,;]\s*n\s*=\s*(?P<n>\d+)"),  # also "Enrollment: A arm, n = 120; B arm, ..."
    re.compile(r"(?<![\w.,-])(?P<n>\d+)\s+(?:postmenopausal\s+)?(?:patients\s+|women\s+|men\s+)?(?:were\s+)?"
               r"(?:randomly\s+)?(?:assigned|randomi[sz]ed|allocated)\s+to(?P<to>\s+)"),
    re.compile(r"\band\s+(?P<n>\d+)\s+(?:patients\s+)?(?:were\s+)?(?:randomly\s+)?(?:assigned|randomi[sz]ed|allocated)?\s*"
               r"(?<=\s)to(?P<to>\s+)(?!\d)"),
    re.compile(r"[(,]\s*(?P<n>\d+)\s+to(?P<to>\s+)(?=(?:the\s+)?[A-Za-z])"),
    re.compile(r"\(\s*(?P<n>\d+)\s+(?:patients|participants|pts)\s*\)"),
    # "Randomization assigned 160 patients to A and 80 to B" (the count after the verb; "... to A or B" is a total)
    re.compile(r"\b(?:assigned|allocated)\s+(?P<n>\d+)\s+(?:patients|participants|women|men)\s+(?:\(?\d:\d\)?\s+)?"
               r"to(?P<to>\s+)(?=[^;.]{1,80}?(?:\band|,)\s+\d+\s+(?:patients\s+|participants\s+)?(?:were\s+)?(?:to|in)\b)"),
    # "473 of 713 patients were randomly assigned to receive durvalumab"
    re.compile(r"(?<![\w.,-])(?P<n>\d+)\s+of\s+(?:the\s+)?\d+\s+(?:patients\s+|participants\s+|women\s+|men\s+)?"
               r"were\s+(?:randomly\s+)?(?:assigned|randomi[sz]ed|allocated)\s+to(?P<to>\s+)"),
    # "...; 236 received a placebo" after the other arm's "N were randomly assigned to" (a design sentence only)
    re.compile(r"(?<=[;,] )(?:and\s+|while\s+|whereas\s+)?(?P<n>\d+)\s+(?:patients\s+)?(?:received|were given)"
               r"(?P<to>\s+(?:an?\s+)?)(?=[^;]*$)"),
    # "199 patients in the IV rigosertib plus BSC arm" (a sentence on enrolment)
    re.compile(r"(?:(?<=including )|(?<=comprising )|(?<=\())(?P<n>\d+)\s+(?:patients|participants|women|men)\s+in\s+the(?P<to>\s+)"
               r"(?=(?:IV\s+|oral\s+)?[^,;()]{1,60}?\s(?:arm|group)\b)"),
]
# the sentences in which "N received X" and "N patients in the X arm" are randomized sizes
_N_DESIGN = re.compile(r"\b(?:randomi[sz]ed|randomly|assigned|allocated|enrolled|including|included)\b", re.I)
_N_EQ = re.compile(r"\bn\s*(?:=|\s5\s|5(?=\d{2,4}\s*\)))\s*\d+", re.I)
# "269 patients were randomly assigned into each arm", "(226 patients in each arm)", "(n = 150 per arm)"
_N_EACH = re.compile(r"(?<![\w.,-])(?:n\s*=\s*)?(?P<n>\d+)\s+(?:patients\s+|participants\s+)?(?:were\s+)?"
                     r"(?:(?:randomly\s+)?(?:assigned|randomi[sz]ed|allocated)\s+)?(?:in|into|to|per)\s+(?:each|every)\s+"
                     r"(?:treatment\s+|study\s+)?(?:arm|group)\b|(?<![\w.,-])n\s*=\s*(?P<m>\d+)\s+(?:per|each)\s+(?:arm|group)\b|"
                     # "nedaplatin- or cisplatin-based CCRT (n = 201 for each)"
                     r"\(\s*n\s*=\s*(?P<e>\d+)\s+(?:for|in)?\s*each\s*(?:arm|group)?\s*\)",
                     re.I)
# "51 and 58 patients aged 65 years or older were randomized to axi-cel and SOC, respectively"
_N_RESPECTIVE = re.compile(r"(?<![\w.,-])(?P<n1>\d+)\s+and\s+(?P<n2>\d+)\s+(?:patients|participants|women|men)\b"
                           r"[^.;]{0,60}?\b(?:randomi[sz]ed|assigned|allocated)\s+to\b(?P<rest>[^;]{1,120}?)"
                           r"\brespectively\b", re.I)
_SPELLED_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                  "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                  "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_SPELLED_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                 "ninety": 90}
_SPELLED = re.compile(  # (the lookahead: a match starts with a number word, so no empty match at every word)
    r"\b(?=(?:" + "|".join([*_SPELLED_UNITS, *_SPELLED_TENS]) + r")\b)(?:(?P<h>" + "|".join(_SPELLED_UNITS) + r")[\s-]+hundred(?:[\s-]+(?:and[\s-]+)?|\b))?"
    r"(?:(?P<t>" + "|".join(_SPELLED_TENS) + r")(?:[\s-]+(?P<u>" + "|".join(list(_SPELLED_UNITS)[:9]) + r"))?\b"
    r"|(?P<u2>" + "|".join(_SPELLED_UNITS) + r")\b)?", re.I)


def _spelled_numbers(text: str) -> str:
    """Numbers written in words become digits: "Four-hundred seventy-three of 713", "Fifty-one and 58 patients".
    A lone unit word ("two arms", "one patient") stays a word; only tens, teens and hundreds are sizes."""
    def sub(m: re.Match) -> str:
        h, t, u, u2 = (m.group(g) for g in ("h", "t", "u", "u2"))
        if not (h or t or u2):
            return m.group()
        if not h and not t and _SPELLED_UNITS[u2.lower()] < 10:
            return m.group()
        n = (_SPELLED_UNITS[h.lower()] * 100 if h else 0) + (_SPELLED_TENS[t.lower()] if t else 0) + \
            (_SPELLED_UNITS[u.lower()] if u else 0) + (_SPELLED_UNITS[u2.lower()] if u2 else 0)
        tail = re.search(r"[\s-]+$", m.group())
        return str(n) + (tail.group() if tail else "")
    return _SPELLED.sub(sub, text)
_N_SKIP = re.compile(r"subgroup|subset|\bof \d+ (?:enrolled|randomi[sz]ed)|cohort of|at baseline\s*\(|"
                     r"safety population|as-treated|treated population|(?<!not )evaluable", re.I)


_GENERIC_ARMS = frozenset({"control", "comparator"})
# a count in one bracket with the comparison's ratio or P value is the population compared, both arms together:
# "in the overall population (n = 1177; HR, 0.76 [95% CI ...])"
_COUNT_WITH_RATIO = re.compile(r"\s*[;,]\s*(?:HR\b|hazard\s+ratio|OR\b|odds\s+ratio|P\s*[=<>\u2264])", re.I)
def _total_with_ratio(t: str, pos: int, end: int, mentions) -> bool:
    """Whether the count at ``pos:end`` shares its bracket with the comparison's ratio or P value and follows no
    arm's name: "... in the overall population (n = 1177; HR, 0.76)" is both arms together ("with placebo (n = 498;
    HR, 0.71)" still sizes placebo)."""
    if not _COUNT_WITH_RATIO.match(t, end):
        return False
    return not any(a1 <= pos and re.fullmatch(r"\s*(?:arm|group|cohort)?\s*[(\[]\s*n\s*=\s*", t[a1:pos], re.I)
                   for _a0, a1, _a in mentions)


# a sentence sizing the arms of an analysis of part of the randomized patients: "Of 1177 pts in the ITT population,
# 1010 (85.8%) received chemo and were included in this analysis (A, n = 506; B, n = 504)"
# "In pts with PD-L1 TPS >= 50% (A, n = 143; B, n = 141), ...": a subgroup's arms, when no design verb says otherwise
_SUBGROUP_OPENING = re.compile(r"\W*(?:in|among)\s+(?:the\s+)?(?:pts|patients|participants|those|women|men)\s+"
                               r"(?:with|who|whose|aged|older|younger)\b", re.I)
_SUBSET_SIZES = re.compile(r"\b(?:were\s+)?(?:included|analy[sz]ed)\s+in\s+(?:this|the\s+(?:present|current))\s+"
                           r"(?:analysis|sub-?study|report)\b|^\W*(?:of|among)\s+(?:the\s+)?\d+\s+(?:pts|patients|"
                           r"participants)\s+in\s+the\s+(?:ITT|intention|intent)", re.I)


_IN_COMBINATION = re.compile(r"\s(?:in\s+combination|combined)\s+with\s")
_WORD_SPLIT = re.compile(r"\s+|\+")
_DURATION_WORD = re.compile(r"^(\d{1,2})-?(m|w|y)(?:onths?|eeks?|ears?)?$")
_PART_SPLIT = re.compile(r"[-/]")


@lru_cache(maxsize=8192)  # a pure function of the phrase, asked again for every match of every arm context
def _arm_words(phrase: str) -> frozenset[str]:
    ws: list[str] = []
    phrase = _IN_COMBINATION.sub(" plus ", phrase)  # "A in combination with B"
    for w in _WORD_SPLIT.split(phrase.lower()):
        w = _DURATION_WORD.sub(r"\1\2", w.strip(","))  # "12-month" is "12m"; "A, B, and C" lists A, B and C
        parts = _PART_SPLIT.split(w)
        ws.extend(parts if len(parts) > 1 and all(len(x) >= 4 for x in parts) else [w])
    return frozenset(w for w in ws if w and w not in ("plus", "and", "with", "alone", "only", "the", "monotherapy",
                                                      "therapy", "treatment", "iv", "oral", "1l", "2l"))


_BIOMARKER_STATUS = re.compile(
    r"(?:[A-Z][A-Za-z0-9]*(?:-[A-Z0-9][A-Za-z0-9]*)?[+/]*-?)(?:(?:ultra|very-)?low|high|positive|negative|null|mutant|"
    r"mutated|amplified|wild-?type|deficient|proficient|expressing|overexpressing|altered|rearranged|"
    r"zero)|(?:[A-Z][A-Z0-9]*[+\u2212])(?:/[A-Z][A-Z0-9]*[+\u2212-])+")


def _bracketed_after_endpoint(work: str, named: tuple, grp: tuple[int, int], since: int) -> int:
    """Where the endpoints that may doubt a bracket's figures start: at the endpoint named right before the bracket
    when it is an item of a list of endpoints each opening its own bracket of figures ("improved OS (median a versus
    b months), PFS (median c versus d months) and ORR (e% versus f%)"), so the other items' endpoints are not these
    figures'; else ``since``."""
    if not re.fullmatch(r"\s*", work[named[1]:grp[0]]):
        return since
    item_before = re.search(r"[)\]]\s*(?:,\s*(?:and\s+)?|and\s+)$", work[since:named[0]])
    item_after = re.match(r"\s*(?:,\s*(?:and\s+)?|and\s+)[A-Za-z][\w-]*(?:\s+[\w-]+){0,3}?\s*[(\[]", work[grp[1]:])
    return named[0] if item_before or item_after else since


# the words of a population a subgroup analysis picks by origin, ethnicity, sex or age, which no arm is named by
_POPULATION_ARM_WORD = re.compile(
    r"(?:non-?)?(?:Japanese|Chinese|Korean|Taiwanese|Vietnamese|Thai|Indian|Asian|East|West|South|North|"
    r"European|American|African|Caucasian|Hispanic|Latino|Latina|Black|White|Western|Eastern|elderly|older|"
    r"younger|female|male|women|men)", re.I)


@lru_cache(maxsize=8192)  # pure: the same phrases recur in every report of a trial
def _valid_arm_phrase(p: str, sized: bool = False) -> bool:
    """Whether ``p`` may name an arm; ``sized`` when it is one of two names with sizes in a design clause, where a
    noun in -ing is a procedure ("autografting")."""
    words = [w for w in re.split(r"\s+", p) if w]
    if len(words) >= 2 and re.fullmatch(r"immediate|deferred|delayed|early", words[0], re.I):
        words = words[1:]  # "early ART": the treatment after its timing
    head = words[0]
    if len(words) == 1 and re.fullmatch(_DURATION_ARM, head):
        return True  # "the 6M group"
    if head.lower() in _ARM_STOP or _ENDPOINT_WORDS.match(head) or head[0].isdigit():
        return False
    # a biomarker's status names a population, never an arm: "HER2-low", "PD-L1-positive", "EGFR-mutant", "ER+"
    if any(_BIOMARKER_STATUS.fullmatch(w) for w in words):
        return False
    if len(head) < 2 or any(_ENDPOINT_WORDS.match(w) for w in words):
        return False
    if all(w.lower() in _ARM_STOP for w in words):
        return False
    if all(_POPULATION_ARM_WORD.fullmatch(w) for w in words):
        return False  # "the Japanese subgroup", "27 ... were Japanese", "East Asian patients": a population
    # "preplanned", "evaluated", "overall", "remaining": an adjective, participle or adverb is not a treatment
    if len(words) == 1 and head.islower() and re.search(r"(?:ed|ly|ive|al|ous)$" if sized else
                                                        r"(?:ed|ing|ly|ive|al|ous)$", head) and \
            not _TREATMENT_WORD.match(head):
        return False
    # a disease names the population, never an arm: "immunotherapy for mesothelioma", "patients with leukaemia"
    if len(words) == 1 and _arms.DISEASE_WORD.fullmatch(head):
        return False
    return True


def _regimen_abbreviation(text: str, start: int, phrase: str, abbr: str) -> bool:
    """Whether ``abbr`` in "... and <phrase> (<abbr>)" abbreviates a regimen of several drugs the phrase closes,
    not the phrase alone: the phrase follows a conjunction after another drug and the abbreviation is neither its
    start ("sorafenib (SOR)") nor its words' initials ("nal-IRI plus 5-FU (NI5)")."""
    if not re.search(r"[A-Za-z]{4,}\)?,?\s+(?:and|plus|\+)\s+$", text[max(0, start - 60):start]):
        return False
    if not re.fullmatch(r"[A-Z][A-Za-z0-9+\-]{1,5}", abbr) or sum(c.isupper() for c in abbr) < 2:
        return False  # an abbreviation, not a brand ("Tecentriq")
    letters = re.sub(r"[^A-Za-z]", "", abbr).lower()
    if len(letters) < 2 or re.sub(r"[^a-z]", "", phrase.lower()).startswith(letters):
        return False
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", phrase)).lower()
    return letters != initials and len(letters) > len(re.findall(r"[A-Za-z]+", phrase))


# a literal every match of an arm context contains (the context's pattern, case-sensitive as it is): a text without
# it is not scanned with that pattern, which otherwise tries a treatment phrase at every letter
_ARM_CTX_NEEDS = {2: re.compile(r"\(\s*n\s*=\s*\d"), 3: re.compile(r"\(\s*\d+\s+patients\s*\)"),
                  11: re.compile(r"\n[ \t]*\(?N\s*=\s*\d"), 12: re.compile(r"\n[ \t]*\(?N\s*=\s*\d")}
_ALONE_TAIL = re.compile(r"\s+(?:alone|only|monotherapy)$")
_DOSE_IN_NAME = re.compile(r"\s+(?:at\s+)?\d+(?:\.\d+)?\s*(?:mg|g|mcg|\u00b5g)(?:/(?:kg|m2))?(?=\s|$)")
_ABBREVIATED_ARM = re.compile(rf"\b(?P<a>{_PHRASE})\s*\(\s*(?P<b>[A-Za-z][\w\-+]{{1,12}})\s*[;)]")


# "the DELPHI-304 trial", "KEYNOTE-189 study": a trial named by its series' word and its number
_SERIES_TRIAL = re.compile(r"(?<![\w-])([A-Z][A-Za-z]{2,})[- ]?\d{1,4}[a-z]?\s+(?:(?:phase\s*(?:3|III|2|II)\s+)?trial|study)\b")


# a route of administration's abbreviation, alone where an arm's name was read; the name standing right before it
_ROUTE_ALONE = re.compile(r"(?:SC|SQ|IV|PO|IM)")
_ROUTE_WORD = {"SC": r"\bsubcutaneous(?:ly)?\b", "SQ": r"\bsubcutaneous(?:ly)?\b", "IV": r"\bintravenous(?:ly)?\b",
               "PO": r"\b(?:oral(?:ly)?|by mouth)\b", "IM": r"\bintramuscular(?:ly)?\b"}
_NAME_BEFORE = re.compile(r"(?<![\w-])([A-Za-z][\w+/-]*[A-Za-z0-9])[ \t]+$")


def _route_sense(text: str, abbr: str) -> bool:
    """Whether ``abbr`` ("SC") is a route in ``text``: the route's word is printed and no other words are
    abbreviated so ("salvage chemotherapy (SC)")."""
    if not re.search(_ROUTE_WORD[abbr], text, re.I):
        return False
    return not any(not re.fullmatch(_ROUTE_WORD[abbr], d.group(1), re.I)
                   for d in re.finditer(rf"([A-Za-z]+)\s*[(\[]\s*{abbr}\s*[)\]]", text))


def _trial_series(text: str) -> set[str]:
    """The series words of the trials the text calls a trial or study by word and number ("DELPHI" of "DELPHI-304
    trial")."""
    return {m.group(1).upper() for m in _SERIES_TRIAL.finditer(text)}


def _series_study(phrase: str, series: set[str]) -> bool:
    """'approved based on DELPHI-301' beside 'the DELPHI-304 trial': another study of the trial's series, named
    by the series' word and a number, is no arm."""
    m = re.fullmatch(r"([A-Za-z]{3,})[- ]?\d{1,4}[a-z]?", phrase.strip())
    return m is not None and m.group(1).upper() in series


def _find_arms(text: str) -> tuple[list[Arm], dict[frozenset[str], int]]:
    """The trial's arms (label, size) and a map from the word sets of their names to the arm index."""
    counts: Counter[frozenset[str]] = Counter()
    surface: dict[frozenset[str], Counter[str]] = {}
    first: dict[frozenset[str], int] = {}
    sized_pairs: list[tuple[frozenset[str], ...]] = []
    design_pairs: list[tuple[frozenset[str], frozenset[str]]] = []  # see _arms.add_on_pair
    in_text: set[tuple[int, str]] = set()
    at_pos: Counter[tuple[int, frozenset[str]]] = Counter()
    text = _arms.glued_abbreviations(text)  # "rituximab (R)-GemOx" names the regimen R-GemOx
    series = _trial_series(text)

    def take(ci: int, m: re.Match, offset: int, again: bool) -> None:
        rx, weight = _ARM_CTX[ci], _ARM_CTX_WEIGHT[ci]
        groups = [g for g in ("a", "b", "c") if g in rx.groupindex]
        if ci == 0 and re.search(r"(?:subgroups?|population)$", m.group()) and m.group("a").islower() and \
                " " not in m.group("a") and not _TREATMENT_WORD.match(m.group("a")):
            return  # "in this specific subgroup": a population, no arm (not "the DARZALEX subgroup")
        if rx is _ARM_CTX[_ADDED_AT] and _arm_words(_ALONE_TAIL.sub("", m.group("b").strip())) <= \
                _arm_words(m.group("a")):
            # "the combination of A and B ... compared to A alone": the combination is one arm, A alone (named
            # elsewhere too) the other, an add-on design (see _add_on_design)
            groups = ["a"]
        if rx is _arms.ADDED_TO_PAIR and not _arms.added_pair_same(m):
            return
        if rx is _arms.TRIPLE_LIST and not _arms.drug_triple(m.group("a")) or \
                rx is _arms.TRIPLE_VS_PAIR and not _arms.triple_over_pair(m) or \
                rx is _arms.ADDED_TO_ONE and not _arms.added_to_one_same(m) or \
                rx is _arms.PAIR_GROUP and not _arms.drug_pair(m.group("a")):
            return
        if rx is _arms.TRIPLE_VS_PAIR:
            design_pairs.append((_arm_words(m.group("a")), _arm_words(m.group("b"))))
        if rx is _ARM_CTX[_SIZED_AT]:
            pair = (_arm_words(_DOSE_IN_NAME.sub("", m.group("a"))), _arm_words(_DOSE_IN_NAME.sub("", m.group("b"))))
            if pair[0] < pair[1] or pair[1] < pair[0]:
                design_pairs.append((pair[0], pair[1]))  # "A + B (n = 246) or A (n = 246)": an add-on design
            # a shared drug is the backbone both arms get ("X plus bendamustine-rituximab (n = 261) or placebo
            # plus bendamustine-rituximab (n = 262)"): the arms are named by what differs, as elsewhere
            if any(_TREATMENT_WORD.match(p) for w in pair[0] & pair[1] for p in [w, *re.split(r"[-/]", w)]):
                return
            sized_pairs.append(pair)
        for g in groups:
            p = m.group(g).strip()
            p = _ALONE_TAIL.sub("", p)
            p = _DOSE_IN_NAME.sub("", p)
            if _ROUTE_ALONE.fullmatch(p) and not again and _route_sense(text, p):
                # "Tec-Dara SC vs DPd/DVd" where the text spells the route out ("subcutaneous [SC]"): a route's
                # abbreviation is the end of the regimen named right before it (not "salvage chemotherapy (SC)")
                head = _NAME_BEFORE.search(text, 0, m.start(g))
                if head is not None and _valid_arm_phrase(f"{head.group(1)} {p}"):
                    p = f"{head.group(1)} {p}"
            if not _valid_arm_phrase(p, sized=rx is _ARM_CTX[_SIZED_AT]) or _series_study(p, series):
                continue
            key = _arm_words(p)
            if not key or (again and (ci, p) in in_text):
                continue
            in_text.add((ci, p))
            if again and key not in counts:
                # "nivolumab plus platinum-based chemotherapy" read without its dose is the arm "nivolumab plus
                # chemotherapy" the text names elsewhere: the name confirms that arm, not a new one
                head = p.split()[0].lower()
                subs = [k for k in counts if k < key and head in k]
                if len(subs) == 1:
                    counts[subs[0]] += weight
                    continue
            counts[key] += weight
            at_pos[(offset + m.start(g), key)] += weight
            surface.setdefault(key, Counter())[p] += 1
            first[key] = min(first.get(key, offset + m.start(g)), offset + m.start(g))

    for ci, rx in enumerate(_ARM_CTX):
        need = _ARM_CTX_NEEDS.get(ci)
        if need is not None and not need.search(text):
            continue  # the text lacks what every match of this context contains: no scan from every letter
        for m in rx.finditer(text):
            take(ci, m, 0, False)
    # "randomised to receive A + B (n = 246) or A (n = 246)": the design sizes both names side by side
    for m in _SIZED_SIDE_BY_SIDE.finditer(text):
        design_pairs.append((_arm_words(m.group("a")), _arm_words(m.group("b"))))
    # a design sentence whose regimens carry their doses, routes and schedules ("to receive ivosidenib at 500 mg
    # once daily and azacitidine at 75 mg/m2 for 7 days (n = 72) or ...") is read again without them
    for snt in sentences(text):
        if not _DESIGN_VERB.search(snt.text):
            continue
        plain = _arms.plain_regimens(snt.text)
        if plain == snt.text:
            continue
        for ci in _PLAIN_CTX:
            for m in _ARM_CTX[ci].finditer(plain):
                take(ci, m, snt.start, True)
    # "received only A and B", "A and B alone": the first drug read alone where the pair stands is the pair's mention
    for rx, g in ((_arms.PAIR_ONLY, "a"), (_arms.PAIR_ALONE, "a"), (_arms.ADDED_TO_PAIR, "p"),
                  (_arms.ADDED_TO_PAIR, "b")):
        for m in rx.finditer(text):
            pair = _arm_words(m.group(g))
            for (pos, key), w in list(at_pos.items()):
                if pos == m.start(g) and key != pair and key < pair and key in counts:
                    counts[key] -= w
                    if counts[key] <= 0:
                        counts.pop(key)
                        surface.pop(key, None)
                    at_pos.pop((pos, key))
    # a drug read alone inside a listed regimen ("dexamethasone group" in "the bortezomib and dexamethasone group")
    # is that regimen's mention
    for m, g in _arms.listed_regimens(text):
        whole = _arm_words(m.group(g))
        for (pos, key), w in list(at_pos.items()):
            if m.start(g) <= pos < m.end(g) and key < whole and key in counts:
                counts[key] -= w
                if counts[key] <= 0:
                    counts.pop(key)
                    surface.pop(key, None)
                at_pos.pop((pos, key))
    # "sorafenib (SOR)": an abbreviation names the same arm
    for m in _ABBREVIATED_ARM.finditer(text):
        ka, kb = _arm_words(m.group("a")), _arm_words(m.group("b"))
        if kb in counts and ka != kb and _regimen_abbreviation(text, m.start("a"), m.group("a"), m.group("b")):
            # "daratumumab plus bortezomib and dexamethasone (DVd)": the abbreviation names the regimen, the
            # word before it is one of its drugs, no arm's name
            if ka in counts:
                counts[kb] += counts.pop(ka)
                surface.pop(ka)
                first[kb] = min(first[kb], first.pop(ka))
            # nor are its other drugs after a conjunction: "zorvatinib with lenalidomide and dexamethasone (ZRd)"
            chain = re.search(r"(?:(?:[A-Za-z][\w\-]*)(?:\s*\([^()]{1,20}\))?\s*,?\s+(?:and|plus|\+|with)\s+){1,4}$",
                              text[max(0, m.start("a") - 120):m.start("a")])
            if chain:
                for w in re.findall(r"(?:\b(?:and|plus|with)\s+|\+\s*)([A-Za-z][\w\-]*)", chain.group()):
                    kw = _arm_words(w)
                    if kw != kb and kw in counts and kw != ka:
                        counts.pop(kw)
                        surface.pop(kw, None)
            continue
        if ka in counts and kb in counts and ka != kb and _valid_arm_phrase(m.group("a")) and \
                not _arms.compared_pair(text, m.group("a"), m.group("b")):
            counts[ka] += counts.pop(kb)
            surface[ka].update(surface.pop(kb))
            first[ka] = min(first[ka], first.pop(kb))
    # a trial's name is no arm: "ZETA showed longer PFS ..." beside "the ZETA trial"
    for k in [k for k, forms in surface.items() if any(
            sum(c.isupper() for c in f) >= 2 and re.search(rf"(?<![\w-]){re.escape(f)}\s+(?:trial|study)\b", text)
            for f in forms)]:
        counts.pop(k, None)
    # the words both sized names share are neither arm: "gastrectomy" beside "laparoscopic distal gastrectomy
    # (n = 528) or open distal gastrectomy (n = 528)"
    for ka, kb in sized_pairs:
        if ka != kb and ka in counts and kb in counts:
            for k in [k for k in counts if k and k < ka and k < kb]:
                counts.pop(k)
    n_arms = _arm_count(text)
    listed3: list[frozenset[str]] = []
    if n_arms == 2:
        # "The 1-year PFS rates with A, B, and C were x, y, and z, respectively": those three are the arms
        def listed_key(p: str) -> frozenset[str] | None:
            k = _arm_words(p)
            if k in counts:
                return k
            owners = [key for key, forms in surface.items() if p in forms]
            return owners[0] if len(owners) == 1 else None
        names3 = _arms.three_listed(text, lambda p: listed_key(p) is not None)
        if names3:
            # a name merged into another arm's (an abbreviation) is its own arm here
            for p in names3:
                owner = listed_key(p)
                k = owner if owner is not None and owner not in listed3 else _arm_words(p)
                if k != owner:
                    if owner is not None and sum(surface[owner].values()) > surface[owner][p]:
                        surface[owner].pop(p, None)  # the name is no longer the other arm's
                    counts[k] = max(counts[k], 2)
                    surface.setdefault(k, Counter())[p] += 1
                    first.setdefault(k, text.find(p))
                listed3.append(k)
            if len(set(listed3)) == 3:
                n_arms = 3
            else:
                listed3 = []
    keys = [k for k, c in counts.items() if c >= 2]
    # a generic name ("control", "comparator") only when too few arms are named otherwise
    ranked = sorted(keys, key=lambda k: (k <= _GENERIC_ARMS, -counts[k], first[k]))
    heads = {k: surface[k].most_common(1)[0][0].split()[0].lower().rstrip(",") for k in counts}
    chosen = _choose(ranked, heads, n_arms)
    if listed3:
        chosen = listed3
    if len(chosen) < n_arms:
        ones = sorted((k for k, c in counts.items() if c == 1), key=lambda k: first[k])
        chosen = _choose(ranked + ones, heads, n_arms)
    # "the control arm" beside a control named by its drugs ("physician's choice of A or B", "placebo"): one arm,
    # the generic name no second one; the experimental arm is the best other name
    if n_arms == 2 and len(chosen) == 2 and not listed3:
        named = [k for k in chosen if not k <= _GENERIC_ARMS]
        if len(named) == 1 and (named[0] & _CONTROL_WORDS or "or" in named[0]):
            pool = [k for k in ranked + sorted((k for k, c in counts.items() if c == 1), key=lambda k: first[k])
                    if not k <= _GENERIC_ARMS]
            better = _choose(named + [k for k in pool if k not in named], heads, n_arms)
            if len(better) == 2:
                chosen = better
    add_on = False
    design = _arms.add_on_pair(design_pairs, counts) if n_arms == 2 and not listed3 else None
    if design is not None:
        chosen, add_on = design, True
    if len(chosen) < n_arms and len(chosen) == 1:
        pool = ranked + sorted((k for k, c in counts.items() if c == 1), key=lambda k: first[k])
        if _add_on_design(text, chosen[0], pool, surface):
            chosen = _choose(pool, heads, n_arms, add_on=True)
        add_on = len(chosen) == 2
    single = bool(re.search(r"\b(?:single|one)[- ](?:arm|group)\b|\bnon-?randomi[sz]ed\b", text, re.I))
    # a single-arm study does not randomize nor compare arms ("a previous single-arm study" in a comparative
    # report's introduction does not make its trial single-arm)
    if single and (re.search(r"\b(?:hazard ratios?|HR)\b|\brandomly (?:assigned|allocated)\b|\bversus\b|"
                             r"(?<!non-)(?<!non)\brandomi[sz]ed\s+(?:\(?\d:\d|to\b|in a\b)", text, re.I)):
        single = False
    if single:
        chosen = ranked[:1] if ranked else []
    elif len(chosen) < 2:
        chosen = []
    arms_keys = list(chosen)
    index: dict[frozenset[str], int] = {}
    for i, k in enumerate(arms_keys):
        index[k] = i
    # other candidate names -> arm, by distinctive words
    distinct = []
    for i, k in enumerate(arms_keys):
        others = set().union(*[o for j, o in enumerate(arms_keys) if j != i]) if len(arms_keys) > 1 else set()
        distinct.append(set(k) - others)
    aliases: list[set[str]] = [set() for _ in arms_keys]
    head_words = [_head_word(heads[k]) for k in arms_keys]
    chosen_words = {p for k in arms_keys for w in k for p in [w, *re.split(r"[-/]", w)]}
    for key, forms in surface.items():
        hit = _arm_for_words(key, arms_keys, distinct, head_words)
        if hit is None:
            continue
        if key not in arms_keys and any(_TREATMENT_WORD.match(p) and p not in chosen_words
                                        for w in key for p in [w, *re.split(r"[-/]", w)]):
            continue  # "lenvatinib plus everolimus" names another treatment than the arm "lenvatinib plus ..." 
        if key not in arms_keys and _arms.in_every_arm(key, arms_keys):
            continue  # "ibrutinib" beside "ibrutinib/venetoclax" and "placebo/ibrutinib": the drug both arms get
        index[key] = hit
        aliases[hit].update(forms)
    # "velotinib (arm A)", "Arm A: velotinib": the letter names the arm ("in arm A"), when it names only that one
    lettered: dict[str, set[int]] = {}
    for m in _arms.ARM_LETTER.finditer(text):
        phrase, letter = (m.group("a"), m.group("l")) if m.group("l") else (m.group("a2"), m.group("l2"))
        hit = _arm_for_words(_arm_words(_DOSE_IN_NAME.sub("", phrase)), arms_keys, distinct, head_words)
        if hit is not None:
            lettered.setdefault(re.sub(r"\s+", " ", letter).lower(), set()).add(hit)
    for letter, hits in lettered.items():
        if len(hits) == 1:
            aliases[next(iter(hits))].add(letter)
    arms = []
    for i, k in enumerate(arms_keys):
        label = re.sub(r"\s{2,}", " ", surface[k].most_common(1)[0][0])  # "A +  B" where a broken word was rejoined
        arms.append(Arm(label, None, tuple(sorted(aliases[i] | {label}, key=lambda s: (-len(s), s)))))
    # the arms' order: as the first sentence naming them all lists them (experimental arm first, usually)
    firsts = []
    for rx in _alias_patterns(tuple(a.aliases for a in arms)):
        firsts.append([m.start() for m in rx.finditer(text)] or [0])
    order_at = [f[0] for f in firsts]
    for snt in sentences(text):
        ms = _mentions(snt.text, arms)
        seen: dict[int, int] = {}
        for m0, _m1, arm_i in ms:
            seen.setdefault(arm_i, m0)
        if arms and len(seen) == len(arms):
            order_at = [seen[i] for i in range(len(arms))]
            break
    perm = sorted(range(len(arms)), key=lambda i: order_at[i])
    if add_on:
        # an add-on design names its combination first: "nivolumab + relatlimab versus nivolumab"
        perm = sorted(range(len(arms)), key=lambda i: -len(arms_keys[i]))
    arms = [arms[i] for i in perm]
    remap = {old: new for new, old in enumerate(perm)}
    index = {k: remap[v] for k, v in index.items()}
    arms_keys = [arms_keys[i] for i in perm]
    distinct = [distinct[i] for i in perm]
    arms = _with_generic_names(arms, arms_keys)
    described = zip(_arms.count_names([a.aliases for a in arms]),
                    _arms.added_drug_names([(a.label, *a.aliases) for a in arms]),
                    _arms.initials_names(text, [(a.label, *a.aliases) for a in arms]))
    own_parts = _arms.slash_own_parts([(a.label, *a.aliases) for a in arms])
    arms = [Arm(a.label, a.n, a.aliases + _arms.control_forms(a.label) + _arms.choice_options(a.aliases) +
                tuple(n for n in counted + added + initials + own
                      if n.lower() not in {x.lower() for x in a.aliases}))
            for a, (counted, added, initials), own in zip(arms, described, own_parts)]
    arms = _arm_sizes(text, arms, index, arms_keys, distinct)
    return arms, index


_CONTROL_WORDS = frozenset({"placebo", "observation", "bsc", "soc", "standard", "chemotherapy", "comparator",
                            "physician's", "tpc", "supportive", "control", "sham", "usual"})
_GENERIC_CONTROL = ("control arm", "control group", "control-arm", "comparator arm", "comparator group",
                    "control treatment arm", "control cohort")
_GENERIC_EXPERIMENTAL = ("experimental arm", "experimental group", "investigational arm", "investigational group",
                         "intervention arm", "intervention group", "experimental treatment arm")
_GENERIC_COMBINATION = ("combination arm", "combination group", "combination therapy arm",
                        "combination therapy group", "the combination")


def control_index(keys: list[frozenset[str]]) -> int | None:
    """Which of two arms (by the word sets of their names) is the control: the one whose words are all in the
    other's ('chemotherapy' beside 'nivolumab plus chemotherapy'), else the only one named placebo, standard of
    care, chemotherapy, observation, best supportive care ...; None when the names do not tell."""
    if len(keys) != 2:
        return None
    a, b = keys
    if a < b:
        return 0
    if b < a:
        return 1
    ctl = [i for i, k in enumerate(keys) if k & _CONTROL_WORDS]
    return ctl[0] if len(ctl) == 1 else None


def _with_generic_names(arms: list[Arm], keys: list[frozenset[str]]) -> list[Arm]:
    """Two arms whose control can be told take the generic names: 'the control arm', 'the experimental group'
    and, when only the experimental arm is a combination, 'the combination arm'."""
    ctl = control_index(keys)
    if ctl is None or any(k & {"control", "comparator", "experimental", "investigational", "combination"}
                          for k in keys):
        return arms
    exp = 1 - ctl
    extra: list[tuple[str, ...]] = [(), ()]
    extra[ctl] = _GENERIC_CONTROL
    extra[exp] = _GENERIC_EXPERIMENTAL
    # (also "A in combination with B"; "the combination" alone is then that arm: "PFS rates with the combination
    # were 48% and 31%, respectively, vs 13% and 3% with B alone")
    if re.search(r"\+|\bplus\b|\band\b|-|\b(?:in\s+combination|combined)\s+with\b", arms[exp].label) and \
            not re.search(r"\+|\bplus\b|\band\b|\b(?:in\s+combination|combined)\s+with\b", arms[ctl].label):
        extra[exp] = extra[exp] + _GENERIC_COMBINATION
    return [Arm(a.label, a.n, a.aliases + extra[i]) for i, a in enumerate(arms)]


def _arm_for_words(key: frozenset[str], arms_keys: list[frozenset[str]], distinct: list[set[str]],
                   head_words: list[str] | None = None) -> int | None:
    if key in arms_keys:
        return arms_keys.index(key)
    if head_words:
        own = [i for i, h in enumerate(head_words) if h in key]
        if len(own) == 1:
            return own[0]
    hits = [i for i, d in enumerate(distinct) if d and d & key]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        # "letrozole plus placebo" for the arm "letrozole": words of exactly one arm without a distinctive word
        subs = [i for i, k in enumerate(arms_keys) if not distinct[i] and k <= key]
        if len(subs) == 1 and not any(d & key for d in distinct):
            return subs[0]
    return None


def _choose(ranked: list[frozenset[str]], heads: dict, n_arms: int, add_on: bool = False) -> list[frozenset[str]]:
    """The ``n_arms`` best-ranked names of distinct arms. With ``add_on``, a name whose words are all in a chosen
    one ("nivolumab" beside "nivolumab + relatlimab") is an arm of its own: an add-on design's control."""
    chosen: list[frozenset[str]] = []
    for k in ranked:
        if k in chosen:
            continue
        if n_arms == 2 and not add_on and _arms.shared_backbone(k, ranked):
            continue  # "ADT" beside "darolutamide, ADT, and docetaxel" and "ADT, docetaxel and placebo": both get it
        if n_arms == 2 and add_on and any(k < c or c < k for c in chosen):
            chosen.append(k)
            if len(chosen) == n_arms:
                break
            continue
        if n_arms == 2 and any((k < c or c < k) and heads[k] == heads[c] for c in chosen):
            continue  # "ribociclib" and "ribociclib plus fulvestrant": one arm, named both ways
        if n_arms == 2 and any(_head_word(heads[c]) == _head_word(heads[k]) and not (_own_drug(k, heads[k])
                                                                                  and _own_drug(c, heads[c]))
                               for c in chosen):
            continue  # "placebo plus pemetrexed-platinum" and "placebo-combination": one arm
        chosen.append(k)
        if len(chosen) == n_arms:
            break
    return chosen


def _add_on_design(text: str, chosen: frozenset[str], ranked: list[frozenset[str]], surface) -> bool:
    """Whether the report compares a combination with one of its own drugs given alone: "nivolumab + relatlimab
    versus nivolumab", "X plus Y or X alone". Only then are the two names two arms, not one arm named two ways."""
    subs = [k for k in ranked if k != chosen and (k < chosen or chosen < k)]
    if not subs:
        return False
    short, long = (subs[0], chosen) if subs[0] < chosen else (chosen, subs[0])
    names = {n for k in (short, long) for n in surface[k]}
    longs = [re.escape(n) for n in surface[long]]
    shorts = [re.escape(n) for n in surface[short]]
    if not longs or not shorts or not names:
        return False
    l_rx, s_rx = "(?:" + "|".join(longs) + ")", "(?:" + "|".join(shorts) + ")"
    return re.search(rf"(?<![\w-]){l_rx}(?![\w-])(?:[^.;]|\.(?=\d)){{0,80}}?\b(?:versus|vs\.?|compared (?:with|to)|over|or)\s+"
                     rf"(?:(?:[^.;]|\.(?=\d)){{0,30}}?\b(?:with|in|for)\s+)?(?:the\s+)?{s_rx}\b(?!\s*(?:\+|plus|and)\s)", text, re.I) is not None or \
        re.search(rf"(?<![\w-]){s_rx}(?:\s+\d+(?:\.\d+)?\s*(?:mg|g|mcg|\u00b5g)(?:/(?:kg|m2))?)?\s+(?:alone|monotherapy)\b",
                  text, re.I) is not None


def _own_drug(key: frozenset[str], head: str) -> bool:
    """Whether a name has a treatment word besides its head word: 'trastuzumab deruxtecan' beside 'trastuzumab
    emtansine' are two arms, 'placebo plus pemetrexed-platinum' beside 'placebo-combination' are one."""
    hw = _head_word(head)
    rest = {p for w in key for p in [w, *re.split(r"[-/]", w)]} - {hw, head}
    return any(_TREATMENT_WORD.match(w) or re.search(r"(?:tecan|vedotin|tansine|leucel|mafodotin|tesirine|"
                                                      r"ozogamicin)$", w) for w in rest)


def _head_word(head: str) -> str:
    parts = re.split(r"[-/]", head)
    return parts[0] if len(parts) > 1 and all(len(x) >= 4 for x in parts) else head


def _arm_count(text: str) -> int:
    # four arms: "randomly assigned, in a 1:1:1:1 ratio", "one of the four treatment regimens", "four-arm"
    if re.search(r"\b[1-3]\s*:\s*[1-3]\s*:\s*[1-3]\s*:\s*[1-3]\b(?=[^.]{0,40}(?:ratio|fashion|randomi|\)|to\b))|"
                 r"\bfour[- ]arm\b|\bfour\s+(?:treatment\s+|study\s+)?(?:arms|regimens)\b|\bfour\s+(?:treatment|study)\s+groups\b",
                 text, re.I):
        return 4
    m = re.search(r"\b([1-3])\s*:\s*([1-3])(?:\s*:\s*([1-3]))?\b(?=[^.]{0,40}(?:ratio|fashion|randomi|\)))", text)
    if m and m.group(3):
        return 3
    # "randomly assigned 1:1:1 to A, B, or C"
    if re.search(rf"\b(?:assigned|randomi[sz]ed|allocated)\s+{_ASSIGNED_COUNT}(?:\(\s*)?[1-3]\s*:\s*[1-3]\s*:\s*[1-3]\b",
                 text, re.I):
        return 3
    # "a study of A plus B vs A monotherapy or C": a combination against its own drug alone or another control
    if _VS_ALONE_OR.search(text):
        return 3
    if re.search(r"\bthree[- ](?:arm|group)\b|\bthree (?:treatment |study )?(?:arms|groups)\b", text, re.I):
        return 3
    # the design sentence sizes three arms: "randomized to receive A (n=179), B (n=179), or C (n=177)", "... to A
    # (405 patients), B (402 patients), or C (397 patients)"
    size = r"\bn\s*=\s*\d+|\(\s*\d+\s+patients\s*\)"
    if len(re.findall(size, text)) < 3:
        return 2
    if _arms.THREE_SIZED.search(text):
        return 3
    for snt in sentences(text):
        verb = re.search(r"randomi[sz]|assigned|allocated", snt.text, re.I)
        # a size before the design verb counts everyone randomized: "Patients (n = 402) were randomized to ..."
        if verb and len(re.findall(size, snt.text[verb.start():])) == 3 and \
                not re.search(r"\b(?:total|overall)\b[^;]{0,30}\bn\s*=", snt.text, re.I):
            return 3
    return 2


# the sizes listed after the design verb: "794 patients were randomized (nivolumab, 532; placebo, 262)", "(BVd n = 243,
# DVd n = 251)", "(245 in the dostarlimab arm; 249 in the placebo arm)", "randomized, 127 in the immediate ART group
# and 126 in the deferred ART group;", "The primary analysis involved 1306 patients (651 in the A group and 655 in the B
# group)" (an analysis that involved its patients counts them as one that included them)
_N_LIST_HEAD = re.compile(r"\b(?:randomi[sz]ed|randomly\s+(?:assigned|allocated)|assigned|allocated|enrolled|included|"
                          r"comprised|involved)\b(?:\s+\d{1,3}(?:,?\d{3})?\s+(?:patients|participants))?\s*(?P<o>\(|,|:)\s*",
                          re.I)
_N_LIST_AFTER = re.compile(r"(?:\s+(?:arm|group|cohort))?\s*(?:[,:=]\s*|\s+)(?:n\s*=\s*)?(?P<n>\d+)"
                           r"(?:\s+(?:patients|participants|pts))?\s*(?=[;,)]|\band\b|$)", re.I)
_N_LIST_BEFORE = re.compile(r"(?:^|[;,(]\s*|\band\s+|\bwith\s+)(?:(?P<n>\d+)\s+(?:patients\s+|participants\s+|pts\s+)?"
                            r"(?:were\s+)?(?:in|to|into)\s+(?:the\s+)?|n\s*=\s*(?P<m>\d+)\s+(?:(?:in|to|into)\s+(?:the\s+)?)?)$", re.I)


def _listed_sizes(t: str, mentions, n_arms: int) -> dict[int, int]:
    """Every arm's size in a list right after "randomized"/"assigned" (see _N_LIST_HEAD), each arm once and every
    arm named; nothing when the list sizes only some arms or names an arm twice."""
    for h in _N_LIST_HEAD.finditer(t):
        start = h.end()
        close = t.find(")", start) if h.group("o") == "(" else -1
        end = close if close >= 0 else (min([i for i in (t.find(";", start), t.find(". ", start)) if i >= 0] + [len(t)]))
        if _N_SKIP.search(t[start:end]):
            continue
        seg = t[start:end]
        got: dict[int, int] = {}
        for a0, a1, a in mentions:
            if not (start <= a0 and a1 <= end):
                continue
            n = None
            ma = _N_LIST_AFTER.match(seg, a1 - start)
            mb = _N_LIST_BEFORE.search(seg[:a0 - start])
            if ma:
                n = int(ma.group("n"))
            if mb:
                nb = int(mb.group("n") or mb.group("m"))
                if n is not None and n != nb:
                    return {}
                n = nb
            if n is None:
                continue
            if a in got:
                return {}
            got[a] = n
        if len(got) >= 2 and len(got) == n_arms:
            return got
    return {}


# a count of events or a result's count: "failures (n = 10)", "(n = 21; P = .02)"
_N_EVENT_WORD = re.compile(r"\b(?:failures?|events?|deaths?|relapses?|recurrences?|progressions?|responders?|"
                           r"responses|complications?)\s*\(\s*n\s*=\s*\d+\s*\)", re.I)
_N_EVENTS = re.compile(_N_EVENT_WORD.pattern + r"|\(\s*n\s*=\s*\d+\s*[;,]\s*P\s*[=<>]", re.I)


_N_DURATIONS = re.compile(r"\b(?P<d1>\d{1,2})\s*\(\s*n\s*=\s*(?P<n1>\d+)\s*\)\s*,?\s*(?:or|and|versus|vs\.?)\s+"
                          r"(?P<d2>\d{1,2})\s*\(\s*n\s*=\s*(?P<n2>\d+)\s*\)\s*(?P<u>months?|weeks?|years?)\b", re.I)


def _duration_sizes(t: str, arms_keys: list[frozenset[str]]) -> dict[int, int]:
    """"randomly assigned to receive X for 6 (n = 654) or 12 (n = 650) months": the sizes of the arms named by
    their durations ("the 6M group")."""
    sizes: dict[int, int] = {}
    for m in _N_DURATIONS.finditer(t):
        unit = m.group("u")[0].lower()
        for d, n in ((m.group("d1"), m.group("n1")), (m.group("d2"), m.group("n2"))):
            hits = [i for i, k in enumerate(arms_keys) if k == frozenset({f"{int(d)}{unit}"})]
            if len(hits) == 1:
                sizes.setdefault(hits[0], int(n))
    return sizes


_ROW_BREAK = re.compile(r"(?<=\|)[ \t]*(?=\|[ \t]*[A-Za-z])")


def _table_rows_apart(sents: list[Sentence]) -> list[Sentence]:
    """The sentences with the rows of a text table the splitter ran together ("| Intervention | A (n = 8,803). |
    | Comparison | placebo (n = 8,801). | | Outcome | ... deaths ...") cut apart, so that one row's words (a death
    count) do not make another row's sizes a safety figure."""
    out: list[Sentence] = []
    for s in sents:
        cuts = [0] + [m.start() for m in _ROW_BREAK.finditer(s.text)] + [len(s.text)]
        out.extend(Sentence(s.start + a, s.start + b, s.text[a:b]) for a, b in zip(cuts, cuts[1:]) if b > a)
    return out


def _arm_sizes(text: str, arms: list[Arm], index, arms_keys, distinct) -> list[Arm]:
    sizes: dict[int, int] = {}
    each: int | None = None
    # "Arm A: (T+D+CT) ... (n=338)": the line's size is the arm its abbreviation names
    for m in _arms.ARM_LINE.finditer(_arms.without_thousands_commas(text)):
        hit = [a for a0, a1, a in _mentions(m.group("a"), arms) if (a0, a1) == (0, len(m.group("a")))]
        if hit:
            sizes.setdefault(hit[0], int(m.group("n")))
    # "Pembrolizumab 200 mg (590) or placebo (587)" opening a line: the two arms' sizes
    if len(arms) == 2:
        plain = _arms.without_thousands_commas(text)
        for a, n in _arms.pair_sizes(_COUNTED_PAIR_LINE, plain, _mentions(plain, arms)).items():
            sizes.setdefault(a, n)
    # each item of a list the sentence splitter left joined is read alone ("• randomly assigned to A (n = 464) or
    # B (n = 465) • ... = 398 deaths": the deaths are another item's)
    for st in [item for s in _table_rows_apart(sentences(text)) for item in _arms.list_items(s.text)]:
        # "(PD-L1 >= 1%, n = 140)" is a subgroup's count; "A at 500 mg once daily (n = 72)" sizes the arm A;
        # "(n = 1,204)" is 1204
        t = _arms.mask_subgroup_counts(_arms.without_thousands_commas(_spelled_numbers(st)))
        if _arms.subgroup_sentence(t):
            continue  # "Among 120 patients with del(17p), 61 were assigned to A and 59 to B": a subgroup's counts
        if _SUBSET_SIZES.search(t) or _SUBGROUP_OPENING.match(t) and not _DESIGN_VERB.search(t):
            continue  # the arms of an analysis of part of the randomized patients, not the trial's arms
        if _DESIGN_VERB.search(t):
            t = _arms.plain_regimens(t)
        mentions = _mentions(t, arms)
        if len(arms) >= 2:
            for a, n in _duration_sizes(t, arms_keys).items():
                sizes.setdefault(a, n)
            for a, n in _listed_sizes(t, mentions, len(arms)).items():
                sizes.setdefault(a, n)
            if len(arms) == 2:
                # (bare counts in brackets size the arms only in a design sentence: "A (12) or B (15)" elsewhere
                # counts events; a line opening with them is read by _COUNTED_PAIR_LINE)
                bare = (_BARE_COUNT_PAIR,) if _DESIGN_VERB.search(t) else ()
                for rx in (_arms.POPULATION_PAIR, _arms.COLON_SIZED, _BRACKET_VS) + bare:
                    for a, n in _arms.pair_sizes(rx, t, mentions).items():
                        sizes.setdefault(a, n)
        if _N_SKIP.search(st) or _N_SAFETY.search(st):
            continue
        for a, n in _arms.sizes_in_order(t, mentions, len(arms)).items():
            sizes.setdefault(a, n)
        if each is None and len(arms) >= 2:
            me = _N_EACH.search(t)
            if me:
                each = int(me.group("n") or me.group("m") or me.group("e"))
            elif mp := _arms.EACH_PER_ARM.search(t):
                each = int(mp.group("n"))  # "N=680 (340 per arm)"
        # "N1 and N2 patients ... were randomized to A and B, respectively": the sizes in the arms' order
        for m in _N_RESPECTIVE.finditer(t):
            named: list[int] = []
            for a0, _a1, a in mentions:
                if m.start("rest") <= a0 < m.end("rest") and a not in named:
                    named.append(a)
            if len(named) == 2:
                for a, g in zip(named, ("n1", "n2")):
                    sizes.setdefault(a, int(m.group(g)))
        design = _N_DESIGN.search(t) is not None
        if not design and _N_EVENTS.search(t):
            continue  # "fewer treatment failures (n = 10) than ... (n = 21; P = .01)": counts of events, no sizes
        # in a design sentence too, "relapses (n = 8) than those on B (n = 19; P = .01)" counts events
        events = [m.span() for m in _N_EVENTS.finditer(t)] if _N_EVENT_WORD.search(t) else []
        found: list[tuple[int, int, int, int | None]] = []
        for i, rx in enumerate(_N_PATTERNS):
            if i >= 8 and not design:
                continue
            for m in rx.finditer(t):
                to = m.end("to") if "to" in rx.groupindex and m.group("to") is not None else None
                found.append((m.start("n"), m.end("n"), int(m.group("n")), to))
        found.sort()
        seen = set()
        prev_end = 0
        for k, (pos, end, n, to) in enumerate(found):
            nxt_n = min([f[0] for f in found[k + 1:] if f[0] > pos] + [len(t)])
            of_total = re.search(r"(?<!total )\b(?:of|among)\s+(?:the\s+)?$", t[max(0, pos - 18):pos], re.I)
            # "Among the 354 patients randomized to IR, 214 (60.5%) remain on ibrutinib": the arm's size, not a total
            among_arm = re.search(r"\bamong\s+the\s+$", t[max(0, pos - 12):pos], re.I) and re.match(
                r"\d+\s+(?:patients|participants)\s+(?:randomly\s+)?(?:randomi[sz]ed|assigned)\s+to\s+[^,;()]{1,60},\s+\d",
                t[pos:])
            if pos in seen or (of_total and not among_arm) or any(e0 <= pos < e1 for e0, e1 in events) or \
                    _arms.total_after_list(t, pos, mentions) or _total_with_ratio(t, pos, end, mentions):
                continue  # "to A or B (n = 120)", "(n = 1177; HR, 0.76 ...)": the total the comparison is of
            # "were 2:1 randomised to": a ratio's part; "ORR was 67.5% (n=295)": the count behind a rate
            if re.search(r"\d\s*:\s*$", t[max(0, pos - 6):pos]) or \
                    re.search(r"\d\s*%\s*\(\s*n\s*(?:=|\s5\s|5)\s*$", t[max(0, pos - 20):pos], re.I):
                seen.add(pos)
                continue
            # "A total of 535 patients were randomized to receive A (n=179), B (n=179), or C (n=177)": a total
            # ("A total of 484 women were randomly assigned to ribociclib plus fulvestrant, and 242 ..." is a size)
            if to is not None and len(_N_EQ.findall(t[end:])) >= 2:
                seen.add(pos)
                continue
            seen.add(pos)
            # "N were assigned to ARM", else the arm named last between the previous size and this one
            after = [a for (a0, a1, a) in mentions if to is not None and to <= a0 <= to + 30 and re.match(
                r"^(?:receive\s+)?(?:either\s+)?(?:the\s+)?(?:IV\s+|oral\s+)?$", t[to:a0], re.I)]
            before = [a for (a0, a1, a) in mentions if prev_end <= a0 and a1 <= pos]
            if to is not None and not after:
                # "664 were assigned to receive brentuximab vedotin, ... (A+AVD)": the arm named next, not before
                later = [a for (a0, a1, a) in mentions if to <= a0 < nxt_n
                         and re.fullmatch(r"(?:receive\s+)?(?:either\s+)?[^0-9;]{0,120}", t[to:a0])]
                before = later[:1]
            if after and to is not None and _lists_arms(t, to, mentions):
                # "600 patients were randomized to zorvatinib or placebo": the total of both, no arm's size
                prev_end = end
                continue
            arm = after[0] if after else (before[-1] if before else None)
            if to is None and re.search(r"\(\s*n\s*(?:=|\s5\s|5)\s*$", t[max(0, pos - 12):pos]) and len(arms) == 2:
                # "(n = 179)" after "nivolumab at 360 mg plus platinum-based chemotherapy": the whole phrase since
                # the last separator names the arm by its distinctive words, not its last word
                by_words = _phrase_arm(t, pos, prev_end, arms_keys, distinct)
                if by_words is not None:
                    arm = by_words
            prev_end = end
            if arm is not None and arm not in sizes:
                sizes[arm] = n
    if each is not None:
        for i in range(len(arms)):
            sizes.setdefault(i, each)
    for i, n in _denominator_sizes(text, arms).items():
        sizes.setdefault(i, n)
    # "the treatment arm (n = 93)" beside "the control arm (n = 94)": the arm that is not the control
    ctl = [i for i, k in enumerate(arms_keys) if k & _CONTROL_WORDS]
    if len(arms) == 2 and len(ctl) == 1 and 1 - ctl[0] not in sizes:
        for s in sentences(text):
            if _N_SKIP.search(s.text) or _N_SAFETY.search(s.text):
                continue
            gm = re.search(r"(?<![\w-])(?<!each )(?<!both )(?<!per )(?:treatment|experimental|intervention|investigational)"
                           r"\s+(?:arm|group)\s*\(\s*n\s*=\s*(\d+)\s*\)", s.text, re.I)
            if gm:
                sizes[1 - ctl[0]] = int(gm.group(1))
                break
    for i, n in _table_sizes(text, arms).items():
        sizes.setdefault(i, n)
    # an arm sized differently in two randomizations ("between ASCT (n = 52) and observation", "between ASCT (n = 46)
    # and FC") has no one size
    for i in _sized_twice(text, arms_keys):
        sizes.pop(i, None)
    return [Arm(a.label, sizes.get(i), a.aliases) for i, a in enumerate(arms)]


def _sized_twice(text: str, arms_keys: list[frozenset[str]]) -> set[int]:
    """The arms two design clauses give different sizes ("randomized between A (n = 52) and B (n = 53)" and
    "randomized between A (n = 46) and C (n = 48)")."""
    seen: dict[int, set[int]] = {}
    for m in _ARM_CTX[_SIZED_AT].finditer(text):
        for g in ("a", "b"):
            key = _arm_words(m.group(g))
            n = _SIZED_N_AT.match(text, m.end(g))
            if key in arms_keys and n:
                seen.setdefault(arms_keys.index(key), set()).add(int(n.group(1)))
    return {i for i, ns in seen.items() if len(ns) > 1}


_DENOMINATOR = re.compile(r"(?<![\w.,-])\d+\s*\(\s*\d+(?:\.\d+)?\s*%\s*\)\s+(?:out\s+)?of\s+(?:the\s+)?(?P<n>\d+)\s+"
                          r"(?:patients|participants|women|men)\s+in\s+the(?P<to>\s+)")
_DENOMINATOR_SKIP = re.compile(r"\b(?:adverse|TEAE|TRAE|AEs?\b|grade\s*\d|discontinu|toxicit|safety)", re.I)


def _denominator_sizes(text: str, arms: list[Arm]) -> dict[int, int]:
    """Both arms' sizes as the denominators of one count each: "102 (29.4%) out of 347 patients in the A arm and
    93 (53.4%) out of 174 patients in the B arm had progressed". Not from a safety sentence (its population may
    differ), and only when every arm gets its own denominator in that sentence."""
    if len(arms) != 2:
        return {}
    for s in sentences(text):
        if _N_SKIP.search(s.text) or _DENOMINATOR_SKIP.search(s.text):
            continue
        got: dict[int, int] = {}
        mentions = _mentions(s.text, arms)
        for m in _DENOMINATOR.finditer(s.text):
            nxt = [(a0, a1, a) for a0, a1, a in mentions if a0 >= m.end("to")]
            if nxt and nxt[0][0] - m.end("to") <= 12 and re.match(r"\s*(?:arm|group)\b", s.text[nxt[0][1]:]):
                got.setdefault(nxt[0][2], int(m.group("n")))
        if len(got) == 2:
            return got
    return {}


def _lists_arms(t: str, to: int, mentions) -> bool:
    """Whether the arm named at ``to`` ("N were randomized to A ...") is followed by another arm in a list of the
    arms ("A or B", "either A or B", "A (1 cycle) and B"), not by another size ("A, and 242 to B")."""
    first = next(((a0, a1, a) for a0, a1, a in mentions if a0 >= to), None)
    if first is None:
        return False
    rest = t[first[1]:]
    # (also after the backbone both arms get: "A with mFOLFOX6 chemotherapy or placebo with ...")
    m = re.match(r"(?:\s*\([^()]{0,60}\))?(?:\s+\d+(?:\.\d+)?\s*(?:mg|g|mcg|\u00b5g)\S*)?"
                 r"(?:\s+(?:with|plus|\+|in\s+combination\s+with)\s+[^,;()]{1,40}?)?\s*,?\s*(?:or|and|versus|vs\.?)\s+"
                 r"(?:to\s+)?(?:receive\s+)?(?:the\s+)?(?:IV\s+|oral\s+)?", rest)
    if m is None:
        return False
    at = first[1] + m.end()
    return any(a0 == at and a != first[2] for a0, _a1, a in mentions)


_WRAPPED_NAME = re.compile(r"^\s*(?:[+&/]|(?:plus|and|with)\s)\s*[A-Za-z]", re.I)
_TABLE_N_LINE = re.compile(rf"^{_BULLET}\s*(?:\(?N\s*=\s*\d+\)?\s*)+(?:\s+.*)?$")


def _table_sizes(text: str, arms: list[Arm]) -> dict[int, int]:
    """Sizes printed in a table's header under the arms' names: "ZYTIGA\n(N=797)", "Femara Placebo\nN=2582 N=2586"
    (in the names' order), or before a name in a list: "N=2152 dapagliflozin (10 mg once daily)"."""
    sizes: dict[int, int] = {}
    lines = _arms.without_thousands_commas(text).split("\n")  # "(N=2,373)"
    for li, line in enumerate(lines):
        if not _TABLE_N_LINE.match(line):
            continue
        lead = re.match(rf"{_BULLET}\s*((?:\(?N\s*=\s*\d+\)?\s*)+)(.*)$", line)
        if lead is None:
            continue
        ns = [int(x) for x in re.findall(r"N\s*=\s*(\d+)", lead.group(1))]
        prev = lines[li - 1] if li else ""
        if not prev.strip() and li >= 2:
            prev = lines[li - 2]  # a double-spaced header: "Apalutamide\n\n(N=806)"
        elif li >= 2 and _WRAPPED_NAME.match(prev):
            prev = lines[li - 2] + "\n" + prev  # a name wrapped onto a second line: "Atezolizumab\n+ CP/ET\n(N = 201)"
        ends = [(a0, a1, a) for a0, a1, a in _mentions(prev, arms)]
        # the names closing the line above, one per size, in their order
        tail: list[int] = []
        pos = len(prev.rstrip())
        for a0, a1, a in reversed(ends):
            if prev[a1:pos].strip() or a in tail:
                break
            tail.insert(0, a)
            pos = a0
        if len(tail) >= len(ns):
            for a, n in zip(tail[-len(ns):], ns):
                sizes.setdefault(a, n)
            continue
        if len(ns) == 1:
            rest = lead.group(2)
            after = _mentions(rest, arms)
            if after and not rest[:after[0][0]].strip():
                sizes.setdefault(after[0][2], ns[0])
    return sizes


def _phrase_arm(text: str, pos: int, floor: int, arms_keys, distinct) -> int | None:
    """The arm that the phrase right before an '(n = N)' at ``pos`` names, by the words of the arms' names."""
    paren = text.rfind("(", floor, pos)
    if paren < 0:
        return None
    head = text[floor:paren]
    cut = max([m.end() for m in re.finditer(r"[,;(\[]|\b(?:or|versus|vs\.?|to|and|receive|either)\s", head)] + [0])
    words = _arm_words(head[cut:])
    words = frozenset(p for w in words for p in [w, *re.split(r"[-/]", w)])
    if not words:
        return None
    hits = [i for i, d in enumerate(distinct) if d & words]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        subs = [i for i, (k, d) in enumerate(zip(arms_keys, distinct)) if not d and k <= words]
        if len(subs) == 1:
            return subs[0]
    return None


@lru_cache(maxsize=256)
def _alias_patterns(aliases: tuple[tuple[str, ...], ...]) -> list[re.Pattern]:
    """One pattern per arm matching any of its names (longest first) as whole words, ignoring case."""
    return [re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w|-(?!(?:arms?|groups?|treated)\b))",
                       re.I)  # "the velotinib-arm", "velotinib-treated patients" name the arm "velotinib"
            for names in aliases]


def _mentions(text: str, arms: list[Arm]) -> list[tuple[int, int, int]]:
    """Arm mentions in ``text``: (start, end, arm index), longest names first, not overlapping."""
    spans: list[tuple[int, int, int]] = []
    cands = []
    for i, rx in enumerate(_alias_patterns(tuple(a.aliases for a in arms))):
        for m in rx.finditer(text):
            cands.append((m.start(), m.end(), i))
    cands.sort(key=lambda t: (-(t[1] - t[0]), t[0]))
    taken: list[tuple[int, int]] = []
    for a0, a1, i in cands:
        if any(a0 < b1 and b0 < a1 for b0, b1 in taken):
            continue
        taken.append((a0, a1))
        spans.append((a0, a1, i))
    return sorted(spans)


# ---------------------------------------------------------------------------------------------------------
# trial name
_TRIAL_STOP = {"NSCLC", "RECIST", "ECOG", "HER2", "EGFR", "BRCA", "BRCA1", "BRCA2", "HCC", "TNBC", "MRD", "CAR",
               "ASCO", "ESMO", "FDA", "EMA", "NEJM", "BSC", "TKI", "SOC", "ORR", "PFS", "OS", "DFS", "EFS", "CI",
               "PD-L1", "PD-1", "CTLA-4", "CDK4", "BCMA", "MDS", "RCC", "AJCC", "IMWG", "MSKCC", "IRF", "BICR",
               "HR", "PFS2", "PFS-2", "GOG", "ENGOT", "CD38", "IFN", "ISS", "US", "USA", "EU", "TPS", "CPS",
               "LBA", "GHS", "QLQ-C30", "EORTC", "TEAE", "TEAEs", "TRAEs", "AEs", "MD", "PhD", "IV", "DNA",
               "PARP", "TDD", "TTD", "KM", "IA", "ITT", "RNA", "PSA", "HRQOL", "HRQoL", "COVID-19", "WHO",
               "AFP", "BCLC", "ABC", "ET", "CFS", "IDMC", "DSMB", "SPA", "CNS", "NCI", "CTCAE", "UCLA", "MMY3008",
               "II", "III", "IV", "IB", "IIIA", "IIIB", "L858R", "T790M", "ALK", "TCE", "R/RMM", "RRMM", "NDMM",
               "MySIm-Q", "HMAs", "HMA", "NASDAQ", "NYSE", "TSE", "GLOBE", "NEWSWIRE", "BUSINESS", "WIRE",
               "KRAS", "ATEZO", "BEV", "SOR", "LPI", "SLD", "DCR", "CR", "VGPR", "PR", "SD", "PD",
               "OSAKA", "BASEL", "PBO", "RIB", "DPd", "PVd", "VTd", "D-VTd", "D-Rd", "Rd", "T-DXd", "T-DM1",
               "TPC", "SRs", "RTTNews", "AZN", "MSD", "DLL3", "TROP2", "HR+", "NR", "NE", "NA", "PR", "CME",
               # genes, markers and growth factors of a subgroup
               "IGHV", "GM-CSF", "G-CSF", "TP53", "MMRp", "MMRd", "dMMR", "pMMR", "MSI-H", "MSS", "FLT3", "NPM1",
               "IDH1", "IDH2", "BTK", "BCL2", "CD20", "CD19", "VEGF", "HLA", "JAK2", "PIK3CA", "ESR1", "ROS1", "MET",
               "BRAF", "NTRK", "HRD", "HRR", "ctDNA", "CLL", "AML", "ALL", "MCL", "DLBCL", "cHL",
               # quality of life and a citation's database identifiers ("PMCID: PMC1234567")
               "QoL", "QOL", "PMID", "PMCID"}
# a PubMed Central article's identifier ("PMC11936473"), never a trial
_PMC_ID = re.compile(r"PMC\d{5,}")
# a citation's title closed by the trial's name in brackets and a colon, then the design, which may run long:
# "... in hospitalised adults (ORBIT-2): a randomised, double-blind, placebo-controlled phase 3 trial",
# "(HALO/KEYNOTE-999): an interim analysis of a randomised, open-label, phase 3 trial"
_TITLE_NAME_BEFORE = re.compile(r"\((?:[A-Z][\w-]*/)?$")
_TITLE_NAME_AFTER = re.compile(r"(?:/[A-Z][\w-]*)?\)\s*:\s*(?:an?|the)\s+(?:[\w-]+,?\s+){0,10}?(?:trial|study)\b", re.I)
# a label-value line naming the trial: "Trial name: ORBIT-2", "- Study acronym" over "- ORBIT-2"
# a design sentence whose list of attributes runs past the short window: "ORBIT-2 is a randomized, double-blind,
# placebo-controlled, multicenter, phase 3 trial"
_LONG_DESIGN_AFTER = re.compile(r"\s*(?:is|was)\s+an?\s+(?:[\w-]+,?\s+){6,9}?(?:trial|study)\b", re.I)
_NAME_LABEL_BEFORE = re.compile(r"(?:^|\n)[ \t]*(?:[-*\u2022][ \t]*)?(?:trial|study)[ \t]+(?:name|acronym)[ \t]*"
                                r"(?::[ \t]*|\n[ \t]*(?:[-*\u2022][ \t]*)?)$", re.I)
_TRIAL_RE = re.compile(r"(?<![\w-])([A-Z][A-Za-z]*[A-Z][A-Za-z]*(?:-[A-Z][A-Za-z]+|-[A-Z]\d{1,3}|-[A-Z](?![\w-])|(?:\s?-\s?|\s)\d{1,4}"
                       r"(?:[a-z]|[A-Z]{1,2})?|\d{1,4})?(?:[-/ ]?\d{1,4}[a-z]?)?)(?![\w-])")
# names read only where a mention stands in a trial's own context (see _TRIAL_WEAK): a lower-case start ("monarchE"),
# a cooperative group's protocol number without the group ("E1910", "S1826"), two letters and a number ("EV-302")
_TRIAL_LOWER = re.compile(r"(?<![\w-])([a-z]{3,}[A-Z][A-Za-z]*(?:[ -]\d{1,4})?)(?![\w-])")  # "monarchE", "innovaTV 301"
_TRIAL_PROTOCOL = re.compile(r"(?<![\w-])([A-Z]\d{4}|[A-Z]{2}-\d{2,4})(?![\w-])")  # (also "EF-14")
_TRIAL_WEAK = 3.0
# a name's definition on its own line, its words in capitals up to "Trial" or "Study": "X-Y: Tafamidis in Transthyretin
# Cardiomyopathy Clinical Trial" (the small words between capitalized ones allowed)
_SPELLED_OUT_TRIAL = re.compile(r"[ \t]*:[ \t]*(?:(?:[A-Z][\w-]*|in|of|for|with|and|the|to|on|versus|vs\.?)[ \t]+){1,14}?"
                                r"(?:Clinical[ \t]+)?(?:Trial|Study)\b")
# names of more than one word, read only beside "trial"/"study": "the Myeloma XI trial", "the MCL Younger trial";
# a cooperative group's protocol number: "SWOG S0016", "CALGB 9343"
_TRIAL_MULTI = re.compile(r"(?<![\w-])((?!(?:Phase|Stage|Part|Type|Grade|Class|Cohort|Level|Study|Trial|Arm|The)\s)"
                          r"[A-Z][a-z]{2,}\s[IVX]{1,5}|(?![IVX]+\s)[A-Z]{2,6}\s[A-Z][a-z]{3,})(?=\s+(?:trial|study)\b)")
# a one-word name after the phase: "the phase III Polo trial" (not "the phase III Japanese trial")
# a group's numbered study: "JFMC study no. 23", "the XYZ Study No. 7"
_TRIAL_NUMBERED = re.compile(r"(?<![\w-])([A-Z]{2,6}\s+(?:[Ss]tudy|[Tt]rial|[Pp]rotocol)\s+(?:[Nn]o\.|[Nn]umber|#)\s*\d{1,4})(?!\w|-\w)")
_TRIAL_PHASED = re.compile(r"\b[Pp]hase\s+(?:III|II|I|[123])[ab]?\s+(?!(?:Randomi[sz]ed|Multicent(?:er|re)|International|"
                           r"Global|Pivotal|Confirmatory|Registrational|Open|Double|Single|Blinded|Placebo|Controlled|"
                           r"Prospective|Adjuvant|Neoadjuvant|Clinical|Trial|Study)\b)(?![A-Z][a-z]+(?:ese|ian|ish|ean|can|ch|ic)\b)"
                           r"([A-Z][a-z]{2,}[A-Za-z0-9]*)(?=\s+(?:trial|study)\b)")
_TRIAL_GROUP = re.compile(r"\b((?:SWOG|CALGB|ECOG|ECOG-ACRIN|RTOG|NRG|GOG|NSABP|JCOG|NCIC|NCCTG|EORTC|COG|AIO|GBG|"
                          r"HOVON|GELA|LYSA|GIMEMA|AGO|Alliance)\s+(?:[A-Z]{1,3}-?\d{2,6}|\d{3,5})[A-Z]?)(?![\w-])")
_TRIAL_CTX = re.compile(r"\b(?:trial|study|studies)\b", re.I)


def _term_abbreviation(text: str, pos: int, abbr: str) -> bool:
    """Whether the ``abbr`` at ``pos`` is defined in parentheses right after the lower-case words it abbreviates:
    "time-to-next-treatment (TTNT)", "autologous stem-cell transplantation (ASCT)" name a term, not a trial.
    Each letter, last first, is found back in those words, the first one at a word's start."""
    if not re.search(r"[a-z][a-z,]*\s*\(\s*$", text[max(0, pos - 3):pos]) and \
            not re.search(r"[a-z]\)?,?\s*\(\s*$", text[max(0, pos - 4):pos]):
        return False
    letters = re.sub(r"[^A-Za-z]", "", abbr).lower()
    if not letters or re.search(r"\d", abbr):
        return False
    words = re.findall(r"[A-Za-z]+", text[max(0, pos - 200):text.rfind("(", 0, pos)])[-(len(letters) + 2):]
    if not words or any(w[0].isupper() and w.lower() not in ("and", "with") for w in words[-2:]):
        return False
    long = " " + " ".join(words).lower()
    i = len(long) - 1
    for k in range(len(letters) - 1, -1, -1):
        c = letters[k]
        while i > 0 and (long[i] != c or (k == 0 and long[i - 1] != " ")):
            i -= 1
        if i <= 0:
            return False
        i -= 1
    return True


def _arm_name_keys(arms) -> set[str]:
    """The arms' names and each word of them, in the trial-name key form (upper case, no spaces or hyphens)."""
    out: set[str] = set()
    for a in arms:
        for name in a.aliases:
            out.add(re.sub(r"[\s\-]", "", name).upper())
            out.update(re.sub(r"[\s\-]", "", w).upper() for w in re.split(r"\s+|\+|/", name) if w)
    return out


# "consistent with those of the phase II CAPTIVATE trial" in a report on a phase III trial: an earlier study recalled
_PHASE2_BEFORE = re.compile(r"\bphase\s*(?:2|II)[ab]?(?![\w/])(?:[ \t,-]+(?!(?:phase|study|trial)\b)[\w-]+){0,2}"
                            r"[ \t,-]*$", re.I)
_PHASE3_NAMED = re.compile(r"\bphase\s*(?:3|III)(?![\w/])", re.I)


def _in_capitals_line(text: str, at: int) -> bool:
    """Whether the line holding ``at`` is set in capitals: four words or more, none of them with a lower-case letter
    (a press release's headline), where every word looks like an acronym."""
    a = text.rfind("\n", 0, at) + 1
    b = text.find("\n", at)
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text[a:b if b >= 0 else len(text)])
    return len(words) >= 4 and not any(c.islower() for w in words for c in w)


def _trial_scores(text: str, arms=()) -> tuple[dict[str, float], dict[str, Counter[str]], dict[str, float]]:
    """Each trial-name candidate's score, its printed forms and its best context score (the score of its most
    trial-like mention, without the points every mention gets)."""
    score: dict[str, float] = {}
    forms: dict[str, Counter[str]] = {}
    ctx: dict[str, float] = {}
    arm_keys = _arm_name_keys(arms)
    terms: set[str] = set()
    armed: set[str] = set()
    cands: list[tuple[int, int, str, bool]] = []
    weak: set[str] = set()
    markers: set[str] = set()
    plain: set[str] = set()  # candidates with a mention outside a line set in capitals
    for m in _TRIAL_RE.finditer(text):
        cands.append((m.start(1), m.end(1), m.group(1).rstrip("-"), False))
    for m in _arms.TRIAL_INNER_DIGIT.finditer(text):
        cands.append((m.start(1), m.end(1), m.group(1), False))  # "HER2CLIMB-02"
    for rx in (_TRIAL_LOWER, _TRIAL_PROTOCOL, _arms.TRIAL_MIXED):
        for m in rx.finditer(text):
            cands.append((m.start(1), m.end(1), m.group(1), False))
            weak.add(re.sub(r"[\s\-]", "", m.group(1)).upper())
    # "the Falcon trial": a capitalized word read as a name only where "the ... trial" calls it one, then at each
    # of its mentions
    for name in {m.group(1) for m in _arms.TRIAL_CAPWORD.finditer(text)}:
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            cands.append((m.start(), m.end(), name, False))
        weak.add(name.upper())
    multi = {m.group(1) for rx in (_TRIAL_MULTI, _TRIAL_GROUP, _TRIAL_PHASED, _TRIAL_NUMBERED) for m in rx.finditer(text)}
    for name in multi:
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?!\w|-\w)", text):  # "no. 23--phase III"
            cands.append((m.start(), m.end(), name, True))
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    covered_to = -1
    for start, end, name, is_multi in cands:
        if start < covered_to:
            continue  # "SWOG" inside "SWOG S0016"
        if is_multi:
            covered_to = end
        base = name if is_multi else name.split("/")[0]
        group = is_multi and _TRIAL_GROUP.fullmatch(name) is not None
        pair = re.search(r"(?<![\w-])([A-Z][\w-]*[A-Za-z0-9])/$", text[max(0, start - 30):start])
        if group and pair:
            base = pair.group(1)  # "SOLO1/GOG 3004": the group's number is the other name of SOLO1
        head = re.split(r"[- ]", base)[0]
        key = re.sub(r"[\s\-]", "", base).upper()
        if not is_multi:
            if base in _TRIAL_STOP or name in _TRIAL_STOP or head in _TRIAL_STOP or _PMC_ID.fullmatch(base) or \
                    len(re.sub(r"[^A-Za-z]", "", base)) < 3 and key not in weak:
                continue
            if base in _arms.COMPANIES_AND_SOURCES or head in _arms.COMPANIES_AND_SOURCES or \
                    _arms.glued_variant(base, _TRIAL_STOP):
                continue  # a sponsor, a journal or a meeting; a gene with its variant ("BRAFV600")
            if key in terms or _arms.names_a_brand(text, base, end):
                terms.add(key)  # "OPDIVO\u00ae", "KEYTRUDA (pembrolizumab)": a drug's brand
                continue
            if key in markers or _arms.names_a_marker(text, end):
                markers.add(key)  # "HER2-positive", "BRAFV600 wild-type": a marker throughout the report
                continue
            if re.fullmatch(r"(?:[A-Z][a-z]{0,3}-)?[A-Z]{1,3}[a-z]", base):
                continue  # a regimen's short form: "VRd", "BVd", "Isa-KRd"
            if re.search(r"(?:19|20)\d\d$", base) and not re.fullmatch(r"[A-Z]\d{4}", base) or \
                    re.fullmatch(r"[IVX]+", head):
                continue
            letters = re.sub(r"[^A-Za-z]", "", base)
            if sum(c.isupper() for c in letters) < 2 and key not in weak:
                continue
            if letters.isupper() and len(letters) <= 3 and not re.search(r"\d", base):
                continue
            # a treatment is not a trial: an arm's name or a word of it ("NIVO" of "NIVO + CABO", "CHOP"),
            # unless a mention calls it a trial ("ZETA showed ..." made it an arm, "the ZETA trial" tells)
            if key in arm_keys:
                armed.add(key)
            if key in terms or _term_abbreviation(text, start, base):
                terms.add(key)
                continue
        letters = re.sub(r"[^A-Za-z]", "", base)
        before = text[max(0, start - 40):start]
        after = text[end:end + 70]
        if not _in_capitals_line(text, start):
            plain.add(key)
        s = 0.0
        if re.match(r"\s*(?:\([^()]{1,24}\)\s*)?(?:phase\s*(?:3|III)\s+)?(?:trial|study)\b", after, re.I) or \
                _arms.TRIAL_AFTER.match(after) or re.match(
                r"\s*\)\s*(?:trial|study)\b|"  # "... Multiple Myeloma (ENDEAVOR) trial showed ..."
                r"\s*\(\s*(?:NCT|ClinicalTrials)|\s*ClinicalTrials\.gov|\s*(?:is|was)\s+an?\s+(?:[\w-]+[\s,]+){0,5}"
                r"(?:trial|study)\b|\s*:\s*(?:an?\s+)?(?:randomi[sz]ed\s+)?phase|\s*,\s*an?\s+(?:[\w-]+[\s,]+){0,8}"
                r"(?:trial|study)\b|\s*:\s*(?:the|an?)\s+(?:[\w-]+\s+){0,3}(?:trial|study)\b", after, re.I) or re.match(
                # an author group ("RUBY Investigators", "the EV-302/KEYNOTE-A39 Study Group"), a registry line
                # ("KEYNOTE-564 number, NCT03142334"); an affiliation's mark may follow ("for the X Investigators1,*")
                r"(?:/[\w-]+)?\s+(?:(?:Trial|Study)\s+(?:Investigators|Group)|Investigators)(?![A-Za-z])|"
                r"\s+(?:number|no\.)\s*[,:]?\s*NCT\d",
                after) or _TITLE_NAME_BEFORE.search(before) and _TITLE_NAME_AFTER.match(text, end, end + 160) or \
                _NAME_LABEL_BEFORE.search(before) or _LONG_DESIGN_AFTER.match(text, end, end + 160):
            s += 3
        elif not key.startswith("NCT") and re.search(r"\b(?:trial|study)\s*,?\s+$", before, re.I):
            s += 2  # "the open-label study IMROZ", "the phase 3 trial, S1826"
        elif not key.startswith("NCT") and re.search(r"\b(?:trial|study)\s*[(\[]\s*$", before, re.I) and \
                re.match(r"\s*[)\],;]", after):
            s += 3  # "a randomized phase 3 study (ALPINE)", "trial [MATTERHORN]": the name the trial's mention gives
        elif _SPELLED_OUT_TRIAL.match(text, end) and not text[text.rfind("\n", 0, start) + 1:start].strip():
            s += 3  # "ATTR-ACT: Tafamidis in Transthyretin Cardiomyopathy Clinical Trial": a line spelling the name out
        elif _arms.DESIGN_SUBJECT.match(after):
            s += 2.5  # "KEYNOTE-A39 randomized 886 patients"
        if (re.search(r"[\d-]", base) or key in weak) and (_arms.heads_the_report(text, start, end) or
                                                           _arms.opens_a_title(text, start, end)):
            s += 3  # a summary's title line: "DAPA-HF" alone over its design
        if re.search(r"(?:phase\s*(?:3|III|2|II)|randomi[sz]ed)[\w\s,-]{0,25}$", before, re.I):
            s += 2
        # "results from CASSIOPEIA", "data from ELM-PC4", "ASCENT Results | ..."
        if re.search(r"\b(?:results|data|findings)\s+(?:from|of)\s+(?:the\s+)?$", before, re.I) or \
                re.match(r"\s+(?:results|data|findings)\b", after, re.I):
            s += 2.5
        if re.search(r"(?:\bthe|\bfrom|\bIn|\bof)\s+$", before) or re.search(r"\($", before):
            s += 1
        elif re.search(r"\b(?:in|with)\s+$", before):
            s += 0.5
        line_before = text[text.rfind("\n", 0, start) + 1:start]
        line_after = text[end:(text.find("\n", end) + 1 or len(text)) - 1]
        if re.search(r"\d", base) and (re.search(r":\s*$", line_before) and not line_after.strip()
                                       or re.search(r"\(\s*$", line_before) and re.fullmatch(r"\)\s*", line_after)):
            s += 2.5  # a title's "...: MONALEESA-3" or "... (SOLO-1)"
        elif re.search(r"\d", base) and re.search(r"(?:[A-Z][\w-]*\s+){2}\(\s*$", line_before[-60:]) and \
                re.match(r"\s*\)", line_after):
            s += 2.5  # "... Nivolumab Alone in Participants With Advanced Melanoma (RELATIVITY-047)"
        elif _arms.closes_a_title(text, start, end):
            s += 2.5  # "Danish Study to Assess ... in Patients with Systolic Heart Failure on Mortality (DANISH)"
        if group:
            s += 1
        if re.search(r"\d", base) and not letters.isupper():
            s += 1
        if re.search(r"\d", base):
            s += 0.5
        if re.fullmatch(r"[A-Z]{4,}-[A-Z]?\d{1,4}", base):
            s += 1.5  # "ZUMA-7", "KEYNOTE-189": the form of a trial's name
        # a slide's or section's heading: "SPARTAN – SECONDARY AND EXPLORATORY ENDPOINTS" on its own line
        if re.search(r"(?:^|\n)[ \t]*$", text[max(0, start - 20):start]) and re.match(
                r"[ \t]+[\u2013\u2014-][ \t]+(?:[A-Za-z][\w-]*[ \t]+){0,5}(?:end[ -]?points?|results|efficacy|"
                r"outcomes|overall survival|analysis|design)[ \t]*(?:\n|$)", after, re.I):
            s += 3
        if _arms.EARLY_PHASE_BEFORE.search(before) or \
                _PHASE2_BEFORE.search(before) and _PHASE3_NAMED.search(text):
            s = 0.0  # "in the phase 1 CHRYSALIS study": an earlier study the report recalls, not its trial
        ctx[key] = max(ctx.get(key, 0.0), s)
        s += 0.6
        score[key] = score.get(key, 0.0) + s
        forms.setdefault(key, Counter())[base] += 1
    # a word without a digit met only in headlines set in capitals ("EISAI TO PRESENT RESULTS OF PHASE III TRIAL")
    # is any word of them, unless a trial's context calls it one ("SPARTAN \u2013 SECONDARY ENDPOINTS", "THE X TRIAL");
    # a name there is most often named again in the text, or has its digits ("KEYNOTE-189")
    shouted = {k for k in score if k not in plain and not re.search(r"\d", k) and ctx.get(k, 0.0) < 3.0}
    for k in terms | markers | shouted | {k for k in armed if ctx.get(k, 0.0) < 3.0} | \
            {k for k in weak if ctx.get(k, 0.0) < _TRIAL_WEAK}:
        score.pop(k, None)
    # "S1826" beside "SWOG S1826": one trial, named by the group's form
    for k in [k for k in weak if k in score]:
        full = [g for g in score if g != k and g.endswith(k) and _TRIAL_GROUP.fullmatch(forms[g].most_common(1)[0][0])]
        if len(full) == 1:
            score[full[0]] += score.pop(k)
            ctx[full[0]] = max(ctx.get(full[0], 0.0), ctx.get(k, 0.0))
    # "the JFMC study" beside "JFMC study no. 23": one trial, named by its number
    for g in [g for g in score if _TRIAL_NUMBERED.fullmatch(forms[g].most_common(1)[0][0])]:
        k = re.sub(r"[\s\-]", "", forms[g].most_common(1)[0][0].split()[0]).upper()
        if k in score and k != g:
            score[g] += score.pop(k)
            ctx[g] = max(ctx.get(g, 0.0), ctx.pop(k, 0.0))
    return score, forms, ctx


def _trial_name(text: str, arms=()) -> str | None:
    """The trial's name: the candidate with the best score, if it reaches 3 and one of its mentions stands in a
    trial's context, or it has a digit, or it is named five times or more (an acronym repeated a few times with no
    trial's context, a brand's "ZORVIX", is no trial name)."""
    score, forms, ctx = _trial_scores(text, arms)
    if not score:
        return None
    key, best = max(score.items(), key=lambda kv: kv[1])
    if best < 3.0:
        return None
    if ctx.get(key, 0.0) < 1.0 and not re.search(r"\d", key) and sum(forms[key].values()) < 5:
        return None
    name = forms[key].most_common(1)[0][0]
    # a registered or trade mark closes a name of several words: "the EMPA-REG OUTCOME\u00ae trial" is EMPA-REG OUTCOME
    marked = re.search(rf"(?<![\w-]){re.escape(name)}((?:[ \t]+[A-Z][A-Z0-9-]+){{1,2}})[ \t]*[\u00ae\u2122]", text)
    return name + marked.group(1).replace("\t", " ") if marked else name


# ---------------------------------------------------------------------------------------------------------
# the reader
# a sentence pointing back to several results: "Both differences were ...", "These improvements ...", "The two ..."
_BOTH_RESULTS = re.compile(r"\W*(?:both|all\s+(?:three|four)|the\s+two|these|those)\s+(?:\w+\s+){0,2}?"
                           r"(?:differences|improvements|benefits|results|comparisons|endpoints|reductions|outcomes)\b", re.I)
# one item of a list of events each reduced by a percentage: "..., CV death by 20% (HR 0.80" (up to the ratio)
_REDUCED_BY_ITEM = re.compile(r"(?:^|[,;]\s+(?:and\s+)?|\band\s+)(?P<ev>(?:[A-Za-z][\w-]*\s+){1,10}?)(?:was\s+|were\s+)?"
                              r"(?:reduced\s+|lowered\s+|decreased\s+)?by\s+\d+(?:\.\d+)?\s*%\s*[(\[]\s*(?=(?:HR|[Hh]azard))")
_HR_KEY = re.compile(r"\b(?:[Hh]azard[\s-]+[Rr]atios?|HRs?)\b(?!\s*[+/]|-(?:positive|negative)|\s*,\s*hormone)")
# (also "OR vs CP, 1.32", "OR versus placebo: 1.44": the comparator named between the letters and the figure)
_OR_KEY = re.compile(r"\b(?:[Oo]dds[\s-]+[Rr]atios?|ORs?(?=[\s:=,(\[]+\d|\s+(?:was|were|is|of)\s+\d|"
                     r"\s+(?:vs\.?|versus)\s+[\w+/-]+(?:\s+[\w+/-]+)?\s*[,:=]\s*\d))")
_SAFETY = re.compile(r"\b(?:adverse|toxicit|TEAE|TRAE|AEs?\b|grade\s*#|grade\s*\d|died|deaths\b|serious|"
                     r"discontinu|crossover|crossed over|cross over|still|subsequent|female|male|Asian|"
                     r"smok|maturity|received a subsequent|on the drug|receiving maintenance|event rates?|"
                     r"experienced an event|dose reduction|interruption|infusion|neutropenia|anemia|anaemia|"
                     r"cytokine|neurotox|infection)", re.I)
_CONCESSIVE = re.compile(r"\b(?:despite|even\s+though|notwithstanding|in\s+spite\s+of)\b", re.I)
# a clause on the patients' state when they entered the trial, not a result: "at randomization, 59% were in complete
# remission" (not "in women with measurable disease at baseline, 55% ...": a population)
_AT_ENTRY = re.compile(r"^\W*(?:and\s+)?at\s+(?:the\s+time\s+of\s+)?(?:randomi[sz]ation|baseline|(?:study\s+)?entry|"
                       r"enrol?lment|inclusion)\b", re.I)
_DIGIT = re.compile(r"\d")
# "a median follow-up of ...", "a median progression-free survival (PFS) follow-up of 16.9 months for A and 16.3
# months for B": a follow-up time, whichever endpoint's
_NOT_ENDPOINT_MEDIAN = re.compile(r"\s+(?:\(95% CI\)\s+)?(?:duration of\s+)?(?:(?:(?!(?:was|were|is|at|of|in|after|and|with|by)\b)[A-Za-z][\w-]*\s+){1,3}"
                                  r"(?:\([A-Za-z]+\)\s+)?follow[- ]?up\b|follow[- ]?up\b|"
                                  # "at a median of 48 months of follow-up in the A arm and 47.4 months in the B arm"
                                  r"of\s+\d+(?:\.\d+)?\s*(?:months?|mo|years?)\s+(?:of\s+)?(?:follow[- ]?up|observation)\b|observation (?:time|period)\b|treatment duration\b|"
                                  r"exposure\b|dose\b|age\b|time on\b|number of\b|cycles\b|"
                                  r"duration of treatment\b|relative dose\b)", re.I)
_N_SAFETY = re.compile(r"\b(?:adverse|TEAE|TRAE|AEs?\b|died|deaths\b|grade\s*\d|discontinu)", re.I)
_MEDIAN = re.compile(r"\bmedian\b|\bm(?:OS|PFS|DFS|EFS|DOR|DoR)\b|\bmedians\b", re.I)
_RESPECTIVE = re.compile(r"\brespectively\b|\beach respective\b|\bin each (?:arm|group)\b|\bfrom each arm\b|"
                         r"\bin the respective\b|\bin each\b|\brespective (?:arms|groups)\b|\bof each\b", re.I)
_CONNECT_SAME = re.compile(r"^\s*(?:months?|mo|%)?\s*(?:,\s*)?(?:and|,)\s*$")
_CONNECT = re.compile(r"^\s*(?:months?|mo|%)?\s*[)\]]?\s*(?:,\s*)?(?:vs\.?|versus|v\.?|and|or|compared (?:with|to)|"
                      r"to|,|/)\s*$", re.I)
_CONDITION = re.compile(r"(?:\bamong|^\s*(?:in|for))\s+(?:the\s+)?(?:\d+\s+)?(?:patients|participants|those|responders)\s+"
                        r"(?:with|who)\b(?:[^,.;]{0,60}?(?:\bwith|\b(?:had|achieved|attained|reached|were)))?\s+(?:an?\s+)?"
                        r"(?:confirmed\s+|best\s+)?$",
                        re.I)
# "median PFS (HR: 0.62 ...)": an endpoint named as the measure of a result, a median or the ratio bracketed after it
_MEASURE_BEFORE = re.compile(r"\bmedian\s+$", re.I)
_RATIO_BRACKET_AFTER = re.compile(r"\s*[(\[]\s*(?:hazard\s+ratio|HR)\b", re.I)


def _stated_measure(work: str, e: tuple[int, int, str]) -> bool:
    """'In patients with a PFS event ..., A improved median PFS (HR: 0.62) and median OS (HR: 0.67)': a mention of an
    endpoint that also picks the patients is still the figures' own where it is stated as a result's measure (a
    median of it, or its ratio in the bracket right after it), and not itself the condition."""
    if _CONDITION.search(work[:e[0]]):
        return False
    return bool(_MEASURE_BEFORE.search(work, 0, e[0]) or _RATIO_BRACKET_AFTER.match(work, e[1]))


# (also opening a clause: "results showed that compared with B, A improved median PFS (a vs b)")
_LEADING_COMPARATOR = re.compile(r"(?:^\s*(?:compared\s+(?:with|to)|versus|vs\.?|relative\s+to|in\s+contrast\s+to|unlike)|"
                                 r"(?:\bthat|[,;:])\s+(?:compared\s+(?:with|to)|relative\s+to|in\s+contrast\s+to|unlike))"
                                 r"\s+(?:the\s+)?(?:(?:patients|participants|those)\s+(?:in|on|receiving|treated\s+with|"
                                 r"given|who\s+received)\s+(?:the\s+)?)?$", re.I)
_THOSE_RATES = re.compile(r"\s*(?:those|these|the)\s+(?:respective\s+|corresponding\s+|same\s+)(?:rates|figures|"
                          r"proportions|percentages)\b|\s*(?:those|these)\s+rates\b", re.I)
# (nor does a treatment given before the trial: "70.1% versus 59.3% with prior B", "in patients refractory to B")
_FAVOURED = re.compile(r"\b(?:in\s+favou?r\s+of|favou?ring|prior|previous|previously\s+treated\s+"
                       r"with|pretreated\s+with|refractory\s+to|exposed\s+to)\s+(?:the\s+)?$", re.I)
_CLAUSE_CUT = re.compile(r";|\s[\u2022\u25aa\u25e6\u25cf]\s|(?<![Vv]s)(?<!\s[Vv])\.\s|:\s(?=[A-Z])|,\s+(?:and|while|whereas|but)\s+|,\s+as\s+(?:was|were|did)\s+|"
                         # "PFS favored A (a vs b) as did the objective response rate (c vs d)": no comma, an endpoint after
                         r"\s+as\s+(?:was|were|did)\s+(?=(?:the\s+|its\s+)?(?:(?:[A-Za-z-]+\s+){0,2}(?:rates?|survival|response)\b|"
                         r"[A-Z]{2,5}\b))|"
                         # "ORR was 42% with A versus 27% with B, with a complete response rate of 9% versus 1%": a
                         # second rate added to the first
                         r",\s+(?:with|including)\s+(?:an?|the)\s+(?=(?:[A-Za-z-]+\s+){0,3}(?:\([A-Za-z]{1,6}\)\s+)?rates?\b)")


def extract(text: str, *, learned: bool | None = None) -> Extraction:
    """Read a report's text: the trial's name, its arms and every reported result (see module docstring).

    ``learned=True`` makes each record's ``confidence`` the learned filter's probability that it is right
    (:mod:`._model`); ``False`` keeps the rules' own, the product of ``CONFIDENCE_WEIGHTS`` over its basis;
    ``None`` (the default) uses the filter when the shipped weights are enabled (docs/scout.md, "Confidence").
    """
    norm = _join_broken_words(normalize(text))
    arms, _ = _find_arms(norm)
    trial = _trial_name(norm, arms)
    records: list[Record] = []
    prev_tte: str | None = None
    sents = sentences(norm)
    defined = defined_acronyms(norm)
    progression = progression_endpoint(norm, defined)
    recurrence = recurrence_endpoint(norm, defined)
    # the one endpoint of each earlier sentence that gave records, latest last ("Both differences ... hazard ratios
    # of a and b, respectively" after a sentence on PFS and one on OS)
    results: list[str | None] = []
    above = _headings_over_lines([x.text for x in sents])
    for si, s in enumerate(sents):
        recs, last = _read_sentence(s, si, arms, prev_tte, text, defined, progression,
                                    sents[si - 1].text if si else None, recurrence, tuple(results[-2:]),
                                    above.get(si))
        if recs:
            eps_here = {r.endpoint for r in recs}
            results.append(eps_here.pop() if len(eps_here) == 1 else None)
        records.extend(recs)
        if last is not None:
            prev_tte = last
    records = _with_tables(records, norm, text, arms, sents, defined)
    if learned or (learned is None and _model.enabled()):
        records = _model.rescore(records, sents, arms)
    return Extraction(trial, tuple(arms), tuple(records), text)


def _with_tables(records: list[Record], norm: str, original: str, arms: list[Arm], sents, defined) -> list[Record]:
    """Records read from results tables (:mod:`._tables`) replace those the sentences gave from the same span."""
    blocks = read_tables(cell_breaks(norm, original), arms, [], defined)
    if not blocks:
        return records
    spans = [(a, b) for a, b, recs in blocks if recs]
    kept = [r for r in records if not any(r.source.start < b and a < r.source.end for a, b in spans)]
    starts = [s.start for s in sents]
    for _, _, recs in blocks:
        for t in recs:
            how = ["table:row"] + (["table:endpoint-above"] if t.inherited else [])
            c = t.cell
            kept.append(Record(
                t.endpoint, t.kind, None if t.arm is None else arms[t.arm].label, c.value, c.lower, c.upper,
                t.ci_level if c.lower is not None else None, t.p_value, t.p_operator, t.timepoint, t.unit,
                Source(t.start, t.end, original[t.start:t.end]), value_text=c.value_text, lower_text=c.lower_text,
                upper_text=c.upper_text, p_text=t.p_text, sentence_index=max(0, bisect_right(starts, t.start) - 1),
                **_confidence(how)))
    kept.sort(key=lambda r: (r.source.start, r.source.end))
    return kept


# a word broken at a line end by a hyphen ("recurrence-\nfree survival", "over- all survival" in a text layer whose
# lines were joined): the second part is lower case and not a word that continues a list ("pre- and post-")
_BROKEN_WORD = re.compile(r"(?<![\w-])([A-Za-z]{2,})-([ \t]*\n[ \t]*|[ \t]+)([a-z]{2,})\b(?!-)")
_NOT_A_PART = frozenset({"and", "or", "nor", "to", "vs", "versus", "as", "but", "than", "with", "of", "in", "on",
                         "for", "at", "by", "the", "a", "an"})
# second parts that make a hyphenated compound, whose hyphen stays ("recurrence-free")
_COMPOUND_PARTS = frozenset({"free", "based", "related", "naive", "month", "year", "line", "like", "specific",
                             "positive", "negative", "term", "dose", "risk", "arm", "label", "blind", "value",
                             "treated", "refractory", "up", "cause", "sided", "rank", "grade", "level", "time",
                             # a steroid paired with a drug names a regimen: "abiraterone- prednisone"
                             "prednisone", "prednisolone", "dexamethasone"})


def _join_broken_words(text: str) -> str:
    """Rejoin words broken by a hyphen at a line end, keeping the text's length (the spaces move before the word)."""
    def fix(m: re.Match) -> str:
        head, gap, tail = m.group(1), m.group(2), m.group(3)
        if tail in _NOT_A_PART:
            return m.group()
        keep = tail in _COMPOUND_PARTS or head.lower() in ("non", "anti", "pre", "post", "co", "multi", "semi", "self",
                                                             "sub", "re", "inter", "intra", "well", "long", "short")
        joined = head + ("-" if keep else "") + tail
        return " " * (len(m.group()) - len(joined)) + joined
    return _BROKEN_WORD.sub(fix, text)


# a sentence naming an outcome of its own that is no endpoint of the contract: a death from a named cause
# ("cardiovascular death", "death from heart failure"), a hospitalization, a composite of such events ("heart failure
# hospitalization or cardiovascular death"); its ratio is not the previous sentence's endpoint
_OTHER_OUTCOME = re.compile(
    r"\b(?:cardiovascular|cardiac|CV|renal|cancer|disease|prostate[- ]cancer|breast[- ]cancer|lung[- ]cancer|"
    r"cancer[- ]specific|disease[- ]specific|non-?cancer|stroke)[- ]deaths?\b|"
    r"\bdeaths?\s+(?:from|due to|caused by|of)\s+(?!(?:any|all)\b)(?:\w+\s+){0,2}?(?:heart|cardiovascular|cardiac|"
    r"renal|cancer|disease|stroke|infection)\b|\bhospitali[sz]ations?\b|\bmajor adverse (?:cardiovascular|cardiac)\b|"
    r"\bmyocardial infarction\b", re.I)
_UNTRACKED = "\x00untracked"
# "No significant difference in neurologic events at 6 months (4.2% vs. 3.5%; HR 1.11, ...)": an outcome's words
# after "difference in", "effect on", "reduction in", whose bracket holds the figures
_OUTCOME_BRACKET = re.compile(r"\b(?:differences?|reductions?|increases?|effects?|benefits?|improvements?)\s+"
                              r"(?:in|on|for|of)\s+[^()\[\];.\d]{3,80}?(?:\s+at\s+\d+\s+(?:months?|years?|weeks?))?"
                              r"\s*(?P<open>[(\[])", re.I)
# the words of the shares who died, not of those alive: "death from any cause at 12 months (44.1% vs. 49%)",
# "all-cause mortality was 12% and 15%" (a survival rate is their complement)
_DEATH_WORDS = re.compile(r"\b(?:deaths?|died|mortality|dead)\b", re.I)


def _outcome_bracket(work: str, a: _Atom) -> bool:
    """A ratio inside the bracket of an outcome named by "difference in <outcome> (...)" in a sentence naming no
    tracked endpoint: the outcome's ratio, not one of the endpoint of the sentence before."""
    for m in _OUTCOME_BRACKET.finditer(work):
        close = re.search(r"[)\]]", work[m.end():])
        if m.start("open") < a.start and (close is None or a.start < m.end() + close.start()):
            return True
    return False


def _death_share(t: str, a: _Atom, eps) -> bool:
    """A percentage of overall survival named only by words for death ("death from any cause", "mortality"): the
    share who died, not a survival rate; the last OS mention before the figure (or the first after) decides."""
    os_eps = [e for e in eps if e[2] == "OS"]
    before = [e for e in os_eps if e[0] < a.start]
    e = before[-1] if before else (os_eps[0] if os_eps else None)
    return e is not None and bool(_DEATH_WORDS.search(t[e[0]:e[1]]))
# (also a prostate trial's progression to castration resistance, an event of its own and no PFS: "time to
# castration resistance", "the median of castrate resistant patients"; not the disease "castration-resistant prostate
# cancer")
_UNTRACKED_RE = re.compile(r"\bcumulative\s+incidences?\b|\bincidences?\s+of\b|"
                           r"\b(?:castration|castrate)[- ]resistance\b|"
                           r"\b(?:castration|castrate)[- ]resistant\s+(?:patients|men|participants|status|disease\b(?!\s+prostate))",
                           re.I)
# a death from a named cause is no overall survival (only death from any cause is): "cardiovascular death (HR 0.71",
# "non-cardiovascular deaths", "infectious death: HR", "COVID-19-related deaths", "death of undetermined cause",
# "deaths due to heart failure", "fewer died of COVID-19"; not "death from any cause" or "all-cause death"
_CAUSE_OF_DEATH = re.compile(
    r"(?<![\w-])(?:non-?)?(?:cardiovascular|cardiac|CV|coronary|vascular|renal|kidney|cancer|tumou?r|disease|"
    r"infectious|infection|respiratory|pulmonary|hepatic|liver|sudden(?:\s+cardiac)?|arrhythmic|COVID(?:-19)?|"
    r"stroke|sepsis|[\w-]+-(?:related|specific|attributable))[- ](?:deaths?|mortality)\b|"
    r"\bdeaths?\s+(?:from|of|due\s+to|caused\s+by|attributed\s+to)\s+(?!(?:any|all|other\s+than)\b)(?=[A-Za-z])|"
    r"\bdied\s+(?:of|from)\s+(?!(?:any|all)\b)(?=[A-Za-z])", re.I)


# a bullet or label line over which a heading names the measure: "- Median PFS" over "- A: 11.2 months (95% CI ...)",
# "- PFS HR" over "- 0.63 (0.52 - 0.76) P < .0001"; the heading holds no figure, only the endpoint and the measure
_HEADING_LINE = re.compile(r"\s*(?:[-*\u2022]\s*)?(?:(?P<m>median)\s+(?P<ep>[^\d:;,.()]{2,50}?)|"
                           r"(?P<ep2>[^\d:;,.()]{2,50}?)\s+(?:HR|hazard\s+ratio)|(?:HR|hazard\s+ratio)\s+(?:for|of)\s+"
                           r"(?P<ep3>[^\d:;,.()]{2,50}?))\s*:?\s*", re.I)
# "- A: 11.2 months", "A: 11.2 months": a name, a colon, then the figure
_LABELLED_LINE = re.compile(r"\s*(?:[-*\u2022]\s*)?[A-Za-z][^:;\d]{0,60}:\s*(?:\d|NR\b|not\s+reached\b)", re.I)


def _headings_over_lines(texts: list[str]) -> dict[int, str]:
    """For each sentence under a heading line (see ``_HEADING_LINE``), that heading: the one line right after it,
    and every label line of a run of them ("- Median PFS", "- A: 11.2 months", "- B: 8.7 months")."""
    out: dict[int, str] = {}
    for i, h in enumerate(texts):
        if _DIGIT.search(h) or not _HEADING_LINE.fullmatch(h):
            continue
        j = i + 1
        while j < len(texts) and (j == i + 1 or _LABELLED_LINE.match(texts[j]) and _LABELLED_LINE.match(texts[j - 1])):
            out[j] = h
            j += 1
    return out


def _heading_above(t: str, prev_text: str | None, defined, tte) -> tuple[str, str] | None:
    """The (endpoint, "median" | "hr") a heading line right above a bullet or label line ``t`` names, when the
    heading is only that measure of one time-to-event endpoint; None otherwise (not "- PFS Control" over
    "- 4.9 months": a heading that does not say which measure its figure is)."""
    if prev_text is None or not re.match(r"\s*(?:[-*\u2022]|[A-Za-z][^:;\d]{0,60}:|\d)", t):
        return None
    m = _HEADING_LINE.fullmatch(prev_text)
    if m is None:
        return None
    words = m.group("ep") or m.group("ep2") or m.group("ep3")
    eps = endpoints_in(words, defined)
    if len(eps) != 1 or eps[0][2] not in tte or words[:eps[0][0]].strip() or words[eps[0][1]:].strip():
        return None
    return eps[0][2], "median" if m.group("m") else "hr"


# a sentence opening on bare landmark rates: "The 36-month rate was", "The corresponding 2-year rates were"
# (also with the time point after the word: "The rate at 24 months was 57% vs 45%.")
_ELIDED_RATES = re.compile(r"\W*(?:the\s+)?(?:corresponding\s+|estimated\s+|respective\s+)?(?:(?:\d+(?:\.\d+)?|\w+)[- ]"
                           r"(?:months?|years?)\s+rates?|rates?\s+at\s+(?:\d+(?:\.\d+)?|\w+)\s+(?:months?|years?))"
                           r"\s+(?:was|were|of)\b", re.I)


def _read_sentence(s: Sentence, si: int, arms: list[Arm], prev_tte: str | None, original: str,
                   defined: dict[str, tuple[str, bool]] | None = None,
                   progression: str | None = None, prev_text: str | None = None,
                   recurrence: str | None = None,
                   prev_results: tuple[str | None, ...] = (),
                   heading_text: str | None = None) -> tuple[list[Record], str | None]:
    tte = TTE | {n for n, is_tte in (defined or {}).values() if is_tte}
    response = RESPONSE | {n for n, is_tte in (defined or {}).values() if not is_tte}
    t = s.text
    if not _DIGIT.search(t) and not _MISS_WORDS.search(t):  # no number, no result: only the endpoint named last matters (continued lists)
        return [], next((e[2] for e in reversed(relabel_recurrence(t, relabel_progression(
            t, endpoints_in(t, defined), progression), recurrence))
                         if e[2] in tte), None)
    # "(95% CI, 0.70?0.87)": a dash a text layer turned into a question mark or a replacement character
    work = re.sub(r"(?<=\d)[?\ufffd](?=\d)", "-", t)
    # P values first (they may look like numbers with units), then thresholds, masks and time points
    pvals = []
    bare = [m for m in _P_BARE.finditer(work) if not any(x.start() <= m.start() < x.end() for x in _P_RE.finditer(work))]
    for m in sorted([*_P_RE.finditer(work), *_P_LOST.finditer(work), *bare], key=lambda m: m.start()):
        if "#" in work[m.start():m.end()]:
            continue  # inside a P value already read
        if _P_EXCLUDE.match(work[m.end():m.end() + 40]):
            work = _mask(work, m.start(), m.end())
            continue
        op = m.group("op")
        op = {"": "=", "<=": "\u2264", ">=": ">", ",": "<", "5": "=", "\u00bc": "=", "\u2265": ">"}.get(op, op)
        vt = m.group("v")
        sci = re.match(r"(\d*\.?\d+)\s*x\s*10\s*\^?\s*-\s*(\d+)", vt)
        val = float(sci.group(1)) * 10 ** (-int(sci.group(2))) if sci else float(vt)
        if not 0 < val <= 1:
            continue
        # a glyph a text layer put for the operator ("P50.021", "P,0.001") is printed as the operator it stands for,
        # so that the printed digits are the P value's
        ptext = m.group() if m.group("op") not in ("5", ",", "\u00bc") else \
            work[m.start():m.start("op")] + op + work[m.end("op"):m.end()]
        pvals.append((m.start(), m.end(), op, val, ptext))
        work = _mask(work, m.start(), m.end())
    thresholds = []
    if re.search(r"MRD|residual disease|threshold|sensitivity", t, re.I):
        for m in _MRD_THRESHOLD.finditer(work):
            thresholds.append((m.start(), 10.0 ** (-int(m.group(1)))))
            work = _mask(work, m.start(), m.end())
    times = []
    for m in _TIME_RE.finditer(work):
        if m.group("n") is not None and not m.group("list") and _glued_median(work, m.end("n")):
            continue  # "a 20.6-month median OS": the median itself, not a landmark's time point
        nums = []
        if m.group("n") is not None:
            lst = m.group("list") or ""
            nums = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", lst)]
            w = m.group("n").lower()
            nums.append(float(_WORDNUM.get(w, 0) or float(w) if w not in _WORDNUM else _WORDNUM[w]))
            unit = m.group("u").lower()
        elif m.group("n5") is not None:
            # only right after a time-to-event endpoint ("PFS at month 12", "the OS rate at year 3"; not "at month
            # 15, the percentage of patients with undetectable MRD", an assessment's visit)
            pre = t[max(0, m.start() - 45):m.start()]
            pre_eps = endpoints_in(pre, defined)
            if not pre_eps or pre_eps[-1][2] not in tte or not re.fullmatch(
                    r"\s*(?:[(\[][\w\s-]{1,12}[)\]]\s*)?(?:rates?|estimates?|probabilit(?:y|ies))?\s*",
                    pre[pre_eps[-1][1]:]):
                continue
            nums = [float(m.group("n5"))]
            unit = m.group("u5").lower()
        elif m.group("n3") is not None:
            nums = [float(m.group("n3"))]
            unit = (m.group("u3") or "mo").lower()
        else:
            w = m.group("n2").lower()
            nums = [float(_WORDNUM[w]) if w in _WORDNUM else float(w)]
            unit = m.group("u2").lower()
            if unit.startswith("mo") and not nums[0].is_integer() and m.group().lower().startswith("at"):
                continue  # "more than double at 31.9 months": a median, not a landmark time point
        factor = 12.0 if unit.startswith("y") else 1.0
        times.append((m.start(), m.end(), [x * factor for x in nums], m.group().lower().startswith(
            ("at", "after", "by", "through", "within"))))
        work = _mask(work, m.start(), m.end())
    if not times and prev_text and _THOSE_RATES.match(t):
        # "The 12- and 24-month PFS rates in the X arm were 74% and 65%. Those respective rates were 22% and 13% in
        # the Y arm": the previous sentence's list of time points, whose list of rates this one repeats
        prev_lists = [m for m in _TIME_RE.finditer(prev_text) if m.group("list")]
        if len(prev_lists) == 1:
            m = prev_lists[0]
            nums = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", m.group("list"))] + [float(m.group("n"))]
            factor = 12.0 if m.group("u").lower().startswith("y") else 1.0
            times.append((0, 0, [x * factor for x in nums], False))
    for rx in _MASKS:
        for m in rx.finditer(work):
            work = _mask(work, m.start(), m.end())  # noqa: PLW2901
    work = _mask_design(work)
    level_hint = None
    # not the acronym restating a level ("95% confidence interval [95% CI], 0.540-0.977")
    headers = [m for m in _LEVEL_ONLY.finditer(work) if not re.search(r"(?:intervals?|CIs?|CrI)\s*$",
                                                                       work[max(0, m.start() - 25):m.start()], re.I)]
    if headers:
        level_hint = float(headers[0].group("lvl"))
        for lh in headers:  # "(HR[95%CI]: 0.48[0.40-0.58]) ... (HR[95%CI]: 0.69[0.52-0.93])": every header
            work = _mask(work, lh.start(), lh.end())
    atoms = _atoms(work, comma_ci=level_hint is not None)
    # "...\n  2. *p = 0.0047": a numbered list item's number at a line's start is no figure
    # (the sentence's text has its lines joined: the line breaks are read in the text as given)
    atoms = [a for a in atoms if not (not a.unit and a.lo is None and re.fullmatch(r"\d{1,2}", a.text) and
                                      re.search(r"(?:^|\n)[ \t]*$", original[max(0, s.start + a.start - 12):
                                                                            s.start + a.start]) and
                                      re.match(r"[.)][ \t]+\S", t[a.end:]))]
    headed = _ratio_header_groups(work, atoms)
    if level_hint is None and not any(a.level is not None for a in atoms) and _SPREAD_HEADER.search(t):
        # "Median OS (IQR) was 12.3 (8.1-17.0) months": the sentence labels its bracketed pairs a spread, not a CI
        # (only when it states no CI level: "a median (range) follow-up ..., median PFS 36.6 (95% CI ...)" keeps them)
        for a in atoms:
            if a.level is None and a.lo is not None:
                a.lo, a.hi, a.lo_text, a.hi_text = None, None, "", ""
    if level_hint is None and not any(a.level is not None for a in atoms) and any(
            not _CTX_FOLLOW.search(t, max(0, m.start() - 60), m.start()) for m in _SPREAD_LABELLED.finditer(t)):
        # "Median EFS was 24.4 months (range, 16.7-32 months) with A and 51.2 months (39.8-62.5 months) with B": one
        # figure's bracket labelled a spread makes the parallel unlabelled brackets spreads too (no CI level stated;
        # not a follow-up's range: "a median follow-up of 24 months (range, 3-50), median OS 12.1 (10.2-14.0) months")
        for a in atoms:
            if a.level is None and a.lo is not None:
                a.lo, a.hi, a.lo_text, a.hi_text = None, None, "", ""
    stated = {a.level for a in atoms if a.level is not None}
    if level_hint is None and len(stated) == 1:
        # "35.6 mo (95% CI, 30.5 mo-NR) for A vs 17.8 mo (13.8-23.6 mo) for B": one level stated for the sentence
        level_hint = stated.pop()
    eps_all = relabel_recurrence(t, relabel_progression(t, endpoints_in(t, defined), progression), recurrence)
    last_tte = next((e[2] for e in reversed(eps_all) if e[2] in tte), None)
    if not atoms:
        return [], last_tte
    eps = [e for e in eps_all if not any(a.start <= e[0] < a.end and not a.gap[0] <= e[0] < a.gap[1] for a in atoms)]
    # "Among patients with a confirmed complete response (CR), 66.2% ... had": the endpoint picks the patients, it is
    # not the figures' own
    conditions = {e[2] for e in eps if _CONDITION.search(work[:e[0]])}
    eps = [e for e in eps if e[2] not in conditions or _stated_measure(work, e)]
    # "... and cumulative incidence of recurrence (A vs B: 18.8% vs 16.5%)": a measure the reader does not track
    # names its own figures, which are not those of the endpoint named before it
    eps = sorted(eps + [(m.start(), m.end(), _UNTRACKED) for rx in (_UNTRACKED_RE, _CAUSE_OF_DEATH)
                        for m in rx.finditer(work) if not any(e[0] <= m.start() < e[1] for e in eps)])
    # "13.5 months versus 9.4 months in favor of the A combination": the arm a comparison favours labels no figure
    all_mentions = [x for x in _mentions(work, arms) if not _slash_compound(work, x, arms)]
    mentions = [x for x in all_mentions if not _FAVOURED.search(work, max(0, x[0] - 30), x[0])]
    clauses = _clauses(work)
    # "71.0%, including a 16.1% complete response rate": an endpoint named right after a figure is that figure's,
    # and names no other figure
    owned = [o for o in (_own_endpoint(work, a, eps) for a in atoms) if o is not None]
    # "45% with X (CR, 10%) and 20% with Y": an endpoint labelling a figure inside brackets names no figure outside
    groups = _bracket_groups(work)
    labelled = [(e, g) for e in eps for g in groups if g[0] < e[0] < g[1] and
                any(g[0] < b.start < g[1] for b in atoms)]
    # classify
    for a in atoms:
        cl = _clause_of(clauses, a.start)
        own = _own_endpoint(work, a, eps)
        outside = {id(e) for e, g in labelled if not g[0] < a.start < g[1]}
        a.endpoint = own[2] if own is not None else _nearest_endpoint(
            [e for e in eps if (e not in owned or e is own) and id(e) not in outside], a.start, cl)
        prev = atoms[atoms.index(a) - 1] if atoms.index(a) else None
        if own is None and prev is not None and prev.unit == a.unit and any(
                g[0] < prev.start and a.end <= g[1] for g in groups) and \
                re.fullmatch(r"\s*(?:vs\.?|versus|v\.)\s*", work[prev.end:a.start]):
            a.endpoint = prev.endpoint  # "(74.7% vs. 64.1%, P = 0.01), as was ... MRD": a pair, one endpoint
        hr = _governed(work, a, _HR_KEY)
        orr = _governed(work, a, _OR_KEY)
        if a.unit_from_ci and a.unit in ("%", "percent") and (hr is not None or orr is not None):
            a.unit = ""  # "HR = 0.68, 95% CI = 0.51%-0.91%": a stray percent sign on a ratio's limits
        if isinstance(a.value, float) and a.unit in ("", ) and (hr is not None or orr is not None):
            a.kind = "hr" if (hr is not None and (orr is None or hr > orr)) else "odds_ratio"
            kw_pos = hr if a.kind == "hr" else orr
            assert kw_pos is not None
            # a hazard ratio is of a time-to-event endpoint: "(HR = 0.11)" after "among those without pathological
            # complete response" is the ratio of the OS named before, not of the pCR
            # (a death from a named cause keeps its ratio: "all-cause mortality (HR a), cardiovascular death (HR b)")
            rel = [e for e in eps if e[2] in tte or e[2] == _UNTRACKED and _CAUSE_OF_DEATH.match(work, e[0])] \
                if a.kind == "hr" and any(e[2] in tte for e in eps) else eps
            e_in = [e for e in rel if kw_pos <= e[0] < a.start]
            e_before = [e for e in rel if e[0] < kw_pos]
            # "CV death by 20% (HR 0.80), all-cause death by 16% (HR 0.84) and HF hospitalization by 21% (HR 0.79)":
            # a list of events each reduced by a percentage, each with its own ratio: an endpoint named before a
            # ratio's item is not the ratio's (nor is an endpoint named only after it: "for OS" is read below)
            item = next((m for m in _REDUCED_BY_ITEM.finditer(t, max(0, kw_pos - 160), kw_pos + 12)
                         if m.end() == kw_pos), None)
            if item is not None:
                e_before = [e for e in e_before if e[0] >= item.start()]
                if not e_in and not e_before and own is None:
                    a.endpoint = None
            if a.kind == "odds_ratio" and any(e not in owned for e in e_before):
                # "the ORR was 61.9%, with a 12.9% CR rate (OR vs CP, 1.32)": a category's rate naming its own
                # endpoint is not the ratio's
                e_before = [e for e in e_before if e not in owned]
            if e_in:
                a.endpoint = e_in[0][2]
            elif e_before:
                a.endpoint = e_before[-1][2]
                if len({e[2] for e in rel if a.kind != "hr" or e[2] != _UNTRACKED}) > 1:
                    a.how.append("endpoint:several-named")
            continue
        named = _named_rate(work, a, eps)
        # only when every percentage of the clause names its own: "rates of 95.3% and 55.7% in those with and
        # without a complete response" is a list whose second figure names nothing, and stays doubtful
        if named is not None and any(b.unit in ("%", "percent") and cl[0] <= b.start < cl[1] and
                                     _named_rate(work, b, eps) is None and _own_endpoint(work, b, eps) is None
                                     for b in atoms):
            named = None
        if own is None and named is not None:
            a.endpoint = named[2]  # "a 6-year PFS rate of 53% and TTNT rate of 65%": each rate names its own
            continue
        # endpoints after a "respectively" that closes the figures' list are not theirs ("... 28% and 61%,
        # respectively (P < .001), with no difference in overall survival")
        close = re.search(r"\brespectively\b", work[a.end:cl[1]])
        stop = a.end + close.start() if close else cl[1]
        # "improved MRD-negativity rates after induction (34.6% vs 23.1%) ... and provided PFS benefit": figures in
        # brackets after their endpoint's words are not doubted by an endpoint named after the brackets close
        grp = next((g for g in groups if g[0] < a.start < g[1]), None)
        since = cl[0]
        if grp is not None and not any(grp[0] < e[0] < grp[1] for e in eps):
            named_before = [e for e in eps if cl[0] <= e[0] < grp[0]]
            if named_before and named_before[-1][2] == a.endpoint:
                stop = min(stop, grp[1])
                # (not a time-to-event endpoint's percentages: "duration of response (22.7% vs 6.3%)" names no
                # time point of its own)
                if not (a.unit in ("%", "percent") and a.endpoint in tte):
                    since = _bracketed_after_endpoint(work, named_before[-1], grp, since)
        # (an untracked measure named after the figure does not make its endpoint doubtful)
        # (nor does a response rate for a figure in months: "ORR (35% vs 20%) and DOR (6.9 months vs 5.5 months)")
        if own is None and len({e[2] for e in eps if since <= e[0] < stop and e not in owned and
                                not (e[2] == _UNTRACKED and e[0] >= a.end) and
                                not (a.unit in ("months", "month", "mo", "mos") and e[2] in response and
                                     a.endpoint in tte)}) > 1 and \
                not (a.endpoint not in tte and _rate_pair_named(work, a, eps)):
            a.how.append("endpoint:several-in-clause")
    for a, kind, ep in headed:
        a.kind = kind
        if ep is not None:
            a.endpoint = ep
        a.how = [h for h in a.how if not h.startswith("endpoint:several")] + ["kind:ratio-header"]
    _ratios_per_endpoint(work, atoms, eps)
    # "HRs (95% CI) for OS were a (ci) in X, b (ci) in Y, and c (ci) in Z": ratios listed each with its CI and the
    # group it is of (the group's own numbers between them are no figures)
    for i, a in enumerate(atoms):
        if a.kind not in ("hr", "odds_ratio") or a.lo is None:
            continue
        j = next((k for k in range(i + 1, len(atoms)) if atoms[k].lo is not None), None)
        if j is None:
            continue
        b = atoms[j]
        if b.kind is not None or b.unit or not isinstance(b.value, float) or \
                any(x.unit or x.kind is not None for x in atoms[i + 1:j]) or \
                not _GROUP_BETWEEN.fullmatch(work, a.end, b.start) or any(a.end <= e[0] < b.start for e in eps):
            continue  # (not "0.70 (...) for progression-free survival and 0.72 (...)": an endpoint, no group)
        head = next((x for x in reversed(atoms[:i + 1]) if x.kind == a.kind and "kind:listed-ratio" not in x.how), a)
        kw = _governed(work, head, _HR_KEY if head.kind == "hr" else _OR_KEY)
        if kw is None or not re.match(r"(?:[Hh]azard\s+[Rr]atios|HRs|[Oo]dds\s+[Rr]atios|ORs)\b", work[kw:]):
            continue
        b.kind, b.endpoint = a.kind, a.endpoint
        b.how.append("kind:listed-ratio")
        for x in atoms[i + 1:j]:
            x.how.append("not-a-figure")
    atoms = [x for x in atoms if "not-a-figure" not in x.how]
    # "hazard ratios ... were 0.77 (P = .0020), and 0.69": a ratio joined to a ratio is one too
    for i in range(1, len(atoms)):
        a, b = atoms[i - 1], atoms[i]
        if a.kind in ("hr", "odds_ratio") and b.kind is None and not b.unit and isinstance(b.value, float) and \
                re.fullmatch(r"\s*(?:[(\[][#\s]*[)\]]|[;,][#\s]*[)\]])?\s*,?\s*(?:and|,|or)\s*", work[a.end:b.start]):
            b.kind, b.endpoint = a.kind, a.endpoint
            # "hazard ratios ... were a and b", "HR 0.995 and 0.996 respectively": a list the text announces
            head = next((x for x in reversed(atoms[:i]) if "kind:joined-ratio" not in x.how and
                         "kind:listed-ratio" not in x.how), a)
            kw = _governed(work, head, _HR_KEY if head.kind == "hr" else _OR_KEY)
            plural = kw is not None and re.match(r"(?:[Hh]azard\s+[Rr]atios|HRs|[Oo]dds\s+[Rr]atios|ORs)\b", work[kw:])
            listed = re.match(r"[^.;\d]{0,30}?\brespectively\b", work[b.end:])
            b.how.append("kind:listed-ratio" if plural or listed else "kind:joined-ratio")
    _ratios_in_listed_order(work, atoms, eps)
    _bracketed_ratios_respectively(work, atoms, eps)
    # "The hazard ratio for OS was 0.80 (95% CI, ...); for PFS, 0.75 (95% CI, ...)": a ratio continued by ellipsis
    for i in range(1, len(atoms)):
        a, b = atoms[i - 1], atoms[i]
        if a.kind not in ("hr", "odds_ratio") or b.kind is not None or b.unit or not isinstance(b.value, float):
            continue
        ell = re.fullmatch(r"\s*[)\]]?\s*;\s*(?:and\s+)?for\s+(?:the\s+)?(?P<ep>[^;,\d#]{1,60}?)\s*,\s*",
                           work[a.end:b.start])
        if ell is None:
            continue
        named_ep = next((e for e in eps if e[0] == a.end + ell.start("ep") and e[1] == a.end + ell.end("ep")), None)
        if named_ep is not None:
            b.kind, b.endpoint = a.kind, named_ep[2]
    # "HRs were 0.70 (95% CI: 0.53-0.91, P=0.0077) for PFS per investigator and 0.72 (...) for OS": an endpoint
    # named right after a ratio ("for OS") is that ratio's, and a figure so named joins the list of ratios
    for i, a in enumerate(atoms):
        post = _postfix_endpoint(work, a, eps)
        if post is None:
            continue
        if a.kind in ("hr", "odds_ratio"):
            kw = _governed(work, a, _HR_KEY if a.kind == "hr" else _OR_KEY)
            if kw is not None and not any(kw <= e[0] < a.start for e in eps):
                a.endpoint = post[2]
                a.how = [h for h in a.how if h not in ("endpoint:several-named", "endpoint:several-in-clause")]
            if i + 1 < len(atoms):
                b = atoms[i + 1]
                post_b = _postfix_endpoint(work, b, eps)
                if b.kind is None and not b.unit and isinstance(b.value, float) and post_b is not None and \
                        re.fullmatch(r"[^\d;.#()\[\]]{0,30}?,?\s*(?:and|or|,)\s*", work[post[1]:b.start]):
                    b.kind, b.endpoint = a.kind, post_b[2]
                    b.how = [h for h in b.how if h != "endpoint:several-in-clause"]
    # "Both differences were significant, with hazard ratios of 0.65 and 0.60, respectively": ratios of several
    # results the sentence points back to are not all of the one endpoint named last before it (a list of one
    # endpoint's subgroups, "hazard ratio 0.99 and 0.98 respectively" for two named groups, still is)
    several = sum(1 for a in atoms if a.kind == "hr") > 1 and _BOTH_RESULTS.match(t) is not None
    ratios = [a for a in atoms if a.kind == "hr"]
    if several and not eps and len(ratios) == 2 and len(prev_results) == 2 and None not in prev_results and \
            len(set(prev_results)) == 2 and all(e in tte for e in prev_results if e) and \
            re.search(r"\brespectively\b", t) and all(a.endpoint is None for a in ratios):
        # the two results the sentence points back to, in the order the two sentences before it gave them
        for a, e in zip(ratios, prev_results):
            a.endpoint = e
            a.how.append("endpoint:previous-sentence")
    heading = _heading_above(t, heading_text, defined, tte) if not eps else None
    if heading is not None and heading[1] == "hr":
        first = atoms[0]
        if first.kind is None and not first.unit and isinstance(first.value, float) and first.lo is not None and \
                re.fullmatch(r"\s*(?:[-*\u2022]\s*)?", work[:first.start]):
            first.kind, first.endpoint = "hr", heading[0]
            first.how.append("endpoint:heading-above")
    for a in atoms:
        if a.kind == "hr" and a.endpoint is None and not eps and prev_tte and not several and not re.search(
                r"\btime to\b|\bsurvival\b|-free\b|\bresponse\b|\bduration\b|\bdeterioration\b", t, re.I) and \
                not _OTHER_OUTCOME.search(t) and not _outcome_bracket(work, a):
            a.endpoint = prev_tte  # "Hazard ratio 0.49 (95% CI 0.38-0.63)." after a sentence on PFS
            a.how.append("endpoint:previous-sentence")
    # "a median survival of only 3 to 4 years": a span, not two arms' figures ("from 9.1 to 11.2 months" is read
    # as a change further on)
    span = [i for i in range(1, len(atoms)) if not atoms[i - 1].unit and atoms[i].unit and atoms[i - 1].kind is None
            and atoms[i - 1].lo is None and atoms[i].lo is None and
            re.fullmatch(r"\s+to\s+", work[atoms[i - 1].end:atoms[i].start]) and
            not re.search(r"\bfrom\s*$", work[max(0, atoms[i - 1].start - 12):atoms[i - 1].start])]
    if span:
        drop = {j for i in span for j in (i - 1, i)}
        atoms = [a for j, a in enumerate(atoms) if j not in drop]
    _heading_units(work, atoms, eps, tte)
    _propagate_units(work, atoms)
    for a in atoms:
        if a.kind is not None:
            continue
        cl = _clause_of(clauses, a.start)
        clause_text = work[cl[0]:cl[1]]
        if a.unit in ("%", "percent"):
            # "... was 66% with A versus 48% with B despite >50% of patients on B receiving a subsequent PARP
            # inhibitor": a concessive tail after the figures is no safety or crossover clause of theirs
            conceded = _CONCESSIVE.search(clause_text, a.end - cl[0])
            own_text = clause_text[:conceded.start()] if conceded else clause_text
            if _SAFETY.search(own_text) or _AT_ENTRY.match(clause_text):
                continue
            # "PR 35%", "stable disease, 20%": a response category, not an endpoint of its own
            if re.search(r"\b(?:PRs?|SD|PD|partial responses?|stable disease|progressive disease)\s*(?:rates?\s*)?"
                         r"[:=,]?\s*(?:of\s+|was\s+|in\s+)?$", work[max(0, a.start - 30):a.start]):
                continue
            # "a 45.5% partial response (PR) rate", "49.0% PR rate": the category named right after the figure
            if re.match(r"\s*[)\]]?\s*(?:PRs?|SD|PD|partial\s+responses?|stable\s+disease|progressive\s+disease)\b",
                        work[a.end:]):
                continue
            tp = _timepoint_for(a, atoms, times, cl, work)
            ep = a.endpoint
            if ep is None and tp is not None and prev_tte and re.search(r"\brates?\b|event-free|free\b", clause_text):
                ep = prev_tte
                # "The median PFS was NR in either arm (HR ...). The 36-month rate was 62.7% vs 54.5%.": a sentence
                # that opens on the bare rates names no endpoint because it continues the one endpoint of the last
                a.how.append("endpoint:elided" if not eps and prev_text and _ELIDED_RATES.match(t) and len(
                    {e[2] for e in endpoints_in(prev_text, defined) if e[2] in tte}) == 1 else
                             "endpoint:previous-sentence")
            other_clause = tp is not None and not any(cl[0] <= x[0] < cl[1] for x in times) and \
                "time:listed" not in a.how
            if other_clause and ep in tte and len({v for x in times for v in x[2]}) == 1 and re.search(
                    r"^\W*(?:and\s+|while\s+|whereas\s+)?(?:the\s+)?(?:corresponding\s+)?[\w-]+(?:\s+\([\w-]+\))?\s+rates?\s+"
                    r"(?:was|were)\b", clause_text, re.I) and ep == a.endpoint:
                # "the 3-year OS rates were 100% vs 73%, and the RFS rates were 90% vs 69%": the one time point of the
                # sentence, in a clause that names the rates of another endpoint in the same way
                other_clause = False
            if ep is None or (ep == "OS" and _death_share(t, a, eps)):
                continue
            if (other_clause or _time_of_other_endpoint(a, tp, times, eps, ep)) and ep in response:
                # "24-month PFS=85.5% vs 69.5%; ORR=94.6% vs 85.3%": a time point of an earlier clause is no
                # response rate's, nor one bound to another endpoint named before the rate's own ("PFS at month 12
                # favored A (a vs b) as did the objective response rate (c vs d)")
                tp = None
            elif other_clause:
                a.how.append("time:other-clause")
            if ep in tte and tp is not None:
                a.kind, a.endpoint, a.timepoint = "landmark_rate", ep, tp
            elif ep in response and tp is None:
                a.kind, a.endpoint = "rate", ep
                if ep in ("MRD", "sustained MRD"):
                    a.threshold = _threshold_for(a, atoms, thresholds, cl)
        elif a.unit in ("months", "month", "mo", "mos", "years") or isinstance(a.value, str):
            ep = a.endpoint
            if ep is None and heading is not None and heading[1] == "median" and _LABELLED_LINE.match(work):
                ep = a.endpoint = heading[0]  # "- Median PFS" over "- A: 11.2 months (95% CI ...)"
                a.how.append("endpoint:heading-above")
            if ep is None or ep not in tte:
                continue
            # "not reached (95% CI, 18.5 to NE) vs 6.8 months": only a median is "not reached"
            reached = any(isinstance(b.value, str) and b.value == "NR" and b.text.lower().startswith("not") and
                          cl[0] <= b.start < cl[1] for b in atoms)
            if not _MEDIAN.search(work[:a.start]) and not _MEDIAN.search(clause_text) and not reached and \
                    not _survival_pair(work, a, eps) and "unit:heading" not in a.how and \
                    "endpoint:heading-above" not in a.how:
                continue
            governing = list(_MEDIAN.finditer(t[:a.start]))
            if governing and governing[-1].group().lower() == "median" and \
                    _NOT_ENDPOINT_MEDIAN.match(t, governing[-1].end()):
                continue  # "a median follow-up of 83.0 months (95% CI ...) ... and 77.2 months": not a result
            if isinstance(a.value, str) and a.unit == "" and not _MEDIAN.search(clause_text + work[:a.start]) and \
                    not reached:
                continue
            if _SAFETY.search(clause_text) and not re.search(r"median", clause_text, re.I):
                continue
            a.kind = "median"
            if a.unit == "years":
                _years_to_months(a)
    atoms = [a for a in atoms if a.kind is not None]
    if not atoms:
        return [], last_tte
    slash_read = _slash_pairs(work, atoms, eps, len(arms))
    _assign_endpoints_respectively(work, atoms, eps, clauses, mentions)
    _tagged_lists(work, atoms, eps, mentions, arms)
    _assign_arms(work, atoms, mentions, arms, clauses, thresholds)
    _endpoints_of_chunks(work, atoms, eps, clauses, thresholds)
    _assign_p(work, atoms, pvals, clauses, t)
    every = [a for a in atoms if a.arm == _EVERY]
    if every:
        # a figure stated once for every arm: one record per arm (three arms only when the text has three)
        atoms = [b for a in atoms for b in ([_with_arm(a, x.label) for x in arms] if a.arm == _EVERY else [a])]
    # a figure stated once for two named arms: one record for each
    atoms = [b for a in atoms for b in ([_with_arm(a, arms[int(k)].label) for k in a.arm[len(_SHARED):].split(",")]
                                        if a.arm and a.arm.startswith(_SHARED) else [a])]
    context = [c for c in _context_flags(t, bool(all_mentions)) if not (slash_read and c == "context:slash-list")]
    out = []
    for a in atoms:
        if a.arm == _FOREIGN:
            a.arm = None
        if a.kind in ("median", "rate", "landmark_rate") and a.arm is None:
            continue  # an arm-level figure whose arm cannot be told: left out rather than guessed
        if not a.endpoint or a.endpoint == _UNTRACKED:
            continue
        unit = {"median": "months", "rate": "percent", "landmark_rate": "percent"}.get(a.kind or "")
        p = a.p
        out.append(Record(
            endpoint=a.endpoint or "", kind=a.kind or "", arm=a.arm if a.kind in ("median", "rate", "landmark_rate")
            else None, value=a.value, ci_lower=a.lo, ci_upper=a.hi,
            ci_level=(a.level if a.level is not None else (level_hint if a.lo is not None else None)),
            p_value=p[1] if p else None, p_operator=p[0] if p else None,
            timepoint_months=a.timepoint if a.kind == "landmark_rate" else None, unit=unit,
            source=Source(s.start + a.start, s.start + a.end, original[s.start:s.end]),
            value_text=a.text, lower_text=a.lo_text, upper_text=a.hi_text, p_text=p[2] if p else "",
            threshold=a.threshold, sentence_index=si,
            **_confidence(a.how + context if a.kind in ("median", "rate", "landmark_rate") else
                          [h for h in a.how + context if not h.startswith("arm:")])))
    return out, last_tte


# How much each way of reading a figure is trusted (1 = a clean pattern: the figure, its endpoint and its arm
# all named in its own clause). A record's confidence is the product over the ways it was read: one weak
# inference (0.6: an arm by elimination or distance, an endpoint from another sentence) keeps it above the default
# threshold, two do not, nor does a table, a slash list, a pooled or non-randomized comparison. See docs/scout.md
# ("Confidence").
CONFIDENCE_WEIGHTS: dict[str, float] = {
    "arm:named-after": 1.0,          # "10.2 months with X"
    "arm:labelled": 1.0,             # "A+AVD: 83.1%"
    "arm:named-near": 0.9,           # "10.2 months (95% CI ...) in patients receiving X"
    "arm:respectively": 0.9,         # "a and b with X and Y, respectively"
    "arm:respectively-unnamed": 0.85,  # "a and b in each arm, respectively": the arms in the design sentence's order
    "arm:bracket-pair": 0.9,         # "12.5 months (vs. 6.3 months in the B arm)": the first figure the other arm's
    "arm:order-named": 0.8,          # "X ... compared with Y (a vs b)": the pair in the order the sentence names them
    "arm:comparator-named": 0.8,     # "longer with the combination than with Y (a vs b)": two arms, the comparator named
    "arm:chunks": 0.8,
    "arm:from-to": 0.7,              # "from a% to b%": the control's figure first
    "unit:years": 1.0,
    "endpoint:heading-above": 0.9,   # "- Median PFS" over "- A: 11.2 months": the endpoint of the heading line above
    "arm:every": 0.9,
    "arm:only-arm": 0.9,
    "arm:one-in-clause": 0.7,
    "arm:same": 0.7,
    "arm:list-linked": 0.7,
    "arm:joined-list": 0.7,
    "arm:order-subject": 0.6,        # only the subject arm named: the other found by the arms' order
    "arm:named-before": 0.6,         # the nearest arm named before the figure
    "arm:elimination": 0.6,          # the arm left over once the others were given
    "arm:order-unnamed": 0.6,        # no arm named in the sentence: the order of the design sentence
    "endpoint:previous-sentence": 0.6,
    "endpoint:elided": 0.9,          # "The 36-month rate was a% vs b%." after a sentence on one endpoint
    "endpoint:several-in-clause": 0.6,
    "endpoint:several-named": 0.6,
    "kind:joined-ratio": 0.7,
    "kind:listed-ratio": 0.9,        # "hazard ratios were a and b", "HR a and b, respectively"
    "endpoint:listed": 0.9,          # "in RFS or OS (hazard ratios of a [...] and b [...])": the endpoints in order
    "time:other-clause": 0.6,
    "time:listed": 0.9,              # "the 2-, 3- and 5-year rates ... were a%, b% and c%; with B, d%, e% and f%"
    "context:table": 0.4,            # cells of a table flattened to text
    "table:row": 1.0,                # a row of a results table whose header names the arms or statistics
    "table:endpoint-above": 0.9,     # a statistic-only row label ("Hazard ratio (95% CI)"): the endpoint above it
    "context:slash-list": 0.4,       # "76%/60% 69%/55%"
    "context:subgroup": 0.3,         # a comparison that is not of the arms: salvage treatment, men vs women
    "context:pooled": 0.2,           # "among all patients" in a sentence that names no arm
    "context:follow-up": 0.9,        # a follow-up or observation time stated beside the result
}
DEFAULT_MIN_CONFIDENCE = _model.shipped_threshold()  # 0.5, or the learned filter's when it is enabled

_SLASH_GAP = re.compile(r"\s*/\s*")


def _slash_pairs(work: str, atoms: list[_Atom], eps, n_arms: int) -> bool:
    """'Overall response/complete response rates were 91.0%/66.6% and 88.0%/53.5% in the A and B arms,
    respectively': two endpoints named with a slash, then one slash pair of rates per arm, the first of each pair the
    first endpoint's. True when every slash pair of the sentence was so read (the pairs are then no slash list)."""
    named = [(e1, e2) for e1, e2 in zip(eps, eps[1:]) if _SLASH_GAP.fullmatch(work[e1[1]:e2[0]]) and e1[2] != e2[2]]
    pairs = [(x, y) for x, y in zip(atoms, atoms[1:]) if _SLASH_GAP.fullmatch(work[x.end:y.start])]
    if len(named) != 1 or not pairs or len(pairs) != n_arms or not re.search(r"\brespectively\b", work):
        return False
    e1, e2 = named[0]
    if any(x.start < e2[1] or x.kind != "rate" or y.kind != "rate" or x.unit not in ("%", "percent") or
           y.unit not in ("%", "percent") for x, y in pairs):
        return False
    if any(e[0] > e2[1] and e[0] < pairs[-1][1].end for e in eps):
        return False  # another endpoint named among the pairs
    for x, y in pairs:
        x.endpoint, y.endpoint = e1[2], e2[2]
        for a in (x, y):
            a.how = [h for h in a.how if h not in ("endpoint:several-in-clause", "endpoint:several-named")]
    return True


# (a pipe with a cell's words after it on its line: not the lone pipe closing a line, "2-yr EFS: 67% vs 58% |", which
# a page's layout leaves after each line of a bulleted summary)
_CTX_TABLE = re.compile(r"\|(?=[^\S\n]*[^\s|])|\t")
_CTX_SLASH = re.compile(r"\d\s*%?\s*/\s*\d+(?:\.\d+)?\s*%")
# a comparison that is not of the randomized arms: pooled figures, salvage or crossover treatment, men vs women
_CTX_POOLED = re.compile(
    r"\b(?:among|in|for|of)\s+all\s+(?:the\s+)?(?:\d+\s+)?(?:randomi[sz]ed\s+|enrolled\s+|evaluable\s+)?"
    r"(?:patients|participants|pts|subjects)\b|\bregardless of (?:the\s+)?(?:treatment|arm|randomi)|"
    r"\bindependent of (?:the\s+)?treatment|\b(?:both|the two)\s+(?:arms|groups)\s+combined\b|\bpooled\b|"
    r"\boverall (?:study )?population\b(?![^.;]{0,40}\b(?:vs\.?|versus|compared)\b)", re.I)
_CTX_SUBGROUP = re.compile(r"\b(?:among|in)\s+(?:the\s+)?(?:patients|those|participants)\s+(?:with|who)\b(?:[^.]|\.\d){0,200}?"
                           r"\b(?:among|in)\s+(?:the\s+)?(?:patients|those|participants)\s+(?:without|who did not)\b|"
                           r"\bamong\s+(?:the\s+)?(?:\d+\s+)?(?:[\w-]+[- ]treated\s+)?(?:patients|those|participants)\s+"
                           r"who\s+(?:discontinued|stopped|crossed over|switched|remained on|progressed)\b|"
                           r"\bsalvage\b|\b(?:fe)?male\s+(?:patients|pts|participants)\b|\bbetween\s+(?:male|female|men|"
                           r"women)\b|"
                           # "efficacious in the second-line (2L) vs third-line plus setting (a% vs b%)": two settings or
                           # subgroups compared, within one arm
                           r"\b(?:in|among|between)\s+(?:the\s+)?(?:[\w+\u2265\u2264<>-]+\s+){0,2}(?:\([\w+-]+\)\s+)?"
                           r"(?:vs\.?|versus|and)\s+(?:the\s+)?(?:[\w+\u2265\u2264<>-]+\s+){0,2}(?:\([\w+-]+\)\s+)?"
                           r"(?:settings?|subgroups?|subsets?|strata|stratum|age groups?)\b", re.I)
_CTX_FOLLOW = re.compile(r"\bfollow(?:ed)?[- ]?up\b|\bobservation (?:time|period)\b|\bMFU\b", re.I)


def _context_flags(t: str, arm_named: bool) -> list[str]:
    """How a sentence colours every figure in it (``arm_named``: the sentence names one of the arms)."""
    out = []
    if _CTX_TABLE.search(t):
        out.append("context:table")
    if _CTX_SLASH.search(t):
        out.append("context:slash-list")
    if _CTX_SUBGROUP.search(t):
        out.append("context:subgroup")
    if not arm_named and _CTX_POOLED.search(t):
        out.append("context:pooled")
    if _CTX_FOLLOW.search(t):
        out.append("context:follow-up")
    return out


def _confidence(how: list[str]) -> dict:
    basis = tuple(dict.fromkeys(how))
    c = 1.0
    for h in basis:
        c *= CONFIDENCE_WEIGHTS.get(h, 1.0)
    return {"confidence": round(c, 4), "basis": basis}


def _years_to_months(a: _Atom) -> None:
    """'Median RFS was 2.07 years': the contract's medians are in months (x 12; the printed digits are dropped, so
    the checks read the converted figures as exact)."""
    def conv(v):
        return round(v * 12.0, 6) if isinstance(v, float) else v

    a.value, a.lo, a.hi = conv(a.value), conv(a.lo), conv(a.hi)
    a.text = a.lo_text = a.hi_text = ""
    a.unit = "months"
    a.how.append("unit:years")


def _last_tte(t: str) -> str | None:
    eps = [e for e in endpoints_in(t) if e[2] in TTE]
    return eps[-1][2] if eps else None


# (also with the CI's level named beside it: "hazard ratio and 95%CI: 0.76", "HR (95% CI): 0.76")
_RATIO_BEFORE = re.compile(r"(?:\bHR|\b[Hh]azard\s+ratio|\bOR|\b[Oo]dds\s+ratio)"
                           r"(?:\s*(?:and|\()\s*\d{2}(?:\.\d)?\s*%\s*CI\)?)?\s*(?:[:=,]|\bof\b|\bwas\b|\bis\b)?\s*$")
_LEVEL_WORD = re.compile(r"\s*(?:CIs?|CrIs?|(?:confidence|credible|credibility)\s+(?:intervals?|limits?|bounds?))\b", re.I)


# "(one-sided 97.5% CI lower bound 75%)": a limit stated alone is not a result either
_BOUND_BEFORE = re.compile(r"\b(?:lower|upper)\s+(?:confidence\s+)?(?:bound|limit)s?\s*(?:of|was|is|at|[,:=])?\s*$",
                           re.I)


# a spread named as the header of the figures: "(IQR)", "[range]", "(interquartile range)", "(min-max)"
_SPREAD_HEADER = re.compile(r"[(\[]\s*(?:IQR|interquartile range|range|min(?:imum)?\s*[-,\u2013]\s*max(?:imum)?)\s*[)\]]",
                            re.I)
# "CI 95%, a-b" (the level after the letters): rewritten as "95% CI" of the same length before the CIs are read
# (a level of 80-99.x% not after another level, followed by the limits' punctuation; not "95% CI 56.4% to 72.9%")
# a figure's own bracket labelled a spread: "24.4 months (range, 16.7-32 months)", "12.1 (IQR 8.0-15.3)"
_SPREAD_LABELLED = re.compile(r"\d\s*(?:%|months?|mo|years?)?\s*[(\[]\s*(?:IQR|interquartile range|range)\s*[,:;=]?\s*\d",
                              re.I)
_LEVEL_AFTER_CI = re.compile(r"(?<!%)(?<!%\s)\bCI(\s?)([89]\d(?:\.\d+)?)(\s?)%(?=\s*[,:=(\[]|\s+[\d.])")


def _level_first(m: re.Match) -> str:
    return m.group(2) + "%" + " " * (len(m.group(0)) - len(m.group(2)) - 3) + "CI"


def _atoms(work: str, comma_ci: bool = False) -> list[_Atom]:
    """The numbers of ``work`` with their CIs. ``comma_ci``: the sentence labels its CIs ('Median (95% CI)'), so
    '14.8 (14.1, 15.4)' is a figure and its CI when the limits bracket it."""

    atoms: list[_Atom] = []
    pos = 0
    work = _LEVEL_AFTER_CI.sub(_level_first, work)
    while True:
        m = _VALUE_RE.search(work, pos)
        if m is None:
            break
        v, printed = _parse_value(m.group("v"))
        unit = m.group("u").strip().lower()
        orphan = _CI_AFTER.match(work, m.start()) if unit in ("%", "percent") else None
        if orphan is not None and orphan.start("lvl") == m.start():
            pos = orphan.end()  # "(95% CI: 21.0-NE)" whose figure was not read: a level and limits, no result
            continue
        if unit in ("%", "percent") and (_LEVEL_WORD.match(work, m.end()) or _BOUND_BEFORE.search(work, 0, m.start())):
            pos = m.end()  # "a 1-sided 97.5% CI of -6.5% to \u221e": a confidence level, never a result
            continue
        if not unit and re.fullmatch(r"\d+", m.group("v").strip()) and _ROUGHLY.search(work, 0, m.start()) and \
                not (_CI_PAREN.match(work, m.end()) or _CI_AFTER.match(work, m.end())):
            pos = m.end()  # "the HR is slightly over 1", "a ratio of about 2": a rough size, not a printed result
            continue
        a = _Atom(m.start(), m.end(), v, printed, unit)
        end = m.end()
        ci = _CI_PAREN.match(work, end) or _CI_AFTER.match(work, end) or _CI_SEMI.match(work, end) or \
            _CI_SEMI_IN.match(work, end) or _bare_ratio_ci(work, m, v, unit)
        if ci is None and isinstance(v, float):
            glued = _glued_ci(work, end, v)
            if glued is not None:
                a.lo, a.hi, a.lo_text, a.hi_text, a.level, end = glued
                atoms.append(a)
                a.end = end
                pos = end
                continue
        if ci is None:
            # "90% of the patients ... in the osimertinib group (95% CI, 84 to 93)": a labelled CI a few words on
            far = re.match(r"[^\d()\[\];.#]{1,80}?(?=\()", work[end:])
            if far:
                ci2 = _CI_PAREN.match(work, end + far.end())
                if ci2 and ci2.group("lvl"):
                    ci = ci2
                    a.gap = (end, end + far.end())
        if ci and not (ci.group("sep").strip() in ("-", "to", "\u2013") or ci.group("lvl")) and comma_ci:
            lo0, hi0 = _split_atom(ci.group("lo"))[0], _split_atom(ci.group("hi"))[0]
            if not (isinstance(v, float) and isinstance(lo0, float) and isinstance(hi0, float) and lo0 <= v <= hi0):
                ci = None
        elif ci and not (ci.group("sep").strip() in ("-", "to", "\u2013") or ci.group("lvl")):
            # "HR=1.10 (0.85, 1.41)": a ratio named right before its figure, with a bracketed pair around it, is the
            # ratio and its CI, whose level the text does not state
            lo0, hi0 = _split_atom(ci.group("lo"))[0], _split_atom(ci.group("hi"))[0]
            if not (ci.group().lstrip().startswith(("(", "[")) and _RATIO_BEFORE.search(work, 0, m.start()) and
                    isinstance(v, float) and isinstance(lo0, float) and isinstance(hi0, float) and
                    lo0 < hi0 and lo0 <= v <= hi0 and not unit and not ci.group("lo").strip()[-1:].isalpha()):
                ci = None
        if ci:
            lo, lo_t, lo_u = _split_atom(ci.group("lo"))
            hi_v, hi_t, hi_u = _split_atom(ci.group("hi"))
            hi: Value | None = hi_v
            if _cut_limit(work, ci):
                hi, hi_t, hi_u = None, "", ""
            a.lo, a.hi, a.lo_text, a.hi_text = lo, hi, lo_t, hi_t
            if ci.group("lvl"):
                a.level = float(ci.group("lvl"))
            else:
                # the level named with the ratio's keyword, before the figure: "hazard ratio and 95%CI: 0.76; [...]"
                named = _LEVEL_BEFORE_FIGURE.search(work, max(0, m.start() - 30), m.start())
                if named:
                    a.level = float(named.group(1))
            if not a.unit and (hi_u or lo_u):
                after_unit = re.match(r"\s*[)\]]?\s*(%|months?|mo\b)", work[ci.end():])
                a.unit = hi_u or lo_u
                a.unit_from_ci = not after_unit
                if after_unit:
                    a.unit = after_unit.group(1)
            end = ci.end()
            close = re.match(r"\s*[)\]]", work[end:])
            if close:
                end += close.end()
        if a.lo is None:
            spread = _SD_AFTER.match(work, end)
            if spread:
                end = spread.end()  # "87% (SD = 2%) for DI": a standard deviation, no figure of its own
        if not a.unit:
            tail = re.match(r"\s*(%|months?\b|mo\b|mos\b)", work[end:])
            if tail and a.lo is not None:
                a.unit = tail.group(1)
                end += tail.end()
            elif a.lo is None:
                unit_m = _glued_median(work, end)  # "a 20.6-month median OS"
                if unit_m:
                    a.unit = unit_m.group(1).lower()
                    end = unit_m.end(1)
        a.unit = {"month": "months", "mo": "months", "mos": "months", "percent": "%"}.get(a.unit, a.unit)
        a.end = end
        if a.unit in ("year", "years", "yr", "yrs"):
            a.unit = "years"
        atoms.append(a)
        pos = end
    return atoms


_LEVEL_BEFORE_FIGURE = re.compile(r"\b(\d{2}(?:\.\d)?)\s*%\s*CI\)?\s*[:=,]?\s*$")
# "HR 0.73, 0.62-0.85; p=0.0001": a ratio's limits after a comma, joined by a dash, with no word for them; or in
# square brackets after a comma or semicolon ("hazard ratio and 95%CI: 0.76; [0.59-0.98], P= 0.031")
_CI_BARE = re.compile(rf"(?P<lvl>(?!))?\s*(?:,|[;,]\s*(?=\[))\s*\[?\s*(?P<lo>{_NUM})(?P<sep>\s*(?:-|\u2013)\s*)(?P<hi>{_NUM})"
                      rf"(?:\s*\])?(?=\s*(?:[;,)\]]|$))")


def _bare_ratio_ci(work: str, m: re.Match, v, unit: str) -> re.Match | None:
    """The CI of a ratio named right before its figure and followed by ', a-b' (a dash, no level, no unit) when the
    limits bracket the figure ('HR 0.73, 0.62-0.85'); the level is the one the sentence states, if any."""
    if unit or not isinstance(v, float) or not _RATIO_BEFORE.search(work, 0, m.start()):
        return None
    ci = _CI_BARE.match(work, m.end())
    if ci is None or not float(ci.group("lo")) <= v <= float(ci.group("hi")):
        return None
    return ci


def _cut_limit(work: str, ci: re.Match) -> bool:
    """'(HR 0.750 [95% CI: 0.601, 0.' where the text breaks off: the upper limit is a number cut after its point
    (a bracket left open, the text ending on "<digits>."), whose printed part is not its value; it is not read."""
    if ci.group("hi")[-1:].isalpha() or not re.match(r"\.\s*$", work[ci.end("hi"):]):
        return False
    opened = ci.group().count("(") + ci.group().count("[") - ci.group().count(")") - ci.group().count("]")
    return opened > 0 or work[:ci.start()].count("(") + work[:ci.start()].count("[") > \
        work[:ci.start()].count(")") + work[:ci.start()].count("]")


# words that make the whole number after them a rough size: "slightly over 1", "just under 2", "about 1"
_ROUGHLY = re.compile(r"\b(?:(?:slightly|just|well|a little|somewhat|a bit)\s+(?:over|above|under|below|more than|"
                      r"less than|greater than)|about|approximately|roughly|around|nearly|almost|close to)\s*$", re.I)
# a header naming the ratio and its CI in one bracket: "OS (HR; 95% CI) ... in A (0.69; 0.59 to 0.81) and B (0.65;
# 0.54 to 0.78)"; each later bracket of a figure and two limits is one ratio with its CI
_RATIO_HEADER = re.compile(r"[(\[]\s*(?:(?P<hr>HRs?|hazard ratios?)|(?P<or>ORs?|odds ratios?))\s*[;,]\s*[(\[]?\s*"
                           r"(?P<lvl>[89]\d(?:\.\d+)?)\s*%\s*(?:CIs?|confidence intervals?)\s*[)\]]?\s*[)\]]")
_HEADED_GROUP = re.compile(rf"[(\[]\s*(?P<v>{_NUM})\s*[;,]\s*(?P<lo>{_NUM})\s*(?:-|to|\u2013)\s*(?P<hi>{_NUM})\s*[)\]]")
# between two ratios of a list, the group the first is of: " in the CPS >=10 subgroup, ", " in women, and "
# (also joined by "and" alone: "hazard ratios of 0.61 (...) among patients with X and 0.65 (...) among those with Y")
_GROUP_BETWEEN = re.compile(r"\s*(?:in|for|among)\s+[^;.()\[\]]{1,60}?(?:,\s*(?:and\s+)?|\s+and\s+)")


_PLURAL_RATIO = re.compile(r"\b(?:(?P<hr>[Hh]azard\s+[Rr]atios|HRs)|(?P<or>[Oo]dds\s+[Rr]atios|ORs))\b")
_FOR_ENDPOINT = re.compile(r"\bfor\s+(?:the\s+)?(?P<ep>[^:;,.()\d]{1,40}?)\s*:\s*")


def _ratios_per_endpoint(work: str, atoms: list[_Atom], eps) -> None:
    """'HRs (95% CI) for the subgroups were, for OS: G1, a (ci); G2, b (ci); and G3, c (ci); and for PFS: G1, d (ci)
    ...': after a plural ratio keyword, each "for <endpoint>:" opens a list whose items are a group's label, a comma
    and a ratio with its CI (which brackets it); the ratios are that endpoint's."""
    kw = _PLURAL_RATIO.search(work)
    if kw is None:
        return
    kind = "hr" if kw.group("hr") else "odds_ratio"
    heads = []
    for m in _FOR_ENDPOINT.finditer(work, kw.end()):
        e = next((e for e in eps if e[0] == m.start("ep") and e[1] == m.end("ep")), None)
        if e is not None:
            heads.append((m.end(), e[2]))
    for k, (start, ep) in enumerate(heads):
        stop = heads[k + 1][0] if k + 1 < len(heads) else len(work)
        for a in atoms:
            if not start <= a.start < stop or a.kind is not None or a.unit or not isinstance(a.value, float) or \
                    not isinstance(a.lo, float) or not isinstance(a.hi, float) or not a.lo <= a.value <= a.hi:
                continue
            if a.start != start and not re.search(r",\s*(?:and\s+)?$", work[max(0, a.start - 8):a.start]):
                continue
            a.kind, a.endpoint = kind, ep
            a.how = [h for h in a.how if not h.startswith("endpoint:several")] + ["kind:listed-ratio"]
        # the groups' own numbers ("age < 65, a (ci)") are no figures
        inside = [a for a in atoms if start <= a.start < stop]
        for a, b in zip(inside, inside[1:]):
            if "kind:listed-ratio" in b.how and a.lo is None and "kind:listed-ratio" not in a.how and \
                    re.fullmatch(r"[^;\d]*,\s*(?:and\s+)?", work[a.end:b.start]):
                a.how.append("not-a-figure")


def _ratio_header_groups(work: str, atoms: list[_Atom]) -> list[tuple[_Atom, str, str | None]]:
    """Brackets after a ratio-and-CI header (see _RATIO_HEADER) made one atom each, its limits joined to it (in
    place); returns each such atom with its kind and the endpoint named right before the header."""
    m = _RATIO_HEADER.search(work)
    if m is None:
        return []
    kind = "hr" if m.group("hr") else "odds_ratio"
    before = endpoints_in(work[:m.start()])
    ep = before[-1][2] if before and not work[before[-1][1]:m.start()].strip() else None
    out = []
    for g in _HEADED_GROUP.finditer(work, m.end()):
        inside = [a for a in atoms if g.start() < a.start < g.end()]
        if not inside or inside[0].start != g.start("v") or any(a.lo is not None or a.unit for a in inside) or \
                any(a.start not in (g.start("v"), g.start("lo"), g.start("hi")) for a in inside):
            continue
        a = inside[0]
        a.lo, a.hi, a.lo_text, a.hi_text = float(g.group("lo")), float(g.group("hi")), g.group("lo"), g.group("hi")
        a.level, a.end = float(m.group("lvl")), g.end()
        for x in inside[1:]:
            atoms.remove(x)
        out.append((a, kind, ep))
    return out


_SD_AFTER = re.compile(r"\s*[(\[]\s*(?:SDs?|SEM?|s\.[de]\.|standard\s+(?:deviation|error))\s*[=:,]?\s*" + _NUM
                       + r"\s*%?\s*[)\]]", re.I)
_CI_GLUED = re.compile(rf"\s*[;,]?\s*[(\[]?\s*{_LEVEL}\s*[,:=]?\s*(?P<g>\d+\.\d+\.\d+)(?![\d.])\s*[)\]]?")


def _glued_ci(work: str, end: int, v: float) -> tuple[float, float, str, str, float, int] | None:
    """'HR, 0.64; 95% CI, 0.490.83': limits whose dash a text layer lost. The digits are cut where both limits have
    as many decimals as the figure, and only when they then bracket it; else no CI is read."""
    m = _CI_GLUED.match(work, end)
    if m is None:
        return None
    g = m.group("g")
    first = g.index(".")
    cuts = []
    for i in range(first + 2, len(g) - 2):
        lo_t, hi_t = g[:i], g[i:]
        if hi_t.count(".") != 1 or hi_t.startswith(".") or lo_t.endswith(".") or re.match(r"0\d", hi_t):
            continue
        if len(lo_t.split(".")[1]) == len(hi_t.split(".")[1]):
            cuts.append((lo_t, hi_t))
    if len(cuts) != 1:
        return None
    lo_t, hi_t = cuts[0]
    lo, hi = float(lo_t), float(hi_t)
    if not lo <= v <= hi:
        return None
    return lo, hi, lo_t, hi_t, float(m.group("lvl")), m.end()


# "At 18 months, PFS (%)  \u2022 A: 45.2  \u2022 B: 30.1", "Overall survival (months)  \u2022 A: 11.4  \u2022 B: 6.7": a list's
# heading that names an endpoint and, in brackets, the unit of the figures listed under it, one per labelled item
_HEADING_UNIT = re.compile(r"\s*(?:[(\[][A-Za-z0-9-]{1,8}[)\]]\s*)?(?:rates?\s*)?\(\s*(?P<u>%|(?i:percent|months?|mos?))\s*\)")
_ITEM_LABEL = re.compile(r"(?:^|[\u2022\u00b7\u25aa\u25e6*-])\s*[A-Za-z][^:;\d\u2022]{0,60}?:\s*$")


def _heading_units(work: str, atoms: list[_Atom], eps, tte) -> None:
    """The unit a list's heading names (see `_HEADING_UNIT`) for the items listed under it: each a figure with no
    unit of its own (or the heading's) right after its label and colon, two at least; the list ends at the first
    figure that is not such an item. A heading in months is of medians when its endpoint is a time to event, as a
    table's "Overall survival (months)" row is."""
    for e in eps:
        m = _HEADING_UNIT.match(work, e[1])
        if m is None:
            continue
        unit = "%" if m.group("u").lower() in ("%", "percent") else "months"
        if unit == "months" and e[2] not in tte:
            continue
        items = []
        pos = m.end()
        for a in atoms:
            if a.start < pos:
                continue
            if a.kind is not None or not isinstance(a.value, float) or a.unit not in ("", unit, "%" if unit == "%"
                                                                                        else "mo") or \
                    not _ITEM_LABEL.search(work[pos:a.start]) or any(pos <= x[0] < a.start for x in eps):
                break
            items.append(a)
            pos = a.end
        if len(items) < 2:
            continue
        for a in items:
            a.unit = a.unit or unit
            a.how.append("unit:heading")


def _propagate_units(work: str, atoms: list[_Atom]) -> None:
    """'13.8 vs 4.4 months', '62% and 57%': a bare number takes the unit of its list neighbour."""
    for i in range(1, len(atoms)):
        # "8.3 months with X vs 4.2 with Y": the second figure of a parallel pair takes the first one's unit
        a, b = atoms[i - 1], atoms[i]
        if a.unit and not b.unit and b.kind is None and isinstance(b.value, float) and \
                re.fullmatch(r"\s*(?:with|in|for)\s+(?:the\s+)?[\w+\-/ ]{1,40}?\s+(?:vs\.?|versus|v\.?|"
                             r"compared (?:with|to))\s*", work[a.end:b.start]) and \
                re.match(r"\s+(?:with|in|for)\s+(?:the\s+)?[A-Za-z]", work[b.end:]) and \
                ("." in a.text) == ("." in b.text):
            b.unit = a.unit
    for _ in range(2):
        for i, a in enumerate(atoms):
            if a.unit or a.kind is not None or isinstance(a.value, str):
                continue
            for j in (i + 1, i - 1):
                if 0 <= j < len(atoms) and atoms[j].unit and atoms[j].kind is None:
                    lo, hi = (a, atoms[j]) if j > i else (atoms[j], a)
                    if _CONNECT.match(work[lo.end:hi.start]):
                        a.unit = atoms[j].unit
                        break
    for a in atoms:
        if isinstance(a.value, str) and not a.unit:
            a.unit = ""


_CI_NAMED_WITH = re.compile(r"^\s*(?:and|with|\()\s*(?:its\s+|the\s+)?\d{2}(?:\.\d)?\s*%\s*(?:CI|confidence interval)\b\)?",
                            re.I)


def _governed(work: str, a: _Atom, key: re.Pattern) -> int | None:
    """Position of a ratio keyword that governs ``a`` ('HR, 0.55', 'hazard ratio for death of 0.80')."""
    best = None
    for m in key.finditer(work):
        if m.end() > a.start:
            break
        gap = work[m.end():a.start]
        # (a digit of a name, "in the S-1 group", "PD-L1", "177Lu-PSMA-617", is no figure between the keyword and
        # its value)
        # (nor is the level of the CI named with the keyword: "hazard ratio and 95%CI: 0.76 [0.59-0.98]")
        gap = _CI_NAMED_WITH.sub("", gap)
        if len(gap) > 90 or re.search(r";|\.\s", gap) or re.search(r"\d", re.sub(r"[\w\-]*[A-Za-z][\w\-]*", "", gap)):
            continue
        best = m.start()
    if best is None:
        # "HR 0.995 and 0.996": a second value joined to a governed one
        return None
    return best


def _bracket_groups(work: str) -> list[tuple[int, int]]:
    """The spans of matched (...) and [...] groups of ``work``."""
    out, stack = [], []
    for i, c in enumerate(work):
        if c in "([":
            stack.append((c, i))
        elif c in ")]" and stack and stack[-1][0] == {")": "(", "]": "["}[c]:
            out.append((stack.pop()[1], i))
    return out


def _rate_pair_named(work: str, a: _Atom, eps) -> bool:
    """Whether the percentage ``a`` is one of a pair that its endpoint names right before it: "Objective response
    rate was 64% vs 42% (P < .001), with a complete response rate of 40% vs 19%" (each pair is its own endpoint's,
    whatever else the clause names)."""
    if a.unit not in ("%", "percent"):
        return False
    # (a pair compared by "vs": "rates of 95.3% and 55.7% in those with and without ..." is a list over subgroups;
    # not the last of a list of endpoints: "ORR and CR rates were 58% vs 31%" does not say whose pair it is)
    pair = r"(?:\d+(?:\.\d+)?\s*%\s*(?:vs\.?|versus)\s*)"
    first = re.match(r"\s*(?:vs\.?|versus)\s*\d", work[a.end:]) is not None
    return any(e[1] <= a.start and e[2] == a.endpoint and re.fullmatch(
        rf"\s+(?:rates?\s+)?(?:of|was|were|:|=)\s*{'' if first else pair}", work[e[1]:a.start])
        and not any(f[1] <= e[0] and re.fullmatch(r"\s*(?:,|/|and|or|&)\s*", work[f[1]:e[0]]) for f in eps)
        for e in eps)


def _named_rate(work: str, a: _Atom, eps) -> tuple[int, int, str] | None:
    """The endpoint that names a percentage as its rate right before it: 'TTNT rate of 65%', 'ORR was 45%'."""
    if a.unit not in ("%", "percent"):
        return None
    for e in eps:
        if e[1] <= a.start and re.fullmatch(r"\s+(?:rates?\s+)?(?:of|was|were|:|=)\s*|\s+rates?\s*", work[e[1]:a.start]):
            return e
    return None


def _postfix_endpoint(work: str, a: _Atom, eps) -> tuple[int, int, str] | None:
    """The endpoint named right after a figure and its CI by 'for': '0.72 (95% CI: 0.53-0.99, P=0.04) for OS'."""
    m = re.match(r"\s*(?:[,;][#\s]*)?[)\]]?\s*,?\s*for\s+(?:the\s+)?", work[a.end:])
    if m is None:
        return None
    pos = a.end + m.end()
    return next((e for e in eps if e[0] == pos), None)


def _ratios_in_listed_order(work: str, atoms: list[_Atom], eps) -> None:
    """'no improvement in RFS or overall survival (hazard ratios of 0.73 [...] and 0.84 [...])': k endpoints listed
    right before the ratio keyword, then k ratios joined to one another, are paired in order."""
    i = 0
    while i < len(atoms):
        a = atoms[i]
        run = [a]
        if a.kind in ("hr", "odds_ratio"):
            while i + len(run) < len(atoms) and {"kind:joined-ratio", "kind:listed-ratio"} & set(atoms[i + len(run)].how):
                run.append(atoms[i + len(run)])
        i += len(run)
        if len(run) < 2:
            continue
        kw = _governed(work, a, _HR_KEY if a.kind == "hr" else _OR_KEY)
        if kw is None or any(a.start <= e[0] < run[-1].start for e in eps):
            continue
        inside = [e for e in eps if kw <= e[0] < a.start]
        # "in RFS or OS (hazard ratios of a and b)" or "hazard ratios for PFS and OS were a and b"
        listed = inside if inside else [e for e in eps if e[0] < kw][-len(run):]
        end_of_list = a.start if inside else kw
        if len(listed) != len(run) or len({e[2] for e in listed}) != len(run):
            continue
        if not all(re.fullmatch(r"\s*(?:,\s*)?(?:and|or|,)\s*", work[x[1]:y[0]]) for x, y in zip(listed, listed[1:])):
            continue
        if any(listed[0][0] <= b.start < end_of_list for b in atoms) or \
                re.search(r"[.;]", work[listed[-1][1]:end_of_list]):
            continue
        for b, e in zip(run, listed):
            b.endpoint = e[2]
            b.how = [h for h in b.how if h not in ("endpoint:several-named", "endpoint:several-in-clause")] + [
                "endpoint:listed"]


def _bracketed_ratios_respectively(work: str, atoms: list[_Atom], eps) -> None:
    """'PFS and overall survival remain superior (hazard ratio, 0.16 [...]; and hazard ratio, 0.50 [...],
    respectively)': k endpoints joined by "and" right before a bracket holding k ratios and closing with
    "respectively" are paired in order."""
    for lo, hi in _bracket_groups(work):
        if work[lo] != "(" or not re.search(r"\brespectively\s*$", work[lo:hi]):
            continue
        if any(x[0] < lo < hi < x[1] for x in _bracket_groups(work)):
            continue  # the outermost bracket only
        inner = [a for a in atoms if lo < a.start < hi]
        run = [a for a in inner if a.kind in ("hr", "odds_ratio")]
        if len(run) < 2 or len(run) != len(inner) or len({a.kind for a in run}) != 1:
            continue
        if any(lo < e[0] < hi for e in eps):
            continue  # the bracket names its own endpoints
        before = [e for e in eps if e[1] <= lo]
        listed = before[-len(run):]
        if len(listed) != len(run) or len({e[2] for e in listed}) != len(run):
            continue
        if not all(re.fullmatch(r"\s*(?:,\s*)?(?:and|or|,)\s*", work[x[1]:y[0]]) for x, y in zip(listed, listed[1:])):
            continue
        if any(listed[0][0] <= b.start < lo for b in atoms) or re.search(r"[.;]", work[listed[-1][1]:lo]):
            continue
        for b, e in zip(run, listed):
            b.endpoint = e[2]
            b.how = [h for h in b.how if h not in ("endpoint:several-named", "endpoint:several-in-clause")] + [
                "endpoint:listed"]


def _own_endpoint(work: str, a: _Atom, eps) -> tuple[int, int, str] | None:
    """The endpoint named right after a percentage ('a 16.1% complete response rate', '45% ORR')."""
    if a.unit not in ("%", "percent"):
        return None
    m = re.match(r"\s*(?:[)\]]\s*)?", work[a.end:])
    pos = a.end + (m.end() if m else 0)
    for e in eps:
        if e[0] == pos:
            tail = work[e[1]:e[1] + 12]
            # "16.1% complete response rate" or "45% ORR", not "62% PFS at 12 months" (a landmark of its own) nor
            # "51% MRD-negative" in a list continued after it
            if re.match(r"\s*(?:rates?\b|[,;)\]]|$)", tail) or e[2] not in TTE:
                return e
    return None


_RUN_IN_HEADING = re.compile(r"(?<=[\w%)\]])\s(?=[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,4}(?:\s+\([A-Za-z]{1,6}\))?(?:\s+rates?)?:\s)")


def _clauses(work: str) -> list[tuple[int, int]]:
    # a colon inside brackets labels a figure ("[3-year PFS: A+AVD: 83.1% (...), ABVD: 76% (...)]"), it does not
    # end a clause
    def inside(pos: int) -> bool:
        return work.count("[", 0, pos) > work.count("]", 0, pos) or work.count("(", 0, pos) > work.count(")", 0, pos)
    cuts = [0] + [m.end() for m in _CLAUSE_CUT.finditer(work) if not (m.group().startswith(":") and
                                                                       inside(m.start()))]
    # "... 20.6 months with B Objective Response Rate: 36% ...": a text that lost its line breaks runs a heading in
    # capitals and a colon into the figures before it; the heading starts a clause
    cuts += [m.start() + 1 for m in _RUN_IN_HEADING.finditer(work) if not inside(m.start())]
    cuts = sorted(set(cuts)) + [len(work)]
    return [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)]


def _clause_of(clauses: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for c in clauses:
        if c[0] <= pos < c[1]:
            return c
    return clauses[-1]


def _nearest_endpoint(eps, pos: int, cl: tuple[int, int]) -> str | None:
    before = [e for e in eps if cl[0] <= e[0] < pos]
    if before:
        return before[-1][2]
    after = [e for e in eps if pos <= e[0] < cl[1]]
    if after:
        return after[0][2]
    before = [e for e in eps if e[0] < pos]
    if before:
        return before[-1][2]
    return None


def _time_of_other_endpoint(a: _Atom, tp: float | None, times, eps, ep: str | None) -> bool:
    """Whether the time point ``tp`` of figure ``a`` is bound to another endpoint ("PFS at month 12", "12-month
    PFS") named before the figure's own endpoint ``ep``."""
    if tp is None or ep is None:
        return False
    src = [x for x in times if tp in x[2] and x[0] < a.start]
    own = [e for e in eps if e[2] == ep and e[0] < a.start]
    if not src or not own or own[-1][0] < src[-1][1]:
        return False
    t0, t1 = src[-1][0], src[-1][1]
    return any(e[2] != ep and (0 <= t0 - e[1] <= 2 or 0 <= e[0] - t1 <= 2) for e in eps)


def _timepoint_for(a: _Atom, atoms: list[_Atom], times, cl, work) -> float | None:
    """The landmark time of a rate: 'at 12 months' right after it, else the time point named in its clause."""
    inside = [t for t in times if cl[0] <= t[0] < cl[1]]
    if not inside:
        inside = [t for t in times if t[0] < a.start]
        if not inside:
            return None
        if len({v for t in inside for v in t[2]}) > 1 and all(len(t[2]) == 1 for t in inside):
            return None  # "the 3-year OS rate was a and the 5-year rate b, and the RFS rates were c and d": which?
        inside = inside[-1:]
    trailing = []
    for t in inside:
        if t[0] < a.end or not t[3] or len(t[2]) != 1:
            continue
        if any(a.end <= u[0] < t[0] for u in inside if u is not t):
            continue  # "62% and 48% at 12 months and 41% and 27% at 24 months": the nearest time after, no later one
        between = [b for b in atoms if a.end <= b.start < t[0]]
        if any(b.unit != "%" for b in between):
            continue
        last_end = max([b.end for b in between] + [a.end])
        if re.fullmatch(r"\s*[)\]]?\s*", work[last_end:t[0]]):
            trailing.append(t)
    if trailing:
        return trailing[0][2][0]
    before = [t for t in inside if t[1] <= a.start]
    if not before:
        return inside[0][2][0] if len(inside[0][2]) == 1 else None
    t = before[-1]
    if len(t[2]) == 1:
        return t[2][0]
    # "the 6-, 9-, and 12-month rates were a, b and c": the k-th rate after the list gets the k-th time
    # "...; with placebo, these respective rates were d, e and f": a list of the same times in a later clause
    first = max(t[1], cl[0])
    rates = [b for b in atoms if b.unit in ("%", "percent") and b.start > first and b.start < cl[1]]
    run = _percent_run(work, atoms, a)
    if len(rates) == len(t[2]) and a in rates and len(run) in (1, len(t[2])):
        if t[1] < cl[0]:
            a.how.append("time:listed")  # "...; with B, the respective rates were d, e and f": the times' own list
        return t[2][rates.index(a)]
    # "were 96.3%, 93.9%, 91.2%, and 86.1%": the figures' own list, however the clauses are cut
    if len(run) == len(t[2]) and run[0].start > t[1] and not any(t[1] <= x[0] < run[0].start for x in times):
        a.how.append("time:listed")
        return t[2][run.index(a)]
    return None


def _percent_run(work: str, atoms: list[_Atom], a: _Atom) -> list[_Atom]:
    """The list of percentages joined by commas and 'and' that holds ``a`` ('a%, b%, c%, and d%')."""
    pct = [b for b in atoms if b.unit in ("%", "percent")]
    if a not in pct:
        return [a]
    i = j = pct.index(a)
    join = r"\s*(?:,|,?\s*and|,?\s*or)\s*"
    while i > 0 and atoms.index(pct[i - 1]) == atoms.index(pct[i]) - 1 and \
            re.fullmatch(join, work[pct[i - 1].end:pct[i].start]):
        i -= 1
    while j + 1 < len(pct) and atoms.index(pct[j + 1]) == atoms.index(pct[j]) + 1 and \
            re.fullmatch(join, work[pct[j].end:pct[j + 1].start]):
        j += 1
    return pct[i:j + 1]



def _timepoint_run(work: str, atoms: list[_Atom], a: _Atom, seen: set[int]) -> list[_Atom] | None:
    """The list of one endpoint's landmark rates at as many time points that holds ``a`` ('22%, 17% and 13%'), or
    None (``a`` is no landmark rate, already in a list seen, or its list is not such a list); marks the list seen."""
    if id(a) in seen or a.kind != "landmark_rate":
        return None
    run = _percent_run(work, atoms, a)
    seen.update(id(b) for b in run)
    if len(run) < 2 or any(b.kind != "landmark_rate" or b.endpoint != a.endpoint for b in run) or \
            len({b.timepoint for b in run}) != len(run):
        return None
    return run

def _threshold_for(a: _Atom, atoms: list[_Atom], thresholds, cl=None) -> float | None:
    if not thresholds:
        return None
    if len(thresholds) == 1:
        return thresholds[0][1]
    if cl is not None:
        inside = [t for t in thresholds if cl[0] <= t[0] < a.start]
        if len(inside) == 1:
            return inside[0][1]
    return None


def _tagged_lists(work: str, atoms: list[_Atom], eps, mentions, arms: list[Arm]) -> None:
    """'X improved ORR (35%) and CBR (45%) compared to Y (5% and 9%, respectively)': figures each tagged by its
    endpoint, then the other arm's figures for the same endpoints in a 'respectively' list after the arm's name."""
    if len(arms) != 2:
        return
    tagged = []
    for a in atoms:
        if a.arm is not None or a.kind not in ("rate", "landmark_rate", "median"):
            continue
        e = next((e for e in eps if re.fullmatch(r"\s*[(\[]\s*", work[e[1]:a.start]) and
                  re.match(r"\s*[)\]]", work[a.end:])), None)
        if e is not None:
            tagged.append((a, e))
    if len(tagged) < 2 or len({e[2] for _, e in tagged}) != len(tagged):
        return
    k = len(tagged)
    last = tagged[-1][0].end
    m = re.compile(r"[)\]]?\s*,?\s*(?:compared (?:to|with)|versus|vs\.?)\s+(?:the\s+)?").match(work, last)
    if m is None:
        return
    arm = next((x for x in mentions if x[0] == m.end()), None)
    if arm is None:
        return
    rest = [b for b in atoms if b.start > arm[1] and b.arm is None][:k]
    if len(rest) != k or not re.fullmatch(r"\s*(?:arms?|groups?)?\s*[(\[]\s*", work[arm[1]:rest[0].start]):
        return
    if not all(re.fullmatch(r"\s*,?\s*(?:and\s*)?", work[x.end:y.start]) for x, y in zip(rest, rest[1:])):
        return
    if not re.match(r"\s*,?\s*respectively\s*[)\]]", work[rest[-1].end:]):
        return
    # the tagged figures are the other arm's when only it is named before them in the sentence
    before = {x[2] for x in mentions if x[1] <= tagged[0][0].start}
    other = 1 - arm[2]
    if before != {other}:
        return
    for (a, e), b in zip(tagged, rest):
        if b.kind != a.kind or b.unit != a.unit:
            return
    for (a, e), b in zip(tagged, rest):
        a.endpoint, b.endpoint = e[2], e[2]
        a.arm, b.arm = arms[other].label, arms[arm[2]].label
        a.how = [h for h in a.how if h != "endpoint:several-in-clause"] + ["arm:respectively"]
        b.how = [h for h in b.how if h != "endpoint:several-in-clause"] + ["arm:respectively"]


_IN_BLOCK = re.compile(r"\s*(?:%|percent)?\s*(?:vs\.?|versus|v\.?|compared\s+(?:with|to))\s*$", re.I)
_BETWEEN_BLOCKS = re.compile(r"\s*(?:%|percent)?\s*(?:,|;|and|,\s*and)\s*$", re.I)


def _paired_blocks(work: str, group: list[_Atom], size: int) -> bool:
    """The figures come in blocks of `size`, joined by a comparison word inside a block and by "and" (or a comma)
    between blocks ("a% versus b% and c% versus d%")."""
    for i, (x, y) in enumerate(zip(group, group[1:])):
        gap = work[x.end:y.start]
        if not (_IN_BLOCK if (i + 1) % size else _BETWEEN_BLOCKS).match(gap):
            return False
    return True


def _assign_endpoints_respectively(work: str, atoms: list[_Atom], eps, clauses, mentions=()) -> None:
    """'Median PFS and DOR were a and b, respectively', 'the 3-year OS and RFS rates were a% vs b%, respectively':
    k endpoints named, then k values of one kind."""
    if not re.search(r"\brespectively\b", work):
        return
    for cl in clauses:
        group = [a for a in atoms if cl[0] <= a.start < cl[1] and a.kind in ("median", "rate", "landmark_rate")]
        if len(group) < 2 or len({a.kind for a in group}) != 1:
            continue
        # rates: only when an arm, or both at once, is named (a pooled list "among all patients" stays doubtful)
        if group[0].kind != "median" and not mentions and not re.search(r"\b(?:both|the two)\s+(?:arms|groups)\b",
                                                                           work, re.I):
            continue
        names = [e for e in eps if cl[0] <= e[0] < group[0].start]
        uniq: list[tuple[int, int, str]] = []
        for e in names:
            if not uniq or uniq[-1][2] != e[2]:
                uniq.append(e)
        # "For patients who were MRD negative ..., the 3-year OS and RFS rates were": the names joined by "and"
        if len(uniq) > len(group) and group[0].kind != "median":
            tail = uniq[-len(group):]
            if all(re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", work[x[1]:y[0]]) for x, y in zip(tail, tail[1:])):
                uniq = tail
        if 2 <= len(uniq) < len(group) and len(group) % len(uniq) == 0 and \
                len({e[2] for e in uniq}) == len(uniq) and _paired_blocks(work, group, len(group) // len(uniq)):
            # "2-year OS and PFS rates for A versus B were 56.9% versus 31.7% and 24.2% versus 3.3%, respectively":
            # k endpoints, then k blocks of one figure an arm (each block's figures joined by a comparison word);
            # the arms are the comparison's, left to the arm rules
            size = len(group) // len(uniq)
            for i, a in enumerate(group):
                a.endpoint = uniq[i // size][2]
                a.how = [h for h in a.how if h != "endpoint:several-in-clause"] + ["endpoint:listed"]
            continue
        if len(uniq) == len(group) and len({e[2] for e in uniq}) == len(uniq):
            for a, e in zip(group, uniq):
                a.endpoint = e[2]
                a.arm = "__same__"
                if a.kind != "median":
                    a.how = [h for h in a.how if h != "endpoint:several-in-clause"] + ["endpoint:listed"]


def _assign_arms(work: str, atoms: list[_Atom], mentions, arms: list[Arm], clauses, thresholds=()) -> None:
    """The arm of each arm-level figure. A breakdown in brackets right after a figure ("45% (CR 10%, PR 35%) of X
    patients") is that figure's: it takes the figure's arm, never one named after the brackets."""
    inner: list[tuple[_Atom, _Atom]] = []
    pairs: list[tuple[_Atom, _Atom, int, int]] = []
    for g0, g1 in _bracket_groups(work):
        outer = next((b for b in atoms if b.kind in ("median", "rate", "landmark_rate") and b.end <= g0 and
                      re.fullmatch(r"\s*", work[b.end:g0])), None)
        if outer is None:
            continue
        parts = [b for b in atoms if g0 < b.start < g1 and b.kind in ("median", "rate", "landmark_rate")]
        if parts and isinstance(outer.value, str) and parts[0].value == outer.value:
            outer.arm = _FOREIGN  # "not reached (NR [95% CI, 64.3 to NR])": the bracket restates the figure
            continue
        if len(parts) == 1 and re.match(r"[(\[]\s*(?:vs\.?|versus|v\.|compared (?:with|to))\s", work[g0:g1]):
            pairs.append((outer, parts[0], g0, g1))  # "12.5 months (vs. 6.3 months in the B arm)": the other arm's
            continue
        inner += [(b, outer) for b in parts]
    kinds = [(b, b.kind) for b, _ in inner]
    for b, _ in inner:
        b.kind = None
    _assign_arms_of(work, atoms, mentions, arms, clauses, thresholds)
    for b, k in kinds:
        b.kind = k
    for outer, b, g0, g1 in pairs:
        named = {m[2] for m in mentions if g0 < m[0] < g1}
        if len(arms) != 2 or len(named) != 1 or b.kind != outer.kind:
            continue
        k = named.pop()
        b.arm, outer.arm = arms[k].label, arms[1 - k].label
        b.endpoint, b.timepoint = outer.endpoint, outer.timepoint
        for x in (b, outer):
            x.how = [h for h in x.how if not h.startswith("arm:")] + ["arm:bracket-pair"]
    for b, outer in inner:
        b.arm = outer.arm if outer.arm and not outer.arm.startswith("\x00") else None
        b.how.append("arm:same")
    # "For A versus B, the median OS was 7.9 versus 11.3 months in one subgroup and 10.8 versus 10.1 months in
    # another": pairs in the order of the arms' pair named before them (also when the trial has a third arm)
    # "A had higher MRD rates (28% vs 9%; ...) and MRD CR rates (22% vs 8%; ...) than B": the same, with the two arms
    # around the pairs
    arms_named = sorted({m[2] for m in mentions})
    pair_join = r"\s*(?:vs\.?|versus|v\.?|compared (?:with|to))\s*"
    if len(arms_named) == 2 and len(mentions) == 2 and mentions[0][2] != mentions[1][2]:
        before_pairs = re.fullmatch(pair_join, work[mentions[0][1]:mentions[1][0]]) is not None
        level = [b for b in atoms if b.kind in ("median", "rate", "landmark_rate") and
                 b.start > mentions[1 if before_pairs else 0][1] and (before_pairs or b.end < mentions[1][0])]
        if before_pairs:
            # "median OS was 20.1 vs 16.4 months with A vs B; in another population, 22.0 vs 15.1 months": the pair
            # right before the names is theirs too
            pre = [b for b in atoms if b.kind in ("median", "rate", "landmark_rate") and b.end <= mentions[0][0]]
            if len(pre) >= 2 and re.fullmatch(r"\s*(?:months?|mo|%)?\s*,?\s*(?:with|in|for|on)\s+(?:the\s+)?",
                                              work[pre[-1].end:mentions[0][0]]):
                level = pre[-2:] + level
        pairs_vs = [(x, y) for x, y in zip(level, level[1:]) if x.kind == y.kind and x.endpoint == y.endpoint and
                    re.fullmatch(r"\s*(?:months?|mo|%)?\s*(?:vs\.?|versus|v\.?)\s*", work[x.end:y.start])]
        paired = [b for xy in pairs_vs for b in xy]
        first, second = (arms[mentions[0][2]].label, arms[mentions[1][2]].label)
        if _LEADING_COMPARATOR.search(work[:mentions[0][0]]):
            first, second = second, first
        if not before_pairs and not re.match(r"\s*(?:arms?|groups?|alone|only)?\s*[.;]?\s*$|"
                                             r"\s*(?:arms?|groups?|alone|only)?\s*[.;]", work[mentions[1][1]:]):
            pairs_vs = []  # "than B" closes the sentence or clause, else the pairs may be B's alone
        if pairs_vs and len(paired) == len(set(map(id, paired))) == len(level) and \
                all(x.arm in (None, first) and y.arm in (None, second) for x, y in pairs_vs):
            for x, y in pairs_vs:
                for b, nm in ((x, first), (y, second)):
                    if b.arm is None or "arm:named-before" in b.how:
                        b.arm = nm
                        b.how = [h for h in b.how if not h.startswith("arm:")] + ["arm:order-named"]
    # "Those respective rates were 22% and 13% in the placebo arm": one arm's rates at a list of time points
    done: set[int] = set()
    for a in atoms:
        run = _timepoint_run(work, atoms, a, done)
        if run is None:
            continue
        after = re.match(r"\s*(?:,?\s*respectively,?\s*)?(?:in|with|for|among)\s+(?:the\s+)?(?:patients\s+"
                         r"(?:in|on|receiving|treated with)\s+(?:the\s+)?)?", work[run[-1].end:])
        hit = next((m for m in mentions if after and m[0] == run[-1].end + after.end()), None)
        if hit is None or any(run[0].start < m[0] < run[-1].end for m in mentions):
            continue
        for b in run:
            b.arm = arms[hit[2]].label
            b.how = [h for h in b.how if not h.startswith("arm:")] + ["arm:named-after"]


# "led to improved overall survival (14.7 vs 9.6 months)": the arms' pair of times bracketed right after the name
# of a survival endpoint (that a verb of change precedes) is the pair of its medians
_SURVIVAL_PAIR = re.compile(rf"\s*[(\[]\s*{_NUM}\s*(?:months?|mo)?\s*(?:vs\.?|versus|v\.?)\s*{_NUM}\s*(?:months?|mo)\s*[)\]]")
_FAVOURED_AFTER = re.compile(r"\s*(?:also\s+|both\s+|all\s+)?(?:favou?red|were\s+(?:also\s+)?(?:longer|prolonged)\b)",
                             re.I)
_CHANGE_BEFORE = re.compile(r"\b(?:improved|improvement\s+in|prolonged|prolongation\s+of|longer|extended|increased|"
                            r"superior|better)\s+(?:the\s+)?$", re.I)


def _survival_pair(work: str, a: _Atom, eps) -> bool:
    for e in eps:
        if e[2] != a.endpoint or e[1] > a.start or e[2] not in ("OS", "PFS", "EFS", "DFS", "RFS", "MFS", "rPFS", "DOR"):
            continue
        m = _SURVIVAL_PAIR.match(work, e[1])
        # "improved OS (16.1 vs 12.3 months)", "DOR (6.9 months vs 5.5 months) also favored A": the arms' medians
        if m is not None and e[1] < a.start < m.end() and (_CHANGE_BEFORE.search(work, max(0, e[0] - 30), e[0]) or
                                                           _FAVOURED_AFTER.match(work, m.end())):
            return True
    return False


# (a count the masks have already blanked, "(#######)", is one too)
_COUNT_AFTER = re.compile(r"\s*[(\[]\s*(?:\d+\s*(?:/|of)\s*\d+|#+)\s*(?:;[^()\[\]]{0,60})?[)\]]")


def _assign_arms_of(work: str, atoms: list[_Atom], mentions, arms: list[Arm], clauses, thresholds=()) -> None:
    level = [a for a in atoms if a.kind in ("median", "rate", "landmark_rate")]
    if not arms:
        for a in level:
            a.arm = None
        return
    if not level:
        return
    if len(arms) == 1:
        for a in level:
            a.arm = arms[0].label
            a.how.append("arm:only-arm")
        return
    names = [x.label for x in arms]
    in_sentence: list[int] = []
    for m in mentions:  # the arms in the order the sentence first names them
        if m[2] not in in_sentence:
            in_sentence.append(m[2])
    # "Compared with the placebo arm ..., the X arm had ... (a vs b)": the comparator named first, the subject's
    # figure first
    if len(in_sentence) == 2 and _LEADING_COMPARATOR.search(work[:mentions[0][0]]) and not _RESPECTIVE.search(work):
        in_sentence.reverse()
    same_all = [a for a in level if a.arm == "__same__"]
    if same_all:
        only = in_sentence[0] if len(in_sentence) == 1 else None
        for a in same_all:
            a.arm = names[only] if only is not None else None
            a.how.append("arm:same")
    respective = bool(_RESPECTIVE.search(work))
    # groups of figures of the same kind and endpoint (a list of one figure per arm, usually)
    groups: dict[tuple, list[_Atom]] = {}
    for a in level:
        if a.arm is not None:
            continue
        key = (a.kind, a.endpoint, a.timepoint if a.kind == "landmark_rate" else None, a.threshold)
        groups.setdefault(key, []).append(a)
    claimed: set[int] = set()
    for a in level:
        # "Median OS was not reached in either arm", "NR for all treatments": one figure that every arm has
        alone = not [b for b in level if b is not a and (b.kind, b.endpoint, b.timepoint) == (a.kind, a.endpoint,
                                                                                               a.timepoint)]
        if a.arm is None and alone and re.match(r"\s*(?:months?|mo)?\s*(?:\([^()]{0,40}\)\s*)?(?:in|by|for|with)\s+(?:either|both|all)"
                                      r"\s+(?:of\s+the\s+)?(?:two\s+|three\s+)?(?:study\s+|treatment\s+)?(?:arms?|groups?|"
                                      r"treatments?|cohorts?|regimens?)\b", work[a.end:], re.I):
            a.arm = _EVERY
            a.how.append("arm:every")
    # "not reached (NR) for A and B vs 27.8 months for C": one figure stated for two named arms
    for a in level:
        if a.arm is not None:
            continue
        cl = _clause_of(clauses, a.start)
        m = re.match(r"\s*(?:months?|mo)?\s*(?:\([^()]{0,40}\)\s*)?(?:for|in|with)\s+(?:the\s+)?", work[a.end:])
        if m is None or re.search(r"\brespectively\b", work[cl[0]:cl[1]]):
            continue
        # only in a trial of three or more arms, beside the figure of another arm ("... vs 27.8 months for C"); in
        # two arms "for A and B" is a pooled figure ("for A and B combined")
        if len(arms) < 3 or not any(b is not a and (b.kind, b.endpoint) == (a.kind, a.endpoint) and
                                    cl[0] <= b.start < cl[1] for b in level):
            continue
        # "60.1% and 50.2% in the A and B arms" is a pair in the names' order, not one figure for both
        if any(b.end <= a.start and _CONNECT.match(work[b.end:a.start]) for b in level):
            continue
        first = next((x for x in mentions if x[0] == a.end + m.end()), None)
        if first is None:
            continue
        jm = re.match(r"\s*,?\s*(?:and|or)\s+(?:the\s+)?", work[first[1]:])
        second = next((x for x in mentions if jm and x[0] == first[1] + jm.end() and x[2] != first[2]), None)
        if second is not None and not re.match(r"\s*(?:arms?|groups?)?\s*,?\s*respectively", work[second[1]:]):
            a.arm = _SHARED + f"{first[2]},{second[2]}"
            a.how.append("arm:named-after")
            claimed.update((first[0], second[0]))
    known_words = {p for x in arms for al in x.aliases for w in _arm_words(al) for p in re.split(r"[-/]", w)}
    for a in level:
        if a.arm is None and _foreign_link(work, a, mentions, known_words):
            a.arm = _FOREIGN
    for a in level:
        # "12.3 months (95% CI, ...) (A) and 7.4 months (...) (B)": an arm's name alone in brackets after the figure
        lab = next((x for x in mentions if x[0] >= a.end and re.fullmatch(r"\s*[(\[]\s*(?:the\s+)?", work[a.end:x[0]])
                    and re.match(r"\s*(?:arms?|groups?)?\s*[)\]]", work[x[1]:])), None)
        if a.arm is None and lab is not None and lab[0] not in claimed:
            a.arm = names[lab[2]]
            claimed.add(lab[0])
            a.how.append("arm:labelled")
    _assign_chunks(work, level, mentions, names, claimed, thresholds)
    _assign_from_to(work, level, arms)
    for a in level:
        # "the OS rate for A: 80%, for B: 70%": an arm labelling the figure before any name after it
        # (not the second name of "with A versus B: 20.5 months versus 12.8 months")
        lab = next((x for x in mentions if x[1] <= a.start and re.fullmatch(r"\s*[:=]\s*", work[x[1]:a.start]) and
                    not re.search(r"(?:\bvs\.?|\bversus|\bcompared (?:with|to)|\bv\.?|\band|\bor|\bthan)\s+(?:the\s+)?$",
                                  work[max(0, x[0] - 25):x[0]])), None)
        if a.arm is None and lab is not None:
            a.arm = names[lab[2]]
            claimed.add(lab[0])
            a.how.append("arm:labelled")
        # "(KdD, 43.2 months vs Kd, 30.0 months; HR ...)": an arm and a comma inside brackets, the pair's second
        # arm after the first figure
        lab = next((x for x in mentions if x[1] <= a.start and re.fullmatch(r"\s*,\s*", work[x[1]:a.start]) and
                    re.search(r"(?:[(\[]|(?:\d|%|months?|mo|reached|NR|NE)\s*(?:vs\.?|versus))\s*$",
                              work[max(0, x[0] - 25):x[0]])), None)
        if a.arm is None and lab is not None:
            a.arm = names[lab[2]]
            claimed.add(lab[0])
            a.how.append("arm:labelled")
    for a in level:
        if a.arm is not None:
            continue
        # "31.9 months for patients receiving X (95% CI: 21.0-NE)": the arm named between the figure and its CI
        after = a.gap[0] if a.gap[1] > a.gap[0] else a.end
        # "36% (144/396) with X": the count of responders bracketed right after a rate stands between it and its arm
        count = _COUNT_AFTER.match(work, after) if a.kind == "rate" or a.kind == "landmark_rate" else None
        if count is not None:
            after = count.end()
        nxt = min([b.start for b in atoms if b.start > max(a.start, after - 1)] + [len(work)])
        seg = work[after:nxt]
        m = re.match(r"\s*(?:months?|mo)?\s*[)\]]?\s*,?\s*(?:\(|\[)?\s*(?:(?:in|with|for|among|on|from|of|by|after)\s+"
                     r"(?:(?:the|those|patients|women|men|participants)\s+)?(?:(?:who|that)\s+)?(?:(?:were\s+)?"
                     r"(?:received|receiving|treated with|assigned to|randomi[sz]ed to|given)\s+)?(?:the\s+)?|"
                     r"(?:received|receiving|treated with)\s+)", seg, re.I)
        if m:
            hit = [x for x in mentions if x[0] == after + m.end() or (after + m.end() <= x[0] <= after + m.end() + 4)]
            if hit and respective and len({x[2] for x in mentions if after <= x[0] < nxt}) > 1:
                hit = []  # "... months with A and B, respectively": a list, not this figure's arm
            if hit:
                if _pair_named_after(work, a, level, hit[0], mentions):
                    continue
                if _both_named(work, hit[0], mentions):
                    continue
                a.arm = names[hit[0][2]]
                claimed.add(hit[0][0])
                a.how.append("arm:named-after")
    for a in level:
        if a.arm is not None:
            continue
        nxt = min([b.start for b in atoms if b.start > a.start] + [len(work)])
        seg = work[a.end:nxt]
        loose = [x for x in mentions if a.end <= x[0] < nxt and x[0] - a.end <= 70 and x[0] not in claimed
                 and not re.search(r"[\d;()\[\]]", work[a.end:x[0]])
                 and re.search(r"\b(?:in|with|for|among|on|of|receiving|received|to)\s+(?:the\s+)?$", work[a.end:x[0]])
                 and not re.search(r"\b(?:vs\.?|versus|compared|than)\b", work[a.end:x[0]])]
        if loose and respective and len({x[2] for x in mentions if a.end <= x[0] < nxt}) > 1:
            loose = []
        if loose and (_pair_named_after(work, a, level, loose[0], mentions) or _both_named(work, loose[0], mentions)):
            loose = []
        if loose:
            a.arm = names[loose[0][2]]
            claimed.add(loose[0][0])
            a.how.append("arm:named-near")
    for a in level:
        if a.arm is not None:
            continue
        prev_end = max([b.end for b in atoms if b.end <= a.start] + [0])
        before = [x for x in mentions if prev_end <= x[0] and x[1] <= a.start and x[0] not in claimed]
        grp_a = groups.get((a.kind, a.endpoint, a.timepoint if a.kind == "landmark_rate" else None, a.threshold), [])
        if len({x[2] for x in before}) > 1 and len(grp_a) == len(arms) and grp_a[0] is a:
            continue  # "in the A than in the B arm (median, 82.1 vs 65.1 months)": a pair in the order named
        if len(before) > 1 and before[-2][2] != before[-1][2] and re.fullmatch(
                r"\s*(?:,|and|or|,\s*and)\s*(?:the\s+)?", work[before[-2][1]:before[-1][0]]):
            continue  # "the rates with A and B were a%, b% and c%": both arms named together, no figure's own
        if before and not re.search(r"(?:\bvs\.?|\bversus|\bcompared (?:with|to)|\bthan(?: with| in| among| for)?|\bover|\bv\.|"
                                    r"\bagainst)\s+(?:the\s+)?$", work[max(0, before[-1][0] - 25):before[-1][0]]):
            # "12.3 months (...) with A vs 7.4 months": an arm followed by a comparison word is the figure's before it
            compared = re.search(r"(?:\bvs\.?|\bversus|\bcompared (?:with|to)|\bv\.)", work[before[-1][1]:a.start])
            if not compared and not (respective and len(groups.get((a.kind, a.endpoint, a.timepoint if a.kind ==
                                                                    "landmark_rate" else None, a.threshold), [])) > 1
                                     and len(before) > 1):
                a.arm = names[before[-1][2]]
                # "A+AVD: 83.1% (79.9-85.9), ABVD: 76%": the arm labels the figure
                # "in the nCRT group (31/112, 27.7%) was higher than that in the nCT group (3/104, 2.9%)": the figure
                # in brackets right after its arm
                a.how.append("arm:labelled" if re.fullmatch(r"\s*[:=]\s*|\s*(?:arms?|groups?|cohorts?)?\s*[(\[][#\s,;]*",
                                                            work[before[-1][1]:a.start]) else "arm:named-before")
    _clause_lists(work, level, mentions, names, clauses)
    for key, grp in groups.items():
        todo = [a for a in grp if a.arm is None]
        if not todo:
            continue
        known = [a for a in grp if a.arm is not None]
        # "62% and 57% ... in the cilta-cel arm": a list joined by 'and' before one arm mention shares that arm
        for a in todo:
            j = grp.index(a)
            if j + 1 < len(grp) and grp[j + 1].arm is not None and not respective and _CONNECT_SAME.match(
                    work[a.end:grp[j + 1].start]) and len(grp) > len(arms):
                a.arm = grp[j + 1].arm
                a.how.append("arm:joined-list")
        todo = [a for a in grp if a.arm is None]
        known = [a for a in grp if a.arm is not None]
        if not todo:
            continue
        if respective and len(in_sentence) == 1 and len(grp) > 1:
            # "95.3% and 55.7% in those with and without a pCR, respectively, in the X group": the list is of
            # subgroups or time points, not of arms; every figure is the one arm's when the text links it to them
            one = _linked_after_list(work, grp, mentions)
            for a in grp:
                if a.arm != _FOREIGN:
                    a.arm = names[one] if one is not None else None
                    a.how.append("arm:list-linked")
            continue
        if len(grp) == len(arms) and len(known) == len(arms) - 1 and not _QUALIFIED.match(work, todo[0].end):
            # (not "10.1 months at the primary analysis and 11.0 months at the final analysis": one arm's figures at
            # two analyses, by two assessors or in two populations)
            rest = [x for x in names if x not in {b.arm for b in known}]
            if len(rest) == 1:
                todo[0].arm = rest[0]
                todo[0].how.append("arm:elimination")
                continue
        if len(in_sentence) == 1 and len(grp) == 1:
            # the one arm the sentence names, when named in the figure's own clause
            cl = _clause_of(clauses, todo[0].start)
            # (not the comparator: "benefit vs chemotherapy, with a median PFS of 54.1 months" is the other arm's)
            if any(cl[0] <= x[0] < cl[1] for x in mentions) and not all(
                    _COMPARATOR_BEFORE.search(work, max(0, x[0] - 50), x[0]) for x in mentions):
                todo[0].arm = names[in_sentence[0]]
                todo[0].how.append("arm:one-in-clause")
            continue
        if len(arms) == 2 and len(grp) == 2 and not known and len(in_sentence) == 1 and \
                mentions[0][1] <= grp[0].start and _COMPARATOR_BEFORE.search(work, 0, mentions[0][0]) and \
                re.fullmatch(r"\s*(?:months?|mo|%)?\s*(?:vs\.?|versus|v\.?)\s*", work[grp[0].end:grp[1].start]) and \
                not _names_other_treatment(work[:mentions[0][0]], known_words):
            # "longer with the combination than with B (6.8 vs 4.3 months)": the one arm named is the comparator,
            # so the pair is the other arm's figure, then its own
            other = 1 - in_sentence[0]
            for a, i in zip(grp, (other, in_sentence[0])):
                a.arm = names[i]
                a.how.append("arm:comparator-named")
            continue
        if len(grp) % len(arms) == 0 and not known:
            order = [names[i] for i in in_sentence] if len(in_sentence) == len(arms) else names
            if len(in_sentence) == len(arms) and not respective:
                # "median OS was NR with A vs 52.2 months with B ...; 4-year rates were 65.1% vs 51.8%": an unnamed
                # pair after figures each named by its arm lists the arms as they did (not as the sentence first
                # named them: "including the crossover patients in the B group, median OS was ...")
                order = _named_pair_order(level, grp[0].start, names) or order
            subject_first = (len(in_sentence) == 1 and in_sentence[0] == 0 and mentions
                             and mentions[0][0] < grp[0].start)
            if not in_sentence and _arm_words(names[0]) & _INACTIVE_WORDS:
                # "EFS at 12 months was 37% vs 12%" with no arm named: a report lists the experimental arm's figure
                # first, so the design order tells the figures' arms only when it does not put a control first
                continue
            if respective or len(in_sentence) in (0, len(arms)) or subject_first:
                per = len(grp) // len(arms)
                if per == 1:
                    how = ("arm:respectively" if respective and len(in_sentence) == len(arms) else
                           "arm:respectively-unnamed" if respective and not in_sentence else
                           "arm:order-named" if len(in_sentence) == len(arms) else
                           "arm:order-unnamed" if len(in_sentence) == 0 else "arm:order-subject")
                    for a, nm in zip(grp, order):
                        a.arm = nm
                        a.how.append(how)
                elif _vs_chunks(work, grp, len(arms)) and (not respective or (
                        len(in_sentence) == len(arms) and all(m[0] > grp[-1].end for m in mentions))):
                    # (with "respectively" only when the arms are named after every pair: "a versus b after one
                    # prior line, ..., and g versus h with prior B for A and B, respectively")
                    # "longer with A than B in cohort A (19.1 months versus 14.7 months; ...) and in the overall
                    # population (17.3 months versus 14.0 months; ...)": several pairs, each in the arms' order
                    how = "arm:respectively" if respective else \
                        "arm:order-named" if len(in_sentence) == len(arms) else \
                        "arm:order-unnamed" if not in_sentence else "arm:order-subject"
                    for k, a in enumerate(grp):
                        a.arm = order[k % len(arms)]
                        a.how.append(how)
    for grp in groups.values():
        todo = [a for a in grp if a.arm is None]
        if len(todo) != len(arms) or len(todo) == len(grp) or _arm_words(names[0]) & _INACTIVE_WORDS:
            continue
        # "... 23.0 months with A and 16.1 months with B; in another subgroup, the median was 17.6 and 16.0 months in
        # the two groups, respectively": a clause of its own, one figure per arm, no arm named, "respectively"
        # after them: the arms in the design's order
        cl = _clause_of(clauses, todo[0].start)
        if all(cl[0] <= a.start < cl[1] for a in todo) and not any(cl[0] <= m[0] < cl[1] for m in mentions) and \
                _RESPECTIVE.search(work, todo[-1].end, cl[1]) and \
                all(_CONNECT.match(work[x.end:y.start]) for x, y in zip(todo, todo[1:])):
            for a, nm in zip(todo, names):
                a.arm = nm
                a.how.append("arm:respectively-unnamed")


_VS_GAP = re.compile(r"\s*(?:months?|mo|%)?\s*(?:vs\.?|versus|v\.?)\s*")


def _vs_chunks(work: str, grp: list[_Atom], n: int) -> bool:
    """Whether ``grp`` is pairs (n figures each) joined within by "vs" and not between."""
    for k in range(1, len(grp)):
        joined = _VS_GAP.fullmatch(work, grp[k - 1].end, grp[k].start) is not None
        if joined != (k % n != 0):
            return False
    return True


def _named_pair_order(level: list[_Atom], before: int, names: list[str]) -> list[str] | None:
    """The arms of the last figures before ``before`` when they are one figure per arm, of one result, each tied
    to its arm by the name right after or before it."""
    prior = [a for a in level if a.end <= before]
    last = prior[-len(names):]
    if len(last) < len(names) or len({(a.kind, a.endpoint, a.timepoint) for a in last}) != 1 or \
            sorted(str(a.arm) for a in last) != sorted(names) or \
            not all(any(h in ("arm:named-after", "arm:labelled", "arm:named-near") for h in a.how) for a in last):
        return None
    return [str(a.arm) for a in last]


# the comparator's name right after a comparison word: "than with B", "compared with B", "versus B"
_COMPARATOR_BEFORE = re.compile(r"(?:\bthan|\bcompared\s+(?:with|to)|\bversus|\bvs\.?|\brelative\s+to|\bover)\s+"
                                r"(?:(?:with|in|for|on)\s+)?(?:the\s+)?(?:patients\s+(?:receiving|treated\s+with)\s+)?$",
                                re.I)
# words that name an inactive control (placebo, observation): an arm so named is never the experimental one
_INACTIVE_WORDS = frozenset({"placebo", "observation", "sham", "bsc", "supportive", "usual"})
_FOREIGN = "\x00foreign"
_EVERY = "\x00every"
_SHARED = "\x00shared:"
# words that name a treatment: the stems of international nonproprietary names, and generic treatments
_TREATMENT_WORD = re.compile(
    r"(?:[a-z]{2,}(?:mab|nib|lib|parib|ciclib|platin|taxel|tecan|rubicin|mycin|zomib|lidomide|lisib|citabine|trexate|"
    r"leucel|lutamide|rozole|strant|olimus|sertib|relix|tide|cept|kin|vedotin|tansine|uracil|fosfamide)|chemotherapy|"
    r"chemo|placebo|observation|radiotherapy|chemoradiotherapy|docetaxel|standard|SOC|BSC)$", re.I)


def _clause_lists(work: str, level: list[_Atom], mentions, names: list[str], clauses) -> None:
    """'... in the control arm, these respective rates were 67.2%, 62.8% and 56.5%': a list of one endpoint's rates at
    as many time points, after a clause's words that name one arm and no other, is that arm's."""
    seen: set[int] = set()
    for a0 in level:
        run = _timepoint_run(work, level, a0, seen)
        if run is None:
            continue
        cl = _clause_of(clauses, run[0].start)
        here = [x for x in mentions if cl[0] <= x[0] < run[-1].end]
        if len({x[2] for x in here}) != 1 or any(x[0] > run[0].start for x in here):
            continue
        arm = names[here[0][2]]
        if any(a.arm is not None and a.arm != arm for a in run):
            continue
        for a in run:
            if a.arm is None:
                a.arm = arm
                a.how.append("arm:list-linked")


def _slash_compound(work: str, x: tuple[int, int, int], arms: list[Arm]) -> bool:
    """Whether the mention ``x`` is one part of a regimen written with a slash whose other part is a treatment that
    arm's names lack: "chemotherapy" in "the chemotherapy/durvalumab arm" is no mention of a chemotherapy-alone arm."""
    own = {p for al in arms[x[2]].aliases for w in _arm_words(al) for p in re.split(r"[-/]", w)}
    after = re.match(r"/([A-Za-z][\w\-]*)", work[x[1]:])
    before = re.search(r"([A-Za-z][\w\-]*)/$", work[max(0, x[0] - 40):x[0]])
    parts = [m.group(1).lower() for m in (after, before) if m]
    return any(_TREATMENT_WORD.match(p) and p not in own for p in parts)


def _names_other_treatment(text: str, known_words: set[str]) -> bool:
    """Whether ``text`` names a treatment none of the arms' names has ('lenvatinib plus everolimus' beside the arms
    'lenvatinib plus pembrolizumab' and 'sunitinib': a third arm the reader did not find)."""
    return any(_TREATMENT_WORD.match(p) and p not in known_words
               for w in re.findall(r"[A-Za-z][\w\-]*", text) for p in w.lower().split("-"))


def _with_arm(a: _Atom, arm: str) -> _Atom:
    return _Atom(a.start, a.end, a.value, a.text, a.unit, a.lo, a.hi, a.lo_text, a.hi_text, a.level, a.kind,
                 a.endpoint, arm, a.timepoint, a.p, a.threshold, list(a.how))


# a figure qualified by its analysis, assessor or population in place of an arm
_QUALIFIED = re.compile(r"\s*(?:months?|mo|%)?\s*(?:[(\[][^()\[\]]{0,60}[)\]]\s*)?,?\s*(?:at|in|by|per|according\s+to|on)\s+"
                        r"(?:the\s+)?(?:[\w-]+\s+){0,3}(?:analysis|assessment|review|cut-?off|update|population|"
                        r"investigators?|IRC|BICR|IRF|INV)\b", re.I)
# a population named after a figure in place of an arm
_POPULATION_WORD = re.compile(r"(?:women|men|males?|females?|girls|boys|children|adults|the\s+elderly|elderly|older|younger|"
                              r"non-?Asians?|Asians?|non-?responders|responders)\b", re.I)


def _foreign_link(work: str, a: _Atom, mentions, known_words: set[str]) -> bool:
    """Whether the figure is linked to a treatment that is not one of the arms: '4.2 months with chemotherapy
    alone' in a report whose arms are zorvatinib and docetaxel. Such a figure is never given an arm."""
    m = re.match(r"\s*(?:months?|mo|%)?\s*[)\]]?\s*,?\s*(?:in|with|for|among|on|from|receiving|received|after)\s+"
                 r"(?:the\s+)?(?:(?:patients|those|women|men|participants)\s+)?(?:(?:who\s+)?(?:were\s+)?"
                 r"(?:receiving|received|treated with|given|assigned to|randomi[sz]ed to)\s+)?(?:the\s+)?", work[a.end:])
    if re.match(r"\s*(?:months?|mo|%)?\s*[)\]]?\s*,?\s*(?:in|among|for|of)\s+(?:the\s+)?" + _POPULATION_WORD.pattern,
                work[a.end:], re.I) and not re.search(r"[\d#]\s*(?:%|months?|mo)?\s*(?:vs\.?|versus|v\.?)\s*$",
                                                      work[max(0, a.start - 30):a.start]):
        # "60% in women and 50% in men": a population's figure, not an arm's (not "7.9 vs 11.3 months in women": a
        # pair of the arms in that population)
        return True
    if not m:
        return False
    start = a.end + m.end()
    if re.match(r"(?:prior|previous|previously|pretreated|refractory)\b", work[start:], re.I):
        return False  # "59.3% with prior lenalidomide": a subgroup by earlier treatment, not another treatment's figure
    for w in re.finditer(r"[A-Za-z][\w\-]*", work[start:start + 40]):
        pos = start + w.start()
        if any(x[0] <= pos < x[1] for x in mentions):
            return False
        parts = w.group().lower().split("-")
        if re.fullmatch(r"[A-Z0-9]{1,6}(?:-[A-Z0-9]{1,6})+", w.group()) and any(p not in known_words for p in parts) \
                and any(p in known_words for p in parts):
            # "82% for BV-AVD" beside the arms "N-AVD" and "AVD": a regimen's abbreviation with a part no arm has
            return True
        if any(p in known_words for p in parts):
            return False
        if any(_TREATMENT_WORD.match(p) for p in parts):
            # "22.1 months with bevacizumab plus A": a background treatment given with an arm's own is that arm's
            joined = re.match(r"\s*(?:plus|\+|and|with|in\s+combination\s+with)\s*(?:the\s+)?", work[pos + len(w.group()):])
            after = pos + len(w.group()) + joined.end() if joined else -1
            return not any(x[0] == after for x in mentions)
    return False


def _both_named(work: str, hit, mentions) -> bool:
    """'10.1 months for A and B combined': the mention after a figure is followed by the other arm's, so the figure
    is of both arms (or pooled), not of the first one."""
    both = re.match(r"\s*(?:arms?|groups?)?\s*,?\s*(?:and|or)\s+(?:the\s+)?", work[hit[1]:])
    return bool(both and any(x[0] == hit[1] + both.end() and x[2] != hit[2] for x in mentions))


def _pair_named_after(work: str, a: _Atom, level: list[_Atom], hit, mentions) -> bool:
    """'(20.1 vs 16.0 months) with A versus B', '60.1% and 50.2% in the A and B arms': the arm named after the second
    figure of a pair is followed by the other arm, so the pair is in the order of the names, and the mention is not
    the second figure's own."""
    prev = [b for b in level if b.end <= a.start and b.kind == a.kind and b.endpoint == a.endpoint]
    after = re.match(r"\s*(?:arms?|groups?)?\s*,?\s*(?:vs\.?|versus|v\.?|compared (?:with|to)|over|and|or)\s+"
                     r"(?:the\s+)?", work[hit[1]:])
    return bool(after and prev and _CONNECT.match(work[prev[-1].end:a.start]) and
                any(x[0] == hit[1] + after.end() for x in mentions))


def _linked_after_list(work: str, grp: list[_Atom], mentions) -> int | None:
    """The arm a 'respectively' list of figures belongs to: 'a% and b% in X and Y, respectively, in the Z group'
    or 'a% and b% ... with Z' (a mention after the list's last figure, introduced by in/with/among/for)."""
    last = grp[-1].end
    for m0, _m1, arm_i in mentions:
        if m0 < last:
            continue
        gap = work[last:m0]
        if len(gap) > 120 or re.search(r"\d|;", gap):
            return None
        if re.search(r"\b(?:in|with|among|for|of)\s+(?:the\s+|those\s+|patients\s+)?(?:(?:receiving|treated with|"
                     r"given|assigned to)\s+)?(?:the\s+)?$", gap):
            return arm_i
        return None
    return None


def _assign_chunks(work: str, level: list[_Atom], mentions, names: list[str], claimed: set[int],
                   thresholds) -> None:
    """'10-5 and 10-6, respectively, in 62% and 57% ... in the X arm compared with 18% and 9% ... in the Y arm':
    lists of k figures (k thresholds or time points), one list per arm, each followed by its arm."""
    todo = [a for a in level if a.arm is None]
    if len(todo) < 4:
        return
    for k in (2, 3):
        if len(todo) != k * len(names):
            continue
        chunks = [todo[i:i + k] for i in range(0, len(todo), k)]
        if not all(len({(a.kind, a.endpoint) for a in c}) == 1 for c in chunks):
            continue
        if not all(_CONNECT_SAME.match(work[c[j].end:c[j + 1].start]) for c in chunks for j in range(k - 1)):
            continue
        got = []
        for ci, c in enumerate(chunks):
            nxt = chunks[ci + 1][0].start if ci + 1 < len(chunks) else len(work)
            hit = [x for x in mentions if c[-1].end <= x[0] < nxt]
            if not hit:
                break
            got.append(hit[0][2])
        if len(got) == len(chunks) and len(set(got)) == len(got):
            for c, g in zip(chunks, got):
                for j, a in enumerate(c):
                    a.arm = names[g]
                    a.how.append("arm:chunks")
                    if len(thresholds) == k:
                        a.threshold = thresholds[j][1]
            return


def _endpoints_of_chunks(work: str, atoms: list[_Atom], eps, clauses, thresholds) -> None:
    """'Median PFS and OS were 10.2 and 24.1 months with A vs 7.1 and 19.9 months with B': lists of k figures, one
    list per arm (see :func:`_assign_chunks`), after k endpoints named together: the j-th figure of each list is the
    j-th endpoint's (not when the lists are of k thresholds, which :func:`_assign_chunks` reads)."""
    chunked = [a for a in atoms if "arm:chunks" in a.how]
    if len(chunked) < 4 or len(thresholds) > 1:
        return
    chunks: list[list[_Atom]] = []
    for a in chunked:
        if chunks and chunks[-1][-1].arm == a.arm:
            chunks[-1].append(a)
        else:
            chunks.append([a])
    k = len(chunks[0])
    if k < 2 or any(len(c) != k for c in chunks) or len({(a.kind, a.timepoint) for a in chunked}) != 1:
        return
    cl = _clause_of(clauses, chunked[0].start)
    named = [e for e in eps if cl[0] <= e[0] and e[1] <= chunked[0].start]
    uniq: list[tuple[int, int, str]] = []
    for e in named:
        if not uniq or uniq[-1][2] != e[2]:
            uniq.append(e)
    tail = uniq[-k:]
    if len(tail) != k or len({e[2] for e in tail}) != k:
        return
    # the names joined by "and" or commas, and nothing but words between the last of them and the first figure
    if not all(re.fullmatch(r"\s*(?:,|and|,\s*and|&|/)\s*", work[x[1]:y[0]]) for x, y in zip(tail, tail[1:])):
        return
    if not re.fullmatch(r"[^\d#;()\[\]]{0,40}", work[tail[-1][1]:chunked[0].start]):
        return
    # any other endpoint named among the figures makes the lists another reading's
    if any(chunked[0].start <= e[0] < chunked[-1].end for e in eps):
        return
    for c in chunks:
        for a, e in zip(c, tail):
            a.endpoint = e[2]
            a.how = [h for h in a.how if h != "endpoint:several-in-clause"] + ["endpoint:listed"]


def _assign_from_to(work: str, level: list[_Atom], arms: list[Arm]) -> None:
    """'OS at 3 years [improved] from 80.2% to 87.5%' in a two-arm trial whose control the names tell: the 'from'
    figure is the control's, the 'to' figure the other arm's (when no arm is named between them)."""
    if len(arms) != 2:
        return
    ctl = control_index([_arm_words(x.label) for x in arms])
    if ctl is None:
        return
    for a, b in zip(level, level[1:]):
        if a.arm is not None or b.arm is not None or (a.kind, a.endpoint, a.timepoint) != (b.kind, b.endpoint,
                                                                                            b.timepoint):
            continue
        if re.search(r"\bfrom\s*$", work[max(0, a.start - 12):a.start]) and \
                re.fullmatch(r"\s*(?:months?|mo)?\s*to\s*", work[a.end:b.start]) and \
                not re.match(r"\s*(?:months?|mo|%)?\s*(?:in|with|for|among)\b", work[b.end:]):
            a.arm, b.arm = arms[ctl].label, arms[1 - ctl].label
            a.how.append("arm:from-to")
            b.how.append("arm:from-to")


_NONINFERIORITY_P = re.compile(r"\s*(?:\(\s*)?(?:for|of)\s+(?:the\s+)?non-?inferiority\b", re.I)


_UNTRACKED_RATIO = re.compile(r"\b(?i:(?:rate|risk|response|incidence)\s+ratios?|relative\s+risks?)\b|\bRRs?\b")


def _assign_p(work: str, atoms: list[_Atom], pvals, clauses, text: str = "") -> None:
    """Each P value to its figures. ``text``: the sentence unmasked (same offsets as ``work``)."""
    ratios = [a for a in atoms if a.kind in ("hr", "odds_ratio")]
    for p0, p1, op, val, ptxt in pvals:
        before = [a for a in atoms if a.end <= p0]
        after = [a for a in atoms if a.start >= p1]
        rb = [a for a in ratios if a.end <= p0]
        if rb and rb[-1] is (before[-1] if before else None) and rb[-1].p is None:
            rb[-1].p = (op, val, ptxt)
            continue
        # a P right before its ratio: "(P<0.001; HR 0.7)" is rare; attach to the preceding ratio in the clause
        cl = _clause_of(clauses, p0)
        rcl = [a for a in ratios if cl[0] <= a.start < cl[1] and a.p is None]
        if rcl:
            rcl[0].p = (op, val, ptxt)
            continue
        if ratios and rb and rb[-1].p is None and not [a for a in before if a.start > rb[-1].start]:
            rb[-1].p = (op, val, ptxt)
            continue
        # arm-level comparison without a ratio (since the previous P value): the P goes on each figure of the
        # group before it ("... (3/104, 2.9%; P < 0.001)" after a sentence's ratios that have their own P values)
        prev_p = max([q[1] for q in pvals if q[1] <= p0 and q[0] != p0] + [0])
        # "79.8% for A, with a difference of 1.6% (95% CI, ...; P = .002 for noninferiority)": a noninferiority
        # test of the difference stated after the figures is not a comparison of the figures
        armed = [a for a in before if a.arm is not None]
        src = text or work
        if armed and re.search(r"\bdifferences?\b[^.;\d]{0,20}?-?\d", src[armed[-1].end:p0]) and (
                _NONINFERIORITY_P.match(src, p1) or re.search(r"\bnon-?inferiority\s*(?:P|p)?\s*(?:value)?\s*$",
                                                               src[max(0, p0 - 30):p0])):
            continue
        # "31% vs 3% ... Rate ratio, 1.50; 95% CI, 1.32-1.68 (P<0.001)": the P of a ratio the reader does not
        # track, stated after the figures, is that ratio's, not a comparison of the figures
        if armed and _UNTRACKED_RATIO.search(src, armed[-1].end, p0):
            continue
        if before and not [a for a in ratios if prev_p <= a.start < p0]:
            last = before[-1]
            every = re.search(r"\b(?:both|all|each)\s*$", work[max(0, p0 - 10):p0])
            grp = [a for a in before if (every or (a.kind == last.kind and a.endpoint == last.endpoint
                   and a.timepoint == last.timepoint and a.threshold == last.threshold)) and a.p is None]
            # only the figures after the previous P value
            prev_p = max([q[1] for q in pvals if q[1] <= p0 and q[0] != p0] + [0])
            grp = [a for a in grp if a.start >= prev_p]
            for a in grp:
                a.p = (op, val, ptxt)
        elif not before and after and not ratios:
            pass
