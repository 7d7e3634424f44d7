"""The sample study's stored texts and turn offsets do not move (its codings CSVs depend on them)."""

from __future__ import annotations

import hashlib

import pytest
from sqlmodel import select

from qualcode.sample import SAMPLE_DIR
from qualcode.store import session_scope
from qualcode.store.models import Document, SpeakerTurn

# file -> (sha256 of the file, sha256 of the stored text, number of turns), recorded on main before
# the readers were extended; a changed sample file needs a new entry, a changed text is a regression.
EXPECTED = {
    "interview_p1_2022-07-05.docx": ("93a61ef8eadbd144", "42bf34e3b92f628c", 16),
    "interview_p2_2022-07-12.docx": ("5783bd2cb4d2a949", "d8e2aedc56e71fcf", 15),
    "interview_p3_2022-07-19.vtt": ("a0d28058555f23e3", "e7a3e4fe4a0e634c", 17),
    "interview_p4_2022-07-26.txt": ("5bdb66754f46b4e9", "7482e44a6c934d64", 17),
    "interview_p5_2022-08-02.vtt": ("0fbcbf6438ef941f", "d98da3693f296980", 18),
}


def short_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_text_is_unchanged(demo_url, name):
    file_hash, text_hash, turns = EXPECTED[name]
    if short_hash((SAMPLE_DIR / name).read_bytes()) != file_hash:
        pytest.fail(
            f"{name} changed: record its new expected text hash here after checking its codings"
        )
    with session_scope(demo_url) as session:
        document = session.exec(select(Document).where(Document.source_name == name)).one()
        count = len(
            list(session.exec(select(SpeakerTurn).where(SpeakerTurn.document_id == document.id)))
        )
        assert (short_hash(document.text.encode()), count) == (text_hash, turns)
