"""HTML tables keep their cell boundaries when the tags are stripped: each row becomes a pipe row."""

from __future__ import annotations

import pytest

from trialscout.scout import scout_text
from trialscout.scout._text import decode_report

DESIGN = "<p>In the phase 3 ZORVA-1 trial, 400 patients were randomly assigned to zorvatinib or placebo.</p>"


def _records(body: str) -> set:
    text = decode_report(f"<html><body>{DESIGN}{body}</body></html>".encode())
    return {(e["endpoint"], e["kind"], e["arm"] and e["arm"].casefold(), e["value"], e["ci_lower"], e["ci_upper"])
            for e in scout_text(text).to_json()["endpoints"]}


WANT = {("PFS", "median", "zorvatinib", 10.2, None, None), ("PFS", "median", "placebo", 5.1, None, None),
        ("PFS", "hr", None, 0.52, 0.4, 0.68), ("ORR", "rate", "zorvatinib", 45.0, None, None),
        ("ORR", "rate", "placebo", 20.5, None, None)}


@pytest.mark.parametrize("table", [
    # header cells, closed cells
    "<table><tr><th>Endpoint</th><th>Zorvatinib</th><th>Placebo</th><th>HR (95% CI)</th></tr>"
    "<tr><td>Median PFS, months</td><td>10.2</td><td>5.1</td><td>0.52 (0.40-0.68)</td></tr>"
    "<tr><td>ORR, %</td><td>45.0</td><td>20.5</td><td></td></tr></table>",
    # cells left unclosed, attributes, nested tags, line breaks inside a cell
    "<table class='t'>\n<tr>\n<td><b>Endpoint</b></td>\n<td align=center>Zorvatinib</td><td>Placebo\n<td>HR<br>(95% CI)"
    "\n<tr><td>Median PFS,<br/>months<td>10.2<td>5.1<td><span>0.52 (0.40&ndash;0.68)</span>"
    "\n<tr><td>ORR, %<td>45.0<td>20.5<td>&nbsp;</table>",
    # thead/tbody and a caption
    "<table><caption>Table 2</caption><thead><tr><th></th><th>Zorvatinib</th><th>Placebo</th>"
    "<th>HR (95% CI)</th></tr></thead><tbody><tr><td>Median PFS, months</td><td>10.2</td><td>5.1</td>"
    "<td>0.52 (0.40-0.68)</td></tr><tr><td>ORR, %</td><td>45.0</td><td>20.5</td><td></td></tr></tbody></table>",
])
def test_an_html_results_table_is_read_by_its_cells(table):
    assert _records(table) == WANT


def test_a_spanning_header_cell_keeps_the_columns_aligned():
    text = decode_report(("<table><tr><th colspan='2'>Arm</th><th>HR</th></tr>"
                          "<tr><td>a</td><td>b</td><td>c</td></tr></table>").encode())
    rows = [r for r in text.splitlines() if r.startswith("|")]
    assert [r.count("|") for r in rows] == [4, 4]


def test_a_safety_table_in_html_gives_no_results():
    table = ("<table><tr><th>Adverse event, %</th><th>Zorvatinib</th><th>Placebo</th></tr>"
             "<tr><td>Neutropenia</td><td>45.0</td><td>12.1</td></tr>"
             "<tr><td>Grade 3 or higher</td><td>30.2</td><td>10.0</td></tr></table>")
    assert _records(table) == set()


def test_html_without_tables_is_unchanged_by_the_table_rule():
    text = decode_report(f"<html><body>{DESIGN}<p>Median PFS was 10.2 months.</p></body></html>".encode())
    assert "|" not in text
