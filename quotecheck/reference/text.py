"""Plain text and Markdown references: paragraphs, or speaker turns when the text is a transcript.

Passages keep the file's own characters (``text == decoded[offset:offset + len(text)]``):
markup and line breaks are left for the matcher to normalise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from quotecheck.model import Passage
from quotecheck.reference.labels import colon_label

# (start, end, speaker) over one string, end exclusive.
SpeakerSpan = tuple[int, int, str | None]

_FENCE_OPEN = re.compile(r"---[ \t]*\r?\n")
_FENCE_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_META_LINE = re.compile(r"(?P<key>[A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(?P<value>.*?))?[ \t]*\r?")


def read_text(source: str, text: str) -> list[Passage]:
    """Passages of a text or Markdown file, with front-matter ``speaker`` as the default speaker."""
    meta, body = split_front_matter(text)
    passages: list[Passage] = []
    line, counted = 1, 0
    for i, (start, end, speaker) in enumerate(speaker_spans(text, body, meta.get("speaker"))):
        # Lines counted on from the previous passage: recounting from the top is quadratic.
        line, counted = line + text.count("\n", counted, start), start
        passage = Passage(source, text[start:end], speaker=speaker, line=line, offset=start, position=i)
        passages.append(passage)
    return passages


def speaker_spans(text: str, start: int = 0, default: str | None = None) -> list[SpeakerSpan]:
    """Transcript turns when most paragraphs open with a speaker label, else paragraphs."""
    lines = [(s, e) for s, e in _lines(text, start) if text[s:e].strip()]
    labels = [(s, found) for s, e in lines if (found := colon_label(text[s:e])) is not None]
    paragraphs = _paragraphs(text, start)
    # Two labels at least, and about one per paragraph: a stray "Washington: …" line is not a transcript.
    if len(labels) >= 2 and 2 * len(labels) >= len(paragraphs):
        return _turns(text, start, labels, default)
    return [(s, e, default) for s, e in paragraphs]


def split_front_matter(text: str) -> tuple[dict[str, str], int]:
    """``key: value`` pairs between ``---`` lines opening the file, and where the body starts.

    A deliberately small parser: flat keys, optional quotes, ``# comments``. Nested or
    list values are ignored. An opening ``---`` that is not followed by ``key:`` lines
    and a closing fence is a Markdown rule, not front matter.
    """
    opening = _FENCE_OPEN.match(text)
    if opening is None:
        return {}, 0
    closing = _FENCE_CLOSE.search(text, opening.end())
    if closing is None:
        return {}, 0
    block = text[opening.end() : closing.start()]
    first = next((line for line in block.splitlines() if line.strip()), None)
    if first is not None and _META_LINE.fullmatch(first) is None:
        return {}, 0
    meta: dict[str, str] = {}
    for line in block.splitlines():
        match = _META_LINE.fullmatch(line)
        if match is not None and (value := _meta_value(match.group("value") or "")):
            meta[match.group("key").lower()] = value
    return meta, closing.end()


def _meta_value(raw: str) -> str:
    if raw[:1] in ("'", '"') and len(raw) >= 2 and raw.endswith(raw[0]):
        return raw[1:-1].strip()
    # An unquoted YAML value ends where a comment starts.
    return raw.split(" #", 1)[0].strip()


def _lines(text: str, start: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each line from ``start``, newline excluded."""
    pos = start
    while pos < len(text):
        newline = text.find("\n", pos)
        end = len(text) if newline == -1 else newline
        yield pos, end
        pos = end + 1


def _paragraphs(text: str, start: int, end: int | None = None) -> list[tuple[int, int]]:
    """Blank-line separated blocks between ``start`` and ``end``, outer whitespace trimmed."""
    stop = len(text) if end is None else end
    blocks: list[tuple[int, int]] = []
    first: int | None = None
    last = start
    for s, e in _lines(text, start):
        if s >= stop:
            break
        if text[s:e].strip():
            first = s if first is None else first
            last = e
        elif first is not None:
            blocks.append(_trim(text, first, last))
            first = None
    if first is not None:
        blocks.append(_trim(text, first, last))
    return blocks


def _turns(
    text: str, start: int, labels: list[tuple[int, tuple[str, int]]], default: str | None
) -> list[SpeakerSpan]:
    """One span per labelled turn; unlabelled lines, even after blank lines, continue the turn."""
    # Whatever precedes the first label (a title, a dateline) is kept as paragraphs.
    spans: list[SpeakerSpan] = [(s, e, default) for s, e in _paragraphs(text, start, labels[0][0])]
    for i, (line_start, (speaker, label_end)) in enumerate(labels):
        turn_end = labels[i + 1][0] if i + 1 < len(labels) else len(text)
        s, e = _trim(text, line_start + label_end, turn_end)
        if s < e:  # a label with no words under it says nothing to match
            spans.append((s, e, speaker))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without its leading and trailing whitespace."""
    piece = text[start:end]
    stripped = piece.lstrip()
    start += len(piece) - len(stripped)
    return start, start + len(stripped.rstrip())
