"""Typosquatting candidates, checked against a plain dynamic-programming edit distance."""

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
