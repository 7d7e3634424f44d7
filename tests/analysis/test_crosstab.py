"""Cross-tabulation of codes by participant attributes (list values count under each value)."""

import pytest

from qualcode.analysis.crosstab import attribute_crosstab, attribute_names
from qualcode.errors import NotFoundError


def test_attribute_names(small_study):
    assert attribute_names(small_study) == ["langs", "size"]


def test_single_valued_attribute(small_study):
    table = attribute_crosstab(small_study, "size", "g1").set_index("code")
    assert list(table.columns) == ["name", "large (n=2)", "small (n=2)"]
    assert table.loc["b", ["large (n=2)", "small (n=2)"]].tolist() == [1, 2]


def test_list_valued_attribute_counts_under_each_value(small_study):
    table = attribute_crosstab(small_study, "langs", "g1").set_index("code")
    assert list(table.columns) == ["name", "go (n=1)", "js (n=1)", "py (n=2)", "(not given) (n=1)"]
    assert table.loc["a", ["go (n=1)", "js (n=1)", "py (n=2)", "(not given) (n=1)"]].tolist() == [
        0,
        1,
        2,
        0,
    ]


def test_unknown_attribute_lists_the_known_ones(small_study):
    with pytest.raises(NotFoundError, match="langs, size"):
        attribute_crosstab(small_study, "age")
