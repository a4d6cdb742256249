"""The `re` functions the scout's readers call, with a larger cache of compiled patterns.

The readers write their patterns inline (``re.search(r"...", text)``), well over a thousand distinct ones with the
arm names a report brings; the standard library keeps only the last 512 compiled, so a report's sentences
recompiled patterns over and over (profiled: most of the reading time). Patterns here are compiled once and kept
in a cache of 8,192 (emptied when full), enough for every fixed pattern and the name-built ones of many reports.
"""

from __future__ import annotations

import re as _std
from typing import Any, Callable, Iterator

Match = _std.Match
Pattern = _std.Pattern
I = IGNORECASE = _std.I
S = DOTALL = _std.S
M = MULTILINE = _std.M
X = VERBOSE = _std.X
escape = _std.escape
error = _std.error

__all__ = ["compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer", "escape",
           "Match", "Pattern", "I", "IGNORECASE", "S", "DOTALL", "M", "MULTILINE", "X", "VERBOSE", "error"]


# (pattern, flags) -> compiled; a compiled pattern maps to itself. Emptied when full, so name-built patterns of
# many reports cannot grow it without bound.
_CACHE: dict = {}
_CACHE_MAX = 8192


def _new(pattern: Any, flags: Any) -> _std.Pattern:
    rx = pattern if isinstance(pattern, _std.Pattern) else _std.compile(pattern, flags)
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[pattern, flags] = rx
    return rx


def compile(pattern: Any, flags: Any = 0) -> _std.Pattern:  # noqa: A001 - the name `re` gives it
    try:
        return _CACHE[pattern, flags]
    except KeyError:
        return _new(pattern, flags)


def search(pattern: Any, string: str, flags: Any = 0) -> _std.Match | None:
    try:
        rx = _CACHE[pattern, flags]
    except KeyError:
        rx = _new(pattern, flags)
    return rx.search(string)


def match(pattern: Any, string: str, flags: Any = 0) -> _std.Match | None:
    try:
        rx = _CACHE[pattern, flags]
    except KeyError:
        rx = _new(pattern, flags)
    return rx.match(string)


def fullmatch(pattern: Any, string: str, flags: Any = 0) -> _std.Match | None:
    try:
        rx = _CACHE[pattern, flags]
    except KeyError:
        rx = _new(pattern, flags)
    return rx.fullmatch(string)


def sub(pattern: Any, repl: str | Callable[[_std.Match], str], string: str, count: int = 0, flags: Any = 0) -> str:
    return compile(pattern, flags).sub(repl, string, count)


def subn(pattern: Any, repl: str | Callable[[_std.Match], str], string: str, count: int = 0,
         flags: Any = 0) -> tuple[str, int]:
    return compile(pattern, flags).subn(repl, string, count)


def split(pattern: Any, string: str, maxsplit: int = 0, flags: Any = 0) -> list:
    return compile(pattern, flags).split(string, maxsplit)


def findall(pattern: Any, string: str, flags: Any = 0) -> list:
    return compile(pattern, flags).findall(string)


def finditer(pattern: Any, string: str, flags: Any = 0) -> Iterator[_std.Match]:
    return compile(pattern, flags).finditer(string)
