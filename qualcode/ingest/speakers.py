"""Correcting a document's speakers: rename a label ("Speaker 2" -> "P3") or set a speaker's role."""

from __future__ import annotations

from sqlmodel import Session

from qualcode.errors import NotFoundError, ValidationError
from qualcode.ingest.documents import document_turns
from qualcode.ingest.roles import ROLES
from qualcode.ingest.transcript import count_words
from qualcode.store import audit
from qualcode.store.models import Document, Project, SpeakerTurn


def document_speakers(session: Session, document: Document) -> list[dict]:
    """Each speaker in order of appearance with role, number of turns and words."""
    speakers: dict[str, dict] = {}
    for turn in document_turns(session, document):
        entry = speakers.setdefault(
            turn.speaker, {"speaker": turn.speaker, "role": turn.role, "turns": 0, "words": 0}
        )
        entry["turns"] += 1
        entry["words"] += count_words(document.text[turn.start : turn.end])
    return list(speakers.values())


def _turns_of(session: Session, document: Document, speaker: str) -> list[SpeakerTurn]:
    turns = [t for t in document_turns(session, document) if t.speaker == speaker]
    if not turns:
        known = ", ".join(dict.fromkeys(t.speaker for t in document_turns(session, document)))
        raise NotFoundError(
            f"'{document.title}' has no speaker {speaker!r} (speakers: {known or 'none'})"
        )
    return turns


def rename_speaker(
    session: Session, project: Project, document: Document, old: str, new: str, actor: str = ""
) -> int:
    """Relabel every turn of one speaker; returns the number of turns changed."""
    new = new.strip()
    if not new:
        raise ValidationError("the new speaker name must not be empty")
    turns = _turns_of(session, document, old)
    for turn in turns:
        turn.speaker = new
        session.add(turn)
    audit.record(
        session, "speaker.rename", project_id=project.id, actor=actor, entity="document",
        entity_id=document.id, old=old, new=new, turns=len(turns),
    )  # fmt: skip
    return len(turns)


def set_speaker_role(
    session: Session, project: Project, document: Document, speaker: str, role: str, actor: str = ""
) -> int:
    """Give every turn of one speaker a role (interviewer, participant or other)."""
    if role not in ROLES:
        raise ValidationError(f"unknown role {role!r} (expected one of: {', '.join(ROLES)})")
    turns = _turns_of(session, document, speaker)
    for turn in turns:
        turn.role = role
        session.add(turn)
    audit.record(
        session, "speaker.role", project_id=project.id, actor=actor, entity="document",
        entity_id=document.id, speaker=speaker, role=role, turns=len(turns),
    )  # fmt: skip
    return len(turns)
