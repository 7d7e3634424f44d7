"""Acceptance on the 12 real PTM-reuse transcripts: import, code a few participants from the stored
text (so offsets are valid), then run every report and export through the real CLI."""

import csv
import io
import json
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner

from qualcode.cli import cli
from qualcode.codebook import store as codebook_store
from qualcode.codebook.files import read_codebook_file
from qualcode.ingest.documents import import_transcript_file, list_documents
from qualcode.ingest.participants import import_demographics
from qualcode.ingest.speakers import document_speakers
from qualcode.project import create_project, current_project
from qualcode.sample import PTM_CODEBOOK
from qualcode.store import session_scope
from tests.conftest import PTM_DATA
from tests.exchange.latex_compile import compile_fragment, too_wide
from tests.exchange.refi_schemas import assert_valid_qdc, assert_valid_qdpx

TRANSCRIPTS = sorted((PTM_DATA / "transcripts").glob("Interview-*.docx"))
KEYWORDS = {  # word in the transcript -> code, for the codings CSV written from the stored text
    "license": "security_privacy_risks", "documentation": "missing_attributes",
    "accuracy": "discrepancies", "download": "downloads_likes", "fine-tun": "transfer_learning",
    "search": "model_search", "deploy": "model_deployment",
}  # fmt: skip


@pytest.fixture(scope="module")
def real_url(tmp_path_factory):
    if len(TRANSCRIPTS) != 12:
        pytest.skip("the real transcripts are not beside the project")
    folder = tmp_path_factory.mktemp("real")
    url = f"sqlite:///{folder / 'study.db'}"
    with session_scope(url) as session:
        project = create_project(session, "PTM reuse (real)")
        codebook_store.import_spec(session, project, read_codebook_file(PTM_CODEBOOK))
        for path in TRANSCRIPTS:
            import_transcript_file(session, project, path, str(int(path.name.split("-")[1])))
        import_demographics(session, project, PTM_DATA / "demographics.csv", "Participant")
    rows = []
    with session_scope(url) as session:
        for document in list_documents(session, current_project(session))[:5]:
            lowered = document.text.lower()
            for word, code in KEYWORDS.items():
                start = lowered.find(word)
                if start >= 0:
                    end = min(len(document.text), start + 120)
                    for coder in ("alice", "bob"):
                        rows.append(
                            [document.title, coder, code, start, end, "R&D note #1: 50% sure_"]
                        )
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["document", "coder", "code", "start", "end", "memo"], *rows])
    (folder / "codings.csv").write_text(buffer.getvalue(), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["codings", "import", str(folder / "codings.csv"), "--db", url]
    )
    assert result.exit_code == 0, result.output
    return url


def run(url, *args):
    result = CliRunner().invoke(cli, [*args, "--db", url])
    assert result.exit_code == 0, result.output
    return result.output


def test_code_table_json_contract(real_url):
    rows = json.loads(run(real_url, "report", "code-table", "--group", "challenge"))
    assert set(rows[0]) == {"code", "name", "participants", "of", "codings", "documents"}
    assert rows[0]["of"] == 12
    assert [(-r["participants"], r["name"]) for r in rows] == sorted(
        (-r["participants"], r["name"]) for r in rows
    )


@pytest.mark.parametrize("fmt", ["csv", "md", "latex", "html"])
def test_code_table_every_text_format(real_url, fmt):
    assert "Missing attributes" in run(
        real_url, "report", "code-table", "--group", "challenge", "--format", fmt
    )


def test_code_table_xlsx_keeps_quotes_intact(real_url, tmp_path):
    out = tmp_path / "t.xlsx"
    run(
        real_url,
        "report",
        "code-table",
        "--group",
        "challenge",
        "--format",
        "xlsx",
        "--out",
        str(out),
    )
    sheet = openpyxl.load_workbook(out).worksheets[0]
    header = [c.value for c in sheet[1]]
    quotes = [row[header.index("quote")].value for row in sheet.iter_rows(min_row=2)]
    with session_scope(real_url) as session:
        texts = [d.text for d in list_documents(session, current_project(session))]
    assert any(quotes) and all(any(q in t for t in texts) for q in quotes if q)


def test_latex_escapes_memo_characters(real_url, tmp_path):
    out = tmp_path / "fw.csv"
    run(real_url, "report", "framework-matrix", "--out", str(out), "--group", "challenge")
    assert "R&D note #1: 50% sure_" in out.read_text(encoding="utf-8")
    latex = run(
        real_url,
        "report",
        "matrix",
        "--format",
        "latex",
        "--caption",
        "R&D 100%",
        "--label",
        "tab:m",
    )
    assert r"\caption{R\&D 100\%}" in latex


def test_other_reports_run(real_url, tmp_path):
    assert json.loads(run(real_url, "report", "matrix", "--by", "coder"))
    assert "Startup" in run(
        real_url, "report", "crosstab", "--attribute", "Company type", "--format", "csv"
    )
    assert json.loads(run(real_url, "report", "cooccurrence", "--mode", "turn"))
    assert json.loads(run(real_url, "report", "workflow"))
    saturation = json.loads(run(real_url, "report", "saturation", "--order", "date", "--k", "2"))
    assert len(saturation["order"]) == 12 and set(saturation) == {"order", "rows", "saturated_at"}
    chart = tmp_path / "c.svg"
    run(real_url, "report", "cooccurrence", "--format", "csv", "--chart", str(chart))
    assert chart.read_text().startswith("<svg")
    xlsx = tmp_path / "fw.xlsx"
    run(real_url, "report", "framework-matrix", "--out", str(xlsx))
    assert "Challenges" in openpyxl.load_workbook(xlsx).sheetnames


def test_qdpx_and_qdc_exports_import_back(real_url, tmp_path):
    run(real_url, "export", "qdpx", str(tmp_path / "p.qdpx"))
    assert_valid_qdpx((tmp_path / "p.qdpx").read_bytes())
    other = f"sqlite:///{tmp_path / 'other.db'}"
    summary = json.loads(run(other, "import", "qdpx", str(tmp_path / "p.qdpx"), "--json"))
    assert summary["documents"] == 12 and summary["codings"] > 0
    run(other, "export", "qdpx", str(tmp_path / "again.qdpx"))
    assert (tmp_path / "again.qdpx").read_bytes() == (tmp_path / "p.qdpx").read_bytes()
    with session_scope(real_url) as session, session_scope(other) as copy:
        before = [
            document_speakers(session, d) for d in list_documents(session, current_project(session))
        ]
        after = [document_speakers(copy, d) for d in list_documents(copy, current_project(copy))]
    assert after == before and sum(len(s) for s in before) >= 24  # turns, speakers and roles
    qdc = run(real_url, "codebook", "export", "--format", "qdc")
    assert_valid_qdc(qdc.encode("utf-8"))
    (tmp_path / "b.qdc").write_text(qdc, encoding="utf-8")
    # the lossless .qdc of the same codebook changes nothing
    assert "unchanged (still version 1)" in run(
        real_url, "codebook", "import", str(tmp_path / "b.qdc")
    )


def test_backup_restore_and_package(real_url, tmp_path):
    run(real_url, "backup", str(tmp_path / "b.zip"))
    restored = f"sqlite:///{tmp_path / 'restored.db'}"
    run(restored, "restore", str(tmp_path / "b.zip"))
    assert json.loads(run(restored, "status", "--json"))["documents"] == 12
    run(real_url, "package", str(tmp_path / "artifact.zip"))
    names = zipfile.ZipFile(tmp_path / "artifact.zip").namelist()
    assert "tables/code_table_challenge.tex" in names and "charts/saturation.png" in names


LATEX_REPORTS = [
    ("code-table", "--group", "challenge"), ("code-table",), ("matrix",), ("cooccurrence",),
    ("crosstab", "--attribute", "Company type"), ("saturation",), ("workflow",),
]  # fmt: skip


@pytest.mark.parametrize("report", LATEX_REPORTS, ids=lambda r: " ".join(r))
def test_every_latex_table_compiles_and_fits_the_page(real_url, tmp_path, report):
    latex = run(
        real_url,
        "report",
        *report,
        "--format",
        "latex",
        "--caption",
        "R&D 🤗",
        "--label",
        "tab:x_1",
    )
    assert too_wide(compile_fragment(latex, tmp_path)) == []


def test_the_framework_matrix_in_latex_compiles_and_fits_the_page(real_url, tmp_path):
    out = tmp_path / "fw.tex"
    run(real_url, "report", "framework-matrix", "--out", str(out), "--group", "challenge")
    assert too_wide(compile_fragment(out.read_text(encoding="utf-8"), tmp_path / "tex")) == []
