"""A table for people at a terminal: one row a quote, grouped by file."""

from __future__ import annotations

from collections.abc import Sequence

from tabulate import tabulate

from quotecheck.model import ExtractResult, Quote

QUOTE_WIDTH = 60


def shorten(text: str, width: int = QUOTE_WIDTH) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def _speaker_cell(quote: Quote) -> str:
    speaker = quote.speaker
    if speaker is None:
        return "(unattributed)" if quote.kind.value in ("speech", "partial") else ""
    if speaker.method.value == "named":
        return speaker.name
    return f"{speaker.name} [{speaker.method.value}: {speaker.mention}]"


def render(results: Sequence[ExtractResult]) -> str:
    blocks: list[str] = []
    total = attributed = 0
    for result in results:
        rows = []
        for quote in result.quotes:
            rows.append(
                [
                    f"{quote.line}:{quote.column}",
                    _speaker_cell(quote),
                    quote.cue.text if quote.cue else "",
                    quote.kind.value,
                    shorten(quote.text),
                ]
            )
            if quote.kind.value in ("speech", "partial"):
                total += 1
                attributed += quote.speaker is not None
        header = result.document.path
        table = tabulate(rows, headers=["line", "speaker", "cue", "kind", "quote"], tablefmt="simple")
        block = f"{header}\n{table if rows else '(no quotations)'}"
        for anomaly in result.anomalies:
            line, column = result.document.line_column(anomaly.offset)
            block += f"\n  warning {line}:{column}: {anomaly.message}"
        blocks.append(block)
    summary = (
        f"{total} quotations in {len(results)} file(s), "
        f"{attributed} attributed, {total - attributed} unattributed"
    )
    return "\n\n".join([*blocks, summary]) + "\n"
