"""Training examples: the units of the documents some coders coded, each labelled per code by
whether each of those coders applied the code to it.

Each (coder, unit) pair is one example, so two coders who agree weigh a unit twice and two who
disagree leave the model unsure there, as they are. A coder's examples come only from documents
in which that coder made at least one coding (elsewhere the coder has not said anything). Units
and labels come from the agreement package's unit table, the same one that measures coders.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from sqlmodel import Session, select

from qualcode.agreement.units import SpanCoding, unit_table
from qualcode.errors import NotFoundError, ValidationError
from qualcode.ingest.documents import document_segments
from qualcode.project import ASSISTANT_ROLE, CONSENSUS_CODER
from qualcode.store.live import live
from qualcode.store.models import Code, Coder, Coding, Document, Project

UNITS = ("turn", "sentence", "paragraph")


@dataclass
class Units:
    """The units of some documents: their document, offsets and text."""

    document_ids: list[int]
    starts: list[int]
    ends: list[int]
    texts: list[str]


@dataclass
class Examples:
    """Units with labels: `labels` is codes x (coder, unit) pairs; `document_of` per pair."""

    units: Units
    coders: list[str]
    codes: list[Code]
    pair_unit: np.ndarray  # index into units, per example
    pair_coder: np.ndarray
    labels: np.ndarray  # codes x examples, bool
    training_hash: str
    present: np.ndarray  # coders x units: the coder coded the unit's document
    applied: np.ndarray  # codes x coders x units

    def document_of(self) -> np.ndarray:
        return np.asarray(self.units.document_ids)[self.pair_unit]


def check_unit(unit: str) -> None:
    if unit not in UNITS:
        raise ValidationError(f"unknown unit {unit!r} (expected one of: {', '.join(UNITS)})")


def document_units(session: Session, documents: list[Document], unit: str) -> Units:
    """The units of these documents, in document order."""
    check_unit(unit)
    units = Units([], [], [], [])
    for document in documents:
        for segment in document_segments(session, document, unit):
            units.document_ids.append(document.id)
            units.starts.append(segment.start)
            units.ends.append(segment.end)
            units.texts.append(document.text[segment.start : segment.end])
    return units


def training_coders(
    session: Session, project: Project, names: tuple[str, ...], consensus: bool
) -> list[Coder]:
    """The coders to learn from: named human coders, or the consensus; at least one."""
    coders = {c.name: c for c in session.exec(select(Coder).where(Coder.project_id == project.id))}
    if consensus:
        if names:
            raise ValidationError("learn from named coders or from the consensus, not both")
        names = (CONSENSUS_CODER,)
    if not names:
        raise ValidationError("name the coders to learn from, or choose the consensus")
    missing = [n for n in names if n not in coders]
    if missing:
        known = ", ".join(sorted(coders)) or "none"
        raise NotFoundError(f"no coder named {', '.join(missing)} (coders: {known})")
    chosen = [coders[n] for n in dict.fromkeys(names)]
    machines = [c.name for c in chosen if c.role == ASSISTANT_ROLE]
    if machines:
        raise ValidationError(f"{', '.join(machines)} is an assistant: learn from people's codings")
    return chosen


def build_examples(
    session: Session, project: Project, coders: list[Coder], codes: list[Code], unit: str
) -> Examples:
    """The labelled units of every document the coders coded (live codings of live documents)."""
    coder_row = {c.id: i for i, c in enumerate(coders)}
    code_row = {c.id: i for i, c in enumerate(codes)}
    rows = session.exec(
        select(Coding.document_id, Coding.coder_id, Coding.code_id, Coding.start, Coding.end)
        .join(Document, Coding.document_id == Document.id)
        .where(Document.project_id == project.id, live(Document),
               live(Coding), Coding.coder_id.in_(list(coder_row)))
    ).all()  # fmt: skip
    coded = {(coder_row[coder], document) for document, coder, *_ in rows}
    spans = [
        SpanCoding(d, coder_row[c], code_row[k], s, e) for d, c, k, s, e in rows if k in code_row
    ]
    documents = list(session.exec(
        select(Document).where(Document.id.in_(sorted({d for _, d in coded}))).order_by(Document.id)
    ))  # fmt: skip
    found = document_units(session, documents, unit)
    by_document: dict[int, list[tuple[int, int]]] = {d.id: [] for d in documents}
    for d, s, e in zip(found.document_ids, found.starts, found.ends, strict=True):
        by_document[d].append((s, e))
    table = unit_table(unit, [c.name for c in coders], [c.key for c in codes], by_document,
                       spans, coded, 0.0)  # fmt: skip
    text_of = {d.id: d.text for d in documents}
    units = Units(table.document_ids.tolist(), table.starts.tolist(), table.ends.tolist(),
                  [text_of[d][s:e] for d, s, e in zip(table.document_ids.tolist(), table.starts.tolist(),
                                                      table.ends.tolist(), strict=True)])  # fmt: skip
    pair_coder, pair_unit = np.nonzero(table.present)
    labels = table.applied[:, pair_coder, pair_unit]
    digest = hashlib.sha256(unit.encode())
    for (d, s, e), text in zip(zip(units.document_ids, units.starts, units.ends, strict=True),
                               units.texts, strict=True):  # fmt: skip
        digest.update(f"|{d}:{s}:{e}:".encode() + text.encode())
    digest.update(np.ascontiguousarray(table.present).tobytes())
    digest.update(np.ascontiguousarray(table.applied).tobytes())
    digest.update("|".join(c.key for c in codes).encode())
    return Examples(units, [c.name for c in coders], codes, pair_unit, pair_coder, labels,
                    digest.hexdigest(), table.present, table.applied)  # fmt: skip
