"""At-risk tables, fifth round: a table whose second row is printed in a pale tint, paler than the ink
threshold of the axis labels and paler than any curve traced (tests/digitize/figures/h4_py_14_cross.png,
whose pale arm's curve is not traced either). Its row is still read, with all its cells."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from trialscout.digitize import _raster
from trialscout.digitize._figure import load_figure

FIG = Path(__file__).parent / "figures"


def _truth_rows(stem: Path) -> dict:
    import sys
    sys.path.insert(0, str(Path(__file__).parent))
    from scoring import truth
    meta, arms = truth(stem)
    return {lab: [int(np.sum(arms[lab][0] >= t - 1e-9)) for t in meta["at_risk_times"]] for lab in meta["arms"]}


def test_pale_second_row_is_read(monkeypatch):
    path = FIG / "h4_py_14_cross.png"
    assert path.exists()  # a missing figure fails the test
    seen: list = []
    orig = _raster._read_table_twice

    def record(*a, **k):
        rows = orig(*a, **k)
        seen.append(rows)
        return rows

    monkeypatch.setattr(_raster, "_read_table_twice", record)
    _raster.read_raster(load_figure(path))
    rows = sorted(seen[-1], key=lambda r: r.y)
    want = _truth_rows(path.with_suffix(""))
    assert [list(map(int, r.counts)) for r in rows] == [want["Arm A"], want["Arm B"]]
