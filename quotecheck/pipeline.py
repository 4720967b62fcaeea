"""The public pipeline: read -> detect -> attribute -> (match) -> report.

``extract`` is what the CLI and Python callers use; each stage is a module of its
own and this file only wires them together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from quotecheck.attribute import Attribution, Attributor, classify_kind, share_coordinated
from quotecheck.cues import CueLexicon
from quotecheck.detect import merge_interrupted, scan_quotes, split_paragraphs, split_transcript_turns
from quotecheck.model import Anomaly, Document, ExtractResult, Quote, QuoteKind, QuoteSpan, Speaker
from quotecheck.read import read_document
from quotecheck.resolve import SpeakerResolver, repair_person_entities

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Documents fed to spaCy at once; larger batches cost memory, not speed.
BATCH_SIZE = 16


def find_quote_spans(text: str, lexicon: CueLexicon) -> tuple[list[QuoteSpan], list[Anomaly]]:
    """Language-model-free stage: quotation marks paired and interrupted quotes joined."""
    spans, anomalies = scan_quotes(text)
    merged = merge_interrupted(text, spans, lexicon.is_attribution_gap)
    return split_transcript_turns(text, merged), anomalies


def analyse(
    document: Document,
    doc: Doc,
    lexicon: CueLexicon,
    found: tuple[list[QuoteSpan], list[Anomaly]] | None = None,
) -> ExtractResult:
    """Quotes of one article, given its parsed spaCy ``Doc`` (and its quote spans, if known)."""
    text = document.text
    spans, anomalies = found if found is not None else find_quote_spans(text, lexicon)
    paragraphs = split_paragraphs(text)
    repair_person_entities(doc)
    attributor = Attributor(doc, spans, paragraphs, lexicon)
    attributions = attributor.attribute_all()
    kinds = [
        classify_kind(
            text, span, attribution, attributor.paragraph_of(span.start), _names_a_person(doc, attribution)
        )
        for span, attribution in zip(spans, attributions, strict=True)
    ]
    kinds, attributions = share_coordinated(text, spans, kinds, attributions)
    speakers = SpeakerResolver(doc, attributor.quoted).resolve_all(attributions)
    quotes = [
        _make_quote(document, number, span, kind, attribution, speaker)
        for number, (span, kind, attribution, speaker) in enumerate(
            zip(spans, kinds, attributions, speakers, strict=True), start=1
        )
    ]
    return ExtractResult(document, quotes, anomalies)


_PERSONAL_PRONOUNS = frozenset({"he", "she", "i", "we", "they"})


def _names_a_person(doc: Doc, attribution: Attribution) -> bool:
    if attribution.mention is None:
        return False
    head = doc[attribution.mention.head]
    return head.ent_type_ == "PERSON" or head.lower_ in _PERSONAL_PRONOUNS


def _make_quote(
    document: Document,
    number: int,
    span: QuoteSpan,
    kind: QuoteKind,
    attribution: Attribution,
    speaker: Speaker | None,
) -> Quote:
    text = document.text
    line, column = document.line_column(span.start)
    quoted = " ".join(text[start:end] for start, end in span.segments)
    if kind in (QuoteKind.SCARE, QuoteKind.TITLE):
        # Nobody is quoted: a cue nearby belongs to the writer's sentence, not to these words.
        attribution, speaker = Attribution(None, None), None
    return Quote(
        id=f"q{number}",
        kind=kind,
        segments=span.segments,
        text=quoted,
        line=line,
        column=column,
        cue=attribution.cue,
        speaker=speaker,
        nested=span.nested,
    )


def extract_documents(
    documents: Iterable[Document],
    nlp: Language | None = None,
    lexicon: CueLexicon | None = None,
    n_process: int = 1,
    progress: Callable[[Document], None] | None = None,
) -> Iterator[ExtractResult]:
    """Quotes of many decoded articles, parsed in batches with ``nlp.pipe``.

    ``n_process`` > 1 parses in that many processes (spaCy's own multiprocessing);
    ``progress(document)`` is called as each article is done.
    """
    from quotecheck.nlp import load_pipeline

    lexicon = lexicon or CueLexicon()
    scanned = [(document, find_quote_spans(document.text, lexicon)) for document in documents]
    # An article without quotation marks has nothing to attribute: spaCy never sees it.
    to_parse = [document.text for document, (spans, _) in scanned if spans]
    docs: Iterator[Doc] = iter(())
    if to_parse:
        nlp = nlp or load_pipeline()
        docs = iter(nlp.pipe(to_parse, batch_size=BATCH_SIZE, n_process=max(1, n_process)))
    for document, found in scanned:
        if found[0]:
            result = analyse(document, next(docs), lexicon, found)
        else:
            result = ExtractResult(document, [], found[1])
        if progress is not None:
            progress(document)
        yield result


def extract(
    sources: str | Sequence[str],
    nlp: Language | None = None,
    lexicon: CueLexicon | None = None,
) -> list[ExtractResult]:
    """Quotes and speakers of article files: ``extract("article.txt")``."""
    paths = [sources] if isinstance(sources, str) else list(sources)
    return list(extract_documents((read_document(path) for path in paths), nlp, lexicon))


def extract_text(text: str, nlp: Language | None = None, lexicon: CueLexicon | None = None) -> ExtractResult:
    """Quotes and speakers of a string, for notebooks and tests."""
    return next(extract_documents([Document("<text>", text)], nlp, lexicon))
