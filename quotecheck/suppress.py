"""Suppression comments in articles: pure functions over the file as written.

Comments are markup, so they are read from ``Document.source`` (the original file).
Quote offsets index ``Document.text``, which for Markdown and HTML is the original
with markup blanked to spaces (same length), so they are offsets in the source too;
for plain text the comments are simply part of the text.

Directives (case-insensitive, whitespace anywhere between the words)::

    <!-- quotecheck: ignore -->                       every finding of the next quote
    <!-- quotecheck: ignore misattributed -->         only those problems of the next quote
    <!-- quotecheck: ignore divergent, not_found -->  (commas and/or spaces between names)
    <!-- quotecheck: off --> ... <!-- quotecheck: on -->   everything in between
    <!-- quotecheck: off -->                          ... to the end, when no "on" follows

The *next quote* of an ``ignore`` is the first quote starting after the comment,
provided it starts in the comment's paragraph or the one after it; a comment with no
such quote suppresses nothing. Problem names: ``divergent``, ``not_found``,
``misattributed``, ``unattributed``, ``unbalanced`` (``verbatim`` and ``editorial`` are
never problems). A misspelt name is reported in ``Directives.warnings`` and suppresses
nothing: a typo should not silence a finding.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from quotecheck.detect import scan_quotes, split_paragraphs
from quotecheck.model import Document, Quote

# What a suppression comment can name.
PROBLEMS: frozenset[str] = frozenset(
    {"divergent", "not_found", "misattributed", "unattributed", "unbalanced"}
)
_NOT_PROBLEMS = frozenset({"verbatim", "editorial"})

_COMMENT = re.compile(r"<!--\s*quotecheck\s*:(?P<body>.*?)-->", re.IGNORECASE | re.DOTALL)
_NAME_SEPARATOR = re.compile(r"[\s,;]+")


@dataclass(frozen=True, slots=True)
class Ignore:
    """One ``ignore`` comment and the quote it applies to."""

    start: int  # the comment's span in the source
    end: int
    problems: frozenset[str] | None  # None: every problem
    reach: int  # end of the paragraph after the comment's: the next quote starts before it
    target: int | None  # start offset of the quote it applies to; None when no quote follows


@dataclass(frozen=True, slots=True)
class Directives:
    """All suppression comments of one article."""

    ignores: tuple[Ignore, ...] = ()
    off_regions: tuple[tuple[int, int], ...] = ()  # (end of "off" comment, start of "on" or EOF)
    warnings: tuple[str, ...] = ()  # "line 3: unknown problem 'divergnt' in quotecheck comment"


def parse_directives(source: str, quote_starts: Iterable[int] | None = None) -> Directives:
    """The suppression comments of ``source``, each ``ignore`` bound to its next quote.

    ``quote_starts`` are the start offsets of the article's quotes (``Quote.start``);
    give them for an exact binding (``suppressed_quote_ids`` does). Without them the
    quotes are found by the pure mark scanner on ``source``, which is what the
    pipeline sees for plain text.
    """
    ignores: list[tuple[int, int, frozenset[str] | None]] = []
    regions: list[tuple[int, int]] = []
    warnings: list[str] = []
    off_at: int | None = None  # end of the "off" comment of the open region
    for match in _COMMENT.finditer(source):
        words = _NAME_SEPARATOR.split(match.group("body").strip())
        command, names = words[0].lower(), [word for word in words[1:] if word]
        where = f"line {source.count(chr(10), 0, match.start()) + 1}"
        if command == "ignore":
            problems = _problems(names, where, warnings)
            if problems is not None and not problems:
                continue  # only misspelt names: suppress nothing (warned)
            ignores.append((match.start(), match.end(), problems))
        elif command in ("off", "on") and names:
            warnings.append(f"{where}: 'quotecheck: {command}' takes no names, comment ignored")
        elif command == "off":
            if off_at is None:  # a second "off" inside a region changes nothing
                off_at = match.end()
        elif command == "on":
            if off_at is not None:
                regions.append((off_at, match.start()))
                off_at = None
        else:
            warnings.append(f"{where}: unknown quotecheck comment '{_one_line(match.group('body'))}'")
    if off_at is not None:
        regions.append((off_at, len(source)))
    return Directives(_bind(source, ignores, quote_starts), tuple(regions), tuple(warnings))


def _problems(names: list[str], where: str, warnings: list[str]) -> frozenset[str] | None:
    if not names:
        return None
    known = set()
    for name in names:
        normalised = _normalise(name)
        if normalised in PROBLEMS:
            known.add(normalised)
        elif normalised in _NOT_PROBLEMS:
            warnings.append(f"{where}: '{name}' is never a problem, nothing to ignore")
        else:
            choices = ", ".join(sorted(PROBLEMS))
            warnings.append(f"{where}: unknown problem '{name}' in quotecheck comment (one of {choices})")
    return frozenset(known)


def _bind(
    source: str,
    ignores: Sequence[tuple[int, int, frozenset[str] | None]],
    quote_starts: Iterable[int] | None,
) -> tuple[Ignore, ...]:
    if not ignores:
        return ()
    if quote_starts is None:
        quote_starts = (span.start for span in scan_quotes(source)[0])
    starts = sorted(set(quote_starts))
    paragraphs = [
        (paragraph.end, not _COMMENT.sub("", source[paragraph.start : paragraph.end]).strip())
        for paragraph in split_paragraphs(source)
    ]
    paragraph_ends = [end for end, _ in paragraphs]
    bound = []
    for start, end, problems in ignores:
        reach = _reach(paragraphs, paragraph_ends, end, len(source))
        after = bisect.bisect_left(starts, end)
        target = starts[after] if after < len(starts) and starts[after] < reach else None
        bound.append(Ignore(start, end, problems, reach, target))
    return tuple(bound)


def _reach(
    paragraphs: Sequence[tuple[int, bool]], paragraph_ends: Sequence[int], offset: int, text_end: int
) -> int:
    """End of the paragraph after the one holding ``offset`` (the text's end if none).

    Paragraphs holding nothing but quotecheck comments do not count, so stacked
    comments (one a line) all reach the quote below them.
    """
    index = bisect.bisect_left(paragraph_ends, offset) + 1  # after the comment's own paragraph
    while index < len(paragraphs) and paragraphs[index][1]:
        index += 1
    return paragraphs[index][0] if index < len(paragraphs) else text_end


def is_suppressed(directives: Directives, quote_start: int, problem: str) -> bool:
    """Whether ``problem`` of the quote starting at ``quote_start`` is suppressed."""
    name = _problem_name(problem)
    if name is None:
        return False
    if _in_off_region(directives, quote_start):
        return True
    return any(
        ignore.target == quote_start and (ignore.problems is None or name in ignore.problems)
        for ignore in directives.ignores
    )


def anomaly_suppressed(directives: Directives, offset: int) -> bool:
    """Whether an unbalanced-mark warning at ``offset`` is suppressed.

    Inside an off region it is; so is one between an ``ignore`` comment (for every
    problem, or naming ``unbalanced``) and its next quote, the quote's opening mark
    included -- or, when no quote follows, anywhere up to the comment's reach.
    """
    if _in_off_region(directives, offset):
        return True
    for ignore in directives.ignores:
        if ignore.problems is not None and "unbalanced" not in ignore.problems:
            continue
        limit = ignore.target if ignore.target is not None else ignore.reach - 1
        if ignore.end <= offset <= limit:
            return True
    return False


def suppressed_quote_ids(document: Document, quotes: Sequence[Quote]) -> dict[str, frozenset[str] | None]:
    """Quote id -> the problems suppressed for it (None: all), for quotes with any."""
    directives = parse_directives(document.source, [quote.start for quote in quotes])
    out: dict[str, frozenset[str] | None] = {}
    for quote in quotes:
        if _in_off_region(directives, quote.start):
            out[quote.id] = None
            continue
        suppressed: set[str] = set()
        for ignore in directives.ignores:
            if ignore.target != quote.start:
                continue
            if ignore.problems is None:
                out[quote.id] = None
                break
            suppressed |= ignore.problems
        else:
            if suppressed:
                out[quote.id] = frozenset(suppressed)
    return out


def _in_off_region(directives: Directives, offset: int) -> bool:
    return any(start <= offset < end for start, end in directives.off_regions)


def _problem_name(problem: str) -> str | None:
    # Verdict is a str Enum whose hash is its member name's, so compare by value.
    name = _normalise(problem.value if isinstance(problem, Enum) else problem)
    if name in PROBLEMS:
        return name
    if name in _NOT_PROBLEMS:
        return None
    raise ValueError(f"unknown problem {problem!r}: one of {', '.join(sorted(PROBLEMS))}")


def _normalise(name: str) -> str:
    return name.strip().lower().replace("-", "_")


def _one_line(text: str) -> str:
    return " ".join(text.split())
