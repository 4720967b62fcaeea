"""The stable machine contract, ``quotecheck/1`` (documented in docs/json-format.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from quotecheck.model import Anomaly, CheckResult, DiffOp, ExtractResult, Finding, Match, Quote

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


def match_to_dict(match: Match) -> dict[str, Any]:
    """Offsets into the reference file's text when the reader knows where the passage
    sits in it (plain text, Markdown, transcripts); into the passage otherwise."""
    passage = match.passage
    base = passage.offset
    line = passage.line
    if line is not None:
        line += passage.text.count("\n", 0, match.start)
    time = None
    if passage.time_start is not None and passage.time_end is not None:
        time = [passage.time_start, passage.time_end]
    return {
        "source": passage.source,
        "start": match.start + (base or 0),
        "end": match.end + (base or 0),
        "offsets_in": "file" if base is not None else "passage",
        "line": line,
        "time": time,
        "speaker": passage.speaker,
        "score": round(match.score, 1),
        "text": match.text,
    }


def diff_to_dict(op: DiffOp) -> dict[str, Any]:
    return {"op": op.op, "source": op.source, "quote": op.quote, "editorial": op.editorial}


def finding_fields(finding: Finding | None) -> dict[str, Any]:
    if finding is None:  # not checked: a scare quote, a title, a quote inside a quote
        return {"verdict": None, "severity": None, "match": None, "diff": [], "reasons": []}
    return {
        "verdict": finding.verdict.value,
        "severity": None if finding.severity is None else finding.severity.value,
        "match": None if finding.match is None else match_to_dict(finding.match),
        "diff": [diff_to_dict(op) for op in finding.diff],
        "reasons": list(finding.reasons),
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


def document_to_dict(result: CheckResult) -> dict[str, Any]:
    extracted = result.extracted
    quotes = []
    for quote in extracted.quotes:
        row = quote_to_dict(quote)
        if result.checked:
            row.update(finding_fields(result.findings.get(quote.id)))
        if quote.id in result.suppressed:  # silenced by a quotecheck: ignore comment
            names = result.suppressed[quote.id]
            row["suppressed"] = "all" if names is None else sorted(names)
        quotes.append(row)
    return {
        "path": extracted.document.path,
        "quotes": quotes,
        "anomalies": [anomaly_to_dict(extracted, anomaly) for anomaly in extracted.anomalies],
    }


def to_dict(results: Sequence[CheckResult]) -> dict[str, Any]:
    return {"schema": SCHEMA, "documents": [document_to_dict(result) for result in results]}


def render(results: Sequence[CheckResult]) -> str:
    return json.dumps(to_dict(results), ensure_ascii=False, indent=2) + "\n"
