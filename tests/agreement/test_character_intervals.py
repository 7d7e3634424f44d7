"""The character unit reports no bootstrap interval, and says why; segment units keep theirs."""

from qualcode.agreement.compute import run_agreement
from qualcode.agreement.data import Selection
from qualcode.project import current_project
from qualcode.store import session_scope


def _report(url: str, unit: str) -> dict:
    with session_scope(url) as session:
        return run_agreement(
            session, current_project(session), Selection(unit=unit), resamples=200, seed=3
        )


def test_character_unit_has_no_interval_and_a_note(demo_url):
    report = _report(demo_url, "character")
    assert report["overall"]["alpha"] is not None
    assert report["overall"]["alpha_ci"] is None
    assert any("No bootstrap interval on the character unit" in note for note in report["notes"])


def test_document_unit_keeps_its_interval(demo_url):
    interval = _report(demo_url, "document")["overall"]["alpha_ci"]
    assert interval is not None and interval[0] <= interval[1]
