"""Reading a Qualtrics response export (CSV or XLSX) and inferring its questions from the values.

An export has two or three header rows: column ids (Q1, Q4_2, Q5_7_TEXT ...), question texts,
and, in newer exports, an `{"ImportId": ...}` JSON row. Metadata columns (dates, IP address,
location ...) and display-order artefacts (`_DO`, `_ADO` columns) are not questions.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from qualcode.errors import ValidationError
from qualcode.ingest.readers.safety import check_archive
from qualcode.ingest.readers.text_reader import decode
from qualcode.survey.instrument import Instrument, parse_instrument
from qualcode.survey.multiselect import split_learned
from qualcode.survey.scales import consent_options, likert_labels

METADATA = {
    "startdate", "enddate", "status", "ipaddress", "progress", "duration (in seconds)", "finished",
    "recordeddate", "responseid", "recipientlastname", "recipientfirstname", "recipientemail",
    "externalreference", "externaldatareference", "locationlatitude", "locationlongitude",
    "distributionchannel", "userlanguage", "responseset", "v1", "v2", "v3", "v4", "v5", "v6", "v7",
    "v8", "v9", "v10",
}  # fmt: skip
DISPLAY_ORDER = re.compile(r"(_DO(_\d+)?|_ADO|DisplayOrder)$", re.IGNORECASE)
OTHER_TEXT = re.compile(r"^(?P<base>.+)_(?P<choice>\d+)_TEXT$")
SUB_COLUMN = re.compile(r"^(?P<base>.+)_(?P<item>[A-Za-z0-9]+)$")
QUESTION_IMPORT_ID = re.compile(r"^QID\d+(?P<item>[_#].+)?$")
NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")


@dataclass
class Sheet:
    source: str
    ids: list[str]
    texts: list[str]
    import_ids: list[str] | None
    rows: list[list[str]]
    ignored: list[str] = field(default_factory=list)

    def column(self, index: int) -> list[str]:
        return [row[index] if index < len(row) else "" for row in self.rows]

    def index(self, column_id: str) -> int | None:
        return self.ids.index(column_id) if column_id in self.ids else None


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_rows(path: Path) -> list[list[str]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        check_archive(path.name, path.read_bytes(), None, "xlsx files")
        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for broken files
            raise ValidationError(f"{path.name}: not a readable Excel file ({exc})") from exc
        rows = [
            [_cell(v) for v in row] for row in workbook.worksheets[0].iter_rows(values_only=True)
        ]
        workbook.close()
        return rows
    return [list(row) for row in csv.reader(io.StringIO(decode(path.name, path.read_bytes())))]


def _import_id(cell: str) -> str | None:
    try:
        data = json.loads(cell)
    except (json.JSONDecodeError, TypeError):
        return None
    return str(data.get("ImportId", "")) if isinstance(data, dict) and "ImportId" in data else None


def read_sheet(path: str | Path) -> Sheet:
    """The export's header rows and answer rows, every cell as text."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"{path}: no such file")
    rows = [r for r in _read_rows(path) if any(c.strip() for c in r)]
    if len(rows) < 2:
        raise ValidationError(
            f"{path.name}: a Qualtrics export needs a row of question ids and a row of question texts"
        )
    ids = [c.strip() for c in rows[0]]
    import_ids = None
    if len(rows) > 2 and sum(_import_id(c) is not None for c in rows[2]) >= max(
        1, len([c for c in rows[2] if c]) // 2
    ):
        import_ids = [_import_id(c) or "" for c in rows[2]]
    body = rows[3:] if import_ids is not None else rows[2:]
    width = len(ids)
    return Sheet(str(path), ids, [c.strip() for c in rows[1]] + [""] * (width - len(rows[1])),
                 import_ids, [r + [""] * (width - len(r)) for r in body])  # fmt: skip


def question_columns(sheet: Sheet) -> list[int]:
    """Indexes of the answer columns (no metadata, display-order or `_TEXT` columns)."""
    keep = []
    for index, column_id in enumerate(sheet.ids):
        import_id = sheet.import_ids[index] if sheet.import_ids else ""
        if (
            not column_id
            or DISPLAY_ORDER.search(column_id)
            or DISPLAY_ORDER.search(import_id or "")
        ):
            if column_id:
                sheet.ignored.append(column_id)
            continue
        if OTHER_TEXT.match(column_id):
            continue
        is_meta = (
            not import_id.startswith("QID") if sheet.import_ids and import_id
            else column_id.casefold() in METADATA or column_id.startswith("Q_")
        )  # fmt: skip
        if not is_meta:
            keep.append(index)
    return keep


def _stem(text: str) -> tuple[str, str]:
    stem, _, item = text.rpartition(" - ")
    return (stem, item) if stem else (text, text)


def _sub_column_of(sheet: Sheet, index: int, siblings: list[int]) -> bool:
    """Whether column `index` (`BASE_SUFFIX`) is one item of question BASE rather than a question
    named with an underscore (`years_ml`). The ImportId row decides when there is one (`QID12_1` is
    an item, `QID3` a question); otherwise a numeric suffix among siblings (`Q5_1, Q5_2`) or
    siblings whose texts share a stem ("Question - item") count as evidence."""
    import_id = sheet.import_ids[index] if sheet.import_ids else ""
    if import_id and (known := QUESTION_IMPORT_ID.match(import_id)):
        return bool(known.group("item"))
    match = SUB_COLUMN.match(sheet.ids[index])
    stems = {_stem(sheet.texts[i])[0] for i in siblings if " - " in sheet.texts[i]}
    shared_stem = len(stems) == 1 and all(" - " in sheet.texts[i] for i in siblings)
    if match.group("item").isdigit():
        return len(siblings) > 1 or shared_stem
    return len(siblings) > 1 and shared_stem


def _group_columns(sheet: Sheet, indexes: list[int]) -> list[tuple[str, list[int]]]:
    """Answer columns grouped by question: `Q4_1, Q4_2` with a shared text stem form one question;
    a column whose id merely contains an underscore (`years_ml`) stays a question of its own."""
    present = {sheet.ids[i] for i in indexes}
    candidates: dict[str, list[int]] = {}
    for index in indexes:
        match = SUB_COLUMN.match(sheet.ids[index])
        if match and match.group("base") not in present:
            candidates.setdefault(match.group("base"), []).append(index)
    groups: dict[str, list[int]] = {}
    for index in indexes:
        match = SUB_COLUMN.match(sheet.ids[index])
        base = sheet.ids[index]
        if match and match.group("base") in candidates:
            siblings = candidates[match.group("base")]
            if _sub_column_of(sheet, index, siblings):
                base = match.group("base")
        groups.setdefault(base, []).append(index)
    return list(groups.items())


def _other_label(sheet: Sheet, column_id: str, values: list[str]) -> str | None:
    """The choice whose `_TEXT` column holds the "Other" text (the value chosen where text was typed)."""
    for index, candidate in enumerate(sheet.ids):
        match = OTHER_TEXT.match(candidate)
        if match and match.group("base") == column_id:
            texts = sheet.column(index)
            chosen = [v for v, t in zip(values, texts, strict=False) if t.strip() and v.strip()]
            parts = [p for v in chosen for p in split_learned(v)]
            described = (
                sheet.texts[index].partition(" - ")[2].casefold()
            )  # "Other (please specify) - Text"
            for part in dict.fromkeys(parts):
                if part.casefold() in described:
                    return part
            return max(set(parts), key=parts.count) if parts else None
    return None


def _infer_single(sheet: Sheet, index: int) -> dict:
    column_id, text = sheet.ids[index], _stem(sheet.texts[index])[0] or sheet.ids[index]
    if text.endswith(" - Selected Choice"):
        text = text.removesuffix(" - Selected Choice")
    values = [v.strip() for v in sheet.column(index)]
    filled = [v for v in values if v]
    distinct = list(dict.fromkeys(filled))
    entry = {"id": column_id, "text": text}
    other = _other_label(sheet, column_id, values)
    pieces = [split_learned(v) for v in filled]
    if filled and all(NUMBER.match(v) for v in filled) and not other:
        return {**entry, "type": "number"}
    if "consent" in f"{column_id} {text}".lower() and 1 <= len(distinct) <= 2:
        options = consent_options(distinct) if len(distinct) == 2 else [distinct[0], "No"]
        return {**entry, "type": "consent", "options": options}
    labels = likert_labels(distinct)
    if labels and len(distinct) >= 2 and not other:
        return {**entry, "type": "likert", "labels": labels}
    if any(len(p) > 1 for p in pieces):
        options = list(dict.fromkeys(p for ps in pieces for p in ps if p != other))
        return {**entry, "type": "multi", "options": options, **({"other": other} if other else {})}
    wordy = (
        filled
        and len(distinct) == len(filled)
        and sum(len(v.split()) for v in filled) >= 3 * len(filled)
    )
    if filled and (
        wordy or len(distinct) > max(10, len(filled) * 0.6) or max(map(len, filled)) > 100
    ):
        return {**entry, "type": "long_text" if max(map(len, filled)) > 60 else "text"}
    options = [v for v in distinct if v != other]
    if len(options) + bool(other) < 2:
        return {**entry, "type": "text"}
    return {**entry, "type": "single", "options": options, **({"other": other} if other else {})}


def _infer_group(sheet: Sheet, base: str, indexes: list[int]) -> list[dict]:
    stems = [_stem(sheet.texts[i]) for i in indexes]
    text = stems[0][0] or base
    columns = [[v.strip() for v in sheet.column(i)] for i in indexes]
    filled = [v for c in columns for v in c if v]
    suffixes = [sheet.ids[i][len(base) + 1 :] for i in indexes]
    if filled and all(v.isdigit() for v in filled):
        return [
            {"id": base, "type": "ranking", "text": text, "options": [item for _, item in stems]}
        ]
    labels = likert_labels(filled)
    if labels:
        items = [{"id": s, "text": item} for s, (_, item) in zip(suffixes, stems, strict=True)]
        return [{"id": base, "type": "matrix", "text": text, "labels": labels, "items": items}]
    if all(len(set(v for v in c if v)) <= 1 for c in columns):
        options = [
            next((v for v in c if v), item) for c, (_, item) in zip(columns, stems, strict=True)
        ]
        return [{"id": base, "type": "multi", "text": text, "options": options}]
    return [_infer_single(sheet, i) for i in indexes]


def infer_instrument(sheet: Sheet, slug: str) -> Instrument:
    """An instrument guessed from the export's values (types, options, "Other" choices)."""
    questions = []
    for base, indexes in _group_columns(sheet, question_columns(sheet)):
        if len(indexes) == 1 and sheet.ids[indexes[0]] == base:
            questions.append(_infer_single(sheet, indexes[0]))
        else:
            questions.extend(_infer_group(sheet, base, indexes))
    for question in questions:
        question["id"] = re.sub(r"[^A-Za-z0-9_.\-]", "_", question["id"])
        if not question["id"][:1].isalpha():
            question["id"] = f"Q{question['id']}"
    if not questions:
        raise ValidationError(
            f"{sheet.source}: no question columns found (is this a Qualtrics export?)"
        )
    data = {
        "slug": slug,
        "title": Path(sheet.source).stem,
        "pages": [{"title": "Imported", "questions": questions}],
    }
    return parse_instrument(data, sheet.source)
