"""Storing parsed transcripts as documents with their turns and memos; finding documents."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import Session, select

from qualcode.config import load_settings
from qualcode.errors import NotFoundError, ValidationError
from qualcode.ingest.freed_memory import release_freed_memory
from qualcode.ingest.participant_store import BATCH, merge_attributes, participant_ids
from qualcode.ingest.participants import (
    column_types,
    formatted_id,
    get_or_create_participant,
    typed_as,
)
from qualcode.ingest.readers import SHEETS, detect_format, read_bytes
from qualcode.ingest.readers.answers_reader import read_answers
from qualcode.ingest.readers.encoding import decoding_warnings
from qualcode.ingest.readers.safety import check_size
from qualcode.ingest.roles import guess_roles
from qualcode.ingest.transcript import ParsedTranscript, transcription_markers
from qualcode.store import audit
from qualcode.store.live import live
from qualcode.store.models import Document, Memo, Participant, Project, SpeakerTurn, utcnow

LARGE_TEXT = 1_000_000  # characters: below this the parse freed too little to matter

TURN_BATCH = 5_000  # speaker turns per INSERT
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
    document_ids: list[int] = field(default_factory=list)

    def stored(self, document_id: int, participant: str | None, parsed: ParsedTranscript) -> None:
        """Record the document a transcript became."""
        self.document_id, self.document_ids, self.participant = (
            document_id,
            [document_id],
            participant,
        )
        self.format, self.turns, self.speakers = (
            parsed.format,
            len(parsed.turns),
            len(parsed.speakers),
        )
        self.words, self.memos = parsed.word_count, len(parsed.memos)
        self.warnings.extend(parsed.warnings)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def date_from_name(name: str) -> str | None:
    """An ISO date embedded in a file name such as Interview-05-20220715.docx."""
    match = DATE_IN_NAME.search(name)
    return f"{match.group(1)}-{match.group(2)}-{match.group(3)}" if match else None


def find_by_sha(session: Session, project: Project, digest: str) -> Document | None:
    query = select(Document).where(
        Document.project_id == project.id, Document.sha256 == digest, live(Document)
    )
    return session.exec(query).first()


def stored_participants(session: Session, project: Project, digest: str) -> str | None:
    """The participant(s) of the stored documents with this sha256, as an import record names them
    ("P3"; "P1, P2" for a sheet of answers), or None when they belong to nobody."""
    query = (
        select(Participant.label)
        .join(Document, Document.participant_id == Participant.id)
        .where(
            Document.project_id == project.id,
            Document.sha256 == digest,
            live(Document),
        )
        .order_by(Document.id)
    )
    labels = list(dict.fromkeys(session.exec(query)))
    return ", ".join(labels) if labels else None


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
    roles: dict[str, str] | None = None,
) -> Document:
    """Write one parsed transcript (document, turns, anchored memos) in the caller's transaction;
    `roles` (speaker -> role) overrides the guessed roles."""
    document = Document(
        **document_row(project, parsed, source_name, sha256, participant, kind, roles)
    )
    session.add(document)
    if len(parsed.text) >= LARGE_TEXT:  # the driver copies the text twice: let it reuse what
        release_freed_memory()  # the parse freed (a trim per short answer would only cost time)
    session.flush()
    _insert_turns_and_memos(session, project, document, parsed)
    audit.record(
        session, "document.import", project_id=project.id, actor=actor, entity="document",
        entity_id=document.id, source=source_name, sha256=sha256,
    )  # fmt: skip
    return document


def document_row(
    project: Project,
    parsed: ParsedTranscript,
    source_name: str,
    sha256: str,
    participant: Participant | None = None,
    kind: str = "interview",
    roles: dict[str, str] | None = None,
) -> dict:
    """The document's columns for a parsed transcript, its speakers' roles guessed (or given)."""
    guess_roles(parsed)
    for turn in parsed.turns:
        turn.role = (roles or {}).get(turn.speaker, turn.role)
    return {
        "project_id": project.id,
        "participant_id": participant.id if participant else None,
        "title": parsed.title,
        "source_name": source_name,
        "format": parsed.format,
        "sha256": sha256,
        "kind": kind,
        "text": parsed.text,
        "interview_date": parsed.interview_date or date_from_name(source_name),
        "meta": {
            **parsed.meta,
            "warnings": parsed.warnings,
            "markers": transcription_markers(parsed.text),
        },
    }


def turn_rows(
    document_id: int, parsed: ParsedTranscript, start: int = 0, stop: int | None = None
) -> list[dict]:
    """The speaker turns of a stored transcript (those from `start` to `stop`), as rows."""
    return [
        {"document_id": document_id, "seq": seq, "speaker": t.speaker, "role": t.role,
         "start": t.start, "end": t.end, "timestamp": t.timestamp}
        for seq, t in enumerate(parsed.turns[start:stop], start=start)
    ]  # fmt: skip


def memo_rows(project: Project, document_id: int, parsed: ParsedTranscript) -> list[dict]:
    """The transcript's anchored memos (Rev memo blocks and the like), as rows."""
    now = utcnow()
    return [
        {"project_id": project.id, "target": "document", "target_id": document_id,
         "start": m.start, "end": m.end, "author": "transcript", "title": m.label, "text": m.text,
         "created_at": now, "updated_at": now, "deleted_at": None}
        for m in parsed.memos
    ]  # fmt: skip


def _insert_turns_and_memos(
    session: Session, project: Project, document: Document, parsed: ParsedTranscript
) -> None:
    """Turns and memos as bulk inserts: a long transcript has hundreds of turns, and building
    an ORM object for each was the slowest part of storing it; a transcript at the upload limit
    has 400,000, inserted TURN_BATCH at a time so their rows never all exist at once."""
    for start in range(0, len(parsed.turns), TURN_BATCH):
        rows = turn_rows(document.id, parsed, start, start + TURN_BATCH)
        session.execute(insert(SpeakerTurn.__table__), rows)
    memos = memo_rows(project, document.id, parsed)
    if memos:
        session.execute(insert(Memo.__table__), memos)


def participant_from_name(name: str, pattern: str, template: str = "{}") -> str | None:
    """A participant id from a file name: the pattern's first group (or whole match) put into the
    template; a purely numeric id loses its leading zeros, so 'Interview-01' with 'P{}' gives 'P1'."""
    try:
        match = re.search(pattern, Path(name).stem)
    except re.error as exc:
        raise ValidationError(
            f"`participant_pattern` {pattern!r} is not a valid regular expression: {exc}"
        ) from exc
    if match is None:
        return None
    value = match.group(1) if match.groups() else match.group(0)
    return formatted_id(value, template, "participant_format")


@dataclass
class ImportOptions:
    """How to read and link a file; the defaults read any format and link no participant."""

    fmt: str = "auto"
    participant: str | None = None
    participant_pattern: str | None = None
    participant_format: str = "{}"
    id_column: str | None = None
    text_column: str | None = None
    max_mb: float | None = None
    roles: dict[str, str] = field(default_factory=dict)
    memos: str = "auto"  # numbered memos: auto (found, share checked), keep (found), none


def import_bytes(
    session: Session,
    project: Project,
    name: str,
    data: bytes,
    options: ImportOptions | None = None,
    actor: str = "",
) -> ImportResult:
    """Read and store one file's bytes in the caller's transaction; an identical file already
    stored (same sha256) is skipped; a bad file raises ValidationError naming it, storing nothing."""
    options = options or ImportOptions()
    max_mb = options.max_mb if options.max_mb is not None else load_settings().max_upload_mb
    result = ImportResult(file=name)
    check_size(name, data, max_mb)
    digest = sha256_of(data)
    duplicate = find_by_sha(session, project, digest)
    if duplicate is not None:
        result.skipped, result.document_id = True, duplicate.id
        result.participant = stored_participants(session, project, digest)
        result.warnings.append(
            f"identical to the stored document '{duplicate.title}' (same sha256): skipped"
        )
        return result
    fmt = detect_format(Path(name), data) if options.fmt == "auto" else options.fmt
    if fmt in SHEETS:
        return _import_answers(session, project, name, data, fmt, digest, options, result, actor)
    parsed = read_bytes(name, data, fmt, max_mb, options.memos)
    label = participant_for(name, options)
    if label is None and options.participant_pattern:
        result.warnings.append(
            f"the file name does not match {options.participant_pattern!r}: no participant"
        )
    participant = get_or_create_participant(session, project, label, actor) if label else None
    document = store_transcript(
        session, project, parsed, source_name=name, sha256=digest, participant=participant,
        actor=actor, roles=options.roles,
    )  # fmt: skip
    result.stored(document.id, label, parsed)
    return result


def _import_answers(
    session: Session, project: Project, name: str, data: bytes, fmt: str, digest: str,
    options: ImportOptions, result: ImportResult, actor: str,
) -> ImportResult:  # fmt: skip
    """One document per answer row, linked to its participant; other cells become attributes.
    Stored in batches (participants, attributes, documents, turns, audit events as bulk
    statements): a sheet at the upload limit holds 100,000 answers and more."""
    rows = read_answers(name, data, fmt, options.id_column, options.text_column)
    columns = {column: "auto" for row in rows for column in row.attributes}
    kinds = column_types((row.attributes for row in rows), columns)
    ids = participant_ids(session, project, (row.participant for row in rows), actor)
    updates: dict[int, dict] = {}
    for row in rows:
        typed = {k: typed_as(v, kinds[k]) for k, v in row.attributes.items()}
        updates.setdefault(ids[row.participant], {}).update(
            {k: v for k, v in typed.items() if v is not None}
        )
    merge_attributes(session, {id_: values for id_, values in updates.items() if values})
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        result.document_ids.extend(
            store_transcripts(
                session,
                project,
                [(row.parsed, ids[row.participant]) for row in batch],
                source_name=name,
                sha256=digest,
                kind="survey_answer",
                actor=actor,
            )  # fmt: skip
        )
    result.words = sum(row.word_count for row in rows)
    result.document_id, result.format = result.document_ids[0], fmt
    result.turns, result.speakers = len(rows), len({r.participant for r in rows})
    result.participant = ", ".join(dict.fromkeys(r.participant for r in rows))
    if fmt == "csv":  # broken UTF-8 bytes are named as in a transcript
        result.warnings.extend(decoding_warnings(name, data))
    return result


def store_transcripts(
    session: Session,
    project: Project,
    items: list[tuple[ParsedTranscript, int | None]],
    *,
    source_name: str,
    sha256: str,
    kind: str = "interview",
    actor: str = "",
) -> list[int]:
    """`store_transcript` for many (parsed, participant id) at once, as bulk inserts without ORM
    objects; the new documents' ids in order."""
    table = Document.__table__
    rows = []
    for parsed, participant_id in items:
        row = Document(
            **document_row(project, parsed, source_name, sha256, None, kind)
        ).model_dump()
        row.pop("id")
        rows.append({**row, "participant_id": participant_id})
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    ids = [id_ for (id_,) in session.execute(statement, rows)] if rows else []
    turns = [
        turn for id_, (parsed, _) in zip(ids, items, strict=True) for turn in turn_rows(id_, parsed)
    ]
    if turns:
        session.execute(insert(SpeakerTurn.__table__), turns)
    memos = [
        memo
        for id_, (parsed, _) in zip(ids, items, strict=True)
        for memo in memo_rows(project, id_, parsed)
    ]
    if memos:
        session.execute(insert(Memo.__table__), memos)
    audit.record_many(
        session, "document.import", project_id=project.id, actor=actor, entity="document",
        items=[(id_, {"source": source_name, "sha256": sha256}) for id_ in ids],
    )  # fmt: skip
    return ids


def parse_upload(
    name: str, data: bytes, options: ImportOptions | None = None
) -> ParsedTranscript | list:
    """Parse without storing (the import preview): a transcript with guessed roles, or the answer
    rows of a sheet; bad input raises ValidationError like the import does."""
    options = options or ImportOptions()
    max_mb = options.max_mb if options.max_mb is not None else load_settings().max_upload_mb
    check_size(name, data, max_mb)
    fmt = detect_format(Path(name), data) if options.fmt == "auto" else options.fmt
    if fmt in SHEETS:
        return read_answers(name, data, fmt, options.id_column, options.text_column)
    parsed = read_bytes(name, data, fmt, max_mb, options.memos)
    guess_roles(parsed)
    return parsed


def participant_for(name: str, options: ImportOptions) -> str | None:
    """The participant id the options give a file: the fixed one, or the one in its name."""
    if options.participant or not options.participant_pattern:
        return options.participant
    return participant_from_name(name, options.participant_pattern, options.participant_format)


def import_transcript_file(
    session: Session,
    project: Project,
    path: str | Path,
    participant_label: str | None = None,
    fmt: str = "auto",
    actor: str = "",
    options: ImportOptions | None = None,
) -> ImportResult:
    """Read and store one file; see `import_bytes`."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"{path}: no such file")
    options = options or ImportOptions(fmt=fmt, participant=participant_label)
    result = import_bytes(session, project, path.name, path.read_bytes(), options, actor)
    result.file = str(path)
    return result


def list_documents(session: Session, project: Project) -> list[Document]:
    """Live documents, by title."""
    query = select(Document).where(Document.project_id == project.id, live(Document))
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
    """The units (turn, paragraph, sentence, document) of a stored document (sentences cached)."""
    from qualcode.ingest.segment_store import units_of_documents
    from qualcode.ingest.segments import Segment

    spans = units_of_documents(session, document.project_id, [document.id], unit)[document.id]
    return [Segment(unit, i, a, b) for i, (a, b) in enumerate(spans)]
