"""The codings CSV contract: all-or-nothing import with specific errors, and export in the same format."""

from pathlib import Path

import pytest
from sqlmodel import select

from qualcode.codebook import store as codebook_store
from qualcode.codebook.files import parse_codebook_text
from qualcode.coding.csv_exchange import export_codings_csv, import_codings_csv
from qualcode.errors import ValidationError
from qualcode.ingest.documents import import_transcript_file
from qualcode.project import create_project
from qualcode.store import session_scope
from qualcode.store.models import Coding

CODEBOOK = """
name: Mini
groups: [{key: challenge, name: Challenges}]
codes:
  - {key: search, name: Model search, group: challenge}
  - {key: docs_a, name: Docs, group: challenge}
  - {key: docs_b, name: docs, group: challenge}
"""


@pytest.fixture
def study(sqlite_url, tmp_path: Path) -> str:
    transcript = tmp_path / "p1.txt"
    transcript.write_text(
        "Interviewer: How do you search?\nAna: I search by downloads 🤗 mostly.\n", encoding="utf-8"
    )
    with session_scope(sqlite_url) as session:
        project = create_project(session, "S")
        codebook_store.import_spec(session, project, parse_codebook_text(CODEBOOK, "mini.yaml"))
        import_transcript_file(session, project, transcript, "P1")
    return sqlite_url


def _import(url: str, text: str, **options) -> int:
    with session_scope(url) as session:
        from qualcode.project import current_project

        return import_codings_csv(session, current_project(session), text, "codings.csv", **options)


def _count(url: str) -> int:
    with session_scope(url) as session:
        return len(session.exec(select(Coding)).all())


def test_import_then_export_round_trips(study):
    text = (
        "participant,coder,code,start,end,memo\nP1,ana,search,20,51,first\nP1,bo,Model search,,,\n"
    )
    assert _import(study, text) == 2
    with session_scope(study) as session:
        from qualcode.project import current_project

        exported = export_codings_csv(session, current_project(session))
    lines = exported.splitlines()
    assert lines[0] == "document,participant,coder,code,group,start,end,memo"
    assert "p1.txt,P1,bo,search,challenge,,," in lines
    assert "p1.txt,P1,ana,search,challenge,20,51,first" in lines


def test_unknown_codes_are_listed_and_nothing_is_stored(study):
    text = "document,coder,code\np1.txt,ana,search\np1.txt,ana,ghost\np1.txt,ana,Phantom\n"
    with pytest.raises(ValidationError, match="unknown codes: ghost, Phantom"):
        _import(study, text)
    assert _count(study) == 0


def test_create_missing_codes_adds_them_in_the_group(study):
    text = "document,coder,code,group\np1.txt,ana,Trust issues,challenge\n"
    assert _import(study, text, create_missing_codes=True) == 1


def test_ambiguous_code_name_lists_candidates(study):
    with pytest.raises(ValidationError, match=r"ambiguous \(candidates: docs_a, docs_b\)"):
        _import(study, "document,coder,code\np1.txt,ana,DOCS\n")


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [("10", "5", "start \\(10\\) must be less than end \\(5\\)"), ("0", "9999", "end \\(9999\\) is beyond the text"),
     ("3", "", "give both start and end"), ("x", "4", "'start' must be a whole number")],
)  # fmt: skip
def test_bad_offsets_name_the_line(study, start, end, message):
    text = (
        f"document,coder,code,start,end\np1.txt,ana,search,1,2\np1.txt,ana,search,{start},{end}\n"
    )
    with pytest.raises(ValidationError, match=f"line 3: .*{message}"):
        _import(study, text)
    assert _count(study) == 0


def test_unknown_document_is_an_error(study):
    with pytest.raises(ValidationError, match="line 2: no document titled or named 'nope.txt'"):
        _import(study, "document,coder,code\nnope.txt,ana,search\n")


def test_created_codes_get_valid_keys_from_non_ascii_names(study):
    from qualcode.codebook.schema import KEY_PATTERN

    text = "document,coder,code,group\np1.txt,ana,Größe & Ärger,Neue Gruppe\np1.txt,ana,42 reasons,challenge\n"
    assert _import(study, text, create_missing_codes=True) == 2
    with session_scope(study) as session:
        from qualcode.project import current_project

        codebook = codebook_store.require_codebook(session, current_project(session))
        keys = {c.name: c.key for c in codebook_store.codes(session, codebook)}
        groups = {g.name: g.key for g in codebook_store.groups(session, codebook)}
    assert keys["Größe & Ärger"] == "grosse_arger" and keys["42 reasons"] == "code_42_reasons"
    assert groups["Neue Gruppe"] == "neue_gruppe"
    assert all(KEY_PATTERN.match(k) for k in [*keys.values(), *groups.values()])
