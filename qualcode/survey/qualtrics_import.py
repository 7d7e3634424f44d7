"""Importing a Qualtrics response export into a survey (created when it does not exist yet), or
a .qsf alone as a draft survey that later exports attach to.

The instrument comes from the survey already stored, else from `--instrument` (a qualcode YAML
or a Qualtrics .qsf), else it is inferred from the values. Columns are matched to questions by
ImportId, then by export tag (`qualtrics_columns`); a loop & merge question is one question per
iteration (`qualtrics_loops`), listed in the report; every column not read is reported by reason,
and answer columns of no question stop the import unless allowed. Multi-select cells are split
against the instrument's options; `_TEXT` columns become the "Other" text of their question;
respondents who decline consent are excluded and counted; preview and test responses are
skipped; responses already imported (same ResponseId) are skipped.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, select

from qualcode.errors import ValidationError
from qualcode.store import audit
from qualcode.store.models import Project, utcnow
from qualcode.store.survey_models import Survey, SurveyAnswer, SurveyResponse
from qualcode.survey.answers import declined
from qualcode.survey.instrument import Instrument, read_instrument_file
from qualcode.survey.qualtrics_columns import match_columns, unused_columns
from qualcode.survey.qualtrics_infer import infer_instrument
from qualcode.survey.qualtrics_loops import LEGACY_LOOP, LOOP_PREFIX, loops_of
from qualcode.survey.qualtrics_qsf import read_qsf
from qualcode.survey.qualtrics_reader import QuestionReader
from qualcode.survey.qualtrics_sheet import Sheet, read_sheet
from qualcode.survey.surveys import create_survey, get_survey, instrument_of, set_status

SKIPPED_STATUS = {"survey preview", "survey test", "spam", "1", "2", "8", "9", "17"}
SHOWN_UNMATCHED = 12


def _load_instrument(path: str | Path, slug: str) -> tuple[Instrument, list[str]]:
    if str(path).lower().endswith(".qsf"):
        return read_qsf(path, slug)
    instrument = read_instrument_file(path)
    instrument.slug = slug
    return instrument, []


def create_from_instrument(
    session: Session, project: Project, instrument_path: str | Path, slug: str, actor: str = ""
) -> dict[str, Any]:
    """A draft survey from a .qsf (or instrument YAML) before any responses: later exports
    imported with the same slug attach to it."""
    if get_survey(session, project, slug) is not None:
        raise ValidationError(
            f"a survey '{slug}' already exists; import a response export into it, or choose another slug"
        )
    instrument, warnings = _load_instrument(instrument_path, slug)
    survey = create_survey(session, project, instrument, source="qualtrics", actor=actor)
    return {
        "survey": slug, "created": True, "status": survey.status, "imported": 0,
        "questions": _question_list(instrument), "loops": loops_of(instrument.questions), "warnings": warnings,
    }  # fmt: skip


def _question_list(instrument: Instrument) -> list[dict[str, Any]]:
    return [
        {"id": q.id, "type": q.type, "tag": q.qualtrics.get("tag", q.id), "options": q.choices}
        for q in instrument.questions
    ]


def _refuse_unmatched(source: str, slug: str, unmatched: list[str], inferred: bool) -> None:
    shown = ", ".join(unmatched[:SHOWN_UNMATCHED])
    shown += " ..." if len(unmatched) > SHOWN_UNMATCHED else ""
    hint = (
        "give the survey's .qsf with --instrument"
        if inferred
        else "check that the export and the instrument are of the same survey (embedded data "
        "fields not set in the .qsf survey flow count as answer columns)"
    )
    looped = next((c for c in unmatched if LOOP_PREFIX.match(c) or LEGACY_LOOP.match(c)), None)
    if looped and not inferred:
        hint += (
            f"; columns such as {looped} look like loop & merge iterations the instrument does "
            "not have (export the .qsf again after setting up the loop)"
        )
    raise ValidationError(
        f"{source}: {len(unmatched)} answer column(s) match no question of survey '{slug}': "
        f"{shown}. Nothing was imported: {hint}, or import the other columns and leave these "
        "out with --allow-unmatched"
    )


def _meta_column(sheet: Sheet, *names: str) -> int | None:
    wanted = {n.casefold() for n in names}
    return next((i for i, c in enumerate(sheet.ids) if c.casefold() in wanted), None)


def _skipped(status: str) -> bool:
    """A preview, test or spam response (by its Status text or number)."""
    return status.strip().casefold() in SKIPPED_STATUS


def _recorded(cell: str) -> datetime:
    try:
        moment = datetime.fromisoformat(cell.strip())
    except ValueError:
        return utcnow()
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _instrument_for(
    session: Session, project: Project, sheet: Sheet, slug: str, instrument_path: str | Path | None
) -> tuple[Instrument, list[str]]:
    """The stored survey's instrument, else the one given, else one inferred from the values."""
    survey = get_survey(session, project, slug)
    if survey is not None:
        stored = instrument_of(survey)
        if (
            instrument_path
            and _load_instrument(instrument_path, slug)[0].to_dict() != stored.to_dict()
        ):
            name = Path(instrument_path).name
            return stored, [
                f"survey '{slug}' exists: its stored questions are used, not those of {name}"
            ]
        return stored, []
    if instrument_path:
        return _load_instrument(instrument_path, slug)
    status = _meta_column(sheet, "Status", "V7")
    answered = [r for r in sheet.rows if status is None or not _skipped(r[status])]
    return infer_instrument(replace(sheet, rows=answered), slug), []


def _responses(
    session: Session,
    sheet: Sheet,
    instrument: Instrument,
    readers: list[QuestionReader],
    survey: Survey,
) -> tuple[dict[str, int], list[tuple[SurveyResponse, dict[str, tuple[Any, str]]]]]:
    """Counts, and each new response with its answers (previews, tests and responses already
    imported left out; a declined consent keeps only the consent answer)."""
    status_col, id_col = (
        _meta_column(sheet, "Status", "V7"),
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
        if status_col is not None and _skipped(row[status_col]):
            counts["skipped_test_or_preview"] += 1
            continue
        external = (
            row[id_col].strip() if id_col is not None and row[id_col].strip() else f"row-{number}"
        )
        if external in known:
            counts["duplicates"] += 1
            continue
        known.add(external)
        values = {r.question.id: r.read(row) for r in readers}
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
    return counts, pending


def import_qualtrics(
    session: Session,
    project: Project,
    path: str | Path,
    slug: str,
    instrument_path: str | Path | None = None,
    actor: str = "",
    *,
    allow_unmatched: bool = False,
    header_rows: int | None = None,
) -> dict[str, Any]:
    """Import every response row; returns what happened (counts, questions, unused columns by
    reason, warnings). Answer columns of no question refuse the import unless allowed."""
    sheet = read_sheet(path, header_rows)
    instrument, warnings = _instrument_for(session, project, sheet, slug, instrument_path)
    matching = match_columns(sheet, instrument)
    unused = unused_columns(sheet, instrument, matching)
    if unused["unmatched"] and not allow_unmatched:
        inferred = instrument_path is None and get_survey(session, project, slug) is None
        _refuse_unmatched(Path(path).name, slug, unused["unmatched"], inferred)
    survey = get_survey(session, project, slug)
    created = survey is None
    if survey is None:
        survey = create_survey(session, project, instrument, source="qualtrics", actor=actor)
    if survey.status == "draft" and survey.source == "qualtrics":
        # run in Qualtrics: its answers come only from exports, never from the respondent app
        set_status(session, survey, "closed", actor)
    readers = [
        QuestionReader(q, sheet, matching.questions[q.id])
        for q in instrument.questions
        if q.id in matching.questions
    ]
    if sheet.overflowing:
        rows = ", ".join(map(str, sheet.overflowing[:10])) + (
            " ..." if len(sheet.overflowing) > 10 else ""
        )
        warnings.append(
            f"{len(sheet.overflowing)} response row(s) hold cells beyond the last column id, left "
            f"out (rows {rows}, counted from the first response): is the export cut or edited?"
        )
    for question in instrument.questions:
        if question.id not in matching.questions:
            tag = question.qualtrics.get("tag", question.id)
            named = f" (export tag {tag!r})" if tag != question.id else ""
            warnings.append(f"question {question.id}{named} has no column in {Path(path).name}")
    counts, pending = _responses(session, sheet, instrument, readers, survey)
    session.add_all(r for r, _ in pending)
    session.flush()
    answered = {r.question.id: 0 for r in readers}
    for response, values in pending:
        for question_id in values if not response.excluded else ():
            answered[question_id] += 1
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
        "survey": slug, "created": created, **counts, "header_rows": sheet.header_rows,
        "questions": _question_list(instrument), "loops": loops_of(instrument.questions), "answers": answered,
        "unused_columns": unused, "warnings": warnings,
    }  # fmt: skip
