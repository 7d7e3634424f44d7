"""Importing REFI-QDA projects (.qdpx) written by qualcode or by ATLAS.ti, MAXQDA, NVivo, QualCoder, Taguette.

Reads what refi_project writes (see there for what moves and how positions count) in one
transaction; an archive that breaks the standard is rejected with the reason and nothing is stored.
"""

from __future__ import annotations

import hashlib
import io
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session, select

from qualcode.codebook import store as codebook_store
from qualcode.coding.codings import check_span
from qualcode.errors import ValidationError
from qualcode.exchange import refi_extension
from qualcode.exchange.refi_codebook import (
    namespace,
    parse_codes,
    parse_xml,
)
from qualcode.exchange.refi_project import (
    CODING_MEMO,
    DATE_VARIABLE,
    FALLBACK_CODER,
)
from qualcode.ingest.participants import get_or_create_participant, typed_value
from qualcode.project import create_project, find_project, get_or_create_coder
from qualcode.store import audit
from qualcode.store.live import live
from qualcode.store.models import Coder, Coding, Document, Memo


def parse_when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass
class ImportSummary:
    """What an import stored."""

    project: str
    documents: int = 0
    codes: int = 0
    codings: int = 0
    coders: list[str] = field(default_factory=list)
    participants: int = 0
    memos: int = 0
    skipped: list[str] = field(default_factory=list)


def _archive(data: bytes, source: str) -> tuple[ET.Element, dict[str, bytes], dict | None]:
    """project.qde parsed, the source files by name, and the qualcode extension when present."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ValidationError(f"{source}: not a .qdpx archive (not a zip file)") from exc
    with archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]
        qde = [n for n in names if n.lower().endswith(".qde") and "/" not in n.strip("/")]
        if len(qde) != 1:
            raise ValidationError(
                f"{source}: a .qdpx holds exactly one .qde project file at its top level, found {len(qde)}"
            )
        try:
            files = {
                n.split("/")[-1]: archive.read(n) for n in names if n.lower().startswith("sources/")
            }
            root = parse_xml(archive.read(qde[0]), f"{source}:{qde[0]}")
            extra = archive.read(refi_extension.MEMBER) if refi_extension.MEMBER in names else None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError) as exc:
            raise ValidationError(f"{source}: the archive is damaged ({exc})") from exc
    namespace(root, "project", f"{source}:{qde[0]}")
    where = f"{source}:{refi_extension.MEMBER}"
    return root, files, (refi_extension.parse(extra, where) if extra is not None else None)


def _source_text(element: ET.Element, ns: str, files: dict[str, bytes], where: str) -> str:
    content = element.find(f"{ns}PlainTextContent")
    if content is not None:
        return content.text or ""
    path = element.get("plainTextPath") or ""
    if not path.startswith("internal://"):
        raise ValidationError(
            f"{where}: plainTextPath {path!r} is not inside the archive (expected internal://...)"
        )
    name = path[len("internal://") :].lstrip("/")
    if name not in files:
        raise ValidationError(f"{where}: the archive has no sources/{name}")
    try:
        return files[name].decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"{where}: sources/{name} is not UTF-8 text (byte {exc.start})"
        ) from exc


def _position(element: ET.Element, name: str, where: str) -> int:
    value = element.get(name)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{where}: {name} must be a whole number, got {value!r}") from None


def import_qdpx(session: Session, data: bytes, source: str, actor: str = "") -> ImportSummary:
    """Store a .qdpx project in the caller's transaction: into a new database, or a project without
    documents. Everything is checked before anything is written."""
    root, files, extension = _archive(data, source)
    ns = "{" + root.tag[1:].split("}")[0] + "}"
    project = find_project(session)
    if project is not None:
        existing = session.exec(
            select(Document.id).where(Document.project_id == project.id, live(Document))
        ).first()
        if existing is not None:
            raise ValidationError(
                f"this project '{project.name}' already holds documents; import {source} into a new database (--db)"
            )
    users = {
        u.get("guid"): (u.get("name") or f"user-{(u.get('guid') or '')[:8]}")
        for u in root.iter(f"{ns}User")
    }
    codebook_element = root.find(f"{ns}CodeBook")
    codes_xml = codebook_element.find(f"{ns}Codes") if codebook_element is not None else None
    current = None
    if project is not None and (book := codebook_store.get_codebook(session, project)) is not None:
        current = codebook_store.to_spec(session, book)
    spec, code_keys = (
        parse_codes(codes_xml, ns[1:-1], root.get("name") or "Codebook", source, current, extension)
        if codes_xml is not None
        else (None, {})
    )
    notes = {n.get("guid"): n for n in root.iter(f"{ns}Note")}
    variables = {v.get("guid"): v.get("name") or "" for v in root.iter(f"{ns}Variable")}

    parsed_sources = []
    for element in root.iter(f"{ns}TextSource"):
        where = f"{source}: source {element.get('name')!r}"
        text = _source_text(element, ns, files, where)
        spans = []
        for selection in element.findall(f"{ns}PlainTextSelection"):
            start, end = (
                _position(selection, "startPosition", where),
                _position(selection, "endPosition", where),
            )
            if not 0 <= start < end <= len(text):
                raise ValidationError(
                    f"{where}: selection {selection.get('guid')} ({start}-{end}) lies outside the text "
                    f"({len(text)} characters, counted in Unicode code points)"
                )
            description = selection.find(f"{ns}Description")
            memo = (description.text or "") if description is not None else ""
            for coding in selection.findall(f"{ns}Coding"):
                spans.append((start, end, memo, coding))
        for coding in element.findall(f"{ns}Coding"):
            spans.append((None, None, "", coding))
        for _, _, _, coding in spans:
            ref = coding.find(f"{ns}CodeRef")
            if ref is None or ref.get("targetGUID") not in code_keys:
                raise ValidationError(
                    f"{where}: coding {coding.get('guid')} refers to no code of the codebook"
                )
        date = None
        for value in element.findall(f"{ns}VariableValue"):
            ref = value.find(f"{ns}VariableRef")
            if ref is not None and variables.get(ref.get("targetGUID")) == DATE_VARIABLE:
                found = value.find(f"{ns}DateValue")
                date = found.text if found is not None else None
        parsed_sources.append((element, text, spans, date))
    skipped = [
        f"{kind} {e.get('name')!r}"
        for kind in ("PictureSource", "PDFSource", "AudioSource", "VideoSource")
        for e in root.iter(f"{ns}{kind}")
    ]

    # ------------------------------------------------------------ write (all checks passed)
    if project is None:
        project = create_project(session, root.get("name") or Path(source).stem, actor)
        project.created_at = parse_when(root.get("creationDateTime")) or project.created_at
    summary = ImportSummary(project=project.name, skipped=skipped)
    if spec is not None:
        codebook = codebook_store.import_spec(session, project, spec, actor, source)
        summary.codes = len(spec.codes)
    else:
        codebook = codebook_store.get_codebook(session, project)
    code_ids = {c.key: c.id for c in codebook_store.codes(session, codebook)} if codebook else {}
    coders: dict[str, Coder] = {}

    def coder_for(user_guid: str | None) -> Coder:
        name = users.get(user_guid, FALLBACK_CODER)
        if name not in coders:
            coders[name] = get_or_create_coder(session, project, name, actor)
        return coders[name]

    def memo_from(note: ET.Element, target: str, target_id: int | None) -> Memo:
        where = f"{source}: note {note.get('guid')}"
        content = note.find(f"{ns}PlainTextContent")
        selection = note.find(f"{ns}PlainTextSelection")
        memo = Memo(
            project_id=project.id, target=target, target_id=target_id,
            author=users.get(note.get("creatingUser"), ""), title=note.get("name") or "",
            text=(content.text or "") if content is not None else "",
            start=_position(selection, "startPosition", where) if selection is not None else None,
            end=_position(selection, "endPosition", where) if selection is not None else None,
        )  # fmt: skip
        memo.created_at = parse_when(note.get("creationDateTime")) or memo.created_at
        session.add(memo)
        summary.memos += 1
        return memo

    used_notes: set[str] = set()
    document_ids: dict[str, int] = {}
    version = codebook.version if codebook else 1
    for element, text, spans, date in parsed_sources:
        document = Document(
            project_id=project.id, title=element.get("name") or "source", source_name=f"{Path(source).name}",
            format="qdpx", sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), text=text,
            interview_date=date, meta={"refi_guid": element.get("guid")},
        )  # fmt: skip
        document.imported_at = parse_when(element.get("creationDateTime")) or document.imported_at
        session.add(document)
        session.flush()
        document_ids[element.get("guid")] = document.id
        for start, end, memo_text, coding_element in spans:
            check_span(document, start, end, f"{source}: source {document.title!r}")
            key = code_keys[coding_element.find(f"{ns}CodeRef").get("targetGUID")]
            coding = Coding(
                document_id=document.id, code_id=code_ids[key], start=start, end=end, memo=memo_text,
                coder_id=coder_for(coding_element.get("creatingUser")).id, codebook_version=version,
            )  # fmt: skip
            coding.created_at = (
                parse_when(coding_element.get("creationDateTime")) or coding.created_at
            )
            session.add(coding)
            session.flush()
            summary.codings += 1
            for ref in coding_element.findall(f"{ns}NoteRef"):
                note = notes.get(ref.get("targetGUID"))
                if note is None:
                    continue
                used_notes.add(ref.get("targetGUID"))
                if start is None and note.get("name") == CODING_MEMO:
                    content = note.find(f"{ns}PlainTextContent")
                    coding.memo = (content.text or "") if content is not None else ""
                else:
                    memo_from(note, "coding", coding.id)
        for ref in element.findall(f"{ns}NoteRef"):
            if (note := notes.get(ref.get("targetGUID"))) is not None:
                used_notes.add(ref.get("targetGUID"))
                memo_from(note, "document", document.id)
    summary.documents = len(parsed_sources)

    if codes_xml is not None and codebook is not None:
        rows = {c.key: c for c in codebook_store.codes(session, codebook)}
        for code_element in codes_xml.iter(f"{ns}Code"):
            key = code_keys.get(code_element.get("guid"))
            for ref in code_element.findall(f"{ns}NoteRef"):
                if key and (note := notes.get(ref.get("targetGUID"))) is not None:
                    used_notes.add(ref.get("targetGUID"))
                    memo_from(note, "code", rows[key].id)

    for case in root.iter(f"{ns}Case"):
        label = (case.get("name") or "").strip()
        if not label:
            continue
        participant = get_or_create_participant(session, project, label, actor)
        attributes = dict(participant.attributes or {})
        for value in case.findall(f"{ns}VariableValue"):
            ref = value.find(f"{ns}VariableRef")
            name = variables.get(ref.get("targetGUID")) if ref is not None else None
            found = [child for child in value if child.tag != f"{ns}VariableRef"]
            if name and found and found[0].text is not None:
                kind = found[0].tag[len(ns) :]
                attributes[name] = (
                    found[0].text.strip().lower() == "true"
                    if kind == "BooleanValue"
                    else typed_value(found[0].text)
                )
        participant.attributes = attributes
        session.add(participant)
        summary.participants += 1
        for ref in case.findall(f"{ns}SourceRef"):
            if ref.get("targetGUID") in document_ids:
                document = session.get(Document, document_ids[ref.get("targetGUID")])
                if document.participant_id is None:
                    document.participant_id = participant.id
                    session.add(document)
    for note_guid, note in notes.items():
        if note_guid not in used_notes:
            memo_from(note, "project", None)
    summary.coders = sorted(coders)
    audit.record(
        session, "project.import_qdpx", project_id=project.id, actor=actor, entity="project",
        entity_id=project.id, source=source, documents=summary.documents, codings=summary.codings,
        memos=summary.memos, skipped=skipped,
    )  # fmt: skip
    return summary
