"""A persistent index of reference passages: SQLite + FTS5, one file, no server.

``build_index`` reads reference files (transcripts, subtitles, ...) into an index file;
``ReferenceIndex.candidates`` finds the few passages a quote could have come from, so the
aligner only compares the quote against those instead of the whole corpus.

Building is incremental (files whose sha256 is unchanged are not read again) and atomic:
the new index is written to a temporary file next to the target (a copy of the old index,
then updated) and moved over it with ``os.replace``, so an interrupted build leaves the
previous index in place, never a half-written one.

Retrieval searches the quote's adjacent word pairs as FTS5 phrases, cheapest first, and
falls back to an FTS5 ``OR`` query over its rarest words ranked by bm25 when the pairs do
not find it (see the constants below). Neither requires every word, so quotes with words
changed, dropped or reordered are still found; never is the whole corpus scanned.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import math
import os
import re
import shutil
import sqlite3
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar

from quotecheck.model import Passage

# Bump when the schema changes: an index of another version is refused on open and
# rebuilt from scratch by ``build_index`` (it only holds data derived from the files).
SCHEMA_VERSION = 1
# Marks the file as ours (PRAGMA application_id), so we never read or overwrite some
# other SQLite database given by mistake. "QtCk" as a big-endian 32-bit integer.
APPLICATION_ID = int.from_bytes(b"QtCk", "big")

TOKENIZER = "unicode61 remove_diacritics 2"

# Retrieval, in up to three steps, stopping as soon as the best passage found shares at
# least COVERAGE of the quote's adjacent word pairs:
# 1. The quote's adjacent word pairs as FTS5 phrases ("irregular mobilization"), each
#    searched on its own: a pair pins a passage down far better than its two words apart,
#    and a changed word breaks only the two pairs it is in. A passage scores the summed
#    rarity of the pairs it holds. Pairs are taken cheapest first (cost = the postings of
#    both words, which FTS5 reads), at least MIN_PHRASES, at most MAX_PHRASES, within
#    PHRASE_BUDGET postings: pairs with a function word ("of the", "said that") read that
#    word's posting list, nearly as long as the index.
# 2. The quote's other pairs, the same way within MORE_PHRASE_BUDGET.
# 3. Its rarest words in any order, no word required: for a quote reworded, reordered or
#    too short for pairs. Passages score the summed rarity of the words they hold; the
#    RERANK_DEPTH best are ranked again by the share of the quote's words and pairs they
#    hold (see ``_rerank``).
MIN_PHRASES = 3
MAX_PHRASES = 8
PHRASE_BUDGET = 150_000
MORE_PHRASE_BUDGET = 300_000
# A pair found in more passages than this tells little: it does not score.
PHRASE_CAP = 2000
COVERAGE = 0.5
RERANK_DEPTH = 100
MIN_TERMS = 4
MAX_TERMS = 10
TERM_BUDGET = 50_000
# When a speaker is given: how many of that speaker's best passages to add to the results,
# from how many of the best passages found.
SPEAKER_EXTRA = 5
SPEAKER_DEPTH = 1000

# Function words: they carry no evidence of which passage a quote came from, and their
# posting lists are the longest in the index.
STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are aren as at be because been before
    being below between both but by can cannot could couldn d did didn do does doesn doing don
    down during each few for from further had hadn has hasn have haven having he her here hers
    herself him himself his how i if in into is isn it its itself just ll m me more most my
    myself no nor not now o of off on once only or other ought our ours ourselves out over own
    re s same shan she should shouldn so some such t than that the their theirs them themselves
    then there these they this those through to too under until up ve very was wasn we were
    weren what when where which while who whom why will with won would wouldn y you your yours
    yourself yourselves
    """.split()
)

_SCHEMA = f"""
CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    n_passages INTEGER NOT NULL
);
CREATE TABLE passages (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES files(id),
    position INTEGER NOT NULL,
    speaker TEXT,
    line INTEGER,
    "offset" INTEGER,
    time_start REAL,
    time_end REAL,
    text TEXT NOT NULL
);
-- External content: the text is stored once, in passages; rowid = passages.id.
CREATE VIRTUAL TABLE passages_fts USING fts5(
    text, content='passages', content_rowid='id', tokenize='{TOKENIZER}'
);
CREATE VIRTUAL TABLE passages_vocab USING fts5vocab(passages_fts, 'row');
-- Document frequency of every term, copied from passages_vocab at the end of each build:
-- reading fts5vocab walks the whole FTS index, this table is a plain b-tree.
CREATE TABLE terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
"""
# Created after the rows of a new index are in: sorting once beats growing the b-trees.
_INDEXES = (
    "CREATE INDEX passages_file ON passages(file_id, position)",
    "CREATE INDEX passages_speaker ON passages(speaker)",
)
_TABLES = frozenset({"files", "passages", "passages_fts", "passages_vocab", "terms"})

_PASSAGE_COLUMNS = 'p.position, p.speaker, p.line, p."offset", p.time_start, p.time_end, p.text, f.path'


class IndexFileError(Exception):
    """An index file that cannot be used: missing, not ours, another version or corrupt.

    The message is one line and names the file.
    """


@dataclass(slots=True)
class BuildReport:
    """What ``build_index`` did."""

    files_indexed: int = 0  # new or changed files read and (re)indexed
    files_skipped: int = 0  # unchanged since the last build (same sha256), not read
    files_removed: int = 0  # in the old index but no longer among the given paths
    passages: int = 0  # passages in the index after the build
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line message)
    seconds: float = 0.0
    passages_indexed: int = 0  # passages read from the files indexed by this build


Reader = Callable[[Path], list[Passage]]
Lister = Callable[[Sequence[Path]], list[Path]]
Progress = Callable[[int, int, str], None]


# -- text to query terms ---------------------------------------------------------------------

# Where a quote skips or replaces the speaker's words: an ellipsis, or a bracketed insertion
# standing alone ("[the president] said"), which holds the writer's words. Brackets inside
# a word ("[T]he") only mark a changed letter and are just removed.
_GAPS = re.compile(r"\.[ \t]*\.[ \t]*\.|…|(?<!\w)\[[^\]\n]*\](?!\w)")
# The same token characters as FTS5's unicode61 (letters and digits; "_" and "'" split).
_TOKEN = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower-case and strip diacritics the way ``unicode61 remove_diacritics 2`` does."""
    if text.isascii():  # most text, and ten times faster
        return text.lower()
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def tokens(text: str) -> list[str]:
    """The words of ``text`` as the index tokenizes them."""
    return _TOKEN.findall(fold(text))


def quote_segments(quote_text: str) -> list[list[str]]:
    """The quote's runs of contiguous words, split where editorial marks left gaps."""
    runs = (tokens(part.replace("[", "").replace("]", "")) for part in _GAPS.split(quote_text))
    return [run for run in runs if run]


def quote_words(quote_text: str) -> list[str]:
    """The quote's words as the index tokenizes them, editorial marks removed."""
    return [word for run in quote_segments(quote_text) for word in run]


def _pairs(runs: Iterable[Sequence[str]]) -> set[tuple[str, str]]:
    return {(a, b) for run in runs for a, b in itertools.pairwise(run)}


def _coverage(runs: list[list[str]], words: list[str]) -> float:
    """Share of the quote's word pairs (its words, for a one-word quote) among ``words``."""
    wanted = _pairs(runs) or {(w, "") for run in runs for w in run}
    have = _pairs([words]) | {(w, "") for w in words}
    return len(wanted & have) / len(wanted)


@dataclass(frozen=True, slots=True)
class QueryPlan:
    """What ``candidates`` searches for a quote (see ``ReferenceIndex.plan``)."""

    phrases: tuple[tuple[str, str], ...]  # adjacent word pairs searched first, cheapest first
    more_phrases: tuple[tuple[str, str], ...]  # the other pairs, when those are not enough
    terms: tuple[str, ...]  # single words, rarest first, when no pairs find the quote


def _fts_string(text: str) -> str:
    # Every word or phrase as an FTS5 string: NEAR, AND, OR or NOT are then plain words,
    # and nothing in a quote can be read as query syntax.
    return '"' + text.replace('"', '""') + '"'


_Key = TypeVar("_Key", str, tuple[str, str])


def _budgeted(costs: dict[_Key, int], least: int, most: int, budget: int) -> list[_Key]:
    """The cheapest keys, at least ``least`` and at most ``most``, within ``budget``."""
    chosen: list[_Key] = []
    spent = 0
    for key in sorted(costs, key=lambda k: (costs[k], k)):
        if len(chosen) >= most or (len(chosen) >= least and spent + costs[key] > budget):
            break
        chosen.append(key)
        spent += costs[key]
    return chosen


_NAME_PARTICLES = frozenset(
    {"de", "del", "la", "las", "los", "da", "do", "dos", "di", "van", "von", "der", "le"}
)
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _surnames(name: str) -> set[str]:
    """Name words that identify a person: all but the first name (for "Ana Delgado García"
    either surname), or the one word of a single-word name."""
    words = [w for w in _TOKEN.findall(fold(name)) if w not in _NAME_SUFFIXES]
    keys = words[1:] if len(words) > 1 else words
    return {w for w in keys if w not in _NAME_PARTICLES and len(w) > 1}


# -- reading an index --------------------------------------------------------------------------


class ReferenceIndex:
    """An open reference index. Use as a context manager, or call ``close()``."""

    def __init__(self, connection: sqlite3.Connection, name: str) -> None:
        self._db = connection
        self.name = name
        self._df: dict[str, int] | None = None  # loaded on the first query, then kept
        self._speakers: list[str] | None = None
        self._passage_count: int | None = None

    @classmethod
    def open(cls, db_path: str | os.PathLike[str]) -> ReferenceIndex:
        """Open an index file read-only; ``IndexFileError`` if it is not a usable index."""
        path = Path(db_path)
        if not path.is_file():
            raise IndexFileError(f"{path}: no such index file")
        connection = _connect_read_only(path)
        try:
            _check_index(connection, path)
        except BaseException:
            connection.close()
            raise
        return cls(connection, str(path))

    @classmethod
    def in_memory(cls, passages: Iterable[Passage]) -> ReferenceIndex:
        """An index of the given passages held in memory, for ad-hoc ``--reference`` use."""
        connection = sqlite3.connect(":memory:", isolation_level=None)
        _create_schema(connection)
        connection.execute("BEGIN")
        by_source: dict[str, list[Passage]] = {}
        for passage in passages:
            by_source.setdefault(passage.source, []).append(passage)
        next_id = 1
        for source, group in by_source.items():
            digest = hashlib.sha256("\n".join(p.text for p in group).encode()).hexdigest()
            next_id = _insert_file(connection, source, digest, group, next_id)
        _create_indexes(connection)
        _finish_fts(connection, first_new_id=1, optimize=False)
        connection.execute("COMMIT")
        return cls(connection, ":memory:")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __len__(self) -> int:
        """Number of passages in the index."""
        # From the files table: count(*) over passages would read a million-entry b-tree.
        return self._query("SELECT coalesce(sum(n_passages), 0) FROM files")[0][0]

    def sources(self) -> list[tuple[str, int]]:
        """(path, number of passages) of every indexed file, by path."""
        return self._query("SELECT path, n_passages FROM files ORDER BY path")

    def plan(self, quote_text: str) -> QueryPlan:
        """The word pairs and words searched for ``quote_text``.

        Words the index does not hold are left out: they cannot match (a word changed by
        the writer, a typo) and would only waste a query.
        """
        df = self._document_frequencies()
        runs = quote_segments(quote_text)
        costs = {(a, b): df[a] + df[b] for a, b in _pairs(runs) if a in df and b in df}
        # Pairs of function words ("it is", "did not") cost the most and say the least:
        # first only when there is nothing else ("I did not"), else in step 2 if need be.
        content = {pair: cost for pair, cost in costs.items() if not STOPWORDS.issuperset(pair)}
        first = _budgeted(content or costs, MIN_PHRASES, MAX_PHRASES, PHRASE_BUDGET)
        rest = {pair: cost for pair, cost in costs.items() if pair not in first}
        more = _budgeted(rest, MIN_PHRASES, MAX_PHRASES, MORE_PHRASE_BUDGET)
        words = {w for run in runs for w in run}
        content_words = words - STOPWORDS
        term_costs = {w: df[w] for w in (content_words or words) if w in df}
        return QueryPlan(
            phrases=tuple(first),
            more_phrases=tuple(more),
            terms=tuple(_budgeted(term_costs, MIN_TERMS, MAX_TERMS, TERM_BUDGET)),
        )

    def candidates(self, quote_text: str, speaker: str | None = None, limit: int = 20) -> list[Passage]:
        """The passages the quote most likely comes from, best first: ``limit`` of them at
        most, plus the speaker's below.

        The whole index is always searched. With ``speaker``, the best few passages
        (``SPEAKER_EXTRA``) of speakers sharing a surname with it (``Arce`` ~ ``LUIS ARCE``)
        are added after the ``limit`` best when not among them, so the caller can prefer
        them: the best of their passages that hold one of the quote's word pairs, or when
        no passage holds enough of the pairs, of the 1,000 best by the quote's words. (A
        speaker none of whose passages shares a word pair with a quote found elsewhere has
        nothing that could align with it: nothing is added.)
        """
        if limit <= 0:
            return []
        plan = self.plan(quote_text)
        runs = quote_segments(quote_text)
        names = self._matching_speakers(speaker) if speaker else []
        scores: dict[int, float] = {}
        ranked = self._phrase_search(plan.phrases, scores)
        if self._weak(runs, ranked) and plan.more_phrases:
            ranked = self._phrase_search(plan.more_phrases, scores)
        pool = ranked  # where the speaker's best passages are looked for
        if self._weak(runs, ranked) and plan.terms:
            # Deeper when a speaker is given: ranking 1,000 costs little more than 100
            # (every match is scored anyway), and a second search limited to the
            # speaker's passages would cost as much as the first.
            depth = max(limit, RERANK_DEPTH, SPEAKER_DEPTH if names else 0)
            terms = self._term_search(plan.terms, depth)
            ranked = self._rerank(runs, ranked[:limit], terms[:RERANK_DEPTH])
            pool = ranked + pool + terms
        chosen = ranked[:limit]
        if names:
            taken = set(chosen)
            chosen += self._speaker_best(names, [i for i in dict.fromkeys(pool) if i not in taken])
        return self._passages(chosen)

    # -- internals --

    def _query(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple]:
        try:
            return self._db.execute(sql, parameters).fetchall()
        except sqlite3.DatabaseError as error:
            # A page found broken only now (a truncated or damaged file).
            raise IndexFileError(f"{self.name}: index is corrupt ({error}); rebuild it") from None

    def _phrase_search(self, phrases: Sequence[tuple[str, str]], scores: dict[int, float]) -> list[int]:
        """Add the rarity of each pair to the passages holding it; all passages, best first.

        One query per pair rather than one OR query ranked by bm25: bm25 reads every
        phrase's matches once more to weigh it, here the number of matches is the weight.
        """
        total = max(self._size(), 1)
        sql = "SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? LIMIT ?"
        for a, b in phrases:
            ids = [row[0] for row in self._query(sql, (_fts_string(f"{a} {b}"), PHRASE_CAP + 1))]
            if len(ids) <= PHRASE_CAP:
                weight = math.log(1 + total / len(ids)) if ids else 0.0
                for rowid in ids:
                    scores[rowid] = scores.get(rowid, 0.0) + weight
        return sorted(scores, key=lambda rowid: (-scores[rowid], rowid))

    def _weak(self, runs: list[list[str]], ranked: list[int]) -> bool:
        """Whether the best passage so far misses too many of the quote's word pairs."""
        return not ranked or _coverage(runs, tokens(self._column("text", ranked[:1])[ranked[0]])) < COVERAGE

    def _term_search(self, terms: Sequence[str], limit: int) -> list[int]:
        """Passages holding any of the words, by the summed rarity of those they hold.

        Not an OR query ranked by bm25: bm25 costs about a microsecond per matching row
        (a million-passage index has tens of thousands for a quote's rarest words), this
        sum a quarter of that, and the best are re-ranked by ``_rerank`` anyway.
        """
        total = max(self._size(), 1)
        df = self._document_frequencies()
        one = "SELECT rowid, ? AS weight FROM passages_fts WHERE passages_fts MATCH ?"
        sql = (
            f"SELECT rowid FROM ({' UNION ALL '.join([one] * len(terms))})"
            " GROUP BY rowid ORDER BY sum(weight) DESC, rowid LIMIT ?"
        )
        parameters: list[object] = []
        for term in terms:
            parameters += [math.log(1 + total / df[term]), _fts_string(term)]
        return [row[0] for row in self._query(sql, (*parameters, limit))]

    def _column(self, column: str, ids: Sequence[int]) -> dict[int, Any]:
        sql = f"SELECT id, {column} FROM passages WHERE id IN ({','.join('?' * len(ids))})"
        return dict(self._query(sql, ids)) if ids else {}

    def _rerank(self, runs: list[list[str]], first: list[int], second: list[int]) -> list[int]:
        """Merge two rankings by how much of the quote each passage holds: the share of
        its words (weighted by rarity) plus the share of its word pairs, so a passage with
        all the words reordered (1 + 0) beats one with a few words and pairs by chance."""
        total = max(self._size(), 1)
        df = self._document_frequencies()
        idf = {w: math.log(1 + total / df[w]) for run in runs for w in run if w in df}
        whole = sum(idf.values()) or 1.0
        keys = {}
        for rowid, text in self._column("text", list(dict.fromkeys(first + second))).items():
            words = tokens(text)
            held = sum(idf[w] for w in idf.keys() & set(words)) / whole
            keys[rowid] = -(held + _coverage(runs, words))
        return sorted(keys, key=lambda rowid: (keys[rowid], rowid))

    def _size(self) -> int:
        if self._passage_count is None:
            self._passage_count = len(self)
        return self._passage_count

    def _document_frequencies(self) -> dict[str, int]:
        if self._df is None:
            self._df = dict(self._query("SELECT term, df FROM terms"))
        return self._df

    def _matching_speakers(self, speaker: str) -> list[str]:
        """Speaker names as the index spells them that share a surname with ``speaker``."""
        keys = _surnames(speaker)
        if not keys:
            return []
        if self._speakers is None:
            # Hop from one name to the next through the speaker index: a seek per distinct
            # name, where DISTINCT would read an entry per passage.
            rows = self._query(
                "WITH RECURSIVE names(name) AS ("
                " SELECT min(speaker) FROM passages"
                " UNION ALL SELECT (SELECT min(speaker) FROM passages WHERE speaker > name)"
                " FROM names WHERE name IS NOT NULL)"
                " SELECT name FROM names WHERE name IS NOT NULL"
            )
            self._speakers = [row[0] for row in rows]
        return [name for name in self._speakers if keys & set(tokens(name))]

    def _speaker_best(self, names: list[str], pool: list[int]) -> list[int]:
        """The first ``SPEAKER_EXTRA`` passages of the pool (best first) said by ``names``."""
        pool = pool[:SPEAKER_DEPTH]
        speakers = self._column("speaker", pool)
        wanted = set(names)
        return [i for i in pool if speakers[i] in wanted][:SPEAKER_EXTRA]

    def _passages(self, ids: list[int]) -> list[Passage]:
        if not ids:
            return []
        rows = self._query(
            f"SELECT p.id, {_PASSAGE_COLUMNS} FROM passages p JOIN files f ON f.id = p.file_id"
            f" WHERE p.id IN ({','.join('?' * len(ids))})",
            ids,
        )
        by_id = {row[0]: row for row in rows}
        passages = []
        for rowid in ids:
            _, position, speaker, line, offset, time_start, time_end, text, source = by_id[rowid]
            passages.append(
                Passage(
                    source=source,
                    text=text,
                    speaker=speaker,
                    line=line,
                    offset=offset,
                    time_start=time_start,
                    time_end=time_end,
                    position=position,
                )
            )
        return passages


def _check_index(connection: sqlite3.Connection, path: Path) -> None:
    """Refuse a file that is not a quotecheck index of this schema version."""
    try:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise IndexFileError(f"{path}: not a quotecheck index, or corrupt ({error})") from None
    if application_id != APPLICATION_ID:
        raise IndexFileError(f"{path}: not a quotecheck index")
    if version != SCHEMA_VERSION:
        raise IndexFileError(
            f"{path}: index has schema version {version}, this quotecheck reads {SCHEMA_VERSION}; rebuild it"
        )
    if not tables >= _TABLES:
        raise IndexFileError(f"{path}: index is corrupt (tables missing); rebuild it")


# -- building an index -------------------------------------------------------------------------


def build_index(
    paths: Iterable[str | os.PathLike[str]],
    db_path: str | os.PathLike[str],
    reader: Reader | None = None,
    progress: Progress | None = None,
    *,
    list_files: Lister | None = None,
) -> BuildReport:
    """Bring the index at ``db_path`` up to date with the reference files under ``paths``.

    ``reader`` defaults to ``quotecheck.reference.read_reference`` and ``list_files`` to
    ``iter_reference_files`` (which expands directories). A file the reader refuses
    (``ReferenceFileError``) or that cannot be read is reported in ``errors`` and left out;
    the other files are still indexed. ``progress(done, total, path)`` is called after
    each file. Raises ``IndexFileError`` when ``db_path`` exists and is not an index.
    When nothing changed, the index file is not rewritten.
    """
    # Imported here: reading an index does not need the readers (nor their imports).
    from quotecheck.reference import ReferenceFileError, iter_reference_files, read_reference

    started = time.perf_counter()
    target = Path(db_path)
    files = (list_files or iter_reference_files)([Path(p) for p in paths])
    old = _indexed_files(target)
    builder = _Builder(target, old, reader or read_reference, ReferenceFileError)
    try:
        report = builder.run(files, progress)
    except BaseException:
        # Anything, KeyboardInterrupt included: drop the partial file, keep the old index.
        builder.discard()
        raise
    report.seconds = time.perf_counter() - started
    return report


def _umask() -> int:
    mask = os.umask(0)  # the only portable way to read it is to set it
    os.umask(mask)
    return mask


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """mode=ro: reading never creates, locks for writing or modifies the file."""
    try:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise IndexFileError(f"{path}: cannot open index ({error})") from None


def _indexed_files(target: Path) -> dict[str, tuple[int, str, int]] | None:
    """path -> (file id, sha256, passages) of the index at ``target``; None when there is
    no usable index to update (none, an empty file, our index of another schema version)."""
    if not target.exists() or (target.is_file() and target.stat().st_size == 0):
        return None
    if not target.is_file():
        raise IndexFileError(f"{target}: not a file")
    connection = _connect_read_only(target)
    try:
        _check_index(connection, target)
        rows = connection.execute("SELECT path, id, sha256, n_passages FROM files").fetchall()
    except IndexFileError:
        # Our own index of another schema version holds nothing that the files do not:
        # rebuild it. Anything else (not ours, corrupt) is refused, never overwritten.
        with contextlib.suppress(sqlite3.Error):
            if connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
                version = connection.execute("PRAGMA user_version").fetchone()[0]
                if version != SCHEMA_VERSION:
                    return None
        raise
    except sqlite3.DatabaseError as error:
        raise IndexFileError(f"{target}: index is corrupt ({error}); rebuild it") from None
    finally:
        connection.close()
    return {path: (file_id, digest, n) for path, file_id, digest, n in rows}


def _create_schema(connection: sqlite3.Connection) -> None:
    """The tables of a new index, without the indexes (see ``_create_indexes``)."""
    connection.executescript(_SCHEMA)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    # A bigger in-memory term buffer (default 1 MB): fewer, larger FTS segments to write
    # and merge while building, for at most this much more memory.
    connection.execute("INSERT INTO passages_fts(passages_fts, rank) VALUES ('hashsize', ?)", (64 << 20,))


def _create_indexes(connection: sqlite3.Connection) -> None:
    for statement in _INDEXES:
        connection.execute(statement)


def _insert_file(
    connection: sqlite3.Connection, path: str, digest: str, passages: list[Passage], next_id: int
) -> int:
    """Insert one file and its passages with ids from ``next_id``; the next free id."""
    cursor = connection.execute(
        "INSERT INTO files (path, sha256, n_passages) VALUES (?, ?, ?)", (path, digest, len(passages))
    )
    file_id = cursor.lastrowid
    connection.executemany(
        'INSERT INTO passages (id, file_id, position, speaker, line, "offset", time_start, time_end, text)'
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (next_id + i, file_id, p.position, p.speaker, p.line, p.offset, p.time_start, p.time_end, p.text)
            for i, p in enumerate(passages)
        ),
    )
    return next_id + len(passages)


def _delete_file(connection: sqlite3.Connection, file_id: int) -> None:
    # External-content FTS: the index entries are removed with the old text itself,
    # so this must run before the passage rows go.
    connection.execute(
        "INSERT INTO passages_fts (passages_fts, rowid, text)"
        " SELECT 'delete', id, text FROM passages WHERE file_id = ?",
        (file_id,),
    )
    connection.execute("DELETE FROM passages WHERE file_id = ?", (file_id,))
    connection.execute("DELETE FROM files WHERE id = ?", (file_id,))


def _finish_fts(connection: sqlite3.Connection, first_new_id: int, optimize: bool) -> None:
    """Index the text of passages from ``first_new_id`` on, then refresh term frequencies."""
    connection.execute(
        "INSERT INTO passages_fts (rowid, text) SELECT id, text FROM passages WHERE id >= ?",
        (first_new_id,),
    )
    if optimize:
        # Merge all segments into one b-tree: queries read one doclist per term.
        connection.execute("INSERT INTO passages_fts (passages_fts) VALUES ('optimize')")
    connection.execute("DELETE FROM terms")
    connection.execute("INSERT INTO terms (term, df) SELECT term, doc FROM passages_vocab")


def _one_line(error: BaseException, path: str) -> str:
    message = " ".join(str(error).split()) or type(error).__name__
    return message.removeprefix(f"{path}: ")  # the path is reported beside the message


class _Builder:
    """One build: changes go to a temporary copy of the index, started at the first change,
    which replaces the index when complete."""

    def __init__(
        self,
        target: Path,
        old: dict[str, tuple[int, str, int]] | None,
        reader: Reader,
        file_error: type[Exception],
    ) -> None:
        self.target = target
        self.fresh = old is None
        self.old = old or {}
        self.reader = reader
        self.file_error = file_error
        self.temp: Path | None = None
        self.db: sqlite3.Connection | None = None
        self.first_new_id = self.next_id = 1
        self.removed = 0  # passages of old files deleted
        self.sizes = {file_id: n for file_id, _, n in self.old.values()}

    def run(self, files: Sequence[Path], progress: Progress | None) -> BuildReport:
        report = BuildReport()
        seen: set[str] = set()
        for done, file in enumerate(files, 1):
            key = os.path.abspath(file)
            if key not in seen:
                seen.add(key)
                self._update(file, key, report)
            if progress is not None:
                progress(done, len(files), str(file))
        for key, (file_id, _, _) in self.old.items():
            if key not in seen:
                self._delete(file_id)
                report.files_removed += 1
        total_before = sum(n for _, _, n in self.old.values())
        report.passages = total_before - self.removed + report.passages_indexed
        if self.fresh or self.db is not None:
            # Merging is worth it after a large change; small updates are left to automerge.
            self._finish(optimize=self.removed + report.passages_indexed > total_before // 4)
        return report

    def _update(self, file: Path, key: str, report: BuildReport) -> None:
        """Index one file, unless it is unchanged."""
        try:
            digest = _sha256(file)
        except OSError as error:
            report.errors.append((str(file), f"cannot read ({error.strerror or error})"))
            digest = None
        previous = self.old.get(key)
        if digest is not None and previous is not None and previous[1] == digest:
            report.files_skipped += 1
            return
        passages = None
        if digest is not None:
            try:
                passages = self.reader(file)
            except self.file_error as error:
                report.errors.append((str(file), _one_line(error, str(file))))
        if previous is not None:  # changed, or unreadable now: the old passages must go
            self._delete(previous[0])
        if passages is not None and digest is not None:
            self.next_id = _insert_file(self._connection(), key, digest, passages, self.next_id)
            report.files_indexed += 1
            report.passages_indexed += len(passages)

    def _connection(self) -> sqlite3.Connection:
        """The temporary copy of the index, opened at the first change."""
        if self.db is None:
            fd, name = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp", dir=self.target.parent)
            os.close(fd)
            self.temp = Path(name)
            if self.fresh:
                os.chmod(self.temp, 0o666 & ~_umask())  # mkstemp's 0600 would be too private
            else:
                shutil.copyfile(self.target, self.temp)
                shutil.copymode(self.target, self.temp)
            db = self.db = sqlite3.connect(self.temp, isolation_level=None)
            # The temporary file is thrown away on any failure, so it needs no journal and
            # no syncs: a crash mid-build never touches the real index.
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.execute("PRAGMA cache_size = -65536")  # 64 MB
            if self.fresh:
                _create_schema(db)
            db.execute("BEGIN")
            # New passages get ids above every old one, so the FTS insert can pick them out.
            self.first_new_id = (db.execute("SELECT max(id) FROM passages").fetchone()[0] or 0) + 1
            self.next_id = self.first_new_id
        return self.db

    def _delete(self, file_id: int) -> None:
        _delete_file(self._connection(), file_id)
        self.removed += self.sizes[file_id]

    def _finish(self, optimize: bool) -> None:
        db = self._connection()
        if self.fresh:
            _create_indexes(db)
        _finish_fts(db, self.first_new_id, optimize=optimize)
        db.execute("COMMIT")
        db.close()
        self.db = None
        assert self.temp is not None
        with open(self.temp, "rb+") as handle:  # synchronous=OFF skipped every fsync: do one now
            os.fsync(handle.fileno())
        os.replace(self.temp, self.target)
        self.temp = None

    def discard(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
        if self.temp is not None:
            self.temp.unlink(missing_ok=True)
            self.temp = None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
