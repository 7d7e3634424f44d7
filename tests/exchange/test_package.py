"""The study artifact: codebook, codings, every table in every format, charts, README; no mappings."""

import io
import zipfile

import pytest

from qualcode.exchange.package import build_package
from qualcode.exchange.tables import SUFFIXES
from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.store.deid_models import Pseudonym
from tests.small_study import build_small_study


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    """The small study's package, built once for this module (rendering charts takes seconds)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('package') / 'study.db'}"
    build_small_study(url)
    with session_scope(url) as session:
        project = current_project(session)
        session.add(
            Pseudonym(
                project_id=project.id, kind="person", original="Zebulon Quux", pseudonym="[P1]"
            )
        )
    with session_scope(url) as session:
        data, _ = build_package(session, current_project(session))
    return zipfile.ZipFile(io.BytesIO(data))


def test_package_holds_codebook_codings_and_readme(package):
    names = set(package.namelist())
    assert {"codebook/codebook.yaml", "codebook/codebook.qdc", "codings/codings.csv", "README.md",
            "project/project.qdpx"} <= names  # fmt: skip


def test_every_table_comes_in_every_format(package):
    names = set(package.namelist())
    tables = {n.rsplit(".", 1)[0] for n in names if n.startswith("tables/") and n.endswith(".csv")}
    assert "tables/code_table_g1" in tables and "tables/saturation" in tables
    for table in tables:
        assert all(f"{table}{suffix}" in names for suffix in SUFFIXES.values())


def test_charts_in_png_and_svg(package):
    names = set(package.namelist())
    assert {
        "charts/code_table_g1.png",
        "charts/code_table_g1.svg",
        "charts/saturation.svg",
    } <= names


def test_readme_names_the_commands_and_versions(package):
    readme = package.read("README.md").decode("utf-8")
    assert "qualcode report code-table --group g1" in readme
    assert "vl-convert-python" in readme
    assert "De-identification mappings" in readme


def test_agreement_report_is_included(package):
    assert {"agreement/agreement.tex", "agreement/agreement_heatmap.png"} <= set(package.namelist())


def test_no_deidentification_mapping_leaks(package):
    for name in package.namelist():
        data = package.read(name)
        if name.endswith(".qdpx"):
            inner = zipfile.ZipFile(io.BytesIO(data))
            data = b"".join(inner.read(n) for n in inner.namelist())
        assert b"Zebulon" not in data, name
