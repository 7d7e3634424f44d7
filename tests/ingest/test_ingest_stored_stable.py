"""Word and PDF transcripts are stored exactly as before the readers were made lean in memory:
the same text, turns (speaker, role, offsets, time), memos and metadata, byte for byte.

The hashes were recorded on main (a6261a5) before the change; a differing hash is a regression
unless the reader's behaviour was meant to change (then record the new hash after checking why)."""

from __future__ import annotations

import hashlib
import json

import pytest
from ingest_files import REAL_TRANSCRIPTS, REV_PARAGRAPHS, docx_bytes, pdf_pages_bytes
from sqlmodel import select

from qualcode.ingest.documents import ImportOptions, import_bytes
from qualcode.project import create_project, current_project
from qualcode.store import session_scope
from qualcode.store.models import Document, Memo, SpeakerTurn

PROTOCOL = REAL_TRANSCRIPTS.parent / "interview_protocol.docx"
PDF_PAGES = [
    ["Interview P7 - remote call", "Interviewer: Could you show me the\tdashboard you",
     "use? Then stop sharing when done.", "Participant: Sure, this is our pre-",
     "processing step and the eval-", "uation report. It is pre-trained.", "Page 1 of 2"],
    ["Interview P7 - remote call", "Interviewer: Anything else about the pre-",
     "trained models?", "Participant: No. Ünïcödé stays.", "Page 2 of 2"],
]  # fmt: skip
GENERATED = {
    "rev_memos.docx": lambda: docx_bytes(
        ["Name: rev_memos", "Created On: 2 July 2022", "", *REV_PARAGRAPHS]
    ),
    "otter.docx": lambda: docx_bytes(
        [
            "Model reuse interview",
            "Emma Lee  0:03",
            "How do you pick?",
            "Dan  0:10",
            "Downloads.\tTabs, and\u00a0spaces  ",
            "",
            "Transcribed by https://otter.ai",
        ]
    ),  # fmt: skip
    "named.docx": lambda: docx_bytes(
        [
            "Interview P4 - remote call",
            "Ann: Hello there.",
            "it goes on",
            "Ben: [00:05] Hi",
            "Ann: Bye 😀 =SUM(A1)",
        ],
        tables=[[["Note", "kept"], ["as", "text"]]],
    ),  # fmt: skip
    "table.docx": lambda: docx_bytes(
        [],
        tables=[
            [
                ["Speaker", "Time", "Text"],
                ["Ann", "00:01", "Hi"],
                ["Ben", "[00:04]", "Yo"],
                ["Ann", "0:09", "Line one\nline two"],
            ]
        ],
    ),  # fmt: skip
    "form.docx": lambda: docx_bytes(
        [
            "Protocol v2",
            "Question: Which models?",
            "Answer: BERT.",
            "Why?",
            "Answer: Cheap, since the card says the model is small and the licence is fine.",
            "Annotations",
            "1 cheap",
        ]
    ),  # fmt: skip
    "plain.pdf": lambda: pdf_pages_bytes(PDF_PAGES),
    "numbered.pdf": lambda: pdf_pages_bytes(PDF_PAGES * 3, margin_numbers=True),
}
EXPECTED = {
    "Interview-01-20200703.docx": "602792cf4b39b15a",
    "Interview-02-20220704.docx": "4f0745a8ee831d57",
    "Interview-03-20220710.docx": "593ef9334c56c0ab",
    "Interview-04-20220715.docx": "385c14b4c7d4f6d3",
    "Interview-05-20220715.docx": "3b99b8681422bb2a",
    "Interview-06-20220719.docx": "018181f02fe1e8d4",
    "Interview-07-20220719.docx": "2dc56126a895bc26",
    "Interview-08-20220727.docx": "33cf0adc7d272f7f",
    "Interview-09-20220802.docx": "060973e7d7ac4d07",
    "Interview-10-20220803.docx": "c16fe65e949c4051",
    "Interview-11-20220804.docx": "77d3e8d1e6919fe7",
    "Interview-12-20220805.docx": "84e28d0e02135a0b",
    "interview_protocol.docx": "ab16f769dce57769",
    "rev_memos.docx": "f9c06819deb8badc",
    "otter.docx": "0dd4e4ed55ce44f4",
    "named.docx": "6354099e084bfbfb",
    "table.docx": "88cd7e2bb12260d2",
    "form.docx": "1b2308fe2992e217",
    "plain.pdf": "aadf42cff6ada7aa",
    "numbered.pdf": "10da31bb20b5a6f1",
}


def stored(url: str, document_id: int) -> str:
    """A hash of everything stored for one document: its row, its turns and its memos."""
    with session_scope(url) as session:
        document = session.get(Document, document_id)
        turns = session.exec(
            select(SpeakerTurn)
            .where(SpeakerTurn.document_id == document_id)
            .order_by(SpeakerTurn.seq)
        )
        memos = session.exec(select(Memo).where(Memo.target_id == document_id).order_by(Memo.id))
        record = [
            document.title, document.source_name, document.format, document.text,
            document.interview_date, document.meta,
            [(t.seq, t.speaker, t.role, t.start, t.end, t.timestamp) for t in turns],
            [(m.target, m.start, m.end, m.author, m.title, m.text) for m in memos],
        ]  # fmt: skip
    return hashlib.sha256(json.dumps(record, ensure_ascii=False).encode()).hexdigest()[:16]


def cases() -> dict[str, bytes]:
    """The study's real Word files (transcripts and the filled-in protocol) and small files in
    every layout the two readers know."""
    files = {path.name: path.read_bytes() for path in sorted(REAL_TRANSCRIPTS.glob("*.docx"))}
    if PROTOCOL.is_file():
        files[PROTOCOL.name] = PROTOCOL.read_bytes()
    return {**files, **{name: make() for name, make in GENERATED.items()}}


@pytest.fixture(scope="module")
def digests(tmp_path_factory) -> dict[str, str]:
    """Each file imported into one project, as `qualcode import transcripts` stores it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('stable') / 'study.db'}"
    with session_scope(url) as session:
        create_project(session, "Stable")
    found = {}
    for name, data in cases().items():
        with session_scope(url) as session:
            result = import_bytes(session, current_project(session), name, data, ImportOptions())
        found[name] = stored(url, result.document_id)
    return found


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_stored_document_is_unchanged(digests, name):
    assert digests[name] == EXPECTED[name]
