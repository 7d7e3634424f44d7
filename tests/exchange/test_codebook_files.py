"""Codebook files in every format go through exchange.codebook_files: .qdc (both namespace spellings
other tools write) as well as YAML/JSON, and the codebook package never imports exchange."""

import ast
from pathlib import Path

import pytest

from qualcode.codebook.schema import parse_codebook
from qualcode.exchange.codebook_files import dump_codebook, read_codebook_file
from tests.exchange.refi_schemas import assert_valid_qdc

CODEBOOK_PACKAGE = Path(__file__).resolve().parents[2] / "qualcode" / "codebook"
BOOK = {
    "name": "B",
    "codes": [{"key": "a", "name": "Alpha"}, {"key": "b", "name": "Beta", "parent": "a"}],
}


@pytest.mark.parametrize(
    "ns", ["urn:QDA-XML:codebook:1.0", "urn:QDA-XML:codebook:1:0", "urn:QDA-XML:codebook:0:4"]
)
def test_a_qdc_in_any_namespace_spelling_is_read(tmp_path, ns):
    path = tmp_path / "b.qdc"
    path.write_text(
        f'<?xml version="1.0"?><CodeBook xmlns="{ns}"><Codes>'
        '<Code guid="11111111-2222-3333-4444-555555555555" name="Alpha" isCodable="true">'
        '<Code guid="11111111-2222-3333-4444-666666666666" name="Beta" isCodable="true"/></Code>'
        "</Codes></CodeBook>",
        encoding="utf-8",
    )
    spec = read_codebook_file(path)
    assert [(c.name, c.parent) for c in spec.codes] == [("Alpha", None), ("Beta", "alpha")]


def test_dump_as_qdc_is_schema_valid_and_reads_back(tmp_path):
    text = dump_codebook(parse_codebook(BOOK), "qdc")
    assert_valid_qdc(text.encode("utf-8"))
    (tmp_path / "b.qdc").write_text(text, encoding="utf-8")
    assert read_codebook_file(tmp_path / "b.qdc").to_dict() == parse_codebook(BOOK).to_dict()


@pytest.mark.parametrize("path", sorted(CODEBOOK_PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_the_codebook_package_does_not_import_exchange(path):
    modules = [
        node.module for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module
    ]  # fmt: skip
    assert not [m for m in modules if m.startswith("qualcode.exchange")]
