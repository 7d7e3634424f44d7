"""`qualcode export qdpx`, `qualcode backup|restore`, `qualcode package`."""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.cli.common import db_option, emit, json_option, project_transaction, transaction
from qualcode.cli.report_cmd import coder_choice, coder_options
from qualcode.errors import ValidationError
from qualcode.exchange.backup import backup_bytes, restore_bytes
from qualcode.exchange.package import build_package
from qualcode.exchange.refi_project import export_qdpx
from qualcode.project import find_project
from qualcode.store import audit


@click.group(name="export")
def export_group() -> None:
    """Export the project for other tools (REFI-QDA .qdpx)."""


@export_group.command("qdpx")
@click.argument("out", type=click.Path(dir_okay=False))
@click.option(
    "--include-assistant",
    is_flag=True,
    help="Also the assistant's suggestions (left out by default).",
)
@db_option
@json_option
def export_qdpx_command(out: str, include_assistant: bool, db: str | None, as_json: bool) -> None:
    """Write the project as a REFI-QDA project (ATLAS.ti, MAXQDA, NVivo, QualCoder, Taguette)."""
    warnings: list[str] = []
    with project_transaction(db) as (session, project):
        data = export_qdpx(session, project, warnings, include_assistant)
        Path(out).write_bytes(data)
    emit(
        {"file": out, "bytes": len(data), "warnings": warnings},
        as_json,
        lambda r: (
            f"Wrote {r['file']} ({r['bytes']} bytes)."
            + "".join(f"\nWarning: {w}" for w in r["warnings"])
        ),
    )


@click.command("backup")
@click.argument("out", type=click.Path(dir_okay=False))
@click.option(
    "--include-mapping", is_flag=True,
    help="Also save the de-identification mapping (original names, readable): keep such a backup safe.",
)  # fmt: skip
@db_option
@json_option
def backup_command(out: str, include_mapping: bool, db: str | None, as_json: bool) -> None:
    """Save everything the database holds (incl. audit trail and codebook versions) to a zip;
    the de-identification mapping only with --include-mapping."""
    with transaction(db) as session:
        data = backup_bytes(session.connection(), include_mapping)
        Path(out).write_bytes(data)
    emit(
        {"file": out, "bytes": len(data)},
        as_json,
        lambda r: f"Wrote {r['file']} ({r['bytes']} bytes).",
    )


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False))
@db_option
@json_option
def restore_command(file: str, db: str | None, as_json: bool) -> None:
    """Restore a backup into an empty database (all rows or none)."""
    with transaction(db) as session:
        if not Path(file).is_file():
            raise ValidationError(f"{file}: no such file")
        counts = restore_bytes(session.connection(), Path(file).read_bytes(), file)
        project = find_project(session)
        audit.record(
            session, "backup.restore", project_id=project.id if project else None, source=file
        )
    emit(
        counts,
        as_json,
        lambda c: f"Restored {file}: " + ", ".join(f"{n} {t}" for t, n in c.items() if n) + ".",
    )


@click.command("package")
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--k", default=2, show_default=True, type=int, help="k for the saturation table.")
@coder_options
@db_option
def package_command(out: str, k: int, coders, consensus, all_coders, db: str | None) -> None:
    """Build the study artifact: codebook, codings, every table and chart, README with commands."""
    with project_transaction(db) as (session, project):
        data, lines = build_package(
            session, project, coder_choice(coders, consensus, all_coders), k
        )
        Path(out).write_bytes(data)
    click.echo(f"Wrote {out} ({len(data)} bytes).")
    for line in lines:
        if line.startswith("- No "):
            click.echo(line[2:])
