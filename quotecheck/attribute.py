"""Find the cue and the speaker mention of each quote in a parsed article.

Works on a spaCy ``Doc`` of the whole article and the quote spans found by
:mod:`quotecheck.detect`. The order of the strategies follows how often each
layout occurs in news copy: the verb that syntactically governs the quote,
then the attribution clause between, after or before the quoted words, then a
colon or a trailing dash, then the paragraph that introduced the quote, and
finally the speaker of the quote paragraph before (carried over).

Mentions found here are raw (``he``, ``the president``); :mod:`quotecheck.resolve`
turns them into canonical names.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quotecheck.cues import CueLexicon
from quotecheck.detect import TRANSCRIPT_LABEL, is_nickname
from quotecheck.model import Cue, Paragraph, QuoteKind, QuoteSpan, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
# Clauses through which a verb's subject is inherited ("laughed and said",
# "tweeted, saying", "wants to say").
INHERITING_DEPS = frozenset({"conj", "advcl", "xcomp", "pcomp", "prep"})
SPEAKER_ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
NAMING_VERBS = frozenset({"call", "describe", "label", "dub", "brand", "term", "characterize"})
DASHES = "—–―-"
NON_SPEAKER_ENTITIES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
# Words that can be a subject but never a speaker.
NON_SPEAKERS = frozenset({"there", "this", "that", "what", "which", "here", "all", "none"})
# Most words between two quotes of one paragraph for the second to continue the first's voice.
CARRY_GAP_WORDS = 12
# A quoted run this short inside an attribution clause is a nickname, not another quote.
NICKNAME_TOKENS = 3
# How far past a quote an attribution clause may start, in tokens.
AFTER_WINDOW = 20


@dataclass(frozen=True, slots=True)
class Mention:
    """A speaker as written: a span of the article and its syntactic head."""

    start: int
    end: int
    head: int  # token index of the head word


@dataclass(frozen=True, slots=True)
class Attribution:
    cue: Cue | None
    mention: Mention | None
    carried_from: int | None = None  # index of the earlier quote whose speaker continues
    cue_governs: bool = False  # the cue verb syntactically governs the quoted words
    cue_path: tuple[str, ...] = ()  # dependency labels from quote up to the cue verb


class Attributor:
    """Attribution for the quotes of one parsed article."""

    def __init__(
        self,
        doc: Doc,
        quotes: Sequence[QuoteSpan],
        paragraphs: Sequence[Paragraph],
        lexicon: CueLexicon,
    ) -> None:
        self.doc = doc
        self.text = doc.text
        self.quotes = quotes
        self.paragraphs = paragraphs
        self.lexicon = lexicon
        self.quoted = _quoted_token_mask(doc, quotes)
        self._paragraph_starts = [paragraph.start for paragraph in paragraphs]

    # -- public --------------------------------------------------------------------------
    def attribute_all(self) -> list[Attribution]:
        results: list[Attribution] = []
        for index, quote in enumerate(self.quotes):
            if quote.nested:
                # Words quoted inside a quote are uttered by the outer speaker.
                outer = self._enclosing(index)
                results.append(
                    Attribution(None, results[outer].mention, carried_from=outer)
                    if outer is not None and results[outer].mention is not None
                    else Attribution(None, None)
                )
                continue
            found = self._attribute(quote) or self._carry_over(index, results) or self._orphan_cue(quote)
            results.append(found or Attribution(None, None))
        return results

    # -- strategies ----------------------------------------------------------------------
    def _enclosing(self, index: int) -> int | None:
        inner = self.quotes[index]
        for earlier in range(index - 1, -1, -1):
            outer = self.quotes[earlier]
            if not outer.nested and outer.start <= inner.start and inner.end <= outer.end:
                return earlier
        return None

    def _attribute(self, quote: QuoteSpan) -> Attribution | None:
        return (
            self._transcript_label(quote)
            or self._governing_cue(quote)
            or self._cue_inside(quote)
            or self._cue_between_segments(quote)
            or self._cue_just_before(quote)
            or self._cue_after(quote)
            or self._cue_before(quote)
            or self._dash_after(quote)
            or self._colon_before(quote)
            or self._introducing_sentence(quote)
            or self._sentence_subject(quote)
        )

    def _sentence_subject(self, quote: QuoteSpan) -> Attribution | None:
        """``Reid has gone after Trump as a "human leech"``: a quote inside the writer's
        sentence, with no verb of saying, is in the words of the sentence's subject."""
        if len(quote.segments) > 1 or _starts_sentence(
            self.text, quote.start - 1, self.paragraph_of(quote.start)
        ):
            return None
        tokens = self._unquoted_tokens(self.paragraph_of(quote.start).start, quote.start)
        if not tokens:
            return None
        root = tokens[-1].sent.root
        if self.quoted[root.i]:
            return None
        subject = _subject_of(root, self.quoted)
        if subject is None or subject.idx > quote.start or subject.lower_ in NON_SPEAKERS:
            return None
        if not (subject.ent_type_ in SPEAKER_ENTITY_TYPES or subject.pos_ in ("PROPN", "PRON")):
            return None
        mention = self._mention_for(subject)
        return Attribution(None, mention) if mention is not None else None

    def _cue_chains(self, quote: QuoteSpan) -> Iterator[list[tuple[Token, tuple[str, ...]]]]:
        """For each word where a quote attaches to the sentence, the verbs and nouns of
        saying above it in the parse, nearest first, each with the dependency path to it.

        Other quotes on the way up ("a 'liar' who is 'amoral'") are passed through.
        """
        for start, end in quote.segments:
            for token in self._tokens_in(start, end):
                if token.head.i == token.i or self._in_span(token.head, start, end):
                    continue
                chain: list[tuple[Token, tuple[str, ...]]] = []
                path = [token.dep_]
                for ancestor in _ancestors_from(token):
                    if not self.quoted[ancestor.i] and (
                        self._is_cue(ancestor)
                        or (ancestor.pos_ == "NOUN" and self.lexicon.is_cue_noun(ancestor.lemma_))
                    ):
                        chain.append((ancestor, tuple(path)))
                    path.append(ancestor.dep_)
                yield chain

    def _governing_cue(self, quote: QuoteSpan) -> Attribution | None:
        """The cue verb (or noun of saying) that the quoted words hang from in the parse."""
        for chain in self._cue_chains(quote):
            for cue, path in chain:
                if self._is_cue(cue):
                    attribution = self._from_cue(cue, governs=True, path=path)
                    if attribution is not None:
                        return self._reporting_cue(attribution, chain)
                    break  # a verb of saying with no speaker ends this climb
                attribution = self._from_cue_noun(cue, path)
                if attribution is not None:
                    return attribution
                # "sends a message that '…'" names nobody: keep climbing.
        return None

    def _reporting_cue(self, inner: Attribution, chain: list[tuple[Token, tuple[str, ...]]]) -> Attribution:
        """``Holm said the ad "unmistakably" suggests …``: words inside reported speech are
        quoted by whoever reports it, the outermost verb of saying with a speaker."""
        assert inner.cue is not None
        outer = inner
        position = next(n for n, (cue, _) in enumerate(chain) if cue.idx == inner.cue.start)
        for cue, path in chain[position + 1 :]:
            if not self._is_cue(cue):
                continue
            found = self._from_cue(cue, governs=True, path=path)
            if found is not None:
                outer = found
        return outer

    def _orphan_cue(self, quote: QuoteSpan) -> Attribution | None:
        """A verb of saying governs the words but names nobody ("a box labeled 'urgent'"):
        the words are quoted, the speaker is unknown."""
        for chain in self._cue_chains(quote):
            if chain:
                cue, path = chain[0]
                return Attribution(
                    Cue(cue.text, cue.idx, cue.idx + len(cue.text)), None, cue_governs=True, cue_path=path
                )
        return None

    def _transcript_label(self, quote: QuoteSpan) -> Attribution | None:
        """``"WALLACE: Let's start ...``: a transcript quoted with its speaker labels."""
        start = quote.start
        match = TRANSCRIPT_LABEL.match(self.text, start, quote.segments[0][1])
        if match is None:
            return None
        colon = start + match.group(0).index(":")
        name_end = start + len(self.text[start:colon].rstrip())
        tokens = self._tokens_in(start, name_end)
        if not tokens:
            return None
        return Attribution(Cue(":", colon, colon + 1), Mention(start, name_end, tokens[-1].i))

    def _cue_inside(self, quote: QuoteSpan) -> Attribution | None:
        """``Arce "denounced the irregular mobilization"``: the quoted words start
        with the cue verb, whose subject stands outside the quote."""
        for start, end in quote.segments:
            for token in self._tokens_in(start, end):
                if not self._is_cue(token):
                    continue
                subject = _subject_of(token, self.quoted)
                if subject is not None and not self.quoted[subject.i]:
                    return self._from_cue(token, governs=True)
        return None

    def _cue_between_segments(self, quote: QuoteSpan) -> Attribution | None:
        for (_, first_end), (second_start, _) in zip(quote.segments, quote.segments[1:], strict=False):
            gap = self.text[first_end:second_start]
            if "\n\n" in gap.replace(" ", ""):
                continue  # a paragraph break: not one quote's interruption
            attribution = self._first_cue(self._unquoted_tokens(first_end, second_start))
            if attribution is not None:
                return attribution
        return None

    def _cue_after(self, quote: QuoteSpan) -> Attribution | None:
        tokens = self._window_after(quote.end)
        return self._first_cue(tokens) or self._any_verb_after(quote, tokens)

    def _any_verb_after(self, quote: QuoteSpan, tokens: Sequence[Token]) -> Attribution | None:
        """``"…," he surmised.``: right after a quote ending in a comma, a subject and a
        verb (either order) attribute it whatever the verb, lexicon or not."""
        if self.text[quote.end - 1 : quote.end] not in (",", "?", "!", "—"):
            return None
        words = [t for t in tokens if not (t.is_punct or t.is_space)][:4]
        verbs = [t for t in words[:3] if t.pos_ == "VERB"]
        if not verbs:
            return None
        verb = verbs[0]
        subject = _subject_of(verb, self.quoted) or self._inverted_subject(verb)
        if subject is None or subject not in words or subject.lower_ in NON_SPEAKERS:
            return None
        mention = self._mention_for(subject)
        if mention is None:
            return None
        return Attribution(Cue(verb.text, verb.idx, verb.idx + len(verb.text)), mention)

    def _cue_just_before(self, quote: QuoteSpan) -> Attribution | None:
        """``Trump boasted, "…"``: a verb of saying right before the opening mark, with
        only a comma or colon between, wins over a clause after the quote."""
        words = [t for t in self._window_before(quote.start) if not t.is_space]
        while words and words[-1].text in (",", ":"):
            words.pop()
        if not words or not self._is_cue(words[-1]) or words[-1].lower_ == "according":
            return None
        return self._from_cue(words[-1])

    def _cue_before(self, quote: QuoteSpan) -> Attribution | None:
        tokens = self._window_before(quote.start)
        return self._first_cue(reversed(tokens))

    def _dash_after(self, quote: QuoteSpan) -> Attribution | None:
        """``"…" — Sonya Herridge``: a byline-style attribution, on the same line or
        alone in the next paragraph (``- Sanders.``)."""
        position = quote.end + 1
        paragraph_end = self._paragraph_end(position)
        rest = self.text[position:paragraph_end]
        if not rest.strip():
            following = self.paragraph_of(self._next_paragraph_start(paragraph_end))
            if following is None or len(self.text[following.start : following.end].split()) > 8:
                return None
            position, rest = following.start, self.text[following.start : following.end]
        stripped = rest.lstrip(" ,\u00a0")
        if not stripped or stripped[0] not in DASHES:
            return None
        dash_at = position + len(rest) - len(stripped)
        for token in self._tokens_in(dash_at + 1, dash_at + 80):
            if token.is_space or token.is_punct or not _has_word(token.text):
                continue  # the tagger may call a lone dash a verb
            mention = self._mention_for(token)
            if mention is None or not _looks_like_name(self.doc, mention):
                return None
            return Attribution(Cue(stripped[0], dash_at, dash_at + 1), mention)
        return None

    def _colon_before(self, quote: QuoteSpan) -> Attribution | None:
        """``Trump: "…"`` or ``Sen. Smith (R-Texas):`` with no verb of saying."""
        before = self._window_before(quote.start)
        colon = next((t for t in reversed(before) if not t.is_space), None)
        if colon is None or not colon.text.endswith(":"):
            return None  # the tokenizer may glue it: "(R-Texas):" ends in "):"
        words = _outside_parentheses(before[: before.index(colon) + 1])
        words = [t for t in words if not (t.is_punct or t.is_space)]
        if not words:
            return None
        cue = _colon_cue(colon)
        mention = self._mention_for(words[-1])
        if mention is not None and _looks_like_name(self.doc, mention):
            return Attribution(cue, mention)
        # "Joe Ferris put it differently: «…»": the clause before the colon introduces
        # the quote, so its subject speaks.
        # The main verb of the introducing sentence, not a verb in a clause before the
        # colon ("Clinton apologized for what happened:").
        return self._introducer(colon, cue)

    def _introducer(self, colon: Token, cue: Cue) -> Attribution | None:
        """The subject of the sentence a colon ends: it introduces the quote that follows."""
        root = colon.sent.root
        verb = root if not self.quoted[root.i] else colon.head
        subject = _subject_of(verb, self.quoted)
        if subject is not None and not self.quoted[subject.i] and subject.pos_ != "NUM":
            # Any subject: "The Clinton campaign worded it carefully: «…»" speaks too.
            mention = self._mention_for(subject)
            if mention is not None:
                return Attribution(cue, mention)
        return None

    def _introducing_sentence(self, quote: QuoteSpan) -> Attribution | None:
        """``Caddell continued:`` or ``Howard continued his remarks.`` closing the previous
        paragraph, or a cue sentence just before the quote in its own paragraph."""
        paragraph = self.paragraph_of(quote.start)
        if paragraph is None:
            return None
        before_in_paragraph = self.text[paragraph.start : quote.start - 1].strip()
        if before_in_paragraph:
            if not before_in_paragraph.endswith((".", ":", "!", "?")):
                return None
            return self._cue_of_sentence(self._sentence_at(quote.start - 2))
        index = self.paragraphs.index(paragraph)
        if index == 0:
            return None
        previous = self.paragraphs[index - 1]
        sentence = self._sentence_at(previous.end - 1)
        if sentence is None:
            return None
        if not self.text[previous.start : previous.end].rstrip().endswith(":"):
            # Without a colon only a sentence of the writer's own introduces the quote.
            return None if any(self.quoted[t.i] for t in sentence) else self._cue_of_sentence(sentence)
        found = self._cue_of_sentence(sentence)
        colon = next((t for t in reversed(sentence) if t.text.endswith(":") and not self.quoted[t.i]), None)
        if found is None and colon is not None:
            # "Sanders made the following comment:" names no verb of saying.
            found = self._introducer(colon, _colon_cue(colon))
        return found

    def _cue_of_sentence(self, sentence: SpacySpan | None) -> Attribution | None:
        """The last verb of saying in a sentence, outside quotes, with a person-like subject."""
        if sentence is None:
            return None
        tokens = [t for t in sentence if not self.quoted[t.i]]
        return self._first_cue(reversed(tokens), require_person=True)

    def _carry_over(self, index: int, done: Sequence[Attribution]) -> Attribution | None:
        """A quote with no attribution of its own continues the previous quote's speaker:
        a quote paragraph after a quote paragraph, or a new quoted sentence after
        ``"…," Toomey fumed on Tuesday.`` in the same paragraph."""
        quote = self.quotes[index]
        paragraph = self.paragraph_of(quote.start)
        if paragraph is None:
            return None
        lead = self.text[paragraph.start : quote.start - 1].strip()
        paragraph_index = self.paragraphs.index(paragraph)
        for earlier in range(index - 1, -1, -1):
            previous = self.quotes[earlier]
            if previous.nested:
                continue
            previous_paragraph = self.paragraph_of(previous.end)
            if previous_paragraph is None:
                return None
            distance = paragraph_index - self.paragraphs.index(previous_paragraph)
            if distance == 0:
                between = self.text[previous.end + 1 : quote.start - 1]
                # 'said on "Fox and Friends." "I mean …"': the full stop may sit inside a title's marks.
                ended = lead.rstrip("\"”’'").endswith((".", "!", "?"))
                if not ended or len(between.split()) > CARRY_GAP_WORDS:
                    return None
            elif distance != 1 or lead:
                return None
            attribution = done[earlier]
            if attribution.mention is None:
                if distance == 0 and len(self.text[previous.start : previous.end].split()) <= 5:
                    continue  # 'Perez said on NBC's "Meet the Press." "…"': a title in between
                return None
            source = earlier if attribution.carried_from is None else attribution.carried_from
            return Attribution(None, attribution.mention, carried_from=source)
        return None

    # -- cue verbs and subjects ----------------------------------------------------------
    def _is_cue(self, token: Token) -> bool:
        if token.lower_ == "according" and token.i + 1 < len(self.doc):
            return self.doc[token.i + 1].lower_ == "to"
        if token.lemma_ == "put" and any(c.lower_ == "it" and c.dep_ == "dobj" for c in token.children):
            return True  # "as he put it, ..."
        return token.pos_ in ("VERB", "AUX") and self.lexicon.is_cue_lemma(token.lemma_)

    def _first_cue(self, tokens: Iterable[Token], require_person: bool = False) -> Attribution | None:
        for token in tokens:
            if self.quoted[token.i] or not self._is_cue(token):
                continue
            attribution = self._from_cue(token)
            if attribution is None:
                continue
            if require_person and not _looks_like_person(self.doc[attribution.mention.head]):
                continue
            return attribution
        return None

    def _from_cue(self, verb: Token, governs: bool = False, path: tuple[str, ...] = ()) -> Attribution | None:
        if verb.lower_ == "according":
            cue = Cue(self.text[verb.idx : verb.idx + len("according to")], verb.idx, verb.idx + 12)
            target = next((c for c in self.doc[verb.i + 1].children if c.dep_ == "pobj"), None)
            if target is None or self.quoted[target.i]:
                return None
            mention = self._mention_for(target)
            return Attribution(cue, mention, cue_governs=governs, cue_path=path) if mention else None
        subject = _subject_of(verb, self.quoted) or self._inverted_subject(verb) or self._name_before(verb)
        if subject is None or self.quoted[subject.i] or subject.lower_ in NON_SPEAKERS:
            return None
        mention = self._mention_for(subject)
        if mention is None:
            return None
        cue = Cue(verb.text, verb.idx, verb.idx + len(verb.text))
        return Attribution(cue, mention, cue_governs=governs, cue_path=path)

    def _from_cue_noun(self, noun: Token, path: tuple[str, ...]) -> Attribution | None:
        """``Trump's claim that there were "thousands of shootings"``: the owner speaks;
        ``Trump issued a statement: "…"``: whoever issues, makes or gives it speaks."""
        owner = next((c for c in noun.children if c.dep_ == "poss" and not self.quoted[c.i]), None)
        if owner is None and noun.dep_ == "dobj" and noun.lower_ not in ("question", "questions"):
            owner = _subject_of(noun.head, self.quoted)
        mention = self._mention_for(owner) if owner is not None else None
        if mention is None:
            return None
        cue = Cue(noun.text, noun.idx, noun.idx + len(noun.text))
        return Attribution(cue, mention, cue_governs=True, cue_path=path)

    def _name_before(self, verb: Token) -> Token | None:
        """``"…," Tulsa police Chief Chuck Jordan said`` parsed with no subject: the name
        between the closing mark and the verb."""
        position = verb.i - 1
        while position >= 0 and not self.quoted[position] and verb.i - position <= 8:
            position -= 1
        if position < 0 or not self.quoted[position]:
            return None  # only right after a quote, where nothing else can be the subject
        names = [t for t in self.doc[position + 1 : verb.i] if t.ent_type_ == "PERSON"]
        return names[-1] if names else None

    def _inverted_subject(self, verb: Token) -> Token | None:
        """``"…," said Sen. Smith`` when the parser did not label Smith a subject; right
        after the closing mark a common noun too: ``"…," read the statement``."""
        inverted = verb.i > 0 and self.quoted[verb.i - 1]
        for child in verb.rights:
            if (
                child.dep_ in ("dobj", "attr", "npadvmod", "appos", "dative")
                and child.ent_type_ not in NON_SPEAKER_ENTITIES
                and (
                    child.pos_ == "PROPN"
                    or child.ent_type_ in SPEAKER_ENTITY_TYPES
                    or (inverted and child.pos_ == "NOUN" and child.dep_ == "dobj")
                )
            ):
                return child
        return None

    def _mention_for(self, token: Token) -> Mention | None:
        if token.pos_ in ("PUNCT", "SPACE", "NUM") or self.quoted[token.i]:
            return None
        if token.pos_ == "VERB" and token.ent_type_ not in SPEAKER_ENTITY_TYPES:
            return None  # the tagger sometimes calls a name a verb ("Trump openly admires")
        if token.ent_type_ in NON_SPEAKER_ENTITIES:
            return None
        if token.lower_ in ("who", "that") and token.head.dep_ == "relcl":
            token = token.head.head  # "Smith, who said …" -> Smith
        if token.pos_ == "NOUN":
            # "Her former captain, Joe Ferris, said": the apposed name is the speaker.
            token = next((c for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN"), token)
        entity = _entity_of(self.doc, token)
        if entity is not None:
            return Mention(entity.start_char, entity.end_char, token.i)
        if token.pos_ == "PRON":
            return Mention(token.idx, token.idx + len(token.text), token.i)
        start_token = token
        for child in token.lefts:
            if child.dep_ in ("det", "amod", "compound", "poss", "nummod", "nmod", "quantmod"):
                start_token = min(start_token, child.left_edge, key=lambda t: t.i)
                break
        end = token.idx + len(token.text)
        return Mention(start_token.idx, end, token.i)

    # -- windows and geometry ------------------------------------------------------------
    def _tokens_in(self, start: int, end: int) -> list[Token]:
        end = min(end, len(self.text))
        if start >= end:
            return []
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return list(span) if span is not None else []

    def _unquoted_tokens(self, start: int, end: int) -> list[Token]:
        return [t for t in self._tokens_in(start, end) if not self.quoted[t.i]]

    def _in_span(self, token: Token, start: int, end: int) -> bool:
        return start <= token.idx < end

    def paragraph_of(self, offset: int) -> Paragraph | None:
        index = bisect_right(self._paragraph_starts, offset) - 1
        if index < 0:
            return None
        paragraph = self.paragraphs[index]
        return paragraph if offset <= paragraph.end else None

    def _next_paragraph_start(self, offset: int) -> int:
        index = bisect_right(self._paragraph_starts, offset)
        return self._paragraph_starts[index] if index < len(self._paragraph_starts) else -1

    def _paragraph_end(self, offset: int) -> int:
        paragraph = self.paragraph_of(offset)
        return paragraph.end if paragraph is not None else len(self.text)

    def _sentence_at(self, offset: int) -> SpacySpan | None:
        tokens = self._tokens_in(max(0, offset), offset + 1)
        return tokens[0].sent if tokens else None

    def _window_after(self, quote_end: int) -> list[Token]:
        """Unquoted tokens after a closing mark, to the end of that sentence."""
        limit = self._paragraph_end(quote_end)
        tokens: list[Token] = []
        following = self._tokens_in(quote_end + 1, limit)
        skip_until = -1
        for position, token in enumerate(following):
            if position < skip_until:
                continue
            if self.quoted[token.i]:
                run = next((n for n, t in enumerate(following[position:]) if not self.quoted[t.i]), None)
                if run is None or run > NICKNAME_TOKENS:
                    break
                skip_until = position + run  # 'Del. Marcia "Cia" Price': a nickname, read on
                continue
            if len(tokens) >= AFTER_WINDOW:
                break
            if tokens and token.is_sent_start and token.text[:1].isupper():
                break
            tokens.append(token)
            if token.text in (".", "!", "?") and not token.is_space:
                break
        return tokens

    def _window_before(self, quote_start: int) -> list[Token]:
        """Unquoted tokens from the start of the sentence to an opening mark."""
        paragraph = self.paragraph_of(quote_start)
        lower = paragraph.start if paragraph is not None else 0
        tokens = [t for t in self._tokens_in(lower, max(lower, quote_start - 1))]
        collected: list[Token] = []
        for token in reversed(tokens):
            if self.quoted[token.i]:
                break
            collected.append(token)
            if token.is_sent_start:
                break
        collected.reverse()
        # The opening mark itself is punctuation; drop it.
        return [t for t in collected if t.idx < quote_start - 1]


def _outside_parentheses(tokens: Sequence[Token]) -> list[Token]:
    """Drop parenthesised asides: "Sen. Maria Lopez (D-Calif.)" -> Sen. Maria Lopez."""
    kept: list[Token] = []
    depth = 0
    for token in reversed(tokens):
        depth += token.text.count(")")
        if depth == 0:
            kept.append(token)
        depth = max(0, depth - token.text.count("("))
    kept.reverse()
    return kept


def _quoted_token_mask(doc: Doc, quotes: Sequence[QuoteSpan]) -> list[bool]:
    """Per token: does it lie inside a top-level quote (its marks included)?"""
    mask = [False] * len(doc)
    spans: list[Span] = sorted(
        (start - 1, end + 1) for quote in quotes if not quote.nested for start, end in quote.segments
    )
    position = 0
    for token in doc:
        while position < len(spans) and spans[position][1] <= token.idx:
            position += 1
        if position < len(spans) and spans[position][0] <= token.idx < spans[position][1]:
            mask[token.i] = True
    return mask


def _ancestors_from(token: Token) -> Iterable[Token]:
    current = token
    while current.head.i != current.i:
        current = current.head
        yield current


def _subject_of(verb: Token, quoted: Sequence[bool]) -> Token | None:
    """The verb's subject outside every quote (a quoted clause can be parsed as the
    subject of "said": '"... panic mode," said Leslie Wimes')."""
    current = verb
    for _ in range(4):
        for child in current.children:
            # A dash the tagger took for a noun can be parsed as a subject too.
            if child.dep_ in SUBJECT_DEPS and not quoted[child.i] and _has_word(child.text):
                return child
        if current.dep_ == "relcl":
            return current.head
        if current.dep_ == "acl" and current.tag_ in ("VBG", "VBD") and _is_name(current.head):
            # "footage of Clinton asking, '…'": the person a present participle
            # modifies does the asking (a past participle, "a letter signed by", would not;
            # "an ad calling it …" is somebody's ad, not a speaker).
            return current.head
        if current is verb and verb.tag_ == "VBG" and verb.i > 0:
            # The parser may hang "footage of Clinton asking" on the main verb; a
            # participle right after a name still has that name as its agent.
            before = verb.doc[verb.i - 1]
            if _is_name(before) and not quoted[before.i]:
                return before
        if current.dep_ in INHERITING_DEPS and current.head.i != current.i:
            current = current.head
            continue
        return None
    return None


def _colon_cue(colon: Token) -> Cue:
    """The colon as a cue; the tokenizer may glue it to a parenthesis: "(R-Texas):"."""
    at = colon.idx + len(colon.text) - 1
    return Cue(":", at, at + 1)


def _has_word(text: str) -> bool:
    return any(character.isalnum() for character in text)


def _is_name(token: Token) -> bool:
    return token.pos_ == "PROPN" or token.ent_type_ in SPEAKER_ENTITY_TYPES


def _entity_of(doc: Doc, token: Token) -> SpacySpan | None:
    if token.ent_type_ not in SPEAKER_ENTITY_TYPES:
        return None
    for entity in doc.ents:
        if entity.start <= token.i < entity.end:
            return entity
    return None


def _looks_like_name(doc: Doc, mention: Mention) -> bool:
    head = doc[mention.head]
    return head.ent_type_ in SPEAKER_ENTITY_TYPES or head.pos_ == "PROPN"


def _looks_like_person(token: Token) -> bool:
    return token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or token.pos_ in ("PROPN", "PRON")


def classify_kind(
    text: str,
    quote: QuoteSpan,
    attribution: Attribution,
    paragraph: Paragraph | None,
    person_speaker: bool = False,
) -> QuoteKind:
    """Speech, partial quote, scare quote or title, from the layout and the attribution.

    ``person_speaker``: the attribution names a person (a PERSON entity or a personal
    pronoun), not a thing or nobody.
    """
    content = " ".join(text[s:e] for s, e in quote.segments)
    words = content.split()
    if len(quote.segments) > 1 and not quote.nested:
        return QuoteKind.SPEECH
    if is_nickname(text, quote):
        return QuoteKind.TITLE  # Rep. Robert C. "Bobby" Scott
    if _starts_sentence(text, quote.start - 1, paragraph):
        if attribution.cue is None and _is_title(words, content):
            return QuoteKind.TITLE
        return QuoteKind.SPEECH
    naming = _precedes_naming(text, quote) or _characterises(text, quote)
    if _is_title(words, content) and (not naming or _named_passively(text, quote)):
        return QuoteKind.TITLE  # "Fox News Sunday", "Contract with America"
    if attribution.cue is not None and attribution.cue_governs and len(words) == 1:
        # "slammed a 'coup'": one word as the object of the cue is distance, not speech;
        # "called him 'disgusting'" or "said it was 'true'" is his word.
        if attribution.cue_path[:1] == ("dobj",) and not naming and _determiner_before(text, quote):
            return QuoteKind.SCARE
        return QuoteKind.PARTIAL
    if attribution.cue is not None or naming:
        return QuoteKind.PARTIAL  # "called it a 'rant'", "hailed him as 'the Comeback Kid'"
    # Two words in a sentence about what a person did ("spoke about 'improving NAFTA'")
    # are that person's words; a lone word with no verb of saying is kept at a distance.
    if len(words) >= 3 or (person_speaker and len(words) == 2 and not quote.nested):
        return QuoteKind.PARTIAL
    return QuoteKind.SCARE


_DETERMINERS = frozenset("a an the this that these those his her its their our my your".split())


def _determiner_before(text: str, quote: QuoteSpan) -> bool:
    """``slammed a "coup"``: the writer's article outside the marks keeps the word at a
    distance; ``pledged "cooperation"`` quotes the word itself."""
    before = text[max(0, quote.start - 12) : quote.start - 1].split()
    return bool(before) and before[-1].lower() in _DETERMINERS


_COORDINATION = re.compile(r"\s*,?\s*(?:and|or|but|nor)\s+(?:(?:a|an|the|as)\s+)?", re.IGNORECASE)


def share_coordinated(
    text: str,
    quotes: Sequence[QuoteSpan],
    kinds: Sequence[QuoteKind],
    attributions: Sequence[Attribution],
) -> tuple[list[QuoteKind], list[Attribution]]:
    """``called her "Miss Piggy" and "Miss Housekeeping"``: a quote joined to a partial
    quote by *and*/*or* is a partial quote of the same speaker, however short."""
    kinds, attributions = list(kinds), list(attributions)
    previous: int | None = None
    for index, quote in enumerate(quotes):
        if quote.nested:
            continue
        if (
            previous is not None
            and kinds[previous] is QuoteKind.PARTIAL
            and kinds[index] in (QuoteKind.SCARE, QuoteKind.TITLE)
            and _COORDINATION.fullmatch(text, quotes[previous].end + 1, quote.start - 1)
        ):
            kinds[index] = QuoteKind.PARTIAL
            if attributions[index].mention is None and attributions[previous].mention is not None:
                source = attributions[previous].carried_from
                attributions[index] = Attribution(
                    attributions[previous].cue,
                    attributions[previous].mention,
                    carried_from=previous if source is None else source,
                )
        previous = index
    return kinds, attributions


def _named_passively(text: str, quote: QuoteSpan) -> bool:
    """``is called "Harbor Shield"``: a thing's name, not anybody's words."""
    before = text[max(0, quote.start - 30) : quote.start - 1].lower().split()
    return len(before) >= 2 and before[-2] in ("is", "are", "was", "were", "be", "been", "being")


def _characterises(text: str, quote: QuoteSpan) -> bool:
    """``described them as "super predators"``, ``pounding Trump as a "con artist"``."""
    before = text[max(0, quote.start - 12) : quote.start - 1].lower().split()
    return bool(before) and (before[-1] == "as" or (len(before) > 1 and before[-2] == "as"))


_NAMING_STEMS = ("call", "describ", "label", "dub", "brand", "term", "hail", "deem")


def _precedes_naming(text: str, quote: QuoteSpan) -> bool:
    """A verb of naming within a few words before the quote: 'called the winner "Miss Piggy"'."""
    before = text[max(0, quote.start - 60) : quote.start - 1].lower().split()
    return any(word.startswith(_NAMING_STEMS) for word in before[-6:])


def _starts_sentence(text: str, mark_offset: int, paragraph: Paragraph | None) -> bool:
    lower = paragraph.start if paragraph is not None else 0
    before = text[lower:mark_offset].rstrip()
    if not before:
        return True
    if before[-1] == "." and _ABBREVIATION_END.search(before):
        return False  # "Rep. Robert C. ": an initial or a title, not a sentence end
    return before[-1] in ".!?:;" or (before[-1] in '”"’' and before[:-1].rstrip()[-1:] in ".!?,")


_ABBREVIATION_END = re.compile(
    r"(?:^|\s)(?:[A-Z]|Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Del|St|Jr|Sr|Lt|Col|Sgt|Rev)\.$"
)


def _is_title(words: Sequence[str], content: str) -> bool:
    """``"Fox News Sunday"``, ``"Make America Great Again"``: capitalised, no sentence end."""
    # American style puts the sentence's own full stop inside the marks: "State of the Union."
    body = content.strip().rstrip(".,;:")
    if not 1 <= len(words) <= 8 or not body or body[-1] in "!?" or re.search(r"[.!?]\s", body):
        return False
    significant = [w for w in words if w.lower() not in _TITLE_SMALL_WORDS]
    capitalised = all(w[:1].isupper() or w[:1].isdigit() for w in significant)
    return capitalised and len(words) >= 2 and words[0][:1].isupper() and len(significant) >= 1


_TITLE_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "by",
        "from",
        "as",
        "but",
        "nor",
        "vs",
    ]
)
