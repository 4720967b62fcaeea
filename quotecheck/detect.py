"""Find quotation-mark pairs in plain text: a pure, language-model-free scanner.

The scanner works paragraph by paragraph so that one stray mark can only
confuse its own paragraph. It knows the newspaper conventions that trip up a
naive "pair the marks" approach:

* a quote running over several paragraphs has an opening mark on each
  paragraph and a closing mark only on the last;
* a quote interrupted by its attribution (``"…," he said. "…"``) is one quote
  with two segments;
* an apostrophe (``don’t``, ``Arce’s``, ``the 1990s’``, ``’90s``) is not a mark.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from quotecheck.model import Anomaly, Paragraph, QuoteSpan, Span

DOUBLE_MARKS = frozenset('"“”„«»')
SINGLE_MARKS = frozenset("'‘’‹›")
_DEFINITE_OPENERS = frozenset("“„«‘‹")
_DEFINITE_CLOSERS = frozenset("”»’›")
# Characters after which a mark is at the start of something (so may open).
_OPEN_CONTEXT = frozenset("([{<—–-/\u00a0")
# Characters before which a mark is at the end of something (so may close).
_CLOSE_CONTEXT = frozenset(".,;:!?)]}>—–-/…\u00a0")

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")
_NEWLINE = re.compile(r"\n")
# Hard-wrapped prose keeps lines under ~100 characters; a few longer ones (URLs,
# tables) may remain.
WRAPPED_LINE_MAX = 100
LONG_LINE_SHARE = 0.1
_ELISION = re.compile(r"(?:\d\d(?:s\b|\b)|em\b|til\b|tis\b|twas\b|cause\b|n\b)", re.IGNORECASE)


def split_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs separated by blank lines, or by single newlines when the text is not
    hard-wrapped.

    Hard-wrapped text (Markdown at 80 columns) keeps its paragraphs whole, while
    one-paragraph-per-line text (many news feeds) is still split, even when a
    stray blank line appears somewhere in it.
    """
    breaker = _BLANK_LINE if is_hard_wrapped(text) else _NEWLINE
    paragraphs: list[Paragraph] = []
    position = 0
    for match in breaker.finditer(text):
        _append_trimmed(paragraphs, text, position, match.start())
        position = match.end()
    _append_trimmed(paragraphs, text, position, len(text))
    return paragraphs


def is_hard_wrapped(text: str) -> bool:
    """Are paragraphs separated by blank lines, single newlines being mere line wraps?

    Wrapped text has blank lines between paragraphs and almost no line longer than
    a terminal; text with one paragraph per line has long lines whatever its
    occasional blank line says.
    """
    if not _BLANK_LINE.search(text):
        return False
    lengths = [len(line) for line in text.splitlines() if line.strip()]
    too_long = sum(length > WRAPPED_LINE_MAX for length in lengths)
    return too_long <= LONG_LINE_SHARE * len(lengths)


def _append_trimmed(out: list[Paragraph], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Paragraph(start, end))


@dataclass(frozen=True, slots=True)
class _Mark:
    offset: int
    char: str
    can_open: bool
    can_close: bool


def _classify_mark(text: str, offset: int, lower: int, upper: int) -> _Mark:
    """Decide from its neighbours whether a mark may open and/or close a quote."""
    char = text[offset]
    before = text[offset - 1] if offset > lower else " "
    after = text[offset + 1] if offset + 1 < upper else " "
    open_left = before.isspace() or before in _OPEN_CONTEXT or before in DOUBLE_MARKS | SINGLE_MARKS
    close_right = after.isspace() or after in _CLOSE_CONTEXT or after in DOUBLE_MARKS | SINGLE_MARKS
    can_open = open_left and not after.isspace()
    can_close = close_right and not before.isspace()
    if char in _DEFINITE_OPENERS and not (can_close and not can_open):
        return _Mark(offset, char, True, False)
    if char in _DEFINITE_CLOSERS and not (can_open and not can_close):
        return _Mark(offset, char, False, True)
    if not can_open and not can_close:
        # A mark floating between spaces, or glued on both sides: let the
        # pairing state decide.
        can_open = can_close = True
    return _Mark(offset, char, can_open, can_close)


def _is_apostrophe(text: str, offset: int, lower: int, upper: int) -> bool:
    """True for a single mark that is really an apostrophe."""
    before = text[offset - 1] if offset > lower else " "
    after = text[offset + 1] if offset + 1 < upper else " "
    if before.isalnum() and after.isalnum():
        return True  # don’t, Arce’s, rock’n’roll
    if text[offset] in "'‘’" and (before.isspace() or offset == lower):
        # ’90s, ’em, ’til: an elision at the start of a word.
        return bool(_ELISION.match(text, offset + 1, upper))
    return False


def _is_markup_attribute(text: str, offset: int, lower: int) -> bool:
    """``pic="…"`` in leftover HTML/XML markup is not a quotation."""
    return text[offset] == '"' and offset > lower and text[offset - 1] == "="


def _is_plural_possessive(text: str, offset: int, lower: int) -> bool:
    return offset > lower and text[offset - 1] in "sSzZ" and text[offset] in "'’"


@dataclass(slots=True)
class _OpenQuote:
    mark: str
    segments: list[Span]
    segment_start: int


class QuoteScanner:
    """Pairs quotation marks in one text. Use :func:`scan_quotes`."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.quotes: list[QuoteSpan] = []
        self.anomalies: list[Anomaly] = []

    def run(self) -> None:
        paragraphs = split_paragraphs(self.text)
        carried: _OpenQuote | None = None
        for index, paragraph in enumerate(paragraphs):
            following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            carried = self._scan_paragraph(paragraph, carried, following)
        self.quotes.sort(key=lambda quote: quote.start)
        self._scan_single_quotes(paragraphs)
        self.quotes.sort(key=lambda quote: (quote.start, quote.nested))

    # -- double marks -----------------------------------------------------------------
    def _scan_paragraph(
        self, paragraph: Paragraph, carried: _OpenQuote | None, following: Paragraph | None
    ) -> _OpenQuote | None:
        text = self.text
        lower, upper = paragraph.start, paragraph.end
        stack: list[_OpenQuote] = []  # more than one entry: double quotes nested in double
        attribute_end = -1  # the closing mark of a markup attribute value, pic="…"
        for offset in range(lower, upper):
            if text[offset] not in DOUBLE_MARKS or offset == attribute_end:
                continue
            if _is_markup_attribute(text, offset, lower):
                attribute_end = text.find('"', offset + 1, upper)
                continue
            mark = _classify_mark(text, offset, lower, upper)
            if carried is not None:
                # A continued quote must reopen at the start of this paragraph.
                if mark.can_open and offset == lower:
                    carried.segment_start = offset + 1
                    stack.append(carried)
                    carried = None
                    continue
                self._close_unfinished(carried)
                carried = None
            if stack and mark.can_close:
                quote = stack.pop()
                quote.segments.append((quote.segment_start, offset))
                self._emit(quote, closed=True, nested=bool(stack))
            elif mark.can_open:
                stack.append(_OpenQuote(mark.char, [], offset + 1))
            else:
                self.anomalies.append(
                    Anomaly("unopened", offset, f"closing mark {mark.char} with no opening mark")
                )
        if carried is not None:
            self._close_unfinished(carried)
        if not stack:
            return None
        outermost = stack[0]
        for inner in stack[1:]:
            self._close_unfinished(inner, upto=upper, nested=True)
        if following is not None and len(stack) == 1 and text[following.start] in DOUBLE_MARKS:
            # Newspaper convention: the quote runs on into the next paragraph.
            segment_end = _rstrip(text, outermost.segment_start, upper)
            outermost.segments.append((outermost.segment_start, segment_end))
            return outermost
        self._close_unfinished(outermost, upto=upper)
        return None

    def _close_unfinished(self, quote: _OpenQuote, upto: int | None = None, nested: bool = False) -> None:
        if upto is not None:
            end = _rstrip(self.text, quote.segment_start, upto)
            if end > quote.segment_start:
                quote.segments.append((quote.segment_start, end))
        if not quote.segments:
            return
        self.anomalies.append(
            Anomaly(
                "unclosed",
                quote.segments[0][0] - 1,
                f"opening mark {quote.mark} is never closed",
            )
        )
        self._emit(quote, closed=False, nested=nested)

    def _emit(self, quote: _OpenQuote, closed: bool, nested: bool = False) -> None:
        segments = tuple((s, e) for s, e in quote.segments if e > s)
        if segments:
            self.quotes.append(QuoteSpan(segments, quote.mark, nested, closed))

    # -- single marks -----------------------------------------------------------------
    def _scan_single_quotes(self, paragraphs: Sequence[Paragraph]) -> None:
        """Pair single marks inside each double-quoted segment and in the text between."""
        outer = list(self.quotes)
        for quote in outer:
            for start, end in quote.segments:
                self._pair_singles(start, end, nested=True)
        for paragraph in paragraphs:
            for start, end in _gaps(paragraph, outer):
                self._pair_singles(start, end, nested=False)

    def _pair_singles(self, lower: int, upper: int, nested: bool) -> None:
        text = self.text
        marks: list[_Mark] = []
        for offset in range(lower, upper):
            if text[offset] in SINGLE_MARKS and not _is_apostrophe(text, offset, lower, upper):
                marks.append(_classify_mark(text, offset, lower, upper))
        open_mark: _Mark | None = None
        for position, mark in enumerate(marks):
            if open_mark is None:
                if mark.can_open and (mark.char in _DEFINITE_OPENERS or not mark.can_close):
                    open_mark = mark
                continue
            if not mark.can_close:
                if mark.char in _DEFINITE_OPENERS:
                    open_mark = mark
                continue
            if _is_plural_possessive(text, mark.offset, lower) and any(
                later.can_close and not _is_plural_possessive(text, later.offset, lower)
                for later in marks[position + 1 :]
            ):
                continue  # "the 1990s’ boom" — a later mark closes the quote
            segment = (open_mark.offset + 1, mark.offset)
            self._emit(_OpenQuote(open_mark.char, [segment], 0), closed=True, nested=nested)
            open_mark = None


def _gaps(paragraph: Paragraph, quotes: Iterable[QuoteSpan]) -> list[Span]:
    """The stretches of a paragraph outside every double-quoted segment (marks excluded)."""
    gaps: list[Span] = []
    position = paragraph.start
    for quote in quotes:
        for start, end in quote.segments:
            if end <= paragraph.start or start >= paragraph.end:
                continue
            if start - 1 > position:
                gaps.append((position, start - 1))
            position = max(position, end + 1)
    if position < paragraph.end:
        gaps.append((position, paragraph.end))
    return gaps


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def scan_quotes(text: str) -> tuple[list[QuoteSpan], list[Anomaly]]:
    """Every quotation-mark pair in ``text`` (double and nested single), and the anomalies."""
    scanner = QuoteScanner(text)
    scanner.run()
    return scanner.quotes, scanner.anomalies


def is_nickname(text: str, quote: QuoteSpan) -> bool:
    """One capitalised word quoted inside a name: Del. Marcia "Cia" Price."""
    content = text[quote.start : quote.end]
    if " " in content.strip() or not content[:1].isupper():
        return False
    before = text[max(0, quote.start - 20) : quote.start - 1].split()
    after = text[quote.end + 1 : quote.end + 20].split()
    return bool(before and after) and before[-1][:1].isupper() and after[0][:1].isupper()


def merge_interrupted(
    text: str, quotes: Sequence[QuoteSpan], is_attribution: Callable[[str], bool]
) -> list[QuoteSpan]:
    """Join ``"…," he said, "…"`` into one quote with two segments.

    ``is_attribution(gap_text)`` decides whether the words between two quotes of
    one paragraph are only an attribution clause; the lexicon lives elsewhere.
    """
    merged: list[QuoteSpan] = []
    last_top: int | None = None  # index in merged of the last top-level quote
    for quote in quotes:
        if quote.nested or is_nickname(text, quote):
            merged.append(quote)  # a nickname sits inside the attribution, not in the speech
            continue
        previous = merged[last_top] if last_top is not None else None
        if previous is not None and previous.closed and quote.is_double == previous.is_double:
            gap_start, gap_end = previous.end + 1, quote.start - 1
            gap = text[gap_start:gap_end]
            # A hard-wrapped line may break the clause, but a quote that opens a line
            # starts a paragraph of its own.
            if (
                gap_start < gap_end
                and not gap.rstrip(" \t").endswith("\n")
                and not _BLANK_LINE.search(gap)
                and is_attribution(gap)
            ):
                merged[last_top] = QuoteSpan(
                    previous.segments + quote.segments, previous.mark, False, quote.closed
                )
                continue
        merged.append(quote)
        last_top = len(merged) - 1
    return merged


# "PENCE:" or "SEN. SMITH:" opening a quoted transcript turn.
TRANSCRIPT_LABEL = re.compile(r"(?:[A-Z][A-Z.'\-]+ ){0,3}[A-Z][A-Z.'\-]+\s*:\s")


def split_transcript_turns(text: str, quotes: Sequence[QuoteSpan]) -> list[QuoteSpan]:
    """A transcript quoted over several paragraphs, each turn opening with its speaker's
    label ("WALLACE: …", "PENCE: …"), is one quote per turn, not one quote."""
    out: list[QuoteSpan] = []
    for quote in quotes:
        labelled = [bool(TRANSCRIPT_LABEL.match(text, start, end)) for start, end in quote.segments]
        if len(quote.segments) < 2 or sum(labelled) < 2:
            out.append(quote)
            continue
        turn: list[Span] = []
        for segment, starts_turn in zip(quote.segments, labelled, strict=True):
            if starts_turn and turn:
                out.append(QuoteSpan(tuple(turn), quote.mark, quote.nested, True))
                turn = []
            turn.append(segment)
        out.append(QuoteSpan(tuple(turn), quote.mark, quote.nested, quote.closed))
    return out
