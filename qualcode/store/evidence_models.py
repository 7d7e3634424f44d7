"""Registered evidence sources (registry data files) and the metric values computed from them.

Decision: a source's rows stay in its file. The project database keeps what a view needs: the
file's path, sha256, size, record count, load time, warnings, which attributes it carries, and
every metric value computed at load time (with per-task / per-hub breakdowns and chart series).
Records behind a number are read again from the file when asked for (PeaTMOSS through SQLite,
large JSON Lines / Parquet through DuckDB), so millions of rows are never copied here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from qualcode.store.models import utcnow


class EvidenceSource(SQLModel, table=True):
    """One loaded registry data file (PTMTorrent JSON, HF metadata, PeaTMOSS SQLite, ...)."""

    __table_args__ = (UniqueConstraint("project_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    name: str
    kind: str  # ptmtorrent | hf-metadata | peatmoss | downloads | model-ids
    path: str
    sha256: str = ""
    size_bytes: int = Field(default=0, sa_type=BigInteger)
    records: int = 0
    synthetic: bool = False
    loaded_at: datetime = Field(default_factory=utcnow)
    load_seconds: float = 0.0
    warnings: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    attributes: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    meta: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class EvidenceValue(SQLModel, table=True):
    """A metric's value on one source; a metric the source cannot compute has no row."""

    __table_args__ = (UniqueConstraint("source_id", "metric"),)
    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="evidencesource.id", index=True)
    metric: str = Field(index=True)
    value: float | None = None
    numerator: int | None = Field(default=None, sa_type=BigInteger)  # download sums exceed 2**31
    denominator: int | None = Field(default=None, sa_type=BigInteger)
    by: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    series: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    computed_at: datetime = Field(default_factory=utcnow)
