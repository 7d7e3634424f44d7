"""`qualcode evidence ...`: the CLI contract."""

import json

from click.testing import CliRunner

from qualcode.cli import cli
from tests.conftest import PTM_DATA, SHARED_DATA


def run(*args):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result


def test_load_prints_source_kind_records_warnings(demo_url):
    result = run(
        "evidence",
        "load",
        "--kind",
        "ptmtorrent",
        str(SHARED_DATA / "ptmtorrent" / "onnxmodelzoo_ptmtorrent.json"),
        "--name",
        "onnx",
        "--json",
        "--db",
        demo_url,
    )
    data = json.loads(result.output)
    assert (data["source"], data["kind"], data["records"]) == ("onnx", "ptmtorrent", 186)
    assert data["warnings"]


def test_metrics_rows_follow_the_contract(demo_url):
    run(
        "evidence",
        "load",
        "--kind",
        "model-ids",
        str(PTM_DATA / "hf_model_ids_2022-08.txt"),
        "--db",
        demo_url,
    )
    rows = json.loads(
        run("evidence", "metrics", "--source", "hf_model_ids_2022-08", "--db", demo_url).output
    )
    keys = {
        "metric",
        "title",
        "codes",
        "source",
        "value",
        "numerator",
        "denominator",
        "by",
        "reference",
    }
    assert all(keys <= set(r) for r in rows)
    assert {r["metric"] for r in rows} == {"unnamespaced_ids", "typosquat_candidates"}


def test_a_wrong_kind_file_is_a_clean_error(demo_url):
    result = CliRunner().invoke(
        cli,
        [
            "evidence",
            "load",
            "--kind",
            "peatmoss",
            str(PTM_DATA / "hf_model_ids_2022-08.txt"),
            "--db",
            demo_url,
        ],
    )
    assert result.exit_code == 1
    assert "hf_model_ids_2022-08.txt: file: not an SQLite database" in result.output
    assert "Traceback" not in result.output


def test_joint_json_has_every_challenge(demo_url):
    data = json.loads(run("evidence", "joint", "--group", "challenge", "--db", demo_url).output)
    assert data["group"] == "challenge"
    assert len(data["rows"]) == 6
    assert {"code", "name", "participants", "of", "quotes", "survey", "metrics"} <= set(
        data["rows"][0]
    )


def test_joint_markdown_and_html(demo_url):
    assert run(
        "evidence", "joint", "--format", "md", "--coder", "alice", "--db", demo_url
    ).output.startswith("# Joint display: challenge (alice)")
    assert (
        "<h2>Missing attributes"
        in run("evidence", "joint", "--format", "html", "--db", demo_url).output
    )


def test_synth_writes_a_peatmoss_database_the_loader_reads(tmp_path, demo_url):
    out = tmp_path / "p.db"
    assert (
        "Wrote 500 synthetic peatmoss"
        in run(
            "evidence",
            "synth",
            "--kind",
            "peatmoss",
            "--n",
            "500",
            "--seed",
            "1",
            "--out",
            str(out),
        ).output
    )
    data = json.loads(
        run("evidence", "load", "--kind", "peatmoss", str(out), "--json", "--db", demo_url).output
    )
    assert data["records"] == 500


def test_metrics_as_csv(demo_url):
    output = run("evidence", "metrics", "--format", "csv", "--db", demo_url).output
    assert output.splitlines()[0].startswith("metric,title,codes,source")


def test_synth_files_load_as_synthetic_in_every_format(tmp_path, demo_url):
    for kind, name in (
        ("peatmoss", "s.db"),
        ("hf-metadata", "s.jsonl"),
        ("hf-metadata", "s.parquet"),
    ):
        out = str(tmp_path / name)
        run("evidence", "synth", "--kind", kind, "--n", "300", "--out", out)
        loaded = json.loads(
            run("evidence", "load", "--kind", kind, out, "--json", "--db", demo_url).output
        )
        assert loaded["synthetic"] is True, name


def test_load_marks_a_real_file_synthetic_only_when_asked(demo_url):
    path = str(PTM_DATA / "hf_model_ids_2022-08.txt")
    args = ("evidence", "load", "--kind", "model-ids", path, "--json", "--db", demo_url)
    assert json.loads(run(*args).output)["synthetic"] is False
    assert json.loads(run(*args, "--synthetic").output)["synthetic"] is True
