"""A report's text: read from a file (plain text, HTML, PDF), normalized, and cut into sentences.

Normalization maps characters one to one (dashes to "-", thin and no-break spaces to " ", a middle dot between
digits to ".", a month abbreviated "m" or "mo." after a figure to "mo": "3.5 m (A)" -> "3.5mo (A)", "12.1 mo. (95%
CI" -> "12.1 mo  (95% CI"; a space or dash garbled by a wrong code page to as many characters), so a character
span in the normalized text is the same span in the text as read.
"""

from __future__ import annotations

import html
from . import _re as re
from functools import lru_cache
from dataclasses import dataclass
from pathlib import Path

from .._validate import InputError

__all__ = ["read_report", "decode_report", "normalize", "Sentence", "sentences"]

# one-to-one character replacements (same length, so spans stay valid)
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe63\uff0d"
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"
_TRANS = {ord(c): "-" for c in _DASHES} | {ord(c): " " for c in _SPACES} | {
    ord("\u2018"): "'", ord("\u2019"): "'", ord("\u201c"): '"', ord("\u201d"): '"', ord("\u2264"): "\u2264",
    ord("\u00d7"): "x", ord("\u200b"): " ", ord("\ufeff"): " ",
}
_MIDDOT = re.compile(r"(?<=\d)[\u00b7\u2219\u22c5](?=\d)")
# what follows a figure's unit in a list of results: a bracket, a comparison, the arm's preposition
_AFTER_UNIT = r"(?=\s*(?:[(\[,;)\]]|(?:vs|versus|and|or|with|for|in|on|compared)\b|v\.))"
# "3.5 m (B+E) vs. 4.0 m (E)": a lone "m" after a figure (not of money, "$3.5 m", nor metres, "1.5 m2") is months
_M_MONTHS = re.compile(r"(?<![$\u20ac\u00a3\d.,])(\d+(?:\.\d+)?) m(?![\w\u00b2\u00b3/.])" + _AFTER_UNIT)
# "12.1 mo. (95% CI ...)": the abbreviation's full stop ends no sentence
_MO_STOP = re.compile(r"(?<=\d)(\s?mos?)\." + _AFTER_UNIT)


# UTF-8 read as a Windows code page (cp1252, cp1250, cp1257): the three bytes of a thin, narrow no-break, hair or
# other fixed-width space (U+2002-U+200A, U+202F) became three characters ("P\u0101\u20ac\u2030=" for "P\u2009="),
# a no-break space two ("\u00c2\u00a0"), an en or em dash three ("\u00e2\u20ac\u201c"); each becomes as many
# spaces (a dash: a space, "-", a space)
_MOJIBAKE_SPACE = re.compile("[\u00e2\u0101]\u20ac[\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u00af\u00c6\u017b]|"
                             "\u00c2(?=\u00a0)")
_MOJIBAKE_DASH = re.compile("[\u00e2\u0101]\u20ac[\u201c\u201d]")


def normalize(text: str) -> str:
    """Same-length normalization of dashes, spaces, quotes, decimal middle dots and month abbreviations (see
    module docstring), and of spaces and dashes garbled by a wrong code page."""
    if "\u20ac" in text or "\u00c2" in text:
        text = _MOJIBAKE_SPACE.sub(lambda m: " " * len(m.group()), text)
        text = _MOJIBAKE_DASH.sub(" - ", text)
    out = _MIDDOT.sub(".", text.translate(_TRANS))
    if " m" in out:
        out = _M_MONTHS.sub(r"\1mo", out)
        out = _MO_STOP.sub(r"\1 ", out)
    return out


# -- reading ----------------------------------------------------------------------------------------------
_TAG_BLOCK = re.compile(r"<(script|style|head|noscript)\b.*?</\1\s*>", re.S | re.I)
_TAG_BREAK = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6]|/tr|p|div|li|h[1-6]|tr)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_HTML_HINT = re.compile(r"<\s*(?:html|body|p|div|span|br|table|!doctype)\b", re.I)


_CELL = re.compile(r"<t([dh])\b([^>]*)>(.*?)(?:</t\1\s*>|(?=<t[dh]\b|</?tr\b|</?table\b))", re.S | re.I)
_COLSPAN = re.compile(r"colspan\s*=\s*[\"']?(\d+)", re.I)
_ROW_OPEN = re.compile(r"<tr\b[^>]*>", re.I)


def _cell(m: re.Match) -> str:
    """One table cell as "content |" (a cell spanning k columns gets k-1 empty cells after it), on one line."""
    span = _COLSPAN.search(m.group(2))
    k = min(int(span.group(1)), 20) if span else 1
    content = re.sub(r"\s+", " ", _TAG.sub(" ", m.group(3))).strip()
    return f" {content} |" + " |" * max(k - 1, 0)


def _html_tables(text: str) -> str:
    """Rows of HTML tables as pipe rows ("| a | b |"), so that a cell's boundary survives the tags' removal
    ("Median PFS" and "9.4" in two cells do not become "Median PFS9.4")."""
    if not re.search(r"<t[dh]\b", text, re.I):
        return text
    text = _CELL.sub(_cell, text)
    return _ROW_OPEN.sub("\n|", text)


def _strip_html(raw: str) -> str:
    text = _TAG_BLOCK.sub(" ", raw)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = _html_tables(text)
    text = _TAG_BREAK.sub("\n", text)
    text = _TAG.sub("", text)
    text = html.unescape(text)
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r"\n\s*\n\s*", "\n\n", text)
    # a table's rows stay on consecutive lines
    return re.sub(r"(?m)(\|[ \t]*)\n\n(?=\|)", "\\1\n", text).strip()


def decode_report(data: bytes, name: str = "<text>") -> str:
    """Decode a report's bytes to text: UTF-8 (with or without BOM), else UTF-16 with a BOM; HTML stripped.

    Raises
    ------
    InputError
        Empty input, binary data, or bytes that are not text in a known encoding.
    """
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    if data[:4] == b"%PDF":
        return _pdf_text(data, name)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{name}: not readable as UTF-16 text") from None
    else:
        if b"\x00" in data[:4096]:
            raise InputError(f"{name}: binary data, not a text, HTML or PDF report")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not UTF-8 text (undecodable byte at offset {exc.start}); save the report "
                             "as UTF-8") from None
    bad = sum(1 for c in text[:20000] if (ord(c) < 32 and c not in "\n\r\t\f") or c == "\ufffd")
    if bad > max(8, len(text[:20000]) // 200):
        raise InputError(f"{name}: binary data, not a text, HTML or PDF report")
    if _HTML_HINT.search(text[:5000]):
        text = _strip_html(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{name}: the file holds no text")
    return text


def _pdf_text(data: bytes, name: str) -> str:
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover - a declared dependency
        raise InputError(f"{name}: reading PDF needs the pypdfium2 package") from None
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # pdfium raises its own error type for damaged files
        raise InputError(f"{name}: not a readable PDF ({_one(exc)})") from None
    try:
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            pages.append(tp.get_text_range())
            tp.close()
            page.close()
    finally:
        pdf.close()
    text = "\n\n".join(p.replace("\r\n", "\n").replace("\r", "\n") for p in pages)
    if len(re.sub(r"\s", "", text)) < 20:
        raise InputError(f"{name}: the PDF has no text layer (a scanned document?); run OCR on it first "
                         "(e.g. ocrmypdf) and scout the result")
    return text


def _one(exc: Exception) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


MAX_REPORT_BYTES = 64 * 1024 * 1024


def read_report(path: str | Path) -> str:
    """The text of a report file: plain text, HTML (tags and entities stripped) or a PDF's text layer.

    Raises
    ------
    InputError
        The file does not exist, is a folder, a pipe or a device, is larger than 64 MiB, is empty, binary, not
        UTF-8/UTF-16 text, or a PDF without a text layer.
    """
    from ..io.files import read_input_bytes

    p = Path(path)
    data = read_input_bytes(p, "report file", max_bytes=MAX_REPORT_BYTES, label=f"report file {str(p)!r}")
    return decode_report(data, str(p))


# -- sentences --------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the normalized text: its characters ``[start, end)``."""

    start: int
    end: int
    text: str


_ABBREV = re.compile(r"(?:\b(?:vs|Vs|VS|v|al|e\.g|i\.e|no|No|approx|Fig|fig|Dr|Prof|Inc|Ltd|Co|St|mo|mos|yr|ca|cf)\.|"
                     r"\b[A-Z]\.)$")
_END = re.compile(r"[.!?](?=[\"')\]]?\s+(?=[A-Z\[(\"'0-9\u2022-]))")


def sentences(text: str) -> list[Sentence]:
    """Cut normalized text into sentences: at line breaks and at sentence-final punctuation.

    A full stop after a common abbreviation ("vs.", "et al.", "No.") or inside a number does not end a sentence.
    """
    return list(_sentences(text))


@lru_cache(maxsize=8)
def _sentences(text: str) -> tuple[Sentence, ...]:
    out: list[Sentence] = []
    text = _soft_breaks(text)
    for m in re.finditer(r"[^\n]+", text):
        line_start = m.start()
        line = m.group()
        cut = 0
        for e in _END.finditer(line):
            pos = e.end()
            head = line[cut:pos]
            if _ABBREV.search(head):
                continue
            # "P = .0009)" or "P <.0001": the dot before digits is a decimal point, not an end
            if line[pos:pos + 1].isdigit() and line[e.start() - 1:e.start()] in " =<>":
                continue
            _add(out, text, line_start + cut, line_start + pos)
            cut = pos
        _add(out, text, line_start + cut, line_start + len(line))
    return tuple(out)


_BRACKET_AFTER_END = re.compile(r"[.!?]\s+\([^()\n]{3,}\)$")
_FOOTNOTE_END = re.compile(r"[A-Za-z)\]][.!?]\d{1,3}(?:[,\-]\d{1,3})*$")


def _soft_breaks(text: str) -> str:
    """Join lines broken inside a sentence (PDF text layers): a newline after a long line that does not end a
    sentence, or before a line that starts in lower case or with a digit, becomes a space (same length)."""
    chars = list(text)
    for m in re.finditer(r"(?<=[^\n])\n(?=[^\n])", text):
        i = m.start()
        line_start = text.rfind("\n", 0, i) + 1
        prev = text[line_start:i].rstrip()
        nxt = text[i + 1:i + 2]
        nxt_mark = text[i + 1:i + 1 + 8].lstrip(" ")[:1]  # an indented list item's mark
        if not prev:
            continue
        # "... Annual Meeting.1" then a capital: a sentence that ends with a footnote's number
        if _FOOTNOTE_END.search(prev) and nxt.isupper():
            continue
        # "... 12.3 months). (HR 0.92, 95% CI 0.79-1.06)" then a capital: a bracket standing after a full stop
        # closes its line as a sentence of its own, its figures the previous sentence's, not the next line's
        if _BRACKET_AFTER_END.search(prev) and nxt.isupper():
            continue
        # (a line closed by a pipe, "2-yr EFS: 67.4% vs 58.5% (HR 0.71) |", is a row or an item of its own)
        if (len(prev) >= 60 and prev[-1] not in ".:!?|") or (nxt.islower() or nxt.isdigit()) and prev[-1] not in ".:!?|":
            chars[i] = " "
        # "median OS was:" followed by bulleted figures: one sentence; so too a heading that names its unit,
        # "At 18 months, PFS (%)" or "  \u2022 Overall survival (months)", followed by one item per arm
        elif nxt_mark and nxt_mark in "-\u2022*" and not _list_head(_next_line(text, i + 1)) and (
                _list_head(prev) or (prev.lstrip()[:1] in "-\u2022*" and _after_colon(text, line_start))):
            chars[i] = " "
    return "".join(chars)


# a list's heading: a line ending in a colon, or one that names the unit of the figures listed under it,
# "Progression-free survival (months)", "At 24 months, OS rate (%)"
_UNIT_HEAD = re.compile(r"\((?:%|percent|months?|mos?)\)\s*$", re.I)


def _list_head(line: str) -> bool:
    line = line.strip()
    return line.endswith(":") or _UNIT_HEAD.search(line) is not None


def _next_line(text: str, start: int) -> str:
    end = text.find("\n", start)
    return text[start:] if end < 0 else text[start:end]


def _after_colon(text: str, line_start: int) -> bool:
    """Whether the bulleted line at ``line_start`` continues a list that follows a heading: a line ending in ':'
    or naming its figures' unit (see `_list_head`)."""
    pos = line_start - 1
    while pos > 0:
        ls = text.rfind("\n", 0, pos) + 1
        line = text[ls:pos].strip()
        if _list_head(line):
            return True
        if not line.startswith(("-", "\u2022", "*")):
            return False
        pos = ls - 1
    return False


def _add(out: list[Sentence], text: str, a: int, b: int) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        out.append(Sentence(a, b, text[a:b]))
