"""Code tables: per code, how many participants (of N) mentioned it, codings, documents, a quote.

Also the code x participant matrix and code frequencies by coder, participant or document, and the
workflow view (a stage group's codes in codebook order).
"""

from __future__ import annotations

import pandas as pd

from qualcode.analysis.study import Study, require_codes
from qualcode.errors import ValidationError
from qualcode.ingest.participants import natural_key

SORTS = ("participants", "codings", "codebook")
COUNT_BY = ("participant", "coder", "document")
WORKFLOW_GROUP = "workflow_stage"


def representative_quotes(codings: pd.DataFrame) -> pd.Series:
    """Per code, the quote whose length is closest to the median quote length of that code.

    A deterministic, explainable choice: neither the shortest fragment nor the longest monologue.
    Ties go to the earliest document and position. Whole-document codings have no quote.
    """
    spans = codings[codings["quote"].str.strip() != ""]
    if spans.empty:
        return pd.Series(dtype=object)
    spans = spans.assign(length=spans["quote"].str.len())
    spans = spans.assign(
        distance=(spans["length"] - spans.groupby("code")["length"].transform("median")).abs()
    )
    best = spans.sort_values(["code", "distance", "document_id", "start"]).drop_duplicates("code")
    return best.set_index("code")["quote"].str.strip()


def code_table(study: Study, group: str | None = None, sort: str = "participants") -> pd.DataFrame:
    """One row per code of the group: code, name, description, participants, of, codings, documents, quote.

    Sorted by participants (or codings) descending, then name; or in codebook order (`sort="codebook"`).
    Codes nobody applied are listed with zeros.
    """
    if sort not in SORTS:
        raise ValidationError(f"unknown sort {sort!r} (expected one of: {', '.join(SORTS)})")
    codes = require_codes(study, group)
    codings = study.codings[study.codings["code"].isin(set(codes["code"]))]
    by_code = codings.groupby("code")
    table = pd.DataFrame(
        {
            "code": codes["code"].to_numpy(),
            "name": codes["name"].to_numpy(),
            "description": codes["description"].to_numpy(),
        }
    )
    table["participants"] = table["code"].map(by_code["who"].nunique()).fillna(0).astype(int)
    table["of"] = study.n_participants
    table["codings"] = table["code"].map(by_code.size()).fillna(0).astype(int)
    table["documents"] = table["code"].map(by_code["document_id"].nunique()).fillna(0).astype(int)
    table["quote"] = table["code"].map(representative_quotes(codings)).fillna("")
    if sort != "codebook":
        table = table.sort_values([sort, "name"], ascending=[False, True], kind="stable")
    return table.reset_index(drop=True)


def code_counts(
    study: Study, by: str = "participant", group: str | None = None, presence: bool = False
) -> pd.DataFrame:
    """Codes (rows, codebook order) x participants, coders or documents (columns): codings, or 1/0 presence."""
    if by not in COUNT_BY:
        raise ValidationError(f"unknown dimension {by!r} (expected one of: {', '.join(COUNT_BY)})")
    codes = require_codes(study, group)
    column = {"participant": "who", "coder": "coder", "document": "document"}[by]
    codings = study.codings[study.codings["code"].isin(set(codes["code"]))]
    if by == "participant":
        columns = study.ordered_participants()
    elif by == "document":
        columns = sorted(study.documents["title"], key=natural_key)
    else:
        columns = sorted(codings["coder"].unique(), key=natural_key)
    counts = pd.crosstab(codings["code"], codings[column]) if not codings.empty else None
    matrix = pd.DataFrame(0, index=codes["code"].to_numpy(), columns=columns, dtype=int)
    if counts is not None:
        matrix = matrix.add(counts, fill_value=0).reindex(index=matrix.index, columns=columns)
        matrix = matrix.fillna(0).astype(int)
    if presence:
        matrix = (matrix > 0).astype(int)
    matrix.index.name = "code"
    matrix.columns.name = by
    names = codes.set_index("code")["name"]
    matrix.insert(0, "name", names.reindex(matrix.index).to_numpy())
    matrix.insert(1, "total", matrix.iloc[:, 1:].sum(axis=1))
    return matrix.reset_index()


def workflow_view(study: Study, group: str = WORKFLOW_GROUP) -> pd.DataFrame:
    """The stages (codes of the stage group) in codebook order with participants and quotes per stage."""
    table = code_table(study, group, sort="codebook")
    table = table.rename(columns={"code": "stage", "codings": "quotes"})
    table.insert(0, "step", range(1, len(table) + 1))
    return table
