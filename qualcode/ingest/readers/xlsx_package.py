"""The parts of an XLSX workbook its sheet reader needs, found as calamine finds them: the first
worksheet (the first `<sheet>` of workbook.xml, through the workbook's relationships), the shared
strings, the kind of number (date, duration, plain) each cell style shows, and the date system.
Member names are matched ignoring ASCII case and backslashes. Only the small parts are read
here; the shared strings are parsed as a stream, one `<si>` at a time."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from typing import IO

from lxml import etree

from qualcode.ingest.readers.xlsx_values import builtin_kind, format_kind

OFFICE_DOCUMENT = "/relationships/officeDocument"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
ASCII_SPACE = " \t\r\n"
EXCEL_ESCAPE = re.compile(r"_x00(\+[0-9A-Fa-f]|[0-9A-Fa-f]{2})_")  # _x000D_ is a carriage return


@dataclass
class Workbook:
    """An opened workbook: its archive, the member holding its first sheet (None when it has
    no sheet), the shared strings, each cell style's kind of number and the date system."""

    archive: zipfile.ZipFile
    sheet: str | None
    strings: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    is_1904: bool = False

    def open_sheet(self) -> IO[bytes]:
        if self.sheet is None:
            raise ValueError("the workbook has no sheet")
        return self.archive.open(self.sheet)


def parser_options() -> dict:
    """lxml options for every part: no entities resolved, no network, long texts allowed;
    comments and processing instructions dropped (calamine skips them inside a text)."""
    return {
        "resolve_entities": False, "no_network": True, "huge_tree": True,
        "remove_comments": True, "remove_pis": True,
    }  # fmt: skip


def local(tag: object) -> str:
    """An element's name without its namespace (calamine matches local names only)."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def excel_text(element) -> str:
    """The text of a shared or inline string (`<si>`, `<is>`): every `<t>` but the phonetic
    ones (`<rPh>`), each trimmed of ASCII spaces unless `xml:space="preserve"`, and Excel's
    `_x000D_` escapes decoded, as calamine reads them."""
    if len(element) == 1 and local(element[0].tag) == "t":  # the common case: one plain text
        return t_text(element[0])
    parts = []
    for child in element.iter():
        if local(child.tag) == "t" and local(child.getparent().tag) != "rPh":
            parts.append(t_text(child))
    return "".join(parts)


def t_text(t) -> str:
    text = t.text or ""
    if t.get(XML_SPACE) != "preserve":
        text = text.strip(ASCII_SPACE)
    if "_x00" in text:
        text = EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text


class Members:
    """The archive's members by normalised name (ASCII lower case, forward slashes)."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = {n.replace("\\", "/").lower(): n for n in archive.namelist()}

    def name(self, path: str) -> str | None:
        return self.names.get(path.lower())

    def root(self, path: str):
        """The parsed member, or None when the archive has no such member."""
        name = self.name(path)
        if name is None:
            return None
        return etree.fromstring(self.archive.read(name), etree.XMLParser(**parser_options()))


def open_workbook(archive: zipfile.ZipFile) -> Workbook:
    """The workbook's parts; raises (KeyError, ValueError, lxml errors) for a broken package."""
    members = Members(archive)
    package = members.root("_rels/.rels")
    if package is None:
        raise ValueError("no _rels/.rels in the archive")
    target = next(
        (r.get("Target") for r in package if (r.get("Type") or "").endswith(OFFICE_DOCUMENT)),
        None,
    )
    if target is None:
        raise ValueError("the package names no workbook")
    target = target.lstrip("/")
    folder = target[: target.rfind("/") + 1]
    book = members.root(target)
    if book is None:
        raise ValueError(f"no workbook part '{target}' in the archive")
    relations = members.root(f"{folder}_rels/{target[len(folder) :]}.rels")
    targets = {
        r.get("Id"): r.get("Target") or "" for r in (relations if relations is not None else ())
    }
    first = next((e for e in book.iter() if local(e.tag) == "sheet"), None)
    sheet = None
    if first is not None:
        rel_id = next((v for k, v in first.attrib.items() if local(k) == "id"), None)
        if rel_id not in targets:
            raise ValueError(f"the relationship '{rel_id}' of the first sheet is missing")
        path = targets[rel_id]
        sheet = members.name(path[1:] if path.startswith("/") else folder + path)
        if sheet is None:
            raise ValueError(f"no sheet part '{path}' in the archive")
    pr = next((e for e in book.iter() if local(e.tag) == "workbookPr"), None)
    return Workbook(
        archive, sheet, shared_strings(members, folder), styles(members, folder),
        is_1904=pr is not None and pr.get("date1904") in ("1", "true"),
    )  # fmt: skip


def shared_strings(members: Members, folder: str) -> list[str]:
    """The shared strings table, read one `<si>` at a time (it can hold most of a sheet's text)."""
    name = members.name(f"{folder}sharedStrings.xml")
    if name is None:
        return []
    strings = []
    with members.archive.open(name) as stream:
        for _, si in etree.iterparse(stream, events=("end",), tag="{*}si", **parser_options()):
            strings.append(excel_text(si))
            si.clear()
            while si.getprevious() is not None:
                del si.getparent()[0]
    return strings


def styles(members: Members, folder: str) -> list[str]:
    """Each cell style's (cellXfs entry's) kind of number: a date, a duration or plain."""
    root = members.root(f"{folder}styles.xml")
    if root is None:
        return []
    custom = {  # the workbook's own formats (those of <dxfs> are for conditional formatting)
        f.get("numFmtId"): f.get("formatCode")
        for formats in root.iter() if local(formats.tag) == "numFmts"
        for f in formats
        if local(f.tag) == "numFmt" and None not in (f.get("numFmtId"), f.get("formatCode"))
    }  # fmt: skip
    kinds = []
    for xfs in (e for e in root.iter() if local(e.tag) == "cellXfs"):
        for xf in (e for e in xfs if local(e.tag) == "xf"):
            number_format = xf.get("numFmtId")
            if number_format is None:
                kinds.append("")
            elif number_format in custom:
                kinds.append(format_kind(custom[number_format]))
            else:
                kinds.append(builtin_kind(number_format))
    return kinds
