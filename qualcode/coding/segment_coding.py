"""Segment coding: a coder gives each unit (turn, paragraph, sentence) a set of codes by keyboard.

A unit's codings are the coder's codings whose span is exactly the unit's span, so segment
codings are ordinary codings and every other part of qualcode reads them the same way.
"""

from __future__ import annotations

from sqlmodel import Session

from qualcode.coding.codings import add_coding, delete_coding
from qualcode.errors import ValidationError
from qualcode.ingest.segments import Segment
from qualcode.store.actors import actor_or
from qualcode.store.models import Code, CodeGroup, Coder, Coding, Document


def unit_code_ids(codings: list[Coding], segments: list[Segment]) -> dict[int, set[int]]:
    """For each unit index, the code ids of codings whose span is exactly that unit."""
    by_span: dict[tuple[int, int], set[int]] = {}
    for coding in codings:
        if coding.start is not None and coding.end is not None:
            by_span.setdefault((coding.start, coding.end), set()).add(coding.code_id)
    return {s.index: by_span.get((s.start, s.end), set()) for s in segments}


def check_exclusive(codes: list[Code], groups: list[CodeGroup], where: str) -> None:
    """At most one code per exclusive group on one unit."""
    exclusive = {g.id: g for g in groups if g.exclusive}
    seen: dict[int, Code] = {}
    for code in codes:
        group = exclusive.get(code.group_id)
        if group is None:
            continue
        if code.group_id in seen:
            raise ValidationError(
                f"{where}: the group '{group.name}' is exclusive, so '{seen[code.group_id].name}' "
                f"and '{code.name}' cannot both be applied"
            )
        seen[code.group_id] = code


def set_unit_codes(
    session: Session,
    document: Document,
    coder: Coder,
    segment: Segment,
    codes: list[Code],
    existing: list[Coding],
    groups: list[CodeGroup],
    codebook_version: int = 1,
    actor: str = "",
) -> tuple[int, int]:
    """Make the coder's codes on one unit exactly `codes`; `existing` are the coder's live codings
    on the document. Returns (added, removed)."""
    check_exclusive(codes, groups, f"{segment.unit} {segment.index + 1}")
    on_unit = [
        c for c in existing
        if c.coder_id == coder.id and c.start == segment.start and c.end == segment.end
        and c.deleted_at is None
    ]  # fmt: skip
    current = {c.code_id: c for c in on_unit}
    wanted = {code.id: code for code in codes}
    added = 0
    for code_id, code in wanted.items():
        if code_id not in current:
            add_coding(session, document, coder, code, segment.start, segment.end,
                       codebook_version=codebook_version, actor=actor)  # fmt: skip
            added += 1
    removed = [c for code_id, c in current.items() if code_id not in wanted]
    for coding in removed:
        delete_coding(session, coding.id, actor=actor_or(session, actor, coder.name))
    return added, len(removed)
