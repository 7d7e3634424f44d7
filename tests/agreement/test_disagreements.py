"""Disagreements between coders, and reconciling them into the consensus coder (qualcode.coding.consensus)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from qualcode.agreement.data import Selection, load_study_data
from qualcode.agreement.disagreements import agreed_runs, default_memo, find_disagreements, sides
from qualcode.coding.consensus import adopt_agreements, consensus_codings, decide, reconcile_unit
from qualcode.errors import ValidationError
from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.store.models import AuditEvent, Document

CODERS = {"alice": ["licence"], "bob": ["select", "licence"]}


def test_decisions_pick_the_codes():
    assert decide("accept", CODERS, side="alice") == ["licence"]
    assert decide("both", CODERS) == ["licence", "select"]
    assert decide("neither", CODERS) == ["licence"]
    assert decide("edit", CODERS, edited=["cards", "cards"]) == ["cards"]


def test_accept_needs_a_known_coder():
    with pytest.raises(ValidationError, match="carol"):
        decide("accept", CODERS, side="carol")


def load(session):
    project = current_project(session)
    return project, load_study_data(session, project, Selection(unit="sentence"))


def test_disagreements_list_the_units_where_codes_differ(small_study_sqlite):
    with session_scope(small_study_sqlite) as session:
        _, data = load(session)
        found = find_disagreements(session, data)
        first = found[0]
        assert (first.title, first.text) == ("I1", "The licence was missing.")
        assert first.codes == {"alice": ["licence"], "bob": ["select"]}
        assert sorted(first.disputed) == ["licence", "select"]
        shown = sides(session, first, ["alice", "bob"], [c.id for c in data.codes])
        assert shown.by_coder["alice"][0].memo == "no licence"
        assert shown.by_coder["bob"][0].memo == "bob thinks selection"


def test_reconcile_replaces_the_consensus_on_the_unit_and_is_audited(small_study_sqlite):
    with session_scope(small_study_sqlite) as session:
        project, data = load(session)
        unit = find_disagreements(session, data)[0]
        document = session.get(Document, unit.document_id)
        reconcile_unit(session, project, document, unit.start, unit.end, data.codes,
                       ["licence", "select"], "both")  # fmt: skip
        reconcile_unit(session, project, document, unit.start, unit.end, data.codes,
                       ["licence"], "edit", memo="agreed: licence")  # fmt: skip
    with session_scope(small_study_sqlite) as session:
        project, data = load(session)
        document = session.get(Document, unit.document_id)
        kept = consensus_codings(session, document, data.codes, unit.start, unit.end)
        assert [(c.start, c.end, c.memo) for c in kept] == [
            (unit.start, unit.end, "agreed: licence")
        ]
        actions = session.exec(select(AuditEvent.action)).all()
        assert actions.count("consensus.reconcile") == 2
        assert find_disagreements(session, data)[0].reconciled


def test_reconciling_part_of_a_longer_consensus_span_keeps_the_rest(small_study_sqlite):
    with session_scope(small_study_sqlite) as session:
        project, data = load(session)
        document = session.exec(select(Document).where(Document.title == "I1")).one()
        reconcile_unit(session, project, document, 0, 47, data.codes, ["cards"], "edit")
        reconcile_unit(session, project, document, 25, 47, data.codes, [], "neither")
        left = consensus_codings(session, document, data.codes, None, None)
        assert [(c.start, c.end) for c in left] == [(0, 25)]


def test_adopting_agreements_twice_adds_nothing_new(small_study_sqlite):
    with session_scope(small_study_sqlite) as session:
        project, data = load(session)
        runs = agreed_runs(data)
        assert adopt_agreements(session, project, runs, data.codes) == len(runs) > 0
        assert adopt_agreements(session, project, runs, data.codes) == 0


def test_the_default_memo_keeps_the_memos_of_what_the_decision_keeps(small_study_sqlite):
    with session_scope(small_study_sqlite) as session:
        _, data = load(session)
        first = find_disagreements(session, data)[0]
        shown = sides(session, first, ["alice", "bob"], [c.id for c in data.codes])
    assert default_memo(shown, ["licence"], "accept", "alice") == "alice: no licence"
    assert default_memo(shown, ["licence"], "accept", "bob") == ""  # bob's codings are not kept
    assert default_memo(shown, ["licence", "select"], "both") == (
        "alice: no licence; bob: bob thinks selection"
    )
    assert default_memo(shown, ["licence"], "neither") == ""
