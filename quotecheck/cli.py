"""The command line: a thin layer that parses options and calls the pipeline.

spaCy is imported only inside the commands that need it, so ``--help`` and
``--version`` answer at once.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from quotecheck import __version__

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

app = typer.Typer(
    name="quotecheck",
    help="Find direct quotations in news articles, attribute them, and check them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(str, Enum):
    table = "table"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"quotecheck {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """quotecheck: quote attribution and fact-check aid for newsrooms."""


def _fail(message: str) -> None:
    typer.echo(f"quotecheck: error: {message}", err=True)


def _read_each(
    paths: Iterable[Path], read: Callable[[Path], Any], error: type[Exception]
) -> tuple[list, bool]:
    """What ``read`` makes of each path, and whether any failed (one stderr line each)."""
    results = []
    failed = False
    for path in paths:
        try:
            results.append(read(path))
        except error as problem:
            _fail(str(problem))
            failed = True
    return results, failed


def _read_articles(files: list[Path]) -> tuple[list, bool]:
    from quotecheck.read import InputError, read_document

    return _read_each(files, read_document, InputError)


def _analyse(documents: list, model: str | None, cue: list[str] | None) -> list:
    from quotecheck.cues import CueLexicon
    from quotecheck.nlp import ModelNotFoundError, load_pipeline
    from quotecheck.pipeline import extract_documents

    try:
        nlp = load_pipeline(model)
    except ModelNotFoundError as error:
        _fail(str(error))
        raise typer.Exit(EXIT_USAGE) from None
    return list(extract_documents(documents, nlp, CueLexicon.with_extra(cue or [])))


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Article files (UTF-8 or UTF-16 text).")],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = (
        OutputFormat.table
    ),
    model: Annotated[str | None, typer.Option(help="spaCy pipeline to load (package name).")] = None,
    cue: Annotated[
        list[str] | None, typer.Option(help="Extra cue verb (lemma), e.g. --cue grumble; repeatable.")
    ] = None,
) -> None:
    """Find every direct quotation and resolve its speaker."""
    from quotecheck.model import CheckResult
    from quotecheck.report import FORMATS

    documents, failed = _read_articles(files)
    if documents:
        results = [CheckResult(result) for result in _analyse(documents, model, cue)]
        sys.stdout.write(FORMATS[output_format.value](results))
    raise typer.Exit(EXIT_USAGE if failed else EXIT_OK)


class FailOn(str, Enum):
    divergent = "divergent"
    minor = "minor"
    major = "major"
    not_found = "not_found"
    misattributed = "misattributed"
    critical = "critical"
    never = "never"


@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="Article files to check.")],
    reference: Annotated[
        list[Path] | None,
        typer.Option("--reference", "-r", help="Reference file or folder (repeatable), indexed in memory."),
    ] = None,
    index: Annotated[
        Path | None, typer.Option("--index", help="Index built by 'quotecheck index build'.")
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = (
        OutputFormat.table
    ),
    fail_on: Annotated[
        FailOn,
        typer.Option(
            help="Exit 1 when a finding is at least this grave: "
            "minor < major < not_found < misattributed < critical ('divergent' = minor)."
        ),
    ] = FailOn.divergent,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline to load (package name).")] = None,
    cue: Annotated[list[str] | None, typer.Option(help="Extra cue verb (lemma); repeatable.")] = None,
) -> None:
    """Check every quotation against a reference corpus: verbatim, editorial, divergent, ..."""
    from quotecheck.check import check_results
    from quotecheck.index import IndexFileError, ReferenceIndex
    from quotecheck.model import FAIL_ON_CHOICES
    from quotecheck.report import FORMATS

    if (reference is None) == (index is None):
        _fail("give the reference corpus with --reference PATH... or --index FILE (one of them)")
        raise typer.Exit(EXIT_USAGE)
    failed = False
    try:
        if index is not None:
            corpus = ReferenceIndex.open(index)
        else:
            passages, failed = _read_references(reference or [])
            corpus = ReferenceIndex.in_memory(passages)
    except IndexFileError as error:
        _fail(str(error))
        raise typer.Exit(EXIT_USAGE) from None
    documents, unreadable = _read_articles(files)
    failed = failed or unreadable
    worst = 0
    with corpus:
        if documents:
            results = list(check_results(_analyse(documents, model, cue), corpus))
            sys.stdout.write(FORMATS[output_format.value](results))
            worst = max((int(result.worst()) for result in results), default=0)
    if failed:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_FINDINGS if worst >= FAIL_ON_CHOICES[fail_on.value] else EXIT_OK)


def _read_references(paths: list[Path]) -> tuple[list, bool]:
    from quotecheck.reference import ReferenceFileError, iter_reference_files, read_reference

    per_file, failed = _read_each(iter_reference_files(paths), read_reference, ReferenceFileError)
    return [passage for passages in per_file for passage in passages], failed


index_app = typer.Typer(help="Build and inspect the persistent reference index.", no_args_is_help=True)
app.add_typer(index_app, name="index")


@index_app.command("build")
def index_build(
    paths: Annotated[list[Path], typer.Argument(help="Reference files or folders.")],
    db: Annotated[Path, typer.Option("--db", help="Index file to create or update.")],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Index reference files (incremental: unchanged files are skipped; atomic)."""
    from quotecheck.index import IndexFileError, build_index

    missing = [path for path in paths if not path.exists()]
    for path in missing:
        _fail(f"{path}: no such file or folder")
    if missing:
        raise typer.Exit(EXIT_USAGE)
    try:
        if quiet or not sys.stderr.isatty():
            report = build_index(paths, db)
        else:
            report = _build_with_progress(paths, db)
    except IndexFileError as error:
        _fail(str(error))
        raise typer.Exit(EXIT_USAGE) from None
    for path, message in report.errors:
        _fail(message if message.startswith(str(path)) else f"{path}: {message}")
    typer.echo(
        f"{db}: {report.passages} passages; {report.files_indexed} file(s) indexed, "
        f"{report.files_skipped} unchanged, {report.files_removed} removed, "
        f"{len(report.errors)} unreadable ({report.seconds:.1f} s)",
        err=True,
    )
    raise typer.Exit(EXIT_USAGE if report.errors else EXIT_OK)


def _build_with_progress(paths: list[Path], db: Path):  # noqa: ANN202 - BuildReport, imported lazily
    from rich.progress import Progress

    from quotecheck.index import build_index

    with Progress(transient=True) as bar:
        task = bar.add_task("indexing", total=None)

        def advance(done: int, total: int, path: str) -> None:
            bar.update(task, completed=done, total=total, description=Path(path).name[:30])

        return build_index(paths, db, progress=advance)


@app.command("eval")
def evaluate_command(
    data: Annotated[Path, typer.Argument(help="Annotated JSONL (the PolNeAR format).")],
    referents: Annotated[
        Path | None, typer.Option(help="JSONL of the people gold pronoun speakers refer to.")
    ] = None,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline to load.")] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    errors: Annotated[Path | None, typer.Option(help="Write speaker errors here, one JSON a line.")] = None,
) -> None:
    """Measure quote precision/recall/F1 and speaker accuracy on annotated news."""
    import json

    from tabulate import tabulate

    from quotecheck.evaluate import evaluate, iter_errors, load_referents, read_jsonl
    from quotecheck.nlp import load_pipeline

    try:
        records = read_jsonl(data)
        gold_referents = load_referents(referents)
    except (OSError, ValueError, KeyError) as error:
        _fail(f"{data}: cannot read evaluation data ({error})")
        raise typer.Exit(EXIT_USAGE) from None
    scores = evaluate(records, gold_referents, load_pipeline(model))
    summary = scores.as_dict()
    if errors is not None:
        errors.write_text("".join(line + "\n" for line in iter_errors(scores)), encoding="utf-8")
    if output_format is OutputFormat.json:
        typer.echo(json.dumps(summary, indent=2))
        return
    quotes = summary["quotes"]
    tolerant = summary["quotes_segmentation_tolerant"]
    rows = [
        ["direct quotes", quotes["precision"], quotes["recall"], quotes["f1"], ""],
        ["  segmentation-tolerant", tolerant["precision"], tolerant["recall"], tolerant["f1"], ""],
        ["speaker accuracy (all)", "", "", "", f"{summary['speakers']['accuracy']:.4f}"],
    ]
    for kind, figures in summary["speakers"]["by_gold_kind"].items():
        rows.append(
            [f"  gold {kind} speakers ({figures['scored']})", "", "", "", f"{figures['accuracy']:.4f}"]
        )
    typer.echo(f"{data}: {summary['documents']} documents")
    typer.echo(tabulate(rows, headers=["measure", "precision", "recall", "F1", "accuracy"]))


def main() -> None:
    app()
