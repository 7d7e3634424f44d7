"""A corpus of hostile files (bombs, deep nesting, huge numbers, wrong shapes, bad encodings) run
through every importer in a process capped at 2 GB of address space: each gives a one-line error
naming the file, no traceback, and the database keeps exactly what it held."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from qualcode.store import get_engine
from tests.small_study import build_small_study

CAP = 2 * 1024**3
RUN = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
from qualcode.cli import main
sys.argv = ["qualcode", *sys.argv[1:]]
main()
"""
BOMB_MB = 256  # 256 MB of zeros pack into about 250 KB: 1000x, like the 1 GB member of the report


def _zip(members: dict[str, bytes], bomb: str | None = None) -> bytes:
    """A zip with the given members, plus (when named) a member of BOMB_MB megabytes of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        if bomb:
            with archive.open(bomb, "w", force_zip64=True) as member:
                for _ in range(BOMB_MB):
                    member.write(b"\0" * 2**20)
    return buffer.getvalue()


def _alias_bomb() -> str:
    lines = ["name: bomb", "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    return "\n".join(lines) + "\ncodes:\n  - {key: a, name: A, examples: *l9}\n"


DEEP_JSON = "[" * 50_000 + "]" * 50_000
HUGE_NUMBER = '{"name": "n", "codes": [{"key": "a", "name": "A", "position": ' + "9" * 5000 + "}]}"
CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'

CASES = {
    "qdpx-bomb": ("bomb.qdpx", lambda: _zip({"project.qde": b"<Project/>"}, "sources/a.txt"), ["import", "qdpx"], "zip bomb"),
    "backup-bomb": ("backup.zip", lambda: _zip({"manifest.json": b'{"kind": "qualcode-backup"}'}, "tables/document.json"), ["restore"], "zip bomb"),
    "backup-shape": ("shape.zip", lambda: _zip({"manifest.json": b"[1, 2]"}), ["restore"], "not a qualcode backup"),
    "docx-bomb": ("bomb.docx", lambda: _zip({"[Content_Types].xml": CONTENT_TYPES}, "word/document.xml"), ["import", "transcripts"], "zip bomb"),
    "xlsx-answers-bomb": ("answers.xlsx", lambda: _zip({"[Content_Types].xml": CONTENT_TYPES}, "xl/worksheets/sheet1.xml"),
                          ["import", "transcripts", "--id-column", "id", "--text-column", "text"], "zip bomb"),
    "xlsx-demographics-bomb": ("people.xlsx", lambda: _zip({"[Content_Types].xml": CONTENT_TYPES}, "xl/worksheets/sheet1.xml"),
                               ["import", "demographics", "--id-column", "id"], "zip bomb"),
    "qualtrics-xlsx-bomb": ("responses.xlsx", lambda: _zip({"[Content_Types].xml": CONTENT_TYPES}, "xl/worksheets/sheet1.xml"),
                            ["survey", "import-qualtrics", "--survey", "q"], "zip bomb"),
    "yaml-alias-bomb": ("codebook.yaml", lambda: _alias_bomb().encode(), ["codebook", "import"], "expands"),
    "json-deep": ("codebook.json", lambda: DEEP_JSON.encode(), ["codebook", "import"], "nested"),
    "json-huge-number": ("codebook.json", lambda: HUGE_NUMBER.encode(), ["codebook", "import"], "digits"),
    "json-wrong-shape": ("codebook.json", lambda: b'["not", "a", "codebook"]', ["codebook", "import"], ""),
    "instrument-cp1252": ("survey.yaml", lambda: "slug: s\ntitle: Umfrage f\u00fcr Entwickler\n".encode("cp1252"), ["survey", "create"], "UTF-8"),
    "instrument-alias-bomb": ("survey.yaml", lambda: _alias_bomb().replace("name: bomb", "slug: s").encode(), ["survey", "create"], "expands"),
    "qsf-deep": ("survey.qsf", lambda: ('{"SurveyElements": ' + DEEP_JSON + "}").encode(), ["survey", "import-qualtrics", "--survey", "q", "--instrument"], "nested"),
    "qsf-wrong-shape": ("survey.qsf", lambda: b'{"SurveyEntry": 5, "SurveyElements": {"a": 1}}', ["survey", "import-qualtrics", "--survey", "q", "--instrument"], ""),
    "ptmtorrent-deep": ("models.json", lambda: DEEP_JSON.encode(), ["evidence", "load", "--kind", "ptmtorrent"], "nested"),
    "ptmtorrent-huge-number": ("models.json", lambda: ("[" + "1" * 5000 + "]").encode(), ["evidence", "load", "--kind", "ptmtorrent"], "digits"),
    "transcript-binary": ("notes.txt", lambda: bytes(range(256)) * 64, ["import", "transcripts"], "binary"),
    "codings-not-utf8": ("codings.csv", lambda: b"\xff\xfe\x00d\x00o\x00c" + bytes(range(128, 256)), ["codings", "import"], ""),
}  # fmt: skip


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as connection:
        tables = inspect(connection).get_table_names()
        counts = {
            t: connection.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() for t in tables
        }
    engine.dispose()
    return counts


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The hostile files, a study database and an empty (migrated) database to copy per test."""
    folder = tmp_path_factory.mktemp("hostile")
    for case, (name, build, _, _) in CASES.items():
        (folder / case).mkdir()
        (folder / case / name).write_bytes(build())
    (folder / "answers.csv").write_text("ResponseId,Q1\nR_1,yes\n", encoding="utf-8")
    build_small_study(f"sqlite:///{folder / 'study.db'}")
    get_engine(f"sqlite:///{folder / 'empty.db'}")
    for name in ("study.db", "empty.db"):  # everything in the files themselves, to copy them
        with get_engine(f"sqlite:///{folder / name}").connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        get_engine(f"sqlite:///{folder / name}").dispose()
    get_engine.cache_clear()
    return folder


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_file_gives_one_line_and_stores_nothing(case, corpus, tmp_path):
    name, _, command, reason = CASES[case]
    path = corpus / case / name
    database = tmp_path / "target.db"
    fresh = command[0] == "restore" or command[:2] == ["import", "qdpx"]  # they need an empty one
    shutil.copy(corpus / ("empty.db" if fresh else "study.db"), database)
    url = f"sqlite:///{database}"
    args = [*command, str(path)]
    if command[-1] == "--instrument":  # the hostile file is the .qsf; the responses are fine
        args = ["survey", "import-qualtrics", str(corpus / "answers.csv"), *command[2:], str(path)]
    before = _counts(url)
    run = subprocess.run(
        [sys.executable, "-c", RUN.format(cap=CAP), *args, "--db", url],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    output = (run.stdout + run.stderr).strip()
    assert run.returncode == 1, output
    assert "Traceback" not in output and "MemoryError" not in output, output
    assert len(output.splitlines()) == 1, output
    assert name in output and reason in output, output
    assert _counts(url) == before
