"""Exports imported without a .qsf: the questions inferred from the values keep every answer and
invent no multi-select, ranking or option that the data does not show."""

from __future__ import annotations

import csv
from pathlib import Path


def _import(study, tmp_path: Path, rows: list[list[str]]) -> tuple[dict, dict]:
    path = tmp_path / "export.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return study.load(path, "inferred"), study.questions("inferred")


def test_free_text_cells_are_not_grouped_into_a_multi_select(qualtrics_study, tmp_path):
    rows = [["ResponseId", "Q15_3_1", "Q15_3_2"],
            ["Response ID", "Tools - Other - First", "Tools - Other - Second"],
            ["R_bbbbbb1", "A notebook", ""], ["R_bbbbbb2", "", "Our own scripts"]]  # fmt: skip
    report, summary = _import(qualtrics_study, tmp_path, rows)
    assert {q["id"]: q["type"] for q in report["questions"]} == {
        "Q15_3_1": "text",
        "Q15_3_2": "text",
    }
    assert (summary["Q15_3_1"]["answers"], summary["Q15_3_2"]["answers"]) == (
        ["A notebook"],
        ["Our own scripts"],
    )


def test_slider_columns_without_a_qsf_are_numbers(qualtrics_study, tmp_path):
    rows = [["ResponseId", "Q5_1", "Q5_2"], ["Response ID", "Move the sliders - Trust", "Move the sliders - Effort"],
            ["R_cccccc1", "70", "35.5"], ["R_cccccc2", "10", ""], ["R_cccccc3", "1", "2"]]  # fmt: skip
    report, summary = _import(qualtrics_study, tmp_path, rows)
    assert {q["id"]: q["type"] for q in report["questions"]} == {"Q5_1": "number", "Q5_2": "number"}
    assert (summary["Q5_1"]["mean"], summary["Q5_2"]["n_answered"]) == (27.0, 2)


def test_rank_columns_without_a_qsf_stay_a_ranking(qualtrics_study, tmp_path):
    rows = [["ResponseId", "Q7_1", "Q7_2", "Q7_3"], ["Response ID", "Rank - Licence", "Rank - Size", "Rank - Downloads"],
            ["R_dddddd1", "2", "3", "1"], ["R_dddddd2", "1", "2", "3"]]  # fmt: skip
    _, summary = _import(qualtrics_study, tmp_path, rows)
    assert (summary["Q7"]["type"], summary["Q7"]["counts"]) == (
        "ranking",
        {"Licence": 1, "Size": 0, "Downloads": 1},
    )


def test_split_multi_select_columns_holding_their_label_are_one_question(qualtrics_study, tmp_path):
    rows = [["ResponseId", "Q8_1", "Q8_2"], ["Response ID", "Sources - Papers", "Sources - Blogs"],
            ["R_eeeeee1", "Papers", "Blogs"], ["R_eeeeee2", "", "Blogs"]]  # fmt: skip
    _, summary = _import(qualtrics_study, tmp_path, rows)
    assert (summary["Q8"]["type"], summary["Q8"]["counts"]) == ("multi", {"Papers": 1, "Blogs": 2})


def test_a_tag_with_spaces_keeps_its_answers(qualtrics_study, tmp_path):
    rows = [["ResponseId", "Q 1", "Q11 - sequential"], ["Response ID", "Role", "Order"],
            ["R_ffffff1", "Dev", "5"], ["R_ffffff2", "Researcher", "7"]]  # fmt: skip
    report, summary = _import(qualtrics_study, tmp_path, rows)
    assert [(q["id"], q["tag"]) for q in report["questions"]] == [
        ("Q_1", "Q 1"),
        ("Q11_-_sequential", "Q11 - sequential"),
    ]
    assert (summary["Q_1"]["n_answered"], summary["Q11_-_sequential"]["n_answered"]) == (2, 2)


def test_preview_rows_give_no_options(qualtrics_study, tmp_path):
    rows = [["ResponseId", "Status", "Q2"], ["Response ID", "Response Type", "Role"],
            ["R_gggggg1", "IP Address", "Dev"], ["R_gggggg2", "IP Address", "Researcher"],
            ["R_gggggg3", "Survey Preview", "Tester"]]  # fmt: skip
    _, summary = _import(qualtrics_study, tmp_path, rows)
    assert summary["Q2"]["counts"] == {"Dev": 1, "Researcher": 1}
