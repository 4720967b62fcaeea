"""Output formats: each module renders a list of ``CheckResult`` to a string.

An ``extract`` run renders results whose ``checked`` flag is false (no verdict
columns or fields); a ``check`` run adds the findings. Adding a format means adding
a module here and a line in ``FORMATS``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from quotecheck.model import CheckResult
from quotecheck.report import github_report, json_report, rdjsonl_report, sarif_report, table_report

Renderer = Callable[[Sequence[CheckResult]], str]

FORMATS: dict[str, Renderer] = {
    "table": table_report.render,
    "json": json_report.render,
    "sarif": sarif_report.render,
    "github": github_report.render,
    "rdjsonl": rdjsonl_report.render,
}
