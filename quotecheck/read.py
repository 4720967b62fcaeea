"""Read article files into decoded text, refusing what is not text.

Every failure is an :class:`InputError` with a one-line message naming the file,
which the CLI turns into exit code 2.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from quotecheck.model import Document

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class InputError(Exception):
    """An article that cannot be read as text; the message is one line."""


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


def read_document(path: str | Path) -> Document:
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not an article file") from None
    except OSError as error:
        raise InputError(f"{name}: cannot read ({error.strerror})") from None
    text = decode(raw, name)
    if not text.strip():
        raise InputError(f"{name}: empty file, nothing to check")
    # Offsets point into exactly this text, so nothing is normalised here.
    return Document(name, text)
