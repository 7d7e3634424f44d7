"""PeaTMOSS-shaped SQLite: metrics in SQL, checked against counts made with plain Python."""

import sqlite3

import pytest

from qualcode.errors import ValidationError
from qualcode.evidence import peatmoss, synth
from qualcode.evidence.compute import compute_metrics


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    return synth.write_peatmoss(tmp_path_factory.mktemp("peatmoss") / "peatmoss.db", 4000, 11)


def _linked(path, table):
    with sqlite3.connect(path) as connection:
        return {row[0] for row in connection.execute(f"SELECT model_id FROM model_to_{table}")}


def test_missing_shares_match_plain_counts(database):
    values = {v.metric: v for v in compute_metrics(peatmoss.load(database).data, "peatmoss")}
    for attribute in ("license", "dataset", "paper", "library", "architecture"):
        lacking = 4000 - len(_linked(database, attribute))
        assert (
            values[f"missing_{attribute}"].numerator,
            values[f"missing_{attribute}"].denominator,
        ) == (lacking, 4000)


def test_context_id_holds_the_name(database):
    loaded = peatmoss.load(database)
    assert any("context_id is declared INTEGER" in w for w in loaded.warnings)
    _, frame = loaded.data.records("unnamespaced_ids", None, None, 0, 100)
    assert "gpt2" in set(frame["model_id"])


def test_metrics_a_peatmoss_file_cannot_compute_are_absent(database):
    metrics = {v.metric for v in compute_metrics(peatmoss.load(database).data, "peatmoss")}
    assert "missing_model_card" not in metrics
    assert "machine_readable_claims" not in metrics


def test_dataset_concentration_matches_plain_counts(database):
    with sqlite3.connect(database) as connection:
        pairs = connection.execute(
            "SELECT DISTINCT model_id, dataset_id FROM model_to_dataset"
        ).fetchall()
    per_dataset: dict[int, set] = {}
    for model, dataset in pairs:
        per_dataset.setdefault(dataset, set()).add(model)
    ranked = sorted(per_dataset.values(), key=len, reverse=True)
    in_top = set().union(*ranked[:10])
    value = {v.metric: v for v in compute_metrics(peatmoss.load(database).data, "peatmoss")}[
        "dataset_concentration"
    ]
    assert (value.numerator, value.denominator) == (len(in_top), len({m for m, _ in pairs}))


def test_tasks_come_from_pipeline_tags(database):
    value = {v.metric: v for v in compute_metrics(peatmoss.load(database).data, "peatmoss")}[
        "missing_license"
    ]
    assert "text-classification" in value.by["task"]
    assert set(value.by["hub"]) == {"Hugging Face", "PyTorch Hub"}


def test_a_database_without_a_model_table_is_the_wrong_kind(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (x)")
    with pytest.raises(ValidationError, match="other.db: table 'model': missing"):
        peatmoss.load(path)


def test_a_text_file_is_not_an_sqlite_database(tmp_path):
    path = tmp_path / "ids.db"
    path.write_text("gpt2\n" * 200)
    with pytest.raises(ValidationError, match="ids.db: file: not an SQLite database"):
        peatmoss.load(path)
