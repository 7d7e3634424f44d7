"""Reading a REFI-QDA project (.qdpx) into plain data, checked, before anything is stored.

Parse and validate: the archive and project.qde are read into a `ParsedProject`; every selection is
checked against its source's text, and one that cannot be kept (zero-length, outside the text, no
known code) is skipped with a warning naming it, so one bad selection never costs the rest. What
the standard carries and qualcode keeps: notes (inline or from a plainTextPath file), descriptions
of the project, sources and cases (as memos), memo-only selections and NoteRefs on selections (as
memos anchored to the passage), document sets (a document attribute) and code sets (a code group),
the selection's creating user when a coding names none, interview dates given as DateValue,
DateTimeValue or text. Everything else is counted by element in `not_kept`.

Line endings: text is stored with \\n. Positions in a source with Windows line endings are counted
either with \\r\\n as two characters (QualCoder, qualcode: Python strings of the file) or as one
(ATLAS.ti, MAXQDA, NVivo: their text controls hold \\n); the project's origin decides, and a source
whose selections only fit the other way is counted that way.
"""

from __future__ import annotations

import io
import zipfile
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from qualcode.codebook.schema import CodebookSpec, parse_codebook
from qualcode.errors import ValidationError
from qualcode.exchange import refi_extension
from qualcode.exchange.refi_code_sets import add_code_set
from qualcode.exchange.refi_codebook import namespace, parse_codes, parse_xml
from qualcode.exchange.refi_project import CODING_MEMO, DATE_VARIABLE
from qualcode.exchange.refi_values import read_value, valid_date

ONE_CHARACTER_NEWLINES = ("atlas.ti", "maxqda", "nvivo")  # origins that count \r\n once
DATE_NAMES = {DATE_VARIABLE, "date", "interview date", "interview_date", "datum"}
NOT_KEPT = ("PictureSource", "PDFSource", "AudioSource", "VideoSource", "Link", "Graph",
            "SelectionRef", "CodeRef")  # fmt: skip


def parse_when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass
class ParsedNote:
    guid: str
    title: str
    text: str
    author: str
    created: datetime | None
    start: int | None = None  # a passage of the note's source (older qualcode files)
    end: int | None = None


@dataclass
class ParsedCoding:
    code_key: str
    user: str | None  # user GUID
    created: datetime | None
    start: int | None
    end: int | None
    memo: str
    notes: list[str]  # note GUIDs


@dataclass
class ParsedSource:
    guid: str
    name: str
    text: str
    created: datetime | None
    date: str | None
    codings: list[ParsedCoding] = field(default_factory=list)
    anchored: list[tuple[str | ParsedNote, int, int]] = field(default_factory=list)  # note, span
    notes: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)


@dataclass
class ParsedCase:
    guid: str
    label: str
    attributes: dict
    sources: list[str]


@dataclass
class ParsedProject:
    name: str
    created: datetime | None
    users: dict[str, str]
    spec: CodebookSpec | None
    code_keys: dict[str, str]
    code_notes: dict[str, list[str]]  # code key -> note GUIDs
    notes: dict[str, ParsedNote]
    sources: list[ParsedSource]
    cases: list[ParsedCase]
    project_notes: list[str]
    extension: dict
    descriptions: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # target kind, GUID, text
    warnings: list[str] = field(default_factory=list)
    not_kept: Counter = field(default_factory=Counter)


def read_archive(data: bytes, source: str):
    """project.qde parsed, the archive's other files by path, and the qualcode extension if any."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ValidationError(f"{source}: not a .qdpx archive (not a zip file)") from exc
    with archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]
        qde = [n for n in names if n.lower().endswith(".qde") and "/" not in n.strip("/")]
        if len(qde) != 1:
            raise ValidationError(
                f"{source}: a .qdpx holds exactly one .qde project file at its top level, found {len(qde)}"
            )
        try:
            files = {n: archive.read(n) for n in names if n.lower().startswith("sources/")}
            root = parse_xml(archive.read(qde[0]), f"{source}:{qde[0]}")
            extra = archive.read(refi_extension.MEMBER) if refi_extension.MEMBER in names else None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError) as exc:
            raise ValidationError(f"{source}: the archive is damaged ({exc})") from exc
    namespace(root, "project", f"{source}:{qde[0]}")
    where = f"{source}:{refi_extension.MEMBER}"
    extension = refi_extension.parse(extra, where) if extra is not None else None
    return root, files, extension


def _file_text(element, ns: str, files: dict[str, bytes], where: str) -> str:
    """A source's or note's text: inline PlainTextContent or the archive file plainTextPath names."""
    content = element.find(f"{ns}PlainTextContent")
    if content is not None:
        return content.text or ""
    path = element.get("plainTextPath") or ""
    if not path:
        return ""
    if not path.startswith("internal://"):
        raise ValidationError(
            f"{where}: plainTextPath {path!r} is not inside the archive (expected internal://...)"
        )
    name = path[len("internal://") :].lstrip("/")
    data = files.get(f"sources/{name}", files.get(name))
    if data is None:
        raise ValidationError(f"{where}: the archive has no sources/{name}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"{where}: sources/{name} is not UTF-8 text (byte {exc.start})"
        ) from exc


class _Positions:
    """Maps a tool's positions in a source's text to positions in the text stored with \\n."""

    def __init__(self, raw: str, crlf_is_two: bool) -> None:
        self.text = raw.replace("\r\n", "\n").replace("\r", "\n")
        self.crlf = [i for i in range(len(raw) - 1) if raw[i] == "\r" and raw[i + 1] == "\n"]
        self.crlf_is_two = crlf_is_two

    def fits(self, spans: list[tuple[int, int]], crlf_is_two: bool) -> bool:
        limit = len(self.text) + (len(self.crlf) if crlf_is_two else 0)
        return all(0 <= s < e <= limit for s, e in spans)

    def map(self, position: int) -> int:
        if not self.crlf_is_two:
            return position
        return position - bisect_left(self.crlf, position)  # each \r before it is gone


def _int(element, name: str) -> int | None:
    try:
        return int(element.get(name))
    except (TypeError, ValueError):
        return None


def _description(element, ns: str) -> str:
    found = element.find(f"{ns}Description")
    return (found.text or "") if found is not None else ""


def _source_date(value, ns: str, variables: dict) -> str | None:
    """An interview date from a source's VariableValue (DateValue, DateTimeValue or text)."""
    ref = value.find(f"{ns}VariableRef")
    name, kind = variables.get(ref.get("targetGUID") if ref is not None else None, ("", ""))
    if name.strip().casefold() not in DATE_NAMES and kind != "Date":
        return None
    found = [child for child in value if child.tag != f"{ns}VariableRef"]
    text = (found[0].text or "").strip()[:10] if found else ""
    return text if valid_date(text) else None


class _Reader:
    def __init__(self, root, files, extension, source: str) -> None:
        self.root, self.files, self.source = root, files, source
        self.ns = "{" + root.tag[1:].split("}")[0] + "}"
        self.given = extension  # None: a file from another tool (keys come from names)
        self.extension = extension or refi_extension.empty()
        self.extra = self.extension["project"]
        self.warnings: list[str] = []
        self.not_kept: Counter = Counter()
        origin = (root.get("origin") or "").casefold()
        self.crlf_is_two = not any(tool in origin for tool in ONE_CHARACTER_NEWLINES)

    def note(self, element, users: dict[str, str]) -> ParsedNote:
        ns, note_guid = self.ns, element.get("guid") or ""
        where = f"{self.source}: note {element.get('name') or note_guid!r}"
        text = _file_text(element, ns, self.files, where)
        author = users.get(element.get("creatingUser"), "")
        author = (self.extra["notes"].get(note_guid) or {}).get("author", author)
        selection = element.find(f"{ns}PlainTextSelection")
        start = _int(selection, "startPosition") if selection is not None else None
        end = _int(selection, "endPosition") if selection is not None else None
        return ParsedNote(note_guid, element.get("name") or "", text, author,
                          parse_when(element.get("creationDateTime")), start, end)  # fmt: skip

    def parse(self, current: CodebookSpec | None) -> ParsedProject:
        root, ns = self.root, self.ns
        users = self.users = {
            u.get("guid"): (u.get("name") or f"user-{(u.get('guid') or '')[:8]}")
            for u in root.iter(f"{ns}User")
        }
        codes_xml = root.find(f"{ns}CodeBook/{ns}Codes")
        spec, code_keys = (
            parse_codes(codes_xml, ns[1:-1], root.get("name") or "Codebook", self.source, current,
                        self.given)
            if codes_xml is not None else (None, {})
        )  # fmt: skip
        book = self.extension["codebook"]
        if spec is None and book.get("name"):  # an empty codebook (no <CodeBook> in the file)
            spec = parse_codebook(
                {"name": book["name"], "version": book.get("version", 1),
                 "description": book.get("description") or "", "codes": []},
                self.source,
            )  # fmt: skip
        code_notes: dict[str, list[str]] = {}
        for code in codes_xml.iter(f"{ns}Code") if codes_xml is not None else []:
            refs = [r.get("targetGUID") for r in code.findall(f"{ns}NoteRef")]
            if refs and code.get("guid") in code_keys:
                code_notes.setdefault(code_keys[code.get("guid")], []).extend(refs)
        notes = {n.get("guid"): self.note(n, users) for n in root.iter(f"{ns}Note")}
        variables = {
            v.get("guid"): (v.get("name") or "", v.get("typeOfVariable") or "Text")
            for v in root.iter(f"{ns}Variable")
        }
        parsed = ParsedProject(
            name=root.get("name") or "", created=parse_when(root.get("creationDateTime")),
            users=users, spec=spec, code_keys=code_keys, code_notes=code_notes, notes=notes,
            sources=[self.source_of(e, code_keys, variables) for e in root.iter(f"{ns}TextSource")],
            cases=[self.case_of(c, variables) for c in root.iter(f"{ns}Case")],
            project_notes=[r.get("targetGUID") for r in root.findall(f"{ns}NoteRef")],
            extension=self.extension,
        )  # fmt: skip
        description = root.find(f"{ns}Description")
        if description is not None and (description.text or "").strip():
            parsed.descriptions.append(("project", "", description.text))
        for source in root.iter(f"{ns}TextSource"):
            if (text := _description(source, ns)).strip():
                parsed.descriptions.append(("document", source.get("guid"), text))
        for case in root.iter(f"{ns}Case"):
            if (text := _description(case, ns)).strip():
                parsed.descriptions.append(("participant", case.get("name") or "", text))
        self.sets(parsed)
        for kind in NOT_KEPT:
            if kind in ("CodeRef", "SelectionRef"):
                count = sum(len(c.findall(f"{ns}{kind}")) for c in root.iter(f"{ns}Case"))
                kind = f"Case {kind}"
            else:
                count = sum(1 for _ in root.iter(f"{ns}{kind}"))
            if count:
                self.not_kept[kind] += count
        parsed.warnings, parsed.not_kept = self.warnings, self.not_kept
        return parsed

    def source_of(self, element, code_keys: dict[str, str], variables: dict) -> ParsedSource:
        ns = self.ns
        name = element.get("name") or "source"
        where = f"{self.source}: source {name!r}"
        raw = _file_text(element, ns, self.files, where)
        positions = _Positions(raw, self.crlf_is_two)
        selections = element.findall(f"{ns}PlainTextSelection")
        spans = [(_int(s, "startPosition"), _int(s, "endPosition")) for s in selections]
        spans = [(s, e) for s, e in spans if s is not None and e is not None]
        if positions.crlf and not positions.fits(spans, self.crlf_is_two):
            if positions.fits(spans, not self.crlf_is_two):
                positions.crlf_is_two = not self.crlf_is_two
        parsed = ParsedSource(element.get("guid") or "", name, positions.text,
                              parse_when(element.get("creationDateTime")), None)  # fmt: skip
        for selection in selections:
            self.selection(selection, parsed, positions, code_keys, where)
        for coding in element.findall(f"{ns}Coding"):
            self.coding(coding, parsed, None, None, "", None, code_keys, where)
        parsed.notes = [r.get("targetGUID") for r in element.findall(f"{ns}NoteRef")]
        for value in element.findall(f"{ns}VariableValue"):
            date = _source_date(value, ns, variables)
            if date:
                parsed.date = date
            else:
                ref = value.find(f"{ns}VariableRef")
                var_name = variables.get(ref.get("targetGUID") if ref is not None else None)
                found = [child for child in value if child.tag != f"{ns}VariableRef"]
                if var_name and found and found[0].text is not None:
                    parsed.meta.setdefault("variables", {})[var_name[0]] = read_value(
                        found[0].text, found[0].tag[len(ns) :]
                    )
        return parsed

    def selection(self, selection, parsed: ParsedSource, positions, code_keys, where) -> None:
        ns = self.ns
        start, end = _int(selection, "startPosition"), _int(selection, "endPosition")
        label = f"{where}: selection {selection.get('guid')}"
        limit = len(positions.text)
        if start is None or end is None:
            self.skip(f"{label}: startPosition and endPosition must be whole numbers")
            return
        start, end = positions.map(start), positions.map(end)
        if not 0 <= start < end <= limit:
            reason = "is empty" if start == end else f"lies outside the text ({limit} characters)"
            self.skip(f"{label} ({start}-{end}) {reason}; skipped")
            return
        memo = _description(selection, ns)
        codings = selection.findall(f"{ns}Coding")
        for coding in codings:
            self.coding(
                coding, parsed, start, end, memo, selection.get("creatingUser"), code_keys, where
            )
        refs = [r.get("targetGUID") for r in selection.findall(f"{ns}NoteRef")]
        parsed.anchored += [(ref, start, end) for ref in refs]
        if not codings and memo.strip():  # a selection that only carries a memo
            note = ParsedNote(
                selection.get("guid") or "", selection.get("name") or "", memo,
                self.users.get(selection.get("creatingUser"), ""),
                parse_when(selection.get("creationDateTime")),
            )  # fmt: skip
            parsed.anchored.append((note, start, end))

    def coding(self, coding, parsed, start, end, memo, selection_user, code_keys, where) -> None:
        ref = coding.find(f"{self.ns}CodeRef")
        if ref is None or ref.get("targetGUID") not in code_keys:
            self.skip(
                f"{where}: coding {coding.get('guid')} refers to no code of the codebook; skipped"
            )
            return
        parsed.codings.append(ParsedCoding(
            code_keys[ref.get("targetGUID")], coding.get("creatingUser") or selection_user,
            parse_when(coding.get("creationDateTime")), start, end, memo,
            [r.get("targetGUID") for r in coding.findall(f"{self.ns}NoteRef")],
        ))  # fmt: skip

    def case_of(self, case, variables: dict) -> ParsedCase:
        ns, attributes = self.ns, {}
        for value in case.findall(f"{ns}VariableValue"):
            ref = value.find(f"{ns}VariableRef")
            name = variables.get(ref.get("targetGUID") if ref is not None else None)
            found = [child for child in value if child.tag != f"{ns}VariableRef"]
            kind = found[0].tag[len(ns) :] if found else ""
            if name and found and (found[0].text is not None or kind == "TextValue"):
                attributes[name[0]] = read_value(found[0].text or "", kind)
        attributes.update((self.extra["cases"].get(case.get("guid")) or {}).get("lists") or {})
        sources = [r.get("targetGUID") for r in case.findall(f"{ns}SourceRef")]
        return ParsedCase(
            case.get("guid") or "", (case.get("name") or "").strip(), attributes, sources
        )

    def sets(self, parsed: ParsedProject) -> None:
        """Document sets become a document attribute ('sets'); a code set's codes a group."""
        ns, by_guid = self.ns, {s.guid: s for s in parsed.sources}
        for element in self.root.iter(f"{ns}Set"):
            name = element.get("name") or "Set"
            for member in element.findall(f"{ns}MemberSource"):
                if (source := by_guid.get(member.get("targetGUID"))) is not None:
                    source.meta.setdefault("sets", []).append(name)
            codes = [
                parsed.code_keys.get(m.get("targetGUID"))
                for m in element.findall(f"{ns}MemberCode")
            ]
            if codes and parsed.spec is not None:
                kept = add_code_set(parsed.spec, name, [c for c in codes if c], self.source)
                parsed.spec = kept.spec
                if kept.left_out:
                    self.warnings.append(
                        f"{self.source}: code set {name!r}: {kept.left_out} codes already in a group "
                        "or nested under another code stay where they are"
                    )
            if element.find(f"{ns}MemberNote") is not None:
                self.not_kept["Set MemberNote"] += len(element.findall(f"{ns}MemberNote"))

    def skip(self, message: str) -> None:
        self.warnings.append(message)
        self.not_kept["PlainTextSelection or Coding (invalid)"] += 1


def parse_project(data: bytes, source: str, current: CodebookSpec | None = None) -> ParsedProject:
    """Read and check a .qdpx archive; raises ValidationError when the archive breaks the standard."""
    root, files, extension = read_archive(data, source)
    return _Reader(root, files, extension, source).parse(current)


__all__ = ["CODING_MEMO", "ParsedProject", "parse_project", "parse_when"]
