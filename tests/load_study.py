"""A study for many coders at once: long interviews, the coding study's codebook, blind coding on
(so each coder's page shows their own codings), and a login per coder."""

from __future__ import annotations

from pathlib import Path

from coding_study import CODEBOOK

from qualcode.codebook import store as codebook_store
from qualcode.codebook.schema import parse_codebook
from qualcode.coding.visibility import set_blind_coding
from qualcode.ingest.documents import import_transcript_file
from qualcode.project import create_project
from qualcode.store import session_scope
from qualcode.team.users import add_user

CODE_FILTER = "missing doc"  # the picker filter that picks "Missing documentation"


def interview(turns: int) -> str:
    """A made-up interview of `turns` question-and-answer pairs, each answer one long line."""
    return "".join(
        f"Interviewer: What happened with model number {i} in your project?\n"
        f"Maya: We reused model {i} after reading its card and checking the licence terms.\n"
        for i in range(turns)
    )


def build_load_study(url: str, folder: Path, coders: int, turns: int = 150) -> dict[str, str]:
    """The study on `url`; returns each coder's name and password."""
    transcript = folder / "long_interview.txt"
    transcript.write_text(interview(turns), encoding="utf-8")
    logins = {f"coder{n:02d}": f"load-pass-{n:02d}" for n in range(1, coders + 1)}
    with session_scope(url) as session:
        project = create_project(session, "Load study")
        codebook_store.import_spec(session, project, parse_codebook(CODEBOOK), "load")
        import_transcript_file(session, project, transcript, "P1")
        add_user(session, project, "lead", "owner", "lead-pass-1", actor="bench")
        for name, password in logins.items():
            add_user(session, project, name, "coder", password, actor="lead")
        set_blind_coding(session, project, True, False, "lead")
    return logins
