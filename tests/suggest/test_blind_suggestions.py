"""Blind coding hides suggestions learnt from other coders: a model trained on alice would show
bob what alice coded. Models of one's own codings, of the consensus, or of none stay visible."""

import pytest
from sqlmodel import select

from qualcode.coding.codings import add_coding
from qualcode.coding.visibility import set_blind_coding, set_owner
from qualcode.errors import ValidationError
from qualcode.project import CONSENSUS_CODER, current_project, get_or_create_coder
from qualcode.store import session_scope
from qualcode.store.models import Code, Coder, Coding, Document
from qualcode.store.suggestion_models import Suggestion
from qualcode.suggest import review
from qualcode.suggest.run import run
from qualcode.suggest.train import train


@pytest.fixture
def blind_url(synthetic_url):
    """Blind coding on; three assistants suggest in P2, which then nobody has coded yet:
    `from-alice` (trained on alice), `from-bob` (on bob alone) and `from-consensus` (on the
    consensus, which copies alice)."""
    with session_scope(synthetic_url) as session:
        project = current_project(session)
        alice = session.exec(select(Coder).where(Coder.name == "alice")).one()
        consensus = get_or_create_coder(session, project, CONSENSUS_CODER)
        for coding in session.exec(select(Coding).where(Coding.coder_id == alice.id)).all():
            document = session.get(Document, coding.document_id)
            code = session.get(Code, coding.code_id)
            add_coding(session, document, consensus, code, coding.start, coding.end, "")
        for name, coders, from_consensus in (
            ("from-alice", ("alice",), False),
            ("from-bob", ("bob",), False),
            ("from-consensus", (), True),
        ):
            train(session, project, coders, from_consensus, "paragraph", name=name)
        p2 = session.exec(select(Document).where(Document.title == "P2.txt")).one()
        for coding in session.exec(select(Coding).where(Coding.document_id == p2.id)).all():
            session.delete(coding)
        for name in ("from-alice", "from-bob", "from-consensus"):
            run(session, project, ("P2.txt",), 0.5, assistant=name)
        set_blind_coding(session, project, True, False)
    return synthetic_url


def _assistants_seen_by(url: str, name: str) -> set[str]:
    with session_scope(url) as session:
        project = current_project(session)
        viewer = get_or_create_coder(session, project, name)
        document = session.exec(select(Document.id).where(Document.title == "P2.txt")).one()
        return {s["assistant"] for s in review.open_suggestions(session, project, document, viewer)}


def _suggestion_of(url: str, assistant: str) -> int:
    with session_scope(url) as session:
        return session.exec(
            select(Suggestion.id).join(Coding, Suggestion.coding_id == Coding.id)
            .join(Coder, Coding.coder_id == Coder.id).where(Coder.name == assistant)
        ).first()  # fmt: skip


def test_a_coder_sees_no_suggestions_learnt_from_another_coder(blind_url):
    assert _assistants_seen_by(blind_url, "bob") == {"from-bob", "from-consensus"}


def test_the_coder_a_model_learnt_from_sees_its_suggestions(blind_url):
    assert _assistants_seen_by(blind_url, "alice") == {"from-alice", "from-consensus"}


def test_a_new_coder_sees_only_the_consensus_models_suggestions(blind_url):
    assert _assistants_seen_by(blind_url, "carol") == {"from-consensus"}


def test_the_owner_sees_every_assistants_suggestions(blind_url):
    with session_scope(blind_url) as session:
        project = current_project(session)
        set_owner(session, project, get_or_create_coder(session, project, "carol"))
    assert _assistants_seen_by(blind_url, "carol") == {"from-alice", "from-bob", "from-consensus"}


def test_every_coder_sees_them_all_once_reconciliation_opens(blind_url):
    with session_scope(blind_url) as session:
        set_blind_coding(session, current_project(session), True, True)
    assert _assistants_seen_by(blind_url, "bob") == {"from-alice", "from-bob", "from-consensus"}


@pytest.mark.parametrize("decide", [review.accept, review.reject])
def test_a_hidden_suggestion_cannot_be_decided(blind_url, decide):
    hidden = _suggestion_of(blind_url, "from-alice")
    with (
        session_scope(blind_url) as session,
        pytest.raises(ValidationError, match="trained on alice's codings.*blind coding"),
    ):
        decide(session, current_project(session), hidden, "bob")
    with session_scope(blind_url) as session:
        bob = session.exec(select(Coder).where(Coder.name == "bob")).one()
        assert review.decision_of(session, hidden, bob.id) is None


def test_a_coder_accepts_a_suggestion_of_their_own_model(blind_url):
    mine = _suggestion_of(blind_url, "from-bob")
    with session_scope(blind_url) as session:
        coding = review.accept(session, current_project(session), mine, "bob")
        assert session.get(Coder, coding.coder_id).name == "bob"
