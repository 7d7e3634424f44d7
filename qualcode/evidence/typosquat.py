"""Typosquatting candidates: model ids one edit away from a more popular model's name, under another owner.

Names (the part after `owner/`) are compared by Levenshtein distance (insert, delete, substitute),
in DuckDB, on a table `models` (model_id, owner, name), so that a list of millions of ids is
never held in Python. Every name is not compared with every popular name: a name N is one edit
from a popular name P exactly when
- N is P with the character at some position i deleted (N lacks a character),
- N with its character at i deleted is P (N has an extra character), or
- N and P, of one length, are equal once both lose their character at the same i (substitution).
So each name and its one-character deletions (tagged with the position, -1 for the name itself)
are joined, by hash, with the popular names' and kept where the tags agree as above; DuckDB's
`levenshtein` (on characters, as Python's strings are) confirms each pair found.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from qualcode.evidence.id_parts import NAME_SQL, OWNER_SQL
from qualcode.evidence.workspace import connect

# A name (at -1) and the name without its character at each position (at = that position).
DELETIONS = (
    "unnest(list_concat([{'at': -1, 'key': name}], list_transform(range(length(name)), "
    "lambda i: {'at': i, 'key': left(name, i) || substr(name, i + 2)})), recursive := true)"
)

# Pairs (name's row, popular model) at distance 1 under different owners; an owner-less id
# (owner NULL) differs from an owned one, but two owner-less ids are alike.
PAIRS = f"""
CREATE TEMP TABLE pairs AS
SELECT DISTINCT n.rid, n.model_id, p.position, p.model_id AS original
FROM (SELECT rowid AS rid, model_id, owner, name, {DELETIONS}
      FROM models WHERE model_id IS NOT NULL) n
JOIN popular p ON p.key = n.key AND (n.at = -1 OR p.at = -1 OR n.at = p.at)
WHERE n.owner IS DISTINCT FROM p.owner AND levenshtein(n.name, p.name) = 1
"""

# Each candidate's most popular original, among those more popular than (one occurrence of) it;
# every occurrence of a candidate id is listed, in popularity order.
CANDIDATES = """
WITH matched AS (
  SELECT model_id, arg_min(original, pairs.position) AS original
  FROM pairs LEFT JOIN ranks USING (rid)
  WHERE pairs.position < coalesce(ranks.position, {popular})
  GROUP BY model_id
)
SELECT c.model_id, matched.original
FROM (SELECT model_id, row_number() OVER (ORDER BY {order}) AS k
      FROM models WHERE rowid IN (SELECT rid FROM pairs)) c
JOIN matched USING (model_id)
ORDER BY c.k
"""


def _popular(cursor: duckdb.DuckDBPyConnection, order: str, popular: int) -> None:
    """The `popular` most popular ids with their position and names' deletions, as table `popular`;
    their rows' positions as table `ranks` (every other id comes after them)."""
    table = cursor.sql(
        f"SELECT rowid AS rid, model_id, owner, name FROM models WHERE model_id IS NOT NULL "
        f"ORDER BY {order} LIMIT ?",
        params=[popular],
    ).to_arrow_table()
    table = table.append_column("position", pa.array(range(table.num_rows), pa.int64()))
    cursor.register("popular_rows", table)
    cursor.execute(
        "CREATE TEMP TABLE popular AS SELECT position, model_id, owner, name, "
        f"{DELETIONS} FROM popular_rows"
    )
    cursor.execute("CREATE TEMP TABLE ranks AS SELECT rid, position FROM popular_rows")
    cursor.unregister("popular_rows")


def table_candidates(
    connection: duckdb.DuckDBPyConnection, order: str, popular: int
) -> tuple[list[tuple[str, str]], int]:
    """(candidate id, popular id it resembles) for the ids of table `models` (in popularity order
    `order`, an ORDER BY over its columns and rowid) whose name is at distance 1 from the name of
    one of the first `popular` ids, more popular than it and under another owner; each candidate
    once per occurrence (with its most popular match), in popularity order; and the number of ids."""
    cursor = connection.cursor()  # its own temporary tables, gone when it closes
    try:
        total = cursor.execute("SELECT count(model_id) FROM models").fetchall()[0][0]
        _popular(cursor, order, popular)
        cursor.execute(PAIRS)
        rows = cursor.execute(CANDIDATES.format(popular=popular, order=order)).fetchall()
    finally:
        cursor.close()
    return [(model_id, original) for model_id, original in rows], int(total)


def typosquat_candidates(ids: list[str], popular: int) -> list[tuple[str, str]]:
    """The candidates (as `table_candidates`) among `ids`, given most popular first."""
    connection = connect()
    connection.register("listed", pa.table({"model_id": pa.array(ids, pa.string())}))
    connection.execute(
        f"CREATE TABLE models AS SELECT model_id, {OWNER_SQL} AS owner, {NAME_SQL} AS name "
        "FROM listed"
    )
    connection.unregister("listed")
    try:
        return table_candidates(connection, "rowid", popular)[0]
    finally:
        connection.close()
