"""SARIF 2.1.0 for GitHub code scanning (``github/codeql-action/upload-sarif``).

One run, all six rules always declared (so ``ruleIndex`` is stable), one result a
problem. Article paths are made relative to the working directory and anchored at
``%SRCROOT%``: run from the repository root, the alerts land on the repository's files.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote as percent_encode

from quotecheck import __version__
from quotecheck.model import CheckResult
from quotecheck.report.findings import RULE_INDEX, RULES, Problem, Rule, problems, report_path

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
SRCROOT = "%SRCROOT%"
# partialFingerprints key; bump the suffix if what is hashed ever changes.
FINGERPRINT_KEY = "quotecheck/v1"


def artifact_location(path: str) -> dict[str, Any]:
    """A file under the working directory is relative to %SRCROOT%; one outside gets an
    absolute ``file:`` URI (code scanning then ignores it, which beats a wrong file)."""
    shown, inside = report_path(path)
    if inside:
        return {"uri": percent_encode(shown, safe="/"), "uriBaseId": SRCROOT}
    return {"uri": Path(shown).as_uri()}


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.description},
        "help": {"text": rule.help, "markdown": f"**{rule.title}**\n\n{rule.description}\n\n{rule.help}"},
        "defaultConfiguration": {"level": rule.level},
        "properties": {"tags": list(rule.tags)},
    }


def fingerprint(problem: Problem, uri: str) -> str:
    """Stable across commits: the rule, the file and the quoted words, not the line number,
    so an alert survives edits above it and closes when the quote is fixed."""
    words = " ".join(problem.excerpt.split())
    return hashlib.sha256(f"{problem.rule_id}\0{uri}\0{words}".encode()).hexdigest()[:32]


def _result(problem: Problem, seen: Counter[str]) -> dict[str, Any]:
    location = artifact_location(problem.path)
    key = fingerprint(problem, location["uri"])
    seen[key] += 1  # the same words quoted twice in one file: two alerts, not one
    result: dict[str, Any] = {
        "ruleId": problem.rule_id,
        "ruleIndex": RULE_INDEX[problem.rule_id],
        "level": problem.level,
        "message": {"text": problem.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": location,
                    "region": {
                        "startLine": problem.start_line,
                        "startColumn": problem.start_column,
                        "endLine": problem.end_line,
                        "endColumn": problem.end_column,
                        "charOffset": problem.char_offset,
                        "charLength": problem.char_length,
                    },
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: f"{key}:{seen[key]}"},
    }
    source = problem.source
    if source is not None:
        physical: dict[str, Any] = {"artifactLocation": artifact_location(source.path)}
        if source.line is not None:
            physical["region"] = {"startLine": source.line}
        who = source.speaker or "speaker not given"
        text = " ".join(source.text.split())
        result["relatedLocations"] = [
            {"id": 1, "physicalLocation": physical, "message": {"text": f'Source ({who}): "{text}"'}}
        ]
    return result


def to_dict(results: Sequence[CheckResult]) -> dict[str, Any]:
    seen: Counter[str] = Counter()
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "quotecheck",
                "version": __version__,
                "rules": [_rule(rule) for rule in RULES],
            }
        },
        # Where %SRCROOT% is on this machine; code scanning resolves it to the checkout.
        "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
        "columnKind": "utf16CodeUnits",
        "results": [_result(problem, seen) for problem in problems(results)],
    }
    return {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


def render(results: Sequence[CheckResult]) -> str:
    return json.dumps(to_dict(results), ensure_ascii=False, indent=2) + "\n"
