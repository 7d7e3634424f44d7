"""The pseudonym mapping (original -> pseudonym), stored sealed (encrypted) apart from the text.

It leaves the project only through `export_mapping` (`qualcode deid mapping`) and, on request,
a backup made with `--include-mapping`.
"""

from __future__ import annotations

from sqlmodel import Session, select

from qualcode.store import audit
from qualcode.store.deid_models import DeidProposal, Pseudonym
from qualcode.store.models import Project
from qualcode.store.sealing import seal, unseal


def mapped(session: Session, project: Project) -> list[tuple[str, str, str]]:
    """(kind, original, pseudonym) of every applied pseudonym, originals unsealed."""
    rows = session.exec(
        select(Pseudonym)
        .where(Pseudonym.project_id == project.id)
        .order_by(Pseudonym.kind, Pseudonym.pseudonym)
    )
    return [(p.kind, unseal(session, p.original), p.pseudonym) for p in rows]


def record_mapping(session: Session, project: Project, applied: list[DeidProposal]) -> None:
    """Add the applied proposals' pseudonyms to the mapping (one entry per kind and original)."""
    known = {(kind, original.casefold()) for kind, original, _ in mapped(session, project)}
    for p in applied:
        key = (p.kind, p.original.casefold())
        if key not in known:
            session.add(
                Pseudonym(
                    project_id=project.id,
                    kind=p.kind,
                    original=seal(session, p.original),
                    pseudonym=p.replacement,
                )
            )
            known.add(key)
    session.flush()


def export_mapping(session: Session, project: Project, actor: str = "") -> list[dict]:
    """The mapping original -> pseudonym (sensitive: only on explicit request; the export is audited)."""
    rows = [
        {"kind": kind, "original": original, "pseudonym": pseudonym}
        for kind, original, pseudonym in mapped(session, project)
    ]
    audit.record(
        session,
        "deid.mapping_export",
        project_id=project.id,
        actor=actor,
        entity="pseudonym",
        count=len(rows),
    )
    return rows
