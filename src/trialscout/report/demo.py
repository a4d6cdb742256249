"""The demo's "published vs reproduced" table as text."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["comparison_table"]


def comparison_table(rows: Sequence) -> str:
    """Aligned text: figure, published, reproduced, tolerance, and whether the reproduction is within it.

    ``rows`` are :class:`trialscout.synth.ComparisonRow` (anything with ``figure``, ``published``, ``reproduced``,
    ``tolerance`` and ``within``).
    """
    header = ("Published figure", "Published", "Reproduced", "Tolerance", "Within")
    body = [(r.figure, str(r.published), str(r.reproduced), str(r.tolerance), "yes" if r.within else "NO")
            for r in rows]
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]

    def line(cells) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(b) for b in body)])
