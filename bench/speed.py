"""Speed of quote extraction against the spaCy pipeline alone, on the same texts.

Measured, in words per second (words = ``len(text.split())`` summed over the texts):

(a) extraction: ``list(extract_documents(docs, nlp))``, i.e. spaCy parsing plus quote
    detection, attribution and speaker resolution;
(b) pipeline:   ``list(nlp.pipe(texts, batch_size=16))`` with the same ``nlp`` object,
    the pipeline exactly as ``quotecheck.nlp.load_pipeline()`` loads it.

The pipeline is loaded once (not timed), each of (a) and (b) gets one untimed warm-up
pass, then ``--runs`` timed runs each do (a) and (b) once, the order swapping every run
(a b, b a, a b, ...) so neither side always runs on a warmer or cooler machine.
Reported: per-run and median words/s, the ratio of the medians (extraction / pipeline,
so 1.0 would mean extraction costs nothing beyond parsing) and the process's peak RSS.

Texts come from ``--data`` (JSONL, a "text" field per line; default
``../shared/eval/polnear_dev.jsonl`` relative to the repository root) or, when that
file is absent, from the ``.txt`` files under ``fixtures/``, repeated until there are
at least 20,000 words.

Run from the repository root:

    python bench/speed.py --runs 5
    python bench/speed.py --runs 5 --json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tabulate import tabulate

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.language import Language

    from quotecheck.model import Document

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "polnear_dev.jsonl"
FIXTURES = ROOT / "fixtures"
MIN_FIXTURE_WORDS = 20_000
PIPE_BATCH_SIZE = 16

# The package is used from the checkout, installed or not.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Corpus:
    source: str
    texts: list[str]

    @property
    def words(self) -> int:
        return sum(len(text.split()) for text in self.texts)


def load_jsonl(path: Path) -> list[str]:
    texts = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


def load_fixtures(directory: Path, min_words: int) -> list[str]:
    originals = [path.read_text(encoding="utf-8") for path in sorted(directory.rglob("*.txt"))]
    originals = [text for text in originals if text.split()]
    if not originals:
        raise SystemExit(f"no data: no non-empty .txt files under {directory}")
    texts: list[str] = []
    words = 0
    while words < min_words:
        for text in originals:
            texts.append(text)
            words += len(text.split())
    return texts


def load_corpus(data: Path) -> Corpus:
    if data.is_file():
        return Corpus(str(data), load_jsonl(data))
    print(f"note: {data} not found; using fixtures/*.txt repeated", file=sys.stderr)
    return Corpus(f"{FIXTURES}/*.txt (repeated)", load_fixtures(FIXTURES, MIN_FIXTURE_WORDS))


def time_call(function: Callable[[], int]) -> tuple[float, int]:
    """Seconds taken by ``function()`` and what it returned (a count, to keep results alive)."""
    start = time.perf_counter()
    count = function()
    return time.perf_counter() - start, count


def peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def load_average() -> list[float] | None:
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return None


def run(corpus: Corpus, runs: int) -> dict[str, Any]:
    import spacy

    from quotecheck import pipeline as quote_pipeline
    from quotecheck.model import Document
    from quotecheck.nlp import load_pipeline

    if quote_pipeline.BATCH_SIZE != PIPE_BATCH_SIZE:
        print(
            f"warning: extract_documents batches {quote_pipeline.BATCH_SIZE} texts, "
            f"the pipeline-only side {PIPE_BATCH_SIZE}",
            file=sys.stderr,
        )

    texts = corpus.texts
    docs: list[Document] = [Document(f"doc{number}", text) for number, text in enumerate(texts)]

    load_start = time.perf_counter()
    nlp: Language = load_pipeline()
    load_seconds = time.perf_counter() - load_start

    def extraction() -> int:
        return sum(len(result.quotes) for result in list(quote_pipeline.extract_documents(docs, nlp)))

    def pipeline_only() -> int:
        return len(list(nlp.pipe(texts, batch_size=PIPE_BATCH_SIZE)))

    sides: dict[str, Callable[[], int]] = {"extraction": extraction, "pipeline": pipeline_only}
    load_before = load_average()
    warmup = {name: time_call(function)[0] for name, function in sides.items()}

    seconds: dict[str, list[float]] = {name: [] for name in sides}
    counts: dict[str, int] = {}
    for number in range(runs):
        order = ["extraction", "pipeline"] if number % 2 == 0 else ["pipeline", "extraction"]
        for name in order:
            elapsed, counts[name] = time_call(sides[name])
            seconds[name].append(elapsed)

    words = corpus.words
    wps = {name: [words / elapsed for elapsed in values] for name, values in seconds.items()}
    medians = {name: statistics.median(values) for name, values in wps.items()}

    return {
        "data": corpus.source,
        "documents": len(texts),
        "words": words,
        "runs": runs,
        "model": f"{nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}",
        "pipe_names": list(nlp.pipe_names),
        "spacy": spacy.__version__,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_seconds": round(load_seconds, 3),
        "warmup_seconds": {name: round(value, 3) for name, value in warmup.items()},
        "seconds": {name: [round(value, 3) for value in values] for name, values in seconds.items()},
        "words_per_second": {name: [round(value, 1) for value in values] for name, values in wps.items()},
        "median_words_per_second": {name: round(value, 1) for name, value in medians.items()},
        "ratio_extraction_to_pipeline": round(medians["extraction"] / medians["pipeline"], 3),
        "quotes_found": counts.get("extraction"),
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "peak_rss_mib": round(peak_rss_mib(), 1),
    }


def render_table(report: dict[str, Any]) -> str:
    rows = []
    for name, label in (("extraction", "extract_documents"), ("pipeline", "nlp.pipe only")):
        rows.append(
            [
                label,
                report["median_words_per_second"][name],
                statistics.median(report["seconds"][name]),
                ", ".join(f"{value:.0f}" for value in report["words_per_second"][name]),
            ]
        )
    table = tabulate(
        rows,
        headers=["side", "median words/s", "median s", "words/s per run"],
        floatfmt=".1f",
    )
    lines = [
        f"data: {report['data']} ({report['documents']} docs, {report['words']} words), "
        f"{report['runs']} runs",
        f"model: {report['model']}, pipes: {', '.join(report['pipe_names'])}",
        "",
        table,
        "",
        f"ratio extraction / pipeline (median words/s): {report['ratio_extraction_to_pipeline']:.3f}",
        f"quotes found per extraction run: {report['quotes_found']}",
        f"peak RSS: {report['peak_rss_mib']:.1f} MiB",
        f"load average before / after: {report['load_average_before']} / {report['load_average_after']}"
        f" on {report['cpus']} CPUs",
    ]
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help="JSONL file with a 'text' field per line (default: %(default)s; "
        "falls back to fixtures/*.txt when absent)",
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each side (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON instead of a table")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    report = run(load_corpus(args.data), args.runs)
    print(json.dumps(report, indent=2) if args.json else render_table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
