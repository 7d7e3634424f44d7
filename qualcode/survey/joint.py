"""The survey side of the joint display: results of the survey items linked to a code.

A code links to survey items through the codebook's `survey_items` (question ids, optionally
`SLUG:ID`), and a question links to codes through its `codes: [...]`; either link counts.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from qualcode.store.models import Project
from qualcode.survey.instrument import Question
from qualcode.survey.results import load_results
from qualcode.survey.summary import question_summary
from qualcode.survey.surveys import code_survey_items, instrument_of, list_surveys


def _linked(question: Question, slug: str, code_key: str, item_ids: set[str]) -> bool:
    return (
        code_key in question.codes or question.id in item_ids or f"{slug}:{question.id}" in item_ids
    )


def survey_results_for_code(
    session: Session, project: Project, code_key: str
) -> list[dict[str, Any]]:
    """Per linked survey item: survey slug, question id, text, n answered, share in the top categories, counts."""
    item_ids = set(code_survey_items(session, project).get(code_key, []))
    rows: list[dict[str, Any]] = []
    for survey in list_surveys(session, project):
        instrument = instrument_of(survey)
        linked = [q for q in instrument.questions if _linked(q, survey.slug, code_key, item_ids)]
        if not linked:
            continue
        results = load_results(session, survey)
        for question in linked:
            summary = question_summary(question, results)
            entries = summary.get("items") or [summary]
            for entry in entries:
                is_item = entry is not summary
                rows.append({
                    "survey": survey.slug,
                    "survey_title": survey.title,
                    "question": f"{question.id}.{entry['id']}" if is_item else question.id,
                    "text": f"{question.text} - {entry['text']}" if is_item else question.text,
                    "type": summary["type"],
                    "n_responses": len(results.response_ids),
                    "n_answered": entry["n_answered"],
                    "top_categories": entry.get("top_categories", []),
                    "top_share": entry.get("top_share"),
                    "counts": entry["counts"],
                })  # fmt: skip
    return rows
