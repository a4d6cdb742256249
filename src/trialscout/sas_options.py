"""SAS option names, spelled as SAS spells them, mapped onto trialscout's keywords.

A SAS program reads across line by line::

    proc lifetest conftype=loglog alpha=0.05; strata arm / test=(logrank wilcoxon);
        -> kaplan_meier(..., **lifetest_options("CONFTYPE=LOGLOG ALPHA=0.05"))
           lifetest_tests(..., **lifetest_options("TEST=(LOGRANK WILCOXON)"))   # the `tests` keyword
    proc phreg; model t*c(0) = arm / ties=efron gconv=1e-10 rl alpha=0.1;
        -> cox_ph(..., **cox_options("TIES=EFRON GCONV=1E-10 ALPHA=0.1"))
    proc freq; tables arm*resp / riskdiff(cl=(wald newcombe mn) correct);
        -> [risk_difference_ci(..., method=m) for m in freq_methods("riskdiff", "CL=(WALD NEWCOMBE MN) CORRECT")]

Every name SAS accepts for an option that trialscout implements is mapped; a name SAS accepts that trialscout does
not implement raises NotImplementedError naming it; anything else raises InputError. The tables below are the
mapping (docs/sas-options.md prints them).
"""

from __future__ import annotations

import re

from ._validate import InputError

__all__ = ["CONFTYPE", "TIES", "BINOMIAL_CL", "RISKDIFF_CL", "RELRISK_CL", "OR_CL", "COMMONRISKDIFF_CL", "LIFETEST_TEST",
           "CONVERGENCE", "lifetest_options", "cox_options", "freq_methods", "freq_method", "parse_options"]

# PROC LIFETEST CONFTYPE= -> conf_type
CONFTYPE = {"LOGLOG": "log-log", "LOG": "log", "LINEAR": "plain", "LOGIT": "logit", "ASINSQRT": "arcsine"}

# PROC PHREG TIES= -> ties
TIES = {"BRESLOW": "breslow", "EFRON": "efron", "DISCRETE": "exact", "EXACT": "marginal"}

# PROC PHREG convergence criteria -> convergence="NAME=R"
CONVERGENCE = ("GCONV", "FCONV", "ABSFCONV", "XCONV")

# PROC LIFETEST TEST= -> lifetest_tests(tests=...)
LIFETEST_TEST = {"LOGRANK": "logrank", "WILCOXON": "wilcoxon", "LR": "lr", "TARONE": "tarone", "PETO": "peto",
                 "MODPETO": "modpeto", "FLEMING": "fleming(p,q)", "ALL": "all"}

# PROC FREQ BINOMIAL(CL=...) -> proportion_ci(method=...); None: SAS has it, trialscout does not
BINOMIAL_CL: dict[str, str | None] = {
    "WALD": "wald", "WALD(CORRECT)": "wald-cc", "WILSON": "wilson", "SCORE": "wilson", "WILSON(CORRECT)": "wilson-cc",
    "AGRESTICOULL": "agresti-coull", "AC": "agresti-coull", "JEFFREYS": "jeffreys", "J": "jeffreys",
    "MIDP": "mid-p", "BLAKER": "blaker", "LIKELIHOODRATIO": "likelihood-ratio", "LR": "likelihood-ratio",
    "LOGIT": "logit", "CLOPPERPEARSON": "clopper-pearson", "EXACT": "clopper-pearson",
}

# PROC FREQ RISKDIFF(CL=...) -> risk_difference_ci(method=...) (MN: rate_difference's Miettinen-Nurminen)
RISKDIFF_CL: dict[str, str | None] = {
    "WALD": "wald", "WALD(CORRECT)": "wald-cc", "NEWCOMBE": "newcombe", "NEWCOMBE(CORRECT)": "newcombe-cc",
    "AC": "agresti-caffo", "AGRESTICAFFO": "agresti-caffo", "HA": "hauck-anderson", "HAUCKANDERSON": "hauck-anderson",
    "MN": "miettinen-nurminen", "SCORE": "miettinen-nurminen", "MN(CORRECT=NO)": "mee", "SCORE(CORRECT=NO)": "mee",
    "EXACT": "exact",
}

# PROC FREQ RELRISK(CL=...) -> relative_risk(method=...)
RELRISK_CL: dict[str, str | None] = {"WALD": "wald", "LR": "likelihood-ratio", "LIKELIHOODRATIO": "likelihood-ratio",
                                     "SCORE": "score", "WALDMODIFIED": "wald-modified", "EXACT": "exact"}

# PROC FREQ OR(CL=...) -> odds_ratio_ci(method=...)
OR_CL: dict[str, str | None] = {"WALD": "wald", "EXACT": "exact", "MIDP": "mid-p", "LR": "likelihood-ratio",
                                "LIKELIHOODRATIO": "likelihood-ratio", "SCORE": "score",
                                "WALDMODIFIED": "wald-modified"}

# PROC FREQ COMMONRISKDIFF(CL=...) -> common_risk_difference(method=...) (MNMH: rate_difference)
COMMONRISKDIFF_CL: dict[str, str | None] = {"MH": "mantel-haenszel", "SCORE": "summary-score",
                                            "MNMH": "miettinen-nurminen-mh", "NEWCOMBE": "newcombe",
                                            "MN": "miettinen-nurminen", "KLINGENBERG": None, "MR": None}

_KINDS = {"binomial": BINOMIAL_CL, "riskdiff": RISKDIFF_CL, "relrisk": RELRISK_CL, "or": OR_CL,
          "commonriskdiff": COMMONRISKDIFF_CL}
# which methods a global CORRECT option turns into their corrected forms
_CORRECTED = {"wald": "wald-cc", "wilson": "wilson-cc", "newcombe": "newcombe-cc"}


def _tokens(text: str) -> list[str]:
    """Split on blanks outside parentheses: 'CL=(WALD WILSON(CORRECT)) CORRECT' -> ['CL=(WALD WILSON(CORRECT))',
    'CORRECT']."""
    out, depth, cur = [], 0, ""
    for ch in text.strip():
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise InputError(f"unbalanced parentheses in SAS options {text!r}")
        if ch.isspace() and depth == 0:
            if cur:
                out.append(cur)
            cur = ""
        else:
            cur += ch
    if depth != 0:
        raise InputError(f"unbalanced parentheses in SAS options {text!r}")
    if cur:
        out.append(cur)
    return out


def parse_options(text: str) -> dict[str, str]:
    """'TIES=EFRON RL ALPHA=0.1' -> {'TIES': 'EFRON', 'RL': '', 'ALPHA': '0.1'} (names upper-cased, blanks around
    '=' allowed)."""
    norm = re.sub(r"\s*=\s*", "=", str(text))
    out: dict[str, str] = {}
    for tok in _tokens(norm):
        name, _, value = tok.partition("=")
        out[name.strip().upper()] = value.strip()
    return out


def _alpha(value: str) -> float:
    try:
        a = float(value)
    except ValueError:
        raise InputError(f"ALPHA= must be a number between 0 and 1; got {value!r}") from None
    if not 0 < a < 1:
        raise InputError(f"ALPHA= must be between 0 and 1; got {value!r}")
    return 1.0 - a


def _unwrap(value: str) -> str:
    v = value.strip()
    return v[1:-1] if v.startswith("(") and v.endswith(")") else v


def lifetest_options(text: str) -> dict:
    """PROC LIFETEST options -> keywords: CONFTYPE= (conf_type), ALPHA= (confidence_level), TEST= (tests)."""
    out: dict = {}
    for name, value in parse_options(text).items():
        if name == "CONFTYPE":
            key = value.upper()
            if key not in CONFTYPE:
                raise InputError(f"CONFTYPE={value} is not a LIFETEST transform; use one of {', '.join(CONFTYPE)}")
            out["conf_type"] = CONFTYPE[key]
        elif name == "ALPHA":
            out["confidence_level"] = _alpha(value)
        elif name == "TEST":
            out["tests"] = _tokens(_unwrap(value))
        else:
            raise InputError(f"LIFETEST option {name} is not mapped; mapped: CONFTYPE=, ALPHA=, TEST=")
    return out


def cox_options(text: str) -> dict:
    """PROC PHREG MODEL options -> cox_ph keywords: TIES=, GCONV=/FCONV=/ABSFCONV=/XCONV= (convergence),
    MAXITER= (max_iter), ALPHA= (confidence_level of RL limits); RL is accepted (the limits are always there)."""
    out: dict = {}
    for name, value in parse_options(text).items():
        if name == "TIES":
            key = value.upper()
            if key not in TIES:
                raise InputError(f"TIES={value} is not a PHREG method; use one of {', '.join(TIES)}")
            out["ties"] = TIES[key]
        elif name in CONVERGENCE:
            if "convergence" in out:
                raise InputError("give one PHREG convergence criterion (GCONV=, FCONV=, ABSFCONV= or XCONV=)")
            out["convergence"] = f"{name.lower()}={value}"
        elif name == "MAXITER":
            if not value.isdigit() or int(value) < 1:
                raise InputError(f"MAXITER= must be a positive whole number; got {value!r}")
            out["max_iter"] = int(value)
        elif name == "ALPHA":
            out["confidence_level"] = _alpha(value)
        elif name in ("RL", "RISKLIMITS"):
            continue
        else:
            raise InputError(f"PHREG option {name} is not mapped; mapped: TIES=, GCONV=, FCONV=, ABSFCONV=, XCONV=, "
                             "MAXITER=, ALPHA=, RL")
    return out


def freq_method(kind: str, sas_name: str, *, correct: bool = False) -> str:
    """One SAS ``CL=`` name of ``kind`` ("binomial", "riskdiff", "relrisk", "or") -> trialscout's method name."""
    table = _KINDS.get(kind.lower())
    if table is None:
        raise InputError(f"`kind` must be one of {', '.join(_KINDS)}; got {kind!r}")
    key = re.sub(r"\s+", "", sas_name.upper())
    key = {"MN(CORRECT=YES)": "MN", "SCORE(CORRECT=YES)": "SCORE"}.get(key, key)
    if key not in table:
        raise InputError(f"CL={sas_name} is not a SAS {kind.upper()} interval; SAS names: {', '.join(table)}")
    method = table[key]
    if method is None:
        raise NotImplementedError(f"SAS {kind.upper()}(CL={sas_name}) is not implemented in trialscout")
    if correct and kind.lower() == "commonriskdiff" and method in _CORRECTED:
        raise NotImplementedError(f"SAS COMMONRISKDIFF(CL={sas_name}) with CORRECT is not implemented in trialscout")
    return _CORRECTED.get(method, method) if correct else method


def freq_methods(kind: str, text: str) -> list[str]:
    """The methods of a PROC FREQ option's contents, e.g. ``freq_methods("riskdiff", "CL=(WALD NEWCOMBE) CORRECT")``
    -> ["wald-cc", "newcombe-cc"]. A bare ``BINOMIAL``/``RISKDIFF`` (no CL=) gives SAS's defaults (Wald and
    Clopper–Pearson for BINOMIAL, Wald for RISKDIFF)."""
    opts = parse_options(text)
    correct = "CORRECT" in opts and opts["CORRECT"].upper() not in ("NO",)
    if "CL" not in opts:
        defaults = {"binomial": ["WALD", "CLOPPERPEARSON"], "riskdiff": ["WALD"], "relrisk": ["WALD"], "or": ["WALD"],
                    "commonriskdiff": ["MH"]}
        names = defaults.get(kind.lower(), [])
    else:
        names = _tokens(_unwrap(opts["CL"]))
    unknown = set(opts) - {"CL", "CORRECT", "LEVEL", "COLUMN", "ALPHA", "NONINF", "EQUIV", "SUP", "MARGIN"}
    if unknown:
        raise InputError(f"{kind.upper()} option(s) {', '.join(sorted(unknown))} are not mapped")
    return [freq_method(kind, n, correct=correct) for n in names]
