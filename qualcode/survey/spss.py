"""SPSS .sav files of survey responses that open cleanly in SPSS and PSPP.

What SPSS needs and this writer does: variable names that are valid and not reserved words (`BY`
becomes `BY_`; every rename is in the variable map written beside the file), empty strings for
unanswered text (not "nan"), measure levels from the instrument (choices nominal, Likert, matrix
and ranks ordinal, numbers scale), whole-number formats (F8.0) for codes, flags and ranks, and
labels within SPSS's limits (value labels 120 bytes, variable labels 256), shortened with a warning
instead of being cut silently.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from qualcode.survey.exports import Column

RESERVED = {"ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH"}
VALUE_LABEL_BYTES = 120
VARIABLE_LABEL_BYTES = 256
NAME_BYTES = 64
ELLIPSIS = "…"


def spss_name(name: str, taken: set[str]) -> str:
    """A valid, unique SPSS variable name: letter first, letters/digits/_ only, at most 64 bytes,
    no reserved word (BY -> BY_)."""
    clean = re.sub(r"[^A-Za-z0-9_]", "_", name)
    if not clean or not clean[0].isalpha():
        clean = f"v_{clean}"
    clean = clean[: NAME_BYTES - 4]
    if clean.upper() in RESERVED:
        clean += "_"
    candidate, n = clean, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{clean}_{n}"
    taken.add(candidate.lower())
    return candidate


def shorten(text: str, limit: int) -> str:
    """`text` within `limit` UTF-8 bytes, ending in an ellipsis when it had to be shortened."""
    if len(text.encode("utf-8")) <= limit:
        return text
    room = limit - len(ELLIPSIS.encode("utf-8"))
    cut = text.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return cut.rstrip() + ELLIPSIS


def variable_map_path(out: Path) -> Path:
    """Where the variable map of a .sav goes: FILE.variables.csv beside FILE.sav."""
    return out.with_name(f"{out.stem}.variables.csv")


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def write_sav(columns: list[Column], out: Path) -> list[str]:
    """Write the columns as a .sav and its variable map; returns warnings about what changed."""
    import pyreadstat

    warnings: list[str] = []
    taken: set[str] = set()
    names = {c.name: spss_name(c.name, taken) for c in columns}
    data, labels, value_labels, measures, formats = {}, {}, {}, {}, {}
    for column in columns:
        name = names[column.name]
        numeric = column.value_labels is not None or all(
            _missing(v) or (isinstance(v, (int, float)) and not isinstance(v, bool))
            for v in column.values
        )
        if column.codes:
            cells = [None if _missing(v) else column.codes.get(v) for v in column.values]
        else:
            cells = column.values
        if numeric:
            data[name] = pd.Series([None if _missing(v) else v for v in cells], dtype="float64")
            measures[name] = column.measure
            if column.integer or column.value_labels is not None:
                formats[name] = "F8.0"
        else:
            data[name] = pd.Series(["" if _missing(v) else str(v) for v in cells], dtype=object)
            measures[name] = "nominal"
        labels[name] = shorten(column.label, VARIABLE_LABEL_BYTES)
        if labels[name] != column.label:
            warnings.append(f"{name}: the variable label was longer than SPSS allows; shortened")
        if column.value_labels:
            value_labels[name] = {}
            for code, label in column.value_labels.items():
                value_labels[name][code] = shorten(label, VALUE_LABEL_BYTES)
                if value_labels[name][code] != label:
                    warnings.append(
                        f"{name}: value label {code} is over {VALUE_LABEL_BYTES} bytes; shortened "
                        f"to {value_labels[name][code]!r}"
                    )
    for column in columns:
        if names[column.name] != column.name:
            warnings.append(f"column {column.name!r} is named {names[column.name]} in SPSS")
    pyreadstat.write_sav(
        pd.DataFrame(data), str(out), column_labels=labels, variable_value_labels=value_labels,
        variable_measure=measures, variable_format=formats,
    )  # fmt: skip
    with variable_map_path(out).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["column", "spss_name", "label", "measure"])
        for column in columns:
            name = names[column.name]
            writer.writerow([column.name, name, labels[name], measures[name]])
    return warnings
