"""Plain lists of model ids, one a line (`owner/name`, or a bare name for the Hub's early models).

The list's order is kept: with no download counts, it stands for popularity (most popular first),
which is how the study's 2022-08 list is ordered.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pyarrow as pa

from qualcode.evidence.id_parts import NAME_SQL, OWNER_SQL
from qualcode.evidence.loaded import Loaded, record_error, require_file
from qualcode.evidence.registry_data import ModelTable, normalised
from qualcode.evidence.workspace import connect

MODEL_ID = re.compile(r"^[A-Za-z0-9][\w.\-]*(/[\w.\-]+)?$")


BATCH = 100_000  # ids handed to DuckDB at a time


def _read(path: Path, connection: duckdb.DuckDBPyConnection) -> None:
    """Check every line and append the ids, in the file's order, to table `listed` in batches."""
    connection.execute("CREATE TABLE listed (model_id VARCHAR)")
    batch: list[str] = []
    with require_file(path).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            model_id = line.strip()
            if not model_id:
                continue
            if not MODEL_ID.match(model_id):
                raise record_error(
                    path, f"line {number}", f"'{model_id[:80]}' is not a model id (owner/name)"
                )
            batch.append(model_id)
            if len(batch) == BATCH:
                _append(connection, batch)
                batch = []
    _append(connection, batch)


def _append(connection: duckdb.DuckDBPyConnection, batch: list[str]) -> None:
    connection.register("batch", pa.table({"model_id": pa.array(batch, pa.string())}))
    connection.execute("INSERT INTO listed SELECT model_id FROM batch")
    connection.unregister("batch")


def load(path: Path) -> Loaded:
    """Read a model id list; a line that is not a model id is an error naming its line.

    Read line by line into DuckDB, where a repeated id is kept once (at its first line) and ids are
    split into owner and name, so a list of millions of ids is never held in Python (the upload
    cap's memory budget).
    """
    connection = connect()
    try:
        _read(path, connection)
    except UnicodeDecodeError as exc:
        raise record_error(path, "file", "not UTF-8 text (expected one model id a line)") from exc
    lines = connection.execute("SELECT count(*) FROM listed").fetchall()[0][0]
    if not lines:
        raise record_error(path, "file", "no model ids")
    given = {"model_id": "model_id", "owner": OWNER_SQL, "name": NAME_SQL, "hub": "'Hugging Face'"}
    connection.execute(
        f"CREATE TABLE models AS SELECT {normalised(given)} FROM "
        "(SELECT model_id, min(rowid) AS line FROM listed GROUP BY model_id) ORDER BY line"
    )
    connection.execute("DROP TABLE listed")
    count = connection.execute("SELECT count(*) FROM models").fetchall()[0][0]
    duplicates = lines - count
    warnings = [f"{duplicates} repeated ids read once"] if duplicates else []
    return Loaded(ModelTable(connection, {"ids"}), count, warnings)
