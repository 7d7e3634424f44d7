"""The bounded DuckDB connection evidence sources are read into."""

import gc
from pathlib import Path

from qualcode.evidence import workspace


def test_a_table_larger_than_the_memory_limit_spills_and_reads_back_whole(monkeypatch):
    monkeypatch.setenv(workspace.MEMORY_SETTING, "32MB")
    connection = workspace.connect()
    limit = connection.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    connection.execute(
        "CREATE TABLE t AS SELECT i, repeat('model-', 8) || i AS id FROM range(1500000) r(i)"
    )
    spilled = connection.execute(
        "SELECT sum(temporary_storage_bytes) FROM duckdb_memory()"
    ).fetchall()[0][0]
    total = connection.execute("SELECT count(*), sum(i) FROM t").fetchall()[0]
    assert limit == "30.5 MiB"  # 32 MB
    assert spilled > 0
    assert total == (1500000, 1500000 * 1499999 // 2)


def test_each_connection_has_its_own_spill_folder():
    folders = {
        workspace.connect().execute("SELECT current_setting('temp_directory')").fetchall()[0][0]
        for _ in range(2)
    }
    assert len(folders) == 2


def test_a_connections_spill_folder_goes_with_it():
    connection = workspace.connect()
    folder = Path(connection.execute("SELECT current_setting('temp_directory')").fetchall()[0][0])
    assert folder.is_dir()
    connection.close()
    del connection
    gc.collect()
    assert not folder.exists()
