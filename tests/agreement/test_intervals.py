"""Intervals of one variable: methods, seeds, and what happens without any disagreement."""

from __future__ import annotations

import numpy as np
import pytest

from qualcode.agreement.intervals import variable_intervals

CI_KEYS = ("alpha_ci", "kappa_ci", "fleiss_kappa_ci", "percent_ci", "ac1_ci")


def _noisy(seed: int, documents: int = 40, per_document: int = 8):
    rng = np.random.default_rng(seed)
    document = np.repeat(np.arange(documents), per_document)
    truth = rng.random(len(document)) < 0.3
    values = np.where(
        rng.random((3, len(document))) < 0.8, truth, rng.random((3, len(document))) < 0.3
    )
    return values.astype(float), document


@pytest.mark.parametrize("method", ["documents", "units", "krippendorff"])
def test_four_units_that_all_agree_say_so_instead_of_an_interval(method):
    values = np.array([[1.0, 0.0, 1.0, 0.0], [1.0, 0.0, 1.0, 0.0]])
    result = variable_intervals(values, np.arange(4), method=method, resamples=200, seed=1)
    assert result["alpha"] == 1.0
    assert all(result[key] is None for key in CI_KEYS) and result["alpha_p_below"] is None
    assert any("no disagreement observed" in note for note in result["notes"])


def test_the_same_seed_gives_the_same_intervals_and_another_seed_others():
    values, document = _noisy(1)
    first = variable_intervals(values, document, resamples=300, seed=4)
    assert variable_intervals(values, document, resamples=300, seed=4) == first
    assert (
        variable_intervals(values, document, resamples=300, seed=5)["alpha_ci"] != first["alpha_ci"]
    )


def test_every_interval_brackets_its_point_value():
    values, document = _noisy(2)
    result = variable_intervals(values, document, resamples=500, seed=2)
    for name, key in zip(
        ("alpha", "kappa", "fleiss_kappa", "percent", "ac1"), CI_KEYS, strict=True
    ):
        low, high = result[key]
        assert low < result[name] < high


def test_the_document_interval_shrinks_with_more_documents():
    small = variable_intervals(*_noisy(3, documents=50), resamples=500, seed=1)["alpha_ci"]
    large = variable_intervals(*_noisy(3, documents=800), resamples=500, seed=1)["alpha_ci"]
    ratio = (large[1] - large[0]) / (small[1] - small[0])
    assert 0.15 < ratio < 0.4  # about 1 / sqrt(16) = .25


def test_few_documents_get_a_note_and_one_document_no_interval():
    values, document = _noisy(4, documents=12)
    assert any(
        "Only 12 documents" in n
        for n in variable_intervals(values, document, resamples=200, seed=1)["notes"]
    )
    one = variable_intervals(values[:, :8], document[:8], resamples=200, seed=1)
    assert one["alpha_ci"] is None and any("at least two" in n for n in one["notes"])


def test_an_unknown_method_is_refused():
    with pytest.raises(ValueError, match="jackknife"):
        variable_intervals(*_noisy(5), method="jackknife")
