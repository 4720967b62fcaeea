"""The match stage: each extracted quote against the reference corpus.

read -> detect -> attribute -> **match** -> report. For every quotation (speech or
partial quote; scare quotes and titles quote nobody) the index proposes candidate
passages, :mod:`quotecheck.align` finds the best-aligned span in each and judges
the best one. The attributed speaker's passages win ties, but every speaker's
passages are searched, which is how a misattribution shows up.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

from quotecheck.align import MIN_SCORE, best_span, judge, same_speaker
from quotecheck.model import (
    CheckResult,
    ExtractResult,
    Finding,
    Passage,
    Quote,
    QuoteKind,
    Verdict,
)

CHECKED_KINDS = frozenset({QuoteKind.SPEECH, QuoteKind.PARTIAL})
# Candidates asked of the index per quote; alignment is cheap, retrieval is the filter.
CANDIDATES = 20
# Points of alignment score the attributed speaker's passage may trail and still win.
SPEAKER_PREFERENCE = 2.0


class CandidateSource(Protocol):
    def candidates(self, quote_text: str, speaker: str | None = None, limit: int = 20) -> list[Passage]: ...


def check_quote(quote: Quote, source: CandidateSource) -> Finding:
    """The verdict on one quote: best-aligned candidate passage, judged."""
    speaker = quote.speaker.name if quote.speaker is not None and quote.speaker.is_person else None
    best: tuple[float, Passage, int, int] | None = None
    for passage in source.candidates(quote.text, speaker=speaker, limit=CANDIDATES):
        start, end, score = best_span(quote.text, passage.text)
        if best is None or _better(score, passage, best, speaker):
            best = (score, passage, start, end)
    if best is None or best[0] < MIN_SCORE:
        return Finding(quote.id, Verdict.NOT_FOUND, reasons=("no passage of the corpus is close enough",))
    score, passage, start, end = best
    finding = judge(quote.text, passage, start, end, score, speaker)
    return Finding(quote.id, finding.verdict, finding.severity, finding.match, finding.diff, finding.reasons)


def _better(
    score: float, passage: Passage, best: tuple[float, Passage, int, int], speaker: str | None
) -> bool:
    best_score, best_passage = best[0], best[1]
    if speaker is not None:
        mine, theirs = _said_by(passage, speaker), _said_by(best_passage, speaker)
        if mine and not theirs:
            return score >= best_score - SPEAKER_PREFERENCE
        if theirs and not mine:
            return score > best_score + SPEAKER_PREFERENCE
    return score > best_score


def _said_by(passage: Passage, speaker: str) -> bool:
    # The same comparison judge() uses to call a quote misattributed.
    return same_speaker(passage.speaker, speaker) is True


def check_results(results: Iterable[ExtractResult], source: CandidateSource) -> Iterator[CheckResult]:
    for extracted in results:
        checked = CheckResult(extracted, checked=True)
        for quote in checkable(extracted.quotes):
            checked.findings[quote.id] = check_quote(quote, source)
        yield checked


def checkable(quotes: Sequence[Quote]) -> list[Quote]:
    return [quote for quote in quotes if quote.kind in CHECKED_KINDS and not quote.nested]
