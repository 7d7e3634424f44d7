"""Retrieval: every coded quote of a code (or group) with its document, participant, speaker, coder
and surrounding context, filterable by coder, participant and participant attribute."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import asdict, dataclass

from sqlmodel import Session, select

from qualcode.ingest.participants import attribute_values
from qualcode.spreadsheet_cells import csv_text
from qualcode.store.live import live
from qualcode.store.models import (
    Code,
    Coder,
    Coding,
    Document,
    Participant,
    Project,
    SpeakerTurn,
)


@dataclass(frozen=True)
class Quote:
    """One coded passage (or a whole-document coding, with empty quote)."""

    coding_id: int
    code: str
    document: str
    document_id: int
    participant: str
    speaker: str
    coder: str
    start: int | None
    end: int | None
    before: str
    quote: str
    after: str
    memo: str


def speaker_at(turns: list[SpeakerTurn], position: int) -> str:
    """The speaker of the turn holding `position` (turns sorted by start), or ''."""
    starts = [t.start for t in turns]
    index = bisect_right(starts, position) - 1
    if index >= 0 and turns[index].start <= position < max(turns[index].end, position + 1):
        return turns[index].speaker
    return ""


def coded_quotes(
    session: Session,
    project: Project,
    code_ids: list[int],
    *,
    coder_ids: list[int] | None = None,
    participant_ids: list[int] | None = None,
    attribute: tuple[str, str] | None = None,
    context: int = 80,
) -> list[Quote]:
    """The live codings of the given codes as quotes, in document order."""
    documents = {
        d.id: d
        for d in session.exec(
            select(Document).where(Document.project_id == project.id, live(Document))
        )
    }
    participants = {
        p.id: p
        for p in session.exec(select(Participant).where(Participant.project_id == project.id))
    }
    wanted_documents = [
        d.id for d in documents.values()
        if (participant_ids is None or d.participant_id in participant_ids)
        and (attribute is None or _has_attribute(participants.get(d.participant_id), attribute))
    ]  # fmt: skip
    query = select(Coding).where(
        live(Coding),
        Coding.code_id.in_(code_ids or [-1]),
        Coding.document_id.in_(wanted_documents or [-1]),
    )
    if coder_ids is not None:
        query = query.where(Coding.coder_id.in_(coder_ids or [-1]))
    codings = list(session.exec(query))
    coders = {
        c.id: c.name for c in session.exec(select(Coder).where(Coder.project_id == project.id))
    }
    codes = {c.id: c.name for c in session.exec(select(Code).where(Code.id.in_(code_ids or [-1])))}
    turns: dict[int, list[SpeakerTurn]] = {}
    for turn in session.exec(
        select(SpeakerTurn)
        .where(SpeakerTurn.document_id.in_({c.document_id for c in codings} or {-1}))
        .order_by(SpeakerTurn.document_id, SpeakerTurn.start)
    ):
        turns.setdefault(turn.document_id, []).append(turn)
    quotes = []
    for coding in codings:
        document = documents[coding.document_id]
        participant = participants.get(document.participant_id)
        text = document.text
        if coding.start is None or coding.end is None:
            before = quote = after = ""
            speaker = ""
        else:
            before = text[max(0, coding.start - context) : coding.start]
            quote = text[coding.start : coding.end]
            after = text[coding.end : coding.end + context]
            speaker = speaker_at(turns.get(document.id, []), coding.start)
        quotes.append(Quote(
            coding.id, codes.get(coding.code_id, ""), document.title, document.id,
            participant.label if participant else "", speaker, coders.get(coding.coder_id, ""),
            coding.start, coding.end, before, quote, after, coding.memo,
        ))  # fmt: skip
    return sorted(
        quotes, key=lambda q: (q.document, q.start if q.start is not None else -1, q.coding_id)
    )


def _has_attribute(participant: Participant | None, attribute: tuple[str, str]) -> bool:
    name, value = attribute
    return participant is not None and value in attribute_values(participant.attributes.get(name))


def quotes_csv(quotes: list[Quote]) -> str:
    """Quotes as CSV (one row per coded passage) for export."""
    return csv_text(list(Quote.__dataclass_fields__), [asdict(quote) for quote in quotes])
