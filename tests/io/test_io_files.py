"""trialscout.io.files: one set of checks and messages for every input file a user gives."""

from __future__ import annotations

import os

import pytest

from trialscout import InputError
from trialscout.design.spec import read_design_file
from trialscout.extrapolate.psm import read_psm_spec
from trialscout.io.files import check_input_file, read_input_bytes, read_json, read_toml, utf8_text


def test_missing_folder_pipe_device_and_loop(tmp_path):
    with pytest.raises(InputError, match=r"^.*nope\.toml: file not found$"):
        check_input_file(tmp_path / "nope.toml", "spec")
    with pytest.raises(InputError, match=r": is a folder, not a spec$"):
        check_input_file(tmp_path, "spec")
    fifo = tmp_path / "p.toml"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=r"p\.toml: is not a regular file \(a pipe or device\?\); give the spec as a "
                                         r"file$"):
        read_input_bytes(fifo, "spec", max_bytes=10)  # does not hang
    with pytest.raises(InputError, match=r"^/dev/zero: is not a regular file"):
        read_input_bytes("/dev/zero", "spec", max_bytes=10)
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    with pytest.raises(InputError, match=r"loop\.toml: cannot read the spec: .*symbolic links"):
        check_input_file(loop, "spec")


def test_label_names_the_file_in_every_message(tmp_path):
    with pytest.raises(InputError, match=r"^trial spec X: file not found$"):
        read_toml(tmp_path / "x.toml", "trial spec", max_bytes=10, label="trial spec X")


def test_size_limit(tmp_path):
    p = tmp_path / "big.toml"
    p.write_bytes(b"#" * 12_345)
    with pytest.raises(InputError, match=r"big\.toml: 12,345 bytes is too large for a spec \(at most 12,000\)$"):
        read_input_bytes(p, "spec", max_bytes=12_000)
    assert read_input_bytes(p, "spec", max_bytes=12_345) == b"#" * 12_345


def test_text_toml_and_json(tmp_path):
    with pytest.raises(InputError, match=r"^f: not UTF-8 text \(byte 0xE9 on line 2\); save the file as UTF-8$"):
        utf8_text(b"a = 1\nb = '\xe9'\n", "f")
    assert utf8_text("\ufeffa = 1".encode(), "f") == "a = 1"  # a byte-order mark is dropped
    t = tmp_path / "a.toml"
    t.write_text("a = 1\n[b]\nc = 'x'\n", encoding="utf-8")
    assert read_toml(t, "spec", max_bytes=100) == {"a": 1, "b": {"c": "x"}}
    t.write_text("a = \n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.toml: not valid TOML: "):
        read_toml(t, "spec", max_bytes=100)
    j = tmp_path / "a.json"
    j.write_text('{"a": [1, 2]}', encoding="utf-8")
    assert read_json(j, "design", max_bytes=100) == {"a": [1, 2]}
    j.write_text('{"a": ', encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.json: not valid JSON: "):
        read_json(j, "design", max_bytes=100)


def test_design_and_psm_files_are_checked(tmp_path):
    with pytest.raises(InputError, match=r"d\.json: file not found$"):
        read_design_file(tmp_path / "d.json")
    with pytest.raises(InputError, match=r": is a folder, not a design file$"):
        read_design_file(tmp_path)
    bad = tmp_path / "d.toml"
    bad.write_bytes(b"alpha = '\xff'\n")
    with pytest.raises(InputError, match=r"d\.toml: not UTF-8 text \(byte 0xFF on line 1\)"):
        read_design_file(bad)
    with pytest.raises(InputError, match=r"psm\.toml: file not found$"):
        read_psm_spec(tmp_path / "psm.toml")
    p = tmp_path / "psm2.toml"
    p.write_text("[model\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"psm2\.toml: not valid TOML: "):
        read_psm_spec(p)


def test_life_table_is_checked_before_it_is_parsed():
    from trialscout.extrapolate.lifetable import read_life_table

    with pytest.raises(InputError, match=r"^life table /dev/zero: is not a regular file"):
        read_life_table("/dev/zero")  # does not hang
