"""Migration i15_unique_keys: live codes sharing a key are merged into the oldest, audited."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from qualcode.store.engine import build_engine
from qualcode.store.migrate import _config, upgrade


def _database_before_the_index(tmp_path):
    engine = build_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "i13_segments")
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO project (id, name, created_at, blind_coding, reconciliation_open, settings) VALUES (1, 'p', '2026-01-01', 0, 0, '{}')"
            )
        )
        c.execute(
            text(
                "INSERT INTO codebook (id, project_id, name, version, description, created_at, updated_at) VALUES (1, 1, 'cb', 2, '', '2026-01-01', '2026-01-01')"
            )
        )
        for code_id in (1, 2, 3):
            c.execute(
                text(
                    "INSERT INTO code (id, codebook_id, key, name, definition, include, exclude, examples, color, evidence, survey_items, position) VALUES (:i, 1, 'dup', 'Dup', '', '', '', '[]', '#000000', '[]', '[]', 0)"
                ),
                {"i": code_id},
            )
        c.execute(
            text(
                "INSERT INTO coder (id, project_id, name, role, created_at) VALUES (1, 1, 'ann', 'coder', '2026-01-01')"
            )
        )
        c.execute(
            text(
                "INSERT INTO document (id, project_id, title, source_name, format, sha256, kind, text, imported_at, meta) VALUES (1, 1, 'd', '', 'txt', '', 'interview', 'abcdef', '2026-01-01', '{}')"
            )
        )
        for coding_id, code_id in ((1, 1), (2, 2), (3, 3), (4, 3)):
            c.execute(
                text(
                    "INSERT INTO coding (id, document_id, coder_id, code_id, start, \"end\", memo, codebook_version, created_at, updated_at) VALUES (:i, 1, 1, :c, 0, 2, '', 2, '2026-01-01', '2026-01-01')"
                ),
                {"i": coding_id, "c": code_id},
            )
    return engine  # fmt: skip


def test_duplicates_are_merged_into_the_oldest_code(tmp_path):
    engine = _database_before_the_index(tmp_path)
    upgrade(engine)
    with engine.connect() as c:
        live = c.execute(text("SELECT id FROM code WHERE deleted_at IS NULL")).scalars().all()
        merged = (
            c.execute(text("SELECT merged_into_id FROM code WHERE deleted_at IS NOT NULL"))
            .scalars()
            .all()
        )
        codings = c.execute(text("SELECT DISTINCT code_id FROM coding")).scalars().all()
        audits = c.execute(
            text("SELECT count(*) FROM auditevent WHERE action = 'code.merge_duplicate'")
        ).scalar()
    assert live == [1] and merged == [1, 1] and codings == [1] and audits == 2  # fmt: skip


def test_a_second_live_code_with_the_same_key_is_refused(tmp_path):
    engine = _database_before_the_index(tmp_path)
    upgrade(engine)
    with pytest.raises(IntegrityError), engine.begin() as c:
        c.execute(text("INSERT INTO code (codebook_id, key, name, definition, include, exclude, examples, color, evidence, survey_items, position) VALUES (1, 'dup', 'Again', '', '', '', '[]', '#000000', '[]', '[]', 0)"))  # fmt: skip
