"""The shared whole-or-nothing output folder (trialscout._output.output_dir): never over the user's files."""

from __future__ import annotations

import json
import os

import pytest

from trialscout import InputError
from trialscout._output import MARKER, output_dir
from _helpers import tree


def _write(folder, names=("a.txt", "sub/b.txt"), text="new"):
    for n in names:
        (folder / n).parent.mkdir(parents=True, exist_ok=True)
        (folder / n).write_text(text)


def test_new_folder_written_whole_with_marker(tmp_path):
    out = tmp_path / "out"
    with output_dir(out, command="trialscout test") as tmp:
        assert tmp.parent == tmp_path and tmp.name.startswith(".out.tmp-") and not out.exists()
        _write(tmp)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    marker = json.loads((out / MARKER).read_text())
    assert marker["written_by"] == "trialscout" and marker["command"] == "trialscout test"
    assert marker["files"] == ["a.txt", "sub/b.txt"]
    assert (out / "sub" / "b.txt").read_text() == "new"
    assert oct(out.stat().st_mode & 0o777) == oct(0o777 & ~_umask())  # not mkdtemp's private 0o700


def _umask():
    m = os.umask(0)
    os.umask(m)
    return m


def test_missing_parents_created_and_removed_on_failure(tmp_path):
    with output_dir(tmp_path / "x" / "y" / "out") as tmp:
        _write(tmp)
    assert (tmp_path / "x" / "y" / "out" / "a.txt").is_file()
    with pytest.raises(RuntimeError):
        with output_dir(tmp_path / "p" / "q" / "out") as tmp:
            raise RuntimeError("boom")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x"]


def test_own_folder_replaced_whole(tmp_path):
    out = tmp_path / "out"
    with output_dir(out) as tmp:
        _write(tmp, ("old.txt", "a.txt"), "old")
    with output_dir(out) as tmp:
        _write(tmp)
    assert tree(out).keys() == {MARKER, "a.txt", "sub/b.txt"}  # old.txt (ours) gone, not merged
    assert (out / "a.txt").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temp or old folder left


def test_empty_folder_accepted(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with output_dir(out) as tmp:
        _write(tmp)
    assert (out / "a.txt").read_text() == "new"


@pytest.mark.parametrize("case", ["foreign", "foreign-added-to-ours", "corrupt-marker", "empty-subfolder"])
def test_foreign_folder_refused_and_untouched(tmp_path, case):
    out = tmp_path / "out"
    if case == "foreign":
        _write(out.parent / "out", ("spec.toml", "adsl.csv", "adtte.csv", "x/adrs.csv", "adae.csv"), "user")
    elif case == "foreign-added-to-ours":
        with output_dir(out) as tmp:
            _write(tmp)
        (out / "sub" / "notes.tex").write_text("user")
    elif case == "corrupt-marker":
        _write(out, ("a.txt",), "user")
        (out / MARKER).write_text("not json")
    else:
        (out / "empty").mkdir(parents=True)
    before = tree(out)
    with pytest.raises(InputError) as err:
        with output_dir(out) as tmp:
            _write(tmp)
    msg = str(err.value)
    assert msg.startswith(f"--out {out}: exists and holds files trialscout did not write (")
    assert msg.endswith("); choose another folder or empty it")
    if case == "foreign":
        assert "(adae.csv, adsl.csv, adtte.csv, spec.toml, ...)" in msg  # at most four names, then "..."
    elif case == "foreign-added-to-ours":
        assert "(sub/notes.tex)" in msg
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_files_added_during_the_run_are_not_deleted(tmp_path):
    out = tmp_path / "out"
    with output_dir(out) as tmp:
        _write(tmp)
    with pytest.raises(InputError, match=r"did not write \(mine\.txt\)"):
        with output_dir(out) as tmp:
            _write(tmp)
            (out / "mine.txt").write_text("user")  # the user saves a file while the report runs
    assert (out / "mine.txt").read_text() == "user" and (out / "a.txt").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_output_is_a_file(tmp_path):
    f = tmp_path / "out"
    f.write_text("x")
    with pytest.raises(InputError, match=r"--out .*out: exists and is not a directory"):
        with output_dir(f):
            pass
    assert f.read_text() == "x"


@pytest.mark.parametrize("where", ["inside", "deep", "equal"])
def test_folder_holding_an_input_refused(tmp_path, where):
    out = tmp_path / "out"
    out.mkdir()
    spec = {"inside": out / "spec.toml", "deep": out / "d" / "adsl.csv", "equal": out}[where]
    if where != "equal":
        spec.parent.mkdir(exist_ok=True)
        spec.write_text("x")
    # even a folder trialscout wrote is refused when it holds an input (report SPEC --out <spec's folder>)
    (out / MARKER).write_text(json.dumps({"written_by": "trialscout", "files": ["spec.toml", "d/adsl.csv"]}))
    before = tree(out)
    with pytest.raises(InputError, match=r"--data .*out: holds the input file .*; trialscout replaces the output "
                                         r"folder as a whole, so choose another folder"):
        with output_dir(out, option="--data", protect=[None, tmp_path / "other.csv", spec]):
            pass
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_relative_paths_and_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.csv").write_text("x")
    with pytest.raises(InputError, match="holds the input file in.csv"):
        with output_dir(".", protect=["in.csv"]):
            pass
    (tmp_path / "in.csv").unlink()
    with pytest.raises(InputError, match=r"--out \.: is \(or holds\) the current folder"):
        with output_dir("."):
            pass
    with output_dir("rel") as tmp:
        _write(tmp)
    assert (tmp_path / "rel" / "a.txt").is_file()


def test_error_midway_leaves_folder_untouched(tmp_path):
    out = tmp_path / "out"
    with output_dir(out) as tmp:
        _write(tmp, text="first")
    before = tree(out)
    with pytest.raises(KeyboardInterrupt):
        with output_dir(out) as tmp:
            _write(tmp, text="second")
            raise KeyboardInterrupt
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_failed_swap_restores_the_old_folder(tmp_path, monkeypatch):
    import trialscout._output as mod

    out = tmp_path / "out"
    with output_dir(out) as tmp:
        _write(tmp, text="first")
    before = tree(out)
    real = os.replace
    calls = []

    def flaky(src, dst):
        calls.append((src, dst))
        if len(calls) == 2:  # the move of the new folder into place
            raise OSError("disk gone")
        return real(src, dst)

    monkeypatch.setattr(mod.os, "replace", flaky)
    with pytest.raises(OSError, match="disk gone"):
        with output_dir(out) as tmp:
            _write(tmp, text="second")
    assert len(calls) == 3  # moved aside, failed, moved back
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_signal_turned_into_another_error_ends_the_process_as_the_signal_would(tmp_path, monkeypatch):
    # SIGTERM arriving while a C extension is being imported surfaces as ImportError ("initialization failed"):
    # the temporary folder is removed and the process ends at once with 128 + the signal, not with a traceback
    import signal

    from trialscout import _output

    ended = []

    def fake_exit(code):
        ended.append(code)
        raise SystemExit(code)

    monkeypatch.setattr(_output.os, "_exit", fake_exit)
    out = tmp_path / "out"
    with pytest.raises(SystemExit):
        with output_dir(out, command="trialscout test") as tmp:
            _write(tmp)
            try:
                _output._raise_terminated(signal.SIGTERM, None)
            except _output.Terminated:
                raise ImportError("initialization failed") from None
    assert ended == [128 + signal.SIGTERM]
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_an_error_with_no_signal_is_raised_as_it_is(tmp_path, monkeypatch):
    from trialscout import _output

    monkeypatch.setattr(_output.os, "_exit", lambda code: pytest.fail("no signal was received"))
    with pytest.raises(ImportError):
        with output_dir(tmp_path / "out", command="trialscout test"):
            raise ImportError("a real one")
    assert sorted(p.name for p in tmp_path.iterdir()) == []
