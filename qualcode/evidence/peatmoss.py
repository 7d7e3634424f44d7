"""The PeaTMOSS SQLite database, read through SQLite itself with the aggregation done in SQL.

Tables used: `model(id, context_id, model_hub_id, downloads, ...)`, `model_hub(id, name, url)`, and
for X in architecture, dataset, library, license, paper, tag: `X(id, name)` + `model_to_X(model_id,
X_id)`. `context_id` holds the model's name (`owner/name`) although it is declared INTEGER.
A model's task is its tag that names a Hugging Face pipeline task. The file is opened read-only;
one temporary table (in SQLite's temp store, not in Python) holds a row of flags per model.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd

from qualcode.evidence.loaded import Loaded, record_error, require_file
from qualcode.evidence.registry_data import NO_TASK, Concentration, Share, record_filter
from qualcode.evidence.typosquat import typosquat_candidates

LINKED = ("license", "dataset", "paper", "library", "architecture")
PIPELINE_TASKS = (
    "audio-classification",
    "audio-to-audio",
    "automatic-speech-recognition",
    "conversational",
    "depth-estimation",
    "document-question-answering",
    "feature-extraction",
    "fill-mask",
    "image-classification",
    "image-segmentation",
    "image-to-image",
    "image-to-text",
    "object-detection",
    "question-answering",
    "reinforcement-learning",
    "sentence-similarity",
    "summarization",
    "table-question-answering",
    "tabular-classification",
    "tabular-regression",
    "text-classification",
    "text-generation",
    "text-to-image",
    "text-to-speech",
    "text2text-generation",
    "token-classification",
    "translation",
    "unconditional-image-generation",
    "video-classification",
    "visual-question-answering",
    "voice-activity-detection",
    "zero-shot-classification",
    "zero-shot-image-classification",
)
CONDITIONS = {
    **{f"missing_{x}": f"NOT has_{x}" for x in LINKED},
    "missing_task_tag": "task IS NULL",
    "unnamespaced_ids": "instr(model_id, '/') = 0",
}


def _columns(connection: sqlite3.Connection, table: str) -> dict[str, str]:
    return {row[1]: row[2].upper() for row in connection.execute(f"PRAGMA table_info('{table}')")}


def _key(columns: dict[str, str], table: str) -> str:
    for name in ("id", f"{table}_id"):
        if name in columns:
            return name
    return "rowid"


class PeatmossData:
    """Metrics questions answered by SQL on a PeaTMOSS-shaped SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.warnings: list[str] = []
        try:
            self.connection = sqlite3.connect(
                f"file:{path}?mode=ro", uri=True, check_same_thread=False
            )
            tables = {
                r[0]
                for r in self.connection.execute(
                    "SELECT name FROM sqlite_master WHERE type='table'"
                )
            }
        except sqlite3.DatabaseError as exc:
            raise record_error(path, "file", f"not an SQLite database ({exc})") from exc
        self._check(tables)
        self.linked = {x: self._link(x, tables) for x in (*LINKED, "tag")}
        self.linked = {x: sql for x, sql in self.linked.items() if sql}
        self.attributes = frozenset({"ids", "downloads", *(x for x in LINKED if x in self.linked),
                                     *(["task"] if "tag" in self.linked else [])})  # fmt: skip
        self._build_flags()

    def _check(self, tables: set[str]) -> None:
        for table, needed in (("model", ("id", "context_id", "model_hub_id", "downloads")),
                              ("model_hub", ("name",))):  # fmt: skip
            if table not in tables:
                raise record_error(
                    self.path, f"table '{table}'", "missing (is this a PeaTMOSS database?)"
                )
            columns = _columns(self.connection, table)
            for column in needed:
                if column not in columns:
                    raise record_error(
                        self.path, f"table '{table}'", f"missing required column '{column}'"
                    )
        self.hub_key = _key(_columns(self.connection, "model_hub"), "model_hub")
        row = self.connection.execute(
            "SELECT id FROM model WHERE context_id IS NULL LIMIT 1"
        ).fetchone()
        if row is not None:
            raise record_error(
                self.path, f"table 'model', row id {row[0]}", "missing required field 'context_id'"
            )
        declared = _columns(self.connection, "model")["context_id"]
        kind = self.connection.execute("SELECT typeof(context_id) FROM model LIMIT 1").fetchone()
        if kind and kind[0] == "text" and declared.startswith("INT"):
            self.warnings.append(
                "model.context_id is declared INTEGER but holds model names: read as text"
            )

    def _link(self, x: str, tables: set[str]) -> str | None:
        """`model_to_X` as (model_id, value name) SQL, or None (with a warning) when the tables are absent."""
        if x not in tables or f"model_to_{x}" not in tables:
            self.warnings.append(
                f"no tables '{x}' / 'model_to_{x}': metrics needing {x} are absent"
            )
            return None
        link = _columns(self.connection, f"model_to_{x}")
        if "model_id" not in link or f"{x}_id" not in link:
            raise record_error(
                self.path, f"table 'model_to_{x}'", f"expected columns 'model_id' and '{x}_id'"
            )
        key = _key(_columns(self.connection, x), x)
        return f"SELECT l.model_id, l.{x}_id AS value_id, v.name FROM model_to_{x} l JOIN {x} v ON v.{key} = l.{x}_id"

    def _build_flags(self) -> None:
        flags = "".join(
            f", m.id IN (SELECT model_id FROM model_to_{x}) AS has_{x}"
            for x in LINKED
            if x in self.linked
        )
        task_join = ""
        if "tag" in self.linked:
            names = ", ".join(f"'{t}'" for t in PIPELINE_TASKS)
            task_join = (f"LEFT JOIN (SELECT model_id, min(name) AS task FROM ({self.linked['tag']}) "
                         f"WHERE name IN ({names}) GROUP BY model_id) t ON t.model_id = m.id")  # fmt: skip
        task = "t.task" if task_join else "NULL"
        self.connection.execute("DROP TABLE IF EXISTS temp.qc_models")
        self.connection.execute(
            f"CREATE TEMP TABLE qc_models AS SELECT m.id, CAST(m.context_id AS TEXT) AS model_id, "
            f"h.name AS hub, {task} AS task, m.downloads{flags} FROM model m "
            f"LEFT JOIN model_hub h ON h.{self.hub_key} = m.model_hub_id {task_join}"
        )

    def count(self) -> int:
        return self.connection.execute("SELECT count(*) FROM qc_models").fetchone()[0]

    def shares(self, metrics: list[str]) -> dict[str, Share]:
        """One scan grouped by (task, hub); the overall and per-task / per-hub counts are its sums."""
        if not metrics:
            return {}
        sums = ", ".join(f"sum(CASE WHEN {CONDITIONS[m]} THEN 1 ELSE 0 END)" for m in metrics)
        rows = self.connection.execute(
            f"SELECT coalesce(task, '{NO_TASK}'), hub, count(*), {sums} FROM qc_models GROUP BY 1, 2"
        ).fetchall()
        result = {m: Share(0, 0) for m in metrics}
        for task, hub, n, *counts in rows:
            for metric, count in zip(metrics, counts, strict=True):
                share, count = result[metric], int(count or 0)
                share.numerator, share.denominator = share.numerator + count, share.denominator + n
                for parts, key in (
                    (share.by_task, str(task)),
                    (share.by_hub, str(hub or "(no hub)")),
                ):
                    before = parts.get(key, (0, 0))
                    parts[key] = (before[0] + count, before[1] + n)
        return result

    def concentration(self, attribute: str, k: int) -> Concentration:
        link = self.linked[attribute]
        top = self.connection.execute(
            f"SELECT name, value_id, count(DISTINCT model_id) AS n FROM ({link}) GROUP BY value_id "
            "ORDER BY n DESC, name LIMIT 100"
        ).fetchall()
        models_with, distinct = self.connection.execute(
            f"SELECT count(DISTINCT model_id), count(DISTINCT {attribute}_id) FROM model_to_{attribute}"
        ).fetchone()
        top_ids = ", ".join(str(int(value_id)) for _, value_id, _ in top[:k]) or "NULL"
        in_top = self.connection.execute(
            f"SELECT count(DISTINCT model_id) FROM model_to_{attribute} WHERE {attribute}_id IN ({top_ids})"
        ).fetchone()[0]
        return Concentration(
            [(str(name), int(n)) for name, _, n in top],
            int(models_with),
            int(in_top),
            int(distinct),
        )

    def ids_by_popularity(self) -> list[str]:
        return [r[0] for r in self.connection.execute(
            "SELECT model_id FROM qc_models ORDER BY downloads DESC, id")]  # fmt: skip

    def typosquat_candidates(self, popular: int) -> tuple[list[tuple[str, str]], int]:
        ids = self.ids_by_popularity()
        return typosquat_candidates(ids, popular), len(ids)

    def downloads_by_registry(self) -> dict[str, np.ndarray]:
        result = {}
        for (hub,) in self.connection.execute(
            "SELECT DISTINCT hub FROM qc_models WHERE downloads IS NOT NULL"
        ):
            rows = self.connection.execute(
                "SELECT downloads FROM qc_models WHERE downloads IS NOT NULL AND hub IS ? ORDER BY downloads DESC",
                [hub],
            )
            result[str(hub)] = np.fromiter((row[0] for row in rows), dtype=np.int64)
        return dict(sorted(result.items()))

    def records(
        self, metric: str | None, task: str | None, hub: str | None, offset: int, limit: int
    ) -> tuple[int, pd.DataFrame]:
        clause, params = record_filter(CONDITIONS.get(metric or ""), task, hub)
        total = self.connection.execute(
            f"SELECT count(*) FROM qc_models WHERE {clause}", params
        ).fetchone()[0]
        frame = pd.read_sql_query(
            f"SELECT * FROM qc_models WHERE {clause} ORDER BY id LIMIT ? OFFSET ?",
            self.connection, params=[*params, limit, offset],
        )  # fmt: skip
        return int(total), frame

    def hubs(self) -> list[str]:
        return [
            r[0]
            for r in self.connection.execute(
                "SELECT DISTINCT hub FROM qc_models WHERE hub IS NOT NULL ORDER BY 1"
            )
        ]

    def tasks(self) -> list[str]:
        return [
            r[0]
            for r in self.connection.execute(
                f"SELECT DISTINCT coalesce(task, '{NO_TASK}') FROM qc_models ORDER BY 1"
            )
        ]


def load(path: Path) -> Loaded:
    """Open a PeaTMOSS SQLite file read-only and check its tables."""
    data = PeatmossData(require_file(path))
    hubs = data.hubs()
    return Loaded(data, data.count(), data.warnings, {"hubs": hubs})
