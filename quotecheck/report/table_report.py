"""A table for people at a terminal: one row a quote, grouped by file."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from tabulate import tabulate

from quotecheck.model import CheckResult, DiffOp, Finding, Quote

QUOTE_WIDTH = 60
DIFF_WIDTH = 70


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


def inline_diff(ops: Sequence[DiffOp]) -> str:
    """``[-removed-]{+added+}`` word diff, the notation of ``git diff --word-diff``."""
    parts: list[str] = []
    for op in ops:
        if op.op == "equal":
            parts.append(op.source)
            continue
        if op.source:
            parts.append(f"[-{op.source}-]")
        if op.quote:
            parts.append(f"{{+{op.quote}+}}")
    return " ".join(parts)


def _finding_cells(finding: Finding | None) -> list[str]:
    if finding is None:
        return ["", "", "", ""]
    match = finding.match
    source = ""
    if match is not None:
        where = match.passage.line or (match.passage.position + 1)
        who = f" ({match.passage.speaker})" if match.passage.speaker else ""
        source = f"{match.passage.source}:{where}{who}"
    verdict = finding.verdict.value + (f" ({finding.severity.value})" if finding.severity else "")
    diff = shorten(inline_diff(finding.diff), DIFF_WIDTH) if finding.verdict.value != "verbatim" else ""
    score = f"{match.score:.0f}" if match is not None else ""
    return [verdict, score, source, diff]


def render(results: Sequence[CheckResult]) -> str:
    blocks: list[str] = []
    total = attributed = 0
    verdicts: Counter[str] = Counter()
    checked = any(result.checked for result in results)
    headers = ["line", "speaker", "cue", "kind", "quote"]
    if checked:
        headers += ["verdict", "score", "source", "diff"]
    for result in results:
        extracted = result.extracted
        rows = []
        for quote in extracted.quotes:
            row = [
                f"{quote.line}:{quote.column}",
                _speaker_cell(quote),
                quote.cue.text if quote.cue else "",
                quote.kind.value,
                shorten(quote.text, 40 if checked else QUOTE_WIDTH),
            ]
            if checked:
                finding = result.findings.get(quote.id)
                row += _finding_cells(finding)
                if finding is not None:
                    verdicts[finding.verdict.value] += 1
            rows.append(row)
            if quote.kind.value in ("speech", "partial"):
                total += 1
                attributed += quote.speaker is not None
        table = tabulate(rows, headers=headers, tablefmt="simple")
        block = f"{extracted.document.path}\n{table if rows else '(no quotations)'}"
        for anomaly in extracted.anomalies:
            line, column = extracted.document.line_column(anomaly.offset)
            block += f"\n  warning {line}:{column}: {anomaly.message}"
        blocks.append(block)
    summary = (
        f"{total} quotations in {len(results)} file(s), "
        f"{attributed} attributed, {total - attributed} unattributed"
    )
    if checked:
        summary += "; " + ", ".join(f"{count} {name}" for name, count in sorted(verdicts.items()))
    return "\n\n".join([*blocks, summary]) + "\n"
