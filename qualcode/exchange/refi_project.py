"""REFI-QDA projects (.qdpx): a zip with project.qde (urn:QDA-XML:project:1.0) and sources/<guid>.txt.

What moves: coders as <User>s; the codebook as <CodeBook>; documents as UTF-8 plain-text <TextSource>s
(interview date as a source variable); span codings as <PlainTextSelection>s whose start/end positions
count Unicode code points (Python string indices, so non-BMP characters count once); whole-document
codings as <Coding>s directly on the source; participants as <Case>s with their attributes as
<Variable>s and <SourceRef>s to their documents; memos as <Note>s referenced from the project, a
source (anchored with a selection), a code or a coding. qualcode's own codebook fields travel in a
`qualcode.json` member (refi_extension). GUIDs come from what the things are (document GUID kept from
an import or its content hash, code keys, coder names, positions), not from database ids, and archive
members carry a fixed date, so exporting the same project, or its re-import, gives the same bytes.
Import reads all of it back in one transaction; an archive that breaks the standard is rejected with
the reason and nothing is stored.
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

from qualcode import __version__
from qualcode.codebook import store as codebook_store
from qualcode.coding.codings import check_span
from qualcode.errors import ValidationError
from qualcode.exchange import refi_extension
from qualcode.exchange.refi_codebook import (
    PROJECT_NS,
    codes_element,
    guid,
    namespace,
    parse_codes,
    parse_xml,
    xml_text,
)
from qualcode.ingest.participants import get_or_create_participant, typed_value
from qualcode.project import create_project, find_project, get_or_create_coder
from qualcode.store import audit
from qualcode.store.models import Coder, Coding, Document, Memo, Participant, Project

N = f"{{{PROJECT_NS}}}"
DATE_VARIABLE = "interview_date"
CODING_MEMO = "Coding memo"  # name of the Note that carries a whole-document coding's memo
FALLBACK_CODER = "imported"
MEMBER_DATE = (1980, 1, 1, 0, 0, 0)  # zip members carry this date so exports are byte-stable


def _when(value: datetime | None) -> str:
    value = value or datetime.now(UTC)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _variable_type(values: list[object]) -> str:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "Boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "Integer"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "Float"
    return "Text"


def _value_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


class _Writer:
    """Builds project.qde and the source files for one project."""

    def __init__(self, session: Session, project: Project) -> None:
        self.session, self.project, self.seed = session, project, project.name
        self.files: dict[str, bytes] = {}
        self.notes: list[ET.Element] = []
        self.extension: dict | None = None
        self.seen: dict[tuple, int] = {}

    def stable_guid(self, *identity: object) -> str:
        """A GUID from what a thing is, numbered when the same identity occurs again."""
        n = self.seen[identity] = self.seen.get(identity, 0) + 1
        return guid(self.seed, *identity, n)

    def note(self, memo: Memo, user: str | None, name: str | None = None) -> str:
        note_guid = self.stable_guid(
            "note", memo.target, name or memo.title, memo.text, _when(memo.created_at), memo.start,
            memo.end,
        )  # fmt: skip
        attrs = {"guid": note_guid, "name": xml_text(name or memo.title or "Memo")}
        if user:
            attrs["creatingUser"] = user
        attrs["creationDateTime"] = _when(memo.created_at)
        element = ET.Element(f"{N}Note", attrs)
        ET.SubElement(element, f"{N}PlainTextContent").text = xml_text(memo.text)
        if memo.start is not None and memo.end is not None:
            ET.SubElement(
                element, f"{N}PlainTextSelection",
                {"guid": guid(self.seed, "note-selection", note_guid), "startPosition": str(memo.start),
                 "endPosition": str(memo.end)},
            )  # fmt: skip
        self.notes.append(element)
        return note_guid

    def build(self) -> bytes:
        session, project = self.session, self.project
        coders = list(
            session.exec(select(Coder).where(Coder.project_id == project.id).order_by(Coder.id))
        )
        users = {c.id: guid(self.seed, "user", c.name) for c in coders}
        user_by_name = {c.name: users[c.id] for c in coders}
        ET.register_namespace("", PROJECT_NS)
        root = ET.Element(
            f"{N}Project",
            {"name": xml_text(project.name), "origin": f"qualcode {__version__}",
             "creationDateTime": _when(project.created_at)},
        )  # fmt: skip
        if coders:
            users_element = ET.SubElement(root, f"{N}Users")
            for coder in coders:
                ET.SubElement(
                    users_element,
                    f"{N}User",
                    {"guid": users[coder.id], "name": xml_text(coder.name)},
                )
        memos = list(
            session.exec(
                select(Memo)
                .where(Memo.project_id == project.id, Memo.deleted_at.is_(None))
                .order_by(Memo.id)
            )
        )
        by_target: dict[tuple[str, int | None], list[Memo]] = {}
        for memo in memos:
            by_target.setdefault((memo.target, memo.target_id), []).append(memo)

        codebook = codebook_store.get_codebook(session, project)
        code_guids: dict[int, str] = {}
        if codebook is not None:
            spec = codebook_store.to_spec(session, codebook)
            rows = codebook_store.codes(session, codebook)
            refs = {
                c.key: [
                    self.note(m, user_by_name.get(m.author))
                    for m in by_target.get(("code", c.id), [])
                ]
                for c in rows
            }
            book = ET.SubElement(root, f"{N}CodeBook")
            keys = codes_element(book, PROJECT_NS, spec, self.seed, refs)
            code_guids = {c.id: keys[c.key] for c in rows}
            self.extension = refi_extension.build(
                spec, lambda kind, key: guid(self.seed, kind, key)
            )

        documents = list(
            session.exec(
                select(Document)
                .where(Document.project_id == project.id, Document.deleted_at.is_(None))
                .order_by(Document.id)
            )
        )
        participants = list(
            session.exec(
                select(Participant)
                .where(Participant.project_id == project.id)
                .order_by(Participant.id)
            )
        )
        source_guids = self._source_guids(documents)
        self._variables(root, participants, documents)
        self._cases(root, participants, documents, source_guids)

        codings = session.exec(
            select(Coding)
            .where(Coding.deleted_at.is_(None), Coding.document_id.in_([d.id for d in documents]))
            .order_by(Coding.document_id, Coding.start, Coding.id)
        )
        by_document: dict[int, list[Coding]] = {}
        for coding in codings:
            if coding.code_id in code_guids:
                by_document.setdefault(coding.document_id, []).append(coding)
        if documents:
            sources = ET.SubElement(root, f"{N}Sources")
            for document in documents:
                self._source(
                    sources, document, source_guids[document.id], by_document.get(document.id, []),
                    users, code_guids, by_target, user_by_name,
                )  # fmt: skip
        project_notes = [
            self.note(m, user_by_name.get(m.author)) for m in by_target.get(("project", None), [])
        ]
        project_notes += [
            self.note(m, user_by_name.get(m.author))
            for m in by_target.get(("project", project.id), [])
        ]
        if self.notes:
            notes = ET.SubElement(root, f"{N}Notes")
            notes.extend(self.notes)
        for target in project_notes:
            ET.SubElement(root, f"{N}NoteRef", {"targetGUID": target})
        ET.indent(root)
        return ET.tostring(root, encoding="utf-8", xml_declaration=True)

    def _source_guids(self, documents: list[Document]) -> dict[int, str]:
        """The GUID a document came with (from a .qdpx import), else one from its text and title."""
        kept = [(d.meta or {}).get("refi_guid") for d in documents]
        return {
            d.id: kept_guid
            if kept_guid and kept.count(kept_guid) == 1
            else self.stable_guid("source", d.sha256, d.title)
            for d, kept_guid in zip(documents, kept, strict=True)
        }

    def _variables(
        self, root: ET.Element, participants: list[Participant], documents: list[Document]
    ) -> None:
        names = sorted({name for p in participants for name in (p.attributes or {})})
        self.variable_types = {
            name: _variable_type([(p.attributes or {}).get(name) for p in participants])
            for name in names
        }
        has_dates = any(d.interview_date for d in documents)
        if not names and not has_dates:
            return
        variables = ET.SubElement(root, f"{N}Variables")
        for name in names:
            ET.SubElement(
                variables, f"{N}Variable",
                {"guid": guid(self.seed, "variable", name), "name": xml_text(name),
                 "typeOfVariable": self.variable_types[name]},
            )  # fmt: skip
        if has_dates:
            ET.SubElement(
                variables, f"{N}Variable",
                {"guid": guid(self.seed, "source-variable", DATE_VARIABLE), "name": DATE_VARIABLE,
                 "typeOfVariable": "Date"},
            )  # fmt: skip

    def _value(self, parent: ET.Element, variable_guid: str, kind: str, value: object) -> None:
        element = ET.SubElement(parent, f"{N}VariableValue")
        ET.SubElement(element, f"{N}VariableRef", {"targetGUID": variable_guid})
        ET.SubElement(element, f"{N}{kind}Value").text = xml_text(_value_text(value))

    def _cases(
        self,
        root: ET.Element,
        participants: list[Participant],
        documents: list[Document],
        sources: dict[int, str],
    ) -> None:
        if not participants:
            return
        cases = ET.SubElement(root, f"{N}Cases")
        for participant in participants:
            case = ET.SubElement(
                cases,
                f"{N}Case",
                {
                    "guid": guid(self.seed, "case", participant.label),
                    "name": xml_text(participant.label),
                },
            )
            for name, value in sorted((participant.attributes or {}).items()):
                if value is not None:
                    self._value(
                        case, guid(self.seed, "variable", name), self.variable_types[name], value
                    )
            for document in documents:
                if document.participant_id == participant.id:
                    ET.SubElement(case, f"{N}SourceRef", {"targetGUID": sources[document.id]})

    def _source(
        self, sources, document, source_guid, codings, users, code_guids, by_target, user_by_name
    ) -> None:
        path = f"{source_guid}.txt"
        self.files[path] = document.text.encode("utf-8")
        element = ET.SubElement(
            sources, f"{N}TextSource",
            {"guid": source_guid, "name": xml_text(document.title), "plainTextPath": f"internal://{path}",
             "creationDateTime": _when(document.imported_at)},
        )  # fmt: skip
        whole = []
        for coding in codings:
            if coding.start is None:
                whole.append(coding)
                continue
            attrs = {
                "guid": self.stable_guid(
                    "selection", *self._identity(coding, source_guid, users, code_guids)
                ),
                "startPosition": str(coding.start),
                "endPosition": str(coding.end), "creatingUser": users[coding.coder_id],
                "creationDateTime": _when(coding.created_at),
            }  # fmt: skip
            selection = ET.SubElement(element, f"{N}PlainTextSelection", attrs)
            if coding.memo:
                ET.SubElement(selection, f"{N}Description").text = xml_text(coding.memo)
            self._coding(selection, coding, source_guid, users, code_guids, by_target, user_by_name)
        for coding in whole:
            self._coding(element, coding, source_guid, users, code_guids, by_target, user_by_name)
        for memo in by_target.get(("document", document.id), []):
            ET.SubElement(
                element,
                f"{N}NoteRef",
                {"targetGUID": self.note(memo, user_by_name.get(memo.author))},
            )
        if document.interview_date:
            self._value(
                element,
                guid(self.seed, "source-variable", DATE_VARIABLE),
                "Date",
                document.interview_date,
            )

    @staticmethod
    def _identity(coding: Coding, source_guid: str, users: dict, code_guids: dict) -> tuple:
        """What a coding is: its document, coder, code and span (GUIDs, not database ids)."""
        return (
            source_guid, users[coding.coder_id], code_guids[coding.code_id], coding.start, coding.end
        )  # fmt: skip

    def _coding(
        self, parent, coding, source_guid, users, code_guids, by_target, user_by_name
    ) -> None:
        identity = self._identity(coding, source_guid, users, code_guids)
        element = ET.SubElement(
            parent, f"{N}Coding",
            {"guid": self.stable_guid("coding", *identity),
             "creatingUser": users[coding.coder_id],
             "creationDateTime": _when(coding.created_at)},
        )  # fmt: skip
        ET.SubElement(element, f"{N}CodeRef", {"targetGUID": code_guids[coding.code_id]})
        if coding.start is None and coding.memo:
            memo = Memo(
                id=-coding.id, text=coding.memo, title=CODING_MEMO, created_at=coding.created_at
            )
            ET.SubElement(
                element, f"{N}NoteRef", {"targetGUID": self.note(memo, users[coding.coder_id])}
            )
        for memo in by_target.get(("coding", coding.id), []):
            ET.SubElement(
                element,
                f"{N}NoteRef",
                {"targetGUID": self.note(memo, user_by_name.get(memo.author))},
            )


def export_qdpx(session: Session, project: Project) -> bytes:
    """The project as .qdpx bytes (deterministic GUIDs: the same project exports the same way)."""
    writer = _Writer(session, project)
    qde = writer.build()
    members = {"project.qde": qde}
    if writer.extension is not None:
        members[refi_extension.MEMBER] = refi_extension.to_member(writer.extension)
    members.update({f"sources/{name}": data for name, data in sorted(writer.files.items())})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, MEMBER_DATE), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


# ----------------------------------------------------------------------------------------- import


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
            select(Document.id).where(
                Document.project_id == project.id, Document.deleted_at.is_(None)
            )
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
        project.created_at = _parse_when(root.get("creationDateTime")) or project.created_at
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
        memo.created_at = _parse_when(note.get("creationDateTime")) or memo.created_at
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
        document.imported_at = _parse_when(element.get("creationDateTime")) or document.imported_at
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
                _parse_when(coding_element.get("creationDateTime")) or coding.created_at
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
