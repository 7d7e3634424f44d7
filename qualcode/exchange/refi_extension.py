"""qualcode's own codebook fields alongside a REFI-QDA file, so a round trip through .qdpx or .qdc loses nothing.

REFI-QDA has no place for group and code keys, exclusive groups, evidence and survey-item links, the
codebook's name, version and description, and (in a project) speaker turns with roles, memo authors
who are not coders, and list-valued participant attributes. They travel as JSON keyed by the GUIDs of the exported codes:
a `qualcode.json` member beside project.qde in a .qdpx (the standard allows extra archive members) and an
XML comment at the end of a .qdc (other tools ignore comments). Both files stay standard-valid; import
uses the extension when it is present and falls back to the plain standard when it is not.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from qualcode.codebook.schema import CodebookSpec
from qualcode.errors import ValidationError

FORMAT = "qualcode-refi-extension"
MEMBER = "qualcode.json"
COMMENT_PREFIX = "qualcode-refi-extension "


PROJECT_SECTIONS = ("sources", "notes", "cases")


def build(
    spec: CodebookSpec | None,
    guid_of: Callable[[str, str], str],
    project: dict[str, dict] | None = None,
) -> dict:
    """The extension for a codebook (`guid_of(kind, key)` gives the exported GUID of a group or code)
    and, for a project, what its sources, notes and cases carry beyond the standard (by GUID)."""
    extension = {
        "format": FORMAT,
        "format_version": 1,
        "codebook": {},
        "groups": {},
        "codes": {},
    }
    if spec is not None:
        extension["codebook"] = {
            "name": spec.name,
            "version": spec.version,
            "description": spec.description,
        }
        extension["groups"] = {
            guid_of("group", g.key): {"key": g.key, "exclusive": g.exclusive} for g in spec.groups
        }
        extension["codes"] = {
            guid_of("code", c.key): {
                "key": c.key,
                "evidence": list(c.evidence),
                "survey_items": list(c.survey_items),
            }
            for c in spec.codes
        }
    if project is not None:
        extension["project"] = {name: project.get(name) or {} for name in PROJECT_SECTIONS}
    return extension


def empty() -> dict:
    """The extension of a file that carries none (from another tool)."""
    return build(None, lambda kind, key: "", {})


def to_member(extension: dict) -> bytes:
    """The .qdpx member's bytes (stable: sorted keys)."""
    return json.dumps(extension, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def to_comment(extension: dict) -> str:
    """The text of an XML comment holding the extension; ASCII-only and free of '--' (XML forbids it
    in comments; outside JSON strings it never occurs, inside them it is written as an escape)."""
    text = json.dumps(extension, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return " " + COMMENT_PREFIX + text.replace("--", "-\\u002d") + " "


def from_comment(text: str) -> str | None:
    """The JSON of a comment written by `to_comment`, or None for any other comment."""
    stripped = (text or "").strip()
    return stripped[len(COMMENT_PREFIX) :] if stripped.startswith(COMMENT_PREFIX) else None


def parse(data: str | bytes, source: str) -> dict:
    """A checked extension: its codebook fields, groups and codes keyed by GUID."""
    try:
        extension = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationError(
            f"{source}: the qualcode extension is not valid JSON ({exc})"
        ) from exc
    if not isinstance(extension, dict) or extension.get("format") != FORMAT:
        raise ValidationError(f"{source}: the qualcode extension lacks format {FORMAT!r}")
    if not isinstance(extension.get("codebook"), dict):
        raise ValidationError(f"{source}: the qualcode extension's 'codebook' must be a mapping")
    project = extension.setdefault("project", {})
    if not isinstance(project, dict):
        raise ValidationError(f"{source}: the qualcode extension's 'project' must be a mapping")
    sections = [(name, extension.get(name)) for name in ("groups", "codes")]
    sections += [(f"project.{name}", project.setdefault(name, {})) for name in PROJECT_SECTIONS]
    for name, section in sections:
        if not isinstance(section, dict) or not all(isinstance(v, dict) for v in section.values()):
            raise ValidationError(
                f"{source}: the qualcode extension's '{name}' must map GUIDs to fields"
            )
    return extension
