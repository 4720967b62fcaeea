"""A labelled misquote benchmark built from real quotes, and per-verdict precision/recall.

Real direct quotes (PolNeAR dev, attributed to a named speaker) are put into a
reference corpus as transcript passages of their speaker, between sentences of
other articles, and buried among filler passages of other speakers. Each quote is
then checked as a reporter might have printed it:

* ``verbatim``  - as said; or with other quote marks / apostrophes (mark style);
* ``editorial`` - an ellipsis for 2-6 left-out words (none a negation or qualifier),
  or a [bracketed] word replacing a pronoun;
* ``divergent`` - a content word substituted, a negation flipped, a number changed,
  a content word dropped without an ellipsis;
* ``not_found`` - the quote's passage is left out of the corpus;
* ``misattributed`` - the passage is filed under another speaker.

Run from the repository root (needs ``../shared/eval``; nothing is written):

    python bench/misquote.py
    python bench/misquote.py --quotes 400 --filler 20000 --json
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quotecheck.check import check_quote  # noqa: E402
from quotecheck.index import ReferenceIndex  # noqa: E402
from quotecheck.model import Passage, Quote, QuoteKind, Speaker, SpeakerMethod, Verdict  # noqa: E402

NEGATIONS = {"not", "never", "no", "nobody", "nothing", "neither", "nor", "cannot"}
QUALIFIERS = {"only", "almost", "nearly", "probably", "possibly", "perhaps", "maybe", "some", "if", "unless"}
AUXILIARIES = {"is", "are", "was", "were", "will", "would", "can", "could", "should", "do", "does", "did"}
PRONOUNS = {"he": "[the senator]", "she": "[the candidate]", "they": "[the voters]", "it": "[the plan]"}
FUNCTION_WORDS = {
    "the", "a", "an", "of", "to", "and", "or", "in", "on", "at", "for", "with", "by", "from",
    "that", "this", "is", "are", "was", "were", "be", "been", "i", "we", "you", "he", "she",
    "they", "it", "my", "our", "your", "his", "her", "their", "its", "as", "but", "so", "have",
    "has", "had", "do", "does", "did", "will", "would", "can", "could", "should", "there",
}  # fmt: skip
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
SENTENCE = re.compile(r"[^.!?\n]{30,300}[.!?]")


@dataclass(slots=True)
class Case:
    label: str  # expected verdict
    edit: str  # what was done
    quote: str
    speaker: str


def real_quotes(path: Path, limit: int, rng: random.Random) -> list[tuple[str, str]]:
    """(quote text, speaker name) of direct quotes with a named speaker, 8-60 words."""
    found: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text = record["text"]
        for attribution in record["quotes"]:
            if attribution["type"] != "direct" or attribution.get("speaker_kind") != "name_or_titled":
                continue
            for start, end in attribution["quoted_spans"]:
                quote = text[start + 1 : end - 1].strip().rstrip(",")
                if 8 <= len(quote.split()) <= 60 and '"' not in quote and "“" not in quote:
                    found.append((quote, attribution["speaker"]))
    rng.shuffle(found)
    unique = list(dict(found).items())  # one case per distinct quote
    return unique[:limit]


def filler_sentences(path: Path, limit: int) -> list[str]:
    sentences: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        for match in SENTENCE.finditer(text):
            sentence = match.group(0).strip()
            if '"' not in sentence and "“" not in sentence and "”" not in sentence:
                sentences.append(sentence)
        if len(sentences) >= limit:
            break
    return sentences


def edits(quote: str, rng: random.Random, vocabulary: list[str]) -> list[tuple[str, str, str]]:
    """(expected verdict, edit name, edited quote) for one real quote."""
    words = quote.split()
    lowered = [w.lower().strip(".,;:!?") for w in words]
    out = [("verbatim", "as said", quote)]
    if "'" in quote or "’" in quote:
        swapped = quote.replace("’", "'") if "’" in quote else quote.replace("'", "’")
        out.append(("verbatim", "apostrophe style", swapped))
    # An ellipsis for 2-6 words from the middle, none of them a negation or qualifier.
    for _ in range(10):
        if len(words) < 10:
            break
        size = rng.randint(2, min(6, len(words) - 6))
        start = rng.randint(2, len(words) - size - 2)
        dropped = set(lowered[start : start + size])
        if dropped & (NEGATIONS | QUALIFIERS) or any("n't" in w or "n’t" in w for w in dropped):
            continue
        out.append(("editorial", "ellipsis", " ".join([*words[:start], "…", *words[start + size :]])))
        break
    pronoun = next((i for i, w in enumerate(lowered) if w in PRONOUNS and i > 0), None)
    if pronoun is not None:
        edited = [*words[:pronoun], PRONOUNS[lowered[pronoun]], *words[pronoun + 1 :]]
        out.append(("editorial", "bracket", " ".join(edited)))
    # Interior words only: a quote that starts or ends a word later is a shorter quote,
    # not a misquote.
    content = [
        i
        for i, w in enumerate(lowered)
        if 0 < i < len(words) - 1 and len(w) >= 5 and w.isalpha() and w not in FUNCTION_WORDS
    ]
    if content:
        i = rng.choice(content)
        replacement = rng.choice([v for v in vocabulary if v.lower() != lowered[i]])
        out.append(("divergent", "word substituted", " ".join([*words[:i], replacement, *words[i + 1 :]])))
        j = rng.choice(content)
        out.append(("divergent", "word dropped", " ".join([*words[:j], *words[j + 1 :]])))
    negation = next((i for i, w in enumerate(lowered) if w in NEGATIONS and i < len(words) - 1), None)
    if negation is not None:
        out.append(("divergent", "negation dropped", " ".join([*words[:negation], *words[negation + 1 :]])))
    else:
        aux = next((i for i, w in enumerate(lowered) if w in AUXILIARIES), None)
        if aux is not None:
            edited = [*words[: aux + 1], "not", *words[aux + 1 :]]
            out.append(("divergent", "negation added", " ".join(edited)))
    number = next((i for i, w in enumerate(words) if re.fullmatch(r"\$?\d[\d,.]*%?", w.strip(".,;:"))), None)
    if number is not None:
        digits = re.sub(r"\d+", lambda m: str(int(m.group(0)) + 7), words[number], count=1)
        out.append(("divergent", "number changed", " ".join([*words[:number], digits, *words[number + 1 :]])))
    return out


def build(args: argparse.Namespace) -> tuple[list[Passage], list[Case]]:
    rng = random.Random(args.seed)
    quotes = real_quotes(args.data, args.quotes, rng)
    filler = filler_sentences(args.filler_data, args.filler * 3 + 2 * len(quotes))
    rng.shuffle(filler)
    speakers = sorted({speaker for _, speaker in quotes})
    vocabulary = sorted({w for q, _ in quotes for w in WORD.findall(q) if len(w) >= 5})
    passages: list[Passage] = []
    cases: list[Case] = []
    cursor = 0

    def take(n: int) -> list[str]:
        nonlocal cursor
        chunk = filler[cursor : cursor + n]
        cursor += n
        return chunk

    for number, (quote, speaker) in enumerate(quotes):
        group = number % 5  # 3 in 5 quotes get every edit; 1 in 5 is removed; 1 in 5 misfiled
        before, after = take(1), take(1)
        passage_text = " ".join([*before, quote.rstrip(".") + ".", *after])
        if group == 3:
            cases.append(Case("not_found", "source left out", quote, speaker))
            continue
        filed_under = speaker
        if group == 4:
            filed_under = rng.choice([s for s in speakers if s.split()[-1] != speaker.split()[-1]])
            cases.append(Case("misattributed", "source under another speaker", quote, speaker))
        else:
            cases.extend(
                Case(label, edit, text, speaker) for label, edit, text in edits(quote, rng, vocabulary)
            )
        passages.append(Passage(f"transcripts/{number:04d}.txt", passage_text, filed_under, position=0))
    for number in range(args.filler):
        passages.append(
            Passage(f"filler/{number:05d}.txt", " ".join(take(3)), rng.choice(speakers), position=number)
        )
    rng.shuffle(passages)
    return passages, cases


def quote_object(case: Case, number: int) -> Quote:
    speaker = Speaker(case.speaker, case.speaker, 0, 0, SpeakerMethod.NAMED, True)
    return Quote(f"q{number}", QuoteKind.SPEECH, ((0, len(case.quote)),), case.quote, 1, 1, None, speaker)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/eval/polnear_dev.jsonl")
    parser.add_argument("--filler-data", type=Path, default=ROOT.parent / "shared/eval/polnear_train.jsonl")
    parser.add_argument("--quotes", type=int, default=400)
    parser.add_argument("--filler", type=int, default=20000, help="filler passages of other speakers")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--errors", action="store_true", help="print every wrong verdict")
    args = parser.parse_args()
    if not args.data.exists() or not args.filler_data.exists():
        sys.exit(f"misquote: needs {args.data} and {args.filler_data} (the shared eval data)")

    passages, cases = build(args)
    started = time.perf_counter()
    with ReferenceIndex.in_memory(passages) as index:
        built = time.perf_counter() - started
        started = time.perf_counter()
        verdicts = [check_quote(quote_object(case, i), index) for i, case in enumerate(cases)]
        seconds = time.perf_counter() - started

    confusion: Counter[tuple[str, str]] = Counter()
    by_edit: Counter[tuple[str, bool]] = Counter()
    for case, finding in zip(cases, verdicts, strict=True):
        got = finding.verdict.value
        confusion[(case.label, got)] += 1
        ok = got == case.label or (
            case.label in ("verbatim", "editorial") and got in ("verbatim", "editorial")
        )
        by_edit[(case.edit, ok)] += 1
        if args.errors and got != case.label:
            print(f"{case.label:>13} -> {got:<13} [{case.edit}] {case.quote[:90]}")
    labels = [v.value for v in Verdict]
    rows = []
    for label in labels:
        gold = sum(n for (g, _), n in confusion.items() if g == label)
        predicted = sum(n for (_, p), n in confusion.items() if p == label)
        right = confusion[(label, label)]
        rows.append(
            {
                "verdict": label,
                "cases": gold,
                "precision": round(right / predicted, 4) if predicted else None,
                "recall": round(right / gold, 4) if gold else None,
            }
        )
    faithful = [c for c in cases if c.label in ("verbatim", "editorial")]
    false_alarms = sum(
        confusion[(g, p)]
        for g in ("verbatim", "editorial")
        for p in labels
        if p not in ("verbatim", "editorial")
    )
    summary = {
        "quotes": args.quotes,
        "cases": len(cases),
        "passages": len(passages),
        "index_build_s": round(built, 2),
        "check_ms_per_quote": round(1000 * seconds / len(cases), 2),
        "per_verdict": rows,
        "divergent_recall": next(r["recall"] for r in rows if r["verdict"] == "divergent"),
        "false_alarm_rate": round(false_alarms / len(faithful), 4),
        "by_edit": {
            edit: round(by_edit[(edit, True)] / (by_edit[(edit, True)] + by_edit[(edit, False)]), 4)
            for edit in sorted({e for e, _ in by_edit})
        },
        "confusion": {f"{g} -> {p}": n for (g, p), n in sorted(confusion.items())},
    }
    if args.json:
        print(json.dumps(summary, indent=2))
        return
    from tabulate import tabulate

    print(f"{len(cases)} cases from {args.quotes} real quotes; {len(passages)} passages in the corpus")
    print(tabulate(rows, headers="keys"))
    print(
        f"divergent recall {summary['divergent_recall']}, false alarms on verbatim+editorial "
        f"{summary['false_alarm_rate']}"
    )
    print("right by edit:", json.dumps(summary["by_edit"], indent=1))
    print(f"{summary['check_ms_per_quote']} ms per quote; index built in {summary['index_build_s']} s")


if __name__ == "__main__":
    main()
