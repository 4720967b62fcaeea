"""Checking an article against a large reference corpus: the index against brute force.

For each corpus size (default 100k and 1M synthetic passages, made by
``bench/index_bench.py``'s generator: a Zipf vocabulary, 300 speakers), in one process:

1. build the index (passages/s);
2. write a 1,000-word article quoting ~16 passages (half verbatim, half with one
   word changed), each quote attributed to the passage's speaker;
3. with the spaCy model loaded (not timed), time ``extract`` + ``check`` of the
   article (median of 3), and the match stage alone;
4. brute force on the same data: ``rapidfuzz.process.extractOne`` with
   ``fuzz.partial_ratio`` over every passage, for every quote at 100k and for
   ``--brute-quotes`` quotes at 1M, extrapolated to the article;
5. agreement: of the quotes whose brute-force best passage scores >= 80, the share
   for which the check's match is that same passage.

The article is checked in a fresh process (model load not timed), whose peak memory
(VmHWM) is the footprint of quotecheck itself: this script's generator and the
passage texts it holds for brute force are not counted.

    python bench/scale.py                      # 100k and 1M (about 5 minutes)
    python bench/scale.py --sizes 100000 --json
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from index_bench import generate, list_tsv, make_vocabulary, peak_rss_mb, read_tsv  # noqa: E402

from quotecheck.check import check_results  # noqa: E402
from quotecheck.index import ReferenceIndex, build_index  # noqa: E402
from quotecheck.model import Document, Verdict  # noqa: E402
from quotecheck.pipeline import extract_documents  # noqa: E402

ARTICLE_WORDS = 1000
QUOTES_PER_ARTICLE = 16


def make_article(
    passages: list, vocabulary: list[str], rng: random.Random
) -> tuple[str, list[tuple[str, int]]]:
    """A ~1,000-word article and its quotes as (text, index of the source passage)."""
    chosen = rng.sample(range(len(passages)), QUOTES_PER_ARTICLE * 3)
    quotes: list[tuple[str, int]] = []
    paragraphs: list[str] = []
    for index in chosen:
        words = passages[index].text.replace(",", "").split()
        if len(words) < 14:
            continue
        size = rng.randint(10, min(25, len(words) - 2))
        start = rng.randint(0, len(words) - size)
        window = [w.rstrip(".") for w in words[start : start + size]]
        if len(quotes) % 2:  # every other quote has one word changed
            i = rng.randrange(1, size - 1)
            window[i] = rng.choice(vocabulary)
        text = " ".join(window)
        text = text[0].upper() + text[1:]
        quotes.append((text, index))
        narrative = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(25, 40)))
        speaker = passages[index].speaker
        paragraphs.append(f'{narrative.capitalize()}.\n\n"{text}," {speaker} said on Tuesday.')
        if len(quotes) == QUOTES_PER_ARTICLE:
            break
    article = "\n\n".join(paragraphs)
    while len(article.split()) < ARTICLE_WORDS:
        filler = " ".join(rng.choice(vocabulary) for _ in range(30))
        article += f"\n\n{filler.capitalize()}."
    return article, quotes


def run_size(size: int, args: argparse.Namespace, workdir: Path) -> dict:
    from rapidfuzz import fuzz, process

    data, db = workdir / f"refs_{size}", workdir / f"index_{size}.db"
    started = time.perf_counter()
    generate(data, size, args.vocab, args.seed)
    generated = time.perf_counter() - started
    report = build_index([data], db, reader=read_tsv, list_files=list_tsv)
    build_rate = report.passages / report.seconds

    passages = [p for path in list_tsv([data]) for p in read_tsv(path)]
    rng = random.Random(args.seed)
    vocabulary = make_vocabulary(args.vocab, rng)
    article, quotes = make_article(passages, vocabulary, rng)
    truth = {text: passages[index] for text, index in quotes}

    article_path = workdir / f"article_{size}.txt"
    article_path.write_text(article, encoding="utf-8")
    del passages
    # quotecheck's own run in a fresh process, so its peak memory is its own, not the
    # generator's or the million passages this script holds for brute force.
    checked_run = json.loads(
        subprocess.run(
            [sys.executable, __file__, "--phase-check", str(article_path), str(db)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    findings = checked_run["findings"]
    checked = [text for text in truth if text in findings]
    passages = [p for path in list_tsv([data]) for p in read_tsv(path)]
    texts = [p.text for p in passages]
    del passages
    brute_quotes = checked if size <= 200_000 else checked[: args.brute_quotes]
    agree = considered = 0
    started = time.perf_counter()
    for text in brute_quotes:
        best_text, score, _ = process.extractOne(text, texts, scorer=fuzz.partial_ratio)
        if score < 80:
            continue
        considered += 1
        agree += findings[text]["passage"] == best_text
    brute_per_quote = (time.perf_counter() - started) / max(1, len(brute_quotes))
    brute_article = brute_per_quote * len(checked)
    verdicts = [findings[text]["verdict"] for text in checked]
    match_median = checked_run["match_stage_s_median"]
    return {
        "passages": size,
        "generate_s": round(generated, 1),
        "build_s": round(report.seconds, 1),
        "build_passages_per_s": round(build_rate),
        "article_words": len(article.split()),
        "quotes_checked": len(checked),
        "article_s_median": checked_run["article_s_median"],
        "match_stage_s_median": round(match_median, 3),
        "brute_force_s_per_quote": round(brute_per_quote, 2),
        "brute_force_quotes_timed": len(brute_quotes),
        "brute_force_article_s": round(brute_article, 1),
        "speedup_match_stage": round(brute_article / match_median, 1),
        "agreement_with_brute_force": round(agree / considered, 4) if considered else None,
        "agreement_counts": [agree, considered],
        "verdicts": {v.value: verdicts.count(v.value) for v in Verdict if v.value in verdicts},
        "peak_rss_mb_quotecheck": checked_run["peak_rss_mb"],
    }


def phase_check(article_path: Path, db: Path) -> None:
    """Model loaded (not timed), then extract + check the article 3 times; JSON on stdout."""
    from quotecheck.nlp import load_pipeline

    nlp = load_pipeline()
    document = Document(str(article_path), article_path.read_text(encoding="utf-8"))
    runs, match_runs = [], []
    with ReferenceIndex.open(db) as index:
        for _ in range(3):
            started = time.perf_counter()
            (extracted,) = extract_documents([document], nlp)
            parsed = time.perf_counter()
            (result,) = check_results([extracted], index)
            done = time.perf_counter()
            runs.append(done - started)
            match_runs.append(done - parsed)
    findings = {}
    for quote in result.extracted.quotes:
        finding = result.findings.get(quote.id)
        if finding is not None:
            findings[quote.text.rstrip(",.")] = {
                "verdict": finding.verdict.value,
                "passage": finding.match.passage.text if finding.match else None,
            }
    print(
        json.dumps(
            {
                "article_s_median": round(statistics.median(runs), 3),
                "match_stage_s_median": round(statistics.median(match_runs), 3),
                "findings": findings,
                "peak_rss_mb": round(peak_rss_mb()),
            }
        )
    )


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--phase-check":
        phase_check(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--vocab", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--brute-quotes", type=int, default=3, help="quotes timed by brute force at 1M")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="quotecheck-scale-"))
    rows = []
    try:
        for size in args.sizes:
            rows.append(run_size(size, args, workdir))
            shutil.rmtree(workdir / f"refs_{size}", ignore_errors=True)
            (workdir / f"index_{size}.db").unlink(missing_ok=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    from tabulate import tabulate

    keys = [k for k in rows[0] if k not in ("verdicts", "agreement_counts")]
    print(
        tabulate(
            [[k, *(row[k] for row in rows)] for k in keys], headers=["", *(str(r["passages"]) for r in rows)]
        )
    )
    for row in rows:
        print(row["passages"], "verdicts:", row["verdicts"], "agreement:", row["agreement_counts"])


if __name__ == "__main__":
    main()
