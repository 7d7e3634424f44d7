"""Reading a survey's submitted answers in bulk (one query per table) for summaries, exports and charts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Text, cast
from sqlmodel import Session, select

from qualcode.store.survey_models import Survey, SurveyAnswer, SurveyResponse
from qualcode.survey.instrument import Instrument
from qualcode.survey.surveys import instrument_of


@dataclass
class Results:
    """Submitted answers by question: `values[qid][response_id]`; declined-consent responses apart."""

    survey: Survey
    instrument: Instrument
    response_ids: list[int] = field(default_factory=list)  # included (submitted, consent given)
    submitted_at: dict[int, Any] = field(default_factory=dict)
    excluded_ids: list[int] = field(default_factory=list)
    values: dict[str, dict[int, Any]] = field(default_factory=dict)
    others: dict[str, dict[int, str]] = field(default_factory=dict)
    excluded_values: dict[str, dict[int, Any]] = field(default_factory=dict)

    def answered(self, question_id: str) -> dict[int, Any]:
        return self.values.get(question_id, {})


def load_results(session: Session, survey: Survey) -> Results:
    """Every submitted response's answers, with excluded (declined) responses kept apart."""
    results = Results(survey, instrument_of(survey))
    rows = session.exec(
        select(SurveyResponse.id, SurveyResponse.submitted_at, SurveyResponse.excluded)
        .where(SurveyResponse.survey_id == survey.id, SurveyResponse.submitted_at.is_not(None))
        .order_by(SurveyResponse.id)
    ).all()
    excluded = set()
    for response_id, submitted_at, is_excluded in rows:
        if is_excluded:
            excluded.add(response_id)
            results.excluded_ids.append(response_id)
        else:
            results.response_ids.append(response_id)
            results.submitted_at[response_id] = submitted_at
    table = SurveyAnswer.__table__.c
    answers = (
        session.connection()
        .execute(  # core rows, JSON decoded in one go: 150k answers in well under 1 s
            select(table.response_id, table.question_id, cast(table.value, Text), table.other_text)
            .join(SurveyResponse, SurveyResponse.id == table.response_id)
            .where(SurveyResponse.survey_id == survey.id, SurveyResponse.submitted_at.is_not(None))
        )
        .all()
    )
    decoded = json.loads(
        "[" + ",".join(row[2] if row[2] is not None else "null" for row in answers) + "]"
    )
    for (response_id, question_id, _, other), value in zip(answers, decoded, strict=True):
        target = results.excluded_values if response_id in excluded else results.values
        target.setdefault(question_id, {})[response_id] = value
        if other and response_id not in excluded:
            results.others.setdefault(question_id, {})[response_id] = other
    return results
