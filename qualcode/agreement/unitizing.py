"""Krippendorff's unitizing alpha (u-alpha) for free spans of one code.

Definition: Krippendorff, K. (2004). "Measuring the reliability of qualitative text analysis
data." Quality & Quantity 38, 787-800 (section 3 and the appendix's worked example). Each coder
cuts each document (a continuum of length L_d) into units of the code and gaps between them.
For coders i != j and their segments g, h (begin b, length l):

  delta^2 = (b_g - b_h)^2 + (b_g + l_g - b_h - l_h)^2   both units, overlapping
          = l_g^2                                        g a unit inside the gap h (or h inside g)
          = 0                                            otherwise

  D_o = sum over ordered coder pairs and segment pairs of delta^2 / (m (m - 1) L^2)
  D_e = (2 / L) sum_i sum_{units g} [ (N - 1)/3 (2 l_g^3 - 3 l_g^2 + l_g)
                                      + l_g^2 sum_j sum_{gaps h, l_h >= l_g} (l_h - l_g + 1) ]
        / ( sum_d m L_d (m L_d - 1) - sum_{units g} l_g (l_g - 1) )
  u-alpha = 1 - D_o / D_e

with m coders, N the number of units of the code over all coders, and L the summed length.
A coder's overlapping spans of the same code are merged first (a continuum has no overlaps).
Krippendorff et al. (2016, Quality & Quantity 50, 2347-2364) later redefined unitizing alpha
with coincidences of lengths (better behaved with more than two coders) and extended it to a
family: see unitizing_family.py. This 2004 form is kept per code for comparison.
"""

from __future__ import annotations

import numpy as np

from qualcode.agreement.coefficients import Coefficient


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans joined into one."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def continuum(
    length: int, spans: list[tuple[int, int]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A coder's segmentation of [0, length): begins, lengths, and whether each is a unit."""
    begins, lengths, is_unit = [], [], []
    position = 0
    for start, end in merge_spans(spans):
        if start > position:
            begins.append(position), lengths.append(start - position), is_unit.append(False)
        begins.append(start), lengths.append(end - start), is_unit.append(True)
        position = end
    if position < length:
        begins.append(position), lengths.append(length - position), is_unit.append(False)
    return np.asarray(begins, float), np.asarray(lengths, float), np.asarray(is_unit, bool)


def _observed(a, b) -> float:
    """Sum of delta^2 over segment pairs of two coders (one order)."""
    (bg, lg, ug), (bh, lh, uh) = a, b
    bg, lg, ug = bg[:, None], lg[:, None], ug[:, None]
    eg, eh = bg + lg, bh + lh
    overlap = (bg < eh) & (bh < eg)
    both = ug & uh & overlap
    total = (((bg - bh) ** 2 + (eg - eh) ** 2) * both).sum()
    unit_in_gap = ug & ~uh & (bh <= bg) & (eg <= eh)
    gap_around = ~ug & uh & (bg <= bh) & (eh <= eg)
    total += (lg**2 * unit_in_gap).sum() + ((lh**2)[None, :] * gap_around).sum()
    return float(total)


def unitizing_alpha(documents: list[tuple[int, list[list[tuple[int, int]]]]]) -> Coefficient:
    """u-alpha of one code over documents given as (length, [spans of coder 1, coder 2, ...]).

    Every coder must have unitized every document given (pass only those all coders coded).
    """
    if not documents:
        return Coefficient(None, 0, "no document was coded by every coder")
    m = len(documents[0][1])
    segmented = [[continuum(length, spans) for spans in coders] for length, coders in documents]
    total_length = float(sum(length for length, _ in documents))
    n_units = sum(int(s[2].sum()) for coders in segmented for s in coders)
    if m < 2 or n_units == 0:
        return Coefficient(None, 0, "no coder marked a span of this code")
    observed = 0.0
    expected = 0.0
    denominator = 0.0
    for (length, _), coders in zip(documents, segmented, strict=True):
        denominator += m * length * (m * length - 1)
        gaps = np.concatenate([lengths[~units] for _, lengths, units in coders])
        for i, a in enumerate(coders):
            for j, b in enumerate(coders):
                if i != j:
                    observed += _observed(a, b)
            unit_lengths = a[1][a[2]]
            denominator -= float((unit_lengths * (unit_lengths - 1)).sum())
            expected += float(
                (
                    (n_units - 1) / 3 * (2 * unit_lengths**3 - 3 * unit_lengths**2 + unit_lengths)
                ).sum()
            )
            room = np.clip(gaps[None, :] - unit_lengths[:, None] + 1, 0, None)
            room[gaps[None, :] < unit_lengths[:, None]] = 0
            expected += float((unit_lengths**2 * room.sum(axis=1)).sum())
    d_o = observed / (m * (m - 1) * total_length**2)
    d_e = (2 / total_length) * expected / denominator if denominator > 0 else 0.0
    if d_e <= 0:
        return Coefficient(None, n_units, "no variation: expected disagreement is zero")
    return Coefficient(1 - d_o / d_e, n_units)


def table_spans(table, code: int) -> list[tuple[int, list[list[tuple[int, int]]]]]:
    """From a character-unit table: each document every coder coded, with each coder's spans."""
    documents = []
    for document_id in dict.fromkeys(table.document_ids.tolist()):
        rows = np.flatnonzero(table.document_ids == document_id)
        if not table.present[:, rows].all():
            continue
        length = int(table.ends[rows].max())
        spans = [
            merge_spans([(int(table.starts[u]), int(table.ends[u]))
                         for u in rows if table.applied[code, coder, u]])
            for coder in range(len(table.coders))
        ]  # fmt: skip
        documents.append((length, spans))
    return documents
