"""Imports of .qdpx files shaped like the exports of QualCoder, MAXQDA, ATLAS.ti, NVivo and Taguette,
written here from the REFI-QDA standard (each validated against its schema first), with every
element counted: what qualcode keeps, and what it lists as not kept."""

import io
import uuid
import zipfile

import pytest

from qualcode.analysis.codings_frame import codings_frame
from qualcode.codebook import store as codebook_store
from qualcode.exchange.refi_project_import import import_qdpx
from qualcode.ingest.documents import list_documents
from qualcode.ingest.participants import get_or_create_participant
from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.store.models import Memo
from tests.exchange.refi_schemas import assert_valid_qdpx

TEXT = "Interviewer: Why?\r\nP1: Licences 🤗 worry me.\r\nInterviewer: More?\r\nP1: Docs are thin."
STORED = TEXT.replace("\r\n", "\n")
QUOTES = ("Licences 🤗 worry me", "Docs are thin")


def g(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def span(quote: str, crlf_is_two: bool) -> tuple[int, int]:
    """Where a tool puts the quote: counting \\r\\n as two characters or as one."""
    text = TEXT if crlf_is_two else STORED
    start = text.index(quote)
    return start, start + len(quote)


def archive(qde: str, files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        out.writestr("project.qde", qde)
        for name, text in files.items():
            out.writestr(f"sources/{name}", text.encode("utf-8"))
    data = buffer.getvalue()
    assert_valid_qdpx(data)  # the test file itself is standard
    return data


def project(origin: str, body: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="From {origin}" origin="{origin}">{body}</Project>'
    )


def codebook(*codes: str) -> str:
    return "<CodeBook><Codes>" + "".join(codes) + "</Codes></CodeBook>"


def code(name: str, inner: str = "", codable: str = "true") -> str:
    return f'<Code guid="{g(name)}" name="{name}" isCodable="{codable}">{inner}</Code>'


def coding(code_name: str, user: str | None = None) -> str:
    who = f' creatingUser="{g(user)}"' if user else ""
    return f'<Coding guid="{uuid.uuid4()}"{who}><CodeRef targetGUID="{g(code_name)}"/></Coding>'


def selection(quote: str, crlf_is_two: bool, inner: str, user: str | None = None) -> str:
    start, end = span(quote, crlf_is_two)
    who = f' creatingUser="{g(user)}"' if user else ""
    return f'<PlainTextSelection guid="{uuid.uuid4()}" startPosition="{start}" endPosition="{end}"{who}>{inner}</PlainTextSelection>'


def users(*names: str) -> str:
    return "<Users>" + "".join(f'<User guid="{g(n)}" name="{n}"/>' for n in names) + "</Users>"


def imported(tmp_path, data: bytes):
    url = f"sqlite:///{tmp_path / 'in.db'}"
    with session_scope(url) as session:
        summary = import_qdpx(session, data, "tool.qdpx")
    return url, summary


def quotes_and_coders(url) -> list[tuple[str, str, str]]:
    with session_scope(url) as session:
        frame = codings_frame(session, current_project(session))
    return sorted(zip(frame["quote"], frame["code"], frame["coder"], strict=True))


def memos(url) -> list[tuple]:
    with session_scope(url) as session:
        rows = session.query(Memo).order_by(Memo.id).all()
        texts = {d.id: d.text for d in list_documents(session, current_project(session))}
        return [
            (m.target, m.title, m.text, m.author,
             texts[m.target_id][m.start : m.end] if m.start is not None else None)
            for m in rows
        ]  # fmt: skip


QUALCODER = project("QualCoder 3.5", users("cara") + codebook(
    code("Risks", code("Licence risk") + code("Docs gap"), "true"),
) + '<Variables><Variable guid="' + g("role") + '" name="role" typeOfVariable="Text"/>'
    '<Variable guid="' + g("years") + '" name="years" typeOfVariable="Float"/></Variables>'
    f'<Cases><Case guid="{g("P1")}" name="P1"><Description>Senior engineer</Description>'
    f'<VariableValue><VariableRef targetGUID="{g("role")}"/><TextValue>ML, infra</TextValue></VariableValue>'
    f'<VariableValue><VariableRef targetGUID="{g("years")}"/><FloatValue>4.5</FloatValue></VariableValue>'
    f'<SourceRef targetGUID="{g("doc")}"/></Case></Cases>'
    f'<Sources><TextSource guid="{g("doc")}" name="Interview 1" plainTextPath="internal://{g("doc")}.txt">'
    "<Description>Recorded on Zoom</Description>"
    + selection(QUOTES[0], True, "<Description>strong</Description>" + coding("Licence risk"), "cara")
    + selection(QUOTES[1], True, coding("Docs gap", "cara"), "cara")
    + "</TextSource></Sources>"
    f'<Notes><Note guid="{g("journal")}" name="Journal" creatingUser="{g("cara")}" '
    f'plainTextPath="internal://{g("journal")}.txt"/></Notes>'
    f'<NoteRef targetGUID="{g("journal")}"/>')  # fmt: skip


def test_qualcoder_export(tmp_path):
    data = archive(QUALCODER, {f"{g('doc')}.txt": TEXT, f"{g('journal')}.txt": "Journal entry ✓"})
    url, summary = imported(tmp_path, data)
    assert (summary.documents, summary.codes, summary.codings, summary.participants) == (1, 3, 2, 1)
    assert summary.skipped == [] and summary.warnings == []
    assert [q for q, _, _ in quotes_and_coders(url)] == sorted(QUOTES)  # \r\n counted as two
    assert {c for _, _, c in quotes_and_coders(url)} == {"cara"}  # the selection's user
    assert sorted(memos(url), key=str) == sorted([
        ("project", "Journal", "Journal entry ✓", "cara", None),  # text from its own file
        ("document", "Description", "Recorded on Zoom", "", None),
        ("project", "Description of participant P1", "Senior engineer", "", None),
    ], key=str)  # fmt: skip
    with session_scope(url) as session:
        person = get_or_create_participant(session, current_project(session), "P1")
        assert person.attributes == {"role": "ML, infra", "years": 4.5}  # text stays text


MAXQDA = project("MAXQDA 24", users("max") + codebook(code("Licence risk"), code("Docs gap"))
    + f'<Variables><Variable guid="{g("date")}" name="Interview date" typeOfVariable="Text"/></Variables>'
    f'<Sources><TextSource guid="{g("doc")}" name="Interview 1" plainTextPath="internal://{g("doc")}.txt">'
    + selection(QUOTES[0], False, coding("Licence risk"), "max")
    + selection(QUOTES[1], False, coding("Docs gap"), "max")
    + f'<VariableValue><VariableRef targetGUID="{g("date")}"/><TextValue>2022-07-05</TextValue></VariableValue>'
    "</TextSource></Sources>"
    f'<Sets><Set guid="{g("s1")}" name="Wave 1"><MemberSource targetGUID="{g("doc")}"/></Set>'
    f'<Set guid="{g("s2")}" name="Hurdles"><MemberCode targetGUID="{g("Licence risk")}"/>'
    f'<MemberCode targetGUID="{g("Docs gap")}"/></Set></Sets>')  # fmt: skip


def test_maxqda_export(tmp_path):
    url, summary = imported(tmp_path, archive(MAXQDA, {f"{g('doc')}.txt": TEXT}))
    assert (summary.documents, summary.codes, summary.codings) == (1, 2, 2)
    assert summary.skipped == []
    assert quotes_and_coders(url) == [  # \r\n counted as one; the coder is the selection's user
        (QUOTES[1], "docs_gap", "max"), (QUOTES[0], "licence_risk", "max"),
    ]  # fmt: skip
    with session_scope(url) as session:
        document = list_documents(session, current_project(session))[0]
        assert (document.interview_date, document.meta["sets"]) == ("2022-07-05", ["Wave 1"])
        book = codebook_store.to_spec(
            session, codebook_store.get_codebook(session, current_project(session))
        )
        assert [g_.name for g_ in book.groups] == ["Hurdles"]
        assert {c.group for c in book.codes} == {book.groups[0].key}


ATLAS = project("ATLAS.ti 23", users("ati") + codebook(code("Licence risk"))
    + f'<Sources><TextSource guid="{g("doc")}" name="Interview 1" plainTextPath="internal://{g("doc")}.txt">'
    + selection(QUOTES[0], False, coding("Licence risk", "ati"), "ati")
    + selection(QUOTES[1], False, "<Description>A quotation comment</Description>", "ati")
    + selection("Why?", False, f'<NoteRef targetGUID="{g("n1")}"/>', "ati")
    + "</TextSource>"
    f'<PDFSource guid="{g("pdf")}" name="Slides" path="internal://slides.pdf"/></Sources>'
    f'<Notes><Note guid="{g("n1")}" name="Opening" creatingUser="{g("ati")}"><PlainTextContent>Asked early</PlainTextContent></Note></Notes>'
    f'<Links><Link guid="{g("l1")}" name="supports" originGUID="{g("n1")}" targetGUID="{g("doc")}"/></Links>'
    "<Description>ATLAS.ti project</Description>")  # fmt: skip


def test_atlas_ti_export(tmp_path):
    url, summary = imported(tmp_path, archive(ATLAS, {f"{g('doc')}.txt": TEXT}))
    assert (summary.documents, summary.codings, summary.memos) == (1, 1, 3)
    assert summary.skipped == ["1 Link", "1 PDFSource"]
    assert [q for q, _, _ in quotes_and_coders(url)] == [QUOTES[0]]  # \r\n counted as one
    assert sorted(memos(url), key=str) == sorted([
        ("document", "", "A quotation comment", "ati", QUOTES[1]),  # a memo-only selection
        ("document", "Opening", "Asked early", "ati", "Why?"),  # a NoteRef on a selection
        ("project", "Description", "ATLAS.ti project", "", None),
    ], key=str)  # fmt: skip


NVIVO = project("NVivo 14", users("nv") + codebook(code("Licence risk"))
    + f'<Variables><Variable guid="{g("senior")}" name="senior" typeOfVariable="Boolean"/>'
    f'<Variable guid="{g("n")}" name="team size" typeOfVariable="Integer"/>'
    f'<Variable guid="{g("d")}" name="joined" typeOfVariable="Date"/></Variables>'
    f'<Cases><Case guid="{g("P1")}" name="P1">'
    f'<VariableValue><VariableRef targetGUID="{g("senior")}"/><BooleanValue>true</BooleanValue></VariableValue>'
    f'<VariableValue><VariableRef targetGUID="{g("n")}"/><IntegerValue>12</IntegerValue></VariableValue>'
    f'<VariableValue><VariableRef targetGUID="{g("d")}"/><DateValue>2020-01-31</DateValue></VariableValue>'
    f'<SourceRef targetGUID="{g("doc")}"/></Case></Cases>'
    f'<Sources><TextSource guid="{g("doc")}" name="Interview 1"><PlainTextContent>{STORED}</PlainTextContent>'
    + selection(QUOTES[0], False, coding("Licence risk", "nv"))
    + selection(QUOTES[1], False, coding("Licence risk", "nv") + f'<NoteRef targetGUID="{g("ann")}"/>')
    + "</TextSource></Sources>"
    f'<Notes><Note guid="{g("ann")}" name="Annotation"><PlainTextContent>thin docs</PlainTextContent></Note></Notes>')  # fmt: skip


def test_nvivo_export(tmp_path):
    url, summary = imported(tmp_path, archive(NVIVO, {}))
    assert (summary.documents, summary.codings, summary.participants) == (1, 2, 1)
    assert [q for q, _, _ in quotes_and_coders(url)] == sorted(QUOTES)
    assert ("document", "Annotation", "thin docs", "", QUOTES[1]) in memos(url)
    with session_scope(url) as session:
        person = get_or_create_participant(session, current_project(session), "P1")
        assert person.attributes == {"senior": True, "team size": 12, "joined": "2020-01-31"}


TAGUETTE = project("Taguette 1.4.1", codebook(code("licence"), code("docs"))
    + f'<Sources><TextSource guid="{g("doc")}" name="interview.txt" plainTextPath="internal://{g("doc")}.txt">'
    + selection(QUOTES[0], True, coding("licence"))
    + selection(QUOTES[1], True, coding("docs") + coding("licence"))
    + "</TextSource></Sources>")  # fmt: skip


def test_taguette_export(tmp_path):
    url, summary = imported(tmp_path, archive(TAGUETTE, {f"{g('doc')}.txt": TEXT}))
    assert (summary.documents, summary.codes, summary.codings, summary.coders) == (
        1,
        2,
        3,
        ["imported"],
    )
    assert sorted(q for q, _, _ in quotes_and_coders(url)) == sorted(
        [QUOTES[0], QUOTES[1], QUOTES[1]]
    )


@pytest.mark.parametrize("origin", ["ATLAS.ti 23", "MAXQDA 24", "NVivo 14"])
def test_selections_that_only_fit_with_crlf_as_two_characters_are_read_that_way(tmp_path, origin):
    """These tools count \r\n once; a file whose positions count it twice (e.g. converted by a
    script) ends past the text the tools' way, so it is read the other way."""
    last = "Docs are thin."
    body = (codebook(code("c")) + f'<Sources><TextSource guid="{g("doc")}" name="I" plainTextPath="internal://{g("doc")}.txt">'
            + selection(last, True, coding("c")) + "</TextSource></Sources>")  # fmt: skip
    url, summary = imported(tmp_path, archive(project(origin, body), {f"{g('doc')}.txt": TEXT}))
    assert [q for q, _, _ in quotes_and_coders(url)] == [last] and summary.warnings == []


def test_the_import_command_lists_what_it_did_not_keep(tmp_path):
    from click.testing import CliRunner

    from qualcode.cli import cli

    broken = ATLAS.replace(f'startPosition="{span(QUOTES[0], False)[0]}"', 'startPosition="99999"')
    (tmp_path / "a.qdpx").write_bytes(archive(broken, {f"{g('doc')}.txt": TEXT}))
    result = CliRunner().invoke(
        cli, ["import", "qdpx", str(tmp_path / "a.qdpx"), "--db", f"sqlite:///{tmp_path / 'c.db'}"]
    )
    assert result.exit_code == 0, result.output
    assert (
        "not kept: 1 Link, 1 PDFSource, 1 PlainTextSelection or Coding (invalid)" in result.output
    )
    assert "Warning: " in result.output and "lies outside the text" in result.output
