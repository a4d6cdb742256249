"""Output folders written whole or not at all, and never over the user's own files.

Every trialscout command that writes a folder (``report``, ``synthesize``, ``reconstruct``, ``demo``) goes
through :func:`output_dir`: the files are built in a hidden sibling folder and swapped in for the requested
folder once complete. The requested folder is replaced only when it does not exist, is empty, or was written by
trialscout before and holds nothing else since: every folder written here carries a marker file
(:data:`MARKER`) listing the files trialscout put in it. A folder holding any other file, or the input files of
the run (the spec, its datasets, the summary, the digitized curves), is refused before anything is computed,
and so is a folder whose permissions make it read-only.

Nothing is left behind: SIGTERM and SIGHUP during a run end it like an error (the temporary folder is deleted,
exit status 128 + the signal number); temporary folders of earlier runs that were killed outright (SIGKILL, a
power cut) are recognised by the process id recorded in them and deleted by the next run into the same folder;
and runs that finish into the same folder at the same time take turns (a lock on the parent folder), so the
last one's output is in place and no moved-aside folder remains.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import shutil
import socket
import stat
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from ._validate import InputError

__all__ = ["MARKER", "output_dir"]

MARKER = ".trialscout"
RUN_FILE = ".trialscout-run"  # in a temporary folder while it is being written: the process that owns it
_SHOW = 4  # foreign file names quoted in a refusal
_SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n))


class Terminated(SystemExit):
    """Raised in the main thread on SIGTERM or SIGHUP while an output folder is being written, so that it is
    cleaned up like after any error; the exit status is 128 + the signal number, as a shell reports it."""

    def __init__(self, signum: int):
        super().__init__(128 + signum)
        self.signum = signum


_RECEIVED: list[int] = []  # the signals turned into Terminated during the current run


def _raise_terminated(signum, frame):
    _RECEIVED.append(signum)
    raise Terminated(signum)


def _end_as_signalled(exc: BaseException) -> None:
    """After a run's clean-up: a signal whose Terminated was turned into another exception on its way up (raised
    while a C extension module was being initialised, it surfaces as ImportError and leaves that module half
    made, which can crash the interpreter's own finalisation) ends the process at once, as the signal would."""
    if _RECEIVED and not isinstance(exc, Terminated):
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # pragma: no cover - a closed stream
                pass
        os._exit(128 + _RECEIVED[-1])


@contextmanager
def _signals_end_the_run() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into :class:`Terminated` for the duration, where they would otherwise kill the
    process at once (default handler, main thread); a handler the program installed is left in place."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    _RECEIVED.clear()
    for sig in _SIGNALS:
        if signal.getsignal(sig) is not signal.SIG_DFL:
            continue  # the program has its own handler (or ignores the signal): leave it be
        try:
            previous[sig] = signal.signal(sig, _raise_terminated)
        except (ValueError, OSError):  # pragma: no cover - not allowed here
            pass
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on ``folder`` (flock on the folder itself: no lock file is left behind)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sweep(dest: Path) -> list[Path]:
    """Delete the temporary and moved-aside folders of earlier runs into ``dest`` that are trialscout's own and
    whose process is gone. Call with the parent folder locked. Returns what was deleted."""
    removed = []
    host = socket.gethostname()
    for entry in dest.parent.glob(f".{dest.name}.tmp-*"):
        if entry.is_symlink() or not entry.is_dir():
            continue
        try:
            run = json.loads((entry / RUN_FILE).read_text(encoding="utf-8"))
            pid, owner = int(run["pid"]), run["host"]
        except (OSError, ValueError, KeyError, TypeError):
            continue  # not ours, or not recognisably: leave it
        if owner == host and pid != os.getpid() and not _alive(pid):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    for entry in dest.parent.glob(f".{dest.name}.old-*"):
        # a former output moved aside by a run that died between its two renames (under the lock no live run
        # is between them)
        if not entry.is_symlink() and entry.is_dir() and _written(entry) is not None:
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _umask() -> int:
    m = os.umask(0)
    os.umask(m)
    return m


def _entries(folder: Path) -> list[str]:
    """Every file (and symbolic link) below ``folder``, as POSIX paths relative to it, the marker excepted."""
    out = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        rel = Path(root).relative_to(folder)
        out += [(rel / d).as_posix() for d in dirs if (Path(root) / d).is_symlink()]
        out += [(rel / f).as_posix() for f in files]
    return sorted(x for x in out if x != MARKER)


def _written(folder: Path) -> set[str] | None:
    """The files trialscout listed in ``folder``'s marker, or None if there is no readable marker."""
    try:
        doc = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        files = doc["files"]
        if doc.get("written_by") != "trialscout" or not all(isinstance(f, str) for f in files):
            return None
        return set(files)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _check_replaceable(dest: Path, shown: str, option: str) -> None:
    """Raise InputError unless ``dest`` is absent, empty, or holds only files trialscout wrote there."""
    if not dest.exists():
        return
    if not dest.is_dir():
        raise InputError(f"{option} {shown}: exists and is not a directory")
    mode = dest.stat().st_mode
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise InputError(f"{option} {shown}: is read-only (mode {stat.S_IMODE(mode):o}); trialscout replaces the "
                         "output folder as a whole, so make it writable or choose another folder")
    files = _entries(dest)
    if not files and not any(dest.iterdir()):
        return
    written = _written(dest)
    foreign = files if written is None else [f for f in files if f not in written]
    if written is None and not files:  # only empty sub-folders, no marker
        foreign = sorted(p.name + "/" for p in dest.iterdir())
    if foreign:
        names = ", ".join(foreign[:_SHOW]) + (", ..." if len(foreign) > _SHOW else "")
        raise InputError(f"{option} {shown}: exists and holds files trialscout did not write ({names}); "
                         "choose another folder or empty it")


@contextmanager
def output_dir(path, *, option: str = "--out", protect: Iterable = (), command: str = "trialscout") -> Iterator[Path]:
    """Write a folder whole or not at all: yield a temporary sibling folder, then swap it in for ``path``.

    Parameters
    ----------
    path : str or Path
        The folder the user asked for. Missing parent folders are created (and removed again on failure).
    option : str
        How the user named the folder, for messages (``"--out"``).
    protect : iterable of paths
        Input files of the run. ``path`` must not equal or contain any of them.
    command : str
        Recorded in the marker file (e.g. ``"trialscout report"``).

    Yields
    ------
    Path
        An empty temporary folder next to ``path``: write every output file into it.

    Raises
    ------
    InputError
        ``path`` is a file, holds files trialscout did not write, equals or contains an input file or the
        current folder. Checked on entry (before anything is computed) and again just before the swap.

    Notes
    -----
    On leaving the block normally a marker :data:`MARKER` listing the files written is added, an existing
    ``path`` is moved aside, the temporary folder is renamed to ``path`` and the old folder is deleted; if the
    rename fails the old folder is moved back. On an exception inside the block the temporary folder is
    deleted and ``path`` is left as it was. Renames within one parent folder are atomic on POSIX file systems.
    """
    shown = str(path)
    dest = Path(path).absolute()
    if dest.exists() or dest.is_symlink():
        dest = dest.resolve()
    else:
        dest = dest.parent.resolve() / dest.name
    if dest.parent == dest:
        raise InputError(f"{option} {shown}: cannot write into the root folder; choose a sub-folder")
    for p in protect:
        if p is None:
            continue
        q = Path(p).absolute().resolve()
        if q == dest or q.is_relative_to(dest):
            raise InputError(f"{option} {shown}: holds the input file {p}; trialscout replaces the output folder "
                             "as a whole, so choose another folder")
    cwd = Path.cwd().resolve()
    if cwd == dest or cwd.is_relative_to(dest):
        raise InputError(f"{option} {shown}: is (or holds) the current folder; choose another folder")
    _check_replaceable(dest, shown, option)

    created = []  # parent folders made here, removed again on failure
    parent = dest.parent
    while not parent.exists():
        created.append(parent)
        parent = parent.parent
    if created:
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"{option} {shown}: cannot create the folder {dest.parent}: {exc.strerror}") from None
    elif not dest.parent.is_dir():
        raise InputError(f"{option} {shown}: {dest.parent} is not a directory")
    with _signals_end_the_run():
        with _locked(dest.parent):
            _sweep(dest)
        try:
            tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-", dir=dest.parent))
            (tmp / RUN_FILE).write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname()}) + "\n",
                                        encoding="utf-8")
        except OSError as exc:
            _remove_created(created)
            raise InputError(f"{option} {shown}: cannot write in {dest.parent}: {exc.strerror}") from None
        try:
            yield tmp
            (tmp / RUN_FILE).unlink(missing_ok=True)
            (tmp / MARKER).write_text(json.dumps(
                {"written_by": "trialscout", "command": command,
                 "note": "trialscout replaces this folder as a whole when it writes here again; it refuses to if "
                         "the folder holds files not listed below",
                 "files": _entries(tmp)}, indent=1) + "\n", encoding="utf-8")
            os.chmod(tmp, 0o777 & ~_umask())
            with _locked(dest.parent):  # runs finishing into the same folder at once take turns
                _check_replaceable(dest, shown, option)  # files may have appeared while the outputs were computed
                _swap(tmp, dest)
        except BaseException as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            _remove_created(created)
            _end_as_signalled(exc)
            raise


def _remove_created(created: list[Path]) -> None:
    for d in created:  # innermost first
        try:
            d.rmdir()
        except OSError:
            break


def _swap(new: Path, dest: Path) -> None:
    """Rename ``new`` to ``dest``; an existing ``dest`` is moved aside first and deleted once ``new`` is in."""
    if not dest.exists():
        os.replace(new, dest)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old-", dir=dest.parent))
    os.rmdir(old)
    os.replace(dest, old)
    try:
        os.replace(new, dest)
    except BaseException:
        os.replace(old, dest)
        raise
    shutil.rmtree(old, ignore_errors=True)
