"""Reading a Qualtrics response export (CSV or XLSX): its header rows and its answer rows.

A current export has three header rows: column ids (Q1, Q4_2, Q5_7_TEXT ...), question texts,
and a row of `{"ImportId": "QID1"}` cells (JSON; files edited in Python carry `{'ImportId': 'QID1'}`).
Older exports have two rows (ids and texts), and a hand-edited file may keep only the ids. How many
header rows a file has is read from its cells: an ImportId row, then whether the second row holds
column texts ("Response ID", "Start Date") or a first respondent (`R_...`, dates, True/False).
A file that gives no clear answer is refused, never read with a respondent as its header.
"""

from __future__ import annotations

import ast
import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from qualcode.errors import ValidationError
from qualcode.ingest.readers.text_lines import text_lines
from qualcode.ingest.readers.text_reader import decode
from qualcode.ingest.readers.xlsx_sheet import XLSX_SUFFIXES, xlsx_sheet

HEADER_ROWS = (1, 2, 3)
SHARED_CELL = 64  # cells up to this length are kept once per distinct text
# Metadata columns: the texts Qualtrics writes for them in row 2, and what their answers look like.
META_TEXTS = {
    "startdate": "start date", "enddate": "end date", "status": "response type",
    "ipaddress": "ip address", "progress": "progress", "duration (in seconds)": "duration (in seconds)",
    "finished": "finished", "recordeddate": "recorded date", "responseid": "response id",
    "distributionchannel": "distribution channel", "userlanguage": "user language",
    "v1": "responseid", "v8": "startdate", "v9": "enddate", "v10": "finished",
}  # fmt: skip
RESPONSE_ID = re.compile(r"^R_[A-Za-z0-9]{5,}$")
NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")
STATUS_VALUES = {"ip address", "survey preview", "survey test", "spam", "imported", "offline"}
STATUS_VALUES |= {"0", "1", "2", "4", "8", "9", "12", "16", "17"}


@dataclass
class Sheet:
    source: str
    ids: list[str]
    texts: list[str]
    import_ids: list[str] | None
    rows: list[list[str]]
    header_rows: int = 2
    overflowing: list[int] = field(
        default_factory=list
    )  # answer rows (1 = first) with cells beyond the ids

    def column(self, index: int) -> list[str]:
        return [row[index] if index < len(row) else "" for row in self.rows]

    def index(self, column_id: str) -> int | None:
        return self.ids.index(column_id) if column_id in self.ids else None

    def import_id(self, index: int) -> str:
        return self.import_ids[index] if self.import_ids else ""


def _delimiter(path: Path, text: str) -> str:
    """A tab for Qualtrics' TSV export (its header row of field ids holds tabs, never commas),
    whatever the file is called; a comma otherwise."""
    first = text[: text.find("\n")] if "\n" in text else text
    tabbed = path.suffix.lower() == ".tsv" or first.count("\t") > first.count(",")
    return "\t" if tabbed else ","


def _read_rows(path: Path) -> Iterator[list[str]]:
    """The file's rows one at a time, each short cell shared with its equals: an export repeats
    the same few choices, numbers and dates in every row, and one object per cell made a 50 MB
    export take gigabytes."""
    shared: dict[str, str] = {}
    if path.suffix.lower() in XLSX_SUFFIXES:
        rows = iter(xlsx_sheet(path.name, path.read_bytes()))
    else:
        text = decode(path.name, path.read_bytes())  # Qualtrics writes TSV as UTF-16
        rows = csv.reader(text_lines(text), delimiter=_delimiter(path, text))
    try:
        for row in rows:
            yield [shared.setdefault(c, c) if len(c) <= SHARED_CELL else c for c in row]
    except csv.Error as exc:
        raise ValidationError(f"{path.name}: not a readable CSV or TSV file ({exc})") from exc


def import_id_of(cell: str) -> str | None:
    """The ImportId an export header cell names, in JSON (`{"ImportId": "QID1"}`) or
    Python-quote style (`{'ImportId': 'QID1'}`); a split multi-select column's with its choice
    (`{"ImportId":"QID6","choiceId":"10"}` -> `QID6_10`); None for any other cell."""
    text = cell.strip()
    if not (text.startswith("{") and "importid" in text.casefold()):
        return None
    for parse in (json.loads, ast.literal_eval):
        try:
            data = parse(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
        if isinstance(data, dict):
            key = next((k for k in data if str(k).casefold() == "importid"), None)
            choice = next((k for k in data if str(k).casefold() == "choiceid"), None)
            if key is not None and choice is not None:  # a split multi-select column
                return f"{data[key]}_{data[choice]}"
            if key is not None:
                return str(data[key])
    return None


def _is_import_id_row(row: list[str]) -> bool:
    filled = [c for c in row if c.strip()]
    return bool(filled) and sum(import_id_of(c) is not None for c in filled) * 2 >= len(filled)


def _looks_like_data(column_id: str, cell: str) -> bool | None:
    """Whether a metadata cell of row 2 is an answer (True), its column's text (False), or unclear."""
    key, value = column_id.strip().casefold(), cell.strip()
    if key not in META_TEXTS or not value:
        return None
    if value.casefold() in (META_TEXTS[key], key):
        return False
    if key in ("responseid", "v1"):
        return bool(RESPONSE_ID.match(value))
    if key in ("startdate", "enddate", "recordeddate", "v8", "v9"):
        try:
            datetime.fromisoformat(value.replace("/", "-"))
        except ValueError:
            return None
        return True
    if key in ("finished", "v10"):
        return value.casefold() in ("true", "false", "0", "1")
    if key in ("progress", "duration (in seconds)"):
        return bool(NUMBER.match(value))
    if key == "status":
        return value.casefold() in STATUS_VALUES
    return None


def _second_row_votes(rows: list[list[str]]) -> tuple[int, int]:
    """(votes for 'row 2 is column texts', votes for 'row 2 is a respondent').

    Metadata cells vote by their form; a question cell whose value comes back in later rows of
    its column is an answer (respondents repeat choices, question texts never recur)."""
    ids, second, rest = rows[0], rows[1], rows[2:]
    header = data = 0
    for index, column_id in enumerate(ids):
        cell = second[index].strip() if index < len(second) else ""
        verdict = _looks_like_data(column_id, cell)
        if verdict is None and cell and column_id.casefold() not in META_TEXTS:
            later = {r[index].strip() for r in rest if index < len(r)}
            if cell in later:
                verdict = True
            elif " - " in cell or cell.endswith("?"):
                verdict = False
        header += verdict is False
        data += verdict is True
    return header, data


def count_header_rows(rows: list[list[str]], source: str) -> int:
    """1, 2 or 3 header rows, read from the cells; raises when the file does not say."""
    if len(rows) > 2 and _is_import_id_row(rows[2]):
        return 3
    if len(rows) > 1 and _is_import_id_row(rows[1]):
        return 2
    if len(rows) < 2:
        return 1
    header, data = _second_row_votes(rows)
    if header and not data:
        return 2
    if data and not header:
        return 1
    raise ValidationError(
        f"{source}: cannot tell whether row 2 holds the question texts or the first response "
        f"({header} cells look like column texts, {data} like answers); "
        "give the number of header rows (--header-rows 1, 2 or 3)"
    )


def read_sheet(path: str | Path, header_rows: int | None = None) -> Sheet:
    """The export's header rows and answer rows, every cell as text."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"{path}: no such file")
    rows = [r for r in _read_rows(path) if any(c.strip() for c in r)]
    if not rows:
        raise ValidationError(f"{path.name}: the file is empty (no row of column ids)")
    if header_rows is not None and header_rows not in HEADER_ROWS:
        raise ValidationError(f"the number of header rows must be 1, 2 or 3, got {header_rows}")
    count = header_rows or count_header_rows(rows, path.name)
    if len(rows) < count:
        raise ValidationError(
            f"{path.name}: {count} header rows expected, the file has {len(rows)}"
        )
    ids = [c.strip() for c in rows[0]]
    width = len(ids)
    for row in rows:  # padded in place: a copy of every row doubled the sheet's memory
        row.extend([""] * (width - len(row)))
    padded = rows
    import_rows = [r for r in padded[1:count] if _is_import_id_row(r)]
    text_rows = [r for r in padded[1:count] if not _is_import_id_row(r)]
    import_ids = [import_id_of(c) or "" for c in import_rows[0][:width]] if import_rows else None
    texts = [c.strip() for c in text_rows[0][:width]] if text_rows else list(ids)
    if count == 3 and import_ids is None:
        raise ValidationError(
            f"{path.name}: row 3 holds no ImportId cells, so it is not a header row"
        )
    body = padded[count:]
    overflowing = [n for n, r in enumerate(body, 1) if any(c.strip() for c in r[width:])]
    for row in body:
        del row[width:]
    return Sheet(str(path), ids, texts, import_ids, body, count, overflowing)
