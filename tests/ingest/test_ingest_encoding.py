"""Encodings: a UTF-8 transcript with a stray byte stays UTF-8 (U+FFFD and a warning giving the
byte offset); a real Windows-1252 file is still read as Windows-1252, without that warning."""

from __future__ import annotations

import json

from click.testing import CliRunner

from qualcode.cli import cli
from qualcode.ingest.readers import read_bytes

TEXT = "Interviewer: Did Zoë Müller reuse the model?\nParticipant: Yes — “as is”, naïvely.\n"


def with_stray_bytes(text: str, *after: str) -> tuple[bytes, list[int]]:
    """UTF-8 bytes of `text` with a lone 0xFF inserted after each given piece; their offsets."""
    data, offsets = text.encode("utf-8"), []
    for piece in after:
        at = data.index(piece.encode("utf-8")) + len(piece.encode("utf-8"))
        data = data[:at] + b"\xff" + data[at:]
        offsets.append(at)
    return data, offsets


def test_one_stray_byte_keeps_utf8_and_warns_with_its_offset():
    data, [offset] = with_stray_bytes(TEXT, "reuse")
    parsed = read_bytes("p1.txt", data)
    assert "Zoë Müller reuse\ufffd the model?" in parsed.text
    assert "Yes — “as is”, naïvely." in parsed.text  # nothing else turned into mojibake
    [warning] = [w for w in parsed.warnings if "not valid UTF-8" in w]
    assert warning.startswith("p1.txt: 1 byte sequence(s)")
    assert f"at byte offset {offset})" in warning


def test_several_stray_bytes_are_each_named():
    data, offsets = with_stray_bytes(TEXT, "Did", "model", "naïvely")
    parsed = read_bytes("p1.txt", data)
    assert parsed.text.count("\ufffd") == 3
    [warning] = [w for w in parsed.warnings if "not valid UTF-8" in w]
    assert f"at byte offset {', '.join(map(str, offsets))})" in warning


def test_windows_1252_file_is_read_as_windows_1252():
    parsed = read_bytes("p2.txt", TEXT.encode("cp1252"))
    assert "Zoë Müller" in parsed.text and "“as is”" in parsed.text and "\ufffd" not in parsed.text
    assert not [w for w in parsed.warnings if "UTF-8" in w]


def test_the_import_command_reports_the_offset(tmp_path):
    url = f"sqlite:///{tmp_path / 'study.db'}"
    assert CliRunner().invoke(cli, ["init", "--db", url]).exit_code == 0
    data, [offset] = with_stray_bytes(TEXT, "Müller")
    (tmp_path / "p1.txt").write_bytes(data)
    result = CliRunner().invoke(
        cli, ["import", "transcripts", str(tmp_path / "p1.txt"), "--db", url, "--json"]
    )
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.output)
    assert any(f"at byte offset {offset})" in w for w in record["warnings"])


def test_a_csv_answer_sheet_reports_the_offset_too(tmp_path):
    url = f"sqlite:///{tmp_path / 'study.db'}"
    assert CliRunner().invoke(cli, ["init", "--db", url]).exit_code == 0
    data, [offset] = with_stray_bytes("pid,answer\nP1,Zoë Müller reused it as is\n", "reused")
    (tmp_path / "answers.csv").write_bytes(data)
    result = CliRunner().invoke(cli, ["import", "transcripts", str(tmp_path / "answers.csv"),
                                      "--id-column", "pid", "--text-column", "answer",
                                      "--db", url, "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.output)
    assert any(f"at byte offset {offset})" in w for w in record["warnings"])
