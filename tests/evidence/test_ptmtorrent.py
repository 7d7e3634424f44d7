"""PTMTorrent's unified JSON: the real ONNX Model Zoo file and schema deviations."""

import json

import pytest

from qualcode.errors import ValidationError
from qualcode.evidence import ptmtorrent
from qualcode.evidence.compute import compute_metrics
from tests.conftest import SHARED_DATA

ONNX = SHARED_DATA / "ptmtorrent" / "onnxmodelzoo_ptmtorrent.json"


def _record(**extra):
    record = {
        "id": 1, "ModelHub": {"ModelHubName": "Hub", "ModelHubURL": "https://hub", "MetadataFilePath": "m.json",
                              "MetadataObjectID": 1},
        "ModelName": "net", "ModelOwner": "lab", "ModelURL": "https://hub/net", "ModelOwnerURL": "https://hub/lab",
        "LatestGitCommitSHA": "abc", "ModelTask": "image_classification",
    }  # fmt: skip
    record.update(extra)
    return record


def test_the_real_onnx_file_loads_186_models():
    loaded = ptmtorrent.load(ONNX)
    assert loaded.records == 186
    assert loaded.data.count() == 186


def test_the_string_metadata_object_id_is_a_warning():
    loaded = ptmtorrent.load(ONNX)
    assert any("MetadataObjectID" in w and "186 of 186" in w for w in loaded.warnings)


def test_fields_no_record_carries_make_their_metrics_absent():
    values = {v.metric: v for v in compute_metrics(ptmtorrent.load(ONNX).data, "ptmtorrent")}
    assert "missing_dataset" not in values
    assert "missing_architecture" not in values
    assert "dataset_concentration" not in values


def test_the_onnx_file_has_no_paper_dois_and_every_task():
    values = {v.metric: v for v in compute_metrics(ptmtorrent.load(ONNX).data, "ptmtorrent")}
    assert (values["missing_paper"].numerator, values["missing_paper"].denominator) == (186, 186)
    assert values["missing_task_tag"].numerator == 0
    assert values["missing_paper"].by["task"]["image_classification"]["denominator"] == 120


def test_old_single_paper_doi_loads_with_a_warning(tmp_path):
    path = tmp_path / "old.json"
    path.write_text(json.dumps([_record(ModelPaperDOI="10.1/x"), _record(id=2, ModelPaperDOI="")]))
    loaded = ptmtorrent.load(path)
    values = {v.metric: v for v in compute_metrics(loaded.data, "ptmtorrent")}
    assert (values["missing_paper"].numerator, values["missing_paper"].denominator) == (1, 2)
    assert any("ModelPaperDOI" in w for w in loaded.warnings)


def test_a_missing_required_field_names_file_record_and_field(tmp_path):
    path = tmp_path / "broken.json"
    hub = _record()["ModelHub"]
    del hub["ModelHubURL"]
    path.write_text(json.dumps([_record(), _record(id=7, ModelHub=hub)]))
    with pytest.raises(
        ValidationError,
        match=r"broken\.json: record 2 \(id 7\): missing required field 'ModelHub.ModelHubURL'",
    ):
        ptmtorrent.load(path)


def test_hugging_face_metadata_is_the_wrong_kind(tmp_path):
    path = tmp_path / "hf.json"
    path.write_text(json.dumps([{"id": "gpt2", "downloads": 5}]))
    with pytest.raises(
        ValidationError, match="record 1 \\(id gpt2\\): missing required field 'ModelHub'"
    ):
        ptmtorrent.load(path)
