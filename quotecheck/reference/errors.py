"""The one error every reference reader raises, with a one-line message naming the file."""

from __future__ import annotations

# Long enough for a parser's reason, short enough for one terminal line.
_REASON_LIMIT = 160


class ReferenceFileError(Exception):
    """A reference file that cannot be read into passages; the message is one line."""


def fail(name: str, reason: object) -> ReferenceFileError:
    """The error for ``name``; parser messages can span lines, so they are flattened."""
    flat = " ".join(str(reason).split())
    if len(flat) > _REASON_LIMIT:
        flat = flat[: _REASON_LIMIT - 1] + "…"
    return ReferenceFileError(f"{name}: {flat}")
