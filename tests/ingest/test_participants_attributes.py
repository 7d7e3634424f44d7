"""Attribute values as text: lists give each item, missing values nothing."""

from qualcode.ingest.participants import attribute_values


def test_list_attribute_gives_each_item():
    assert attribute_values(["NLP", "Computer Vision"]) == ["NLP", "Computer Vision"]


def test_scalar_and_missing_attributes():
    assert attribute_values(4) == ["4"]
    assert attribute_values(None) == [] and attribute_values("") == []
