"""The reference index: building (incremental, atomic, errors), opening, and retrieval.

The reference files here are read by a small fake reader (one passage a line,
``Speaker: text``), so these tests depend on ``quotecheck.reference`` only for its
``ReferenceFileError``.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from quotecheck.index import (
    SCHEMA_VERSION,
    BuildReport,
    IndexFileError,
    ReferenceIndex,
    build_index,
    quote_words,
)
from quotecheck.model import Passage
from quotecheck.reference import ReferenceFileError


class FakeReader:
    """``Speaker: text`` per line (no colon: no speaker); counts the files it reads.

    A file whose first line is ``BROKEN`` is refused with ``ReferenceFileError``; the
    file named ``interrupt_on`` makes it raise ``KeyboardInterrupt`` (Ctrl-C mid-build).
    """

    def __init__(self, interrupt_on: str | None = None) -> None:
        self.read: list[str] = []
        self.interrupt_on = interrupt_on

    def __call__(self, path: Path) -> list[Passage]:
        self.read.append(path.name)
        if path.name == self.interrupt_on:
            raise KeyboardInterrupt
        text = path.read_text(encoding="utf-8")
        if text.startswith("BROKEN"):
            raise ReferenceFileError(f"{path}: not a transcript\n(details on a second line)")
        passages = []
        offset = 0
        for number, row in enumerate(text.splitlines(keepends=True), 1):
            speaker, sep, said = row.rstrip("\n").partition(": ")
            if not sep:
                speaker, said = None, row.rstrip("\n")
            passages.append(
                Passage(
                    source=str(path),
                    text=said,
                    speaker=speaker,
                    line=number,
                    offset=offset + (len(speaker) + 2 if sep else 0),
                    position=number - 1,
                )
            )
            offset += len(row)
        return passages


def as_given(paths: list[Path]) -> list[Path]:
    return list(paths)


def build(paths: list[Path], db: Path, reader: FakeReader | None = None, **kwargs: object) -> BuildReport:
    return build_index(paths, db, reader=reader or FakeReader(), list_files=as_given, **kwargs)


def found_texts(index: ReferenceIndex, quote: str, **kwargs: object) -> list[str]:
    return [p.text for p in index.candidates(quote, **kwargs)]


@pytest.fixture
def corpus(tmp_path: Path) -> list[Path]:
    files = {
        "senate.txt": (
            "Luis Arce: We will not allow the irregular mobilization of the army to break democracy.\n"
            "Jeanine Añez: The constitution gives me the right to assume the presidency today.\n"
        ),
        "press.txt": (
            "Maria Delgado: Our hospitals are running out of oxygen and nobody in La Paz is listening.\n"
            "Luis Arce: The Bolivian people are summoned today to defend democracy.\n"
        ),
        "radio.txt": "Ana Pérez: Farmers lost half the quinoa harvest to the drought this winter.\n",
    }
    paths = []
    for name, text in files.items():
        path = tmp_path / "refs" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


# -- building ----------------------------------------------------------------------------------


def test_build_then_open_and_query(corpus, tmp_path):
    db = tmp_path / "ref.db"
    report = build(corpus, db)
    assert (report.files_indexed, report.files_skipped, report.files_removed) == (3, 0, 0)
    assert report.passages == report.passages_indexed == 5
    assert report.errors == []
    assert report.seconds >= 0
    with ReferenceIndex.open(db) as index:
        assert len(index) == 5
        assert [Path(p).name for p, _ in index.sources()] == ["press.txt", "radio.txt", "senate.txt"]
        best = index.candidates("the quinoa harvest to the drought")[0]
    assert best.text.startswith("Farmers lost half")
    assert best.speaker == "Ana Pérez"
    assert Path(best.source).name == "radio.txt"
    assert (best.line, best.position, best.offset) == (1, 0, len("Ana Pérez: "))


def test_unchanged_files_are_skipped_by_hash(corpus, tmp_path):
    db = tmp_path / "ref.db"
    build(corpus, db)
    reader = FakeReader()
    corpus[0].touch()  # a new mtime, same content: still skipped
    report = build(corpus, db, reader)
    assert (report.files_indexed, report.files_skipped, report.files_removed) == (0, 3, 0)
    assert reader.read == []
    assert report.passages == 5


def test_nothing_changed_leaves_the_index_file_alone(corpus, tmp_path):
    db = tmp_path / "ref.db"
    build(corpus, db)
    before = db.stat()
    report = build([*corpus, corpus[0]], db)  # a file given twice is indexed once
    assert (report.files_indexed, report.files_skipped, report.passages) == (0, 3, 5)
    after = db.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_an_empty_corpus_makes_an_empty_index(tmp_path):
    db = tmp_path / "ref.db"
    report = build([], db)
    assert (report.files_indexed, report.passages) == (0, 0)
    with ReferenceIndex.open(db) as index:
        assert len(index) == 0
        assert index.candidates("anything at all", speaker="Arce") == []


def test_changed_file_is_reindexed(corpus, tmp_path):
    db = tmp_path / "ref.db"
    build(corpus, db)
    corpus[2].write_text("Ana Pérez: The frost destroyed the vineyards in Tarija.\n", encoding="utf-8")
    reader = FakeReader()
    report = build(corpus, db, reader)
    assert reader.read == ["radio.txt"]
    assert (report.files_indexed, report.files_skipped, report.passages) == (1, 2, 5)
    with ReferenceIndex.open(db) as index:
        assert found_texts(index, "frost destroyed the vineyards")[0].startswith("The frost")
        found = found_texts(index, "farmers lost half the quinoa harvest")
        assert not any("quinoa" in text for text in found)


def test_files_gone_from_the_paths_are_removed(corpus, tmp_path):
    db = tmp_path / "ref.db"
    build(corpus, db)
    report = build(corpus[:2], db)
    assert (report.files_indexed, report.files_skipped, report.files_removed) == (0, 2, 1)
    assert report.passages == 4
    with ReferenceIndex.open(db) as index:
        assert len(index) == 4
        assert found_texts(index, "quinoa harvest drought") == []


def test_unreadable_file_is_reported_and_the_others_indexed(corpus, tmp_path):
    db = tmp_path / "ref.db"
    build(corpus, db)
    corpus[1].write_text("BROKEN\n", encoding="utf-8")
    missing = tmp_path / "refs" / "missing.txt"
    report = build([*corpus, missing], db)
    assert [path for path, _ in report.errors] == [str(corpus[1]), str(missing)]
    message = report.errors[0][1]
    assert message == "not a transcript (details on a second line)"  # one line, path not repeated
    assert "cannot read" in report.errors[1][1]
    assert (report.files_indexed, report.files_skipped) == (0, 2)
    with ReferenceIndex.open(db) as index:
        # The old passages of a file that cannot be read now no longer stand for it.
        assert found_texts(index, "hospitals running out of oxygen") == []
        assert len(index) == 3


def test_progress_is_reported_per_file(corpus, tmp_path):
    calls: list[tuple[int, int, str]] = []
    build(corpus, tmp_path / "ref.db", progress=lambda done, total, path: calls.append((done, total, path)))
    assert calls == [(i, 3, str(path)) for i, path in enumerate(corpus, 1)]


def test_interrupted_build_leaves_the_old_index_intact(corpus, tmp_path):
    db = tmp_path / "ref.db"
    build(corpus, db)
    before = db.read_bytes()
    corpus[0].write_text("Luis Arce: Something completely different.\n", encoding="utf-8")
    corpus[2].write_text("Ana Pérez: And this changed too.\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        build(corpus, db, FakeReader(interrupt_on="radio.txt"))  # after senate.txt was re-read
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ref.db", "refs"]  # no temporary left
    with ReferenceIndex.open(db) as index:
        assert len(index) == 5
        assert found_texts(index, "irregular mobilization of the army")[0].startswith("We will not allow")


def test_first_build_interrupted_leaves_no_file(corpus, tmp_path):
    db = tmp_path / "ref.db"
    with pytest.raises(KeyboardInterrupt):
        build(corpus, db, FakeReader(interrupt_on="press.txt"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["refs"]


def test_reopening_and_many_readers(corpus, tmp_path):
    db = tmp_path / "ref.db"
    build(corpus, db)
    first = ReferenceIndex.open(db)
    second = ReferenceIndex.open(db)
    build(corpus[:1], db)  # replaced under open readers: they keep their snapshot
    assert len(first) == len(second) == 5
    first.close()
    second.close()
    with ReferenceIndex.open(db) as index:
        assert len(index) == 2


# -- refusing files that are not a usable index ---------------------------------------------


def test_missing_index_file(tmp_path):
    with pytest.raises(IndexFileError, match="no such index file"):
        ReferenceIndex.open(tmp_path / "nope.db")


def test_text_file_is_not_an_index(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("this is not a database\n" * 100, encoding="utf-8")
    with pytest.raises(IndexFileError, match="not a quotecheck index"):
        ReferenceIndex.open(path)


def test_other_sqlite_database_is_refused_and_never_overwritten(corpus, tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance REAL)")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(IndexFileError, match=r"other\.db: not a quotecheck index$"):
        ReferenceIndex.open(path)
    with pytest.raises(IndexFileError, match="not a quotecheck index"):
        build(corpus, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db", "refs"]


def test_a_folder_is_not_an_index(corpus, tmp_path):
    with pytest.raises(IndexFileError, match="not a file"):
        build(corpus, tmp_path / "refs")
    with pytest.raises(IndexFileError, match="no such index file"):
        ReferenceIndex.open(tmp_path / "refs")


def test_other_schema_version_is_refused_on_open_and_rebuilt_by_build(corpus, tmp_path):
    db = tmp_path / "ref.db"
    build(corpus, db)
    with sqlite3.connect(db) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    with pytest.raises(IndexFileError, match=f"schema version {SCHEMA_VERSION + 1}.*rebuild it"):
        ReferenceIndex.open(db)
    report = build(corpus, db)
    assert (report.files_indexed, report.files_skipped) == (3, 0)
    with ReferenceIndex.open(db) as index:
        assert len(index) == 5


def test_corrupt_index_is_refused(corpus, tmp_path):
    db = tmp_path / "ref.db"
    # Enough passages for the index to span many pages, then cut the file short.
    lines = "".join(f"Speaker {i}: passage number {i} about topic{i} and more words\n" for i in range(2000))
    corpus[0].write_text(lines, encoding="utf-8")
    build(corpus, db)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 3])
    with pytest.raises(IndexFileError, match="corrupt") as caught, ReferenceIndex.open(db) as index:
        index.candidates("passage number 1999 about topic1999")
        len(index)
    assert "\n" not in str(caught.value)
    db.write_bytes(b"\x00" * 4096)
    with pytest.raises(IndexFileError):
        ReferenceIndex.open(db)


# -- retrieval ---------------------------------------------------------------------------------

SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in ("a", "e", "i", "o", "u", "an", "or")]


def random_corpus(tmp_path: Path, n_files: int = 4, per_file: int = 100) -> list[Path]:
    """Passages of 12-40 words from 400 made-up words with skewed frequencies."""
    rng = random.Random(1)
    vocabulary = sorted({"".join(rng.sample(SYLLABLES, 2)) for _ in range(450)})[:400]
    weights = [1 / (rank + 3) for rank in range(len(vocabulary))]
    speakers = ["Luis Arce", "Jeanine Añez", "Carlos Mesa", "Evo Morales"]
    paths = []
    for f in range(n_files):
        rows = []
        for _ in range(per_file):
            words = rng.choices(vocabulary, weights, k=rng.randint(12, 40))
            rows.append(f"{rng.choice(speakers)}: {' '.join(words).capitalize()}.\n")
        path = tmp_path / "refs" / f"file{f}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text("".join(rows), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def big_index(tmp_path):
    paths = random_corpus(tmp_path)
    db = tmp_path / "ref.db"
    build(paths, db)
    passages = [p for path in paths for p in FakeReader()(path)]
    with ReferenceIndex.open(db) as index:
        yield index, passages


def test_finds_the_source_among_hundreds(big_index):
    index, passages = big_index
    rng = random.Random(2)
    assert len(index) == 400
    for passage in rng.sample(passages, 30):
        words = passage.text.split()
        start = rng.randint(0, len(words) - 10)
        quote = " ".join(words[start : start + 10])
        found = index.candidates(quote, limit=20)
        assert found[0].text == passage.text, quote
        assert len(found) <= 20


def test_finds_the_source_of_a_quote_with_a_word_changed(big_index):
    index, passages = big_index
    rng = random.Random(3)
    for passage in rng.sample(passages, 30):
        words = passage.text.rstrip(".").split()
        start = rng.randint(0, len(words) - 12)
        window = words[start : start + 12]
        window[rng.randrange(12)] = rng.choice(["zebra", "government", rng.choice(passages).text.split()[1]])
        found = index.candidates(" ".join(window), limit=20)
        assert passage.text in [p.text for p in found[:5]], " ".join(window)


def test_finds_the_source_of_a_reworded_quote(big_index):
    """No word pair left in order: the words themselves find it."""
    index, passages = big_index
    rng = random.Random(4)
    for passage in rng.sample(passages, 20):
        words = list(dict.fromkeys(passage.text.rstrip(".").lower().split()))[:12]
        rng.shuffle(words)
        found = index.candidates(" ".join(words), limit=20)
        assert passage.text in [p.text for p in found], " ".join(words)


def test_a_quote_of_function_words_only():
    index = ReferenceIndex.in_memory(
        [
            Passage("a", "Did you take the money? I did not, and I never would."),
            Passage("b", "Not that I did anything wrong, you know."),
            Passage("c", "The money was not there when I looked."),
        ]
    )
    assert [p.source for p in index.candidates("I did not")][:1] == ["a"]


def test_speaker_passages_are_included_for_the_caller_to_prefer(tmp_path):
    same = "The Bolivian people are summoned today to defend democracy against the coup."
    rows = [f"Evo Morales: {same}", f"Carlos Mesa: {same} Every one of them.", "LUIS ARCE: " + same[:40]]
    rows += [f"Other Speaker {i}: defend democracy summoned today number {i}" for i in range(40)]
    path = tmp_path / "t.txt"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    index = ReferenceIndex.in_memory(FakeReader()(path))
    top = index.candidates(same, limit=2)
    assert [p.speaker for p in top] == ["Evo Morales", "Carlos Mesa"]
    # Searched everywhere, and the speaker's best passage is added though it ranks lower;
    # the surname is enough ("Arce" ~ "LUIS ARCE", "President Luis Arce").
    for speaker in ("Luis Arce", "Arce", "President Luis Arce"):
        with_speaker = index.candidates(same, speaker=speaker, limit=2)
        assert [p.speaker for p in with_speaker][:2] == ["Evo Morales", "Carlos Mesa"]
        assert "LUIS ARCE" in [p.speaker for p in with_speaker]
    # A surname nobody in the corpus has changes nothing.
    assert index.candidates(same, speaker="Jeanine Añez", limit=2) == top


def speaker_index(rows: list[str]) -> ReferenceIndex:
    return ReferenceIndex.in_memory(
        Passage("t", said, speaker, position=i)
        for i, (speaker, _, said) in enumerate(row.partition(": ") for row in rows)
    )


def test_speaker_passages_are_found_far_down_the_ranking():
    quote = "we will defend democracy, summoned today by history"
    rows = [f"Speaker {i}: we will defend democracy, summoned today by history, {i}" for i in range(300)]
    rows.append("Luis Arce: I said it: defend democracy. That is all.")
    rows.append("Luis Arce: Nothing to do with it at all.")
    index = speaker_index(rows)
    found = index.candidates(quote, speaker="Arce", limit=5)
    assert [p.speaker for p in found] == [
        "Speaker 0",
        "Speaker 1",
        "Speaker 2",
        "Speaker 3",
        "Speaker 4",
        "Luis Arce",
    ]
    assert found[-1].text == "I said it: defend democracy. That is all."


def test_speaker_passages_when_the_word_pairs_find_nothing():
    quote = "history summoned democracy defend"  # reordered: no word pair of it is in the corpus
    rows = [f"Speaker {i}: we defend democracy, summoned by history and time, {i}" for i in range(200)]
    rows.append("Luis Arce: history will judge those who did not defend our democracy")
    found = speaker_index(rows).candidates(quote, speaker="Arce", limit=5)
    assert len(found) == 6
    assert found[-1].speaker == "Luis Arce"


def test_a_speaker_sharing_no_word_pair_with_a_found_quote_adds_nothing():
    quote = "the bolivian people are summoned today to defend democracy"
    rows = ["Evo Morales: The Bolivian people are summoned today to defend democracy.", "Luis Arce: We won."]
    found = speaker_index(rows).candidates(quote, speaker="Luis Arce", limit=5)
    assert [p.speaker for p in found] == ["Evo Morales"]


@pytest.mark.parametrize(
    "quote",
    [
        'He said "no" and "NEAR" AND OR NOT',
        "well-known self-evident re-election",
        "don't can't won't l'été",
        "NEAR(a b) AND (x OR y) NOT z*",
        'a"b "unbalanced',
        "^start col:umn {a b} + - * :",
        "",
        "... [] …",
        "the and of",
    ],
)
def test_query_syntax_in_quotes_does_not_break_the_search(big_index, quote):
    index, _ = big_index
    assert isinstance(index.candidates(quote), list)


def test_fts_operator_words_are_searched_as_words(tmp_path):
    index = ReferenceIndex.in_memory(
        [
            Passage("a", "We stand NEAR the border AND we will not move, OR else."),
            Passage("b", "The border is closed and the army will leave."),
            Passage("c", "Don't call it a well-known self-evident re-election."),
        ]
    )
    assert [p.source for p in index.candidates('"NEAR the border AND we will not move"')][:1] == ["a"]
    assert [p.source for p in index.candidates("don't call it self-evident")][:1] == ["c"]


def test_ellipses_brackets_and_diacritics(tmp_path):
    index = ReferenceIndex.in_memory(
        [
            Passage("a", "Óscar Núñez said the harvest was lost, and the government did nothing to help."),
            Passage("b", "The harvest festival was a great success for the farmers of the valley."),
        ]
    )
    assert quote_words("[T]he harvest … [the government] did nothing") == ["the", "harvest", "did", "nothing"]
    assert index.candidates("[T]he harvest was lost … [Morales] did nothing to help")[0].source == "a"
    assert index.candidates("oscar nunez said")[0].source == "a"


def test_in_memory_index_keeps_passage_fields(tmp_path):
    passages = [
        Passage(
            "talk.vtt", "Welcome to the briefing.", "Host", line=3, offset=20, time_start=1.5, time_end=3.25
        ),
        Passage("talk.vtt", "Thank you for having me here today.", None, line=6, offset=60, position=1),
        Passage("other.txt", "Completely unrelated words about fishing.", "Guest", position=0),
    ]
    index = ReferenceIndex.in_memory(passages)
    assert len(index) == 3
    assert index.sources() == [("other.txt", 1), ("talk.vtt", 2)]
    assert index.candidates("welcome to the briefing") == [passages[0]]
    assert index.candidates("thank you for having me")[0] == passages[1]
    assert index.candidates("nothing matches xyzzy") == []
    assert index.candidates("fishing", limit=0) == []
