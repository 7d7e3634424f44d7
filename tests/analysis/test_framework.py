"""The framework matrix: participants x codes with quotes and memos."""

from qualcode.analysis.framework import framework_matrix, framework_sheets


def test_cells_hold_quotes_coders_and_memos(small_study):
    matrix = framework_matrix(small_study, "g1").set_index("participant")
    assert matrix.loc["P2", "Alpha & co"] == "“aaaa” (alice)\n  Memo: m&1"
    assert matrix.loc["P10", "Gamma"] == "(whole document) (alice)"
    assert matrix.loc["P2", "Beta"] == ""


def test_rows_in_natural_order(small_study):
    assert framework_matrix(small_study, "g1")["participant"].tolist() == ["P1", "P2", "P3", "P10"]


def test_group_columns_name_the_code(small_study):
    matrix = framework_matrix(small_study, by="group").set_index("participant")
    assert list(matrix.columns) == ["Group one", "Stages"]
    assert "[Stage one]" in matrix.loc["P2", "Stages"]


def test_one_sheet_per_group(small_study):
    assert list(framework_sheets(small_study)) == ["Group one", "Stages"]
