"""Cues, speakers and kinds on the layout fixtures (fixtures/layouts/*.txt) and small texts."""

from __future__ import annotations

import pytest

from quotecheck.cues import DEFAULT_CUE_VERBS, CueLexicon, inflections
from quotecheck.model import Quote, QuoteKind, SpeakerMethod


def assert_speaker(quote: Quote, name: str, method: SpeakerMethod, mention: str, text: str) -> None:
    """Speaker name, method and mention, and that the mention offsets point at the mention."""
    assert quote.speaker is not None, f"{quote.text!r} is unattributed"
    assert (quote.speaker.name, quote.speaker.method, quote.speaker.mention) == (name, method, mention)
    assert text[quote.speaker.start : quote.speaker.end] == mention


def assert_cue(quote: Quote, cue: str, text: str) -> None:
    assert quote.cue is not None, f"{quote.text!r} has no cue"
    assert quote.cue.text == cue
    assert text[quote.cue.start : quote.cue.end] == cue


# -- "…," X said / said X ------------------------------------------------------------------


def test_quote_then_named_speaker_said(layout, quote_with):
    result = layout("interrupted_and_multiparagraph")
    text = result.document.text
    quote = quote_with(result, "We cannot keep rebuilding the same streets every winter,")
    assert quote.kind is QuoteKind.SPEECH
    assert_speaker(quote, "Ana Delgado", SpeakerMethod.NAMED, "Ana Delgado", text)
    assert_cue(quote, "said", text)
    # '"…," Mayor Ana Delgado said after the vote. "…"' is one interrupted quote.
    assert [text[s:e] for s, e in quote.segments] == [
        "We cannot keep rebuilding the same streets every winter,",
        "This barrier is the cheapest thing we will ever buy.",
    ]


def test_quote_then_said_named_speaker(layout, quote_with):
    result = layout("british_style")
    text = result.document.text
    quote = quote_with(result, "We have an agreement that protects jobs and pay,")
    assert quote.kind is QuoteKind.SPEECH
    assert_speaker(quote, "Priya Raman", SpeakerMethod.NAMED, "Priya Raman", text)
    assert_cue(quote, "said", text)
    assert len(quote.segments) == 2
    assert text[quote.segments[1][0] : quote.segments[1][1]] == "Our members will vote on it next week."


def test_said_then_named_speaker_with_apposition(run_text):
    text = 'The team returned home on Sunday.\n\n"We won," said Maria Lopez, the team captain.\n'
    (quote,) = run_text(text).quotes
    assert quote.text == "We won,"
    assert_speaker(quote, "Maria Lopez", SpeakerMethod.NAMED, "Maria Lopez", text)
    assert_cue(quote, "said", text)


# -- X said: "…" ---------------------------------------------------------------------------


def test_speaker_said_colon_quote(run_text):
    text = 'The council met on Tuesday.\n\nMayor Ana Delgado said: "The barrier will be finished by May."\n'
    (quote,) = run_text(text).quotes
    assert quote.kind is QuoteKind.SPEECH
    assert quote.text == "The barrier will be finished by May."
    assert quote.speaker is not None
    assert quote.speaker.name == "Ana Delgado"
    assert quote.speaker.method is SpeakerMethod.NAMED
    assert "Ana Delgado" in quote.speaker.mention
    assert_cue(quote, "said", text)


def test_pronoun_said_colon_british_quote(layout, quote_with):
    result = layout("british_style")
    text = result.document.text
    quote = quote_with(result, "This is good news for passengers")
    assert quote.kind is QuoteKind.SPEECH
    assert_speaker(quote, "Tom Hale", SpeakerMethod.PRONOUN, "He", text)
    assert_cue(quote, "said", text)


# -- X told …: "…" -------------------------------------------------------------------------


def test_told_the_committee_colon(layout, quote_with):
    result = layout("attribution_layouts")
    text = result.document.text
    quote = quote_with(result, "We have already replaced the software that failed,")
    assert quote.kind is QuoteKind.SPEECH
    # "Kim told the committee:" -- a bare surname, resolved to the full name.
    assert_speaker(quote, "Laura Kim", SpeakerMethod.SURNAME, "Kim", text)
    assert_cue(quote, "told", text)


# -- according to --------------------------------------------------------------------------


def test_according_to(layout, quote_with):
    result = layout("attribution_layouts")
    text = result.document.text
    quote = quote_with(result, "The grid operators ignored three separate warnings")
    assert_cue(quote, "according to", text)
    assert quote.speaker is not None
    # "according to a report by the Government Accountability Office": a report, not a person,
    # and certainly not Laura Kim or Richard Boyd.
    assert "report" in quote.speaker.mention
    assert quote.speaker.start > quote.cue.end
    assert not quote.speaker.is_person
    assert quote.speaker.name not in ("Laura Kim", "Richard Boyd")


# -- colon after the speaker ---------------------------------------------------------------


def test_colon_after_speaker_with_cue_verb(layout, quote_with):
    result = layout("attribution_layouts")
    text = result.document.text
    quote = quote_with(result, "Two million families sat in the dark")
    assert quote.kind is QuoteKind.SPEECH
    # "Senator Richard Boyd opened the hearing: "…""
    assert_speaker(quote, "Richard Boyd", SpeakerMethod.NAMED, "Richard Boyd", text)
    assert quote.cue is not None
    assert quote.cue.start < quote.start


def test_put_it_idiom_with_apposed_name_guillemets(layout, quote_with):
    result = layout("marks_and_apostrophes")
    text = result.document.text
    # "Her former captain, Joe Ferris, put it differently: «…»": "put it" attributes, and
    # the apposed name, not "Her former captain", is the speaker.
    quote = quote_with(result, "She never let us settle for second best.")
    assert quote.kind is QuoteKind.SPEECH
    assert_speaker(quote, "Joe Ferris", SpeakerMethod.NAMED, "Joe Ferris", text)
    assert_cue(quote, "put", text)


def test_colon_after_speaker_without_any_verb(run_text):
    text = (
        "Lawmakers traded barbs during the budget debate.\n\n"
        'Senator Maria Lopez (D-Calif.): "We will not trade school lunches for tax cuts."\n'
    )
    (quote,) = run_text(text).quotes
    assert quote.kind is QuoteKind.SPEECH
    assert quote.cue is not None and quote.cue.text == ":"
    assert quote.speaker is not None and quote.speaker.name == "Maria Lopez"


# -- trailing dash -------------------------------------------------------------------------


def test_trailing_dash(layout, quote_with):
    result = layout("attribution_layouts")
    text = result.document.text
    quote = quote_with(result, "This was a failure of maintenance, not an attack.")
    assert quote.kind is QuoteKind.SPEECH
    assert_speaker(quote, "Laura Kim", SpeakerMethod.NAMED, "Laura Kim", text)
    assert_cue(quote, "—", text)
    assert quote.cue.start > quote.end


# -- pronouns ------------------------------------------------------------------------------


def test_pronoun_she_resolves_to_laura_kim(layout, quote_with):
    result = layout("attribution_layouts")
    text = result.document.text
    quote = quote_with(result, "Our teams were on site within the hour,")
    assert_speaker(quote, "Laura Kim", SpeakerMethod.PRONOUN, "she", text)
    assert_cue(quote, "said", text)


def test_pronoun_he_resolves_to_mark_oyelaran(layout, quote_with):
    result = layout("interrupted_and_multiparagraph")
    text = result.document.text
    quote = quote_with(result, "Nobody has shown me the maintenance budget,")
    assert_speaker(quote, "Mark Oyelaran", SpeakerMethod.PRONOUN, "he", text)
    assert_cue(quote, "said", text)
    # '"…," he said, "…"': one quote, two segments, the apostrophe of "don't" inside.
    assert [text[s:e] for s, e in quote.segments] == [
        "Nobody has shown me the maintenance budget,",
        "and I don't sign blank cheques.",
    ]


# -- surnames ------------------------------------------------------------------------------


def test_surname_resolves_to_full_name(layout, quote_with):
    result = layout("marks_and_apostrophes")
    text = result.document.text
    quote = quote_with(result, "People ask me what the secret was,")
    assert_speaker(quote, "Helen Marsh", SpeakerMethod.SURNAME, "Marsh", text)
    assert_cue(quote, "said", text)


def test_surname_added_resolves_to_full_name(layout, quote_with):
    result = layout("unbalanced")
    text = result.document.text
    quote = quote_with(result, "We will make up the lost days in June,")
    assert_speaker(quote, "Dana Wells", SpeakerMethod.SURNAME, "Wells", text)
    assert_cue(quote, "added", text)


# -- carried over --------------------------------------------------------------------------


def test_quote_paragraph_carries_over_the_previous_speaker(run_text):
    text = (
        "Mayor Ana Delgado spoke after the vote.\n\n"
        '"We cannot keep rebuilding the same streets," Delgado said.\n\n'
        '"This barrier is the cheapest thing we will ever buy."\n\n'
        "Councillor Mark Oyelaran voted against it.\n"
    )
    first, second = run_text(text).quotes
    assert_speaker(first, "Ana Delgado", SpeakerMethod.SURNAME, "Delgado", text)
    assert second.text == "This barrier is the cheapest thing we will ever buy."
    assert second.speaker is not None
    assert second.speaker.name == "Ana Delgado"
    assert second.speaker.method is SpeakerMethod.CARRIED_OVER
    assert second.cue is None
    # The mention is the one of the earlier quote, not Mark Oyelaran's later name.
    assert second.speaker.start == first.speaker.start


# -- multi-paragraph quotes ----------------------------------------------------------------


def test_multi_paragraph_quote_attributed_from_its_last_paragraph(layout, quote_with):
    result = layout("interrupted_and_multiparagraph")
    text = result.document.text
    quote = quote_with(result, "When I took office, the pumps at Pier 9 were older than I am.")
    assert quote.kind is QuoteKind.SPEECH
    assert [text[s:e] for s, e in quote.segments] == [
        "When I took office, the pumps at Pier 9 were older than I am.",
        "Every storm since then has cost us more than the one before.",
        "We owe the people of the lower town a city that stays dry,",
    ]
    assert_speaker(quote, "Ana Delgado", SpeakerMethod.PRONOUN, "she", text)
    assert_cue(quote, "said", text)
    # The cue follows the last paragraph's closing mark.
    assert quote.cue.start > quote.end
    assert result.anomalies == []


# -- kinds ---------------------------------------------------------------------------------


def test_partial_quote(layout, quote_with):
    result = layout("attribution_layouts")
    text = result.document.text
    quote = quote_with(result, "reckless speculation")
    assert quote.text == "reckless speculation"
    assert quote.kind is QuoteKind.PARTIAL
    assert quote.speaker is not None
    assert quote.speaker.name == "Laura Kim"
    assert text[quote.speaker.start : quote.speaker.end] == quote.speaker.mention


def test_title_kind_has_no_speaker(layout, quote_with):
    result = layout("attribution_layouts")
    quote = quote_with(result, "Old Senate Chamber")
    assert quote.text == "Old Senate Chamber"
    assert quote.kind is QuoteKind.TITLE
    assert quote.speaker is None
    assert quote.cue is None


def test_nickname_is_not_speech_and_has_no_speaker(layout, quote_with):
    result = layout("marks_and_apostrophes")
    quote = quote_with(result, "Marsh kits.")
    assert quote.kind in (QuoteKind.SCARE, QuoteKind.TITLE)
    assert quote.speaker is None


def test_name_after_is_called_has_no_speaker(run_text):
    text = 'The council approved the plan.\n\nThe barrier is called "Harbor Shield" in the city brochure.\n'
    (quote,) = run_text(text).quotes
    assert quote.text == "Harbor Shield"
    assert quote.kind in (QuoteKind.SCARE, QuoteKind.TITLE)
    assert quote.speaker is None


def test_nested_quote_in_speech(layout, quote_with):
    result = layout("marks_and_apostrophes")
    text = result.document.text
    (nested,) = [quote for quote in result.quotes if quote.nested]
    assert nested.text == "Train the habits, not the highlights."
    assert text[nested.start - 1] == "‘" and text[nested.end] == "’"
    outer = quote_with(result, "I tell them what my own coach told me:")
    assert not outer.nested
    assert outer.start < nested.start < nested.end < outer.end


# -- unattributed --------------------------------------------------------------------------


def test_quote_with_no_findable_speaker_is_unattributed(run_text):
    text = (
        "A storm hit the coast on Monday and closed the harbor.\n\n"
        '"Nobody was ready for this."\n\n'
        "Roads reopened on Tuesday.\n"
    )
    (quote,) = run_text(text).quotes
    assert quote.text == "Nobody was ready for this."
    assert quote.kind is QuoteKind.SPEECH
    assert quote.speaker is None
    assert quote.cue is None
    assert not quote.is_attributed


def test_unclosed_quote_is_reported_and_later_quote_still_attributed(layout):
    result = layout("unbalanced")
    text = result.document.text
    assert [(anomaly.kind, anomaly.offset) for anomaly in result.anomalies] == [("unclosed", 111)]
    assert text[111] == '"'
    assert [quote.text for quote in result.quotes] == [
        "Safety comes first, superintendent Dana Wells said in a message to parents.",
        "We will make up the lost days in June,",
    ]


# -- an open cue lexicon -------------------------------------------------------------------

EXTRA_VERB = "opine"
# A verb outside the lexicon that governs a partial quote inside the writer's sentence
# (after a quote, '"…," X VERBed' attributes whatever the verb: see the next test).
OPINED = (
    "The council met on Monday to discuss the budget.\n\n"
    'Maria Lopez opined that the budget was "a mess that nobody will fix" before the vote.\n'
)


def test_extra_verb_is_not_a_default_cue():
    assert EXTRA_VERB not in DEFAULT_CUE_VERBS
    assert "opined" not in CueLexicon().surface_forms
    assert "opined" in inflections(EXTRA_VERB)


def test_quote_with_unknown_verb_falls_back_to_the_sentence_subject(run_text):
    # Without the verb in the lexicon nothing cues the quote: it is given to the
    # sentence's subject, with no cue to show for it.
    (quote,) = run_text(OPINED).quotes
    assert quote.kind is QuoteKind.PARTIAL
    assert quote.cue is None
    assert quote.speaker is not None and quote.speaker.name == "Maria Lopez"


def test_any_verb_right_after_a_quote_attributes_it(run_text):
    text = 'The council met on Monday.\n\n"People are afraid of wasting their money," Maria Lopez surmised.\n'
    (quote,) = run_text(text).quotes
    assert quote.kind is QuoteKind.SPEECH
    assert_speaker(quote, "Maria Lopez", SpeakerMethod.NAMED, "Maria Lopez", text)
    assert_cue(quote, "surmised", text)


def test_extra_cue_verb_attributes_the_quote(run_text):
    lexicon = CueLexicon.with_extra([EXTRA_VERB])
    assert "opined" in lexicon.surface_forms
    assert lexicon.verbs > DEFAULT_CUE_VERBS
    (quote,) = run_text(OPINED, lexicon).quotes
    assert quote.text == "a mess that nobody will fix"
    assert_speaker(quote, "Maria Lopez", SpeakerMethod.NAMED, "Maria Lopez", OPINED)
    assert_cue(quote, "opined", OPINED)


def test_article_without_quotation_marks_has_no_quotes(run_text):
    result = run_text("The council met on Monday.\n\nIt approved the budget without debate.\n")
    assert result.quotes == []
    assert result.anomalies == []


def test_one_paragraph_per_line_with_a_stray_blank_line(run_text):
    # One blank line near the end must not turn the whole article into one paragraph:
    # the unclosed quote of the first paragraph stays there.
    long_line = "The committee met for three hours on Tuesday and heard from more witnesses than planned."
    text = (
        f"{long_line}\n"
        '"We will not give up on this bill, whatever the leadership decides to do about it,'
        ' and we will be back next week," said Maria Lopez. "If the votes are not there, they'
        " are not there, and that is the end of it for this session of the legislature.\n"
        f"{long_line}\n"
        '"Nobody asked us before the vote was called, and nobody will ask us next time either,"'
        " Tom Reyes said on Wednesday evening after the session had closed.\n"
        "\n"
        "Editor's note: this story was updated.\n"
    )
    result = run_text(text)
    reyes = next(q for q in result.quotes if q.text.startswith("Nobody asked us"))
    assert_speaker(reyes, "Tom Reyes", SpeakerMethod.NAMED, "Tom Reyes", text)
    assert [a.kind for a in result.anomalies] == ["unclosed"]


def test_quote_joined_by_and_to_a_partial_quote_is_partial_too(run_text):
    text = (
        "The pageant row went on for days.\n\n"
        'Nina Ortega said the mogul called the winner "Miss Piggy" and "Miss Housekeeping" in 1996.\n'
    )
    piggy, housekeeping = run_text(text).quotes
    assert piggy.kind is QuoteKind.PARTIAL
    assert housekeeping.kind is QuoteKind.PARTIAL
    assert housekeeping.speaker is not None and housekeeping.speaker.name == piggy.speaker.name


def test_owner_in_front_of_a_name_does_not_hide_the_person(nlp):
    from quotecheck.resolve import repair_person_entities

    doc = nlp("An essay by National Review’s Ian Tuttle accuses the senator of selling out.")
    repair_person_entities(doc)
    labels = {(entity.text, entity.label_) for entity in doc.ents}
    assert ("Ian Tuttle", "PERSON") in labels
    assert not any(entity.label_ != "PERSON" and "Tuttle" in entity.text for entity in doc.ents)


def test_name_tagged_as_common_noun_is_still_the_pronouns_antecedent(run_text):
    text = (
        "Filmmaker Dinesh D’Souza made his prediction on Friday.\n\n"
        "After the host asked him who would win, D’Souza replied, “I would bet on the governor.”\n\n"
        "“We should never confuse who we want to win with who is going to win,” he added.\n"
    )
    quotes = run_text(text).quotes
    assert quotes[-1].speaker is not None and quotes[-1].speaker.name == "Dinesh D’Souza"


def test_two_quoted_words_in_a_sentence_about_a_person_are_a_partial_quote(run_text):
    text = (
        'The visit was short.\n\nMayor Ana Delgado spoke instead about "improving transit" for the suburbs.\n'
    )
    (quote,) = run_text(text).quotes
    assert quote.kind is QuoteKind.PARTIAL
    assert quote.speaker is not None and quote.speaker.name == "Ana Delgado"


def test_two_quoted_words_with_nobody_speaking_stay_scare_quotes(run_text):
    text = 'The budget talks went on.\n\nThe so-called "fiscal cliff" loomed over the markets all week.\n'
    (quote,) = run_text(text).quotes
    assert quote.kind is QuoteKind.SCARE
    assert quote.speaker is None


def test_lone_word_right_after_a_verb_of_saying_is_the_speakers_word(run_text):
    text = 'The talks ended on Friday.\n\nPresident Luis Arce promised "cooperation" with the new council.\n'
    (quote,) = run_text(text).quotes
    assert quote.kind is QuoteKind.PARTIAL


def test_a_name_with_a_role_in_apposition_is_a_person_whatever_the_model_said(nlp):
    from spacy.tokens import Span

    from quotecheck.resolve import repair_person_entities

    doc = nlp("Reince Priebus, the party chairman, announced a new website on Tuesday.")
    doc.ents = [Span(doc, 0, 2, label="ORG")]  # what en_core_web_sm does with it in the wild
    repair_person_entities(doc)
    assert [(entity.text, entity.label_) for entity in doc.ents] == [("Reince Priebus", "PERSON")]


def test_a_name_before_a_verb_the_tagger_made_a_noun_is_still_an_antecedent(run_text):
    text = (
        "On the last day of the convention, Ivanka Marsh strode across the stage.\n\n"
        '"Policies that help working mothers should not be novelties," she said.\n'
    )
    (quote,) = run_text(text).quotes
    assert quote.speaker is not None and quote.speaker.name == "Ivanka Marsh"


def test_quote_after_a_show_title_in_the_same_paragraph_continues_the_speaker(run_text):
    text = (
        "The general spoke on Thursday.\n\n"
        '"He is absolutely right," Maria Lopez, a top surrogate, said on Fox News\'s "Fox and Friends."'
        ' "I mean, there is a lot of frustration within the ranks."\n'
    )
    quotes = [q for q in run_text(text).quotes if q.kind is QuoteKind.SPEECH]
    assert quotes[-1].text.startswith("I mean")
    assert quotes[-1].speaker is not None and quotes[-1].speaker.name == "Maria Lopez"


def test_byline_dash_is_not_part_of_the_speakers_name(run_text):
    text = 'Readers wrote in.\n\n"He does not answer to anyone." \u2015 Christina Lastra\n'
    (quote,) = run_text(text).quotes
    assert quote.speaker is not None and quote.speaker.name == "Christina Lastra"


def test_a_surname_tagged_once_is_a_name_everywhere(nlp):
    from spacy.tokens import Span

    from quotecheck.resolve import repair_person_entities

    doc = nlp("Donald Marsh spoke in Ohio. Marsh later defended his comments.")
    doc.ents = [Span(doc, 0, 2, label="PERSON")]  # the model missed the second mention
    repair_person_entities(doc)
    assert [(entity.text, entity.label_) for entity in doc.ents] == [
        ("Donald Marsh", "PERSON"),
        ("Marsh", "PERSON"),
    ]


def test_a_statement_issued_and_a_statement_that_reads(run_text):
    text = (
        "The campaign answered overnight.\n\n"
        'Joan Carter issued a statement, "Last night our city was attacked by a coward."\n\n'
        '"We will not be intimidated," read the statement, which was attributed to her aide.\n'
    )
    issued, read = run_text(text).quotes
    assert issued.speaker is not None and issued.speaker.name == "Joan Carter"
    assert_cue(read, "read", text)


def test_it_speaks_for_the_institution_that_was_the_subject(run_text):
    text = (
        "The row went on for a third day.\n\n"
        "Donald Marsh’s campaign is defending his early-morning tweets. It is denouncing what it"
        ' calls "the single-biggest coordinated media attack in history."\n'
    )
    (quote,) = run_text(text).quotes
    assert quote.speaker is not None and quote.speaker.name == "Donald Marsh’s campaign"
    assert quote.speaker.method is SpeakerMethod.PRONOUN and not quote.speaker.is_person


def test_quote_closing_the_text_with_nothing_after_it(run_text):
    # Windows after the last closing mark are empty, not an error.
    # One paragraph per line (lines too long to be wrapped): the quote left open at the
    # end of its line ends with its paragraph, and nothing follows it there.
    unwrapped = (
        "Support among black voters was strong this time around,"
        " much stronger than it was in the last cycle.\n\n"
        '"The reality is, if she loses Iowa and New Hampshire,'
        " that could create new and real problems for her.\n"
        'S.C. Rep. Jim Clyburn."\n\n'
        "For the voter before that year, nothing else really mattered very much at all.\n"
    )
    for text in ['He said: "We will win."', 'The end. "Unclosed at the end', unwrapped]:
        result = run_text(text)
        assert result.quotes


def test_she_replied_continues_the_woman_who_just_spoke(run_text):
    # Joan Carter is the subject of a clause inside the question, not a new voice.
    text = (
        "Oscar-winning actress Susan Sarandon is not sure she can vote for Joan Carter.\n\n"
        '"I think he would encourage people to back her," Sarandon said. "But I am not sure."\n\n'
        "Asked about her own vote in the event that Carter faces Tom Reyes, she replied:"
        " \"I don't know. I'm going to see what happens.\"\n"
    )
    quotes = run_text(text).quotes
    assert quotes[-1].speaker is not None and quotes[-1].speaker.name == "Susan Sarandon"


# -- one layout per case: the last quote of the text, its speaker and cue ------------------
# (speaker name, method, mention as written, cue as written or None)
LAST_QUOTE_CASES = {
    "colon closing the paragraph before, no verb of saying": (
        "The senator spoke at length in Iowa.\n\n"
        "On July 6, Maria Lopez made the following comment:\n\n"
        '"For young people who have left school, the unemployment rate is 33 percent."\n',
        ("Maria Lopez", SpeakerMethod.NAMED, "Maria Lopez", ":"),
    ),
    "participle after a name": (
        "The campaign released a new advertisement on Friday.\n\n"
        'The ad uses footage of Joan Carter asking, "Why are we not fifty points ahead?"\n',
        ("Joan Carter", SpeakerMethod.NAMED, "Joan Carter", "asking"),
    ),
    "words inside reported speech belong to the reporter": (
        "The city sent a letter on Thursday.\n\n"
        'City Attorney Brad Holm said in the letter that the advertisement "unmistakably and'
        ' wrongfully" suggests that the officers support the campaign.\n',
        ("Brad Holm", SpeakerMethod.NAMED, "Brad Holm", "said"),
    ),
    "verb of saying just before the mark beats a clause after it": (
        "The debate turned to taxes.\n\n"
        'When pressed on his returns, Mark Hollis boasted, "That makes me smart." Hollis was'
        " similarly defensive about an architect who said he was never paid.\n",
        ("Mark Hollis", SpeakerMethod.NAMED, "Mark Hollis", "boasted"),
    ),
    "verb of saying closing the paragraph before": (
        "The actor did not hold back on Tuesday.\n\n"
        "Tom Howard continued his scathing remarks.\n\n"
        '"Eight years ago she was the presumed nominee, and then a fellow came along."\n',
        ("Tom Howard", SpeakerMethod.NAMED, "Tom Howard", "continued"),
    ),
    # Ivy Marsh introduces her father; "Marsh" is the nominee, named in full more often.
    "bare surname means the family member named most": (
        "Daniel Marsh accepted the nomination on Thursday night.\n\n"
        "Daniel Marsh spoke for an hour and a quarter.\n\n"
        "His daughter, Ivy Marsh, introduced him to the hall.\n\n"
        '"We will win this state in November," Marsh said.\n',
        ("Daniel Marsh", SpeakerMethod.SURNAME, "Marsh", "said"),
    ),
    "a lone given name tells the pronoun its gender": (
        "My parents, James and Olive Meehan, ran a farm upstate.\n\n"
        'Years later she still said things such as, "We are not all meant to be equal."\n',
        ("Olive Meehan", SpeakerMethod.PRONOUN, "she", None),
    ),
    "name in apposition to the subject outranks a subject in a clause": (
        "Party leaders rallied behind the front-runner this week.\n\n"
        "One superdelegate, state party chairwoman Nancy Worley, pledged her vote to Joan Carter"
        " so that Carter can focus on the general election.\n\n"
        '"We really need to bring a close to this primary," she said.\n',
        ("Nancy Worley", SpeakerMethod.PRONOUN, "she", "said"),
    ),
    "whose husband is not the woman's role": (
        "Navy Widow Dorothy Marsh Defends Senator Amid Controversies.\n\n"
        "Dorothy Marsh, whose husband, Navy SEAL Tyler Marsh, was killed in 2012, spoke on Thursday.\n\n"
        "Marsh said she does not believe the couple should be immune from criticism.\n\n"
        '"The way I see it, no one ever questioned his sacrifice," she said.\n',
        ("Dorothy Marsh", SpeakerMethod.PRONOUN, "she", "said"),
    ),
    # "the Joan Marsh campaign" names a campaign; "she" goes back to the woman quoted before.
    "a name modifying a noun is no pronoun antecedent": (
        '"The campaign is in full panic mode," said Leslie Wimes, a local party organiser.\n\n'
        "Analysts believe that the Joan Marsh campaign took black voters for granted.\n\n"
        '"They thought a few visits would do it. But it is not enough," she said.\n',
        ("Leslie Wimes", SpeakerMethod.PRONOUN, "she", "said"),
    ),
}


@pytest.mark.parametrize(("text", "expected"), LAST_QUOTE_CASES.values(), ids=LAST_QUOTE_CASES.keys())
def test_speaker_of_the_last_quote(run_text, text, expected):
    name, method, mention, cue = expected
    quote = run_text(text).quotes[-1]
    assert_speaker(quote, name, method, mention, text)
    if cue is not None:
        assert_cue(quote, cue, text)
