"""Which reader reads a reference file: by extension, and by content where the extension is vague."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from quotecheck.model import Passage
from quotecheck.read import InputError, decode, walk_files
from quotecheck.reference.asr_json import read_json
from quotecheck.reference.errors import fail
from quotecheck.reference.html_page import read_html
from quotecheck.reference.subtitles import read_srt, read_vtt
from quotecheck.reference.text import read_text

Reader = Callable[[str, str], list[Passage]]

_BY_SUFFIX: dict[str, Reader] = {
    ".md": read_text,
    ".markdown": read_text,
    ".vtt": read_vtt,
    ".srt": read_srt,
    ".json": read_json,
    ".html": read_html,
    ".htm": read_html,
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", *_BY_SUFFIX})

_SRT_START = re.compile(r"\d+[ \t]*\r?\n[ \t]*\d+:\d\d:\d\d[,.]\d+[ \t]*-->")
_HTML_START = re.compile(r"<(?:!doctype\s+html|html)\b", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


def read_reference(path: str | Path) -> list[Passage]:
    """The passages of one reference file; any problem is a one-line :class:`ReferenceFileError`."""
    name = str(path)
    suffix = Path(path).suffix.lower()
    raw = _read_bytes(Path(path), name)
    text = _decode(raw, name, html=_BY_SUFFIX.get(suffix) is read_html)
    if not text.strip():
        raise fail(name, "empty file, nothing to check against")
    passages = _reader_for(suffix, text)(name, text)
    if not passages:
        raise fail(name, "no text found to check against")
    return passages


def iter_reference_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files to read: folders expanded recursively to supported files (sorted), named files kept.

    A file named explicitly is kept whatever its extension, so that an unreadable one
    is reported rather than skipped. Hidden files and folders are not expanded into.
    """
    files: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        for file in [Path(f) for f in walk_files(path, SUPPORTED_SUFFIXES)] if path.is_dir() else [path]:
            if file not in seen:
                seen.add(file)
                files.append(file)
    return files


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise fail(name, "no such file") from None
    except IsADirectoryError:
        raise fail(name, "is a directory, not a reference file") from None
    except OSError as error:
        raise fail(name, f"cannot read ({error.strerror})") from None


def _decode(raw: bytes, name: str, *, html: bool) -> str:
    try:
        return decode(raw, name)
    except InputError as error:
        # Older pages declare a legacy charset (windows-1252, ISO-8859-1) in a <meta> tag.
        declared = _declared_charset(raw) if html and b"\x00" not in raw else None
        if declared is not None:
            return declared
        reason = str(error).removeprefix(f"{name}: ").replace("not an article", "not a reference file")
        raise fail(name, reason) from None


def _declared_charset(raw: bytes) -> str | None:
    match = _META_CHARSET.search(raw[:4096])
    if match is None:
        return None
    try:
        return raw.decode(match.group(1).decode("ascii"))
    except (LookupError, UnicodeDecodeError):
        return None


def _reader_for(suffix: str, text: str) -> Reader:
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    # .txt and unknown extensions: exported subtitles and ASR output often end up as .txt.
    head = text.lstrip()
    if head.startswith("WEBVTT"):
        return read_vtt
    if _SRT_START.match(head):
        return read_srt
    # Only when it parses: "[Reporter] …" or "{inaudible}" can open a plain transcript.
    if head[:1] in ("{", "[") and _is_json(text):
        return read_json
    if _HTML_START.match(head):
        return read_html
    return read_text


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True
