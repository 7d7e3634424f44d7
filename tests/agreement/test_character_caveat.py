"""Characters told straight: the README's worked example, the uncoded share, the unitizing family first."""

from __future__ import annotations

import pytest

from qualcode.agreement.compute import agreement_report
from qualcode.agreement.data import StudyData
from qualcode.agreement.report import render
from qualcode.agreement.units import SpanCoding, character_runs, unit_table
from qualcode.store.models import Code, CodeGroup

SPANS = [SpanCoding(1, 0, 0, 0, 400), SpanCoding(1, 1, 0, 100, 350), SpanCoding(1, 1, 1, 350, 500),
         SpanCoding(1, 0, 1, 600, 800), SpanCoding(1, 1, 1, 650, 900)]  # fmt: skip
README_TABLE = {  # README, "Character units and uncoded text"
    1000: {"percent": 0.775, "ac1": 0.605, "kappa": 0.477, "alpha": 0.476, "u_alpha_binary": 0.318,
           "u_alpha_nominal": 0.450, "cu_alpha": 0.827, "uncoded_share": 0.2},
    5000: {"percent": 0.955, "ac1": 0.949, "kappa": 0.616, "alpha": 0.616, "u_alpha_binary": 0.681,
           "u_alpha_nominal": 0.648, "cu_alpha": 0.827, "uncoded_share": 0.84},
}  # fmt: skip


def worked_example(length: int) -> dict:
    group = CodeGroup(id=1, key="stage", name="Stage", exclusive=False)
    codes = [Code(id=1, key="search", name="Search", group_id=1),
             Code(id=2, key="select", name="Select", group_id=1)]  # fmt: skip
    cuts = [b for c in SPANS for b in (c.start, c.end)]
    units = {1: character_runs(length, cuts)}
    table = unit_table(
        "character", ["alice", "bob"], ["search", "select"], units, SPANS, {(0, 1), (1, 1)}
    )
    return agreement_report(StudyData(table, codes, [group], 1), 0)


@pytest.mark.parametrize("length", [1000, 5000])
def test_the_readme_worked_example(length):
    stage = worked_example(length)["groups"][0]
    assert {k: round(stage[k], 3) for k in README_TABLE[length]} == README_TABLE[length]


def test_the_note_gives_the_uncoded_share_and_says_it_inflates():
    report = worked_example(5000)
    assert report["uncoded_share"] == pytest.approx(0.84)
    assert "84.0% of the characters were coded by no coder" in report["groups"][0]["note"]
    assert "inflates" in report["overall"]["note"]
    assert "inflated" in render(report, "md") and "84.0%" in render(report, "html")


@pytest.mark.parametrize("fmt", ["md", "html", "latex"])
def test_the_unitizing_family_comes_first(fmt):
    text = render(worked_example(1000), fmt)
    unitizing = text.index("Unitizing")
    coefficients = text.index("95% CI" if fmt != "latex" else "95\\% CI")
    assert unitizing < coefficients
