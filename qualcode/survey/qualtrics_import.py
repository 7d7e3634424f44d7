"""Importing a Qualtrics response export into a survey (created when it does not exist yet).

The instrument comes from `--instrument` (a qualcode YAML or a Qualtrics .qsf), else from the
survey already stored, else it is inferred from the values. Multi-select cells are split against
the instrument's options; `_TEXT` columns become the "Other" text of their question; display-order
columns are ignored; respondents who decline consent are excluded and counted; preview and test
responses are skipped; responses already imported (same ResponseId) are skipped.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, select

from qualcode.store import audit
from qualcode.store.models import Project, utcnow
from qualcode.store.survey_models import SurveyAnswer, SurveyResponse
from qualcode.survey.answers import declined
from qualcode.survey.instrument import Instrument, Question, read_instrument_file
from qualcode.survey.multiselect import split_cell
from qualcode.survey.qualtrics_qsf import read_qsf
from qualcode.survey.qualtrics_sheet import OTHER_TEXT, Sheet, infer_instrument, read_sheet
from qualcode.survey.surveys import create_survey, get_survey, instrument_of

SKIPPED_STATUS = {"survey preview", "survey test", "spam", "1", "2", "8"}


def _match(value: str, labels: list[str]) -> str | None:
    """The label a cell names: exactly, ignoring case, or by its position when the cell is a number."""
    if value in labels:
        return value
    folded = {label.casefold(): label for label in labels}
    if value.casefold() in folded:
        return folded[value.casefold()]
    if value.isdigit() and 1 <= int(value) <= len(labels):
        return labels[int(value) - 1]
    return None


class _QuestionReader:
    """Reads one question's value (and "Other" text) from an export row."""

    def __init__(self, question: Question, sheet: Sheet) -> None:
        self.question, self.problems = question, []
        qid = question.id
        self.single = (
            sheet.index(qid) if sheet.index(qid) is not None else sheet.index(f"{qid}_TEXT")
        )
        self.subs = [
            (i, c[len(qid) + 1 :])
            for i, c in enumerate(sheet.ids)
            if c.startswith(f"{qid}_") and not OTHER_TEXT.match(c)
        ]
        self.sub_texts = [sheet.texts[i].rpartition(" - ")[2] for i, _ in self.subs]
        self.other = next(
            (
                i
                for i, c in enumerate(sheet.ids)
                if (m := OTHER_TEXT.match(c)) and m.group("base") == qid
            ),
            None,
        )
        self.found = self.single is not None or bool(self.subs)

    def _choice(self, cell: str, labels: list[str]) -> str | None:
        label = _match(cell, labels)
        if label is None:
            self.problems.append(cell)
        return label

    def read(self, row: list[str]) -> tuple[Any, str]:
        question, kind = self.question, self.question.type
        other = row[self.other].strip() if self.other is not None else ""
        cell = row[self.single].strip() if self.single is not None else ""
        if kind in ("consent", "single", "likert"):
            return (self._choice(cell, question.choices) if cell else None), other
        if kind == "multi" and self.single is not None:
            chosen, unknown = split_cell(cell, question.choices)
            self.problems.extend(unknown)
            return chosen or None, other
        if kind == "multi":
            chosen = [
                _match(row[i].strip(), question.choices) or _match(str(n), question.choices)
                for n, (i, _) in enumerate(self.subs, 1) if row[i].strip()
            ]  # fmt: skip
            return [c for c in chosen if c] or None, other
        if kind == "matrix":
            items = {item_id for item_id, _ in question.items}
            value = {
                s: self._choice(row[i].strip(), question.options)
                for i, s in self.subs
                if s in items and row[i].strip()
            }
            return {k: v for k, v in value.items() if v} or None, other
        if kind == "ranking":
            ranked = []
            for n, ((i, _), text) in enumerate(zip(self.subs, self.sub_texts, strict=True)):
                option = _match(text, question.options) or (
                    question.options[n] if n < len(question.options) else None
                )
                if row[i].strip().isdigit() and option:
                    ranked.append((int(row[i]), option))
            return [o for _, o in sorted(ranked)] or None, other
        if kind == "number":
            try:
                number = float(cell.replace(",", ".")) if cell else None
            except ValueError:
                self.problems.append(cell)
                return None, other
            return (int(number) if number is not None and number.is_integer() else number), other
        return cell or None, other


def _load_instrument(path: str | Path, slug: str) -> tuple[Instrument, list[str]]:
    if str(path).lower().endswith(".qsf"):
        return read_qsf(path, slug)
    instrument = read_instrument_file(path)
    instrument.slug = slug
    return instrument, []


def _meta_column(sheet: Sheet, *names: str) -> int | None:
    wanted = {n.casefold() for n in names}
    return next((i for i, c in enumerate(sheet.ids) if c.casefold() in wanted), None)


def _recorded(cell: str) -> datetime:
    try:
        moment = datetime.fromisoformat(cell.strip())
    except ValueError:
        return utcnow()
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def import_qualtrics(
    session: Session,
    project: Project,
    path: str | Path,
    slug: str,
    instrument_path: str | Path | None = None,
    actor: str = "",
) -> dict[str, Any]:
    """Import every response row; returns what happened (counts, questions, warnings)."""
    sheet = read_sheet(path)
    warnings: list[str] = []
    survey = get_survey(session, project, slug)
    if instrument_path:
        instrument, warnings = _load_instrument(instrument_path, slug)
    elif survey is not None:
        instrument = instrument_of(survey)
    else:
        instrument = infer_instrument(sheet, slug)
    created = survey is None
    if survey is None:
        survey = create_survey(session, project, instrument, source="qualtrics", actor=actor)
        survey.status = "closed"
    readers = [_QuestionReader(q, sheet) for q in instrument.questions]
    for reader in readers:
        if not reader.found:
            warnings.append(f"question {reader.question.id} has no column in {Path(path).name}")
    status_col, id_col = (
        _meta_column(sheet, "Status"),
        _meta_column(sheet, "ResponseId", "ResponseID", "V1"),
    )
    date_col = _meta_column(sheet, "RecordedDate", "EndDate", "V9")
    finished_col = _meta_column(sheet, "Finished")
    known = set(
        session.exec(
            select(SurveyResponse.external_id).where(SurveyResponse.survey_id == survey.id)
        ).all()
    )
    counts = {
        "imported": 0,
        "excluded": 0,
        "skipped_test_or_preview": 0,
        "duplicates": 0,
        "unfinished": 0,
    }
    pending: list[tuple[SurveyResponse, dict[str, tuple[Any, str]]]] = []
    for number, row in enumerate(sheet.rows, start=1):
        if status_col is not None and row[status_col].strip().casefold() in SKIPPED_STATUS:
            counts["skipped_test_or_preview"] += 1
            continue
        external = (
            row[id_col].strip() if id_col is not None and row[id_col].strip() else f"row-{number}"
        )
        if external in known:
            counts["duplicates"] += 1
            continue
        known.add(external)
        values = {r.question.id: r.read(row) for r in readers if r.found}
        values = {k: v for k, v in values.items() if v[0] is not None}
        excluded = any(declined(q, values.get(q.id, (None, ""))[0]) for q in instrument.questions)
        if excluded:
            values = {
                q.id: values[q.id]
                for q in instrument.questions
                if q.type == "consent" and q.id in values
            }
        finished = finished_col is None or row[finished_col].strip().casefold() in ("true", "1")
        counts["unfinished"] += not finished
        counts["excluded" if excluded else "imported"] += 1
        response = SurveyResponse(
            survey_id=survey.id, external_id=external, excluded=excluded,
            submitted_at=_recorded(row[date_col]) if date_col is not None else utcnow(),
            meta={"source": "qualtrics", "finished": finished},
        )  # fmt: skip
        pending.append((response, values))
    session.add_all(r for r, _ in pending)
    session.flush()
    rows = [
        {"response_id": r.id, "question_id": qid, "value": value, "other_text": other, "updated_at": utcnow()}
        for r, values in pending for qid, (value, other) in values.items()
    ]  # fmt: skip
    if rows:
        session.execute(insert(SurveyAnswer.__table__), rows)
    for reader in readers:
        for problem in list(dict.fromkeys(reader.problems))[:5]:
            warnings.append(f"question {reader.question.id}: {problem!r} is not one of its options")
    audit.record(
        session, "survey.import_qualtrics", project_id=project.id, actor=actor, entity="survey",
        entity_id=survey.id, source=Path(path).name, **counts,
    )  # fmt: skip
    return {
        "survey": slug, "created": created, **counts,
        "ignored_columns": sheet.ignored,
        "questions": [{"id": q.id, "type": q.type, "options": q.choices} for q in instrument.questions],
        "warnings": warnings,
    }  # fmt: skip
