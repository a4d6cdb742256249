"""Reading and writing whole tables: CSV, Parquet, SAS transport (XPT) and SAS data sets (sas7bdat).

The format is chosen by the file's extension, case-insensitively:

==================  ======================  =========================================
extension           read with               write with
==================  ======================  =========================================
``.csv``            pandas ``read_csv``     pandas ``to_csv`` (no index)
``.csv.gz``         same, gzip-compressed   same
``.parquet``/.pq    pyarrow                 pyarrow (no index)
``.xpt``            pyreadstat              pyreadstat, transport version 5 when every
                                            name fits (FDA submissions), else 8
``.sas7bdat``       pyreadstat              not supported (no open writer exists)
==================  ======================  =========================================

Every problem with a file — missing, a directory, an unknown extension, empty, unreadable — raises
:class:`~trialscout._validate.InputError` with one message that names the file.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from .._validate import InputError
from .files import check_input_file

__all__ = ["read_table", "table_columns", "write_table", "READ_FORMATS", "WRITE_FORMATS", "table_format",
           "COLUMN_KINDS"]

#: how :func:`read_table` may narrow a column it reads (``kinds=``)
COLUMN_KINDS = ("float", "category", "int")

#: extension -> format name, for reading
READ_FORMATS = {".csv": "csv", ".csv.gz": "csv", ".parquet": "parquet", ".pq": "parquet",
                ".xpt": "xpt", ".sas7bdat": "sas7bdat"}
#: extension -> format name, for writing
WRITE_FORMATS = {k: v for k, v in READ_FORMATS.items() if v != "sas7bdat"}


def table_format(path: str | os.PathLike, *, for_writing: bool = False) -> str:
    """The format of ``path`` from its extension (``"csv"``, ``"parquet"``, ``"xpt"``, ``"sas7bdat"``).

    Raises
    ------
    InputError
        If the extension is not one trialscout reads (or writes, with ``for_writing``).
    """
    name = Path(path).name.lower()
    formats = WRITE_FORMATS if for_writing else READ_FORMATS
    # the longest matching extension wins (".csv.gz" before ".gz")
    for ext in sorted(formats, key=len, reverse=True):
        if name.endswith(ext) and len(name) > len(ext):
            return formats[ext]
    what = "write" if for_writing else "read"
    known = ", ".join(sorted(set(formats)))
    extra = " (sas7bdat can be read but not written: use .xpt)" if for_writing and name.endswith(".sas7bdat") else ""
    raise InputError(f"cannot {what} '{path}': unknown file extension; use one of {known}{extra}")


def _display(path, name) -> str:
    return name if name is not None else str(path)


def read_table(path: str | os.PathLike, *, name: str | None = None, columns: Sequence[str] | None = None,
               kinds: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Read a table from a CSV, Parquet, SAS XPT or sas7bdat file: all of it, or only named columns.

    Parameters
    ----------
    path : str or path-like
        The file. Its extension (case-insensitive) decides the format; see the module documentation.
    name : str, optional
        How the file is called in messages and in ``df.attrs["source"]`` (default: ``path`` as given).
    columns : sequence of str, optional
        Read only these columns (in this order); the others are never parsed into memory (CSV: ``usecols``;
        Parquet: a column projection; XPT and sas7bdat: pyreadstat's ``usecols``). Default: every column.
    kinds : mapping of str to {"float", "category", "int"}, optional
        The narrowest type for some of the columns read: ``"float"`` gives float64 (times: a text column
        whose every other value is a number keeps its missing-number tokens as NaN); ``"category"`` a pandas
        Categorical (arms, strata, PARAMCD: one code per row instead of one string object per row);
        ``"int"`` the smallest integer type that holds the values (int8 for 0/1 and CNSR codes), or float64
        when a value is missing or not whole. Columns not named keep the type the reader gives them.

    Returns
    -------
    pandas.DataFrame
        The data, with a default integer index; ``df.attrs["source"]`` holds ``name``. Row ``i`` of the frame
        is data row ``i + 1`` of the file (1-based, after the header).

    Raises
    ------
    InputError
        If the file does not exist, is not a regular file (a folder, a pipe, a device, a symlink loop), has
        an unknown extension, is empty (no bytes, or a header without data rows), ends early (a truncated XPT
        or sas7bdat file), has two columns of the same name, lacks a requested column, or cannot be parsed in
        its format. The message names the file.

    Notes
    -----
    CSV files are read as UTF-8 (a byte-order mark is ignored); a file that is not valid UTF-8 is read as
    Windows-1252, the encoding SAS uses for exports on Windows. SAS character missing values (blank strings)
    are kept as ``""``; numeric missing values become NaN.

    Examples
    --------
    >>> df = read_table("tests/reference/data/lung.csv")  # doctest: +SKIP
    >>> df.shape  # doctest: +SKIP
    (228, 10)
    >>> adtte = read_table("adtte.parquet", columns=["AVAL", "CNSR", "TRT01P", "PARAMCD"],
    ...                    kinds={"AVAL": "float", "CNSR": "int", "TRT01P": "category", "PARAMCD": "category"})
    ...                    # doctest: +SKIP
    """
    label = _display(path, name)
    fmt = table_format(path)
    p = Path(path)
    cols, kind_of = _check_columns_request(columns, kinds)
    st = check_input_file(p, "data table", label=f"'{label}'")
    if st.st_size == 0:
        raise InputError(f"file '{label}' is empty")
    try:
        df = _READERS[fmt](p, label, cols, kind_of)
    except InputError:
        raise
    except pd.errors.EmptyDataError:
        raise InputError(f"file '{label}' is empty (no header and no data)") from None
    except PermissionError:
        raise InputError(f"cannot read '{label}': permission denied") from None
    except MemoryError:
        raise InputError(f"cannot read '{label}': it does not fit in memory") from None
    except Exception as exc:  # every parser has its own error types; they all mean "not readable"
        raise InputError(f"cannot read '{label}' as {fmt.upper()}: {_one_line(exc)}") from None
    if len(df.columns) == 0:
        raise InputError(f"file '{label}' is empty (no columns)")
    dup = pd.Index(df.columns)[pd.Index(df.columns).duplicated()]
    if len(dup):
        raise InputError(f"file '{label}' has two columns named {str(dup[0])!r}; column names must be unique")
    if len(df) == 0:
        raise InputError(f"file '{label}' has no data rows")
    df = df.reset_index(drop=True)
    if kind_of:
        df = _narrow(df, kind_of, label)
    df.attrs["source"] = label
    return df


def table_columns(path: str | os.PathLike, *, name: str | None = None) -> list[str]:
    """The column names of a table file, read from its header alone (no data rows are parsed).

    For choosing ``columns=`` of :func:`read_table` when a column is optional (e.g. ``PARAMCD``).

    Raises
    ------
    InputError
        As :func:`read_table` for a file that is missing, not a regular file or not readable in its format.
    """
    label = _display(path, name)
    fmt = table_format(path)
    p = Path(path)
    check_input_file(p, "data table", label=f"'{label}'")
    try:
        if fmt == "csv":
            try:
                return [h.strip() for h in _csv_header(p, "utf-8-sig")]
            except UnicodeDecodeError:
                return [h.strip() for h in _csv_header(p, "cp1252")]
        if fmt == "parquet":
            import pyarrow.parquet as pq

            return list(pq.read_schema(p).names)
        import pyreadstat

        reader = pyreadstat.read_xport if fmt == "xpt" else pyreadstat.read_sas7bdat
        _d, meta = reader(str(p), metadataonly=True)
        return list(meta.column_names)
    except Exception as exc:
        raise InputError(f"cannot read '{label}' as {fmt.upper()}: {_one_line(exc)}") from None


def _check_columns_request(columns, kinds) -> tuple[list[str] | None, dict[str, str]]:
    if columns is not None:
        if isinstance(columns, str) or not all(isinstance(c, str) and c for c in columns):
            raise InputError(f"`columns` must be a list of column names; got {columns!r}")
        cols = list(dict.fromkeys(columns))
        if not cols:
            raise InputError("`columns` names no column")
    else:
        cols = None
    kind_of = dict(kinds or {})
    for c, k in kind_of.items():
        if k not in COLUMN_KINDS:
            raise InputError(f"`kinds`: {c!r} must be one of {', '.join(COLUMN_KINDS)}; got {k!r}")
        if cols is not None and c not in cols:
            raise InputError(f"`kinds` names column {c!r}, which `columns` does not")
    return cols, kind_of


def _missing_columns(label: str, want: list[str], present) -> None:
    missing = [c for c in want if c not in present]
    if missing:
        raise InputError(f"column '{missing[0]}' is not in '{label}'; columns present: "
                         f"{', '.join(map(str, present))}")


def _narrow(df: pd.DataFrame, kind_of: dict[str, str], label: str) -> pd.DataFrame:
    for c, k in kind_of.items():
        s = df[c]
        if k == "category":
            if not isinstance(s.dtype, pd.CategoricalDtype):
                try:
                    s = df[c] = s.astype("category")
                except TypeError:  # unhashable cells (list or struct columns): left for the caller to name
                    continue
            cats = s.cat.categories
            if cats.dtype == object or pd.api.types.is_string_dtype(cats.dtype):
                # a CSV column read straight into categories keeps its numbers as text ("3.0"): give them back
                # their values, so that labels are the same as when the column is read whole (3.0 -> "3")
                numeric = pd.to_numeric(pd.Series(cats, dtype=object), errors="coerce")
                if len(cats) and numeric.notna().all():
                    if numeric.is_unique:
                        df[c] = s.cat.rename_categories(numeric.to_numpy())
                    else:  # "1" and "1.0" are one value
                        df[c] = pd.Categorical(pd.to_numeric(s.astype(object)))
        elif k == "float":
            if s.dtype != np.float64 and s.dtype.kind in "biu":
                df[c] = s.astype(np.float64)
        else:  # "int": the smallest integer type, when every value is a whole number
            if s.dtype.kind in "iu" or (s.dtype.kind == "f" and s.notna().all()):
                v = s.to_numpy()
                if v.dtype.kind == "f" and not np.array_equal(v, np.round(v)):
                    continue
                df[c] = pd.to_numeric(s.astype(np.int64) if v.dtype.kind == "f" else s, downcast="integer")
    return df


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


# Written for a missing number by R ("NA"), SAS ("."), and others. Only an empty cell is missing text: a stratum
# labelled "NA" (North America) must stay a label.
_MISSING_NUMBER_TOKENS = ("NA", "N/A", "NaN", "nan", ".", "NULL")


def _csv_header(p: Path, encoding: str) -> list[str]:
    opener = __import__("gzip").open if p.name.lower().endswith(".gz") else open
    with opener(p, "rt", encoding=encoding, newline="") as fh:
        return next(csv.reader(fh), [])


def _read_csv(p: Path, label: str, cols, kind_of) -> pd.DataFrame:
    kwargs: dict = dict(low_memory=False, keep_default_na=False, na_values=[""])
    encoding = "utf-8-sig"
    try:
        header = _csv_header(p, encoding)
    except UnicodeDecodeError:
        encoding = "cp1252"
        header = _csv_header(p, encoding)
    names = [h.strip() for h in header]
    seen = {x for x in names if names.count(x) > 1 and x}
    if seen:  # pandas would rename the second one 'X.1' silently
        raise InputError(f"file '{label}' has two columns named {sorted(seen)[0]!r}; column names must be unique")
    if cols is not None:
        _missing_columns(label, cols, header)
        kwargs["usecols"] = cols
        # parse in chunks (a third of the peak memory on a 2,000,000-row ADTTE); a column whose chunks read as
        # different types comes back as text and is made numeric below as in a whole read
        kwargs["low_memory"] = True
        cats = [c for c, k in kind_of.items() if k == "category"]
        if cats:
            kwargs["dtype"] = {c: "category" for c in cats}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pd.errors.DtypeWarning)
        try:
            df = pd.read_csv(p, encoding=encoding, **kwargs)
        except UnicodeDecodeError:
            df = pd.read_csv(p, encoding="cp1252", **kwargs)
    if cols is not None:
        df = df[cols]
    return _numeric_with_missing_tokens(df)


def _numeric_with_missing_tokens(df: pd.DataFrame) -> pd.DataFrame:
    """A text column whose every other value is a number is numeric, its missing-number tokens NaN."""
    for col in df.columns:
        values = df[col]
        if values.dtype.kind in "biufcmM":  # already numeric or dates (text is object in pandas 2, str in 3)
            continue
        tokens = values.isin(_MISSING_NUMBER_TOKENS)
        if not tokens.any():
            continue
        rest = values[~tokens & values.notna()]
        numbers = pd.to_numeric(rest, errors="coerce")
        if len(rest) and numbers.notna().all():
            df[col] = pd.to_numeric(values.where(~tokens), errors="coerce")
    return df


def _read_parquet(p: Path, label: str, cols, kind_of) -> pd.DataFrame:
    import pyarrow.parquet as pq

    schema = pq.read_schema(p)
    names = list(schema.names)
    dup = sorted({x for x in names if names.count(x) > 1})
    if dup:
        raise InputError(f"file '{label}' has two columns named {dup[0]!r}; column names must be unique")
    if cols is not None:
        _missing_columns(label, cols, names)
    cats = [c for c, k in kind_of.items() if k == "category"]
    table = pq.read_table(p, columns=cols, read_dictionary=cats or None)
    df = table.to_pandas()
    return df if cols is None else df[cols]


# An XPT file is a sequence of 80-byte records (SAS Technical Support document TS-140); a file whose length is
# not a multiple of 80 has lost its end.
_XPT_RECORD = 80


def _read_xpt(p: Path, label: str, cols, kind_of) -> pd.DataFrame:
    import pyreadstat

    size = p.stat().st_size
    with open(p, "rb") as fh:
        head = fh.read(80)
    if not head.startswith(b"HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!") and not head.startswith(
            b"HEADER RECORD*******LIBV8   HEADER RECORD!!!!!!!"):
        raise InputError(f"cannot read '{label}' as XPT: it does not start with the library header record of a "
                         "SAS transport file")
    if size % _XPT_RECORD:
        raise InputError(f"'{label}' ends early: an XPT file is made of 80-byte records and this one has "
                         f"{size} bytes ({size % _XPT_RECORD} past the last whole record); the file was cut off "
                         "(copy it again)")
    _d, full = pyreadstat.read_xport(str(p), metadataonly=True)
    if cols is not None:
        _missing_columns(label, cols, full.column_names)
    df, meta = pyreadstat.read_xport(str(p), usecols=cols)
    _check_rows(label, df, meta)
    _check_xpt_end(p, label, len(df), full, size)
    return df if cols is None else df[cols]


_OBS_HEADERS = (b"HEADER RECORD*******OBS     HEADER RECORD!!!!!!!", b"HEADER RECORD*******OBSV8   HEADER RECORD!!!!!!!")


def _check_xpt_end(p: Path, label: str, n: int, meta, size: int) -> None:
    """A one-member XPT file holds, after its OBS header record, n rows of the row length, then fewer than 80
    blanks of padding (TS-140). More bytes, or a partial row that is not blanks, means rows were cut off."""
    widths = getattr(meta, "variable_storage_width", None) or {}
    row = int(sum(widths.values()))
    if row <= 0:
        return
    with open(p, "rb") as fh:
        head = fh.read(min(size, 16_000_000))
    hits = [i for h in _OBS_HEADERS for i in _find_all(head, h)]
    if len(hits) != 1:
        return  # several members (or none found): the per-record check above is all we can do
    start = hits[0] + _XPT_RECORD
    rest = size - start - n * row
    if 0 <= rest < _XPT_RECORD:
        with open(p, "rb") as fh:
            fh.seek(size - rest)
            tail = fh.read(rest)
        if not tail.strip(b" "):
            return
    raise InputError(f"'{label}' ends early: after {n} whole rows of {row} bytes it holds {rest} more bytes that "
                     "are not a row; the file was cut off (copy it again)")


def _find_all(data: bytes, needle: bytes) -> list[int]:
    out, i = [], data.find(needle)
    while i >= 0:
        out.append(i)
        i = data.find(needle, i + 1)
    return out


def _check_rows(label: str, df: pd.DataFrame, meta) -> None:
    n = getattr(meta, "number_rows", None)
    if n is not None and n >= 0 and len(df) != n:
        raise InputError(f"'{label}' ends early: its header promises {n} rows but {len(df)} could be read; "
                         "the file was cut off (copy it again)")


def _read_sas7bdat(p: Path, label: str, cols, kind_of) -> pd.DataFrame:
    import pyreadstat

    if cols is not None:
        _d, meta = pyreadstat.read_sas7bdat(str(p), metadataonly=True)
        _missing_columns(label, cols, meta.column_names)
    df, meta = pyreadstat.read_sas7bdat(str(p), usecols=cols)
    _check_rows(label, df, meta)
    return df if cols is None else df[cols]


_READERS = {"csv": _read_csv, "parquet": _read_parquet, "xpt": _read_xpt, "sas7bdat": _read_sas7bdat}


# -- writing ------------------------------------------------------------------------------------------------
def write_table(df: pd.DataFrame, path: str | os.PathLike, *, table_name: str | None = None) -> Path:
    """Write ``df`` to a CSV, Parquet or SAS XPT file, whole or not at all.

    The table is written to a temporary file in the destination folder, flushed to disk, then moved over
    ``path`` with :func:`os.replace` (atomic on POSIX and Windows): a reader never sees a half-written file,
    and on any error the previous file, if there was one, is left untouched.

    Parameters
    ----------
    df : pandas.DataFrame
        The table; its index is not written.
    path : str or path-like
        Destination; the extension decides the format (``.csv``, ``.csv.gz``, ``.parquet``, ``.pq``,
        ``.xpt``).
    table_name : str, optional
        XPT only: the data set name inside the file (default: the file's stem, upper-cased, e.g. ``ADTTE``).

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    InputError
        On an unknown extension (sas7bdat cannot be written), a missing destination folder, or data the
        format cannot hold (e.g. an XPT column name longer than 32 characters).
    TypeError
        If ``df`` is not a DataFrame.

    Notes
    -----
    XPT files are written in transport version 5 (the version FDA accepts) when every column name has at
    most 8 characters and the data set name at most 8; otherwise in version 8.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"`df` must be a pandas DataFrame; got {type(df).__name__}")
    fmt = table_format(path, for_writing=True)
    dest = Path(path)
    folder = dest.parent if str(dest.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"cannot write '{path}': folder '{folder}' does not exist")
    if dest.is_dir():
        raise InputError(f"cannot write '{path}': it is a directory")
    suffix = "".join(dest.suffixes[-2:]) if dest.name.lower().endswith(".csv.gz") else dest.suffix
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{dest.name}.", suffix=f".tmp{suffix}")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if fmt == "csv":
            df.to_csv(tmp, index=False)
        elif fmt == "parquet":
            df.to_parquet(tmp, engine="pyarrow", index=False)
        else:
            _write_xpt(df, tmp, table_name or _xpt_name(dest))
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        _umask_permissions(tmp)
        os.replace(tmp, dest)
    except InputError:
        tmp.unlink(missing_ok=True)
        raise
    except PermissionError:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write '{path}': permission denied") from None
    except Exception as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write '{path}' as {fmt.upper()}: {_one_line(exc)}") from None
    return dest


def _umask_permissions(p: Path) -> None:
    # mkstemp creates 0600; a finished file gets the permissions an ordinary open() would give it
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(p, 0o666 & ~mask)


def _xpt_name(dest: Path) -> str:
    stem = dest.name.split(".")[0].upper()
    stem = re.sub(r"[^A-Z0-9_]", "_", stem) or "DATA"
    if stem[0].isdigit():
        stem = "D" + stem
    return stem[:8]


def _write_xpt(df: pd.DataFrame, tmp: Path, table_name: str) -> None:
    import pyreadstat

    names = [str(c) for c in df.columns]
    long = [c for c in names if len(c) > 32]
    if long:
        raise InputError(f"XPT column names have at most 32 characters; too long: {', '.join(long)}")
    version: Literal[5, 8] = 5 if all(len(c) <= 8 for c in names) and len(table_name) <= 8 else 8
    out = df.copy()
    out.columns = names
    pyreadstat.write_xport(out, str(tmp), table_name=table_name, file_format_version=version)
