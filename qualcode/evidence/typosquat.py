"""Typosquatting candidates: model ids one edit away from a more popular model's name, under another owner.

Names (the part after `owner/`) are compared by Levenshtein distance (insert, delete, substitute).
To avoid comparing every name with every popular name, a pair at distance 1 is found one of two
exact ways, depending on where its single edit sits:
- in the first PREFIX characters: the name with one of those characters deleted (or the name
  itself) equals a popular name with one of its first PREFIX characters deleted (or itself) —
  found by hashing;
- later: both names share their first PREFIX characters, so only names with the same prefix (and a
  length within one) are compared, with rapidfuzz's Levenshtein distance.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from qualcode.evidence.registry_data import split_id

PREFIX = 3
BLOCK = 20_000


def _early_edit_pairs(names: list[str], targets: list[str]) -> set[tuple[str, str]]:
    """Pairs at distance 1 whose edit is within the first PREFIX characters (exact, by hashing;
    the deletions are made for all names at once with Arrow's string kernels)."""
    whole = {t: [t] for t in targets}
    shortened: dict[str, list[str]] = defaultdict(list)  # target with one early character deleted
    at: list[dict[str, list[str]]] = [defaultdict(list) for _ in range(PREFIX)]
    for target in targets:
        for i in range(min(PREFIX, len(target))):
            variant = target[:i] + target[i + 1 :]
            shortened[variant].append(target)
            at[i][variant].append(target)
    column = pa.array(names, pa.string())
    lengths = pc.utf8_length(column)
    hits = pc.is_in(column, value_set=pa.array(list(shortened), pa.string()))
    pairs = {
        (names[r], t) for r in np.flatnonzero(hits) for t in shortened[names[r]]
    }  # lacks a character
    for i in range(PREFIX):
        variants = pc.binary_join_element_wise(
            pc.utf8_slice_codeunits(column, 0, i), pc.utf8_slice_codeunits(column, i + 1), ""
        )
        same_place = pc.is_in(variants, value_set=pa.array(list(at[i]), pa.string()))
        extra = pc.and_(pc.is_in(variants, value_set=pa.array(list(whole), pa.string())),
                        pc.greater(lengths, i))  # fmt: skip
        for r in np.flatnonzero(pc.or_(same_place, extra)):
            name, variant = names[r], variants[r].as_py()
            pairs.update(
                (name, t) for t in at[i].get(variant, ()) if t != name
            )  # substitution at i
            if variant in whole and len(name) > i:
                pairs.add((name, variant))  # the name has an extra character at i
    return pairs


def _later_edit_pairs(names: list[str], targets: list[str]) -> set[tuple[str, str]]:
    """Pairs at distance 1 sharing their first PREFIX characters, by Levenshtein within buckets."""
    buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
    for target in targets:
        buckets[target[:PREFIX], len(target)].append(target)
    groups: dict[tuple[str, int], list[str]] = defaultdict(list)
    for name in names:
        groups[name[:PREFIX], len(name)].append(name)
    pairs = set()
    for (prefix, length), members in groups.items():
        near = [t for n in (length - 1, length, length + 1) for t in buckets.get((prefix, n), ())]
        for start in range(0, len(members) if near else 0, BLOCK):
            block = members[start : start + BLOCK]
            distances = process.cdist(block, near, scorer=Levenshtein.distance, score_cutoff=1,
                                      dtype=np.uint8, workers=-1)  # fmt: skip
            pairs.update(
                (block[r], near[c]) for r, c in zip(*np.nonzero(distances == 1), strict=True)
            )
    return pairs


def _entries(ids: list[str], positions) -> dict[str, list[tuple[str | None, str, int]]]:
    """(owner, id, position) of the ids at `positions`, by name."""
    entries: dict[str, list[tuple[str | None, str, int]]] = defaultdict(list)
    for position in positions:
        owner, name = split_id(ids[position])
        entries[name].append((owner, ids[position], int(position)))
    return entries


def typosquat_candidates(ids: list[str], popular: int) -> list[tuple[str, str]]:
    """(candidate id, popular id it resembles) for ids (most popular first) whose name is at distance 1
    from the name of one of the first `popular` ids, more popular than it and under another owner;
    each candidate once (its most popular match), in `ids` order."""
    column = pa.array(ids, pa.string())
    name_column = pc.replace_substring_regex(column, "^[^/]*/", "")  # names without the owner part
    names = pc.unique(name_column).to_pylist()
    originals = _entries(ids, range(min(popular, len(ids))))
    pairs = _early_edit_pairs(names, list(originals)) | _later_edit_pairs(names, list(originals))
    lookalike_names = pa.array(sorted({name for name, _ in pairs}), pa.string())
    lookalikes = _entries(ids, np.flatnonzero(pc.is_in(name_column, value_set=lookalike_names)))
    match: dict[str, tuple[str, int]] = {}  # candidate -> (original, its position)
    for name, target in pairs:
        for owner, model_id, position in lookalikes[name]:
            for original_owner, original_id, original_position in originals[target]:
                better = model_id not in match or original_position < match[model_id][1]
                if original_owner != owner and original_position < position and better:
                    match[model_id] = (original_id, original_position)
    return [(model_id, match[model_id][0]) for model_id in ids if model_id in match]
