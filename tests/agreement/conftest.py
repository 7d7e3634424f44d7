"""Published worked examples used by the agreement tests."""

from __future__ import annotations

import numpy as np
import pytest

NAN = np.nan
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 coders x 12 units.
_KRIPPENDORFF_2011 = np.array(
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
        [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
    ]
)
# Fleiss (1971), table 1: 30 patients, 6 psychiatrists, 5 diagnoses; kappa = 0.430.
_FLEISS_1971 = np.array(
    [
        [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5],
        [2, 2, 2, 4, 4, 4], [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4],
        [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5], [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4],
        [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5], [3, 3, 3, 3, 3, 5],
        [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
        [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4],
        [1, 4, 4, 4, 4, 5], [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4],
        [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
    ],
    dtype=float,
).T  # fmt: skip


def direct_coefficients(values: np.ndarray, n_categories: int, weights=None) -> dict:
    """Every coefficient by its direct definition in coefficients.py (the reference)."""
    from qualcode.agreement import coefficients as coef

    return {
        "alpha": coef.alpha(values, "nominal", weights).value,
        "kappa": coef.mean_kappa(coef.pairwise_kappa(values, weights)).value,
        "fleiss_kappa": coef.fleiss_kappa(values, weights).value,
        "percent": coef.percent_agreement(values, weights).value,
        "ac1": coef.gwet_ac1(values, n_categories, weights).value,
    }


@pytest.fixture
def krippendorff_2011() -> np.ndarray:
    return _KRIPPENDORFF_2011.copy()


@pytest.fixture
def fleiss_1971() -> np.ndarray:
    return _FLEISS_1971.copy()


TEXT = "We search the hub first. Then we read the card.\n\nThe licence was missing. We gave up."


def build_small_study(url: str) -> None:
    """Two documents, an exclusive group and an open group, alice and bob coding sentences."""
    from qualcode.codebook import store as codebook_store
    from qualcode.codebook.schema import CodebookSpec, CodeSpec, GroupSpec
    from qualcode.coding.codings import add_coding
    from qualcode.project import create_project, get_or_create_coder
    from qualcode.store import session_scope
    from qualcode.store.models import Document

    spec = CodebookSpec(
        name="Small",
        groups=[GroupSpec("stage", "Stage", True), GroupSpec("topic", "Topic", False)],
        codes=[CodeSpec("search", "Search", "stage"), CodeSpec("select", "Select", "stage"),
               CodeSpec("licence", "Licence", "topic"), CodeSpec("cards", "Model cards", "topic"), CodeSpec("deploy", "Deployment", "stage")],
    )  # fmt: skip
    with session_scope(url) as session:
        project = create_project(session, "Small study")
        codebook_store.import_spec(session, project, spec)
        codes = {
            c.key: c
            for c in codebook_store.codes(session, codebook_store.get_codebook(session, project))
        }
        documents = []
        for title in ("I1", "I2"):
            document = Document(project_id=project.id, title=title, text=TEXT, sha256=title)
            session.add(document)
            documents.append(document)
        session.flush()
        alice = get_or_create_coder(session, project, "alice")
        bob = get_or_create_coder(session, project, "bob")
        plan = [
            (alice, 0, "search", 0, 24, "hub first"), (alice, 0, "cards", 25, 47, ""),
            (alice, 0, "licence", 49, 72, "no licence"), (bob, 0, "search", 0, 24, ""),
            (bob, 0, "cards", 25, 47, ""), (bob, 0, "select", 49, 72, "bob thinks selection"),
            (alice, 1, "licence", 49, 72, ""), (bob, 1, "licence", 49, 72, ""),
            (bob, 1, "search", 0, 24, ""), (alice, 1, "cards", None, None, ""),
        ]  # fmt: skip
        for coder, doc, key, start, end, memo in plan:
            add_coding(session, documents[doc], coder, codes[key], start, end, memo)


@pytest.fixture
def small_study(any_url: str) -> str:
    build_small_study(any_url)
    return any_url


@pytest.fixture
def small_study_sqlite(sqlite_url: str) -> str:
    build_small_study(sqlite_url)
    return sqlite_url
