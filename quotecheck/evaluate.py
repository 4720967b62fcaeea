"""Score ``extract`` against human-annotated attributions (the PolNeAR JSONL format).

Gold quotes are the double-quoted segments (``quoted_spans``) of the direct and
mixed attributions; a prediction matches a gold quote when their overlap covers
at least half of each. Predictions are the double-quoted segments of quotes we
classify as speech or partial (scare quotes and titles are not predictions,
since nobody is quoted). Speaker accuracy is over matched quotes whose gold
attribution names a speaker:

* a gold pronoun is right only when resolved to the right person, given by a
  referents file (one JSON object a line: doc_id, speaker_start, referent);
* any other gold mention is right when our mention overlaps it or our canonical
  name and the gold mention share the surname.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from quotecheck.cues import CueLexicon
from quotecheck.model import Document, ExtractResult, QuoteKind, Span
from quotecheck.pipeline import extract_documents
from quotecheck.resolve import clean_name

if TYPE_CHECKING:
    from spacy.language import Language

PREDICTED_KINDS = frozenset({QuoteKind.SPEECH, QuoteKind.PARTIAL})


@dataclass(slots=True)
class GoldQuote:
    span: Span  # marks excluded, like our offsets
    speaker: str | None
    speaker_span: Span | None
    speaker_kind: str | None
    referent: str | None  # the person a pronoun speaker refers to, when known


@dataclass(slots=True)
class Scores:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    speaker_total: int = 0
    speaker_correct: int = 0
    by_speaker_kind: Counter = field(default_factory=Counter)
    by_speaker_kind_correct: Counter = field(default_factory=Counter)
    documents: int = 0
    errors: list[dict] = field(default_factory=list)
    # Segmentation-tolerant view: PolNeAR sometimes splits one quotation into one span
    # per sentence; these count gold spans at least half covered by our segments and
    # our segments at least half inside gold spans.
    gold_spans: int = 0
    gold_covered: int = 0
    predicted_segments: int = 0
    predicted_supported: int = 0

    @property
    def coverage_f1(self) -> float:
        recall = self.gold_covered / self.gold_spans if self.gold_spans else 0.0
        precision = self.predicted_supported / self.predicted_segments if self.predicted_segments else 0.0
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        gold = self.true_positives + self.false_negatives
        return self.true_positives / gold if gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def speaker_accuracy(self, kind: str | None = None) -> float:
        if kind is None:
            return self.speaker_correct / self.speaker_total if self.speaker_total else 0.0
        total = self.by_speaker_kind[kind]
        return self.by_speaker_kind_correct[kind] / total if total else 0.0

    def as_dict(self) -> dict:
        kinds = sorted(self.by_speaker_kind)
        return {
            "documents": self.documents,
            "quotes": {
                "precision": round(self.precision, 4),
                "recall": round(self.recall, 4),
                "f1": round(self.f1, 4),
                "true_positives": self.true_positives,
                "false_positives": self.false_positives,
                "false_negatives": self.false_negatives,
            },
            "quotes_segmentation_tolerant": {
                "precision": _ratio(self.predicted_supported, self.predicted_segments),
                "recall": _ratio(self.gold_covered, self.gold_spans),
                "f1": round(self.coverage_f1, 4),
            },
            "speakers": {
                "accuracy": round(self.speaker_accuracy(), 4),
                "scored": self.speaker_total,
                "by_gold_kind": {
                    kind: {
                        "accuracy": round(self.speaker_accuracy(kind), 4),
                        "scored": self.by_speaker_kind[kind],
                    }
                    for kind in kinds
                },
            },
        }


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def load_referents(path: str | Path | None) -> dict[tuple[str, int], str | None]:
    if path is None:
        return {}
    referents: dict[tuple[str, int], str | None] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            referents[(row["doc_id"], row["speaker_start"])] = row["referent"]
    return referents


def gold_quotes(record: dict, referents: dict[tuple[str, int], str | None]) -> list[GoldQuote]:
    quotes: list[GoldQuote] = []
    for attribution in record["quotes"]:
        if attribution["type"] not in ("direct", "mixed"):
            continue
        speaker_span = None
        if attribution.get("speaker_start") is not None:
            speaker_span = (attribution["speaker_start"], attribution["speaker_end"])
        referent = None
        if attribution.get("speaker_kind") == "pronoun" and speaker_span is not None:
            referent = referents.get((record["id"], speaker_span[0]))
        for start, end in attribution["quoted_spans"]:
            quotes.append(
                GoldQuote(
                    (start + 1, end - 1),
                    attribution.get("speaker"),
                    speaker_span,
                    attribution.get("speaker_kind"),
                    referent,
                )
            )
    return quotes


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def spans_match(a: Span, b: Span) -> bool:
    shared = _overlap(a, b)
    return shared * 2 >= a[1] - a[0] and shared * 2 >= b[1] - b[0] and shared > 0


def _surname(name: str) -> str:
    words = re.findall(r"[\w.\-]+", clean_name(name).lower())
    words = [w for w in words if w not in {"jr.", "jr", "sr.", "sr", "ii", "iii"}]
    return words[-1].strip(".") if words else ""


def names_agree(ours: str, theirs: str) -> bool:
    # Annotated mentions carry their appositions and party tags: "Flynn, a top Trump
    # surrogate,", "Rep. Jim Clyburn (D-S.C.)": the name is what comes first.
    theirs = re.split(r"[,(]", theirs, maxsplit=1)[0]
    ours = re.split(r"[,(]", ours, maxsplit=1)[0]
    a, b = clean_name(ours).lower(), clean_name(theirs).lower()
    if not a or not b:
        return False
    words_a, words_b = set(a.split()), set(b.split())
    if words_a <= words_b or words_b <= words_a or _surname(a) == _surname(b):
        return True
    if _surname_spelling_variant(_surname(a), _surname(b)):
        return True  # an article that spells one surname two ways (McClenney, McLenney)
    return _initials(ours) == theirs.strip() or _initials(theirs) == ours.strip()


def _surname_spelling_variant(a: str, b: str) -> bool:
    from rapidfuzz.distance import Levenshtein

    return min(len(a), len(b)) >= 5 and Levenshtein.distance(a, b) <= 1


def _initials(name: str) -> str:
    """International Monetary Fund -> IMF."""
    return "".join(word[0] for word in name.split() if word[:1].isupper())


def score_document(record: dict, result: ExtractResult, referents: dict, scores: Scores) -> None:
    gold = gold_quotes(record, referents)
    text = result.document.text
    predicted = [
        (segment, quote)
        for quote in result.quotes
        if quote.kind in PREDICTED_KINDS and _is_double(text, quote.start)
        for segment in quote.segments
    ]
    matched_gold: set[int] = set()
    for segment, quote in predicted:
        hit = next(
            (i for i, g in enumerate(gold) if i not in matched_gold and spans_match(segment, g.span)),
            None,
        )
        if hit is None:
            scores.false_positives += 1
            continue
        scores.true_positives += 1
        matched_gold.add(hit)
        _score_speaker(record, gold[hit], quote, scores)
    scores.false_negatives += len(gold) - len(matched_gold)
    segments = [segment for segment, _ in predicted]
    scores.gold_spans += len(gold)
    scores.gold_covered += sum(_half_covered(g.span, segments) for g in gold)
    scores.predicted_segments += len(segments)
    scores.predicted_supported += sum(_half_covered(s, [g.span for g in gold]) for s in segments)


def _half_covered(span: Span, others: Sequence[Span]) -> bool:
    merged: list[list[int]] = []
    for start, end in sorted(others):  # a union, so nested quotes are not counted twice
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    covered = sum(_overlap(span, (start, end)) for start, end in merged)
    return span[1] > span[0] and covered * 2 >= span[1] - span[0]


def _is_double(text: str, quote_start: int) -> bool:
    return quote_start > 0 and text[quote_start - 1] in '"“”„«»'


def _score_speaker(record: dict, gold: GoldQuote, quote, scores: Scores) -> None:  # noqa: ANN001
    if gold.speaker is None or gold.speaker_span is None:
        return
    kind = gold.speaker_kind or "other"
    if kind == "pronoun" and gold.referent is None:
        return  # no named person to resolve to (an unnamed "I", a report's "it")
    scores.speaker_total += 1
    scores.by_speaker_kind[kind] += 1
    speaker = quote.speaker
    correct = False
    if speaker is not None:
        if kind == "pronoun":
            correct = names_agree(speaker.name, gold.referent or "")
        else:
            correct = _overlap((speaker.start, speaker.end), gold.speaker_span) > 0 or names_agree(
                speaker.name, gold.speaker
            )
    if correct:
        scores.speaker_correct += 1
        scores.by_speaker_kind_correct[kind] += 1
    else:
        scores.errors.append(
            {
                "doc": record["id"],
                "quote": quote.text[:60],
                "gold": gold.speaker,
                "referent": gold.referent,
                "ours": None
                if speaker is None
                else f"{speaker.name} ({speaker.method.value}: {speaker.mention})",
            }
        )


def evaluate(
    records: Sequence[dict],
    referents: dict[tuple[str, int], str | None],
    nlp: Language | None = None,
    lexicon: CueLexicon | None = None,
) -> Scores:
    scores = Scores()
    documents = (Document(record["id"], record["text"]) for record in records)
    for record, result in zip(records, extract_documents(documents, nlp, lexicon), strict=True):
        scores.documents += 1
        score_document(record, result, referents, scores)
    return scores


def read_jsonl(path: str | Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def iter_errors(scores: Scores) -> Iterable[str]:
    for error in scores.errors:
        yield json.dumps(error, ensure_ascii=False)
