"""Platt's sigmoid turns held-out scores into probabilities: checked against scikit-learn's own
implementation of Platt (1999), for monotonicity, and for what the demo study then suggests."""

import json

import numpy as np
import pytest
from click.testing import CliRunner
from scipy.special import expit
from sklearn.calibration import _sigmoid_calibration
from sqlmodel import select

from qualcode.cli import cli
from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.store.suggestion_models import SuggestionModel
from qualcode.suggest.classifier import platt
from qualcode.suggest.run import run
from qualcode.suggest.train import train


@pytest.mark.parametrize(("n", "a", "b", "spread"), [(200, -4.0, 1.0, 1.0), (2000, -2.0, 3.0, 1.0),
                                                     (83, -30.0, 2.0, 0.05)])  # fmt: skip
def test_the_sigmoid_is_the_one_scikit_learn_fits(n, a, b, spread):
    rng = np.random.default_rng(n)
    scores = rng.normal(size=n) * spread
    labels = (rng.random(n) < expit(-(a * scores + b))).astype(float)
    ours = np.array(platt(scores, labels))
    theirs = np.array(_sigmoid_calibration(scores, labels))
    assert ours == pytest.approx(theirs, rel=1e-4, abs=1e-4)


def test_the_sigmoid_recovers_the_parameters_of_a_large_sample():
    rng = np.random.default_rng(7)
    scores = rng.normal(size=20_000)
    labels = (rng.random(20_000) < expit(-(-3.0 * scores + 2.0))).astype(float)
    assert platt(scores, labels) == pytest.approx((-3.0, 2.0), abs=0.15)


def test_scores_that_rank_coded_units_lowest_give_everyone_the_base_rate():
    scores = np.r_[np.zeros(3), np.linspace(0.01, 0.1, 80)]  # held out, coded units score 0
    labels = np.r_[np.ones(3), np.zeros(80)]
    a, b = platt(scores, labels)
    probabilities = expit(-(a * scores + b))
    assert a == 0.0  # never "the higher the score, the less likely"
    assert probabilities == pytest.approx(np.full(83, 4 / 85), abs=0.01)


def test_the_demo_gets_suggestions_at_the_default_threshold(demo_url):
    runner = CliRunner()
    trained = runner.invoke(cli, ["suggest", "train", "--coders", "alice", "--min-examples", "2",
                                  "--db", demo_url])  # fmt: skip
    assert trained.exit_code == 0, trained.output
    ran = runner.invoke(cli, ["suggest", "run", "--json", "--db", demo_url])
    assert ran.exit_code == 0, ran.output
    result = json.loads(ran.output)
    assert result["threshold"] == 0.5
    assert sum(result["suggestions"].values()) >= 10


def _run_after_training(url: str, classifier: str | None) -> dict:
    """Train, then record `classifier` as the model it was trained with, then suggest."""
    with session_scope(url) as session:
        project = current_project(session)
        train(session, project, coders=("alice", "bob"), unit="paragraph")
        model = session.exec(select(SuggestionModel)).one()
        if classifier is not None:
            model.parameters = {**model.parameters,
                                "classifier": {**model.parameters["classifier"], "model": classifier}}  # fmt: skip
            session.add(model)
    with session_scope(url) as session:
        return run(session, current_project(session), ("P1.txt",), 0.5)


def test_suggesting_with_a_model_trained_before_the_calibration_fix_warns_to_retrain(synthetic_url):
    result = _run_after_training(synthetic_url, "ridge least squares + Platt sigmoid")
    assert len(result["warnings"]) == 1
    assert "train it again (qualcode suggest train)" in result["warnings"][0]


def test_suggesting_with_a_current_model_gives_no_warning(synthetic_url):
    assert _run_after_training(synthetic_url, None)["warnings"] == []
