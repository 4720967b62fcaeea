"""The real seed article, fixtures/bolivia_coup.txt, end to end through the pipeline."""

from __future__ import annotations

from quotecheck.model import QuoteKind, SpeakerMethod

FIRST = "Today the country is facing an attempted coup d'état."
SECOND = "The Bolivian people are summoned today."


def test_finds_exactly_the_four_quotes_in_order(seed):
    assert [(quote.id, quote.kind) for quote in seed.quotes] == [
        ("q1", QuoteKind.PARTIAL),
        ("q2", QuoteKind.SCARE),
        ("q3", QuoteKind.SPEECH),
        ("q4", QuoteKind.SPEECH),
    ]
    assert seed.anomalies == []


def test_first_multi_sentence_quote_is_arce_by_pronoun(seed, quote_with):
    quote = quote_with(seed, FIRST)
    text = seed.document.text
    assert quote.kind is QuoteKind.SPEECH
    assert quote.text.endswith("so that democracy in Bolivia is cut short,")
    assert quote.speaker is not None
    assert quote.speaker.name == "Luis Arce"
    assert quote.speaker.method is SpeakerMethod.PRONOUN
    assert quote.speaker.mention == "he"
    # The mention is the "he" of '," he said in comments from the presidential palace'.
    assert text[quote.speaker.start : quote.speaker.end] == "he"
    assert text[quote.end : quote.speaker.end] == '" he'
    assert quote.cue is not None
    assert quote.cue.text == "said"
    assert text[quote.cue.start : quote.cue.end] == "said"


def test_second_multi_sentence_quote_is_carried_over_to_arce(seed, quote_with):
    quote = quote_with(seed, SECOND)
    assert quote.kind is QuoteKind.SPEECH
    assert quote.text.endswith("against the coup d'état in favor of democracy.")
    assert quote.speaker is not None
    assert quote.speaker.name == "Luis Arce"
    assert quote.speaker.method is SpeakerMethod.CARRIED_OVER
    assert quote.cue is None


def test_second_quote_is_not_attributed_to_the_united_states(seed, quote_with):
    # "The United States said ..." is the paragraph right after the quote: a cue verb
    # with a named subject, but it says nothing about the quote before it.
    quote = quote_with(seed, SECOND)
    assert quote.speaker is not None
    assert "United States" not in quote.speaker.name
    assert "United States" not in quote.speaker.mention
    assert quote.speaker.start < quote.start


def test_caption_partial_quote_is_arces(seed, quote_with):
    quote = quote_with(seed, "denounced the irregular mobilization")
    assert quote.text == "denounced the irregular mobilization"
    assert quote.kind is QuoteKind.PARTIAL
    assert quote.speaker is not None
    assert quote.speaker.name == "Luis Arce"
    assert quote.speaker.method is SpeakerMethod.NAMED
    assert quote.speaker.mention == "Luis Arce"
    # The "Luis Arce" of "Bolivia's President Luis Arce", just before the quote.
    assert quote.speaker.end <= quote.start
    assert quote.start - quote.speaker.end < 5


def test_coup_is_a_scare_quote_with_no_speaker(seed):
    scare = [quote for quote in seed.quotes if quote.text == "coup"]
    assert len(scare) == 1
    (quote,) = scare
    assert quote.kind is QuoteKind.SCARE
    assert quote.speaker is None
    assert quote.cue is None
    assert seed.document.text[quote.start - 11 : quote.end + 1] == 'slammed a "coup"'


def test_quote_offsets_point_at_the_quoted_words(seed):
    text = seed.document.text
    expected = {
        "q1": (103, 139),
        "q2": (423, 427),
        "q3": (674, 815),
        "q4": (898, 1037),
    }
    for quote in seed.quotes:
        assert (quote.start, quote.end) == expected[quote.id]
        assert quote.segments == ((quote.start, quote.end),)
        assert text[quote.start : quote.end] == quote.text
        assert text[quote.start - 1] == '"' and text[quote.end] == '"'
    # Spot-check the words at each boundary.
    by_id = {quote.id: quote for quote in seed.quotes}
    assert text[by_id["q3"].start :].startswith(FIRST)
    assert text[by_id["q4"].start :].startswith(SECOND)


def test_line_and_column_of_each_quote(seed):
    assert [(quote.line, quote.column) for quote in seed.quotes] == [(1, 104), (3, 187), (7, 2), (9, 2)]
    lines = seed.document.text.split("\n")
    for quote in seed.quotes:
        assert lines[quote.line - 1][quote.column - 1 :].startswith(quote.text[:20])
