"""Small helpers shared by several test folders (importable because pytest puts tests/ on sys.path)."""

from pathlib import Path

# A two-arm, OS-only published summary: synthesizes in under a second, for tests of the writers and entry points.
SMALL_SUMMARY = """
[trial]
name = "SMALL"
[[arms]]
id = "NEW"
n_itt = 80
control = false
[[arms]]
id = "STD"
n_itt = 80
control = true
[design]
accrual_start = 2019-01-01
accrual_end = 2020-01-01
data_cutoff = 2022-01-01
median_followup = 30.0
[[endpoints]]
id = "OS"
kind = "os"
quote = "hand-made"
[endpoints.arms.NEW]
median = 20.0
landmarks = [{ time = 12, rate = 70.0 }]
[endpoints.arms.STD]
median = 13.0
landmarks = [{ time = 12, rate = 53.0 }]
[endpoints.hazard_ratio]
value = 0.6
ci = [0.4, 0.9]
stratified = false
"""


def tree(folder: Path) -> dict:
    """Every file below ``folder`` with its content, to compare a folder before and after."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
