"""Qualtrics Loop & Merge: a block asked once per loop iteration, exported once per iteration.

In a response export each looped question appears once per iteration, the iteration's number
before its export tag and ImportId (`2_Q1`, `2_Q1_3`, `{"ImportId":"2_QID1"}`); the legacy export
puts it after the tag in brackets (`Q1(2)`, `Q1_1_TEXT(2)`). The .qsf block says how it loops
(`Options.Looping`: "Static" over rows of merge fields, or "Question" over the choices of an
earlier question) and lists the iterations in `LoopingOptions.Static` (number -> field values).

Each looped question becomes one instrument question per iteration (`Q1_loop2`, export tag
`2_Q1`), its text naming the iteration and its merge field values, piped fields
(`${lm://Field/1}`, `${lm://CurrentLoopNumber}`) filled in. Without a .qsf the iterations are
read from the column prefixes. Which iterations a respondent saw (loops over an earlier answer,
randomised or partial loops) is not carried over: an iteration not shown holds no answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from qualcode.errors import ValidationError
from qualcode.survey.qualtrics_logic import plain
from qualcode.survey.qualtrics_sheet import Sheet

LOOP_PREFIX = re.compile(r"^(?P<number>\d+)_(?P<rest>.+)$")
LEGACY_LOOP = re.compile(r"^(?P<rest>.+)\((?P<number>\d+)\)$")
FIELD_PIPE = re.compile(r"\$\{lm://Field/(?P<field>\d+)\}")
LOOP_NUMBER_PIPE = re.compile(r"\$\{lm://CurrentLoopNumber\}")
PIPED_TEXTS = ("QuestionText", "QuestionDescription")
MAX_ITERATIONS = 1000
LOOPED_IMPORT_ID = re.compile(r"^(?P<number>\d+)_(?P<rest>QID\d+.*)$")


@dataclass
class Iteration:
    """One pass through a looped block: its number in the export (`2` of `2_Q1`), the number of
    iterations, and its merge field values (field number -> value)."""

    number: str
    total: int
    fields: dict[str, str] = field(default_factory=dict)
    label: str = ""  # what the iteration is about: its field values, or the looped-over choice

    def describe(self) -> str:
        about = f": {self.label}" if self.label else ""
        return f"loop {self.number} of {self.total}{about}"

    def _piped(self, text: Any) -> Any:
        if not isinstance(text, str):
            return text
        text = LOOP_NUMBER_PIPE.sub(self.number, text)
        return FIELD_PIPE.sub(lambda m: self.fields.get(m.group("field"), m.group(0)), text)

    def fill(self, payload: dict[str, Any]) -> dict[str, Any]:
        """A question payload with the iteration's piped fields filled in (question text and
        choice texts; the rest of the payload as it is)."""
        filled = {name: self._piped(payload.get(name)) for name in PIPED_TEXTS if name in payload}
        for name in ("Choices", "Answers"):
            choices = payload.get(name)
            if isinstance(choices, dict):
                filled[name] = {
                    key: {**c, "Display": self._piped(c["Display"])}
                    if isinstance(c, dict) and isinstance(c.get("Display"), str)
                    else c
                    for key, c in choices.items()
                }
        return {**payload, **filled}

    def mark(self, entry: dict[str, Any]) -> dict[str, Any]:
        """An instrument entry made from a looped question, as this iteration's question: its
        export tag and ImportId prefixed by the loop number (as the export names its columns),
        its text naming the iteration."""
        source = dict(entry["qualtrics"])
        base = source.get("tag", entry["id"])
        source["tag"] = f"{self.number}_{base}"
        if source.get("qid"):
            source["qid"] = f"{self.number}_{source['qid']}"
        if source.get("rows"):
            source["rows"] = {f"{self.number}_{t}": k for t, k in source["rows"].items()}
        source["loop"] = {"number": self.number, "of": base, "total": str(self.total),
                          **({"label": self.label} if self.label else {})}  # fmt: skip
        return {**entry, "text": f"{entry['text']} ({self.describe()})", "qualtrics": source}


def _numbered(keys: Any) -> list[str]:
    return sorted(
        (str(k) for k in keys), key=lambda k: (not k.isdigit(), int(k) if k.isdigit() else 0, k)
    )


def _field_values(row: Any) -> dict[str, str]:
    if not isinstance(row, dict):  # Qualtrics writes [] for an iteration without fields
        return {}
    return {str(k): plain(str(v)) for k, v in row.items() if str(v).strip()}


def _source_choices(options: dict, questions: dict[str, dict]) -> tuple[str, str, dict[str, str]]:
    """(QuestionID, export tag, choice key -> text) of the question a loop runs over."""
    locator = str(options.get("Locator") or options.get("ChoiceGroupLocator") or "")
    qid = str(options.get("QID") or locator.removeprefix("q://").split("/")[0])
    payload = questions.get(qid) if isinstance(questions.get(qid), dict) else {}
    choices = payload.get("Choices") if isinstance(payload.get("Choices"), dict) else {}
    order = payload.get("ChoiceOrder") if isinstance(payload.get("ChoiceOrder"), list) else []
    keys = [str(k) for k in order if str(k) in map(str, choices)]
    keys += [str(k) for k in choices if str(k) not in keys]
    by_key = {str(k): v for k, v in choices.items()}
    texts = {k: plain(str(by_key[k].get("Display", ""))) if isinstance(by_key[k], dict) else ""
             for k in keys}  # fmt: skip
    return qid, str(payload.get("DataExportTag") or qid), texts


def block_iterations(
    block: dict, questions: dict[str, dict], warnings: list[str]
) -> list[Iteration]:
    """The iterations of a looped block (none for a block that does not loop), with warnings
    naming what of its looping is not carried over."""
    options = block.get("Options") if isinstance(block.get("Options"), dict) else {}
    looping = str(options.get("Looping") or "")
    if looping in ("", "None", "false"):
        return []
    loop = options.get("LoopingOptions") if isinstance(options.get("LoopingOptions"), dict) else {}
    rows = loop.get("Static") if isinstance(loop.get("Static"), dict) else {}
    name = f"block '{block.get('Description') or block.get('ID')}'"
    numbers, labels = _numbered(rows), {}
    if looping == "Question":
        qid, tag, choices = _source_choices(loop, questions)
        locator = str(loop.get("Locator") or "")
        kind = locator.split("/")[-1].split("?")[0] if "/" in locator else "Choices"
        kind = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", kind).lower()  # "selected choices"
        if "NumericResponse" not in locator:
            numbers += [k for k in choices if k not in numbers]
            labels = {k: choices[k] for k in numbers if choices.get(k)}
        warnings.append(
            f"{name}: loop & merge over the answers to {tag} ({qid}, {kind}): which iterations a "
            f"respondent saw depends on that answer and is not carried over; each of its "
            f"{len(numbers)} iterations is imported by loop number (no answer where not shown)"
        )
    elif looping != "Static":
        warnings.append(
            f"{name}: loop & merge of kind {looping!r} is read as a static loop over its "
            f"{len(numbers)} rows"
        )
    if not numbers:
        warnings.append(
            f"{name}: loop & merge lists no iterations, so its questions are read once (the "
            "export's looped columns will match no question)"
        )
        return []
    if len(numbers) > MAX_ITERATIONS:
        raise ValidationError(
            f"{name}: loop & merge lists {len(numbers)} iterations; qualcode reads at most "
            f"{MAX_ITERATIONS} per block (is the .qsf edited or broken?)"
        )
    if str(loop.get("Randomization") or "None") != "None":
        warnings.append(
            f"{name}: loop order is randomised ({loop.get('Randomization')}) and not carried "
            "over: iterations keep their loop number, not the order a respondent saw"
        )
    made = []
    for number in numbers:
        fields = _field_values(rows.get(number))
        label = ", ".join(fields.values()) or labels.get(number, "")
        made.append(Iteration(number, len(numbers), fields, label))
    return made


def is_looped_import_id(import_id: str) -> bool:
    """An ImportId of a looped question's column (`2_QID1`, `2_QID1_3_TEXT`)."""
    return bool(LOOPED_IMPORT_ID.match(import_id))


def legacy_loop_names(ids: list[str]) -> list[str]:
    """Legacy column ids in the current export's form (`Q1(2)` -> `2_Q1`; other columns empty),
    so that looped questions find their columns in either export."""
    return [
        f"{m.group('number')}_{m.group('rest')}" if (m := LEGACY_LOOP.match(column_id)) else ""
        for column_id in ids
    ]


def loops_of(questions: list[Any]) -> list[dict[str, Any]]:
    """Which questions were looped: per looped question (export tag as written), its number
    of iterations and the instrument question of each."""
    found: dict[str, dict[str, Any]] = {}
    for question in questions:
        loop = question.qualtrics.get("loop")
        if loop:
            entry = found.setdefault(
                loop["of"], {"question": loop["of"], "iterations": 0, "ids": []}
            )
            entry["iterations"] += 1
            entry["ids"].append(question.id)
    return list(found.values())


def _loop_key(sheet: Sheet, index: int) -> tuple[str, str] | None:
    """(loop number, column id without it) of a looped question's column: by its ImportId
    (`2_QID1`) when the export has them, else by its id (`2_Q1`, legacy `Q1(2)`)."""
    column_id = sheet.ids[index]
    prefixed, legacy = LOOP_PREFIX.match(column_id), LEGACY_LOOP.match(column_id)
    if sheet.import_ids:
        match = LOOPED_IMPORT_ID.match(sheet.import_id(index))
        if not match:
            return None
        number = match.group("number")
        if prefixed and prefixed.group("number") == number:
            return number, prefixed.group("rest")
        if legacy and legacy.group("number") == number:
            return number, legacy.group("rest")
        return number, column_id
    found = prefixed or legacy
    return (found.group("number"), found.group("rest")) if found else None


def looped_columns(sheet: Sheet, indexes: list[int]) -> dict[str, dict[str, int]]:
    """The columns (of `indexes`) of looped questions: loop number -> column id without the
    loop number -> index. Without ImportIds a column is looped only when its id recurs with
    another loop number (`1_Q1` and `2_Q1`), so a tag that merely starts with digits is not."""
    keys = {i: key for i in indexes if (key := _loop_key(sheet, i))}
    if not sheet.import_ids:
        numbers: dict[str, set[str]] = {}
        for number, rest in keys.values():
            numbers.setdefault(rest, set()).add(number)
        keys = {i: (n, r) for i, (n, r) in keys.items() if len(numbers[r]) > 1}
    loops: dict[str, dict[str, int]] = {}
    for index, (number, rest) in keys.items():
        loops.setdefault(number, {}).setdefault(rest, index)
    return dict(sorted(loops.items(), key=lambda kv: int(kv[0])))


def _unnumbered(text: str, number: str) -> str:
    """A looped column's text without its loop number ("2 - Text", legacy "Text (2)")."""
    return text.removeprefix(f"{number} - ").removesuffix(f" ({number})")


def pooled_sheet(sheet: Sheet, loops: dict[str, dict[str, int]]) -> Sheet:
    """The looped columns as one sheet whose rows are every respondent's answers in every
    iteration, so that each looped question's type and options are read from all of them."""
    rests: dict[str, tuple[str, int]] = {}
    for number, columns in loops.items():
        for rest, index in columns.items():
            rests.setdefault(rest, (number, index))
    import_ids = None
    if sheet.import_ids:
        import_ids = [
            LOOPED_IMPORT_ID.sub(r"\g<rest>", sheet.import_id(i)) for _, i in rests.values()
        ]
    rows = [
        [row[columns[rest]] if rest in columns else "" for rest in rests]
        for columns in loops.values()
        for row in sheet.rows
    ]
    return Sheet(
        sheet.source, list(rests), [_unnumbered(sheet.texts[i], n) for n, i in rests.values()],
        import_ids, rows, sheet.header_rows,
    )  # fmt: skip


def inferred_iterations(loops: dict[str, dict[str, int]]) -> list[Iteration]:
    """The iterations an export's looped columns show (by loop number; no merge fields)."""
    return [Iteration(number, len(loops)) for number in loops]
