"""The quote-mark scanner on small strings: no spaCy involved."""

from __future__ import annotations

import pytest

from quotecheck.cues import CueLexicon
from quotecheck.detect import merge_interrupted, scan_quotes, split_paragraphs
from quotecheck.model import Paragraph, QuoteSpan

LEXICON = CueLexicon()


def scan(text: str) -> tuple[list[QuoteSpan], list]:
    """Scanner output with interrupted quotes merged, as the pipeline does it."""
    spans, anomalies = scan_quotes(text)
    return merge_interrupted(text, spans, LEXICON.is_attribution_gap), anomalies


def words(text: str, quote: QuoteSpan) -> list[str]:
    return [text[start:end] for start, end in quote.segments]


# -- double quotes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ('He said "hello there" to me.', '"'),
        ("He said “hello there” to me.", "“"),
    ],
    ids=["straight", "curly"],
)
def test_double_quotes(text, mark):
    quotes, anomalies = scan(text)
    assert anomalies == []
    assert len(quotes) == 1
    (quote,) = quotes
    assert quote.segments == ((9, 20),)
    assert text[quote.start : quote.end] == "hello there"
    assert quote.mark == mark
    assert quote.is_double
    assert quote.closed
    assert not quote.nested


def test_two_quotes_in_one_sentence_are_separate():
    text = "“Quote one” and then “quote two” here."
    quotes, anomalies = scan(text)
    assert anomalies == []
    assert [words(text, quote) for quote in quotes] == [["Quote one"], ["quote two"]]


# -- single quotes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "outer_words", "inner"),
    [
        (
            "\"I heard him say 'never again' twice,\" she said.",
            "I heard him say 'never again' twice,",
            "never again",
        ),
        ("“He told me ‘don’t go’ yesterday,” she said.", "He told me ‘don’t go’ yesterday,", "don’t go"),
        ("\"He told me 'don't go' yesterday,\" she said.", "He told me 'don't go' yesterday,", "don't go"),
    ],
    ids=["straight", "curly-with-apostrophe", "straight-with-apostrophe"],
)
def test_single_quotes_nested_in_double(text, outer_words, inner):
    quotes, anomalies = scan(text)
    assert anomalies == []
    assert len(quotes) == 2
    outer, nested = quotes
    assert not outer.nested
    assert outer.is_double
    assert words(text, outer) == [outer_words]
    assert nested.nested
    assert not nested.is_double
    assert words(text, nested) == [inner]
    # The nested quote lies inside the outer one.
    assert outer.start < nested.start and nested.end < outer.end


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'We won,' said Smith.", ["We won,"]),
        ("‘We won,’ said Smith.", ["We won,"]),
        ("'We don't know,' she said.", ["We don't know,"]),
        ("'The players' union is strong,' he said.", ["The players' union is strong,"]),
        ("‘Back in the ’90s we won,’ he said.", ["Back in the ’90s we won,"]),
    ],
    ids=["straight", "curly", "apostrophe-inside", "plural-possessive-inside", "elision-inside"],
)
def test_british_single_quote_top_level(text, expected):
    quotes, anomalies = scan(text)
    assert anomalies == []
    assert len(quotes) == 1
    (quote,) = quotes
    assert not quote.nested
    assert not quote.is_double
    assert quote.start == 1
    assert words(text, quote) == expected


def test_british_interrupted_quote_is_one_quote():
    text = "'We have an agreement,' said union leader Priya Raman. 'Our members will vote.'"
    quotes, anomalies = scan(text)
    assert anomalies == []
    assert len(quotes) == 1
    assert words(text, quotes[0]) == ["We have an agreement,", "Our members will vote."]


def test_british_scare_quotes_in_running_text():
    text = "He calls it 'a gift' and 'a curse'."
    quotes, _ = scan(text)
    assert [words(text, quote) for quote in quotes] == [["a gift"], ["a curse"]]


# -- apostrophes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "He doesn’t like it.",
        "He don't like it.",
        "Arce’s plan failed.",
        "Arce's plan failed.",
        "It was the 1990s’ biggest hit.",
        "It was the 1990s' biggest hit.",
        "Back in the ’90s we won.",
        "Back in the '90s we won.",
        "She loved rock’n’roll.",
        "She loved rock'n'roll.",
        "Back in the ’90s she loved rock’n’roll, didn’t like Arce’s plan or the 1990s’ music.",
    ],
)
def test_apostrophes_are_not_quote_marks(text):
    quotes, anomalies = scan(text)
    assert quotes == []
    assert anomalies == []


def test_apostrophes_next_to_a_real_quote():
    text = "In the 1990s’ “boom” era, Arce’s “reform” didn’t last."
    quotes, anomalies = scan(text)
    assert anomalies == []
    assert [words(text, quote) for quote in quotes] == [["boom"], ["reform"]]


def test_plural_possessive_inside_double_quote_is_not_a_nested_quote():
    text = "“The 1990s’ teams were the best,” she said."
    quotes, anomalies = scan(text)
    assert anomalies == []
    assert len(quotes) == 1
    assert words(text, quotes[0]) == ["The 1990s’ teams were the best,"]


# -- guillemets ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mark", "expected"),
    [
        ("She said «bonjour à tous» loudly.", "«", "bonjour à tous"),
        ("Er sagte »Hallo Welt« laut.", "»", "Hallo Welt"),
    ],
    ids=["french", "german"],
)
def test_guillemets(text, mark, expected):
    quotes, anomalies = scan(text)
    assert anomalies == []
    assert len(quotes) == 1
    (quote,) = quotes
    assert quote.mark == mark
    assert not quote.nested
    assert words(text, quote) == [expected]


def test_french_guillemet_quote_is_double():
    (quote,), _ = scan("She said «bonjour» loudly.")
    assert quote.is_double


def test_german_guillemet_quote_is_double():
    (quote,), _ = scan("Er sagte »Hallo Welt« laut.")
    assert quote.is_double


# -- interrupted quotes --------------------------------------------------------------------


def test_interrupted_quote_merged_into_two_segments():
    text = '"We are ready," she said, "and we will win."'
    raw, anomalies = scan_quotes(text)
    assert anomalies == []
    assert len(raw) == 2  # the scanner alone sees two pairs of marks
    merged = merge_interrupted(text, raw, CueLexicon().is_attribution_gap)
    assert len(merged) == 1
    (quote,) = merged
    assert quote.segments == ((1, 14), (27, 43))
    assert words(text, quote) == ["We are ready,", "and we will win."]
    assert quote.closed


def test_interrupted_quote_across_sentences_is_merged():
    text = '"One," he said. "Two."'
    quotes, _ = scan(text)
    assert len(quotes) == 1
    assert words(text, quotes[0]) == ["One,", "Two."]


def test_writers_sentence_between_quotes_is_not_an_attribution():
    text = '"One." The weather was fine today. "Two."'
    quotes, _ = scan(text)
    assert [words(text, quote) for quote in quotes] == [["One."], ["Two."]]


@pytest.mark.parametrize(
    ("gap", "expected"),
    [
        (", she said, ", True),
        (", said Sen. Smith (R-Texas). ", True),
        (", according to the report. ", True),
        (" The weather was fine today. ", False),
        (", and then ", False),  # no cue word
        (", she said. The weather was fine. ", False),  # two sentences
    ],
)
def test_is_attribution_gap(gap, expected):
    assert CueLexicon().is_attribution_gap(gap) is expected


# -- multi-paragraph quotes ----------------------------------------------------------------


@pytest.mark.parametrize("separator", ["\n\n", "\n"], ids=["blank-lines", "single-newlines"])
def test_multi_paragraph_quote_is_one_quote_with_a_segment_per_paragraph(separator):
    paragraphs = ['"First paragraph here.', '"Second paragraph here.', '"Third and last," she said.']
    text = separator.join(paragraphs)
    quotes, anomalies = scan(text)
    assert anomalies == []
    assert len(quotes) == 1
    (quote,) = quotes
    assert quote.closed
    assert words(text, quote) == ["First paragraph here.", "Second paragraph here.", "Third and last,"]
    # Each segment lies in its own paragraph.
    found = split_paragraphs(text)
    assert len(found) == 3
    for (start, end), paragraph in zip(quote.segments, found, strict=True):
        assert paragraph.start < start < end <= paragraph.end


def test_closed_quote_paragraph_does_not_run_on():
    text = '"Ends with open."\n\n"Next one."'
    quotes, anomalies = scan(text)
    assert anomalies == []
    assert [words(text, quote) for quote in quotes] == [["Ends with open."], ["Next one."]]


# -- unbalanced marks ----------------------------------------------------------------------


def test_unclosed_mark_is_an_anomaly_and_later_quotes_are_found():
    text = '"Unclosed quote here, she said.\n\nLater "a real quote" appears.\n\nThen "another" too.'
    quotes, anomalies = scan(text)
    assert len(anomalies) == 1
    (anomaly,) = anomalies
    assert anomaly.kind == "unclosed"
    assert anomaly.offset == 0
    assert text[anomaly.offset] == '"'
    # The unclosed quote runs to the end of its paragraph only.
    assert [words(text, quote) for quote in quotes] == [
        ["Unclosed quote here, she said."],
        ["a real quote"],
        ["another"],
    ]
    assert [quote.closed for quote in quotes] == [False, True, True]


def test_stray_closing_mark_is_an_anomaly_and_later_quotes_are_found():
    text = 'Unopened here" she said.\n\nThen "fine quote" ok.'
    quotes, anomalies = scan(text)
    assert [(anomaly.kind, anomaly.offset) for anomaly in anomalies] == [("unopened", 13)]
    assert text[13] == '"'
    assert [words(text, quote) for quote in quotes] == [["fine quote"]]


# -- offsets -------------------------------------------------------------------------------


def test_offsets_exclude_the_marks():
    text = (
        "“We are ready,” she said, “and we will win.”\n\n"
        "He called it 'a farce' and «une honte».\n\n"
        "\"I heard 'never again' twice,\" he said."
    )
    quotes, anomalies = scan(text)
    assert anomalies == []
    assert [words(text, quote) for quote in quotes] == [
        ["We are ready,", "and we will win."],
        ["a farce"],
        ["une honte"],
        ["I heard 'never again' twice,"],
        ["never again"],
    ]
    marks = "\"'“”‘’«»"
    for quote in quotes:
        for start, end in quote.segments:
            assert text[start - 1] in marks
            assert text[end] in marks
            assert text[start] not in marks and text[end - 1] not in marks


# -- paragraphs ----------------------------------------------------------------------------


def test_split_paragraphs_on_blank_lines_keeps_wrapped_lines_together():
    text = "line one\nline two\n\nline three\nline four"
    assert split_paragraphs(text) == [Paragraph(0, 17), Paragraph(19, 39)]
    assert [text[p.start : p.end] for p in split_paragraphs(text)] == [
        "line one\nline two",
        "line three\nline four",
    ]


def test_split_paragraphs_on_single_newlines_when_no_line_is_blank():
    text = "First.\nSecond.\nThird."
    assert [text[p.start : p.end] for p in split_paragraphs(text)] == ["First.", "Second.", "Third."]


def test_split_paragraphs_whitespace_only_line_is_blank_and_edges_are_trimmed():
    text = "  First one.  \n \t \n\n  Second one.\n"
    paragraphs = split_paragraphs(text)
    assert [text[p.start : p.end] for p in paragraphs] == ["First one.", "Second one."]


def test_split_paragraphs_empty_text():
    assert split_paragraphs("") == []
    assert split_paragraphs("\n\n  \n") == []


# -- markup --------------------------------------------------------------------------------


def test_html_attribute_values_are_not_quotes():
    text = '<img pic="x" alt="y"> He said "hi there".'
    quotes, _ = scan(text)
    assert [words(text, quote) for quote in quotes] == [["hi there"]]


def test_html_attribute_values_raise_no_anomaly():
    text = '<p class="lead"><img pic="x"> "We won," she said.</p>'
    quotes, anomalies = scan(text)
    assert [words(text, quote) for quote in quotes] == [["We won,"]]
    assert anomalies == []


def test_quoted_transcript_is_one_quote_per_labelled_turn():
    from quotecheck.detect import split_transcript_turns

    text = (
        "The interview, as aired:\n\n"
        '"WALLACE: Will you release your taxes?\n\n'
        '"PENCE: We will, in due course.\n\n'
        '"I said so last week.\n\n'
        '"WALLACE: Thank you, Governor."\n'
    )
    spans, _ = scan_quotes(text)
    (one,) = [s for s in spans if not s.nested]
    assert len(one.segments) == 4  # the newspaper convention: one quote over four paragraphs
    turns = split_transcript_turns(text, spans)
    assert [text[t.start : t.start + 7] for t in turns] == ["WALLACE", "PENCE: ", "WALLACE"]
    assert len(turns[1].segments) == 2  # an unlabelled paragraph continues the turn
    assert split_transcript_turns(text, [one])[0].segments == one.segments[:1]


def test_interrupted_quote_across_a_hard_wrapped_line_is_one_quote():
    text = (
        "Residents packed the hall.\n"
        "\n"
        '"Nobody wants to pay more to park," said Dana Whitfield, who runs a bakery on\n'
        'Main Street. "But the buses have to run."\n'
        "\n"
        '"We will see," the mayor said.\n'
        '"Next question."\n'
    )
    spans, _ = scan_quotes(text)
    merged = merge_interrupted(text, spans, CueLexicon().is_attribution_gap)
    texts = [" | ".join(text[s:e] for s, e in q.segments) for q in merged]
    assert texts[0] == "Nobody wants to pay more to park, | But the buses have to run."
    # A quote opening a line of its own is not the continuation of the one before.
    assert texts[1:] == ["We will see,", "Next question."]


def test_long_lines_are_paragraphs_even_with_a_stray_blank_line():
    line = "A paragraph on one line, far longer than any hard-wrapped line of prose would be. " * 2
    text = f"{line}\n{line}\n\n{line}\n"
    assert len(split_paragraphs(text)) == 3
    wrapped = "Short wrapped line\nof one paragraph.\n\nAnother one.\n"
    assert [wrapped[p.start : p.end] for p in split_paragraphs(wrapped)] == [
        "Short wrapped line\nof one paragraph.",
        "Another one.",
    ]


def test_nickname_in_the_attribution_does_not_split_an_interrupted_quote():
    text = (
        '"This is a big year for us!" her niece, Del. Marcia "Cia" Price, shouted to the crowd.'
        ' "The nation is watching."'
    )
    quotes, anomalies = scan(text)
    assert anomalies == []
    assert [words(text, quote) for quote in quotes] == [
        ["This is a big year for us!", "The nation is watching."],
        ["Cia"],
    ]
