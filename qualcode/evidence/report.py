"""Metric values as rows (the `evidence metrics` contract), with published references beside them,
and the same rows as CSV or Markdown."""

from __future__ import annotations

import csv
import io
import json

from sqlmodel import Session

from qualcode.evidence.metrics import BY_ID, METRICS, Metric
from qualcode.evidence.sources import stored_values
from qualcode.store.models import Project


def _reference(metric: Metric) -> dict | None:
    return metric.reference.as_dict() if metric.reference else None


def metric_rows(session: Session, project: Project, source: str | None = None) -> list[dict]:
    """One row per (metric, source that computes it); with no source filter, reference-only
    metrics and metrics no loaded source computes appear once with source and value null."""
    rows, computed = [], set()
    for src, value in stored_values(session, project, source):
        metric = BY_ID.get(value.metric)
        if metric is None:
            continue
        computed.add(metric.id)
        rows.append({
            "metric": metric.id, "title": metric.title, "definition": metric.definition,
            "codes": list(metric.codes), "source": src.name, "synthetic": src.synthetic, "value": value.value,
            "numerator": value.numerator, "denominator": value.denominator, "by": value.by,
            "reference": _reference(metric),
        })  # fmt: skip
    if source is None:
        for metric in METRICS:
            if metric.id not in computed:
                rows.append({
                    "metric": metric.id, "title": metric.title, "definition": metric.definition,
                    "codes": list(metric.codes), "source": None, "synthetic": False, "value": None, "numerator": None,
                    "denominator": None, "by": None, "reference": _reference(metric),
                })  # fmt: skip
    order = {m.id: i for i, m in enumerate(METRICS)}
    return sorted(rows, key=lambda r: (order[r["metric"]], r["source"] or ""))


def expand_registries(rows: list[dict]) -> list[dict]:
    """Rows with one row per registry in place of a row whose value is split by registry only
    (download concentration over npm, PyPI and Hugging Face): "source · registry", that share."""
    expanded = []
    for row in rows:
        registries = (row.get("by") or {}).get("registry")
        if row["value"] is not None or not registries:
            expanded.append(row)
            continue
        expanded += [{**row, "source": f"{row['source']} · {name}", "value": part["value"],
                      "numerator": part["numerator"], "denominator": part["denominator"]}
                     for name, part in registries.items()]  # fmt: skip
    return expanded


def format_value(value: float | None) -> str:
    """A share as a percentage; null as an em dash (not computed)."""
    if value is None:
        return "—"
    return f"{value:.2%}"


def format_reference(reference: dict | None) -> str:
    return f"{reference['display']} ({reference['note']}; published)" if reference else ""


def rows_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["metric", "title", "codes", "source", "synthetic", "value", "numerator",
                     "denominator", "by", "reference", "reference_citation"])  # fmt: skip
    for r in rows:
        ref = r["reference"] or {}
        writer.writerow([r["metric"], r["title"], ";".join(r["codes"]), r["source"] or "",
                         r["synthetic"], "" if r["value"] is None else r["value"],
                         "" if r["numerator"] is None else r["numerator"],
                         "" if r["denominator"] is None else r["denominator"],
                         json.dumps(r["by"]) if r["by"] else "", ref.get("display", ""),
                         ref.get("citation", "")])  # fmt: skip
    return out.getvalue()


def md_cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def rows_markdown(rows: list[dict]) -> str:
    lines = [
        "| metric | source | value | n / N | published reference |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in expand_registries(rows):
        source = r["source"] or "(no source)"
        if r["synthetic"]:
            source += " (synthetic)"
        count = f"{r['numerator']:,} / {r['denominator']:,}" if r["denominator"] is not None else ""
        lines.append(
            f"| {md_cell(r['title'])} (`{r['metric']}`) | {md_cell(source)} | "
            f"{format_value(r['value'])} | {count} | {md_cell(format_reference(r['reference']))} |"
        )
    citations = sorted({r["reference"]["citation"] for r in rows if r["reference"]})
    if citations:
        lines += ["", *(f"Published references: {c}." for c in citations)]
    return "\n".join(lines) + "\n"


def series_by_source(session: Session, project: Project, metric: str) -> dict[str, dict]:
    """The stored chart series of one metric, by source name."""
    return {
        source.name: value.series
        for source, value in stored_values(session, project)
        if value.metric == metric and value.series
    }
