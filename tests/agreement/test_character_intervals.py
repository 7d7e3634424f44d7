"""The character unit: intervals resample whole documents; units and Krippendorff's bootstrap refuse."""

import pytest

from qualcode.agreement.compute import run_agreement
from qualcode.agreement.data import Selection, load_study_data
from qualcode.project import current_project
from qualcode.store import session_scope


def _report(url: str, unit: str, ci: str = "documents") -> dict:
    with session_scope(url) as session:
        return run_agreement(
            session, current_project(session), Selection(unit=unit), resamples=200, seed=3, ci=ci
        )


def test_character_unit_resamples_documents(demo_url):
    report = _report(demo_url, "character")
    low, high = report["overall"]["alpha_ci"]
    assert low <= report["overall"]["alpha"] <= high
    with session_scope(demo_url) as session:
        data = load_study_data(session, current_project(session), Selection(unit="character"))
    assert report["bootstrap"]["clusters"] == len(set(data.table.document_ids.tolist())) > 1


@pytest.mark.parametrize("ci", ["units", "krippendorff"])
def test_character_unit_refuses_unit_resampling_and_says_why(demo_url, ci):
    report = _report(demo_url, "character", ci)
    assert report["overall"]["alpha"] is not None
    assert report["overall"]["alpha_ci"] is None and report["bootstrap"] is None
    assert any(f"No {ci} interval on the character unit" in note for note in report["notes"])


def test_document_unit_keeps_its_interval(demo_url):
    interval = _report(demo_url, "document")["overall"]["alpha_ci"]
    assert interval is not None and interval[0] <= interval[1]
