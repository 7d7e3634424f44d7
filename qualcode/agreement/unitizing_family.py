"""Krippendorff's family of unitizing alphas for coded continua: |u-alpha, u-alpha, cu-alpha, Cu-alpha.

Definitions: Krippendorff, K., Mathet, Y., Bouvry, S., & Widlöcher, A. (2016). "On the reliability
of unitizing textual continua: Further developments." Quality & Quantity 50, 2347-2364; restated
in Krippendorff (2019), Content Analysis, 4th ed., section 12.6. ATLAS.ti's intercoder agreement
reports the same family per semantic domain (our codebook group): alpha-binary (|u-alpha),
cu-alpha (coding within a domain) and Cu-alpha (which domain, across domains).

Each coder cuts each document (a continuum) into segments: units carrying a value c (a code, or a
group) and gaps (phi, matter the coder left uncoded). With m coders:

  observed coincidences  l_ck = 1/(m-1) sum_i sum_{j!=i} sum_{g,h} |S_ig (valued c) ∩ S_jh (valued k)|
  expected coincidences  e_ck = l.. (l_c. l_.k - [c = k] C_c) / (l..^2 - C)
    where C_c sums, over every coder's segments valued c, l_g^2 for a unit (a unit does not pair
    with itself) and l_g for a gap (gap characters pair individually); C = sum_c C_c.
  alpha = 1 - D_o / D_e, D_o and D_e the off-diagonal shares of the observed and expected matrices:
    u-alpha   over every value and phi (unitizing and coding at once);
    |u-alpha  the matrices collapsed to phi versus any value (relevant or not: binary);
    cu-alpha  the phi row and column omitted from both matrices (coding of the matter coders
              both marked relevant; our reading of the definition, no printed example checked);
    Cu-alpha  cu-alpha with each code replaced by its group (which domain).

Documents are separate continua; their coincidences add up. Only documents every coder coded
take part. A coder's touching or overlapping spans of one value form one unit; characters a coder
gave two values of the same variable (two codes of one group) take a value of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qualcode.agreement.coefficients import Coefficient

GAP = 0  # the value phi: uncoded matter


@dataclass(frozen=True)
class Segmentation:
    """One coder's units in one continuum: begin, end, value (1, 2, ...), sorted, not overlapping."""

    begins: np.ndarray
    ends: np.ndarray
    values: np.ndarray


@dataclass(frozen=True)
class LengthCoincidences:
    """Observed and expected coincidences of lengths; row and column 0 are the gaps (phi)."""

    observed: np.ndarray
    expected: np.ndarray
    units: int  # units marked over all coders


def segmentation(units: list[tuple[int, int, int]]) -> Segmentation:
    """From (begin, end, value) triples; values are positive integers."""
    ordered = sorted(units)
    array = np.asarray(ordered, dtype=np.int64).reshape(-1, 3)
    if (array[:, 2] <= GAP).any():
        raise ValueError("unit values must be positive (0 stands for the gaps)")
    if (array[:, 1] <= array[:, 0]).any() or (array[1:, 0] < array[:-1, 1]).any():
        raise ValueError("a coder's units must be non-empty and must not overlap")
    return Segmentation(array[:, 0], array[:, 1], array[:, 2])


def _partition(length: int, units: Segmentation) -> tuple[np.ndarray, np.ndarray]:
    """The whole continuum as cut points and the value of each piece (gaps included)."""
    cuts = np.unique(np.concatenate([[0, length], units.begins, units.ends]))
    values = np.zeros(len(cuts) - 1, dtype=np.int64)
    if not len(units.values):
        return cuts, values
    inside = np.searchsorted(units.begins, cuts[:-1], side="right") - 1
    covered = (inside >= 0) & (cuts[:-1] < units.ends[np.maximum(inside, 0)])
    values[covered] = units.values[inside[covered]]
    return cuts, values


def length_coincidences(
    continua: list[tuple[int, list[Segmentation]]], n_values: int
) -> LengthCoincidences:
    """l_ck and e_ck over continua given as (length, one segmentation per coder)."""
    size = n_values + 1
    observed = np.zeros((size, size))
    correction = np.zeros(size)
    coders = len(continua[0][1]) if continua else 0
    units = 0
    for length, segmentations in continua:
        parts = [_partition(length, s) for s in segmentations]
        for cuts, values in parts:
            lengths = np.diff(cuts).astype(float)
            np.add.at(correction, values, np.where(values == GAP, lengths, lengths**2))
        for s in segmentations:
            units += len(s.values)
        for i, (cuts_i, values_i) in enumerate(parts):
            for j, (cuts_j, values_j) in enumerate(parts):
                if i == j:
                    continue
                cuts = np.union1d(cuts_i, cuts_j)
                value_i = values_i[np.searchsorted(cuts_i, cuts[:-1], side="right") - 1]
                value_j = values_j[np.searchsorted(cuts_j, cuts[:-1], side="right") - 1]
                np.add.at(observed, (value_i, value_j), np.diff(cuts).astype(float))
    if coders > 1:
        observed /= coders - 1
    total = observed.sum()
    marginals = observed.sum(axis=1)
    denominator = total**2 - correction.sum()
    expected = np.zeros_like(observed)
    if denominator > 0:
        expected = total * (np.outer(marginals, marginals) - np.diag(correction)) / denominator
    return LengthCoincidences(observed, expected, units)


def _alpha(observed: np.ndarray, expected: np.ndarray, note_no_variation: str) -> Coefficient:
    """1 - D_o / D_e with D the off-diagonal share of each matrix."""
    n_observed, n_expected = observed.sum(), expected.sum()
    if n_observed <= 0 or n_expected <= 0:
        return Coefficient(None, 0, "no matter was marked by two coders")
    d_o = (n_observed - np.trace(observed)) / n_observed
    d_e = (n_expected - np.trace(expected)) / n_expected
    if d_e <= 0:
        return Coefficient(None, float(n_observed), note_no_variation)
    return Coefficient(float(1.0 - d_o / d_e), float(n_observed))


def _collapse(matrix: np.ndarray) -> np.ndarray:
    """phi against any value: the 2 x 2 matrix of the binary coefficient."""
    return np.array(
        [[matrix[0, 0], matrix[0, 1:].sum()], [matrix[1:, 0].sum(), matrix[1:, 1:].sum()]]
    )


def u_alpha(c: LengthCoincidences) -> Coefficient:
    """u-alpha: unitizing and coding at once (every value and the gaps)."""
    if c.units == 0:
        return Coefficient(None, 0, "no coder marked a span")
    return _alpha(c.observed, c.expected, "no variation: expected disagreement is zero")


def binary_u_alpha(c: LengthCoincidences) -> Coefficient:
    """|u-alpha: agreement on what is relevant (coded with any value) and what is not."""
    if c.units == 0:
        return Coefficient(None, 0, "no coder marked a span")
    return _alpha(
        _collapse(c.observed), _collapse(c.expected), "no variation: everything or nothing coded"
    )


def cu_alpha(c: LengthCoincidences) -> Coefficient:
    """cu-alpha: agreement on the values within the matter coders jointly marked relevant."""
    observed, expected = c.observed[1:, 1:], c.expected[1:, 1:]
    if observed.sum() <= 0:
        return Coefficient(None, 0, "no matter was coded by two coders")
    return _alpha(observed, expected, "no variation: one value only in the jointly coded matter")


def table_continua(
    table, value_of: np.ndarray
) -> tuple[list[tuple[int, list[Segmentation]]], int, float]:
    """A character-unit table as continua: each document every coder coded, one segmentation each.

    `value_of[code row]` is the value that code stands for (1, 2, ...; 0 leaves the code out).
    Returns the continua, the number of values (one more when a coder gave one character two
    values: that character takes the extra value), and the characters so affected.
    """
    n_values = int(value_of.max(initial=0))
    several = n_values + 1
    continua, conflicts = [], 0.0
    for document_id in dict.fromkeys(table.document_ids.tolist()):
        rows = np.flatnonzero(table.document_ids == document_id)
        if not table.present[:, rows].all():
            continue
        starts, ends = table.starts[rows], table.ends[rows]
        segmentations = []
        for coder in range(len(table.coders)):
            applied = table.applied[:, coder, rows]
            chosen = np.zeros((n_values + 1, len(rows)), dtype=bool)
            for code in np.flatnonzero(value_of):
                chosen[value_of[code]] |= applied[code]
            count = chosen.sum(axis=0)
            values = np.where(count == 1, np.argmax(chosen, axis=0), GAP)
            values[count > 1] = several
            conflicts += float((ends - starts)[count > 1].sum())
            change = np.flatnonzero(np.diff(values)) + 1
            first = np.concatenate([[0], change])
            last = np.concatenate([change, [len(values)]]) - 1
            keep = values[first] != GAP
            segmentations.append(
                Segmentation(starts[first[keep]], ends[last[keep]], values[first[keep]])
            )
        continua.append((int(ends.max()), segmentations))
    used = several if conflicts else n_values
    return continua, used, conflicts
