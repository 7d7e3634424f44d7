"""Many transcript files in one transaction, written as set-based inserts.

A researcher importing a folder of 20,000 open answers or short transcripts waits for the database
once, not once per file: every file is read and checked first (the first bad one raises, naming
it, before anything is written), files already stored are found in one query, and documents, turns,
memos and audit events go in as a few multi-row INSERTs. Sheets of answers (CSV/XLSX), which make
many documents from one file, take the per-file path.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import Session, select

from qualcode.config import load_settings
from qualcode.errors import ValidationError
from qualcode.ingest.documents import (
    ImportOptions,
    ImportResult,
    document_row,
    import_transcript_file,
    memo_rows,
    participant_for,
    sha256_of,
    stored_participants,
    turn_rows,
)  # fmt: skip
from qualcode.ingest.participants import get_or_create_participant
from qualcode.ingest.readers import SHEETS, detect_format, read_bytes
from qualcode.ingest.readers.safety import check_size
from qualcode.ingest.transcript import ParsedTranscript
from qualcode.store.live import live
from qualcode.store.models import AuditEvent, Document, Memo, Project, SpeakerTurn, utcnow

BATCH = 5_000  # rows per INSERT statement
LOOKUP_BATCH = 500  # sha256 values per duplicate query


@dataclass
class _Pending:
    result: ImportResult
    parsed: ParsedTranscript
    digest: str
    label: str | None


def _read(path: Path, options: ImportOptions, max_mb: float) -> tuple[str, bytes, str]:
    """The file's bytes and format, size-checked; a missing file is an error naming it."""
    if not path.is_file():
        raise ValidationError(f"{path}: no such file")
    data = path.read_bytes()
    check_size(path.name, data, max_mb)
    return path.name, data, detect_format(path, data) if options.fmt == "auto" else options.fmt


def _stored(session: Session, project: Project, digests: list[str]) -> dict[str, tuple[int, str]]:
    """sha256 -> (document id, title) of the live documents already holding these files."""
    found: dict[str, tuple[int, str]] = {}
    for first in range(0, len(digests), LOOKUP_BATCH):
        query = select(Document.sha256, Document.id, Document.title).where(
            Document.project_id == project.id,
            Document.sha256.in_(digests[first : first + LOOKUP_BATCH]),
            live(Document),
        )
        for digest, document_id, title in session.exec(query.order_by(Document.id)):
            found.setdefault(digest, (document_id, title))
    return found


def _insert(session: Session, table, rows: list[dict]) -> None:
    for first in range(0, len(rows), BATCH):
        session.execute(insert(table), rows[first : first + BATCH])


def import_transcript_files(
    session: Session,
    project: Project,
    paths: list[str | Path],
    options: ImportOptions | None = None,
    actor: str = "",
) -> list[ImportResult]:
    """Read and store many files in the caller's transaction, one result per file in order; the
    first bad file raises ValidationError naming it, and the caller's rollback stores none."""
    options = options or ImportOptions()
    max_mb = options.max_mb if options.max_mb is not None else load_settings().max_upload_mb
    results: list[ImportResult] = []
    pending: list[_Pending] = []
    for path in map(Path, paths):
        name, data, fmt = _read(path, options, max_mb)
        if fmt in SHEETS:
            results.append(
                import_transcript_file(session, project, path, actor=actor, options=options)
            )
            continue
        result = ImportResult(file=str(path))
        results.append(result)
        label = participant_for(name, options)
        if label is None and options.participant_pattern:
            result.warnings.append(
                f"the file name does not match {options.participant_pattern!r}: no participant"
            )
        pending.append(
            _Pending(result, read_bytes(name, data, fmt, max_mb), sha256_of(data), label)
        )
    _store(session, project, pending, options, actor)
    return results


def _store(
    session: Session, project: Project, pending: list[_Pending], options: ImportOptions, actor: str
) -> None:
    stored = _stored(session, project, list(dict.fromkeys(p.digest for p in pending)))
    participants: dict[str, object] = {}
    new: list[_Pending] = []
    first_in_batch: dict[str, _Pending] = {}
    for item in pending:
        if item.digest in stored or item.digest in first_in_batch:
            continue
        first_in_batch[item.digest] = item
        new.append(item)
        if item.label and item.label not in participants:
            participants[item.label] = get_or_create_participant(
                session, project, item.label, actor
            )
    rows = [
        document_row(project, p.parsed, Path(p.result.file).name, p.digest,
                     participants.get(p.label), roles=options.roles)
        for p in new
    ]  # fmt: skip
    now = utcnow()
    for row in rows:
        row |= {"imported_at": now, "deleted_at": None}
    ids: list[int] = []
    returning = insert(Document.__table__).returning(
        Document.__table__.c.id, sort_by_parameter_order=True
    )
    for first in range(0, len(rows), BATCH):
        ids.extend(session.execute(returning, rows[first : first + BATCH]).scalars())
    for item, document_id in zip(new, ids, strict=True):
        item.result.stored(document_id, item.label, item.parsed)
        stored.setdefault(item.digest, (document_id, item.parsed.title))
    for item in pending:
        if item.result.document_id is None:  # a duplicate of a stored file, or of one in this batch
            document_id, title = stored[item.digest]
            first = first_in_batch.get(item.digest)
            item.result.skipped, item.result.document_id = True, document_id
            item.result.participant = (
                first.label if first else stored_participants(session, project, item.digest)
            )
            item.result.warnings.append(
                f"identical to the stored document '{title}' (same sha256): skipped"
            )
    _insert(
        session,
        SpeakerTurn.__table__,
        [t for i, p in zip(ids, new, strict=True) for t in turn_rows(i, p.parsed)],
    )
    _insert(
        session,
        Memo.__table__,
        [m for i, p in zip(ids, new, strict=True) for m in memo_rows(project, i, p.parsed)],
    )
    _insert(session, AuditEvent.__table__, [
        {"project_id": project.id, "at": now, "actor": actor, "action": "document.import",
         "entity": "document", "entity_id": i, "detail": {"source": Path(p.result.file).name, "sha256": p.digest}}
        for i, p in zip(ids, new, strict=True)
    ])  # fmt: skip
