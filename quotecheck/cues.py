"""The lexicon of attribution cues: verbs of saying and their kin.

The lexicon is open: callers add verbs with :class:`CueLexicon` (``extra``), and
the CLI exposes that as ``--cue``. Matching is by lemma when spaCy has run, and
by surface form (inflections generated here) when it has not, e.g. when the
scanner asks whether ``, he said, `` between two quotes is only an attribution.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

DEFAULT_CUE_VERBS: frozenset[str] = frozenset(
    """
    say tell add ask answer reply respond retort counter rebut continue conclude state
    declare announce explain note remark comment observe mention point write tweet post
    text email blog publish report recount recall reveal claim argue insist maintain
    assert contend allege suggest predict promise vow pledge swear threaten warn caution
    urge advise denounce slam blast criticize criticise attack accuse charge condemn decry
    rail lash hit fire shoot complain lament protest object grumble praise hail thank
    applaud celebrate cheer welcome congratulate acknowledge admit concede confirm deny
    affirm agree disagree boast brag joke quip laugh smile shout yell scream chant cry
    exclaim whisper mutter murmur sigh groan muse wonder marvel reflect emphasize
    emphasise stress underscore highlight reiterate repeat describe call label dub brand
    term characterize characterise testify confess disclose inform assure reassure begin
    start open interject interrupt chime explain elaborate clarify specify estimate
    calculate propose recommend demand plead beg appeal request implore predict forecast
    guess speculate liken compare cite quote refer reference dismiss decry mock ridicule
    deride scoff sneer taunt tease jeer insult rate rule judge deem consider
    sing remember fume seethe gush rave bemoan concur type specify read
    """.split()
)

# Nouns of saying: a quote inside "Trump's claim that ..." is Trump's words.
DEFAULT_CUE_NOUNS: frozenset[str] = frozenset(
    """
    claim statement remark comment word promise pledge vow warning accusation assertion
    description prediction message tweet post letter speech interview question answer
    response reply testimony announcement declaration admission allegation criticism
    complaint insistence argument explanation suggestion threat boast quote quotation
    """.split()
)

# Irregular past forms; regular ones are generated.
_IRREGULAR = {
    "say": ["said"],
    "tell": ["told"],
    "write": ["wrote", "written"],
    "swear": ["swore", "sworn"],
    "hit": ["hit"],
    "shoot": ["shot"],
    "begin": ["began", "begun"],
    "cry": ["cried"],
    "reply": ["replied"],
    "deny": ["denied"],
    "testify": ["testified"],
    "clarify": ["clarified"],
    "specify": ["specified"],
    "speak": ["spoke", "spoken"],
    "read": ["read"],  # "… ," the statement read
}

# Multi-word cues that work without a verb of the lexicon.
CUE_PHRASES: tuple[str, ...] = ("according to", "in the words of", "quoted as saying")


def inflections(lemma: str) -> set[str]:
    """Surface forms of a cue verb: say -> say, says, saying, said."""
    forms = {lemma}
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms.add(lemma + "es")
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms.add(stem + "ing")
    if lemma in _IRREGULAR:
        forms.update(_IRREGULAR[lemma])
    elif lemma.endswith("e"):
        forms.add(lemma + "d")
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms.add(lemma[:-1] + "ied")
    else:
        forms.add(lemma + "ed")
        if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", lemma):
            # stop -> stopped, quip -> quipped
            forms.add(lemma + lemma[-1] + "ed")
            forms.add(lemma + lemma[-1] + "ing")
    return forms


@dataclass(frozen=True)
class CueLexicon:
    verbs: frozenset[str] = DEFAULT_CUE_VERBS
    nouns: frozenset[str] = DEFAULT_CUE_NOUNS
    phrases: tuple[str, ...] = CUE_PHRASES
    surface_forms: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        forms: set[str] = set()
        for verb in self.verbs:
            forms |= inflections(verb)
        object.__setattr__(self, "surface_forms", frozenset(forms))

    @classmethod
    def with_extra(cls, extra: Iterable[str]) -> CueLexicon:
        words = {word.strip().lower() for word in extra if word.strip()}
        return cls(verbs=DEFAULT_CUE_VERBS | words)

    def is_cue_lemma(self, lemma: str) -> bool:
        return lemma.lower() in self.verbs

    def is_cue_noun(self, lemma: str) -> bool:
        return lemma.lower() in self.nouns

    def has_cue_word(self, text: str) -> bool:
        lowered = text.lower()
        if any(phrase in lowered for phrase in self.phrases):
            return True
        return any(word in self.surface_forms for word in _WORD.findall(lowered))

    def is_attribution_gap(self, gap: str) -> bool:
        """True when the words between two quotes are only an attribution clause.

        ``," he said, "`` and ``," said Sen. Smith (R-Texas). "`` qualify;
        a sentence of the writer's own between two quotes does not.
        """
        words = _WORD.findall(gap)
        if not 1 <= len(words) <= 14:
            return False
        stripped = gap.strip()
        if stripped and stripped[-1] not in ",.:;—–-" and not stripped.endswith("..."):
            return False
        if re.search(r"[.!?]\s+\S", stripped.rstrip(".")) and not _ABBREVIATION.search(stripped):
            return False  # two sentences: more than an attribution clause
        return self.has_cue_word(gap)


_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_ABBREVIATION = re.compile(r"\b(?:[A-Z][a-z]{0,3}|[A-Z](?:\.[A-Z])+)\.\s")
