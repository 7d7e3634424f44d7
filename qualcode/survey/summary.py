"""Per-question results: option counts, Likert distributions, numbers, free text, cross-tabs."""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

import pandas as pd

from qualcode.errors import ValidationError
from qualcode.survey.answers import declined
from qualcode.survey.instrument import Question
from qualcode.survey.results import Results

SUMMARY_TYPES = {"long_text": "text"}


def option_counts(question: Question, values: dict[int, Any]) -> dict[str, int]:
    """How many respondents chose each option (every option listed, zero included)."""
    counter: Counter = Counter()
    for value in values.values():
        counter.update(value if isinstance(value, list) else [value])
    return {option: counter.get(option, 0) for option in question.choices}


def _likert_extras(question: Question, counts: dict[str, int], n: int) -> dict[str, Any]:
    if not n:
        return {"mean": None, "top_categories": question.top_categories, "top_share": None}
    total = sum(position * counts[label] for position, label in enumerate(question.options, 1))
    top = sum(counts[label] for label in question.top_categories)
    return {
        "mean": round(total / n, 4),
        "top_categories": question.top_categories,
        "top_share": round(top / n, 4),
    }


def question_summary(question: Question, results: Results) -> dict[str, Any]:
    """One question's entry of the summary (the issue's JSON shape plus type-specific figures)."""
    values = results.answered(question.id)
    entry: dict[str, Any] = {
        "id": question.id,
        "type": SUMMARY_TYPES.get(question.type, question.type),
        "text": question.text,
        "n_answered": len(values),
        "counts": {},
    }
    if question.codes:
        entry["codes"] = list(question.codes)
    kind = question.type
    if kind == "consent":  # declined respondents are excluded: counted apart, not in the counts
        entry["counts"] = option_counts(question, values)
        entry["n_declined"] = sum(
            declined(question, v) for v in results.excluded_values.get(question.id, {}).values()
        )
    elif kind in ("single", "multi", "likert"):
        entry["counts"] = option_counts(question, values)
        if kind == "likert":
            entry.update(_likert_extras(question, entry["counts"], len(values)))
        if question.other:
            entry["other_texts"] = list(results.others.get(question.id, {}).values())
    elif kind == "matrix":
        entry["items"] = []
        for item_id, text in question.items:
            item_values = {
                r: v[item_id] for r, v in values.items() if isinstance(v, dict) and item_id in v
            }
            counts = {label: 0 for label in question.options}
            for value in item_values.values():
                counts[value] = counts.get(value, 0) + 1
            entry["items"].append(
                {"id": item_id, "text": text, "n_answered": len(item_values), "counts": counts,
                 **_likert_extras(question, counts, len(item_values))}
            )  # fmt: skip
    elif kind == "ranking":
        ranks: dict[str, list[int]] = {o: [] for o in question.options}
        for ranking in values.values():
            for position, option in enumerate(ranking, 1):
                ranks.setdefault(option, []).append(position)
        entry["counts"] = {o: sum(1 for r in ranks[o] if r == 1) for o in question.options}
        entry["mean_rank"] = {
            o: round(statistics.fmean(r), 4) if r else None for o, r in ranks.items()
        }
    elif kind == "number":
        numbers = [float(v) for v in values.values()]
        entry.update(
            {"mean": round(statistics.fmean(numbers), 4), "median": statistics.median(numbers),
             "min": min(numbers), "max": max(numbers)} if numbers else {}
        )  # fmt: skip
    else:
        entry["answers"] = [str(v) for v in values.values()]
    return entry


def survey_summary(results: Results) -> dict[str, Any]:
    """`qualcode survey summary --format json`: every question with its counts."""
    return {
        "survey": results.survey.slug,
        "title": results.survey.title,
        "status": results.survey.status,
        "n_responses": len(results.response_ids),
        "n_excluded": len(results.excluded_ids),
        "questions": [question_summary(q, results) for q in results.instrument.questions],
    }


def _categories(question: Question, value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def crosstab(results: Results, question_id: str, by_question_id: str) -> pd.DataFrame:
    """Counts of a question's answers (columns) per answer to a demographic question (rows)."""
    instrument = results.instrument
    question, by = instrument.question(question_id), instrument.question(by_question_id)
    for qid, found in ((question_id, question), (by_question_id, by)):
        if found is None or found.type not in ("consent", "single", "multi", "likert"):
            raise ValidationError(f"question '{qid}' is not a choice question of this survey")
    rows = by.choices
    columns = question.choices
    table = pd.DataFrame(
        0, index=pd.Index(rows, name=by.id), columns=pd.Index(columns, name=question.id)
    )
    by_values = results.answered(by.id)
    for response_id, value in results.answered(question.id).items():
        for row in _categories(by, by_values.get(response_id)):
            for column in _categories(question, value):
                if row in table.index and column in table.columns:
                    table.loc[row, column] += 1
    return table


def demographic_questions(results: Results) -> list[Question]:
    """Questions to cross-tabulate by: flagged `demographic`, else every single-choice question."""
    flagged = [q for q in results.instrument.questions if q.demographic]
    return flagged or [q for q in results.instrument.questions if q.type == "single"]
