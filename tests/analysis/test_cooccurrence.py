"""Co-occurrence by overlapping spans and by unit, and the quotes behind a cell."""

import pytest

from qualcode.analysis.cooccurrence import cooccurrence_matrix, cooccurrence_quotes, stored_units
from qualcode.analysis.study import load_study
from qualcode.errors import ValidationError
from qualcode.project import current_project
from qualcode.store import session_scope


def _cells(matrix):
    return matrix.set_index("code")


def test_overlap_counts_pairs_of_one_coder(small_study):
    m = _cells(cooccurrence_matrix(small_study, "overlap", "g1"))
    assert (
        m.loc["Alpha & co", "Beta"] == 1
    )  # alice P1 a[0,4) b[2,9); bob's a[0,9) does not pair with alice
    assert m.loc["Beta", "Gamma"] == 1
    assert m.loc["Alpha & co", "Gamma"] == 0


def test_matrix_is_symmetric_with_codings_on_the_diagonal(small_study):
    m = _cells(cooccurrence_matrix(small_study, "overlap", "g1"))
    assert m.loc["Beta", "Alpha & co"] == m.loc["Alpha & co", "Beta"]
    assert [m.loc[n, n] for n in ("Alpha & co", "Beta", "Gamma")] == [3, 4, 3]


def test_same_document_counts_whole_document_codings(small_study):
    m = _cells(cooccurrence_matrix(small_study, "document", "g1"))
    assert m.loc["Beta", "Gamma"] == 3
    assert m.loc["Alpha & co", "Gamma"] == 1


def test_same_paragraph(small_url):
    with session_scope(small_url) as session:
        study = load_study(session, current_project(session))
        m = _cells(cooccurrence_matrix(study, "paragraph", "g1", stored_units(session)))
    assert m.loc["Alpha & co", "Beta"] == 1
    assert m.loc["Alpha & co", "Gamma"] == 0


def test_quotes_behind_a_cell(small_study):
    quotes = cooccurrence_quotes(small_study, "a", "b", "overlap", "g1")
    assert quotes[["participant", "coder", "quote"]].values.tolist() == [
        ["P1", "alice", "aaaa bbbb"]
    ]


def test_unknown_mode_is_refused(small_study):
    with pytest.raises(ValidationError, match="unknown co-occurrence mode"):
        cooccurrence_matrix(small_study, "page")
