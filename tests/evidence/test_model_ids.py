"""Plain model id lists: the study's 63,367 ids of August 2022."""

import pytest

from qualcode.errors import ValidationError
from qualcode.evidence import model_ids
from qualcode.evidence.compute import compute_metrics
from tests.conftest import PTM_DATA

IDS = PTM_DATA / "hf_model_ids_2022-08.txt"


def test_the_real_list_has_63367_ids():
    assert model_ids.load(IDS).records == 63367


def test_unnamespaced_ids_counts_ids_without_an_owner():
    lines = IDS.read_text().split()
    bare = sum("/" not in line for line in lines)
    value = {v.metric: v for v in compute_metrics(model_ids.load(IDS).data, "model-ids")}[
        "unnamespaced_ids"
    ]
    assert (value.numerator, value.denominator) == (bare, 63367)
    assert bare == 68


def test_an_id_list_computes_only_id_metrics():
    metrics = {v.metric for v in compute_metrics(model_ids.load(IDS).data, "model-ids")}
    assert metrics == {"unnamespaced_ids", "typosquat_candidates"}


def test_a_line_that_is_not_an_id_is_an_error(tmp_path):
    path = tmp_path / "ids.txt"
    path.write_text("gpt2\n1000,pypi,\n")
    with pytest.raises(ValidationError, match="ids.txt: line 2: '1000,pypi,' is not a model id"):
        model_ids.load(path)


def test_ids_read_in_batches_keep_the_files_order_each_once(monkeypatch):
    monkeypatch.setattr(model_ids, "BATCH", 997)  # many batches on the real list
    expected = list(dict.fromkeys(IDS.read_text().split()))
    assert model_ids.load(IDS).data.ids_by_popularity() == expected


def test_a_repeated_id_is_read_once_at_its_first_line(tmp_path):
    path = tmp_path / "ids.txt"
    path.write_text("b/x\r\n\n  a/y \nb/x\nc/z\na/y\n")
    loaded = model_ids.load(path)
    assert (loaded.records, loaded.warnings) == (3, ["2 repeated ids read once"])
    assert loaded.data.ids_by_popularity() == ["b/x", "a/y", "c/z"]
    assert loaded.data.records(None, None, None, 0, 10)[1]["model_id"].tolist() == [
        "b/x",
        "a/y",
        "c/z",
    ]


def test_a_bad_line_after_several_batches_names_its_line(tmp_path, monkeypatch):
    monkeypatch.setattr(model_ids, "BATCH", 2)
    path = tmp_path / "ids.txt"
    path.write_text("a/1\na/2\na/3\na/4\na/5\nnot an id\n")
    with pytest.raises(ValidationError, match="ids.txt: line 6: 'not an id' is not a model id"):
        model_ids.load(path)


@pytest.mark.parametrize(("content", "problem"), [
    (b"gpt2\n\xff\xfe\n", "file: not UTF-8 text"),
    (b"\n \n", "file: no model ids"),
])  # fmt: skip
def test_an_unreadable_or_empty_list_is_a_one_line_error(tmp_path, content, problem):
    path = tmp_path / "ids.txt"
    path.write_bytes(content)
    with pytest.raises(ValidationError, match=problem) as error:
        model_ids.load(path)
    assert "\n" not in str(error.value)
