"""The HTML report opened in a real headless Chromium: no console errors, every figure and table shown.

Skips only when no Chromium binary is installed (CI installs Debian's ``chromium``). A full-page screenshot is
saved under the test's tmp dir and copied to tests/report/artifacts/ for review.
"""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest

from trialscout.report.build import build_report

from .chromium import find_chromium, open_page

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parents[1] / "examples" / "small_trial"
CHROMIUM = find_chromium()

PROBE = """(() => {
  const vis = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
                        return r.width > 0 && r.height > 0 && s.display !== 'none' && s.visibility !== 'hidden'; };
  return {
    figures: Array.from(document.querySelectorAll('figure.trialscout-figure')).map(f => {
      const img = f.querySelector('img');
      return {id: f.id, complete: img.complete, naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight,
              width: img.getBoundingClientRect().width, height: img.getBoundingClientRect().height,
              visible: vis(img)};
    }),
    tables: Array.from(document.querySelectorAll('table.trialscout-table')).map(t => ({
      id: t.id, rows: t.tBodies[0].rows.length, cols: t.tHead.rows[0].cells.length, visible: vis(t),
      clipped: t.parentElement.scrollWidth > t.parentElement.clientWidth + 1,
      caption: t.caption ? t.caption.textContent : ''})),
    summary: Array.from(document.querySelectorAll('#summary p')).map(p => p.textContent),
    title: document.title,
  };
})()"""

EXPECTED_TABLES = {"tte-PFS": 8, "tte-OS": 7, "response": 3, "subgroups-PFS": 7, "safety-overview": 12,
                   "grade3": 6, "ae": 7, "deaths": 4, "baseline": 7, "exposure": 2}


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_report_in_headless_chromium(tmp_path):
    out = tmp_path / "report"
    build_report(EXAMPLE / "spec.toml", out)
    shot = tmp_path / "report_small_trial.png"
    page = open_page(CHROMIUM, (out / "report.html").as_uri(), tmp_path / "chromium-profile", screenshot=shot,
                     probe_js=PROBE)
    assert page["errors"] == []
    probe = page["probe"]
    assert probe["title"] == "Small example trial: cell therapy vs standard of care"
    figs = {f["id"]: f for f in probe["figures"]}
    assert sorted(figs) == ["fig-forest-PFS", "fig-km-OS", "fig-km-PFS"]
    for f in figs.values():
        # decoded (naturalWidth > 0) and laid out at a readable size
        assert f["complete"] and f["naturalWidth"] > 300 and f["visible"], f
        assert f["width"] > 600 and f["height"] > 200, f
    tables = {t["id"]: t for t in probe["tables"]}
    assert {k: t["rows"] for k, t in tables.items()} == EXPECTED_TABLES
    assert all(t["visible"] for t in tables.values())
    assert [k for k, t in tables.items() if t["clipped"]] == []  # every column visible without scrolling
    assert len(probe["summary"]) == 9 and probe["summary"][0].startswith("Median PFS was not reached")
    # the screenshot is the whole page
    w, h = _png_size(shot)
    assert w == 1200 and h == page["height"] > 3000
    art = HERE / "artifacts"
    art.mkdir(exist_ok=True)
    shutil.copyfile(shot, art / shot.name)
