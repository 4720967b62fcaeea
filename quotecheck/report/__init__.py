"""Output formats: each module renders a list of ``ExtractResult`` to a string.

Adding a format means adding a module here and a line in ``FORMATS``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from quotecheck.model import ExtractResult
from quotecheck.report import json_report, table_report

Renderer = Callable[[Sequence[ExtractResult]], str]

FORMATS: dict[str, Renderer] = {
    "table": table_report.render,
    "json": json_report.render,
}
