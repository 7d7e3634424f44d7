"""The study artifact for a paper's artifact track: codebook (YAML + .qdc), codings CSV, every table in
every format, every chart as PNG and SVG, the REFI-QDA project, and a README saying which command and
which versions produced each file. De-identification mappings are never included.
"""

from __future__ import annotations

import importlib.metadata
import io
import platform
import zipfile
from datetime import UTC, datetime

from sqlmodel import Session

from qualcode import __version__
from qualcode.analysis.codings_frame import CoderChoice
from qualcode.analysis.cooccurrence import stored_units
from qualcode.analysis.framework import framework_sheets
from qualcode.analysis.reports import all_reports
from qualcode.analysis.study import load_study
from qualcode.codebook import store as codebook_store
from qualcode.codebook.files import dump_codebook
from qualcode.coding.csv_exchange import export_codings_csv
from qualcode.errors import QualcodeError
from qualcode.exchange.charts import CHART_FORMATS, render_chart
from qualcode.exchange.refi_codebook import qdc_bytes
from qualcode.exchange.refi_project import export_qdpx
from qualcode.exchange.tables import FORMATS, SUFFIXES, render_table, to_xlsx
from qualcode.store import audit
from qualcode.store.models import Project

VERSIONED = (
    "pandas",
    "altair",
    "vl-convert-python",
    "openpyxl",
    "sqlalchemy",
    "sqlmodel",
    "krippendorff",
)
AGREEMENT_SEED = 1  # the bootstrap seed of the packaged agreement report (stated in the README)
AGREEMENT_SUFFIXES = {"json": ".json", "csv": ".csv", "md": ".md", "html": ".html", "latex": ".tex"}


def _versions() -> str:
    found = []
    for name in VERSIONED:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            continue
    return f"qualcode {__version__}, Python {platform.python_version()}, " + ", ".join(found)


def _choice_flag(choice: CoderChoice) -> str:
    if choice.consensus:
        return "--consensus"
    return " ".join(f"--coder {c}" for c in choice.coders)


def build_package(
    session: Session,
    project: Project,
    choice: CoderChoice = CoderChoice(),
    k: int = 2,
    actor: str = "",
) -> tuple[bytes, list[str]]:
    """The artifact zip and the notes for its README (what is included, what is missing and why)."""
    files: dict[str, bytes] = {}
    lines: list[str] = []
    codebook = codebook_store.require_codebook(session, project)
    spec = codebook_store.to_spec(session, codebook)
    files["codebook/codebook.yaml"] = dump_codebook(spec, "yaml").encode("utf-8")
    files["codebook/codebook.qdc"] = qdc_bytes(spec)
    lines.append(
        f"- `codebook/codebook.yaml`, `codebook/codebook.qdc`: the codebook, version {codebook.version} "
        "(`qualcode codebook export --format yaml|qdc`)."
    )
    files["codings/codings.csv"] = export_codings_csv(session, project).encode("utf-8")
    lines.append(
        "- `codings/codings.csv`: every coding of every coder (`qualcode codings export`)."
    )
    files["project/project.qdpx"] = export_qdpx(session, project)
    lines.append(
        "- `project/project.qdpx`: the whole project for other QDA tools (`qualcode export qdpx`)."
    )

    study = load_study(session, project, choice)
    flag = _choice_flag(choice)
    lines.append("")
    lines.append(f"Tables ({study.choice.label}; {study.n_participants} participants):")
    lines.append("")
    for report in all_reports(study, stored_units(session), k, flag):
        for fmt in FORMATS:
            path = f"tables/{report.name}{SUFFIXES[fmt]}"
            files[path] = render_table(report.frame, fmt, report.caption, f"tab:{report.name}")
        charts_note = ""
        if report.chart is not None:
            for fmt in CHART_FORMATS:
                files[f"charts/{report.name}.{fmt}"] = render_chart(report.chart, fmt)
            charts_note = f"; chart `charts/{report.name}.png|svg` (`--chart FILE.png`)"
        command = report.command.replace("FORMAT", "csv|xlsx|md|latex|html")
        lines.append(f"- `tables/{report.name}.*` — {report.caption}: `{command}`{charts_note}.")
        if report.note:
            lines.append(f"  {report.note}")
    files["tables/framework_matrix_by_group.xlsx"] = to_xlsx(framework_sheets(study))
    lines.append(
        "- `tables/framework_matrix_by_group.xlsx`: one sheet per group "
        f"(`qualcode report framework-matrix --out FILE.xlsx{(' ' + flag) if flag else ''}`)."
    )
    lines.append("")
    lines.append(_agreement(session, project, files))
    files["README.md"] = _readme(project, lines).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in sorted(files.items()):
            archive.writestr(path, data)
    audit.record(
        session, "project.package", project_id=project.id, actor=actor, entity="project",
        entity_id=project.id, files=len(files), coders=study.choice.label,
    )  # fmt: skip
    return buffer.getvalue(), lines


def _agreement(session: Session, project: Project, files: dict[str, bytes]) -> str:
    """Add the inter-rater agreement report (document unit, all coders but the consensus), or say why not."""
    from qualcode.agreement.compute import run_agreement
    from qualcode.agreement.data import Selection
    from qualcode.agreement.report import heatmap, render

    try:
        report = run_agreement(session, project, Selection("document"), 1000, AGREEMENT_SEED)
    except QualcodeError as exc:
        return f"- No agreement report: {exc}"
    for fmt, suffix in AGREEMENT_SUFFIXES.items():
        files[f"agreement/agreement{suffix}"] = render(report, fmt).encode("utf-8")
    for fmt in CHART_FORMATS:
        files[f"agreement/agreement_heatmap.{fmt}"] = render_chart(heatmap(report), fmt)
    return (
        "- `agreement/agreement.*` and `agreement/agreement_heatmap.png|svg`: inter-rater agreement per code, "
        f"group and overall (`qualcode agree --unit document --seed {AGREEMENT_SEED} --format json|csv|md|html|latex`)."
    )


def _readme(project: Project, lines: list[str]) -> str:
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join(
        [
            f"# Study artifact: {project.name}",
            "",
            f"Built {made} with `qualcode package OUT.zip` ({_versions()}).",
            "Every file below names the command that rebuilds it from the project database",
            "(add `--db URL` to point at it). Tables come in CSV, XLSX, Markdown, LaTeX (booktabs) and",
            "HTML; charts in PNG and SVG, rendered offline with vl-convert.",
            "",
            "De-identification mappings (real names and their pseudonyms) are not part of this artifact.",
            "",
            "## Contents",
            "",
            *lines,
            "",
            "## Definitions",
            "",
            "- *participants*: people interviewed who were coded with the code at least once (of N",
            "  participants with a document); a document without a participant counts as one participant.",
            "- *codings*: coded passages; *documents*: documents with at least one such coding.",
            "- *representative quote*: the coded passage whose length is closest to the median length",
            "  of that code's passages.",
            "- *co-occurrence (overlap)*: the same coder applied both codes to spans sharing text.",
            "- *saturation*: the first participant after whom k further participants (in interview",
            "  order) added no new code.",
            "",
        ]
    )
