"""Codings as one table, for a choice of coders: the input of every analysis table and display.

A choice is one or more named coders, all coders together (their union, without the consensus),
or the consensus coder produced by reconciliation. Choosing the consensus before any unit has been
reconciled is an error, not an empty table: zeros would read as "nobody mentioned it".
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlmodel import Session, select

from qualcode.errors import NotFoundError
from qualcode.project import ASSISTANT_ROLE, CONSENSUS_CODER
from qualcode.store.live import live_codings
from qualcode.store.models import Code, CodeGroup, Coder, Coding, Document, Participant, Project

NO_CONSENSUS = (
    "no consensus yet: reconcile on the Reconcile page (`qualcode serve`) or adopt agreed units there; "
    "until then choose coders (`coders`) or all coders"
)
COLUMNS = [
    "coding_id", "document_id", "document", "participant", "coder", "code", "code_name",
    "group", "start", "end", "memo", "quote",
]  # fmt: skip


@dataclass(frozen=True)
class CoderChoice:
    """Whose codings to read: named coders, all coders (union), or the consensus."""

    coders: tuple[str, ...] = ()
    consensus: bool = False
    include_assistant: bool = False  # "all coders" leaves machine suggestions out unless asked

    @property
    def label(self) -> str:
        if self.consensus:
            return "consensus"
        return ", ".join(self.coders) if self.coders else "all coders"


def codings_frame(
    session: Session, project: Project, choice: CoderChoice = CoderChoice()
) -> pd.DataFrame:
    """Live codings of live documents as rows; `quote` is the coded text ('' for whole-document codings)."""
    query = (
        live_codings(
            project.id,
            Coding.id,
            Coding.document_id,
            Document.title,
            Document.participant_id,
            Coder.name,
            Code.key,
            Code.name,
            Code.group_id,
            Coding.start,
            Coding.end,
            Coding.memo,
        )  # columns, not entities: each document's text is read once below, not once per coding
        .join(Coder, Coding.coder_id == Coder.id)
        .join(Code, Coding.code_id == Code.id)
    )
    if choice.consensus:
        query = query.where(Coder.name == CONSENSUS_CODER)
    elif choice.coders:
        known = set(session.exec(select(Coder.name).where(Coder.project_id == project.id)))
        missing = [c for c in choice.coders if c not in known]
        if missing:
            raise NotFoundError(
                f"no coder named {', '.join(missing)} (coders: {', '.join(sorted(known)) or 'none'})"
            )
        query = query.where(Coder.name.in_(choice.coders))
    else:
        query = query.where(Coder.name != CONSENSUS_CODER)
        if not choice.include_assistant:
            query = query.where(Coder.role != ASSISTANT_ROLE)
    labels = {
        p.id: p.label
        for p in session.exec(select(Participant).where(Participant.project_id == project.id))
    }
    group_keys = {g.id: g.key for g in session.exec(select(CodeGroup))}
    found = list(session.exec(query))
    if choice.consensus and not found:
        raise NotFoundError(NO_CONSENSUS)
    wanted = sorted({row[1] for row in found})
    texts = {
        document_id: text
        for document_id, text in session.exec(
            select(Document.id, Document.text).where(Document.id.in_(wanted))
        )
    }
    rows = [
        (
            coding_id, document_id, title, labels.get(participant_id, ""), coder, key, name,
            group_keys.get(group_id, ""), start, end, memo,
            "" if start is None else texts[document_id][start:end],
        )
        for coding_id, document_id, title, participant_id, coder, key, name, group_id, start, end, memo in found
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.astype({"start": "Int64", "end": "Int64"})
