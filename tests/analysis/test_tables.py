"""Code tables, matrices and the workflow view on the hand-built study (counts worked out by hand)."""

import pytest
from sqlmodel import select

from qualcode.analysis.codings_frame import CoderChoice
from qualcode.analysis.study import load_study
from qualcode.analysis.tables import code_counts, code_table, workflow_view
from qualcode.coding.codings import add_coding
from qualcode.errors import NotFoundError, ValidationError
from qualcode.project import CONSENSUS_CODER, current_project, get_or_create_coder
from qualcode.store import session_scope
from qualcode.store.models import Code, Document


def test_code_table_counts_participants_of_n(small_study):
    table = code_table(small_study, "g1").set_index("code")
    assert table.loc["a", ["participants", "of", "codings", "documents"]].tolist() == [2, 4, 3, 2]
    assert table.loc["b", ["participants", "codings", "documents"]].tolist() == [3, 4, 3]
    assert table.loc["c", ["participants", "codings", "documents"]].tolist() == [3, 3, 3]


def test_code_table_sorts_by_participants_then_name(small_study):
    assert list(code_table(small_study, "g1")["code"]) == ["b", "c", "a"]


def test_code_table_sorts_by_codings_then_name(small_study):
    assert list(code_table(small_study, "g1", sort="codings")["code"]) == ["b", "a", "c"]


def test_code_table_accepts_the_group_name(small_study):
    assert len(code_table(small_study, "group ONE")) == 3


def test_code_table_names_the_known_groups_for_an_unknown_one(small_study):
    with pytest.raises(NotFoundError, match="g1, workflow_stage"):
        code_table(small_study, "nope")


def test_code_table_rejects_an_unknown_sort(small_study):
    with pytest.raises(ValidationError, match="unknown sort"):
        code_table(small_study, "g1", sort="size")


def test_representative_quote_is_closest_to_the_median_length(small_study):
    table = code_table(small_study, "g1").set_index("code")
    assert table.loc["a", "quote"] == "aaaa"


def test_one_coder_sees_only_their_codings(small_url):
    with session_scope(small_url) as session:
        study = load_study(session, current_project(session), CoderChoice(coders=("alice",)))
    table = code_table(study, "g1").set_index("code")
    assert table["participants"].to_dict() == {"a": 2, "b": 2, "c": 2}
    assert table["codings"].to_dict() == {"a": 2, "b": 3, "c": 2}


def test_consensus_before_reconciling_is_an_error_not_zeros(small_url):
    with (
        pytest.raises(NotFoundError, match="no consensus yet: reconcile on the Reconcile page"),
        session_scope(small_url) as session,
    ):
        load_study(session, current_project(session), CoderChoice(consensus=True))


def test_consensus_reads_only_the_consensus_codings(small_url):
    with session_scope(small_url) as session:
        project = current_project(session)
        document = session.exec(select(Document).where(Document.title == "P3.txt")).one()
        code = session.exec(select(Code).where(Code.key == "a")).one()
        add_coding(
            session, document, get_or_create_coder(session, project, CONSENSUS_CODER), code, 0, 4
        )
    with session_scope(small_url) as session:
        study = load_study(session, current_project(session), CoderChoice(consensus=True))
    assert code_table(study, "g1").set_index("code")["participants"].to_dict() == {
        "a": 1,
        "b": 0,
        "c": 0,
    }


def test_matrix_counts_codings_in_natural_participant_order(small_study):
    matrix = code_counts(small_study, "participant", "g1").set_index("code")
    assert list(matrix.columns) == ["name", "total", "P1", "P2", "P3", "P10"]
    assert matrix.loc["a", ["P1", "P2", "P3", "P10", "total"]].tolist() == [2, 1, 0, 0, 3]
    assert matrix.loc["b", ["P1", "P2", "P3", "P10"]].tolist() == [1, 0, 1, 2]


def test_matrix_presence_is_zero_or_one(small_study):
    matrix = code_counts(small_study, "participant", "g1", presence=True).set_index("code")
    assert matrix.loc["a", ["P1", "P2", "P3", "P10"]].tolist() == [1, 1, 0, 0]
    assert matrix.loc["b", "P10"] == 1


def test_frequency_by_coder(small_study):
    matrix = code_counts(small_study, "coder", "g1").set_index("code")
    assert matrix.loc["a", ["alice", "bob"]].tolist() == [2, 1]
    assert matrix.loc["b", ["alice", "bob"]].tolist() == [3, 1]


def test_frequency_by_document(small_study):
    matrix = code_counts(small_study, "document", "g1").set_index("code")
    assert matrix.loc["b", "P10.txt"] == 2


def test_workflow_view_keeps_codebook_order(small_study):
    view = workflow_view(small_study)
    assert list(view["stage"]) == ["s1", "s2"]
    assert list(view["step"]) == [1, 2]
    assert list(view["participants"]) == [1, 1]
