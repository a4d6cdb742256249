"""Figure files: the same figure gives the same bytes (no dates, no random SVG ids), whoever draws it."""

from __future__ import annotations

import numpy as np

from trialscout.extrapolate import extrapolate
from trialscout.report.extrapolation_figures import fits_figure
from trialscout.report.figures import figure_bytes, save_figure


def _figure():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(3, 2))
    ax.fill_between([0, 1, 2], [0, 1, 0], color="0.8")  # a clipped, shared path: SVG ids
    ax.plot([0, 1, 2], [1, 0.5, 0.2], marker="o")
    return fig


def test_svg_and_png_bytes_repeat(tmp_path):
    a, b = _figure(), _figure()
    for fmt in ("svg", "png"):
        assert figure_bytes(a, fmt) == figure_bytes(b, fmt)
    svg = figure_bytes(a, "svg").decode()
    assert "clip-path=" in svg and "<dc:date>" not in svg
    out = save_figure(b, tmp_path / "f", formats=("png",), tight=True)
    assert list(out) == ["png"] and (tmp_path / "f.png").read_bytes() == out["png"]
    assert not (tmp_path / "f.svg").exists()


def test_extrapolation_figure_repeats():
    rng = np.random.default_rng(7)
    t = rng.exponential(10, 60)
    e = rng.random(60) < 0.7
    arm = np.where(np.arange(60) % 2, "A", "B")
    res = extrapolate(t, e, arm, distributions=("exponential", "weibull"), horizon=60)
    one, two = (figure_bytes(fits_figure(res, t, e, arm), "svg", tight=True) for _ in range(2))
    assert one == two
