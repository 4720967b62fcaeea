"""Is a quote faithful to its source? Alignment, word diff and verdict, as plain functions.

No spaCy and no I/O: strings in, model dataclasses out.

* :func:`normalise` and :func:`words` define what counts as "the same word": quote-mark
  style, apostrophes, dashes, case, whitespace and punctuation at word edges never do.
* :func:`best_span` finds where a quote sits in a passage (rapidfuzz partial-ratio on the
  normalised words, mapped back to exact character offsets).
* :func:`word_diff` turns the source words into the quoted words, word by word.
* :func:`judge` reads that diff as a newsroom would: verbatim, editorial (style-guide
  ellipses and brackets), divergent (with a severity), or misattributed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

from quotecheck.model import DiffOp, Finding, Match, Passage, Severity, Verdict

__all__ = [
    "MIN_SCORE",
    "SPLICE_SENTENCES",
    "Word",
    "best_span",
    "format_diff",
    "judge",
    "normalise",
    "same_speaker",
    "word_diff",
    "words",
]

# Below this score the quote is not in the passage. Measured against the tests' 8-sentence
# speech: unrelated political sentences sharing its vocabulary ("the army", "democracy",
# "the international community") score 49-71, while its own sentences with two or three
# words swapped for synonyms still score 84-89. 80 sits in that gap: roughly "no more than
# one character in five of the aligned stretch differs".
MIN_SCORE = 80.0
# Pieces of one quote that align this many sentence ends apart, with no ellipsis between
# them, were spliced from separate statements rather than cut down from one.
SPLICE_SENTENCES = 2

# -- normalisation ---------------------------------------------------------------------------

_MARKS = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
        "…": "...",
        # Invisible characters that word processors leave in pasted quotes.
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\ufeff", None),
    }
)


def normalise(text: str) -> str:
    """The comparison form of ``text``: marks, dashes and case unified, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text).translate(_MARKS).casefold()
    return " ".join(text.split())


# -- words -----------------------------------------------------------------------------------

WordKind = Literal["word", "ellipsis", "bracket"]


@dataclass(frozen=True, slots=True)
class Word:
    """One token of a quote or passage.

    ``start``/``end`` cover the word itself in the original text, without the punctuation
    at its edges (``"coup,`` -> ``coup``), so spans built from words snap to word boundaries.
    """

    norm: str  # comparison form: normalised, edge punctuation stripped
    surface: str  # the word as written (``text[start:end]``)
    start: int
    end: int
    kind: WordKind = "word"
    sentence_initial: bool = False  # first word of the text or of a sentence
    ends_sentence: bool = False  # followed by . ! or ? (not an abbreviation's dot)
    name_like: bool = False  # capitalised where capitals are not explained by position
    bracketed: bool = False  # a word with an editorial bracket inside it: "[T]he", "cause[d]"


# An ellipsis: "...", ". . .", "…", or those in [brackets]/(parentheses) as some styles do.
_ELLIPSIS = r"[\[(]\s*(?:…|\.(?:\s?\.){2,})\s*[\])]|…|\.(?:\s?\.){2,}"
_SPECIAL = re.compile(rf"(?P<ellipsis>{_ELLIPSIS})|(?P<bracket>\[[^\[\]]*\])")
# Plain words are split at whitespace and at dashes used as punctuation (not hyphens).
_PLAIN = re.compile(r"(?:(?!--)[^\s‒–—―])+")
_PERCENT = re.compile(r"\d[\d,.]*%")
_KEEP_AT_EDGE = frozenset("%$€£¥#@&")  # symbols that are part of the word's meaning
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st jr sr gen sen rep gov prof rev col lt sgt adm capt vs etc inc ltd co corp no".split()
)
_I_FORMS = frozenset({"i", "i'm", "i'd", "i'll", "i've"})
_SENTENCE_BREAKS = frozenset(".!?:")
_OPENING_MARKS = frozenset("\"“„«»‘‚'")


def _is_edge_punct(ch: str, keep_brackets: bool = False) -> bool:
    if keep_brackets and ch in "[]":
        return False
    return not ch.isalnum() and ch not in _KEEP_AT_EDGE


def _core(text: str, start: int, end: int, keep_brackets: bool = False) -> tuple[int, int]:
    """The span of ``text[start:end]`` without punctuation at its edges."""
    while start < end and _is_edge_punct(text[start], keep_brackets):
        start += 1
    while end > start and _is_edge_punct(text[end - 1], keep_brackets):
        end -= 1
    return start, end


def _raw_tokens(text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of ellipses, [bracketed] insertions and plain pieces, in order."""
    tokens: list[tuple[str, int, int]] = []

    def plain(lo: int, hi: int) -> None:
        tokens.extend(("plain", lo + m.start(), lo + m.end()) for m in _PLAIN.finditer(text[lo:hi]))

    pos = 0
    for m in _SPECIAL.finditer(text):
        plain(pos, m.start())
        tokens.append(("ellipsis" if m.group("ellipsis") else "bracket", m.start(), m.end()))
        pos = m.end()
    plain(pos, len(text))
    return _merge_inline_brackets(text, tokens)


def _merge_inline_brackets(text: str, tokens: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Join "[T]" + "he" into one bracketed word: the bracket edits a word, it adds none."""
    merged: list[tuple[str, int, int]] = []
    for kind, start, end in tokens:
        if merged:
            prev_kind, prev_start, prev_end = merged[-1]
            pair = {prev_kind, kind}
            touching = prev_end == start
            if touching and pair <= {"plain", "bracket", "inword"} and pair & {"bracket", "inword"}:
                brackets_ok = all(
                    k != "bracket" or not any(c.isspace() for c in text[s:e])
                    for k, s, e in ((prev_kind, prev_start, prev_end), (kind, start, end))
                )
                has_letters = any(c.isalnum() for c in text[prev_start:end].replace("[", "").replace("]", ""))
                plain_letters = all(
                    k != "plain" or any(c.isalnum() for c in text[s:e])
                    for k, s, e in ((prev_kind, prev_start, prev_end), (kind, start, end))
                )
                if brackets_ok and has_letters and plain_letters:
                    merged[-1] = ("inword", prev_start, end)
                    continue
        merged.append((kind, start, end))
    return merged


def _strip_edges(text: str) -> str:
    start, end = _core(text, 0, len(text))
    return text[start:end]


def words(text: str) -> list[Word]:
    """The words of ``text`` with their spans; ellipses and [insertions] as special tokens."""
    out: list[Word] = []
    sentence_start = True  # the next word begins a sentence
    for kind, start, end in _raw_tokens(text):
        if kind == "ellipsis":
            out.append(Word("...", text[start:end], start, end, "ellipsis"))
            sentence_start = True  # a capital after an ellipsis may start a sentence
            continue
        if kind == "bracket":
            inner = normalise(text[start + 1 : end - 1])
            out.append(Word(f"[{inner}]", text[start:end], start, end, "bracket"))
            sentence_start = False
            continue
        bracketed = kind == "inword"
        core_start, core_end = _core(text, start, end, keep_brackets=bracketed)
        if core_start == core_end:  # punctuation only: not a word, but may end a sentence
            sentence_start = sentence_start or any(c in _SENTENCE_BREAKS for c in text[start:end])
            continue
        suffix = text[core_end:end]
        # A capital just inside an opening quote mark starts the quoted sentence.
        sentence_start = sentence_start or any(c in _OPENING_MARKS for c in text[start:core_start])
        surface = text[core_start:core_end]
        norm = _strip_edges(normalise(surface.replace("[", "").replace("]", "")))
        ends = any(c in ".!?" for c in suffix) and not _is_abbreviation(norm, suffix)
        # After a colon a capital usually starts a sentence too ("he said: We ...").
        breaks = ends or ":" in suffix
        pieces = [(core_start, core_end, norm)]
        if _PERCENT.fullmatch(surface):  # "12%" compares as "12 percent"
            pieces = [(core_start, core_end - 1, norm[:-1]), (core_end - 1, core_end, "percent")]
        for i, (lo, hi, piece_norm) in enumerate(pieces):
            out.append(
                Word(
                    piece_norm,
                    text[lo:hi],
                    lo,
                    hi,
                    "word",
                    sentence_initial=sentence_start and i == 0,
                    ends_sentence=ends and i == len(pieces) - 1,
                    bracketed=bracketed,
                )
            )
        sentence_start = breaks
    return _mark_names(out)


def _is_abbreviation(norm: str, suffix: str) -> bool:
    if not suffix.startswith("."):
        return False
    # "Mr.", "Gen.", an initial "L." or "U.S." are not sentence ends.
    return norm in _ABBREVIATIONS or (len(norm) == 1 and norm.isalpha()) or "." in norm


def _mark_names(tokens: list[Word]) -> list[Word]:
    """Flag capitalised words that are not sentence-initial: the names of people and places."""
    # In ALL-CAPS or Title Case text (transcript labels, headlines) capitals say nothing
    # about names. Title Case shows in the content words inside sentences.
    plain = [w for w in tokens if w.kind == "word"]
    if not any(c.islower() for w in plain for c in w.surface):
        return tokens
    inner = [w for w in plain if not w.sentence_initial and w.norm not in STOPWORDS]
    if len(inner) >= 4 and sum(_is_capitalised(w.surface) for w in inner) > 0.8 * len(inner):
        return tokens
    return [
        replace(w, name_like=True)
        if w.kind == "word"
        and _is_capitalised(w.surface)
        and not w.sentence_initial
        and not w.bracketed  # "[T]he": the capital is the writer's
        and w.norm not in _I_FORMS
        else w
        for w in tokens
    ]


def _is_capitalised(surface: str) -> bool:
    letters = [c for c in surface if c.isalpha()]
    return bool(letters) and letters[0].isupper()


# -- word classes ----------------------------------------------------------------------------

NEGATIONS = frozenset(
    {"not", "never", "no", "n't", "nobody", "nothing", "neither", "nor", "cannot", "none", "nowhere"}
)
QUALIFIERS = frozenset(
    """only not almost nearly probably possibly perhaps maybe some partly allegedly reportedly
    if unless except but""".split()
)
# Function words: changing only these is a minor edit. Negations, qualifiers, personal
# pronouns and modals are left out on purpose: "we" -> "they" or "will" -> "might" changes
# what was said.
STOPWORDS = frozenset(
    """a an the this that these those of to in on at by for from with about into onto over
    under after before between through during without within upon as than and or so then
    also too very just is are was were be been being am have has had having do does did
    's there here which who whom whose what when where while there's it's that's
    """.split()
)
_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen \
fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_NUMBER_WORDS = {word: value for value, word in enumerate(_UNITS)} | {
    word: 20 + 10 * i for i, word in enumerate(_TENS)
}
_MAGNITUDES = frozenset({"hundred", "thousand", "million", "billion", "trillion", "dozen", "dozens"})
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _number_key(norm: str) -> str | None:
    """A canonical value for a number written in digits or words ("twelve" == "12")."""
    if _DIGITS.fullmatch(norm):
        return norm.replace(",", "")
    if norm in _NUMBER_WORDS:
        return str(_NUMBER_WORDS[norm])
    tens, _, unit = norm.partition("-")
    if tens in _TENS and unit in _UNITS[1:10]:
        return str(_NUMBER_WORDS[tens] + _NUMBER_WORDS[unit])
    return None


def _key(word: Word) -> str:
    return _number_key(word.norm) or word.norm


def _negation_just_before(text: str, start: int) -> str | None:
    """A negation among the two source words before ``start``, in the same sentence."""
    before = text[max(0, start - 40) : start]
    before = re.split(r"[.!?;:\n]", before)[-1]
    tail = words(before)[-2:]
    return next((w.surface for w in tail if _is_negation(w)), None)


def _is_negation(word: Word) -> bool:
    return word.norm in NEGATIONS or word.norm.endswith("n't")


def _is_number(word: Word) -> bool:
    return (
        any(c.isdigit() for c in word.norm) or _number_key(word.norm) is not None or word.norm in _MAGNITUDES
    )


def _is_function(word: Word) -> bool:
    return word.norm in STOPWORDS


# -- alignment -------------------------------------------------------------------------------


def _content(tokens: Iterable[Word]) -> list[Word]:
    return [w for w in tokens if w.kind == "word"]


def _pieces(quote_words: Sequence[Word]) -> list[list[Word]]:
    """The quote's tokens split at ellipses (each piece is contiguous in the source)."""
    pieces: list[list[Word]] = [[]]
    for w in quote_words:
        if w.kind == "ellipsis":
            pieces.append([])
        else:
            pieces[-1].append(w)
    return [p for p in pieces if any(w.kind == "word" for w in p)]


def _needle(piece: Sequence[Word]) -> str:
    # [Bracketed] insertions are the writer's words, not the speaker's: not aligned.
    return " ".join(w.norm for w in piece if w.kind == "word")


def _sentences(piece: list[Word], min_words: int = 3) -> list[list[Word]]:
    """A piece split after each sentence end; sentences shorter than ``min_words`` stay joined."""
    out: list[list[Word]] = [[]]
    for w in piece:
        out[-1].append(w)
        if w.ends_sentence and len(out[-1]) >= min_words:
            out.append([])
    if not out[-1]:
        out.pop()
    elif len(out) > 1 and len(out[-1]) < min_words:
        out[-2].extend(out.pop())
    return out


@dataclass(frozen=True, slots=True)
class _Haystack:
    """The passage's words joined by single spaces, with the word each character belongs to."""

    words: list[Word]
    text: str
    owner: list[int]  # word index of each character; -1 for the joining spaces
    starts: list[int]  # char offset of each word in ``text``

    @classmethod
    def build(cls, tokens: list[Word]) -> _Haystack:
        parts: list[str] = []
        owner: list[int] = []
        starts: list[int] = []
        pos = 0
        for i, w in enumerate(tokens):
            if parts:
                parts.append(" ")
                owner.append(-1)
                pos += 1
            starts.append(pos)
            parts.append(w.norm)
            owner.extend([i] * len(w.norm))
            pos += len(w.norm)
        return cls(tokens, "".join(parts), owner, starts)

    def word_range(self, lo: int, hi: int) -> tuple[int, int] | None:
        """Word indices [first, last] touched by characters [lo, hi)."""
        touched = [self.owner[c] for c in range(max(lo, 0), min(hi, len(self.owner))) if self.owner[c] >= 0]
        return (touched[0], touched[-1]) if touched else None


@dataclass(frozen=True, slots=True)
class _Piece:
    first: int  # word indices into the haystack, inclusive
    last: int
    score: float
    weight: int  # characters of quote text, for the weighted score
    tokens: tuple[Word, ...] = ()  # the quote tokens aligned here


def _align(needle: str, hay: _Haystack, lo_word: int = 0) -> _Piece | None:
    """Best alignment of ``needle`` in the haystack words from ``lo_word`` on."""
    offset = hay.starts[lo_word] if lo_word < len(hay.words) else len(hay.text)
    region = hay.text[offset:]
    if not needle or not region:
        return None
    res = fuzz.partial_ratio_alignment(needle, region)
    if res is None:
        return None
    touched = hay.word_range(offset + res.dest_start, offset + res.dest_end)
    if touched is None:
        return None
    score = res.score
    if len(needle) > len(region):
        # partial_ratio would score a quote that merely *contains* the passage 100; the
        # plain ratio over the passage charges for the words the source never had.
        first, last = touched
        aligned = hay.text[hay.starts[first] : hay.starts[last] + len(hay.words[last].norm)]
        score = fuzz.ratio(needle, aligned)
    return _Piece(touched[0], touched[1], score, len(needle))


def _align_in_order(pieces: list[list[Word]], hay: _Haystack, cursor: int = 0) -> list[_Piece]:
    """Align pieces left to right, each after the previous one unless it fits far better elsewhere."""
    out: list[_Piece] = []
    for piece in pieces:
        needle = _needle(piece)
        anywhere = _align(needle, hay)
        if anywhere is None:
            continue
        after = _align(needle, hay, cursor) if cursor else anywhere
        # Prefer reading order (a repeated phrase belongs after the previous piece), but not
        # at any price: a piece quoted out of order really is elsewhere.
        best = after if after is not None and after.score >= anywhere.score - 5 else anywhere
        best = replace(best, tokens=tuple(piece))
        out.append(best)
        cursor = best.last + 1
    return out


def _weighted(pieces: list[_Piece]) -> float:
    total = sum(p.weight for p in pieces)
    return sum(p.score * p.weight for p in pieces) / total if total else 0.0


# A piece is cut up only when that scores this much better than aligning it whole: a word
# substituted inside a quote costs the whole alignment a few points, a splice or a swapped
# clause costs 20 or more.
SPLIT_MARGIN = 8.0
# ... and only when most of its words occur in the passage at all (cheap, and it keeps the
# cutting from running on every unrelated passage of a corpus).
SPLIT_COVERAGE = 0.75
_MAX_CUTS = 24


def _align_piece(piece: list[Word], hay: _Haystack, cursor: int, vocabulary: set[str]) -> list[_Piece]:
    """One ellipsis-free piece: whole, or cut at sentences or in two if that fits far better.

    A quote whose parts come from different places (spliced sentences, swapped clauses)
    cannot align well as a whole; its parts can, and the diff then shows what happened.
    """
    best = _align_in_order([piece], hay, cursor)
    best_score = _weighted(best)
    plain = [w for w in piece if w.kind == "word"]
    if best_score >= 100 - SPLIT_MARGIN or len(plain) < 6:
        return best
    if sum(_key(w) in vocabulary for w in plain) < SPLIT_COVERAGE * len(plain):
        return best
    cuts: list[list[list[Word]]] = []
    sentences = _sentences(piece)
    if len(sentences) > 1:
        cuts.append(sentences)
    step = max(1, (len(piece) - 5) // _MAX_CUTS)
    cuts.extend([piece[:cut], piece[cut:]] for cut in range(3, len(piece) - 2, step))
    alternatives = [a for a in (_align_in_order(parts, hay, cursor) for parts in cuts) if len(a) > 1]
    challenger = max(alternatives, key=_weighted, default=None)
    if challenger is not None and _weighted(challenger) > best_score + SPLIT_MARGIN:
        return challenger
    return best


def best_span(quote: str, passage_text: str) -> tuple[int, int, float]:
    """Where in ``passage_text`` the quote best aligns: (start, end, score 0-100).

    Offsets are exact character offsets into ``passage_text`` at word boundaries. A quote
    with ellipses is aligned piece by piece and covers the first piece's start to the last
    piece's end; the score is the pieces' partial-ratio averaged by length. A quote longer
    than the passage is scored by plain ratio, so words the passage lacks lower the score.
    """
    hay = _Haystack.build(_content(words(passage_text)))
    quote_words = words(quote)
    pieces = _pieces(quote_words)
    if not hay.words or not pieces:
        return 0, 0, 0.0
    vocabulary = {_key(w) for w in hay.words}
    aligned: list[_Piece] = []
    cursor = 0
    for piece in pieces:
        found = _align_piece(piece, hay, cursor, vocabulary)
        aligned.extend(found)
        if found:
            cursor = max(p.last for p in found) + 1
    if not aligned:
        return 0, 0, 0.0
    # Edges are fitted piece by piece: the quote's first word belongs at the left edge only
    # when its piece is the leftmost one (not so when clauses were swapped).
    spans = [_refine(list(p.tokens), hay.words, p.first, p.last) for p in aligned]
    first, last = min(lo for lo, _ in spans), max(hi for _, hi in spans)
    return hay.words[first].start, hay.words[last].end, round(_weighted(aligned), 2)


def _refine(
    quote_words: list[Word], source: list[Word], first: int, last: int, reach: int = 2
) -> tuple[int, int]:
    """Move each edge of [first, last] by up to ``reach`` words to fit the quote best.

    The partial-ratio window is exactly as long as the quote, so it can graze a word the
    quote lacks or fall short of one it has (when the source words are longer). The
    candidate with the fewest word edits wins; Levenshtein, so a substituted first word is
    kept as a substitution rather than dropped, and a [bracketed] word at the edge takes in
    the pronoun it stands for. Ties go to the span closest to the quote in length.
    """
    # A [bracketed] insertion counts as its own words: "[the government]" then fits
    # "Our government" better than "government" alone.
    quote_keys = [
        key
        for w in quote_words
        if w.kind != "ellipsis"
        for key in (w.norm[1:-1].split() or [w.norm] if w.kind == "bracket" else [_key(w)])
    ]
    best: tuple[tuple[int, int, int], int, int] | None = None
    for lo in range(max(0, first - reach), min(first + reach, last) + 1):
        for hi in range(max(lo, last - reach), min(len(source) - 1, last + reach) + 1):
            span_keys = [_key(w) for w in source[lo : hi + 1]]
            cost = (
                Levenshtein.distance(span_keys, quote_keys),
                abs(len(span_keys) - len(quote_keys)),
                hi - lo,
            )
            if best is None or cost < best[0]:
                best = (cost, lo, hi)
    assert best is not None  # the unmoved span is always a candidate
    return best[1], best[2]


# -- word diff -------------------------------------------------------------------------------

_Tag = Literal["equal", "delete", "insert", "replace"]


@dataclass(frozen=True, slots=True)
class _Op:
    """A diff op over Word objects (DiffOp keeps only their surfaces)."""

    op: _Tag
    source: tuple[Word, ...]
    quote: tuple[Word, ...]
    editorial: bool = False
    why: str = ""  # "ellipsis" | "bracket" | "number-style": what makes it editorial
    after_break: bool = True  # the source word before this op ends a sentence (or there is none)


# One alignment column: (source index or -1, quote index or -1).
_Column = tuple[int, int]


def _columns(source: list[Word], quote: list[Word]) -> list[_Column]:
    """Indel (LCS) alignment of the two word lists as columns.

    Indel rather than Levenshtein: it keeps as many words equal as possible, so a left-out
    stretch shows as a clean deletion that can be matched to the quote's ellipsis.
    """
    cols: list[_Column] = []
    for op in Indel.opcodes([_key(w) for w in source], [_key(w) for w in quote]):
        if op.tag == "equal":
            cols.extend(zip(range(op.src_start, op.src_end), range(op.dest_start, op.dest_end), strict=True))
        elif op.tag == "delete":
            cols.extend((i, -1) for i in range(op.src_start, op.src_end))
        elif op.tag == "insert":
            cols.extend((-1, j) for j in range(op.dest_start, op.dest_end))
        else:  # Indel does not emit replace, but be safe
            cols.extend((i, -1) for i in range(op.src_start, op.src_end))
            cols.extend((-1, j) for j in range(op.dest_start, op.dest_end))
    return cols


def _slide_to_ellipses(cols: list[_Column], source: list[Word], gaps: set[int]) -> list[_Column]:
    """Move each deleted run to an ellipsis when an equally good alignment puts it there.

    In "the army and the navy and the police" -> "the army ... and the police" the LCS may
    delete "navy and the" after "and the"; deleting "and the navy" is as good and sits
    exactly at the ellipsis.
    """
    cols = list(cols)
    a = 0
    while a < len(cols):
        if cols[a][1] != -1 or cols[a][0] == -1:
            a += 1
            continue
        b = a
        while b < len(cols) and cols[b][1] == -1 and cols[b][0] != -1:
            b += 1
        gap = sum(1 for _, j in cols[:a] if j != -1)
        shift = 0 if gap in gaps else _nearest_shift(cols, source, a, b, gap, gaps)
        if shift:
            cols = _shift(cols, a, b, shift)
        a = b + max(shift, 0)  # past the run, wherever it now stands
    return cols


def _nearest_shift(cols: list[_Column], source: list[Word], a: int, b: int, gap: int, gaps: set[int]) -> int:
    left = 0
    while (
        a - left - 1 >= 0
        and cols[a - left - 1][0] != -1
        and cols[a - left - 1][1] != -1
        and _key(source[cols[a - left - 1][0]]) == _key(source[cols[b - left - 1][0]])
    ):
        left += 1
    right = 0
    while (
        b + right < len(cols)
        and cols[b + right][0] != -1
        and cols[b + right][1] != -1
        and _key(source[cols[a + right][0]]) == _key(source[cols[b + right][0]])
    ):
        right += 1
    candidates = [s for s in range(-left, right + 1) if gap + s in gaps]
    return min(candidates, key=abs) if candidates else 0


def _shift(cols: list[_Column], a: int, b: int, shift: int) -> list[_Column]:
    """Rotate the deleted run cols[a:b] by ``shift`` words through its equal neighbours."""
    lo, hi = (a + shift, b) if shift < 0 else (a, b + shift)
    src = [cols[k][0] for k in range(lo, hi)]  # consecutive source indices
    quote_idx = [cols[k][1] for k in range(lo, hi) if cols[k][1] != -1]
    n_del = b - a
    if shift < 0:
        new = [(s, -1) for s in src[:n_del]] + list(zip(src[n_del:], quote_idx, strict=True))
    else:
        new = list(zip(src[: len(quote_idx)], quote_idx, strict=True)) + [
            (s, -1) for s in src[len(quote_idx) :]
        ]
    return cols[:lo] + new + cols[hi:]


def _diff(quote_tokens: Sequence[Word], source_tokens: Sequence[Word]) -> list[_Op]:
    """Word ops turning the source words into the quote's words, with editorial marks."""
    source = _content(source_tokens)  # a transcript's own "[inaudible]" or "..." are not words
    quote: list[Word] = []
    gaps: set[int] = set()  # positions in ``quote`` where an ellipsis stands
    for w in quote_tokens:
        if w.kind == "ellipsis":
            gaps.add(len(quote))
        else:
            quote.append(w)
    cols = _slide_to_ellipses(_columns(source, quote), source, gaps)

    ops: list[_Op] = []
    k = 0
    quote_seen = 0  # quote words before cols[k]: the gap an op sits in
    last_source = -1  # the source word before cols[k]
    while k < len(cols):
        i, j = cols[k]
        if i != -1 and j != -1:
            same = source[i].norm == quote[j].norm
            end = k
            while end < len(cols) and -1 not in cols[end] and _same_norm(source, quote, cols[end]) == same:
                end += 1
            src = tuple(source[c[0]] for c in cols[k:end])
            qt = tuple(quote[c[1]] for c in cols[k:end])
            # Equal keys but different words: a number written another way ("twelve" -> "12").
            ops.append(_Op("equal", src, qt) if same else _Op("replace", src, qt, True, "number-style"))
            k, quote_seen, last_source = end, quote_seen + len(qt), cols[end - 1][0]
            continue
        end = k
        while end < len(cols) and -1 in cols[end]:
            end += 1
        src = tuple(source[c[0]] for c in cols[k:end] if c[0] != -1)
        qt = tuple(quote[c[1]] for c in cols[k:end] if c[1] != -1)
        after_break = last_source == -1 or source[last_source].ends_sentence
        if src and qt:
            tag: _Tag = "replace"
        elif src:
            tag = "delete"
        else:
            tag = "insert"
        if tag == "delete" and quote_seen in gaps:
            ops.append(_Op(tag, src, qt, True, "ellipsis", after_break))
        elif tag != "delete" and all(w.kind == "bracket" or w.bracketed for w in qt):
            ops.append(_Op(tag, src, qt, True, "bracket", after_break))
        else:
            ops.append(_Op(tag, src, qt, after_break=after_break))
        last_source = next((c[0] for c in reversed(cols[k:end]) if c[0] != -1), last_source)
        k, quote_seen = end, quote_seen + len(qt)
    return ops


def _same_norm(source: list[Word], quote: list[Word], col: _Column) -> bool:
    return source[col[0]].norm == quote[col[1]].norm


def _surface(tokens: Iterable[Word]) -> str:
    out = ""
    for w in tokens:
        # "12%" is two words for comparison but one as written.
        glued = w.surface == "%" and out[-1:].isdigit()
        out += w.surface if glued or not out else " " + w.surface
    return out


def _public(op: _Op) -> DiffOp:
    return DiffOp(op.op, _surface(op.source), _surface(op.quote), op.editorial)


def word_diff(quote: str, source_span: str) -> list[DiffOp]:
    """Word-level ops turning ``source_span``'s words into ``quote``'s, with surface words.

    ``editorial`` marks a deletion that sits where the quote has an ellipsis, a [bracketed]
    insertion or replacement, and a number written another way ("twelve" -> "12").
    """
    return [_public(op) for op in _diff(words(quote), words(source_span))]


def format_diff(ops: Iterable[DiffOp]) -> str:
    """``[-removed-]{+added+}`` inline word diff, for terminals."""
    parts: list[str] = []
    for op in ops:
        if op.op == "equal":
            parts.append(op.quote)
        elif op.op == "delete":
            parts.append(f"[-{op.source}-]")
        elif op.op == "insert":
            parts.append(f"{{+{op.quote}+}}")
        else:
            parts.append(f"[-{op.source}-]{{+{op.quote}+}}")
    return " ".join(parts)


# -- speakers --------------------------------------------------------------------------------

_SPEAKER_TITLES = frozenset(
    """mr mrs ms miss mx dr sir dame lord lady madam president vice prime minister secretary
    sen senator rep representative gov governor gen general col colonel lt adm admiral judge
    justice mayor chancellor premier king queen prince princess pope rev prof professor
    ambassador chief deputy former ex foreign interior defence defense finance health state
    the""".split()
)
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _name_tokens(name: str | None) -> list[str]:
    if not name:
        return []
    plain = unicodedata.normalize("NFKD", name.translate(_MARKS))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    tokens = re.findall(r"[^\W_]+(?:'[^\W_]+)?", plain)
    while tokens and tokens[0] in _SPEAKER_TITLES:  # "President Luis Arce" -> "luis arce"
        tokens.pop(0)
    while tokens and tokens[-1] in _NAME_SUFFIXES:
        tokens.pop()
    return tokens


def same_speaker(a: str | None, b: str | None) -> bool | None:
    """Whether two speaker names denote the same person; None when either is unknown.

    Full names or surnames: "Luis Arce" == "ARCE" == "President Luis Arce" == "L. Arce",
    and a bare surname may be the first of two ("Arce" in "Luis Arce Catacora").
    """
    ta, tb = _name_tokens(a), _name_tokens(b)
    if not ta or not tb:
        return None  # "the president", "SPEAKER", None: nobody to compare
    if ta == tb:
        return True
    if len(ta) == 1 or len(tb) == 1:
        single, full = (ta[0], tb) if len(ta) == 1 else (tb[0], ta)
        return single in full[1:]
    if ta[-1] != tb[-1]:
        return False
    # Same surname: the given names must be compatible too (Luis Arce is not Marcela Arce).
    ga, gb = ta[0], tb[0]
    return ga == gb or (len(ga) == 1 and gb.startswith(ga)) or (len(gb) == 1 and ga.startswith(gb))


# -- verdict ---------------------------------------------------------------------------------

_RANK = {Severity.MINOR: 0, Severity.MAJOR: 1, Severity.CRITICAL: 2}


def _worst(a: Severity | None, b: Severity | None) -> Severity | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if _RANK[a] >= _RANK[b] else b


def _show(tokens: Sequence[Word], limit: int = 8) -> str:
    shown = _surface(tokens[:limit])
    return shown + " …" if len(tokens) > limit else shown


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


@dataclass(slots=True)
class _Assessment:
    reasons: list[str]
    severity: Severity | None = None
    divergent: bool = False
    editorial: bool = False

    def flag(self, severity: Severity, reason: str) -> None:
        self.divergent = True
        self.severity = _worst(self.severity, severity)
        self.reasons.append(reason)


def _check_editorial(op: _Op, out: _Assessment) -> bool:
    """Whether an op marked editorial really is an acceptable edit; records why not."""
    if op.why == "ellipsis":
        touching = _touching_sentences(op)
        negations = [w for w in touching if _is_negation(w)]
        qualifiers = [w for w in touching if w.norm in QUALIFIERS]
        if negations:
            out.flag(Severity.CRITICAL, f"ellipsis removes a negation: {_surface(negations)}")
            return False
        if qualifiers:
            out.flag(Severity.MAJOR, f"ellipsis removes a qualifier: {_surface(qualifiers)}")
            return False
        n = len(op.source)
        out.reasons.append(f"ellipsis leaves out {n} {_plural(n, 'word', 'words')}: {_show(op.source)}")
        return True
    if op.why == "bracket":
        inserted = " ".join(w.norm for w in op.quote)
        lost_negation = [w for w in op.source if _is_negation(w) and w.norm not in inserted]
        lost_number = [w for w in op.source if _is_number(w) and w.norm not in inserted]
        if lost_negation:
            out.flag(Severity.CRITICAL, f"brackets replace a negation: {_surface(lost_negation)}")
            return False
        if lost_number:
            out.flag(Severity.CRITICAL, f"brackets replace a number: {_surface(lost_number)}")
            return False
        action = f"replaces: {_surface(op.source)}" if op.source else "inserted"
        out.reasons.append(f"{_surface(op.quote)} {action}")
        return True
    out.reasons.append(f"number style: {_surface(op.source)} -> {_surface(op.quote)}")
    return True


def _touching_sentences(op: _Op) -> list[Word]:
    """Left-out words in the sentences the quote goes on with, either side of the ellipsis.

    Whole sentences between are out of the quote altogether: a "not" in one of them negates
    nothing that was quoted. The rest of the sentence the quote breaks off is what matters.
    """
    ends = [k for k, w in enumerate(op.source) if w.ends_sentence]
    if not ends:
        return list(op.source)
    head = [] if op.after_break else list(op.source[: ends[0] + 1])
    return head + list(op.source[ends[-1] + 1 :])


def _assess_changes(ops: list[_Op], out: _Assessment) -> None:
    """Reasons and severity for the non-editorial ops."""
    remaining: list[tuple[_Op, list[Word], list[Word]]] = []
    for op in ops:
        splice_ends = sum(w.ends_sentence for w in op.source)
        if op.op == "delete" and splice_ends >= SPLICE_SENTENCES:
            # Whole sentences between two quoted pieces, with no ellipsis: two statements
            # joined as one. Judged as a whole, not word by word.
            out.flag(
                Severity.MAJOR,
                f"passages spliced: {splice_ends} sentences left out without an ellipsis, "
                f"from {_show(op.source, 4)!r}",
            )
            continue
        remaining.append((op, list(op.source), [w for w in op.quote if w.kind == "word"]))

    _find_moves(remaining, out)

    for _op, src, qt in remaining:
        if not src and not qt:
            continue
        critical = False
        neg_s, neg_q = [w for w in src if _is_negation(w)], [w for w in qt if _is_negation(w)]
        if neg_s and not neg_q:
            out.flag(Severity.CRITICAL, f"negation dropped: {_surface(neg_s)}")
            critical = True
        elif neg_q and not neg_s:
            out.flag(Severity.CRITICAL, f"negation added: {_surface(neg_q)}")
            critical = True
        numbers_s, numbers_q = [w for w in src if _is_number(w)], [w for w in qt if _is_number(w)]
        critical |= _compare(out, "number", numbers_s, numbers_q)
        names_s, names_q = [w for w in src if w.name_like], [w for w in qt if w.name_like]
        critical |= _compare(out, "name", names_s, names_q)
        if critical:
            continue
        function_only = all(_is_function(w) for w in (*src, *qt))
        severity = Severity.MINOR if function_only else Severity.MAJOR
        if src and qt:
            out.flag(severity, f"word substituted: {_show(src)} -> {_show(qt)}")
        elif src:
            out.flag(severity, f"{_plural(len(src), 'word', 'words')} dropped: {_show(src)}")
        else:
            out.flag(severity, f"{_plural(len(qt), 'word', 'words')} added: {_show(qt)}")


def _compare(out: _Assessment, what: str, src: list[Word], qt: list[Word]) -> bool:
    """Flag a changed number or name; True when one was flagged."""
    if Counter(map(_key, src)) == Counter(map(_key, qt)):
        return False
    if src and qt:
        out.flag(Severity.CRITICAL, f"{what} changed: {_surface(src)} -> {_surface(qt)}")
    elif src:
        out.flag(Severity.CRITICAL, f"{what} dropped: {_surface(src)}")
    else:
        out.flag(Severity.CRITICAL, f"{what} added: {_surface(qt)}")
    return True


def _find_moves(remaining: list[tuple[_Op, list[Word], list[Word]]], out: _Assessment) -> None:
    """Words deleted in one place and inserted in another: the order changed.

    An LCS diff cannot express a move; it shows a delete and an insert of the same words.
    Those words are reported once as a reordering and taken out of the other checks.
    """
    dropped = Counter(_key(w) for _, src, _ in remaining for w in src)
    added = Counter(_key(w) for _, _, qt in remaining for w in qt)
    moved = dropped & added
    if not moved:
        return
    everything_moved = dropped == added
    moved_words: list[Word] = []
    budget = Counter(moved)
    for _, _, qt in remaining:
        for w in qt:
            if budget[_key(w)] > 0:
                budget[_key(w)] -= 1
                moved_words.append(w)
    # "the" dropped here and added there is not a reordering worth naming on its own.
    if not everything_moved and all(_is_function(w) for w in moved_words):
        return
    # Each side gives up exactly the moved words, wherever they stand.
    source_budget, quote_budget = Counter(moved), Counter(moved)
    for _, src, qt in remaining:
        src[:] = [w for w in src if not _take(source_budget, _key(w))]
        qt[:] = [w for w in qt if not _take(quote_budget, _key(w))]
    # Both sides still have every moved word, so nothing is flipped or changed: a move is
    # major (or minor for function words), never critical by itself.
    severity = Severity.MINOR if all(_is_function(w) for w in moved_words) else Severity.MAJOR
    out.flag(severity, f"order changed: {_show(moved_words)}")


def _take(budget: Counter[str], key: str) -> bool:
    if budget[key] > 0:
        budget[key] -= 1
        return True
    return False


def _trim_edges(ops: list[_Op]) -> list[_Op]:
    """Source words before the quote's first word or after its last are context, not changes.

    Unless the quote has them elsewhere: then they were moved, and the move is the change.
    """
    added = {_key(w) for op in ops for w in op.quote}

    def context(op: _Op) -> bool:
        return op.op == "delete" and not any(_key(w) in added for w in op.source)

    lo, hi = 0, len(ops)
    while lo < hi and context(ops[lo]):
        lo += 1
    while hi > lo and context(ops[hi - 1]):
        hi -= 1
    return ops[lo:hi]


def _ops_within(quote_tokens: list[Word], passage_words: list[Word], start: int, end: int) -> list[_Op]:
    source = [w for w in passage_words if start <= w.start and w.end <= end]
    return _trim_edges(_diff(quote_tokens, source))


def _changed(ops: list[_Op]) -> int:
    return sum(len(op.source) + len(op.quote) for op in ops if op.op != "equal" and not op.editorial)


def judge(
    quote_text: str,
    passage: Passage,
    start: int,
    end: int,
    score: float,
    attributed_speaker: str | None,
) -> Finding:
    """The verdict on a quote aligned to ``passage.text[start:end]`` with ``score``.

    ``quote_id`` is left empty for the caller to fill in.
    """
    if score < MIN_SCORE:
        closest = " ".join(passage.text[start:end].split())
        return Finding(
            "",
            Verdict.NOT_FOUND,
            reasons=(f"closest wording scores {score:.0f} (< {MIN_SCORE:.0f}): {closest[:80]!r}",),
        )
    quote_tokens = words(quote_text)
    # Words of the whole passage, so "sentence-initial" (and with it names) is judged in context.
    passage_words = _content(words(passage.text))
    ops = _ops_within(quote_tokens, passage_words, start, end)
    # A caller's span may be wider than the quote (a whole passage), where the LCS can pick
    # scattered words; re-align inside it and keep whichever reading changes fewer words.
    sub_start, sub_end, _ = best_span(quote_text, passage.text[start:end])
    if sub_end and (sub_start, sub_end) != (0, end - start):
        narrow = _ops_within(quote_tokens, passage_words, start + sub_start, start + sub_end)
        if _changed(narrow) < _changed(ops):
            ops = narrow
    matched = [w for op in ops for w in op.source]
    if matched:
        start, end = matched[0].start, matched[-1].end

    out = _Assessment(reasons=[])
    changes: list[_Op] = []
    final: list[_Op] = []
    for op in ops:
        if op.op == "equal":
            edited = [w for w in op.quote if w.bracketed]
            if edited:  # "[T]he" for "the": same word, the writer's capital
                out.editorial = True
                out.reasons.append(f"bracketed edit: {_surface(edited)}")
            final.append(op)
        elif op.editorial:
            if _check_editorial(op, out):
                out.editorial = True
                final.append(op)
            else:  # flagged already: "ellipsis removes a negation"
                final.append(replace(op, editorial=False))
        else:
            changes.append(op)
            final.append(op)
    _assess_changes(changes, out)

    negation = _negation_just_before(passage.text, start)
    if negation is not None and not _is_negation(quote_tokens[0]) if quote_tokens else False:
        # "I will not raise taxes" quoted as '"raise taxes"': the words are the speaker's,
        # the meaning is the opposite.
        out.flag(Severity.CRITICAL, f"negation just before the quoted words is left out: {negation}")
    if out.divergent:
        verdict = Verdict.DIVERGENT
    elif out.editorial:
        verdict = Verdict.EDITORIAL
    else:
        verdict = Verdict.VERBATIM
    if same_speaker(passage.speaker, attributed_speaker) is False:
        # Found, but said by someone else. If the words differ too, the severity says how much.
        verdict = Verdict.MISATTRIBUTED
        out.reasons.insert(
            0, f"speaker differs: the source has {passage.speaker}, the quote {attributed_speaker}"
        )
    return Finding(
        "",
        verdict,
        severity=out.severity if out.divergent else None,
        match=Match(passage, start, end, score),
        diff=tuple(_public(op) for op in final),
        reasons=tuple(out.reasons),
    )
