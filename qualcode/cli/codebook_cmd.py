"""`qualcode codebook import|export|show|edit|move|merge`."""

from __future__ import annotations

import click

from qualcode.cli.common import db_option, emit, json_option, project_transaction
from qualcode.codebook import editing
from qualcode.codebook import store as codebook_store
from qualcode.exchange.codebook_files import dump_codebook, read_codebook_file


@click.group(name="codebook")
def codebook_group() -> None:
    """Import, export and inspect the codebook."""


@codebook_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@db_option
@json_option
def import_codebook(file: str, db: str | None, as_json: bool) -> None:
    """Import a codebook file; a later, changed import creates a new codebook version."""
    with project_transaction(db) as (session, project):
        current = codebook_store.get_codebook(session, project)
        before = current.version if current else None
        spec = read_codebook_file(
            file, codebook_store.to_spec(session, current) if current else None
        )
        codebook = codebook_store.import_spec(session, project, spec, source=file)
        result = {
            "codebook": codebook.name,
            "version": codebook.version,
            "changed": codebook.version != before,
            "groups": len(spec.groups),
            "codes": len(spec.codes),
        }
    emit(result, as_json, _describe_import)


def _describe_import(r: dict) -> str:
    if not r["changed"]:
        return f"'{r['codebook']}' is unchanged (still version {r['version']})."
    return f"Imported '{r['codebook']}' version {r['version']}: {r['groups']} groups, {r['codes']} codes."


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


@codebook_group.command("edit")
@click.argument("code")
@click.option("--name")
@click.option("--key", "new_key")
@click.option("--definition")
@click.option("--include", "include_text", help="When to apply the code.")
@click.option("--exclude", "exclude_text", help="When not to apply it.")
@click.option("--color")
@click.option("--author", default="", help="Who made the change (for the version and audit).")
@db_option
@json_option
def edit_code_command(code, name, new_key, definition, include_text, exclude_text, color, author,
                      db, as_json) -> None:  # fmt: skip
    """Edit a code (key or name); a new codebook version, codings keep their code."""
    changes = {k: v for k, v in {"name": name, "key": new_key, "definition": definition,
               "include": include_text, "exclude": exclude_text, "color": color}.items()
               if v is not None}  # fmt: skip
    with project_transaction(db) as (session, project):
        codebook = codebook_store.require_codebook(session, project)
        row = codebook_store.resolve_code(session, codebook, code)
        editing.edit_code(session, codebook, row.id, actor=author, **changes)
        result = {"code": row.key, "version": codebook.version}
    emit(result, as_json, lambda r: f"Edited {r['code']}: codebook version {r['version']}.")


@codebook_group.command("move")
@click.argument("code")
@click.option("--parent", help="The new parent code (key or name); omit for the top level.")
@click.option("--author", default="")
@db_option
@json_option
def move_code_command(code, parent, author, db, as_json) -> None:
    """Give a code a new parent code (re-parent); a new codebook version."""
    with project_transaction(db) as (session, project):
        codebook = codebook_store.require_codebook(session, project)
        row = codebook_store.resolve_code(session, codebook, code)
        parent_row = codebook_store.resolve_code(session, codebook, parent) if parent else None
        editing.move_code(session, codebook, row.id, parent_row.id if parent_row else None, author)
        result = {"code": row.key, "parent": parent_row.key if parent_row else None,
                  "version": codebook.version}  # fmt: skip
    emit(result, as_json, lambda r: f"Moved {r['code']}: codebook version {r['version']}.")


@codebook_group.command("merge")
@click.argument("source")
@click.argument("target")
@click.option("--author", default="")
@db_option
@json_option
def merge_codes_command(source, target, author, db, as_json) -> None:
    """Merge code SOURCE into TARGET: its codings move to TARGET and SOURCE is retired."""
    with project_transaction(db) as (session, project):
        codebook = codebook_store.require_codebook(session, project)
        from_row = codebook_store.resolve_code(session, codebook, source)
        into_row = codebook_store.resolve_code(session, codebook, target)
        moved = editing.merge_codes(session, codebook, from_row.id, into_row.id, author)
        result = {"merged": from_row.key, "into": into_row.key, "codings": moved,
                  "version": codebook.version}  # fmt: skip
    emit(result, as_json, lambda r: (f"Merged {r['merged']} into {r['into']}: {r['codings']} codings "
                                     f"moved; codebook version {r['version']}."))  # fmt: skip
