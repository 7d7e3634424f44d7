"""Migration s2_18_decisions: each suggestion's one status becomes a decision of the coder who made
it; a name without a coder row gets one."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from qualcode.store.engine import build_engine
from qualcode.store.migrate import _config, upgrade

ROWS = [
    "INSERT INTO project (id, name, created_at, blind_coding, reconciliation_open, settings) VALUES (1, 'p', '2026-01-01', false, false, '{}')",
    "INSERT INTO codebook (id, project_id, name, version, description, created_at, updated_at) VALUES (1, 1, 'cb', 1, '', '2026-01-01', '2026-01-01')",
    "INSERT INTO code (id, codebook_id, key, name, definition, include, exclude, examples, color, evidence, survey_items, position) VALUES (1, 1, 'k', 'K', '', '', '', '[]', '#000000', '[]', '[]', 0)",
    "INSERT INTO coder (id, project_id, name, role, created_at) VALUES (1, 1, 'ann', 'coder', '2026-01-01'), (2, 1, 'assistant', 'assistant', '2026-01-01')",
    "INSERT INTO document (id, project_id, title, source_name, format, sha256, kind, text, imported_at, meta) VALUES (1, 1, 'd', '', 'txt', '', 'interview', 'abcdef', '2026-01-01', '{}')",
    "INSERT INTO coding (id, document_id, coder_id, code_id, start, \"end\", memo, codebook_version, created_at, updated_at) VALUES (1, 1, 2, 1, 0, 2, '', 1, '2026-01-01', '2026-01-01'), (2, 1, 2, 1, 3, 5, '', 1, '2026-01-01', '2026-01-01'), (3, 1, 2, 1, 5, 6, '', 1, '2026-01-01', '2026-01-01'), (4, 1, 1, 1, 0, 2, '', 1, '2026-01-02', '2026-01-02')",
    "INSERT INTO suggestionmodel (id, project_id, assistant_id, created_at, codebook_version, unit, coders, consensus, training_hash, versions, parameters, skipped, features) VALUES (1, 1, 2, '2026-01-01', 1, 'turn', '[\"ann\"]', false, '', '{}', '{}', '{}', '')",
    "INSERT INTO suggestioncodemodel (id, model_id, code_id, n_positive, n_negative, weights, intercept, a, b) VALUES (1, 1, 1, 5, 9, :empty, 0.0, -1.0, 0.0)",
    "INSERT INTO suggestion (id, model_id, coding_id, code_id, document_id, probability, status, decided_by, decided_at, accepted_coding_id) VALUES (1, 1, 1, 1, 1, 0.9, 'accepted', 'ann', '2026-01-02', 4), (2, 1, 2, 1, 1, 0.8, 'rejected', 'bea', '2026-01-03', NULL), (3, 1, 3, 1, 1, 0.7, 'open', '', NULL, NULL)",
]  # fmt: skip


def _database_with_global_statuses(url):
    engine = build_engine(url)
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "i15_unique_keys")
    with engine.begin() as c:
        for row in ROWS:
            c.execute(text(row), {"empty": b""} if ":empty" in row else {})
        if engine.dialect.name == "postgresql":  # rows given ids leave the sequence behind
            c.execute(text("SELECT setval(pg_get_serial_sequence('coder', 'id'), 2)"))
    return engine


def test_each_decision_moves_to_the_coder_who_made_it(any_url):
    engine = _database_with_global_statuses(any_url)
    upgrade(engine)
    with engine.connect() as c:
        decisions = c.execute(
            text(
                "SELECT d.suggestion_id, c.name, c.role, d.decision, d.coding_id "
                "FROM suggestiondecision d JOIN coder c ON c.id = d.coder_id ORDER BY d.id"
            )
        ).all()
    assert [tuple(d) for d in decisions] == [
        (1, "ann", "coder", "accepted", 4),
        (2, "bea", "coder", "rejected", None),
    ]


def test_the_global_status_columns_are_gone_and_every_suggestion_stays(any_url):
    engine = _database_with_global_statuses(any_url)
    upgrade(engine)
    columns = {c["name"] for c in inspect(engine).get_columns("suggestion")}
    with engine.connect() as c:
        suggestions = c.execute(text("SELECT count(*) FROM suggestion")).scalar()
    assert not columns & {"status", "decided_by", "decided_at", "accepted_coding_id"}
    assert suggestions == 3


def test_downgrading_gives_each_suggestion_its_first_decision_back(any_url):
    engine = _database_with_global_statuses(any_url)
    upgrade(engine)
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "i15_unique_keys")
    with engine.connect() as c:
        statuses = c.execute(
            text("SELECT id, status, decided_by, accepted_coding_id FROM suggestion ORDER BY id")
        ).all()
    assert [tuple(s) for s in statuses] == [
        (1, "accepted", "ann", 4),
        (2, "rejected", "bea", None),
        (3, "open", "", None),
    ]
