"""A Rev header and title lines before the first turn are kept as metadata, not text or turns."""

from __future__ import annotations

from ingest_files import REV_PARAGRAPHS, docx_bytes

from qualcode.ingest.documents import import_bytes, list_documents
from qualcode.ingest.readers import read_bytes
from qualcode.ingest.readers.preamble import split_header
from qualcode.project import current_project
from qualcode.store import session_scope

HEADER = [
    "Name: interview_p9",
    "",
    "Created On: 7/6/2022 10:14:02 AM",
    "Created By: KM",
    "Modified On: 7/6/2022 11:40:51 AM",
    "Modified By: KM",
    "Size: 48 KB",
]


def test_rev_header_is_kept_in_meta():
    parsed = read_bytes("rev.docx", docx_bytes(HEADER + REV_PARAGRAPHS))
    assert parsed.meta["header"] == {
        "Name": "interview_p9",
        "Created On": "7/6/2022 10:14:02 AM",
        "Created By": "KM",
        "Modified On": "7/6/2022 11:40:51 AM",
        "Modified By": "KM",
        "Size": "48 KB",
    }


def test_rev_header_leaves_the_text_as_without_it():
    with_header = read_bytes("rev.docx", docx_bytes(HEADER + REV_PARAGRAPHS))
    without = read_bytes("rev.docx", docx_bytes(REV_PARAGRAPHS))
    assert with_header.text == without.text


def test_header_like_line_inside_a_turn_stays_text():
    _, rest = split_header(["Name: P9", "Speaker 1:", "Size: it matters."])
    assert rest == ["Speaker 1:", "Size: it matters."]


def test_line_before_the_first_rev_speaker_is_preamble():
    parsed = read_bytes("rev.docx", docx_bytes(["Interview with P9, 4 July", *REV_PARAGRAPHS]))
    assert parsed.meta["preamble"] == "Interview with P9, 4 July"
    assert parsed.speakers == ["Speaker 1", "Speaker 2"]


def test_stored_document_keeps_header_and_preamble(project_url):
    data = docx_bytes(HEADER + ["Interview with P9", *REV_PARAGRAPHS])
    with session_scope(project_url) as session:
        import_bytes(session, current_project(session), "rev.docx", data)
    with session_scope(project_url) as session:
        meta = list_documents(session, current_project(session))[0].meta
    assert (meta["header"]["Created By"], meta["preamble"]) == ("KM", "Interview with P9")
