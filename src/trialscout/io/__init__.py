"""Reading and writing tables (CSV, Parquet, SAS XPT, sas7bdat), picking ADaM time-to-event columns, and reading
any input file safely (:mod:`trialscout.io.files`). The names below are imported on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

_EXPORTS = {
    "TTEData": ".adam", "select_tte": ".adam",
    "COLUMN_KINDS": ".tables", "READ_FORMATS": ".tables", "WRITE_FORMATS": ".tables", "read_table": ".tables",
    "table_columns": ".tables", "table_format": ".tables", "write_table": ".tables",
}
__all__ = ["read_table", "table_columns", "COLUMN_KINDS", "write_table", "table_format", "select_tte", "TTEData",
           "READ_FORMATS", "WRITE_FORMATS"]
__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)

if TYPE_CHECKING:
    from .adam import TTEData, select_tte
    from .tables import (COLUMN_KINDS, READ_FORMATS, WRITE_FORMATS, read_table, table_columns, table_format,
                         write_table)
