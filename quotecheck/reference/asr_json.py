"""Speech-recognition output in JSON: Whisper / whisperX and AWS Transcribe.

The flavour is told by the keys: ``{"segments": [...]}`` (or a bare list of segments)
is Whisper, ``{"results": {"items": [...]}}`` is AWS Transcribe. Consecutive
segments of one speaker are merged into one passage, as for subtitles.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from quotecheck.model import Passage
from quotecheck.reference.errors import fail
from quotecheck.reference.segments import Segment, merge_segments

Reader = Callable[[Any], list[Segment]]


class _ShapeError(Exception):
    """The JSON parsed but does not have the structure its flavour promises."""


def read_json(source: str, text: str) -> list[Passage]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise fail(
            source, f"not valid JSON ({error.msg} at line {error.lineno} column {error.colno})"
        ) from None
    except RecursionError:
        raise fail(source, "not valid JSON (nested too deeply)") from None
    flavour, segments = _flavour(data)
    if flavour is None or segments is None:
        raise fail(
            source, f"JSON of an unknown shape ({_describe(data)}; expected Whisper or AWS Transcribe)"
        )
    try:
        return merge_segments(source, segments(data))
    except _ShapeError as error:
        raise fail(source, f"unexpected {flavour} JSON ({error})") from None


def _flavour(data: Any) -> tuple[str, Reader] | tuple[None, None]:
    if isinstance(data, dict) and isinstance(data.get("results"), dict) and "items" in data["results"]:
        return "AWS Transcribe", _aws_segments
    if isinstance(data, dict) and "segments" in data:
        return "Whisper", lambda d: _whisper_segments(d["segments"])
    # Some tools write the segment list alone.
    if isinstance(data, list) and data and all(isinstance(x, dict) and "text" in x for x in data):
        return "Whisper", _whisper_segments
    return None, None


def _describe(data: Any) -> str:
    if isinstance(data, dict):
        keys = ", ".join(sorted(map(str, data))[:6]) or "none"
        return f"top-level keys: {keys}"
    return f"top level is {type(data).__name__}"


# -- Whisper / whisperX -----------------------------------------------------------------------


def _whisper_segments(segments: Any) -> list[Segment]:
    if not isinstance(segments, list):
        raise _ShapeError('"segments" is not a list')
    return [_whisper_segment(i, segment) for i, segment in enumerate(segments)]


def _whisper_segment(index: int, segment: Any) -> Segment:
    if not isinstance(segment, dict) or not isinstance(segment.get("text"), str):
        raise _ShapeError(f"segment {index} has no text")
    speaker = segment.get("speaker")  # whisperX writes it after diarisation: "SPEAKER_00"
    return Segment(
        text=segment["text"],
        speaker=None if speaker is None else str(speaker),
        start=_seconds(segment.get("start"), f"segment {index} start"),
        end=_seconds(segment.get("end"), f"segment {index} end"),
    )


# -- AWS Transcribe ---------------------------------------------------------------------------


def _aws_segments(data: dict[str, Any]) -> list[Segment]:
    """Words grouped by speaker label; punctuation items stick to the word before them."""
    results = data["results"]
    items = results["items"]
    if not isinstance(items, list):
        raise _ShapeError('"items" is not a list')
    speakers = _aws_speakers(results.get("speaker_labels"))
    words: list[Segment] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise _ShapeError(f"item {index} is not an object")
        content = _aws_content(index, item)
        if item.get("type") == "punctuation":
            if words:
                words[-1] = replace(words[-1], text=words[-1].text + content)
            continue
        start = _seconds(item.get("start_time"), f"item {index} start_time")
        # Newer jobs label each item; older ones only list labels under speaker_labels.
        speaker = item.get("speaker_label") or speakers.get(start)
        end = _seconds(item.get("end_time"), f"item {index} end_time")
        words.append(Segment(content, None if speaker is None else str(speaker), start, end))
    return words


def _aws_content(index: int, item: dict[str, Any]) -> str:
    alternatives = item.get("alternatives")
    if not isinstance(alternatives, list) or not alternatives or not isinstance(alternatives[0], dict):
        raise _ShapeError(f"item {index} has no alternatives")
    content = alternatives[0].get("content")
    if not isinstance(content, str):
        raise _ShapeError(f"item {index} has no content")
    return content


def _aws_speakers(labels: Any) -> dict[float | None, str]:
    """Start time of each word -> its speaker label, from ``speaker_labels.segments[].items[]``."""
    if labels is None:
        return {}
    segments = labels.get("segments") if isinstance(labels, dict) else None
    if not isinstance(segments, list):
        raise _ShapeError('"speaker_labels" has no segments list')
    speakers: dict[float | None, str] = {}
    for segment in segments:
        for item in segment.get("items", []) if isinstance(segment, dict) else []:
            if isinstance(item, dict) and item.get("speaker_label") is not None:
                start = _seconds(item.get("start_time"), "speaker_labels item start_time")
                speakers[start] = str(item["speaker_label"])
    return speakers


def _seconds(value: Any, what: str) -> float | None:
    """A time in seconds from a number or, as AWS writes them, a numeric string."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _ShapeError(f"{what} is not a number")
    try:
        seconds = float(value)
    except ValueError:
        raise _ShapeError(f"{what} is not a number: {value!r}") from None
    if not math.isfinite(seconds):
        raise _ShapeError(f"{what} is not a finite number")
    return seconds
