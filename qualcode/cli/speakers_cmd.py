"""`qualcode speakers list|rename|set-role|markers`: correct who said what in a document."""

from __future__ import annotations

import click

from qualcode.cli.common import db_option, emit, json_option, project_transaction
from qualcode.ingest.documents import resolve_document
from qualcode.ingest.roles import ROLES
from qualcode.ingest.speakers import document_speakers, rename_speaker, set_speaker_role


@click.group(name="speakers")
def speakers_group() -> None:
    """List and correct a document's speakers and their roles."""


@speakers_group.command("list")
@click.argument("document")
@db_option
@json_option
def list_speakers(document: str, db: str | None, as_json: bool) -> None:
    """Speakers of DOCUMENT (id, title or file name) with role, turns and words."""
    with project_transaction(db) as (session, project):
        data = document_speakers(session, resolve_document(session, project, document))
    emit(
        data,
        as_json,
        lambda d: "\n".join(
            f"{s['speaker']}: {s['role']}, {s['turns']} turns, {s['words']} words" for s in d
        ),
    )


@speakers_group.command("rename")
@click.argument("document")
@click.argument("old")
@click.argument("new")
@db_option
@json_option
def rename(document: str, old: str, new: str, db: str | None, as_json: bool) -> None:
    """Rename speaker OLD to NEW in DOCUMENT, e.g. `speakers rename 3 "Speaker 2" P3`."""
    with project_transaction(db) as (session, project):
        doc = resolve_document(session, project, document)
        count = rename_speaker(session, project, doc, old, new)
        result = {"document": doc.title, "old": old, "new": new, "turns": count}
    emit(
        result,
        as_json,
        lambda r: f"{r['document']}: renamed '{r['old']}' to '{r['new']}' in {r['turns']} turns.",
    )


@speakers_group.command("set-role")
@click.argument("document")
@click.argument("speaker")
@click.argument("role", type=click.Choice(ROLES))
@db_option
@json_option
def set_role(document: str, speaker: str, role: str, db: str | None, as_json: bool) -> None:
    """Give SPEAKER in DOCUMENT the role interviewer, participant or other."""
    with project_transaction(db) as (session, project):
        doc = resolve_document(session, project, document)
        count = set_speaker_role(session, project, doc, speaker, role)
        result = {"document": doc.title, "speaker": speaker, "role": role, "turns": count}
    emit(
        result,
        as_json,
        lambda r: f"{r['document']}: '{r['speaker']}' is now {r['role']} ({r['turns']} turns).",
    )


@speakers_group.command("markers")
@click.argument("document")
@db_option
@json_option
def markers(document: str, db: str | None, as_json: bool) -> None:
    """Transcription markers ([inaudible ...], [crosstalk]) in DOCUMENT, for review."""
    with project_transaction(db) as (session, project):
        doc = resolve_document(session, project, document)
        data = list(doc.meta.get("markers", []))
    emit(
        data,
        as_json,
        lambda d: "\n".join(f"{m['start']}-{m['end']}: {m['text']}" for m in d) or "No markers.",
    )
