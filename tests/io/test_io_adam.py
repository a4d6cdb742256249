"""ADaM ADTTE columns to validated arrays (trialscout.io.select_tte)."""

import numpy as np
import pandas as pd
import pytest

from trialscout import InputError
from trialscout.io import read_table, select_tte, write_table


def adtte():
    return pd.DataFrame({
        "USUBJID": [f"S{i}" for i in range(1, 9)],
        "PARAMCD": ["PFS"] * 4 + ["OS"] * 4,
        "AVAL": [3.0, 5.5, 7.0, 2.0, 10.0, 12.0, 4.0, 8.0],
        "CNSR": [0, 1, 0, 3, 0, 0, 1, 0],
        "TRT01P": ["A", "B", "A", "B", "A", "B", "A", "B"],
        "ECOG": [0, 1, 1, 0, 0, 1, 1, 0],
        "REGION": ["EU", "EU", "US", "US", "EU", "EU", "US", "US"],
    })


def test_censor_means_event_is_cnsr_zero():
    d = select_tte(adtte(), time="AVAL", censor="CNSR", arm="TRT01P", param="PFS", source="adtte.csv")
    np.testing.assert_array_equal(d.time, [3.0, 5.5, 7.0, 2.0])
    np.testing.assert_array_equal(d.event, [True, False, True, False])  # CNSR 1 and 3 are censored
    np.testing.assert_array_equal(d.arm, ["A", "B", "A", "B"])
    np.testing.assert_array_equal(d.row, [1, 2, 3, 4])
    assert d.param == "PFS" and d.source == "adtte.csv"
    assert d.columns == (("time", "AVAL"), ("param", "PARAMCD"), ("censor", "CNSR"), ("arm", "TRT01P"))


def test_param_keeps_file_row_numbers():
    df = adtte()
    df.loc[6, "AVAL"] = -1.0  # data row 7, an OS row
    with pytest.raises(InputError, match=r"data row 7 has -1\.0 \(data rows numbered from 1 after the header\)"):
        select_tte(df, time="AVAL", censor="CNSR", arm="TRT01P", param="OS")
    d = select_tte(df, time="AVAL", censor="CNSR", arm="TRT01P", param="PFS")  # the bad row is not selected
    np.testing.assert_array_equal(d.row, [1, 2, 3, 4])


def test_event_column():
    df = adtte()
    df["EVNT"] = 1 - (df["CNSR"] > 0).astype(int)
    d = select_tte(df, time="AVAL", event="EVNT", arm="TRT01P", param="OS")
    np.testing.assert_array_equal(d.event, [True, True, False, True])


def test_strata_crossed():
    d = select_tte(adtte(), time="AVAL", censor="CNSR", arm="TRT01P", strata=["ECOG", "REGION"], param="PFS")
    np.testing.assert_array_equal(d.strata, ["ECOG=0, REGION=EU", "ECOG=1, REGION=EU", "ECOG=1, REGION=US",
                                             "ECOG=0, REGION=US"])
    d1 = select_tte(adtte(), time="AVAL", censor="CNSR", arm="TRT01P", strata="ECOG", param="PFS")
    np.testing.assert_array_equal(d1.strata, ["0", "1", "1", "0"])


def test_numeric_arm_labels_lose_the_decimal():
    df = adtte().drop(columns="PARAMCD")
    df["ARMN"] = [1.0, 2.0] * 4
    d = select_tte(df, time="AVAL", censor="CNSR", arm="ARMN")
    assert list(d.arm[:2]) == ["1", "2"]


def test_source_from_read_table(tmp_path):
    write_table(adtte(), tmp_path / "adtte.xpt")
    df = read_table(tmp_path / "adtte.xpt")
    with pytest.raises(InputError, match=r"column 'AVALX' \(`time`\) is not in '.*adtte.xpt'"):
        select_tte(df, time="AVALX", censor="CNSR", arm="TRT01P", param="PFS")


# -- errors: one message naming the column, the file and the data rows ---------------------------------------
def test_missing_column_lists_columns():
    with pytest.raises(InputError) as exc:
        select_tte(adtte(), time="AVAL", censor="CNSR", arm="ARM", param="PFS", source="adtte.csv")
    assert str(exc.value) == (
        "column 'ARM' (`arm`) is not in 'adtte.csv'; columns present: USUBJID, PARAMCD, AVAL, CNSR, TRT01P, "
        "ECOG, REGION"
    )


def test_missing_column_case_hint_and_cli_names():
    with pytest.raises(InputError, match=r"column 'aval' \(--time\) is not in 'f.csv' \(did you mean 'AVAL'\?"):
        select_tte(adtte(), time="aval", censor="CNSR", arm="TRT01P", param="PFS", source="f.csv", cli=True)


def test_unknown_param_lists_available():
    with pytest.raises(InputError, match=r"^`param` 'EFS' is not a PARAMCD value of 'the data'; available: OS, PFS$"):
        select_tte(adtte(), time="AVAL", censor="CNSR", arm="TRT01P", param="EFS")


def test_several_params_need_param():
    with pytest.raises(InputError, match=r"holds several parameters in PARAMCD \(OS, PFS\); choose one with `param`"):
        select_tte(adtte(), time="AVAL", censor="CNSR", arm="TRT01P")


def test_param_without_paramcd_column():
    with pytest.raises(InputError, match="needs a 'PARAMCD' column"):
        select_tte(adtte().drop(columns="PARAMCD"), time="AVAL", censor="CNSR", arm="TRT01P", param="PFS")


def test_negative_and_missing_times():
    df = adtte()
    df.loc[[1, 3], "AVAL"] = [-3.0, -1.0]
    with pytest.raises(InputError) as exc:
        select_tte(df, time="AVAL", censor="CNSR", arm="TRT01P", param="PFS", source="adtte.csv")
    assert str(exc.value) == ("column 'AVAL' (`time`) of 'adtte.csv' must be non-negative; data rows 2, 4 have "
                              "-3.0, -1.0 (data rows numbered from 1 after the header)")
    df.loc[2, "AVAL"] = np.nan
    with pytest.raises(InputError, match=r"has missing or infinite times; data row 3 has NaN"):
        select_tte(df, time="AVAL", censor="CNSR", arm="TRT01P", param="PFS")


def test_non_numeric_times():
    df = adtte()
    df["AVAL"] = df["AVAL"].astype(object)
    df.loc[0, "AVAL"] = "3 months"
    with pytest.raises(InputError, match=r"must be numeric; data row 1 has '3 months'"):
        select_tte(df, time="AVAL", censor="CNSR", arm="TRT01P", param="PFS")


def test_event_codes():
    df = adtte()
    df["EVNT"] = [1, 0, 2, 1, 0, 1, np.nan, 0]
    with pytest.raises(InputError, match=r"must be coded 0/1 \(1 = event observed\); data rows 3, 7 have 2\.0, NaN"):
        select_tte(df.drop(columns="PARAMCD"), time="AVAL", event="EVNT", arm="TRT01P")


def test_censor_codes():
    df = adtte()
    df["CNSR"] = [-1, 1, 0.5, 3, 0, 0, 1, 0]
    with pytest.raises(InputError, match=r"must be 0 \(event\) or a positive integer .*rows 1, 3 have -1\.0, 0\.5"):
        select_tte(df, time="AVAL", censor="CNSR", arm="TRT01P", param="PFS")


def test_missing_arm_and_strata():
    df = adtte()
    df.loc[1, "TRT01P"] = ""  # SAS writes a missing character value as blanks
    with pytest.raises(InputError, match=r"column 'TRT01P' \(`arm`\) of 'the data' has missing values; data row 2 "):
        select_tte(df, time="AVAL", censor="CNSR", arm="TRT01P", param="PFS")
    df = adtte()
    df.loc[3, "ECOG"] = np.nan
    with pytest.raises(InputError, match=r"column 'ECOG' \(`strata`\) .* missing values; data row 4 "):
        select_tte(df, time="AVAL", censor="CNSR", arm="TRT01P", strata="ECOG", param="PFS")


def test_event_and_censor_exclusive():
    with pytest.raises(InputError, match="give exactly one of `event`"):
        select_tte(adtte(), time="AVAL", arm="TRT01P", param="PFS")
    with pytest.raises(InputError, match="give exactly one of `event`"):
        select_tte(adtte(), time="AVAL", event="CNSR", censor="CNSR", arm="TRT01P", param="PFS")
