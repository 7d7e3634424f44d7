"""Progress per coder and document: the share of units a coder touched, and where they left off."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from sqlmodel import Session, select

from qualcode.ingest.segments import Segment
from qualcode.project import is_person, list_coders
from qualcode.store.coding_models import ReadingPosition
from qualcode.store.live import live
from qualcode.store.models import Coder, Coding, Document, Project, SpeakerTurn, utcnow


@dataclass(frozen=True)
class DocumentProgress:
    """One coder's progress on one document."""

    document_id: int
    codings: int
    units: int
    units_touched: int
    last_position: int | None

    @property
    def share(self) -> float:
        return self.units_touched / self.units if self.units else 0.0


def units_touched(segments: list[Segment], codings: list[Coding]) -> int:
    """How many units overlap at least one span coding."""
    spans = sorted((c.start, c.end) for c in codings if c.start is not None and c.end is not None)
    if not spans:
        return 0
    starts = [a for a, _ in spans]
    running_max_end, best = [], -1
    for _, b in spans:
        best = max(best, b)
        running_max_end.append(best)
    touched = 0
    for segment in segments:
        # codings starting before the unit's end; one of them must end after the unit's start
        count = bisect_left(starts, segment.end)
        if count and running_max_end[count - 1] > segment.start:
            touched += 1
    return touched


def save_position(session: Session, coder: Coder, document: Document, position: int) -> None:
    """Remember where the coder is in the document (not audited: it is navigation, not data)."""
    position = max(0, min(position, len(document.text)))
    row = session.exec(
        select(ReadingPosition).where(
            ReadingPosition.coder_id == coder.id, ReadingPosition.document_id == document.id
        )
    ).first()
    if row is None:
        row = ReadingPosition(coder_id=coder.id, document_id=document.id)
    row.position, row.updated_at = position, utcnow()
    session.add(row)


def last_positions(session: Session, coder: Coder) -> dict[int, int]:
    """document id -> the coder's last position there."""
    query = select(ReadingPosition).where(ReadingPosition.coder_id == coder.id)
    return {row.document_id: row.position for row in session.exec(query)}


def last_document(session: Session, coder: Coder) -> int | None:
    """The document the coder worked in most recently."""
    query = (
        select(ReadingPosition)
        .where(ReadingPosition.coder_id == coder.id)
        .order_by(ReadingPosition.updated_at.desc(), ReadingPosition.id.desc())
    )
    row = session.exec(query).first()
    return row.document_id if row else None


def document_progress(
    document: Document,
    segments: list[Segment],
    codings: list[Coding],
    last_position: int | None,
) -> DocumentProgress:
    """Progress of one coder on one document, from that coder's codings there."""
    return DocumentProgress(document.id, len(codings), len(segments),
                            units_touched(segments, codings), last_position)  # fmt: skip


def progress_by_document(
    session: Session, documents: list[Document], coder: Coder
) -> dict[int, DocumentProgress]:
    """The coder's progress on each document, with speaker turns as units (the whole text when a
    document has no turns). Three queries, whatever the number of documents."""
    ids = [d.id for d in documents]
    turns: dict[int, list[Segment]] = {}
    # plain columns, not ORM rows: this runs on every render of the Code page
    for document_id, start, end in session.exec(
        select(SpeakerTurn.document_id, SpeakerTurn.start, SpeakerTurn.end)
        .where(SpeakerTurn.document_id.in_(ids or [-1]))
        .order_by(SpeakerTurn.seq)
    ):
        units = turns.setdefault(document_id, [])
        units.append(Segment("turn", len(units), start, end))
    codings: dict[int, list] = {}
    query = select(Coding.document_id, Coding.start, Coding.end).where(
        Coding.coder_id == coder.id,
        live(Coding),
        Coding.document_id.in_(ids or [-1]),
    )
    for row in session.exec(query):
        codings.setdefault(row.document_id, []).append(row)
    positions = last_positions(session, coder)
    return {
        d.id: document_progress(
            d,
            turns.get(d.id) or [Segment("document", 0, 0, len(d.text))],
            codings.get(d.id, []),
            positions.get(d.id),
        )  # fmt: skip
        for d in documents
    }


def team_progress(
    session: Session,
    project: Project,
    documents: list[Document],
    known: dict[int, dict[int, DocumentProgress]] | None = None,
) -> list[dict]:
    """Every person's progress (consensus and assistants left out) on each document, one row per
    pair: coder, document, codings, turns touched (a share), last position. For the team table on
    the Code page; `known` holds progress already computed, by coder id."""
    known = known or {}
    return [
        {"coder": coder.name, "document": document.title, "codings": progress.codings,
         "turns touched": progress.share, "last position": progress.last_position}
        for coder in list_coders(session, project) if is_person(coder)
        for document, progress in zip(
            documents,
            (known.get(coder.id) or progress_by_document(session, documents, coder)).values(),
            strict=True,
        )
    ]  # fmt: skip
