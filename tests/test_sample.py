"""The sample study's survey: synthetic responses, labelled as such, imported like a Qualtrics export."""

from __future__ import annotations

from qualcode.codebook import store as codebook_store
from qualcode.codebook.files import read_codebook_file
from qualcode.project import create_project, current_project
from qualcode.sample import PTM_CODEBOOK, SAMPLE_DIR, load_sample_survey
from qualcode.store import session_scope
from qualcode.survey.results import load_results
from qualcode.survey.surveys import require_survey

ENTRY = {"slug": "ptm-reuse-synthetic", "instrument": "codebooks/ptm_reuse_survey.yaml",
         "responses": "survey_responses.csv"}  # fmt: skip


def test_the_sample_survey_is_labelled_synthetic_and_closed(demo_url):
    with session_scope(demo_url) as session:
        survey = require_survey(session, current_project(session), "ptm-reuse-synthetic")
        assert (survey.status, survey.source) == ("closed", "sample: synthetic sample responses")
        assert survey.title.endswith("(synthetic sample responses)")
        results = load_results(session, survey)
    assert (len(results.response_ids), len(results.excluded_ids)) == (24, 1)


def test_the_export_imports_cleanly(sqlite_url):
    with session_scope(sqlite_url) as session:
        project = create_project(session, "Sample survey")
        codebook_store.import_spec(session, project, read_codebook_file(PTM_CODEBOOK))
        report = load_sample_survey(session, project, SAMPLE_DIR, ENTRY)
    assert report["warnings"] == []
    assert (report["imported"], report["excluded"], report["skipped_test_or_preview"]) == (24, 1, 1)
