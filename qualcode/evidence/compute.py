"""Compute every metric a source can: a metric whose attribute the source lacks is left out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qualcode.evidence.metrics import METRICS, POPULAR, TOP_DOWNLOADS, TOP_K, Metric
from qualcode.evidence.registry_data import RegistryData, Share

CURVE_POINTS = 60


@dataclass
class MetricValue:
    """A computed value: share (value = numerator / denominator), breakdowns and chart series."""

    metric: str
    value: float | None
    numerator: int | None
    denominator: int | None
    by: dict | None = None
    series: dict | None = None


def computable(metric: Metric, kind: str, attributes: frozenset[str]) -> bool:
    """A source computes a metric when its kind can and its file carries the attribute needed."""
    return kind in metric.kinds and metric.needs in attributes


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _split(parts: dict[str, tuple[int, int]]) -> dict[str, dict]:
    return {
        key: {"value": _ratio(n, d), "numerator": n, "denominator": d}
        for key, (n, d) in sorted(parts.items())
    }


def _share_value(metric: str, share: Share, with_task: bool) -> MetricValue:
    by = {}
    if with_task and share.by_task and metric != "missing_task_tag":
        by["task"] = _split(share.by_task)
    if len(share.by_hub) > 1:
        by["hub"] = _split(share.by_hub)
    return MetricValue(
        metric, _ratio(share.numerator, share.denominator), share.numerator, share.denominator,
        by or None,
    )  # fmt: skip


def _concentration_value(metric: str, data: RegistryData, attribute: str) -> MetricValue:
    result = data.concentration(attribute, TOP_K)
    counts = [n for _, n in result.top]
    cumulative = np.cumsum(counts).tolist() if counts else []
    return MetricValue(
        metric,
        _ratio(result.in_top_k, result.models_with),
        result.in_top_k,
        result.models_with,
        {attribute: dict(result.top[:20])},
        {"top": [[v, n] for v, n in result.top], "cumulative": cumulative,
         "distinct": result.distinct, "models_with": result.models_with},
    )  # fmt: skip


def download_curve(downloads: np.ndarray) -> list[list[int]]:
    """(rank, downloads) at log-spaced ranks: enough points for a log-log curve, few to store."""
    if len(downloads) == 0:
        return []
    ranks = np.unique(np.geomspace(1, len(downloads), CURVE_POINTS).astype(int))
    return [[int(r), int(downloads[r - 1])] for r in ranks]


def _download_value(data: RegistryData) -> MetricValue | None:
    registries = data.downloads_by_registry()
    if not registries:
        return None
    by, curves = {}, {}
    for registry, downloads in registries.items():
        total = int(downloads.sum())
        top = int(downloads[:TOP_DOWNLOADS].sum())
        by[registry] = {"value": _ratio(top, total), "numerator": top, "denominator": total,
                        "packages": len(downloads)}  # fmt: skip
        curves[registry] = download_curve(downloads)
    if len(by) > 1:  # no one headline: a single share would read as all registries' (see issue 8)
        return MetricValue("download_concentration", None, None, None, {"registry": by},
                           {"curves": curves})  # fmt: skip
    registry, head = next(iter(by.items()))
    return MetricValue(
        "download_concentration", head["value"], head["numerator"], head["denominator"],
        {"registry": by}, {"curves": curves, "registry": registry},
    )  # fmt: skip


def _typosquat_value(data: RegistryData) -> MetricValue:
    candidates, ids = data.typosquat_candidates(POPULAR)
    return MetricValue(
        "typosquat_candidates", _ratio(len(candidates), ids), len(candidates), ids,
        None, {"candidates": [[c, p] for c, p in candidates[:200]]},
    )  # fmt: skip


def compute_metrics(data: RegistryData, kind: str) -> list[MetricValue]:
    """Every metric this source can compute, in registry order."""
    wanted = [m for m in METRICS if computable(m, kind, data.attributes)]
    share_ids = [m.id for m in wanted if m.shape == "share"]
    shares = data.shares(share_ids)
    with_task = "task" in data.attributes
    values: list[MetricValue] = []
    for metric in wanted:
        if metric.id in shares:
            values.append(_share_value(metric.id, shares[metric.id], with_task))
        elif metric.shape == "concentration":
            values.append(_concentration_value(metric.id, data, metric.needs))
        elif metric.shape == "candidates":
            values.append(_typosquat_value(data))
        elif metric.shape == "downloads":
            value = _download_value(data)
            if value is not None:
                values.append(value)
    return values
