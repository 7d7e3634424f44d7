"""Older databases are upgraded on start; an SQLite file is copied aside first."""

from alembic import command
from alembic.script import ScriptDirectory

from qualcode.store.engine import build_engine
from qualcode.store.migrate import _config, current_revision, head_revision, upgrade


def _first_revision() -> str:
    script = ScriptDirectory.from_config(_config())
    return list(script.walk_revisions())[-1].revision


def test_single_head():
    assert len(ScriptDirectory.from_config(_config()).get_heads()) == 1


def test_older_database_is_upgraded_and_backed_up(tmp_path):
    path = tmp_path / "old.db"
    engine = build_engine(f"sqlite:///{path}")
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, _first_revision())
    assert current_revision(engine) == "0001"
    upgrade(engine)
    assert current_revision(engine) == head_revision() != "0001"
    assert [b.name for b in tmp_path.glob("*.bak")] == ["old.db.before-0001.bak"]
    backup = build_engine(f"sqlite:///{tmp_path / 'old.db.before-0001.bak'}")
    assert current_revision(backup) == "0001"  # the copy holds the database as it was


def test_upgrade_is_a_no_op_at_head(tmp_path):
    engine = build_engine(f"sqlite:///{tmp_path / 'new.db'}")
    upgrade(engine)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert not list(tmp_path.glob("*.bak"))
