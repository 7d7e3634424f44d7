"""REFI-QDA: .qdc codebooks and .qdpx projects, round trips with non-ASCII names and non-BMP text,
positions in Unicode code points, and malformed archives rejected with nothing stored."""

import io
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest
from sqlmodel import select

from qualcode.codebook import store as codebook_store
from qualcode.codebook.schema import parse_codebook
from qualcode.coding.codings import add_coding
from qualcode.errors import ValidationError
from qualcode.exchange.refi_codebook import qdc_bytes, read_qdc
from qualcode.exchange.refi_project import MEMBER_DATE, export_qdpx
from qualcode.exchange.refi_project_import import import_qdpx
from qualcode.ingest.participants import get_or_create_participant
from qualcode.project import create_project, current_project, find_project, get_or_create_coder
from qualcode.store import session_scope
from qualcode.store.models import Document, Memo

NS = "{urn:QDA-XML:project:1.0}"
TEXT = "Intro 😀 then 𝔘nicode Größe and more text.\nSecond line ✓ done."
CODEBOOK = {
    "name": "Ümlaut book",
    "groups": [{"key": "hurdles", "name": "Hürden & Risiken", "description": "Was stört"}],
    "codes": [
        {"key": "groesse", "name": "Größe 📏", "group": "hurdles", "color": "#aa3311",
         "definition": "Size.", "include": "When size.", "exclude": "Not speed.", "examples": ["big", "huge"]},
        {"key": "kind", "name": "日本語 child", "group": "hurdles", "parent": "groesse"},
        {"key": "free", "name": "Free code"},
    ],
}  # fmt: skip


def build(url):
    with session_scope(url) as session:
        project = create_project(session, "Prøject ✓")
        codebook = codebook_store.import_spec(session, project, parse_codebook(CODEBOOK))
        codes = {c.key: c for c in codebook_store.codes(session, codebook)}
        person = get_or_create_participant(session, project, "P1")
        person.attributes = {"size": 4, "langs": ["py", "go"], "org": "Ünï"}
        document = Document(project_id=project.id, participant_id=person.id, title="Interview Ü",
                            text=TEXT, interview_date="2022-07-05")  # fmt: skip
        session.add_all([person, document])
        session.flush()
        alice, bob = (
            get_or_create_coder(session, project, "alice"),
            get_or_create_coder(session, project, "bøb"),
        )
        start = TEXT.index("𝔘nicode")
        add_coding(
            session,
            document,
            alice,
            codes["groesse"],
            start,
            start + len("𝔘nicode Größe"),
            "memo ✓",
        )
        add_coding(session, document, bob, codes["kind"], TEXT.index("✓"), TEXT.index("✓") + 1)
        coding = add_coding(
            session, document, alice, codes["free"], None, None, "whole-document memo"
        )
        session.add_all([
            Memo(project_id=project.id, target="project", text="Project note 😀", title="Plan"),
            Memo(project_id=project.id, target="document", target_id=document.id, start=0, end=5,
                 text="Anchored", title="Intro memo", author="alice"),
            Memo(project_id=project.id, target="code", target_id=codes["groesse"].id, text="Code note"),
            Memo(project_id=project.id, target="coding", target_id=coding.id, text="On a coding"),
        ])  # fmt: skip


def qdpx_of(url) -> bytes:
    with session_scope(url) as session:
        return export_qdpx(session, current_project(session))


def canonical(data: bytes) -> dict:
    """What the standard holds, without GUIDs: users, code tree, cases, sources, codings, notes."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    root = ET.fromstring(archive.read("project.qde"))
    users = {u.get("guid"): u.get("name") for u in root.iter(f"{NS}User")}
    codes = {c.get("guid"): c.get("name") for c in root.iter(f"{NS}Code")}
    notes = {n.get("guid"): n for n in root.iter(f"{NS}Note")}
    variables = {
        v.get("guid"): (v.get("name"), v.get("typeOfVariable")) for v in root.iter(f"{NS}Variable")
    }
    sources = {s.get("guid"): s.get("name") for s in root.iter(f"{NS}TextSource")}

    def note(guid):
        n = notes[guid]
        sel = n.find(f"{NS}PlainTextSelection")
        return (n.get("name"), n.findtext(f"{NS}PlainTextContent"), users.get(n.get("creatingUser")),
                None if sel is None else (sel.get("startPosition"), sel.get("endPosition")))  # fmt: skip

    def tree(element):
        return [
            (c.get("name"), c.get("isCodable"), c.get("color"), c.findtext(f"{NS}Description"),
             [note(r.get("targetGUID")) for r in c.findall(f"{NS}NoteRef")], tree(c))
            for c in element.findall(f"{NS}Code")
        ]  # fmt: skip

    def coding(c):
        return (codes[c.find(f"{NS}CodeRef").get("targetGUID")], users[c.get("creatingUser")],
                c.get("creationDateTime"), [note(r.get("targetGUID")) for r in c.findall(f"{NS}NoteRef")])  # fmt: skip

    def values(element):
        return sorted((variables[v.find(f"{NS}VariableRef").get("targetGUID")], v[1].text)
                      for v in element.findall(f"{NS}VariableValue"))  # fmt: skip

    out = {
        "project": root.get("name"),
        "users": sorted(users.values()),
        "codes": tree(root.find(f"{NS}CodeBook/{NS}Codes")),
        "cases": [
            (
                c.get("name"),
                values(c),
                [sources[r.get("targetGUID")] for r in c.findall(f"{NS}SourceRef")],
            )
            for c in root.iter(f"{NS}Case")
        ],  # fmt: skip
        "project_notes": [note(r.get("targetGUID")) for r in root.findall(f"{NS}NoteRef")],
        "sources": [],
    }
    for s in root.iter(f"{NS}TextSource"):
        text = archive.read("sources/" + s.get("plainTextPath").split("//")[1]).decode("utf-8")
        out["sources"].append({
            "name": s.get("name"), "text": text, "values": values(s),
            "selections": [(p.get("startPosition"), p.get("endPosition"), users[p.get("creatingUser")],
                            p.findtext(f"{NS}Description"), [coding(c) for c in p.findall(f"{NS}Coding")])
                           for p in s.findall(f"{NS}PlainTextSelection")],
            "whole": [coding(c) for c in s.findall(f"{NS}Coding")],
            "notes": [note(r.get("targetGUID")) for r in s.findall(f"{NS}NoteRef")],
        })  # fmt: skip
    return out


@pytest.fixture
def refi_url(sqlite_url):
    build(sqlite_url)
    return sqlite_url


def test_positions_count_unicode_code_points(refi_url):
    exported = canonical(qdpx_of(refi_url))
    source = exported["sources"][0]
    start, end = (int(p) for p in source["selections"][0][:2])
    assert source["text"][start:end] == "𝔘nicode Größe"
    assert start == TEXT.index("𝔘nicode")  # UTF-16 would count the emoji twice
    assert start != len(TEXT[: TEXT.index("𝔘nicode")].encode("utf-16-le")) // 2


def test_project_round_trip_preserves_what_the_standard_holds(refi_url, tmp_path):
    first = qdpx_of(refi_url)
    other = f"sqlite:///{tmp_path / 'other.db'}"
    with session_scope(other) as session:
        summary = import_qdpx(session, first, "first.qdpx")
    assert (summary.documents, summary.codings, summary.memos) == (1, 3, 4)
    assert canonical(qdpx_of(other)) == canonical(first)


def test_round_trip_keeps_codings_quotes_and_participants(refi_url, tmp_path):
    other = f"sqlite:///{tmp_path / 'other.db'}"
    with session_scope(other) as session:
        import_qdpx(session, qdpx_of(refi_url), "x.qdpx")
    from qualcode.analysis.codings_frame import codings_frame

    with session_scope(other) as session:
        frame = codings_frame(session, current_project(session))
    assert set(frame["quote"]) == {"𝔘nicode Größe", "✓", ""}
    assert set(frame["participant"]) == {"P1"}
    assert set(frame["coder"]) == {"alice", "bøb"}


def test_participant_attributes_survive(refi_url, tmp_path):
    other = f"sqlite:///{tmp_path / 'other.db'}"
    with session_scope(other) as session:
        import_qdpx(session, qdpx_of(refi_url), "x.qdpx")
    with session_scope(other) as session:
        person = get_or_create_participant(session, current_project(session), "P1")
        assert person.attributes == {"size": 4, "langs": ["py", "go"], "org": "Ünï"}


def test_export_is_deterministic(refi_url):
    assert qdpx_of(refi_url) == qdpx_of(refi_url)


def test_codebook_qdc_round_trip_with_non_ascii_names(tmp_path):
    spec = parse_codebook(CODEBOOK)
    path = tmp_path / "book.qdc"
    path.write_bytes(qdc_bytes(spec))
    back = read_qdc(path, spec)
    assert back.to_dict()["codes"] == spec.to_dict()["codes"]
    assert qdc_bytes(back) == qdc_bytes(spec)


def without_extension(qdc: bytes) -> bytes:
    """A .qdc as another tool writes it: the standard only, no qualcode comment."""
    return re.sub(rb"\s*<!-- qualcode-refi-extension .*?-->", b"", qdc, flags=re.S)


def test_codebook_qdc_into_a_new_project_makes_ascii_keys(tmp_path):
    path = tmp_path / "book.qdc"
    path.write_bytes(without_extension(qdc_bytes(parse_codebook(CODEBOOK))))
    back = read_qdc(path)
    assert [c.name for c in back.codes] == ["Größe 📏", "日本語 child", "Free code"]
    assert [c.key for c in back.codes] == ["grosse", "child", "free_code"]
    assert back.code("child").parent == "grosse"
    assert back.groups[0].name == "Hürden & Risiken"


def test_qdc_in_the_wrong_namespace_is_refused(tmp_path):
    path = tmp_path / "x.qdc"
    path.write_text('<CodeBook xmlns="urn:other"><Codes/></CodeBook>', encoding="utf-8")
    with pytest.raises(ValidationError, match="not a REFI-QDA codebook"):
        read_qdc(path)


def _rezip(data: bytes, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    files = {n: source.read(n) for n in source.namelist()}
    change(files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _qde_replace(old: str, new: str):
    def change(files):
        files["project.qde"] = files["project.qde"].decode().replace(old, new, 1).encode()

    return change


def _drop_sources(files):
    for name in [n for n in files if n.startswith("sources/")]:
        del files[name]


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda files: files.pop("project.qde"), "exactly one .qde"),
        (_qde_replace("<Users>", "<Users"), "not well-formed XML"),
        (
            _qde_replace("urn:QDA-XML:project:1.0", "urn:QDA-XML:codebook:1.0"),
            "not a REFI-QDA project",
        ),
        (_drop_sources, "the archive has no sources/"),
    ],
    ids=["no-qde", "bad-xml", "wrong-root", "missing-text"],
)
def test_malformed_archive_is_rejected_and_nothing_stored(refi_url, tmp_path, change, message):
    broken = _rezip(qdpx_of(refi_url), change)
    other = f"sqlite:///{tmp_path / 'other.db'}"
    with pytest.raises(ValidationError, match=message), session_scope(other) as session:
        import_qdpx(session, broken, "broken.qdpx")
    with session_scope(other) as session:
        assert find_project(session) is None


def _zero_length(files):
    """The first selection ends where it starts (a zero-length selection)."""
    files["project.qde"] = re.sub(
        rb'startPosition="(\d+)" endPosition="\d+"', rb'startPosition="\1" endPosition="\1"',
        files["project.qde"], count=1,
    )  # fmt: skip


@pytest.mark.parametrize(
    "change, message",
    [
        (_qde_replace('startPosition="', 'startPosition="9999'), "lies outside the text"),
        (_zero_length, "is empty"),
        (_qde_replace('<CodeRef targetGUID="', '<CodeRef targetGUID="0'), "refers to no code"),
    ],
    ids=["out-of-range", "zero-length", "unknown-code"],
)
def test_one_bad_selection_is_skipped_with_a_warning(refi_url, tmp_path, change, message):
    other = f"sqlite:///{tmp_path / 'other.db'}"
    with session_scope(other) as session:
        summary = import_qdpx(session, _rezip(qdpx_of(refi_url), change), "broken.qdpx")
    assert [w for w in summary.warnings if message in w and "skipped" in w]
    assert summary.codings == 2  # the other two codings are kept
    assert summary.skipped == ["1 PlainTextSelection or Coding (invalid)"]


def test_not_a_zip_is_rejected(sqlite_url):
    with (
        pytest.raises(ValidationError, match="not a zip file"),
        session_scope(sqlite_url) as session,
    ):
        import_qdpx(session, b"plain text", "x.qdpx")


def test_import_into_a_project_with_documents_is_refused(refi_url):
    with (
        pytest.raises(ValidationError, match="already holds documents"),
        session_scope(refi_url) as session,
    ):
        import_qdpx(session, qdpx_of(refi_url), "x.qdpx")


RICH = {
    **CODEBOOK,
    "version": 3,
    "description": "Book -- with a double dash",
    "groups": [{**CODEBOOK["groups"][0], "exclusive": True}],
    "codes": [
        {**CODEBOOK["codes"][0], "evidence": ["downloads"], "survey_items": ["q1", "q2"]},
        *CODEBOOK["codes"][1:],
    ],
}


def spec_of(url) -> dict:
    with session_scope(url) as session:
        book = codebook_store.get_codebook(session, current_project(session))
        return codebook_store.to_spec(session, book).to_dict()


def test_qdpx_round_trip_keeps_keys_exclusive_groups_and_links(demo_url, tmp_path):
    other = f"sqlite:///{tmp_path / 'other.db'}"
    with session_scope(other) as session:
        import_qdpx(session, qdpx_of(demo_url), "demo.qdpx")
    assert spec_of(other) == spec_of(demo_url)


def test_reexport_of_an_imported_project_is_byte_identical(demo_url, tmp_path):
    first = qdpx_of(demo_url)
    other = f"sqlite:///{tmp_path / 'other.db'}"
    with session_scope(other) as session:
        import_qdpx(session, first, "demo.qdpx")
    assert qdpx_of(other) == first


def test_archive_members_carry_a_fixed_date(refi_url):
    archive = zipfile.ZipFile(io.BytesIO(qdpx_of(refi_url)))
    assert {i.date_time for i in archive.infolist()} == {MEMBER_DATE}


def test_qdpx_holds_the_extension_beside_the_project(refi_url):
    names = zipfile.ZipFile(io.BytesIO(qdpx_of(refi_url))).namelist()
    assert names[:2] == ["project.qde", "qualcode.json"]


def test_qdpx_without_the_extension_imports_keys_from_names(refi_url, tmp_path):
    plain = _rezip(qdpx_of(refi_url), lambda files: files.pop("qualcode.json"))
    other = f"sqlite:///{tmp_path / 'other.db'}"
    with session_scope(other) as session:
        import_qdpx(session, plain, "plain.qdpx")
    spec = spec_of(other)
    assert [c["key"] for c in spec["codes"]] == ["grosse", "child", "free_code"]
    assert spec["name"] == "Prøject ✓"


def test_a_broken_extension_is_rejected_and_nothing_stored(refi_url, tmp_path):
    def change(files):
        files["qualcode.json"] = b"{not json"

    other = f"sqlite:///{tmp_path / 'other.db'}"
    with (
        pytest.raises(ValidationError, match="qualcode.json: the qualcode extension is not valid"),
        session_scope(other) as session,
    ):
        import_qdpx(session, _rezip(qdpx_of(refi_url), change), "broken.qdpx")
    with session_scope(other) as session:
        assert find_project(session) is None


def test_qdc_into_a_new_project_keeps_name_keys_and_links(tmp_path):
    spec = parse_codebook(RICH)
    path = tmp_path / "cb.qdc"
    path.write_bytes(qdc_bytes(spec))
    assert read_qdc(path).to_dict() == spec.to_dict()


def test_qdc_stays_a_plain_refi_codebook(tmp_path):
    root = ET.fromstring(qdc_bytes(parse_codebook(RICH)))
    assert [child.tag for child in root] == ["{urn:QDA-XML:codebook:1.0}Codes"]


def test_memo_authors_untitled_memos_and_one_item_lists_come_back(refi_url, tmp_path):
    with session_scope(refi_url) as session:
        project = current_project(session)
        person = get_or_create_participant(session, project, "P1")
        person.attributes = {**person.attributes, "langs": ["py"]}
        session.add(person)
        session.add(
            Memo(project_id=project.id, target="project", text="No title", author="visitor")
        )
    other = f"sqlite:///{tmp_path / 'other.db'}"
    with session_scope(other) as session:
        import_qdpx(session, qdpx_of(refi_url), "x.qdpx")
    with session_scope(other) as session:
        project = current_project(session)
        memo = session.exec(select(Memo).where(Memo.text == "No title")).one()
        assert (memo.title, memo.author) == ("", "visitor")
        assert get_or_create_participant(session, project, "P1").attributes["langs"] == ["py"]
