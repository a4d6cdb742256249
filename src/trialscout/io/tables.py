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

import os
import re
import tempfile
from pathlib import Path

import pandas as pd

from .._validate import InputError

__all__ = ["read_table", "write_table", "READ_FORMATS", "WRITE_FORMATS", "table_format"]

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


def read_table(path: str | os.PathLike, *, name: str | None = None) -> pd.DataFrame:
    """Read a whole table from a CSV, Parquet, SAS XPT or sas7bdat file.

    Parameters
    ----------
    path : str or path-like
        The file. Its extension (case-insensitive) decides the format; see the module documentation.
    name : str, optional
        How the file is called in messages and in ``df.attrs["source"]`` (default: ``path`` as given).

    Returns
    -------
    pandas.DataFrame
        The data, with a default integer index; ``df.attrs["source"]`` holds ``name``. Row ``i`` of the frame
        is data row ``i + 1`` of the file (1-based, after the header).

    Raises
    ------
    InputError
        If the file does not exist, is a directory, has an unknown extension, is empty (no bytes, or a
        header without data rows), or cannot be parsed in its format. The message names the file.

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
    """
    label = _display(path, name)
    fmt = table_format(path)
    p = Path(path)
    if not p.exists():
        raise InputError(f"file '{label}' does not exist")
    if p.is_dir():
        raise InputError(f"'{label}' is a directory, not a data file")
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read '{label}': {exc.strerror or exc}") from None
    if size == 0:
        raise InputError(f"file '{label}' is empty")
    try:
        df = _READERS[fmt](p)
    except InputError:
        raise
    except pd.errors.EmptyDataError:
        raise InputError(f"file '{label}' is empty (no header and no data)") from None
    except PermissionError:
        raise InputError(f"cannot read '{label}': permission denied") from None
    except Exception as exc:  # every parser has its own error types; they all mean "not readable"
        raise InputError(f"cannot read '{label}' as {fmt.upper()}: {_one_line(exc)}") from None
    if len(df.columns) == 0:
        raise InputError(f"file '{label}' is empty (no columns)")
    if len(df) == 0:
        raise InputError(f"file '{label}' has no data rows")
    df = df.reset_index(drop=True)
    df.attrs["source"] = label
    return df


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


# Written for a missing number by R ("NA"), SAS ("."), and others. Only an empty cell is missing text: a stratum
# labelled "NA" (North America) must stay a label.
_MISSING_NUMBER_TOKENS = ("NA", "N/A", "NaN", "nan", ".", "NULL")


def _read_csv(p: Path) -> pd.DataFrame:
    kwargs = dict(low_memory=False, keep_default_na=False, na_values=[""])
    try:
        df = pd.read_csv(p, encoding="utf-8-sig", **kwargs)
    except UnicodeDecodeError:
        df = pd.read_csv(p, encoding="cp1252", **kwargs)
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


def _read_parquet(p: Path) -> pd.DataFrame:
    return pd.read_parquet(p, engine="pyarrow")


def _read_xpt(p: Path) -> pd.DataFrame:
    import pyreadstat

    df, _meta = pyreadstat.read_xport(str(p))
    return df


def _read_sas7bdat(p: Path) -> pd.DataFrame:
    import pyreadstat

    df, _meta = pyreadstat.read_sas7bdat(str(p))
    return df


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
    version = 5 if all(len(c) <= 8 for c in names) and len(table_name) <= 8 else 8
    out = df.copy()
    out.columns = names
    pyreadstat.write_xport(out, str(tmp), table_name=table_name, file_format_version=version)
