"""`build_report` on the hand-built example trial: files, JSON, sentences, tables, figures, whole-or-nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from trialscout import InputError
from trialscout.report import build as build_mod
from trialscout.report.build import build_report
from trialscout.report.figures import forest_figure, km_figure, nice_ticks
from trialscout.report.sentences import summary_sentences
from trialscout.report.tables import tte_table
from trialscout.trial import run_readout
from _helpers import tree

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "small_trial"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("rep") / "out"
    calls = []
    res = build_report(EXAMPLE / "spec.toml", out, progress=lambda d, t, m: calls.append((d, t, m)))
    return res, calls


def test_files_written(built):
    res, _ = built
    names = sorted(p.name for p in res.out_dir.iterdir())
    assert names == [".trialscout", "figures", "report.html", "results.json"]
    marker = json.loads((res.out_dir / ".trialscout").read_text())
    assert marker["command"] == "trialscout report" and "report.html" in marker["files"]
    figs = sorted(p.name for p in res.figures)
    assert figs == ["forest_PFS.png", "forest_PFS.svg", "km_OS.png", "km_OS.svg", "km_PFS.png", "km_PFS.svg"]
    for p in res.figures:
        head = p.read_bytes()[:8]
        assert head.startswith(b"\x89PNG") if p.suffix == ".png" else b"<?xml" in head


def test_progress_reaches_total(built):
    _, calls = built
    done = [c[0] for c in calls]
    assert done == list(range(1, len(calls) + 1))
    assert calls[-1][0] == calls[-1][1] == 16  # 11 readout steps, 3 figures, JSON, HTML
    assert calls[-1][2] == "report.html"


def test_json_has_every_result(built):
    res, _ = built
    d = json.loads(res.json.read_text())
    assert d["arms"] == ["CART", "SOC"] and d["control"] == "SOC"
    pfs = d["endpoints"]["PFS"]
    assert pfs["arms"]["CART"]["events"] == 4 and pfs["arms"]["SOC"]["events"] == 7
    assert pfs["arms"]["CART"]["median"]["status"] == {"value": "NR", "upper": "NE"}
    assert pfs["arms"]["SOC"]["median"]["value"] == 9.0
    assert pfs["arms"]["CART"]["landmarks"][0]["rate"]["value"] == pytest.approx(0.675, abs=1e-12)
    assert pfs["hazard_ratio"]["value"] == pytest.approx(res.readout.endpoint("PFS").hazard_ratio.value, rel=0)
    assert d["endpoints"]["MRD5"]["arms"]["CART"] == {**d["endpoints"]["MRD5"]["arms"]["CART"],
                                                      "responders": 5, "n": 7}
    assert d["safety"]["overview"]["Serious treatment-related TEAE"] == [1, 3]
    assert d["deaths"]["causes"]["Unknown"] == [0, 1]
    assert d["subgroups"]["PFS"]["variables"][0]["levels"][1]["events"] == [1, 5]
    assert d["exposure"][1]["arms"]["SOC"]["median"] == 9.5
    assert d["baseline"][0]["summaries"][2]["n"] == 20
    assert d["populations"]["safety"] == {"CART": 9, "SOC": 10}


def test_html_self_contained(built):
    res, _ = built
    html = res.html.read_text()
    assert "http://" not in html and "https://" not in html and "src=\"/" not in html
    assert html.count('<img src="data:image/svg+xml;base64,') == 3
    for tid in ("tte-PFS", "tte-OS", "response", "subgroups-PFS", "safety-overview", "grade3", "ae", "deaths",
                "baseline", "exposure"):
        assert f'<table id="{tid}"' in html
    assert "A hand-built example with 20 invented patients." in html


def test_summary_sentences_exact():
    r = run_readout(EXAMPLE / "spec.toml")
    s = summary_sentences(r)
    # PFS is the primary endpoint and leads. Numbers: medians NR (CI 2.0-NE) and 9.0 (1.0-NE) months; HR and
    # P from the stratified Cox / log-rank (checked against R in tests/trial); S(12) 67.5% and 35.0%.
    assert s[0] == (
        "Median PFS was not reached (95% CI, 2.0\u2013NE) with cell therapy vs 9.0 months (95% CI, 1.0\u2013NE) "
        "with standard of care (HR, 0.41; 95% CI, 0.12\u20131.44; P = .15). At 12 months, the PFS rate was "
        "67.5% (95% CI, 29.1\u201388.2) vs 35.0% (95% CI, 8.5\u201364.0).")
    assert s[2].startswith("Overall response: 80.0% (95% CI, 44.4\u201397.5; 8 of 10) with cell therapy vs 50.0% "
                           "(95% CI, 18.7\u201381.3; 5 of 10) with standard of care (difference, 30.0 percentage "
                           "points; 95% CI, -13.8 to 64.5; odds ratio, 4.00;")
    # safety: grade 3/4 by max grade 4/9 and 3/10; most common grade >= 3: anaemia 2/9 (tie broken
    # alphabetically) and neutropenia 2/10; serious related 1/9 and 3/10; deaths 3/10 and 4/10, of PD 2 and 2
    assert s[5] == ("Grade 3 or 4 adverse events (by maximum grade) occurred in 44.4% of patients with cell "
                    "therapy and 30.0% with standard of care.")
    assert s[6] == ("The most common adverse event of grade 3 or higher was anaemia (22.2%) with cell therapy and "
                    "neutropenia (20.0%) with standard of care.")
    assert s[7] == "Serious treatment-related adverse events occurred in 11.1% and 30.0%, respectively."
    assert s[8] == ("Death from any cause occurred in 30.0% of patients with cell therapy and 40.0% with standard "
                    "of care; death from progressive disease in 20.0% and 20.0%.")


def test_tte_table_cells():
    r = run_readout(EXAMPLE / "spec.toml")
    t = tte_table(r.endpoint("PFS"), r.arm_labels, "months")
    rows = {row[0]: row[1:] for row in t.rows}
    assert rows["Events, n (%)"] == ("4 (40.0%)", "7 (70.0%)")
    assert rows["Median, months (95% CI)"] == ("NR (2.0\u2013NE)", "9.0 (1.0\u2013NE)")
    assert rows["Rate at 12 months, % (95% CI)"] == ("67.5% (29.1\u201388.2)", "35.0% (8.5\u201364.0)")
    assert rows["RMST to 24 months (95% CI)"][0].startswith("16.8 (")


def test_km_numbers_at_risk_aligned_under_ticks():
    import matplotlib.pyplot as plt

    r = run_readout(EXAMPLE / "spec.toml")
    fig = km_figure(r.endpoint("PFS"), r.arm_labels)
    ax, tab = fig.axes
    ticks = ax.get_xticks()
    assert list(ticks) == [0, 5, 10, 15, 20, 25, 30, 35]
    rows = {}
    for t in tab.texts:
        x, y = t.get_position()
        rows.setdefault(int(y), []).append((x, int(t.get_text())))
    for k in rows:
        xs = [x for x, _ in rows[k]]
        assert np.allclose(xs, ticks)  # each number centred under its tick (shared x-axis)
        assert all(t.get_ha() == "center" for t in tab.texts)
    # by hand: CART times 2 5 6 8 12 15 20 24 30 33; SOC 1 3 4 6 7 9 11 14 18 25 (at risk = time >= tick)
    assert [v for _, v in rows[0]] == [10, 9, 6, 5, 4, 2, 2, 0]
    assert [v for _, v in rows[1]] == [10, 7, 4, 2, 1, 1, 0, 0]
    # censoring marks: CART censored at 5, 12, 20, 24, 30, 33
    marks = [ln for ln in ax.lines if ln.get_marker() == "|"]
    assert list(marks[0].get_xdata()) == [5, 12, 20, 24, 30, 33]
    assert np.allclose(marks[0].get_ydata(), [90, 67.5, 54, 54, 54, 54])
    plt.close(fig)


def test_forest_rows():
    import matplotlib.pyplot as plt

    r = run_readout(EXAMPLE / "spec.toml")
    fig = forest_figure(r.subgroups[0], r.arm_labels)
    texts = [t.get_text() for t in fig.axes[0].texts]
    for want in ("All patients", "Sex", "F", "M", "Age, years", "<65", "\u226565", "3/5", "5/5", "4/4", ".06"):
        assert want in texts
    plt.close(fig)


@pytest.mark.parametrize("t_max, expected", [(33, [0, 5, 10, 15, 20, 25, 30, 35]), (45, list(range(0, 46, 5))),
                                             (12, [0, 2, 4, 6, 8, 10, 12]), (80, list(range(0, 81, 10))), (0.7, [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7])])
def test_nice_ticks(t_max, expected):
    assert np.allclose(nice_ticks(t_max), expected)


# ------------------------------------------------------------------------------------------ whole or nothing


def test_bad_data_leaves_output_untouched(tmp_path):
    trial = tmp_path / "trial"
    shutil.copytree(EXAMPLE, trial)
    out = tmp_path / "out"
    build_report(trial / "spec.toml", out)  # a previous report: trialscout may replace it
    before = tree(out)
    p = trial / "adae.csv"
    p.write_text(p.read_text().replace("S04,Blood and lymphatic system disorders,Anaemia,3,",
                                       "S04,Blood and lymphatic system disorders,Anaemia,9,"))
    with pytest.raises(InputError, match="AETOXGR"):
        build_report(trial / "spec.toml", out)
    assert sorted(x.name for x in tmp_path.iterdir()) == ["out", "trial"]
    assert tree(out) == before


def test_failure_while_writing_leaves_nothing(tmp_path, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("template exploded")

    monkeypatch.setattr(build_mod, "render_html", boom)
    out = tmp_path / "out"
    with pytest.raises(RuntimeError, match="template exploded"):
        build_report(EXAMPLE / "spec.toml", out)
    assert list(tmp_path.iterdir()) == []


def test_own_output_replaced_whole(tmp_path):
    out = tmp_path / "out"
    build_report(EXAMPLE / "spec.toml", out)
    (out / "figures" / "km_OS.png").unlink()  # a file of ours removed by hand is no reason to refuse
    (out / "results.json").write_text("{}")  # nor is one of ours edited: it is replaced
    res = build_report(EXAMPLE / "spec.toml", out)
    assert sorted(x.name for x in out.iterdir()) == [".trialscout", "figures", "report.html", "results.json"]
    assert json.loads(res.json.read_text())["endpoints"] and (out / "figures" / "km_OS.png").is_file()
    assert sorted(x.name for x in tmp_path.iterdir()) == ["out"]


def test_foreign_output_refused_before_the_readout(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "paper.tex").write_text("mine")
    monkeypatch.setattr(build_mod, "run_readout", lambda *a, **k: pytest.fail("readout ran"))
    with pytest.raises(InputError, match=r"--out .*out: exists and holds files trialscout did not write "
                                         r"\(paper\.tex\); choose another folder or empty it"):
        build_report(EXAMPLE / "spec.toml", out)
    assert [x.name for x in out.iterdir()] == ["paper.tex"] and (out / "paper.tex").read_text() == "mine"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["out"]


def test_out_holding_the_spec_or_data_refused(tmp_path):
    """Review finding 1: `report syn1/spec.toml --out syn1` deleted the synthesized ADaM data."""
    trial = tmp_path / "trial"
    shutil.copytree(EXAMPLE, trial)
    before = tree(trial)
    with pytest.raises(InputError, match=r"--out .*trial: holds the input file .*spec\.toml"):
        build_report(trial / "spec.toml", trial)
    # the spec elsewhere, a dataset inside --out (even a folder trialscout wrote)
    spec = tmp_path / "spec.toml"
    spec.write_text((trial / "spec.toml").read_text().replace('"adsl.csv"', '"trial/adsl.csv"')
                    .replace('"adtte.csv"', '"trial/adtte.csv"').replace('"adrs.csv"', '"trial/adrs.csv"')
                    .replace('"adae.csv"', '"trial/adae.csv"'))
    (trial / ".trialscout").write_text(json.dumps({"written_by": "trialscout", "files": sorted(before)}))
    with pytest.raises(InputError, match=r"holds the input file .*trial/ad..\.csv"):
        build_report(spec, trial)
    (trial / ".trialscout").unlink()
    assert tree(trial) == before


def test_output_path_is_a_file(tmp_path):
    f = tmp_path / "out"
    f.write_text("x")
    with pytest.raises(InputError, match="is not a directory"):
        build_report(EXAMPLE / "spec.toml", f)


def test_degenerate_endpoint_is_reported_not_fatal(tmp_path):
    """OS with no events in the treated arm: HR NE in the table and sentence, a warning in HTML and JSON."""
    trial = tmp_path / "trial"
    shutil.copytree(EXAMPLE, trial)
    p = trial / "adtte.csv"
    lines = p.read_text().splitlines()
    lines = [ln[:-1] + "1" if ln.startswith(("S03,OS", "S05,OS", "S10,OS")) else ln for ln in lines]
    p.write_text("\n".join(lines) + "\n")
    with pytest.warns(UserWarning, match="no events"):
        res = build_report(trial / "spec.toml", tmp_path / "out")
    assert any("no events" in w for w in res.warnings)
    os_ = res.readout.endpoint("OS")
    assert os_.arms[0].n_events == 0
    sentence = [s for s in summary_sentences(res.readout) if s.startswith("Median OS")][0]
    assert "(HR, NE; 95% CI, NE\u2013NE; P = " in sentence
    html = res.html.read_text()
    assert '<ul id="warnings">' in html and "no events" in html
    d = json.loads(res.json.read_text())
    assert d["endpoints"]["OS"]["hazard_ratio"]["status"] == {"value": "NE", "lower": "NE", "upper": "NE"}
    assert any("no events" in w for w in d["warnings"])


@pytest.mark.parametrize("labels", [
    ("Investigational regimen", "Standard of care"),
    ("Ciltacabtagene autoleucel after bridging therapy", "Physician's choice of standard therapy"),
    ("A", "B"),
])
def test_km_row_labels_inside_the_figure(labels):
    """Long arm names in the at-risk table are neither cut at the figure's left edge nor pushed off it."""
    import matplotlib.pyplot as plt

    r = run_readout(EXAMPLE / "spec.toml")
    fig = km_figure(r.endpoint("PFS"), list(labels))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    _, tab = fig.axes
    shown = [t.get_text() for t in tab.get_yticklabels()]
    assert [s.replace("\n", " ") for s in shown] == list(labels)  # wrapped between words, nothing dropped
    for t in tab.get_yticklabels():
        box = t.get_window_extent(renderer)
        assert box.x0 >= 0.01 * fig.bbox.width and box.x1 <= fig.bbox.width
    # the curves keep most of the width
    assert fig.axes[0].get_position().width > 0.55
    plt.close(fig)
