"""`qualcode import transcripts|demographics` (other formats register here as they arrive)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from qualcode.cli.common import db_option, emit, json_option, project_transaction
from qualcode.errors import QualcodeError, ValidationError
from qualcode.ingest.documents import import_transcript_file
from qualcode.ingest.participants import import_demographics


@click.group(name="import")
def import_group() -> None:
    """Import transcripts, demographics and other study data."""


@import_group.command("transcripts")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--participant", help="Participant id the documents belong to (e.g. P3).")
@click.option(
    "--format",
    "fmt",
    default="auto",
    show_default=True,
    help="Reader to use (auto-detected by content).",
)
@db_option
@json_option
def import_transcripts(
    files: tuple[str, ...], participant: str | None, fmt: str, db: str | None, as_json: bool
) -> None:
    """Import transcript files; one bad file does not stop the others (exit 1 if any failed)."""
    results = []
    for file in files:
        try:
            with project_transaction(db) as (session, project):
                results.append(
                    asdict(import_transcript_file(session, project, file, participant, fmt))
                )
        except click.ClickException as exc:
            results.append({"file": file, "error": exc.message})
        except QualcodeError as exc:  # pragma: no cover - transaction() converts these
            results.append({"file": file, "error": str(exc)})
    emit(results, as_json, _describe)
    if any(r.get("error") for r in results):
        raise SystemExit(1)


def _describe(results: list[dict]) -> str:
    lines = []
    for r in results:
        if r.get("error"):
            lines.append(f"FAILED {r['file']}: {r['error']}")
        elif r.get("skipped"):
            lines.append(f"skipped {r['file']}: {'; '.join(r['warnings'])}")
        else:
            lines.append(
                f"{r['file']}: document {r['document_id']}, participant {r['participant'] or '-'}, {r['format']}, "
                f"{r['turns']} turns, {r['speakers']} speakers, {r['words']} words, {r['memos']} memos"
                + (f"; warnings: {'; '.join(r['warnings'])}" if r["warnings"] else "")
            )
    return "\n".join(lines)


@import_group.command("demographics")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--id-column", required=True, help="Column holding the participant id.")
@db_option
@json_option
def demographics(file: str, id_column: str, db: str | None, as_json: bool) -> None:
    """Import participant attributes from a CSV or XLSX sheet."""
    with project_transaction(db) as (session, project):
        participants = import_demographics(session, project, file, id_column)
        data = [{"participant": p.label, "attributes": p.attributes} for p in participants]
    emit(data, as_json, lambda d: f"Imported {len(d)} participants from {file}.")


@import_group.command("qdpx")
@click.argument("file", type=click.Path(dir_okay=False))
@db_option
@json_option
def qdpx(file: str, db: str | None, as_json: bool) -> None:
    """Import a REFI-QDA project (.qdpx) into a new database, all of it or nothing."""
    from qualcode.cli.common import transaction
    from qualcode.exchange.refi_project import import_qdpx

    with transaction(db) as session:
        if not Path(file).is_file():
            raise ValidationError(f"{file}: no such file")
        summary = asdict(import_qdpx(session, Path(file).read_bytes(), file))
    emit(
        summary,
        as_json,
        lambda s: (
            f"Imported {file}: {s['documents']} documents, {s['codes']} codes, "
            f"{s['codings']} codings by {', '.join(s['coders']) or 'nobody'}, {s['memos']} memos"
            + (f"; skipped {', '.join(s['skipped'])}" if s["skipped"] else "")
            + "."
        ),
    )


def register(cli: click.Group) -> None:
    cli.add_command(import_group)
