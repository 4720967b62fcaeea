"""The stable machine contract, ``quotecheck/1`` (documented in docs/json-format.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from quotecheck.model import Anomaly, ExtractResult, Quote

SCHEMA = "quotecheck/1"


def quote_to_dict(quote: Quote) -> dict[str, Any]:
    cue = quote.cue
    speaker = quote.speaker
    return {
        "id": quote.id,
        "kind": quote.kind.value,
        "start": quote.start,
        "end": quote.end,
        "segments": [[start, end] for start, end in quote.segments],
        "text": quote.text,
        "line": quote.line,
        "column": quote.column,
        "nested": quote.nested,
        "cue": None if cue is None else {"text": cue.text, "start": cue.start, "end": cue.end},
        "speaker": None
        if speaker is None
        else {
            "name": speaker.name,
            "mention": speaker.mention,
            "start": speaker.start,
            "end": speaker.end,
            "method": speaker.method.value,
            "is_person": speaker.is_person,
        },
    }


def anomaly_to_dict(result: ExtractResult, anomaly: Anomaly) -> dict[str, Any]:
    line, column = result.document.line_column(anomaly.offset)
    return {
        "kind": anomaly.kind,
        "offset": anomaly.offset,
        "line": line,
        "column": column,
        "message": anomaly.message,
    }


def to_dict(results: Sequence[ExtractResult]) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "documents": [
            {
                "path": result.document.path,
                "quotes": [quote_to_dict(quote) for quote in result.quotes],
                "anomalies": [anomaly_to_dict(result, anomaly) for anomaly in result.anomalies],
            }
            for result in results
        ],
    }


def render(results: Sequence[ExtractResult]) -> str:
    return json.dumps(to_dict(results), ensure_ascii=False, indent=2) + "\n"
