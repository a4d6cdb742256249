"""The package shape: the statistics and reading packages never import reporting, the command line or a
presentation library; formatting (figures, HTML, text tables) lives in trialscout.report."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "trialscout"

# Packages that compute or read; trialscout.report and the command line sit above them.
LOWER = ("binary", "design", "digitize", "extrapolate", "io", "reconstruct", "scout", "simulate", "survival", "synth", "trial")
# What only the upper layer may import.
UPPER = ("trialscout.report", "trialscout.cli", "trialscout.demo", "matplotlib", "jinja2", "rich", "html")
# Presentation still inside a lower package, each with the names it imports: the list may only shrink.
PENDING: dict[str, set[str]] = {}
# Modules that read (not write) what an upper-layer library names: a report given as HTML is unescaped.
READS: dict[str, set[str]] = {"scout/_text.py": {"html"}}


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function, as an absolute name."""
    package = ("trialscout." + ".".join(path.relative_to(SRC).parent.parts)).rstrip(".")
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            out.add(mod)
            out |= {f"{mod}.{a.name}" for a in node.names}
    return out


def _upper(names: set[str]) -> set[str]:
    return {n for n in names if any(n == u or n.startswith(u + ".") for u in UPPER)}


FILES = sorted(p for pkg in LOWER for p in (SRC / pkg).rglob("*.py"))


def test_the_scan_sees_the_packages():
    assert len(FILES) > 40
    # the resolution of relative imports: the report module imports the extrapolation package
    names = _imports(SRC / "report" / "extrapolation.py")
    assert "trialscout.extrapolate.analysis.Extrapolation" in names
    assert _upper(_imports(SRC / "report" / "extrapolation_figures.py")) >= {"trialscout.report.figures"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_lower_packages_import_no_presentation(path):
    rel = path.relative_to(SRC).as_posix()
    found = _upper(_imports(path))
    assert found == PENDING.get(rel, set()) | READS.get(rel, set()), f"{rel} imports {sorted(found)}: presentation belongs in report/"


def test_pending_list_names_existing_files():
    for rel in PENDING:
        assert (SRC / rel).is_file(), f"{rel} is gone: take it off PENDING"
