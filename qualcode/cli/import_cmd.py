"""`qualcode import transcripts|demographics` (other formats register here as they arrive)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from qualcode.cli.common import db_option, emit, json_option, project_transaction
from qualcode.errors import ValidationError
from qualcode.ingest.documents import ImportOptions, import_transcript_file
from qualcode.ingest.memos import MEMO_POLICIES
from qualcode.ingest.participants import import_demographics
from qualcode.ingest.readers import FORMATS


@click.group(name="import")
def import_group() -> None:
    """Import transcripts, demographics and other study data."""


@import_group.command("transcripts")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--participant", help="Participant id the documents belong to (e.g. P3).")
@click.option(
    "--participant-pattern",
    metavar="RE",
    help="Take the participant id from each file name (first group), e.g. 'Interview-(\\d+)'.",
)
@click.option(
    "--participant-format",
    metavar="FMT",
    default="{}",
    show_default=True,
    help="Template for the id found by --participant-pattern, e.g. 'P{}' (numbers lose leading zeros: P1).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="auto",
    show_default=True,
    help="Reader to use (auto-detected by content).",
)
@click.option(
    "--id-column", help="CSV/XLSX answers: column with the participant id (titles the documents)."
)
@click.option("--text-column", help="CSV/XLSX answers: column with the answer text.")
@click.option(
    "--memos",
    type=click.Choice(MEMO_POLICIES),
    default="auto",
    show_default=True,
    help="Numbered memos: auto finds them and refuses a file whose memos would take much of its "
    "text out of the turns; keep stores them anyway; none keeps every line in the turns.",
)
@db_option
@json_option
def import_transcripts(
    files: tuple[str, ...],
    participant: str | None,
    participant_pattern: str | None,
    participant_format: str,
    fmt: str,
    id_column: str | None,
    text_column: str | None,
    memos: str,
    db: str | None,
    as_json: bool,
) -> None:
    """Import transcript files; one bad file does not stop the others (exit 1 if any failed)."""
    if participant and participant_pattern:
        raise click.UsageError("give --participant or --participant-pattern, not both")
    options = ImportOptions(
        fmt=fmt, participant=participant, participant_pattern=participant_pattern,
        participant_format=participant_format, id_column=id_column, text_column=text_column,
        memos=memos,
    )  # fmt: skip
    results = []
    for file in files:
        try:
            with project_transaction(db) as (session, project):
                result = import_transcript_file(session, project, file, options=options)
                results.append(_record(asdict(result)))
        except click.ClickException as exc:
            results.append({"file": file, "error": exc.message})
    emit(results, as_json, _describe)
    if any(r.get("error") for r in results):
        raise SystemExit(1)


def _record(result: dict) -> dict:
    """The contract's fields first; `error` only when the file failed."""
    keys = (
        "file",
        "document_id",
        "participant",
        "format",
        "turns",
        "speakers",
        "words",
        "memos",
        "warnings",
    )
    record = {k: result[k] for k in keys}
    if result["skipped"]:
        record["skipped"] = True
    if len(result["document_ids"]) > 1:
        record["document_ids"] = result["document_ids"]
    return record


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
@click.option(
    "--id-format",
    metavar="FMT",
    help="Template for the ids in the sheet, e.g. 'P{}' turns 1 (or 01) into P1 to match the transcripts.",
)
@db_option
@json_option
def demographics(
    file: str, id_column: str, id_format: str | None, db: str | None, as_json: bool
) -> None:
    """Import participant attributes from a CSV or XLSX sheet; a column holding several values
    (comma-separated) in any row is stored as a list in every row."""
    with project_transaction(db) as (session, project):
        participants = import_demographics(session, project, file, id_column, id_format=id_format)
        data = (  # read back only for --json: the import itself keeps just the ids
            [{"participant": p.label, "attributes": p.attributes} for p in participants]
            if as_json
            else participants
        )
    emit(data, as_json, lambda d: f"Imported {len(d)} participants from {file}.")


@import_group.command("qdpx")
@click.argument("file", type=click.Path(dir_okay=False))
@db_option
@json_option
def qdpx(file: str, db: str | None, as_json: bool) -> None:
    """Import a REFI-QDA project (.qdpx) into a new database, all of it or nothing."""
    from qualcode.cli.common import transaction
    from qualcode.exchange.refi_project_import import import_qdpx

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
            + (f", {s['turns']} speaker turns" if s["turns"] else "")
            + (f"; not kept: {', '.join(s['skipped'])}" if s["skipped"] else "")
            + "."
            + "".join(f"\nWarning: {w}" for w in s["warnings"])
        ),
    )
