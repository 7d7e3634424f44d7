"""Reports show the unitizing alphas (character unit) in every format, cited, and only when present."""

from __future__ import annotations

import csv
import io
import json

import pytest

from qualcode.agreement.report import render

ENTRY = {
    "alpha": 0.8, "alpha_ci": None, "interpretation": "reliable", "kappa": 0.8, "kappa_n": 10,
    "fleiss_kappa": 0.8, "fleiss_n": 10, "percent": 0.9, "ac1": 0.85, "n_units": 10,
    "n_pairable": 20, "note": "",
}  # fmt: skip


def report(character: bool) -> dict:
    def unitizing(**extra) -> dict:
        return {"u_alpha_binary": 0.7123, "unitizing_note": "", **extra} if character else {}

    return {
        "unit": "character" if character else "sentence", "coders": ["alice", "bob"],
        "codebook_version": 1, "n_units": 10, "n_pairable": 20, "min_overlap": None,
        "bootstrap": None, "thresholds": {"reliable": 0.8, "tentative": 0.667},
        "overall": ENTRY | unitizing(Cu_alpha=0.6543),
        "groups": [{"group": "stage", "name": "Stage", "exclusive": False, **ENTRY}
                   | unitizing(u_alpha_nominal=0.5, cu_alpha=0.4321)],
        "codes": [{"code": "search", "name": "Search", **ENTRY}
                  | unitizing(u_alpha=0.61, unitizing_note="a | note")],
        "notes": [],
    }  # fmt: skip


@pytest.mark.parametrize("fmt", ["md", "html", "latex"])
def test_every_table_format_shows_the_family_and_cites_it(fmt):
    text = render(report(True), fmt)
    assert "0.432" in text and "0.654" in text and "0.712" in text
    assert "Krippendorff, Mathet, Bouvry" in text and "2347" in text


def test_markdown_escapes_the_bar_of_binary_u_alpha():
    header = next(
        line for line in render(report(True), "md").splitlines() if line.startswith("| level | \\|")
    )
    assert "| cuα | Cuα |" in header


def test_csv_carries_each_coefficient_in_its_column():
    table = list(csv.DictReader(io.StringIO(render(report(True), "csv"))))
    assert table[1]["cu_alpha"] == "0.4321" and table[0]["Cu_alpha"] == "0.6543"
    assert table[2]["unitizing_note"] == "a | note"


def test_json_keeps_the_contract_and_adds_keys():
    data = json.loads(render(report(True), "json"))
    assert data["groups"][0]["alpha"] == 0.8 and data["groups"][0]["cu_alpha"] == 0.4321


@pytest.mark.parametrize("fmt", ["md", "html", "latex"])
def test_other_units_have_no_unitizing_section(fmt):
    assert "Mathet" not in render(report(False), fmt)
