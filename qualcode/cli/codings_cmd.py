"""`qualcode codings import|export` (the codings CSV contract)."""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.cli.common import db_option, emit, json_option, project_transaction
from qualcode.coding.csv_exchange import export_codings_csv, export_codings_rows, import_codings_csv
from qualcode.errors import ValidationError
from qualcode.ingest.readers.text_reader import decode


@click.group(name="codings")
def codings_group() -> None:
    """Import and export codings as CSV."""


@codings_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--create-missing-codes",
    is_flag=True,
    help="Add unknown codes to the codebook instead of failing.",
)
@db_option
@json_option
def import_codings(file: str, create_missing_codes: bool, db: str | None, as_json: bool) -> None:
    """Import a codings CSV, all rows or none."""
    with project_transaction(db) as (session, project):
        path = Path(file)
        if not path.is_file():
            raise ValidationError(f"{file}: no such file")
        count = import_codings_csv(
            session, project, decode(path.name, path.read_bytes()), path.name, create_missing_codes
        )
    emit(
        {"file": file, "codings": count},
        as_json,
        lambda r: f"Imported {r['codings']} codings from {r['file']}.",
    )


@codings_group.command("export")
@click.option(
    "--out", type=click.Path(dir_okay=False), help="Write to this file instead of standard output."
)
@click.option("--coder", "coders", multiple=True, help="Only these coders (repeatable).")
@click.option(
    "--include-assistant",
    is_flag=True,
    help="Also the assistant's suggestions (left out by default).",
)
@db_option
@json_option
def export_codings(
    out: str | None, coders: tuple[str, ...], include_assistant: bool, db: str | None, as_json: bool
) -> None:
    """Export codings in the import's CSV format (to standard output by default)."""
    with project_transaction(db) as (session, project):
        if as_json:
            data = export_codings_rows(session, project, list(coders) or None, include_assistant)
        else:
            text = export_codings_csv(session, project, list(coders) or None, include_assistant)
    if as_json:
        emit(data, True)
    elif out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
