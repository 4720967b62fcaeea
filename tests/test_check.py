"""``quotecheck check``: the draft article against the reference folder in four formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotecheck.check import check_results
from quotecheck.cli import app
from quotecheck.index import ReferenceIndex
from quotecheck.model import FAIL_ON_CHOICES, CheckResult, Level, Severity, Verdict, level_of
from quotecheck.reference import iter_reference_files, read_reference

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "fixtures" / "check" / "bolivia_coup_draft.txt"
SEED = ROOT / "fixtures" / "bolivia_coup.txt"
REFERENCE = ROOT / "fixtures" / "check" / "reference"
BROKEN = ROOT / "fixtures" / "reference_formats" / "truncated.json"


@pytest.fixture(scope="module")
def corpus():
    passages = [p for path in iter_reference_files([REFERENCE]) for p in read_reference(path)]
    with ReferenceIndex.in_memory(passages) as index:
        yield index


@pytest.fixture(scope="module")
def draft(nlp, corpus) -> CheckResult:
    from quotecheck.pipeline import extract

    (result,) = check_results(extract(str(DRAFT), nlp), corpus)
    return result


def finding_for(result: CheckResult, snippet: str):
    quote = next(q for q in result.extracted.quotes if snippet in q.text)
    return result.findings[quote.id]


def test_verbatim_across_subtitle_cues(draft):
    finding = finding_for(draft, "Today the country is facing")
    assert finding.verdict is Verdict.VERBATIM
    assert finding.match is not None
    assert finding.match.passage.source.endswith("arce_address.vtt")
    assert finding.match.passage.speaker == "Luis Arce"
    assert finding.match.text.startswith("Today the country is facing an attempted coup d'état.")
    assert finding.match.score == 100


def test_partial_quote_verbatim_in_markdown_statement(draft):
    finding = finding_for(draft, "denounced the irregular mobilization")
    assert finding.verdict is Verdict.VERBATIM
    assert finding.match.passage.source.endswith("arce_statement.md")


def test_ellipsis_for_omitted_words_is_editorial(draft):
    finding = finding_for(draft, "We need the Bolivian people to organize")
    assert finding.verdict is Verdict.EDITORIAL
    removed = [op for op in finding.diff if op.op == "delete"]
    assert removed and all(op.editorial for op in removed)
    assert "mobilize against the coup" in " ".join(op.source for op in removed)


def test_changed_number_is_critical(draft):
    finding = finding_for(draft, "within three hours")
    assert finding.verdict is Verdict.DIVERGENT
    assert finding.severity is Severity.CRITICAL
    assert [(op.source, op.quote) for op in finding.diff if op.op == "replace"] == [("two", "three")]


def test_dropped_negation_is_critical(draft):
    finding = finding_for(draft, "We will allow, once again")
    assert finding.verdict is Verdict.DIVERGENT
    assert finding.severity is Severity.CRITICAL
    assert any(op.op == "delete" and op.source == "not" for op in finding.diff)


def test_words_of_another_speaker_are_misattributed(draft):
    finding = finding_for(draft, "The army intends to restructure democracy")
    assert finding.verdict is Verdict.MISATTRIBUTED
    assert finding.match.passage.speaker == "ZUNIGA"
    assert finding.match.passage.source.endswith("zuniga_remarks.txt")


def test_words_nobody_said_are_not_found(draft):
    finding = finding_for(draft, "darkest day")
    assert finding.verdict is Verdict.NOT_FOUND
    assert finding.match is None


def test_organisation_quoted_from_html_page(draft):
    finding = finding_for(draft, "closely monitoring the situation in La Paz")
    assert finding.verdict is Verdict.VERBATIM
    assert finding.match.passage.source.endswith("us_statement.html")


def test_every_verdict_appears_on_the_fixture(draft):
    assert {f.verdict for f in draft.findings.values()} == set(Verdict)


def test_seed_article_quotes_are_verbatim_and_scare_quote_unchecked(nlp, corpus):
    from quotecheck.pipeline import extract

    (result,) = check_results(extract(str(SEED), nlp), corpus)
    kinds = {q.id: q.kind.value for q in result.extracted.quotes}
    assert {kinds[qid] for qid in result.findings} <= {"speech", "partial"}
    assert "scare" in kinds.values() and all(kinds[q] != "scare" for q in result.findings)
    assert {f.verdict for f in result.findings.values()} == {Verdict.VERBATIM}


def test_fail_on_levels_are_ordered():
    assert Level.MINOR < Level.MAJOR < Level.NOT_FOUND < Level.MISATTRIBUTED < Level.CRITICAL
    assert FAIL_ON_CHOICES["divergent"] == Level.MINOR
    assert FAIL_ON_CHOICES["never"] > max(Level)


def test_level_of_findings(draft):
    levels = sorted(level_of(f).name for f in draft.findings.values())
    assert levels.count("CRITICAL") == 2
    assert "NOT_FOUND" in levels and "MISATTRIBUTED" in levels
    assert draft.worst() is Level.CRITICAL


# -- the command line ------------------------------------------------------------------------


@pytest.fixture
def runner(nlp) -> CliRunner:  # nlp: the pipeline is loaded once for the session
    return CliRunner()


def run(runner: CliRunner, *args: object):
    return runner.invoke(app, [str(a) for a in args])


def test_check_exit_1_on_findings_and_json_fields(runner):
    result = run(runner, "check", DRAFT, "--reference", REFERENCE, "--format", "json")
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    quotes = report["documents"][0]["quotes"]
    by_verdict = {q["verdict"] for q in quotes}
    assert by_verdict == {"verbatim", "editorial", "divergent", "not_found", "misattributed"}
    for quote in quotes:
        assert {"verdict", "severity", "match", "diff", "reasons"} <= quote.keys()
        match = quote["match"]
        if match is None:
            continue
        assert set(match) >= {"source", "start", "end", "line", "speaker", "score", "text"}
        if match["offsets_in"] == "file":
            source_text = Path(match["source"]).read_text(encoding="utf-8")
            assert source_text[match["start"] : match["end"]] == match["text"]
    number = next(q for q in quotes if "three hours" in q["text"])
    assert number["severity"] == "critical"
    assert {"op": "replace", "source": "two", "quote": "three", "editorial": False} in number["diff"]


def test_check_exit_0_when_clean_or_below_fail_on(runner):
    assert run(runner, "check", SEED, "--reference", REFERENCE).exit_code == 0
    assert run(runner, "check", DRAFT, "--reference", REFERENCE, "--fail-on", "never").exit_code == 0
    # The worst finding on the draft is critical: --fail-on critical still fails.
    assert run(runner, "check", DRAFT, "--reference", REFERENCE, "--fail-on", "critical").exit_code == 1


def test_check_table_shows_verdicts_and_word_diff(runner):
    result = run(runner, "check", DRAFT, "--reference", REFERENCE)
    assert "divergent (critical)" in result.stdout
    assert "[-two-] {+three+}" in result.stdout
    assert "misattributed" in result.stdout and "not_found" in result.stdout
    assert "2 divergent, 1 editorial, 1 misattributed, 1 not_found" in result.stdout


def test_check_needs_exactly_one_corpus(runner):
    result = run(runner, "check", SEED)
    assert result.exit_code == 2
    assert "--reference" in result.stderr and "Traceback" not in result.stderr


def test_broken_reference_file_is_named_and_exit_2(runner):
    result = run(runner, "check", SEED, "--reference", REFERENCE, "--reference", BROKEN)
    assert result.exit_code == 2
    assert "truncated.json" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "verbatim" in result.stdout  # the other references were still used


def test_index_build_then_check_with_index(runner, tmp_path):
    db = tmp_path / "reference.db"
    built = run(runner, "index", "build", REFERENCE, "--db", db)
    assert built.exit_code == 0, built.stderr
    assert "12 passages" in built.stderr
    again = run(runner, "index", "build", REFERENCE, "--db", db)
    assert "0 file(s) indexed, 4 unchanged" in again.stderr
    checked = run(runner, "check", DRAFT, "--index", db, "--format", "json")
    assert checked.exit_code == 1
    verdicts = [q["verdict"] for q in json.loads(checked.stdout)["documents"][0]["quotes"]]
    assert verdicts.count("divergent") == 2 and "misattributed" in verdicts


def test_index_build_reports_unreadable_files_and_exit_2(runner, tmp_path):
    db = tmp_path / "reference.db"
    built = run(runner, "index", "build", REFERENCE, BROKEN, "--db", db)
    assert built.exit_code == 2
    assert "truncated.json" in built.stderr
    assert "12 passages" in built.stderr  # the readable files are indexed


def test_check_with_a_file_that_is_not_an_index(runner, tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_text("not a database", encoding="utf-8")
    result = run(runner, "check", SEED, "--index", bogus)
    assert result.exit_code == 2
    assert "bogus.db" in result.stderr and "Traceback" not in result.stderr
