"""Text features for suggestions: TF-IDF of word 1-2-grams and character 2-5-grams (within words).

Fitted on the training units and stored as plain data (vocabularies and idf weights, JSON), so a
model is read back without unpickling anything, and the same text always gives the same vector.
The weighting is scikit-learn's (`TfidfTransformer` with smooth idf and sublinear tf), each block
normalised to unit length, as a `FeatureUnion` of two `TfidfVectorizer`s would give.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

BLOCKS = {
    "word": {"analyzer": "word", "ngram_range": (1, 2), "max_features": 40_000},
    "char": {"analyzer": "char_wb", "ngram_range": (2, 5), "max_features": 60_000},
}


@dataclass
class FeatureSpace:
    """Per block: the vocabulary (term -> column) and the idf weight of each column."""

    vocabularies: dict[str, dict[str, int]]
    idf: dict[str, np.ndarray]

    @property
    def size(self) -> int:
        return sum(len(v) for v in self.vocabularies.values())

    def to_json(self) -> str:
        return json.dumps({
            "blocks": {name: {"vocabulary": self.vocabularies[name],
                              "idf": self.idf[name].round(8).tolist()} for name in BLOCKS},
        }, sort_keys=True)  # fmt: skip

    @classmethod
    def from_json(cls, text: str) -> FeatureSpace:
        data = json.loads(text)["blocks"]
        return cls(
            {name: data[name]["vocabulary"] for name in BLOCKS},
            {name: np.asarray(data[name]["idf"], dtype=np.float64) for name in BLOCKS},
        )


def _counter(name: str, vocabulary: dict[str, int] | None = None) -> CountVectorizer:
    options = dict(BLOCKS[name])
    if vocabulary is not None:
        options.pop("max_features")
    return CountVectorizer(lowercase=True, vocabulary=vocabulary, dtype=np.float64, **options)


def fit_features(texts: list[str]) -> tuple[FeatureSpace, sparse.csr_matrix]:
    """The feature space of the training texts (the most frequent terms kept) and the texts in it."""
    vocabularies, idf, blocks = {}, {}, []
    n = len(texts)
    for name in BLOCKS:
        counter = _counter(name)
        try:
            counts = counter.fit_transform(texts).tocsr()
        except ValueError:  # no terms at all (empty texts)
            vocabularies[name], idf[name] = {}, np.zeros(0)
            blocks.append(sparse.csr_matrix((n, 0)))
            continue
        vocabularies[name] = {term: int(i) for term, i in counter.vocabulary_.items()}
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        idf[name] = np.log((1 + n) / (1 + df)) + 1.0
        blocks.append(_weighted(counts, idf[name]))
    return FeatureSpace(vocabularies, idf), sparse.hstack(blocks, format="csr")


def _weighted(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear tf times idf, each row of the block scaled to unit length."""
    counts = counts.astype(np.float64)
    counts.data = 1.0 + np.log(counts.data)
    return normalize(counts @ sparse.diags(idf), norm="l2")


def transform(space: FeatureSpace, texts: list[str]) -> sparse.csr_matrix:
    """Texts as rows of TF-IDF features in the space."""
    blocks = []
    for name in BLOCKS:
        if not space.vocabularies[name]:
            blocks.append(sparse.csr_matrix((len(texts), 0)))
            continue
        counts = _counter(name, space.vocabularies[name]).transform(texts).tocsr()
        blocks.append(_weighted(counts, space.idf[name]))
    return sparse.hstack(blocks, format="csr")
