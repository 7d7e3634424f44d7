"""`qualcode codebook import|export|show`."""

from __future__ import annotations

import click

from qualcode.cli.common import db_option, emit, json_option, project_transaction
from qualcode.codebook import store as codebook_store
from qualcode.codebook.files import dump_codebook, read_codebook_file


@click.group(name="codebook")
def codebook_group() -> None:
    """Import, export and inspect the codebook."""


@codebook_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@db_option
@json_option
def import_codebook(file: str, db: str | None, as_json: bool) -> None:
    """Import a codebook file; a later import creates a new codebook version."""
    with project_transaction(db) as (session, project):
        current = codebook_store.get_codebook(session, project)
        spec = read_codebook_file(
            file, codebook_store.to_spec(session, current) if current else None
        )
        codebook = codebook_store.import_spec(session, project, spec, source=file)
        result = {
            "codebook": codebook.name,
            "version": codebook.version,
            "groups": len(spec.groups),
            "codes": len(spec.codes),
        }
    emit(
        result,
        as_json,
        lambda r: (
            f"Imported '{r['codebook']}' version {r['version']}: {r['groups']} groups, {r['codes']} codes."
        ),
    )


@codebook_group.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(["yaml", "json", "qdc"]), default="yaml", show_default=True
)
@click.option(
    "--out", type=click.Path(dir_okay=False), help="Write to this file instead of standard output."
)
@db_option
def export_codebook(fmt: str, out: str | None, db: str | None) -> None:
    """Export the current codebook."""
    with project_transaction(db) as (session, project):
        text = dump_codebook(
            codebook_store.to_spec(session, codebook_store.require_codebook(session, project)), fmt
        )
    if out:
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        click.echo(text, nl=False)


@codebook_group.command("versions")
@db_option
@json_option
def list_versions(db: str | None, as_json: bool) -> None:
    """List the codebook's versions."""
    with project_transaction(db) as (session, project):
        codebook = codebook_store.require_codebook(session, project)
        data = [
            {
                "version": v.version,
                "created_at": v.created_at.isoformat(),
                "author": v.author,
                "note": v.note,
                "codes": len(v.snapshot.get("codes", [])),
            }
            for v in codebook_store.versions(session, codebook)
        ]
    emit(
        data,
        as_json,
        lambda d: "\n".join(
            f"v{v['version']}  {v['created_at'][:19]}  {v['codes']} codes  {v['note']}" for v in d
        ),
    )


def register(cli: click.Group) -> None:
    cli.add_command(codebook_group)
