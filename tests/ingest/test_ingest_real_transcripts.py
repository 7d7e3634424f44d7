"""The 12 real transcripts of the PTM reuse study import faithfully (read from ../shared/data)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

import pytest
from click.testing import CliRunner
from ingest_files import REAL_TRANSCRIPTS
from sqlmodel import select

from qualcode.cli import cli
from qualcode.ingest.documents import document_turns, list_documents
from qualcode.ingest.readers import read_transcript
from qualcode.ingest.transcript import count_words
from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.store.models import Memo, Participant

FILES = sorted(REAL_TRANSCRIPTS.glob("Interview-*.docx"))


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('real') / 'study.db'}"
    runner = CliRunner()
    assert runner.invoke(cli, ["init", "--db", url]).exit_code == 0
    result = runner.invoke(
        cli,
        ["import", "transcripts", *map(str, FILES), "--participant-pattern", r"Interview-(\d+)",
         "--participant-format", "P{}", "--db", url, "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return url, json.loads(result.output)


def test_the_twelve_files_are_there():
    assert len(FILES) == 12, f"expected the 12 real transcripts in {REAL_TRANSCRIPTS}"


def test_all_twelve_import_with_participants_p1_to_p12(imported):
    _, records = imported
    assert [r["participant"] for r in records] == [f"P{i}" for i in range(1, 13)]


def test_records_carry_the_contract_fields(imported):
    _, records = imported
    assert set(records[0]) == {
        "file",
        "document_id",
        "participant",
        "format",
        "turns",
        "speakers",
        "words",
        "memos",
        "warnings",
    }


def test_documents_link_to_their_participants(imported):
    url, _ = imported
    with session_scope(url) as session:
        labels = {p.id: p.label for p in session.exec(select(Participant))}
        linked = {
            d.source_name[:12]: labels[d.participant_id]
            for d in list_documents(session, current_project(session))
        }
    assert linked["Interview-05"] == "P5" and linked["Interview-12"] == "P12"


def test_files_05_to_12_yield_memos(imported):
    _, records = imported
    assert all(r["memos"] >= 25 for r in records[4:])


def test_every_memo_is_anchored(imported):
    url, _ = imported
    with session_scope(url) as session:
        memos = list(session.exec(select(Memo)))
    assert memos and all(m.start is not None for m in memos)


def test_no_memo_text_lands_in_a_turn(imported):
    url, _ = imported
    with session_scope(url) as session:
        for document in list_documents(session, current_project(session)):
            memos = session.exec(select(Memo).where(Memo.target_id == document.id))
            turns_text = "\n".join(
                document.text[t.start : t.end] for t in document_turns(session, document)
            )
            assert "Annotations" not in document.text
            for memo in memos:
                first_line = memo.text.split("\n")[0]
                if len(first_line) > 25:  # short lines ("Role:") may also occur in speech
                    assert first_line not in turns_text, (document.title, memo.title)


def test_anchor_digits_leave_the_text(imported):
    url, _ = imported
    with session_scope(url) as session:
        texts = {
            d.source_name[:12]: d.text for d in list_documents(session, current_project(session))
        }
    assert (
        "their performance." in texts["Interview-01"]
        and "performance6" not in texts["Interview-01"]
    )
    assert (
        "HuggingFace model hub." in texts["Interview-02"] and "hub.1" not in texts["Interview-02"]
    )
    assert "GPT-2" in texts["Interview-06"] and "ec2" in texts["Interview-02"]


def test_interview_01_yields_question_and_answer_turns(imported):
    url, records = imported
    assert records[0]["format"] == "form"
    with session_scope(url) as session:
        document = list_documents(session, current_project(session))[0]
        turns = document_turns(session, document)
        pairs = [(t.speaker, t.role, document.text[t.start : t.end]) for t in turns]
    assert (
        "Interviewer",
        "interviewer",
        "Could you briefly describe your role in your team?",
    ) in pairs
    assert ("Participant", "participant", "TechLead") in pairs


def test_word_counts_add_up(imported):
    url, records = imported
    with session_scope(url) as session:
        for document, record in zip(
            list_documents(session, current_project(session)), records, strict=True
        ):
            turns = document_turns(session, document)
            assert record["words"] == count_words(document.text)
            assert (
                sum(count_words(document.text[t.start : t.end]) for t in turns) == record["words"]
            )


def test_rev_speakers_and_roles(imported):
    url, _ = imported
    with session_scope(url) as session:
        document = list_documents(session, current_project(session))[10]
        roles = {t.speaker: t.role for t in document_turns(session, document)}
    assert roles == {"Speaker 1": "interviewer", "Speaker 2": "participant", "David": "participant"}


def test_markers_listed_per_document(imported):
    url, _ = imported
    with session_scope(url) as session:
        document = list_documents(session, current_project(session))[10]
        markers = document.meta["markers"]
    assert markers and all(document.text[m["start"] : m["end"]] == m["text"] for m in markers)
    assert markers[0]["text"] == "[inaudible 00:00:45]"


def raw_docx_text(path) -> str:
    """The file's paragraphs and table cells as python-docx reads them (memo digits still in)."""
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return unicodedata.normalize("NFC", "\n".join(parts))


def glued_numbers(raw: str, passage: str, labels: set[int]) -> set[int]:
    """Memo numbers glued right after the passage's last 40 characters in the raw file (directly,
    or after the next "Speaker 1:" label, where Rev puts some anchors): "12", "5,6", or two
    anchors run together such as "2625"."""
    tail = re.escape(passage[-40:])
    found: set[int] = set()
    for match in re.finditer(tail + r"(?:\n[^\n:]{1,40}:)?(\d{1,4}(?:,\d{1,3})*)", raw):
        token = match.group(1)
        if "," in token or int(token) in labels:
            found.update(int(n) for n in token.split(","))
        else:
            found.update(
                n
                for i in range(1, len(token))
                if {int(token[:i]), int(token[i:])} <= labels
                for n in (int(token[:i]), int(token[i:]))
            )
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:12])
def test_each_memo_anchors_the_passage_its_number_closes(path):
    parsed = read_transcript(path)
    raw = raw_docx_text(path)
    labels = {int(m.label.removeprefix("Memo ")) for m in parsed.memos}
    shared = Counter((m.start, m.end) for m in parsed.memos)
    for memo in parsed.memos:
        number = int(memo.label.removeprefix("Memo "))
        numbers = glued_numbers(raw, parsed.text[memo.start : memo.end], labels)
        assert number in numbers, (memo.label, parsed.text[memo.end - 40 : memo.end], numbers)
        if shared[(memo.start, memo.end)] > 1:  # only where the file glues "5,6" to one passage
            assert len(numbers) == shared[(memo.start, memo.end)], memo.label
