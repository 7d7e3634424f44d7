"""De-identification and QUALCODE_SPACY_MODEL: an installed pipeline adds its named entities; a name
that is not installed is an error naming it (as for sentence units), never a silent fallback to
rules only, and `deid propose` then stores nothing."""

from __future__ import annotations

import pytest
import spacy
from click.testing import CliRunner

from qualcode.cli import cli
from qualcode.errors import ValidationError
from qualcode.ingest.deid.detect import find_candidates
from qualcode.ingest.deid.review import proposals
from qualcode.project import current_project
from qualcode.store import session_scope

TEXT = "Then Quentin Okafor said we should reuse the model."


def test_an_installed_pipeline_adds_its_people(tmp_path, monkeypatch):
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "PERSON", "pattern": "Quentin Okafor"}])
    nlp.meta["version"] = "1.2.3"
    nlp.to_disk(tmp_path / "names_pipeline")
    monkeypatch.setenv("QUALCODE_SPACY_MODEL", str(tmp_path / "names_pipeline"))
    found = [(c.text, c.kind, c.source) for c in find_candidates(TEXT)]
    assert found == [("Quentin Okafor", "person", "ner")]


def test_an_unknown_model_is_an_error_naming_it(monkeypatch):
    monkeypatch.setenv("QUALCODE_SPACY_MODEL", "en_core_web_typo")
    with pytest.raises(ValidationError, match=r"QUALCODE_SPACY_MODEL='en_core_web_typo' is not an"):
        find_candidates(TEXT)


def test_propose_with_an_unknown_model_fails_cleanly_and_stores_nothing(demo_url, monkeypatch):
    monkeypatch.setenv("QUALCODE_SPACY_MODEL", "en_core_web_typo")
    result = CliRunner().invoke(cli, ["deid", "propose", "--db", demo_url])
    assert result.exit_code == 1, result.output
    [line] = result.output.strip().splitlines()  # one line, no traceback
    assert "QUALCODE_SPACY_MODEL='en_core_web_typo'" in line
    with session_scope(demo_url) as session:
        assert proposals(session, current_project(session)) == []
