"""Open-ended answers in a CSV or XLSX sheet: one document per row, titled by its id column and
linked to the participant of that id; the text column is the document, other columns attributes."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from qualcode.errors import ValidationError
from qualcode.ingest.readers.text_lines import text_lines
from qualcode.ingest.readers.text_reader import decode
from qualcode.ingest.readers.xlsx_sheet import xlsx_sheet
from qualcode.ingest.transcript import ParsedTranscript, RawTurn, assemble, count_words, normalise

SHARED_CELL = 64  # attribute cells up to this length are kept once per distinct text


@dataclass(slots=True)
class AnswerRow:
    """One row: the participant id, the answer's text (normalised), the other cells, the title.
    A sheet at the upload limit holds 260,000 answers: a row keeps only these (its transcript
    objects took 1 KB each) and builds its one-turn transcript when it is stored."""

    participant: str
    text: str
    format: str
    attributes: dict[str, Any] = field(default_factory=dict)
    title: str = ""

    @property
    def parsed(self) -> ParsedTranscript:
        """The answer as a one-turn transcript titled by the row (built on each call)."""
        return assemble(
            self.title or self.participant, self.format, [RawTurn(self.participant, self.text)]
        )

    @property
    def word_count(self) -> int:
        return count_words(self.text)


def sheet_rows(name: str, data: bytes, fmt: str) -> Iterator[dict[str, str]]:
    """Rows as header -> cell text, from CSV (any supported encoding) or the first XLSX sheet, one
    at a time (a sheet at the upload limit holds 400,000 answers: a list of its cells and a list
    of its rows held three copies of the text)."""
    if fmt == "xlsx":
        values: Iterator[list[str]] = iter(xlsx_sheet(name, data))
    else:
        values = csv.reader(text_lines(decode(name, data)))
    try:
        first = next(values, None)
        if first is None:
            raise ValidationError(f"{name}: no rows")
        header = [h.strip() for h in first]
        for row in values:
            if any(cell.strip() for cell in row):
                yield {h: (row[i] if i < len(row) else "") for i, h in enumerate(header) if h}
    except csv.Error as exc:
        raise ValidationError(f"{name}: not a readable CSV file ({exc})") from exc


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
    first = next(rows, None)
    if first is None:
        raise ValidationError(f"{name}: the sheet has a header but no rows")
    if not id_column or not text_column:
        raise ValidationError(
            f"{name}: a CSV/XLSX sheet of answers needs its id column and its text column named "
            f"(`id_column`, `text_column`); its columns: {', '.join(first)}"
        )
    for column in (id_column, text_column):
        if column not in first:
            raise ValidationError(f"{name}: no column '{column}' (columns: {', '.join(first)})")
    answers, lines = [], []
    counts: Counter[str] = Counter()  # linear: a sheet may have many rows
    shared: dict[str, str] = {}
    for line, row in enumerate(chain([first], rows), start=2):
        label = row[id_column].strip()
        if not label:
            raise ValidationError(f"{name}, row {line}: empty '{id_column}'")
        counts[label] += 1
        text = normalise(row[text_column])
        if not text:
            continue
        attributes = {
            k: shared.setdefault(v, v) if len(v) <= SHARED_CELL else v
            for k, v in row.items()
            if k not in (id_column, text_column) and v.strip()
        }
        answers.append(AnswerRow(label, text, fmt, attributes))
        lines.append(line)
    for answer, line in zip(answers, lines, strict=True):  # an id on several rows: titled by row
        if counts[answer.participant] > 1:
            answer.title = f"{answer.participant} (row {line})"
    if not answers:
        raise ValidationError(f"{name}: no answers in column '{text_column}'")
    return answers
