"""Bad files get a clear message naming the file; the others still import; nothing partial is stored."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from click.testing import CliRunner
from ingest_files import REV_PARAGRAPHS, docx_bytes

from qualcode.cli import cli
from qualcode.errors import ValidationError
from qualcode.ingest.documents import ImportOptions, import_bytes, list_documents
from qualcode.ingest.readers import read_bytes
from qualcode.project import current_project
from qualcode.store import session_scope


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("blank.txt", b"  \n\n ", "blank.txt: the file is empty"),
        ("noise.txt", bytes(range(256)) * 20, "noise.txt: binary data"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "broken.docx: not a valid archive"),
        ("bomb.docx", zip_bomb(), "bomb.docx: archive member 'word/document.xml' expands"),
        ("image.docx", b"\x89PNG\r\n\x1a\n....", "image.docx: the content is not a docx file"),
        ("x.pdf", b"%PDF-1.4 garbage", "x.pdf: not a readable PDF"),
        ("x.vtt", b"WEBVTT\n\nno cues here\n", "x.vtt: no cues with timings found"),
    ],
)
def test_bad_file_has_clear_message(name, data, message):
    with pytest.raises(ValidationError, match=message.replace(".", r"\.")):
        read_bytes(name, data)


def test_file_over_the_size_limit():
    with pytest.raises(
        ValidationError, match=r"big\.txt: 2\.0 MB is over the upload limit of 1 MB"
    ):
        read_bytes("big.txt", b"Ana: hi\n" * (256 * 1024), max_mb=1)


def test_size_limit_comes_from_settings(project_url, monkeypatch):
    monkeypatch.setenv("QUALCODE_MAX_UPLOAD_MB", "1")
    with (
        session_scope(project_url) as session,
        pytest.raises(ValidationError, match="upload limit of 1 MB"),
    ):
        import_bytes(session, current_project(session), "big.txt", b"Ana: hi\n" * (256 * 1024))


def test_identical_file_is_skipped(project_url):
    data = docx_bytes(REV_PARAGRAPHS)
    with session_scope(project_url) as session:
        first = import_bytes(session, current_project(session), "a.docx", data)
    with session_scope(project_url) as session:
        again = import_bytes(session, current_project(session), "copy.docx", data)
        assert again.skipped and again.document_id == first.document_id
        assert "same sha256" in again.warnings[0]
        assert len(list_documents(session, current_project(session))) == 1


def test_skipped_duplicate_reports_the_stored_participant(project_url):
    data = docx_bytes(REV_PARAGRAPHS)
    with session_scope(project_url) as session:
        import_bytes(
            session, current_project(session), "a.docx", data, ImportOptions(participant="P3")
        )
    with session_scope(project_url) as session:
        again = import_bytes(session, current_project(session), "copy.docx", data)
    assert (again.skipped, again.participant) == (True, "P3")


def test_one_bad_file_does_not_stop_the_others(project_url, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Ana: Which model?\nBen: BERT.\n")
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 broken")
    later = tmp_path / "later.txt"
    later.write_text("Ana: Why?\nBen: Speed.\n")
    result = CliRunner().invoke(
        cli,
        ["import", "transcripts", str(good), str(bad), str(later), "--db", project_url, "--json"],
    )
    assert result.exit_code == 1
    records = json.loads(result.output)
    assert [bool(r.get("error")) for r in records] == [False, True, False]
    assert "bad.docx" in records[1]["error"]


def test_failed_file_stores_nothing(project_url):
    with session_scope(project_url) as session, pytest.raises(ValidationError):
        import_bytes(
            session,
            current_project(session),
            "a.csv",
            b"pid,answer\nP1,fine\n,missing id\n",
            ImportOptions(id_column="pid", text_column="answer"),
        )
    with session_scope(project_url) as session:
        assert list_documents(session, current_project(session)) == []
