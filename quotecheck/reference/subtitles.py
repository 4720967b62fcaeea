"""Subtitle references: WebVTT (``webvtt-py``) and SubRip (``srt``).

A speaker is named by a WebVTT voice span (``<v Marta Quiroga>``) or, in either
format, by a label opening the cue text (``QUIROGA:``, ``[Reporter]``,
``(Marta Quiroga)``). Subtitles label a speaker when the voice changes, so an
unlabelled cue continues the current speaker. Consecutive cues of one speaker are
merged into one passage.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import srt
import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from quotecheck.model import Passage
from quotecheck.reference.errors import fail
from quotecheck.reference.labels import is_annotation, leading_label
from quotecheck.reference.segments import Segment, merge_segments

_VOICE = re.compile(r"<v(?:\.[^\s>]+)*[ \t]+([^>]*)>")
_TAG = re.compile(r"<[^>]*>")
_LOOK_AHEAD = 32  # timing lines searched for a cue's text before its line is given up as unknown


@dataclass(frozen=True, slots=True)
class _Cue:
    raw: str  # cue payload as written, tags included
    start: float
    end: float
    label: str  # how the cue is called in error messages


def read_vtt(source: str, text: str) -> list[Passage]:
    try:
        # Strict: a malformed cue is an error, not silently dropped reference text.
        captions = webvtt.WebVTT.from_string(text, strict=True).captions
    except MalformedFileError:
        raise fail(source, "not a WebVTT file (no WEBVTT header)") from None
    except (MalformedCaptionError, ValueError) as error:
        raise fail(source, f"not a valid WebVTT file ({error})") from None
    cues = [
        _Cue(
            c.raw_text,
            c.start_time.in_milliseconds() / 1000,
            c.end_time.in_milliseconds() / 1000,
            f"cue at {c.start}",
        )
        for c in captions
    ]
    return _passages(source, text, cues)


def read_srt(source: str, text: str) -> list[Passage]:
    try:
        subtitles = list(srt.parse(text))
    except (srt.SRTParseError, ValueError) as error:
        raise fail(source, f"not an SRT file ({error})") from None
    cues = [
        _Cue(s.content, s.start.total_seconds(), s.end.total_seconds(), f"subtitle {s.index}")
        for s in subtitles
    ]
    return _passages(source, text, cues)


def _passages(source: str, text: str, cues: list[_Cue]) -> list[Passage]:
    for cue in cues:
        # srt reads a garbled end time as 0 (the rest goes to "proprietary" settings).
        if cue.end < cue.start:
            raise fail(source, f"{cue.label} ends before it starts ({cue.start:g}s > {cue.end:g}s)")
    lines = _cue_lines(text, [cue.raw.split("\n", 1)[0] for cue in cues])
    return merge_segments(source, _segments(cues, lines))


def _segments(cues: Sequence[_Cue], lines: Sequence[int | None]) -> Iterator[Segment]:
    speaker: str | None = None
    for cue, line in zip(cues, lines, strict=True):
        for voice, raw, line_delta in _voice_parts(cue.raw):
            words = html.unescape(_TAG.sub("", raw)).strip()
            label = None if voice else leading_label(words)
            # Without a voice or label, the speaker of the previous cue goes on: subtitles
            # name a speaker when the voice changes, and a quote often runs over several cues.
            if voice:
                speaker = voice
            elif label is not None:
                speaker, words = label[0], words[label[1] :].strip()
            if not words or is_annotation(words):
                continue
            at = None if line is None else line + line_delta
            yield Segment(words, speaker, cue.start, cue.end, at)


def _voice_parts(raw: str) -> list[tuple[str | None, str, int]]:
    """(voice, payload, lines into the cue) for each voice span; a cue may hold several voices."""
    matches = list(_VOICE.finditer(raw))
    if not matches:
        return [(None, raw, 0)]
    parts: list[tuple[str | None, str, int]] = []
    if raw[: matches[0].start()].strip():
        parts.append((None, raw[: matches[0].start()], 0))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(raw)
        parts.append(
            (match.group(1).strip() or None, raw[match.end() : end], raw.count("\n", 0, match.start()))
        )
    return parts


def _cue_lines(text: str, first_lines: Sequence[str]) -> list[int | None]:
    """1-based line of each cue's first text line, found in file order under a timing line.

    Neither parser reports positions, so each cue is looked up after the previous one:
    the line under a ``-->`` timing line that reads like the cue's first line.
    """
    lines = [line.strip() for line in text.split("\n")]
    arrows = [i for i, line in enumerate(lines[:-1]) if "-->" in line]
    found: list[int | None] = []
    next_arrow = 0
    for first in first_lines:
        target = first.strip()
        # A short look-ahead: cue k sits under timing line k unless blocks were skipped.
        window = range(next_arrow, min(next_arrow + _LOOK_AHEAD, len(arrows)))
        hit = next((k for k in window if lines[arrows[k] + 1] == target), None)
        found.append(None if hit is None else arrows[hit] + 2)
        next_arrow = next_arrow if hit is None else hit + 1
    return found
