"""What every loaded source offers the metrics: shares, concentrations, ids, downloads, records.

Two implementations: `ModelTable` (one row per model in an in-memory DuckDB table with the columns
below; PTMTorrent, Hugging Face metadata, model-id lists and download files) and
`qualcode.evidence.peatmoss.PeatmossData` (SQL on the PeaTMOSS SQLite file itself).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import duckdb
import numpy as np
import pandas as pd

# The normalised table every DuckDB-backed source builds (name: DuckDB type).
COLUMNS = {
    "model_id": "VARCHAR", "owner": "VARCHAR", "name": "VARCHAR", "hub": "VARCHAR",
    "task": "VARCHAR", "library": "VARCHAR", "license": "VARCHAR", "has_card": "BOOLEAN",
    "has_claims": "BOOLEAN", "downloads": "BIGINT", "datasets": "VARCHAR[]",
    "architectures": "VARCHAR[]", "papers": "VARCHAR[]",
}  # fmt: skip

# What a model "lacks" or "has" for each share metric, as a condition on the normalised table.
CONDITIONS = {
    "missing_model_card": "NOT coalesce(has_card, false)",
    "missing_license": "license IS NULL",
    "missing_dataset": "coalesce(len(datasets), 0) = 0",
    "missing_paper": "coalesce(len(papers), 0) = 0",
    "missing_task_tag": "task IS NULL",
    "missing_library": "library IS NULL",
    "missing_architecture": "coalesce(len(architectures), 0) = 0",
    "machine_readable_claims": "coalesce(has_claims, false)",
    "unnamespaced_ids": "owner IS NULL",
}
LIST_COLUMN = {"dataset": "datasets", "architecture": "architectures"}
NO_TASK = "(no task)"


@dataclass
class Share:
    """numerator of denominator models, with the same split per task and per hub."""

    numerator: int
    denominator: int
    by_task: dict[str, tuple[int, int]] = field(default_factory=dict)
    by_hub: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass
class Concentration:
    """Models per value (most used first, up to 100), models naming any value, those in the top k."""

    top: list[tuple[str, int]]
    models_with: int
    in_top_k: int
    distinct: int


class RegistryData(Protocol):
    """The questions the metric computation asks of a source."""

    attributes: frozenset[str]

    def count(self) -> int: ...
    def shares(self, metrics: list[str]) -> dict[str, Share]: ...
    def concentration(self, attribute: str, k: int) -> Concentration: ...
    def ids_by_popularity(self) -> list[str]: ...
    def downloads_by_registry(self) -> dict[str, np.ndarray]: ...
    def records(
        self, metric: str | None, task: str | None, hub: str | None, offset: int, limit: int
    ) -> tuple[int, pd.DataFrame]: ...
    def hubs(self) -> list[str]: ...
    def tasks(self) -> list[str]: ...


class ModelTable:
    """A source as one normalised DuckDB table `models` (see COLUMNS); `attributes` says what it carries."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, attributes: set[str]) -> None:
        self.connection = connection
        self.attributes = frozenset(attributes)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, attributes: set[str]) -> ModelTable:
        """Build the table from a pandas frame holding (some of) COLUMNS; the rest are NULL."""
        connection = duckdb.connect()
        connection.register("incoming", frame)
        select = ", ".join(
            f"CAST({name if name in frame.columns else 'NULL'} AS {kind}) AS {name}"
            for name, kind in COLUMNS.items()
        )
        connection.execute(f"CREATE TABLE models AS SELECT {select} FROM incoming")
        connection.unregister("incoming")
        return cls(connection, attributes)

    def split_owner_and_name(self) -> None:
        """Fill owner and name from model_id as `split_id` does ('owner/name'; a bare id has no
        owner), inside DuckDB: for id lists of millions, where Python tuples would not fit."""
        self._sql(
            "UPDATE models SET "
            "owner = CASE WHEN contains(model_id, '/') THEN split_part(model_id, '/', 1) END, "
            "name = CASE WHEN contains(model_id, '/') "
            "THEN substr(model_id, strpos(model_id, '/') + 1) ELSE model_id END"
        )

    def _sql(self, query: str, params: list | None = None) -> duckdb.DuckDBPyConnection:
        """Run a query on its own cursor: the app's sessions share a table from several threads."""
        return self.connection.cursor().execute(query, params or [])

    def count(self) -> int:
        return self._sql("SELECT count(*) FROM models").fetchone()[0]

    def shares(self, metrics: list[str]) -> dict[str, Share]:
        """All share metrics in one scan, grouped overall, per task and per hub."""
        if not metrics:
            return {}
        sums = ", ".join(f"count(*) FILTER (WHERE {CONDITIONS[m]})" for m in metrics)
        rows = self._sql(
            f"SELECT GROUPING(task), GROUPING(hub), coalesce(task, '{NO_TASK}'), hub, count(*), {sums} "
            "FROM models GROUP BY GROUPING SETS ((), (task), (hub))"
        ).fetchall()
        result = {m: Share(0, 0) for m in metrics}
        for no_task, no_hub, task, hub, total, *counts in rows:
            for metric, count in zip(metrics, counts, strict=True):
                share = result[metric]
                if no_task and no_hub:
                    share.numerator, share.denominator = int(count), int(total)
                elif not no_task:
                    share.by_task[task] = (int(count), int(total))
                elif hub is not None:
                    share.by_hub[hub] = (int(count), int(total))
        return result

    def concentration(self, attribute: str, k: int) -> Concentration:
        column = LIST_COLUMN[attribute]
        cursor = self.connection.cursor()
        cursor.execute(
            f"CREATE TEMP TABLE usage AS SELECT value, count(DISTINCT rowid) AS n FROM "
            f"(SELECT rowid, unnest(list_distinct({column})) AS value FROM models) GROUP BY value"
        )
        top = cursor.execute(
            "SELECT value, n FROM usage ORDER BY n DESC, value LIMIT 100"
        ).fetchall()
        models_with, distinct = cursor.execute(
            f"SELECT (SELECT count(*) FROM models WHERE len({column}) > 0), (SELECT count(*) FROM usage)"
        ).fetchone()
        in_top = cursor.execute(
            f"SELECT count(*) FROM models WHERE len(list_intersect({column}, ?)) > 0",
            [[value for value, _ in top[:k]]],
        ).fetchone()[0]
        cursor.close()
        return Concentration([(v, int(n)) for v, n in top], int(models_with), int(in_top), distinct)

    def ids_by_popularity(self) -> list[str]:
        """Model ids, most downloaded first when downloads are known, else in the file's order."""
        order = "downloads DESC NULLS LAST, rowid" if "downloads" in self.attributes else "rowid"
        return [
            row[0]
            for row in self._sql(
                f"SELECT model_id FROM models WHERE model_id IS NOT NULL ORDER BY {order}"
            ).fetchall()
        ]

    def downloads_by_registry(self) -> dict[str, np.ndarray]:
        """Download counts per registry (hub), largest first."""
        frame = self._sql(
            "SELECT hub, downloads FROM models WHERE downloads IS NOT NULL ORDER BY hub, downloads DESC"
        ).df()
        return {
            hub: group["downloads"].to_numpy() for hub, group in frame.groupby("hub", sort=True)
        }

    def records(
        self, metric: str | None, task: str | None, hub: str | None, offset: int, limit: int
    ) -> tuple[int, pd.DataFrame]:
        """The models behind a number (those the metric counts), filtered and paged."""
        clause, params = record_filter(CONDITIONS.get(metric or ""), task, hub)
        total = self._sql(f"SELECT count(*) FROM models WHERE {clause}", params).fetchone()[0]
        frame = self._sql(
            f"SELECT * EXCLUDE (owner, name) FROM models WHERE {clause} ORDER BY rowid "
            "LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).df()
        return int(total), frame

    def hubs(self) -> list[str]:
        return [r[0] for r in self._sql(
            "SELECT DISTINCT hub FROM models WHERE hub IS NOT NULL ORDER BY 1").fetchall()]  # fmt: skip

    def tasks(self) -> list[str]:
        if "task" not in self.attributes:
            return []
        return [r[0] for r in self._sql(
            f"SELECT DISTINCT coalesce(task, '{NO_TASK}') FROM models ORDER BY 1").fetchall()]  # fmt: skip


def record_filter(condition: str | None, task: str | None, hub: str | None) -> tuple[str, list]:
    """A WHERE clause (SQLite and DuckDB alike) for a metric's condition, a task and a hub."""
    where, params = ["1 = 1"], []
    if condition:
        where.append(condition)
    if task is not None:
        where.append("coalesce(task, ?) = ?")
        params += [NO_TASK, task]
    if hub is not None:
        where.append("hub = ?")
        params.append(hub)
    return " AND ".join(where), params


def split_id(model_id: str) -> tuple[str | None, str]:
    """('owner', 'name') of 'owner/name'; (None, id) for an id without an owner namespace."""
    owner, sep, name = model_id.partition("/")
    return (owner, name) if sep else (None, model_id)
