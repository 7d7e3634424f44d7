"""Platt's sigmoid turns held-out scores into probabilities: checked against scikit-learn's own
implementation of Platt (1999), for monotonicity, and for what the demo study then suggests."""

import json

import numpy as np
import pytest
from click.testing import CliRunner
from scipy.special import expit
from sklearn.calibration import _sigmoid_calibration

from qualcode.cli import cli
from qualcode.suggest.classifier import platt


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
