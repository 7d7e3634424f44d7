"""The codings CSV (a fixed contract): import all-or-nothing, export in the same columns.

Columns: `document` (title or source file name) or `participant` (id whose single document is
meant), `coder`, `code` (key or name, case-insensitive), optional `group`, `start`, `end`
(both empty = whole-document coding), optional `memo`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

from sqlalchemy import insert
from sqlmodel import Session, select

from qualcode.codebook import store as codebook_store
from qualcode.codebook.keys import make_key
from qualcode.coding.codings import check_span
from qualcode.errors import ValidationError
from qualcode.ingest.participants import natural_key
from qualcode.ingest.readers.text_lines import text_lines
from qualcode.project import ASSISTANT_ROLE, get_or_create_coder
from qualcode.spreadsheet_cells import csv_text, restore
from qualcode.store import audit
from qualcode.store.live import live, live_codings
from qualcode.store.models import (
    Code,
    CodeGroup,
    Coder,
    Coding,
    Document,
    Participant,
    Project,
    utcnow,
)
from qualcode.store.unique import insert_unless_exists

COLUMNS = ["document", "participant", "coder", "code", "group", "start", "end", "memo"]
INSERT_BATCH = 20_000  # rows per INSERT round trip: bounded memory for the statement parameters


@dataclass(slots=True)  # slots: an import may hold a million rows
class _Row:
    line: int
    document: Document
    coder: str
    code_ref: str
    group: str
    start: int | None
    end: int | None
    memo: str


def _shared(value: str, shared: dict[str, str]) -> str:
    """One string object per distinct short cell: a million rows name the same coders and codes."""
    return shared.setdefault(value, value) if len(value) <= 64 else value


def _offset(value: str, name: str, where: str) -> int | None:
    value = (value or "").strip()
    if value == "":
        return None
    try:
        return int(value)
    except ValueError:
        raise ValidationError(f"{where}: '{name}' must be a whole number, got {value!r}") from None


def _documents_index(
    session: Session, project: Project
) -> tuple[dict[str, list[Document]], dict[str, list[Document]]]:
    documents = session.exec(
        select(Document).where(Document.project_id == project.id, live(Document))
    )
    by_name: dict[str, list[Document]] = {}
    by_participant: dict[str, list[Document]] = {}
    labels = {
        p.id: p.label
        for p in session.exec(select(Participant).where(Participant.project_id == project.id))
    }
    for document in documents:
        for name in {document.title, document.source_name}:
            if name:
                by_name.setdefault(name.casefold(), []).append(document)
        if document.participant_id in labels:
            by_participant.setdefault(labels[document.participant_id].casefold(), []).append(
                document
            )
    return by_name, by_participant


def _parse_rows(session: Session, project: Project, text: str, source: str) -> list[_Row]:
    reader = csv.DictReader(text_lines(text))  # no StringIO copy (4 bytes a character)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in ("coder", "code") if c not in header]
    if "document" not in header and "participant" not in header:
        missing.insert(0, "document or participant")
    if missing:
        raise ValidationError(
            f"{source}: missing column(s) {', '.join(missing)} (header: {', '.join(header) or 'none'})"
        )
    by_name, by_participant = _documents_index(session, project)
    rows: list[_Row] = []
    problems: list[str] = []
    shared: dict[str, str] = {}
    for line, raw in enumerate(reader, start=2):
        where = f"{source}, line {line}"
        cell = {k: _shared(restore((v or "").strip()), shared) for k, v in raw.items() if k}
        try:
            document = _row_document(cell, by_name, by_participant, where)
            if not cell.get("coder"):
                raise ValidationError(f"{where}: empty 'coder'")
            if not cell.get("code"):
                raise ValidationError(f"{where}: empty 'code'")
            start, end = (
                _offset(cell.get("start", ""), "start", where),
                _offset(cell.get("end", ""), "end", where),
            )
            check_span(document, start, end, where)
            rows.append(
                _Row(
                    line,
                    document,
                    cell["coder"],
                    cell["code"],
                    cell.get("group", ""),
                    start,
                    end,
                    cell.get("memo", ""),
                )
            )
        except ValidationError as exc:
            problems.append(str(exc))
    if problems:
        raise ValidationError(
            f"{source}: nothing imported ({len(problems)} problems)\n"
            + "\n".join(f"  - {p}" for p in problems)
        )
    return rows


def _row_document(cell: dict, by_name: dict, by_participant: dict, where: str) -> Document:
    if cell.get("document"):
        found = by_name.get(cell["document"].casefold(), [])
        if not found:
            raise ValidationError(f"{where}: no document titled or named {cell['document']!r}")
        if len({d.id for d in found}) > 1:
            raise ValidationError(f"{where}: document name {cell['document']!r} is ambiguous")
        return found[0]
    if cell.get("participant"):
        found = by_participant.get(cell["participant"].casefold(), [])
        if not found:
            raise ValidationError(f"{where}: participant {cell['participant']!r} has no document")
        if len(found) > 1:
            titles = ", ".join(d.title for d in found)
            raise ValidationError(
                f"{where}: participant {cell['participant']!r} has several documents ({titles}); name the document"
            )
        return found[0]
    raise ValidationError(f"{where}: give a document or a participant")


def _resolve_codes(
    session: Session,
    project: Project,
    rows: list[_Row],
    create_missing: bool,
    source: str,
    actor: str,
) -> dict[str, Code]:
    codebook = codebook_store.get_codebook(session, project)
    if codebook is None:
        if not create_missing:
            raise ValidationError(
                f"{source}: the project has no codebook; import one first or use `create_missing_codes`"
            )
        from qualcode.codebook.schema import CodebookSpec

        codebook = codebook_store.import_spec(
            session, project, CodebookSpec(name=f"{project.name} codebook"), actor, source
        )
    by_key, by_name = codebook_store.code_index(session, codebook)
    resolved: dict[str, Code] = {}
    unknown: dict[str, str] = {}
    problems: list[str] = []
    for row in rows:
        ref = row.code_ref.casefold()
        if ref in resolved or ref in unknown:
            continue
        if ref in by_key:
            resolved[ref] = by_key[ref]
        elif len(by_name.get(ref, [])) == 1:
            resolved[ref] = by_name[ref][0]
        elif len(by_name.get(ref, [])) > 1:
            keys = ", ".join(sorted(c.key for c in by_name[ref]))
            problems.append(
                f"line {row.line}: code name {row.code_ref!r} is ambiguous (candidates: {keys})"
            )
            unknown[ref] = row.code_ref
        else:
            unknown[ref] = row.code_ref
    if problems:
        raise ValidationError(
            f"{source}: nothing imported\n" + "\n".join(f"  - {p}" for p in problems)
        )
    if unknown and not create_missing:
        names = ", ".join(sorted(unknown.values(), key=str.casefold))
        raise ValidationError(
            f"{source}: nothing imported; unknown codes: {names} (use `create_missing_codes` to add them)"
        )
    if unknown:
        resolved.update(_create_codes(session, codebook, rows, unknown, actor))
    return resolved


def _create_codes(
    session: Session, codebook, rows: list[_Row], unknown: dict[str, str], actor: str
) -> dict[str, Code]:
    """Add the unknown codes, each in the group its rows name (by key or name; created if new)."""
    existing = codebook_store.groups(session, codebook)
    groups = {name.casefold(): g for g in existing for name in (g.key, g.name)}
    group_keys = {g.key for g in existing}
    taken = {c.key for c in codebook_store.codes(session, codebook, include_deleted=True)}
    # read again after `taken`: a concurrent import may have created these codes meanwhile
    by_key, by_name = codebook_store.code_index(session, codebook)
    created: dict[str, Code] = {}
    added: list[str] = []
    for ref, original in unknown.items():
        found = by_key.get(ref) or (by_name[ref][0] if len(by_name.get(ref, [])) == 1 else None)
        if found is not None:
            created[ref] = found
            continue
        group_ref = next((r.group for r in rows if r.code_ref.casefold() == ref and r.group), "")
        group = groups.get(group_ref.casefold()) if group_ref else None
        if group_ref and group is None:
            key = make_key(group_ref, group_keys, fallback="group")
            insert_unless_exists(session, CodeGroup(
                codebook_id=codebook.id, key=key, name=group_ref, position=len(group_keys)
            ))  # fmt: skip
            group = session.exec(select(CodeGroup).where(
                CodeGroup.codebook_id == codebook.id, CodeGroup.key == key
            )).one()  # fmt: skip
            groups[group_ref.casefold()] = group
            group_keys.add(key)
        code = Code(
            codebook_id=codebook.id, key=make_key(original.strip(), taken), name=original.strip(),
            group_id=group.id if group else None, position=len(taken),
        )  # fmt: skip
        key = code.key
        if insert_unless_exists(session, code):
            added.append(key)
        created[ref] = session.exec(  # ours, or the one a concurrent import stored first
            select(Code).where(
                Code.codebook_id == codebook.id, Code.key == key, Code.deleted_at.is_(None)
            )
        ).one()
        taken.add(key)
    if added:
        codebook_store.bump_version(
            session,
            codebook,
            actor,
            f"codes created by a codings import: {', '.join(sorted(added))}",
        )
    else:  # a concurrent import created them all: record the version it made
        session.refresh(codebook)
    return created


def import_codings_csv(
    session: Session,
    project: Project,
    text: str,
    source: str = "codings.csv",
    create_missing_codes: bool = False,
    actor: str = "",
) -> int:
    """Import every row or none; returns the number of codings stored.

    The rows go in as set-based inserts in the caller's transaction (a quarter of a million rows
    in seconds); any error before the commit leaves nothing stored."""
    rows = _parse_rows(session, project, text, source)
    codes = _resolve_codes(session, project, rows, create_missing_codes, source, actor)
    codebook = codebook_store.require_codebook(session, project)
    coders: dict[str, Coder] = {}
    for name in dict.fromkeys(row.coder for row in rows):
        coders[name] = get_or_create_coder(session, project, name, actor)
    now = utcnow()
    for first in range(0, len(rows), INSERT_BATCH):  # the rows' dicts made batch by batch
        values = [
            {"document_id": row.document.id, "coder_id": coders[row.coder].id,
             "code_id": codes[row.code_ref.casefold()].id, "start": row.start, "end": row.end,
             "memo": row.memo, "codebook_version": codebook.version, "created_at": now,
             "updated_at": now, "deleted_at": None}
            for row in rows[first : first + INSERT_BATCH]
        ]  # fmt: skip
        session.execute(insert(Coding.__table__), values)
    audit.record(
        session,
        "codings.import",
        project_id=project.id,
        actor=actor,
        entity="coding",
        source=source,
        count=len(rows),
    )
    return len(rows)


def export_codings_rows(
    session: Session,
    project: Project,
    coder_names: list[str] | None = None,
    include_assistant: bool = False,
) -> list[dict[str, str]]:
    """Live codings as CSV rows, ordered by participant, document, offset and coder; an
    assistant's suggestions only when named or asked for."""
    query = (
        live_codings(project.id, Coding, Document, Coder, Code)
        .join(Coder, Coding.coder_id == Coder.id)
        .join(Code, Coding.code_id == Code.id)
    )
    if coder_names:
        query = query.where(Coder.name.in_(coder_names))
    elif not include_assistant:
        query = query.where(Coder.role != ASSISTANT_ROLE)
    labels = {
        p.id: p.label
        for p in session.exec(select(Participant).where(Participant.project_id == project.id))
    }
    group_keys = {g.id: g.key for g in session.exec(select(CodeGroup))}
    rows = []
    for coding, document, coder, code in session.exec(query):
        rows.append(
            {
                "document": document.source_name or document.title,
                "participant": labels.get(document.participant_id, ""),
                "coder": coder.name,
                "code": code.key,
                "group": group_keys.get(code.group_id, ""),
                "start": "" if coding.start is None else str(coding.start),
                "end": "" if coding.end is None else str(coding.end),
                "memo": coding.memo,
            }
        )
    rows.sort(
        key=lambda r: (
            natural_key(r["participant"]),
            r["document"],
            int(r["start"] or -1),
            r["coder"],
            r["code"],
        )
    )
    return rows


def export_codings_csv(
    session: Session,
    project: Project,
    coder_names: list[str] | None = None,
    include_assistant: bool = False,
) -> str:
    """The codings CSV text (the import's format; formula-like text gets a leading apostrophe,
    which the import removes again)."""
    return csv_text(COLUMNS, export_codings_rows(session, project, coder_names, include_assistant))
