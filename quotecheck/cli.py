"""The command line: a thin layer that parses options and calls the pipeline.

spaCy is imported only inside the commands that need it, so ``--help`` and
``--version`` answer at once.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from quotecheck import __version__

if TYPE_CHECKING:
    from quotecheck.config import Settings

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
    sarif = "sarif"
    github = "github"
    rdjsonl = "rdjsonl"


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


def _read_each(paths: Iterable[Any], read: Callable[[Any], Any], error: type[Exception]) -> tuple[list, bool]:
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


def _settings(config: Path | None, **options: Any) -> Settings:
    """The configuration file's settings with the command line's on top (exit 2 if broken)."""
    from quotecheck.config import ConfigError, load_settings, merge

    try:
        return merge(load_settings(config), **options)
    except ConfigError as error:
        _fail(str(error))
        raise typer.Exit(EXIT_USAGE) from None


def _read_articles(arguments: list[str], settings: Settings) -> tuple[list, bool]:
    """Files, folders (recursively), globs and ``-`` (stdin) into decoded articles."""
    from quotecheck.config import ignored
    from quotecheck.read import InputError, expand_article_paths, read_document, read_stdin

    root = Path.cwd()
    paths = expand_article_paths(arguments, ignore=lambda path: ignored(path, settings, root))

    def read(argument: str) -> Any:
        return read_stdin(sys.stdin.buffer.read()) if argument == "-" else read_document(argument)

    return _read_each(paths, read, InputError)


def _analyse(documents: list, settings: Settings, jobs: int, quiet: bool) -> list:
    from quotecheck.cues import CueLexicon
    from quotecheck.nlp import ModelNotFoundError, load_pipeline
    from quotecheck.pipeline import extract_documents

    try:
        nlp = load_pipeline(settings.model)
    except ModelNotFoundError as error:
        _fail(str(error))
        raise typer.Exit(EXIT_USAGE) from None
    lexicon = CueLexicon.with_extra(settings.cues)
    if quiet or len(documents) < 2 or not sys.stderr.isatty():
        return list(extract_documents(documents, nlp, lexicon, n_process=jobs))
    from rich.progress import Progress

    # A bar on long runs at a terminal; never in pipes and CI logs.
    with Progress(transient=True) as bar:
        task = bar.add_task("reading quotes", total=len(documents))
        return list(
            extract_documents(documents, nlp, lexicon, n_process=jobs, progress=lambda _: bar.advance(task))
        )


def _apply_suppression(results: list) -> None:
    """Honour '<!-- quotecheck: ignore … -->' and 'off'/'on' comments in each article."""
    from quotecheck.suppress import anomaly_suppressed, parse_directives, suppressed_quote_ids

    for result in results:
        extracted = result.extracted
        document = extracted.document
        directives = parse_directives(document.source, [quote.start for quote in extracted.quotes])
        for warning in directives.warnings:
            typer.echo(f"quotecheck: warning: {document.path}: {warning}", err=True)
        result.suppressed = suppressed_quote_ids(document, extracted.quotes)
        extracted.anomalies = [
            anomaly for anomaly in extracted.anomalies if not anomaly_suppressed(directives, anomaly.offset)
        ]


def _emit(results: list, output_format: str, output: Path | None) -> None:
    from quotecheck.report import FORMATS

    text = FORMATS[output_format](results)
    if output is None:
        sys.stdout.write(text)
        return
    # Written beside the target and renamed, so a reader never sees half a report.
    temporary = output.with_name(f".{output.name}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(output)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        _fail(f"{output}: cannot write the report ({error.strerror})")
        raise typer.Exit(EXIT_USAGE) from None


FILES_HELP = "Article files, folders (searched recursively), globs, or - for stdin."
FORMAT_HELP = "Report format (default: table, or the configuration's)."
OUTPUT_HELP = "Write the report to this file instead of standard output."
CONFIG_HELP = (
    "Configuration file (default: the first quotecheck.toml, .quotecheck.toml or "
    "pyproject.toml found upwards)."
)
JOBS_HELP = "Parse with this many processes."


@app.command()
def extract(
    files: Annotated[list[str], typer.Argument(help=FILES_HELP)],
    output_format: Annotated[OutputFormat | None, typer.Option("--format", "-f", help=FORMAT_HELP)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=OUTPUT_HELP)] = None,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline to load (package name).")] = None,
    cue: Annotated[
        list[str] | None, typer.Option(help="Extra cue verb (lemma), e.g. --cue grumble; repeatable.")
    ] = None,
    config: Annotated[Path | None, typer.Option("--config", help=CONFIG_HELP)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help=JOBS_HELP)] = 1,
) -> None:
    """Find every direct quotation and resolve its speaker."""
    from quotecheck.model import CheckResult

    settings = _settings(config, model=model, cues=cue, format=output_format)
    documents, failed = _read_articles(files, settings)
    if documents:
        results = [CheckResult(result) for result in _analyse(documents, settings, jobs, quiet)]
        _apply_suppression(results)
        _emit(results, settings.format or "table", output)
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
    files: Annotated[list[str], typer.Argument(help=FILES_HELP)],
    reference: Annotated[
        list[Path] | None,
        typer.Option("--reference", "-r", help="Reference file or folder (repeatable), indexed in memory."),
    ] = None,
    index: Annotated[
        Path | None, typer.Option("--index", help="Index built by 'quotecheck index build'.")
    ] = None,
    output_format: Annotated[OutputFormat | None, typer.Option("--format", "-f", help=FORMAT_HELP)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=OUTPUT_HELP)] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            help="Exit 1 when a finding is at least this grave: minor < major < not_found < "
            "misattributed < critical; 'divergent' (the default) = any; 'never'."
        ),
    ] = None,
    no_fail: Annotated[bool, typer.Option("--no-fail", help="Report only: exit 0 despite findings.")] = False,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline to load (package name).")] = None,
    cue: Annotated[list[str] | None, typer.Option(help="Extra cue verb (lemma); repeatable.")] = None,
    config: Annotated[Path | None, typer.Option("--config", help=CONFIG_HELP)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help=JOBS_HELP)] = 1,
) -> None:
    """Check every quotation against a reference corpus: verbatim, editorial, divergent, ..."""
    from quotecheck.check import check_results
    from quotecheck.index import IndexFileError, ReferenceIndex
    from quotecheck.model import FAIL_ON_CHOICES

    settings = _settings(
        config,
        reference=reference,
        index=index,
        model=model,
        cues=cue,
        format=output_format,
        fail_on=fail_on,
    )
    if not settings.reference and settings.index is None:
        _fail(
            "no reference corpus: give --reference PATH... or --index FILE, or set one in the configuration"
        )
        raise typer.Exit(EXIT_USAGE)
    if settings.reference and settings.index is not None:
        _fail("give the reference corpus with --reference or --index, not both")
        raise typer.Exit(EXIT_USAGE)
    failed = False
    try:
        if settings.index is not None:
            corpus = ReferenceIndex.open(settings.index)
        else:
            passages, failed = _read_references([Path(p) for p in settings.reference])
            corpus = ReferenceIndex.in_memory(passages)
    except IndexFileError as error:
        _fail(str(error))
        raise typer.Exit(EXIT_USAGE) from None
    documents, unreadable = _read_articles(files, settings)
    failed = failed or unreadable
    worst = 0
    with corpus:
        if documents:
            results = list(check_results(_analyse(documents, settings, jobs, quiet), corpus))
            _apply_suppression(results)
            _emit(results, settings.format or "table", output)
            worst = max((int(result.worst()) for result in results), default=0)
    if failed:
        raise typer.Exit(EXIT_USAGE)
    findings = worst >= FAIL_ON_CHOICES[settings.fail_on]
    raise typer.Exit(EXIT_FINDINGS if findings and not no_fail else EXIT_OK)


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


class EvalFormat(str, Enum):
    table = "table"
    json = "json"


@app.command("eval")
def evaluate_command(
    data: Annotated[Path, typer.Argument(help="Annotated JSONL (the PolNeAR format).")],
    referents: Annotated[
        Path | None, typer.Option(help="JSONL of the people gold pronoun speakers refer to.")
    ] = None,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline to load.")] = None,
    output_format: Annotated[EvalFormat, typer.Option("--format", "-f")] = EvalFormat.table,
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
    if output_format is EvalFormat.json:
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
