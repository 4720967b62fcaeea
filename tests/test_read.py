"""Reading articles: plain text, Markdown and HTML blanked in place, Word documents, stdin, paths."""

from __future__ import annotations

import codecs
import io
import re
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import nsdecls

from quotecheck.detect import scan_quotes, split_paragraphs
from quotecheck.model import Document
from quotecheck.read import (
    InputError,
    blank_html,
    blank_markdown,
    decode,
    expand_article_paths,
    read_document,
    read_stdin,
)

FORMATS = Path(__file__).resolve().parent.parent / "fixtures" / "formats"
MARKDOWN = FORMATS / "council_budget.md"
HTML = FORMATS / "council_budget.html"

MARKS = "\"'“”‘’«»„‹›"
# An opening mark as an HTML file may write it, just before a quote's first word.
HTML_OPENER = re.compile(r"(?:&#8220;|&ldquo;|&quot;|&#34;|<q>|[\"“])\Z")
HTML_CLOSER = re.compile(r"(?:&#8221;|&rdquo;|&quot;|&#34;|</q>|[\"”])")


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def newlines(text: str) -> list[int]:
    return [index for index, char in enumerate(text) if char in "\r\n"]


def assert_same_shape(blanked: str, original: str) -> None:
    """Same length, newlines (and carriage returns) exactly where the file has them."""
    assert len(blanked) == len(original)
    assert newlines(blanked) == newlines(original)


def quote_texts(text: str) -> list[str]:
    spans, _ = scan_quotes(text)
    return [" ".join(" ".join(text[start:end].split()) for start, end in span.segments) for span in spans]


def assert_one_line(error: pytest.ExceptionInfo[InputError], name: str | Path) -> None:
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith(f"{name}: ")


# -- plain text and decoding -------------------------------------------------------------------


def test_plain_text_is_read_as_it_is(tmp_path):
    text = "The final was on Sunday.\r\n\r\n“We won,” said Maria Lopez.\n"
    document = read_document(write(tmp_path, "article.txt", text))
    assert document == Document(str(tmp_path / "article.txt"), text)
    assert document.original is None
    assert document.source == text


def test_unknown_extension_is_plain_text(tmp_path):
    text = '<p>"Markup here is text," she said.</p>\n'
    document = read_document(write(tmp_path, "article.story", text))
    assert document.text == text
    assert document.original is None


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)],
)
@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_byte_order_marks(tmp_path, encoding, bom, suffix):
    text = "“We won the final,” said Maria Lopez.\n"
    document = read_document(write(tmp_path, f"bom{suffix}", bom + text.encode(encoding)))
    assert document.source == text  # BOM removed, offsets into the decoded text
    assert quote_texts(document.text) == ["We won the final,"]


BAD_BYTES = {
    "latin-1": ('Caf\u00e9 owner said "ol\u00e9".'.encode("latin-1"), "0xe9"),
    "binary": (b"GIF89a\x00\x01\x02 some bytes\x00", "binary"),
    "empty": (b"", "empty"),
    "whitespace": (b"  \n\n\t\n", "empty"),
    "utf-16-truncated": (codecs.BOM_UTF16_LE + b"a", "utf-16"),
}


@pytest.mark.parametrize("kind", list(BAD_BYTES))
@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".unknown"])
def test_undecodable_files_are_one_line_errors_naming_the_file(tmp_path, kind, suffix):
    raw, words = BAD_BYTES[kind]
    path = write(tmp_path, f"{kind}{suffix}", raw)
    with pytest.raises(InputError) as error:
        read_document(path)
    assert_one_line(error, path)
    assert words in str(error.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file") as error:
        read_document(tmp_path / "missing.md")
    assert_one_line(error, tmp_path / "missing.md")
    with pytest.raises(InputError, match="directory"):
        read_document(tmp_path)


def test_decode_is_still_public():
    assert decode(codecs.BOM_UTF8 + "“Hi”".encode(), "x.txt") == "“Hi”"
    with pytest.raises(InputError, match=r"^x\.txt: not UTF-8"):
        decode(b"\xe9", "x.txt")


def test_html_with_a_legacy_charset_declared_is_read(tmp_path):
    page = '<meta charset="windows-1252"><p>\u201cOl\u00e9,\u201d she said.</p>'
    document = read_document(write(tmp_path, "legacy.html", page.encode("cp1252")))
    assert document.original == page
    assert quote_texts(document.text) == ["Olé,"]


def test_markdown_with_only_markup_is_an_error(tmp_path):
    path = write(tmp_path, "empty.md", "---\ntitle: x\n---\n\n<!-- nothing yet -->\n")
    with pytest.raises(InputError, match="no article text") as error:
        read_document(path)
    assert_one_line(error, path)


# -- standard input ----------------------------------------------------------------------------


def test_read_stdin():
    document = read_stdin("“We won,” said Maria Lopez.\n".encode())
    assert document == Document("<stdin>", "“We won,” said Maria Lopez.\n")
    assert read_stdin(codecs.BOM_UTF16_LE + "“A”".encode("utf-16-le"), name="pipe").path == "pipe"


@pytest.mark.parametrize("raw", [b"", b" \n", b"\x00\x01", b"caf\xe9"])
def test_read_stdin_errors_name_stdin(raw):
    with pytest.raises(InputError) as error:
        read_stdin(raw)
    assert_one_line(error, "<stdin>")


def test_dash_reads_standard_input(monkeypatch):
    class FakeStdin:
        buffer = io.BytesIO(b'"Yes," he said.\n')

    monkeypatch.setattr(sys, "stdin", FakeStdin())
    assert read_document("-") == Document("<stdin>", '"Yes," he said.\n')


# -- Markdown ----------------------------------------------------------------------------------


def test_markdown_fixture_keeps_every_offset():
    document = read_document(MARKDOWN)
    original = MARKDOWN.read_text(encoding="utf-8")
    assert document.original == original
    assert document.source == original
    assert_same_shape(document.text, original)
    spans, anomalies = scan_quotes(document.text)
    assert anomalies == []
    for span in spans:
        for start, end in span.segments:
            # The marks are where the file has them, and so is every word of the quote.
            assert original[start - 1] in MARKS and original[end] in MARKS
            assert document.text[start:end].split() == original[start:end].split()
            line, column = document.line_column(start)
            assert original.split("\n")[line - 1][column - 1 :].startswith(original[start:end].split("\n")[0])
    assert quote_texts(document.text) == [
        "a budget for the neighbourhoods, not for the consultants.",
        "We are papering over a structural deficit, and everyone in this room knows it,",
        "Next year the bill comes due.",
        "Nobody wants to pay more to park,",
        "But the buses have to run.",
        "a tax by another name",
        "I won't promise that,",
    ]


def test_markdown_fixture_markup_is_gone():
    text = read_document(MARKDOWN).text
    for gone in ("---", "title:", "#", "**", "*By", "](", "chamber.jpg", "[fees]", "<!--", "TK", "```"):
        assert gone not in text
    for gone in ('6-3 "aye"', "-----", "`parking`", "> “Nobody", "\n- the"):
        assert gone not in text
    assert text.count("|") == 1  # the byline's, which is prose; the table's are gone
    assert "Okafor’s office" in " ".join(text.split())  # &rsquo; decoded inside the word
    assert "Metro desk" in text and "fee schedule" in text
    assert "Transit   9.1   9.8" in text  # a table's cells stay apart


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        # front matter, YAML and TOML
        ('---\ntitle: "A quote"\n---\nBody "text".\n', 'Body "text".'),
        ('+++\ntitle = "A quote"\n+++\nBody "text".\n', 'Body "text".'),
        ('---\ntitle: "A quote"\n...\nBody.\n', "Body."),
        # headings, emphasis, strikethrough
        ('# "We won" ##\n', '"We won"'),
        ("## Setext\n\nTitle\n=====\n", "Setext Title"),
        ('*"Yes,"* said **Ana** and __Bo__ and _Cy_ and ~~Di~~.', '"Yes," said Ana and Bo and Cy and Di.'),
        ("***all of it***", "all of it"),
        ("It was 5 * 3 for snake_case and ~5 people.", "It was 5 * 3 for snake_case and ~5 people."),
        ("A lone * and _ stay.", "A lone * and _ stay."),
        # inline code keeps its words; escapes keep the character
        ('Run `say "hi"` now.', 'Run say "hi" now.'),
        ("Use ``a ` tick`` here.", "Use a ` tick here."),
        (r"Not \*emphasis\* and \[not a link\](x).", "Not *emphasis* and [not a link](x)."),
        # links, images, references, footnotes
        ('Read [the "report"](https://x.org/r "Title") now.', 'Read the "report" now.'),
        ("See [the plan (draft)](https://x.org/a_(b)) too.", "See the plan (draft) too."),
        ("A ![chart of “cuts”](img.png) here.", "A here."),
        ("[![logo](l.png)](https://x.org) home", "home"),
        ("As [the city][c] said.\n\n[c]: https://x.org 'City'\n", "As the city said."),
        ("As [the city][] said.\n\n[The City]: <https://x.org>\n", "As the city said."),
        ("As [the city] said.\n\n[the city]: https://x.org\n", "As the city said."),
        ('"We [the council] agreed," she said.', '"We [the council] agreed," she said.'),
        ("Costs rose.[^1]\n\n[^1]: Budget office.\n", "Costs rose. Budget office."),
        ("Mail <press@x.org> or <https://x.org>.", "Mail press@x.org or https://x.org."),
        # blocks: quotes, lists, tasks, breaks, tables
        ("> “Yes,” she said.\n> > “No.”", "“Yes,” she said. “No.”"),
        ("- one\n* two\n+ three\n1. four\n2) five", "one two three four five"),
        ("- [x] done\n- [ ] not yet", "done not yet"),
        ("Top\n\n***\n\n- - -\n\nEnd", "Top End"),
        ("| a | b |\n|:--|--:|\n| “c” | d \\| e |\n\nAfter | pipe", "a b “c” d | e After | pipe"),
        ("The year ended.\n2024. That was it.", "The year ended. 2024. That was it."),
        # code blocks
        ('Before.\n\n```python\nprint("no")\n```\n\nAfter.', "Before. After."),
        ('Before.\n\n~~~~\n"no"\n~~~\n~~~~\n\nAfter.', "Before. After."),
        ('> ```\n> "no"\n> ```\n> "yes"', '"yes"'),
        ('Before.\n\n```\n"never closed"\n', "Before."),
        # HTML in Markdown
        ('A<!-- "hidden" -->B <span class="x">C</span> <br/> D', "AB C D"),
        ("a < b and c > d", "a < b and c > d"),
        ('<script>var q = "no";</script>Text', "Text"),
        ('Use the `<script>` tag and `<!--` "here".', 'Use the <script> tag and <!-- "here".'),
        ('A <script> never closed, "quoted".', 'A never closed, "quoted".'),
        ("&ldquo;Hi,&rdquo; AT&T said. Q&A &amp; &bogus;", "“Hi,” AT&T said. Q&A & &bogus;"),
    ],
)
def test_markdown_blanking(markdown, expected):
    blanked = blank_markdown(markdown)
    assert_same_shape(blanked, markdown)
    assert " ".join(blanked.split()) == expected


def test_markdown_quote_marks_stay_put():
    markdown = (
        '# “Heading” with "marks"\n\n'
        "> *‘Single,’* she said, **«guillemets»**, [“linked”](https://x.org) and `‹code›`.\n\n"
        "- “listed” | 'straight' item\n\n"
        "| “cell” | ’90s |\n|---|---|\n| x | y |\n"
    )
    blanked = blank_markdown(markdown)
    assert_same_shape(blanked, markdown)
    for index, char in enumerate(markdown):
        if char in MARKS:
            assert blanked[index] == char, (index, char)


def test_markdown_closing_mark_after_markup_still_closes():
    markdown = '"We **never** agreed to **that**", she said, "*ever*."'
    blanked = blank_markdown(markdown)
    assert_same_shape(blanked, markdown)
    assert '  that"' in blanked
    assert quote_texts(blanked) == ["We never agreed to that", "ever."]


def test_markdown_words_split_by_markup_are_joined():
    # Padding inside a word would turn its apostrophe into a closing mark.
    markdown = "**Arce**’s plan, un*believ*able, [Okafor](https://x.org)'s office, caf&eacute;s."
    blanked = blank_markdown(markdown)
    assert_same_shape(blanked, markdown)
    assert blanked.split() == ["Arce’s", "plan,", "unbelievable,", "Okafor's", "office,", "cafés."]
    assert quote_texts(blanked) == []


def test_markdown_crlf_line_endings():
    markdown = "---\r\ntitle: x\r\n---\r\n# Title\r\n\r\n> “Yes,” **she** said.\r\n"
    blanked = blank_markdown(markdown)
    assert_same_shape(blanked, markdown)
    assert blanked.split() == ["Title", "“Yes,”", "she", "said."]


def test_markdown_front_matter_must_close_and_open_the_file():
    assert "title" in blank_markdown("---\ntitle: never closed\n")
    assert "b: 1" in blank_markdown("Text\n---\nb: 1\n---\n")


def test_markdown_document_quotes_map_into_the_original(tmp_path):
    original = (
        "## Vote\n\n"
        "Councillor **Ana Ruiz** said the plan was *“a fair deal for [everyone](https://x.org)”* "
        "and added: “We voted `yes`.”\n"
    )
    document = read_document(write(tmp_path, "vote.markdown", original))
    assert document.original == original
    spans, _ = scan_quotes(document.text)
    assert [span.segments for span in spans] == [
        ((original.index("“a") + 1, original.index("”*")),),
        ((original.index("“We") + 1, original.index(".”") + 1),),
    ]


# -- HTML --------------------------------------------------------------------------------------


def test_html_fixture_keeps_every_offset():
    document = read_document(HTML)
    original = HTML.read_text(encoding="utf-8")
    assert document.original == original
    assert len(document.text) == len(original)
    spans, anomalies = scan_quotes(document.text)
    assert anomalies == []
    for span in spans:
        for start, end in span.segments:
            # Each quote starts right after its opening mark as the file writes it, and ends at its closer.
            assert HTML_OPENER.search(original, 0, start), original[start - 10 : start]
            assert HTML_CLOSER.match(original, end), original[end : end + 10]
    assert quote_texts(document.text) == [
        "a budget for the neighbourhoods, not for the consultants.",
        "We are papering over a structural deficit, and everyone in this room knows it,",
        "Next year the bill comes due.",
        "Nobody wants to pay more to park,",
        "But the buses have to run.",
        "I won't promise that,",
    ]


def test_html_fixture_furniture_is_gone_and_paragraphs_stay_apart():
    text = read_document(HTML).text
    for gone in ("<", ">", "&", "Riverton Ledger", "dataLayer", "content:", "Metro", "Sports"):
        assert gone not in text
    for gone in ("Read more", 'structural deficit" figure', "Local news", "2025"):
        assert gone not in text
    assert "Okafor’s office" in " ".join(text.split())
    paragraphs = [" ".join(text[p.start : p.end].split()) for p in split_paragraphs(text)]
    assert paragraphs[:3] == [
        "Council passes budget after late-night session",
        "By Priya Natarajan",
        "The Riverton city council approved a $48 million budget early Wednesday after a six-hour "
        "meeting. Mayor Helen Okafor called it “a budget for the neighbourhoods, not for the consultants.”",
    ]
    assert len(paragraphs) == 7


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("<p>&ldquo;Yes,&rdquo; she said.</p>", "“Yes,” she said."),
        ("<p>&#8220;Yes,&#8221; &#x201C;no&#X201D;</p>", "“Yes,” “no”"),
        ("<p>&quot;Yes,&quot; he said &amp; left.</p>", '"Yes," he said & left.'),
        ("<p>It&rsquo;s Arce&#8217;s, rock&#39;n&#39;roll, &lsquo;90s</p>", "It’s Arce’s, rock'n'roll, ‘90s"),
        ("<p>&Eacute;cole r&eacute;sum&eacute; AT&T Q&A &bogus; &amp</p>", "École résumé AT&T Q&A &bogus; &"),
        ("<p>She said <q>no <q>never</q> again</q>.</p>", "She said “no ‘never’ again”."),
        ("<p><em>un</em>likely and <b>Arce</b>&rsquo;s</p>", "unlikely and Arce’s"),
        ("<p>&#8220;We will&#8230;&#8221;, he said</p>", "“We will…”, he said"),
        ("<p>a</p><p>b</p><div>c</div><li>d</li>", "a b c d"),
        ("<script>x = '<p>\"no\"</p>'</script><style>p{}</style><p>yes</p>", "yes"),
        ("<head><title>T</title><p>still head?<body><p>body</p>", "body"),
        ("<nav><nav>in</nav>still nav</nav><p>out</p>", "out"),
        ("<aside>a</aside><footer>f</footer><header>h</header><noscript>n</noscript>ok", "ok"),
        ('<p title="a > b">x</p><p data-x=\'"q"\'>y</p>', "x y"),
        ("<!-- “not” --><!DOCTYPE html><![CDATA[x]]><?php echo 1; ?>z", "z"),
        ("<p>a < b and c > d</p>", "a < b and c > d"),
        ('<p>broken <a href="x>link</a> text</p>', "broken link text"),
        ("<nav>never closed<p>text</p>", "never closed text"),
        ("<p>A <script>never closed</p><style-guide>x</style-guide>", "A never closed x"),
    ],
)
def test_html_blanking(page, expected):
    blanked = blank_html(page)
    assert len(blanked) == len(page)
    assert " ".join(blanked.split()) == expected


def test_html_no_break_space_stays_one():
    # A no-break space stays one (French quotes hold them), glued to its mark and word.
    blanked = blank_html("<p>&laquo;&nbsp;Nous refusons&nbsp;&raquo;, dit-il.</p>")
    assert [word for word in re.split("[ \n]+", blanked) if word] == [
        "«\u00a0Nous",
        "refusons\u00a0»,",
        "dit-il.",
    ]
    # Whatever the scanner makes of French spacing, it makes the same of the page as of its text.
    assert quote_texts(blanked) == quote_texts("«\u00a0Nous refusons\u00a0», dit-il.")


def test_html_block_tags_make_paragraphs_and_br_a_line():
    page = "<p>One.</p><p>Two<br>still two.</p><br><br>Three."
    blanked = blank_html(page)
    assert [blanked[p.start : p.end] for p in split_paragraphs(blanked)] == [
        "One.",
        "Two\n   still two.",
        "Three.",
    ]


def test_html_entity_quotes_start_where_the_file_has_the_words():
    page = "<p>&ldquo;We will not,&rdquo; said Ana. &quot;Never,&quot; said Bo.</p>"
    (first, second), _ = scan_quotes(blank_html(page))
    assert first.segments == ((page.index("We"), page.index(",&rdquo;") + 1),)
    assert second.segments == ((page.index("Never"), page.index(",&quot; said Bo") + 1),)


# -- Word documents ----------------------------------------------------------------------------


def make_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, cells in zip(grid.rows, table, strict=True):
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
    document.save(str(path))
    return path


def test_docx_paragraphs_become_paragraphs(tmp_path):
    path = make_docx(
        tmp_path / "story.docx",
        [
            "Council passes budget",
            "",
            "“We are papering over a deficit,” Bell said.",
            "Okafor’s office agreed.",
        ],
        table=[["Who", "Said"], ["Bell", "“No.”"]],
    )
    document = read_document(path)
    assert document.original is None
    assert document.text == (
        "Council passes budget\n\n“We are papering over a deficit,” Bell said.\n\n"
        "Okafor’s office agreed.\n\nWho\n\nSaid\n\nBell\n\n“No.”"
    )
    assert len(split_paragraphs(document.text)) == 7
    assert quote_texts(document.text) == ["We are papering over a deficit,", "No."]


def test_docx_tracked_changes_read_as_accepted(tmp_path):
    path = make_docx(tmp_path / "tracked.docx", ["placeholder"])
    document = docx.Document(str(path))
    paragraph = document.paragraphs[0]._p
    paragraph.clear()
    for xml in (
        '<w:r><w:t xml:space="preserve">“We will </w:t></w:r>',
        '<w:del w:id="1" w:author="Ed"><w:r><w:delText>never</w:delText></w:r></w:del>',
        '<w:ins w:id="2" w:author="Ed"><w:r><w:t>always</w:t></w:r></w:ins>',
        '<w:r><w:t xml:space="preserve"> fight,”</w:t><w:tab/><w:t>she said.</w:t></w:r>',
    ):
        # The namespace declaration goes on each fragment's first element.
        paragraph.append(docx.oxml.parse_xml(xml.replace(">", f" {nsdecls('w')}>", 1)))
    document.save(str(path))
    assert read_document(path).text == "“We will always fight,”\tshe said."


def test_docx_without_text_is_an_error(tmp_path):
    path = make_docx(tmp_path / "blank.docx", ["", "   "])
    with pytest.raises(InputError, match="no text") as error:
        read_document(path)
    assert_one_line(error, path)


def broken_docx(tmp_path: Path) -> dict[str, bytes]:
    good = make_docx(tmp_path / "good.docx", ["Text."]).read_bytes()
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")
    return {
        "renamed-text": b'"We won," said Maria Lopez.\n',
        "truncated": good[: len(good) // 2],
        "other-zip": other_zip.getvalue(),
        "garbled": good[:40] + b"\x00" * 200 + good[240:],
        "empty": b"",
    }


@pytest.mark.parametrize("kind", ["renamed-text", "truncated", "other-zip", "garbled", "empty"])
def test_corrupt_docx_is_a_one_line_error(tmp_path, kind):
    path = write(tmp_path, f"{kind}.docx", broken_docx(tmp_path)[kind])
    with pytest.raises(InputError) as error:
        read_document(path)
    assert_one_line(error, path)


# -- which files -------------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in (
        "drafts/b.md",
        "drafts/a.txt",
        "drafts/sub/c.html",
        "drafts/sub/d.DOCX",
        "drafts/sub/e.htm",
        "drafts/sub/f.markdown",
        "drafts/notes.rst",
        "drafts/image.png",
        "drafts/.hidden.md",
        "drafts/.git/g.md",
        "drafts/sub/.cache/h.txt",
        "other/x.txt",
    ):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    return tmp_path


DRAFTS = [
    "drafts/a.txt",
    "drafts/b.md",
    "drafts/sub/c.html",
    "drafts/sub/d.DOCX",
    "drafts/sub/e.htm",
    "drafts/sub/f.markdown",
]


def test_folder_is_expanded_recursively_sorted_without_hidden_files(tree):
    assert expand_article_paths(["drafts"]) == DRAFTS
    assert expand_article_paths(["drafts/sub"], extensions=(".html",)) == ["drafts/sub/c.html"]


def test_files_dash_and_missing_paths_are_kept(tree):
    arguments = ["drafts/notes.rst", "-", "missing.txt", "nothing/*.md", "drafts/.hidden.md"]
    assert expand_article_paths(arguments) == arguments


def test_glob_patterns_are_expanded_and_sorted(tree):
    assert expand_article_paths(["drafts/**/*.m*"]) == ["drafts/b.md", "drafts/sub/f.markdown"]
    assert expand_article_paths(["drafts/*.rst", "other/*"]) == ["drafts/notes.rst", "other/x.txt"]
    # A folder the pattern matches is expanded like a folder argument.
    assert expand_article_paths(["dr*"]) == DRAFTS


def test_a_folder_or_pattern_with_no_article_files_is_kept(tree):
    (tree / "empty" / ".hidden").mkdir(parents=True)
    (tree / "empty" / "photo.jpg").write_bytes(b"\xff")
    assert expand_article_paths(["empty", "empty/*.md", "emp*"]) == ["empty", "empty/*.md", "emp*"]
    with pytest.raises(InputError, match="directory"):
        read_document(expand_article_paths(["empty"])[0])


def test_duplicates_are_removed_keeping_the_first(tree):
    arguments = [
        "drafts/b.md",
        "drafts",
        "./drafts/a.txt",
        "drafts/*.md",
        "-",
        "-",
        str(tree / "other/x.txt"),
    ]
    assert expand_article_paths(arguments) == [
        "drafts/b.md",
        "drafts/a.txt",
        *DRAFTS[2:],
        "-",
        str(tree / "other/x.txt"),
    ]


def test_ignore_drops_found_files_not_named_ones(tree):
    seen: list[Path] = []

    def ignore(path: Path) -> bool:
        seen.append(path)
        return path.match("sub/*")

    assert expand_article_paths(["drafts", "drafts/sub/c.html"], ignore=ignore) == [
        "drafts/a.txt",
        "drafts/b.md",
        "drafts/sub/c.html",
    ]
    assert all(isinstance(path, Path) for path in seen)
    assert expand_article_paths(["drafts/**/*.htm*"], ignore=ignore) == []


def test_expanded_paths_read(tree):
    (tree / "drafts" / "b.md").write_text("**“Yes,”** she said.\n", encoding="utf-8")
    documents = [read_document(path) for path in expand_article_paths(["drafts/*.md"])]
    assert [quote_texts(document.text) for document in documents] == [["Yes,"]]


# -- through the whole pipeline ----------------------------------------------------------------


def test_markdown_and_html_articles_through_the_pipeline(run_files):
    results = run_files(MARKDOWN, HTML)
    for result in results:
        original = result.document.original
        assert original is not None and len(result.document.text) == len(original)
        speakers = {quote.text.split()[1]: quote.speaker and quote.speaker.name for quote in result.quotes}
        assert speakers["budget"] == "Helen Okafor"
        assert speakers["wants"] == "Dana Whitfield"
        assert speakers["won't"] == "Helen Okafor"
        for quote in result.quotes:
            # The speaker mention is where the file has it.
            if quote.speaker is not None:
                mention = quote.speaker
                assert original[mention.start : mention.end] == mention.mention
