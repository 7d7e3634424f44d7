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
