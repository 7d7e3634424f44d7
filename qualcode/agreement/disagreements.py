"""Where coders differ: the units whose codes are not the same for every coder (read only)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sqlmodel import Session, select

from qualcode.agreement.data import StudyData
from qualcode.project import CONSENSUS_CODER
from qualcode.store.live import live
from qualcode.store.models import Code, Coder, Coding, Document


@dataclass
class Disagreement:
    """One unit on which the coders' codes differ, with each coder's codes there."""

    document_id: int
    title: str
    unit: str
    index: int  # position among the table's units
    start: int
    end: int
    codes: dict[str, list[str]]  # coder -> code keys applied to the unit (coders with a value)
    disputed: list[str]  # code keys some but not all of those coders applied
    agreed: list[str]  # code keys every one of those coders applied
    reconciled: bool = False  # the consensus coder already has codings here
    text: str = ""


@dataclass
class SideCoding:
    """A coder's coding that touches the unit, shown beside the other coders'."""

    id: int
    coder: str
    code: str
    start: int | None
    end: int | None
    memo: str
    quote: str


@dataclass
class Sides:
    """Every compared coder's codings on a unit, and what the consensus holds there now."""

    by_coder: dict[str, list[SideCoding]] = field(default_factory=dict)
    consensus: list[SideCoding] = field(default_factory=list)


def find_disagreements(session: Session, data: StudyData) -> list[Disagreement]:
    """Units where at least two coders have values and their codes differ, in text order."""
    table = data.table
    present = table.present
    pairable = present.sum(axis=0) >= 2
    applied = table.applied & present[None, :, :]
    n_present = present.sum(axis=0)
    applied_count = applied.sum(axis=1)  # codes x units
    disputed = (applied_count > 0) & (applied_count < n_present[None, :]) & pairable[None, :]
    units = np.flatnonzero(disputed.any(axis=0))
    if len(units) == 0:
        return []
    titles = dict(session.exec(select(Document.id, Document.title)).all())
    texts = {
        d.id: d.text
        for d in session.exec(
            select(Document).where(Document.id.in_({int(table.document_ids[u]) for u in units}))
        )
    }
    reconciled = _consensus_spans(session, data)
    out = []
    for u in units:
        document_id = int(table.document_ids[u])
        start, end = int(table.starts[u]), int(table.ends[u])
        keys = table.codes
        out.append(
            Disagreement(
                document_id, titles.get(document_id, ""), table.unit, int(u), start, end,
                {coder: [keys[k] for k in np.flatnonzero(applied[:, i, u])]
                 for i, coder in enumerate(table.coders) if present[i, u]},
                [keys[k] for k in np.flatnonzero(disputed[:, u])],
                [keys[k] for k in np.flatnonzero(applied_count[:, u] == n_present[u])],
                any(s < end and start < e for s, e in reconciled.get(document_id, [])),
                texts[document_id][start:end],
            )
        )  # fmt: skip
    return out


def _consensus_spans(session: Session, data: StudyData) -> dict[int, list[tuple[int, int]]]:
    """The consensus coder's spans on the compared codes, per document (whole documents as 0..len)."""
    code_ids = [c.id for c in data.codes]
    rows = session.exec(
        select(Coding.document_id, Coding.start, Coding.end, Document.text)
        .join(Coder, Coding.coder_id == Coder.id)
        .join(Document, Coding.document_id == Document.id)
        .where(
            Coder.name == CONSENSUS_CODER,
            live(Coding),
            Coding.code_id.in_(code_ids),
        )
    ).all()
    spans: dict[int, list[tuple[int, int]]] = {}
    for document_id, start, end, text in rows:
        spans.setdefault(document_id, []).append((0, len(text)) if start is None else (start, end))
    return spans


def sides(
    session: Session, disagreement: Disagreement, coders: list[str], code_ids: list[int]
) -> Sides:
    """Each coder's codings (of the compared codes) touching the unit, with memos and quotes."""
    document = session.get(Document, disagreement.document_id)
    rows = session.exec(
        select(Coding, Coder.name, Code.key)
        .join(Coder, Coding.coder_id == Coder.id)
        .join(Code, Coding.code_id == Code.id)
        .where(
            Coding.document_id == disagreement.document_id,
            live(Coding),
            Coding.code_id.in_(code_ids),
            Coder.name.in_([*coders, CONSENSUS_CODER]),
        )
        .order_by(Coding.start, Coding.id)
    ).all()
    result = Sides({coder: [] for coder in coders})
    for coding, coder, key in rows:
        whole = coding.start is None
        if disagreement.unit != "document" and whole:
            continue
        if not whole and not (coding.start < disagreement.end and disagreement.start < coding.end):
            continue
        quote = "" if whole else document.text[coding.start : coding.end]
        side = SideCoding(coding.id, coder, key, coding.start, coding.end, coding.memo, quote)
        if coder == CONSENSUS_CODER:
            result.consensus.append(side)
        else:
            result.by_coder[coder].append(side)
    return result


def default_memo(sides: Sides, keep: list[str], kind: str, side: str | None = None) -> str:
    """The consensus memo when the reconciler writes none: the memos of the coders' codings that the
    decision keeps ("alice: ...; bob: ..."); for "accept X" only X's; "neither" keeps nothing."""
    if kind == "neither":
        return ""
    return "; ".join(
        f"{s.coder}: {s.memo}"
        for codings in sides.by_coder.values()
        for s in codings
        if s.memo and s.code in keep and (kind != "accept" or s.coder == side)
    )


def agreed_runs(data: StudyData) -> list[tuple[int, int | None, int | None, int]]:
    """(document, start, end, code) where every coder with a value applied the code.

    Neighbouring units of one document agreed on the same code merge into one span; on the
    document unit the span is None, None (a whole-document coding).
    """
    table = data.table
    present = table.present
    pairable = present.sum(axis=0) >= 2
    agreed = ((table.applied | ~present[None, :, :]).all(axis=1)) & pairable[None, :]
    runs = []
    for code in range(agreed.shape[0]):
        current = None
        for u in np.flatnonzero(agreed[code]):
            document = int(table.document_ids[u])
            start, end = int(table.starts[u]), int(table.ends[u])
            if current and current[0] == document and current[3] == u - 1:
                current = (document, current[1], end, int(u))
                continue
            if current:
                runs.append((current[0], current[1], current[2], code))
            current = (document, start, end, int(u))
        if current:
            runs.append((current[0], current[1], current[2], code))
    if table.unit == "document":
        return [(d, None, None, c) for d, _, _, c in runs]
    return runs
