"""Property-based: any bytes, and near-valid transcripts, give a result or the project's own error."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_files import REV_PARAGRAPHS, docx_bytes

from qualcode.errors import ValidationError
from qualcode.ingest.readers import READERS, read_bytes
from qualcode.ingest.readers.answers_reader import read_answers
from qualcode.ingest.transcript import ParsedTranscript

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VALID_TXT = "Interviewer: What do you reuse?3\nP1: BERT, mostly [inaudible 00:01:02].4\n\nAnnotations\n3 q\n4 a\n- more\n"
VALID_VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>Hi?</v>\n\n00:00:03.000 --> 00:00:04.000\nBen: ok\n"
VALID_SRT = (
    "1\n00:00:01,000 --> 00:00:02,000\nAna: Hi?\n\n2\n00:00:03,000 --> 00:00:04,000\nBen: ok\n"
)
VALID_OTTER = "Ana  0:01\nWhat?\n\nBen  0:05\nThat.\n"


def outcome(call):
    try:
        result = call()
    except ValidationError:
        return "refused"
    return result


@pytest.mark.parametrize("fmt", sorted(READERS))
@FAST
@given(data=st.binary(max_size=2000))
def test_random_bytes(fmt, data):
    result = outcome(lambda: read_bytes(f"x.{fmt}", data, fmt))
    assert result == "refused" or isinstance(result, ParsedTranscript)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@FAST
@given(data=st.binary(max_size=2000))
def test_random_bytes_answers(fmt, data):
    result = outcome(lambda: read_answers(f"x.{fmt}", data, fmt, "id", "text"))
    assert result == "refused" or isinstance(result, list)


def mutate(text: str, draw_data) -> str:
    """Delete, duplicate or insert characters at random places."""
    chars = list(text)
    for _ in range(draw_data.draw(st.integers(0, 8))):
        if not chars:
            break
        at = draw_data.draw(st.integers(0, len(chars) - 1))
        action = draw_data.draw(st.sampled_from(["drop", "dup", "insert"]))
        if action == "drop":
            del chars[at]
        elif action == "dup":
            chars.insert(at, chars[at])
        else:
            chars.insert(
                at, draw_data.draw(st.sampled_from(list(":\n-> 0123456789[]<v>\ufeff\x00é")))
            )
    return "".join(chars)


@pytest.mark.parametrize(
    ("fmt", "valid"),
    [
        ("txt", VALID_TXT),
        ("vtt", VALID_VTT),
        ("srt", VALID_SRT),
        ("otter", VALID_OTTER),
        ("auto", VALID_TXT),
    ],
)
@FAST
@given(draw_data=st.data())
def test_near_valid_text(fmt, valid, draw_data):
    text = mutate(valid, draw_data)
    encoding = draw_data.draw(st.sampled_from(["utf-8", "utf-16", "cp1252"]))
    data = text.encode(encoding, errors="replace")
    result = outcome(lambda: read_bytes(f"x.{fmt}", data, fmt))
    assert result == "refused" or isinstance(result, ParsedTranscript)
    if isinstance(result, ParsedTranscript):
        assert all(0 <= t.start <= t.end <= len(result.text) for t in result.turns)
        assert all(
            m.start is None or 0 <= m.start <= m.end <= len(result.text) for m in result.memos
        )


@settings(max_examples=25, deadline=None)
@given(draw_data=st.data())
def test_near_valid_docx(draw_data):
    paragraphs = [mutate(p, draw_data) for p in REV_PARAGRAPHS]
    data = docx_bytes([p.replace("\x00", "") for p in paragraphs])
    cut = draw_data.draw(st.sampled_from([None, len(data) // 2, len(data) - 10]))
    result = outcome(lambda: read_bytes("x.docx", data[:cut] if cut else data))
    assert result == "refused" or isinstance(result, ParsedTranscript)
