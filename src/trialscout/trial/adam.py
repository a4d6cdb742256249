"""Reading the ADaM datasets a trial spec names, and checking them before any analysis.

Every error names the dataset, the column and the rows (data rows numbered from 1 after the header, as
:mod:`trialscout.io` numbers them, with the subject identifiers where that helps), so that the user can find the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .._validate import InputError
from .spec import Population, ResponseEndpoint, TrialSpec

__all__ = ["AdamData", "load_adam", "read_dataset", "population_mask", "parse_grade", "as_text"]


@dataclass(frozen=True, slots=True)
class AdamData:
    """The datasets of one readout, read and checked.

    Attributes
    ----------
    adsl : DataFrame
        One row per subject, indexed 0..n-1 in file order.
    adtte, adrs, adae : DataFrame or None
        As read; each has an extra integer column ``_row`` with the 0-based position in the file (data row - 1).
    arms : tuple of str
        Arm values in display order (treated arm(s) first, control last unless ``arms.order`` says otherwise).
    """

    adsl: pd.DataFrame
    adtte: pd.DataFrame | None
    adrs: pd.DataFrame | None
    adae: pd.DataFrame | None
    arms: tuple[str, ...]


def _rows(idx, ids=None, limit: int = 5) -> str:
    """'data rows 3, 8 ('S003', 'S008')': 1-based data rows after the header, as trialscout.io numbers them."""
    idx = list(idx)
    n = len(idx)
    shown = idx[:limit]
    word = "data row" if n == 1 else "data rows"
    text = f"{word} {', '.join(str(int(i) + 1) for i in shown)}"
    if ids is not None:
        text += f" ({', '.join(repr(str(s)) for s in list(ids)[:limit])})"
    if n > limit:
        text += f" and {n - limit} more"
    return text


def as_text(v):
    """A categorical value as text: ``1``, ``1.0`` and ``" 1"`` all give ``"1"``; missing stays NaN."""
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return np.nan
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return str(int(v))
    if isinstance(v, (np.integer,)):
        return str(int(v))
    return str(v).strip()


def _values(series: pd.Series, idx) -> str:
    """'has 6' / 'have 6, 7.5' for the rows ``idx`` (at most 5 shown), values as plain Python."""
    idx = list(idx)
    vals = [series.iloc[i] for i in idx[:5]]
    shown = ", ".join(repr(v.item() if hasattr(v, "item") else v) for v in vals)
    return f"{'has' if len(idx) == 1 else 'have'} {shown}"


def read_dataset(name: str, path: Path | None) -> pd.DataFrame:
    """Read one dataset with :func:`trialscout.io.read_table`; blank strings become missing values.

    A missing or unreadable file is an :class:`InputError` naming the dataset and the file; so is a dataset
    the spec does not name.
    """
    from ..io import read_table  # the shared reader (CSV, Parquet, XPT, sas7bdat)

    if path is None:
        raise InputError(f"dataset {name.upper()} is needed but the spec's [datasets] table does not name it")

    label = f"{name.upper()} ({path})"
    df = read_table(path, name=label)
    df = pd.DataFrame(df).reset_index(drop=True)
    # SAS character missing values are blank strings
    for col in df.columns:
        if df[col].dtype == object:
            df[col] = df[col].map(lambda v: np.nan if isinstance(v, str) and not v.strip() else v)
    return df


def _need(df: pd.DataFrame, dataset: str, columns, why: str = "") -> None:
    for col in columns:
        if col not in df.columns:
            extra = f" ({why})" if why else ""
            shown = ", ".join(map(str, list(df.columns)[:15]))
            raise InputError(f"dataset {dataset}: column {col!r}{extra} is not there (columns: {shown})")


def _key(df: pd.DataFrame, dataset: str, subject: str) -> pd.Series:
    miss = df[subject].isna()
    if miss.any():
        raise InputError(f"dataset {dataset}: column {subject!r} has missing values in "
                         f"{_rows(np.flatnonzero(miss.to_numpy()))}")
    return df[subject].map(as_text).astype(str)


def _is_y(s: pd.Series) -> np.ndarray:
    return s.astype(object).map(lambda v: isinstance(v, str) and v.strip().upper() == "Y").to_numpy(bool)


def population_mask(adsl: pd.DataFrame, pop: Population, what: str = "population") -> np.ndarray:
    """Boolean mask over ADSL rows for an analysis set (flag = "Y" or a pandas query expression)."""
    if pop.flag is not None:
        _need(adsl, "ADSL", [pop.flag], f"flag of {what} {pop.name!r}")
        return _is_y(adsl[pop.flag])
    try:
        res = adsl.eval(pop.where)
    except Exception as exc:  # noqa: BLE001
        raise InputError(f"{what} {pop.name!r}: cannot evaluate where = {pop.where!r} on ADSL: {exc}") from None
    arr = np.asarray(res)
    if arr.dtype != bool or arr.shape != (len(adsl),):
        raise InputError(f"{what} {pop.name!r}: where = {pop.where!r} must give True/False for each ADSL row")
    return arr


def parse_grade(values: pd.Series) -> np.ndarray:
    """AETOXGR as float (1..5 or NaN when it cannot be read): 3, 3.0, "3", "GRADE 3" all give 3.0."""

    def one(v):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return np.nan
        if isinstance(v, str):
            t = v.strip().upper().removeprefix("GRADE").strip()
            try:
                return float(t)
            except ValueError:
                return np.nan
        try:
            return float(v)
        except (TypeError, ValueError):
            return np.nan

    return np.array([one(v) for v in values], dtype=float)


def load_adam(spec: TrialSpec) -> AdamData:
    """Read every dataset the spec names and check it against the spec.

    Raises
    ------
    InputError
        Naming the dataset, column and rows: a column the spec names is not there, duplicate subjects in
        ADSL, ADTTE/ADRS/ADAE subjects that ADSL lacks, a missing arm or stratification value in an analysed
        population, an unknown PARAMCD or AVALC, a time that is missing or negative, a CNSR that is not a
        non-negative integer, a grade outside 1–5.
    """
    subj = spec.subject
    adsl = read_dataset("adsl", spec.dataset_path("adsl"))
    _need(adsl, "ADSL", [subj], "the subject key")
    key = _key(adsl, "ADSL", subj)
    dup = key.duplicated(keep=False).to_numpy()
    if dup.any():
        idx = np.flatnonzero(dup)
        raise InputError(f"dataset ADSL: column {subj!r} has duplicate subjects in {_rows(idx, key.iloc[idx])}")
    adsl = adsl.copy()
    adsl[subj] = key
    arms_spec = spec.arms
    _need(adsl, "ADSL", [arms_spec.variable], "arms.variable")
    if arms_spec.actual_variable:
        _need(adsl, "ADSL", [arms_spec.actual_variable], "arms.actual_variable")

    masks = {p.name: population_mask(adsl, p) for p in spec.populations}
    itt = masks["itt"]
    if not itt.any():
        raise InputError(f"dataset ADSL: the intent-to-treat population ({spec.population('itt').describe()}) "
                         "is empty")
    arm = adsl[arms_spec.variable]
    miss = arm.isna().to_numpy() & itt
    if miss.any():
        idx = np.flatnonzero(miss)
        raise InputError(f"dataset ADSL: column {arms_spec.variable!r} (arm) is missing for ITT subjects in "
                         f"{_rows(idx, key.iloc[idx])}")
    adsl[arms_spec.variable] = arm.map(as_text)
    if arms_spec.actual_variable:
        a = adsl[arms_spec.actual_variable]
        adsl[arms_spec.actual_variable] = a.map(as_text)
    values = sorted(set(adsl.loc[itt, arms_spec.variable]))
    if arms_spec.control not in values:
        raise InputError(f"dataset ADSL: column {arms_spec.variable!r} has no ITT subject in the control arm "
                         f"{arms_spec.control!r} (arms.control); values are {values!r}")
    if len(values) < 2:
        raise InputError(f"dataset ADSL: column {arms_spec.variable!r} has a single arm {values!r}")
    if arms_spec.order:
        extra = [v for v in values if v not in arms_spec.order]
        if extra:
            raise InputError(f"dataset ADSL: column {arms_spec.variable!r} has arms {extra!r} that arms.order "
                             "does not list")
        arms = tuple(a for a in arms_spec.order if a in values)
    else:
        arms = tuple([v for v in values if v != arms_spec.control] + [arms_spec.control])

    # stratification factors: present, and non-missing wherever an endpoint is analysed stratified
    if spec.strata:
        _need(adsl, "ADSL", spec.strata, "stratification.factors")
        used = np.zeros(len(adsl), bool)
        for e in spec.endpoints:
            if e.stratified:
                used |= masks[e.population]
        for f in spec.strata:
            m = adsl[f].isna().to_numpy() & used
            if m.any():
                idx = np.flatnonzero(m)
                raise InputError(f"dataset ADSL: stratification factor {f!r} is missing in "
                                 f"{_rows(idx, key.iloc[idx])}")

    for b in spec.baseline:
        _need(adsl, "ADSL", [b.column], "baseline")
    for x in spec.exposure:
        _need(adsl, "ADSL", [x.column], "exposure")
        if x.arms:
            absent = [a for a in x.arms if a not in values]
            if absent:
                raise InputError(f"trial spec {spec.path}: key 'exposure' names arms {absent!r} that column "
                                 f"{arms_spec.variable!r} of ADSL does not have (values: {values!r})")
    if spec.subgroups:
        for v in spec.subgroups.variables:
            _need(adsl, "ADSL", [v.column], "subgroups")
            if v.cuts is not None and not pd.api.types.is_numeric_dtype(adsl[v.column]):
                raise InputError(f"dataset ADSL: column {v.column!r} must be numeric to be cut at {list(v.cuts)}")
    if spec.deaths:
        cols = [spec.deaths.flag] + ([spec.deaths.cause] if spec.deaths.cause else [])
        _need(adsl, "ADSL", cols, "deaths")
    for e in spec.endpoints:
        if isinstance(e, ResponseEndpoint) and e.evaluable is not None:
            population_mask(adsl, e.evaluable, f"evaluable set of endpoint {e.id!r}")

    known = set(key)

    def subjects_in_adsl(df: pd.DataFrame, name: str) -> pd.DataFrame:
        _need(df, name, [subj], "the subject key")
        k = _key(df, name, subj)
        bad = ~k.isin(known).to_numpy()
        if bad.any():
            idx = np.flatnonzero(bad)
            raise InputError(f"dataset {name}: column {subj!r} has subjects that ADSL lacks in "
                             f"{_rows(idx, k.iloc[idx])}")
        df = df.copy()
        df[subj] = k
        df["_row"] = np.arange(len(df))
        return df

    adtte = None
    tte = [e for e in spec.endpoints if e.type == "tte"]
    if tte:
        adtte = subjects_in_adsl(read_dataset("adtte", spec.dataset_path("adtte")), "ADTTE")
        _need(adtte, "ADTTE", ["PARAMCD", "AVAL", "CNSR"])
        params = set(adtte["PARAMCD"].dropna().astype(str))
        for e in tte:
            if e.paramcd not in params:
                raise InputError(f"dataset ADTTE: column 'PARAMCD' has no rows with {e.paramcd!r} (endpoint "
                                 f"{e.id!r}); PARAMCD values are {sorted(params)!r}")
        sel = adtte["PARAMCD"].astype(str).isin({e.paramcd for e in tte}).to_numpy()
        aval = pd.to_numeric(adtte["AVAL"], errors="coerce").to_numpy(float)
        bad = sel & (~np.isfinite(aval) | (aval < 0))
        if bad.any():
            idx = np.flatnonzero(bad)
            raise InputError(f"dataset ADTTE: column 'AVAL' must be a non-negative number; "
                             f"{_rows(idx, adtte[subj].iloc[idx])} {_values(adtte['AVAL'], idx)}")
        cnsr = pd.to_numeric(adtte["CNSR"], errors="coerce").to_numpy(float)
        bad = sel & ~(np.isfinite(cnsr) & (cnsr >= 0) & (cnsr == np.round(cnsr)))
        if bad.any():
            idx = np.flatnonzero(bad)
            raise InputError(f"dataset ADTTE: column 'CNSR' must be 0 (event) or a positive integer (censored); "
                             f"{_rows(idx, adtte[subj].iloc[idx])} {_values(adtte['CNSR'], idx)}")
        adtte["AVAL"] = aval
        adtte["CNSR"] = cnsr
        dup = adtte.loc[sel].duplicated([subj, "PARAMCD"], keep=False)
        if dup.any():
            idx = adtte.loc[sel].index[dup.to_numpy()]
            raise InputError(f"dataset ADTTE: more than one row per subject and PARAMCD in "
                             f"{_rows(idx, adtte[subj].loc[idx])}")

    adrs = None
    resp = [e for e in spec.endpoints if isinstance(e, ResponseEndpoint)]
    if resp:
        adrs = subjects_in_adsl(read_dataset("adrs", spec.dataset_path("adrs")), "ADRS")
        _need(adrs, "ADRS", ["PARAMCD", "AVALC"])
        params = set(adrs["PARAMCD"].dropna().astype(str))
        for e in resp:
            if e.paramcd not in params:
                raise InputError(f"dataset ADRS: column 'PARAMCD' has no rows with {e.paramcd!r} (endpoint "
                                 f"{e.id!r}); PARAMCD values are {sorted(params)!r}")
            rows = (adrs["PARAMCD"].astype(str) == e.paramcd).to_numpy()
            avalc = adrs["AVALC"].map(as_text)
            bad = rows & ~avalc.isin(e.categories).to_numpy()
            if bad.any():
                idx = np.flatnonzero(bad)
                raise InputError(f"dataset ADRS: column 'AVALC' has values outside the categories of endpoint "
                                 f"{e.id!r} ({list(e.categories)}) for PARAMCD {e.paramcd!r} in "
                                 f"{_rows(idx, adrs[subj].iloc[idx])}: {sorted(set(map(str, avalc[bad])))!r}")
            dup = adrs.loc[rows].duplicated([subj], keep=False)
            if dup.any():
                idx = adrs.loc[rows].index[dup.to_numpy()]
                raise InputError(f"dataset ADRS: more than one row per subject for PARAMCD {e.paramcd!r} in "
                                 f"{_rows(idx, adrs[subj].loc[idx])}")
        adrs["AVALC"] = adrs["AVALC"].map(as_text)

    adae = None
    if spec.safety is not None:
        s = spec.safety
        adae = subjects_in_adsl(read_dataset("adae", spec.dataset_path("adae")), "ADAE")
        _need(adae, "ADAE", [s.treatment_emergent, s.grade, s.serious, s.related, s.soc, s.term], "[safety]")
        te = _is_y(adae[s.treatment_emergent])
        g = parse_grade(adae[s.grade])
        bad = te & ~np.isin(g, (1, 2, 3, 4, 5))
        if bad.any():
            idx = np.flatnonzero(bad)
            raise InputError(f"dataset ADAE: column {s.grade!r} must be a grade from 1 to 5; "
                             f"{_rows(idx, adae[subj].iloc[idx])} {_values(adae[s.grade], idx)}")
        for col in (s.soc, s.term):
            m = te & adae[col].isna().to_numpy()
            if m.any():
                idx = np.flatnonzero(m)
                raise InputError(f"dataset ADAE: column {col!r} is missing in {_rows(idx, adae[subj].iloc[idx])}")
        adae["_grade"] = g
        adae["_teae"] = te
    return AdamData(adsl=adsl, adtte=adtte, adrs=adrs, adae=adae, arms=arms)
