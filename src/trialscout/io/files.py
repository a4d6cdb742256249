"""Input files read safely: one regular file, of bounded size, as bytes, UTF-8 text, TOML or JSON.

Every reader of a user's file (a trial spec, a published summary, a design, a digitized curve, a data table)
checks it here, so that each problem reads the same wherever it happens. Each message starts with ``label``
(the path by default; e.g. ``"trial spec spec.toml"``) and says what is wrong:

- ``file not found``; ``cannot read the <what>: <reason>`` (permission, a symlink loop, a path through a file);
- ``is a folder, not a <what>``; ``is not a regular file (a pipe or device?); give the <what> as a file``
  (a FIFO or a device such as ``/dev/zero`` never ends);
- ``<n> bytes is too large for a <what> (at most <max>)``, checked before reading and again on the bytes read;
- ``not UTF-8 text (byte 0x.. on line <k>); save the file as UTF-8``;
- ``not valid TOML: ...`` / ``not valid JSON: ...``.
"""

from __future__ import annotations

import json
import os
import stat
import tomllib

from .._validate import InputError

__all__ = ["check_input_file", "read_input_bytes", "utf8_text", "read_toml", "read_json"]


def _cannot(label: str, what: str, exc: OSError) -> InputError:
    return InputError(f"{label}: cannot read the {what}: {exc.strerror or exc}")


def check_input_file(path: str | os.PathLike, what: str, *, label: str | None = None) -> os.stat_result:
    """``path``'s status if it is a regular file (following links); else :class:`InputError`.

    Parameters
    ----------
    path : path
    what : str
        What the file should be, for the messages: "trial spec", "curve file", "data table".
    label : str, optional
        How the messages name the file (default: the path).
    """
    label = str(path) if label is None else label
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{label}: file not found") from None
    except OSError as exc:  # a symlink loop (ELOOP), a path through a file (ENOTDIR), permission
        raise _cannot(label, what, exc) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{label}: is a folder, not a {what}")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{label}: is not a regular file (a pipe or device?); give the {what} as a file")
    return st


def read_input_bytes(path: str | os.PathLike, what: str, *, max_bytes: int, label: str | None = None) -> bytes:
    """The bytes of the regular file ``path``, at most ``max_bytes`` of them (see :func:`check_input_file`)."""
    label = str(path) if label is None else label
    st = check_input_file(path, what, label=label)
    if st.st_size > max_bytes:
        raise InputError(f"{label}: {st.st_size:,} bytes is too large for a {what} (at most {max_bytes:,})")
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise _cannot(label, what, exc) from None
    if len(data) > max_bytes:  # it grew since, or its size was not told
        raise InputError(f"{label}: too large for a {what} (at most {max_bytes:,} bytes)")
    return data


def utf8_text(data: bytes, label: str) -> str:
    """``data`` decoded as UTF-8 (a leading byte-order mark dropped); the first bad byte and its line named."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{label}: not UTF-8 text (byte 0x{data[exc.start]:02X} on line {line}); save the file as "
                         "UTF-8") from None


def _parsed(path, what: str, max_bytes: int, label: str | None, parse, error: type[Exception], kind: str):
    label = str(path) if label is None else label
    text = utf8_text(read_input_bytes(path, what, max_bytes=max_bytes, label=label), label)
    try:
        return parse(text)
    except error as exc:
        raise InputError(f"{label}: not valid {kind}: {exc}") from None


def read_toml(path: str | os.PathLike, what: str, *, max_bytes: int, label: str | None = None) -> dict:
    """The parsed TOML of the UTF-8 text file ``path`` (see :func:`read_input_bytes`)."""
    return _parsed(path, what, max_bytes, label, tomllib.loads, tomllib.TOMLDecodeError, "TOML")


def read_json(path: str | os.PathLike, what: str, *, max_bytes: int, label: str | None = None):
    """The parsed JSON of the UTF-8 text file ``path`` (see :func:`read_input_bytes`)."""
    return _parsed(path, what, max_bytes, label, json.loads, json.JSONDecodeError, "JSON")
