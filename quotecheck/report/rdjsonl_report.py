"""reviewdog's rdjsonl: one ``Diagnostic`` JSON object a line (``reviewdog -f=rdjsonl``).

Columns here are UTF-8 byte counts and range ends are exclusive, as the Reviewdog
Diagnostic Format (``proto/rdf/reviewdog.proto``) defines them. There are no
``suggestions``: quotecheck cannot know the right words, only that these are wrong.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from quotecheck.model import CheckResult
from quotecheck.report.findings import ERROR, NOTE, WARNING, Problem, problems, report_path

SEVERITIES = {ERROR: "ERROR", WARNING: "WARNING", NOTE: "INFO"}


def diagnostic(problem: Problem) -> dict[str, Any]:
    return {
        "message": problem.message,
        "location": {
            "path": report_path(problem.path)[0],
            "range": {
                "start": {"line": problem.start_line, "column": problem.start_byte_column},
                "end": {"line": problem.end_line, "column": problem.end_byte_column},
            },
        },
        "severity": SEVERITIES[problem.level],
        "source": {"name": "quotecheck"},
        "code": {"value": problem.rule_id},
    }


def render(results: Sequence[CheckResult]) -> str:
    return "".join(json.dumps(diagnostic(p), ensure_ascii=False) + "\n" for p in problems(results))
