"""Exports of the included responses: one row per response, as CSV, XLSX or SPSS .sav with value labels.

Columns: single/likert/consent -> one column (the label; in .sav the option number with value
labels); multi -> one 0/1 column per option; matrix -> one column per row; ranking -> the rank of
each option; "Other" texts -> an extra `_other` column. Each column knows its SPSS measure level
(choices nominal, Likert, matrix and ranks ordinal, numbers scale) and whether it holds whole
numbers; the .sav writer is survey.spss.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from qualcode.errors import ValidationError
from qualcode.survey.results import Results
from qualcode.survey.spss import write_sav

FORMATS = ("csv", "xlsx", "sav")


@dataclass
class Column:
    name: str
    label: str
    values: list
    value_labels: dict[int, str] | None = (
        None  # for .sav: code -> label (codes written in place of labels)
    )
    codes: dict[str, int] = field(default_factory=dict)
    measure: str = "nominal"  # SPSS measure level: nominal | ordinal | scale
    integer: bool = False  # whole numbers (SPSS format F8.0)


def _choice_column(
    name: str, label: str, options: list[str], cells: list, measure: str = "nominal"
) -> Column:
    codes = {option: i for i, option in enumerate(options, 1)}
    return Column(name, label, cells, {i: o for o, i in codes.items()}, codes, measure, True)


def export_columns(results: Results) -> list[Column]:
    """The export's columns in questionnaire order."""
    ids = results.response_ids
    columns = [
        Column("response_id", "Response number", list(ids), integer=True),
        Column("submitted_at", "Submitted (UTC)", [results.submitted_at[r].isoformat() if results.submitted_at[r] else "" for r in ids]),
    ]  # fmt: skip
    for question in results.instrument.questions:
        values = results.answered(question.id)
        cells = [values.get(r) for r in ids]
        kind = question.type
        if kind in ("single", "likert", "consent"):
            measure = "ordinal" if kind == "likert" else "nominal"
            columns.append(
                _choice_column(question.id, question.text, question.choices, cells, measure)
            )
        elif kind == "multi":
            for n, option in enumerate(question.choices, 1):
                flags = [None if c is None else int(option in c) for c in cells]
                column = Column(
                    f"{question.id}_{n}", f"{question.text} - {option}", flags, integer=True
                )
                column.value_labels = {0: "Not selected", 1: option}
                columns.append(column)
        elif kind == "matrix":
            for item_id, text in question.items:
                item_cells = [c.get(item_id) if isinstance(c, dict) else None for c in cells]
                columns.append(
                    _choice_column(
                        f"{question.id}_{item_id}",
                        f"{question.text} - {text}",
                        question.options,
                        item_cells,
                        "ordinal",
                    )
                )
        elif kind == "ranking":
            for n, option in enumerate(question.options, 1):
                ranks = [c.index(option) + 1 if c and option in c else None for c in cells]
                columns.append(
                    Column(
                        f"{question.id}_{n}",
                        f"{question.text} - rank of {option}",
                        ranks,
                        measure="ordinal",
                        integer=True,
                    )  # fmt: skip
                )
        elif kind == "number":
            columns.append(
                Column(question.id, question.text, cells, measure="scale", integer=question.integer)
            )
        else:
            columns.append(Column(question.id, question.text, cells))
        if question.other:
            others = results.others.get(question.id, {})
            columns.append(
                Column(
                    f"{question.id}_other",
                    f"{question.text} - {question.other}",
                    [others.get(r, "") for r in ids],
                )
            )
    return columns


def export_frame(results: Results, coded: bool = False) -> pd.DataFrame:
    """The responses as a data frame; `coded` writes option numbers instead of labels."""
    data = {}
    for column in export_columns(results):
        if coded and column.codes:
            data[column.name] = [
                column.codes.get(v) if v is not None else None for v in column.values
            ]
        else:
            data[column.name] = column.values
    return pd.DataFrame(data)


def write_export(
    results: Results, fmt: str, out: str | Path, warnings: list[str] | None = None
) -> Path:
    """Write the responses as csv, xlsx or sav to `out` (a .sav also gets its variable map beside
    it, FILE.variables.csv); what had to change for SPSS is described in `warnings` when given."""
    out = Path(out)
    if fmt not in FORMATS:
        raise ValidationError(f"export format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    if fmt == "csv":
        export_frame(results).to_csv(out, index=False)
    elif fmt == "xlsx":
        _write_xlsx(results, out)
    else:
        found = write_sav(export_columns(results), out)
        if warnings is not None:
            warnings.extend(found)
    return out


def _write_xlsx(results: Results, out: Path) -> None:
    """Row by row with xlsxwriter (constant memory): several times faster than going through pandas."""
    import xlsxwriter

    columns = export_columns(results)
    workbook = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    sheet = workbook.add_worksheet(results.survey.slug[:31])
    sheet.write_row(0, 0, [c.name for c in columns])
    for row, cells in enumerate(zip(*(c.values for c in columns), strict=True), start=1):
        sheet.write_row(
            row, 0, [", ".join(map(str, v)) if isinstance(v, list) else v for v in cells]
        )
    workbook.close()
