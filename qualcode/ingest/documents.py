"""Storing parsed transcripts as documents with their turns and memos; finding documents."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, select

from qualcode.errors import NotFoundError, ValidationError
from qualcode.ingest.participants import get_or_create_participant
from qualcode.ingest.readers import read_transcript
from qualcode.ingest.roles import guess_roles
from qualcode.ingest.transcript import ParsedTranscript
from qualcode.store import audit
from qualcode.store.models import Document, Memo, Participant, Project, SpeakerTurn

DATE_IN_NAME = re.compile(r"(20\d{2})-?(\d{2})-?(\d{2})")


@dataclass
class ImportResult:
    """One file's outcome, as `qualcode import transcripts` prints it."""

    file: str
    document_id: int | None = None
    participant: str | None = None
    format: str = ""
    turns: int = 0
    speakers: int = 0
    words: int = 0
    memos: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    skipped: bool = False


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def date_from_name(name: str) -> str | None:
    """An ISO date embedded in a file name such as Interview-05-20220715.docx."""
    match = DATE_IN_NAME.search(name)
    return f"{match.group(1)}-{match.group(2)}-{match.group(3)}" if match else None


def find_by_sha(session: Session, project: Project, digest: str) -> Document | None:
    query = select(Document).where(
        Document.project_id == project.id, Document.sha256 == digest, Document.deleted_at.is_(None)
    )
    return session.exec(query).first()


def store_transcript(
    session: Session,
    project: Project,
    parsed: ParsedTranscript,
    *,
    source_name: str,
    sha256: str,
    participant: Participant | None = None,
    kind: str = "interview",
    actor: str = "",
) -> Document:
    """Write one parsed transcript (document, turns, anchored memos) in the caller's transaction."""
    guess_roles(parsed)
    document = Document(
        project_id=project.id,
        participant_id=participant.id if participant else None,
        title=parsed.title,
        source_name=source_name,
        format=parsed.format,
        sha256=sha256,
        kind=kind,
        text=parsed.text,
        interview_date=parsed.interview_date or date_from_name(source_name),
        meta={"warnings": parsed.warnings},
    )
    session.add(document)
    session.flush()
    session.add_all(
        SpeakerTurn(
            document_id=document.id, seq=seq, speaker=t.speaker, role=t.role,
            start=t.start, end=t.end, timestamp=t.timestamp,
        )
        for seq, t in enumerate(parsed.turns)
    )  # fmt: skip
    session.add_all(
        Memo(
            project_id=project.id, target="document", target_id=document.id, start=m.start, end=m.end,
            author="transcript", title=m.label, text=m.text,
        )
        for m in parsed.memos
    )  # fmt: skip
    audit.record(
        session, "document.import", project_id=project.id, actor=actor, entity="document",
        entity_id=document.id, source=source_name, sha256=sha256,
    )  # fmt: skip
    return document


def import_transcript_file(
    session: Session,
    project: Project,
    path: str | Path,
    participant_label: str | None = None,
    fmt: str = "auto",
    actor: str = "",
) -> ImportResult:
    """Read and store one file; an identical file already stored (same sha256) is skipped."""
    path = Path(path)
    result = ImportResult(file=str(path))
    data = path.read_bytes() if path.is_file() else b""
    digest = sha256_of(data)
    duplicate = find_by_sha(session, project, digest) if data else None
    if duplicate is not None:
        result.skipped, result.document_id = True, duplicate.id
        result.warnings.append(
            f"identical to the stored document '{duplicate.title}' (same sha256): skipped"
        )
        return result
    parsed = read_transcript(path, fmt)
    participant = (
        get_or_create_participant(session, project, participant_label, actor)
        if participant_label
        else None
    )
    document = store_transcript(
        session,
        project,
        parsed,
        source_name=path.name,
        sha256=digest,
        participant=participant,
        actor=actor,
    )
    result.document_id, result.participant, result.format = (
        document.id,
        participant_label,
        parsed.format,
    )
    result.turns, result.speakers, result.words = (
        len(parsed.turns),
        len(parsed.speakers),
        parsed.word_count,
    )
    result.memos, result.warnings = len(parsed.memos), list(parsed.warnings)
    return result


def list_documents(session: Session, project: Project) -> list[Document]:
    """Live documents, by title."""
    query = select(Document).where(Document.project_id == project.id, Document.deleted_at.is_(None))
    return list(session.exec(query.order_by(Document.title)))


def document_turns(session: Session, document: Document) -> list[SpeakerTurn]:
    return list(
        session.exec(
            select(SpeakerTurn)
            .where(SpeakerTurn.document_id == document.id)
            .order_by(SpeakerTurn.seq)
        )
    )


def resolve_document(session: Session, project: Project, ref: str) -> Document:
    """A document by id, title or source file name."""
    documents = list_documents(session, project)
    ref_clean = ref.strip()
    for matcher in (
        lambda d: str(d.id) == ref_clean,
        lambda d: d.title == ref_clean,
        lambda d: d.source_name == ref_clean,
        lambda d: (
            d.title.casefold() == ref_clean.casefold()
            or d.source_name.casefold() == ref_clean.casefold()
        ),
    ):
        found = [d for d in documents if matcher(d)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ValidationError(
                f"document {ref!r} is ambiguous: ids {', '.join(str(d.id) for d in found)}"
            )
    raise NotFoundError(f"no document with id, title or file name {ref!r}")


def document_segments(session: Session, document: Document, unit: str):
    """The units (turn, paragraph, sentence, document) of a stored document."""
    from qualcode.ingest.segments import segments

    turns = [(t.start, t.end) for t in document_turns(session, document)]
    return segments(document.text, unit, turns or None)
