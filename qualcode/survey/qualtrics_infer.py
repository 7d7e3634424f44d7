"""An instrument guessed from a Qualtrics export's values, for imports without a .qsf.

Answer columns are grouped by question (by ImportId `QID12_3` -> `QID12` when the export has the
ImportId row, else by a shared id and text stem: `Q4_1, Q4_2` "How often ... - item"). A group
is a ranking when each row holds ranks 1, 2, 3 ...; a Likert matrix when its values are scale
labels; a multi-select split into columns only when every cell is the column's own choice (its
label, or 1); otherwise each column is a question of its own (free-text cells `Q15_3_1`,
`Q15_3_2` are never a multi-select). Types come from the values: numbers, consent, Likert,
multi-select cells ("A,B"), choices or text. Each question keeps its column id as its export tag.
Loop & merge columns (`1_Q1`, `2_Q1`; legacy `Q1(1)`) become one question per iteration.
"""

from __future__ import annotations

import re
from pathlib import Path

from qualcode.errors import ValidationError
from qualcode.survey.instrument import Instrument, parse_instrument
from qualcode.survey.multiselect import split_learned
from qualcode.survey.qualtrics_columns import OTHER_TEXT, fixed_reason, is_order_token
from qualcode.survey.qualtrics_loops import inferred_iterations, looped_columns, pooled_sheet
from qualcode.survey.qualtrics_sheet import NUMBER, Sheet
from qualcode.survey.qualtrics_types import Ids
from qualcode.survey.scales import consent_options, likert_labels

SUB_COLUMN = re.compile(r"^(?P<base>.+)_(?P<item>[A-Za-z0-9]+)$")
QUESTION_IMPORT_ID = re.compile(r"^(?P<base>QID\d+)(?P<item>_.+)?$")
SELECTED = {"1", "selected", "true", "yes", "x"}


def question_columns(sheet: Sheet) -> list[int]:
    """Indexes of the columns that may hold answers (no metadata, display order, timing, `_TEXT`)."""
    return [
        i for i in range(len(sheet.ids))
        if fixed_reason(sheet, i) is None and not OTHER_TEXT.match(sheet.ids[i])
    ]  # fmt: skip


def _stem(text: str) -> tuple[str, str]:
    stem, _, item = text.rpartition(" - ")
    return (stem, item) if stem else (text, text)


def _base_by_import_id(sheet: Sheet, index: int) -> str | None:
    """The question a column belongs to by its ImportId: `QID12_3` is an item of QID12's column
    group (named by the part of its id before the item), `QID3` a question of its own."""
    match = QUESTION_IMPORT_ID.match(sheet.import_id(index))
    if not match:
        return None
    item = match.group("item")
    column_id = sheet.ids[index]
    if not item or item.upper() == "_TEXT":
        return column_id
    suffix = item[1:]
    if re.fullmatch(r"\d+_\d+", suffix):  # row_column of a matrix with several answers per row
        suffix = suffix.rpartition("_")[2]
    if column_id.endswith(f"_{suffix}"):
        return column_id[: -len(suffix) - 1]
    sub = SUB_COLUMN.match(column_id)
    return sub.group("base") if sub else column_id


def _base_by_id(sheet: Sheet, index: int, indexes: list[int]) -> str:
    """Without ImportIds: `BASE_SUFFIX` is an item of BASE when siblings share BASE and either
    the suffixes are numbers or the texts share a stem ("Question - item")."""
    column_id = sheet.ids[index]
    match = SUB_COLUMN.match(column_id)
    present = {sheet.ids[i] for i in indexes}
    if not match or match.group("base") in present:
        return column_id
    base = match.group("base")
    siblings = [
        i for i in indexes if (m := SUB_COLUMN.match(sheet.ids[i])) and m.group("base") == base
    ]
    stems = {_stem(sheet.texts[i])[0] for i in siblings if " - " in sheet.texts[i]}
    shared_stem = len(stems) == 1 and all(" - " in sheet.texts[i] for i in siblings)
    if match.group("item").isdigit():
        return base if len(siblings) > 1 or shared_stem else column_id
    return base if len(siblings) > 1 and shared_stem else column_id


def _groups(sheet: Sheet, indexes: list[int]) -> list[tuple[str, list[int]]]:
    groups: dict[str, list[int]] = {}
    for index in indexes:
        base = _base_by_import_id(sheet, index) if sheet.import_ids else None
        groups.setdefault(base or _base_by_id(sheet, index, indexes), []).append(index)
    return list(groups.items())


def _other_label(sheet: Sheet, column_id: str, values: list[str]) -> str | None:
    """The choice whose `_TEXT` column holds the "Other" text (the value chosen where text was typed)."""
    for index, candidate in enumerate(sheet.ids):
        match = OTHER_TEXT.match(candidate)
        if match and match.group("base") == column_id:
            texts = sheet.column(index)
            chosen = [v for v, t in zip(values, texts, strict=False) if t.strip() and v.strip()]
            parts = [p for v in chosen for p in split_learned(v)]
            described = sheet.texts[index].partition(" - ")[2].casefold()  # "Other (...) - Text"
            for part in dict.fromkeys(parts):
                if part.casefold() in described:
                    return part
            return max(set(parts), key=parts.count) if parts else None
    return None


def _import_base(sheet: Sheet, base: str, indexes: list[int]) -> str:
    """The ImportId of a column group: its first column's ImportId less that column's item suffix
    (`QID9_1_2` of `matrix_multi_1_2` in group `matrix_multi_1` gives `QID9_1`)."""
    import_id, column_id = sheet.import_id(indexes[0]), sheet.ids[indexes[0]]
    suffix = column_id[len(base) :] if column_id.startswith(base) else ""
    if suffix and import_id.endswith(suffix):
        return import_id[: -len(suffix)]
    match = QUESTION_IMPORT_ID.match(import_id)
    return match.group("base") if match else ""


def _single(sheet: Sheet, index: int) -> dict:
    column_id, text = sheet.ids[index], _stem(sheet.texts[index])[0] or sheet.ids[index]
    text = text.removesuffix(" - Selected Choice")
    values = [v.strip() for v in sheet.column(index)]
    filled = [v for v in values if v and not is_order_token(v)]
    distinct = list(dict.fromkeys(filled))
    import_id = sheet.import_id(index)
    entry = {
        "id": column_id,
        "text": text,
        "qualtrics": {"tag": column_id, **({"qid": import_id} if import_id else {})},
    }
    other = _other_label(sheet, column_id, values)
    pieces = [[p for p in split_learned(v) if not is_order_token(p)] for v in filled]
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


def _is_ranking(columns: list[list[str]]) -> bool:
    """Each respondent's cells are distinct ranks 1..k (what a rank order question exports)."""
    ranked = False
    for row in zip(*columns, strict=True):
        filled = [v for v in row if v]
        if not filled:
            continue
        if not all(v.isdigit() for v in filled) or sorted(map(int, filled)) != list(
            range(1, len(filled) + 1)
        ):
            return False
        ranked = ranked or len(filled) > 1
    return ranked


def _is_split_multi(columns: list[list[str]], items: list[str]) -> bool:
    """Every filled cell is its column's own choice: the column's label, or 1 / Selected."""
    filled_any = False
    for column, item in zip(columns, items, strict=True):
        for value in (v for v in column if v):
            filled_any = True
            if value.casefold() not in SELECTED and value != item:
                return False
    return filled_any


def _unique(labels: list[str]) -> list[str]:
    """Labels made distinct (a repeated or empty one is numbered), one per column."""
    unique: list[str] = []
    for n, label in enumerate(labels, 1):
        candidate, k = label or f"Choice {n}", 2
        while candidate in unique:
            candidate, k = f"{label} ({k})", k + 1
        unique.append(candidate)
    return unique


def _group(sheet: Sheet, base: str, indexes: list[int]) -> list[dict]:
    stems = [_stem(sheet.texts[i]) for i in indexes]
    text = stems[0][0] or base
    columns = [[v.strip() for v in sheet.column(i)] for i in indexes]
    filled = [v for c in columns for v in c if v]
    suffixes = [
        sheet.ids[i][len(base) + 1 :] if sheet.ids[i].startswith(f"{base}_") else sheet.ids[i]
        for i in indexes
    ]
    source = {"tag": base, **({"qid": qid} if (qid := _import_base(sheet, base, indexes)) else {})}
    items = [item for _, item in stems]
    if filled and _is_ranking(columns):
        options = _unique(items)
        source["choices"] = dict(zip(suffixes, options, strict=True))
        return [
            {"id": base, "type": "ranking", "text": text, "options": options, "qualtrics": source}
        ]
    labels = likert_labels(filled)
    if labels:
        rows = [{"id": s, "text": item} for s, item in zip(suffixes, items, strict=True)]
        return [
            {
                "id": base,
                "type": "matrix",
                "text": text,
                "labels": labels,
                "items": rows,
                "qualtrics": source,
            }
        ]
    if _is_split_multi(columns, items):
        labels = [
            next((v for v in c if v.casefold() not in SELECTED and v), item)
            for c, item in zip(columns, items, strict=True)
        ]
        options = _unique(labels)
        source["choices"] = dict(zip(suffixes, options, strict=True))
        return [
            {"id": base, "type": "multi", "text": text, "options": options, "qualtrics": source}
        ]
    return [_single(sheet, i) for i in indexes]


def _inferred(sheet: Sheet, indexes: list[int]) -> list[tuple[int, dict]]:
    """(first column, question) of each question the columns hold."""
    questions = []
    for base, group in _groups(sheet, indexes):
        if len(group) == 1 and sheet.ids[group[0]] == base:
            questions.append((group[0], _single(sheet, group[0])))
        else:
            questions.extend((group[0], q) for q in _group(sheet, base, group))
    return questions


def infer_instrument(sheet: Sheet, slug: str) -> Instrument:
    """An instrument guessed from the export's values (types, options, "Other" choices); a
    loop & merge question once per iteration, its type read from every iteration's answers."""
    columns = question_columns(sheet)
    loops = looped_columns(
        sheet, [i for i in range(len(sheet.ids)) if fixed_reason(sheet, i) is None]
    )
    looped = {i for found in loops.values() for i in found.values()}
    questions = _inferred(sheet, [i for i in columns if i not in looped])
    if loops:
        pooled = pooled_sheet(sheet, loops)
        made = [q for _, q in _inferred(pooled, question_columns(pooled))]
        questions += [
            (min(looped), iteration.mark({**q, "id": f"{q['id']}_loop{iteration.number}"}))
            for iteration in inferred_iterations(loops)
            for q in made
        ]
    questions = [q for _, q in sorted(questions, key=lambda pair: pair[0])]
    if not questions:
        raise ValidationError(
            f"{sheet.source}: no question columns found (is this a Qualtrics export?)"
        )
    ids = Ids()
    for question in questions:
        question["id"] = ids.make(question["id"])
    data = {
        "slug": slug,
        "title": Path(sheet.source).stem,
        "pages": [{"title": "Imported", "questions": questions}],
    }
    return parse_instrument(data, sheet.source)
