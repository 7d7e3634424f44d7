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

from qualcode.evidence.typosquat import table_candidates
from qualcode.evidence.workspace import connect

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
    def typosquat_candidates(self, popular: int) -> tuple[list[tuple[str, str]], int]: ...
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
        connection = connect()
        connection.register("incoming", frame)
        connection.execute(
            f"CREATE TABLE models AS SELECT {normalised({c: c for c in frame.columns})} FROM incoming"
        )
        connection.unregister("incoming")
        return cls(connection, attributes)

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

    def _popularity(self) -> str:
        """Most downloaded first when downloads are known, else the file's order."""
        return "downloads DESC NULLS LAST, rowid" if "downloads" in self.attributes else "rowid"

    def ids_by_popularity(self) -> list[str]:
        """Model ids, most popular first (see `_popularity`)."""
        return [
            row[0]
            for row in self._sql(
                f"SELECT model_id FROM models WHERE model_id IS NOT NULL ORDER BY {self._popularity()}"
            ).fetchall()
        ]

    def typosquat_candidates(self, popular: int) -> tuple[list[tuple[str, str]], int]:
        """The typosquatting candidates and the number of ids, computed inside DuckDB."""
        return table_candidates(self.connection, self._popularity(), popular)

    def downloads_by_registry(self) -> dict[str, np.ndarray]:
        """Download counts per registry (hub), largest first; fetched one registry at a time as
        numbers (a column of millions of hub names would not fit the memory budget)."""
        hubs = self._sql(
            "SELECT DISTINCT hub FROM models WHERE downloads IS NOT NULL AND hub IS NOT NULL ORDER BY hub"
        ).fetchall()
        return {
            hub: self._sql(
                "SELECT downloads FROM models WHERE downloads IS NOT NULL AND hub = ? "
                "ORDER BY downloads DESC",
                [hub],
            ).fetchnumpy()["downloads"]
            for (hub,) in hubs
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


def normalised(given: dict[str, str]) -> str:
    """The SELECT list of the normalised table (COLUMNS): the given SQL for some, NULL for the rest."""
    return ", ".join(
        f"CAST({given.get(name, 'NULL')} AS {kind}) AS {name}" for name, kind in COLUMNS.items()
    )


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
