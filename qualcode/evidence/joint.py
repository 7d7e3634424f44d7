"""The joint display: per code of a group (the challenges), what participants said (n of N, quotes),
what the survey found, and what registry data shows (linked metrics with published references)."""

from __future__ import annotations

from html import escape

import pandas as pd
from sqlmodel import Session

from qualcode.analysis.codings_frame import CoderChoice
from qualcode.analysis.study import load_study
from qualcode.analysis.tables import code_table
from qualcode.codebook import store as codebook_store
from qualcode.evidence.metrics import metrics_for_code
from qualcode.evidence.report import (
    expand_registries,
    format_reference,
    format_value,
    md_cell,
    metric_rows,
)
from qualcode.ingest.participants import natural_key
from qualcode.store.models import Project
from qualcode.survey.joint import survey_results_for_code

QUOTES = 3
LINKED = "Registry data (metrics the codebook links to this code)"
OTHERS = "Other metrics that bear on this code (not linked in the codebook)"
QUOTE_CHARS = 300


def _quotes_by_code(codings: pd.DataFrame, limit: int = QUOTES) -> dict[str, list[dict]]:
    """Per code, up to `limit` quotes, one per participant (natural order): each participant's
    representative passage for the code, chosen as the analysis tables choose one (length
    closest to the median, ties to the earliest document and position), cut to QUOTE_CHARS.
    One pass over all codings (not one pandas filter per code and participant)."""
    spans = codings[codings["quote"].str.strip() != ""]
    if spans.empty:
        return {}
    spans = spans.assign(length=spans["quote"].str.len())
    median = spans.groupby(["code", "who"])["length"].transform("median")
    spans = spans.assign(distance=(spans["length"] - median).abs())
    best = spans.sort_values(["code", "who", "distance", "document_id", "start"])
    best = best.drop_duplicates(["code", "who"])
    quotes: dict[str, list[dict]] = {}
    for code, rows in best.groupby("code", sort=False):
        chosen = sorted(
            zip(rows["who"], rows["quote"], strict=True), key=lambda r: natural_key(r[0])
        )
        for who, quote in chosen[:limit]:
            text = " ".join(quote.split())
            if len(text) > QUOTE_CHARS:
                text = text[: QUOTE_CHARS - 1].rstrip() + "…"
            quotes.setdefault(code, []).append({"participant": who, "text": text})
    return quotes


def joint_display(
    session: Session,
    project: Project,
    group: str = "challenge",
    choice: CoderChoice = CoderChoice(),
) -> dict:
    """{group, coders, rows: [{code, name, participants, of, quotes, survey, metrics, other_metrics}]}:
    participants (n of N) come from the analysis code table, so both always agree. `metrics` are the
    ones the codebook links to the code (the researcher's declaration); `other_metrics` are those the
    metric registry ties to the code that the codebook does not link, shown apart."""
    study = load_study(session, project, choice)
    table = code_table(study, group, sort="codebook")
    links = {
        c.key: list(c.evidence)
        for c in codebook_store.codes(session, codebook_store.require_codebook(session, project))
    }
    values = expand_registries(metric_rows(session, project))
    quotes = _quotes_by_code(study.codings)
    rows = []
    for code in table.itertuples():
        linked, others = [], []
        for metric in metrics_for_code(code.code, links.get(code.code, [])):
            is_linked = metric.id in links.get(code.code, [])
            for row in (r for r in values if r["metric"] == metric.id):
                (linked if is_linked else others).append({
                    "metric": metric.id, "title": metric.title, "value": row["value"],
                    "source": row["source"], "synthetic": row["synthetic"],
                    "numerator": row["numerator"], "denominator": row["denominator"],
                    "linked": is_linked, "reference": row["reference"],
                })  # fmt: skip
        rows.append({
            "code": code.code, "name": code.name, "participants": int(code.participants),
            "of": int(code.of), "quotes": quotes.get(code.code, []),
            "survey": survey_results_for_code(session, project, code.code), "metrics": linked,
            "other_metrics": others,
        })  # fmt: skip
    return {"group": group, "coders": choice.label, "rows": rows}


def _metric_line(metric: dict) -> str:
    source = metric["source"] or "no loaded source computes it"
    if metric["synthetic"]:
        source += ", synthetic data"
    count = (f" ({metric['numerator']:,} of {metric['denominator']:,})"
             if metric["denominator"] is not None else "")  # fmt: skip
    reference = format_reference(metric["reference"])
    return (f"{metric['title']} (`{metric['metric']}`): {format_value(metric['value'])}{count} "
            f"[{source}]" + (f"; {reference}" if reference else ""))  # fmt: skip


def _survey_line(item: dict) -> str:
    share = f"{item['top_share']:.0%}" if item.get("top_share") is not None else "—"
    tops = ", ".join(map(str, item.get("top_categories") or []))
    return (f"{item.get('survey', '')} {item.get('question', '')}: {item.get('text', '')} — "
            f"{share} {tops} (n = {item.get('n_answered', '?')})")  # fmt: skip


def _citations(display: dict) -> list[str]:
    return sorted(
        {
            m["reference"]["citation"]
            for r in display["rows"]
            for m in (*r["metrics"], *r.get("other_metrics", []))
            if m["reference"]
        }
    )


def joint_markdown(display: dict) -> str:
    """The joint display as Markdown (one section per code)."""
    lines = [f"# Joint display: {md_cell(display['group'])} ({md_cell(display['coders'])})", ""]
    for row in display["rows"]:
        lines += [f"## {md_cell(row['name'])} (`{row['code']}`)", "",
                  f"**Interviews:** {row['participants']} of {row['of']} participants", ""]  # fmt: skip
        lines += [f"> {md_cell(q['text'])} — {md_cell(q['participant'])}" for q in row["quotes"]]
        lines += ["", "**Survey:** " + ("" if row["survey"] else "no linked survey results")]
        lines += [f"- {md_cell(_survey_line(s))}" for s in row["survey"]]
        lines += ["", f"**{LINKED}:**" + ("" if row["metrics"] else " none")]
        lines += [f"- {md_cell(_metric_line(m))}" for m in row["metrics"]]
        if row.get("other_metrics"):
            lines += ["", f"*{OTHERS}:*"]
            lines += [f"- {md_cell(_metric_line(m))}" for m in row["other_metrics"]]
        lines.append("")
    lines += [f"Published references: {c}." for c in _citations(display)]
    return "\n".join(lines) + "\n"


def joint_html(display: dict) -> str:
    """The joint display as a self-contained HTML page (all user text escaped)."""
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><title>Joint display</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}blockquote{color:#444;"
        "border-left:3px solid #ccc;margin:.4em 0;padding-left:.8em}</style></head><body>",
        f"<h1>Joint display: {escape(display['group'])} ({escape(display['coders'])})</h1>",
    ]
    for row in display["rows"]:
        parts.append(f"<section><h2>{escape(row['name'])} <code>{escape(row['code'])}</code></h2>")
        parts.append(f"<p><b>Interviews:</b> {row['participants']} of {row['of']} participants</p>")
        parts += [f"<blockquote>{escape(q['text'])} — {escape(q['participant'])}</blockquote>"
                  for q in row["quotes"]]  # fmt: skip
        survey = "".join(f"<li>{escape(_survey_line(s))}</li>" for s in row["survey"])
        parts.append(
            f"<p><b>Survey:</b></p><ul>{survey}</ul>"
            if survey
            else "<p><b>Survey:</b> no linked survey results</p>"
        )
        metrics = "".join(f"<li>{escape(_metric_line(m))}</li>" for m in row["metrics"])
        parts.append(f"<p><b>{LINKED}:</b></p><ul>{metrics}</ul>" if metrics
                     else f"<p><b>{LINKED}:</b> none</p>")  # fmt: skip
        others = "".join(
            f"<li>{escape(_metric_line(m))}</li>" for m in row.get("other_metrics", [])
        )
        parts.append((f"<p><i>{OTHERS}:</i></p><ul>{others}</ul>" if others else "") + "</section>")
    parts += [
        f"<p><small>Published references: {escape(c)}.</small></p>" for c in _citations(display)
    ]
    parts.append("</body></html>")
    return "\n".join(parts)
