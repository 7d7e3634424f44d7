"""The codebook in the database: import a spec, read it back, version it, find codes by key or name."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, select

from qualcode.codebook.schema import CodebookSpec, CodeSpec, GroupSpec
from qualcode.errors import NotFoundError, ValidationError
from qualcode.store import audit
from qualcode.store.live import live
from qualcode.store.models import Code, Codebook, CodebookVersion, CodeGroup, Project, utcnow


def get_codebook(session: Session, project: Project) -> Codebook | None:
    """The project's codebook, or None when none was imported or created yet."""
    return session.exec(select(Codebook).where(Codebook.project_id == project.id)).first()


def require_codebook(session: Session, project: Project) -> Codebook:
    """The project's codebook; a clear error when there is none."""
    codebook = get_codebook(session, project)
    if codebook is None:
        raise NotFoundError(
            "the project has no codebook yet: import one with `qualcode codebook import FILE`"
        )
    return codebook


def groups(session: Session, codebook: Codebook) -> list[CodeGroup]:
    """Groups in their codebook order."""
    query = (
        select(CodeGroup)
        .where(CodeGroup.codebook_id == codebook.id)
        .order_by(CodeGroup.position, CodeGroup.id)
    )
    return list(session.exec(query))


def codes(session: Session, codebook: Codebook, include_deleted: bool = False) -> list[Code]:
    """Codes in their codebook order (retired and merged codes only when asked)."""
    query = select(Code).where(Code.codebook_id == codebook.id)
    if not include_deleted:
        query = query.where(live(Code))
    return list(session.exec(query.order_by(Code.position, Code.id)))


def to_spec(session: Session, codebook: Codebook) -> CodebookSpec:
    """The stored codebook as the file format's structure (for export and snapshots)."""
    group_rows = groups(session, codebook)
    group_key = {g.id: g.key for g in group_rows}
    code_rows = codes(session, codebook)
    code_key = {c.id: c.key for c in code_rows}
    return CodebookSpec(
        name=codebook.name,
        version=codebook.version,
        description=codebook.description,
        groups=[GroupSpec(g.key, g.name, g.exclusive, g.description) for g in group_rows],
        codes=[
            CodeSpec(
                key=c.key,
                name=c.name,
                group=group_key.get(c.group_id),
                parent=code_key.get(c.parent_id),
                definition=c.definition,
                include=c.include,
                exclude=c.exclude,
                examples=list(c.examples),
                color=c.color,
                evidence=list(c.evidence),
                survey_items=list(c.survey_items),
            )
            for c in code_rows
        ],
    )


def snapshot(
    session: Session, codebook: Codebook, author: str = "", note: str = ""
) -> CodebookVersion:
    """Freeze the codebook's current state under its current version number."""
    session.flush()
    existing = session.exec(
        select(CodebookVersion).where(
            CodebookVersion.codebook_id == codebook.id, CodebookVersion.version == codebook.version
        )
    ).first()
    data = to_spec(session, codebook).to_dict()
    if existing is not None:
        existing.snapshot, existing.note, existing.author = data, note, author
        session.add(existing)
        return existing
    version = CodebookVersion(
        codebook_id=codebook.id, version=codebook.version, author=author, note=note, snapshot=data
    )
    session.add(version)
    return version


def bump_version(session: Session, codebook: Codebook, author: str = "", note: str = "") -> int:
    """Start a new codebook version after an edit and snapshot it; returns the new number.

    The number is incremented in the database (not from the copy in memory), so concurrent
    editors each get their own version instead of two claiming the same one."""
    session.flush()
    session.execute(
        update(Codebook)
        .where(Codebook.id == codebook.id)
        .values(version=Codebook.version + 1, updated_at=utcnow())
    )
    session.refresh(codebook)
    snapshot(session, codebook, author, note)
    return codebook.version


def versions(session: Session, codebook: Codebook) -> list[CodebookVersion]:
    """All recorded versions, oldest first."""
    query = (
        select(CodebookVersion)
        .where(CodebookVersion.codebook_id == codebook.id)
        .order_by(CodebookVersion.version)
    )
    return list(session.exec(query))


def _apply_spec(session: Session, codebook: Codebook, spec: CodebookSpec) -> dict[str, int]:
    """Upsert groups and codes by key; codes absent from the spec are retired, never deleted."""
    counts = {"added": 0, "updated": 0, "retired": 0}
    existing_groups = {g.key: g for g in groups(session, codebook)}
    for position, g in enumerate(spec.groups):
        row = existing_groups.get(g.key) or CodeGroup(
            codebook_id=codebook.id, key=g.key, name=g.name
        )
        row.name, row.exclusive, row.description, row.position = (
            g.name,
            g.exclusive,
            g.description,
            position,
        )
        session.add(row)
    session.flush()
    group_ids = {g.key: g.id for g in groups(session, codebook)}

    existing_codes: dict[str, Code] = {}
    for c in codes(session, codebook, include_deleted=True):  # a live code wins over a retired one
        if c.merged_into_id is None and (c.key not in existing_codes or c.deleted_at is None):
            existing_codes[c.key] = c
    rows: dict[str, Code] = {}
    for position, c in enumerate(spec.codes):
        row = existing_codes.get(c.key)
        if row is None:
            row = Code(codebook_id=codebook.id, key=c.key, name=c.name)
            counts["added"] += 1
        else:
            counts["updated"] += 1
        row.name, row.group_id = c.name, group_ids.get(c.group) if c.group else None
        row.definition, row.include, row.exclude = c.definition, c.include, c.exclude
        row.examples, row.color = list(c.examples), c.color
        row.evidence, row.survey_items = list(c.evidence), list(c.survey_items)
        row.position, row.deleted_at = position, None
        session.add(row)
        rows[c.key] = row
    session.flush()
    for c in spec.codes:
        rows[c.key].parent_id = rows[c.parent].id if c.parent else None
    for key, row in existing_codes.items():
        if key not in rows and row.deleted_at is None:
            row.deleted_at = utcnow()
            counts["retired"] += 1
        session.add(row)
    return counts


def _same_content(current: CodebookSpec, incoming: CodebookSpec) -> bool:
    """Equal but for the version number (colours left empty in a file count as the stored ones)."""
    a, b = current.to_dict(), incoming.to_dict()
    a.pop("version"), b.pop("version")
    return a == b


def import_spec(
    session: Session, project: Project, spec: CodebookSpec, actor: str = "", source: str = ""
) -> Codebook:
    """Store a validated codebook: the first import creates it, a changed one makes a new version.

    Importing a codebook identical to the current one changes nothing (no empty version).
    """
    codebook = get_codebook(session, project)
    if codebook is not None and _same_content(to_spec(session, codebook), spec):
        return codebook
    if codebook is None:
        codebook = Codebook(
            project_id=project.id,
            name=spec.name,
            version=spec.version,
            description=spec.description,
        )
        session.add(codebook)
        session.flush()
    else:
        codebook.name, codebook.description = spec.name, spec.description
        codebook.version = max(codebook.version + 1, spec.version)
        codebook.updated_at = utcnow()
        session.add(codebook)
    counts = _apply_spec(session, codebook, spec)
    snapshot(session, codebook, actor, f"imported from {source}" if source else "imported")
    audit.record(
        session, "codebook.import", project_id=project.id, actor=actor, entity="codebook",
        entity_id=codebook.id, source=source, version=codebook.version, **counts,
    )  # fmt: skip
    return codebook


def resolve_code(session: Session, codebook: Codebook, ref: str) -> Code:
    """Find a live code by key or name, case-insensitively; an ambiguous name lists the candidates."""
    wanted = ref.strip().casefold()
    live = codes(session, codebook)
    by_key = [c for c in live if c.key.casefold() == wanted]
    if len(by_key) == 1:
        return by_key[0]
    by_name = [c for c in live if c.name.casefold() == wanted]
    if len(by_name) == 1:
        return by_name[0]
    if len(by_name) > 1:
        candidates = ", ".join(sorted(c.key for c in by_name))
        raise ValidationError(
            f"code name {ref!r} is ambiguous: it matches the codes {candidates}; use a key"
        )
    raise NotFoundError(f"no code with key or name {ref!r}")


def resolve_group(session: Session, codebook: Codebook, ref: str) -> CodeGroup:
    """Find a group by key or name, case-insensitively (a key wins over another group's name)."""
    wanted = ref.strip().casefold()
    known = groups(session, codebook)
    for field in ("key", "name"):
        match = [g for g in known if getattr(g, field).casefold() == wanted]
        if match:
            return match[0]
    raise NotFoundError(
        f"no code group {ref!r} (groups: {', '.join(g.key for g in known) or 'none'})"
    )


def group_codes(session: Session, codebook: Codebook, ref: str) -> list[Code]:
    """The live codes of one group (by key or name), in codebook order."""
    group = resolve_group(session, codebook, ref)
    return [c for c in codes(session, codebook) if c.group_id == group.id]


def code_index(
    session: Session, codebook: Codebook
) -> tuple[dict[str, Code], dict[str, list[Code]]]:
    """Look-up tables for bulk resolution: casefolded key -> code, casefolded name -> codes."""
    by_key: dict[str, Code] = {}
    by_name: dict[str, list[Code]] = {}
    for code in codes(session, codebook):
        by_key[code.key.casefold()] = code
        by_name.setdefault(code.name.casefold(), []).append(code)
    return by_key, by_name
