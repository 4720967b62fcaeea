"""Reference files -> :class:`~quotecheck.model.Passage` objects, the material quotes are checked against.

Formats, chosen by extension (and by content for ``.txt`` and unknown extensions):

* ``.txt``, ``.md``, ``.markdown``: paragraphs, with an optional front matter whose
  ``speaker`` applies to every passage; a text whose paragraphs open with speaker
  labels (``ARCE: …``, ``Q: …``) is read as a transcript, one passage per turn.
* ``.vtt`` (WebVTT voice spans) and ``.srt`` (``NAME:``/``[Name]`` labels): cues,
  consecutive cues of one speaker merged, with their times.
* ``.json``: Whisper / whisperX segments or AWS Transcribe items, merged by speaker.
* ``.html``, ``.htm``: the page's main text, one passage per paragraph.

Every failure is a :class:`ReferenceFileError` with a one-line message naming the file.
"""

from __future__ import annotations

from quotecheck.reference.dispatch import SUPPORTED_SUFFIXES, iter_reference_files, read_reference
from quotecheck.reference.errors import ReferenceFileError

__all__ = ["SUPPORTED_SUFFIXES", "ReferenceFileError", "iter_reference_files", "read_reference"]
