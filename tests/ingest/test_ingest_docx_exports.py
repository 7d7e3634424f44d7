"""Word exports of transcription tools: Otter and Teams layouts, tool lines as header or footer,
margin line numbers in pasted text."""

from __future__ import annotations

from ingest_files import REV_PARAGRAPHS, docx_bytes

from qualcode.ingest.readers import read_bytes


def turns(parsed):
    return [(t.speaker, t.timestamp, parsed.text[t.start : t.end]) for t in parsed.turns]


def test_otter_word_export_reads_name_and_time_paragraphs():
    paragraphs = ["Model reuse interview", "Emma Lee  0:03", "How do you pick?", "Dan  0:10",
                  "Downloads.", "", "Transcribed by https://otter.ai"]  # fmt: skip
    parsed = read_bytes("otter.docx", docx_bytes(paragraphs))
    assert turns(parsed) == [("Emma Lee", 3, "How do you pick?"), ("Dan", 10, "Downloads.")]
    assert parsed.meta["footer"] == "Transcribed by https://otter.ai"


def test_teams_word_export_keeps_its_notes_out_of_the_turns():
    paragraphs = ["Lena Park started transcription", "Lena Park   0:04", "Shall we start?",
                  "Omar Haddad   0:09", "Yes, please.", "Lena Park stopped transcription"]  # fmt: skip
    parsed = read_bytes("teams.docx", docx_bytes(paragraphs))
    assert turns(parsed) == [
        ("Lena Park", 4, "Shall we start?"),
        ("Omar Haddad", 9, "Yes, please."),
    ]
    assert parsed.meta["tool_header"] == "Lena Park started transcription"
    assert parsed.meta["footer"] == "Lena Park stopped transcription"


def test_rev_word_export_footer_is_no_speech():
    parsed = read_bytes("rev.docx", docx_bytes([*REV_PARAGRAPHS[:8], "Transcript by Rev.com"]))
    assert "Rev.com" not in parsed.text and parsed.meta["footer"] == "Transcript by Rev.com"


def test_margin_numbers_in_pasted_word_text_leave_it():
    lines = ["Interviewer: Tell me about the", "model you use.", "Participant: A small one that",
             "runs on laptops.", "Interviewer: Thanks."]  # fmt: skip
    parsed = read_bytes("pasted.docx", docx_bytes([f"{n} {x}" for n, x in enumerate(lines, 1)]))
    assert [t[2] for t in turns(parsed)] == [
        "Tell me about the\nmodel you use.", "A small one that\nruns on laptops.", "Thanks.",
    ]  # fmt: skip
    assert parsed.memos == []
