"""Write the JSON Schemas of trialscout's input files into docs/schemas/ from their models.

    python scripts/write_schemas.py        (tests check that the committed files equal what this writes)
"""

from pathlib import Path

from trialscout.trial.spec import write_json_schema

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    print(write_json_schema(ROOT / "docs" / "schemas" / "trial-spec.schema.json"))
