"""quotecheck: find, attribute and fact-check direct quotations in news articles.

The pipeline is ``read -> detect -> attribute -> (resolve) -> report``::

    from quotecheck import extract
    result = extract("article.txt")[0]
    for quote in result.quotes:
        print(quote.kind, quote.speaker and quote.speaker.name, quote.text)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "extract", "extract_text"]

if TYPE_CHECKING:
    from quotecheck.pipeline import extract, extract_text


def __getattr__(name: str) -> Any:
    # Lazy, so that importing the package (and the CLI's --help) never loads spaCy.
    if name in ("extract", "extract_text"):
        from quotecheck import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
