"""`evidence load --map FIELD=COLUMN`: a dataset's own columns as metric inputs."""

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from qualcode.cli import cli
from qualcode.errors import ValidationError
from qualcode.evidence import hf_metadata
from qualcode.evidence.compute import compute_metrics
from qualcode.evidence.hf_mapping import parse_mapping
from qualcode.evidence.sources import load_source, source_data
from qualcode.project import create_project
from qualcode.store import session_scope


@pytest.fixture
def study_file(tmp_path):
    """Records shaped like a published model-card study: its own yes/no and task columns."""
    rows = [
        {"modelId": f"o{i % 7}/m{i}", "has_modelcard": ["True", "False", 1, 0, True][i % 5],
         "task_category": [None, "text-classification", "", "translation"][i % 4], "downloads": i}
        for i in range(40)
    ]  # fmt: skip
    path = tmp_path / "study.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path, pd.DataFrame(rows)


def _values(path, mapping):
    loaded = hf_metadata.load(path, mapping)
    return loaded, {v.metric: v for v in compute_metrics(loaded.data, "hf-metadata")}


def test_mapped_columns_give_the_metrics_pandas_counts(study_file):
    path, frame = study_file
    loaded, values = _values(path, {"card": "has_modelcard", "task": "task_category"})
    no_card = (~frame["has_modelcard"].astype(str).str.lower().isin(["true", "1"])).sum()
    no_task = frame["task_category"].fillna("").eq("").sum()
    assert (values["missing_model_card"].numerator, values["missing_model_card"].denominator) == (
        no_card,
        40,
    )
    assert values["missing_task_tag"].numerator == no_task
    assert loaded.meta["map"] == {"card": "has_modelcard", "task": "task_category"}


def test_without_a_mapping_those_metrics_are_left_out(study_file):
    _, values = _values(study_file[0], None)
    assert "missing_model_card" not in values and "missing_task_tag" not in values


def test_an_unreadable_mapped_value_is_a_warning_and_leaves_the_metric_out(tmp_path):
    path = tmp_path / "m.jsonl"
    path.write_text(
        json.dumps({"id": "a/b", "flag": "perhaps"})
        + "\n"
        + json.dumps({"id": "a/c", "flag": True})
        + "\n"
    )
    loaded, values = _values(path, {"card": "flag"})
    assert "missing_model_card" not in values
    assert any(
        "column 'flag' (--map card) is unreadable in 1 of 2 records" in w for w in loaded.warnings
    )


def test_a_mapped_column_no_record_has_is_an_error(study_file):
    with pytest.raises(
        ValidationError, match="--map card=has_card: no record has a column 'has_card'"
    ):
        hf_metadata.load(study_file[0], {"card": "has_card"})


@pytest.mark.parametrize(
    "pairs, message",
    [(["card"], "expected FIELD=COLUMN"), (["colour=x"], "unknown input 'colour'"),
     (["card=a", "card=b"], "mapped twice")],
)  # fmt: skip
def test_bad_mappings_are_refused(pairs, message):
    with pytest.raises(ValidationError, match=message):
        parse_mapping(pairs)


def test_a_mapping_is_kept_with_the_source_and_used_when_the_file_is_read_again(
    tmp_path, study_file
):
    url = f"sqlite:///{tmp_path / 'p.db'}"
    with session_scope(url) as session:
        project = create_project(session, "Study")
        source = load_source(session, project, "hf-metadata", study_file[0], "study",
                             mapping={"card": "has_modelcard"})  # fmt: skip
        assert source.meta["map"] == {"card": "has_modelcard"}
        total, _ = source_data(source).records("missing_model_card", None, None, 0, 0)
    assert total == 16


def test_a_mapping_on_another_kind_is_refused(tmp_path, study_file):
    url = f"sqlite:///{tmp_path / 'p.db'}"
    with session_scope(url) as session, pytest.raises(ValidationError, match="not to model-ids"):
        load_source(session, create_project(session, "S"), "model-ids", study_file[0],
                    mapping={"card": "x"})  # fmt: skip


def test_the_cli_maps_columns(tmp_path, study_file):
    db = f"sqlite:///{tmp_path / 'p.db'}"
    runner = CliRunner()
    assert runner.invoke(cli, ["init", "--name", "S", "--db", db]).exit_code == 0
    result = runner.invoke(cli, ["evidence", "load", "--kind", "hf-metadata", str(study_file[0]),
                                 "--map", "card=has_modelcard", "--map", "task=task_category",
                                 "--json", "--db", db])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["map"] == {"card": "has_modelcard", "task": "task_category"}
    shown = json.loads(runner.invoke(cli, ["evidence", "metrics", "--db", db]).output)
    assert {"missing_model_card", "missing_task_tag"} <= {row["metric"] for row in shown}


def test_the_cli_names_a_bad_mapping(tmp_path, study_file):
    db = f"sqlite:///{tmp_path / 'p.db'}"
    runner = CliRunner()
    runner.invoke(cli, ["init", "--name", "S", "--db", db])
    result = runner.invoke(cli, ["evidence", "load", "--kind", "hf-metadata", str(study_file[0]),
                                 "--map", "cards=has_modelcard", "--db", db])  # fmt: skip
    assert result.exit_code == 1
    assert "unknown input 'cards'" in result.output
