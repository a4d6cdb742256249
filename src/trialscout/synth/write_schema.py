"""Write the JSON Schema of the published-summary file: ``python -m trialscout.synth.write_schema [PATH]``.

PATH defaults to ``docs/schemas/summary.schema.json``; the file is generated from the pydantic model
:class:`trialscout.synth.summary.SummaryFile`, so that the published schema and the loader cannot disagree
(a test compares the committed file with this output).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .summary import summary_json_schema

__all__ = ["schema_text", "main"]


def schema_text() -> str:
    """The schema as the committed file holds it (sorted keys are not used: pydantic's order reads well)."""
    return json.dumps(summary_json_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else Path("docs/schemas/summary.schema.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    print(path)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
