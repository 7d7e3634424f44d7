"""Each coder decides a suggestion for themself: one coder's accept or reject leaves it open for
the others, and the counts per code are counts of decisions, per coder."""

import pytest
from click.testing import CliRunner
from sqlmodel import select

from qualcode.cli import cli
from qualcode.errors import ValidationError
from qualcode.project import current_project, get_or_create_coder
from qualcode.store import session_scope
from qualcode.store.models import AuditEvent, Coding
from qualcode.store.suggestion_models import Suggestion
from qualcode.suggest import review
from qualcode.suggest.evaluate import evaluate
from qualcode.suggest.run import run
from qualcode.suggest.train import train


@pytest.fixture
def offered(synthetic_url):
    """The study's URL, the document of the suggestions and their ids in text order; an assistant
    trained on alice suggests in P2, and carol and dave are coders who coded nothing."""
    with session_scope(synthetic_url) as session:
        project = current_project(session)
        train(session, project, ("alice",), unit="paragraph")
        run(session, project, ("P2.txt",), 0.5)
        document = session.exec(select(Suggestion.document_id)).first()
        for name in ("carol", "dave"):
            get_or_create_coder(session, project, name)
        ids = [s["id"] for s in review.open_suggestions(session, project, document)]
    assert len(ids) >= 3
    return synthetic_url, document, ids


def _open_for(url: str, document: int, name: str) -> list[int]:
    with session_scope(url) as session:
        project = current_project(session)
        coder = get_or_create_coder(session, project, name)
        return [s["id"] for s in review.open_suggestions(session, project, document, coder)]


def _decide(url: str, decide, suggestion: int, name: str):
    with session_scope(url) as session:
        return decide(session, current_project(session), suggestion, name)


def test_one_coders_reject_leaves_it_open_for_the_others(offered):
    url, document, ids = offered
    _decide(url, review.reject, ids[0], "carol")
    assert ids[0] not in _open_for(url, document, "carol")
    assert _open_for(url, document, "dave") == ids


def test_one_coders_accept_leaves_it_open_for_the_others(offered):
    url, document, ids = offered
    _decide(url, review.accept, ids[0], "carol")
    assert ids[0] not in _open_for(url, document, "carol")
    assert _open_for(url, document, "dave") == ids


def test_two_coders_accepting_one_suggestion_each_get_their_own_coding(offered):
    url, _, ids = offered
    carols = _decide(url, review.accept, ids[0], "carol").id
    daves = _decide(url, review.accept, ids[0], "dave").id
    with session_scope(url) as session:
        codings = [session.get(Coding, i) for i in (carols, daves)]
        sources = session.exec(
            select(AuditEvent.actor, AuditEvent.detail).where(
                AuditEvent.action == "coding.create", AuditEvent.entity_id.in_([carols, daves])
            )
        ).all()
    assert codings[0].coder_id != codings[1].coder_id
    assert (codings[0].start, codings[0].end) == (codings[1].start, codings[1].end)
    assert sorted((actor, detail["from_suggestion"]) for actor, detail in sources) == [
        ("carol", ids[0]),
        ("dave", ids[0]),
    ]


def test_a_coder_decides_a_suggestion_once_another_still_may(offered):
    url, _, ids = offered
    _decide(url, review.reject, ids[0], "carol")
    with pytest.raises(ValidationError, match="carol already rejected"):
        _decide(url, review.accept, ids[0], "carol")
    _decide(url, review.accept, ids[0], "dave")


def test_a_rejection_hides_the_same_suggestion_of_a_new_run_only_for_that_coder(offered):
    url, document, ids = offered
    _decide(url, review.reject, ids[0], "carol")
    with session_scope(url) as session:
        run(session, current_project(session), ("P2.txt",), 0.5)
    assert len(_open_for(url, document, "carol")) == len(ids) - 1
    assert len(_open_for(url, document, "dave")) == len(ids)


def test_decisions_are_counted_per_code_and_per_coder(offered):
    url, _, ids = offered
    _decide(url, review.accept, ids[0], "carol")
    _decide(url, review.reject, ids[0], "dave")
    _decide(url, review.reject, ids[1], "dave")
    with session_scope(url) as session:
        project = current_project(session)
        counts = review.decision_counts(session, project)
    assert sum(c["accepted"] for c in counts.values()) == 1
    assert sum(c["rejected"] for c in counts.values()) == 2
    per_coder = {}
    for row in counts.values():
        for name, decided in row["coders"].items():
            per_coder.setdefault(name, [0, 0])
            per_coder[name][0] += decided["accepted"]
            per_coder[name][1] += decided["rejected"]
    assert per_coder == {"carol": [1, 0], "dave": [0, 2]}


def test_evaluate_reports_the_decisions_per_code_and_coder(offered):
    url, _, ids = offered
    _decide(url, review.accept, ids[0], "carol")
    _decide(url, review.reject, ids[0], "dave")
    with session_scope(url) as session:
        rows = evaluate(session, current_project(session))["codes"]
    decided = {r["code"]: r["decisions"] for r in rows if r["decisions"]["coders"]}
    (code,) = decided
    assert decided[code] == {
        "accepted": 1,
        "rejected": 1,
        "coders": {"carol": {"accepted": 1, "rejected": 0}, "dave": {"accepted": 0, "rejected": 1}},
    }
    printed = CliRunner().invoke(cli, ["suggest", "evaluate", "--db", url])
    assert printed.exit_code == 0, printed.output
    assert f"{code}: 1 / 1 (carol 1 / 0, dave 0 / 1)" in printed.output


def test_two_coders_review_one_suggestion_on_the_command_line(offered):
    url, _, ids = offered
    runner = CliRunner()
    rejected = runner.invoke(cli, ["suggest", "review", str(ids[0]), "--reject", "--coder", "carol",
                                   "--db", url])  # fmt: skip
    accepted = runner.invoke(cli, ["suggest", "review", str(ids[0]), "--accept", "--coder", "dave",
                                   "--db", url])  # fmt: skip
    again = runner.invoke(cli, ["suggest", "review", str(ids[0]), "--accept", "--coder", "carol",
                                "--db", url])  # fmt: skip
    assert f"Suggestion {ids[0]} rejected by carol" in rejected.output
    assert f"Suggestion {ids[0]} accepted by dave" in accepted.output
    assert again.exit_code != 0 and "carol already rejected" in again.output
    assert "Traceback" not in again.output
