"""Read article files into decoded text, refusing what is not text.

Formats, chosen by extension:

* ``.txt`` and anything else: plain text, UTF-8 (with or without a BOM) or UTF-16 with a BOM.
* ``.md``/``.markdown`` and ``.html``/``.htm``: the decoded file with its markup blanked
  out by spaces, so the text has the very same length and a quote found in it starts and
  ends at the same offsets in the file (``Document.original``); quotation marks never
  move. Markdown keeps every newline where it was; HTML gets extra newlines in place of
  block tags (``</p>`` -> ``"\\n\\n  "``) so that its paragraphs stay apart. Inside a word
  split by markup (``**Arce**’s``, ``Arce&rsquo;s``) the rest of the word moves up to
  close the gap, so it reads as one word.
* ``.docx``: the paragraphs of the Word document, one after another with a blank line
  between them (no offsets into the file exist).

``-`` means standard input (plain text). Every failure is an :class:`InputError` with a
one-line message naming the file, which the CLI turns into exit code 2.
"""

from __future__ import annotations

import codecs
import glob
import html
import io
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from html.entities import html5 as _HTML5_ENTITIES
from pathlib import Path
from typing import TYPE_CHECKING

from quotecheck.model import Document

if TYPE_CHECKING:
    from lxml.etree import _Element

__all__ = [
    "ARTICLE_EXTENSIONS",
    "InputError",
    "blank_html",
    "blank_markdown",
    "decode",
    "expand_article_paths",
    "read_document",
    "read_stdin",
]

ARTICLE_EXTENSIONS: tuple[str, ...] = (".txt", ".md", ".markdown", ".html", ".htm", ".docx")
_MARKDOWN = frozenset({".md", ".markdown"})
_HTML = frozenset({".html", ".htm"})

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class InputError(Exception):
    """An article that cannot be read as text; the message is one line."""


# -- decoding ----------------------------------------------------------------------------------


def decode(raw: bytes, name: str) -> str:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError as error:
                raise InputError(f"{name}: not valid {encoding} text ({error.reason})") from None
    if b"\x00" in raw:
        raise InputError(f"{name}: binary file (contains NUL bytes), not an article")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{name}: not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start}); "
            "re-save it as UTF-8"
        ) from None
    return text


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


def _decode_html(raw: bytes, name: str) -> str:
    try:
        return decode(raw, name)
    except InputError:
        # Pages saved from older sites declare a legacy charset (windows-1252) in a <meta> tag.
        match = _META_CHARSET.search(raw[:4096]) if b"\x00" not in raw else None
        if match is not None:
            try:
                return raw.decode(match.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
        raise


# -- reading -----------------------------------------------------------------------------------


def read_document(path: str | Path) -> Document:
    """The article at ``path`` (``-``: standard input), its reader chosen by extension."""
    name = str(path)
    if name == "-":
        return read_stdin(sys.stdin.buffer.read())
    raw = _read_bytes(Path(path), name)
    suffix = Path(path).suffix.lower()
    if suffix == ".docx":
        return _read_docx(raw, name)
    if suffix in _HTML:
        return _blanked_document(name, _decode_html(raw, name), blank_html)
    text = decode(raw, name)
    if suffix in _MARKDOWN:
        return _blanked_document(name, text, blank_markdown)
    return _plain_document(name, text)


def read_stdin(data: bytes, name: str = "<stdin>") -> Document:
    """Plain text piped in (``quotecheck extract -``), decoded like a ``.txt`` file."""
    return _plain_document(name, decode(data, name))


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not an article file") from None
    except OSError as error:
        raise InputError(f"{name}: cannot read ({error.strerror})") from None


def _plain_document(name: str, text: str) -> Document:
    if not text.strip():
        raise InputError(f"{name}: empty file, nothing to check")
    # Offsets point into exactly this text, so nothing is normalised here.
    return Document(name, text)


def _blanked_document(name: str, text: str, blank: Callable[[str], str]) -> Document:
    if not text.strip():
        raise InputError(f"{name}: empty file, nothing to check")
    blanked = blank(text)
    if not blanked.strip():
        raise InputError(f"{name}: no article text, only markup")
    return Document(name, blanked, original=text)


# -- the blanking canvas -----------------------------------------------------------------------

_TEXT = 0  # a character of the article, as in the file (or an entity's character)
_GAP = 1  # markup that separates words: table pipes, list markers, block tags, code blocks
_PAD = 2  # markup inside the run of text: emphasis markers, link brackets, entity padding
_KEEP = 3  # text that later markup rules must leave alone: code span contents, escaped marks

_NEWLINES = frozenset("\r\n")
_APOSTROPHES = frozenset("'’ʼ")
_QUOTE_MARKS = frozenset("\"'“”„‟«»‹›‘’‚‛")
_OPENING = frozenset("“‘„«‹([{¿¡")
_OPEN_CONTEXT = frozenset("([{<—–-/\u00a0") | _OPENING


class _Canvas:
    """The decoded file being blanked: its characters and what each position has become.

    Every operation keeps the length and never touches a newline, so an offset in the
    result is an offset in the file.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.chars = list(source)
        self.state = bytearray(len(source))

    def __len__(self) -> int:
        return len(self.chars)

    def text(self) -> str:
        return "".join(self.chars)

    def blank(self, start: int, end: int, state: int = _GAP) -> None:
        chars, states = self.chars, self.state
        for index in range(max(start, 0), min(end, len(chars))):
            if chars[index] not in _NEWLINES:
                chars[index] = " "
                states[index] = state

    def newlines(self, start: int, end: int, count: int) -> None:
        """Blank ``start:end`` and begin it with up to ``count`` newlines (HTML block tags)."""
        self.blank(start, end)
        for index in range(start, min(start + count, end)):
            self.chars[index] = "\n"

    def put(self, start: int, end: int, value: str, right: bool = False) -> None:
        """Write ``value`` over ``start:end``, padded with spaces on the right (or the left)."""
        self.blank(start, end, _PAD)
        first = end - len(value) if right else start
        for index, char in enumerate(value):
            # A decoded newline would move lines around: it is a space here.
            self.chars[first + index] = " " if char in _NEWLINES else char
            self.state[first + index] = _TEXT

    def keep(self, start: int, end: int) -> None:
        for index in range(start, end):
            if self.state[index] == _TEXT:
                self.state[index] = _KEEP

    def is_free(self, start: int, end: int) -> bool:
        """True when ``start:end`` is untouched text (neither blanked nor protected)."""
        return not any(self.state[start:end])


# -- shared by Markdown and HTML ---------------------------------------------------------------

_ENTITY = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)")


def _replace_entities(canvas: _Canvas) -> None:
    """``&ldquo;`` -> ``“`` and spaces: marks written as entities are still found."""
    for match in _ENTITY.finditer(canvas.text()):
        entity, start, end = match.group(), match.start(), match.end()
        if not canvas.is_free(start, end):
            continue
        if not entity.endswith(";") and entity[1:] not in _HTML5_ENTITIES:
            continue  # "AT&T", "Q&A": not an entity
        value = html.unescape(entity)
        if value == entity or len(value) > len(entity):
            continue
        canvas.put(start, end, value, right=_glued_right(canvas, start, end, value))


def _glued_right(canvas: _Canvas, start: int, end: int, value: str) -> bool:
    """Whether the character belongs to the word after it (an opening mark, ``&Eacute;cole``).

    Padding it on the left keeps ``&ldquo;We`` as ``“We``, so the quote starts exactly
    where it does in the file; any other entity is padded on the right.
    """
    following = canvas.source[end] if end < len(canvas.source) else " "
    if not value or following.isspace():
        return False
    if value[0] in _OPENING:
        return True
    before = canvas.chars[start - 1] if start > 0 else " "
    return before.isspace() or before in _OPEN_CONTEXT


def _join_words(canvas: _Canvas) -> None:
    """Close up the padding that markup left inside a word: ``Arce&rsquo;s``, ``**Arce**’s``.

    ``Arce’      s`` would read as a closing mark and a lone ``s``, ``**No**.`` as
    ``No  .``. Padding sits inside a word when the file had no space there: what
    follows it moves left up to the next space (``Arce’s      ``). Quotation marks
    never move (only apostrophes inside a word do), nor do newlines, so a quote starts
    and ends at the very offsets its marks have in the file; only letters and
    punctuation inside such a word can sit a few places from where the file has them.
    """
    chars, states = canvas.chars, canvas.state
    # Right to left: "rock'n'roll" has two gaps, and the right one must close first.
    for start, end in reversed(_pad_runs(canvas)):
        if start == 0 or end == len(chars) or not _glue(canvas, start - 1):
            continue
        word_end = end
        while word_end < len(chars) and _movable(canvas, word_end):
            word_end += 1
        if word_end > end:
            _move(canvas, end, word_end, start)
    # Then a closing mark after padding (``**No**",``): the word moves right to meet it,
    # unless that would part the word from its opening mark (``&laquo;Oui&raquo;``).
    for start, end in reversed(_pad_runs(canvas)):
        if start == 0 or end == len(chars) or not _glue(canvas, start - 1):
            continue
        if chars[end] not in _QUOTE_MARKS or _seen(canvas, end, 1).isalnum():
            continue  # not a closing mark: an opening one stays apart from the word before it
        first = start
        while first > 0 and _movable(canvas, first - 1):
            first -= 1
        if first > 0 and states[first - 1] in (_TEXT, _KEEP) and chars[first - 1] in _QUOTE_MARKS:
            continue
        _move(canvas, first, start, end - (start - first))


def _pad_runs(canvas: _Canvas) -> list[tuple[int, int]]:
    return [match.span() for match in re.finditer(re.escape(bytes([_PAD])) + b"+", bytes(canvas.state))]


def _glue(canvas: _Canvas, index: int) -> bool:
    """A visible character of the text (a no-break space binds words, as in ``«\u00a0Oui``)."""
    char = canvas.chars[index]
    return canvas.state[index] in (_TEXT, _KEEP) and (not char.isspace() or char == "\u00a0")


def _move(canvas: _Canvas, start: int, end: int, to: int) -> None:
    """Move ``start:end`` to begin at ``to`` over padding, which takes the place it leaves."""
    chars, states = canvas.chars, canvas.state
    low, high = min(start, to), max(end, to + end - start)
    moved_chars, moved_states = chars[start:end], states[start:end]
    chars[low:high] = [" "] * (high - low)
    states[low:high] = bytes([_PAD]) * (high - low)
    chars[to : to + end - start] = moved_chars
    states[to : to + end - start] = moved_states


def _movable(canvas: _Canvas, index: int) -> bool:
    """A visible, non-space character that is not a quotation mark (in-word apostrophes are not)."""
    char = canvas.chars[index]
    if not _glue(canvas, index):
        return False
    if char not in _QUOTE_MARKS:
        return True
    return char in _APOSTROPHES and _seen(canvas, index, -1).isalnum() and _seen(canvas, index, 1).isalnum()


def _seen(canvas: _Canvas, index: int, step: int) -> str:
    """The character a reader sees next to ``index``, padding skipped."""
    index += step
    while 0 <= index < len(canvas.chars) and canvas.state[index] == _PAD:
        index += step
    return canvas.chars[index] if 0 <= index < len(canvas.chars) else " "


# Possessive quantifiers: a stray quote in a broken tag cannot make the match backtrack.
_TAG = re.compile(r"""<(/?)([A-Za-z][\w:.-]*)(?:[^<>"']++|"[^"<]*+"|'[^'<]*+'|["'])*+>""")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_DECLARATION = re.compile(r"<!\[CDATA\[.*?\]\]>|<![A-Za-z][^>]*>|<\?.*?\?>", re.DOTALL)
_RAW_TEXT = ("script", "style")


def _blank_comments(canvas: _Canvas) -> None:
    for pattern in (_COMMENT, _DECLARATION):
        for match in pattern.finditer(canvas.text()):
            if canvas.is_free(match.start(), match.start() + 1):
                canvas.blank(match.start(), match.end(), _PAD)
    # An unclosed comment would hide the rest of the article: only its opener goes.
    for match in re.finditer(r"<!--", canvas.text()):
        if canvas.is_free(match.start(), match.end()):
            canvas.blank(match.start(), match.end(), _PAD)


def _blank_raw_text(canvas: _Canvas, names: Sequence[str]) -> None:
    """``<script>``, ``<style>``: contents are not HTML, the first closing tag ends them.

    Unclosed, only the tag goes: hiding the rest of the article would lose its quotes
    without a word, which is worse for a checker than showing some stray code.
    """
    for name in names:
        text = canvas.text()
        closing = re.compile(rf"</{name}\s*>", re.IGNORECASE)
        for match in re.finditer(rf"<{name}(?=[\s/>])[^>]*>", text, re.IGNORECASE):
            if not canvas.is_free(match.start(), match.start() + 1):
                continue
            end = closing.search(text, match.end())
            canvas.blank(match.start(), end.end() if end else match.end())


# -- Markdown ----------------------------------------------------------------------------------

_FENCE = re.compile(r"^((?:[ \t]*>)*[ \t]*)(`{3,}|~{3,})([^\n]*)$")
_QUOTE_MARKER = re.compile(r"[ \t]{0,3}>[ \t]?")
_LIST_MARKER = re.compile(r"[ \t]*([-*+]|(\d{1,9})[.)])(?=[ \t]|$)")
_TASK_BOX = re.compile(r"[ \t]+\[[ xX]\](?=[ \t])")
_THEMATIC_BREAK = re.compile(r"[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"[ \t]{0,3}(?:=+|-+)[ \t]*$")
_ATX_HEADING = re.compile(r"[ \t]{0,3}(#{1,6})(?=[ \t]|$)")
_ATX_CLOSING = re.compile(r"[ \t]+(#+)[ \t]*$")
_REFERENCE_DEFINITION = re.compile(
    r"""[ \t]{0,3}\[([^\]^][^\]]*)\]:[ \t]*(?:<[^>\n]*>|\S+)"""
    r"""(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*$"""
)
_FOOTNOTE_DEFINITION = re.compile(r"[ \t]{0,3}\[\^[^\]\s]+\]:")
_TABLE_DELIMITER = re.compile(r"(?:[ \t]*>)*[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")


def blank_markdown(text: str) -> str:
    """``text`` with its Markdown markup replaced by spaces: same length, same newlines.

    Front matter, fenced code, HTML comments and tags, images and reference
    definitions go entirely; headings' ``#``, emphasis markers, code backticks, link
    brackets and targets, blockquote and list markers and table pipes go, their text
    stays. Quotation marks in the prose are never blanked.
    """
    canvas = _Canvas(text)
    references = _markdown_blocks(canvas)
    _code_spans(canvas)  # first: `<!--` or `<script>` written in code is text, not markup
    _blank_comments(canvas)
    _blank_raw_text(canvas, _RAW_TEXT)
    _escapes(canvas)
    for match in _AUTOLINK.finditer(canvas.text()):
        if canvas.is_free(match.start(), match.end()):
            canvas.blank(match.start(), match.start() + 1, _PAD)
            canvas.blank(match.end() - 1, match.end(), _PAD)
    for match in _TAG.finditer(canvas.text()):
        if canvas.is_free(match.start(), match.end()):
            canvas.blank(match.start(), match.end(), _PAD if match.group(2).lower() in _INLINE else _GAP)
    _links(canvas, references)
    _replace_entities(canvas)
    _emphasis(canvas)
    _join_words(canvas)
    return canvas.text()


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, end before its ``\\r\\n`` or ``\\n``."""
    spans = []
    position = 0
    for line in text.split("\n"):
        end = position + len(line)
        spans.append((position, end - 1 if line.endswith("\r") else end))
        position = end + 1
    return spans


def _markdown_blocks(canvas: _Canvas) -> set[str]:
    """Line by line: front matter, fences, containers, headings, tables, definitions.

    Returns the labels of reference-style link definitions, for ``[text][label]``.
    """
    text = canvas.source
    lines = _lines(text)
    references: set[str] = set()
    first = _front_matter_end(text, lines)
    for start, end in lines[:first]:
        canvas.blank(start, end)
    fence: tuple[str, int] | None = None  # the open code fence's character and length
    previous_blank, previous_item, in_table = True, False, False
    for number in range(first, len(lines)):
        start, end = lines[number]
        line = text[start:end]
        if fence is not None:
            canvas.blank(start, end)
            if _closes_fence(_FENCE.match(line), fence):
                fence = None
            continue
        opening = _FENCE.match(line)
        if opening and not (opening.group(2)[0] == "`" and "`" in opening.group(3)):
            fence = (opening.group(2)[0], len(opening.group(2)))
            canvas.blank(start, end)  # code is not prose: the fence and all it holds
            continue
        if not line.strip():
            previous_blank, previous_item, in_table = True, False, False
            continue
        position, is_item = _container_markers(canvas, text, start, end, previous_blank or previous_item)
        rest = text[position:end]
        if _THEMATIC_BREAK.match(rest) or (not previous_blank and _SETEXT_UNDERLINE.match(rest)):
            canvas.blank(position, end)
        elif heading := _ATX_HEADING.match(rest):
            canvas.blank(position, position + heading.end())
            if closing_hashes := _ATX_CLOSING.search(rest, heading.end()):
                canvas.blank(position + closing_hashes.start(1), position + closing_hashes.end(1))
        elif definition := _REFERENCE_DEFINITION.match(rest):
            references.add(_label(definition.group(1)))
            canvas.blank(position, end)
        elif footnote := _FOOTNOTE_DEFINITION.match(rest):
            canvas.blank(position, position + footnote.end())
        elif in_table or ("|" in rest and _is_table_delimiter(text, lines, number + 1)):
            if in_table and _TABLE_DELIMITER.match(rest) and "-" in rest:
                canvas.blank(position, end)
            else:
                _blank_pipes(canvas, text, position, end)
            in_table = "|" in rest
        previous_blank, previous_item = False, is_item
    return references


def _closes_fence(match: re.Match[str] | None, fence: tuple[str, int]) -> bool:
    if match is None or match.group(3).strip():
        return False
    run = match.group(2)
    return run[0] == fence[0] and len(run) >= fence[1]


def _front_matter_end(text: str, lines: list[tuple[int, int]]) -> int:
    """Number of lines of a YAML (``---``) or TOML (``+++``) front matter block, 0 if none."""
    if not lines:
        return 0
    opener = text[lines[0][0] : lines[0][1]].rstrip()
    if opener not in ("---", "+++"):
        return 0
    closers = ("---", "...") if opener == "---" else ("+++",)
    for number in range(1, len(lines)):
        start, end = lines[number]
        if text[start:end].rstrip() in closers:
            return number + 1
    return 0  # never closed: a thematic break, not front matter


def _container_markers(canvas: _Canvas, text: str, start: int, end: int, may_list: bool) -> tuple[int, bool]:
    """Blank blockquote ``>`` and list markers at the start of a line.

    Returns where the line's content starts and whether it opens a list item. A
    numbered line only opens a list at a paragraph's start, after another item, or
    when it is ``1.`` (CommonMark's rule, which keeps "2024. That…" in a paragraph).
    """
    position, is_item = start, False
    while True:
        if marker := _QUOTE_MARKER.match(text, position, end):
            canvas.blank(marker.start(), marker.end())
            position, may_list = marker.end(), True
            continue
        marker = _LIST_MARKER.match(text, position, end)
        if marker and _THEMATIC_BREAK.match(text, position, end) is None:
            number = marker.group(2)
            if number is None or may_list or number == "1":
                canvas.blank(marker.start(1), marker.end(1))
                position, is_item, may_list = marker.end(), True, True
                if box := _TASK_BOX.match(text, position, end):
                    canvas.blank(box.start(), box.end())
                    position = box.end()
                continue
        return position, is_item


def _is_table_delimiter(text: str, lines: list[tuple[int, int]], number: int) -> bool:
    if number >= len(lines):
        return False
    start, end = lines[number]
    row = text[start:end]
    return bool(_TABLE_DELIMITER.match(row)) and "-" in row and ("|" in row or ":" in row)


def _blank_pipes(canvas: _Canvas, text: str, start: int, end: int) -> None:
    for index in range(start, end):
        if text[index] == "|" and (index == 0 or text[index - 1] != "\\"):
            canvas.blank(index, index + 1)


def _label(label: str) -> str:
    return " ".join(label.split()).casefold()


def _is_escaped(text: str, index: int) -> bool:
    backslashes = 0
    while index - backslashes > 0 and text[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _code_spans(canvas: _Canvas) -> None:
    """`` `code` ``: the backticks go, the words stay and no other rule touches them."""
    text = canvas.text()
    runs = [
        match
        for match in re.finditer(r"`+", text)
        if canvas.is_free(match.start(), match.end()) and not _is_escaped(text, match.start())
    ]
    index = 0
    while index < len(runs):
        opener = runs[index]
        closer_index = next(
            (
                later
                for later in range(index + 1, len(runs))
                if len(runs[later].group()) == len(opener.group())
            ),
            None,
        )
        if closer_index is None or _BLANK_LINE.search(text, opener.end(), runs[closer_index].start()):
            index += 1
            continue
        closer = runs[closer_index]
        canvas.blank(opener.start(), opener.end(), _PAD)
        canvas.blank(closer.start(), closer.end(), _PAD)
        canvas.keep(opener.end(), closer.start())
        index = closer_index + 1


def _escapes(canvas: _Canvas) -> None:
    """``\\*`` -> ``*`` kept as text; a backslash before a newline is a line break."""
    chars = canvas.chars
    index = 0
    while index < len(chars) - 1:
        if chars[index] == "\\" and canvas.state[index] == _TEXT:
            following = chars[index + 1]
            if following in _ESCAPABLE or following in _NEWLINES:
                canvas.blank(index, index + 1, _PAD)
                canvas.keep(index + 1, index + 2)
                index += 2
                continue
        index += 1


def _matching(canvas: _Canvas, text: str, start: int, opening: str, closing: str) -> int | None:
    """Index of the bracket closing the one at ``start`` (nesting counted), within a paragraph."""
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if canvas.state[index] != _TEXT:
            continue
        if char == "\n" and _BLANK_LINE.match(text, index):
            return None
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return index
    return None


def _links(canvas: _Canvas, references: set[str]) -> None:
    """Images go entirely; a link keeps its text and loses ``[``, ``](url)`` or ``][ref]``.

    ``text`` is refreshed once a pass: what a link blanks is seen through ``canvas.state``.
    """
    for images in (True, False):  # images first: [![alt](src)](url) is a link around an image
        text = canvas.text()
        bracket = -1
        while (bracket := text.find("[", bracket + 1)) != -1:
            bang = bracket > 0 and text[bracket - 1] == "!" and canvas.state[bracket - 1] == _TEXT
            if bang != images or not canvas.is_free(bracket, bracket + 1):
                continue
            close = _matching(canvas, text, bracket, "[", "]")
            target_end = None if close is None else _link_target(canvas, text, bracket, close, references)
            if close is None or target_end is None:
                continue
            if images:
                canvas.blank(bracket - 1, target_end)
            elif text.startswith("[^", bracket):
                canvas.blank(bracket, target_end, _PAD)  # a footnote reference: no text to keep
            else:
                canvas.blank(bracket, bracket + 1, _PAD)
                canvas.blank(close, target_end, _PAD)


def _link_target(canvas: _Canvas, text: str, open_: int, close: int, references: set[str]) -> int | None:
    """End of the ``(url)`` or ``[ref]`` after ``[text]``; None when it is not a link.

    Bracketed words that link nowhere (``"We [the council] agreed"``) are text.
    """
    if text.startswith("[^", open_) and "\n" not in text[open_:close]:
        return close + 1  # a footnote reference: all of it is markup
    following = text[close + 1] if close + 1 < len(text) and canvas.state[close + 1] == _TEXT else ""
    if following == "(":
        end = _matching(canvas, text, close + 1, "(", ")")
        return None if end is None else end + 1
    if following == "[":
        end = _matching(canvas, text, close + 1, "[", "]")
        if end is not None:
            label = text[close + 2 : end] or text[open_ + 1 : close]
            if _label(label) in references:
                return end + 1
    if _label(text[open_ + 1 : close]) in references:
        return close + 1
    return None


def _flanking(before: str, after: str) -> tuple[bool, bool]:
    """CommonMark's left- and right-flanking rules for a delimiter run."""

    left = not after.isspace() and (not _is_punctuation(after) or before.isspace() or _is_punctuation(before))
    right = not before.isspace() and (
        not _is_punctuation(before) or after.isspace() or _is_punctuation(after)
    )
    return left, right


def _emphasis(canvas: _Canvas) -> None:
    """Blank the ``*``/``_``/``~~`` runs that pair up within a paragraph (CommonMark-like).

    A lone ``*`` (``5 * 3``), ``snake_case`` or ``~5 people`` pairs with nothing and stays.
    """
    text = canvas.text()
    source = canvas.source
    paragraph_start = 0
    for paragraph_end in [match.start() for match in _BLANK_LINE.finditer(text)] + [len(text)]:
        stack: list[tuple[str, int, int]] = []  # openers: character, start, end
        for run in re.finditer(r"\*+|_+|~~", text[paragraph_start:paragraph_end]):
            start, end = paragraph_start + run.start(), paragraph_start + run.end()
            if not canvas.is_free(start, end):
                continue
            # Flanking is judged on the file as written: a blanked "[" still counts as punctuation.
            before = source[start - 1] if start > 0 else " "
            after = source[end] if end < len(source) else " "
            left, right = _flanking(before, after)
            char = run.group()[0]
            if char == "_":
                can_open = left and (not right or _is_punctuation(before))
                can_close = right and (not left or _is_punctuation(after))
            else:
                can_open, can_close = left, right
            opener = (
                next((i for i in range(len(stack) - 1, -1, -1) if stack[i][0] == char), None)
                if can_close
                else None
            )
            if opener is not None:
                _, open_start, open_end = stack[opener]
                canvas.blank(open_start, open_end, _PAD)
                canvas.blank(start, end, _PAD)
                del stack[opener:]
            elif can_open:
                stack.append((char, start, end))
        paragraph_start = paragraph_end


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


# -- HTML --------------------------------------------------------------------------------------

# Elements whose contents are not the article: page furniture, scripts, forms.
_HIDDEN = (
    *("head", "title", "nav", "header", "footer", "aside"),
    *("noscript", "template", "svg", "form", "button", "select", "iframe"),
)
# Tags that break a paragraph: their first characters become blank lines.
_BLOCK = frozenset(
    "p div li h1 h2 h3 h4 h5 h6 blockquote tr article section ul ol dl dt dd table thead tbody tfoot "
    "figure figcaption pre hr main body html address center details summary fieldset legend".split()
)
# Tags inside a run of text: they separate nothing (<em>un</em>likely is one word).
_INLINE = frozenset(
    "a abbr b bdi bdo cite code data del dfn em font i ins kbd mark q s samp small span strike strong "
    "sub sup time tt u var wbr".split()
)


def blank_html(text: str) -> str:
    """``text`` with its HTML markup replaced by spaces, same length.

    Page furniture (``head``, ``nav``, ``header``, ``footer``, ``aside``, scripts and
    styles) goes with its contents; block tags begin with newlines so paragraphs stay
    apart; ``<q>`` becomes the quotation marks a browser shows; character entities
    become their character (``&ldquo;`` -> ``“``) padded with spaces.
    """
    canvas = _Canvas(text)
    _blank_comments(canvas)
    _blank_raw_text(canvas, _RAW_TEXT)
    for name in _HIDDEN:
        _blank_elements(canvas, name)
    depth = 0  # of <q> elements, for nested marks
    for match in _TAG.finditer(canvas.text()):
        start, end = match.start(), match.end()
        if not canvas.is_free(start, start + 1):
            continue
        closing, name = match.group(1) == "/", match.group(2).lower()
        if name == "br":
            canvas.newlines(start, end, 1)
        elif name in _BLOCK:
            canvas.newlines(start, end, 2)
        elif name == "q" and not match.group().endswith("/>"):
            # Browsers draw <q> with marks (single ones when nested): found as on the page.
            if closing:
                depth = max(depth - 1, 0)
                canvas.put(start, end, "”’"[min(depth, 1)])
            else:
                canvas.put(start, end, "“‘"[min(depth, 1)], right=True)
                depth += 1
        else:
            canvas.blank(start, end, _PAD if name in _INLINE else _GAP)
    _replace_entities(canvas)
    _join_words(canvas)
    return canvas.text()


def _blank_elements(canvas: _Canvas, name: str) -> None:
    """Blank every ``<name>…</name>`` (nested ones counted) with all it holds."""
    text = canvas.text()
    pattern = re.compile(rf"<(/?){name}(?=[\s/>])(?:[^<>\"']++|\"[^\"<]*+\"|'[^'<]*+'|[\"'])*+>", re.I)
    depth, start, open_end = 0, 0, 0
    for match in pattern.finditer(text):
        if match.group(1):
            if depth == 0:
                canvas.blank(match.start(), match.end())  # a stray closing tag
                continue
            depth -= 1
            if depth == 0:
                canvas.blank(start, match.end())
        elif match.group().endswith("/>"):
            canvas.blank(match.start(), match.end())
        else:
            if depth == 0:
                start, open_end = match.start(), match.end()
            depth += 1
    if depth:
        # Unclosed: <head> may legally end where <body> starts; anything else loses only its tag.
        body = re.compile(r"<body\b", re.I).search(text, open_end) if name == "head" else None
        canvas.blank(start, body.start() if body else open_end)


# -- Word documents ----------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _read_docx(raw: bytes, name: str) -> Document:
    if not raw.strip():
        raise InputError(f"{name}: empty file, nothing to check")
    if not raw.startswith(b"PK\x03\x04"):
        raise InputError(f"{name}: not a .docx file (not a ZIP package: an old .doc or a renamed file?)")
    # Imported here: python-docx pulls in lxml, which plain-text runs need not pay for.
    import docx

    try:
        body = docx.Document(io.BytesIO(raw)).element.body
        paragraphs = [text for text in map(_paragraph_text, _paragraphs(body)) if text.strip()]
    except Exception as error:  # a broken package fails anywhere inside python-docx, zipfile or lxml
        reason = " ".join(str(error).split()) or type(error).__name__
        raise InputError(f"{name}: not a readable .docx file ({reason})") from None
    if not paragraphs:
        raise InputError(f"{name}: no text in the document, nothing to check")
    # A blank line between paragraphs: split_paragraphs then sees Word's paragraphs.
    return Document(name, "\n\n".join(paragraphs))


def _paragraphs(element: _Element) -> Iterator[_Element]:
    """Every ``w:p`` in document order: body, tables, content controls, text boxes."""
    for child in element:
        if child.tag == _FALLBACK:
            continue  # the same text box again, for old Word versions
        if child.tag == f"{_W}p":
            yield child
        yield from _paragraphs(child)


def _paragraph_text(paragraph: _Element) -> str:
    """The paragraph's own text with tracked changes accepted (insertions in, deletions out).

    python-docx's ``Paragraph.text`` skips runs inside ``w:ins`` and content controls,
    which drafts under review are full of.
    """
    parts: list[str] = []

    def walk(element: _Element) -> None:
        for child in element:
            tag = child.tag
            if tag in (f"{_W}p", f"{_W}del", f"{_W}moveFrom", _FALLBACK):
                continue  # nested paragraphs are read on their own; deleted text is gone
            if tag == f"{_W}t":
                parts.append(child.text or "")
            elif tag == f"{_W}tab":
                parts.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
            elif tag == f"{_W}noBreakHyphen":
                parts.append("-")
            else:
                walk(child)

    walk(paragraph)
    return "".join(parts).strip()


# -- which files -------------------------------------------------------------------------------

_GLOB_MAGIC = re.compile(r"[*?[]")


def expand_article_paths(
    arguments: Sequence[str | os.PathLike[str]],
    extensions: Sequence[str] = ARTICLE_EXTENSIONS,
    ignore: Callable[[Path], bool] | None = None,
) -> list[str]:
    """The files the command-line arguments name, in order, each once.

    * ``-`` (standard input) is kept as it is;
    * an existing file is kept whatever its extension (so a wrong one is reported, not skipped);
    * a folder gives its files with one of ``extensions``, recursively and sorted, hidden
      files and folders left out;
    * a glob pattern (``drafts/**/*.md``) gives its matches, sorted; a folder it matches is
      expanded like a folder argument;
    * a missing path, a pattern matching nothing or a folder holding no article file is
      kept, so reading it reports it (one line, exit 2) instead of nothing happening.

    ``ignore(path)`` drops files found by expanding folders and patterns (a
    ``.quotecheckignore``); a file named explicitly is always kept.
    """
    if isinstance(arguments, str | os.PathLike):
        arguments = [arguments]
    suffixes = frozenset(extension.lower() for extension in extensions)
    found: list[str] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        key = path if path == "-" else os.path.normcase(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            found.append(path)

    for argument in arguments:
        given = os.fspath(argument)
        if given == "-" or (os.path.exists(given) and not os.path.isdir(given)):
            add(given)
            continue
        if os.path.isdir(given):
            candidates = walk_files(given, suffixes)
        elif _GLOB_MAGIC.search(given):
            matches = sorted(glob.glob(given, recursive=True))
            candidates = [file for match in matches for file in _walk_or_file(match, suffixes)]
        else:
            candidates = []
        if not candidates:
            add(given)
        for candidate in candidates:
            if ignore is None or not ignore(Path(candidate)):
                add(candidate)
    return found


def _walk_or_file(path: str, suffixes: frozenset[str]) -> list[str]:
    return walk_files(path, suffixes) if os.path.isdir(path) else [path]


def walk_files(folder: str | Path, suffixes: frozenset[str]) -> list[str]:
    """Files under ``folder`` with one of ``suffixes``, hidden files and folders skipped, sorted."""
    files: list[Path] = []
    # os.walk does not follow symlinked folders, so a link loop cannot recurse forever.
    for root, dirs, names in os.walk(folder):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        files.extend(
            Path(root, name)
            for name in names
            if not name.startswith(".") and Path(name).suffix.lower() in suffixes
        )
    return [str(path) for path in sorted(files)]
