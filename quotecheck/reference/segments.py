"""Timed stretches of speech (cues, ASR segments, words) and their merging into passages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from quotecheck.model import Passage


@dataclass(frozen=True, slots=True)
class Segment:
    """One piece of a timed transcript before merging: a cue, a voice span, an ASR segment or word."""

    text: str
    speaker: str | None
    start: float | None = None
    end: float | None = None
    line: int | None = None  # 1-based line of the text in the source file, when it has lines


def merge_segments(source: str, segments: Iterable[Segment]) -> list[Passage]:
    """One passage per run of consecutive segments by the same speaker.

    A quotation often runs over several cues or ASR segments, and matching needs it
    whole in one passage. Segments with no words are dropped.
    """
    runs: list[list[Segment]] = []
    for segment in segments:
        if not segment.text.strip():
            continue
        if runs and runs[-1][-1].speaker == segment.speaker:
            runs[-1].append(segment)
        else:
            runs.append([segment])
    return [_passage(source, position, run) for position, run in enumerate(runs)]


def _passage(source: str, position: int, run: list[Segment]) -> Passage:
    # Cue line breaks are layout, not speech: whitespace is collapsed to single spaces.
    text = " ".join(word for segment in run for word in segment.text.split())
    ends = [segment.end for segment in run if segment.end is not None]
    return Passage(
        source=source,
        text=text,
        speaker=run[0].speaker,
        line=run[0].line,
        time_start=run[0].start,
        time_end=max(ends) if ends else None,
        position=position,
    )
