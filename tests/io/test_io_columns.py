"""Reading only named columns with the narrowest types (read_table columns=, kinds=), in every format."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from trialscout._validate import InputError
from trialscout.io import read_table, select_tte, table_columns, write_table

KINDS = {"AVAL": "float", "CNSR": "int", "TRT01P": "category", "PARAMCD": "category"}


def adtte(n: int = 3000) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    return pd.DataFrame({
        "STUDYID": "TS-001",
        "USUBJID": [f"TS-001-{i:06d}" for i in range(n)],
        "PARAMCD": np.where(np.arange(n) % 2 == 0, "OS", "PFS"),
        "PARAM": np.where(np.arange(n) % 2 == 0, "Overall survival", "Progression-free survival"),
        "AVAL": np.round(rng.exponential(12, n), 3),
        "CNSR": (rng.random(n) < 0.4).astype(np.int64),
        "TRT01P": np.where(rng.random(n) < 0.5, "Placebo", "Drug 10 mg"),
        "EVNTDESC": "Death or progression as assessed by the investigator",
    })


@pytest.mark.parametrize("ext", ["csv", "csv.gz", "parquet", "xpt"])
def test_named_columns_with_narrow_types(tmp_path, ext):
    full_df = adtte()
    path = write_table(full_df, tmp_path / f"adtte.{ext}")
    cols = ["AVAL", "CNSR", "TRT01P", "PARAMCD"]
    assert table_columns(path) == list(full_df.columns)
    narrow = read_table(path, columns=cols, kinds=KINDS)
    full = read_table(path)
    assert list(narrow.columns) == cols
    assert narrow["AVAL"].dtype == np.float64 and narrow["CNSR"].dtype == np.int8
    assert isinstance(narrow["TRT01P"].dtype, pd.CategoricalDtype)
    assert isinstance(narrow["PARAMCD"].dtype, pd.CategoricalDtype)
    np.testing.assert_array_equal(narrow["AVAL"], full["AVAL"])
    np.testing.assert_array_equal(narrow["CNSR"], full["CNSR"])
    assert list(narrow["TRT01P"].astype(str)) == list(full["TRT01P"].astype(str))
    # the narrow frame is a fraction of the whole one (string objects are ~60 bytes a row, codes 1 byte)
    assert narrow.memory_usage(deep=True).sum() < 0.2 * full.memory_usage(deep=True).sum()
    # select_tte reads the categoricals as it reads text
    a = select_tte(narrow, time="AVAL", censor="CNSR", arm="TRT01P", param="OS")
    b = select_tte(full, time="AVAL", censor="CNSR", arm="TRT01P", param="OS")
    np.testing.assert_array_equal(a.time, b.time)
    np.testing.assert_array_equal(a.event, b.event)
    np.testing.assert_array_equal(a.arm, b.arm)
    np.testing.assert_array_equal(a.row, b.row)


def test_int_kind_keeps_floats_when_values_are_missing_or_fractional(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("A,B,C\n1,0.5,0\n,1.5,1\n3,2,1\n", encoding="utf-8")
    d = read_table(p, columns=["A", "B", "C"], kinds={"A": "int", "B": "int", "C": "int"})
    assert d["A"].dtype == np.float64 and np.isnan(d["A"][1])  # a missing value: NaN, not a made-up integer
    assert d["B"].dtype == np.float64 and d["C"].dtype == np.int8


def test_missing_numeric_tokens_and_blank_categories(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("AVAL,CNSR,ARM\n1.5,0,A\nNA,1,B\n3,0,\n", encoding="utf-8")
    d = read_table(p, columns=["AVAL", "ARM", "CNSR"], kinds={"AVAL": "float", "ARM": "category"})
    assert d["AVAL"].isna().tolist() == [False, True, False]
    with pytest.raises(InputError, match=r"column 'AVAL' \(`time`\) of '.*d\.csv' has missing or infinite times"):
        select_tte(d, time="AVAL", censor="CNSR", arm="ARM")
    d2 = d.iloc[[0, 2]].reset_index(drop=True)
    with pytest.raises(InputError, match=r"column 'ARM' \(`arm`\) of .* has missing values"):
        select_tte(d2.assign(AVAL=[1.0, 2.0]), time="AVAL", censor="CNSR", arm="ARM", source="d.csv")


@pytest.mark.parametrize("ext", ["csv", "parquet", "xpt"])
def test_requests_that_cannot_be_met(tmp_path, ext):
    path = write_table(adtte(10), tmp_path / f"adtte.{ext}")
    with pytest.raises(InputError, match=rf"column 'TRTP' is not in '.*adtte\.{ext}'; columns present: STUDYID"):
        read_table(path, columns=["AVAL", "TRTP"])
    with pytest.raises(InputError, match=r"`kinds`: 'AVAL' must be one of float, category, int; got 'double'"):
        read_table(path, columns=["AVAL"], kinds={"AVAL": "double"})
    with pytest.raises(InputError, match=r"`kinds` names column 'CNSR', which `columns` does not"):
        read_table(path, columns=["AVAL"], kinds={"CNSR": "int"})
    with pytest.raises(InputError, match=r"`columns` must be a list of column names; got 'AVAL'"):
        read_table(path, columns="AVAL")


def test_sas7bdat_named_columns():
    # tests/io/data/iris.sas7bdat: Fisher's iris data as a SAS data set (the example file of the R package haven)
    from pathlib import Path

    f = Path(__file__).resolve().parent / "data" / "iris.sas7bdat"
    full = read_table(f)
    assert full.shape == (150, 5) and table_columns(f) == list(full.columns)
    narrow = read_table(f, columns=["Species", "Petal_Length"], kinds={"Species": "category",
                                                                       "Petal_Length": "float"})
    assert list(narrow.columns) == ["Species", "Petal_Length"]
    assert list(narrow["Species"].cat.categories) == sorted(set(full["Species"])) and len(set(full["Species"])) == 3
    np.testing.assert_array_equal(narrow["Petal_Length"], full["Petal_Length"])
    with pytest.raises(InputError, match=r"column 'species' is not in '.*iris\.sas7bdat'"):
        read_table(f, columns=["species"])
    # a sas7bdat file cut short: its header promises more rows than it holds
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        cut = Path(d) / "cut.sas7bdat"
        data = f.read_bytes()
        cut.write_bytes(data[: len(data) // 2])
        with pytest.raises(InputError, match=r"cut\.sas7bdat"):
            read_table(cut)
