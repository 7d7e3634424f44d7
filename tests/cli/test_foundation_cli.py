"""The `qualcode` command end to end, as a researcher runs it, in a temporary directory."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def qualcode(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "qualcode.cli", *args]
    environment = {k: v for k, v in os.environ.items() if k != "QUALCODE_DB"} | (env or {})
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, env=environment, timeout=120
    )


def test_demo_then_export_prints_the_sample_codings(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    assert qualcode("demo", "--db", url, cwd=tmp_path).returncode == 0
    exported = qualcode("codings", "export", "--db", url, cwd=tmp_path)
    assert exported.returncode == 0
    lines = exported.stdout.splitlines()
    assert lines[0] == "document,participant,coder,code,group,start,end,memo"
    sample_rows = sum(
        len((REPO / "transcripts_sample" / f).read_text().splitlines()) - 1
        for f in ("codings_alice.csv", "codings_bob.csv")
    )
    assert len(lines) - 1 == sample_rows
    assert {line.split(",")[2] for line in lines[1:]} == {"alice", "bob"}


def test_default_database_lives_under_qualcode_data(tmp_path):
    assert qualcode("init", "--name", "Mine", cwd=tmp_path).returncode == 0
    assert (tmp_path / "qualcode-data" / "qualcode.db").is_file()


def test_environment_variable_chooses_the_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'env.db'}"
    assert qualcode("init", cwd=tmp_path, env={"QUALCODE_DB": url}).returncode == 0
    status = qualcode("status", "--json", "--db", url, cwd=tmp_path)
    assert json.loads(status.stdout)["project"] == "Interview study"


def test_commands_without_a_project_say_so(tmp_path):
    result = qualcode(
        "codings", "export", "--db", f"sqlite:///{tmp_path / 'empty.db'}", cwd=tmp_path
    )
    assert result.returncode == 1
    assert "No project" in result.stderr and "qualcode init" in result.stderr
    assert "Traceback" not in result.stderr


def test_init_without_codebook_has_no_codes_and_import_adds_them(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    created = qualcode("init", "--json", "--db", url, cwd=tmp_path)
    assert json.loads(created.stdout)["codes"] == 0
    imported = qualcode(
        "codebook",
        "import",
        str(REPO / "codebooks" / "ptm_reuse.yaml"),
        "--json",
        "--db",
        url,
        cwd=tmp_path,
    )
    assert json.loads(imported.stdout)["codes"] == 32
    exported = qualcode("codebook", "export", "--format", "json", "--db", url, cwd=tmp_path)
    names = [c["name"] for c in json.loads(exported.stdout)["codes"]]
    assert "Security and privacy risks" in names


def test_import_transcripts_and_demographics(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    qualcode("init", "--db", url, cwd=tmp_path)
    transcript = tmp_path / "p9.txt"
    transcript.write_text(
        "Interviewer: Why Hugging Face?\nKim: Because of the model cards.\n", encoding="utf-8"
    )
    result = qualcode(
        "import",
        "transcripts",
        str(transcript),
        "--participant",
        "P9",
        "--json",
        "--db",
        url,
        cwd=tmp_path,
    )
    record = json.loads(result.stdout)[0]
    assert (record["participant"], record["turns"], record["speakers"]) == ("P9", 2, 2)
    sheet = tmp_path / "demo.csv"
    sheet.write_text('participant,team_size,models\nP9,4,"CV,NLP"\n', encoding="utf-8")
    people = qualcode(
        "import",
        "demographics",
        str(sheet),
        "--id-column",
        "participant",
        "--json",
        "--db",
        url,
        cwd=tmp_path,
    )
    assert json.loads(people.stdout) == [
        {"participant": "P9", "attributes": {"team_size": 4, "models": ["CV", "NLP"]}}
    ]


def test_invalid_codebook_is_rejected_with_its_problems(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: B\ncodes:\n  - {key: a, name: A, group: missing}\n", encoding="utf-8")
    result = qualcode("init", "--codebook", str(bad), "--db", url, cwd=tmp_path)
    assert result.returncode == 1
    assert (
        "bad.yaml" in result.stderr and "code 'a': group 'missing' is not defined" in result.stderr
    )
    assert "No project" in qualcode("status", "--db", url, cwd=tmp_path).stderr


def test_import_of_the_whole_sample_folder_refuses_sheets_and_yaml(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    assert qualcode("init", "--db", url, cwd=tmp_path).returncode == 0
    files = sorted(str(p) for p in (REPO / "transcripts_sample").iterdir() if p.is_file())
    result = qualcode("import", "transcripts", *files, "--json", "--db", url, cwd=tmp_path)
    records = {Path(r["file"]).name: r for r in json.loads(result.stdout)}
    assert result.returncode == 1
    assert "--id-column" in records["codings_alice.csv"]["error"]
    assert "unsupported file type '.yaml'" in records["study.yaml"]["error"]
    assert sorted(n for n, r in records.items() if not r.get("error")) == [
        n for n in sorted(records) if n.startswith("interview_")
    ]
