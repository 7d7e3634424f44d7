"""Registering a source: values stored in one transaction; a bad file stores nothing."""

import json

import pytest
from sqlmodel import select

from qualcode.errors import ValidationError
from qualcode.evidence import synth
from qualcode.evidence.report import metric_rows
from qualcode.evidence.sources import list_sources, load_source, source_data
from qualcode.project import create_project, current_project
from qualcode.store import session_scope
from qualcode.store.evidence_models import EvidenceSource, EvidenceValue
from qualcode.store.models import AuditEvent


@pytest.fixture
def hf_file(tmp_path):
    return synth.write_hf_metadata(tmp_path / "hf.jsonl", 800, 5)


def test_a_loaded_source_keeps_file_facts_and_values(any_url, hf_file):
    with session_scope(any_url) as session:
        project = create_project(session, "Study")
        load_source(session, project, "hf-metadata", hf_file, "hub")
    with session_scope(any_url) as session:
        source = session.exec(select(EvidenceSource)).one()
        assert (source.name, source.kind, source.records, len(source.sha256)) == (
            "hub",
            "hf-metadata",
            800,
            64,
        )
        assert session.exec(
            select(EvidenceValue).where(EvidenceValue.metric == "missing_license")
        ).one()
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "evidence.load")).one()


def test_a_bad_file_stores_nothing(any_url, tmp_path, hf_file):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"downloads": 1}) + "\n")
    with session_scope(any_url) as session:
        create_project(session, "Study")
    with pytest.raises(ValidationError), session_scope(any_url) as session:
        load_source(session, current_project(session), "hf-metadata", bad)
    with session_scope(any_url) as session:
        assert list_sources(session, current_project(session)) == []


def test_loading_a_name_again_replaces_its_values(sqlite_url, hf_file, tmp_path):
    other = synth.write_hf_metadata(tmp_path / "other.jsonl", 300, 9)
    with session_scope(sqlite_url) as session:
        project = create_project(session, "Study")
        load_source(session, project, "hf-metadata", hf_file, "hub")
        load_source(session, project, "hf-metadata", other, "hub")
        rows = [r for r in metric_rows(session, project, "hub") if r["metric"] == "missing_license"]
    assert [r["denominator"] for r in rows] == [300]


def test_records_are_read_again_from_the_file(sqlite_url, hf_file):
    with session_scope(sqlite_url) as session:
        source = load_source(session, create_project(session, "Study"), "hf-metadata", hf_file)
    total, frame = source_data(source).records("missing_license", None, None, 0, 25)
    assert len(frame) == 25 and total > 25
    assert frame["license"].isna().all()
