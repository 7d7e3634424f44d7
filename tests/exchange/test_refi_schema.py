"""Every .qdpx and .qdc qualcode writes validates against the REFI-QDA schemas, whatever the project
holds: tiny and huge numbers, NaN and infinity, impossible dates, emoji and control characters,
empty codebooks. Re-exporting an import of such a project gives the same bytes."""

import io
import math
import zipfile
from xml.etree import ElementTree as ET

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from qualcode.codebook import store as codebook_store
from qualcode.codebook.schema import parse_codebook
from qualcode.coding.codings import add_coding
from qualcode.exchange.refi_codebook import qdc_bytes, read_qdc
from qualcode.exchange.refi_project import export_qdpx
from qualcode.exchange.refi_project_import import import_qdpx
from qualcode.ingest.participants import get_or_create_participant
from qualcode.project import create_project, current_project, get_or_create_coder
from qualcode.store import session_scope
from qualcode.store.models import Document, Memo
from tests.exchange.refi_schemas import assert_valid_qdc, assert_valid_qdpx

NS = "{urn:QDA-XML:project:1.0}"


def export(url, warnings=None) -> bytes:
    with session_scope(url) as session:
        return export_qdpx(session, current_project(session), warnings)


def values_of(data: bytes) -> dict[str, list[str]]:
    """Variable name -> the value texts written for it."""
    root = ET.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("project.qde"))
    names = {v.get("guid"): v.get("name") for v in root.iter(f"{NS}Variable")}
    out: dict[str, list[str]] = {}
    for value in root.iter(f"{NS}VariableValue"):
        out.setdefault(names[value.find(f"{NS}VariableRef").get("targetGUID")], []).append(
            value[1].text
        )
    return out


def small_project(url, attributes: list[dict], date: str | None, codebook: dict | None) -> None:
    with session_scope(url) as session:
        project = create_project(session, "Schema ✓")
        if codebook is not None:
            codebook_store.import_spec(session, project, parse_codebook(codebook))
        for n, attrs in enumerate(attributes, 1):
            person = get_or_create_participant(session, project, f"P{n}")
            person.attributes = attrs
            session.add(person)
            session.flush()
            session.add(Document(project_id=project.id, participant_id=person.id, title=f"Interview {n}",
                                 text="Some text 🤗 here.", interview_date=date))  # fmt: skip


def test_the_demo_project_and_codebook_are_schema_valid(demo_url):
    assert_valid_qdpx(export(demo_url))
    with session_scope(demo_url) as session:
        book = codebook_store.get_codebook(session, current_project(session))
        assert_valid_qdc(qdc_bytes(codebook_store.to_spec(session, book)))


def test_numbers_are_written_in_decimal_notation(sqlite_url):
    small_project(sqlite_url, [{"rate": 1e-7}, {"rate": 0.00001}, {"rate": 3.0}], None, None)
    data = export(sqlite_url)
    assert_valid_qdpx(data)
    assert values_of(data)["rate"] == ["0.0000001", "0.00001", "3.0"]


def test_nan_and_infinity_are_left_out_with_a_warning(sqlite_url):
    small_project(
        sqlite_url, [{"score": math.nan}, {"score": math.inf}, {"score": 2.5}], None, None
    )
    warnings: list[str] = []
    data = export(sqlite_url, warnings)
    assert_valid_qdpx(data)
    assert values_of(data)["score"] == ["2.5"]
    assert len([w for w in warnings if "'score'" in w and "left out" in w]) == 2


def test_an_impossible_date_is_left_out_with_a_warning(sqlite_url):
    small_project(sqlite_url, [{}], "2022-13-01", None)
    warnings: list[str] = []
    data = export(sqlite_url, warnings)
    assert_valid_qdpx(data)
    assert "interview_date" not in values_of(data)
    assert warnings == [
        "document 'Interview 1': interview date '2022-13-01' is not a calendar date (YYYY-MM-DD); left out"
    ]


def test_an_empty_codebook_gives_valid_files_and_comes_back_empty(sqlite_url, tmp_path):
    empty = {"name": "Nothing yet", "codes": []}
    small_project(sqlite_url, [{}], None, empty)
    data = export(sqlite_url)
    assert_valid_qdpx(data)
    qdc = qdc_bytes(parse_codebook(empty))
    assert_valid_qdc(qdc)
    (tmp_path / "e.qdc").write_bytes(qdc)
    back = read_qdc(tmp_path / "e.qdc")
    assert (back.codes, back.groups, back.name) == ([], [], "Nothing yet")


texts = st.text(
    st.characters(codec="utf-8"), max_size=12
)  # emoji, control characters, surrogates out
numbers = st.one_of(
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e-7, 0.00001, -0.0, 1e300]),
)
attribute_values = st.one_of(numbers, texts, st.booleans(), st.lists(texts, max_size=3))
dates = st.one_of(
    st.none(), st.sampled_from(["2022-13-01", "2022-02-30", "2022-07-05", "July 2022"])
)
names = st.text(st.characters(codec="utf-8", min_codepoint=32), min_size=1, max_size=10).filter(
    lambda s: s.strip()
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # each example builds two databases
)  # fmt: skip
@given(
    attributes=st.lists(
        st.dictionaries(st.sampled_from(["a", "b", "c"]), attribute_values, max_size=3),
        min_size=1,
        max_size=3,
    ),
    date=dates,
    code_names=st.lists(names, max_size=3, unique_by=str.casefold),
    memo=texts,
    title=st.one_of(st.just(""), names),
)
@example(  # NaN beside a whole number: the variable stays Integer both ways
    attributes=[{"c": math.nan}, {"c": 9688713087}],
    date=None,
    code_names=["x"],
    memo="m",
    title="",
)
@example(  # a variable whose only value cannot be written, a memo of one line break
    attributes=[{"a": False, "b": math.inf, "c": "\x01]"}],
    date=None,
    code_names=["\x90ÐC"],
    memo="\n",
    title="",
)
def test_any_project_exports_schema_valid_and_reexports_identically(
    tmp_path_factory, attributes, date, code_names, memo, title
):
    folder = tmp_path_factory.mktemp("h")
    url = f"sqlite:///{folder / 'a.db'}"
    codebook = {
        "name": "H",
        "codes": [{"key": f"c{i}", "name": n} for i, n in enumerate(code_names)],
    }
    small_project(url, attributes, date, codebook)
    with session_scope(url) as session:
        project = current_project(session)
        coder = get_or_create_coder(session, project, "ana")
        document = session.get(Document, 1)
        for code in codebook_store.codes(session, codebook_store.get_codebook(session, project)):
            add_coding(session, document, coder, code, 0, 4, memo)
        if memo.strip():
            session.add(Memo(project_id=project.id, target="document", target_id=1, start=0, end=4,
                             text=memo, title=title, author="someone else"))  # fmt: skip
    first = export(url)
    assert_valid_qdpx(first)
    with session_scope(url) as session:
        book = codebook_store.get_codebook(session, current_project(session))
        assert_valid_qdc(qdc_bytes(codebook_store.to_spec(session, book)))
    other = f"sqlite:///{folder / 'b.db'}"
    with session_scope(other) as session:
        import_qdpx(session, first, "h.qdpx")
    assert members(export(other)) == members(first)


def members(data: bytes) -> dict[str, str]:
    """The archive's members as text (a failing comparison shows where they differ)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
