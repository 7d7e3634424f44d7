"""Typosquatting candidates: model ids one edit away from a popular model's name, under another owner.

Names (the part after `owner/`) are compared with rapidfuzz's Levenshtein distance (insert,
delete, substitute; cost 1 each), each distinct name once, in blocks so memory stays small.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from qualcode.evidence.registry_data import split_id

BLOCK = 20_000


def typosquat_candidates(ids: list[str], popular: list[str]) -> list[tuple[str, str]]:
    """(candidate id, popular id it resembles) for ids whose name is at distance 1 from the name of a
    more popular model (earlier in `popular`, which follows `ids`' order) under another owner; each
    candidate once (its most popular match), in `ids` order."""
    rank = {model_id: position for position, model_id in enumerate(ids)}
    owners_by_name: dict[str, list[tuple[str | None, str]]] = defaultdict(list)
    for model_id in ids:
        owner, name = split_id(model_id)
        owners_by_name[name].append((owner, model_id))
    popular_by_name: dict[str, list[tuple[str | None, str]]] = defaultdict(list)
    for model_id in popular:
        owner, name = split_id(model_id)
        popular_by_name[name].append((owner, model_id))
    names = list(owners_by_name)
    targets = list(popular_by_name)
    if not names or not targets:
        return []
    match: dict[str, str] = {}
    for start in range(0, len(names), BLOCK):
        block = names[start : start + BLOCK]
        distances = process.cdist(
            block, targets, scorer=Levenshtein.distance, score_cutoff=1, dtype=np.uint8, workers=-1
        )
        for row, column in zip(*np.nonzero(distances == 1), strict=True):
            for owner, model_id in owners_by_name[block[row]]:
                for popular_owner, popular_id in popular_by_name[targets[column]]:
                    better = model_id not in match or rank[popular_id] < rank[match[model_id]]
                    if popular_owner != owner and rank[popular_id] < rank[model_id] and better:
                        match[model_id] = popular_id
    return [(model_id, match[model_id]) for model_id in ids if model_id in match]
