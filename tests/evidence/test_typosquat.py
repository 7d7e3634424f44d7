"""Typosquatting candidates, checked against a plain dynamic-programming edit distance and an
exhaustive comparison (every id with every popular id) by rapidfuzz."""

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from qualcode.evidence import model_ids
from qualcode.evidence.metrics import POPULAR
from qualcode.evidence.registry_data import ModelTable
from qualcode.evidence.typosquat import typosquat_candidates
from tests.conftest import PTM_DATA


def levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def brute_force(ids: list[str], popular: list[str]) -> set[str]:
    rank = {m: i for i, m in enumerate(ids)}
    found = set()
    for model_id in ids:
        owner, _, name = model_id.rpartition("/")
        for target in popular:
            t_owner, _, t_name = target.rpartition("/")
            close = abs(len(name) - len(t_name)) <= 1 and levenshtein(name, t_name) == 1
            if t_owner != owner and rank[target] < rank[model_id] and close:
                found.add(model_id)
    return found


def test_one_letter_off_under_another_owner_is_a_candidate():
    ids = ["gpt2", "openai/gpt2", "mallory/gtp2x", "mallory/gpt", "eve/bert-base", "openai/gpt3"]
    result = dict(typosquat_candidates(ids, 2))
    assert result == {"mallory/gpt": "gpt2", "openai/gpt3": "gpt2"}


def test_the_same_owner_is_not_a_candidate():
    assert typosquat_candidates(["acme/model", "acme/mode1"], 1) == []


def test_a_more_popular_look_alike_is_not_a_candidate():
    assert typosquat_candidates(["t5-small", "google/mt5-small"], 2) == [
        ("google/mt5-small", "t5-small")
    ]


def test_matches_brute_force_on_real_ids():
    ids = PTM_DATA.joinpath("hf_model_ids_2022-08.txt").read_text().split()[:3000]
    popular = ids[:60]
    assert {c for c, _ in typosquat_candidates(ids, 60)} == brute_force(ids, popular)


def test_edits_at_every_position_are_found():
    original = "bert-base"
    lookalikes = [
        f"eve{i}/{original[:i]}{original[i + 1 :]}" for i in range(len(original))
    ]  # deletions
    lookalikes += [
        f"sub{i}/{original[:i]}x{original[i + 1 :]}" for i in range(len(original))
    ]  # substitutions
    lookalikes += [
        f"ins{i}/{original[:i]}x{original[i:]}" for i in range(len(original) + 1)
    ]  # insertions
    ids = [f"google/{original}", *lookalikes, "other/bert-base"]
    found = dict(typosquat_candidates(ids, 1))
    assert set(found) == set(lookalikes)
    assert set(found) == brute_force(ids, ids[:1])


def test_only_popular_models_are_originals():
    ids = [
        "openai/gpt2",
        "zed/gpt2",
        "openai/gpt3",
    ]  # zed/gpt2 has a popular name but is not popular
    assert typosquat_candidates(ids, 1) == []


def exhaustive(ids: list[str], popular: int) -> list[tuple[str, str]]:
    """Every id's name measured against every popular id's name (rapidfuzz), then the rules:
    another owner, a more popular original, the most popular one kept."""
    parts = [m.partition("/") for m in ids]
    owners = [owner if sep else None for owner, sep, _ in parts]
    names = [name if sep else owner for owner, sep, name in parts]
    distances = process.cdist(names, names[:popular], scorer=Levenshtein.distance,
                              score_cutoff=2, dtype=np.uint8, workers=1)  # fmt: skip
    found = []
    for position, row in enumerate(distances):
        originals = [k for k in np.flatnonzero(row == 1)
                     if k < position and owners[k] != owners[position]]  # fmt: skip
        if originals:
            found.append((ids[position], ids[min(originals)]))
    return found


def test_every_real_id_gives_the_candidates_of_an_exhaustive_comparison():
    data = model_ids.load(PTM_DATA / "hf_model_ids_2022-08.txt").data
    ids = data.ids_by_popularity()
    expected = exhaustive(ids, POPULAR)
    assert len(expected) == 249
    assert data.typosquat_candidates(POPULAR) == (expected, len(ids))
    assert typosquat_candidates(ids, POPULAR) == expected


def test_popularity_is_downloads_when_the_source_has_them():
    def candidates(downloads: list[int]) -> list[tuple[str, str]]:
        frame = pd.DataFrame({"model_id": ["eve/bart", "acme/bert"], "downloads": downloads})
        frame[["owner", "name"]] = frame["model_id"].str.split("/", n=1, expand=True)
        return ModelTable.from_frame(frame, {"ids", "downloads"}).typosquat_candidates(1)[0]

    assert candidates([1, 100]) == [("eve/bart", "acme/bert")]
    assert candidates([100, 1]) == [("acme/bert", "eve/bart")]
