"""Plain data shared by every stage of the pipeline.

Every span is a pair of Python string indices ``(start, end)`` into one decoded
article text, end exclusive. Nothing here imports spaCy or knows about output
formats, so the core stays usable (and testable) as plain Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

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
    """A decoded article: the text every offset points into."""

    path: str
    text: str

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        line = self.text.count("\n", 0, offset) + 1
        line_start = self.text.rfind("\n", 0, offset) + 1
        return line, offset - line_start + 1


@dataclass(frozen=True, slots=True)
class Anomaly:
    """Something odd about the quotation marks that a reader should look at."""

    kind: str  # "unclosed" | "unopened"
    offset: int  # where the offending mark is
    message: str


@dataclass(frozen=True, slots=True)
class QuoteSpan:
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
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]

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
class Quote:
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
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]

    @property
    def is_attributed(self) -> bool:
        return self.speaker is not None


@dataclass(slots=True)
class ExtractResult:
    """All that ``extract`` found in one article."""

    document: Document
    quotes: list[Quote] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)
