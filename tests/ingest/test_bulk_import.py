"""Many files in one transaction (set-based inserts) store exactly what the per-file import stores."""

from pathlib import Path

import pytest
from sqlmodel import select

from qualcode.errors import ValidationError
from qualcode.ingest.bulk import import_transcript_files
from qualcode.ingest.documents import ImportOptions, import_transcript_file, list_documents
from qualcode.project import create_project, current_project
from qualcode.store import session_scope
from qualcode.store.models import AuditEvent, Memo, Participant, SpeakerTurn

SAMPLE = Path(__file__).resolve().parents[2] / "transcripts_sample"
FILES = sorted(SAMPLE.glob("interview_*"))  # docx (with memo blocks), vtt and txt
OPTIONS = ImportOptions(participant_pattern=r"interview_p(\d+)", participant_format="P{}")


@pytest.fixture
def any_project_url(any_url: str) -> str:
    """An empty project on SQLite and on PostgreSQL."""
    with session_scope(any_url) as session:
        create_project(session, "Test study")
    return any_url


def stored(url: str) -> list[tuple]:
    """Every document with its participant, turns and memos, comparable across databases."""
    with session_scope(url) as session:
        project = current_project(session)
        rows = []
        for d in list_documents(session, project):
            turns = session.exec(
                select(SpeakerTurn.seq, SpeakerTurn.speaker, SpeakerTurn.role, SpeakerTurn.start,
                       SpeakerTurn.end, SpeakerTurn.timestamp)
                .where(SpeakerTurn.document_id == d.id).order_by(SpeakerTurn.seq)
            ).all()  # fmt: skip
            memos = session.exec(
                select(Memo.start, Memo.end, Memo.title, Memo.text).where(Memo.target_id == d.id)
            ).all()
            person = session.get(Participant, d.participant_id) if d.participant_id else None
            rows.append((d.title, d.source_name, d.format, d.text, d.interview_date, d.meta,
                         person and person.label, turns, sorted(memos)))  # fmt: skip
        return rows


def test_one_call_stores_what_file_by_file_stores(project_url, sqlite_url, tmp_path):
    with session_scope(project_url) as session:
        results = import_transcript_files(session, current_project(session), FILES, OPTIONS)
    other = f"sqlite:///{tmp_path / 'one_by_one.db'}"
    with session_scope(other) as session:
        project = create_project(session, "Test study")
        singles = [import_transcript_file(session, project, f, options=OPTIONS) for f in FILES]
    assert stored(project_url) == stored(other)
    fields = ("participant", "format", "turns", "speakers", "words", "memos", "warnings")
    assert [[getattr(r, k) for k in fields] for r in results] == [
        [getattr(r, k) for k in fields] for r in singles
    ]
    assert [r.participant for r in results] == ["P1", "P2", "P3", "P4", "P5"]


def test_each_document_is_audited(any_project_url):
    with session_scope(any_project_url) as session:
        results = import_transcript_files(session, current_project(session), FILES, OPTIONS)
    assert stored(any_project_url)[0][0] == "interview_p1_2022-07-05"
    with session_scope(any_project_url) as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.action == "document.import")
        ).all()
    assert sorted(e.entity_id for e in events) == sorted(r.document_id for r in results)
    assert {e.detail["source"] for e in events} == {f.name for f in FILES}


def test_repeated_files_are_skipped_in_and_across_imports(project_url, tmp_path):
    copy = tmp_path / "copy_of_p4.txt"
    copy.write_bytes(FILES[3].read_bytes())
    with session_scope(project_url) as session:
        first = import_transcript_files(
            session, current_project(session), [FILES[3], copy], OPTIONS
        )
    assert not first[0].skipped and first[1].skipped
    assert first[1].document_id == first[0].document_id and first[1].participant == "P4"
    with session_scope(project_url) as session:
        again = import_transcript_files(session, current_project(session), [FILES[3]], OPTIONS)
    assert again[0].skipped and again[0].participant == "P4"
    assert "identical to the stored document" in again[0].warnings[-1]


def test_a_bad_file_anywhere_stores_nothing(any_project_url, tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ValidationError, match="broken.docx"):
        with session_scope(any_project_url) as session:
            import_transcript_files(session, current_project(session), [*FILES, broken], OPTIONS)
    with session_scope(any_project_url) as session:
        assert list_documents(session, current_project(session)) == []
        assert session.exec(select(SpeakerTurn)).all() == []


def test_a_sheet_of_answers_in_the_batch_makes_one_document_per_row(project_url, tmp_path):
    sheet = tmp_path / "answers.csv"
    sheet.write_text(
        "pid,answer\nR1,Licences were unclear.\nR2,The card was empty.\n", encoding="utf-8"
    )
    options = ImportOptions(id_column="pid", text_column="answer")
    with session_scope(project_url) as session:
        results = import_transcript_files(
            session, current_project(session), [sheet, FILES[3]], options
        )
    assert len(results[0].document_ids) == 2 and results[1].turns > 0
