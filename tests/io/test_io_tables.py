"""Reading and writing tables: CSV, Parquet, SAS XPT, sas7bdat (trialscout.io.tables)."""

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from trialscout import InputError
from trialscout.io import read_table, table_format, write_table

LUNG = Path(__file__).resolve().parents[1] / "reference" / "data" / "lung.csv"


def frame():
    return pd.DataFrame({
        "USUBJID": ["S-001", "S-002", "S-003", "S-004"],
        "PARAMCD": ["PFS", "PFS", "OS", "OS"],
        "AVAL": [1.5, 12.25, 30.0, 0.0],
        "CNSR": [0.0, 1.0, 0.0, 2.0],
        "TRT01P": ["Cilta-cel", "Standard", "Cilta-cel", "Standard"],
    })


@pytest.mark.parametrize("name", ["adtte.csv", "ADTTE.CSV", "adtte.csv.gz", "adtte.parquet", "adtte.PQ",
                                  "adtte.xpt", "ADTTE.XPT"])
def test_round_trip(tmp_path, name):
    df = frame()
    path = write_table(df, tmp_path / name)
    assert path == tmp_path / name
    back = read_table(path)
    pd.testing.assert_frame_equal(back, df, check_dtype=False)
    assert back.attrs["source"] == str(path)
    # nothing left behind but the file itself (the temporary file was moved into place)
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_xpt_written_is_a_sas_transport_file(tmp_path):
    # read back with pyreadstat directly: data set name from the file stem, version 5 (8-character names)
    write_table(frame(), tmp_path / "adtte.xpt")
    df, meta = pyreadstat.read_xport(str(tmp_path / "adtte.xpt"))
    assert meta.table_name == "ADTTE"
    assert list(df.columns) == list(frame().columns)
    assert (tmp_path / "adtte.xpt").read_bytes().startswith(b"HEADER RECORD*******LIBRARY HEADER RECORD")


def test_xpt_long_names_use_version_8(tmp_path):
    df = frame().rename(columns={"TRT01P": "PLANNED_TREATMENT"})
    write_table(df, tmp_path / "long.xpt")
    back = read_table(tmp_path / "long.xpt")
    assert "PLANNED_TREATMENT" in back.columns
    assert (tmp_path / "long.xpt").read_bytes().startswith(b"HEADER RECORD*******LIBV8   HEADER RECORD")


def test_parquet_written_by_pyarrow_directly_is_read(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"AVAL": [1.0, 2.0], "CNSR": [0, 1], "ARM": ["A", "B"]})
    pq.write_table(table, tmp_path / "x.parquet")
    back = read_table(tmp_path / "x.parquet")
    assert back["AVAL"].tolist() == [1.0, 2.0] and back["ARM"].tolist() == ["A", "B"]


def test_csv_reads_lung():
    df = read_table(LUNG)
    assert df.shape == (228, 10)
    assert df["time"].iloc[0] == 306


def test_csv_latin1_fallback(tmp_path):
    p = tmp_path / "x.csv"
    p.write_bytes("ARM,AVAL\nPlac\xe9bo,1\n".encode("cp1252"))
    assert read_table(p)["ARM"].tolist() == ["Plac\u00e9bo"]


def test_write_is_whole_or_nothing(tmp_path, monkeypatch):
    path = tmp_path / "adtte.csv"
    write_table(frame(), path)
    before = path.read_bytes()

    def broken(self, *args, **kwargs):
        Path(args[0]).write_text("half a ta")  # a partial write, then a crash
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", broken)
    with pytest.raises(InputError, match=r"cannot write '.*adtte.csv' as CSV: disk full"):
        write_table(frame().head(1), path)
    assert path.read_bytes() == before  # the old file is intact
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adtte.csv"]  # no temporary file left


def test_written_file_has_ordinary_permissions(tmp_path):
    path = write_table(frame(), tmp_path / "a.csv")
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


# -- sas7bdat ------------------------------------------------------------------------------------------------
# pyreadstat cannot write sas7bdat and no Python package installed here ships a sas7bdat file (pandas' wheels
# leave out their test data). R's `haven` package ships one (examples/iris.sas7bdat, MIT-licensed): when it is
# installed the reader is checked on it; the dispatch and error paths are checked without it.
def _haven_iris() -> Path | None:
    candidates = [os.environ.get("TRIALSCOUT_SAS7BDAT_SAMPLE", "")]
    candidates += [f"{lib}/haven/examples/iris.sas7bdat" for lib in
                   ("/usr/lib/R/site-library", "/usr/local/lib/R/site-library", "/usr/lib/R/library")]
    for c in candidates:
        if c and Path(c).is_file():
            return Path(c)
    return None


@pytest.mark.skipif(_haven_iris() is None, reason="no sas7bdat sample file (R package haven) installed")
def test_sas7bdat_real_file():
    df = read_table(_haven_iris())
    assert df.shape == (150, 5)
    assert list(df.columns) == ["Sepal_Length", "Sepal_Width", "Petal_Length", "Petal_Width", "Species"]
    assert df["Sepal_Length"].iloc[0] == 5.1 and df["Species"].iloc[0] == "setosa"


def test_sas7bdat_dispatch_uses_pyreadstat(tmp_path, monkeypatch):
    calls = []

    def fake(path, **kwargs):
        calls.append(path)
        return pd.DataFrame({"AVAL": [1.0]}), None

    monkeypatch.setattr(pyreadstat, "read_sas7bdat", fake)
    p = tmp_path / "ADTTE.SAS7BDAT"
    p.write_bytes(b"x")
    assert read_table(p)["AVAL"].tolist() == [1.0]
    assert calls == [str(p)]


def test_sas7bdat_garbage_is_unreadable(tmp_path):
    p = tmp_path / "bad.sas7bdat"
    p.write_bytes(b"this is not a SAS data set" * 10)
    with pytest.raises(InputError, match=r"^cannot read '.*bad.sas7bdat' as SAS7BDAT: "):
        read_table(p)


def test_sas7bdat_cannot_be_written(tmp_path):
    with pytest.raises(InputError, match="sas7bdat can be read but not written"):
        write_table(frame(), tmp_path / "a.sas7bdat")


# -- errors -------------------------------------------------------------------------------------------------
def test_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"^'.*nope.csv': file not found$"):
        read_table(tmp_path / "nope.csv")


def test_name_used_in_messages(tmp_path):
    with pytest.raises(InputError, match=r"^'ADTTE': file not found$"):
        read_table(tmp_path / "nope.csv", name="ADTTE")


def test_unknown_extension(tmp_path):
    p = tmp_path / "a.xlsx"
    p.write_text("x")
    with pytest.raises(InputError, match=r"cannot read '.*a.xlsx': unknown file extension; use one of "
                                         r"\.csv, \.csv\.gz, \.parquet, \.pq, \.sas7bdat, \.xpt"):
        read_table(p)
    assert table_format("X.Sas7Bdat") == "sas7bdat"


def test_directory(tmp_path):
    d = tmp_path / "d.csv"
    d.mkdir()
    with pytest.raises(InputError, match=r"d\.csv': is a folder, not a data table$"):
        read_table(d)


@pytest.mark.parametrize("content, message", [
    (b"", r"^file '.*e.csv' is empty$"),
    (b"\n\n", r"^file '.*e.csv' is empty \(no header and no data\)$"),
    (b"AVAL,CNSR\n", r"^file '.*e.csv' has no data rows$"),
])
def test_empty_csv(tmp_path, content, message):
    p = tmp_path / "e.csv"
    p.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_table(p)


def test_empty_parquet_and_xpt(tmp_path):
    empty = pd.DataFrame({"AVAL": pd.Series([], dtype=float)})
    for name in ("e.parquet", "e.xpt"):
        write_table(empty, tmp_path / name)
        with pytest.raises(InputError, match=rf"^file '.*{name}' has no data rows$"):
            read_table(tmp_path / name)


@pytest.mark.parametrize("name, fmt", [("bad.parquet", "PARQUET"), ("bad.xpt", "XPT")])
def test_unreadable(tmp_path, name, fmt):
    p = tmp_path / name
    p.write_bytes(b"\x00\x01garbage" * 50)
    with pytest.raises(InputError, match=rf"^cannot read '.*{name}' as {fmt}: "):
        read_table(p)


def test_write_errors(tmp_path):
    with pytest.raises(InputError, match="folder .* does not exist"):
        write_table(frame(), tmp_path / "no" / "a.csv")
    with pytest.raises(InputError, match="unknown file extension"):
        write_table(frame(), tmp_path / "a.txt")
    with pytest.raises(TypeError, match="`df` must be a pandas DataFrame"):
        write_table({"a": [1]}, tmp_path / "a.csv")
    long = pd.DataFrame({"X" * 33: [1.0]})
    with pytest.raises(InputError, match="at most 32 characters"):
        write_table(long, tmp_path / "a.xpt")
    assert list(tmp_path.iterdir()) == []


def test_numeric_columns_survive_xpt(tmp_path):
    df = pd.DataFrame({"AVAL": np.linspace(0, 1, 7), "ARM": list("ABABABA")})
    write_table(df, tmp_path / "n.xpt")
    back = read_table(tmp_path / "n.xpt")
    # XPT stores IBM floating point: 1e-15 relative is far below any reported digit
    np.testing.assert_allclose(back["AVAL"], df["AVAL"], rtol=1e-15, atol=0)


def test_csv_text_na_is_a_label_but_na_in_a_number_column_is_missing(tmp_path):
    """'NA' is North America in a region column, but R's missing number in a numeric column."""
    p = tmp_path / "na.csv"
    p.write_text("REGION,AGE,ARM\nNA,50,A\nEU,NA,B\nNA,.,A\n,61,B\n")
    df = read_table(p)
    assert list(df["REGION"].iloc[:3]) == ["NA", "EU", "NA"]
    assert pd.isna(df["REGION"].iloc[3])  # an empty cell is missing
    assert df["AGE"].dtype.kind == "f"
    assert df["AGE"].isna().tolist() == [False, True, True, False]
