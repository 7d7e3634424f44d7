"""Saturation: new and cumulative codes in order, the saturation point for k, and the statement."""

import pytest

from qualcode.analysis.saturation import read_order_file, saturation
from qualcode.errors import ValidationError


def test_date_order_puts_undated_participants_last(small_study):
    assert saturation(small_study, "date").order == ["P1", "P10", "P2", "P3"]


def test_new_and_cumulative_codes(small_study):
    rows = saturation(small_study, "date").rows
    assert rows["new_codes"].tolist() == [4, 0, 1, 0]
    assert rows["cumulative"].tolist() == [4, 4, 5, 5]


def test_not_saturated_when_no_run_of_k(small_study):
    result = saturation(small_study, "date", k=2)
    assert result.saturated_at is None
    assert "not reached" in result.statement


def test_k_one_saturates_at_first_participant_and_mentions_later_new_codes(small_study):
    result = saturation(small_study, "date", k=1)
    assert result.saturated_at == "P1"
    assert "P2 (1)" in result.statement


def test_id_order_is_natural(small_study):
    result = saturation(small_study, "id", k=2)
    assert result.order == ["P1", "P2", "P3", "P10"]
    assert result.saturated_at == "P2"


def test_group_limits_the_codes(small_study):
    assert saturation(small_study, "id", k=2, group="g1").saturated_at == "P1"


def test_given_order_from_a_file(small_study, tmp_path):
    path = tmp_path / "order.txt"
    path.write_text("# interview order\nP3\nP10\nP1\n", encoding="utf-8")
    result = saturation(small_study, read_order_file(path), k=1)
    assert result.order == ["P3", "P10", "P1"]
    assert result.left_out == ["P2"]
    assert "Left out" in result.statement


def test_given_order_with_an_unknown_id_is_refused(small_study):
    with pytest.raises(ValidationError, match="unknown participants: P99"):
        saturation(small_study, ["P1", "P99"])


def test_json_shape(small_study):
    data = saturation(small_study, "id", k=2).to_dict()
    assert set(data) == {"order", "rows", "saturated_at"}
    assert data["rows"][0] == {"participant": "P1", "new_codes": 4, "cumulative": 4}
