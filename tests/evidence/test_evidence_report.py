"""Metric rows: absent when not computable, references beside values and never as values."""

from qualcode.evidence.report import metric_rows, rows_csv, rows_markdown
from qualcode.evidence.sources import load_source
from qualcode.project import create_project
from qualcode.store import session_scope
from tests.conftest import PTM_DATA


def _rows(sqlite_url, source=None):
    with session_scope(sqlite_url) as session:
        project = create_project(session, "Study")
        load_source(session, project, "model-ids", PTM_DATA / "hf_model_ids_2022-08.txt", "ids")
        return metric_rows(session, project, source)


def test_a_source_only_has_rows_for_metrics_it_computes(sqlite_url):
    assert {r["metric"] for r in _rows(sqlite_url, "ids")} == {
        "unnamespaced_ids",
        "typosquat_candidates",
    }


def test_published_references_have_no_computed_value(sqlite_url):
    row = next(r for r in _rows(sqlite_url) if r["metric"] == "verified_organisations")
    assert (row["source"], row["value"], row["reference"]["display"]) == (None, None, "3.19%")
    assert "Jiang et al." in row["reference"]["citation"]


def test_markdown_marks_references_as_published(sqlite_url):
    text = rows_markdown(_rows(sqlite_url))
    assert (
        "| Verified organisations (`verified_organisations`) | (no source) | — |  | 3.19% (199 of 6,243 organisations; published) |"
        in text
    )


def test_csv_has_one_line_per_row(sqlite_url):
    rows = _rows(sqlite_url)
    assert len(rows_csv(rows).strip().splitlines()) == len(rows) + 1
