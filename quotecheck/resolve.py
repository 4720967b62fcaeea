"""Turn speaker mentions into canonical names: ``he``/``Arce``/``the president`` -> ``Luis Arce``.

No coreference model works offline for spaCy 3.8, so this is a small,
explainable resolver over the article's named entities:

* full names are grouped by surname; a bare surname or title + surname joins the
  group of the full name (``surname``);
* role nouns written next to a name (``President Luis Arce``, ``Zuniga, the
  general``) make a role table that ``the president`` is looked up in (``role``);
* a pronoun goes to the most salient compatible person before it: sentences are
  searched backwards, subjects before other mentions, gender from titles, role
  nouns and first names (``pronoun``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from quotecheck.attribute import SPEAKER_ENTITY_TYPES, Attribution, Mention
from quotecheck.model import Speaker, SpeakerMethod

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

MALE, FEMALE, UNKNOWN = "m", "f", "?"
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
GROUP_PRONOUNS = frozenset({"they", "them", "it", "its", "we"})
HONORIFICS = {
    "mr": MALE, "mr.": MALE, "sir": MALE, "mrs": FEMALE, "mrs.": FEMALE,
    "ms": FEMALE, "ms.": FEMALE, "miss": FEMALE, "madam": FEMALE, "dame": FEMALE,
}  # fmt: skip
GENDERED_ROLES = {
    "spokeswoman": FEMALE, "chairwoman": FEMALE, "congresswoman": FEMALE, "businesswoman": FEMALE,
    "wife": FEMALE, "mother": FEMALE, "daughter": FEMALE, "sister": FEMALE, "actress": FEMALE,
    "first lady": FEMALE, "queen": FEMALE, "widow": FEMALE, "grandmother": FEMALE,
    "spokesman": MALE, "chairman": MALE, "congressman": MALE, "businessman": MALE,
    "husband": MALE, "father": MALE, "son": MALE, "brother": MALE, "actor": MALE, "king": MALE,
    "widower": MALE, "grandfather": MALE,
}  # fmt: skip
# Words written before a name that are titles, not part of it.
TITLE_WORDS = frozenset(
    """
    mr mr. mrs mrs. ms ms. miss dr dr. sir dame madam president vice sen sen. senator rep
    rep. representative gov gov. governor gen gen. general col col. lt lt. sgt sgt. adm
    adm. admiral judge justice mayor secretary minister prime chancellor premier councillor
    councilor councilman councilwoman alderman alderwoman supervisor trustee sheriff
    ambassador director chief chairman chairwoman ceo pope rev rev. father sister prof
    prof. professor speaker leader former candidate nominee attorney commissioner officer
    agent deputy state
    """.split()
)
# Titles strong enough to make the proper nouns after them a person's name.
PERSONAL_TITLES = frozenset(
    """
    mr mr. mrs mrs. ms ms. dr dr. sir dame sen sen. senator rep rep. representative gov
    gov. governor president gen gen. general col col. lt lt. sgt sgt. adm adm. admiral
    judge justice mayor secretary minister chancellor ambassador pope rev rev. prof prof.
    professor councillor councilor councilman councilwoman alderman alderwoman
    commissioner supervisor trustee sheriff
    """.split()
)
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
SEARCH_SENTENCES = 8
# How many sentences after a quote a he/she with a verb of saying still continues its voice.
CONTINUE_SENTENCES = 3
# Given name, middle names or initials, surname, suffix: "Martin Luther King Jr."
MAX_NAME_TOKENS = 4
ROLE_ABBREVIATIONS = {
    "sen.": "senator", "sen": "senator", "gov.": "governor", "gov": "governor",
    "rep.": "representative", "rep": "representative", "gen.": "general", "gen": "general",
    "pres.": "president", "lt.": "lieutenant", "col.": "colonel", "adm.": "admiral",
    "sgt.": "sergeant", "dr.": "doctor", "prof.": "professor", "sec.": "secretary",
}  # fmt: skip


@dataclass(slots=True)
class Person:
    canonical: str
    surname: str
    first: str
    gender: str = UNKNOWN  # best estimate; starts as the first name's
    is_person: bool = True
    stated_gender: str = UNKNOWN  # from the article's words: Mrs., spokeswoman, widow


@dataclass(slots=True)
class _Candidate:
    person: Person
    sentence: int
    offset: int
    is_subject: bool
    introduced: bool = False  # "Henry Crespo, president of …": a new voice being set up
    modifier: bool = False  # "the Clinton campaign": names a thing, not a person acting
    main_clause: bool = False  # the subject of the sentence's main verb, not of a clause in it


@dataclass(slots=True)
class EntityIndex:
    """The people and organisations of one article, and where each is mentioned."""

    people: list[Person] = field(default_factory=list)
    by_surname: dict[str, list[Person]] = field(default_factory=dict)
    by_first: dict[str, list[Person]] = field(default_factory=dict)
    roles: dict[str, list[tuple[int, Person]]] = field(default_factory=dict)
    candidates: list[_Candidate] = field(default_factory=list)  # in text order
    full_name_mentions: Counter[str] = field(default_factory=Counter)  # full or given name alone


def clean_name(text: str) -> str:
    # Leading dashes and marks come with a byline-style mention: "― Christina Lastra".
    text = re.sub(r"[’']s?$", "", text.strip()).lstrip("―—–-\"“”‘’' \u00a0")
    words = text.split()
    while len(words) > 1 and words[0].lower() in TITLE_WORDS:
        words.pop(0)
    return " ".join(words).strip(" ,.;:")


def _name_parts(name: str) -> tuple[str, str]:
    words = [w for w in name.split() if w.lower() not in _NAME_SUFFIXES]
    if not words:
        return name.lower(), name.lower()
    return words[0].lower(), words[-1].lower().strip(".,")


@lru_cache(maxsize=1)
def _gender_detector() -> Any:
    import gender_guesser.detector as detector

    return detector.Detector(case_sensitive=False)


@lru_cache(maxsize=4096)
def gender_of_first_name(first: str) -> str:
    detector = _gender_detector()
    answer = detector.get_gender(first, "usa")
    if answer in ("unknown", "andy"):
        answer = detector.get_gender(first)
        if answer.startswith("mostly"):
            answer = "unknown"
    if answer in ("male", "mostly_male"):
        return MALE
    if answer in ("female", "mostly_female"):
        return FEMALE
    return UNKNOWN


def repair_person_entities(doc: Doc) -> None:
    """Relabel name-shaped proper-noun runs as PERSON where the small model missed them.

    en_core_web_sm often tags a surname ORG/GPE and drops the given name
    (``Mayor Ana Delgado`` -> ``Delgado``/ORG). A run of proper nouns is a person
    when it follows a title (Mayor, Sen., Mr.) or starts with a known given name,
    unless the model already gave the very same span another label.
    """
    from spacy.tokens import Span as SpacySpan
    from spacy.util import filter_spans

    existing = {(entity.start, entity.end): entity.label_ for entity in doc.ents}
    people: list[SpacySpan] = []
    position = 0
    while position < len(doc):
        if doc[position].pos_ != "PROPN":
            position += 1
            continue
        end = position + 1
        while end < len(doc) and (
            doc[end].pos_ == "PROPN" or _is_initial(doc[end].text) or _is_capitalised_noun(doc[end])
        ):
            end += 1
        start, titled = position, position > 0 and doc[position - 1].lower_ in PERSONAL_TITLES
        while start < end - 1 and doc[start].lower_ in PERSONAL_TITLES:
            start, titled = start + 1, True
        if not titled and (start, end) not in existing:
            # "Filmmaker Dinesh D’Souza": the name starts at the given name.
            start = next(
                (k for k in range(start, end - 1) if gender_of_first_name(doc[k].text) != UNKNOWN), start
            )
        label = existing.get((start, end))
        # Longer runs are headlines in title case ("Widow Dorothy Woods Defends Trump Amid").
        given_name = 2 <= end - start <= MAX_NAME_TOKENS and gender_of_first_name(doc[start].text) != UNKNOWN
        # The small model calls many names places or buildings ("Ivanka Marsh"/FAC); an
        # organisation named after a person ("Calvin Klein"/ORG) keeps its label.
        person_like = titled or (given_name and label not in ("ORG", "NORP", "EVENT", "LAW"))
        if person_like and doc[start].lower_ not in PERSONAL_TITLES and doc[start].text[:1].isupper():
            people.append(SpacySpan(doc, start, end, label="PERSON"))
        position = end
    relabelled = [
        SpacySpan(doc, entity.start, entity.end, label="PERSON")
        for entity in doc.ents
        if entity.label_ in ("ORG", "GPE", "NORP") and _has_role_apposition(entity.root)
    ]
    if relabelled:
        doc.ents = filter_spans(
            relabelled + [e for e in doc.ents if not any(_overlaps(e, r) for r in relabelled)]
        )
    if people:
        # A name found here wins over the model's overlapping entity when the model only
        # added a title or an owner in front ("Councillor Marcus Bell"/ORG,
        # "National Review’s Ian Tuttle"/ORG give way to the person); otherwise the
        # longer span stays.
        kept: list[SpacySpan] = []
        for entity in doc.ents:
            person = next((p for p in people if _only_prefixed(entity, p)), None)
            if person is None:
                kept.append(entity)
                continue
            owner_end = next((t.i for t in entity if t.lower_ in ("’s", "'s")), None)
            if owner_end is not None and owner_end > entity.start:
                kept.append(SpacySpan(doc, entity.start, owner_end, label=entity.label_))
        doc.ents = filter_spans(people + kept)
    _propagate_surnames(doc)


# Nouns that, in apposition, make a name a person's: "Priebus, the GOP chairman".
PERSON_ROLES = frozenset(
    """
    chairman chairwoman chair spokesman spokeswoman spokesperson director president senator
    governor mayor founder leader chief executive official adviser advisor aide candidate
    nominee secretary minister ambassador lawmaker congressman congresswoman representative
    attorney lawyer judge professor analyst strategist author writer columnist reporter
    correspondent editor host commentator actor actress singer father mother son daughter
    husband wife widow brother sister manager treasurer commissioner sheriff deputy
    """.split()
)


def _has_role_apposition(root: Token) -> bool:
    return any(
        child.dep_ == "appos" and child.pos_ == "NOUN" and child.lemma_.lower() in PERSON_ROLES
        for child in root.children
    )


def _overlaps(a: SpacySpan, b: SpacySpan) -> bool:
    return a.start < b.end and b.start < a.end


_NOT_NAME_POS = frozenset({"AUX", "DET", "ADP", "PRON", "CCONJ", "SCONJ", "PART", "NUM", "PUNCT"})


def _propagate_surnames(doc: Doc) -> None:
    """A surname the model tagged once in a full name is a name wherever it appears
    capitalised on its own ("Trump later defended …" with Trump tagged a noun)."""
    from spacy.tokens import Span as SpacySpan
    from spacy.util import filter_spans

    surnames = {
        entity[-1].text
        for entity in doc.ents
        if entity.label_ == "PERSON" and len(entity) >= 2 and entity[-1].text[:1].isupper()
    }
    if not surnames:
        return
    added = [
        SpacySpan(doc, token.i, token.i + 1, label="PERSON")
        for token in doc
        if token.text in surnames and not token.ent_type_ and token.pos_ not in _NOT_NAME_POS
    ]
    if added:
        doc.ents = filter_spans(list(doc.ents) + added)


def _only_prefixed(entity: SpacySpan, person: SpacySpan) -> bool:
    """Is ``entity`` (not a person) ``person`` with a title or an owner put in front?"""
    if entity.label_ == "PERSON" or entity.end != person.end or entity.start >= person.start:
        return False
    prefix = entity.doc[entity.start : person.start]
    return any(t.lower_ in ("’s", "'s") for t in prefix) or all(
        t.lower_ in TITLE_WORDS or t.pos_ == "DET" for t in prefix
    )


def _is_capitalised_noun(token: Token) -> bool:
    """``D’Souza`` tagged a common noun: capitalised mid-sentence, it is a name."""
    return token.pos_ == "NOUN" and token.text[:1].isupper() and not token.is_sent_start


def _is_initial(text: str) -> bool:
    return len(text) == 2 and text[0].isupper() and text[1] == "."


def build_index(doc: Doc, quoted: Sequence[bool]) -> EntityIndex:
    index = EntityIndex()
    sentence_starts = [sentence.start for sentence in doc.sents]
    entities = [entity for entity in doc.ents if entity.label_ in SPEAKER_ENTITY_TYPES]
    # Full names first, so that a surname mislabelled ORG by the small model
    # ("Arce denounced ...") still finds its person.
    for entity in entities:
        if entity.label_ == "PERSON" and " " in clean_name(entity.text):
            person = _person_for_entity(index, entity)
            if person is not None:
                index.full_name_mentions[person.canonical] += 1
    for entity in entities:
        # "accompany Hillary on the trail": a given name alone also says who the story is about.
        name = clean_name(entity.text).lower()
        if entity.label_ == "PERSON" and " " not in name and name not in index.by_surname:
            for person in index.by_first.get(name, []):
                index.full_name_mentions[person.canonical] += 1
    votes: dict[int, Counter[str]] = {}
    for entity in entities:
        person = _person_for_entity(index, entity)
        if person is None:
            continue
        head = entity.root
        if not quoted[head.i]:
            _note_titles_and_roles(index, doc, entity, person)
            # Only a full name says whose pronoun follows: a bare "Obama" may be either.
            if person.is_person and " " in clean_name(entity.text):
                _vote_gender(doc, entity, quoted, votes.setdefault(id(person), Counter()))
            index.candidates.append(
                _Candidate(
                    person,
                    bisect_right(sentence_starts, entity.start) - 1,
                    entity.start_char,
                    _is_subject(head),
                    person.is_person and _has_apposition(head),
                    _modifies_a_thing(head),
                    _is_main_subject(head),
                )
            )
    _add_bare_surnames(index, doc, quoted, sentence_starts)
    _add_institutions(index, doc, quoted, sentence_starts)
    for person in index.people:
        person.gender = _settle_gender(person, votes.get(id(person)))
    return index


def _is_subject(head: Token) -> bool:
    """A subject, or a name in apposition to one ("One delegate, Nancy Worley, pledged")."""
    if head.dep_ == "appos":
        head = head.head
    return head.dep_ in ("nsubj", "nsubjpass")


def _modifies_a_thing(head: Token) -> bool:
    """``the Clinton campaign``: a name used as a modifier of a determined noun."""
    noun = head.head
    return (
        head.dep_ == "compound"
        and noun.pos_ == "NOUN"
        and any(child.dep_ in ("det", "poss") for child in noun.children)
    )


def _is_main_subject(head: Token) -> bool:
    """A subject (or a name in apposition to one) of the sentence's main verb."""
    if not _is_subject(head):
        return False
    verb = (head.head if head.dep_ == "appos" else head).head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


def _has_apposition(head: Token) -> bool:
    return any(child.dep_ == "appos" and child.pos_ == "NOUN" for child in head.children)


def _settle_gender(person: Person, votes: Counter[str] | None) -> str:
    """What the article says beats the pronouns used of the name, which beat the first name."""
    if person.stated_gender != UNKNOWN:
        return person.stated_gender
    if votes:
        (leader, count), *rest = [*votes.most_common(2), ("", 0)]
        runner_up = rest[0][1]
        if count > runner_up and (person.gender == UNKNOWN or (count >= 2 and runner_up == 0)):
            return leader
    return person.gender


def _add_bare_surnames(
    index: EntityIndex, doc: Doc, quoted: Sequence[bool], sentence_starts: Sequence[int]
) -> None:
    """``Lynch said ...`` where the small model tagged no entity: a known surname is a mention."""
    seen = {candidate.offset for candidate in index.candidates}
    for token in doc:
        if (
            not token.text[:1].isupper()
            or token.ent_type_ == "PERSON"
            or quoted[token.i]
            or token.idx in seen
        ):
            continue
        if token.pos_ not in ("PROPN", "NOUN"):
            continue
        people = [p for p in index.by_surname.get(token.lower_, []) if p.first]
        if not people:
            continue
        index.candidates.append(
            _Candidate(
                _likeliest(index, people, token.idx),
                bisect_right(sentence_starts, token.i) - 1,
                token.idx,
                _is_subject(token),
                main_clause=_is_main_subject(token),
            )
        )
    index.candidates.sort(key=lambda candidate: candidate.offset)


# Heads of noun phrases that name a body able to speak as "it" or "they".
INSTITUTION_NOUNS = frozenset(
    """
    campaign committee company government administration newspaper paper department agency
    group party council organization organisation union court board office firm network
    website magazine team league association foundation ministry commission coalition
    panel bank university school church club embassy police military army navy editorial
    """.split()
)


def _add_institutions(
    index: EntityIndex, doc: Doc, quoted: Sequence[bool], sentence_starts: Sequence[int]
) -> None:
    """``Donald Trump's campaign is defending … It's denouncing …``: a subject naming an
    institution is what a later "it" or "they" speaks for."""
    for token in doc:
        if (
            token.pos_ != "NOUN"
            or token.dep_ not in ("nsubj", "nsubjpass")
            or quoted[token.i]
            or token.lemma_.lower() not in INSTITUTION_NOUNS
        ):
            continue
        start = min(
            (child.left_edge.i for child in token.lefts if child.dep_ in ("poss", "det", "compound", "amod")),
            default=token.i,
        )
        name = doc[start : token.i + 1].text
        if name.split()[0].lower() in ("a", "an", "some", "any", "no", "another"):
            continue  # a new, indefinite body is not somebody to point back to
        person = Person(name, token.lower_, token.lower_, UNKNOWN, is_person=False)
        index.people.append(person)
        index.candidates.append(
            _Candidate(person, bisect_right(sentence_starts, token.i) - 1, doc[start].idx, True)
        )
    index.candidates.sort(key=lambda candidate: candidate.offset)


def _likeliest(index: EntityIndex, people: Sequence[Person], offset: int) -> Person:
    """Of several people sharing a surname, the one a bare surname means at ``offset``.

    News style gives the bare surname to the story's main bearer of it and first
    names to the others ("Ivanka" once introduced): the person named in full most
    often, and of equals the one introduced first.
    """
    if len(people) == 1:
        return people[0]
    introduced: dict[str, int] = {}
    for candidate in index.candidates:
        if candidate.offset >= offset:
            break
        introduced.setdefault(candidate.person.canonical, candidate.offset)
    return max(
        people,
        key=lambda person: (
            index.full_name_mentions[person.canonical],
            -introduced.get(person.canonical, offset),
        ),
    )


def _vote_gender(doc: Doc, entity: SpacySpan, quoted: Sequence[bool], tally: Counter[str]) -> None:
    """The first he/she after a name, before any other name, hints at its gender."""
    sentence = entity.root.sent
    limit = min(len(doc), sentence.end + 12)
    for token in doc[entity.end : limit]:
        if token.ent_type_ == "PERSON":
            return
        if quoted[token.i]:
            continue
        if token.lower_ in MALE_PRONOUNS:
            tally[MALE] += 1
            return
        if token.lower_ in FEMALE_PRONOUNS:
            tally[FEMALE] += 1
            return


def _person_for_entity(index: EntityIndex, entity: SpacySpan) -> Person | None:
    name = clean_name(entity.text)
    if not name:
        return None
    first, surname = _name_parts(name)
    if entity.label_ != "PERSON":
        if " " not in name and surname in index.by_surname:
            return _likeliest(index, index.by_surname[surname], entity.start_char)
        existing = next((p for p in index.people if p.canonical == name), None)
        if existing is None:
            existing = Person(name, name.lower(), name.lower(), UNKNOWN, is_person=False)
            index.people.append(existing)
        return existing
    if " " not in name:
        known = index.by_surname.get(surname) or index.by_first.get(first)
        if known:
            return _likeliest(index, known, entity.start_char)
        # A surname before its full name: register it; a later full name adopts it.
        # A lone given name ("James and Olive Meehan") still tells the gender.
        person = Person(name, surname, "", gender_of_first_name(name))
        index.people.append(person)
        index.by_surname.setdefault(surname, []).append(person)
        return person
    for person in index.by_surname.get(surname, []):
        if person.first in ("", first):
            if not person.first:  # upgrade a bare surname seen first to the full name
                person.canonical, person.first = name, first
                person.gender = gender_of_first_name(first)
                index.by_first.setdefault(first, []).append(person)
            return person
    person = Person(name, surname, first, gender_of_first_name(first))
    index.people.append(person)
    index.by_surname.setdefault(surname, []).append(person)
    index.by_first.setdefault(first, []).append(person)
    return person


def _note_titles_and_roles(index: EntityIndex, doc: Doc, entity: SpacySpan, person: Person) -> None:
    """Learn gender and roles from the words around a name."""
    roles: list[str] = []
    # Words just before the name: "Bolivia's President Luis Arce", "Mr. Trump".
    position = entity.start - 1
    while position >= 0 and entity.start - position <= 3:
        token = doc[position]
        lowered = token.lower_
        if lowered in HONORIFICS:
            person.stated_gender = HONORIFICS[lowered]
        if token.pos_ in ("NOUN", "PROPN") and not token.ent_type_:
            roles.append(token.lemma_.lower())
        elif lowered not in HONORIFICS and token.pos_ not in ("ADJ", "PROPN", "NOUN"):
            break
        position -= 1
    # Appositions after the name: "Juan Jose Zuniga, the general, ...".
    for child in entity.root.children:
        # "Dorothy Woods, whose husband, …" names someone else's role.
        if (
            child.dep_ == "appos"
            and child.pos_ == "NOUN"
            and not any(c.lower_ == "whose" for c in child.children)
        ):
            roles.append(child.lemma_.lower())
    for role in roles:
        role = ROLE_ABBREVIATIONS.get(role, role)
        index.roles.setdefault(role, []).append((entity.start_char, person))
        if role in GENDERED_ROLES:
            person.stated_gender = GENDERED_ROLES[role]


class SpeakerResolver:
    def __init__(self, doc: Doc, quoted: Sequence[bool]) -> None:
        self.doc = doc
        self.quoted = quoted
        self.index = build_index(doc, quoted)
        self._sentence_starts = [sentence.start for sentence in doc.sents]
        self._candidate_offsets = [c.offset for c in self.index.candidates]
        self._pronoun_people: dict[int, Person | None] = {}
        self._follow_pronoun_chains()

    def _follow_pronoun_chains(self) -> None:
        """Resolve every subject he/she in reading order and make it an antecedent itself.

        In "Fowler noted ... he said ... That's why, he argued, ..." the person stays
        Fowler although the sentences between name others only as objects.
        """
        for token in self.doc:
            if token.dep_ not in ("nsubj", "nsubjpass") or self.quoted[token.i]:
                continue
            if token.lower_ not in MALE_PRONOUNS and token.lower_ not in FEMALE_PRONOUNS:
                continue
            person = self._resolve_pronoun(token)
            self._pronoun_people[token.i] = person
            if person is not None:
                self._add_candidate(person, token.i, token.idx)

    def _add_candidate(self, person: Person, token_index: int, offset: int) -> None:
        sentence = bisect_right(self._sentence_starts, token_index) - 1
        position = bisect_right(self._candidate_offsets, offset)
        main = _is_main_subject(self.doc[token_index])
        self.index.candidates.insert(position, _Candidate(person, sentence, offset, True, main_clause=main))
        self._candidate_offsets.insert(position, offset)

    def resolve_all(self, attributions: Sequence[Attribution]) -> list[Speaker | None]:
        speakers: list[Speaker | None] = []
        last_voice: tuple[Speaker, int] | None = None
        for attribution in attributions:
            if attribution.mention is None:
                speakers.append(None)
            elif attribution.carried_from is not None:
                source = speakers[attribution.carried_from]
                speakers.append(
                    None
                    if source is None
                    else Speaker(
                        source.name,
                        source.mention,
                        source.start,
                        source.end,
                        SpeakerMethod.CARRIED_OVER,
                        source.is_person,
                    )
                )
            else:
                speaker = self._continuing_speaker(attribution, last_voice) or self.resolve(
                    attribution.mention
                )
                speakers.append(speaker)
                self._remember_speaker(speaker, attribution.mention)
            if speakers[-1] is not None and attribution.mention is not None:
                last_voice = (speakers[-1], attribution.mention.head)
        return speakers

    def _subordinate(self, offset: int) -> bool:
        """Is the word at ``offset`` inside a clause opened by that/if/when/…?"""
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        if span is None:
            return False
        current = span[0]
        while current.head.i != current.i:
            if any(child.dep_ == "mark" for child in current.children):
                return True
            current = current.head
        return False

    def _continuing_speaker(
        self, attribution: Attribution, last_voice: tuple[Speaker, int] | None
    ) -> Speaker | None:
        """``"…," Sarandon told MSNBC. … Asked about the event that Clinton faces Trump,
        she replied: "…"``: a he/she speaking right after a person of that sex spoke is
        that person still, unless someone of that sex was the main subject in between."""
        mention = attribution.mention
        assert mention is not None
        head = self.doc[mention.head]
        if last_voice is None or head.lower_ not in ("he", "she"):
            return None
        if attribution.cue is None or head.head.idx != attribution.cue.start:
            return None  # only "she replied", not "he appeared … for saying"
        previous, previous_head = last_voice
        person = next((p for p in self.index.people if p.canonical == previous.name and p.is_person), None)
        wanted = MALE if head.lower_ == "he" else FEMALE
        if person is None or person.gender != wanted:
            return None
        sentences = bisect_right(self._sentence_starts, head.i) - bisect_right(
            self._sentence_starts, previous_head
        )
        if sentences > CONTINUE_SENTENCES:
            return None
        start = self.doc[previous_head].idx
        for candidate in self.index.candidates:
            if not (start < candidate.offset < head.idx) or candidate.person is person:
                continue
            if not (candidate.is_subject and candidate.person.is_person):
                continue
            if candidate.person.gender in (wanted, UNKNOWN) and not self._subordinate(candidate.offset):
                return None  # "Fallon fired back: …, he wrote": a new voice took over
        written = self.doc.text[mention.start : mention.end]
        return self._speaker(person, written, mention, SpeakerMethod.PRONOUN)

    def _remember_speaker(self, speaker: Speaker, mention: Mention) -> None:
        """A resolved speaker is the most salient antecedent for the pronouns after it."""
        if speaker.method not in (SpeakerMethod.NAMED, SpeakerMethod.SURNAME, SpeakerMethod.ROLE):
            return
        person = next((p for p in self.index.people if p.canonical == speaker.name), None)
        if person is not None:
            self._add_candidate(person, mention.head, mention.start)

    def resolve(self, mention: Mention) -> Speaker:
        head = self.doc[mention.head]
        written = self.doc.text[mention.start : mention.end]
        lowered = head.lower_
        if head.pos_ == "PRON" or lowered in MALE_PRONOUNS | FEMALE_PRONOUNS | GROUP_PRONOUNS:
            if head.i in self._pronoun_people:
                person = self._pronoun_people[head.i]
            else:
                person = self._resolve_pronoun(head)
            if person is None:
                return Speaker(written, written, mention.start, mention.end, SpeakerMethod.DESCRIPTION, False)
            return self._speaker(person, written, mention, SpeakerMethod.PRONOUN)
        if (
            head.ent_type_ in SPEAKER_ENTITY_TYPES
            or head.pos_ == "PROPN"
            or (head.text[:1].isupper() and head.lower_ in self.index.by_surname)
        ):
            person = self._person_named(written, head)
            if person is not None:
                same = clean_name(written).lower() == person.canonical.lower()
                method = SpeakerMethod.NAMED if same or not person.is_person else SpeakerMethod.SURNAME
                return self._speaker(person, written, mention, method)
        role_holder = self._role_holder(head, mention.start)
        if role_holder is not None:
            return self._speaker(role_holder, written, mention, SpeakerMethod.ROLE)
        if head.pos_ == "PROPN":
            name = clean_name(written)
            return Speaker(name, written, mention.start, mention.end, SpeakerMethod.NAMED, True)
        return Speaker(written, written, mention.start, mention.end, SpeakerMethod.DESCRIPTION, False)

    # -- helpers -------------------------------------------------------------------------
    def _speaker(self, person: Person, written: str, mention: Mention, method: SpeakerMethod) -> Speaker:
        return Speaker(person.canonical, written, mention.start, mention.end, method, person.is_person)

    def _person_named(self, written: str, head: Token) -> Person | None:
        name = clean_name(written)
        for person in self.index.people:
            if person.canonical == name:
                return person
        first, surname = _name_parts(name)
        by_surname = self.index.by_surname.get(surname, [])
        if len(by_surname) == 1 or (by_surname and " " not in name):
            return _likeliest(self.index, by_surname, head.idx)
        acronym = _acronym_of(self.index, name)
        if acronym is not None:
            return acronym
        by_first = self.index.by_first.get(first, [])
        if " " not in name and len(by_first) == 1:
            return by_first[0]
        return None

    def _role_holder(self, head: Token, offset: int) -> Person | None:
        # Only a definite description points back: "the president", "Bolivia's president";
        # "a spokesman" introduces somebody new.
        if not any(c.dep_ == "poss" or c.lower_ in ("the", "this", "that") for c in head.lefts):
            return None
        holders = self.index.roles.get(head.lemma_.lower())
        if not holders:
            return None
        before = [person for start, person in holders if start < offset]
        return before[-1] if before else holders[0][1]

    def _resolve_pronoun(self, pronoun: Token) -> Person | None:
        lowered = pronoun.lower_
        if lowered in MALE_PRONOUNS:
            wanted = MALE
        elif lowered in FEMALE_PRONOUNS:
            wanted = FEMALE
        elif lowered in GROUP_PRONOUNS:
            wanted = "group"
        else:
            return None  # I, you, we: the writer or an unnamed voice
        sentence = bisect_right(self._sentence_starts, pronoun.i) - 1
        upto = bisect_right(self._candidate_offsets, pronoun.idx)
        earlier = self.index.candidates[:upto]
        for distance in range(SEARCH_SENTENCES + 1):
            in_sentence = [c for c in earlier if c.sentence == sentence - distance]
            # Salience: a person just introduced with a role ("Henry Crespo, president
            # of …") is who a news story quotes next; then subjects; then the rest.
            # Only the sentence's last-named person counts as being set up.
            people = [c for c in in_sentence if c.person.is_person]
            last = people[-1] if people else None
            ordered = sorted(
                in_sentence,
                key=lambda c: (not (c.introduced and c is last), not c.is_subject, not c.main_clause),
            )
            for candidate in ordered:
                if not candidate.modifier and _compatible(candidate, wanted):
                    return candidate.person
        return None


def _acronym_of(index: EntityIndex, name: str) -> Person | None:
    """``IMF`` -> ``International Monetary Fund`` when the article spells it out."""
    if not (2 <= len(name) <= 6 and name.isupper()):
        return None
    for person in index.people:
        initials = "".join(w[0] for w in person.canonical.split() if w[:1].isupper())
        if not person.is_person and initials == name:
            return person
    return None


def _compatible(candidate: _Candidate, wanted: str) -> bool:
    person = candidate.person
    if wanted == "group":
        # "it"/"they" speak for an organisation that was the subject, not a place named in passing.
        return not person.is_person and candidate.is_subject
    if not person.is_person:
        return False
    return person.gender in (wanted, UNKNOWN)
