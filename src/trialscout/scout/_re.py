"""The `re` functions the scout's readers call, with a larger cache of compiled patterns.

The readers write their patterns inline (``re.search(r"...", text)``), well over a thousand distinct ones with the
arm names a report brings; the standard library keeps only the last 512 compiled, so a report's sentences
recompiled patterns over and over (profiled: most of the reading time). Patterns here are compiled once and kept
in a bounded cache of 8,192, enough for every fixed pattern and the name-built ones of many reports.
"""

from __future__ import annotations

import re as _std
from functools import lru_cache
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


@lru_cache(maxsize=8192)
def _compiled(pattern: str, flags: int) -> _std.Pattern:
    return _std.compile(pattern, flags)


def compile(pattern: Any, flags: Any = 0) -> _std.Pattern:  # noqa: A001 - the name `re` gives it
    if isinstance(pattern, _std.Pattern):
        return pattern
    return _compiled(pattern, int(flags))


def search(pattern: Any, string: str, flags: Any = 0) -> _std.Match | None:
    return compile(pattern, flags).search(string)


def match(pattern: Any, string: str, flags: Any = 0) -> _std.Match | None:
    return compile(pattern, flags).match(string)


def fullmatch(pattern: Any, string: str, flags: Any = 0) -> _std.Match | None:
    return compile(pattern, flags).fullmatch(string)


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
