"""Each metric's definition states the edge cases its computation decides."""

from qualcode.evidence.metrics import BY_ID
from qualcode.evidence.typosquat import typosquat_candidates


def test_typosquat_compares_owner_less_ids_but_not_a_pair_of_two():
    assert typosquat_candidates(["bort", "bart"], 1000) == []
    assert typosquat_candidates(["acme/bort", "bart"], 1000) == [("bart", "acme/bort")]
    assert typosquat_candidates(["bort", "acme/bart"], 1000) == [("acme/bart", "bort")]
    assert "owner-less ids is not counted" in BY_ID["typosquat_candidates"].definition


def test_concentration_definitions_say_how_ties_are_broken():
    for metric in ("dataset_concentration", "architecture_concentration"):
        assert "ties at the 10th place are broken by name" in BY_ID[metric].definition
