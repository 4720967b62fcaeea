"""Web pages: the main text extracted with trafilatura (menus, footers and ads left out).

Offsets and lines are not given: the passages are extracted text, not slices of the
file. A page that is a transcript (``MS. PSAKI: …`` paragraphs) gets its speakers.
"""

from __future__ import annotations

from quotecheck.model import Passage
from quotecheck.reference.errors import fail
from quotecheck.reference.text import speaker_spans


def read_html(source: str, text: str) -> list[Passage]:
    # Imported here: trafilatura (lxml, dateparser) takes a tenth of a second to import,
    # which every other reader and the CLI's start-up would pay for nothing.
    import trafilatura

    try:
        extracted = trafilatura.extract(text, include_comments=False, include_tables=True, deduplicate=False)
    except Exception as error:  # any failure of a third-party parser on a bad page is a bad file
        raise fail(source, f"cannot extract text from HTML ({type(error).__name__}: {error})") from None
    if not extracted or not extracted.strip():
        raise fail(source, "no main text found in the HTML page")
    # trafilatura writes one paragraph per line; blank lines make them paragraphs for speaker_spans.
    body = "\n\n".join(line.strip() for line in extracted.splitlines() if line.strip())
    return [
        Passage(source, body[start:end], speaker=speaker, position=i)
        for i, (start, end, speaker) in enumerate(speaker_spans(body))
    ]
