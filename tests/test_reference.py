"""Reference readers: every format into exact passages, every broken file into one clear error."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from quotecheck.model import Passage
from quotecheck.reference import (
    SUPPORTED_SUFFIXES,
    ReferenceFileError,
    iter_reference_files,
    read_reference,
)
from quotecheck.reference.labels import colon_label, is_name, leading_label
from quotecheck.reference.text import split_front_matter

FORMATS = Path(__file__).resolve().parent.parent / "fixtures" / "reference_formats"

# The press conference as the fixtures in every timed format say it.
GOOD_MORNING = "Good morning. The minister will make a short statement and then take questions."
WATER = (
    "Thank you, Tomás. The water in Valle Alto has started to go down. We counted 4,200 people "
    "in shelters last night, and nobody has died since Sunday."
)
DIKES_QUESTION = "Minister, the mayor of San Roque says the dikes were never repaired."
NOT_TRUE = "That is not true. We repaired nine of the twelve dikes in 2022."


def rows(passages: list[Passage]) -> list[tuple]:
    return [(p.speaker, p.line, p.time_start, p.time_end, p.text) for p in passages]


def assert_offsets_slice(passages: list[Passage], text: str) -> None:
    for p in passages:
        assert p.offset is not None
        assert text[p.offset : p.offset + len(p.text)] == p.text
        assert p.line == text.count("\n", 0, p.offset) + 1


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


# -- plain text and Markdown ----------------------------------------------------------------------


def test_markdown_front_matter_speaker_applies_to_every_paragraph():
    path = FORMATS / "press_statement.md"
    passages = read_reference(path)
    assert [(p.speaker, p.line, p.position, p.text.split("\n")[0]) for p in passages] == [
        ("Marta Quiroga", 8, 0, "# Statement on the Valle Alto floods"),
        (
            "Marta Quiroga",
            10,
            1,
            "Today I spoke with the mayors of the eleven municipalities in Valle Alto. The water has",
        ),
        ("Marta Quiroga", 13, 2, "> We will not leave a single family without a roof this winter."),
        ("Marta Quiroga", 15, 3, "- 4,200 people have been moved to shelters."),
        (
            "Marta Quiroga",
            18,
            4,
            "The government has released 18 million pesos from the emergency fund, and the first",
        ),
    ]
    assert passages[3].text == "- 4,200 people have been moved to shelters.\n- 36 schools remain closed."
    assert all(p.source == str(path) and p.time_start is None for p in passages)
    assert_offsets_slice(passages, path.read_text(encoding="utf-8"))


def test_front_matter_keys_quotes_and_comments():
    text = (
        "---\n"
        "speaker: Marta Quiroga   # the minister\n"
        "date: 2024-03-12\n"
        'title: "Statement on the Valle Alto floods: the first week"\n'
        "url: https://interior.example.gov/statements/valle-alto\n"
        "tags:\n"
        "  - floods\n"
        "---\n"
        "Body."
    )
    meta, body = split_front_matter(text)
    assert meta == {
        "speaker": "Marta Quiroga",
        "date": "2024-03-12",
        "title": "Statement on the Valle Alto floods: the first week",
        "url": "https://interior.example.gov/statements/valle-alto",
    }
    assert text[body:].strip() == "Body."


@pytest.mark.parametrize(
    "text",
    [
        "---\nspeaker: Marta Quiroga\nno closing fence\n",  # unclosed
        "---\n\nA paragraph between two rules.\n\n---\n\nMore.\n",  # Markdown rules, not metadata
        "Title\n---\nspeaker: x\n---\n",  # not at the top
    ],
)
def test_what_is_not_front_matter(text):
    assert split_front_matter(text) == ({}, 0)


def test_plain_text_paragraphs_and_a_colon_in_prose():
    path = FORMATS / "speech.txt"
    passages = read_reference(path)
    assert [(p.speaker, p.line, p.offset) for p in passages] == [
        (None, 1, 0),
        (None, 3, 77),
        (None, 5, 166),
        (None, 9, 369),
    ]
    assert passages[1].text.startswith("Members of the assembly, I come here with three priorities:")
    assert passages[2].text.endswith("the other three were\nscheduled for this spring.")
    assert_offsets_slice(passages, path.read_text(encoding="utf-8"))


def test_crlf_and_bom_keep_offsets_exact(tmp_path):
    content = "First paragraph\r\nwraps here.\r\n\r\n  Second paragraph.  \r\n"
    path = write(tmp_path, "speech.txt", b"\xef\xbb\xbf" + content.encode())
    passages = read_reference(path)
    assert [(p.text, p.line, p.offset) for p in passages] == [
        ("First paragraph\r\nwraps here.", 1, 0),
        ("Second paragraph.", 4, 34),
    ]
    assert_offsets_slice(passages, content)


# -- plain-text transcripts ----------------------------------------------------------------------


def test_transcript_turns_with_continuations():
    path = FORMATS / "press_conference.txt"
    passages = read_reference(path)
    assert [(p.speaker, p.line, p.offset) for p in passages] == [
        (None, 1, 0),  # the title and dateline before the first label
        ("TOMÁS IBARRA", 4, 107),
        ("MARTA QUIROGA", 7, 203),
        ("Q", 11, 404),
        ("QUIROGA", 12, 496),
        ("Q", 14, 615),
        ("QUIROGA", 16, 650),  # label alone on its line: the words start on the next one
    ]
    marta = passages[2]
    assert marta.text.startswith("Thank you, Tomás.")
    # Unlabelled lines continue the turn, across a blank line, up to the next label.
    assert marta.text.endswith("since Sunday.\n\nI want to thank the volunteers of the Red Cross.")
    assert passages[4].text == (
        "That is not true. We repaired nine of the twelve dikes in 2022, and the\n"
        "other three were scheduled for this spring."
    )
    assert passages[6].text == "Yes. An independent inquiry will start as soon as the water is gone."
    assert [p.position for p in passages] == list(range(7))
    assert_offsets_slice(passages, path.read_text(encoding="utf-8"))


def test_markdown_transcript_with_bold_labels_and_front_matter(tmp_path):
    text = (
        "---\nspeaker: Marta Quiroga\n---\n"
        "Press conference, 12 March\n\n"
        "**QUIROGA:** Good morning.\n\n"
        "**Q**: Will there be an inquiry?\n\n"
        "__Luis de la Fuente:__ Yes.\n"
    )
    passages = read_reference(write(tmp_path, "briefing.md", text))
    assert [(p.speaker, p.text) for p in passages] == [
        ("Marta Quiroga", "Press conference, 12 March"),  # the front matter names who speaks untagged
        ("QUIROGA", "Good morning."),
        ("Q", "Will there be an inquiry?"),
        ("Luis de la Fuente", "Yes."),
    ]
    assert_offsets_slice(passages, text)


def test_a_stray_label_does_not_make_prose_a_transcript(tmp_path):
    text = (
        "Quiroga: the week of the floods\n\n"
        "The minister spoke for an hour.\n\n"
        "She said the dikes had been repaired.\n\n"
        "Nobody believed her.\n"
    )
    passages = read_reference(write(tmp_path, "profile.txt", text))
    assert [p.speaker for p in passages] == [None] * 4
    assert passages[0].text == "Quiroga: the week of the floods"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("ARCE: Today the country", ("ARCE", 5)),
        ("Luis Arce: Today", ("Luis Arce", 10)),
        ("Q: Minister?", ("Q", 2)),
        ("MS. PSAKI: Good afternoon", ("MS. PSAKI", 10)),
        ("SPEAKER 2: hello", ("SPEAKER 2", 10)),
        ("Carlos de la Fuente: Sí", ("Carlos de la Fuente", 20)),
        ("QUIROGA:", ("QUIROGA", 8)),
        ("Three things matter now: water", None),  # lower-case words: a sentence, not a name
        ("Date: 12 March 2024", None),  # metadata
        ("Note: the audio cut out", None),
        ("See https://example.org", None),
        ("At 10:30 the minister", None),
        ("ARCE:no space after the colon", None),
        ("The President of the Republic of Bolivia Today: x", None),  # too long for a name
    ],
)
def test_colon_labels(line, expected):
    assert colon_label(line) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[Reporter] Minister?", "Reporter"),
        ("(Marta Quiroga) That is not true.", "Marta Quiroga"),
        ("[APPLAUSE]", None),
        ("[laughs] I don't think so", None),
        ("(MUSIC PLAYING)", None),
    ],
)
def test_bracket_labels(text, expected):
    found = leading_label(text)
    assert (found and found[0]) == expected


def test_is_name():
    assert is_name("Luis Arce") and is_name("SPEAKER_00") and is_name("O'Brien")
    assert not is_name("the president") and not is_name("Inaudible") and not is_name("")


# -- WebVTT ---------------------------------------------------------------------------------------


def test_vtt_voices_merged_cues_and_lines():
    passages = read_reference(FORMATS / "press_conference.vtt")
    assert rows(passages) == [
        ("Tomás Ibarra", 9, 1.2, 4.8, GOOD_MORNING),
        # cues 2 and 3, one speaker: one passage spanning both
        ("Marta Quiroga", 14, 5.4, 13.9, WATER),
        ("Reporter", 24, 14.5, 18.25, DIKES_QUESTION),  # <v.reporter Reporter>: classes dropped
        ("Marta Quiroga", 29, 18.9, 23.0, NOT_TRUE),  # <i>…</i> stripped
        # cue 6 holds two voices; the second joins the next cue, which has no identifier
        ("Reporter", 33, 23.5, 25.0, "Will there be an inquiry?"),
        (
            "Marta Quiroga",
            34,
            23.5,
            28.4,
            "Yes. An independent inquiry will start as soon as the water is gone.",
        ),
    ]
    assert [p.position for p in passages] == list(range(6))
    assert all(p.offset is None for p in passages)  # merged cue text is not a slice of the file


def test_vtt_utf16_and_speaker_labels_in_cue_text(tmp_path):
    # Zoom writes "Name: words" in the cue instead of voice spans.
    text = (
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.500\nMarta Quiroga: Good morning.\n\n"
        "2\n00:00:02.500 --> 00:00:04.000\nThanks for coming.\n\n"
        "3\n00:00:04.000 --> 00:00:05.000\nTomás Ibarra: Questions? &amp; answers.\n"
    )
    passages = read_reference(write(tmp_path, "zoom.vtt", text.encode("utf-16")))
    assert rows(passages) == [
        ("Marta Quiroga", 5, 1.0, 4.0, "Good morning. Thanks for coming."),
        ("Tomás Ibarra", 13, 4.0, 5.0, "Questions? & answers."),
    ]


def test_vtt_without_speakers_is_one_run(tmp_path):
    text = (
        "WEBVTT\n\n00:01.000 --> 00:02.000\nWe will not leave\n\n00:02.000 --> 00:03.000\na single family.\n"
    )
    assert rows(read_reference(write(tmp_path, "captions.vtt", text))) == [
        (None, 4, 1.0, 3.0, "We will not leave a single family.")
    ]


# -- SubRip ---------------------------------------------------------------------------------------


def test_srt_labels_continuations_and_sound_cues():
    passages = read_reference(FORMATS / "press_conference.srt")
    assert rows(passages) == [
        ("TOMÁS IBARRA", 3, 1.2, 4.8, GOOD_MORNING),
        # cue 3 has no label: the speaker of cue 2 goes on; cue 4 [APPLAUSE] is nobody's words
        ("MARTA QUIROGA", 8, 5.4, 13.9, WATER),
        ("Reporter", 22, 14.5, 18.25, DIKES_QUESTION),
        ("Marta Quiroga", 27, 18.9, 23.0, NOT_TRUE),
    ]
    assert all(p.offset is None for p in passages)


def test_srt_without_labels(tmp_path):
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nNobody has died\n\n"
        "2\n00:00:02,000 --> 00:00:03,500\nsince Sunday.\n"
    )
    assert rows(read_reference(write(tmp_path, "news.srt", text))) == [
        (None, 3, 1.0, 3.5, "Nobody has died since Sunday.")
    ]


# -- Whisper and AWS Transcribe JSON ------------------------------------------------------------


def test_whisperx_segments_merged_by_speaker():
    passages = read_reference(FORMATS / "press_conference.whisperx.json")
    assert rows(passages) == [
        ("SPEAKER_00", None, 1.2, 4.8, GOOD_MORNING),
        ("SPEAKER_01", None, 5.4, 13.9, WATER),
        ("SPEAKER_02", None, 14.5, 18.25, DIKES_QUESTION),
        ("SPEAKER_01", None, 18.9, 23.0, NOT_TRUE),
    ]
    assert all(p.offset is None for p in passages)


def test_openai_whisper_without_speakers_and_a_bare_segment_list(tmp_path):
    whisper = {
        "text": " We will not leave a single family. Without a roof.",
        "segments": [
            {
                "id": 0,
                "seek": 0,
                "start": 0.0,
                "end": 2.4,
                "text": " We will not leave a single family.",
                "tokens": [],
            },
            {"id": 1, "seek": 0, "start": 2.4, "end": 3.1, "text": " Without a roof.", "tokens": []},
        ],
        "language": "en",
    }
    assert rows(read_reference(write(tmp_path, "whisper.json", json.dumps(whisper)))) == [
        (None, None, 0.0, 3.1, "We will not leave a single family. Without a roof.")
    ]
    bare = [
        {"start": 1, "end": 2, "text": "Yes.", "speaker": "A"},
        {"start": 2, "end": 3, "text": "No.", "speaker": "B"},
    ]
    assert rows(read_reference(write(tmp_path, "bare.json", json.dumps(bare)))) == [
        ("A", None, 1.0, 2.0, "Yes."),
        ("B", None, 2.0, 3.0, "No."),
    ]


def test_aws_transcribe_words_punctuation_and_speaker_segments():
    passages = read_reference(FORMATS / "press_conference.aws.json")
    assert rows(passages) == [
        ("spk_0", None, 1.2, 5.58, GOOD_MORNING),
        ("spk_1", None, 6.1, 15.32, WATER),
        ("spk_2", None, 15.5, 19.54, "Minister, the mayor of San Roque says the dikes were never repaired?"),
        ("spk_1", None, 20.3, 21.62, "That is not true."),
    ]


def test_aws_transcribe_speaker_label_on_items_and_no_labels(tmp_path):
    def item(word, start, speaker=None):
        found = {"type": "pronunciation", "start_time": str(start), "end_time": str(start + 0.25)}
        found["alternatives"] = [{"confidence": "0.99", "content": word}]
        return found | ({"speaker_label": speaker} if speaker else {})

    comma = {"type": "punctuation", "alternatives": [{"confidence": "0.0", "content": ","}]}
    labelled = {"results": {"items": [item("Yes", 0.5, "spk_0"), comma, item("minister", 1.0, "spk_1")]}}
    assert rows(read_reference(write(tmp_path, "new.json", json.dumps(labelled)))) == [
        ("spk_0", None, 0.5, 0.75, "Yes,"),
        ("spk_1", None, 1.0, 1.25, "minister"),
    ]
    unlabelled = {"results": {"transcripts": [], "items": [comma, item("Yes", 0.5), comma, item("sir", 1.0)]}}
    assert rows(read_reference(write(tmp_path, "plain.json", json.dumps(unlabelled)))) == [
        (None, None, 0.5, 1.25, "Yes, sir")
    ]


# -- HTML -----------------------------------------------------------------------------------------


def test_html_main_text_paragraphs():
    passages = read_reference(FORMATS / "press_release.html")
    texts = [p.text for p in passages]
    assert texts[0] == 'Minister Quiroga: "No family without a roof this winter"'
    assert texts[2].startswith(
        '"We will not leave a single family without a roof this winter," the minister said'
    )
    assert texts[4].endswith("An independent inquiry will start as soon as the water is gone.")
    assert len(passages) == 5
    assert not any("Privacy" in t or "Home" in t or "rights reserved" in t for t in texts)  # boilerplate gone
    # Paragraphs wrapped in the HTML source come out as one line each.
    assert texts[1] == (
        "Interior Minister Marta Quiroga visited the shelters of San Roque on Tuesday and met the mayors of "
        "the eleven municipalities affected by the floods in Valle Alto."
    )
    assert all(p.speaker is None and p.offset is None and p.line is None for p in passages)
    assert [p.position for p in passages] == list(range(5))


def test_html_transcript_page_gets_speakers(tmp_path):
    turns = [
        (
            "MS. PSAKI",
            "Good afternoon, everyone. We have a few announcements for you today about the floods.",
        ),
        ("Q", "Thanks, Jen. Will the President visit the region this week, or is that not decided yet?"),
        ("MS. PSAKI", "He will travel there on Thursday, and he will meet the governors of the region."),
    ]
    body = "".join(f"<p>{who}: {said}</p>\n" for who, said in turns)
    page = f"<html><head><title>Press Briefing</title></head><body><article>{body}</article></body></html>"
    passages = read_reference(write(tmp_path, "briefing.html", page))
    assert [(p.speaker, p.text) for p in passages] == turns


def test_html_in_a_declared_legacy_charset(tmp_path):
    sentence = "El ministro dijo que el agua ya bajó en el valle y que las escuelas abrirán pronto. "
    page = (
        b'<html><head><meta charset="windows-1252"><title>Ministerio</title></head><body><article><p>'
        + (sentence * 3).strip().encode("cp1252")
        + b"</p></article></body></html>"
    )
    passages = read_reference(write(tmp_path, "nota.htm", page))
    assert passages[0].text.startswith("El ministro dijo que el agua ya bajó")


# -- content sniffing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("export.txt", "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ana>Hola.\n", ("Ana", 4, 1.0, 2.0, "Hola.")),
        ("export.txt", "1\n00:00:01,000 --> 00:00:02,000\nANA: Hola.\n", ("ANA", 3, 1.0, 2.0, "Hola.")),
        (
            "asr.txt",
            '{"segments": [{"start": 1, "end": 2, "text": " Hola."}]}',
            (None, None, 1.0, 2.0, "Hola."),
        ),
        ("asr.transcript", '[{"start": 1, "end": 2, "text": "Hola."}]', (None, None, 1.0, 2.0, "Hola.")),
        ("notes", "[Reporter] asks again.\n", (None, 1, None, None, "[Reporter] asks again.")),
        ("notes.txt", "{inaudible} and then\n", (None, 1, None, None, "{inaudible} and then")),
    ],
)
def test_sniffing_for_txt_and_unknown_extensions(tmp_path, name, content, expected):
    assert rows(read_reference(write(tmp_path, name, content))) == [expected]


# -- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("broken_timestamp.vtt", "not a valid WebVTT file (Invalid cue block"),
        ("truncated.json", "not valid JSON (Expecting value at line 2 column 1)"),
        ("google_stt.json", "JSON of an unknown shape (top-level keys: results; expected Whisper or AWS"),
        ("latin1_subtitles.srt", "not UTF-8 text (byte 0xed at offset 55); re-save it as UTF-8"),
    ],
)
def test_broken_fixtures(name, reason):
    path = FORMATS / name
    with pytest.raises(ReferenceFileError) as caught:
        read_reference(path)
    assert str(caught.value).startswith(f"{path}: {reason}")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", "", "empty file, nothing to check against"),
        ("blank.vtt", " \n\n \n", "empty file, nothing to check against"),
        ("scan.txt", b"%PDF-1.7\n\x00\x00\x01", "binary file (contains NUL bytes), not a reference file"),
        ("broken.txt", b"\xff\xfe\x00\xd8", "not valid utf-16 text"),
        ("only_front_matter.md", "---\nspeaker: Marta Quiroga\n---\n\n", "no text found to check against"),
        (
            "music.srt",
            "1\n00:00:01,000 --> 00:00:04,000\n[MUSIC PLAYING]\n",
            "no text found to check against",
        ),
        ("silence.json", '{"text": "", "segments": []}', "no text found to check against"),
        ("nothing.vtt", "WEBVTT\n\nNOTE no cues yet\n", "no text found to check against"),
        ("subtitles.vtt", "1\n00:00:01,000 --> 00:00:02,000\nHi.\n", "not a WebVTT file (no WEBVTT header)"),
        ("bad.srt", "This is not a subtitle file.\n", "not an SRT file (Expected contiguous start of match"),
        (
            "bad_time.srt",
            "1\n00:00:05,000 --> 00:00:0x,000\nHi.\n",
            "subtitle 1 ends before it starts (5s > 0s)",
        ),
        ("list.json", "[1, 2, 3]", "JSON of an unknown shape (top level is list;"),
        ("number.json", "42", "JSON of an unknown shape (top level is int;"),
        ("deep.json", "[" * 100_000, "not valid JSON"),
        ("seg.json", '{"segments": {"start": 0}}', 'unexpected Whisper JSON ("segments" is not a list)'),
        (
            "seg.json",
            '{"segments": [{"start": 0, "end": 1}]}',
            "unexpected Whisper JSON (segment 0 has no text)",
        ),
        (
            "seg.json",
            '{"segments": [{"start": "soon", "text": "x"}]}',
            "segment 0 start is not a number: 'soon'",
        ),
        ("seg.json", '{"segments": [{"start": NaN, "text": "x"}]}', "segment 0 start is not a finite number"),
        ("aws.json", '{"results": {"items": [{"type": "pronunciation"}]}}', "item 0 has no alternatives"),
        ("aws.json", '{"results": {"items": {}}}', 'unexpected AWS Transcribe JSON ("items" is not a list)'),
        (
            "aws.json",
            '{"results": {"items": [], "speaker_labels": {"speakers": 2}}}',
            '"speaker_labels" has no segments list',
        ),
        (
            "page.html",
            "<html><head><title>Soon</title></head><body><script>load()</script></body></html>",
            "no main text found in the HTML page",
        ),
        ("page.htm", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes)"),
    ],
)
def test_broken_files_raise_one_line_errors(tmp_path, name, content, reason):
    path = write(tmp_path, name, content)
    with pytest.raises(ReferenceFileError) as caught:
        read_reference(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert reason in message
    assert "\n" not in message and len(message) < len(str(path)) + 170


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ReferenceFileError, match=r"interview\.vtt: no such file$"):
        read_reference(tmp_path / "interview.vtt")
    with pytest.raises(ReferenceFileError, match=r": is a directory, not a reference file$"):
        read_reference(tmp_path)


def test_mangled_files_only_ever_raise_reference_file_error(tmp_path):
    """Random damage to every fixture: passages or a ReferenceFileError, never another exception."""
    rng = random.Random(20240312)
    fixtures = [p for p in sorted(FORMATS.iterdir()) if p.suffix in SUPPORTED_SUFFIXES]
    noise = list("WEBVTT\n\n-->:00.,<v >[](){}\"'Q: 1\r\té*_#")
    for round_ in range(150):
        source = rng.choice(fixtures)
        chars = list(source.read_bytes().decode("utf-8", errors="replace"))
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(len(chars) + 1)
            if rng.random() < 0.5:
                del chars[at : at + rng.randint(1, 30)]
            else:
                chars.insert(at, rng.choice(noise))
        text = "".join(chars)
        path = write(tmp_path, f"mangled{round_}{source.suffix}", text)
        try:
            passages = read_reference(path)
        except ReferenceFileError as error:
            assert "\n" not in str(error)
            continue
        for p in passages:
            assert p.text.strip()
            if p.offset is not None:
                assert text[p.offset : p.offset + len(p.text)] == p.text


# -- listing files --------------------------------------------------------------------------------


def test_iter_reference_files(tmp_path):
    for name in [
        "b/interview.VTT",
        "b/notes.docx",
        "a/deep/er/speech.md",
        "a/statement.txt",
        "a/.hidden.srt",
        ".cache/whisper.json",
        "top.json",
        "page.HTM",
        "audio.mp3",
    ]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    explicit = tmp_path / "audio.mp3"
    missing = tmp_path / "gone.vtt"
    found = iter_reference_files([str(tmp_path), explicit, missing, tmp_path / "top.json"])
    assert found == [
        tmp_path / "a" / "deep" / "er" / "speech.md",
        tmp_path / "a" / "statement.txt",
        tmp_path / "b" / "interview.VTT",
        tmp_path / "page.HTM",
        tmp_path / "top.json",
        explicit,  # named explicitly: kept whatever its extension, to be reported if unreadable
        missing,  # reported by read_reference as "no such file"
    ]
    assert all(isinstance(p, Path) for p in found)


def test_supported_suffixes():
    assert {".txt", ".md", ".markdown", ".vtt", ".srt", ".json", ".html", ".htm"} == SUPPORTED_SUFFIXES
