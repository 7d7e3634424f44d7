"""Which export column holds what: answer columns matched to questions, every other column named
with the reason it holds no answer.

A question finds its columns by ImportId first (`QID12`, `QID12_3`, `QID12_4_TEXT`: stable when a
researcher renames the export tag), then by its export tag as written (`Q 1`, `Q11 - sequential`);
a loop & merge iteration's question by its prefixed ImportId and tag (`2_QID12`, `2_Q12`), or in a
legacy export by its tag and loop number in brackets (`Q12(2)`).
Columns that hold no answer are metadata (dates, IP address, embedded data, browser meta info, the
NPS group Qualtrics derives), display order (`_DO`, `_ADO`, "Display Order" / "AnswerDisplayOrder"
artefacts of randomisation), timing (First Click ... Click Count), the text of an "Other" choice no
imported question takes, or unmatched (an answer column of no question of the instrument).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qualcode.survey.instrument import Instrument, Question
from qualcode.survey.qualtrics_loops import is_looped_import_id, legacy_loop_names
from qualcode.survey.qualtrics_sheet import Sheet

REASONS = ("metadata", "display_order", "timing", "other_text", "unmatched")
METADATA = {
    "startdate", "enddate", "status", "ipaddress", "progress", "duration (in seconds)", "finished",
    "recordeddate", "responseid", "recipientlastname", "recipientfirstname", "recipientemail",
    "externalreference", "externaldatareference", "locationlatitude", "locationlongitude",
    "distributionchannel", "userlanguage", "responseset", "locationaccuracy", "q_language",
    "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10",
}  # fmt: skip
DISPLAY_ORDER = re.compile(r"(_DO(_\d+)?|_ADO|DisplayOrder)$", re.IGNORECASE)
ORDER_CELL = re.compile(r"^\d+(\|\d+)+$")
ORDER_TEXT = re.compile(r"(^|- )(answer ?)?display ?order( - [^-]+)?$", re.IGNORECASE)
TIMING = re.compile(
    r"_(first[ _]click|last[ _]click|page[ _]submit|click[ _]count)$", re.IGNORECASE
)
META_INFO = re.compile(r"_(browser|version|operating[ _]system|os|resolution)$", re.IGNORECASE)
DERIVED = re.compile(r"_NPS_GROUP$", re.IGNORECASE)
QUALTRICS_FIELD = re.compile(r"^Q_[A-Z][A-Za-z]*$")  # Q_RecaptchaScore, Q_TotalDuration, Q_URL ...
OTHER_TEXT = re.compile(r"^(?P<base>.+)_(?P<choice>\d+)_TEXT$", re.IGNORECASE)


def _squash(text: str) -> str:
    return re.sub(r"[\s_]", "", text).casefold()


def is_order_token(token: str) -> bool:
    """A display-order artefact ("AnswerDisplayOrder", "1|3|2"), never a respondent's choice."""
    text = token.strip()
    return text.casefold() in ("answerdisplayorder", "displayorder") or bool(ORDER_CELL.match(text))


def _display_order(sheet: Sheet, index: int) -> bool:
    column_id, import_id = sheet.ids[index], sheet.import_id(index)
    if DISPLAY_ORDER.search(column_id) or DISPLAY_ORDER.search(import_id):
        return True
    if ORDER_TEXT.search(sheet.texts[index]) or "displayorder" in _squash(import_id):
        return True
    filled = False
    for row in sheet.rows:  # stops at the first cell that is no display order
        value = row[index].strip()
        if value and not is_order_token(value):
            return False
        filled = filled or bool(value)
    return filled


def _meta_info(sheet: Sheet, index: int) -> bool:
    """Browser meta info (`Q9_Browser`, `Q9_Version` ...): one of a set beside a `_Browser` column."""
    column_id, import_id = sheet.ids[index], sheet.import_id(index)
    if import_id and (import_id.startswith("QID") or is_looped_import_id(import_id)):
        return bool(re.search(r"_(BROWSER|VERSION|OS|RESOLUTION)$", import_id))
    match = META_INFO.search(column_id)
    if not match:
        return False
    base = column_id[: match.start()]
    return any(c.casefold() == f"{base}_browser".casefold() for c in sheet.ids)


def fixed_reason(sheet: Sheet, index: int, embedded: frozenset[str] = frozenset()) -> str | None:
    """Why a column can hold no answer whatever the instrument's questions (None: it may hold
    one); `embedded` names the survey's embedded data fields (folded)."""
    column_id, import_id = sheet.ids[index], sheet.import_id(index)
    if not column_id or column_id.casefold() in embedded:
        return "metadata"
    if _display_order(sheet, index):
        return "display_order"
    if TIMING.search(column_id) or TIMING.search(import_id):
        return "timing"
    if _meta_info(sheet, index) or DERIVED.search(column_id):
        return "metadata"
    if import_id:  # a question's (`QID3`), or a looped question's (`2_QID3`), else metadata
        return None if import_id.startswith("QID") or is_looped_import_id(import_id) else "metadata"
    if column_id.casefold() in METADATA or QUALTRICS_FIELD.match(column_id):
        return "metadata"
    return None


@dataclass
class Columns:
    """A question's columns: one cell (`single`), cells per item or choice (`subs`: index and
    suffix), and the text typed beside its "Other" choice."""

    single: int | None = None
    subs: list[tuple[int, str]] = field(default_factory=list)
    other: int | None = None

    @property
    def found(self) -> bool:
        return self.single is not None or bool(self.subs)

    def indexes(self) -> list[int]:
        found = [i for i in (self.single, self.other) if i is not None]
        return found + [i for i, _ in self.subs]


def _find(names: list[str], key: str, free: set[int]) -> Columns:
    """The free columns whose name (an ImportId or a column id) belongs to question `key`."""
    columns = Columns()
    folded = key.casefold()
    for index, name in enumerate(names):
        if index not in free or not name:
            continue
        lowered = name.casefold()
        if lowered in (folded, f"{folded}_text"):
            columns.single = (
                index if columns.single is None or lowered == folded else columns.single
            )
        elif (match := OTHER_TEXT.match(name)) and match.group("base").casefold() == folded:
            columns.other = index if columns.other is None else columns.other
        elif lowered.startswith(f"{folded}_"):
            columns.subs.append((index, name[len(key) + 1 :]))
    return columns


@dataclass
class Matching:
    """Columns by question id, and the columns left: `_TEXT` columns no question takes, and
    answer columns of no question."""

    questions: dict[str, Columns]
    other_text: list[int]
    unmatched: list[int]


def match_columns(sheet: Sheet, instrument: Instrument) -> Matching:
    """Each question's columns, matched by ImportId first and then by export tag; a column goes to
    one question only (longer keys first, so `Q1_2` is not taken by `Q1`)."""
    questions, embedded = instrument.questions, _embedded(instrument)
    free = {i for i in range(len(sheet.ids)) if fixed_reason(sheet, i, embedded) is None}
    other_texts = {i for i in free if OTHER_TEXT.match(sheet.ids[i])}
    found: dict[str, Columns] = {}

    def claim(question: Question, names: list[str], key: str) -> bool:
        columns = _find(names, key, free)
        if names is sheet.ids:  # matrix rows exported under tags of their own
            rows = {t.casefold(): k for t, k in question.qualtrics.get("rows", {}).items()}
            taken = set(columns.indexes())
            columns.subs += [
                (i, rows[n.casefold()])
                for i, n in enumerate(names)
                if i in free and i not in taken and n.casefold() in rows
            ]
        if not columns.found:
            return False
        free.difference_update(columns.indexes())
        found[question.id] = columns
        return True

    by_qid = sorted(
        (q for q in questions if q.qualtrics.get("qid") and sheet.import_ids),
        key=lambda q: -len(q.qualtrics["qid"]),
    )
    for question in by_qid:
        claim(question, sheet.import_ids, question.qualtrics["qid"])
    by_tag = sorted(
        (q for q in questions if q.id not in found),
        key=lambda q: -len(q.qualtrics.get("tag", q.id)),
    )
    legacy = legacy_loop_names(sheet.ids)  # `Q1(2)` of the legacy export read as `2_Q1`
    for question in by_tag:
        tag = question.qualtrics.get("tag", question.id)
        if claim(question, sheet.ids, tag):
            continue
        if question.qualtrics.get("loop") and claim(question, legacy, tag):
            continue
        if tag != question.id:
            claim(question, sheet.ids, question.id)
    return Matching(found, sorted(other_texts & free), sorted(free - other_texts))


def _embedded(instrument: Instrument) -> frozenset[str]:
    return frozenset(name.casefold() for name in instrument.embedded_data)


def unused_columns(
    sheet: Sheet, instrument: Instrument, matching: Matching
) -> dict[str, list[str]]:
    """Every column no answer was read from, by reason."""
    unused: dict[str, list[str]] = {reason: [] for reason in REASONS}
    embedded = _embedded(instrument)
    for index, column_id in enumerate(sheet.ids):
        reason = fixed_reason(sheet, index, embedded)
        if reason:
            unused[reason].append(column_id or f"(column {index + 1} without an id)")
    unused["other_text"] = [sheet.ids[i] for i in matching.other_text]
    unused["unmatched"] = [sheet.ids[i] for i in matching.unmatched]
    return unused
