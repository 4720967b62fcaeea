"""Build speed, size, query latency and recall of the reference index on synthetic passages.

Passages are made of words drawn with Zipf-like frequencies from a vocabulary of
``--vocab`` words (a few hundred real English words at the top ranks, pronounceable
made-up words below them), split into sentences, 8 to 150 words each (mean about 45),
said by one of 300 speakers, 1,000 passages to a reference file (``SPEAKER<TAB>text`` lines).
A small vocabulary is the hard case for retrieval: every word is common, so even the
"rarest" words of a quote have long posting lists (real text has names, numbers and rare
words that make quotes far easier to find).

Measured per size, each phase in a fresh subprocess so peak RSS is the phase's own:

* build: ``build_index`` from scratch (passages/s, seconds, db size, peak RSS);
* no-op rebuild: everything unchanged (every file hashed, the db left alone);
* one file added, then removed: a small update (the db copied, updated, replaced);
* query: open, first-query cost (loading term frequencies), then ``candidates()`` for
  quotes cut from random passages (10-30 words): verbatim, one or two words replaced, a
  word dropped and two swapped, all shuffled, with the right or another speaker given, and random words
  found nowhere: latency (median / p95 / max) and recall of the source passage at rank 1
  and within the ``limit`` (20) results.

Run from the repository root:

    python bench/index_bench.py --sizes 100000 1000000
    python bench/index_bench.py --sizes 100000 --keep --workdir /tmp/qc-index-bench
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from quotecheck.index import STOPWORDS, ReferenceIndex, build_index  # noqa: E402
from quotecheck.model import Passage  # noqa: E402

PER_FILE = 1000
COMMON = """
the of and to a in that is was he for it with as his on be at by i this had not are but from
or have an they which one you were her all she there would their we him been has when who will
more no if out so said what up its about into than them can only other new some could time these
two may then do first any my now such like our over man me even most made after also did many
before must through back years where much your way well down should because each just those people
how too little state good very make world still own see men work long get here between both life
being under never day same another know while last might us great old year off come since against
go came right used take three states himself few house use during without again place american
around however home small found thought went say part once general high upon school every
government don does got united left number course war until always away something fact water
though less public put think almost hand enough far took head yet system better set told nothing
night end why called didn eyes find going look asked later knew point next program city business
give group toward young days let room president side social given present several order national
possible rather second face per among form important often things looked early white case john
become large big need four within felt along children saw best church ever least power development
light thing seemed family interest want members mind country area others done turned although open
god service problem certain kind different thus began door help sense means whole matter perhaps
itself york times law human line above name example action company hands local show whether five
history gave today either act feet across taken past quite anything seen having death week field
economy election campaign vote voters policy budget tax taxes jobs workers health care border
security police court judge congress senate minister party leader support reform crisis billion
million percent market price trade deal talks military army peace rights women freedom justice
""".split()
SYLLABLES = [
    c + v
    for c in ["b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "br", "st", "tr", "pl", "gr"]
    for v in ["a", "e", "i", "o", "u", "ar", "en", "or", "al", "in"]
]


def make_vocabulary(size: int, rng: random.Random) -> list[str]:
    words = list(dict.fromkeys(COMMON))
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice([2, 2, 3, 3, 4])))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words[:size]


def make_speakers(rng: random.Random, n: int = 300) -> list[str]:
    first = ["Ana", "Luis", "Maria", "John", "Sarah", "David", "Amina", "Chen", "Olga", "Pedro", "Grace"]
    names: set[str] = set()
    while len(names) < n:
        surname = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
        names.add(f"{rng.choice(first)} {surname}")
    return sorted(names)


def generate(directory: Path, n_passages: int, vocab_size: int, seed: int) -> None:
    import numpy as np

    rng = random.Random(seed)
    vocab = np.array(make_vocabulary(vocab_size, rng), dtype=object)
    speakers = make_speakers(rng)
    ranks = np.arange(1, vocab_size + 1)
    weights = 1.0 / (ranks + 2.7) ** 1.07  # Zipf-Mandelbrot, roughly English
    weights /= weights.sum()
    np_rng = np.random.default_rng(seed)
    lengths = np.clip(np_rng.lognormal(3.6, 0.6, n_passages).astype(int), 8, 150)
    words = vocab[np_rng.choice(vocab_size, size=int(lengths.sum()), p=weights)]
    directory.mkdir(parents=True, exist_ok=True)
    at = 0
    for file_no in range(0, n_passages, PER_FILE):
        lines = []
        for length in lengths[file_no : file_no + PER_FILE]:
            chunk = list(words[at : at + length])
            at += length
            # Sentences of 6-20 words: capital letter, full stop, the odd comma.
            i = 0
            while i < len(chunk):
                chunk[i] = chunk[i].capitalize()
                i += rng.randint(6, 20)
                chunk[min(i, len(chunk)) - 1] += "."
            if len(chunk) > 8:
                chunk[4] += ","
            lines.append(f"{rng.choice(speakers)}\t{' '.join(chunk)}\n")
        (directory / f"ref_{file_no // PER_FILE:05d}.txt").write_text("".join(lines), encoding="utf-8")


def read_tsv(path: Path) -> list[Passage]:
    passages = []
    offset = 0
    with open(path, encoding="utf-8") as handle:
        for i, row in enumerate(handle):
            speaker, text = row.rstrip("\n").split("\t", 1)
            passages.append(
                Passage(str(path), text, speaker, line=i + 1, offset=offset + len(speaker) + 1, position=i)
            )
            offset += len(row)
    return passages


def list_tsv(paths: list[Path]) -> list[Path]:
    return sorted(file for p in paths for file in p.glob("*.txt"))


def peak_rss_mb() -> float:
    # VmHWM, not getrusage: Linux carries ru_maxrss over from the parent across exec,
    # so a phase would report the generator's memory.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_build(data: Path, db: Path) -> dict:
    report = build_index([data], db, reader=read_tsv, list_files=list_tsv)
    return {
        "passages": report.passages,
        "files_indexed": report.files_indexed,
        "files_skipped": report.files_skipped,
        "seconds": round(report.seconds, 2),
        "passages_per_second": round(report.passages_indexed / report.seconds) if report.seconds else None,
        "db_mb": round(db.stat().st_size / 2**20, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def make_quotes(data: Path, n: int, seed: int) -> list[dict]:
    """Quotes cut from random passages (10-30 words), with their true source.

    Variants: exact; one content word replaced by another word of the vocabulary; two
    words replaced; one word dropped and two neighbours swapped; all words shuffled (no
    word pair left: found by its words alone); and a quote of random words found nowhere
    (for latency only: the slow path, every fallback tried).
    """
    rng = random.Random(seed)
    files = list_tsv([data])
    vocab = {w.strip(".,").lower() for f in files[:3] for p in read_tsv(f) for w in p.text.split()}
    vocab_list = sorted(vocab - STOPWORDS)
    all_words = sorted(vocab)
    speakers = sorted({p.speaker for f in files[:3] for p in read_tsv(f) if p.speaker})
    quotes = []
    for _ in range(n):
        passages = read_tsv(rng.choice(files))
        passage = rng.choice(passages)
        words = passage.text.split()
        size = min(len(words), rng.randint(10, 30))
        start = rng.randint(0, len(words) - size)
        window = words[start : start + size]
        content = [i for i, w in enumerate(window) if w.strip(".,").lower() not in STOPWORDS]
        edited = list(window)
        if content:
            edited[rng.choice(content)] = rng.choice(vocab_list)
        edited2 = list(edited)
        edited2[rng.randrange(size)] = rng.choice(vocab_list)
        shuffled = list(window)
        rng.shuffle(shuffled)
        reordered = list(window)
        del reordered[rng.randrange(size)]
        i = rng.randrange(len(reordered) - 1)
        reordered[i], reordered[i + 1] = reordered[i + 1], reordered[i]
        quotes.append(
            {
                "source": (passage.source, passage.position),
                "speaker": passage.speaker,
                "other_speaker": rng.choice([s for s in speakers if s != passage.speaker]),
                "exact": " ".join(window),
                "edited": " ".join(edited),
                "edited2": " ".join(edited2),
                "reordered": " ".join(reordered),
                "shuffled": " ".join(shuffled),
                "absent": " ".join(rng.choices(all_words, k=size)),
            }
        )
    return quotes


CASES = [  # label, quote variant, speaker given, recall measured
    ("exact", "exact", None, True),
    ("one word changed", "edited", None, True),
    ("two words changed", "edited2", None, True),
    ("word dropped + two swapped", "reordered", None, True),
    ("all words shuffled", "shuffled", None, True),
    ("one word changed, right speaker", "edited", "speaker", True),
    ("one word changed, other speaker", "edited", "other_speaker", True),
    ("not in the corpus (random words)", "absent", None, False),
]


def phase_query(data: Path, db: Path, n_quotes: int, seed: int) -> dict:
    quotes = make_quotes(data, n_quotes, seed)
    before = peak_rss_mb()
    started = time.perf_counter()
    index = ReferenceIndex.open(db)
    opened = time.perf_counter()
    index.plan("warm up")  # loads the term frequencies
    loaded = time.perf_counter()
    vocab_started = time.perf_counter()
    n_terms = index._db.execute("SELECT count(*) FROM passages_vocab").fetchone()
    vocab_seconds = time.perf_counter() - vocab_started
    results: dict[str, dict] = {}
    for label, key, speaker_key, with_recall in CASES:
        times, top1, top20, pairs = [], 0, 0, []
        for quote in quotes:
            text = quote[key]
            speaker = quote[speaker_key] if speaker_key else None
            t0 = time.perf_counter()
            found = index.candidates(text, speaker=speaker, limit=20)
            times.append(time.perf_counter() - t0)
            pairs.append(len(index.plan(text).phrases))
            keys = [(str(Path(p.source).resolve()), p.position) for p in found[:20]]
            source = (str(Path(quote["source"][0]).resolve()), quote["source"][1])
            top1 += bool(keys) and keys[0] == source
            top20 += source in keys
        times.sort()
        results[label] = {
            "ms_median": round(statistics.median(times) * 1000, 2),
            "ms_p95": round(times[int(len(times) * 0.95) - 1] * 1000, 2),
            "ms_max": round(times[-1] * 1000, 2),
            "recall_at_1": round(top1 / len(quotes), 3) if with_recall else None,
            "recall_at_20": round(top20 / len(quotes), 3) if with_recall else None,
            "first_pairs_mean": round(statistics.mean(pairs), 1),
        }
    index.close()
    return {
        "quotes": len(quotes),
        "open_ms": round((opened - started) * 1000, 1),
        "load_term_df_ms": round((loaded - opened) * 1000, 1),
        "fts5vocab_full_scan_ms": round(vocab_seconds * 1000, 1),
        "distinct_terms": n_terms[0],
        "queries": results,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "peak_rss_before_queries_mb": round(before, 1),
    }


def run_phase(args: list[str]) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--phase", *args], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--vocab", type=int, default=5000)
    parser.add_argument("--quotes", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep generated files and dbs (reused next run)")
    parser.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase:
        name, data, db, *rest = args.phase
        if name == "build":
            result = phase_build(Path(data), Path(db))
        else:
            result = phase_query(Path(data), Path(db), int(rest[0]), int(rest[1]))
        print(json.dumps(result))
        return

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="qc-index-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    summary = {}
    try:
        for size in args.sizes:
            data = workdir / f"refs_{size}_v{args.vocab}"
            db = workdir / f"index_{size}_v{args.vocab}.db"
            if not data.exists():
                t0 = time.perf_counter()
                generate(data, size, args.vocab, args.seed)
                print(f"[{size}] generated in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
            db.unlink(missing_ok=True)
            build = run_phase(["build", str(data), str(db)])
            print(f"[{size}] build {build}", file=sys.stderr)
            noop = run_phase(["build", str(data), str(db)])
            print(f"[{size}] no-op rebuild {noop}", file=sys.stderr)
            # One small file added, then removed again: the cost of a small update.
            extra = data / "zz_extra.txt"
            extra.write_text("Extra Speaker\tA passage added after the first build.\n", encoding="utf-8")
            try:
                added = run_phase(["build", str(data), str(db)])
            finally:
                extra.unlink()
            removed = run_phase(["build", str(data), str(db)])
            print(f"[{size}] one file added {added}, removed {removed}", file=sys.stderr)
            query = run_phase(["query", str(data), str(db), str(args.quotes), str(args.seed)])
            print(f"[{size}] query {json.dumps(query, indent=1)}", file=sys.stderr)
            summary[size] = {
                "build": build,
                "noop_rebuild": noop,
                "one_file_added": added,
                "one_file_removed": removed,
                "query": query,
            }
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps({"vocab": args.vocab, "results": summary}, indent=1))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
