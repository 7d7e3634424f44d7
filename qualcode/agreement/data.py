"""Reading the reliability data of a project: its coders' codings on the chosen units (read only)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from qualcode.agreement.units import UNITS, SpanCoding, UnitTable, character_runs, unit_table
from qualcode.codebook import store as codebook_store
from qualcode.errors import NotFoundError, ValidationError
from qualcode.ingest.documents import document_segments
from qualcode.project import ASSISTANT_ROLE, CONSENSUS_CODER, list_coders
from qualcode.store.live import live_codings
from qualcode.store.models import Code, CodeGroup, Coding, Document, Project


@dataclass(frozen=True)
class Selection:
    """What to compare: the unit, the coders (None: all but consensus), the codes or one group."""

    unit: str = "document"
    coders: tuple[str, ...] | None = None
    codes: tuple[str, ...] | None = None
    group: str | None = None
    min_overlap: float = 0.0


@dataclass
class StudyData:
    """The unit table with the codebook facts reports need."""

    table: UnitTable
    codes: list[Code]
    groups: list[CodeGroup]
    codebook_version: int


def choose_coders(session: Session, project: Project, wanted: tuple[str, ...] | None) -> list:
    """The named coders (in the given order), or every coder except consensus; at least two."""
    coders = list_coders(session, project)
    by_name = {c.name: c for c in coders}
    if wanted:
        missing = [name for name in wanted if name not in by_name]
        if missing:
            raise NotFoundError(
                f"no coder named {', '.join(missing)} (coders: {', '.join(sorted(by_name)) or 'none'})"
            )
        chosen = [by_name[name] for name in dict.fromkeys(wanted)]
    else:
        chosen = [c for c in coders if c.name != CONSENSUS_CODER and c.role != ASSISTANT_ROLE]
    if len(chosen) < 2:
        raise ValidationError(
            f"agreement needs at least two coders; found {', '.join(c.name for c in chosen) or 'none'}"
        )
    return chosen


def choose_codes(
    session: Session, project: Project, codes: tuple[str, ...] | None, group: str | None
) -> tuple[list[Code], list[CodeGroup], int]:
    """The codes to compare (by key or name, or a group's codes, or all), the groups, the version."""
    if codes and group:
        raise ValidationError("give either `codes` or `group`, not both")
    codebook = codebook_store.require_codebook(session, project)
    groups = codebook_store.groups(session, codebook)
    if codes:
        chosen = [codebook_store.resolve_code(session, codebook, ref) for ref in codes]
        chosen = list({c.id: c for c in chosen}.values())
    elif group:
        chosen = codebook_store.group_codes(session, codebook, group)
        groups = [codebook_store.resolve_group(session, codebook, group)]
    else:
        chosen = codebook_store.codes(session, codebook)
    if not chosen:
        raise ValidationError("there are no codes to compare")
    used = {c.group_id for c in chosen}
    return chosen, [g for g in groups if g.id in used], codebook.version


def load_study_data(session: Session, project: Project, selection: Selection) -> StudyData:
    """Codings of the chosen coders and codes laid on the chosen units."""
    if selection.unit not in UNITS:
        raise ValidationError(
            f"unknown unit {selection.unit!r} (expected one of: {', '.join(UNITS)})"
        )
    if not 0.0 <= selection.min_overlap <= 1.0:
        raise ValidationError(f"`min_overlap` must be between 0 and 1, not {selection.min_overlap}")
    coders = choose_coders(session, project, selection.coders)
    codes, groups, version = choose_codes(session, project, selection.codes, selection.group)
    coder_row = {c.id: i for i, c in enumerate(coders)}
    code_row = {c.id: i for i, c in enumerate(codes)}
    rows = session.exec(
        live_codings(
            project.id,
            Coding.document_id,
            Coding.coder_id,
            Coding.code_id,
            Coding.start,
            Coding.end,
        ).where(Coding.coder_id.in_(list(coder_row)))
    ).all()
    coded = {(coder_row[coder], document) for document, coder, _, _, _ in rows}
    codings = [
        SpanCoding(document, coder_row[coder], code_row[code], start, end)
        for document, coder, code, start, end in rows
        if code in code_row
    ]
    document_ids = sorted({document for _, document in coded})
    documents = session.exec(select(Document).where(Document.id.in_(document_ids))).all()
    units = {}
    for document in sorted(documents, key=lambda d: d.id):
        if selection.unit == "character":
            cuts = [
                b for c in codings if c.document_id == document.id and c.start is not None
                for b in (c.start, c.end)
            ]  # fmt: skip
            units[document.id] = character_runs(len(document.text), cuts)
        else:
            units[document.id] = [
                (s.start, s.end) for s in document_segments(session, document, selection.unit)
            ]
    table = unit_table(
        selection.unit, [c.name for c in coders], [c.key for c in codes], units, codings, coded,
        selection.min_overlap,
    )  # fmt: skip
    return StudyData(table, codes, groups, version)
