"""Train, suggest and measure on a synthetic study whose truth is known."""

import numpy as np
import pytest

from qualcode.errors import NotFoundError, ValidationError
from qualcode.project import current_project, get_or_create_coder
from qualcode.store import session_scope
from qualcode.store.models import AuditEvent, Code, Coder, Coding
from qualcode.store.suggestion_models import Suggestion, SuggestionCodeModel, SuggestionModel
from qualcode.suggest import review
from qualcode.suggest.evaluate import evaluate
from qualcode.suggest.run import run
from qualcode.suggest.train import train


def _train(url, **options):
    with session_scope(url) as session:
        return train(session, current_project(session), unit="paragraph", **options).as_dict()


def _evaluate(url):
    with session_scope(url) as session:
        return {row["code"]: row for row in evaluate(session, current_project(session))["codes"]}


def test_a_keyword_code_is_learnt_and_agrees_with_the_coders(synthetic_url):
    _train(synthetic_url, coders=("alice", "bob"))
    licence = _evaluate(synthetic_url)["licence"]
    assert licence["f1"] > 0.95
    assert licence["alpha"]["alice"] > 0.9 and licence["alpha"]["bob"] > 0.9
    assert licence["human_alpha"] == pytest.approx(1.0)


def test_a_code_given_at_random_agrees_no_better_than_chance(synthetic_url):
    _train(synthetic_url, coders=("alice", "bob"))
    noise = _evaluate(synthetic_url)["noise"]
    assert abs(noise["alpha"]["alice"]) < 0.2 and abs(noise["alpha"]["bob"]) < 0.2
    assert noise["reading"] == "no better than chance"
    assert abs(noise["human_alpha"]) < 0.2


def test_codes_with_too_few_examples_are_listed_not_learnt(synthetic_url):
    result = _train(synthetic_url, coders=("alice",))
    assert result["skipped"] == {"rare": 1}
    assert set(result["codes"]) == {"licence", "noise"}


def test_the_model_records_what_it_was_trained_on(synthetic_url):
    _train(synthetic_url, coders=("alice",))
    with session_scope(synthetic_url) as session:
        model = session.query(SuggestionModel).one()
        assert (model.unit, model.coders, model.codebook_version) == ("paragraph", ["alice"], 1)
        assert len(model.training_hash) == 64 and "scikit-learn" in model.versions
        assert model.parameters["min_examples"] == 5


def test_training_twice_gives_the_same_model(synthetic_url):
    _train(synthetic_url, coders=("alice",))
    with session_scope(synthetic_url) as session:
        first = {
            (r.code_id, r.weights, r.intercept, r.a, r.b)
            for r in session.query(SuggestionCodeModel)
        }
        first_hash = session.query(SuggestionModel).one().training_hash
    _train(synthetic_url, coders=("alice",))
    with session_scope(synthetic_url) as session:
        live = session.query(SuggestionModel).filter(SuggestionModel.deleted_at.is_(None)).one()
        again = {(r.code_id, r.weights, r.intercept, r.a, r.b)
                 for r in session.query(SuggestionCodeModel).filter_by(model_id=live.id)}  # fmt: skip
        assert live.training_hash == first_hash
    assert again == first


def test_run_writes_assistant_codings_with_probabilities(synthetic_url):
    _train(synthetic_url, coders=("alice",))
    with session_scope(synthetic_url) as session:
        result = run(session, current_project(session), ("P1.txt",), 0.5)
        assistant = session.query(Coder).filter_by(name="assistant").one()
        codings = session.query(Coding).filter_by(coder_id=assistant.id).all()
        probabilities = [s.probability for s in session.query(Suggestion)]
    assert assistant.role == "assistant"
    assert len(codings) == sum(result["suggestions"].values()) > 0
    assert min(probabilities) >= 0.5 and max(probabilities) <= 1.0


def test_a_second_run_replaces_the_assistants_codings(synthetic_url):
    _train(synthetic_url, coders=("alice",))
    with session_scope(synthetic_url) as session:
        project = current_project(session)
        first = run(session, project, ("P1.txt",), 0.5)
        second = run(session, project, ("P1.txt",), 0.5)
        live = session.query(Coding).join(Coder).filter(Coder.name == "assistant",
                                                        Coding.deleted_at.is_(None)).count()  # fmt: skip
    assert second["replaced"] == sum(first["suggestions"].values()) == live


def test_accepting_makes_it_the_coders_own_coding_and_is_audited(synthetic_url):
    _train(synthetic_url, coders=("alice",))
    with session_scope(synthetic_url) as session:
        project = current_project(session)
        run(session, project, ("P2.txt",), 0.5)
        document = session.query(Suggestion).first().document_id
        offered = review.open_suggestions(session, project, document)
    with session_scope(synthetic_url) as session:
        project = current_project(session)
        carol = get_or_create_coder(session, project, "carol")
        before = len(review.open_suggestions(session, project, document, carol))
        coding = review.accept(session, project, offered[0]["id"], "carol")
        review.reject(session, project, offered[1]["id"], "carol")
        event = (
            session.query(AuditEvent).filter_by(action="coding.create", entity_id=coding.id).one()
        )
        assert event.detail["from_suggestion"] == offered[0]["id"] and event.actor == "carol"
        assert len(review.open_suggestions(session, project, document, carol)) == before - 2
        counts = review.decision_counts(session, project)
    decided = (
        sum(c["accepted"] for c in counts.values()),
        sum(c["rejected"] for c in counts.values()),
    )
    assert decided == (1, 1)


def test_a_decided_suggestion_cannot_be_decided_again(synthetic_url):
    _train(synthetic_url, coders=("alice",))
    with session_scope(synthetic_url) as session:
        project = current_project(session)
        run(session, project, ("P1.txt",), 0.5)
        suggestion = session.query(Suggestion).first().id
        review.reject(session, project, suggestion, "alice")
        with pytest.raises(ValidationError, match="alice already rejected"):
            review.accept(session, project, suggestion, "alice")


def test_a_rejected_suggestion_is_not_offered_again_by_a_new_run(synthetic_url):
    _train(synthetic_url, coders=("alice",))
    with session_scope(synthetic_url) as session:
        project = current_project(session)
        run(session, project, ("P2.txt",), 0.5)
        first = session.query(Suggestion).first()
        document, code = first.document_id, first.code_id
        span = (
            session.get(Coding, first.coding_id).start,
            session.get(Coding, first.coding_id).end,
        )
        review.reject(session, project, first.id, "carol")
    with session_scope(synthetic_url) as session:
        project = current_project(session)
        run(session, project, ("P2.txt",), 0.5)
        carol = get_or_create_coder(session, project, "carol")
        again = [(s["start"], s["end"]) for s in review.open_suggestions(session, project, document, carol)
                 if s["code"] == session.get(Code, code).key]  # fmt: skip
    assert span not in again and again  # the same code is still offered elsewhere


def test_suggesting_without_a_model_names_the_fix(synthetic_url):
    with (
        session_scope(synthetic_url) as session,
        pytest.raises(NotFoundError, match="suggest train"),
    ):
        run(session, current_project(session))


def test_learning_from_an_unknown_coder_is_refused(synthetic_url):
    with pytest.raises(NotFoundError, match="no coder named zoe"):
        _train(synthetic_url, coders=("zoe",))


def test_evaluation_is_the_same_for_the_same_data(synthetic_url):
    _train(synthetic_url, coders=("alice",))
    first, second = _evaluate(synthetic_url), _evaluate(synthetic_url)
    assert first == second
    assert np.isfinite(first["licence"]["alpha"]["alice"])
