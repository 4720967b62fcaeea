"""Project settings from a TOML file, merged with the command line, and ignore patterns.

Where the settings come from, first match wins:

1. ``--config FILE`` on the command line (``load_settings(path=FILE)``);
2. otherwise the nearest config file found by walking up from the working directory
   to the filesystem root. In each folder the files are tried in this order:

   * ``quotecheck.toml``   -- settings at the top level (or under ``[quotecheck]``);
   * ``.quotecheck.toml``  -- the same, for those who like their config hidden;
   * ``pyproject.toml``    -- settings under ``[tool.quotecheck]``. A pyproject.toml
     without that table says nothing about quotecheck, so it is skipped and the walk
     goes on to the parent folder;

3. otherwise the defaults (``Settings()``).

Keys: ``reference`` (a path or a list of paths), ``index``, ``model``, ``fail-on`` (or
``fail_on``), ``cues`` (list), ``ignore`` (list of glob patterns), ``format``. Relative
``reference``/``index`` paths are resolved against the config file's folder, and
``ignore`` patterns are relative to it, so the file means the same from any working
directory. Command-line options override the file (:func:`merge`).

Every problem with a config file is a :class:`ConfigError` whose message is one line
naming the file and the key; the CLI turns it into exit code 2.

Ignore patterns (``ignore`` and ``.quotecheckignore``) are a gitignore subset: blank lines
and ``#`` comments are skipped, ``dir/`` matches folders only, ``*`` and ``?`` stay within
one path component, ``**`` spans any number of folders, ``[abc]`` is a character class,
``!pattern`` re-includes, the last matching pattern wins. A pattern with no slash (other
than a trailing one) matches a file or folder name at any depth; one with a slash is
anchored to the folder the patterns are relative to.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from enum import Enum
from pathlib import Path
from typing import Any

from quotecheck.model import FAIL_ON_CHOICES

# In each folder, in this order (see the module docstring).
CONFIG_NAMES: tuple[str, ...] = ("quotecheck.toml", ".quotecheck.toml", "pyproject.toml")
IGNORE_FILE = ".quotecheckignore"
# Output formats a config file may name; the renderers live in quotecheck/report/.
FORMAT_CHOICES: tuple[str, ...] = ("table", "json", "sarif", "github", "rdjsonl")

# TOML key -> Settings field. Both spellings of fail-on, as TOML users write either.
_KEYS: dict[str, str] = {
    "reference": "reference",
    "index": "index",
    "model": "model",
    "fail-on": "fail_on",
    "fail_on": "fail_on",
    "cues": "cues",
    "ignore": "ignore",
    "format": "format",
}


class ConfigError(Exception):
    """A config file (or option) quotecheck cannot use; the message is one line."""


_Fail = Callable[[str], ConfigError]  # message -> the error naming file and key


@dataclass(frozen=True)
class Settings:
    """Everything a run can take from a config file, after path resolution."""

    reference: tuple[str, ...] = ()  # reference files or folders
    index: str | None = None  # a database built by 'quotecheck index build'
    model: str | None = None  # spaCy pipeline
    fail_on: str = "divergent"  # a key of quotecheck.model.FAIL_ON_CHOICES
    cues: tuple[str, ...] = ()  # extra cue verbs
    ignore: tuple[str, ...] = ()  # patterns of article files to skip
    format: str | None = None  # one of FORMAT_CHOICES
    source: Path | None = None  # the config file these came from; None for the defaults


# -- finding and loading the file ----------------------------------------------------------


def find_config(start: Path) -> Path | None:
    """The config file that applies in ``start``: the nearest one walking up (order above)."""
    folder = Path(os.path.abspath(start))
    if folder.is_file():
        folder = folder.parent
    for candidate_folder in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = candidate_folder / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml" or _pyproject_has_table(candidate):
                return candidate
    return None


def _pyproject_has_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        tool = tomllib.loads(text).get("tool")
    except tomllib.TOMLDecodeError:
        # A broken pyproject.toml that looks like it is meant for us is reported (by
        # load_settings) rather than silently passed over; otherwise it is someone else's.
        return "tool.quotecheck" in text
    return isinstance(tool, dict) and "quotecheck" in tool


def load_settings(path: Path | None = None, start: Path | None = None) -> Settings:
    """Settings from ``path`` (``--config``) or else the file found from ``start`` (cwd)."""
    if path is None:
        path = find_config(Path.cwd() if start is None else start)
        if path is None:
            return Settings()
    elif not Path(path).is_file():
        what = "is a folder, not a config file" if Path(path).is_dir() else "no such config file"
        raise ConfigError(f"{path}: {what}")
    path = Path(path)
    data = _read_toml(path)
    table, prefix = _settings_table(path, data)
    return _settings_from_table(path, table, prefix)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise ConfigError(f"{path}: cannot read config file ({error.strerror})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text, cannot read it as TOML") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {_one_line(str(error))}") from None


def _settings_table(path: Path, data: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The quotecheck table of a parsed file and the dotted prefix its keys are shown with."""
    if path.name == "pyproject.toml":
        tool = data.get("tool")
        if not isinstance(tool, dict) or "quotecheck" not in tool:
            raise ConfigError(f"{path}: no [tool.quotecheck] table")
        table = tool["quotecheck"]
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: key 'tool.quotecheck': expected a table, got {_kind(table)}")
        return table, "tool.quotecheck."
    nested = data.get("quotecheck")
    if nested is None:
        return data, ""
    if not isinstance(nested, dict):
        raise ConfigError(f"{path}: key 'quotecheck': expected a table, got {_kind(nested)}")
    # Top-level keys and a [quotecheck] table are both accepted, even together.
    merged = {key: value for key, value in data.items() if key != "quotecheck"}
    for key, value in nested.items():
        if key in merged:
            raise ConfigError(f"{path}: key '{key}' is given both at the top level and in [quotecheck]")
        merged[key] = value
    return merged, ""


def _settings_from_table(path: Path, table: dict[str, Any], prefix: str) -> Settings:
    seen: dict[str, str] = {}  # field -> the key that set it
    values: dict[str, Any] = {}
    folder = path.parent
    for key, value in table.items():
        label = f"{prefix}{key}"
        field_name = _KEYS.get(key)
        if field_name is None:
            raise ConfigError(f"{path}: unknown key '{label}'{_suggest(key)}")
        if field_name in seen:
            raise ConfigError(f"{path}: key '{label}' repeats '{prefix}{seen[field_name]}'")
        seen[field_name] = key
        values[field_name] = _convert(path, label, field_name, value, folder)
    if "reference" in values and "index" in values:
        # The command line takes one corpus or the other; so does the file.
        raise ConfigError(
            f"{path}: keys '{prefix}reference' and '{prefix}index' are alternatives, give one of them"
        )
    return Settings(**values, source=path)


def _convert(path: Path, label: str, field_name: str, value: Any, folder: Path) -> Any:
    def fail(message: str) -> ConfigError:
        return ConfigError(f"{path}: key '{label}': {message}")

    if field_name == "reference":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            raise fail(f"expected a path or a list of paths, got {_kind(value)}")
        return tuple(_resolve(folder, item) for item in _strings(items, fail, "path"))
    if field_name in ("cues", "ignore"):
        if not isinstance(value, list):
            raise fail(f"expected a list of strings, got {_kind(value)}")
        return tuple(_strings(value, fail, "string"))
    if not isinstance(value, str):
        raise fail(f"expected a string, got {_kind(value)}")
    if not value.strip():
        raise fail("is empty")
    if field_name == "index":
        return _resolve(folder, value)
    if field_name == "fail_on":
        return _choice(value, tuple(FAIL_ON_CHOICES), fail)
    if field_name == "format":
        return _choice(value, FORMAT_CHOICES, fail)
    return value  # model: a package name, not resolved as a path


def _strings(items: list[Any], fail: _Fail, what: str) -> list[str]:
    for position, item in enumerate(items):
        if not isinstance(item, str):
            raise fail(f"item {position + 1} should be a {what}, got {_kind(item)}")
        if not item.strip():
            raise fail(f"item {position + 1} is empty")
    return items


def _choice(value: str, choices: Sequence[str], fail: _Fail) -> str:
    normalised = value.strip().lower()
    if normalised in choices:
        return normalised
    raise fail(f"'{value}' is not one of {', '.join(choices)}")


def _resolve(folder: Path, value: str) -> str:
    # Relative to the config file's folder, so the file means the same from anywhere.
    candidate = Path(value).expanduser()
    return str(candidate if candidate.is_absolute() else folder / candidate)


def _kind(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a float", str: "a string"}
    names |= {list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def _suggest(key: str) -> str:
    close = difflib.get_close_matches(key, list(_KEYS), n=1)
    known = ", ".join(key for key in _KEYS if key != "fail_on")
    return f" (did you mean '{close[0]}'?)" if close else f" (known keys: {known})"


def _one_line(message: str) -> str:
    return " ".join(message.split())


# -- merging with the command line ---------------------------------------------------------

_MERGEABLE = frozenset(field.name for field in fields(Settings)) - {"source"}
_LIST_FIELDS = frozenset({"reference", "cues", "ignore"})


def merge(settings: Settings, **cli_options: Any) -> Settings:
    """``settings`` with the command-line options that were given put over them.

    Keyword names are the Settings fields (``reference``, ``index``, ``model``,
    ``fail_on``, ``cues``, ``ignore``, ``format``). ``None`` means the option was not
    given: the file's value stays. A list option given on the command line *replaces*
    the file's list rather than extending it, so a run can always say exactly which
    references or cues it uses; an empty list counts as not given (that is what a
    repeatable option left out looks like). ``reference`` and ``index`` are one choice
    of corpus: giving either on the command line drops the file's value of the other.
    Paths and enum members are accepted and stored as strings.
    """
    unknown = set(cli_options) - _MERGEABLE
    if unknown:
        raise TypeError(f"merge() got unknown option(s): {', '.join(sorted(unknown))}")
    changes: dict[str, Any] = {}
    for name, value in cli_options.items():
        if value is None:
            continue
        if name in _LIST_FIELDS:
            items = [value] if isinstance(value, str | os.PathLike) else list(value)
            if not items:
                continue
            changes[name] = tuple(_plain(item) for item in items)
        else:
            changes[name] = _plain(value)
    for name, choices in (("fail_on", tuple(FAIL_ON_CHOICES)), ("format", FORMAT_CHOICES)):
        if name in changes:
            option = "--" + name.replace("_", "-")
            changes[name] = _choice(
                changes[name], choices, lambda message, option=option: ConfigError(f"{option}: {message}")
            )
    if "reference" in changes and "index" not in changes:
        changes["index"] = None
    elif "index" in changes and "reference" not in changes:
        changes["reference"] = ()
    return replace(settings, **changes)


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return value


# -- ignore patterns ------------------------------------------------------------------------


def ignored(path: Path, settings: Settings, root: Path) -> bool:
    """Whether the article ``path`` is to be skipped.

    Two pattern sets apply: ``settings.ignore``, relative to the config file's folder
    (or to ``root`` when the patterns came from the command line only), and the lines
    of the nearest ``.quotecheckignore`` walking up from ``root`` (the working
    directory), relative to the folder that holds it.
    """
    target = Path(os.path.abspath(path))
    is_dir = target.is_dir()
    if settings.ignore:
        base = settings.source.parent if settings.source is not None else root
        if _matches(target, is_dir, Path(os.path.abspath(base)), _compile_all(tuple(settings.ignore))):
            return True
    ignore_file = find_ignore_file(root)
    if ignore_file is None:
        return False
    return _matches(target, is_dir, ignore_file.parent, _load_ignore_file(ignore_file))


def find_ignore_file(root: Path) -> Path | None:
    """The nearest ``.quotecheckignore`` in ``root`` or a folder above it."""
    folder = Path(os.path.abspath(root))
    for candidate_folder in (folder, *folder.parents):
        candidate = candidate_folder / IGNORE_FILE
        if candidate.is_file():
            return candidate
    return None


def read_ignore_patterns(text: str) -> list[str]:
    """The patterns of a .quotecheckignore text: blank lines and ``#`` comments dropped."""
    patterns = []
    for line in text.splitlines():
        line = line.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        patterns.append(line.strip())
    return patterns


def _load_ignore_file(path: Path) -> tuple[_Pattern, ...]:
    try:
        stat = path.stat()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read ({error.strerror})") from None
    # Cached by modification time: ignored() is asked once per article file.
    return _load_ignore_cached(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _load_ignore_cached(path: str, _mtime_ns: int, _size: int) -> tuple[_Pattern, ...]:
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise ConfigError(f"{path}: cannot read ({error.strerror})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    return _compile_all(tuple(read_ignore_patterns(text)))


@dataclass(frozen=True, slots=True)
class _Pattern:
    regex: re.Pattern[str]
    anchored: bool  # has a slash: matched against the path from the base folder
    dir_only: bool  # ended with "/": matches folders only
    negated: bool  # "!pattern": re-includes


@functools.lru_cache(maxsize=64)
def _compile_all(patterns: tuple[str, ...]) -> tuple[_Pattern, ...]:
    return tuple(compiled for compiled in map(_compile, patterns) if compiled is not None)


def _compile(pattern: str) -> _Pattern | None:
    pattern = pattern.strip()
    negated = pattern.startswith("!")
    if negated:
        pattern = pattern[1:]
    dir_only = pattern.endswith("/")
    pattern = pattern.rstrip("/")
    anchored = "/" in pattern
    pattern = pattern.lstrip("/")
    if not pattern:
        return None
    return _Pattern(re.compile(glob_to_regex(pattern)), anchored, dir_only, negated)


def glob_to_regex(pattern: str) -> str:
    """A regex (for ``fullmatch`` on a ``/``-separated path) of a gitignore-style glob.

    ``*`` and ``?`` never cross a ``/``; a ``**`` component spans zero or more folders
    (``**/wire/*.txt`` matches ``wire/a.txt`` and ``x/y/wire/a.txt``); a trailing
    ``/**`` matches everything inside. ``fnmatch`` cannot do this (its ``*`` crosses
    ``/``), nor can ``PurePath.match`` before Python 3.13 (no ``**``).
    """
    parts = pattern.split("/")
    out: list[str] = []
    for position, part in enumerate(parts):
        last = position == len(parts) - 1
        if part == "**":
            out.append(".*" if last else "(?:.*/)?")
            continue
        out.append(_translate_component(part))
        if not last:
            out.append("/")
    return "".join(out)


def _translate_component(part: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(part):
        char = part[index]
        if char == "*":
            while index + 1 < len(part) and part[index + 1] == "*":
                index += 1  # "a**b" inside a component is a plain "*", as in gitignore
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            # A character class; "[!...]" negates as in shells. Without a "]" it is literal.
            first = index + 2 if part[index + 1 : index + 2] in ("!", "^") else index + 1
            close = part.find("]", first + 1)
            if close == -1:
                out.append(re.escape(char))
            else:
                body = part[index + 1 : close]
                negate = body[:1] in ("!", "^")
                body = re.sub(r"([\\\[\^])", r"\\\1", body[1:] if negate else body)
                out.append(f"[^/{body}]" if negate else f"[{body}]")
                index = close
        elif char == "\\" and index + 1 < len(part):
            index += 1
            out.append(re.escape(part[index]))
        else:
            out.append(re.escape(char))
        index += 1
    return "".join(out)


def _matches(target: Path, is_dir: bool, base: Path, patterns: Iterable[_Pattern]) -> bool:
    try:
        parts = target.relative_to(base).parts
    except ValueError:
        return False  # outside the folder the patterns are relative to
    if not parts:
        return False
    # The file itself and each folder above it (up to base): ignoring a folder ignores
    # everything in it.
    candidates = [
        ("/".join(parts[: depth + 1]), parts[depth], depth < len(parts) - 1 or is_dir)
        for depth in range(len(parts))
    ]
    verdict = False
    for pattern in patterns:
        for relative, name, candidate_is_dir in candidates:
            if pattern.dir_only and not candidate_is_dir:
                continue
            if pattern.regex.fullmatch(relative if pattern.anchored else name):
                verdict = not pattern.negated  # the last matching pattern wins
                break
    return verdict
