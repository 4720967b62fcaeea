"""The annotation formats: the shared problem list, SARIF, GitHub workflow commands, rdjsonl.

Real results come from the pipeline on the fixtures (the draft checked against
``fixtures/check/reference``, the unbalanced-marks layout, a made-up article with emoji);
small hand-made results cover the cases the fixtures do not (minor and major divergence,
misattribution with changed words, nested and scare quotes, odd paths).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest

from quotecheck import __version__
from quotecheck.check import check_results
from quotecheck.index import ReferenceIndex
from quotecheck.model import (
    Anomaly,
    CheckResult,
    DiffOp,
    Document,
    ExtractResult,
    Finding,
    Match,
    Passage,
    Quote,
    QuoteKind,
    Severity,
    Speaker,
    SpeakerMethod,
    Verdict,
)
from quotecheck.reference import iter_reference_files, read_reference
from quotecheck.report import FORMATS, github_report, rdjsonl_report, sarif_report
from quotecheck.report.findings import RULES, problems, report_path, utf16_length

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "fixtures" / "check" / "bolivia_coup_draft.txt"
UNBALANCED = ROOT / "fixtures" / "layouts" / "unbalanced.txt"
REFERENCE = ROOT / "fixtures" / "check" / "reference"
SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"

RULE_IDS = [
    "quotecheck.divergent",
    "quotecheck.critical-divergence",
    "quotecheck.not-found",
    "quotecheck.misattributed",
    "quotecheck.unattributed-quote",
    "quotecheck.unbalanced-quotes",
]

# A made-up article: emoji (outside the BMP: 2 UTF-16 units, 4 UTF-8 bytes) before quotes,
# on the quote's line and on an earlier one.
EMOJI_ARTICLE = (
    "Flood warning 🌊 issued\n"
    "\n"
    'The river rose 🌊🌊 overnight. "We will not leave our homes, whatever happens tonight."\n'
    "\n"
    'Mayor Ana Ruiz 👍 said the water was "falling fast."\n'
    "\n"
    '"Nobody told us anything.\n'
)
EMOJI_PATH = "news/flood 🌊.txt"
UNATTRIBUTED_WORDS = "We will not leave our homes, whatever happens tonight."


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    # Paths in the reports are relative to the working directory: run as from the repo root.
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def corpus():
    # Read as `quotecheck check ... --reference fixtures/check/reference` from the repo root
    # does: the passages keep the relative paths the messages cite.
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        reference = REFERENCE.relative_to(ROOT)
        passages = [p for path in iter_reference_files([reference]) for p in read_reference(path)]
    with ReferenceIndex.in_memory(passages) as index:
        yield index


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.fixture(scope="module")
def extracted(nlp) -> dict[str, ExtractResult]:
    """The pipeline's quotes on the fixtures and the emoji article, parsed once."""
    from quotecheck.pipeline import extract_documents

    documents = [
        Document(_relative(DRAFT), DRAFT.read_text(encoding="utf-8")),
        Document(_relative(UNBALANCED), UNBALANCED.read_text(encoding="utf-8")),
        Document(EMOJI_PATH, EMOJI_ARTICLE),
    ]
    return {result.document.path: result for result in extract_documents(documents, nlp)}


@pytest.fixture(scope="module")
def checked(extracted, corpus) -> list[CheckResult]:
    return list(check_results(extracted.values(), corpus))


@pytest.fixture(scope="module")
def draft(checked) -> CheckResult:
    return checked[0]


@pytest.fixture(scope="module")
def extract_only(extracted) -> list[CheckResult]:
    return [CheckResult(result) for result in extracted.values()]


# -- hand-made results -------------------------------------------------------------------------


def _speaker(name: str) -> Speaker:
    return Speaker(name, name, 0, len(name), SpeakerMethod.NAMED)


def _quote(text: str, words: str, qid: str, kind=QuoteKind.SPEECH, speaker=None, nested=False) -> Quote:
    start = text.index(words)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return Quote(qid, kind, ((start, start + len(words)),), words, line, column, None, speaker, nested)


def _finding(qid: str, verdict: Verdict, severity=None, source="said", quoted="said", speaker="Jo Bloggs"):
    passage = Passage("ref/speech.txt", f"Well, I {source} it.\nThen I left.", speaker=speaker, line=3)
    start = passage.text.index(source)
    diff = (DiffOp("equal", "I", "I"), DiffOp("replace", source, quoted))
    return Finding(qid, verdict, severity, Match(passage, start, start + len(source), 90.0), diff, ())


def _hand_made(path: str = "article.txt") -> CheckResult:
    text = (
        '"I said it," Jo Bloggs said.\n'
        '"I told it," Jo Bloggs said.\n'
        '"I did it," Jo Bloggs said.\n'
        '"I sang it," Jo Bloggs said.\n'
        'A "so-called" plan. "He said \'no\' twice," Jo Bloggs said. "Anyone?"\n'
    )
    jo = _speaker("Jo Bloggs")
    quotes = [
        _quote(text, "I said it,", "q1", speaker=jo),
        _quote(text, "I told it,", "q2", speaker=jo),
        _quote(text, "I did it,", "q3", speaker=jo),
        _quote(text, "I sang it,", "q4", speaker=jo),
        _quote(text, "so-called", "q5", kind=QuoteKind.SCARE),
        _quote(text, "He said 'no' twice,", "q6", speaker=jo),
        _quote(text, "no", "q7", nested=True),  # nested, no speaker: not reported
        _quote(text, "Anyone?", "q8"),  # unattributed speech
    ]
    findings = {
        "q1": _finding("q1", Verdict.VERBATIM),
        "q2": _finding("q2", Verdict.DIVERGENT, Severity.MINOR, quoted="told"),
        "q3": _finding("q3", Verdict.DIVERGENT, None, quoted="did"),  # no severity: major
        "q4": _finding("q4", Verdict.MISATTRIBUTED, Severity.CRITICAL, quoted="sang", speaker="Al Smith"),
        "q6": _finding("q6", Verdict.DIVERGENT, Severity.MAJOR, quoted="said"),
        "q8": Finding("q8", Verdict.NOT_FOUND, reasons=("no passage of the corpus is close enough",)),
    }
    extracted = ExtractResult(Document(path, text), quotes)
    return CheckResult(extracted, findings, checked=True)


# -- the shared problem list -------------------------------------------------------------------


def test_draft_problems_rules_levels_and_positions(draft):
    found = problems([draft])
    by_text = {p.excerpt: (p.rule_id, p.level) for p in found}
    assert by_text == {
        "within three hours.": ("quotecheck.critical-divergence", "error"),
        "We will allow, once again, attempted coups to take the lives of Bolivians,": (
            "quotecheck.critical-divergence",
            "error",
        ),
        "The army intends to restructure democracy,": ("quotecheck.misattributed", "error"),
        "This is the darkest day of my presidency,": ("quotecheck.not-found", "warning"),
    }
    document = draft.extracted.document
    for problem in found:
        assert problem.path == "fixtures/check/bolivia_coup_draft.txt"
        assert document.text[problem.start : problem.end] == problem.excerpt
        # ASCII-only lines: UTF-16 columns and character columns agree.
        assert (problem.start_line, problem.start_column) == document.line_column(problem.start)
        assert (problem.end_line, problem.end_column) == document.line_column(problem.end)
        assert problem.char_offset == problem.start and problem.char_length == problem.end - problem.start
        assert "\n" not in problem.message
    assert [p.start for p in found] == sorted(p.start for p in found)


def test_divergence_message_cites_source_and_diff(draft):
    (number,) = [p for p in problems([draft]) if p.excerpt == "within three hours."]
    assert number.message == (
        "Quote differs from the source (critical): number changed: two -> three. "
        'Source: fixtures/check/reference/arce_address.vtt:6 (Luis Arce): "within two hours". '
        "Diff: within [-two-] {+three+} hours"
    )
    assert number.source is not None
    assert (number.source.path, number.source.line) == ("fixtures/check/reference/arce_address.vtt", 6)
    assert (number.source.speaker, number.source.text) == ("Luis Arce", "within two hours")


def test_misattributed_and_not_found_messages(draft):
    found = {p.rule_id: p for p in problems([draft])}
    misattributed = found["quotecheck.misattributed"].message
    assert misattributed.startswith("Quote attributed to Luis Arce, but the source gives it to ZUNIGA.")
    assert "zuniga_remarks.txt:5 (ZUNIGA)" in misattributed and "Diff:" not in misattributed
    not_found = found["quotecheck.not-found"]
    assert not_found.source is None
    assert '"This is the darkest day of my presidency,"' in not_found.message
    assert "attributed to Luis Arce" in not_found.message


def test_extract_only_run_reports_unattributed_and_unbalanced(extract_only):
    found = problems(extract_only)
    assert {p.rule_id for p in found} == {"quotecheck.unattributed-quote", "quotecheck.unbalanced-quotes"}
    unbalanced = [p for p in found if p.path == "fixtures/layouts/unbalanced.txt"]
    assert [(p.rule_id, p.level, p.start_line, p.start_column) for p in unbalanced] == [
        ("quotecheck.unbalanced-quotes", "warning", 5, 1),  # the stray mark itself
        ("quotecheck.unattributed-quote", "note", 5, 2),
    ]
    assert unbalanced[0].end_column == 2 and unbalanced[0].anomaly is not None
    assert unbalanced[0].message == 'Unbalanced quotation marks: opening mark " is never closed'
    assert unbalanced[1].message.startswith('Quotation with no identifiable speaker: "Safety comes first')


def test_hand_made_levels_and_skipped_quotes():
    found = problems([_hand_made()])
    assert [(p.quote.id if p.quote else None, p.rule_id, p.level) for p in found] == [
        ("q2", "quotecheck.divergent", "note"),  # minor
        ("q3", "quotecheck.divergent", "warning"),  # no severity reads as major
        ("q4", "quotecheck.misattributed", "error"),
        ("q6", "quotecheck.divergent", "warning"),  # major
        ("q8", "quotecheck.not-found", "warning"),
        ("q8", "quotecheck.unattributed-quote", "note"),
    ]  # q1 verbatim, q5 a scare quote, q7 nested: nothing to report
    misattributed = found[2].message
    assert misattributed.startswith(
        "Quote attributed to Jo Bloggs, but the source gives it to Al Smith; "
        "the wording differs too (critical)"
    )
    assert misattributed.endswith("Diff: I [-said-] {+sang+}")
    assert "ref/speech.txt:3 (Al Smith)" in misattributed
    assert found[0].message.startswith("Quote differs from the source (minor). Source: ref/speech.txt:3")


def test_unchecked_results_ignore_findings():
    result = _hand_made()
    result.checked = False
    assert [p.rule_id for p in problems([result])] == ["quotecheck.unattributed-quote"]


def test_utf16_and_utf8_columns_after_emoji(extracted):
    result = extracted[EMOJI_PATH]
    text = result.document.text
    found = problems([CheckResult(result)])
    assert [(p.rule_id, p.start_line) for p in found] == [
        ("quotecheck.unattributed-quote", 3),
        ("quotecheck.unbalanced-quotes", 7),
    ]
    problem = found[0]
    assert problem.excerpt == UNATTRIBUTED_WORDS
    chars_before = text.splitlines()[2].index(UNATTRIBUTED_WORDS)  # 30 characters, two of them emoji
    assert problem.start_column == chars_before + 2 + 1  # each emoji is 2 UTF-16 code units
    assert problem.end_column == problem.start_column + len(UNATTRIBUTED_WORDS)  # exclusive end
    assert problem.start_byte_column == chars_before + 2 * 3 + 1  # each emoji is 4 UTF-8 bytes
    # charOffset counts the emoji of line 1 and the two of line 3 twice each.
    assert problem.char_offset == text.index(UNATTRIBUTED_WORDS) + 3
    assert problem.char_length == len(UNATTRIBUTED_WORDS)
    # The stray mark on line 7 starts its line: no emoji before it on the line.
    assert (found[1].start_column, found[1].end_column, found[1].start_byte_column) == (1, 2, 1)


def test_checked_quote_after_emoji(checked):
    (result,) = [r for r in checked if r.extracted.document.path == EMOJI_PATH]
    (partial,) = [p for p in problems([result]) if p.excerpt == "falling fast."]
    assert (partial.rule_id, partial.start_line) == ("quotecheck.not-found", 5)
    prefix = 'Mayor Ana Ruiz 👍 said the water was "'
    assert partial.start_column == len(prefix) + 1 + 1
    assert partial.start_byte_column == len(prefix.encode()) + 1


def test_columns_count_the_file_as_written_for_blanked_markup():
    # Markdown/HTML: ``text`` has markup blanked to spaces, ``original`` is the file.
    original = '<!--😀-->"Hi," said Ann.'
    text = " " * len("<!--😀-->") + '"Hi," said Ann.'
    document = Document("a.md", text, original)
    quote = _quote(text, "Hi,", "q1")
    (problem,) = problems([CheckResult(ExtractResult(document, [quote]))])
    assert problem.start_column == len("<!--😀-->") + 1 + 1 + 1  # the emoji is 2 units in the file


def test_report_path(tmp_path):
    assert report_path(str(DRAFT)) == ("fixtures/check/bolivia_coup_draft.txt", True)
    assert report_path("./fixtures//check/../check/bolivia_coup_draft.txt")[0] == (
        "fixtures/check/bolivia_coup_draft.txt"
    )
    outside = tmp_path / "a.txt"
    assert report_path(str(outside)) == (outside.as_posix(), False)
    assert report_path("b.txt", cwd=str(tmp_path)) == (Path(os.path.abspath("b.txt")).as_posix(), False)


# -- SARIF ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator():
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"no SARIF schema at {SARIF_SCHEMA}")
    from jsonschema import validators

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _sarif(results) -> dict:
    return json.loads(sarif_report.render(results))


def test_sarif_validates_against_the_official_schema(sarif_validator, checked, extract_only, draft):
    unbalanced_only = [r for r in checked if r.extracted.document.path.endswith("unbalanced.txt")]
    emoji_only = [r for r in extract_only if "flood" in r.extracted.document.path]
    runs = {
        "check with findings": checked,
        "draft": [draft],
        "extract only": extract_only,
        "empty": [],
        "anomaly": unbalanced_only,
        "emoji": emoji_only,
        "hand made": [_hand_made()],
    }
    for name, results in runs.items():
        log = _sarif(results)
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in sarif_validator.iter_errors(log)]
        assert errors == [], name
    # The validator is not a rubber stamp: a broken log fails it.
    broken = _sarif([draft])
    broken["runs"][0]["results"][0]["level"] = "fatal"
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert len(list(sarif_validator.iter_errors(broken))) >= 2


def test_sarif_run_tool_and_rules(draft):
    log = _sarif([draft])
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("quotecheck", __version__)
    assert "informationUri" not in driver  # no invented URLs
    assert [rule["id"] for rule in driver["rules"]] == RULE_IDS
    levels = {rule["id"]: rule["defaultConfiguration"]["level"] for rule in driver["rules"]}
    assert levels == {
        "quotecheck.divergent": "warning",
        "quotecheck.critical-divergence": "error",
        "quotecheck.not-found": "warning",
        "quotecheck.misattributed": "error",
        "quotecheck.unattributed-quote": "note",
        "quotecheck.unbalanced-quotes": "warning",
    }
    for rule in driver["rules"]:
        assert rule["name"] and rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"] and rule["properties"]["tags"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == ROOT.as_uri() + "/"
    assert run["columnKind"] == "utf16CodeUnits"


def test_sarif_results(draft):
    (run,) = _sarif([draft])["runs"]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert len(results) == 4
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {
            "uri": "fixtures/check/bolivia_coup_draft.txt",
            "uriBaseId": "%SRCROOT%",
        }
        assert set(location["region"]) == {
            "startLine",
            "startColumn",
            "endLine",
            "endColumn",
            "charOffset",
            "charLength",
        }
    number = next(r for r in results if "three" in r["message"]["text"])
    assert (number["ruleId"], number["level"]) == ("quotecheck.critical-divergence", "error")
    region = number["locations"][0]["physicalLocation"]["region"]
    text = draft.extracted.document.text
    start = region["charOffset"]
    assert text[start : start + region["charLength"]] == "within three hours."
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (9, 58, 77)
    (related,) = number["relatedLocations"]
    assert related["id"] == 1
    assert (
        related["physicalLocation"]["artifactLocation"]["uri"] == "fixtures/check/reference/arce_address.vtt"
    )
    assert related["physicalLocation"]["region"] == {"startLine": 6}
    assert related["message"]["text"] == 'Source (Luis Arce): "within two hours"'
    not_found = next(r for r in results if r["ruleId"] == "quotecheck.not-found")
    assert "relatedLocations" not in not_found


def test_sarif_utf16_columns_with_emoji(extracted):
    result = extracted[EMOJI_PATH]
    text = result.document.text
    (run,) = _sarif([CheckResult(result)])["runs"]
    sarif_result = run["results"][0]
    assert sarif_result["ruleId"] == "quotecheck.unattributed-quote"
    location = sarif_result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "news/flood%20%F0%9F%8C%8A.txt"
    region = location["region"]
    line3 = text.splitlines()[2]
    prefix = line3[: line3.index(UNATTRIBUTED_WORDS)]
    assert (region["startLine"], region["endLine"]) == (3, 3)
    assert region["startColumn"] == utf16_length(prefix) + 1 == len(prefix) + 2 + 1 == 33
    assert region["endColumn"] == 33 + len(UNATTRIBUTED_WORDS)
    # charOffset/charLength index the UTF-16 code units of the file.
    units = text.encode("utf-16-le")
    start, length = region["charOffset"], region["charLength"]
    assert units[2 * start : 2 * (start + length)].decode("utf-16-le") == UNATTRIBUTED_WORDS


def test_sarif_fingerprints_are_stable_and_distinct(nlp, corpus, draft):
    from quotecheck.pipeline import extract_documents

    before = _sarif([draft])["runs"][0]["results"]
    # The same article with a paragraph added on top: every line moves, no fingerprint does.
    document = draft.extracted.document
    moved_text = "Editor's note: updated.\n\n" + document.text
    (moved,) = check_results(extract_documents([Document(document.path, moved_text)], nlp), corpus)
    after = _sarif([moved])["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after] == [
        r["locations"][0]["physicalLocation"]["region"]["startLine"] + 2 for r in before
    ]
    assert [r["partialFingerprints"] for r in after] == [r["partialFingerprints"] for r in before]
    prints = [r["partialFingerprints"]["quotecheck/v1"] for r in before]
    assert len(set(prints)) == len(prints)
    assert all(re.fullmatch(r"[0-9a-f]{32}:1", p) for p in prints)


def test_sarif_same_quote_twice_gets_two_fingerprints():
    text = '"Anyone?" she asked.\n\n"Anyone?" he asked.\n'
    first = _quote(text, "Anyone?", "q1")
    second_start = text.index("Anyone?", first.end)
    second = Quote("q2", QuoteKind.SPEECH, ((second_start, second_start + 7),), "Anyone?", 3, 2)
    result = CheckResult(ExtractResult(Document("a.txt", text), [first, second]))
    prints = [r["partialFingerprints"]["quotecheck/v1"] for r in _sarif([result])["runs"][0]["results"]]
    assert prints[0].split(":")[0] == prints[1].split(":")[0]
    assert [p.split(":")[1] for p in prints] == ["1", "2"]


def test_sarif_file_outside_the_working_directory(tmp_path):
    result = _hand_made(str(tmp_path / "elsewhere.txt"))
    (run,) = _sarif([result])["runs"]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": (tmp_path / "elsewhere.txt").as_uri()}  # no %SRCROOT%


def test_sarif_empty_results():
    (run,) = _sarif([])["runs"]
    assert run["results"] == [] and len(run["tool"]["driver"]["rules"]) == 6


# -- GitHub workflow commands ------------------------------------------------------------------


def test_github_escapes():
    assert github_report.escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert github_report.escape_property("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext%3A a%2C b"
    # "%" first: an already-escaped-looking sequence stays literal.
    assert github_report.escape_data("%0A") == "%250A"
    assert github_report.escape_property("%3A") == "%253A"


def _parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """The runner's parsing: ``::name props::data``, props split on ",", then unescaped."""
    match = re.fullmatch(r"::(\w+) (.*?)::(.*)", line)
    assert match, line
    name, props, data = match.groups()

    def unescape(value: str) -> str:
        for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
            value = value.replace(escaped, char)
        return value

    properties = dict(prop.split("=", 1) for prop in props.split(","))
    return name, {k: unescape(v) for k, v in properties.items()}, unescape(data)


def test_github_commands_on_the_draft(draft):
    lines = github_report.render([draft]).splitlines()
    assert len(lines) == 4
    assert lines[0] == (
        "::error file=fixtures/check/bolivia_coup_draft.txt,line=9,col=58,endLine=9,endColumn=77,"
        "title=Quote changes a negation%2C number or name (quotecheck.critical-divergence)::"
        "Quote differs from the source (critical): number changed: two -> three. "
        'Source: fixtures/check/reference/arce_address.vtt:6 (Luis Arce): "within two hours". '
        "Diff: within [-two-] {+three+} hours"
    )
    assert [_parse_command(line)[0] for line in lines] == ["error", "error", "error", "warning"]


def test_github_levels_and_escaping_round_trip():
    result = _hand_made("dir,with:odd%chars/article.txt")
    text = result.extracted.document.text
    lines = github_report.render([result]).splitlines()
    assert [_parse_command(line)[0] for line in lines] == [
        "notice",
        "warning",
        "error",
        "warning",
        "warning",
        "notice",
    ]
    _, props, data = _parse_command(lines[4])
    assert lines[4].startswith("::warning file=dir%2Cwith%3Aodd%25chars/article.txt,line=5,")
    assert props["file"] == "dir,with:odd%chars/article.txt"
    assert props["title"] == "Quote not found in the reference corpus (quotecheck.not-found)"
    quote = result.extracted.quotes[-1]
    assert (props["line"], props["endLine"]) == ("5", "5")
    assert (int(props["col"]), int(props["endColumn"])) == (
        quote.start - text.rfind("\n", 0, quote.start),
        quote.end - text.rfind("\n", 0, quote.start),
    )
    assert data.startswith('Quote not found in the reference corpus: "Anyone?"')


def test_github_escapes_every_character_in_a_command():
    (problem,) = problems(
        [CheckResult(ExtractResult(Document("a.txt", 'x "Hi" y'), [_quote('x "Hi" y', "Hi", "q1")]))]
    )
    # Messages are one line by construction; the escaping must not rely on it.
    odd = replace(problem, message="100% sure:\r\nno, really", path="a,b:c%d.txt")
    line = github_report.command(odd)
    assert line == (
        "::notice file=a%2Cb%3Ac%25d.txt,line=1,col=4,endLine=1,endColumn=6,"
        "title=Quotation with no speaker (quotecheck.unattributed-quote)::100%25 sure:%0D%0Ano, really"
    )
    assert "\n" not in line and "\r" not in line
    _, props, data = _parse_command(line)
    assert props["file"] == "a,b:c%d.txt" and data == "100% sure:\r\nno, really"


def test_github_multiline_annotation_has_no_columns():
    text = '"First paragraph.\n\n"Second paragraph," she said.\n'
    start, end = 1, text.index('," she')
    quote = Quote("q1", QuoteKind.SPEECH, ((start, 17), (20, end)), "First paragraph. Second paragraph", 1, 2)
    (line,) = github_report.render(
        [CheckResult(ExtractResult(Document("a.txt", text), [quote]))]
    ).splitlines()
    _, props, _ = _parse_command(line)
    assert (props["line"], props["endLine"]) == ("1", "3")
    assert "col" not in props and "endColumn" not in props


def test_github_empty():
    assert github_report.render([]) == ""


# -- rdjsonl -------------------------------------------------------------------------------------


def test_rdjsonl_shape(checked):
    lines = rdjsonl_report.render(checked).splitlines()
    assert lines and len(lines) == len(problems(checked))
    severities = set()
    for line in lines:
        diagnostic = json.loads(line)
        assert set(diagnostic) == {"message", "location", "severity", "source", "code"}  # no suggestions
        assert diagnostic["source"] == {"name": "quotecheck"}
        assert diagnostic["code"]["value"] in RULE_IDS
        assert isinstance(diagnostic["message"], str) and "\n" not in diagnostic["message"]
        location = diagnostic["location"]
        assert set(location) == {"path", "range"}
        for end in ("start", "end"):
            position = location["range"][end]
            assert set(position) == {"line", "column"}
            assert position["line"] >= 1 and position["column"] >= 1
        severities.add(diagnostic["severity"])
    assert severities == {"ERROR", "WARNING", "INFO"}  # INFO: the unattributed quote
    first = json.loads(lines[0])
    assert first["location"] == {
        "path": "fixtures/check/bolivia_coup_draft.txt",
        "range": {"start": {"line": 9, "column": 58}, "end": {"line": 9, "column": 77}},
    }
    assert (first["severity"], first["code"]["value"]) == ("ERROR", "quotecheck.critical-divergence")


def test_rdjsonl_severities_and_byte_columns(extracted):
    notes = [json.loads(line) for line in rdjsonl_report.render([_hand_made()]).splitlines()]
    assert [d["severity"] for d in notes] == ["INFO", "WARNING", "ERROR", "WARNING", "WARNING", "INFO"]
    result = extracted[EMOJI_PATH]
    line = rdjsonl_report.render([CheckResult(result)]).splitlines()[0]
    diagnostic = json.loads(line)
    line3 = result.document.text.splitlines()[2]
    prefix = line3[: line3.index(UNATTRIBUTED_WORDS)]
    start = {"line": 3, "column": len(prefix.encode("utf-8")) + 1}  # UTF-8 bytes, as reviewdog counts
    end = {"line": 3, "column": start["column"] + len(UNATTRIBUTED_WORDS)}
    assert diagnostic["location"] == {"path": EMOJI_PATH, "range": {"start": start, "end": end}}
    assert (diagnostic["severity"], diagnostic["code"]) == (
        "INFO",
        {"value": "quotecheck.unattributed-quote"},
    )


def test_rdjsonl_empty():
    assert rdjsonl_report.render([]) == ""


def test_formats_registered():
    assert FORMATS["sarif"] is sarif_report.render
    assert FORMATS["github"] is github_report.render
    assert FORMATS["rdjsonl"] is rdjsonl_report.render
    assert len(RULES) == 6


def test_anomaly_in_hand_made_result():
    text = 'He said "yes.\n'
    anomaly = Anomaly("unclosed", 8, 'opening mark " is never closed')
    result = CheckResult(ExtractResult(Document("a.txt", text), [], [anomaly]))
    (problem,) = problems([result])
    assert (problem.rule_id, problem.start, problem.end) == ("quotecheck.unbalanced-quotes", 8, 9)
    (line,) = github_report.render([result]).splitlines()
    assert line.startswith("::warning file=a.txt,line=1,col=9,endLine=1,endColumn=10,title=")
