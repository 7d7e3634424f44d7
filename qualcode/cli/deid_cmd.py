"""`qualcode deid propose|list|decide|review|apply|mapping`: de-identify transcripts after review."""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.cli.common import db_option, emit, json_option, project_transaction
from qualcode.config import resolve_db_url
from qualcode.ingest.deid import review
from qualcode.ingest.documents import list_documents, resolve_document
from qualcode.ingest.readers.text_reader import decode
from qualcode.spreadsheet_cells import csv_text
from qualcode.store import get_engine
from qualcode.store.vacuum import vacuum_after_deid


@click.group(name="deid")
def deid_group() -> None:
    """Find personal data, review the proposed pseudonyms, then replace them in the text."""


def _documents(session, project, refs: tuple[str, ...]):
    return (
        [resolve_document(session, project, r) for r in refs]
        if refs
        else list_documents(session, project)
    )


@deid_group.command("propose")
@click.argument("documents", nargs=-1)
@click.option(
    "--term", "terms", multiple=True, help="A name to look for, optionally NAME:kind (repeatable)."
)
@db_option
@json_option
def propose(
    documents: tuple[str, ...], terms: tuple[str, ...], db: str | None, as_json: bool
) -> None:
    """Propose pseudonyms for DOCUMENTS (all documents when none are named)."""
    with project_transaction(db) as (session, project):
        data = [
            {
                "document": d.title,
                "proposals": len(review.propose(session, project, d, list(terms))),
            }
            for d in _documents(session, project, documents)
        ]
    emit(
        data,
        as_json,
        lambda d: "\n".join(f"{r['document']}: {r['proposals']} proposals" for r in d),
    )


@deid_group.command("list")
@click.argument("document", required=False)
@click.option("--out", type=click.Path(dir_okay=False), help="Write the review CSV to this file.")
@click.option(
    "--show-originals", is_flag=True,
    help="Fill the 'original' column (the names themselves; after apply, read from the sealed mapping).",
)  # fmt: skip
@db_option
def list_proposals(
    document: str | None, out: str | None, show_originals: bool, db: str | None
) -> None:
    """The proposals as a review CSV (decision column: accept, reject or proposed); the original
    names are left out unless --show-originals."""
    with project_transaction(db) as (session, project):
        doc = resolve_document(session, project, document) if document else None
        text = review.proposals_csv(session, project, doc, show_originals)
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@deid_group.command("decide")
@click.argument("proposal_id", type=int)
@click.argument("decision", type=click.Choice(["accept", "reject"]))
@click.option("--replacement", help="Use this pseudonym instead of the proposed one.")
@db_option
def decide(proposal_id: int, decision: str, replacement: str | None, db: str | None) -> None:
    """Accept or reject one proposal."""
    with project_transaction(db) as (session, project):
        proposal = review.decide(session, project, proposal_id, decision, replacement)
        message = f"Proposal {proposal.id}: '{proposal.original}' -> '{proposal.replacement}' {proposal.status}."
    click.echo(message)


@deid_group.command("review")
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@db_option
def review_file(file: str, db: str | None) -> None:
    """Apply the decisions of a reviewed CSV (all rows or none)."""
    path = Path(file)
    with project_transaction(db) as (session, project):
        count = review.review_csv(session, project, decode(path.name, path.read_bytes()), path.name)
    click.echo(f"Reviewed {count} proposals from {path.name}.")


@deid_group.command("apply")
@click.argument("documents", nargs=-1)
@db_option
@json_option
def apply(documents: tuple[str, ...], db: str | None, as_json: bool) -> None:
    """Replace the accepted passages in DOCUMENTS (all when none are named); codings follow."""
    with project_transaction(db) as (session, project):
        data = [
            {"document": d.title, "replaced": review.apply_accepted(session, project, d)}
            for d in _documents(session, project, documents)
        ]
    if any(r["replaced"] for r in data):
        for copy in vacuum_after_deid(get_engine(resolve_db_url(db))):
            click.echo(f"warning: {copy} was set aside by a schema upgrade and still holds the "
                       "original text; delete it once you no longer need it", err=True)  # fmt: skip
    emit(
        data,
        as_json,
        lambda d: "\n".join(f"{r['document']}: {r['replaced']} passages replaced" for r in d),
    )


@deid_group.command("mapping")
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    required=True,
    help="CSV file for the mapping (sensitive).",
)
@db_option
def mapping(out: str, db: str | None) -> None:
    """Export the original -> pseudonym mapping (sensitive: keep it apart from the data)."""
    with project_transaction(db) as (session, project):
        rows = review.export_mapping(session, project)
    Path(out).write_text(csv_text(["kind", "original", "pseudonym"], rows), encoding="utf-8")
    click.echo(f"Wrote {len(rows)} pseudonyms to {out}.")
