"""Importing REFI-QDA projects (.qdpx) written by qualcode or by ATLAS.ti, MAXQDA, NVivo, QualCoder, Taguette.

Three steps: parse and validate (refi_project_read: the archive becomes checked plain data, bad
selections are skipped with a warning), then write it in the caller's transaction. An archive that
breaks the standard is rejected with the reason and nothing is stored. The summary lists what was
not kept, by element and count.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import Session, select

from qualcode.codebook import store as codebook_store
from qualcode.errors import ValidationError
from qualcode.exchange.refi_project import CODING_MEMO, FALLBACK_CODER
from qualcode.exchange.refi_project_read import ParsedNote, ParsedProject, parse_project, parse_when
from qualcode.ingest.participants import get_or_create_participant
from qualcode.ingest.roles import ROLES
from qualcode.project import create_project, find_project, get_or_create_coder
from qualcode.store import audit
from qualcode.store.live import live
from qualcode.store.models import Coder, Coding, Document, Memo, Project, SpeakerTurn

__all__ = ["ImportSummary", "import_qdpx", "parse_when"]


@dataclass
class ImportSummary:
    """What an import stored, and what it could not keep (`skipped`: element and count)."""

    project: str
    documents: int = 0
    codes: int = 0
    codings: int = 0
    coders: list[str] = field(default_factory=list)
    participants: int = 0
    memos: int = 0
    turns: int = 0
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _target_project(session: Session, source: str) -> Project | None:
    """The database's project, which must hold no documents yet (or None: a new database)."""
    project = find_project(session)
    if project is None:
        return None
    existing = session.exec(
        select(Document.id).where(Document.project_id == project.id, live(Document))
    ).first()
    if existing is not None:
        raise ValidationError(
            f"this project '{project.name}' already holds documents; import {source} into a new database (--db)"
        )
    return project


def import_qdpx(session: Session, data: bytes, source: str, actor: str = "") -> ImportSummary:
    """Store a .qdpx project in the caller's transaction: into a new database, or a project without
    documents. Everything is checked before anything is written."""
    project = _target_project(session, source)
    current = None
    if project is not None and (book := codebook_store.get_codebook(session, project)) is not None:
        current = codebook_store.to_spec(session, book)
    parsed = parse_project(data, source, current)
    return _Store(session, parsed, source, actor).write(project)


class _Store:
    """Writes a parsed project (all checks passed)."""

    def __init__(self, session: Session, parsed: ParsedProject, source: str, actor: str) -> None:
        self.session, self.parsed, self.source, self.actor = session, parsed, source, actor
        self.coders: dict[str, Coder] = {}
        self.used: set[str] = set()

    def write(self, project: Project | None) -> ImportSummary:
        session, parsed = self.session, self.parsed
        if project is None:
            project = create_project(session, parsed.name or Path(self.source).stem, self.actor)
            project.created_at = parsed.created or project.created_at
        self.project = project
        for user_guid in parsed.users:  # every user, also those without codings here
            self.coder(user_guid)
        summary = self.summary = ImportSummary(project=project.name, warnings=parsed.warnings)
        summary.skipped = [f"{count} {kind}" for kind, count in sorted(parsed.not_kept.items())]
        if parsed.spec is not None:
            codebook = codebook_store.import_spec(
                session, project, parsed.spec, self.actor, self.source
            )
            summary.codes = len(parsed.spec.codes)
        else:
            codebook = codebook_store.get_codebook(session, project)
        rows = {c.key: c for c in codebook_store.codes(session, codebook)} if codebook else {}
        version = codebook.version if codebook else 1
        documents = {s.guid: self.document(s, rows, version) for s in parsed.sources}
        summary.documents = len(documents)
        for key, refs in parsed.code_notes.items():
            for ref in refs:
                self.memo_ref(ref, "code", rows[key].id)
        for case in parsed.cases:
            self.case(case, documents)
        for kind, target, text in parsed.descriptions:
            self.description(kind, target, text, documents)
        for ref in parsed.project_notes:
            self.memo_ref(ref, "project", None)
        for note_guid, note in parsed.notes.items():
            if note_guid not in self.used:
                self.memo(note, "project", None)
        summary.coders = sorted(self.coders)
        audit.record(
            session, "project.import_qdpx", project_id=project.id, actor=self.actor, entity="project",
            entity_id=project.id, source=self.source, documents=summary.documents,
            codings=summary.codings, memos=summary.memos, skipped=summary.skipped,
        )  # fmt: skip
        return summary

    def coder(self, user_guid: str | None) -> Coder:
        name = self.parsed.users.get(user_guid, FALLBACK_CODER)
        if name not in self.coders:
            self.coders[name] = get_or_create_coder(self.session, self.project, name, self.actor)
        return self.coders[name]

    def memo(self, note: ParsedNote, target: str, target_id: int | None, span=None) -> Memo:
        start, end = span if span else (note.start, note.end)
        memo = Memo(
            project_id=self.project.id, target=target, target_id=target_id, author=note.author,
            title=note.title, text=note.text, start=start, end=end,
        )  # fmt: skip
        memo.created_at = note.created or memo.created_at
        memo.updated_at = memo.created_at
        self.session.add(memo)
        self.summary.memos += 1
        return memo

    def memo_ref(self, ref: str | None, target: str, target_id: int | None, span=None) -> None:
        note = self.parsed.notes.get(ref or "")
        if note is not None:
            self.used.add(note.guid)
            self.memo(note, target, target_id, span)

    def document(self, parsed_source, rows: dict, version: int) -> Document:
        session, text = self.session, parsed_source.text
        document = Document(
            project_id=self.project.id, title=parsed_source.name, source_name=Path(self.source).name,
            format="qdpx", sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), text=text,
            interview_date=parsed_source.date,
            meta={"refi_guid": parsed_source.guid, **parsed_source.meta},
        )  # fmt: skip
        document.imported_at = parsed_source.created or document.imported_at
        session.add(document)
        session.flush()
        for parsed in parsed_source.codings:
            coding = Coding(
                document_id=document.id, code_id=rows[parsed.code_key].id, start=parsed.start,
                end=parsed.end, memo=parsed.memo, coder_id=self.coder(parsed.user).id,
                codebook_version=version,
            )  # fmt: skip
            coding.created_at = coding.updated_at = parsed.created or coding.created_at
            session.add(coding)
            session.flush()
            self.summary.codings += 1
            for ref in parsed.notes:
                note = self.parsed.notes.get(ref)
                if note is not None and parsed.start is None and note.title == CODING_MEMO:
                    self.used.add(ref)
                    coding.memo = note.text
                else:
                    self.memo_ref(ref, "coding", coding.id)
        for note, start, end in parsed_source.anchored:
            if isinstance(note, ParsedNote):
                self.memo(note, "document", document.id, (start, end))
            else:
                self.memo_ref(note, "document", document.id, (start, end))
        for ref in parsed_source.notes:
            self.memo_ref(ref, "document", document.id)
        self.turns(document, parsed_source.guid)
        return document

    def turns(self, document: Document, source_guid: str) -> None:
        """Speaker turns qualcode wrote in its extension, kept where they fit the text."""
        entry = self.parsed.extension["project"]["sources"].get(source_guid) or {}
        rows = []
        for seq, turn in enumerate(entry.get("turns") or []):
            try:
                speaker, role, start, end, timestamp = turn
                fits = 0 <= int(start) <= int(end) <= len(document.text)
            except (TypeError, ValueError):
                fits = False
            if not fits:
                self.summary.warnings.append(
                    f"{self.source}: source {document.title!r}: turn {seq} does not fit the text; skipped"
                )
                continue
            rows.append({"document_id": document.id, "seq": len(rows), "speaker": str(speaker),
                         "role": role if role in ROLES else "other", "start": int(start),
                         "end": int(end), "timestamp": timestamp})  # fmt: skip
        if rows:
            self.session.execute(insert(SpeakerTurn.__table__), rows)
            self.summary.turns += len(rows)

    def case(self, case, documents: dict[str, Document]) -> None:
        if not case.label:
            self.summary.skipped.append(f"1 Case without a name ({case.guid})")
            return
        participant = get_or_create_participant(self.session, self.project, case.label, self.actor)
        participant.attributes = {**(participant.attributes or {}), **case.attributes}
        self.session.add(participant)
        self.summary.participants += 1
        for ref in case.sources:
            document = documents.get(ref)
            if document is not None and document.participant_id is None:
                document.participant_id = participant.id
                self.session.add(document)

    def description(self, kind: str, target: str, text: str, documents: dict) -> None:
        """A description of the project, a source or a case, kept as a memo titled 'Description'."""
        title = "Description" if kind != "participant" else f"Description of participant {target}"
        note = ParsedNote("", title, text, "", None)
        if kind == "document" and target in documents:
            self.memo(note, "document", documents[target].id)
        else:
            self.memo(note, "project", None)
