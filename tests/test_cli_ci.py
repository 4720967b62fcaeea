"""The command line as CI jobs and editors use it: inputs, formats, config, suppression."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotecheck.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "bolivia_coup.txt"
DRAFT = ROOT / "fixtures" / "check" / "bolivia_coup_draft.txt"
REFERENCE = ROOT / "fixtures" / "check" / "reference"
LAYOUTS = ROOT / "fixtures" / "layouts"
SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture
def runner(nlp) -> CliRunner:  # nlp: one model load for the whole session
    return CliRunner()


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A drafts repository with a reference folder, as the working directory."""
    shutil.copytree(REFERENCE, tmp_path / "reference")
    (tmp_path / "drafts").mkdir()
    shutil.copy(DRAFT, tmp_path / "drafts" / "draft.txt")
    shutil.copy(SEED, tmp_path / "drafts" / "seed.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(runner: CliRunner, *args: object, stdin: str | None = None):
    return runner.invoke(app, [str(a) for a in args], input=stdin)


def quotes_of(output: str) -> dict[str, list[dict]]:
    return {doc["path"]: doc["quotes"] for doc in json.loads(output)["documents"]}


def test_folder_and_glob_arguments(runner, newsroom):
    by_folder = quotes_of(run(runner, "extract", "drafts", "-f", "json").stdout)
    assert sorted(Path(p).name for p in by_folder) == ["draft.txt", "seed.txt"]
    by_glob = quotes_of(run(runner, "extract", "drafts/s*.txt", "-f", "json").stdout)
    assert [Path(p).name for p in by_glob] == ["seed.txt"]


def test_stdin_is_an_article(runner):
    result = run(runner, "extract", "-", "-f", "json", stdin=SEED.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.stderr
    ((path, quotes),) = quotes_of(result.stdout).items()
    assert path == "<stdin>"
    assert [q["speaker"]["name"] for q in quotes if q["speaker"]] == ["Luis Arce"] * 3


def test_mixed_good_and_bad_files_report_the_good_and_exit_2(runner, newsroom):
    (newsroom / "drafts" / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    result = run(runner, "check", "drafts", "--reference", "reference", "-f", "json")
    assert result.exit_code == 2
    assert "binary.txt" in result.stderr and "Traceback" not in result.stderr
    assert sorted(Path(p).name for p in quotes_of(result.stdout)) == ["draft.txt", "seed.txt"]


def test_config_file_supplies_the_corpus_and_fail_on(runner, newsroom):
    (newsroom / "quotecheck.toml").write_text(
        'reference = "reference"\nfail-on = "critical"\n', encoding="utf-8"
    )
    assert run(runner, "check", "drafts/seed.txt").exit_code == 0
    # The draft has critical divergences: fail-on critical from the file still fails.
    assert run(runner, "check", "drafts/draft.txt").exit_code == 1
    # The command line overrides the file.
    assert run(runner, "check", "drafts/draft.txt", "--fail-on", "never").exit_code == 0


def test_pyproject_table_and_output_format_from_config(runner, newsroom):
    (newsroom / "pyproject.toml").write_text(
        '[tool.quotecheck]\nreference = ["reference"]\nformat = "json"\n', encoding="utf-8"
    )
    result = run(runner, "check", "drafts/seed.txt")
    assert json.loads(result.stdout)["schema"] == "quotecheck/1"


def test_explicit_config_and_broken_config(runner, newsroom):
    custom = newsroom / "custom.toml"
    custom.write_text('reference = "reference"\nfail-on = "never"\n', encoding="utf-8")
    assert run(runner, "check", "drafts/draft.txt", "--config", custom).exit_code == 0
    custom.write_text('fail-on = "sometimes"\n', encoding="utf-8")
    result = run(runner, "check", "drafts/draft.txt", "--config", custom)
    assert result.exit_code == 2
    assert "custom.toml" in result.stderr and "fail" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_quotecheckignore_skips_files(runner, newsroom):
    (newsroom / ".quotecheckignore").write_text(
        "# wire copy is checked elsewhere\ndraft.txt\n", encoding="utf-8"
    )
    paths = quotes_of(run(runner, "extract", "drafts", "-f", "json").stdout)
    assert [Path(p).name for p in paths] == ["seed.txt"]


def test_inline_suppression_silences_one_quote(runner, newsroom):
    draft = newsroom / "drafts" / "draft.txt"
    text = draft.read_text(encoding="utf-8")
    text = text.replace('"The army intends', '<!-- quotecheck: ignore misattributed -->\n"The army intends')
    draft.write_text(text, encoding="utf-8")
    result = run(runner, "check", draft, "--reference", "reference", "-f", "json")
    quote = next(q for q in quotes_of(result.stdout)[str(draft)] if "army intends" in q["text"])
    assert quote["verdict"] == "misattributed" and quote["suppressed"] == ["misattributed"]
    sarif = json.loads(run(runner, "check", draft, "--reference", "reference", "-f", "sarif").stdout)
    rules = [r["ruleId"] for r in sarif["runs"][0]["results"]]
    assert "quotecheck.misattributed" not in rules and "quotecheck.not-found" in rules


def test_file_level_off_silences_everything_and_exit_0(runner, newsroom):
    draft = newsroom / "drafts" / "draft.txt"
    draft.write_text("<!-- quotecheck: off -->\n" + draft.read_text(encoding="utf-8"), encoding="utf-8")
    assert run(runner, "check", draft, "--reference", "reference").exit_code == 0


def test_no_fail_reports_but_exits_0(runner):
    result = run(runner, "check", DRAFT, "--reference", REFERENCE, "--no-fail")
    assert result.exit_code == 0
    assert "divergent (critical)" in result.stdout


def test_output_file(runner, tmp_path):
    target = tmp_path / "report.sarif"
    result = run(runner, "check", DRAFT, "--reference", REFERENCE, "-f", "sarif", "-o", target)
    assert result.exit_code == 1
    assert result.stdout == ""
    report = json.loads(target.read_text(encoding="utf-8"))
    assert report["version"] == "2.1.0"
    if SARIF_SCHEMA.exists():
        from jsonschema import validators

        schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
        validators.validator_for(schema)(schema).validate(report)


def test_github_format_from_the_cli(runner):
    result = run(runner, "check", DRAFT, "--reference", REFERENCE, "-f", "github")
    lines = result.stdout.splitlines()
    assert any(line.startswith("::error file=") and "critical" in line for line in lines)
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)


def test_missing_corpus_is_a_usage_error(runner, newsroom):
    result = run(runner, "check", "drafts/seed.txt")
    assert result.exit_code == 2
    assert "reference" in result.stderr


def test_jobs_option_parses_in_two_processes(runner):
    result = run(runner, "extract", SEED, LAYOUTS / "british_style.txt", "--jobs", "2", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert len(quotes_of(result.stdout)) == 2
