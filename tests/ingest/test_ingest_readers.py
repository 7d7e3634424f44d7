"""Each reader on small files written here: turns, speakers, timestamps, memos."""

from __future__ import annotations

import io

import pytest
from ingest_files import REAL_TRANSCRIPTS, REV_PARAGRAPHS, docx_bytes, pdf_bytes

from qualcode.errors import ValidationError
from qualcode.ingest.readers import detect_format, read_bytes
from qualcode.ingest.readers.answers_reader import read_answers
from qualcode.ingest.readers.docx_reader import paragraphs
from qualcode.ingest.transcript import count_words


def turn_texts(parsed):
    return [(t.speaker, parsed.text[t.start : t.end]) for t in parsed.turns]


def test_rev_docx_turns_and_memos():
    parsed = read_bytes("rev.docx", docx_bytes(REV_PARAGRAPHS))
    assert parsed.format == "rev"
    assert turn_texts(parsed)[1] == ("Speaker 2", "I train vision models at a startup.")
    assert [m.label for m in parsed.memos] == ["Memo 1", "Memo 2"]


def test_rev_docx_memo_anchor_leaves_text_and_anchors_passage():
    parsed = read_bytes("rev.docx", docx_bytes(REV_PARAGRAPHS))
    memo = parsed.memos[1]
    assert (
        parsed.text[memo.start : memo.end]
        == "By downloads, mostly. The cards rarely list the training data"
    )
    assert "data2" not in parsed.text


def test_rev_docx_keeps_model_names_with_digits():
    parsed = read_bytes("rev.docx", docx_bytes(REV_PARAGRAPHS))
    assert "GPT-2 and T5" in parsed.text


def test_rev_docx_memo_text_is_in_no_turn():
    parsed = read_bytes("rev.docx", docx_bytes(REV_PARAGRAPHS))
    assert all("Selection help" not in text for _, text in turn_texts(parsed))
    assert "- downloads as a proxy" in parsed.memos[1].text


def test_name_text_docx():
    parsed = read_bytes("n.docx", docx_bytes(["Ana: Hello there?", "Ben: Hi.", "More from Ben."]))
    assert turn_texts(parsed) == [("Ana", "Hello there?"), ("Ben", "Hi.\nMore from Ben.")]


def test_form_docx_gives_question_and_answer_turns():
    paragraphs = [
        "Interview Protocol",
        "What is your role?\nAnswer: Tech lead.",
        "Why?\nAnswer: Because.",
    ]
    parsed = read_bytes("form.docx", docx_bytes(paragraphs))
    assert parsed.format == "form"
    assert turn_texts(parsed)[1:3] == [
        ("Interviewer", "What is your role?"),
        ("Participant", "Tech lead."),
    ]


def test_form_docx_keeps_tables_as_protocol_text():
    paragraphs = ["Q one?\nAnswer: a.", "Q two?\nAnswer: b."]
    parsed = read_bytes(
        "form.docx", docx_bytes(paragraphs, [[["Attribute", "Meaning"], ["Size", "MB"]]])
    )
    assert turn_texts(parsed)[-1] == ("Protocol", "Attribute | Meaning\nSize | MB")


def test_docx_transcript_table():
    rows = [["Speaker", "Text"], ["Ana", "What do you reuse?"], ["Ben", "BERT models."]]
    parsed = read_bytes("t.docx", docx_bytes([], [rows]))
    assert turn_texts(parsed) == [("Ana", "What do you reuse?"), ("Ben", "BERT models.")]


def test_otter_export():
    data = b"Ana Lee  0:02\nWhat do you do?\n\nBen  0:10\nI build models.\nMostly NLP.\n"
    parsed = read_bytes("otter.txt", data)
    assert parsed.format == "otter"
    assert turn_texts(parsed) == [
        ("Ana Lee", "What do you do?"),
        ("Ben", "I build models.\nMostly NLP."),
    ]
    assert parsed.turns[1].timestamp == 10


def test_txt_with_stamps():
    parsed = read_bytes("t.txt", b"[00:01:02] Ana: Hi?\n[00:01:05] Ben: Hello.\n")
    assert turn_texts(parsed) == [("Ana", "Hi?"), ("Ben", "Hello.")]
    assert parsed.turns[0].timestamp == 62


def test_txt_stamp_after_the_name_is_the_turn_time_not_text():
    parsed = read_bytes("t.md", b"Ann: [00:00:05] question?\nBen: [00:00:09] Answer.\n")
    assert turn_texts(parsed) == [("Ann", "question?"), ("Ben", "Answer.")]
    assert [t.timestamp for t in parsed.turns] == [5, 9]


def test_vtt_merges_one_speakers_cues_and_keeps_first_time():
    data = (
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>Hi?</v>\n\n"
        b"00:00:03.000 --> 00:00:04.000\n<v Ben>One.</v>\n\n00:00:05.000 --> 00:00:06.000\n<v Ben>Two.</v>\n"
    )
    parsed = read_bytes("z.vtt", data)
    assert turn_texts(parsed) == [("Ana", "Hi?"), ("Ben", "One. Two.")]
    assert parsed.turns[1].timestamp == 3


def test_srt_named_cues():
    data = (
        b"1\n00:00:01,000 --> 00:00:02,000\nAna: Hi?\n\n2\n00:00:03,500 --> 00:00:04,000\nBen: One.\n\n"
        b"3\n00:00:05,000 --> 00:00:06,000\nBen: Two.\n"
    )
    parsed = read_bytes("c.srt", data)
    assert parsed.format == "srt"
    assert turn_texts(parsed) == [("Ana", "Hi?"), ("Ben", "One. Two.")]
    assert parsed.turns[1].timestamp == 3.5


def test_pdf_text_layer():
    parsed = read_bytes("t.pdf", pdf_bytes(["Ana: Which hub do you use?", "Ben: Hugging Face."]))
    assert parsed.format == "pdf"
    assert turn_texts(parsed) == [("Ana", "Which hub do you use?"), ("Ben", "Hugging Face.")]


def test_pdf_without_text_is_refused():
    with pytest.raises(ValidationError, match="no text layer"):
        read_bytes("scan.pdf", pdf_bytes([]))


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"]
)
def test_text_encodings(encoding):
    parsed = read_bytes("e.txt", "Ana: Café “quoted”?\nBen: Naïve — yes.\n".encode(encoding))
    assert turn_texts(parsed) == [("Ana", "Café “quoted”?"), ("Ben", "Naïve — yes.")]


def test_text_is_nfc_normalised():
    parsed = read_bytes("n.txt", "Ana: Cafe\u0301\r\nBen: ok\r\n".encode())
    assert parsed.text == "Café\n\nok"


def test_csv_answers_one_document_per_row():
    data = b"pid,answer,team\nP1,Model cards lack data.,5\nP2,Licences are unclear.,3\n"
    rows = read_answers("a.csv", data, "csv", "pid", "answer")
    assert [(r.participant, r.parsed.text, r.attributes) for r in rows] == [
        ("P1", "Model cards lack data.", {"team": "5"}),
        ("P2", "Licences are unclear.", {"team": "3"}),
    ]


def test_xlsx_answers(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["pid", "answer"])
    book.active.append(["P7", "Too slow on CPU."])
    book.save(tmp_path / "a.xlsx")
    rows = read_answers("a.xlsx", (tmp_path / "a.xlsx").read_bytes(), "xlsx", "pid", "answer")
    assert [(r.participant, r.parsed.text) for r in rows] == [("P7", "Too slow on CPU.")]


def test_answers_without_named_columns_are_refused_listing_the_columns():
    with pytest.raises(ValidationError, match="a.csv: .*`id_column`, `text_column`.*pid, answer"):
        read_answers("a.csv", b"pid,answer\nP1,x\n", "csv")


def test_unknown_suffix_is_refused_unless_the_format_is_given():
    with pytest.raises(ValidationError, match="study.yaml: unsupported file type '.yaml'"):
        read_bytes("study.yaml", b"name: x\n")
    assert read_bytes("study.yaml", b"Ann: hi\n", "txt").turns[0].speaker == "Ann"


def test_answers_missing_column_is_named():
    with pytest.raises(ValidationError, match="no column 'text'"):
        read_answers("a.csv", b"pid,answer\nP1,x\n", "csv", "pid", "text")


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("x", b"PK\x03\x04rest", "docx"),
        ("x.txt", b"%PDF-1.4", "pdf"),
        ("x.txt", b"WEBVTT\n", "vtt"),
        ("x.txt", b"1\n00:00:01,000 --> 00:00:02,000\nhi\n", "srt"),
        ("x.txt", b"Ana  0:01\nhi\n\nBen  0:02\nho\n", "otter"),
        ("x.txt", b"Ana: hi\n", "txt"),
    ],
)
def test_format_detected_by_content(name, data, expected):
    from pathlib import Path

    assert detect_format(Path(name), data) == expected


def test_word_count_adds_up_over_turns():
    parsed = read_bytes("rev.docx", docx_bytes(REV_PARAGRAPHS))
    assert sum(count_words(text) for _, text in turn_texts(parsed)) == count_words(parsed.text)


def test_docx_paragraph_text_is_what_python_docx_reads():
    import docx

    document = docx.Document()
    run = document.add_paragraph("Tab").add_run("bed")
    run.add_tab()
    run.add_break()
    run.add_text("after a break")
    document.add_paragraph("plain")
    buffer = io.BytesIO()
    document.save(buffer)
    expected = [p.text for p in docx.Document(io.BytesIO(buffer.getvalue())).paragraphs]
    assert (
        paragraphs("t.docx", buffer.getvalue()) == expected == ["Tabbed\t\nafter a break", "plain"]
    )


@pytest.mark.parametrize(
    "path", sorted(REAL_TRANSCRIPTS.glob("Interview-*.docx")), ids=lambda p: p.name[:12]
)
def test_real_docx_paragraph_text_is_what_python_docx_reads(path):
    import docx

    expected = [p.text for p in docx.Document(str(path)).paragraphs]
    assert paragraphs(path.name, path.read_bytes()) == expected
