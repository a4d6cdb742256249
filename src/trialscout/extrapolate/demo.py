"""The demo's lifetime extrapolation of overall survival: the ten-model table per arm, fitted to the synthetic
trial's OS, extrapolated to a 40-year horizon, written as an HTML page, CSV tables and figures."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .._validate import InputError
from .analysis import DEFAULT_DISTRIBUTIONS, Extrapolation, extrapolate
from .report import write_extrapolation

__all__ = ["extrapolate_os"]

LIFETIME_MONTHS = 480.0  # 40 years


def extrapolate_os(adsl, adtte, folder, *, param: str = "OS", arm: str = "ARM",
                   horizon: float = LIFETIME_MONTHS, times=(12.0, 24.0, 60.0, 120.0, 240.0),
                  decorate=None) -> Extrapolation:
    """Fit the ten-model table to each arm's OS, extrapolate to ``horizon`` months and write it into ``folder``.

    Parameters
    ----------
    adsl, adtte : pandas.DataFrame
        ADaM ADSL (``USUBJID`` and the ``arm`` column) and ADTTE (``USUBJID``, ``PARAMCD``, ``AVAL`` in months,
        ``CNSR``).
    folder : path
        Written whole or not at all (see :func:`trialscout._output.output_dir`): ``report.html``, ``fits.json``, ``fit_table.csv`` (the model-choice table),
        ``predictions.csv`` and the figures.
    decorate : callable, optional
        Applied to each matplotlib figure before it is saved (the demo draws "Synthetic data" into them).

    Returns
    -------
    Extrapolation
    """
    d = adtte[adtte["PARAMCD"] == param].merge(adsl[["USUBJID", arm]], on="USUBJID", how="left")
    if len(d) == 0 or d[arm].isna().any():
        raise InputError(f"ADTTE has no {param} rows with an arm in ADSL column '{arm}'")
    time = d["AVAL"].to_numpy(float)
    event = d["CNSR"].to_numpy() == 0
    keep = time > 0  # the log-time models need positive times; a death on day 0 is set to half a day
    time = np.where(keep, time, 0.5 / 30.4375)
    res = extrapolate(time, event, d[arm].astype(str).to_numpy(), distributions=DEFAULT_DISTRIBUTIONS,
                      model="separate", times=times, horizon=max(horizon, float(time.max())))
    from .._output import output_dir

    # its own marker, as the demo's data/ and report/ have: `trialscout extrapolate --out` may rewrite it
    with output_dir(Path(folder), command="trialscout extrapolate") as tmp:
        write_extrapolation(res, tmp, time=time, event=event, arm=d[arm].astype(str).to_numpy(),
                            title=f"Lifetime extrapolation of {param} (synthetic patients; months)", decorate=decorate)
    return res
