"""response_table: per-subject data to counts per arm and stratum, and its input checks."""

import numpy as np
import pandas as pd
import pytest

from trialscout._validate import InputError
from trialscout.binary import ResponseTable, response_table


def test_counts_by_hand():
    resp = [1, 0, 1, 1, 0, 0, 1, 1]
    grp = ["A", "A", "A", "B", "B", "B", "A", "B"]
    st = ["x", "x", "y", "y", "x", "y", "y", "x"]
    t = response_table(resp, grp, strata=st, treated="A", control="B")
    assert isinstance(t, ResponseTable)
    assert list(t.strata) == ["x", "y"]
    # stratum x: A rows 0, 1 (1, 0); B rows 4, 7 (0, 1). stratum y: A rows 2, 6 (1, 1); B rows 3, 5 (1, 0).
    assert t.x1.tolist() == [1, 2] and t.n1.tolist() == [2, 2]
    assert t.x0.tolist() == [1, 1] and t.n0.tolist() == [2, 2]
    assert t.counts[0] is t.x1
    arr = t.as_array()
    assert arr.shape == (2, 2, 2)
    assert arr[1].tolist() == [[2, 0], [1, 1]]


def test_unstratified_bool_and_third_arm_left_out():
    resp = np.array([True, False, True, True, False, True])
    grp = np.array([1, 1, 2, 2, 3, 3])  # arm 3 is neither treated nor control
    t = response_table(resp, grp, treated=1, control=2)
    assert t.n_strata == 1 and t.strata[0] is None
    assert (t.x1[0], t.n1[0], t.x0[0], t.n0[0]) == (1, 2, 2, 2)


def test_pandas_input_and_stratum_missing_an_arm():
    df = pd.DataFrame({"r": [1, 0, 1, 0, 1], "g": ["T", "C", "T", "T", "T"], "s": [1, 1, 2, 2, 2]})
    t = response_table(df["r"], df["g"], strata=df["s"], treated="T", control="C")
    assert t.n0.tolist() == [1, 0]
    assert t.x1.tolist() == [1, 2] and t.n1.tolist() == [1, 3]


AB = ["a", "b", "a"]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"response": [1, 2, 0], "group": AB},
         "`response` must be coded 0/1 or True/False (1 = responder); row 1 has 2"),
        ({"response": [1, np.nan, 0], "group": AB}, "row 1 has NaN"),
        ({"response": [1, 0], "group": AB},
         "inputs must have the same length; `response` has 2, `group` has 3"),
        ({"response": [1, 0, 0], "group": ["a", None, "b"]}, "`group` has missing values; row 1"),
        ({"response": [1, 0, 0], "group": AB, "treated": "z"}, "`treated` label 'z' does not occur in `group`"),
        ({"response": [1, 0, 0], "group": AB, "control": "a"}, "`treated` and `control` must differ"),
        ({"response": [1, 0, 0], "group": AB, "strata": [1, 2]}, "`strata` has 2"),
        ({"response": [1, 0, 0], "group": AB, "strata": [1.0, np.nan, 2.0]},
         "`strata` has missing values; row 1"),
        ({"response": [], "group": []}, "`response` is empty"),
    ],
)
def test_input_errors(kwargs, message):
    args = {"treated": "a", "control": "b", **kwargs}
    with pytest.raises(InputError) as info:
        response_table(**args)
    assert message in str(info.value)


def test_type_errors():
    with pytest.raises(TypeError, match="`response` must be an array"):
        response_table(1, ["a"], treated="a", control="b")
    with pytest.raises(TypeError):
        response_table([1, 0], None, treated="a", control="b")
