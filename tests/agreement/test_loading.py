"""Loading reliability data: a fixed number of queries, the segmenter recorded, bad models refused."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import event

from qualcode.agreement.compute import run_agreement
from qualcode.agreement.data import Selection, load_study_data
from qualcode.cli import cli
from qualcode.codebook import store as codebook_store
from qualcode.codebook.schema import CodebookSpec, CodeSpec
from qualcode.project import create_project, current_project, get_or_create_coder
from qualcode.store import session_scope
from qualcode.store.models import Coding, Document, SpeakerTurn

TEXT = "We search the hub first. Then we read the card.\n\nThe licence was missing. We gave up."


def build(url: str, documents: int) -> None:
    """Documents with two turns each, coded by two coders (spans and whole-document codings)."""
    spec = CodebookSpec(name="Q", codes=[CodeSpec("a", "A"), CodeSpec("b", "B")])
    with session_scope(url) as session:
        project = create_project(session, "Queries")
        codebook = codebook_store.import_spec(session, project, spec)
        a, b = codebook_store.codes(session, codebook)
        coders = [get_or_create_coder(session, project, n) for n in ("alice", "bob")]
        for i in range(documents):
            document = Document(project_id=project.id, title=f"I{i}", text=TEXT, sha256=str(i))
            session.add(document)
            session.flush()
            session.add(SpeakerTurn(document_id=document.id, seq=0, speaker="Q", start=0, end=47))
            session.add(
                SpeakerTurn(document_id=document.id, seq=1, speaker="P", start=49, end=len(TEXT))
            )
            for coder in coders:
                code = a if (i + coder.id) % 3 else b
                session.add(
                    Coding(
                        document_id=document.id, coder_id=coder.id, code_id=code.id, start=0, end=24
                    )
                )
                session.add(Coding(document_id=document.id, coder_id=coder.id, code_id=b.id))


def queries(url: str, unit: str) -> int:
    with session_scope(url) as session:
        project = current_project(session)
        count = []
        listener = lambda *args: count.append(1)  # noqa: E731
        event.listen(session.get_bind(), "before_cursor_execute", listener)
        try:
            load_study_data(session, project, Selection(unit=unit))
        finally:
            event.remove(session.get_bind(), "before_cursor_execute", listener)
        return len(count)


@pytest.mark.parametrize("unit", ["document", "turn", "sentence", "paragraph", "character"])
def test_loading_takes_the_same_number_of_queries_for_3_and_30_documents(tmp_path, unit):
    small, large = f"sqlite:///{tmp_path / 'small.db'}", f"sqlite:///{tmp_path / 'large.db'}"
    build(small, 3)
    build(large, 30)
    queries(small, unit), queries(large, unit)  # the first run stores the segments
    assert queries(small, unit) == queries(large, unit)


def test_the_report_records_the_segmenter(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    build(url, 3)
    with session_scope(url) as session:
        project = current_project(session)
        sentence = run_agreement(session, project, Selection(unit="sentence"), 0)
        document = run_agreement(session, project, Selection(unit="document"), 0)
    assert "sentencizer" in sentence["segmenter"] and document["segmenter"] is None


def test_an_unknown_spacy_model_stops_agree_with_its_name(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 's.db'}"
    build(url, 3)
    monkeypatch.setenv("QUALCODE_SPACY_MODEL", "en_core_web_typo")
    result = CliRunner().invoke(cli, ["agree", "--db", url, "--unit", "sentence"])
    assert result.exit_code != 0 and "en_core_web_typo" in result.output
    assert "Traceback" not in result.output
