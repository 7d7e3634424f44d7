"""Validation of REFI-QDA files against the standard's own XML schemas (lxml), for the exchange tests."""

from __future__ import annotations

import io
import zipfile
from functools import cache

from lxml import etree

from tests.conftest import SHARED_DATA

SCHEMAS = SHARED_DATA / "refi-qda"


@cache
def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def _check(schema: etree.XMLSchema, xml: bytes) -> None:
    document = etree.fromstring(xml)
    if not schema.validate(document):
        errors = "\n".join(f"line {e.line}: {e.message}" for e in schema.error_log)
        raise AssertionError(f"not schema-valid:\n{errors}")


def assert_valid_qdc(data: bytes) -> None:
    """A .qdc must validate against Codebook.xsd."""
    _check(_schema("Codebook.xsd"), data)


def assert_valid_qdpx(data: bytes) -> None:
    """A .qdpx's project.qde must validate against Project.xsd, and every source file it names
    must be in the archive."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    qde = archive.read("project.qde")
    _check(_schema("Project.xsd"), qde)
    root = etree.fromstring(qde)
    for element in root.iter("{urn:QDA-XML:project:1.0}TextSource"):
        path = element.get("plainTextPath")
        inline = element.find("{urn:QDA-XML:project:1.0}PlainTextContent") is not None
        assert inline != bool(path), "a source needs PlainTextContent or plainTextPath, not both"
        assert inline or f"sources/{path.removeprefix('internal://')}" in archive.namelist()
