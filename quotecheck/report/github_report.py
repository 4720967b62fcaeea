"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` a problem.

Printed in a workflow step, each line becomes an annotation on the article in the
run summary and the pull request. Escaping follows the runner's toolkit
(``@actions/core`` ``command.ts``): the runner splits properties on ``,`` and the
command on ``::``, and unescapes ``%XX`` after.
"""

from __future__ import annotations

from collections.abc import Sequence

from quotecheck.model import CheckResult
from quotecheck.report.findings import ERROR, NOTE, WARNING, Problem, problems, report_path

COMMANDS = {ERROR: "error", WARNING: "warning", NOTE: "notice"}


def escape_data(text: str) -> str:
    # "%" first, or the escapes themselves would be escaped again.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(problem: Problem) -> str:
    properties: dict[str, object] = {"file": report_path(problem.path)[0], "line": problem.start_line}
    if problem.start_line == problem.end_line:
        properties.update(col=problem.start_column, endLine=problem.end_line, endColumn=problem.end_column)
    else:  # GitHub rejects columns on an annotation that spans lines
        properties["endLine"] = problem.end_line
    properties["title"] = f"{problem.rule.title} ({problem.rule_id})"
    props = ",".join(f"{name}={escape_property(str(value))}" for name, value in properties.items())
    return f"::{COMMANDS[problem.level]} {props}::{escape_data(problem.message)}"


def render(results: Sequence[CheckResult]) -> str:
    return "".join(command(problem) + "\n" for problem in problems(results))
