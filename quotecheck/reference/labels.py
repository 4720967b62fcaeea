"""Speaker labels written into the text: ``ARCE: …``, ``Luis Arce: …``, ``Q: …``, ``[Name] …``.

Transcripts and subtitle files name speakers this way when the format has no field
for it. A label must look like a short name, so that ``Three things matter: …`` or
``[laughter]`` are not taken for speakers.
"""

from __future__ import annotations

import re

# ``NAME:`` at the start of a line, optionally in Markdown bold (``**ARCE:**``, ``**ARCE**:``).
# The colon must be followed by a space or the end of the line: ``10:30`` and ``http://`` are not labels.
_COLON_LABEL = re.compile(
    r"(?:\*\*|__)?(?P<name>[^\W\d_][^:\n*]{0,47}?)(?:\*\*|__)?[ \t]?:(?:\*\*|__)?(?=[ \t\r\n]|$)"
)
# ``[Name]`` or ``(Name)`` leading a subtitle cue, as SDH subtitles mark off-screen speakers.
_BRACKET_LABEL = re.compile(r"[\[(](?P<name>[^\[\]()\n]{1,48})[\])][ \t]*:?")

_WORD = re.compile(r"[^\W_][\w.'’-]*")
_MAX_WORDS = 5
# Lower-case words that still belong in a name: "Carlos de la Fuente", "Ursula von der Leyen".
_PARTICLES = frozenset("al bin da das de del della der di do dos du el la las le los van von y".split())
# Words that make a label a heading, a metadata line or a sound, not a person:
# "Date: …", "Editor's note: …", "[APPLAUSE]", "(MUSIC PLAYING)".
_NOT_SPEAKERS = frozenset(
    """
    applause background booing cheering cheers chuckles chuckling coughs coughing crosstalk
    date editor's editor’s foreign gasps inaudible indistinct laughs laughter location music
    noise note pause photo place playing sighs silence singing source subject summary time title
    transcript translation unintelligible update url video
    """.split()
)


def is_name(label: str) -> bool:
    """Whether ``label`` reads like a speaker's name or a transcript tag (``Q``, ``SPEAKER 2``)."""
    words = label.split()
    if not 1 <= len(words) <= _MAX_WORDS or not words[0][0].isupper():
        return False
    for word in words:
        if not _WORD.fullmatch(word) or word.lower() in _NOT_SPEAKERS:
            return False
        if not (word[0].isupper() or word[0].isdigit() or word in _PARTICLES):
            return False
    return True


def colon_label(line: str) -> tuple[str, int] | None:
    """The speaker named by a ``NAME:`` label opening ``line``, and where the label ends."""
    match = _COLON_LABEL.match(line)
    if match is None:
        return None
    name = match.group("name").strip()
    return (name, match.end()) if is_name(name) else None


def leading_label(text: str) -> tuple[str, int] | None:
    """The speaker named by a ``NAME:``, ``[Name]`` or ``(Name)`` label opening ``text``."""
    found = colon_label(text)
    if found is not None:
        return found
    match = _BRACKET_LABEL.match(text)
    if match is None:
        return None
    name = match.group("name").strip()
    return (name, match.end()) if is_name(name) else None


def is_annotation(text: str) -> bool:
    """A cue holding only a bracketed note such as ``[APPLAUSE]``: no words anybody said."""
    return re.fullmatch(r"\s*(?:[\[(][^\[\]()]*[\])]\s*)+", text) is not None
