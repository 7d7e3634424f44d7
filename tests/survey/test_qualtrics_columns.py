"""Display-order metadata in its every form (`_DO`, split `_DO_n`, `_ADO`, ImportIds and texts
naming the display order, "AnswerDisplayOrder" cells) is never an answer or an answer option."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

COLUMNS = [  # (id, text, ImportId)
    ("ResponseId", "Response ID", "_recordId"),
    ("Q3_1", "What do you check? - Selected Choice - Downloads", "QID3_1"),
    ("Q3_2", "What do you check? - Selected Choice - Model card", "QID3_2"),
    ("Q3_3", "What do you check? - Selected Choice - Licence", "QID3_3"),
    ("Q3_DO_1", "What do you check? - Display Order - 1", "QID3_DO_1"),
    ("Q3_DO_2", "What do you check? - Display Order - 2", "QID3_DO_2"),
    ("Q3_ADO", "What do you check? - Answer Display Order", "QID3_ADO"),
    ("Q3_order", "What do you check? - AnswerDisplayOrder", "QID3_AnswerDisplayOrder"),
    ("Q4", "Which hub?", "QID4"),
    ("Q4_7", "Which hub? - order", "QID4_7"),
]
ROWS = [
    ["R_aaaaaa1", "Downloads", "", "Licence", "Downloads", "Model card", "3|1|2", "AnswerDisplayOrder", "HF,GitHub", "AnswerDisplayOrder"],
    ["R_aaaaaa2", "", "Model card", "", "Model card", "Downloads", "1|2|3", "AnswerDisplayOrder", "HF", "AnswerDisplayOrder"],
    ["R_aaaaaa3", "Downloads", "Model card", "", "Licence", "Downloads", "2|3|1", "AnswerDisplayOrder", "GitHub,AnswerDisplayOrder", "AnswerDisplayOrder"],
]  # fmt: skip
DISPLAY_ORDER = ["Q3_DO_1", "Q3_DO_2", "Q3_ADO", "Q3_order", "Q4_7"]


def _write(path: Path, header_rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([c[0] for c in COLUMNS])
        if header_rows > 1:
            writer.writerow([c[1] for c in COLUMNS])
        if header_rows > 2:
            writer.writerow([json.dumps({"ImportId": c[2]}) for c in COLUMNS])
        writer.writerows(ROWS)
    return path


def _import(study, path: Path) -> tuple[dict, dict]:
    return study.load(path, "order"), study.questions("order")


@pytest.mark.parametrize("header_rows", [2, 3])
def test_display_order_columns_are_reported_and_never_questions(
    qualtrics_study, tmp_path, header_rows
):
    report, summary = _import(qualtrics_study, _write(tmp_path / "e.csv", header_rows))
    assert report["unused_columns"]["display_order"] == DISPLAY_ORDER
    assert set(summary) == {"Q3", "Q4"}


@pytest.mark.parametrize("header_rows", [2, 3])
def test_display_order_values_are_never_options(qualtrics_study, tmp_path, header_rows):
    _, summary = _import(qualtrics_study, _write(tmp_path / "e.csv", header_rows))
    assert summary["Q3"]["counts"] == {"Downloads": 2, "Model card": 2, "Licence": 1}
    assert summary["Q4"]["counts"] == {"HF": 2, "GitHub": 2}


def test_answer_counts_match_pandas_on_the_answer_columns(qualtrics_study, tmp_path):
    path = _write(tmp_path / "e.csv", 3)
    _, summary = _import(qualtrics_study, path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, skiprows=[1, 2])
    assert summary["Q3"]["n_answered"] == int(
        (frame[["Q3_1", "Q3_2", "Q3_3"]] != "").any(axis=1).sum()
    )
    assert summary["Q4"]["n_answered"] == int((frame["Q4"] != "").sum())


def test_a_question_about_display_order_is_still_a_question(qualtrics_study, tmp_path):
    path = tmp_path / "about.csv"
    path.write_text("ResponseId,Q9\nResponse ID,Which display order do you prefer?\nR_about0001,Newest first\n"
                    "R_about0002,Oldest first\n", encoding="utf-8")  # fmt: skip
    report, summary = _import(qualtrics_study, path)
    assert (report["unused_columns"]["display_order"], summary["Q9"]["n_answered"]) == ([], 2)


def test_an_option_that_mentions_display_order_is_counted(qualtrics_study, tmp_path):
    path = tmp_path / "option.csv"
    path.write_text("ResponseId,Q2\nResponse ID,What matters?\nR_option001,\"Display order,Speed\"\n"
                    "R_option002,Speed\nR_option003,\"Speed,AnswerDisplayOrder\"\n", encoding="utf-8")  # fmt: skip
    _, summary = _import(qualtrics_study, path)
    assert summary["Q2"]["counts"] == {"Display order": 1, "Speed": 3}
