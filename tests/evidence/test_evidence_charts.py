"""Charts of stored metric values: per-task bars, concentration curves, log-scale download curves."""

import pytest

from qualcode.evidence import charts
from qualcode.evidence.report import metric_rows, series_by_source
from qualcode.evidence.sample import load_sample_evidence
from qualcode.project import create_project
from qualcode.store import session_scope


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('charts') / 'study.db'}"
    with session_scope(url) as session:
        project = create_project(session, "Charts")
        load_sample_evidence(session, project)
        return {m: (metric_rows(session, project), series_by_source(session, project, m))
                for m in ("missing_license", "dataset_concentration", "download_concentration")}  # fmt: skip


def _rows(stored, metric):
    rows, series = stored[metric]
    return [r for r in rows if r["metric"] == metric and r["source"]], series


def test_task_bars_label_synthetic_sources(stored):
    rows, _ = _rows(stored, "missing_license")
    spec = charts.task_bars(rows).to_dict()
    sources = {d["source"] for d in spec["datasets"][next(iter(spec["datasets"]))]}
    assert sources == {"synthetic-hf (synthetic)", "synthetic-peatmoss (synthetic)"}


def test_concentration_curve_uses_log_scales(stored):
    rows, series = _rows(stored, "dataset_concentration")
    spec = charts.concentration_curve(rows, series, "dataset").to_dict()
    assert spec["encoding"]["y"]["scale"]["type"] == "log"


def test_download_curves_have_a_line_per_registry_and_source(stored):
    rows, series = _rows(stored, "download_concentration")
    spec = charts.download_curves(rows, series).to_dict()
    curves = {d["curve"] for d in spec["datasets"][next(iter(spec["datasets"]))]}
    assert "Hugging Face · synthetic-hf (synthetic)" in curves
    assert spec["encoding"]["x"]["scale"]["type"] == "log"


def test_nothing_to_draw_is_none():
    assert charts.task_bars([]) is None
