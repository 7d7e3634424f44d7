"""Evidence pages rendered by AppTest: metric values, published references, the joint display."""

import pytest

from qualcode.evidence.sample import load_sample_evidence
from qualcode.project import current_project
from qualcode.store import session_scope


@pytest.fixture
def evidence_url(demo_url):
    with session_scope(demo_url) as session:
        load_sample_evidence(session, current_project(session))
    return demo_url


def test_evidence_page_shows_values_per_source(run_page, evidence_url):
    app = run_page("evidence", evidence_url)
    assert not app.exception
    values = app.dataframe[1].value
    assert list(values["source"]) == ["synthetic-hf (synthetic)"]


def test_a_published_value_is_labelled_as_not_computed(run_page, evidence_url):
    app = run_page("evidence", evidence_url, evidence_metric="verified_organisations")
    assert not app.exception
    assert "Published value (not computed here): **3\\.19%**" in app.info[0].value
    assert "No loaded source can compute" in app.warning[0].value


def test_evidence_page_without_sources_says_how_to_load(run_page, demo_url):
    app = run_page("evidence", demo_url)
    assert "qualcode evidence load" in app.info[0].value


def test_joint_page_has_a_section_per_challenge(run_page, evidence_url):
    app = run_page("joint", evidence_url)
    assert not app.exception
    assert [h.value for h in app.subheader] == [
        "Missing attributes",
        "Discrepancies",
        "Security and privacy risks",
        "Model search",
        "Model application",
        "Model flexibility",
    ]


def test_joint_page_shows_the_sample_surveys_share_per_challenge(run_page, evidence_url):
    app = run_page("joint", evidence_url)
    surveys = [d.value for d in app.dataframe if "share" in d.value.columns]
    assert len(surveys) == 6
    first = surveys[0].iloc[0]
    assert (first["survey"], first["question"], first["answered"]) == (
        "ptm-reuse-synthetic", "missing_attributes", "21 of 24",
    )  # fmt: skip
    assert first["share"].endswith("%") and first["answering"] == "Often, Always"
