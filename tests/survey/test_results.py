"""Summary counts, cross-tabs, exports (CSV, XLSX, SPSS with value labels), joint display, open answers, drafts."""

from __future__ import annotations

import pandas as pd
import pyreadstat
from sqlmodel import select

from qualcode.codebook import store as codebook_store
from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.store.models import Document, Participant
from qualcode.survey.exports import write_export
from qualcode.survey.generate import draft_from_group
from qualcode.survey.joint import survey_results_for_code
from qualcode.survey.open_answers import answers_to_documents
from qualcode.survey.responses import enter, save_page, submit
from qualcode.survey.results import load_results
from qualcode.survey.summary import crosstab, survey_summary
from qualcode.survey.surveys import create_invitations, create_survey, require_survey, set_status

ANSWERS = [
    ({"role": "Dev", "tools": ["Hub, web"], "years": "3", "pain": "Often", "grid": {"a": "Agree"}, "rank": ["y", "x", "z"], "note": "Tags lie."}, {}),
    ({"role": "Dev", "tools": ["Hub, web", "Papers"], "years": "5", "pain": "Always", "rank": ["x", "y", "z"]}, {}),
    ({"role": "Other (please specify)", "tools": ["Other (please specify)"], "pain": "Never"}, {"role": "Manager", "tools": "blogs"}),
]  # fmt: skip


def _fill(study):
    url, instrument = study
    with session_scope(url) as session:
        survey = create_survey(session, current_project(session), instrument)
        set_status(session, survey, "open")
        tokens = [r["token"] for r in create_invitations(session, survey, 4, "http://x")]
    for token, (values, others) in zip(tokens, ANSWERS, strict=False):
        with session_scope(url) as session:
            entry = enter(session, "mini", token)
            save_page(session, entry, 0, {"consent": "I agree to take part"}, {}, 1)
            assert save_page(session, entry, 1, values, others, 1) == {}
            assert submit(session, entry) == {}
    with session_scope(url) as session:
        save_page(
            session, enter(session, "mini", tokens[3]), 0, {"consent": "I do not agree"}, {}, 1
        )
    return url


def _results(url):
    with session_scope(url) as session:
        return load_results(session, require_survey(session, current_project(session), "mini"))


def test_summary_counts_match_the_answers(study):
    summary = survey_summary(_results(_fill(study)))
    questions = {q["id"]: q for q in summary["questions"]}
    assert (summary["n_responses"], summary["n_excluded"]) == (3, 1)
    assert questions["consent"]["counts"] == {"I agree to take part": 3, "I do not agree": 0}
    assert questions["tools"]["counts"] == {"Hub, web": 2, "Papers": 1, "Other (please specify)": 1}
    assert (
        questions["role"]["other_texts"] == ["Manager"]
        and "Manager" not in questions["role"]["counts"]
    )
    assert questions["pain"]["n_answered"] == 2  # hidden for the third respondent (role is not Dev)
    assert (questions["pain"]["top_share"], questions["pain"]["mean"]) == (1.0, 4.5)
    assert questions["years"]["mean"] == 4.0 and questions["rank"]["mean_rank"]["x"] == 1.5
    assert questions["grid"]["items"][0]["counts"]["Agree"] == 1
    assert questions["note"]["type"] == "text" and questions["note"]["answers"] == ["Tags lie."]


def test_declined_consent_is_counted_apart_from_the_consent_counts(study):
    consent = survey_summary(_results(_fill(study)))["questions"][0]
    assert (consent["n_answered"], sum(consent["counts"].values()), consent["n_declined"]) == (
        3,
        3,
        1,
    )


def test_demo_survey_consent_counts_match_its_answered_count(demo_url):
    with session_scope(demo_url) as session:
        survey = require_survey(session, current_project(session), "ptm-reuse-synthetic")
        summary = survey_summary(load_results(session, survey))
    consent = next(q for q in summary["questions"] if q["type"] == "consent")
    assert consent["n_answered"] == sum(consent["counts"].values()) == summary["n_responses"]
    assert consent["n_declined"] == summary["n_excluded"] == 1


def test_crosstab_counts_by_demographic(study):
    table = crosstab(_results(_fill(study)), "tools", "role")
    assert (
        table.loc["Dev", "Hub, web"] == 2 and table.loc["Other (please specify)", "Hub, web"] == 0
    )
    assert int(table.to_numpy().sum()) == 4


def test_csv_and_xlsx_exports_hold_one_row_per_response(study, tmp_path):
    results = _results(_fill(study))
    frame_csv = pd.read_csv(write_export(results, "csv", tmp_path / "r.csv"))
    frame_xlsx = pd.read_excel(write_export(results, "xlsx", tmp_path / "r.xlsx"))
    assert len(frame_csv) == len(frame_xlsx) == 3
    assert list(frame_csv["tools_1"]) == [1, 1, 0] and list(frame_csv["role_other"].fillna("")) == [
        "",
        "",
        "Manager",
    ]


def test_sav_export_keeps_value_labels(study, tmp_path):
    frame, meta = pyreadstat.read_sav(
        str(write_export(_results(_fill(study)), "sav", tmp_path / "r.sav"))
    )
    assert meta.variable_value_labels["pain"] == {
        1.0: "Never",
        2.0: "Rarely",
        3.0: "Sometimes",
        4.0: "Often",
        5.0: "Always",
    }
    assert list(frame["pain"].fillna(0)) == [4.0, 5.0, 0.0]
    assert meta.column_names_to_labels["pain"] == "Search hurts"


def test_joint_display_rows_for_a_linked_code(study):
    url = _fill(study)
    with session_scope(url) as session:
        rows = survey_results_for_code(session, current_project(session), "model_search")
        assert survey_results_for_code(session, current_project(session), "discrepancies") == []
    assert len(rows) == 1
    assert {k: rows[0][k] for k in ("survey", "question", "n_answered", "top_share", "top_categories")} == {
        "survey": "mini", "question": "pain", "n_answered": 2, "top_share": 1.0, "top_categories": ["Often", "Always"],
    }  # fmt: skip


def test_open_answers_become_documents_once(study):
    url = _fill(study)
    with session_scope(url) as session:
        project = current_project(session)
        survey = require_survey(session, project, "mini")
        assert answers_to_documents(session, project, survey, "note") == {
            "documents": 1,
            "skipped": 0,
        }
        assert answers_to_documents(session, project, survey, "note") == {
            "documents": 0,
            "skipped": 1,
        }
        document = session.exec(select(Document).where(Document.kind == "survey_answer")).one()
        participant = session.get(Participant, document.participant_id)
    assert document.text == "Tags lie." and participant.label.startswith("mini-R")


def test_draft_has_a_likert_item_and_comment_per_challenge(study):
    url, _ = study
    with session_scope(url) as session:
        project = current_project(session)
        spec = codebook_store.to_spec(session, codebook_store.require_codebook(session, project))
    instrument = draft_from_group(spec, "challenge")
    likert = [q for q in instrument.questions if q.type == "likert"]
    challenge_keys = [c.key for c in spec.codes if c.group == "challenge"]
    assert [q.codes[0] for q in likert] == challenge_keys
    assert instrument.question(f"{challenge_keys[0]}_comment").type == "long_text"
    assert "how often have you experienced" in likert[0].text
