"""Editing the codebook in place: create, edit, move (re-parent), merge, split and retire codes.

Every edit starts a new codebook version (`bump_version`) and writes an audit event. Codings point
at code ids, so renames never break them and they keep the version they were made under; merging
re-points the merged code's codings to the code it was merged into.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from qualcode.codebook import store
from qualcode.codebook.schema import COLOR_PATTERN, DEFAULT_COLORS, KEY_PATTERN
from qualcode.errors import NotFoundError, ValidationError
from qualcode.store import audit
from qualcode.store.live import live
from qualcode.store.models import Code, Codebook, CodeGroup, Coding, utcnow
from qualcode.store.unique import insert_unless_exists

EDITABLE = ("key", "name", "definition", "include", "exclude", "examples", "color", "group_id")


def _finish(session: Session, codebook: Codebook, action: str, code: Code, actor: str,
            note: str, **detail: Any) -> int:  # fmt: skip
    session.flush()
    version = store.bump_version(session, codebook, actor, note)
    audit.record(session, action, project_id=codebook.project_id, actor=actor, entity="code",
                 entity_id=code.id, version=version, **detail)  # fmt: skip
    return version


def live_code(session: Session, codebook: Codebook, code_id: int) -> Code:
    """A live code of this codebook by id."""
    code = session.get(Code, code_id)
    if code is None or code.codebook_id != codebook.id or code.deleted_at is not None:
        raise NotFoundError(f"no live code with id {code_id} in the codebook")
    return code


def _check_key(session: Session, codebook: Codebook, key: str, own_id: int | None = None) -> str:
    key = key.strip()
    if not KEY_PATTERN.match(key):
        raise ValidationError(
            f"key {key!r} must start with a letter and hold only letters, digits, '_' or '-'"
        )
    clash = next(
        (c for c in store.codes(session, codebook) if c.key == key and c.id != own_id), None
    )
    if clash is not None:
        raise ValidationError(f"the key {key!r} is already used by the code '{clash.name}'")
    return key


def _check_group(session: Session, codebook: Codebook, group_id: int | None) -> None:
    if group_id is None:
        return
    group = session.get(CodeGroup, group_id)
    if group is None or group.codebook_id != codebook.id:
        raise NotFoundError(f"no group with id {group_id} in the codebook")


def _check_color(color: str) -> str:
    if not COLOR_PATTERN.match(color):
        raise ValidationError(f"colour {color!r} must look like #1f77b4")
    return color


def create_code(
    session: Session,
    codebook: Codebook,
    key: str,
    name: str,
    *,
    actor: str = "",
    **fields: Any,
) -> Code:
    """Add a code to the codebook (a new version); `fields`: group_id, parent_id, definition,
    include, exclude, examples, color."""
    code = _new_code(session, codebook, key, name, **fields)
    _finish(session, codebook, "code.create", code, actor, f"added code {code.key}", key=code.key)
    return code


def _new_code(
    session: Session,
    codebook: Codebook,
    key: str,
    name: str,
    *,
    group_id: int | None = None,
    parent_id: int | None = None,
    definition: str = "",
    include: str = "",
    exclude: str = "",
    examples: list[str] | None = None,
    color: str = "",
) -> Code:
    key = _check_key(session, codebook, key)
    if not name.strip():
        raise ValidationError("a code needs a name")
    _check_group(session, codebook, group_id)
    if parent_id is not None:
        live_code(session, codebook, parent_id)
    existing = store.codes(session, codebook, include_deleted=True)
    code = Code(
        codebook_id=codebook.id, key=key, name=name.strip(), group_id=group_id, parent_id=parent_id,
        definition=definition, include=include, exclude=exclude, examples=list(examples or []),
        color=_check_color(color) if color else DEFAULT_COLORS[len(existing) % len(DEFAULT_COLORS)],
        position=max((c.position for c in existing), default=-1) + 1,
    )  # fmt: skip
    if not insert_unless_exists(session, code):  # a concurrent editor took the key first
        raise ValidationError(
            f"the key {key!r} was just added by someone else; reload the codebook"
        )
    return session.exec(
        select(Code).where(
            Code.codebook_id == codebook.id, Code.key == key, Code.deleted_at.is_(None)
        )
    ).one()


def edit_code(
    session: Session, codebook: Codebook, code_id: int, actor: str = "", **changes: Any
) -> Code:
    """Change a code's key, name, guidance, examples, colour or group (a new version)."""
    code = live_code(session, codebook, code_id)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(
            f"cannot edit {', '.join(sorted(unknown))} (editable: {', '.join(EDITABLE)})"
        )
    if "key" in changes:
        changes["key"] = _check_key(session, codebook, changes["key"], code.id)
    if "name" in changes and not str(changes["name"]).strip():
        raise ValidationError("a code needs a name")
    if "color" in changes:
        _check_color(changes["color"])
    if "group_id" in changes:
        _check_group(session, codebook, changes["group_id"])
    if "examples" in changes:
        changes["examples"] = [str(e) for e in changes["examples"] if str(e).strip()]
    changed = {k: v for k, v in changes.items() if getattr(code, k) != v}
    if not changed:
        return code
    before = {k: getattr(code, k) for k in changed}
    for name, value in changed.items():
        setattr(code, name, value)
    session.add(code)
    _finish(session, codebook, "code.edit", code, actor, f"edited code {code.key}",
            before=before, after=changed)  # fmt: skip
    return code


def move_code(
    session: Session, codebook: Codebook, code_id: int, parent_id: int | None, actor: str = ""
) -> Code:
    """Give a code a new parent (None: top level); a code cannot move under its own descendant."""
    code = live_code(session, codebook, code_id)
    if parent_id is not None:
        ancestor: Code | None = live_code(session, codebook, parent_id)
        while ancestor is not None:
            if ancestor.id == code.id:
                raise ValidationError(
                    f"cannot move '{code.name}' under itself or one of its own sub-codes"
                )
            ancestor = session.get(Code, ancestor.parent_id) if ancestor.parent_id else None
    if code.parent_id == parent_id:
        return code
    before, code.parent_id = code.parent_id, parent_id
    session.add(code)
    _finish(session, codebook, "code.move", code, actor, f"moved code {code.key}",
            parent_before=before, parent_after=parent_id)  # fmt: skip
    return code


def merge_codes(
    session: Session, codebook: Codebook, source_id: int, target_id: int, actor: str = ""
) -> int:
    """Merge `source` into `target`: its codings and sub-codes move to the target, the source is
    retired (remembering where it went). Returns how many codings were re-pointed."""
    if source_id == target_id:
        raise ValidationError("a code cannot be merged into itself")
    source = live_code(session, codebook, source_id)
    target = live_code(session, codebook, target_id)
    codings = list(session.exec(select(Coding).where(Coding.code_id == source.id)))
    for coding in codings:
        coding.code_id, coding.updated_at = target.id, utcnow()
        session.add(coding)
    for child in session.exec(select(Code).where(Code.parent_id == source.id)):
        child.parent_id = target.id if child.id != target.id else source.parent_id
        session.add(child)
    if target.parent_id == source.id:
        target.parent_id = source.parent_id
        session.add(target)
    source.merged_into_id, source.deleted_at = target.id, utcnow()
    session.add(source)
    _finish(session, codebook, "code.merge", source, actor,
            f"merged code {source.key} into {target.key}", into=target.key,
            codings=[c.id for c in codings])  # fmt: skip
    return len(codings)


def split_code(
    session: Session,
    codebook: Codebook,
    code_id: int,
    parts: list[tuple[str, str]],
    assignments: dict[int, str],
    actor: str = "",
) -> list[Code]:
    """Split a code into new codes (key, name) beside it; `assignments` maps coding id -> new key.
    Unassigned codings stay on the original, which is retired when none remain."""
    code = live_code(session, codebook, code_id)
    if not parts:
        raise ValidationError("name at least one new code to split into")
    keys = [k.strip() for k, _ in parts]
    if len(set(keys)) != len(keys):
        raise ValidationError("the new codes need different keys")
    unknown = set(assignments.values()) - set(keys)
    if unknown:
        raise ValidationError(
            f"codings assigned to unknown new codes: {', '.join(sorted(unknown))}"
        )
    new_codes = {}
    for key, name in parts:
        new_codes[key.strip()] = _new_code(
            session, codebook, key, name, group_id=code.group_id, parent_id=code.parent_id
        )
    codings = {c.id: c for c in session.exec(select(Coding).where(Coding.code_id == code.id))}
    for coding_id, key in assignments.items():
        coding = codings.get(coding_id)
        if coding is None:
            raise ValidationError(f"coding {coding_id} does not carry the code '{code.name}'")
        coding.code_id, coding.updated_at = new_codes[key].id, utcnow()
        session.add(coding)
    remaining = [c for c in codings.values() if c.id not in assignments and c.deleted_at is None]
    if not remaining:
        code.deleted_at = utcnow()
        session.add(code)
    _finish(session, codebook, "code.split", code, actor, f"split code {code.key}",
            into=keys, moved=len(assignments), retired=not remaining)  # fmt: skip
    return list(new_codes.values())


def retire_code(session: Session, codebook: Codebook, code_id: int, actor: str = "") -> Code:
    """Retire a code that no live coding uses (merge it instead when it has codings)."""
    code = live_code(session, codebook, code_id)
    used = session.exec(select(Coding).where(Coding.code_id == code.id, live(Coding))).first()
    if used is not None:
        raise ValidationError(
            f"the code '{code.name}' has codings: merge it into another code instead of retiring it"
        )
    children = session.exec(select(Code).where(Code.parent_id == code.id, live(Code))).first()
    if children is not None:
        raise ValidationError(f"the code '{code.name}' has sub-codes: move them first")
    code.deleted_at = utcnow()
    session.add(code)
    _finish(session, codebook, "code.retire", code, actor, f"retired code {code.key}")
    return code
