"""`qualcode report ...`, `export qdpx`, `backup`/`restore` as a researcher calls them (the contract)."""

import json

import pytest
from click.testing import CliRunner

from qualcode.cli import cli


def run(url, *args):
    return CliRunner().invoke(cli, [*args, "--db", url])


def test_code_table_for_one_coder(small_url):
    rows = json.loads(
        run(small_url, "report", "code-table", "--group", "g1", "--coder", "alice").output
    )
    assert [(r["code"], r["participants"], r["of"]) for r in rows] == [
        ("a", 2, 4),
        ("b", 2, 4),
        ("c", 2, 4),
    ]


def test_code_table_count_codings(small_url):
    rows = json.loads(
        run(small_url, "report", "code-table", "--group", "g1", "--count", "codings").output
    )
    assert [r["code"] for r in rows] == ["b", "a", "c"]


def test_coder_flags_exclude_each_other(small_url):
    result = run(
        small_url, "report", "code-table", "--group", "g1", "--coder", "alice", "--consensus"
    )
    assert result.exit_code != 0 and "choose one of" in result.output


def test_consensus_before_reconciling_is_a_clean_error(small_url):
    result = run(small_url, "report", "code-table", "--group", "g1", "--consensus")
    assert result.exit_code == 1 and "no consensus yet" in result.output


def test_unknown_coder_is_a_clean_error(small_url):
    result = run(small_url, "report", "code-table", "--coder", "zed")
    assert result.exit_code == 1 and "no coder named zed" in result.output


def test_xlsx_needs_an_output_file(small_url):
    result = run(small_url, "report", "code-table", "--format", "xlsx")
    assert result.exit_code != 0 and "--out" in result.output


def test_saturation_order_file(small_url, tmp_path):
    order = tmp_path / "order.txt"
    order.write_text("P10\nP3\nP2\nP1\n", encoding="utf-8")
    data = json.loads(
        run(small_url, "report", "saturation", "--order", str(order), "--k", "1").output
    )
    assert data["order"] == ["P10", "P3", "P2", "P1"]
    assert data["saturated_at"] == "P10"


def test_saturation_markdown(small_url):
    assert "| participant |" in run(small_url, "report", "saturation", "--format", "md").output


def test_framework_matrix_needs_a_table_suffix(small_url, tmp_path):
    result = run(small_url, "report", "framework-matrix", "--out", str(tmp_path / "x.txt"))
    assert result.exit_code != 0 and "cannot tell the table format from '.txt'" in result.output


@pytest.mark.parametrize("suffix, marker", [(".md", "| participant |"), (".tex", r"\toprule"),
                                            (".html", "<table"), (".csv", "participant,")])  # fmt: skip
def test_framework_matrix_in_every_table_format(small_url, tmp_path, suffix, marker):
    out = tmp_path / f"fw{suffix}"
    result = run(small_url, "report", "framework-matrix", "--out", str(out), "--group", "g1")
    assert result.exit_code == 0, result.output
    assert marker in out.read_text(encoding="utf-8")


def test_chart_with_an_unknown_suffix_is_a_clean_error(small_url, tmp_path):
    result = run(small_url, "report", "workflow", "--chart", str(tmp_path / "c.gif"))
    assert result.exit_code == 1 and "png or svg" in result.output


def test_missing_order_file_is_a_clean_error(small_url, tmp_path):
    result = run(small_url, "report", "saturation", "--order", str(tmp_path / "none.txt"))
    assert result.exit_code == 1 and "no such order file" in result.output
