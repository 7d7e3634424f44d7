"""Open-ended answers in a CSV or XLSX sheet: one document per row, titled by its id column and
linked to the participant of that id; the text column is the document, other columns attributes."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from qualcode.errors import ValidationError
from qualcode.ingest.readers.text_reader import decode
from qualcode.ingest.readers.xlsx_sheet import xlsx_rows
from qualcode.ingest.transcript import ParsedTranscript, RawTurn, assemble


@dataclass
class AnswerRow:
    """One row: the participant id, the answer as a one-turn transcript, the other cells."""

    participant: str
    parsed: ParsedTranscript
    attributes: dict[str, Any] = field(default_factory=dict)


def sheet_rows(name: str, data: bytes, fmt: str) -> list[dict[str, str]]:
    """Rows as header -> cell text, from CSV (any supported encoding) or the first XLSX sheet."""
    if fmt == "xlsx":
        values = xlsx_rows(name, data)
    else:
        try:
            values = list(csv.reader(io.StringIO(decode(name, data))))
        except csv.Error as exc:
            raise ValidationError(f"{name}: not a readable CSV file ({exc})") from exc
    if not values:
        raise ValidationError(f"{name}: no rows")
    header = [h.strip() for h in values[0]]
    return [
        {h: (row[i] if i < len(row) else "") for i, h in enumerate(header) if h}
        for row in values[1:]
        if any(cell.strip() for cell in row)
    ]


def read_answers(
    name: str,
    data: bytes,
    fmt: str = "csv",
    id_column: str | None = None,
    text_column: str | None = None,
) -> list[AnswerRow]:
    """Every non-empty answer as its own document; rows without an answer are skipped with a warning.
    Both columns must be named: guessing them imported coding sheets and survey exports as junk."""
    rows = sheet_rows(name, data, fmt)
    if not rows:
        raise ValidationError(f"{name}: the sheet has a header but no rows")
    if not id_column or not text_column:
        raise ValidationError(
            f"{name}: a CSV/XLSX sheet of answers needs its id column and its text column named "
            f"(`id_column`, `text_column`); its columns: {', '.join(rows[0])}"
        )
    for column in (id_column, text_column):
        if column not in rows[0]:
            raise ValidationError(f"{name}: no column '{column}' (columns: {', '.join(rows[0])})")
    answers = []
    counts = Counter(r[id_column].strip() for r in rows)  # linear: a sheet may have many rows
    repeated = {label for label, n in counts.items() if n > 1}
    for line, row in enumerate(rows, start=2):
        label = row[id_column].strip()
        if not label:
            raise ValidationError(f"{name}, row {line}: empty '{id_column}'")
        title = f"{label} (row {line})" if label in repeated else label
        parsed = assemble(title, fmt, [RawTurn(label, row[text_column])])
        if not parsed.text:
            continue
        attributes = {
            k: v for k, v in row.items() if k not in (id_column, text_column) and v.strip()
        }
        answers.append(AnswerRow(label, parsed, attributes))
    if not answers:
        raise ValidationError(f"{name}: no answers in column '{text_column}'")
    return answers
