"""`qualcode init`, `demo`, `serve`, `status`."""

from __future__ import annotations

import click

from qualcode.cli.common import db_option, emit, json_option
from qualcode.config import resolve_db_url
from qualcode.server import is_loopback, serve_app
from qualcode.store.glance import sqlite_overview


@click.command()
@click.option("--name", default="Interview study", show_default=True, help="Project name.")
@click.option(
    "--codebook",
    "codebook_file",
    type=click.Path(dir_okay=False),
    help="Codebook file (YAML/JSON) to start with.",
)
@db_option
@json_option
def init(name: str, codebook_file: str | None, db: str | None, as_json: bool) -> None:
    """Create the project (no codes unless a codebook is given)."""
    from qualcode.cli.common import transaction
    from qualcode.codebook import store as codebook_store
    from qualcode.exchange.codebook_files import read_codebook_file
    from qualcode.project import create_project

    with transaction(db) as session:
        spec = read_codebook_file(codebook_file) if codebook_file else None
        project = create_project(session, name)
        if spec is not None:
            codebook_store.import_spec(session, project, spec, source=str(codebook_file))
        result = {
            "project": project.name,
            "db": resolve_db_url(db),
            "codes": len(spec.codes) if spec else 0,
        }
    emit(
        result,
        as_json,
        lambda r: f"Created project '{r['project']}' in {r['db']} ({r['codes']} codes).",
    )


@click.command()
@db_option
@json_option
def demo(db: str | None, as_json: bool) -> None:
    """Load the sample PTM reuse study (codebook, transcripts, demographics, two coders, a survey
    with synthetic responses, synthetic registry data)."""
    from qualcode.cli.common import transaction
    from qualcode.evidence.sample import load_sample_evidence
    from qualcode.overview import project_overview
    from qualcode.sample import load_sample_study

    with transaction(db) as session:
        project = load_sample_study(session)
        load_sample_evidence(session, project)  # synthetic registry data for the evidence views
        overview = project_overview(session, project)
    emit(overview, as_json, _describe_demo)


def _describe_demo(o: dict) -> str:
    coders = f" by {', '.join(o['coders'])}" if o["coders"] else ""
    return (
        f"Loaded the sample study '{o['project']}': {o['documents']} documents, {o['participants']} "
        f"participants, {o['codes']} codes, {o['codings']} codings{coders}; "
        f"{o['survey_responses']} synthetic survey responses."
    )


@click.command()
@db_option
@json_option
def status(db: str | None, as_json: bool) -> None:
    """Show what the project holds."""
    overview = sqlite_overview(
        resolve_db_url(db)
    )  # instant for an SQLite file at the newest schema
    if overview is None:
        from qualcode.cli.common import project_transaction
        from qualcode.overview import project_overview

        with project_transaction(db) as (session, project):
            overview = project_overview(session, project)
    emit(
        overview,
        as_json,
        lambda o: "\n".join(
            f"{k}: {', '.join(v) if isinstance(v, list) else v}" for k, v in o.items()
        ),
    )


@click.command()
@click.option("--port", default=8501, show_default=True, type=int)
@click.option("--address", default="127.0.0.1", show_default=True,
              help="Where to listen; anything but this machine needs --auth.")  # fmt: skip
@click.option("--auth", is_flag=True,
              help="Team server: everyone logs in (accounts from `qualcode users add`).")  # fmt: skip
@db_option
def serve(port: int, address: str, auth: bool, db: str | None) -> None:
    """Start the app in the browser (Streamlit)."""
    if not auth and not is_loopback(address):
        click.echo(
            f"Error: --address {address} would let other machines read every transcript without "
            "a login. Serve on this machine only (the default, 127.0.0.1), or add --auth and "
            "create accounts with `qualcode users add NAME --role owner`.",
            err=True,
        )
        raise SystemExit(2)
    if auth:
        _check_accounts(db)
    serve_app(resolve_db_url(db), port, address, auth=auth)


def _check_accounts(db: str | None) -> None:
    """A team server needs a project and an owner who can log in."""
    from qualcode.cli.common import project_transaction
    from qualcode.store.actors import OWNER
    from qualcode.team.users import list_users

    with project_transaction(db) as (session, project):
        owners = [u for u in list_users(session, project) if u.role == OWNER]
    if not owners:
        click.echo(
            "Error: nobody could log in: add an owner first with "
            "`qualcode users add NAME --role owner`.",
            err=True,
        )
        raise SystemExit(2)
