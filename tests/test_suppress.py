"""Suppression comments: ignore the next quote, some of its problems, or a whole region."""

from __future__ import annotations

import re

import pytest

from quotecheck.cues import CueLexicon
from quotecheck.model import Document, Quote, QuoteKind, Verdict
from quotecheck.pipeline import find_quote_spans
from quotecheck.suppress import (
    PROBLEMS,
    anomaly_suppressed,
    is_suppressed,
    parse_directives,
    suppressed_quote_ids,
)


def quotes_of(document: Document) -> list[Quote]:
    """The quotes the pipeline would find, without spaCy (kinds do not matter here)."""
    spans, _ = find_quote_spans(document.text, CueLexicon())
    return [
        Quote(f"q{number}", QuoteKind.SPEECH, span.segments, "", *document.line_column(span.start))
        for number, span in enumerate(spans, start=1)
    ]


def suppressed(text: str) -> dict[str, frozenset[str] | None]:
    document = Document("article.txt", text)
    return suppressed_quote_ids(document, quotes_of(document))


def start_of(text: str, words: str) -> int:
    return text.index(words)


ARTICLE = """\
"We will win," Arce said.

<!-- quotecheck: ignore -->
"This is a coup," he said.

"They will not pass," Zuniga said.
"""


def test_ignore_suppresses_every_problem_of_the_next_quote_only():
    assert suppressed(ARTICLE) == {"q2": None}
    directives = parse_directives(ARTICLE)
    coup = start_of(ARTICLE, "This is a coup")
    for problem in PROBLEMS:
        assert is_suppressed(directives, coup, problem)
        assert not is_suppressed(directives, start_of(ARTICLE, "We will win"), problem)
        assert not is_suppressed(directives, start_of(ARTICLE, "They will not"), problem)


def test_ignore_in_the_same_paragraph_and_line():
    text = 'Arce said <!-- quotecheck: ignore --> "we will win" and "we will prevail".'
    assert suppressed(text) == {"q1": None}


def test_ignore_applies_to_the_next_paragraph_but_no_further():
    text = 'First paragraph. <!-- quotecheck: ignore -->\n\nNo quote here.\n\n"Too far," he said.\n'
    assert suppressed(text) == {}
    assert parse_directives(text).ignores[0].target is None


def test_comment_followed_by_no_quote_at_all():
    text = '"Before," he said.\n\nThe end. <!-- quotecheck: ignore -->\n'
    assert suppressed(text) == {}
    directives = parse_directives(text)
    assert not is_suppressed(directives, start_of(text, "Before"), "divergent")


def test_a_quote_before_the_comment_is_not_the_next_quote():
    text = '"Before," he said. <!-- quotecheck: ignore --> "After," she said.'
    assert suppressed(text) == {"q2": None}


def test_interrupted_quote_is_one_quote():
    text = '<!-- quotecheck: ignore -->\n"We will win," Arce said, "today." Then "another."\n'
    assert suppressed(text) == {"q1": None}


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("<!-- quotecheck: ignore misattributed -->", {"misattributed"}),
        ("<!-- quotecheck: ignore divergent, not_found -->", {"divergent", "not_found"}),
        ("<!-- quotecheck: ignore divergent not_found -->", {"divergent", "not_found"}),
        ("<!-- quotecheck: ignore unattributed,unbalanced -->", {"unattributed", "unbalanced"}),
        ("<!-- quotecheck: ignore not-found -->", {"not_found"}),
    ],
)
def test_verdict_specific_ignore(comment, expected):
    text = f'{comment}\n"This is a coup," he said.\n'
    assert suppressed(text) == {"q1": frozenset(expected)}
    directives = parse_directives(text)
    coup = start_of(text, "This is a coup")
    for problem in PROBLEMS:
        assert is_suppressed(directives, coup, problem) is (problem in expected)


def test_two_comments_before_one_quote_add_up():
    text = (
        "<!-- quotecheck: ignore divergent -->\n<!-- quotecheck: ignore misattributed -->\n"
        '"This is a coup," he said.\n'
    )
    assert suppressed(text) == {"q1": frozenset({"divergent", "misattributed"})}
    text = "<!-- quotecheck: ignore divergent -->\n<!-- quotecheck: ignore -->\n" + '"Coup," he said.\n'
    assert suppressed(text) == {"q1": None}
    # Paragraphs holding only quotecheck comments do not count as "the next paragraph".
    text = (
        "Intro.\n\n<!-- quotecheck: ignore divergent -->\n\n<!-- quotecheck: ignore not_found -->\n\n"
        '"Coup," he said.\n'
    )
    assert suppressed(text) == {"q1": frozenset({"divergent", "not_found"})}


def test_is_suppressed_accepts_verdicts_and_never_suppresses_non_problems():
    text = '<!-- quotecheck: ignore divergent -->\n"Coup," he said.\n'
    directives = parse_directives(text)
    start = start_of(text, "Coup")
    assert is_suppressed(directives, start, Verdict.DIVERGENT)
    assert not is_suppressed(directives, start, Verdict.MISATTRIBUTED)
    assert not is_suppressed(directives, start, "verbatim")
    assert not is_suppressed(directives, start, Verdict.EDITORIAL)
    with pytest.raises(ValueError, match="unknown problem 'wrong'"):
        is_suppressed(directives, start, "wrong")


def test_misspelt_names_warn_and_suppress_nothing():
    text = '<!-- quotecheck: ignore divergnt -->\n"Coup," he said.\n'
    assert suppressed(text) == {}
    (warning,) = parse_directives(text).warnings
    assert warning.startswith("line 1: unknown problem 'divergnt'")
    text = '<!-- quotecheck: ignore divergnt, misattributed -->\n"Coup," he said.\n'
    assert suppressed(text) == {"q1": frozenset({"misattributed"})}
    text = '<!-- quotecheck: ignore verbatim -->\n"Coup," he said.\n'
    assert suppressed(text) == {}
    assert "never a problem" in parse_directives(text).warnings[0]


def test_unknown_command_warns():
    directives = parse_directives('x\n<!-- quotecheck: ignroe -->\n"Coup," he said.\n')
    assert directives.ignores == ()
    assert directives.warnings == ("line 2: unknown quotecheck comment 'ignroe'",)


OFF_ON = """\
"One," he said.

<!-- quotecheck: off -->
"Two," he said.

"Three," he said. And more.
<!-- quotecheck: on -->

"Four," he said.
"""


def test_off_on_region_suppresses_everything_in_between():
    assert suppressed(OFF_ON) == {"q2": None, "q3": None}
    directives = parse_directives(OFF_ON)
    assert is_suppressed(directives, start_of(OFF_ON, "Two"), "divergent")
    assert not is_suppressed(directives, start_of(OFF_ON, "Four"), "divergent")
    # an unbalanced-mark warning anywhere in the region, e.g. at "And more"
    assert anomaly_suppressed(directives, start_of(OFF_ON, "And more"))
    assert not anomaly_suppressed(directives, start_of(OFF_ON, "One") - 1)


def test_off_to_the_end_without_on():
    text = '"One," he said.\n\n<!-- quotecheck: off -->\n"Two," he said.\n\n"Three," he said.\n'
    assert suppressed(text) == {"q2": None, "q3": None}
    assert parse_directives(text).off_regions == ((text.index("-->") + 3, len(text)),)


def test_several_regions_and_stray_on():
    text = (
        '<!-- quotecheck: on -->"A."\n<!-- quotecheck: off -->"B."<!-- quotecheck: off -->"C."\n'
        '<!-- quotecheck: on -->"D."<!-- quotecheck: off -->"E."<!-- quotecheck: on -->"F."\n'
    )
    assert suppressed(text) == {"q2": None, "q3": None, "q5": None}


@pytest.mark.parametrize(
    "comment",
    [
        "<!--quotecheck:ignore misattributed-->",
        "<!--   QuoteCheck  :   IGNORE   Misattributed   -->",
        "<!--\n  quotecheck:\n  ignore\n  MISATTRIBUTED\n-->",
        "<!-- QUOTECHECK: ignore\tmisattributed -->",
    ],
)
def test_case_and_whitespace_tolerance(comment):
    text = f'{comment}\n"This is a coup," he said.\n'
    assert suppressed(text) == {"q1": frozenset({"misattributed"})}


@pytest.mark.parametrize("comment", ["<!--quotecheck:OFF-->", "<!--  Quotecheck :  off\n-->"])
def test_off_case_and_whitespace_tolerance(comment):
    assert suppressed(f'{comment}\n"Coup," he said.\n') == {"q1": None}


def test_other_comments_are_not_directives():
    text = '<!-- ignore -->\n<!-- eslint: off -->\n"Coup," he said.\n'
    assert suppressed(text) == {}
    assert parse_directives(text) == parse_directives("")


def test_unbalanced_mark_after_an_ignore_comment():
    text = 'Intro. <!-- quotecheck: ignore unbalanced -->\n"We will win, he said.\n\nLater, "a quote."\n'
    directives = parse_directives(text)
    unclosed = start_of(text, '"We will')
    assert anomaly_suppressed(directives, unclosed)
    assert not anomaly_suppressed(directives, start_of(text, '"a quote'))
    other = parse_directives(text.replace("unbalanced", "divergent"))
    assert not anomaly_suppressed(other, unclosed)


def test_markdown_offsets_match_the_original():
    # read.py blanks markup for Markdown/HTML: offsets in text are offsets in original.
    original = (
        "# Coup attempt\n\n<!-- quotecheck: ignore not_found -->\n"
        '**"This is a coup,"** the *president* said.\n'
    )
    text = re.sub(r"<!--.*?-->|[#*]", lambda m: " " * len(m.group()), original, flags=re.DOTALL)
    assert len(text) == len(original)
    document = Document("article.md", text, original)
    quotes = quotes_of(document)
    assert suppressed_quote_ids(document, quotes) == {"q1": frozenset({"not_found"})}
    assert suppressed_quote_ids(Document("article.md", text), quotes) == {}  # the comment is markup


def test_binding_to_the_callers_quotes():
    # With the quote starts given, "next quote" means the next of those quotes.
    text = '<!-- quotecheck: ignore -->\nA "scare" word, then "The real quote," he said.\n'
    scare, real = start_of(text, "scare"), start_of(text, "The real")
    assert is_suppressed(parse_directives(text, [real, scare]), scare, "divergent")
    assert is_suppressed(parse_directives(text, [real]), real, "divergent")
    assert not is_suppressed(parse_directives(text, [real]), scare, "divergent")


def test_no_comments_no_work():
    directives = parse_directives('"Coup," he said.\n')
    assert directives.ignores == () and directives.off_regions == () and directives.warnings == ()


def test_with_the_real_pipeline(run_text):
    text = (
        '"We will win," Arce said.\n\n<!-- quotecheck: ignore misattributed -->\n'
        '"This is a coup," he said, "and we will resist."\n\n'
        '<!-- quotecheck: off -->\n"They will not pass," Zuniga said.\n'
    )
    result = run_text(text)
    by_text = {quote.text.split(",")[0]: quote.id for quote in result.quotes}
    assert suppressed_quote_ids(result.document, result.quotes) == {
        by_text["This is a coup"]: frozenset({"misattributed"}),
        by_text["They will not pass"]: None,
    }
