"""The command line: a thin layer that parses options and calls the pipeline.

spaCy is imported only inside the commands that need it, so ``--help`` and
``--version`` answer at once.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

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
    from quotecheck.cues import CueLexicon
    from quotecheck.model import CheckResult
    from quotecheck.nlp import ModelNotFoundError, load_pipeline
    from quotecheck.pipeline import extract_documents
    from quotecheck.read import InputError, read_document
    from quotecheck.report import FORMATS

    documents = []
    failed = False
    for path in files:
        try:
            documents.append(read_document(path))
        except InputError as error:
            _fail(str(error))
            failed = True
    if documents:
        try:
            nlp = load_pipeline(model)
        except ModelNotFoundError as error:
            _fail(str(error))
            raise typer.Exit(EXIT_USAGE) from None
        lexicon = CueLexicon.with_extra(cue or [])
        results = [CheckResult(result) for result in extract_documents(documents, nlp, lexicon)]
        sys.stdout.write(FORMATS[output_format.value](results))
    raise typer.Exit(EXIT_USAGE if failed else EXIT_OK)


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
