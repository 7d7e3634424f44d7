"""Reading one question's answer (and "Other" text) from the cells of an export row.

A choice cell holds the label (choice-text exports) or the recode value (numeric exports); the
question's Qualtrics choice keys and recodes say which label a number stands for. Without them,
a number is the label's position. Display-order tokens are never read as a chosen option.
"""

from __future__ import annotations

from typing import Any

from qualcode.survey.instrument import Question
from qualcode.survey.multiselect import split_cell
from qualcode.survey.qualtrics_columns import Columns, is_order_token
from qualcode.survey.qualtrics_loops import legacy_loop_names
from qualcode.survey.qualtrics_sheet import Sheet

UNSELECTED = {"", "0", "false", "no", "not selected"}


class QuestionReader:
    """Reads one question's value from an export row; collects the cells that fit no option."""

    def __init__(self, question: Question, sheet: Sheet, columns: Columns) -> None:
        self.question, self.columns, self.problems = question, columns, []
        self.sub_texts = [sheet.texts[i].rpartition(" - ")[2] for i, _ in columns.subs]
        tag = question.qualtrics.get("tag", question.id)
        ids = list(sheet.ids)
        if question.qualtrics.get("loop"):  # a legacy export names loop 2 `Q1_Id(2)`, not `2_Q1_Id`
            ids = [legacy or i for legacy, i in zip(legacy_loop_names(ids), ids, strict=True)]
        self.sub_names = [ids[i].removeprefix(f"{tag}_") for i, _ in columns.subs]
        source = question.qualtrics
        self.recodes = source.get("recodes", {})
        self.keys = source.get("choices", {})
        self.by_position = not self.keys  # a number means a position only without choice keys

    def label(self, cell: str, labels: list[str]) -> str | None:
        """The label a cell names: exactly, ignoring case, by recode value or choice key, or by
        position (without Qualtrics keys)."""
        if cell in labels:
            return cell
        folded = {label.casefold(): label for label in labels}
        if cell.casefold() in folded:
            return folded[cell.casefold()]
        for mapping in (self.recodes, self.keys):
            if mapping.get(cell) in labels:
                return mapping[cell]
        if self.by_position and cell.isdigit() and 1 <= int(cell) <= len(labels):
            return labels[int(cell) - 1]
        return None

    def _choice(self, cell: str, labels: list[str]) -> str | None:
        label = self.label(cell, labels)
        if label is None:
            self.problems.append(cell)
        return label

    def _column_choice(self, suffix: str, text: str) -> str | None:
        """The choice a split multi-select column stands for: the one its text names ("Q -
        Selected Choice - Docker"), else the one its suffix names. Qualtrics names the column by
        the choice's recode value when the question has recodes (`Q6_10`, ImportId choiceId 10),
        else by its key, so a recode is read first: a key read first could name another choice."""
        choices = self.question.choices
        named = {c.casefold(): c for c in choices}.get(text.casefold())
        if named:
            return named
        for mapping in (self.recodes, self.keys):
            if mapping.get(suffix) in choices:
                return mapping[suffix]
        return None

    def _multi(self, row: list[str]) -> list[str] | None:
        question, columns = self.question, self.columns
        if columns.single is not None:
            cell = row[columns.single].strip()
            chosen, unknown = split_cell(cell, question.choices)
            for part in unknown:
                label = self.label(part, question.choices)
                if label is not None:
                    chosen.append(label)
                elif not is_order_token(part):
                    self.problems.append(part)
            return list(dict.fromkeys(chosen)) or None
        chosen = []
        for n, ((index, suffix), text) in enumerate(
            zip(columns.subs, self.sub_texts, strict=True), 1
        ):
            cell = row[index].strip()
            if cell.casefold() in UNSELECTED or is_order_token(cell):
                continue
            label = self._column_choice(suffix, text) or self.label(cell, question.choices)
            if label is None and self.by_position:
                label = self.label(str(n), question.choices)
            if label in question.choices:
                chosen.append(label)
            else:
                self.problems.append(cell)
        return list(dict.fromkeys(chosen)) or None

    def _ranking(self, row: list[str]) -> list[str] | None:
        question, ranked = self.question, []
        for n, ((index, suffix), text) in enumerate(
            zip(self.columns.subs, self.sub_texts, strict=True)
        ):
            option = self.keys.get(suffix) or self.label(text, question.options)
            if option is None and n < len(question.options):
                option = question.options[n]
            cell = row[index].strip()
            if cell.isdigit() and option:
                ranked.append((int(cell), option))
        return [o for _, o in sorted(ranked)] or None

    def _text(self, row: list[str]) -> str | None:
        """The cell, or (a question with several cells, such as a file upload) each cell named."""
        if self.columns.single is not None:
            return row[self.columns.single].strip() or None
        filled = [
            (name, row[i].strip())
            for (i, _), name in zip(self.columns.subs, self.sub_names, strict=True)
            if row[i].strip()
        ]
        if len(self.columns.subs) == 1:
            return filled[0][1] if filled else None
        return "; ".join(f"{s}: {v}" for s, v in filled) or None

    def _number(self, cell: str) -> float | int | None:
        if not cell:
            return None
        try:
            number = float(cell.replace(",", "."))
        except ValueError:
            self.problems.append(cell)
            return None
        return int(number) if number.is_integer() else number

    def read(self, row: list[str]) -> tuple[Any, str]:
        """(value, "Other" text); a value of None means no answer."""
        question, columns, kind = self.question, self.columns, self.question.type
        other = row[columns.other].strip() if columns.other is not None else ""
        if kind in ("consent", "single", "likert"):
            cell = self._text(row) or ""
            return (self._choice(cell, question.choices) if cell else None), other
        if kind == "multi":
            return self._multi(row), other
        if kind == "matrix":
            items = {item_id for item_id, _ in question.items}
            value = {
                s: self._choice(row[i].strip(), question.options)
                for i, s in columns.subs
                if s in items and row[i].strip()
            }
            return {k: v for k, v in value.items() if v} or None, other
        if kind == "ranking":
            return self._ranking(row), other
        if kind == "number":
            return self._number(self._text(row) or ""), other
        return self._text(row), other
