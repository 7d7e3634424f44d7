"""Codes by participant attribute (e.g. challenges by organisation size): participants per code and value.

A list-valued attribute (e.g. model types "NLP, Vision") counts the participant under each value;
participants without the attribute count under "(not given)".
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from qualcode.analysis.study import Study, require_codes
from qualcode.errors import NotFoundError
from qualcode.ingest.participants import attribute_values

NOT_GIVEN = "(not given)"


def attribute_names(study: Study) -> list[str]:
    """Attribute names that any participant has, sorted."""
    return sorted({name for attrs in study.participants["attributes"] for name in attrs})


def _values(value: object) -> list[str]:
    return [v for v in (item.strip() for item in attribute_values(value)) if v] or [NOT_GIVEN]


def participant_values(study: Study, attribute: str) -> pd.DataFrame:
    """Long table (who, value): one row per participant and value of the attribute."""
    if attribute not in attribute_names(study):
        known = ", ".join(attribute_names(study)) or "none"
        raise NotFoundError(f"no participant attribute {attribute!r} (attributes: {known})")
    rows = [
        (who, value)
        for who, attrs in zip(
            study.participants["who"], study.participants["attributes"], strict=True
        )
        for value in _values(attrs.get(attribute))
    ]
    return pd.DataFrame(rows, columns=["who", "value"])


def _ordered(values: Iterable[str]) -> list[str]:
    unique = sorted(set(values), key=lambda v: (v == NOT_GIVEN, v.casefold()))
    return unique


def attribute_crosstab(study: Study, attribute: str, group: str | None = None) -> pd.DataFrame:
    """Rows: codes (codebook order). Columns: attribute values, each "value (n=k)" where k is the number
    of participants with that value; cells count participants with that value who mentioned the code."""
    codes = require_codes(study, group)
    values = participant_values(study, attribute)
    order = _ordered(values["value"])
    sizes = values.groupby("value")["who"].nunique()
    mentions = study.codings[study.codings["code"].isin(set(codes["code"]))][["code", "who"]]
    joined = mentions.drop_duplicates().merge(values, on="who")
    counts = pd.crosstab(joined["code"], joined["value"]) if not joined.empty else pd.DataFrame()
    table = pd.DataFrame({"code": codes["code"].to_numpy(), "name": codes["name"].to_numpy()})
    for value in order:
        column = counts[value] if value in counts else pd.Series(dtype=int)
        table[f"{value} (n={int(sizes[value])})"] = table["code"].map(column).fillna(0).astype(int)
    return table


def crosstab_long(table: pd.DataFrame) -> pd.DataFrame:
    """The cross-tab as rows (name, value, participants) for charts."""
    long = table.drop(columns=["code"]).melt(
        id_vars="name", var_name="value", value_name="participants"
    )
    return long
