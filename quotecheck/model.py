"""Plain data shared by every stage of the pipeline.

Every span is a pair of Python string indices ``(start, end)`` into one decoded
article text, end exclusive. Nothing here imports spaCy or knows about output
formats, so the core stays usable (and testable) as plain Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, IntEnum

Span = tuple[int, int]


class QuoteKind(str, Enum):
    """What a pair of quotation marks holds."""

    SPEECH = "speech"  # a full quotation: one or more sentences of somebody's words
    PARTIAL = "partial"  # quoted words inside the writer's own sentence
    SCARE = "scare"  # a word or term in quotes that nobody is quoted as saying
    TITLE = "title"  # a title of a work, slogan or name in quotes


class SpeakerMethod(str, Enum):
    """How the canonical speaker name was reached from the mention."""

    NAMED = "named"  # the mention is itself the full name
    SURNAME = "surname"  # surname or title + surname -> full name mentioned elsewhere
    PRONOUN = "pronoun"  # he/she/they -> the person from context
    ROLE = "role"  # "the president" -> the person the article says holds that role
    CARRIED_OVER = "carried-over"  # a quote paragraph continuing the previous speaker
    DESCRIPTION = "description"  # a noun phrase naming nobody ("a spokesman", "officials")


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded article: the text every offset points into.

    For Markdown and HTML, ``text`` is the file with its markup blanked out (same
    length; HTML block tags may become line breaks), so every offset is also one in
    ``original``, the decoded file as it is, and lines and columns are counted there.
    ``original`` is None when the two are the same (plain text) or when no such
    mapping exists (.docx, whose ``text`` is its paragraphs, one a line).
    """

    path: str
    text: str
    original: str | None = None

    @property
    def source(self) -> str:
        """The decoded file as written, for suppression comments and line excerpts."""
        return self.original if self.original is not None else self.text

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset, in the file as written."""
        source = self.source
        line = source.count("\n", 0, offset) + 1
        line_start = source.rfind("\n", 0, offset) + 1
        return line, offset - line_start + 1


@dataclass(frozen=True, slots=True)
class Anomaly:
    """Something odd about the quotation marks that a reader should look at."""

    kind: str  # "unclosed" | "unopened"
    offset: int  # where the offending mark is
    message: str


class _Segmented:
    """``start``/``end`` of anything made of ``segments``: quotes and their spans."""

    __slots__ = ()
    segments: tuple[Span, ...]

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]


@dataclass(frozen=True, slots=True)
class QuoteSpan(_Segmented):
    """A quotation as found by the mark scanner, before any language analysis.

    ``segments`` hold the quoted words only (marks excluded). A quote
    interrupted by its attribution, or running over several paragraphs, has
    several segments.
    """

    segments: tuple[Span, ...]
    mark: str  # the opening mark of the first segment
    nested: bool = False  # a single-quoted quote inside a double-quoted one
    closed: bool = True  # False when the closing mark is missing

    @property
    def is_double(self) -> bool:
        return self.mark in DOUBLE_OPENERS


# Opening marks of double quotes, including the ones used backwards (German »…«, typos ”…”).
DOUBLE_OPENERS = frozenset('"“„«»”')


@dataclass(frozen=True, slots=True)
class Cue:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str  # canonical: "Luis Arce"
    mention: str  # as written where attributed: "he"
    start: int
    end: int
    method: SpeakerMethod
    is_person: bool = True


@dataclass(frozen=True, slots=True)
class Quote(_Segmented):
    id: str
    kind: QuoteKind
    segments: tuple[Span, ...]
    text: str
    line: int
    column: int
    cue: Cue | None = None
    speaker: Speaker | None = None
    nested: bool = False

    @property
    def is_attributed(self) -> bool:
        return self.speaker is not None


@dataclass(slots=True)
class ExtractResult:
    """All that ``extract`` found in one article."""

    document: Document
    quotes: list[Quote] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)


# -- checking quotes against a reference corpus ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of a reference file said by one speaker: a paragraph, a transcript turn,
    a run of subtitle cues by one voice."""

    source: str  # path of the reference file, as given
    text: str
    speaker: str | None = None  # as the reference names it; None when it does not say
    line: int | None = None  # 1-based line in the source file where the passage starts
    offset: int | None = None  # character offset of ``text`` in the source file's decoded text
    time_start: float | None = None  # seconds, for timed transcripts
    time_end: float | None = None
    position: int = 0  # ordinal of the passage within its source file


class Verdict(str, Enum):
    VERBATIM = "verbatim"  # same words, after normalising marks, case and whitespace
    EDITORIAL = "editorial"  # only style-guide edits: ellipsis for omissions, [brackets]
    DIVERGENT = "divergent"  # words changed, added, dropped or reordered
    NOT_FOUND = "not_found"  # nothing in the corpus is close enough
    MISATTRIBUTED = "misattributed"  # the wording is found, but another speaker said it


class Severity(str, Enum):
    MINOR = "minor"  # function words only
    MAJOR = "major"  # other content words
    CRITICAL = "critical"  # a negation flipped, a number or a name changed


@dataclass(frozen=True, slots=True)
class DiffOp:
    """One word-level operation turning the source wording into the quoted one."""

    op: str  # "equal" | "delete" (in source, not in quote) | "insert" | "replace"
    source: str  # the source words ("" for insert)
    quote: str  # the quoted words ("" for delete)
    editorial: bool = False  # covered by an ellipsis or [brackets] in the quote


@dataclass(frozen=True, slots=True)
class Match:
    """Where the quoted words were found."""

    passage: Passage
    start: int  # character offsets of the aligned words within ``passage.text``
    end: int
    score: float  # 0-100, rapidfuzz partial-ratio of the alignment

    @property
    def text(self) -> str:
        return self.passage.text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Finding:
    """The verdict on one quote."""

    quote_id: str
    verdict: Verdict
    severity: Severity | None = None  # set for divergent (and misattributed) quotes
    match: Match | None = None
    diff: tuple[DiffOp, ...] = ()
    reasons: tuple[str, ...] = ()  # short explanations: "negation flipped: not -> ''"


class Level(IntEnum):
    """How grave a finding is, for ``--fail-on``; the order is the contract (README)."""

    OK = 0
    MINOR = 1  # divergent, function words only
    MAJOR = 2  # divergent, content words
    NOT_FOUND = 3  # nothing in the corpus is close enough
    MISATTRIBUTED = 4  # found in another speaker's mouth
    CRITICAL = 5  # divergent: a negation, a number or a name changed


# --fail-on NAME: exit 1 when some finding's level is at least this. "never" is above all.
FAIL_ON_CHOICES: dict[str, int] = {
    "divergent": Level.MINOR,  # the default: anything that is not verbatim or editorial
    "minor": Level.MINOR,
    "major": Level.MAJOR,
    "not_found": Level.NOT_FOUND,
    "misattributed": Level.MISATTRIBUTED,
    "critical": Level.CRITICAL,
    "never": max(Level) + 1,
}


def level_of(finding: Finding) -> Level:
    if finding.verdict is Verdict.NOT_FOUND:
        return Level.NOT_FOUND
    if finding.verdict is Verdict.MISATTRIBUTED:
        return Level.CRITICAL if finding.severity is Severity.CRITICAL else Level.MISATTRIBUTED
    if finding.verdict is Verdict.DIVERGENT:
        return {
            Severity.CRITICAL: Level.CRITICAL,
            Severity.MAJOR: Level.MAJOR,
            Severity.MINOR: Level.MINOR,
        }.get(finding.severity or Severity.MAJOR, Level.MAJOR)
    return Level.OK


@dataclass(slots=True)
class CheckResult:
    """One article's quotes and, once checked, the finding on each checked quote."""

    extracted: ExtractResult
    findings: dict[str, Finding] = field(default_factory=dict)  # by quote id
    checked: bool = False  # False for a plain extract run
    # Quote id -> problems silenced by a '<!-- quotecheck: ignore … -->' comment
    # (None: all of them): divergent, not_found, misattributed, unattributed.
    suppressed: dict[str, frozenset[str] | None] = field(default_factory=dict)

    def is_suppressed(self, quote_id: str, problem: str) -> bool:
        if quote_id not in self.suppressed:
            return False
        names = self.suppressed[quote_id]
        return names is None or problem in names

    def worst(self) -> Level:
        return max(
            (
                level_of(finding)
                for quote_id, finding in self.findings.items()
                if not self.is_suppressed(quote_id, finding.verdict.value)
            ),
            default=Level.OK,
        )
