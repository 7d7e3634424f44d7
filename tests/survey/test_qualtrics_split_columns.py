"""Multi-select answers exported one column per choice, the columns named by the choices' recode
values (`Q6_10`, ImportId `{"ImportId":"QID6","choiceId":"10"}`, the shape of the qualtreats
demo export) where a recode value is another choice's key: each choice's count is checked
against pandas on the CSV, the recodes read from the .qsf."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

CORPUS = Path(__file__).parent / "data" / "qualtrics"
QSF = CORPUS / "split_multi_recodes.qsf"
VARIANTS = {"3rows": 3, "2rows": 2, "1row": 1}


def _pandas_counts(path: Path, header_rows: int) -> dict[str, int]:
    """Selected cells per choice, each column's recode value mapped to its label by the .qsf."""
    payload = json.loads(QSF.read_text(encoding="utf-8"))["SurveyElements"][2]["Payload"]
    by_recode = {r: payload["Choices"][k]["Display"] for k, r in payload["RecodeValues"].items()}
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, skiprows=range(1, header_rows))
    return {
        by_recode[column.removeprefix("Q6_")]: int((frame[column] == "1").sum())
        for column in frame.columns
        if column.startswith("Q6_")
    }


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_choice_column_counts_for_its_own_choice(qualtrics_study, variant):
    path = CORPUS / f"split_multi_recodes_{variant}.csv"
    report = qualtrics_study.load(path, "split", QSF, header_rows=VARIANTS[variant])
    assert report["unused_columns"]["unmatched"] == []
    counts = qualtrics_study.questions("split")["Q6"]["counts"]
    assert counts == _pandas_counts(path, VARIANTS[variant])


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_respondent_who_chose_is_counted(qualtrics_study, variant):
    path = CORPUS / f"split_multi_recodes_{variant}.csv"
    report = qualtrics_study.load(path, "split", QSF, header_rows=VARIANTS[variant])
    frame = pd.read_csv(
        path, dtype=str, keep_default_na=False, skiprows=range(1, VARIANTS[variant])
    )
    chose = int((frame.filter(like="Q6_") == "1").any(axis=1).sum())
    assert report["answers"]["Q6"] == chose
