"""Reading the reliability data of a project: its coders' codings on the chosen units (read only)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlmodel import Session

from qualcode.agreement.units import UNITS, CodingArrays, UnitTable, character_runs, unit_table
from qualcode.codebook import store as codebook_store
from qualcode.errors import NotFoundError, ValidationError
from qualcode.ingest.segment_store import document_lengths, units_of_documents
from qualcode.ingest.segments import segmenter_name
from qualcode.project import is_person, list_coders
from qualcode.store.live import live_codings
from qualcode.store.models import Code, CodeGroup, Coding, Project


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
    segmenter: str | None = None  # what cut the sentences or paragraphs, with versions


def choose_coders(session: Session, project: Project, wanted: tuple[str, ...] | None) -> list:
    """The named coders (in the given order), or every person who coded something in the project
    (not consensus, not an assistant; an account that never coded, such as a viewer, is no
    coder of the study); at least two."""
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
        coded = set(session.exec(live_codings(project.id, Coding.coder_id).distinct()))
        chosen = [c for c in coders if is_person(c) and c.id in coded]
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
    """Codings of the chosen coders and codes laid on the chosen units.

    A fixed number of queries whatever the size of the study: the codings, then the units of
    every coded document at once (sentences and paragraphs from the stored segments).
    """
    if selection.unit not in UNITS:
        raise ValidationError(
            f"unknown unit {selection.unit!r} (expected one of: {', '.join(UNITS)})"
        )
    if not 0.0 <= selection.min_overlap <= 1.0:
        raise ValidationError(f"`min_overlap` must be between 0 and 1, not {selection.min_overlap}")
    coders = choose_coders(session, project, selection.coders)
    codes, groups, version = choose_codes(session, project, selection.codes, selection.group)
    segmenter = segmenter_name(selection.unit)  # an unknown spaCy model fails before any work
    statement = live_codings(
        project.id, Coding.document_id, Coding.coder_id, Coding.code_id, Coding.start, Coding.end
    ).where(Coding.coder_id.in_([c.id for c in coders]))
    codings, coded = _coding_arrays(session.connection().execute(statement).all(), coders, codes)
    document_ids = sorted({document for _, document in coded})
    if selection.unit == "character":
        lengths = document_lengths(session, project.id, document_ids)
        cuts: dict[int, list[int]] = {d: [] for d in document_ids}
        located = codings.start >= 0
        for d, a, b in zip(
            *(x[located].tolist() for x in (codings.document_id, codings.start, codings.end)),
            strict=True,
        ):
            cuts[d] += (a, b)
        units = {d: character_runs(lengths[d], cuts[d]) for d in document_ids}
    else:
        units = units_of_documents(session, project.id, document_ids, selection.unit)
    overlap = 0.0 if selection.unit == "document" else selection.min_overlap
    table = unit_table(
        selection.unit, [c.name for c in coders], [c.key for c in codes], units, codings, coded,
        overlap,
    )  # fmt: skip
    return StudyData(table, codes, groups, version, segmenter)


def _coding_arrays(
    rows: list, coders: list, codes: list
) -> tuple[CodingArrays, set[tuple[int, int]]]:
    """The chosen codes' codings as arrays (coder and code as row indices), and who coded where."""
    n = len(rows)
    document, coder, code, start, end = (
        np.fromiter((-1 if v is None else v for v in column), dtype=np.int64, count=n)
        for column in (zip(*rows, strict=True) if rows else ([],) * 5)
    )
    coder_ids = np.asarray([c.id for c in coders], dtype=np.int64)
    coder_row = np.argsort(coder_ids)[np.searchsorted(np.sort(coder_ids), coder)]
    coded = set(zip(coder_row.tolist(), document.tolist(), strict=True))
    code_ids = np.asarray([c.id for c in codes], dtype=np.int64)
    slot = np.minimum(np.searchsorted(np.sort(code_ids), code), len(code_ids) - 1)
    chosen = np.sort(code_ids)[slot] == code
    code_row = np.argsort(code_ids)[slot]
    keep = [x[chosen] for x in (document, coder_row, code_row, start, end)]
    return CodingArrays(*keep), coded
