"""The unitizing alpha family (Krippendorff et al. 2016): a worked example, a character-by-character
oracle written from the equations, and the properties the coefficients must have."""

from __future__ import annotations

import numpy as np
import pytest

from qualcode.agreement.unitizing_family import (
    binary_u_alpha,
    cu_alpha,
    length_coincidences,
    segmentation,
    table_continua,
    u_alpha,
)
from qualcode.agreement.units import UnitTable


def one_based(rows):
    """Units given as in the book (first and last character, counting from 1)."""
    return segmentation([(first - 1, last, value) for first, last, value in rows])


# Krippendorff (2019), figure 12.11: Alex, Paul and Suzan unitize and code a continuum of 60.
BOOK = [
    (
        60,
        [
            one_based([(1, 7, 1), (8, 13, 2), (31, 32, 5), (33, 37, 6), (38, 44, 6), (45, 60, 7)]),
            one_based([(1, 7, 1), (8, 13, 3), (14, 21, 5), (33, 44, 6)]),
            one_based([(1, 7, 1), (8, 13, 4), (14, 21, 5), (33, 37, 6), (38, 41, 6), (42, 44, 6)]),
        ],
    )
]


def test_book_example_u_alpha():
    # 0.510 as printed for this example (values as transcribed by the quallmer R package's tests)
    assert round(u_alpha(length_coincidences(BOOK, 7)).value, 3) == 0.510


def test_book_example_binary_u_alpha():
    # printed as 0.413; the equations give 0.4136 (the same as quallmer's implementation)
    assert binary_u_alpha(length_coincidences(BOOK, 7)).value == pytest.approx(0.413, abs=0.001)


def test_book_example_observed_coincidences_sum_to_coders_times_length():
    assert length_coincidences(BOOK, 7).observed.sum() == pytest.approx(3 * 60)


def oracle(length, coders, n_values):
    """The equations evaluated one character at a time (no sweeps, no partitions)."""
    value = np.zeros((len(coders), length), dtype=int)
    correction = np.zeros(n_values + 1)
    for i, units in enumerate(coders):
        for begin, end, v in zip(units.begins, units.ends, units.values, strict=True):
            value[i, begin:end] = v
            correction[v] += (end - begin) ** 2
        correction[0] += (value[i] == 0).sum()
    m = len(coders)
    observed = np.zeros((n_values + 1, n_values + 1))
    for x in range(length):
        for i in range(m):
            for j in range(m):
                if i != j:
                    observed[value[i, x], value[j, x]] += 1 / (m - 1)
    n = observed.sum()
    marginal = observed.sum(axis=1)
    expected = n * (np.outer(marginal, marginal) - np.diag(correction)) / (n * n - correction.sum())

    def alpha(o, e):
        return 1 - ((o.sum() - np.trace(o)) / o.sum()) / ((e.sum() - np.trace(e)) / e.sum())

    def collapse(a):
        return np.array([[a[0, 0], a[0, 1:].sum()], [a[1:, 0].sum(), a[1:, 1:].sum()]])

    return (
        alpha(observed, expected),
        alpha(collapse(observed), collapse(expected)),
        alpha(observed[1:, 1:], expected[1:, 1:]),
    )


def random_coder(rng, length, n_values, pieces=9):
    cuts = np.sort(rng.choice(np.arange(1, length), size=pieces - 1, replace=False))
    pieces = zip(np.concatenate([[0], cuts]), np.concatenate([cuts, [length]]), strict=True)
    return segmentation(
        [
            (int(a), int(b), int(rng.integers(1, n_values + 1)))
            for a, b in pieces
            if rng.random() < 0.5
        ]
    )


@pytest.mark.parametrize("seed", range(6))
def test_agrees_with_the_character_by_character_oracle(seed):
    rng = np.random.default_rng(seed)
    coders = [random_coder(rng, 80, 3) for _ in range(2 + seed % 3)]
    matrices = length_coincidences([(80, coders)], 3)
    expected = oracle(80, coders, 3)
    computed = (u_alpha(matrices).value, binary_u_alpha(matrices).value, cu_alpha(matrices).value)
    assert computed == pytest.approx(expected, abs=1e-12)


def test_identical_coders_agree_perfectly():
    coder = BOOK[0][1][0]
    matrices = length_coincidences([(60, [coder, coder, coder])], 7)
    assert [f(matrices).value for f in (u_alpha, binary_u_alpha, cu_alpha)] == pytest.approx(
        [1.0, 1.0, 1.0]
    )


def test_renaming_values_changes_nothing():
    rename = {1: 7, 2: 6, 3: 5, 4: 4, 5: 3, 6: 2, 7: 1}
    renamed = [
        (60, [segmentation([(b, e, rename[v]) for b, e, v in zip(c.begins, c.ends, c.values, strict=True)])
              for c in BOOK[0][1]])
    ]  # fmt: skip
    before, after = length_coincidences(BOOK, 7), length_coincidences(renamed, 7)
    for f in (u_alpha, binary_u_alpha, cu_alpha):
        assert f(after).value == pytest.approx(f(before).value)


def test_independent_coders_score_near_zero():
    rng = np.random.default_rng(7)
    # many small units: the coefficients' sampling error shrinks with the number of units
    continua = [(400, [random_coder(rng, 400, 2, 40) for _ in range(2)]) for _ in range(60)]
    matrices = length_coincidences(continua, 2)
    assert abs(u_alpha(matrices).value) < 0.1
    assert abs(binary_u_alpha(matrices).value) < 0.1
    assert abs(cu_alpha(matrices).value) < 0.1


def test_no_units_leave_the_coefficients_undefined():
    empty = segmentation([])
    matrices = length_coincidences([(50, [empty, empty])], 2)
    assert u_alpha(matrices).value is None and u_alpha(matrices).note
    assert cu_alpha(matrices).value is None and cu_alpha(matrices).note


def test_overlapping_units_of_one_coder_are_refused():
    with pytest.raises(ValueError, match="overlap"):
        segmentation([(0, 10, 1), (5, 12, 2)])


def character_table(applied: np.ndarray) -> UnitTable:
    """One document of four runs of 5 characters; applied is codes x coders x runs."""
    starts = np.arange(0, 20, 5)
    return UnitTable(
        "character", ["a", "b"], [f"c{i}" for i in range(applied.shape[0])], np.zeros(4, int),
        starts, starts + 5, np.ones((2, 4), bool), applied, np.full(4, 5.0),
    )  # fmt: skip


def test_table_runs_of_one_value_make_one_unit():
    applied = np.zeros((1, 2, 4), bool)
    applied[0, 0, 1:3] = True
    continua, n_values, conflicts = table_continua(character_table(applied), np.array([1]))
    units = continua[0][1][0]
    assert (units.begins.tolist(), units.ends.tolist(), n_values, conflicts) == ([5], [15], 1, 0)


def test_table_two_codes_of_one_group_on_one_character_take_a_value_of_their_own():
    applied = np.zeros((2, 2, 4), bool)
    applied[0, 0, 0:2] = True
    applied[1, 0, 1:3] = True
    continua, n_values, conflicts = table_continua(character_table(applied), np.array([1, 2]))
    assert continua[0][1][0].values.tolist() == [1, 3, 2]
    assert (n_values, conflicts) == (3, 5.0)
