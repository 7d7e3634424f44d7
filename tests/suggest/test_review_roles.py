"""On the team server a coder decides suggestions as themself; a viewer decides none."""

import pytest
from sqlmodel import select

from qualcode.project import current_project, get_or_create_coder
from qualcode.store import session_scope
from qualcode.store.actors import CODER, VIEWER, Actor, PermissionDenied, bind_actor
from qualcode.store.models import Coder
from qualcode.store.suggestion_models import Suggestion, SuggestionDecision
from qualcode.suggest import review
from qualcode.suggest.run import run
from qualcode.suggest.train import train


@pytest.fixture
def offered(synthetic_url):
    """Two open suggestion ids and the study's URL; carol (coder) and vera (viewer) exist."""
    with session_scope(synthetic_url) as session:
        project = current_project(session)
        for name, role in (("carol", CODER), ("vera", VIEWER)):
            get_or_create_coder(session, project, name).role = role
        train(session, project, ("alice",), unit="paragraph")
        run(session, project, ("P2.txt",), 0.5)
        ids = [s.id for s in session.exec(select(Suggestion).order_by(Suggestion.id)).all()[:2]]
    return synthetic_url, ids


def _as(session, name: str) -> None:
    coder = session.exec(select(Coder).where(Coder.name == name)).one()
    bind_actor(session, Actor(name=name, role=coder.role, coder_id=coder.id))


def test_a_logged_in_coder_accepts_and_rejects_as_themself(offered):
    url, (first, second) = offered
    with session_scope(url) as session:
        _as(session, "carol")
        project = current_project(session)
        review.accept(session, project, first, "carol")
        review.reject(session, project, second, "carol")
    with session_scope(url) as session:
        decided = session.exec(
            select(SuggestionDecision.suggestion_id, SuggestionDecision.decision, Coder.name)
            .join(Coder).order_by(SuggestionDecision.suggestion_id)
        ).all()  # fmt: skip
    assert decided == [(first, "accepted", "carol"), (second, "rejected", "carol")]


def test_a_coder_cannot_accept_for_someone_else(offered):
    url, (first, _) = offered
    with session_scope(url) as session:
        _as(session, "carol")
        with pytest.raises(PermissionDenied, match="themself"):
            review.accept(session, current_project(session), first, "alice")


@pytest.mark.parametrize("decide", [review.accept, review.reject])
def test_a_viewer_decides_no_suggestion(offered, decide):
    url, (first, _) = offered
    with session_scope(url) as session:
        _as(session, "vera")
        with pytest.raises(PermissionDenied, match="viewer"):
            decide(session, current_project(session), first, "vera")
    with session_scope(url) as session:
        assert session.exec(select(SuggestionDecision)).all() == []
