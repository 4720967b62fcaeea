"""Scoring against annotated news (quotecheck/evaluate.py) on a small hand-written record."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotecheck.cli import app
from quotecheck.evaluate import (
    evaluate,
    gold_quotes,
    iter_errors,
    load_referents,
    names_agree,
    read_jsonl,
    spans_match,
)

POLNEAR_DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "polnear_dev.jsonl"

DOC_ID = "harbor-city-council"
TEXT = (
    "Mayor Ana Delgado spoke after the vote on Tuesday.\n\n"
    '"We will build the barrier this year," Delgado said.\n\n'
    "Councillor Mark Oyelaran voted against the plan.\n\n"
    '"Nobody has shown me the maintenance budget," he said.\n\n'
    '"The pumps are older than I am," Delgado added.\n\n'
    'The vote was held in the "Old Senate Chamber" after the hearing.\n\n'
    "Officials said the work starts in May.\n"
)


def marked(fragment: str) -> list[int]:
    """[start, end) of ``fragment`` in TEXT, quotation marks included (as PolNeAR stores it)."""
    start = TEXT.index(fragment)
    assert TEXT[start] == '"' and TEXT[start + len(fragment) - 1] == '"'
    return [start, start + len(fragment)]


def at(word: str, after: str = "") -> int:
    return TEXT.index(word, TEXT.index(after) if after else 0)


BUILD = marked('"We will build the barrier this year,"')
NOBODY = marked('"Nobody has shown me the maintenance budget,"')
CHAMBER = marked('"Old Senate Chamber"')
HE = at("he said")
DELGADO = at("Delgado said")
OFFICIALS = at("Officials")

# Gold: three direct/mixed attributions and one indirect one. The "pumps" quote is not
# annotated (a false positive for us); the "Old Senate Chamber" title is annotated as a
# mixed attribution (a false negative: we classify it as a title, which is no prediction).
RECORD = {
    "id": DOC_ID,
    "text": TEXT,
    "quotes": [
        {
            "start": BUILD[0],
            "end": DELGADO + len("Delgado said"),
            "type": "direct",
            "quoted_spans": [BUILD],
            "speaker": "Delgado",
            "speaker_start": DELGADO,
            "speaker_end": DELGADO + len("Delgado"),
            "speaker_kind": "name_or_titled",
        },
        {
            "start": NOBODY[0],
            "end": HE + len("he said"),
            "type": "direct",
            "quoted_spans": [NOBODY],
            "speaker": "he",
            "speaker_start": HE,
            "speaker_end": HE + 2,
            "speaker_kind": "pronoun",
        },
        {
            "start": CHAMBER[0] - 21,
            "end": CHAMBER[1],
            "type": "mixed",
            "quoted_spans": [CHAMBER],
            "speaker": None,
            "speaker_start": None,
            "speaker_end": None,
            "speaker_kind": None,
        },
        {
            "start": OFFICIALS + len("Officials said "),
            "end": len(TEXT) - 2,
            "type": "indirect",
            "quoted_spans": [],
            "speaker": "Officials",
            "speaker_start": OFFICIALS,
            "speaker_end": OFFICIALS + len("Officials"),
            "speaker_kind": "nominal",
        },
    ],
}
RIGHT_REFERENT = {(DOC_ID, HE): "Mark Oyelaran"}
WRONG_REFERENT = {(DOC_ID, HE): "Ana Delgado"}


# -- gold spans ----------------------------------------------------------------------------


def test_gold_quotes_drop_the_marks_and_indirect_attributions():
    gold = gold_quotes(RECORD, {})
    assert [quote.span for quote in gold] == [
        (BUILD[0] + 1, BUILD[1] - 1),
        (NOBODY[0] + 1, NOBODY[1] - 1),
        (CHAMBER[0] + 1, CHAMBER[1] - 1),
    ]
    assert [TEXT[start:end] for start, end in (quote.span for quote in gold)] == [
        "We will build the barrier this year,",
        "Nobody has shown me the maintenance budget,",
        "Old Senate Chamber",
    ]
    assert [quote.speaker for quote in gold] == ["Delgado", "he", None]
    assert gold[0].speaker_span == (DELGADO, DELGADO + 7)
    assert gold[2].speaker_span is None
    assert [quote.referent for quote in gold] == [None, None, None]


def test_gold_quotes_look_up_pronoun_referents_only():
    gold = gold_quotes(RECORD, {**RIGHT_REFERENT, (DOC_ID, DELGADO): "Someone Else"})
    assert [quote.referent for quote in gold] == [None, "Mark Oyelaran", None]


def test_gold_quotes_one_per_quoted_span():
    record = {
        "id": "x",
        "text": '"One," he said, "two."',
        "quotes": [
            {
                "type": "direct",
                "quoted_spans": [[0, 6], [16, 22]],
                "speaker": "he",
                "speaker_start": 7,
                "speaker_end": 9,
                "speaker_kind": "pronoun",
            }
        ],
    }
    gold = gold_quotes(record, {("x", 7): "Al Jones"})
    assert [quote.span for quote in gold] == [(1, 5), (17, 21)]
    assert [quote.referent for quote in gold] == ["Al Jones", "Al Jones"]


# -- span matching -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((10, 20), (10, 20), True),
        ((0, 10), (5, 15), True),  # overlap 5: exactly half of each
        ((0, 10), (6, 16), False),  # overlap 4: less than half
        ((0, 10), (0, 30), False),  # covers a, but only a third of b
        ((0, 30), (0, 10), False),  # symmetric
        ((0, 10), (1, 9), True),
        ((0, 5), (5, 10), False),  # adjacent, no overlap
        ((3, 3), (3, 3), False),  # empty spans never match
    ],
)
def test_spans_match(a, b, expected):
    assert spans_match(a, b) is expected


# -- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ours", "theirs", "expected"),
    [
        ("Luis Arce", "Luis Arce", True),
        ("Luis Arce", "Arce", True),
        ("Luis Arce", "President Luis Arce", True),
        ("Luis Arce", "Arce's", True),
        ("Donald Trump", "Donald Trump Jr.", True),
        ("International Monetary Fund", "IMF", True),
        ("Luis Arce", "Evo Morales", False),
        ("Laura Kim", "he", False),
        ("", "Luis Arce", False),
        ("Luis Arce", "", False),
    ],
)
def test_names_agree(ours, theirs, expected):
    assert names_agree(ours, theirs) is expected


def test_names_agree_needs_whole_words():
    assert names_agree("Bryan Smith", "Ryan") is False


# -- end to end ----------------------------------------------------------------------------


def test_evaluate_counts_by_hand(nlp):
    scores = evaluate([RECORD], RIGHT_REFERENT, nlp)
    # Predictions: build (TP), nobody (TP), pumps (FP); the title is no prediction.
    # Gold: build, nobody, chamber (FN).
    assert scores.documents == 1
    assert (scores.true_positives, scores.false_positives, scores.false_negatives) == (2, 1, 1)
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.recall == pytest.approx(2 / 3)
    assert scores.f1 == pytest.approx(2 / 3)
    # Speakers: Delgado (by overlap/surname) and "he" -> Mark Oyelaran, both right.
    assert (scores.speaker_total, scores.speaker_correct) == (2, 2)
    assert scores.speaker_accuracy("name_or_titled") == 1.0
    assert scores.speaker_accuracy("pronoun") == 1.0
    assert scores.errors == []
    summary = scores.as_dict()
    assert summary["quotes"] == {
        "precision": 0.6667,
        "recall": 0.6667,
        "f1": 0.6667,
        "true_positives": 2,
        "false_positives": 1,
        "false_negatives": 1,
    }
    assert summary["speakers"]["by_gold_kind"] == {
        "name_or_titled": {"accuracy": 1.0, "scored": 1},
        "pronoun": {"accuracy": 1.0, "scored": 1},
    }


def test_evaluate_wrong_pronoun_referent_is_an_error(nlp):
    scores = evaluate([RECORD], WRONG_REFERENT, nlp)
    assert (scores.speaker_total, scores.speaker_correct) == (2, 1)
    assert scores.speaker_accuracy() == 0.5
    assert scores.speaker_accuracy("pronoun") == 0.0
    assert scores.errors == [
        {
            "doc": DOC_ID,
            "quote": "Nobody has shown me the maintenance budget,",
            "gold": "he",
            "referent": "Ana Delgado",
            "ours": "Mark Oyelaran (pronoun: he)",
        }
    ]
    assert [json.loads(line) for line in iter_errors(scores)] == scores.errors


def test_evaluate_pronoun_without_referent_is_not_scored(nlp):
    scores = evaluate([RECORD], {}, nlp)
    assert (scores.true_positives, scores.false_positives, scores.false_negatives) == (2, 1, 1)
    assert (scores.speaker_total, scores.speaker_correct) == (1, 1)
    assert dict(scores.by_speaker_kind) == {"name_or_titled": 1}


def test_read_jsonl_and_load_referents(tmp_path):
    data = tmp_path / "gold.jsonl"
    data.write_text(json.dumps(RECORD) + "\n\n", encoding="utf-8")
    referents = tmp_path / "referents.jsonl"
    referents.write_text(
        json.dumps({"doc_id": DOC_ID, "speaker_start": HE, "referent": "Mark Oyelaran"}) + "\n",
        encoding="utf-8",
    )
    assert read_jsonl(data) == [RECORD]
    assert load_referents(referents) == RIGHT_REFERENT
    assert load_referents(None) == {}


def test_eval_command_json(nlp, tmp_path):
    data = tmp_path / "gold.jsonl"
    data.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    referents = tmp_path / "referents.jsonl"
    referents.write_text(
        json.dumps({"doc_id": DOC_ID, "speaker_start": HE, "referent": "Ana Delgado"}) + "\n",
        encoding="utf-8",
    )
    errors = tmp_path / "errors.jsonl"
    result = CliRunner().invoke(
        app,
        ["eval", str(data), "--referents", str(referents), "--format", "json", "--errors", str(errors)],
    )
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["documents"] == 1
    assert summary["quotes"]["f1"] == 0.6667
    assert summary["speakers"]["accuracy"] == 0.5
    (error,) = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert error["referent"] == "Ana Delgado"


def test_eval_command_bad_data_exits_2(tmp_path):
    data = tmp_path / "broken.jsonl"
    data.write_text("{not json\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(data)])
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# -- real annotated news (smoke floor) -----------------------------------------------------


def test_polnear_dev_smoke_floor(nlp):
    """A floor against regressions on real annotated news, not the target (see README).

    The first 20 documents include a TV transcript quoted as one 15-paragraph quote,
    which the gold splits differently, so the floor sits below the full-set figure.
    """
    if not POLNEAR_DEV.exists():
        pytest.skip(f"{POLNEAR_DEV} not present")
    with POLNEAR_DEV.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in itertools.islice(lines, 20)]
    scores = evaluate(records, {}, nlp)
    assert scores.documents == 20
    assert scores.f1 > 0.82, scores.as_dict()["quotes"]
    assert scores.speaker_accuracy() > 0.72, scores.as_dict()["speakers"]


def test_segmentation_tolerant_view_accepts_one_segment_for_per_sentence_gold(nlp):
    # One quotation of two sentences; the gold splits it into one span per sentence,
    # so strict matching finds neither, the tolerant view both.
    text = (
        'The council met on Monday.\n\n"The pumps are failing. The city must act," Mayor Ana Delgado said.\n'
    )
    first = text.index("The pumps")
    second = text.index("The city")
    end = text.index(',"')
    record = {
        "id": "per-sentence",
        "text": text,
        "quotes": [
            {"type": "direct", "quoted_spans": [[first - 1, second - 1]], "speaker": None},
            {"type": "direct", "quoted_spans": [[second - 1, end + 2]], "speaker": None},
        ],
    }
    scores = evaluate([record], {}, nlp)
    assert (scores.true_positives, scores.false_positives, scores.false_negatives) == (1, 0, 1)
    tolerant = scores.as_dict()["quotes_segmentation_tolerant"]
    assert tolerant == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
