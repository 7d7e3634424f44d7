"""The stored codebook: import, versions, look-up by key or name."""

import pytest

from qualcode.codebook import store as codebook_store
from qualcode.codebook.files import parse_codebook_text
from qualcode.errors import NotFoundError, ValidationError
from qualcode.project import create_project
from qualcode.store import session_scope

V1 = """
name: Mini
groups: [{key: challenge, name: Challenges}]
codes:
  - {key: search, name: Model search, group: challenge}
  - {key: docs, name: Missing docs, group: challenge}
"""
V2 = """
name: Mini
groups: [{key: challenge, name: Challenges}]
codes:
  - {key: search, name: Finding models, group: challenge}
  - {key: other_docs, name: Missing docs, group: challenge}
"""


def test_second_import_makes_a_new_version_and_keeps_code_ids(sqlite_url):
    with session_scope(sqlite_url) as session:
        project = create_project(session, "S")
        codebook = codebook_store.import_spec(session, project, parse_codebook_text(V1, "v1.yaml"))
        search_id = codebook_store.resolve_code(session, codebook, "search").id
        codebook = codebook_store.import_spec(session, project, parse_codebook_text(V2, "v2.yaml"))
        assert codebook.version == 2
        renamed = codebook_store.resolve_code(session, codebook, "Finding models")
        assert renamed.id == search_id
        assert [v.version for v in codebook_store.versions(session, codebook)] == [1, 2]
        assert {c.key for c in codebook_store.codes(session, codebook)} == {"search", "other_docs"}


def test_ambiguous_name_lists_candidates(sqlite_url):
    text = "name: M\ncodes:\n  - {key: a1, name: Same}\n  - {key: a2, name: same}\n"
    with session_scope(sqlite_url) as session:
        project = create_project(session, "S")
        codebook = codebook_store.import_spec(session, project, parse_codebook_text(text, "m.yaml"))
        with pytest.raises(ValidationError, match="ambiguous.*a1, a2"):
            codebook_store.resolve_code(session, codebook, "SAME")


def test_importing_the_same_codebook_again_makes_no_new_version(sqlite_url):
    with session_scope(sqlite_url) as session:
        project = create_project(session, "S")
        codebook_store.import_spec(session, project, parse_codebook_text(V1, "v1.yaml"))
        codebook = codebook_store.import_spec(session, project, parse_codebook_text(V1, "v1.yaml"))
        assert codebook.version == 1
        assert [v.version for v in codebook_store.versions(session, codebook)] == [1]


TWO_GROUPS = """
name: Two
groups: [{key: challenge, name: Challenges}, {key: stage, name: Workflow stages}]
codes:
  - {key: search, name: Model search, group: challenge}
  - {key: select, name: Selection, group: stage}
  - {key: docs, name: Missing docs, group: challenge}
"""


def test_a_group_is_found_by_key_or_name_and_its_codes_keep_codebook_order(sqlite_url):
    with session_scope(sqlite_url) as session:
        project = create_project(session, "S")
        spec = parse_codebook_text(TWO_GROUPS, "two.yaml")
        codebook = codebook_store.import_spec(session, project, spec)
        assert codebook_store.resolve_group(session, codebook, "WORKFLOW STAGES").key == "stage"
        keys = [c.key for c in codebook_store.group_codes(session, codebook, " challenge ")]
        assert keys == ["search", "docs"]
        with pytest.raises(NotFoundError, match="no code group 'risks' .groups: challenge, stage"):
            codebook_store.group_codes(session, codebook, "risks")
