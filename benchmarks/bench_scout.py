"""Speed of trialscout.scout: 1,000 trial reports read and checked (target: under 10 s on 2 cores).

Run from the repository root:  python benchmarks/bench_scout.py [--reports 1000] [--repeat 3]

Wall and CPU time are both printed: on a shared machine the wall time includes waiting for a core.

The reports are the corpus of tests/scout/corpus/ (45 public news items, abstracts, congress reports and press
releases of 0.5-3 kB), cycled to the requested count; each is read by ``scout_text`` (extraction and every
consistency check). A side-by-side peer in the same run: the floor any number reader pays, one pass of a plain
number regex over the same texts (no classification), so the ratio shows what the rules cost on top of it.
No published tool extracts this tuple, so there is no like-for-like peer to run.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from trialscout.scout import scout_text, scout_texts  # noqa: E402

CORPUS = ROOT / "tests" / "scout" / "corpus"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    batch = [texts[i % len(texts)] for i in range(args.reports)]
    chars = sum(map(len, batch))
    number = re.compile(r"\d+(?:\.\d+)?")
    t_scout, t_regex, c_scout, n_rec = [], [], [], 0
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        n_rec = sum(len(scout_text(t).records) for t in batch)
        t_scout.append(time.perf_counter() - t0)
        c_scout.append(time.process_time() - c0)
        t0 = time.perf_counter()
        sum(len(number.findall(t)) for t in batch)
        t_regex.append(time.perf_counter() - t0)
    s, r = statistics.median(t_scout), statistics.median(t_regex)
    print(f"{args.reports} reports ({chars / 1e6:.2f} M characters, {n_rec} records), median of {args.repeat}:")
    print(f"  trialscout.scout (read + check)   {s:8.3f} s wall, {statistics.median(c_scout):.3f} s CPU, "
          f"{args.reports / s:6.0f} reports/s   target < 10 s (one process, one core)")
    print(f"  plain number regex (floor)        {r:8.3f} s   ratio scout / regex = {s / r:.0f}x")
    t_two = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        two = scout_texts(batch, workers=2)
        t_two.append(time.perf_counter() - t0)
    assert sum(len(x.records) for x in two) == n_rec  # the same records as in one process
    w = statistics.median(t_two)
    print(f"  trialscout.scout, two processes   {w:8.3f} s wall, {args.reports / w:6.0f} reports/s   "
          f"target < 10 s (2 cores; scout_texts(workers=2), `trialscout scout --workers 2`)")


if __name__ == "__main__":
    main()
