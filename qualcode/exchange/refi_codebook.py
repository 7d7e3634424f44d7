"""REFI-QDA codebooks (.qdc, namespace urn:QDA-XML:codebook:1.0) and the <Codes> tree shared with .qdpx.

Mapping: a code group is a non-codable <Code isCodable="false"> holding its codes; child codes nest
under their parent; colours are kept. REFI-QDA has one free-text <Description> per code, so the
definition, include, exclude and examples are written as labelled paragraphs and read back from them.
Keys are not part of the standard: files qualcode writes carry them, with the other fields REFI-QDA
cannot hold, in the qualcode extension (see refi_extension). Without it (files from other tools) a code
(or group) keeps the key of the current codebook's code (or group) with the same name, with its
evidence, survey items and exclusive flag; other codes get a key made from their name.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

from qualcode import __version__
from qualcode.codebook.keys import make_key
from qualcode.codebook.schema import CodebookSpec, parse_codebook
from qualcode.errors import ValidationError
from qualcode.exchange import refi_extension

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
GUID_SEED = uuid.UUID("6f1d7c3e-2b7a-4c49-9d0e-5a1f0c8e4b21")
INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
GUID_PATTERN = re.compile(
    r"\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?"
)
RGB = re.compile(r"#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})")
EMPTY_CODEBOOK = "(no codes yet)"  # the one non-codable Code a .qdc of an empty codebook holds
SECTIONS = (("include", "Include: "), ("exclude", "Exclude: "))


def guid(*parts: object) -> str:
    """A stable GUID for the same thing in the same project, so repeated exports are identical."""
    return str(uuid.uuid5(GUID_SEED, "/".join(str(p) for p in parts)))


def xml_text(text: str) -> str:
    """Text without the characters XML 1.0 cannot hold (control characters, lone surrogates), line
    ends as \n (what an XML parser reads back anyway)."""
    return INVALID_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def is_guid(value: object) -> bool:
    """Whether `value` is a GUID as the REFI-QDA schema writes one."""
    return isinstance(value, str) and GUID_PATTERN.fullmatch(value) is not None


def describe_code(definition: str, include: str, exclude: str, examples: list[str]) -> str:
    """The code's guidance as one Description text with labelled paragraphs."""
    blocks = [definition] if definition else []
    blocks += [
        f"{label}{value}"
        for (_, label), value in zip(SECTIONS, (include, exclude), strict=True)
        if value
    ]
    if examples:
        blocks.append("Examples:\n" + "\n".join(f"- {e}" for e in examples))
    return "\n\n".join(blocks)


def read_description(text: str) -> dict:
    """Split a Description written by `describe_code` back into its fields (other text: definition)."""
    fields: dict = {"definition": [], "include": "", "exclude": "", "examples": []}
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        for name, label in SECTIONS:
            if block.startswith(label):
                fields[name] = block[len(label) :].strip()
                break
        else:
            if block.startswith("Examples:\n"):
                fields["examples"] = [
                    line[2:].strip() for line in block.split("\n")[1:] if line.startswith("- ")
                ]
            elif block.strip():
                fields["definition"].append(block.strip())
    fields["definition"] = "\n\n".join(fields["definition"])
    return fields


def _code_element(parent: ET.Element, ns: str, spec: CodebookSpec, code, seed: str) -> ET.Element:
    element = ET.SubElement(
        parent, f"{{{ns}}}Code",
        {"guid": guid(seed, "code", code.key), "name": xml_text(code.name), "isCodable": "true",
         **({"color": code.color} if code.color and RGB.fullmatch(code.color) else {})},
    )  # fmt: skip
    description = describe_code(code.definition, code.include, code.exclude, code.examples)
    if description:
        ET.SubElement(element, f"{{{ns}}}Description").text = xml_text(description)
    return element


def codes_element(
    parent: ET.Element,
    ns: str,
    spec: CodebookSpec,
    seed: str,
    note_refs: dict[str, list[str]] | None = None,
) -> dict[str, str]:
    """Append <Codes> for the spec under `parent`; returns code key -> GUID.

    `note_refs` (code key -> note GUIDs) adds <NoteRef> elements (project files only)."""
    codes = ET.SubElement(parent, f"{{{ns}}}Codes")
    children: dict[str | None, list] = {}
    for code in spec.codes:
        children.setdefault(code.parent, []).append(code)

    def add(container: ET.Element, code) -> None:
        element = _code_element(container, ns, spec, code, seed)
        for target in (note_refs or {}).get(code.key, []):
            ET.SubElement(element, f"{{{ns}}}NoteRef", {"targetGUID": target})
        for child in children.get(code.key, []):
            add(element, child)

    for group in spec.groups:
        element = ET.SubElement(
            codes, f"{{{ns}}}Code",
            {"guid": guid(seed, "group", group.key), "name": xml_text(group.name), "isCodable": "false"},
        )  # fmt: skip
        if group.description:
            ET.SubElement(element, f"{{{ns}}}Description").text = xml_text(group.description)
        for code in children.get(None, []):
            if code.group == group.key:
                add(element, code)
    for code in children.get(None, []):
        if not code.group:
            add(codes, code)
    return {code.key: guid(seed, "code", code.key) for code in spec.codes}


def qdc_bytes(spec: CodebookSpec) -> bytes:
    """The codebook as a REFI-QDA .qdc document (UTF-8 XML)."""
    ET.register_namespace("", CODEBOOK_NS)
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": f"qualcode {__version__}"})
    codes_element(root, CODEBOOK_NS, spec, spec.name)
    if not spec.codes and not spec.groups:  # the schema wants at least one <Code>
        ET.SubElement(
            root.find(f"{{{CODEBOOK_NS}}}Codes"), f"{{{CODEBOOK_NS}}}Code",
            {"guid": guid(spec.name, "empty-codebook"), "name": EMPTY_CODEBOOK, "isCodable": "false"},
        )  # fmt: skip
    extension = refi_extension.build(spec, lambda kind, key: guid(spec.name, kind, key))
    root.append(ET.Comment(refi_extension.to_comment(extension)))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _color(value: str | None) -> str:
    if not value:
        return ""
    value = value.strip()
    if re.fullmatch(r"#[0-9A-Fa-f]{3}", value):
        return "#" + "".join(c * 2 for c in value[1:])
    return value if re.fullmatch(r"#[0-9A-Fa-f]{6}", value) else ""


def parse_codes(
    codes: ET.Element,
    ns: str,
    name: str,
    source: str,
    current: CodebookSpec | None = None,
    extension: dict | None = None,
) -> tuple[CodebookSpec, dict[str, str]]:
    """A <Codes> element as a validated CodebookSpec, and code GUID -> key (for CodeRefs).

    Top-level non-codable codes become groups; non-codable codes deeper down become codes.
    `extension` (refi_extension.parse) restores keys and qualcode's fields by GUID."""
    known_codes = {c.name.casefold(): c for c in (current.codes if current else [])}
    known_groups = {g.name.casefold(): g for g in (current.groups if current else [])}
    extension = extension or {"codebook": {}, "groups": {}, "codes": {}}
    extra_codes, extra_groups = extension["codes"], extension["groups"]
    taken: set[str] = {str(e.get("key")) for e in extra_codes.values()}
    group_taken: set[str] = {str(e.get("key")) for e in extra_groups.values()}
    groups, entries, by_guid = [], [], {}

    def description(element: ET.Element) -> str:
        found = element.find(f"{{{ns}}}Description")
        return (found.text or "") if found is not None else ""

    def add_code(element: ET.Element, group: str | None, parent: str | None) -> None:
        name_ = (element.get("name") or "").strip()
        if not name_ or not element.get("guid"):
            raise ValidationError(
                f"{source}: a <Code> lacks its name or guid (guid {element.get('guid')!r})"
            )
        known = known_codes.get(name_.casefold())
        extra = extra_codes.get(element.get("guid"))
        if extra is not None:
            key, linked = extra.get("key"), extra
        else:
            key = known.key if known and known.key not in taken else make_key(name_, taken)
            linked = vars(known) if known else {}
        taken.add(key)
        fields = read_description(description(element))
        entries.append({
            "key": key, "name": name_, "group": group, "parent": parent, "color": _color(element.get("color")),
            "evidence": linked.get("evidence") or [], "survey_items": linked.get("survey_items") or [],
            **fields,
        })  # fmt: skip
        by_guid[element.get("guid")] = key
        for child in element.findall(f"{{{ns}}}Code"):
            add_code(child, group, key)

    for element in codes.findall(f"{{{ns}}}Code"):
        if _placeholder(element, ns, extra_groups):
            continue
        if element.get("isCodable", "true").strip().lower() == "false":
            group_name = (element.get("name") or "").strip() or "Group"
            known = known_groups.get(group_name.casefold())
            extra = extra_groups.get(element.get("guid"))
            if extra is not None:
                key, exclusive = extra.get("key"), extra.get("exclusive", False)
            else:
                key = (
                    known.key
                    if known and known.key not in group_taken
                    else make_key(group_name, group_taken)
                )
                exclusive = known.exclusive if known else False
            group_taken.add(key)
            groups.append({
                "key": key, "name": group_name, "description": description(element),
                "exclusive": exclusive,
            })  # fmt: skip
            by_guid[element.get("guid") or key] = ""
            for child in element.findall(f"{{{ns}}}Code"):
                add_code(child, key, None)
        else:
            add_code(element, None, None)
    book = extension["codebook"]
    spec = parse_codebook(
        {"name": book.get("name") or name, "version": book.get("version", 1),
         "description": book.get("description") or "", "groups": groups, "codes": entries},
        source,
    )  # fmt: skip
    return spec, {g: k for g, k in by_guid.items() if k}


def _placeholder(element: ET.Element, ns: str, groups: dict) -> bool:
    """Whether a top-level <Code> is the stand-in qdc_bytes writes for an empty codebook."""
    return (
        element.get("name") == EMPTY_CODEBOOK
        and element.get("isCodable", "").strip().lower() == "false"
        and element.find(f"{{{ns}}}Code") is None
        and element.get("guid") not in groups
    )


def parse_xml(data: bytes, source: str, comments: bool = False) -> ET.Element:
    """Parse XML bytes (keeping comments if asked); a clear error with line and column when it is
    not well-formed."""
    try:
        if comments:
            parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
            parser.feed(data)
            return parser.close()
        return ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        raise ValidationError(
            f"{source}: not well-formed XML (line {line}, column {column})"
        ) from exc


def namespace(root: ET.Element, expected: str, source: str) -> str:
    """The root's namespace, which must be the expected REFI-QDA kind; any version, written with a
    dot or a colon (urn:QDA-XML:codebook:1.0, ...:1:0, ...:0:4: tools write all three)."""
    match = re.match(r"\{(urn:QDA-XML:(codebook|project):[0-9]+(?:[.:][0-9]+)*)\}(\w+)$", root.tag)
    if not match or match.group(2) != expected:
        raise ValidationError(
            f"{source}: not a REFI-QDA {expected} (root element {root.tag!r}; expected urn:QDA-XML:{expected}:1.0)"
        )
    return match.group(1)


def read_qdc(path: str | Path, current: CodebookSpec | None = None) -> CodebookSpec:
    """Read a .qdc codebook file (validated; nothing stored); `current` lends keys and qualcode fields."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"{path}: no such codebook file")
    root = parse_xml(path.read_bytes(), str(path), comments=True)
    ns = namespace(root, "codebook", str(path))
    codes = root.find(f"{{{ns}}}Codes")
    if codes is None:
        raise ValidationError(f"{path}: the codebook has no <Codes> element")
    found = [
        text
        for child in root
        if child.tag is ET.Comment and (text := refi_extension.from_comment(child.text)) is not None
    ]
    extension = refi_extension.parse(found[-1], str(path)) if found else None
    name = current.name if current else path.stem
    spec, _ = parse_codes(codes, ns, name, str(path), current, extension)
    if extension is None:
        spec.description = current.description if current else ""
    return spec
