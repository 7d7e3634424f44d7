"""After `deid apply`, the original name is in no export, table, package or backup (without
--include-mapping), nor in the bytes of the SQLite database and its -wal file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import select

from qualcode.cli import cli
from qualcode.project import current_project
from qualcode.store import get_engine, session_scope
from qualcode.store.models import Code, Coding, Document, Memo, Participant, SpeakerTurn
from qualcode.survey.instrument import parse_instrument
from qualcode.survey.responses import enter, save_page, submit
from qualcode.survey.surveys import create_survey, set_status
from tests.small_study import build_small_study

NAME = "Zoë Müller"
TRACES = (
    "Müller",
    "Muller",
    "M\\u00fcller",
    "Zo\\u00eb",
    "Zoë",
    "zoe_",
)  # plain, folded, JSON-escaped


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _texts(data: bytes) -> list[str]:
    """The file's text, or the text of every member of a zip (xlsx, qdpx, package, backup)."""
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [t for name in archive.namelist() for t in _texts(archive.read(name))]
    return [data.decode("utf-8", errors="replace")]


def _leaks(data: bytes) -> list[str]:
    return [
        trace for text in _texts(data) for trace in TRACES if trace.casefold() in text.casefold()
    ]


SURVEY = {
    "slug": "followup",
    "title": "Follow-up",
    "open_link": True,
    "pages": [{"title": "You", "questions": [
        {"id": "role", "type": "single", "text": "Role", "options": ["Dev", "Researcher"], "other": True},
        {"id": "note", "type": "long_text", "text": "Anything else?"},
    ]}],
}  # fmt: skip


def _survey_answered_with_the_name(session, project) -> None:
    """A respondent names the interviewee in an open answer and in an "other" answer."""
    survey = create_survey(session, project, parse_instrument(SURVEY))
    set_status(session, survey, "open")
    entry = enter(session, "followup")
    errors = save_page(session, entry, 0, {"role": "Other (please specify)",
                                           "note": f"Ask {NAME} about it"},
                       {"role": f"{NAME}'s intern"})  # fmt: skip
    assert errors == {} and submit(session, entry) == {}


@pytest.fixture
def applied(sqlite_url):
    """The small study with a name everywhere a name can be, de-identified with the CLI."""
    build_small_study(sqlite_url)
    with session_scope(sqlite_url) as session:
        project = current_project(session)
        document = session.exec(select(Document).where(Document.title == "P1.txt")).one()
        document.text = f"{NAME}: aaaa bbbb cccc dddd\n\nInterviewer: eeee ffff, {NAME}?"
        document.title, document.source_name = f"Interview {NAME}", "zoe_muller.docx"
        session.add(SpeakerTurn(document_id=document.id, seq=0, speaker=NAME, role="participant",
                                start=0, end=31))  # fmt: skip
        participant = session.get(Participant, document.participant_id)
        participant.attributes = {**participant.attributes, "name": NAME, "team": f"{NAME}'s team"}
        session.add(Memo(project_id=project.id, target="document", target_id=document.id,
                         title=f"About {NAME}", text=f"{NAME} hesitated."))  # fmt: skip
        for coding in session.exec(select(Coding).where(Coding.document_id == document.id)):
            coding.memo = f"{NAME} said so"
        code = session.exec(select(Code).where(Code.key == "a")).one()
        code.examples = [f"as {NAME} put it"]
        _survey_answered_with_the_name(session, project)
    _run("deid", "propose", "--term", f"{NAME}:person", "--db", sqlite_url)
    for line in _run("deid", "list", "--db", sqlite_url).splitlines()[1:]:
        _run("deid", "decide", line.split(",")[0], "accept", "--db", sqlite_url)
    _run("deid", "apply", "--db", sqlite_url)
    return sqlite_url


def test_the_name_was_there_to_find(applied):
    with session_scope(applied) as session:
        text = session.exec(select(Document).where(Document.title == "Interview [P1]")).one().text
    assert "[P1]" in text and "Müller" not in text


EXPORTS = [
    ("codings", "export"), ("retrieve", "a", "b", "c"), ("report", "code-table", "--format", "csv"),
    ("report", "code-table", "--format", "md"), ("report", "code-table", "--format", "latex"),
    ("report", "code-table", "--format", "html"), ("report", "code-table", "--format", "json"),
    ("report", "matrix", "--format", "csv"), ("agree", "--format", "csv"), ("agree", "--format", "json"),
    ("memo", "list", "--json"), ("deid", "list"), ("codebook", "export", "--format", "yaml"),
    ("speakers", "list", "Interview [P1]"), ("survey", "summary", "followup"),
]  # fmt: skip


@pytest.mark.parametrize("command", EXPORTS, ids=" ".join)
def test_no_printed_export_holds_the_name(applied, command):
    assert _leaks(_run(*command, "--db", applied).encode("utf-8")) == []


FILES = [
    ("report", "code-table", "--format", "xlsx", "--out", "{out}.xlsx"),
    ("report", "framework-matrix", "--out", "{out}.xlsx"),
    ("report", "framework-matrix", "--out", "{out}.csv"), ("retrieve", "a", "--out", "{out}.csv"),
    ("export", "qdpx", "{out}.qdpx"), ("package", "{out}.zip"), ("backup", "{out}.zip"),
    ("survey", "export", "followup", "--format", "csv", "--out", "{out}.csv"),
    ("survey", "export", "followup", "--format", "xlsx", "--out", "{out}.xlsx"),
    ("survey", "export", "followup", "--format", "sav", "--out", "{out}.sav"),
]  # fmt: skip


@pytest.mark.parametrize("command", FILES, ids=lambda c: " ".join(c[:2]) + c[-1][-5:])
def test_no_export_file_holds_the_name(applied, tmp_path, command):
    out = str(tmp_path / "export")
    args = [part.format(out=out) for part in command]
    _run(*args, "--db", applied)
    written = next(Path(p) for p in args if p.startswith(out))
    assert _leaks(written.read_bytes()) == []


def test_the_mapping_leaves_only_on_request(applied, tmp_path):
    _run("deid", "mapping", "--out", str(tmp_path / "map.csv"), "--db", applied)
    assert NAME in (tmp_path / "map.csv").read_text(encoding="utf-8")
    assert NAME in _run("deid", "list", "--show-originals", "--db", applied)
    _run("backup", str(tmp_path / "with.zip"), "--include-mapping", "--db", applied)
    assert _leaks((tmp_path / "with.zip").read_bytes())


def test_a_backup_with_the_mapping_restores_it(applied, tmp_path):
    _run("backup", str(tmp_path / "with.zip"), "--include-mapping", "--db", applied)
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    _run("restore", str(tmp_path / "with.zip"), "--db", target)
    _run("deid", "mapping", "--out", str(tmp_path / "map.csv"), "--db", target)
    assert NAME in (tmp_path / "map.csv").read_text(encoding="utf-8")


def test_the_database_file_and_its_wal_hold_no_original(applied):
    engine = get_engine(applied)
    with engine.connect() as held:  # the app keeps a connection open meanwhile
        held.exec_driver_sql("SELECT count(*) FROM document").all()
        path = Path(engine.url.database)
        files = [path, path.with_name(path.name + "-wal")]
        for file in files:
            if file.exists():
                assert _leaks(file.read_bytes()) == [], file


def test_apply_names_the_upgrade_copies_that_still_hold_the_original(sqlite_url, tmp_path):
    build_small_study(sqlite_url)
    with session_scope(sqlite_url) as session:
        document = session.exec(select(Document).where(Document.title == "P1.txt")).one()
        document.text = f"{NAME}: aaaa bbbb cccc dddd"
    database = Path(get_engine(sqlite_url).url.database)
    copy = database.with_name(f"{database.name}.before-0008.bak")  # as a schema upgrade names it
    copy.write_bytes(database.read_bytes())
    _run("deid", "propose", "--term", f"{NAME}:person", "--db", sqlite_url)
    for line in _run("deid", "list", "--db", sqlite_url).splitlines()[1:]:
        _run("deid", "decide", line.split(",")[0], "accept", "--db", sqlite_url)
    result = CliRunner().invoke(cli, ["deid", "apply", "--db", sqlite_url])
    assert result.exit_code == 0
    assert f"warning: {copy} was set aside by a schema upgrade" in result.stderr
