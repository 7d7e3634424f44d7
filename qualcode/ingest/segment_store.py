"""Units of many documents at once, in a constant number of queries; sentences and paragraphs cached.

Sentences and paragraphs are cut once per document and segmenter (spaCy model name and version,
qualcode's rules version) and stored in `document_segments`, fingerprinted by the text and the
turn boundaries they were cut from: they are recomputed only when either or the segmenter
changes. Turns come from the turn table, whole documents from the text's length.
"""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import delete, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from qualcode.ingest.segments import UNITS, segmenter_name, segments
from qualcode.store.models import Document, SpeakerTurn, utcnow
from qualcode.store.segment_models import DocumentSegments

Spans = list[tuple[int, int]]
BATCH = 1000  # ids per statement when replacing stale rows
FEW = 500  # up to this many documents are selected by id, more by project


def _scope(column, project_id: int, ids: list[int]):
    """Select a few documents by id, many by project: either way one query."""
    return column.in_(ids) if len(ids) <= FEW else Document.project_id == project_id


def fingerprint(text: str, turns: Spans) -> str:
    """What segments depend on: the text and where its turns begin and end."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass"))
    digest.update(json.dumps(turns).encode())
    return digest.hexdigest()


def document_lengths(
    session: Session, project_id: int, ids: list[int] | None = None
) -> dict[int, int]:
    """Each document's text length in characters (one query; the texts stay in the database)."""
    where = (
        Document.project_id == project_id if ids is None else _scope(Document.id, project_id, ids)
    )
    rows = session.exec(select(Document.id, func.length(Document.text)).where(where))
    return {document: int(length or 0) for document, length in rows}


def _turns(session: Session, project_id: int, ids: list[int]) -> dict[int, Spans]:
    rows = session.exec(
        select(SpeakerTurn.document_id, SpeakerTurn.start, SpeakerTurn.end)
        .join(Document, SpeakerTurn.document_id == Document.id)
        .where(_scope(Document.id, project_id, ids))
        .order_by(SpeakerTurn.document_id, SpeakerTurn.seq)
    )
    turns: dict[int, Spans] = {}
    for document, start, end in rows:
        turns.setdefault(document, []).append((start, end))
    return turns


def units_of_documents(
    session: Session, project_id: int, document_ids: list[int], unit: str
) -> dict[int, Spans]:
    """The documents' units of one kind as (start, end) offsets, computing only what is stale.

    A fixed number of queries whatever the number of documents (they select by project).
    """
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r} (expected one of: {', '.join(UNITS)})")
    ids = sorted(set(document_ids))
    if unit == "document":
        lengths = document_lengths(session, project_id, ids)
        return {d: [(0, lengths[d])] for d in ids if d in lengths}
    turns = _turns(session, project_id, ids)
    if unit == "turn":
        lengths = document_lengths(session, project_id, ids)
        return {d: turns.get(d) or [(0, lengths[d])] for d in ids if d in lengths}
    segmenter = segmenter_name(unit)
    stored = {
        row.document_id: row
        for row in session.exec(
            select(DocumentSegments)
            .join(Document, DocumentSegments.document_id == Document.id)
            .where(
                _scope(Document.id, project_id, ids),
                DocumentSegments.unit == unit,
                DocumentSegments.segmenter == segmenter,
            )
        )
    }
    texts = dict(
        session.exec(
            select(Document.id, Document.text).where(Document.project_id == project_id)
        ).all()
    )
    out, fresh = {}, []
    for document in ids:
        if document not in texts:
            continue
        mark = fingerprint(texts[document], turns.get(document, []))
        row = stored.get(document)
        if row is not None and row.source_sha256 == mark:
            out[document] = [(a, b) for a, b in row.spans]
            continue
        spans = [(s.start, s.end) for s in segments(texts[document], unit, turns.get(document))]
        out[document] = spans
        fresh.append({"document_id": document, "unit": unit, "segmenter": segmenter,
                      "source_sha256": mark, "spans": [list(s) for s in spans]})  # fmt: skip
    if fresh:
        _store(session, fresh)
    return out


def _store(session: Session, rows: list[dict]) -> None:
    """Replace stale rows; a concurrent run that stored the same segments first wins quietly."""
    table = DocumentSegments.__table__
    first = rows[0]
    stale = [r["document_id"] for r in rows]
    for start in range(0, len(stale), BATCH):
        session.execute(
            delete(table).where(
                table.c.document_id.in_(stale[start : start + BATCH]),
                table.c.unit == first["unit"],
                table.c.segmenter == first["segmenter"],
            )
        )
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)
    statement = table.insert() if insert is None else insert(table).on_conflict_do_nothing()
    now = utcnow()
    session.execute(statement, [r | {"created_at": now} for r in rows])
