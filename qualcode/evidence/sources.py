"""Registered sources: load a file, compute its metrics, store both in one transaction; read them back."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from sqlmodel import Session, delete, select

from qualcode.errors import NotFoundError, ValidationError
from qualcode.evidence import downloads, hf_metadata, model_ids, peatmoss, ptmtorrent, synth
from qualcode.evidence.compute import MetricValue, compute_metrics
from qualcode.evidence.loaded import Loaded
from qualcode.evidence.metrics import KINDS
from qualcode.evidence.registry_data import RegistryData
from qualcode.store import audit
from qualcode.store.evidence_models import EvidenceSource, EvidenceValue
from qualcode.store.models import Project

LOADERS: dict[str, Callable[[Path], Loaded]] = {
    "ptmtorrent": ptmtorrent.load,
    "hf-metadata": hf_metadata.load,
    "peatmoss": peatmoss.load,
    "downloads": downloads.load,
    "model-ids": model_ids.load,
}


def file_sha256(path: Path) -> str:
    """The file's sha256, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _signature(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


Mapping = tuple[tuple[str, str], ...]  # (input, column) pairs of `evidence load --map`


@lru_cache(maxsize=4)
def _cached_load(kind: str, path: str, signature: tuple[int, int], mapping: Mapping) -> Loaded:
    if mapping:
        return hf_metadata.load(Path(path), dict(mapping))
    return LOADERS[kind](Path(path))


@lru_cache(maxsize=4)
def _cached_metrics(
    kind: str, path: str, signature: tuple[int, int], mapping: Mapping
) -> tuple[MetricValue, ...]:
    return tuple(compute_metrics(_cached_load(kind, path, signature, mapping).data, kind))


def _checked(kind: str, path: Path, mapping: dict[str, str] | None) -> tuple[Path, Mapping]:
    if kind not in LOADERS:
        raise ValidationError(
            f"unknown evidence kind '{kind}' (expected one of {', '.join(KINDS)})"
        )
    if mapping and kind != "hf-metadata":
        raise ValidationError(
            f"a column mapping applies to Hugging Face metadata (hf-metadata), not to {kind}"
        )
    path = path.resolve()
    if not path.is_file():
        raise ValidationError(f"{path}: file not found")
    return path, tuple(sorted((mapping or {}).items()))


def source_metrics(
    kind: str, path: Path, mapping: dict[str, str] | None = None
) -> list[MetricValue]:
    """Every metric the file supports; computed once per process while the file is unchanged."""
    path, pairs = _checked(kind, path, mapping)
    return list(_cached_metrics(kind, str(path), _signature(path), pairs))


def parse_source(kind: str, path: Path, mapping: dict[str, str] | None = None) -> Loaded:
    """The parsed file (kept in memory per process while the file is unchanged); `mapping` reads
    metric inputs from the file's own columns (hf-metadata only, see hf_mapping)."""
    path, pairs = _checked(kind, path, mapping)
    return _cached_load(kind, str(path), _signature(path), pairs)


def load_source(
    session: Session,
    project: Project,
    kind: str,
    path: Path,
    name: str | None = None,
    synthetic: bool = False,
    actor: str = "",
    mapping: dict[str, str] | None = None,
) -> EvidenceSource:
    """Load a file as a named source (replacing a source of that name) with all its metric values;
    it is labelled synthetic when asked to or when the file carries the `synth` marker. A column
    mapping is kept with the source (in `meta["map"]`) and used whenever the file is read again."""
    started = time.perf_counter()
    loaded = parse_source(kind, path, mapping)
    values = source_metrics(kind, path, mapping)
    seconds = time.perf_counter() - started
    path = path.resolve()
    name = (name or path.stem).strip()
    if not name:
        raise ValidationError("a source name must not be empty")
    source = find_source(session, project, name)
    if source is None:
        source = EvidenceSource(project_id=project.id, name=name, kind=kind, path=str(path))
    else:
        session.exec(delete(EvidenceValue).where(EvidenceValue.source_id == source.id))
    source.kind, source.path = kind, str(path)
    source.sha256, source.size_bytes = file_sha256(path), path.stat().st_size
    source.records, source.load_seconds = loaded.records, round(seconds, 3)
    source.warnings = list(loaded.warnings)
    source.synthetic = synthetic or synth.is_synthetic(path)
    source.attributes = sorted(loaded.data.attributes)
    source.meta = {**loaded.meta, "hubs": loaded.data.hubs(), "tasks": loaded.data.tasks()}
    session.add(source)
    session.flush()
    for value in values:
        session.add(EvidenceValue(source_id=source.id, metric=value.metric, value=value.value,
                                  numerator=value.numerator, denominator=value.denominator,
                                  by=value.by, series=value.series))  # fmt: skip
    audit.record(session, "evidence.load", project_id=project.id, actor=actor,
                 entity="evidencesource", entity_id=source.id, name=name, kind=kind,
                 path=str(path), records=loaded.records, metrics=len(values),
                 map=dict(mapping or {}))  # fmt: skip
    return source


def find_source(session: Session, project: Project, name: str) -> EvidenceSource | None:
    return session.exec(
        select(EvidenceSource).where(
            EvidenceSource.project_id == project.id, EvidenceSource.name == name
        )
    ).first()


def get_source(session: Session, project: Project, name: str) -> EvidenceSource:
    """The source called `name`; NotFoundError lists the loaded ones."""
    source = find_source(session, project, name)
    if source is None:
        names = [s.name for s in list_sources(session, project)]
        raise NotFoundError(f"no evidence source '{name}' (loaded: {', '.join(names) or 'none'})")
    return source


def list_sources(session: Session, project: Project) -> list[EvidenceSource]:
    return list(session.exec(
        select(EvidenceSource).where(EvidenceSource.project_id == project.id).order_by(EvidenceSource.name)
    ))  # fmt: skip


def stored_values(
    session: Session, project: Project, source: str | None = None
) -> list[tuple[EvidenceSource, EvidenceValue]]:
    """(source, value) pairs of the project, for one source or all."""
    query = (
        select(EvidenceSource, EvidenceValue)
        .join(EvidenceValue, EvidenceValue.source_id == EvidenceSource.id)
        .where(EvidenceSource.project_id == project.id)
        .order_by(EvidenceSource.name, EvidenceValue.id)
    )
    if source is not None:
        query = query.where(EvidenceSource.id == get_source(session, project, source).id)
    return list(session.exec(query))


def source_data(source: EvidenceSource) -> RegistryData:
    """The source's data, read again from its file (which must be unchanged) for records and filters."""
    path = Path(source.path)
    if not path.is_file():
        raise NotFoundError(
            f"{path}: the file of evidence source '{source.name}' is gone; load it again"
        )
    if path.stat().st_size != source.size_bytes:
        raise ValidationError(
            f"{path}: the file changed since source '{source.name}' was loaded; load it again"
        )
    return parse_source(source.kind, path, (source.meta or {}).get("map")).data


def filtered_share(
    source: EvidenceSource, metric: str, task: str | None, hub: str | None
) -> tuple[int, int]:
    """(numerator, denominator) of a share metric among the models of one task and/or hub."""
    data = source_data(source)
    numerator, _ = data.records(metric, task, hub, 0, 0)
    denominator, _ = data.records(None, task, hub, 0, 0)
    return numerator, denominator
