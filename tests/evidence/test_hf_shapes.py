"""Every shape of Hugging Face metadata gives the same metrics for the same models."""

import gzip
import json

import pytest

from qualcode.errors import ValidationError
from qualcode.evidence import hf_metadata, workspace
from qualcode.evidence.compute import compute_metrics
from tests.evidence.hf_shapes import (
    hub_records,
    model_info,
    repo_sibling,
    write_json_array,
    write_json_lines,
    write_parquet,
)

N, SEED = 1200, 11


def _metrics(path, mapping=None):
    loaded = hf_metadata.load(path, mapping)
    values = compute_metrics(loaded.data, "hf-metadata")
    return loaded, {v.metric: (v.value, v.numerator, v.denominator, v.by, v.series) for v in values}


@pytest.fixture(scope="module")
def records():
    return hub_records(N, SEED)


@pytest.fixture(scope="module")
def reference(records, tmp_path_factory):
    path = write_json_lines(tmp_path_factory.mktemp("hub") / "hub.jsonl", records)
    loaded, values = _metrics(path)
    assert loaded.warnings == []
    assert values["machine_readable_claims"][1] > 0  # the shapes must carry claims to compare
    return values


WRITERS = {
    "hub-json-array": (None, write_json_array, "models.json"),
    "hub-jsonl-gzip": (None, write_json_lines, "models.jsonl.gz"),
    "hub-json-array-gzip": (None, write_json_array, "models.json.gz"),
    "modelinfo-yaml-jsonl": ("yaml", write_json_lines, "info.jsonl"),
    "modelinfo-yaml-parquet": ("yaml", write_parquet, "info.parquet"),
    "modelinfo-repr-jsonl-gzip": ("repr", write_json_lines, "info.jsonl.gz"),
    "modelinfo-repr-parquet": ("repr", write_parquet, "info.parquet"),
    "modelinfo-objects-json": ("objects", write_json_array, "info.json"),
    "modelinfo-objects-parquet": ("objects", write_parquet, "info.parquet"),
}


@pytest.mark.parametrize("shape", WRITERS)
def test_each_shape_gives_the_hub_api_metrics(records, reference, tmp_path, shape):
    style, writer, name = WRITERS[shape]
    rows = records if style is None else [model_info(r, style) for r in records]
    loaded, values = _metrics(writer(tmp_path / name, rows))
    assert loaded.warnings == []
    assert values == reference


def test_siblings_written_as_text_count_their_readme(tmp_path):
    rows = [{"id": f"o/m{i}", "siblings": [repo_sibling(".gitattributes"), repo_sibling("README.md")]}
            for i in range(349)]  # fmt: skip
    _, values = _metrics(write_json_lines(tmp_path / "m.jsonl", rows))
    assert values["missing_model_card"][1:3] == (0, 349)


def test_card_data_as_yaml_counts_its_claims_licences_and_datasets(tmp_path):
    card = "license: apache-2.0\ndatasets:\n- squad\nmodel-index:\n- name: m\n  results:\n  - task: {type: qa}\n"
    rows = [{"id": f"o/m{i}", "card_data": card if i < 8 else "language: en\n"} for i in range(20)]
    _, values = _metrics(write_json_lines(tmp_path / "m.jsonl", rows))
    assert values["machine_readable_claims"][1:3] == (8, 20)
    assert values["missing_license"][1:3] == (12, 20)
    assert values["missing_dataset"][1:3] == (12, 20)


def test_card_data_front_matter_with_fences_is_read(tmp_path):
    rows = [{"id": "o/a", "cardData": "---\nlicense: mit\n---\n"}, {"id": "o/b", "cardData": None}]
    _, values = _metrics(write_json_lines(tmp_path / "m.jsonl", rows))
    assert values["missing_license"][1:3] == (1, 2)


def test_unreadable_siblings_are_a_warning_and_leave_out_the_model_card_metric(tmp_path):
    rows = [{"id": "o/a", "siblings": [{"rfilename": "README.md"}]},
            {"id": "o/b", "siblings": "<files>"}, {"id": "o/c", "siblings": 7}]  # fmt: skip
    loaded, values = _metrics(write_json_lines(tmp_path / "m.jsonl", rows))
    assert "missing_model_card" not in values
    assert any(
        w.startswith("field 'siblings' is unreadable in 2 of 3 records")
        and "missing_model_card" in w
        for w in loaded.warnings
    ), loaded.warnings


def test_siblings_objects_without_a_file_name_are_unreadable(tmp_path):
    rows = [{"id": "o/a", "siblings": [{"name": "README.md"}]}]
    loaded, values = _metrics(write_json_lines(tmp_path / "m.jsonl", rows))
    assert "missing_model_card" not in values
    assert any("'siblings' is unreadable in 1 of 1" in w for w in loaded.warnings)


def test_unreadable_card_data_leaves_out_what_it_would_give(tmp_path):
    rows = [{"id": "o/a", "cardData": {"license": "mit"}, "tags": ["license:mit"]},
            {"id": "o/b", "cardData": "license: [mit", "tags": []}]  # fmt: skip
    loaded, values = _metrics(write_json_lines(tmp_path / "m.jsonl", rows))
    for metric in ("missing_license", "missing_dataset", "machine_readable_claims"):
        assert metric not in values
    assert "missing_paper" in values  # papers come from the tags alone, which are readable
    warning = next(w for w in loaded.warnings if "cardData / card_data" in w)
    assert "1 of 2 records" in warning and "missing_license" in warning


def test_tags_as_a_python_list_are_read(tmp_path):
    rows = [
        {"id": "o/a", "tags": "['license:mit', 'arxiv:1810.04805']"},
        {"id": "o/b", "tags": "[]"},
    ]
    loaded, values = _metrics(write_json_lines(tmp_path / "m.jsonl", rows))
    assert loaded.warnings == [w for w in loaded.warnings if w.startswith("no record carries")]
    assert values["missing_license"][1:3] == (1, 2)
    assert values["missing_paper"][1:3] == (1, 2)


def test_a_top_level_model_index_counts_as_claims(tmp_path):
    index = [{"name": "m", "results": [{"task": {"type": "qa"}, "metrics": []}]}]
    rows = [{"id": "o/a", "model_index": index}, {"id": "o/b", "model_index": None}]
    _, values = _metrics(write_json_lines(tmp_path / "m.jsonl", rows))
    assert values["machine_readable_claims"][1:3] == (1, 2)


def test_a_gzip_file_that_is_not_gzip_names_the_file(tmp_path):
    path = tmp_path / "m.jsonl.gz"
    path.write_text(json.dumps({"id": "o/a"}))
    with pytest.raises(Exception, match="m.jsonl.gz"):
        hf_metadata.load(path)


def test_a_file_needing_more_than_the_memory_limit_is_a_one_line_error(tmp_path, monkeypatch):
    monkeypatch.setenv(workspace.MEMORY_SETTING, "16MB")  # less than a gzip read's buffers
    path = tmp_path / "models.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"id": "o/m"}\n'))
    with pytest.raises(ValidationError) as error:
        hf_metadata.load(path)
    assert str(error.value) == (
        f"{path}: file: reading it needs more than the 16MB of memory evidence sources may use "
        "(set the environment variable QUALCODE_EVIDENCE_MEMORY, e.g. to 2GB, and load it again); "
        "nothing was loaded"
    )
