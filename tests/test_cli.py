"""The command line: table and JSON output, input errors and exit codes."""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotecheck import __version__
from quotecheck.cli import app

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parent.parent
SEED_ARTICLE = ROOT / "fixtures" / "bolivia_coup.txt"
LAYOUTS = ROOT / "fixtures" / "layouts"

SPAN = {"type": "integer", "minimum": 0}
QUOTE_SCHEMA = {
    "type": "object",
    "required": ["id", "kind", "start", "end", "segments", "text", "line", "column", "cue", "speaker"],
    "properties": {
        "id": {"type": "string", "pattern": "^q[1-9][0-9]*$"},
        "kind": {"enum": ["speech", "partial", "scare", "title"]},
        "start": SPAN,
        "end": SPAN,
        "segments": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "array", "items": SPAN, "minItems": 2, "maxItems": 2},
        },
        "text": {"type": "string", "minLength": 1},
        "line": {"type": "integer", "minimum": 1},
        "column": {"type": "integer", "minimum": 1},
        "nested": {"type": "boolean"},
        "cue": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["text", "start", "end"],
                    "properties": {"text": {"type": "string", "minLength": 1}, "start": SPAN, "end": SPAN},
                },
            ]
        },
        "speaker": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["name", "mention", "start", "end", "method"],
                    "properties": {
                        "name": {"type": "string", "minLength": 1},
                        "mention": {"type": "string", "minLength": 1},
                        "start": SPAN,
                        "end": SPAN,
                        "method": {
                            "enum": ["named", "surname", "role", "pronoun", "carried-over", "description"]
                        },
                        "is_person": {"type": "boolean"},
                    },
                },
            ]
        },
    },
}
ANOMALY_SCHEMA = {
    "type": "object",
    "required": ["kind", "offset", "line", "column", "message"],
    "properties": {
        "kind": {"enum": ["unclosed", "unopened"]},
        "offset": SPAN,
        "line": {"type": "integer", "minimum": 1},
        "column": {"type": "integer", "minimum": 1},
        "message": {"type": "string", "minLength": 1},
    },
}
REPORT_SCHEMA = {
    "type": "object",
    "required": ["schema", "documents"],
    "properties": {
        "schema": {"const": "quotecheck/1"},
        "documents": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["path", "quotes"],
                "properties": {
                    "path": {"type": "string"},
                    "quotes": {"type": "array", "items": QUOTE_SCHEMA},
                    "anomalies": {"type": "array", "items": ANOMALY_SCHEMA},
                },
            },
        },
    },
}

ARTICLE = '"We won the final," said Maria Lopez, the team captain.\n'


@pytest.fixture(scope="module")
def runner(nlp) -> CliRunner:
    # Depending on ``nlp`` loads spaCy through the shared session cache before the CLI asks for it.
    return CliRunner()


def invoke(runner: CliRunner, *args: str | Path):
    return runner.invoke(app, [str(arg) for arg in args])


def assert_one_line_error(result, name: str) -> None:
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("quotecheck: error: ")
    assert name in lines[0]


def check_document(report_document: dict, text: str) -> None:
    """Every quote's offsets, text, line and column agree with the file's decoded text."""
    lines = text.split("\n")
    quotes = report_document["quotes"]
    assert [quote["id"] for quote in quotes] == [f"q{n}" for n in range(1, len(quotes) + 1)]
    assert [quote["start"] for quote in quotes] == sorted(quote["start"] for quote in quotes)
    for quote in quotes:
        segments = quote["segments"]
        assert quote["start"] == segments[0][0]
        assert quote["end"] == segments[-1][1]
        assert all(start < end for start, end in segments)
        assert quote["text"] == " ".join(text[start:end] for start, end in segments)
        line = lines[quote["line"] - 1]
        first = text[segments[0][0] : segments[0][1]]
        assert line[quote["column"] - 1 :].startswith(first.split("\n")[0])
        assert text[quote["start"] - 1] in "\"'“”‘’«»‹›"
        cue, speaker = quote["cue"], quote["speaker"]
        if cue is not None:
            assert text[cue["start"] : cue["end"]] == cue["text"]
        if speaker is not None:
            assert text[speaker["start"] : speaker["end"]] == speaker["mention"]
        if quote["kind"] in ("scare", "title"):
            assert speaker is None
        if speaker is not None and speaker["method"] == "carried-over":
            assert cue is None


# -- table ---------------------------------------------------------------------------------


def test_table_lists_speakers_and_a_summary(runner):
    result = invoke(runner, "extract", SEED_ARTICLE)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith(str(SEED_ARTICLE) + "\n")
    assert "Luis Arce [pronoun: he]" in out
    assert "Luis Arce [carried-over: he]" in out
    assert "denounced the irregular mobilization" in out
    rows = [line for line in out.splitlines() if line.startswith(("1:104", "3:187", "7:2 ", "9:2 "))]
    assert len(rows) == 4
    assert "partial" in rows[0] and "Luis Arce" in rows[0]
    assert "scare" in rows[1] and "Luis Arce" not in rows[1]
    # scare quotes are not counted as quotations
    assert out.rstrip().splitlines()[-1] == "3 quotations in 1 file(s), 3 attributed, 0 unattributed"


def test_table_marks_unattributed_quotes(runner, tmp_path):
    article = tmp_path / "storm.txt"
    article.write_text(
        'A storm hit the coast on Monday.\n\n"Nobody was ready for this."\n\n' + ARTICLE, encoding="utf-8"
    )
    result = invoke(runner, "extract", article)
    assert result.exit_code == 0, result.stderr
    assert "(unattributed)" in result.stdout
    assert "Maria Lopez" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1] == (
        "2 quotations in 1 file(s), 1 attributed, 1 unattributed"
    )


def test_extra_cue_option(runner, tmp_path):
    article = tmp_path / "opined.txt"
    article.write_text(
        "The council met on Monday.\n\n"
        'Maria Lopez opined that the budget was "a mess that nobody will fix".\n',
        encoding="utf-8",
    )
    without = invoke(runner, "extract", article, "--format", "json")
    with_cue = invoke(runner, "extract", article, "--format", "json", "--cue", "opine")
    assert without.exit_code == with_cue.exit_code == 0
    (plain,) = json.loads(without.stdout)["documents"][0]["quotes"]
    (cued,) = json.loads(with_cue.stdout)["documents"][0]["quotes"]
    assert plain["cue"] is None  # the sentence's subject speaks, but nothing cues it
    assert cued["speaker"]["name"] == "Maria Lopez"
    assert cued["cue"]["text"] == "opined"


# -- JSON ----------------------------------------------------------------------------------


def test_json_report_matches_the_documented_shape(runner):
    paths = [SEED_ARTICLE, *sorted(LAYOUTS.glob("*.txt"))]
    result = invoke(runner, "extract", "--format", "json", *paths)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    jsonschema.validate(report, REPORT_SCHEMA)
    assert report["schema"] == "quotecheck/1"
    assert [document["path"] for document in report["documents"]] == [str(path) for path in paths]
    for document, path in zip(report["documents"], paths, strict=True):
        check_document(document, path.read_text(encoding="utf-8"))


def test_json_seed_article_content(runner):
    result = invoke(runner, "extract", "-f", "json", SEED_ARTICLE)
    (document,) = json.loads(result.stdout)["documents"]
    summary = [
        (q["id"], q["kind"], q["speaker"] and q["speaker"]["name"], q["speaker"] and q["speaker"]["method"])
        for q in document["quotes"]
    ]
    assert summary == [
        ("q1", "partial", "Luis Arce", "named"),
        ("q2", "scare", None, None),
        ("q3", "speech", "Luis Arce", "pronoun"),
        ("q4", "speech", "Luis Arce", "carried-over"),
    ]
    q3 = document["quotes"][2]
    assert (q3["line"], q3["column"], q3["start"], q3["end"]) == (7, 2, 674, 815)
    assert q3["cue"] == {"text": "said", "start": 820, "end": 824}
    assert q3["speaker"]["mention"] == "he"
    assert document["anomalies"] == []


def test_json_reports_anomalies(runner):
    path = LAYOUTS / "unbalanced.txt"
    result = invoke(runner, "extract", "--format", "json", path)
    assert result.exit_code == 0
    (document,) = json.loads(result.stdout)["documents"]
    assert document["anomalies"] == [
        {
            "kind": "unclosed",
            "offset": 111,
            "line": 5,
            "column": 1,
            "message": 'opening mark " is never closed',
        }
    ]


# -- exit codes and input errors -----------------------------------------------------------


def test_unbalanced_quotes_exit_0_with_a_warning(runner):
    result = invoke(runner, "extract", LAYOUTS / "unbalanced.txt")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert '  warning 5:1: opening mark " is never closed' in result.stdout.splitlines()
    assert "Dana Wells" in result.stdout


BAD_FILES = {
    "empty": b"",
    "whitespace": b"  \n\n\t\n",
    "binary": b"GIF89a\x00\x01\x02 some bytes\x00",
    "latin-1": 'Caf\u00e9 owner said "ol\u00e9" to everyone.'.encode("latin-1"),
    "utf-16-truncated": codecs.BOM_UTF16_LE + b"a",
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_unreadable_file_exits_2_with_one_line(runner, tmp_path, kind):
    path = tmp_path / f"{kind}.txt"
    path.write_bytes(BAD_FILES[kind])
    result = invoke(runner, "extract", path)
    assert_one_line_error(result, str(path))
    assert result.stdout == ""


def test_missing_file_exits_2(runner, tmp_path):
    path = tmp_path / "no-such-article.txt"
    result = invoke(runner, "extract", path)
    assert_one_line_error(result, str(path))
    assert "no such file" in result.stderr


def test_directory_exits_2(runner, tmp_path):
    result = invoke(runner, "extract", tmp_path)
    assert_one_line_error(result, str(tmp_path))
    assert "directory" in result.stderr


def test_latin1_message_names_the_byte(runner, tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(BAD_FILES["latin-1"])
    result = invoke(runner, "extract", path)
    assert "0xe9" in result.stderr
    assert "UTF-8" in result.stderr


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)],
)
def test_files_with_a_bom_are_read(runner, tmp_path, encoding, bom):
    text = "The final was on Sunday.\n\n“We won the final,” said Maria Lopez.\n"
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(bom + text.encode(encoding))
    result = invoke(runner, "extract", "--format", "json", path)
    assert result.exit_code == 0, result.stderr
    (document,) = json.loads(result.stdout)["documents"]
    check_document(document, text)  # offsets into the decoded text, BOM removed
    (quote,) = document["quotes"]
    assert quote["text"] == "We won the final,"
    assert (quote["line"], quote["column"]) == (3, 2)
    assert quote["speaker"]["name"] == "Maria Lopez"


def test_good_file_still_reported_when_another_is_bad(runner, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02")
    missing = tmp_path / "missing.txt"
    result = invoke(runner, "extract", bad, good, missing)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2
    assert str(bad) in errors[0] and str(missing) in errors[1]
    assert result.stdout.startswith(str(good) + "\n")
    assert "Maria Lopez" in result.stdout
    assert (
        result.stdout.rstrip().splitlines()[-1] == "1 quotations in 1 file(s), 1 attributed, 0 unattributed"
    )


def test_usage_error_exits_2(runner):
    result = invoke(runner, "extract", "--format", "xml", SEED_ARTICLE)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


# -- the real entry point ------------------------------------------------------------------


def test_module_version_subprocess():
    completed = subprocess.run(
        [sys.executable, "-m", "quotecheck", "--version"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == f"quotecheck {__version__}"
    assert completed.stderr == ""


def test_module_help_subprocess():
    completed = subprocess.run(
        [sys.executable, "-m", "quotecheck", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "Usage:" in completed.stdout
    assert "extract" in completed.stdout
    assert "eval" in completed.stdout
    assert "Traceback" not in completed.stderr
