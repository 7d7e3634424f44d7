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


def _expand(first: np.ndarray, stop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each i, the pairs (i, j) with first[i] <= j < stop[i], as two flat arrays."""
    counts = np.maximum(stop - first, 0)
    owners = np.repeat(np.arange(len(first)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return owners, np.repeat(first, counts) + offsets


def _overlap_pairs(codings: pd.DataFrame) -> pd.DataFrame:
    """Pairs (a, b) of row numbers whose spans overlap, within each (document, coder); vectorised.

    Spans are sorted by (document, coder, start) on one axis where each group is shifted past the
    previous one, so one binary search per span finds every later span that starts before it ends."""
    spans = codings.dropna(subset=["start"])
    if spans.empty:
        return pd.DataFrame({"a": pd.Series(dtype=int), "b": pd.Series(dtype=int)})
    group = spans.groupby(["document_id", "coder"], sort=False).ngroup().to_numpy(dtype=np.int64)
    width = int(spans["end"].max()) + 1
    starts = group * width + spans["start"].to_numpy(dtype=np.int64)
    ends = group * width + spans["end"].to_numpy(dtype=np.int64)
    order = np.argsort(starts, kind="stable")
    starts, ends, rows = starts[order], ends[order], spans["row"].to_numpy()[order]
    limit = np.searchsorted(starts, ends, side="left")
    a, b = _expand(np.arange(len(starts)) + 1, limit)
    return pd.DataFrame({"a": rows[a], "b": rows[b]})


def _unit_memberships(codings: pd.DataFrame, unit: str, units: UnitLookup) -> pd.DataFrame:
    """Rows (row, unit, coder, unit_start, unit_end): which units each coding touches (unit: an int id)."""
    parts = []
    next_unit = 0
    for document_id, part in codings.groupby("document_id", sort=False):
        if unit == "document":
            parts.append(pd.DataFrame({"row": part["row"].to_numpy(), "unit": next_unit, "unit_start": 0,
                                       "unit_end": -1}))  # fmt: skip
            next_unit += 1
            continue
        part = part.dropna(subset=["start"])
        spans = units(int(document_id), unit)
        if part.empty or not spans:
            continue
        unit_starts = np.array([a for a, _ in spans], dtype=np.int64)
        unit_ends = np.array([b for _, b in spans], dtype=np.int64)
        first = np.searchsorted(unit_ends, part["start"].to_numpy(dtype=np.int64), side="right")
        stop = np.searchsorted(unit_starts, part["end"].to_numpy(dtype=np.int64), side="left")
        owner, index = _expand(first, stop)
        parts.append(pd.DataFrame({"row": part["row"].to_numpy()[owner], "unit": next_unit + index,
                                   "unit_start": unit_starts[index], "unit_end": unit_ends[index]}))  # fmt: skip
        next_unit += len(spans)
    if not parts:
        return pd.DataFrame(columns=["row", "unit", "unit_start", "unit_end"], dtype=int)
    return pd.concat(parts, ignore_index=True)


def _prepare(study: Study, group: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The group's codes, and their codings numbered (row) with integer code and coder ids (fast joins)."""
    codes = require_codes(study, group)
    codings = study.codings[study.codings["code"].isin(set(codes["code"]))].reset_index(drop=True)
    return codes, codings.assign(
        row=np.arange(len(codings)),
        pos=pd.Categorical(codings["code"], categories=list(codes["code"])).codes.astype(np.int64),
        coder_id=pd.factorize(codings["coder"])[0],
    )


def cooccurrence_pairs(
    study: Study, mode: str = "overlap", group: str | None = None, units: UnitLookup | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The codes considered and one row per co-occurrence: code_a, code_b (a before b in codebook
    order), their positions pos_a, pos_b, document_id, coder, start, end (the passage: union of both
    spans, or the unit; end -1 = the whole document)."""
    if mode not in MODES:
        raise ValidationError(
            f"unknown co-occurrence mode {mode!r} (expected one of: {', '.join(MODES)})"
        )
    codes, codings = _prepare(study, group)
    if mode == "overlap":
        pairs = _overlap_pairs(codings)
        a, b = pairs["a"].to_numpy(), pairs["b"].to_numpy()
        found = pd.DataFrame(
            {
                "pos_a": codings["pos"].to_numpy()[a], "pos_b": codings["pos"].to_numpy()[b],
                "row": a, "start": np.minimum(codings["start"].to_numpy()[a], codings["start"].to_numpy()[b]),
                "end": np.maximum(codings["end"].to_numpy()[a], codings["end"].to_numpy()[b]),
            }
        )  # fmt: skip
    else:
        if units is None and mode != "document":
            raise ValidationError(f"co-occurrence by {mode} needs the documents' units")
        members = _unit_memberships(codings, mode, units or (lambda _d, _u: []))
        rows = members["row"].to_numpy(dtype=np.int64)
        members = members.assign(
            pos=codings["pos"].to_numpy()[rows], coder_id=codings["coder_id"].to_numpy()[rows]
        ).drop_duplicates(["unit", "coder_id", "pos"])
        found = members.merge(members[["unit", "coder_id", "pos"]], on=["unit", "coder_id"])
        found = found.rename(
            columns={"pos_x": "pos_a", "pos_y": "pos_b", "unit_start": "start", "unit_end": "end"}
        )
        found = found[found["pos_a"] < found["pos_b"]]
    low = np.minimum(found["pos_a"].to_numpy(), found["pos_b"].to_numpy())
    high = np.maximum(found["pos_a"].to_numpy(), found["pos_b"].to_numpy())
    keep = low != high
    keys = codes["code"].to_numpy()
    rows = found["row"].to_numpy()[keep].astype(np.int64)
    result = pd.DataFrame(
        {
            "code_a": keys[low[keep]], "code_b": keys[high[keep]], "pos_a": low[keep], "pos_b": high[keep],
            "document_id": codings["document_id"].to_numpy()[rows], "coder": codings["coder"].to_numpy()[rows],
            "start": found["start"].to_numpy()[keep], "end": found["end"].to_numpy()[keep],
        }
    )  # fmt: skip
    return codes, result


def cooccurrence_matrix(
    study: Study, mode: str = "overlap", group: str | None = None, units: UnitLookup | None = None
) -> pd.DataFrame:
    """Symmetric code x code counts (rows and columns: code names, codebook order)."""
    codes, found = cooccurrence_pairs(study, mode, group, units)
    keys = list(codes["code"])
    cells = np.zeros((len(keys), len(keys)), dtype=np.int64)
    np.add.at(cells, (found["pos_a"].to_numpy(), found["pos_b"].to_numpy()), 1)
    cells = cells + cells.T
    codings = study.codings[study.codings["code"].isin(set(keys))]
    cells[np.arange(len(keys)), np.arange(len(keys))] = (
        codings.groupby("code").size().reindex(keys, fill_value=0).to_numpy()
    )
    names = list(codes["name"])
    matrix = pd.DataFrame(cells, index=names, columns=names)
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
