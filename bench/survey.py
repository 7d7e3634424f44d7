"""Benchmark: a 30-question survey with 5,000 responses; summary and each export must take under 3 s.

Run: .venv/bin/python bench/survey.py [--responses 5000]. Prints seconds per step and the ratio
to the 3 s target (below 1.0 meets it). Uses a throwaway SQLite file.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from qualcode.project import create_project
from qualcode.store import session_scope
from qualcode.store.models import utcnow
from qualcode.store.survey_models import SurveyAnswer, SurveyResponse
from qualcode.survey.exports import write_export
from qualcode.survey.instrument import parse_instrument
from qualcode.survey.results import load_results
from qualcode.survey.summary import survey_summary
from qualcode.survey.surveys import create_survey

TARGET_SECONDS = 3.0
OPTIONS = ["Alpha", "Beta (b, c)", "Gamma", "Delta"]


def instrument_30() -> dict:
    """10 Likert, 6 single, 5 multi, 4 number, 4 text questions and a consent question."""
    questions = [{"id": "consent", "type": "consent", "text": "Agree?"}]
    questions += [{"id": f"l{i}", "type": "likert", "text": f"Likert {i}"} for i in range(10)]
    questions += [
        {"id": f"s{i}", "type": "single", "text": f"Single {i}", "options": OPTIONS, "other": True}
        for i in range(6)
    ]
    questions += [
        {"id": f"m{i}", "type": "multi", "text": f"Multi {i}", "options": OPTIONS} for i in range(5)
    ]
    questions += [{"id": f"n{i}", "type": "number", "text": f"Number {i}"} for i in range(4)]
    questions += [{"id": f"t{i}", "type": "long_text", "text": f"Text {i}"} for i in range(4)]
    return {"slug": "bench", "title": "Bench", "pages": [{"title": "All", "questions": questions}]}


def value_for(question, rng: random.Random):
    kind = question.type
    if kind == "consent":
        return question.options[0]
    if kind in ("likert", "single"):
        return rng.choice(question.choices)
    if kind == "multi":
        return rng.sample(question.options, rng.randint(1, 3))
    if kind == "number":
        return rng.randint(0, 40)
    return "An answer with a few words, like a real respondent would write."


def fill(url: str, n: int) -> None:
    rng = random.Random(7)
    with session_scope(url) as session:
        project = create_project(session, "Bench")
        survey = create_survey(session, project, parse_instrument(instrument_30()))
        responses = [SurveyResponse(survey_id=survey.id, submitted_at=utcnow()) for _ in range(n)]
        session.add_all(responses)
        session.flush()
        questions = parse_instrument(instrument_30()).questions
        rows = [
            {"response_id": r.id, "question_id": q.id, "value": value_for(q, rng), "other_text": "",
             "updated_at": utcnow()}
            for r in responses for q in questions
        ]  # fmt: skip
        session.execute(insert(SurveyAnswer.__table__), rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--responses", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        fill(url, args.responses)
        print(
            f"30 questions x {args.responses} responses (SQLite); target {TARGET_SECONDS:.1f} s per step"
        )
        started = time.perf_counter()
        with session_scope(url) as session:
            from qualcode.project import current_project
            from qualcode.survey.surveys import require_survey

            results = load_results(
                session, require_survey(session, current_project(session), "bench")
            )
        load_seconds = time.perf_counter() - started
        summary = survey_summary(results)
        summary_seconds = time.perf_counter() - started
        assert summary["n_responses"] == args.responses
        print(f"  load answers      {load_seconds:6.2f} s")
        print(
            f"  load + summary    {summary_seconds:6.2f} s   ratio {summary_seconds / TARGET_SECONDS:.2f}"
        )
        for fmt in ("csv", "xlsx", "sav"):
            started = time.perf_counter()
            with session_scope(url) as session:
                from qualcode.project import current_project
                from qualcode.survey.surveys import require_survey

                results = load_results(
                    session, require_survey(session, current_project(session), "bench")
                )
            write_export(results, fmt, Path(folder) / f"out.{fmt}")
            seconds = time.perf_counter() - started
            print(
                f"  load + {fmt:<4} export {seconds:6.2f} s   ratio {seconds / TARGET_SECONDS:.2f}"
            )


if __name__ == "__main__":
    main()
