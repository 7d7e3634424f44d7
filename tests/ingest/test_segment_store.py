"""Sentences and paragraphs are cut once per document and segmenter, and again only when needed."""

from __future__ import annotations

import pytest
import spacy
from sqlmodel import select

from qualcode.errors import ValidationError
from qualcode.ingest.segment_store import units_of_documents
from qualcode.ingest.segments import segmenter_name, segments
from qualcode.project import create_project
from qualcode.store import session_scope
from qualcode.store.models import Document, SpeakerTurn
from qualcode.store.segment_models import DocumentSegments

TEXT = "We search the hub first. Then we read the card.\n\nThe licence was missing. We gave up."


@pytest.fixture
def one_document(any_url) -> tuple[str, int, int]:
    with session_scope(any_url) as session:
        project = create_project(session, "Segments")
        document = Document(project_id=project.id, title="I1", text=TEXT)
        session.add(document)
        session.flush()
        return any_url, project.id, document.id


def _units(url: str, project_id: int, document_id: int, unit: str = "sentence"):
    with session_scope(url) as session:
        return units_of_documents(session, project_id, [document_id], unit)[document_id]


def _rows(url: str) -> list[DocumentSegments]:
    with session_scope(url) as session:
        return list(session.exec(select(DocumentSegments)))


def test_sentences_are_stored_with_their_segmenter(one_document):
    url, project, document = one_document
    spans = _units(url, project, document)
    assert spans == [(s.start, s.end) for s in segments(TEXT, "sentence")]
    (row,) = _rows(url)
    assert row.unit == "sentence" and row.segmenter == segmenter_name("sentence")
    assert "sentencizer" in row.segmenter and "spaCy" in row.segmenter


def test_a_second_run_reads_the_stored_segments(one_document):
    url, project, document = one_document
    _units(url, project, document)
    with session_scope(url) as session:  # mark the stored row: only a read returns the mark
        row = session.exec(select(DocumentSegments)).one()
        row.spans = [[0, 5]]
        session.add(row)
    assert _units(url, project, document) == [(0, 5)]


def test_a_changed_text_is_cut_again(one_document):
    url, project, document = one_document
    _units(url, project, document)
    with session_scope(url) as session:
        session.get(Document, document).text = "Only one sentence here. And a second one."
    assert _units(url, project, document) == [(0, 23), (24, 41)]
    assert len(_rows(url)) == 1


def test_changed_turns_cut_sentences_again(one_document):
    url, project, document = one_document
    before = _units(url, project, document)
    with session_scope(url) as session:  # a turn boundary inside the first sentence
        session.add(SpeakerTurn(document_id=document, seq=0, speaker="A", start=0, end=10))
        session.add(SpeakerTurn(document_id=document, seq=1, speaker="B", start=10, end=len(TEXT)))
    after = _units(url, project, document)
    assert after != before and (0, 9) in after


def test_another_segmenter_gets_its_own_rows(one_document, tmp_path, monkeypatch):
    url, project, document = one_document
    _units(url, project, document)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.meta["version"] = "9.9.9"
    nlp.to_disk(tmp_path / "my_pipeline")
    monkeypatch.setenv("QUALCODE_SPACY_MODEL", str(tmp_path / "my_pipeline"))
    _units(url, project, document)
    names = sorted(row.segmenter for row in _rows(url))
    assert len(names) == 2 and any("my_pipeline 9.9.9" in name for name in names)


def test_paragraphs_are_stored_too(one_document):
    url, project, document = one_document
    assert _units(url, project, document, "paragraph") == [(0, 47), (49, len(TEXT))]
    assert [r.unit for r in _rows(url)] == ["paragraph"]


def test_an_unknown_spacy_model_is_an_error_naming_it(one_document, monkeypatch):
    url, project, document = one_document
    monkeypatch.setenv("QUALCODE_SPACY_MODEL", "en_core_web_nonexistent")
    with pytest.raises(ValidationError, match="en_core_web_nonexistent"):
        _units(url, project, document)
    assert _rows(url) == []
