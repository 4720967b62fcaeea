"""The reportable problems of a run, flattened for the annotation formats.

``problems(results)`` turns check (or extract) results into one :class:`Problem` per
thing a reviewer should look at, with every position the SARIF, GitHub and reviewdog
renderers need already computed, so those renderers only choose field names. It is
pure: it reads nothing but the results. Paths stay as given; ``report_path`` makes
them relative to the working directory for the formats that want that.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from quotecheck.model import (
    Anomaly,
    CheckResult,
    Document,
    Finding,
    Quote,
    QuoteKind,
    Severity,
    Verdict,
)
from quotecheck.report.json_report import match_to_dict
from quotecheck.report.table_report import inline_diff, shorten

# SARIF's level names; the other formats map them to their own words.
ERROR = "error"
WARNING = "warning"
NOTE = "note"

# Quote and source excerpts in messages: long enough to recognise, short enough for one line.
EXCERPT_WIDTH = 160


@dataclass(frozen=True, slots=True)
class Rule:
    """One kind of problem: a stable id that code scanning tracks alerts by."""

    id: str
    name: str  # PascalCase, SARIF's reportingDescriptor.name
    title: str  # one short line: SARIF shortDescription, the GitHub annotation title
    description: str  # a sentence or two: SARIF fullDescription
    help: str  # what to do about it, plain text
    level: str  # the default level; a result may be less grave (divergent minor)
    tags: tuple[str, ...]


DIVERGENT = Rule(
    id="quotecheck.divergent",
    name="DivergentQuote",
    title="Quote differs from the source",
    description=(
        "The quoted words were found in the reference corpus, said by the attributed speaker, but "
        "with words changed, added, dropped or reordered beyond an ellipsis or [bracketed] words. "
        "Major when content words differ, minor when only function words do."
    ),
    help=(
        "Compare the quote with the source passage shown in the message and its word diff "
        "([-source-] {+quote+}). Quote the speaker's exact words, mark omissions with an ellipsis "
        "and insertions with [brackets], or paraphrase without quotation marks."
    ),
    level=WARNING,
    tags=("quotation", "accuracy", "misquote"),
)
CRITICAL_DIVERGENCE = Rule(
    id="quotecheck.critical-divergence",
    name="CriticalDivergence",
    title="Quote changes a negation, number or name",
    description=(
        "The quote differs from the source in a way that can reverse or falsify its meaning: a "
        "negation is added or dropped (also by an ellipsis, or by starting the quote right after "
        "the speaker's 'not'), or a number or a name is changed."
    ),
    help=(
        "Check the quote against the source passage shown in the message: the word diff marks the "
        "changed negation, number or name. Correct the quote to the speaker's words."
    ),
    level=ERROR,
    tags=("quotation", "accuracy", "misquote"),
)
NOT_FOUND = Rule(
    id="quotecheck.not-found",
    name="QuoteNotFound",
    title="Quote not found in the reference corpus",
    description=(
        "Nothing in the reference corpus is close enough to the quoted words: the quote may be "
        "invented or heavily altered, or its source is missing from the corpus."
    ),
    help=(
        "Find the recording, transcript or statement the quote comes from and add it to the "
        "reference corpus, or correct or remove the quote."
    ),
    level=WARNING,
    tags=("quotation", "sourcing"),
)
MISATTRIBUTED = Rule(
    id="quotecheck.misattributed",
    name="MisattributedQuote",
    title="Quote attributed to the wrong speaker",
    description=(
        "The quoted words were found in the reference corpus, but the source gives them to "
        "another speaker than the one the article names."
    ),
    help=(
        "Check who said these words in the source passage shown in the message, and attribute the "
        "quote to that speaker."
    ),
    level=ERROR,
    tags=("quotation", "attribution"),
)
UNATTRIBUTED = Rule(
    id="quotecheck.unattributed-quote",
    name="UnattributedQuote",
    title="Quotation with no speaker",
    description=(
        "A quotation (a full quote or quoted words in the writer's sentence) for which no speaker "
        "could be found in the article."
    ),
    help=(
        "Say who is speaking next to the quote (a name and a verb of saying), or, if the words are "
        "not anybody's, drop the quotation marks."
    ),
    level=NOTE,
    tags=("quotation", "attribution"),
)
UNBALANCED = Rule(
    id="quotecheck.unbalanced-quotes",
    name="UnbalancedQuotes",
    title="Unbalanced quotation marks",
    description=(
        "An opening quotation mark that is never closed, or a closing mark with no opening one. "
        "Where a quotation starts or ends is then a guess."
    ),
    help="Add the missing quotation mark, or remove the stray one.",
    level=WARNING,
    tags=("quotation", "typography"),
)

# Always reported in this order (SARIF's rules array, ruleIndex points into it).
RULES: tuple[Rule, ...] = (
    DIVERGENT,
    CRITICAL_DIVERGENCE,
    NOT_FOUND,
    MISATTRIBUTED,
    UNATTRIBUTED,
    UNBALANCED,
)
RULE_INDEX: dict[str, int] = {rule.id: index for index, rule in enumerate(RULES)}

# Quotes that are somebody's words; scare quotes and titles are nobody's to attribute.
_QUOTATION_KINDS = frozenset({QuoteKind.SPEECH, QuoteKind.PARTIAL})


@dataclass(frozen=True, slots=True)
class Source:
    """The reference passage a finding rests on: the related location of an alert."""

    path: str  # the reference file, as the corpus gives it
    line: int | None  # 1-based line of the matched words, when the reader knows it
    speaker: str | None
    text: str  # the matched words of the passage


@dataclass(frozen=True, slots=True)
class Problem:
    """One reportable problem at one place in one article.

    ``start``/``end`` are Python string indices into ``document.text`` (end exclusive).
    Lines are 1-based. ``start_column``/``end_column`` count UTF-16 code units (a character
    outside the BMP counts 2), as SARIF and GitHub do, 1-based, end exclusive;
    ``*_byte_column`` count UTF-8 bytes, as reviewdog does. ``char_offset``/``char_length``
    are in UTF-16 code units too, consistent with the columns.
    """

    rule: Rule
    level: str
    message: str
    path: str
    start: int
    end: int
    start_line: int
    start_column: int
    end_line: int
    end_column: int
    start_byte_column: int
    end_byte_column: int
    char_offset: int
    char_length: int
    excerpt: str  # the quoted words, or the line of a stray mark: what the alert is about
    quote: Quote | None = None
    finding: Finding | None = None
    anomaly: Anomaly | None = None
    source: Source | None = None

    @property
    def rule_id(self) -> str:
        return self.rule.id


def utf16_length(text: str) -> int:
    # surrogatepass: a lone surrogate is one code unit, never an encoding error.
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def utf8_length(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _position_text(document: Document) -> str:
    # Markdown and HTML articles blank their markup in ``text``; columns must count the
    # characters of the file as written (an emoji in a tag is 2 UTF-16 units, its blank 1).
    source = document.source
    return source if len(source) == len(document.text) else document.text


def _where(text: str, offset: int) -> tuple[int, int, int]:
    """Line, UTF-16 column and UTF-8 byte column (all 1-based) of a character offset."""
    line = text.count("\n", 0, offset) + 1
    line_start = text.rfind("\n", 0, offset) + 1
    before = text[line_start:offset]
    return line, utf16_length(before) + 1, utf8_length(before) + 1


def _flat(text: str) -> str:
    return " ".join(text.split())


def _make(
    rule: Rule,
    level: str,
    message: str,
    document: Document,
    start: int,
    end: int,
    excerpt: str,
    *,
    quote: Quote | None = None,
    finding: Finding | None = None,
    anomaly: Anomaly | None = None,
    source: Source | None = None,
) -> Problem:
    text = _position_text(document)
    start_line, start_column, start_bytes = _where(text, start)
    end_line, end_column, end_bytes = _where(text, end)
    return Problem(
        rule=rule,
        level=level,
        message=message,
        path=document.path,
        start=start,
        end=end,
        start_line=start_line,
        start_column=start_column,
        end_line=end_line,
        end_column=end_column,
        start_byte_column=start_bytes,
        end_byte_column=end_bytes,
        char_offset=utf16_length(text[:start]),
        char_length=utf16_length(text[start:end]),
        excerpt=excerpt,
        quote=quote,
        finding=finding,
        anomaly=anomaly,
        source=source,
    )


def _source(finding: Finding) -> Source | None:
    if finding.match is None:
        return None
    # The JSON report already knows the line of the matched words inside a passage.
    fields = match_to_dict(finding.match)
    return Source(fields["source"], fields["line"], fields["speaker"], fields["text"])


def _cite(source: Source) -> str:
    where = source.path if source.line is None else f"{source.path}:{source.line}"
    who = f" ({source.speaker})" if source.speaker else ""
    return f'Source: {where}{who}: "{shorten(source.text, EXCERPT_WIDTH)}"'


def _has_changes(finding: Finding) -> bool:
    return any(op.op != "equal" for op in finding.diff)


def _finding_problem(document: Document, quote: Quote, finding: Finding) -> Problem | None:
    source = _source(finding)
    reasons = "; ".join(finding.reasons)
    if finding.verdict is Verdict.DIVERGENT:
        severity = finding.severity or Severity.MAJOR  # level_of reads a missing severity as major
        rule = CRITICAL_DIVERGENCE if severity is Severity.CRITICAL else DIVERGENT
        level = {Severity.CRITICAL: ERROR, Severity.MAJOR: WARNING, Severity.MINOR: NOTE}[severity]
        parts = [f"Quote differs from the source ({severity.value})" + (f": {reasons}" if reasons else "")]
        if source is not None:
            parts.append(_cite(source))
        parts.append(f"Diff: {inline_diff(finding.diff)}")
    elif finding.verdict is Verdict.MISATTRIBUTED:
        rule, level = MISATTRIBUTED, ERROR
        said_by = quote.speaker.name if quote.speaker is not None else "nobody"
        theirs = source.speaker if source is not None and source.speaker else "another speaker"
        headline = f"Quote attributed to {said_by}, but the source gives it to {theirs}"
        # The first reason restates the speakers; keep the ones about the wording.
        wording = [r for r in finding.reasons if not r.startswith("speaker differs")]
        if finding.severity is not None:
            headline += f"; the wording differs too ({finding.severity.value})"
        if wording:
            headline += ": " + "; ".join(wording)
        parts = [headline]
        if source is not None:
            parts.append(_cite(source))
        if _has_changes(finding):
            parts.append(f"Diff: {inline_diff(finding.diff)}")
    elif finding.verdict is Verdict.NOT_FOUND:
        rule, level = NOT_FOUND, WARNING
        who = f" (attributed to {quote.speaker.name})" if quote.speaker is not None else ""
        parts = [
            f'Quote not found in the reference corpus{who}: "{shorten(quote.text, EXCERPT_WIDTH)}"'
            + (f"; {reasons}" if reasons else "")
        ]
    else:  # verbatim and editorial quotes are fine
        return None
    # One line whatever the passage or the quote holds (both may span lines).
    message = _flat(". ".join(parts))
    return _make(
        rule,
        level,
        message,
        document,
        quote.start,
        quote.end,
        quote.text,
        quote=quote,
        finding=finding,
        source=source,
    )


def _unattributed_problem(document: Document, quote: Quote) -> Problem:
    message = f'Quotation with no identifiable speaker: "{shorten(quote.text, EXCERPT_WIDTH)}"'
    return _make(UNATTRIBUTED, NOTE, message, document, quote.start, quote.end, quote.text, quote=quote)


def _anomaly_problem(document: Document, anomaly: Anomaly) -> Problem:
    text = document.text
    line_start = text.rfind("\n", 0, anomaly.offset) + 1
    line_end = text.find("\n", anomaly.offset)
    # The stray mark's line, so a fingerprint survives edits elsewhere in the article.
    line = text[line_start : len(text) if line_end < 0 else line_end]
    end = min(anomaly.offset + 1, len(text))  # the mark itself
    message = f"Unbalanced quotation marks: {_flat(anomaly.message)}"
    return _make(
        UNBALANCED,
        WARNING,
        message,
        document,
        anomaly.offset,
        end,
        f"{anomaly.kind}: {line}",
        anomaly=anomaly,
    )


def _document_problems(result: CheckResult) -> Iterator[Problem]:
    extracted = result.extracted
    document = extracted.document
    for quote in extracted.quotes:
        finding = result.findings.get(quote.id) if result.checked else None
        if finding is not None and not result.is_suppressed(quote.id, finding.verdict.value):
            problem = _finding_problem(document, quote, finding)
            if problem is not None:
                yield problem
        if (
            quote.speaker is None
            and quote.kind in _QUOTATION_KINDS
            and not quote.nested
            and not result.is_suppressed(quote.id, "unattributed")
        ):
            yield _unattributed_problem(document, quote)
    for anomaly in extracted.anomalies:
        yield _anomaly_problem(document, anomaly)


def problems(results: Sequence[CheckResult]) -> list[Problem]:
    """Every reportable problem, file by file in the given order, then by position."""
    out: list[Problem] = []
    for result in results:
        found = list(_document_problems(result))
        found.sort(key=lambda p: (p.start, p.end, RULE_INDEX[p.rule.id]))
        out.extend(found)
    return out


def report_path(path: str, cwd: str | None = None) -> tuple[str, bool]:
    """``(path, inside)``: the path relative to ``cwd`` (default: the working directory) with
    forward slashes when the file is under it (repo-relative when run from the repo root);
    otherwise the absolute path, and ``inside`` is False."""
    base = os.path.abspath(cwd if cwd is not None else os.getcwd())
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, base)
    except ValueError:  # Windows: another drive
        return Path(absolute).as_posix(), False
    if relative == os.pardir or relative.startswith(os.pardir + os.sep) or os.path.isabs(relative):
        return Path(absolute).as_posix(), False
    return Path(relative).as_posix(), True
