"""Small text helpers for what the report prints: typographic exponents and comparison signs, labels used
mid-sentence, and the names of analysis sets as publications write them."""

from __future__ import annotations

import re

__all__ = ["pretty", "midsentence", "population_name"]

_SUP = str.maketrans("0123456789-+", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207b\u207a")
_POWER = re.compile(r"(?<![A-Za-z0-9.])(x\s?)?10\^([-+]?\d+)")
_NAMES = {"itt": "intention-to-treat", "as_treated": "as-treated", "safety": "safety", "pp": "per-protocol",
          "per_protocol": "per-protocol", "mrd_evaluable": "MRD-evaluable"}


def pretty(text: str) -> str:
    """``"10^-5"`` -> ``"10⁻⁵"``, ``"x10^6"`` -> ``"×10⁶"``, ``">=65"`` -> ``"≥65"``, ``"<="`` -> ``"≤"``.

    Only these plain-text spellings of a power of ten and of the two signs are changed; nothing else.
    """

    def power(m: re.Match) -> str:
        return ("\u00d7" if m.group(1) else "") + "10" + m.group(2).translate(_SUP)

    return _POWER.sub(power, text).replace(">=", "\u2265").replace("<=", "\u2264")


def midsentence(label: str) -> str:
    """A label as it reads inside a sentence: capitalised words lower-cased, acronyms kept.

    ``"Time to symptom worsening (MySIm-Q)"`` -> ``"time to symptom worsening (MySIm-Q)"``; ``"COVID-19"`` stays.
    """
    def word(w: str) -> str:
        letters = [c for c in w if c.isalpha()]
        if len(letters) > 1 and letters[0].isupper() and not any(c.isupper() for c in letters[1:]):
            return w.lower()
        return w

    return " ".join(word(w) for w in label.split(" "))


def population_name(name: str) -> str:
    """``"itt"`` -> ``"intention-to-treat"``; other spec names with ``_`` read as words."""
    return _NAMES.get(name, name.replace("_", " "))


NOT_PUBLISHED = "not published"


def is_placeholder_term(term: str | None) -> bool:
    """An adverse event recorded without its term (synthetic data: "Grade 3 or 4 event, term not published")."""
    return term is not None and term.lower().endswith(NOT_PUBLISHED)
