"""De-identification: rules find personal data, pseudonyms are consistent, review decides,
applying replaces text and re-maps codings and memos."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlmodel import select

from qualcode.cli import cli
from qualcode.errors import ValidationError
from qualcode.ingest.deid.detect import find_candidates
from qualcode.ingest.deid.review import (
    apply_accepted,
    decide,
    export_mapping,
    proposals,
    proposals_csv,
    propose,
    review_csv,
)
from qualcode.ingest.documents import document_turns, resolve_document
from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.store.deid_models import Pseudonym
from qualcode.store.models import Coding, Memo


def kinds(text, terms=None):
    return [(c.text, c.kind) for c in find_candidates(text, terms)]


def test_rules_without_a_model():
    text = "Mail dana@example.org, see https://example.org/a, call +44 20 7946 0958, ping @dana_k at Acme Labs."
    assert kinds(text) == [
        ("dana@example.org", "email"), ("https://example.org/a", "url"), ("+44 20 7946 0958", "phone"),
        ("@dana_k", "handle"), ("Acme Labs", "org"),
    ]  # fmt: skip


def test_known_names_match_any_case():
    assert kinds("David met david.", [("David", "person", "speaker")]) == [
        ("David", "person"),
        ("david", "person"),
    ]


def test_timestamps_and_model_names_are_not_personal_data():
    assert kinds("[inaudible 00:06:48] we used GPT-2 and BERT in 2022.") == []


@pytest.fixture
def sample(demo_url):
    with session_scope(demo_url) as session:
        project = current_project(session)
        document = resolve_document(session, project, "interview_p3_2022-07-19.vtt")
        before = document.text
        codings = {
            c.id: before[c.start : c.end]
            for c in session.exec(
                select(Coding).where(Coding.document_id == document.id, Coding.start.is_not(None))
            )
        }
        propose(session, project, document, ["Hugging Face:org"])
    return demo_url, before, codings


def test_pseudonyms_are_consistent_across_occurrences(sample):
    url, _, _ = sample
    with session_scope(url) as session:
        found = {
            (p.original.casefold(), p.replacement)
            for p in proposals(session, current_project(session))
            if p.kind == "org"
        }
    assert found == {("hugging face", "[ORG-1]")}


def test_speaker_names_are_proposed(sample):
    url, _, _ = sample
    with session_scope(url) as session:
        labels = {
            p.original
            for p in proposals(session, current_project(session))
            if p.source == "speaker label"
        }
    assert labels == {"Alex Morgan", "Jordan Lee"}


def test_nothing_changes_before_review(sample):
    url, before, _ = sample
    with session_scope(url) as session:
        project = current_project(session)
        document = resolve_document(session, project, "interview_p3_2022-07-19.vtt")
        assert apply_accepted(session, project, document) == 0
        assert document.text == before


def accept_all(url):
    with session_scope(url) as session:
        project = current_project(session)
        for p in proposals(session, project):
            decide(session, project, p.id, "accept")
        document = resolve_document(session, project, "interview_p3_2022-07-19.vtt")
        apply_accepted(session, project, document)


def test_applying_remaps_codings(sample):
    url, _, codings = sample
    accept_all(url)
    with session_scope(url) as session:
        for coding in session.exec(select(Coding).where(Coding.id.in_(list(codings)))):
            document_text = resolve_document(
                session, current_project(session), "interview_p3_2022-07-19.vtt"
            ).text
            assert document_text[coding.start : coding.end] == codings[coding.id].replace(
                "Hugging Face", "[ORG-1]"
            )


def test_applying_renames_speakers_and_keeps_mapping_apart(sample):
    url, _, _ = sample
    accept_all(url)
    with session_scope(url) as session:
        project = current_project(session)
        document = resolve_document(session, project, "interview_p3_2022-07-19.vtt")
        speakers = {t.speaker for t in document_turns(session, document)}
        stored = {p.original: p.pseudonym for p in session.exec(select(Pseudonym))}
        assert "Hugging Face" not in document.text and "Jordan Lee" not in speakers
        assert "Hugging Face" not in stored and "[ORG-1]" in stored.values()  # originals sealed
        assert {
            "original": "Hugging Face",
            "kind": "org",
            "pseudonym": "[ORG-1]",
        } in export_mapping(session, project)


def test_memo_offsets_follow(sqlite_url, tmp_path):
    path = tmp_path / "m.txt"
    path.write_text(
        "Ana: Where do you work?\nBen: At Acme Labs, with Acme Labs tools.1\n\nAnnotations\n1 works at a lab\n"
    )
    runner = CliRunner()
    runner.invoke(cli, ["init", "--db", sqlite_url])
    assert (
        runner.invoke(cli, ["import", "transcripts", str(path), "--db", sqlite_url]).exit_code == 0
    )
    with session_scope(sqlite_url) as session:
        project = current_project(session)
        document = resolve_document(session, project, "m.txt")
        propose(session, project, document)
        for p in proposals(session, project):
            decide(session, project, p.id, "accept")
        apply_accepted(session, project, document)
        memo = session.exec(select(Memo)).one()
        assert document.text[memo.start : memo.end] == "At [ORG-1], with [ORG-1] tools."


def test_review_csv_round_trip(sample):
    url, _, _ = sample
    with session_scope(url) as session:
        project = current_project(session)
        text = proposals_csv(session, project).replace(",proposed\n", ",reject\n")
        assert review_csv(session, project, text) == len(proposals(session, project))
        assert all(p.status == "rejected" for p in proposals(session, project))


def test_review_csv_bad_row_names_line(sample):
    url, _, _ = sample
    with (
        session_scope(url) as session,
        pytest.raises(ValidationError, match="review.csv, line 2: .*decision 'maybe'"),
    ):
        project = current_project(session)
        first = proposals(session, project)[0]
        review_csv(session, project, f"id,decision\n{first.id},maybe\n")
