"""Reading and writing tables (CSV, Parquet, SAS XPT, sas7bdat) and picking ADaM time-to-event columns."""

from .adam import TTEData, select_tte
from .tables import COLUMN_KINDS, READ_FORMATS, WRITE_FORMATS, read_table, table_columns, table_format, write_table

__all__ = ["read_table", "table_columns", "COLUMN_KINDS", "write_table", "table_format", "select_tte", "TTEData",
           "READ_FORMATS", "WRITE_FORMATS"]
