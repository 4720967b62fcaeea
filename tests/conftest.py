"""Shared fixtures: one spaCy pipeline per session, and helpers to run the pipeline with it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from quotecheck.cues import CueLexicon
from quotecheck.model import ExtractResult, Quote

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
LAYOUTS = FIXTURES / "layouts"
SEED_ARTICLE = FIXTURES / "bolivia_coup.txt"

RunText = Callable[..., ExtractResult]


@pytest.fixture(scope="session")
def nlp():
    """The English pipeline, loaded once for the whole session.

    ``load_pipeline`` is memoised by its arguments; the CLI calls ``load_pipeline(None)``
    when no ``--model`` is given, so asking with the same argument here makes the
    CliRunner tests reuse this very object instead of loading a second copy.
    """
    from quotecheck.nlp import load_pipeline

    return load_pipeline(None)


@pytest.fixture(scope="session")
def run_text(nlp) -> RunText:
    """``run_text(text, lexicon=None)``: ``extract_text`` with the session pipeline."""
    from quotecheck.pipeline import extract_text

    def run(text: str, lexicon: CueLexicon | None = None) -> ExtractResult:
        return extract_text(text, nlp, lexicon)

    return run


@pytest.fixture(scope="session")
def run_files(nlp) -> Callable[..., list[ExtractResult]]:
    """``run_files(path, ...)``: ``extract`` on files with the session pipeline."""
    from quotecheck.pipeline import extract

    def run(*paths: str | Path, lexicon: CueLexicon | None = None) -> list[ExtractResult]:
        return extract([str(path) for path in paths], nlp, lexicon)

    return run


@pytest.fixture(scope="session")
def layout(run_files) -> Callable[[str], ExtractResult]:
    """``layout("british_style")``: the result for ``fixtures/layouts/<name>.txt``, parsed once."""
    cache: dict[str, ExtractResult] = {}

    def get(name: str) -> ExtractResult:
        if name not in cache:
            (cache[name],) = run_files(LAYOUTS / f"{name}.txt")
        return cache[name]

    return get


@pytest.fixture(scope="session")
def seed(run_files) -> ExtractResult:
    """The result for the real seed article, parsed once."""
    (result,) = run_files(SEED_ARTICLE)
    return result


def _quote_with(result: ExtractResult, snippet: str) -> Quote:
    matches = [quote for quote in result.quotes if snippet in quote.text]
    assert len(matches) == 1, f"expected one quote containing {snippet!r}, got {[q.text for q in matches]}"
    return matches[0]


@pytest.fixture(scope="session")
def quote_with() -> Callable[[ExtractResult, str], Quote]:
    """``quote_with(result, snippet)``: the one quote whose text contains ``snippet``."""
    return _quote_with
