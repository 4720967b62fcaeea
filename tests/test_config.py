"""Config discovery, loading, merging with the command line, and ignore patterns."""

from __future__ import annotations

import enum
import os
from pathlib import Path

import pytest

from quotecheck.config import (
    ConfigError,
    Settings,
    find_config,
    glob_to_regex,
    ignored,
    load_settings,
    merge,
    read_ignore_patterns,
)
from quotecheck.model import FAIL_ON_CHOICES


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def nested(tmp_path: Path) -> Path:
    """tmp/project/articles/2024/june: a working folder a few levels below the project."""
    folder = tmp_path / "project" / "articles" / "2024" / "june"
    folder.mkdir(parents=True)
    return folder


# -- discovery --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("quotecheck.toml", 'model = "en_core_web_sm"\n'),
        (".quotecheck.toml", 'model = "en_core_web_sm"\n'),
        ("pyproject.toml", '[project]\nname = "x"\n\n[tool.quotecheck]\nmodel = "en_core_web_sm"\n'),
    ],
)
def test_discovery_from_a_nested_folder_finds_each_kind(tmp_path, nested, name, text):
    config = write(tmp_path / "project" / name, text)
    assert find_config(nested) == config
    settings = load_settings(start=nested)
    assert settings.model == "en_core_web_sm"
    assert settings.source == config


def test_order_within_one_folder(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.quotecheck]\nmodel = "c"\n')
    assert find_config(tmp_path) == tmp_path / "pyproject.toml"
    write(tmp_path / ".quotecheck.toml", 'model = "b"\n')
    assert find_config(tmp_path) == tmp_path / ".quotecheck.toml"
    write(tmp_path / "quotecheck.toml", 'model = "a"\n')
    assert find_config(tmp_path) == tmp_path / "quotecheck.toml"
    assert load_settings(start=tmp_path).model == "a"


def test_nearest_folder_wins_over_a_better_name_further_up(tmp_path, nested):
    write(tmp_path / "project" / "quotecheck.toml", 'model = "far"\n')
    near = write(nested.parent / "pyproject.toml", '[tool.quotecheck]\nmodel = "near"\n')
    assert find_config(nested) == near
    assert load_settings(start=nested).model == "near"


def test_pyproject_without_the_table_is_skipped(tmp_path, nested):
    write(nested / "pyproject.toml", '[project]\nname = "unrelated"\n[tool.ruff]\nline-length = 99\n')
    above = write(tmp_path / "project" / "quotecheck.toml", 'model = "above"\n')
    assert find_config(nested) == above
    assert load_settings(start=nested).model == "above"


def test_an_empty_quotecheck_toml_still_wins(tmp_path, nested):
    # Its name says it is ours: it is the config, and it asks for the defaults.
    write(tmp_path / "project" / "quotecheck.toml", 'model = "above"\n')
    empty = write(nested / "quotecheck.toml", "")
    assert find_config(nested) == empty
    assert load_settings(start=nested) == Settings(source=empty)


def test_no_config_anywhere_gives_the_defaults(nested):
    # tmp_path's ancestors hold no quotecheck config on this machine.
    assert find_config(nested) is None
    assert load_settings(start=nested) == Settings()
    assert Settings().fail_on == "divergent"
    assert Settings().source is None


def test_start_defaults_to_the_working_directory(tmp_path, nested, monkeypatch):
    write(tmp_path / "project" / "quotecheck.toml", 'model = "cwd"\n')
    monkeypatch.chdir(nested)
    assert load_settings().model == "cwd"


def test_broken_pyproject_meant_for_us_is_reported_not_skipped(tmp_path, nested):
    write(tmp_path / "project" / "quotecheck.toml", 'model = "above"\n')
    write(nested / "pyproject.toml", "[tool.quotecheck]\nmodel = \n")
    with pytest.raises(ConfigError, match=r"pyproject\.toml: not valid TOML"):
        load_settings(start=nested)


def test_broken_pyproject_of_someone_else_is_skipped(tmp_path, nested):
    above = write(tmp_path / "project" / "quotecheck.toml", 'model = "above"\n')
    write(nested / "pyproject.toml", "[project\nname = \n")
    assert find_config(nested) == above


# -- precedence -------------------------------------------------------------------------------


def test_config_option_wins_over_discovery(tmp_path, nested):
    write(nested / "quotecheck.toml", 'model = "discovered"\n')
    chosen = write(tmp_path / "elsewhere" / "team.toml", 'model = "chosen"\n')
    settings = load_settings(path=chosen, start=nested)
    assert settings.model == "chosen"
    assert settings.source == chosen


def test_config_option_pointing_at_a_pyproject_reads_the_tool_table(tmp_path):
    path = write(tmp_path / "pyproject.toml", '[tool.quotecheck]\nfail-on = "major"\n')
    assert load_settings(path=path).fail_on == "major"


def test_command_line_overrides_the_file(tmp_path):
    path = write(
        tmp_path / "quotecheck.toml",
        'reference = ["refs"]\nmodel = "file"\nfail-on = "major"\ncues = ["opine"]\nformat = "json"\n',
    )
    settings = load_settings(path=path)
    merged = merge(settings, model="cli", fail_on="critical", cues=["grumble", "quip"], format=None)
    assert merged.model == "cli"
    assert merged.fail_on == "critical"
    assert merged.cues == ("grumble", "quip")  # replaces, does not extend
    assert merged.format == "json"  # not given: the file's value stays
    assert merged.reference == (str(tmp_path / "refs"),)
    assert merged.source == path


def test_merge_none_and_empty_lists_keep_the_file_values(tmp_path):
    settings = Settings(reference=("r",), cues=("opine",), ignore=("drafts/",), model="m")
    merged = merge(settings, reference=None, cues=[], ignore=None, model=None, fail_on=None, index=None)
    assert merged == settings


def test_merge_accepts_paths_and_enums():
    class FailOn(str, enum.Enum):
        major = "major"

    merged = merge(Settings(), reference=[Path("a"), Path("b")], index=None, fail_on=FailOn.major)
    assert merged.reference == ("a", "b")
    assert merged.fail_on == "major"
    assert merge(Settings(), index=Path("ref.db")).index == "ref.db"


def test_merge_corpus_on_the_command_line_replaces_the_files_corpus():
    from_file = Settings(reference=("refs",))
    assert merge(from_file, index="x.db") == Settings(index="x.db")
    assert merge(Settings(index="x.db"), reference=["refs"]) == Settings(reference=("refs",))


def test_merge_rejects_bad_values_and_unknown_options():
    with pytest.raises(ConfigError, match="--fail-on: 'sometimes' is not one of"):
        merge(Settings(), fail_on="sometimes")
    with pytest.raises(ConfigError, match="--format: 'xml'"):
        merge(Settings(), format="xml")
    with pytest.raises(TypeError, match="colour"):
        merge(Settings(), colour="red")


# -- every key --------------------------------------------------------------------------------


def test_every_key_at_the_top_level(tmp_path):
    path = write(
        tmp_path / "quotecheck.toml",
        """
reference = ["transcripts", "/srv/statements", "~/notes"]
model = "en_core_web_trf"
fail-on = "misattributed"
cues = ["grumble", "opine"]
ignore = ["drafts/", "*.tmp.md"]
format = "sarif"
""",
    )
    settings = load_settings(path=path)
    assert settings == Settings(
        reference=(str(tmp_path / "transcripts"), "/srv/statements", str(Path("~/notes").expanduser())),
        model="en_core_web_trf",
        fail_on="misattributed",
        cues=("grumble", "opine"),
        ignore=("drafts/", "*.tmp.md"),
        format="sarif",
        source=path,
    )


def test_every_key_under_a_quotecheck_table(tmp_path):
    path = write(
        tmp_path / ".quotecheck.toml",
        '[quotecheck]\nindex = "db/reference.db"\nfail_on = "never"\nformat = "rdjsonl"\n',
    )
    settings = load_settings(path=path)
    assert settings.index == str(tmp_path / "db" / "reference.db")
    assert settings.fail_on == "never"
    assert settings.format == "rdjsonl"


def test_top_level_and_quotecheck_table_together(tmp_path):
    path = write(tmp_path / "quotecheck.toml", 'model = "m"\n[quotecheck]\nformat = "github"\n')
    settings = load_settings(path=path)
    assert (settings.model, settings.format) == ("m", "github")


def test_reference_may_be_one_string(tmp_path):
    path = write(tmp_path / "quotecheck.toml", 'reference = "refs"\n')
    assert load_settings(path=path).reference == (str(tmp_path / "refs"),)


@pytest.mark.parametrize("value", list(FAIL_ON_CHOICES))
def test_every_fail_on_choice(tmp_path, value):
    path = write(tmp_path / "quotecheck.toml", f'fail-on = "{value}"\n')
    assert load_settings(path=path).fail_on == value


@pytest.mark.parametrize("value", ["table", "json", "sarif", "github", "rdjsonl"])
def test_every_format_choice(tmp_path, value):
    path = write(tmp_path / "quotecheck.toml", f'format = "{value}"\n')
    assert load_settings(path=path).format == value


def test_relative_paths_resolve_against_the_config_folder_not_the_cwd(tmp_path, nested, monkeypatch):
    project = tmp_path / "project"
    write(
        project / "pyproject.toml",
        '[tool.quotecheck]\nreference = ["refs/transcripts", "../shared/statements"]\n',
    )
    monkeypatch.chdir(nested)
    settings = load_settings()
    assert settings.reference == (
        str(project / "refs" / "transcripts"),
        str(project / ".." / "shared" / "statements"),
    )
    index = write(tmp_path / "conf" / "q.toml", 'index = "ref.db"\n')
    assert load_settings(path=index).index == str(tmp_path / "conf" / "ref.db")


# -- errors: one line, naming the file and the key ----------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "key", "says"),
    [
        ("quotecheck.toml", 'refernce = ["a"]\n', "refernce", "did you mean 'reference'"),
        ("quotecheck.toml", "colour = 1\n", "colour", "unknown key"),
        (
            "pyproject.toml",
            "[tool.quotecheck]\nfail-on = 3\n",
            "tool.quotecheck.fail-on",
            "expected a string",
        ),
        ("quotecheck.toml", 'fail-on = "sometimes"\n', "fail-on", "'sometimes' is not one of divergent"),
        ("quotecheck.toml", 'format = "xml"\n', "format", "'xml' is not one of table, json"),
        ("quotecheck.toml", "reference = 7\n", "reference", "expected a path or a list of paths"),
        ("quotecheck.toml", 'reference = ["a", 2]\n', "reference", "item 2 should be a path"),
        ("quotecheck.toml", 'cues = "grumble"\n', "cues", "expected a list of strings, got a string"),
        ("quotecheck.toml", "cues = [true]\n", "cues", "item 1 should be a string, got a boolean"),
        ("quotecheck.toml", "ignore = {a = 1}\n", "ignore", "expected a list of strings, got a table"),
        ("quotecheck.toml", "index = []\n", "index", "expected a string, got a list"),
        ("quotecheck.toml", "model = 1.5\n", "model", "expected a string, got a float"),
        ("quotecheck.toml", 'model = "  "\n', "model", "is empty"),
        ("quotecheck.toml", "quotecheck = 3\n", "quotecheck", "expected a table"),
        ("pyproject.toml", "[tool]\nquotecheck = 3\n", "tool.quotecheck", "expected a table"),
        ("quotecheck.toml", 'fail-on = "major"\nfail_on = "minor"\n', "fail_on", "repeats 'fail-on'"),
        ("quotecheck.toml", 'model = "a"\n[quotecheck]\nmodel = "b"\n', "model", "both at the top level"),
        ("quotecheck.toml", 'reference = "r"\nindex = "i.db"\n', "index", "alternatives"),
    ],
)
def test_errors_are_one_line_naming_file_and_key(tmp_path, name, text, key, says):
    path = write(tmp_path / name, text)
    with pytest.raises(ConfigError) as caught:
        load_settings(path=path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert f"'{key}'" in message
    assert says in message


def test_unparseable_toml_names_the_file_and_line(tmp_path):
    path = write(tmp_path / "quotecheck.toml", 'model = "a"\ncues = ["x",\nformat = \n')
    with pytest.raises(ConfigError) as caught:
        load_settings(path=path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: not valid TOML")
    assert "line" in message


def test_not_utf8_config(tmp_path):
    path = tmp_path / "quotecheck.toml"
    path.write_bytes(b'model = "caf\xe9"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_settings(path=path)


def test_missing_config_option_file(tmp_path):
    with pytest.raises(ConfigError, match="no such config file"):
        load_settings(path=tmp_path / "nope.toml")
    with pytest.raises(ConfigError, match="is a folder"):
        load_settings(path=tmp_path)


def test_config_option_pyproject_without_the_table(tmp_path):
    path = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    with pytest.raises(ConfigError, match=r"pyproject.toml: no \[tool.quotecheck\] table"):
        load_settings(path=path)


# -- ignore patterns --------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in [
        "story.txt",
        "drafts/early.txt",
        "desk/drafts/late.md",
        "desk/draftsman.txt",
        "notes.tmp.md",
        "desk/notes.tmp.md",
        "desk/notes.md",
        "wire/ap.txt",
        "world/wire/reuters.txt",
        "world/asia/wire/afp.txt",
        "world/wire/reuters.md",
        "world/wirefeed/x.txt",
        "keep/drafts",  # a file called drafts: "drafts/" matches folders only
    ]:
        write(tmp_path / name, "text\n")
    return tmp_path


def ignored_files(root: Path, settings: Settings | None = None) -> set[str]:
    settings = settings or Settings()
    return {
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and path.name != ".quotecheckignore" and ignored(path, settings, root)
    }


def test_quotecheckignore_patterns(tree):
    write(
        tree / ".quotecheckignore",
        "# drafts are not published\ndrafts/\n\n   \n*.tmp.md\n  # indented comment\n**/wire/*.txt\n",
    )
    assert ignored_files(tree) == {
        "drafts/early.txt",
        "desk/drafts/late.md",
        "notes.tmp.md",
        "desk/notes.tmp.md",
        "wire/ap.txt",
        "world/wire/reuters.txt",
        "world/asia/wire/afp.txt",
    }


def test_quotecheckignore_is_found_walking_up_and_patterns_are_relative_to_it(tree):
    write(tree / ".quotecheckignore", "/desk/notes.md\nworld/*/wire/\n")
    root = tree / "desk"
    assert ignored(tree / "desk" / "notes.md", Settings(), root)
    assert not ignored(tree / "desk" / "notes.tmp.md", Settings(), root)
    assert ignored(tree / "world" / "asia" / "wire" / "afp.txt", Settings(), root)
    assert not ignored(tree / "world" / "wire" / "reuters.txt", Settings(), root)  # "*" is one folder


def test_paths_may_be_relative_to_the_working_directory(tree, monkeypatch):
    write(tree / ".quotecheckignore", "drafts/\n")
    monkeypatch.chdir(tree)
    assert ignored(Path("drafts/early.txt"), Settings(), Path("."))
    assert not ignored(Path("story.txt"), Settings(), Path("."))


def test_negation_and_double_star_inside(tree):
    write(tree / ".quotecheckignore", "world/**\n!world/**/*.md\n")
    assert ignored_files(tree) == {
        "world/wire/reuters.txt",
        "world/asia/wire/afp.txt",
        "world/wirefeed/x.txt",
    }


def test_settings_ignore_is_relative_to_the_config_folder(tree):
    config = write(tree / "quotecheck.toml", 'ignore = ["drafts/", "world/**/*.md"]\n')
    settings = load_settings(path=config)
    assert ignored_files(tree / "desk", settings) == {"drafts/late.md"}
    assert ignored_files(tree, settings) == {
        "drafts/early.txt",
        "desk/drafts/late.md",
        "world/wire/reuters.md",
    }


def test_settings_ignore_from_the_command_line_is_relative_to_root(tree):
    settings = merge(Settings(), ignore=["desk/*.md"])
    assert ignored_files(tree, settings) == {"desk/notes.tmp.md", "desk/notes.md"}


def test_both_pattern_sets_apply(tree):
    write(tree / ".quotecheckignore", "drafts/\n")
    settings = Settings(ignore=("*.tmp.md",))
    assert ignored_files(tree, settings) == {
        "drafts/early.txt",
        "desk/drafts/late.md",
        "notes.tmp.md",
        "desk/notes.tmp.md",
    }


def test_nothing_ignored_without_patterns(tree):
    assert ignored_files(tree) == set()


def test_outside_the_pattern_folder_nothing_matches(tmp_path):
    write(tmp_path / "a" / ".quotecheckignore", "*.txt\n")
    outside = write(tmp_path / "b" / "story.txt", "x\n")
    assert not ignored(outside, Settings(), tmp_path / "a")


def test_ignore_file_is_reread_when_it_changes(tree):
    ignore_file = write(tree / ".quotecheckignore", "drafts/\n")
    assert ignored(tree / "drafts" / "early.txt", Settings(), tree)
    ignore_file.write_text("# nothing now\n", encoding="utf-8")
    os.utime(ignore_file, ns=(1, 1))  # a different mtime even on a coarse clock
    assert not ignored(tree / "drafts" / "early.txt", Settings(), tree)


def test_read_ignore_patterns_skips_blanks_and_comments():
    assert read_ignore_patterns("# c\n\n  \ndrafts/  \n *.tmp.md\n#x\n") == ["drafts/", "*.tmp.md"]


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("*.txt", "a.txt", True),
        ("*.txt", "dir/a.txt", False),  # a component glob: "*" does not cross "/"
        ("a?c", "abc", True),
        ("a?c", "a/c", False),
        ("**/wire/*.txt", "wire/a.txt", True),
        ("**/wire/*.txt", "x/y/wire/a.txt", True),
        ("**/wire/*.txt", "xwire/a.txt", False),
        ("**/wire/*.txt", "wire/sub/a.txt", False),
        ("a/**/b", "a/b", True),
        ("a/**/b", "a/x/y/b", True),
        ("a/**", "a/x/y", True),
        ("[ab]*.md", "b1.md", True),
        ("[!ab]*.md", "b1.md", False),
        ("[!ab]*.md", "c1.md", True),
        ("a+b(1).txt", "a+b(1).txt", True),
    ],
)
def test_glob_to_regex(pattern, path, expected):
    import re

    assert bool(re.fullmatch(glob_to_regex(pattern), path)) is expected
