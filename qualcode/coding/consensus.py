"""Reconciliation: the `consensus` coder's codings, written from the coders' decisions.

For a unit where coders differ, the reconciler accepts one coder's codes, both (all) coders'
codes, neither (only the codes everyone applied), or edits the codes and memo. The result
replaces the consensus codings of the compared codes on that unit. Units the coders agree on
are adopted in one step. Every write is audited and happens in the caller's transaction.
"""

from __future__ import annotations

from sqlmodel import Session, select

from qualcode.coding.codings import add_coding, delete_coding
from qualcode.errors import ValidationError
from qualcode.project import CONSENSUS_CODER, get_or_create_coder
from qualcode.store import audit
from qualcode.store.live import live
from qualcode.store.models import Code, Coder, Coding, Document, Project

DECISIONS = ("accept", "both", "neither", "edit")


def decide(
    decision: str,
    codes_by_coder: dict[str, list[str]],
    side: str | None = None,
    edited: list[str] | None = None,
) -> list[str]:
    """The code keys the consensus keeps on a unit for a decision."""
    if decision not in DECISIONS:
        raise ValidationError(
            f"unknown decision {decision!r} (expected one of: {', '.join(DECISIONS)})"
        )
    if decision == "accept":
        if side not in codes_by_coder:
            raise ValidationError(
                f"accept needs one of the coders {', '.join(codes_by_coder)}, not {side!r}"
            )
        return list(codes_by_coder[side])
    if decision == "both":
        return list(dict.fromkeys(k for keys in codes_by_coder.values() for k in keys))
    if decision == "neither":
        common = set.intersection(*(set(keys) for keys in codes_by_coder.values()))
        first = next(iter(codes_by_coder.values()), [])
        return [k for k in first if k in common]
    return list(dict.fromkeys(edited or []))


def consensus_codings(
    session: Session, document: Document, codes: list[Code], start: int | None, end: int | None
) -> list[Coding]:
    """The consensus coder's live codings of these codes touching [start, end) (None: all)."""
    query = (
        select(Coding)
        .join(Coder, Coding.coder_id == Coder.id)
        .where(
            Coder.name == CONSENSUS_CODER,
            Coder.project_id == document.project_id,
            Coding.document_id == document.id,
            live(Coding),
            Coding.code_id.in_([c.id for c in codes]),
        )
    )
    found = list(session.exec(query))
    if start is None or end is None:
        return found
    return [c for c in found if c.start is None or (c.start < end and start < c.end)]


def _clear(
    session: Session, document: Document, codes: list[Code], start: int | None, end: int | None,
    consensus: Coder, actor: str,
) -> None:  # fmt: skip
    """Remove consensus codings on the unit; parts of a coding outside the unit are kept."""
    by_id = {c.id: c for c in codes}
    for coding in consensus_codings(session, document, codes, start, end):
        delete_coding(session, coding.id, actor)
        if start is None or end is None or coding.start is None:
            continue
        for a, b in ((coding.start, start), (end, coding.end)):
            if a < b:
                add_coding(
                    session, document, consensus, by_id[coding.code_id], a, b, coding.memo,
                    coding.codebook_version, actor,
                )  # fmt: skip


def reconcile_unit(
    session: Session,
    project: Project,
    document: Document,
    start: int | None,
    end: int | None,
    compared: list[Code],
    keep: list[str],
    decision: str,
    memo: str = "",
    actor: str = "",
    codebook_version: int = 1,
) -> list[Coding]:
    """Make the consensus on [start, end) (None, None: the whole document) exactly the `keep` codes."""
    if decision not in DECISIONS:
        raise ValidationError(
            f"unknown decision {decision!r} (expected one of: {', '.join(DECISIONS)})"
        )
    by_key = {c.key: c for c in compared}
    unknown = [k for k in keep if k not in by_key]
    if unknown:
        raise ValidationError(f"codes {', '.join(unknown)} are not among the compared codes")
    consensus = get_or_create_coder(session, project, CONSENSUS_CODER, actor)
    _clear(session, document, compared, start, end, consensus, actor)
    written = [
        add_coding(
            session, document, consensus, by_key[k], start, end, memo, codebook_version, actor
        )
        for k in keep
    ]
    audit.record(
        session, "consensus.reconcile", project_id=project.id, actor=actor, entity="document",
        entity_id=document.id, decision=decision, start=start, end=end, codes=list(keep),
    )  # fmt: skip
    return written


def adopt_agreements(
    session: Session,
    project: Project,
    runs: list[tuple[int, int | None, int | None, int]],
    codes: list[Code],
    actor: str = "",
    codebook_version: int = 1,
) -> int:
    """Copy the spans every coder agreed on into the consensus, skipping ones it already covers."""
    consensus = get_or_create_coder(session, project, CONSENSUS_CODER, actor)
    documents: dict[int, Document] = {}
    added = 0
    for document_id, start, end, code_row in runs:
        document = documents.get(document_id) or session.get(Document, document_id)
        documents[document_id] = document
        code = codes[code_row]
        if consensus_codings(session, document, [code], start, end):
            continue
        add_coding(session, document, consensus, code, start, end, "", codebook_version, actor)
        added += 1
    audit.record(
        session, "consensus.adopt_agreements", project_id=project.id, actor=actor,
        entity="coder", entity_id=consensus.id, codings=added,
    )  # fmt: skip
    return added
