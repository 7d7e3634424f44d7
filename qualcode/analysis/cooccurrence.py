"""Code co-occurrence: two codes that one coder applied to overlapping spans, or within the same unit.

`mode="overlap"`: a pair of span codings by the same coder in the same document whose spans share at
least one character counts once. `mode` a unit ("turn", "paragraph", "sentence", "document"): a unit
counts once for a pair of codes when the same coder applied both codes to spans touching it
(whole-document codings count only for the unit "document"). The diagonal holds each code's count of
codings (overlap) or coded units. Codings by different coders never pair with each other.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from qualcode.analysis.study import Study, require_codes
from qualcode.errors import ValidationError

MODES = ("overlap", "turn", "paragraph", "sentence", "document")

# (document id, unit) -> list of (start, end) spans of that document's units
UnitLookup = Callable[[int, str], list[tuple[int, int]]]


def _overlap_pairs(codings: pd.DataFrame) -> pd.DataFrame:
    """Pairs (i, j) of row positions whose spans overlap, within each (document, coder)."""
    spans = codings.dropna(subset=["start"])
    pairs_a: list[np.ndarray] = []
    pairs_b: list[np.ndarray] = []
    for _, part in spans.groupby(["document_id", "coder"], sort=False):
        part = part.sort_values("start")
        starts = part["start"].to_numpy(dtype=np.int64)
        ends = part["end"].to_numpy(dtype=np.int64)
        rows = part["row"].to_numpy()
        # for each i, candidates j > i start before i ends (sorted by start)
        limit = np.searchsorted(starts, ends, side="left")
        for i in np.nonzero(limit > np.arange(len(starts)) + 1)[0]:
            j = np.arange(i + 1, limit[i])
            pairs_a.append(np.full(len(j), rows[i]))
            pairs_b.append(rows[j])
    if not pairs_a:
        return pd.DataFrame({"a": pd.Series(dtype=int), "b": pd.Series(dtype=int)})
    return pd.DataFrame({"a": np.concatenate(pairs_a), "b": np.concatenate(pairs_b)})


def _unit_memberships(codings: pd.DataFrame, unit: str, units: UnitLookup) -> pd.DataFrame:
    """Rows (row, unit_key, unit_start, unit_end): which units each coding touches."""
    rows = []
    for document_id, part in codings.groupby("document_id", sort=False):
        if unit == "document":
            for row, coder in zip(part["row"], part["coder"], strict=True):
                rows.append((row, (document_id, coder, 0), 0, -1))
            continue
        spans = units(int(document_id), unit)
        if not spans:
            continue
        starts = np.array([a for a, _ in spans])
        ends = np.array([b for _, b in spans])
        for row, coder, start, end in zip(
            part["row"], part["coder"], part["start"], part["end"], strict=True
        ):
            if pd.isna(start):
                continue
            first = max(int(np.searchsorted(ends, int(start), side="right")), 0)
            last = int(np.searchsorted(starts, int(end), side="left"))
            for index in range(first, last):
                rows.append(
                    (row, (document_id, coder, index), int(starts[index]), int(ends[index]))
                )
    return pd.DataFrame(rows, columns=["row", "unit", "unit_start", "unit_end"])


def _prepare(study: Study, group: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    codes = require_codes(study, group)
    codings = study.codings[study.codings["code"].isin(set(codes["code"]))].reset_index(drop=True)
    return codes, codings.assign(row=np.arange(len(codings)))


def cooccurrence_pairs(
    study: Study, mode: str = "overlap", group: str | None = None, units: UnitLookup | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The codes considered and one row per co-occurrence: code_a, code_b (a < b in codebook order),
    document_id, coder, start, end (the passage: union of both spans, or the unit)."""
    if mode not in MODES:
        raise ValidationError(
            f"unknown co-occurrence mode {mode!r} (expected one of: {', '.join(MODES)})"
        )
    codes, codings = _prepare(study, group)
    position = dict(zip(codes["code"], range(len(codes)), strict=True))
    columns = ["code_a", "code_b", "document_id", "coder", "start", "end"]
    if mode == "overlap":
        pairs = _overlap_pairs(codings)
        a, b = (
            codings.iloc[pairs["a"]].reset_index(drop=True),
            codings.iloc[pairs["b"]].reset_index(drop=True),
        )
        found = pd.DataFrame(
            {
                "code_a": a["code"], "code_b": b["code"], "document_id": a["document_id"],
                "coder": a["coder"], "start": np.minimum(a["start"], b["start"]),
                "end": np.maximum(a["end"], b["end"]),
            }
        )  # fmt: skip
    else:
        if units is None and mode != "document":
            raise ValidationError(f"co-occurrence by {mode} needs the documents' units")
        members = _unit_memberships(codings, mode, units or (lambda _d, _u: []))
        members = members.merge(codings[["row", "code", "document_id", "coder"]], on="row")
        members = members.drop_duplicates(["unit", "code"])
        found = members.merge(
            members, on=["unit", "document_id", "coder", "unit_start", "unit_end"]
        )
        found = found.rename(
            columns={
                "code_x": "code_a",
                "code_y": "code_b",
                "unit_start": "start",
                "unit_end": "end",
            }
        )[columns]
    found = found[found["code_a"] != found["code_b"]]
    swap = found["code_a"].map(position) > found["code_b"].map(position)
    found.loc[swap, ["code_a", "code_b"]] = found.loc[swap, ["code_b", "code_a"]].to_numpy()
    if mode != "overlap":
        found = found.drop_duplicates()
    return codes, found.reset_index(drop=True)[columns]


def cooccurrence_matrix(
    study: Study, mode: str = "overlap", group: str | None = None, units: UnitLookup | None = None
) -> pd.DataFrame:
    """Symmetric code x code counts (rows and columns: code names, codebook order)."""
    codes, found = cooccurrence_pairs(study, mode, group, units)
    keys = list(codes["code"])
    counts = found.groupby(["code_a", "code_b"]).size()
    matrix = pd.DataFrame(0, index=keys, columns=keys, dtype=int)
    for (a, b), n in counts.items():
        matrix.loc[a, b] = matrix.loc[b, a] = int(n)
    codings = study.codings[study.codings["code"].isin(set(keys))]
    diagonal = codings.groupby("code").size()
    for key in keys:
        matrix.loc[key, key] = int(diagonal.get(key, 0))
    names = dict(zip(codes["code"], codes["name"], strict=True))
    matrix.index = [names[k] for k in keys]
    matrix.columns = [names[k] for k in keys]
    matrix.index.name = "code"
    return matrix.reset_index()


def cooccurrence_quotes(
    study: Study,
    code_a: str,
    code_b: str,
    mode: str = "overlap",
    group: str | None = None,
    units: UnitLookup | None = None,
) -> pd.DataFrame:
    """The passages behind one cell: participant, document, coder, start, end, quote."""
    _, found = cooccurrence_pairs(study, mode, group, units)
    cell = found[
        ((found["code_a"] == code_a) & (found["code_b"] == code_b))
        | ((found["code_a"] == code_b) & (found["code_b"] == code_a))
    ]
    docs = study.documents.set_index("document_id")
    rows = []
    for document_id, coder, start, end in zip(
        cell["document_id"], cell["coder"], cell["start"], cell["end"], strict=True
    ):
        text = docs.at[document_id, "text"]
        end = len(text) if end == -1 else int(end)
        rows.append(
            (docs.at[document_id, "who"], docs.at[document_id, "title"], coder, int(start), end,
             text[int(start):end].strip())
        )  # fmt: skip
    return pd.DataFrame(rows, columns=["participant", "document", "coder", "start", "end", "quote"])


def cooccurrence_long(matrix: pd.DataFrame) -> pd.DataFrame:
    """The matrix as rows (code, with, count) for a heatmap."""
    return matrix.melt(id_vars="code", var_name="with", value_name="count")


def stored_units(session) -> UnitLookup:
    """Unit spans of stored documents (turns, paragraphs, sentences), computed once per document."""
    from qualcode.ingest.documents import document_segments
    from qualcode.store.models import Document

    cache: dict[tuple[int, str], list[tuple[int, int]]] = {}

    def lookup(document_id: int, unit: str) -> list[tuple[int, int]]:
        if (document_id, unit) not in cache:
            document = session.get(Document, document_id)
            cache[document_id, unit] = [
                (s.start, s.end) for s in document_segments(session, document, unit)
            ]
        return cache[document_id, unit]

    return lookup
