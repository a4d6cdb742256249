"""The cells of a digitizer's or R's export: text (comma, semicolon, tab or space separated) or .xlsx.

One file is read with one separator, chosen from the whole text: a tab if any line holds one, else a semicolon,
else a comma, else runs of spaces (R's ``write.table`` default). Quoted fields (``"time"``) are unquoted. With
a separator other than the comma a decimal comma is accepted (``12,5;0,87``).

The rows are split into header rows (the leading rows that are not all numbers, at most
:data:`MAX_HEADER_LINES`) and data rows; the last header row names the columns. R writes a row-name column
first: ``write.csv`` names it ``""``, ``write.table`` leaves it out of the header (one name fewer than the data
rows have values). Both are recognised and the column dropped.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .._validate import InputError
from ..io.files import read_input_bytes

__all__ = ["Cells", "read_cells", "MAX_HEADER_LINES", "MAX_BYTES", "is_number", "to_number"]

MAX_HEADER_LINES = 5
# A digitized curve or at-risk table is a few kilobytes; a file a thousand times larger is not one (and a
# device such as /dev/zero never ends).
MAX_BYTES = 50_000_000
# Names R and digitizers give a row-number column.
INDEX_NAMES = ("", "id", "k", "i", "index", "row", "rownames", "row.names", "obs", "no", "#", "unnamed: 0",
               "point", "n.point")


def _read_bytes(path: Path, what: str) -> bytes:
    """The bytes of a regular file, refusing FIFOs, devices, folders, symlink loops and huge files."""
    return read_input_bytes(path, what, max_bytes=MAX_BYTES)


def is_number(field: str, decimal_comma: bool) -> bool:
    try:
        to_number(field, decimal_comma)
    except ValueError:
        return False
    return True


def to_number(field, decimal_comma: bool) -> float:
    if isinstance(field, (int, float)) and not isinstance(field, bool):
        return float(field)
    f = str(field).strip().strip('"').strip("'")
    if decimal_comma:
        f = f.replace(",", ".")
    if f.lower() in ("nan", "inf", "-inf", "infinity", "+inf", "-infinity"):
        return float(f)
    return float(f)


@dataclass(frozen=True, slots=True)
class Cells:
    """A file split into header rows and data rows of text cells."""

    path: Path
    header: list[list[str]]  # the header rows, in order (the last names the columns)
    rows: list[tuple[int, list[str], str]]  # (line or row number, cells, the line as written)
    sep: str  # ",", ";", "\t", " " or "xlsx"
    where: str  # "line" or "row" (.xlsx)

    @property
    def decimal_comma(self) -> bool:
        return self.sep not in (",", "xlsx")

    @property
    def names(self) -> list[str] | None:
        """The column names (the last header row), or None without a header."""
        return [h.strip() for h in self.header[-1]] if self.header else None

    def at(self, lineno: int) -> str:
        return f"{self.path} {self.where} {lineno}"


def _text_rows(data: bytes, path: Path, what: str) -> tuple[list[tuple[int, list[str], str]], str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if b"\x00" in data:
            raise InputError(f"{path}: not a text file (expected a CSV or text {what})") from None
        text = data.decode("cp1252", errors="replace")  # Latin-1 / Windows exports: the numbers are ASCII
    if "\x00" in text:
        raise InputError(f"{path}: not a text file (expected a CSV or text {what})")
    lines = [(i + 1, ln) for i, ln in enumerate(text.splitlines()) if ln.strip()]
    body = "\n".join(ln for _, ln in lines)
    sep = "\t" if "\t" in body else ";" if ";" in body else "," if "," in body else " "
    out = []
    for lineno, ln in lines:
        if sep == " ":
            fields = next(csv.reader(io.StringIO(ln.strip()), delimiter=" ", skipinitialspace=True))
        else:
            fields = next(csv.reader(io.StringIO(ln), delimiter=sep))
        fields = [f.strip() for f in fields]
        while fields and fields[-1] == "":
            fields.pop()  # trailing separators
        out.append((lineno, fields, ln.strip()))
    return out, sep


def _xlsx_rows(path: Path, data: bytes, what: str) -> list[tuple[int, list[str], str]]:
    import zipfile

    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"{path}: not a readable .xlsx workbook ({exc})") from None
    ws = wb.worksheets[0]
    out = []
    for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = ["" if v is None else (repr(v) if isinstance(v, float) else str(v)) for v in row]
        while cells and cells[-1] == "":
            cells.pop()
        if cells:
            out.append((r, cells, ",".join(cells)))
    wb.close()
    return out


def read_cells(path, what: str = "file", *, one_header: bool = False) -> Cells:
    """Split ``path`` into header and data rows (see the module docstring).

    With ``one_header`` the first row is the header if it is not all numbers, and every later row is data
    (data rows may then hold text, e.g. an arm column).

    Raises
    ------
    InputError
        Naming the file (and line): missing, not a regular file, too large, binary, a non-number in a data
        row, a header longer than :data:`MAX_HEADER_LINES` lines.
    """
    path = Path(path)
    data = _read_bytes(path, what)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        rows, sep, where = _xlsx_rows(path, data, what), "xlsx", "row"
    else:
        rows, sep = _text_rows(data, path, what)
        where = "line"
    dc = sep not in (",", "xlsx")
    header: list[list[str]] = []
    body: list[tuple[int, list[str], str]] = []
    for k, (lineno, fields, line) in enumerate(rows):
        numeric = all(is_number(f, dc) for f in fields if f != "")
        if one_header and k > 0:
            numeric = True
        if not body and not numeric:
            if k >= MAX_HEADER_LINES:
                raise InputError(
                    f"{path} {where} {lineno}: not a number in {line!r} (more than {MAX_HEADER_LINES} lines "
                    "before the first row of numbers)"
                )
            header.append(fields)
            continue
        body.append((lineno, fields, line))
    return Cells(path=path, header=header, rows=body, sep=sep, where=where)


def index_column(cells: Cells, width: int) -> bool:
    """True when the data rows carry a row-number column first (R's row names, survHE's point index).

    ``width`` is the number of columns the file's content needs (e.g. 2 for time and survival). The first
    column is a row number when the header names it as one (``""`` from ``write.csv``, ``id``, ``k``...),
    when the header has one name fewer than the rows have values (``write.table``), or, without a header,
    when the rows have ``width + 1`` values and the first counts 1, 2, 3, ... (or 0, 1, 2, ...).
    """
    if not cells.rows:
        return False
    n_vals = max(len(f) for _, f, _ in cells.rows)
    names = cells.names
    if names is not None:
        if len(names) == n_vals - 1 and n_vals > width:
            return True
        if len(names) == n_vals and names[0].strip('"').lower() in INDEX_NAMES and n_vals > width:
            return True
        return False
    if n_vals != width + 1:
        return False
    try:
        first = [to_number(f[0], cells.decimal_comma) for _, f, _ in cells.rows]
    except (ValueError, IndexError):
        return False
    start = first[0]
    return start in (0.0, 1.0) and all(v == start + i for i, v in enumerate(first))
