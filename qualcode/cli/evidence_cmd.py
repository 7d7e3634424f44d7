"""`qualcode evidence load|metrics|joint|synth`: registry data beside the coded interviews."""

from __future__ import annotations

import json
from pathlib import Path

import click

from qualcode.analysis.codings_frame import CoderChoice
from qualcode.cli.common import db_option, emit, json_option, project_transaction
from qualcode.errors import QualcodeError
from qualcode.evidence import synth
from qualcode.evidence.hf_mapping import MAP_INPUTS, parse_mapping
from qualcode.evidence.joint import joint_display, joint_html, joint_markdown
from qualcode.evidence.metrics import KINDS
from qualcode.evidence.report import metric_rows, rows_csv, rows_markdown
from qualcode.evidence.sources import load_source
from qualcode.project import CONSENSUS_CODER


@click.group(name="evidence")
def evidence_group() -> None:
    """Registry evidence (PTMTorrent, Hugging Face metadata, PeaTMOSS, downloads, model ids)."""


@evidence_group.command("load")
@click.option("--kind", required=True, type=click.Choice(KINDS), help="What the file holds.")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--name", default=None, help="Source name (default: the file name without extension)."
)
@click.option(
    "--synthetic",
    is_flag=True,
    help="Mark the source as synthetic data (files from `evidence synth` are marked anyway).",
)
@click.option(
    "--map",
    "pairs",
    multiple=True,
    metavar="FIELD=COLUMN",
    help="Read a metric input from the file's own column (hf-metadata; repeatable), e.g. "
    f"card=has_modelcard or task=task_category. Inputs: {', '.join(MAP_INPUTS)}.",
)
@db_option
@json_option
def load(
    kind: str,
    path: str,
    name: str | None,
    synthetic: bool,
    pairs: tuple[str, ...],
    db: str | None,
    as_json: bool,
) -> None:
    """Load a registry data file as a named source and compute its metrics (all or nothing)."""
    with project_transaction(db) as (session, project):
        mapping = parse_mapping(pairs)
        source = load_source(session, project, kind, Path(path), name, synthetic, mapping=mapping)
        result = {"source": source.name, "kind": source.kind, "records": source.records,
                  "synthetic": source.synthetic, "warnings": list(source.warnings),
                  "map": mapping}  # fmt: skip
    emit(result, as_json, lambda r: "\n".join(
        [f"Loaded {r['records']:,} records of {r['kind']} as source '{r['source']}'"
         + (" (synthetic data)." if r["synthetic"] else ".")]
        + [f"warning: {w}" for w in r["warnings"]]))  # fmt: skip


@evidence_group.command("metrics")
@click.option("--source", default=None, help="Only this source's metrics.")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv", "md"]), default="json", show_default=True
)
@db_option
def metrics(source: str | None, fmt: str, db: str | None) -> None:
    """Metric values per source, with the study's published reference values beside them."""
    with project_transaction(db) as (session, project):
        rows = metric_rows(session, project, source)
    if fmt == "csv":
        click.echo(rows_csv(rows), nl=False)
    elif fmt == "md":
        click.echo(rows_markdown(rows), nl=False)
    else:
        emit(rows, True)


def _choice(coders: tuple[str, ...]) -> CoderChoice:
    if coders == (CONSENSUS_CODER,):
        return CoderChoice(consensus=True)
    return CoderChoice(coders=tuple(coders))


@evidence_group.command("joint")
@click.option("--group", default="challenge", show_default=True, help="Code group to display.")
@click.option(
    "--coder",
    "coders",
    multiple=True,
    help="Whose codings (repeatable; 'consensus'; default: all coders).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["json", "md", "html"]), default="json", show_default=True
)
@click.option(
    "--out", type=click.Path(dir_okay=False), help="Write to this file instead of standard output."
)
@db_option
def joint(group: str, coders: tuple[str, ...], fmt: str, out: str | None, db: str | None) -> None:
    """The joint display: per code, participants (n of N) with quotes, survey results, metrics."""
    with project_transaction(db) as (session, project):
        display = joint_display(session, project, group, _choice(coders))
    if fmt == "md":
        text = joint_markdown(display)
    elif fmt == "html":
        text = joint_html(display)
    else:
        text = json.dumps(display, indent=2, ensure_ascii=False, default=str) + "\n"
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@evidence_group.command("synth")
@click.option("--kind", required=True, type=click.Choice(["hf-metadata", "peatmoss"]))
@click.option("--n", "n", required=True, type=click.IntRange(1), help="Number of models.")
@click.option("--seed", default=0, show_default=True, type=int)
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="Output file (.jsonl or .parquet for hf-metadata; .db for peatmoss).")  # fmt: skip
@db_option
def synth_command(kind: str, n: int, seed: int, out: str, db: str | None) -> None:
    """Write seeded synthetic registry data (for demos and benchmarks; not real data).

    Only writes the file (the project database is not touched; --db is accepted like everywhere)."""
    try:
        if kind == "peatmoss":
            path = synth.write_peatmoss(Path(out), n, seed)
        else:
            path = synth.write_hf_metadata(Path(out), n, seed)
    except QualcodeError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Wrote {n:,} synthetic {kind} models to {path}.")
