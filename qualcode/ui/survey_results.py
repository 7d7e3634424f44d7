"""Survey results (researcher): charts per question, cross-tabs, free text, exports, open answers to code."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from qualcode.survey.charts import choice_chart, likert_chart
from qualcode.survey.exports import FORMATS, write_export
from qualcode.survey.open_answers import answers_to_documents
from qualcode.survey.results import Results, load_results
from qualcode.survey.summary import crosstab, demographic_questions, survey_summary
from qualcode.survey.surveys import list_surveys, require_survey
from qualcode.ui.context import require_project, transaction
from qualcode.ui.markup import md, text_block

MIME = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "sav": "application/octet-stream"}  # fmt: skip


def _export_bytes(results: Results, fmt: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export.{fmt}"
        write_export(results, fmt, path)
        return path.read_bytes()


def _likert_block(summary: dict, results: Results) -> None:
    likert = [q for q in summary["questions"] if q["type"] == "likert" and q["n_answered"]]
    if likert:
        st.subheader("Likert items")
        items = [(q["id"], list(q["counts"]), q["counts"]) for q in likert]
        st.altair_chart(likert_chart(items), width="stretch")
    for q in summary["questions"]:
        if q["type"] == "matrix" and any(i["n_answered"] for i in q["items"]):
            st.markdown(f"**{md(q['text'])}**")
            st.altair_chart(
                likert_chart([(i["text"], list(i["counts"]), i["counts"]) for i in q["items"]]),
                width="stretch",
            )


def _question_block(q: dict) -> None:
    st.markdown(f"**{md(q['id'])}** · {md(q['text'])}")
    declined = (
        f" · {q['n_declined']} declined (excluded from results)" if q.get("n_declined") else ""
    )
    st.caption(f"{q['type']} · answered by {q['n_answered']}{declined}")
    if q["type"] in ("single", "multi", "consent", "ranking") and q["counts"]:
        st.altair_chart(choice_chart(q["counts"]), width="stretch")
    if q["type"] == "likert" and q.get("top_share") is not None:
        st.caption(
            md(f"{', '.join(q['top_categories'])}: {q['top_share']:.0%} · mean {q['mean']:.2f}")
        )
    if q["type"] == "number" and q.get("mean") is not None:
        st.caption(
            f"mean {q['mean']:.2f} · median {q['median']:g} · range {q['min']:g}–{q['max']:g}"
        )
    texts = q.get("answers") or q.get("other_texts") or []
    if texts:
        with st.expander(f"{len(texts)} written answers"):
            for text in texts:
                st.html(
                    f"<div style='border-left:3px solid #ddd;padding:2px 8px;margin:4px 0'>{text_block(text)}</div>"
                )


def page() -> None:
    with transaction() as session:
        project = require_project(session)
        if project is None:
            return
        slugs = [s.slug for s in list_surveys(session, project)]
    st.title("Survey results")
    if not slugs:
        st.info("No survey yet.")
        return
    slug = st.selectbox("Survey", slugs, key="sr_survey")
    with transaction() as session:
        results = load_results(session, require_survey(session, project, slug))
    summary = survey_summary(results)
    columns = st.columns(3)
    columns[0].metric("Responses", summary["n_responses"])
    columns[1].metric("Excluded (declined consent)", summary["n_excluded"])
    columns[2].metric("Questions", len(summary["questions"]))
    exports = st.columns(len(FORMATS))
    for column, fmt in zip(exports, FORMATS, strict=True):
        column.download_button(f"Export {fmt.upper()}", _export_bytes(results, fmt) if summary["n_responses"] else b"",
                               f"{slug}.{fmt}", MIME[fmt], disabled=not summary["n_responses"], key=f"sr_{fmt}")  # fmt: skip
    if not summary["n_responses"]:
        st.info("No submitted responses yet.")
        return
    _likert_block(summary, results)
    by_options = demographic_questions(results)
    if by_options:
        st.subheader("Cross-tab by a demographic question")
        choice_ids = [
            q["id"]
            for q in summary["questions"]
            if q["type"] in ("single", "multi", "likert", "consent")
        ]
        row = st.columns(2)
        by = row[0].selectbox("Rows", [q.id for q in by_options], key="sr_by")
        first = next(
            (
                i
                for i, q in enumerate(summary["questions"])
                if q["id"] in choice_ids and q["type"] == "likert"
            ),
            None,
        )
        default = choice_ids.index(summary["questions"][first]["id"]) if first is not None else 0
        what = row[1].selectbox("Columns", choice_ids, index=default, key="sr_what")
        st.dataframe(crosstab(results, what, by), width="stretch")
    st.subheader("Questions")
    for q in summary["questions"]:
        _question_block(q)
    text_ids = [
        q.id for q in results.instrument.questions if q.type in ("text", "long_text") or q.other
    ]
    if text_ids:
        st.subheader("Code the open answers")
        row = st.columns([3, 1])
        question_id = row[0].selectbox("Question", text_ids, key="sr_docs")
        if row[1].button("Make documents", key="sr_make_docs"):
            with transaction() as session:
                survey = require_survey(session, project, slug)
                made = answers_to_documents(session, project, survey, question_id)
            st.success(
                f"Created {made['documents']} documents ({made['skipped']} already there or empty); code them on the coding page."
            )
