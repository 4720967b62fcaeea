"""The pure quote-vs-source core: normalising, tokens, alignment, word diff, verdicts."""

from __future__ import annotations

import pytest

from quotecheck.align import (
    MIN_SCORE,
    best_span,
    format_diff,
    judge,
    normalise,
    same_speaker,
    word_diff,
    words,
)
from quotecheck.model import DiffOp, Finding, Passage, Severity, Verdict

# A (fictional) minister's statement, as a transcript would carry it.
SPEECH = (
    "Good evening. Today the country is facing an attempted coup d'état. "
    "The armed forces have taken the central square, "
    "and an armoured vehicle rammed the door of this ministry. "
    "We will not negotiate with those who want to destroy our democracy. "
    "Our government has only asked the army to respect the constitution. "
    "Twelve soldiers were arrested this afternoon, and General Rojas has been removed from his command. "
    "The Bolivian people are summoned today. We need the Bolivian people to organize and mobilize "
    "against the coup d'état in favor of democracy. "
    "I thank the international community, which has stood with us from the first hour."
)
MINISTER = "Elena Vargas"
PASSAGE = Passage(source="speech.txt", text=SPEECH, speaker=MINISTER, line=1, offset=0)

FILLER = (
    "The committee reviewed the proposals submitted by the regional governments and noted that "
    "several of them lacked the financial details required by the law. "
)


def check(quote: str, passage: Passage = PASSAGE, attributed: str | None = MINISTER) -> Finding:
    """What the caller does: align, then judge."""
    start, end, score = best_span(quote, passage.text)
    return judge(quote, passage, start, end, score, attributed)


def span_of(needle: str, haystack: str = SPEECH) -> tuple[int, int]:
    start = haystack.index(needle)
    return start, start + len(needle)


# -- normalise and words ------------------------------------------------------------------------


def test_normalise_unifies_marks_dashes_case_and_whitespace() -> None:
    assert normalise("“We  won’t\tgo back” —\nEVER") == normalise('"we won\'t go back" - ever')
    assert normalise("  Coup\u00a0d’état  ") == "coup d'état"
    assert normalise("wait…") == "wait..."


def test_words_keep_surface_and_exact_spans_without_edge_punctuation() -> None:
    text = "“Today, the country’s army—not the people—is here.”"
    tokens = words(text)
    assert [w.surface for w in tokens] == [
        "Today",
        "the",
        "country’s",
        "army",
        "not",
        "the",
        "people",
        "is",
        "here",
    ]
    assert all(text[w.start : w.end] == w.surface for w in tokens)
    assert tokens[2].norm == "country's"
    assert tokens[0].sentence_initial and tokens[-1].ends_sentence


@pytest.mark.parametrize("ellipsis", ["...", "…", ". . .", "[...]", "[…]"])
def test_every_ellipsis_style_is_one_editorial_token(ellipsis: str) -> None:
    tokens = words(f"We will {ellipsis} negotiate")
    assert [w.kind for w in tokens] == ["word", "word", "ellipsis", "word"]
    assert tokens[2].surface == ellipsis


def test_bracketed_insertions_and_in_word_brackets() -> None:
    tokens = words("[The minister] said [T]he army won 12% of it")
    assert tokens[0].kind == "bracket" and tokens[0].norm == "[the minister]"
    the = tokens[2]
    assert (the.kind, the.surface, the.norm, the.bracketed) == ("word", "[T]he", "the", True)
    # "12%" compares as "12 percent" but keeps its own characters.
    assert [(w.norm, w.surface) for w in tokens[5:7]] == [("12", "12"), ("percent", "%")]


def test_capitalised_words_inside_a_sentence_are_names() -> None:
    tokens = {w.surface: w for w in words('The army said: "General Rojas met Mr. Medina in La Paz."')}
    assert tokens["Rojas"].name_like and tokens["Medina"].name_like and tokens["Paz"].name_like
    # Sentence starts, the first word after a colon or an opening mark, and "Mr." ending no sentence.
    assert not tokens["The"].name_like and not tokens["General"].name_like
    assert not tokens["Mr"].ends_sentence


# -- best_span ----------------------------------------------------------------------------------


def test_best_span_finds_a_sentence_with_exact_offsets() -> None:
    sentence = "We will not negotiate with those who want to destroy our democracy"
    assert best_span(sentence + ".", SPEECH) == (*span_of(sentence), 100.0)


def test_best_span_ignores_quote_marks_and_edge_punctuation() -> None:
    quote = "“we will NOT negotiate with those who want to destroy our democracy,”"
    start, end, score = best_span(quote, SPEECH.replace("'", "’"))
    assert (start, end, score) == (
        *span_of("We will not negotiate with those who want to destroy our democracy"),
        100,
    )


def test_best_span_in_the_middle_of_a_long_passage() -> None:
    long_text = FILLER * 10 + SPEECH + " " + FILLER * 10
    assert len(long_text) > 3000
    quote = "Our government has only asked the army to respect the constitution"
    start, end, score = best_span(quote, long_text)
    assert (start, end) == span_of(quote, long_text)
    assert long_text[start:end] == quote and score == 100


def test_best_span_fits_the_edges_when_the_quote_changes_a_word() -> None:
    # The partial-ratio window is as long as the quote; "the" -> "a" makes it fall short of
    # the first word, which the span must still include.
    start, end, score = best_span("an armoured vehicle rammed a door of this ministry", SPEECH)
    assert SPEECH[start:end] == "an armoured vehicle rammed the door of this ministry"
    assert MIN_SCORE <= score < 100


def test_best_span_covers_ellipsis_pieces_from_first_to_last() -> None:
    quote = "Today the country is facing an attempted coup d'état … We need the Bolivian people to organize"
    start, end, score = best_span(quote, SPEECH)
    assert SPEECH[start:end].startswith("Today the country is facing")
    assert SPEECH[start:end].endswith("We need the Bolivian people to organize")
    assert score == 100


def test_best_span_keeps_ellipsis_pieces_in_reading_order() -> None:
    # "the Bolivian people" occurs twice; after "We need" it is the second one.
    text = "The Bolivian people are summoned. We need calm. We need the Bolivian people to organize."
    start, end, _ = best_span("We need ... the Bolivian people to organize", text)
    assert text[start:end] == "We need calm. We need the Bolivian people to organize"


def test_best_span_takes_in_the_pronoun_a_leading_bracket_replaces() -> None:
    text = "Asked about the army, she said she will not resign before the elections."
    start, end, _ = best_span("[Vargas] will not resign before the elections", text)
    assert text[start:end] == "she will not resign before the elections"


def test_best_span_quote_slightly_longer_than_the_passage() -> None:
    text = "I don't think the minister will resign before the elections in October."
    quote = "I don't think the minister will resign before the elections in October. The party agrees."
    start, end, score = best_span(quote, text)
    assert (start, end) == (0, len(text) - 1)
    assert MIN_SCORE <= score < 100  # found, but the added words cost something


def test_best_span_quote_much_longer_than_the_passage_is_not_found() -> None:
    # partial_ratio alone would give 100 here: the passage is inside the quote.
    text = "We will not negotiate."
    quote = "We will not negotiate with those who want to destroy our democracy, and we never will."
    start, end, score = best_span(quote, text)
    assert (start, end) == (0, len(text) - 1)
    assert score < MIN_SCORE


def test_best_span_of_nothing() -> None:
    assert best_span("", SPEECH) == (0, 0, 0.0)
    assert best_span("... [sic]", SPEECH) == (0, 0, 0.0)
    assert best_span("We will not negotiate", "") == (0, 0, 0.0)


@pytest.mark.parametrize(
    "quote",
    [
        "The minister said the budget would be presented to parliament next week.",
        "We will defend the constitution and the rights of every citizen of this country.",
        "I have asked the international community to support the elected government.",
        "Our democracy is strong and the people of Bolivia will not be intimidated.",
    ],
)
def test_min_score_rejects_unrelated_sentences_with_shared_vocabulary(quote: str) -> None:
    assert best_span(quote, SPEECH)[2] < MIN_SCORE


@pytest.mark.parametrize(
    "quote",
    [
        "We will not negotiate with people who want to end our democracy.",
        "Our government has simply asked the military to respect the constitution.",
        "The armed forces have seized the main square and a tank rammed the door of the ministry.",
    ],
)
def test_min_score_still_finds_quotes_with_several_words_changed(quote: str) -> None:
    assert best_span(quote, SPEECH)[2] >= MIN_SCORE


# -- word_diff and format_diff ------------------------------------------------------------------


def test_word_diff_runs_with_surface_words() -> None:
    ops = word_diff("We will never negotiate with them", "We will not negotiate with them")
    assert ops == [
        DiffOp("equal", "We will", "We will"),
        DiffOp("replace", "not", "never"),
        DiffOp("equal", "negotiate with them", "negotiate with them"),
    ]


def test_word_diff_marks_the_deletion_at_an_ellipsis_editorial() -> None:
    ops = word_diff("the army ... and the police", "the army and the navy and the police")
    # Dropping "navy and the" is as short a diff; the ellipsis says it was "and the navy".
    assert ops == [
        DiffOp("equal", "the army", "the army"),
        DiffOp("delete", "and the navy", "", editorial=True),
        DiffOp("equal", "and the police", "and the police"),
    ]


def test_word_diff_deletion_without_ellipsis_is_not_editorial() -> None:
    ops = word_diff("the army and the police", "the army and the navy and the police")
    assert [op.editorial for op in ops if op.op != "equal"] == [False]


def test_word_diff_brackets_are_editorial_inserts_and_replacements() -> None:
    ops = word_diff("[Vargas] said [the army] will go", "she said they will go")
    assert ops == [
        DiffOp("replace", "she", "[Vargas]", editorial=True),
        DiffOp("equal", "said", "said"),
        DiffOp("replace", "they", "[the army]", editorial=True),
        DiffOp("equal", "will go", "will go"),
    ]
    assert word_diff("we [the ministers] will go", "we will go")[1] == DiffOp(
        "insert", "", "[the ministers]", editorial=True
    )


def test_word_diff_shows_a_reordering_as_delete_and_insert() -> None:
    ops = word_diff("security and the economy", "the economy and security")
    assert {op.op for op in ops} >= {"delete", "insert"}
    deleted = " ".join(op.source for op in ops if op.op in ("delete", "replace"))
    inserted = " ".join(op.quote for op in ops if op.op in ("insert", "replace"))
    assert sorted(deleted.split()) == sorted(inserted.split())


def test_format_diff() -> None:
    ops = word_diff("Twenty soldiers were detained today", "Twelve soldiers were detained this afternoon")
    assert format_diff(ops) == "[-Twelve-]{+Twenty+} soldiers were detained [-this afternoon-]{+today+}"
    ops = word_diff("we will ... win", "we will surely win now")
    assert format_diff(ops) == "we will [-surely-] win [-now-]"
    assert format_diff(word_diff("we [all] win", "we win")) == "we {+[all]+} win"


# -- judge: verdicts ----------------------------------------------------------------------------


def test_verbatim_despite_curly_marks_case_dashes_and_punctuation() -> None:
    text = "Our answer -- and I say this calmly -- is no. We won't go back."
    quote = "“Our answer — and I say this CALMLY — is no; we won’t go back”"
    finding = check(quote, Passage("s", text), None)
    assert finding.verdict is Verdict.VERBATIM, finding.reasons
    assert finding.severity is None and finding.quote_id == "" and finding.reasons == ()
    assert finding.match is not None and finding.match.text == text[:-1]


def test_verbatim_match_points_at_the_source_words() -> None:
    quote = "“We will not negotiate with those who want to destroy our democracy,” "
    finding = check(quote)
    assert finding.verdict is Verdict.VERBATIM
    assert finding.match is not None
    assert finding.match.text == "We will not negotiate with those who want to destroy our democracy"
    assert finding.match.score == 100
    assert all(op.op == "equal" for op in finding.diff)


def test_editorial_ellipsis_mid_quote() -> None:
    finding = check("Twelve soldiers were arrested … and General Rojas has been removed from his command")
    assert finding.verdict is Verdict.EDITORIAL
    assert finding.severity is None
    assert [op for op in finding.diff if op.op != "equal"] == [
        DiffOp("delete", "this afternoon", "", editorial=True)
    ]
    assert finding.reasons == ("ellipsis leaves out 2 words: this afternoon",)


def test_ellipsis_dropping_not_is_divergent_critical() -> None:
    finding = check("We will … negotiate with those who want to destroy our democracy")
    assert (finding.verdict, finding.severity) == (Verdict.DIVERGENT, Severity.CRITICAL)
    assert finding.reasons == ("ellipsis removes a negation: not",)
    assert DiffOp("delete", "not", "", editorial=False) in finding.diff


def test_ellipsis_dropping_a_qualifier_is_divergent() -> None:
    finding = check("Our government has … asked the army to respect the constitution")
    assert (finding.verdict, finding.severity) == (Verdict.DIVERGENT, Severity.MAJOR)
    assert finding.reasons == ("ellipsis removes a qualifier: only",)


def test_ellipsis_over_whole_sentences_ignores_their_negations() -> None:
    # The skipped sentences contain "not", but the quoted sentences are intact.
    finding = check(
        "Today the country is facing an attempted coup d'état … We need the Bolivian people to organize"
    )
    assert finding.verdict is Verdict.EDITORIAL, finding.reasons


def test_bracketed_insertion_is_editorial() -> None:
    finding = check("We will not negotiate with those who want to destroy our [young] democracy")
    assert finding.verdict is Verdict.EDITORIAL
    assert DiffOp("insert", "", "[young]", editorial=True) in finding.diff


def test_bracketed_replacement_is_editorial() -> None:
    finding = check("[The government] has only asked the army to respect the constitution")
    assert finding.verdict is Verdict.EDITORIAL, finding.reasons
    assert finding.match is not None and finding.match.text.startswith("Our government")
    assert finding.reasons == ("[The government] replaces: Our government",)


def test_bracketed_capital_is_editorial() -> None:
    finding = check("[T]he armed forces have taken the central square")
    assert finding.verdict is Verdict.EDITORIAL
    assert finding.reasons == ("bracketed edit: [T]he",)


def test_brackets_replacing_a_negation_are_divergent_critical() -> None:
    text = "The minister said she cannot accept the offer."
    finding = judge(
        "she [will] accept the offer",
        Passage("s", text),
        *best_span("she [will] accept the offer", text),
        None,
    )
    assert (finding.verdict, finding.severity) == (Verdict.DIVERGENT, Severity.CRITICAL)
    assert finding.reasons == ("brackets replace a negation: cannot",)


def test_number_changed_is_critical() -> None:
    text = "12 soldiers were arrested this afternoon."
    finding = judge("20 soldiers were arrested this afternoon", Passage("s", text), 0, len(text), 95.0, None)
    assert (finding.verdict, finding.severity) == (Verdict.DIVERGENT, Severity.CRITICAL)
    assert finding.reasons == ("number changed: 12 -> 20",)
    assert check("Twenty soldiers were arrested this afternoon").reasons == (
        "number changed: Twelve -> Twenty",
    )


def test_number_written_in_words_is_editorial_not_a_change() -> None:
    finding = check("12 soldiers were arrested this afternoon")
    assert finding.verdict is Verdict.EDITORIAL
    assert finding.reasons == ("number style: Twelve -> 12",)


def test_percentages_are_numbers() -> None:
    text = "Unemployment is 12 percent and falling."
    finding = check("Unemployment is 20% and falling", Passage("s", text), None)
    assert (finding.verdict, finding.severity) == (Verdict.DIVERGENT, Severity.CRITICAL)
    assert finding.reasons == ("number changed: 12 -> 20",)
    assert check("Unemployment is 12% and falling", Passage("s", text), None).verdict is Verdict.VERBATIM


def test_name_changed_is_critical() -> None:
    finding = check("General Medina has been removed from his command")
    assert (finding.verdict, finding.severity) == (Verdict.DIVERGENT, Severity.CRITICAL)
    assert finding.reasons == ("name changed: Rojas -> Medina",)


def test_negation_dropped_or_added_is_critical() -> None:
    dropped = check("We will negotiate with those who want to destroy our democracy")
    assert (dropped.severity, dropped.reasons) == (Severity.CRITICAL, ("negation dropped: not",))
    text = "We will win this fight."
    added = check("We will never win this fight", Passage("s", text), None)
    assert (added.severity, added.reasons) == (Severity.CRITICAL, ("negation added: never",))


def test_content_word_swap_is_major() -> None:
    finding = check("Today the country is facing an attempted crisis")
    assert (finding.verdict, finding.severity) == (Verdict.DIVERGENT, Severity.MAJOR)
    assert finding.reasons == ("word substituted: coup -> crisis",)
    assert format_diff(finding.diff) == "Today the country is facing an attempted [-coup-]{+crisis+}"


def test_function_word_swap_is_minor() -> None:
    finding = check("an armoured vehicle rammed a door of this ministry")
    assert (finding.verdict, finding.severity) == (Verdict.DIVERGENT, Severity.MINOR)
    assert finding.reasons == ("word substituted: the -> a",)


def test_dropped_qualifier_without_ellipsis_is_major() -> None:
    finding = check("Our government has asked the army to respect the constitution")
    assert (finding.severity, finding.reasons) == (Severity.MAJOR, ("word dropped: only",))


def test_word_order_change_is_detected() -> None:
    finding = check("with those who want to destroy our democracy we will not negotiate")
    assert (finding.verdict, finding.severity) == (Verdict.DIVERGENT, Severity.MAJOR)
    assert finding.reasons == ("order changed: we will not negotiate",)


def test_function_words_reordered_is_minor() -> None:
    text = "This is the question that was asked of us."
    finding = judge("That is the question this was asked of us", Passage("s", text), 0, len(text), 90.0, None)
    assert (finding.verdict, finding.severity) == (Verdict.DIVERGENT, Severity.MINOR)
    assert finding.reasons[0].startswith("order changed")


def test_splice_of_two_separate_passages_is_divergent() -> None:
    quote = "Today the country is facing an attempted coup d'état. I thank the international community."
    finding = check(quote)
    assert (finding.verdict, finding.severity) == (Verdict.DIVERGENT, Severity.MAJOR)
    assert len(finding.reasons) == 1 and finding.reasons[0].startswith(
        "passages spliced: 6 sentences left out"
    )
    assert finding.match is not None
    assert finding.match.text.startswith("Today") and finding.match.text.endswith(
        "I thank the international community"
    )


def test_one_sentence_left_out_without_ellipsis_is_a_drop_not_a_splice() -> None:
    quote = "The Bolivian people are summoned today. I thank the international community"
    text = "The Bolivian people are summoned today. Stay calm. I thank the international community."
    finding = check(quote, Passage("s", text), None)
    assert (finding.verdict, finding.severity) == (Verdict.DIVERGENT, Severity.MAJOR)
    assert finding.reasons == ("words dropped: Stay calm",)


def test_misattributed_when_the_words_match_but_the_speaker_differs() -> None:
    finding = check(
        "We will not negotiate with those who want to destroy our democracy", attributed="Marco Ortiz"
    )
    assert finding.verdict is Verdict.MISATTRIBUTED
    assert finding.severity is None
    assert finding.reasons == ("speaker differs: the source has Elena Vargas, the quote Marco Ortiz",)


def test_misattributed_and_divergent_keeps_the_wording_severity() -> None:
    finding = check(
        "We will negotiate with those who want to destroy our democracy", attributed="Marco Ortiz"
    )
    assert (finding.verdict, finding.severity) == (Verdict.MISATTRIBUTED, Severity.CRITICAL)
    assert "negation dropped: not" in finding.reasons


@pytest.mark.parametrize(
    "attributed", ["Elena Vargas", "VARGAS", "Vargas", "Minister Elena Vargas", "E. Vargas", None]
)
def test_matching_or_unknown_speakers_are_not_misattributed(attributed: str | None) -> None:
    finding = check(
        "We will not negotiate with those who want to destroy our democracy", attributed=attributed
    )
    assert finding.verdict is Verdict.VERBATIM


def test_unknown_source_speaker_is_never_misattributed() -> None:
    anonymous = Passage("speech.txt", SPEECH)
    finding = check(
        "We will not negotiate with those who want to destroy our democracy", anonymous, "Marco Ortiz"
    )
    assert finding.verdict is Verdict.VERBATIM


def test_not_found_below_min_score() -> None:
    quote = "The minister said the budget would be presented to parliament next week."
    finding = check(quote)
    assert finding.verdict is Verdict.NOT_FOUND
    assert finding.match is None and finding.diff == () and finding.severity is None
    assert finding.reasons[0].startswith("closest wording scores")
    assert judge("We will not negotiate", PASSAGE, 0, 10, MIN_SCORE - 0.01, None).verdict is Verdict.NOT_FOUND


def test_judge_treats_source_words_around_the_quote_as_context() -> None:
    # A caller may pass the whole passage instead of best_span's span.
    quote = "Our government has only asked the army to respect the constitution"
    finding = judge(quote, PASSAGE, 0, len(SPEECH), 100.0, MINISTER)
    assert finding.verdict is Verdict.VERBATIM
    assert finding.match is not None and (finding.match.start, finding.match.end) == span_of(quote)


def test_quote_longer_than_the_passage_reports_the_added_words() -> None:
    text = "I don't think the minister will resign before the elections in October."
    quote = "I don't think the minister will resign before the elections in October. The party agrees."
    finding = check(quote, Passage("s", text), None)
    assert (finding.verdict, finding.severity) == (Verdict.DIVERGENT, Severity.MAJOR)
    assert finding.reasons == ("words added: The party agrees",)


# -- speakers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Luis Arce", "ARCE", True),
        ("Luis Arce", "Arce", True),
        ("Luis Arce", "President Luis Arce", True),
        ("Luis Arce", "L. Arce", True),
        ("Luis Alberto Arce Catacora", "Arce", True),
        ("José Núñez", "JOSE NUNEZ", True),
        ("Luis Arce", "Evo Morales", False),
        ("Luis Arce", "Marcela Arce", False),
        ("Luis Arce", "Morales", False),
        ("Luis Arce", None, None),
        (None, "Arce", None),
        ("the president", "Luis Arce", None),
    ],
)
def test_same_speaker(a: str | None, b: str | None, expected: bool | None) -> None:
    assert same_speaker(a, b) is expected
    assert same_speaker(b, a) is expected
