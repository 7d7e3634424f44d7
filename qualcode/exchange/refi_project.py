"""REFI-QDA projects (.qdpx): a zip with project.qde (urn:QDA-XML:project:1.0) and sources/<guid>.txt.

What moves: coders as <User>s; the codebook as <CodeBook>; documents as UTF-8 plain-text <TextSource>s
(interview date as a source variable); span codings as <PlainTextSelection>s whose start/end positions
count Unicode code points (Python string indices, so non-BMP characters count once); whole-document
codings as <Coding>s directly on the source; participants as <Case>s with their attributes as
<Variable>s (refi_values: decimal notation, no value for NaN/infinity or an impossible date) and
<SourceRef>s to their documents; memos as <Note>s referenced from the project, a code, a coding or a
source (a memo on a passage: a <PlainTextSelection> of the source that holds only its <NoteRef>);
a document's sets (from an import) as <Set>s. An empty codebook writes no <CodeBook>. What the
standard has no place for (codebook keys and links, speaker turns and roles, memo authors who are not
coders, list attributes) travels in a `qualcode.json` member (refi_extension). GUIDs come from what the things are (document GUID kept from
an import or its content hash, code keys, coder names, positions), not from database ids, and archive
members carry a fixed date, so exporting the same project, or its re-import, gives the same bytes.
Importing is refi_project_import.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from datetime import UTC, datetime

from sqlmodel import Session, select

from qualcode import __version__
from qualcode.codebook import store as codebook_store
from qualcode.exchange import refi_extension
from qualcode.exchange.refi_codebook import (
    PROJECT_NS,
    codes_element,
    guid,
    is_guid,
    xml_text,
)
from qualcode.exchange.refi_values import valid_date, value_text, variable_type
from qualcode.ingest.documents import document_turns
from qualcode.project import ASSISTANT_ROLE
from qualcode.store.live import live
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


class _Writer:
    """Builds project.qde, the source files and the extension for one project."""

    def __init__(self, session: Session, project: Project, include_assistant: bool = False) -> None:
        self.session, self.project, self.seed = session, project, project.name
        self.include_assistant = include_assistant
        self.files: dict[str, bytes] = {}
        self.notes: list[ET.Element] = []
        self.seen: dict[tuple, int] = {}
        self.warnings: list[str] = []
        self.users: dict[str, str] = {}  # coder name -> user GUID
        self.extra: dict[str, dict] = {"sources": {}, "notes": {}, "cases": {}}

    def stable_guid(self, *identity: object) -> str:
        """A GUID from what a thing is, numbered when the same identity occurs again."""
        n = self.seen[identity] = self.seen.get(identity, 0) + 1
        return guid(self.seed, *identity, n)

    def note(self, memo: Memo, name: str | None = None) -> str:
        """A <Note> for the memo (its passage, if any, is anchored by the caller); returns its GUID."""
        note_guid = self.stable_guid(  # from what is written, so a re-import keeps the GUID
            "note", memo.target, xml_text(name or memo.title), xml_text(memo.text),
            _when(memo.created_at), memo.start, memo.end,
        )  # fmt: skip
        attrs = {"guid": note_guid}
        if name or memo.title:
            attrs["name"] = xml_text(name or memo.title)
        user = self.users.get(memo.author)
        if user:
            attrs["creatingUser"] = user
        elif memo.author:
            self.extra["notes"][note_guid] = {"author": memo.author}
        attrs["creationDateTime"] = _when(memo.created_at)
        element = ET.Element(f"{N}Note", attrs)
        ET.SubElement(element, f"{N}PlainTextContent").text = xml_text(memo.text)
        self.notes.append(element)
        return note_guid

    def build(self) -> bytes:
        session, project = self.session, self.project
        coders = [
            c
            for c in session.exec(
                select(Coder).where(Coder.project_id == project.id).order_by(Coder.id)
            )
            if self.include_assistant or c.role != ASSISTANT_ROLE  # suggestions only when asked
        ]
        self.users = {c.name: guid(self.seed, "user", c.name) for c in coders}
        self.coder_names = {c.id: c.name for c in coders}
        users = {c.id: self.users[c.name] for c in coders}
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
                select(Memo).where(Memo.project_id == project.id, live(Memo)).order_by(Memo.id)
            )
        )
        by_target: dict[tuple[str, int | None], list[Memo]] = {}
        for memo in memos:
            by_target.setdefault((memo.target, memo.target_id), []).append(memo)
        self.by_target = by_target

        codebook = codebook_store.get_codebook(session, project)
        code_guids: dict[int, str] = {}
        spec = codebook_store.to_spec(session, codebook) if codebook is not None else None
        if spec is not None and (spec.codes or spec.groups):
            rows = codebook_store.codes(session, codebook)
            refs = {c.key: [self.note(m) for m in by_target.get(("code", c.id), [])] for c in rows}
            book = ET.SubElement(root, f"{N}CodeBook")
            keys = codes_element(book, PROJECT_NS, spec, self.seed, refs)
            code_guids = {c.id: keys[c.key] for c in rows}

        documents = list(
            session.exec(
                select(Document)
                .where(Document.project_id == project.id, live(Document))
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
            .where(
                live(Coding),
                Coding.document_id.in_([d.id for d in documents]),
                Coding.coder_id.in_(list(self.coder_names)),
            )
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
                    sources, document, source_guids[document.id],
                    by_document.get(document.id, []), users, code_guids,
                )  # fmt: skip
        project_notes = [self.note(m) for m in by_target.get(("project", None), [])]
        project_notes += [self.note(m) for m in by_target.get(("project", project.id), [])]
        if self.notes:
            notes = ET.SubElement(root, f"{N}Notes")
            notes.extend(self.notes)
        self._sets(root, documents, source_guids)
        for target in project_notes:
            ET.SubElement(root, f"{N}NoteRef", {"targetGUID": target})
        self.extension = refi_extension.build(
            spec, lambda kind, key: guid(self.seed, kind, key), self.extra
        )
        ET.indent(root)
        return ET.tostring(root, encoding="utf-8", xml_declaration=True)

    def _source_guids(self, documents: list[Document]) -> dict[int, str]:
        """The GUID a document came with (from a .qdpx import), else one from its text and title."""
        kept = [(d.meta or {}).get("refi_guid") for d in documents]
        return {
            d.id: kept_guid
            if is_guid(kept_guid) and kept.count(kept_guid) == 1
            else self.stable_guid("source", d.sha256, d.title)
            for d, kept_guid in zip(documents, kept, strict=True)
        }

    def _variables(
        self, root: ET.Element, participants: list[Participant], documents: list[Document]
    ) -> None:
        names = sorted({name for p in participants for name in (p.attributes or {})})
        self.variable_types = {
            name: variable_type([(p.attributes or {}).get(name) for p in participants])
            for name in names
        }
        names = [  # a variable none of whose values can be written is left out with them
            name for name in names
            if any(
                value is not None and value_text(value, self.variable_types[name]) is not None
                for value in ((p.attributes or {}).get(name) for p in participants)
            )
        ]  # fmt: skip
        has_dates = any(valid_date(d.interview_date) for d in documents)
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

    def _value(self, parent: ET.Element, variable_guid: str, kind: str, value: object) -> bool:
        """A <VariableValue>, unless the type cannot hold the value; returns whether written."""
        text = value_text(value, kind)
        if text is None:
            return False
        element = ET.SubElement(parent, f"{N}VariableValue")
        ET.SubElement(element, f"{N}VariableRef", {"targetGUID": variable_guid})
        ET.SubElement(element, f"{N}{kind}Value").text = xml_text(text)
        return True

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
            case_guid = guid(self.seed, "case", participant.label)
            case = ET.SubElement(
                cases, f"{N}Case", {"guid": case_guid, "name": xml_text(participant.label)}
            )
            lists = {}
            for name, value in sorted((participant.attributes or {}).items()):
                if value is None:
                    continue
                kind = self.variable_types[name]
                if not self._value(case, guid(self.seed, "variable", name), kind, value):
                    self.warnings.append(
                        f"participant {participant.label}: attribute {name!r} = {value!r} is not "
                        f"a {kind} value REFI-QDA can hold; left out"
                    )
                if isinstance(value, (list, tuple)):
                    lists[name] = [str(v) for v in value]
            if lists:
                self.extra["cases"][case_guid] = {"lists": lists}
            for document in documents:
                if document.participant_id == participant.id:
                    ET.SubElement(case, f"{N}SourceRef", {"targetGUID": sources[document.id]})

    def _source(self, sources, document, source_guid, codings, users, code_guids) -> None:
        path = f"{source_guid}.txt"
        self.files[path] = document.text.encode("utf-8")
        element = ET.SubElement(
            sources, f"{N}TextSource",
            {"guid": source_guid, "name": xml_text(document.title), "plainTextPath": f"internal://{path}",
             "creationDateTime": _when(document.imported_at)},
        )  # fmt: skip
        whole, memos = [], self.by_target.get(("document", document.id), [])
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
            self._coding(selection, coding, source_guid, users, code_guids)
        for memo in memos:
            if memo.start is not None and memo.end is not None:
                note_guid = self.note(memo)
                selection = ET.SubElement(
                    element, f"{N}PlainTextSelection",
                    {"guid": guid(self.seed, "note-selection", note_guid),
                     "startPosition": str(memo.start), "endPosition": str(memo.end),
                     **({"creatingUser": self.users[memo.author]} if memo.author in self.users else {}),
                     "creationDateTime": _when(memo.created_at)},
                )  # fmt: skip
                ET.SubElement(selection, f"{N}NoteRef", {"targetGUID": note_guid})
        for coding in whole:
            self._coding(element, coding, source_guid, users, code_guids)
        for memo in memos:
            if memo.start is None or memo.end is None:
                ET.SubElement(element, f"{N}NoteRef", {"targetGUID": self.note(memo)})
        date_guid = guid(self.seed, "source-variable", DATE_VARIABLE)
        if document.interview_date and not self._value(
            element, date_guid, "Date", document.interview_date
        ):
            self.warnings.append(
                f"document {document.title!r}: interview date {document.interview_date!r} is not "
                "a calendar date (YYYY-MM-DD); left out"
            )
        turns = [
            [t.speaker, t.role, t.start, t.end, t.timestamp]
            for t in document_turns(self.session, document)
        ]
        if turns:
            self.extra["sources"][source_guid] = {"turns": turns}

    def _sets(self, root: ET.Element, documents: list[Document], sources: dict[int, str]) -> None:
        """Document sets an import brought along (meta 'sets'), as <Set>s of their sources."""
        members: dict[str, list[str]] = {}
        for document in documents:
            for name in (document.meta or {}).get("sets") or []:
                members.setdefault(str(name), []).append(sources[document.id])
        if not members:
            return
        sets = ET.SubElement(root, f"{N}Sets")
        for name, targets in members.items():
            element = ET.SubElement(
                sets, f"{N}Set", {"guid": guid(self.seed, "set", name), "name": xml_text(name)}
            )
            for target in targets:
                ET.SubElement(element, f"{N}MemberSource", {"targetGUID": target})

    @staticmethod
    def _identity(coding: Coding, source_guid: str, users: dict, code_guids: dict) -> tuple:
        """What a coding is: its document, coder, code and span (GUIDs, not database ids)."""
        return (
            source_guid, users[coding.coder_id], code_guids[coding.code_id], coding.start, coding.end
        )  # fmt: skip

    def _coding(self, parent, coding, source_guid, users, code_guids) -> None:
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
                id=-coding.id,
                text=coding.memo,
                title=CODING_MEMO,
                created_at=coding.created_at,
                author=self.coder_names[coding.coder_id],
            )
            ET.SubElement(element, f"{N}NoteRef", {"targetGUID": self.note(memo)})
        for memo in self.by_target.get(("coding", coding.id), []):
            ET.SubElement(element, f"{N}NoteRef", {"targetGUID": self.note(memo)})


def export_qdpx(
    session: Session,
    project: Project,
    warnings: list[str] | None = None,
    include_assistant: bool = False,
) -> bytes:
    """The project as .qdpx bytes (deterministic GUIDs: the same project exports the same way).
    What the schema cannot hold is left out and described in `warnings` when given; an
    assistant's suggestions only with `include_assistant`."""
    writer = _Writer(session, project, include_assistant)
    qde = writer.build()
    members = {
        "project.qde": qde,
        refi_extension.MEMBER: refi_extension.to_member(writer.extension),
    }
    members.update({f"sources/{name}": data for name, data in sorted(writer.files.items())})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, MEMBER_DATE), data, zipfile.ZIP_DEFLATED)
    if warnings is not None:
        warnings.extend(writer.warnings)
    return buffer.getvalue()
