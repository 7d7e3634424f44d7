"""`qualcode survey ...`: create, draft, open/close, invite, export, summary, Qualtrics import, open answers,
link check."""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.cli.common import db_option, emit, json_option, project_transaction
from qualcode.codebook import store as codebook_store
from qualcode.config import resolve_db_url
from qualcode.exchange.codebook_files import read_codebook_file
from qualcode.server import serve_app
from qualcode.spreadsheet_cells import csv_text
from qualcode.survey.exports import FORMATS, write_export
from qualcode.survey.generate import draft_from_group
from qualcode.survey.instrument import dump_instrument, read_instrument_file
from qualcode.survey.open_answers import answers_to_documents
from qualcode.survey.qualtrics_import import create_from_instrument, import_qualtrics
from qualcode.survey.results import load_results
from qualcode.survey.spss import variable_map_path
from qualcode.survey.summary import survey_summary
from qualcode.survey.surveys import (
    RESPONDENT_PORT,
    RESPONDENT_URL,
    check_links,
    create_invitations,
    create_survey,
    list_surveys,
    require_survey,
    response_counts,
    set_status,
)


@click.group(name="survey")
def survey_group() -> None:
    """Surveys: draft from the codebook, run in the browser, analyse, export, import Qualtrics."""


@survey_group.command("create")
@click.argument("file", type=click.Path(dir_okay=False))
@db_option
@json_option
def create(file: str, db: str | None, as_json: bool) -> None:
    """Create a draft survey from an instrument YAML file."""
    with project_transaction(db) as (session, project):
        instrument = read_instrument_file(file)
        survey = create_survey(session, project, instrument)
        result = {
            "survey": survey.slug,
            "status": survey.status,
            "questions": len(instrument.questions),
        }
    emit(
        result,
        as_json,
        lambda r: f"Created survey '{r['survey']}' ({r['questions']} questions, {r['status']}).",
    )


@survey_group.command("draft")
@click.option(
    "--group",
    "group_key",
    required=True,
    help="Codebook group to draft items from, e.g. challenge.",
)
@click.option(
    "--out", type=click.Path(dir_okay=False), required=True, help="Instrument YAML to write."
)
@click.option("--codebook", "codebook_file", type=click.Path(dir_okay=False),
              help="Draft from this codebook file instead of the project's codebook.")  # fmt: skip
@click.option("--slug", default=None, help="Survey slug (default: from the codebook and group).")
@db_option
def draft(
    group_key: str, out: str, codebook_file: str | None, slug: str | None, db: str | None
) -> None:
    """Draft an instrument: a Likert item per code of a group, plus an optional comment box each."""
    if codebook_file:
        spec = read_codebook_file(codebook_file)
    else:
        with project_transaction(db) as (session, project):
            spec = codebook_store.to_spec(
                session, codebook_store.require_codebook(session, project)
            )
    try:
        instrument = draft_from_group(spec, group_key, slug)
    except Exception as exc:
        raise click.ClickException(str(exc)) from exc
    Path(out).write_text(dump_instrument(instrument), encoding="utf-8")
    click.echo(
        f"Wrote {out}: {len(instrument.questions)} questions from group '{group_key}'. Edit it, then `qualcode survey create {out}`."
    )


def _status_command(name: str, status: str):
    effect = "it takes answers" if status == "open" else "no more answers"

    @survey_group.command(name, help=f"Mark a survey {status} ({effect}).")
    @click.argument("slug")
    @db_option
    def command(slug: str, db: str | None) -> None:
        with project_transaction(db) as (session, project):
            set_status(session, require_survey(session, project, slug), status)
        click.echo(f"Survey '{slug}' is {status}.")

    return command


open_survey = _status_command("open", "open")
close_survey = _status_command("close", "closed")


@survey_group.command("invite")
@click.argument("slug")
@click.option("--n", "count", type=int, required=True, help="Number of one-time invitation tokens.")
@click.option(
    "--out", type=click.Path(dir_okay=False), required=True, help="CSV of tokens and links."
)
@click.option(
    "--base-url",
    default=RESPONDENT_URL,
    show_default=True,
    help="Address respondents open: the respondent-only `qualcode survey serve`, not the main app.",
)
@db_option
def invite(slug: str, count: int, out: str, base_url: str, db: str | None) -> None:
    """Generate one-time tokens and links as CSV (tokens are stored only as hashes)."""
    with project_transaction(db) as (session, project):
        rows = create_invitations(session, require_survey(session, project, slug), count, base_url)
    Path(out).write_text(csv_text(["token", "link"], rows), encoding="utf-8")
    click.echo(
        f"Wrote {len(rows)} invitations to {out}. Keep it safe: tokens cannot be shown again."
    )
    click.echo(
        f"The links expect the respondent-only server at {base_url}: start it with "
        f"`qualcode survey serve` (port {RESPONDENT_PORT} by default), not `qualcode serve`."
    )


@survey_group.command("export")
@click.argument("slug")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True)
@click.option("--out", type=click.Path(dir_okay=False), required=True)
@db_option
def export(slug: str, fmt: str, out: str, db: str | None) -> None:
    """Export the included responses as CSV, XLSX or SPSS .sav (with value labels)."""
    with project_transaction(db) as (session, project):
        results = load_results(session, require_survey(session, project, slug))
        warnings: list[str] = []
        write_export(results, fmt, out, warnings)
    click.echo(f"Wrote {len(results.response_ids)} responses to {out}.")
    if fmt == "sav":
        click.echo(f"Variable map: {variable_map_path(Path(out))}.")
    for warning in warnings:
        click.echo(f"Warning: {warning}")


@survey_group.command("summary")
@click.argument("slug")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "text"]), default="text", show_default=True
)
@db_option
def summary(slug: str, fmt: str, db: str | None) -> None:
    """Per-question results: counts of each option, Likert means, numbers, free text."""
    with project_transaction(db) as (session, project):
        data = survey_summary(load_results(session, require_survey(session, project, slug)))

    def text(d: dict) -> str:
        lines = [f"{d['survey']}: {d['n_responses']} responses ({d['n_excluded']} excluded)"]
        for q in d["questions"]:
            counts = ", ".join(f"{k}: {v}" for k, v in q["counts"].items())
            declined = f"  ({q['n_declined']} declined, excluded)" if q.get("n_declined") else ""
            lines.append(f"  {q['id']} [{q['type']}] n={q['n_answered']}  {counts}{declined}")
        return "\n".join(lines)

    emit(data, fmt == "json", text)


@survey_group.command("list")
@db_option
@json_option
def list_command(db: str | None, as_json: bool) -> None:
    """The project's surveys with their status and response counts."""
    with project_transaction(db) as (session, project):
        data = [
            {"survey": s.slug, "title": s.title, "status": s.status, **response_counts(session, s)}
            for s in list_surveys(session, project)
        ]
    emit(data, as_json, lambda d: "\n".join(
        f"{s['survey']}  {s['status']}  {s['submitted']} submitted, {s['in_progress']} in progress, {s['excluded']} excluded"
        for s in d) or "No surveys yet.")  # fmt: skip


def _unused_lines(unused: dict[str, list[str]]) -> list[str]:
    names = {"metadata": "metadata", "display_order": "display order", "timing": "timing",
             "other_text": '"Other" text of no question', "unmatched": "unmatched (no question)"}  # fmt: skip
    return [
        f"  not imported, {names[reason]}: {len(columns)} ({', '.join(columns[:8])}"
        + (" ...)" if len(columns) > 8 else ")")
        for reason, columns in unused.items()
        if columns
    ]


def _loop_lines(loops: list[dict]) -> list[str]:
    return [
        f"  looped (loop & merge): {loop['question']}, {loop['iterations']} iterations "
        f"({loop['ids'][0]} ... {loop['ids'][-1]})"
        for loop in loops
    ]


def _import_text(r: dict) -> str:
    if "unused_columns" not in r:
        return "\n".join([
            f"Created draft survey '{r['survey']}' with {len(r['questions'])} questions; "
            "import its response exports with the same --survey.",
            *_loop_lines(r["loops"]),
            *(f"warning: {w}" for w in r["warnings"]),
        ])  # fmt: skip
    return "\n".join([
        f"Imported {r['imported']} responses into '{r['survey']}' ({r['excluded']} declined consent, "
        f"{r['duplicates']} already imported, {r['skipped_test_or_preview']} previews/tests skipped; "
        f"header rows: {r['header_rows']}).",
        *_loop_lines(r["loops"]),
        *_unused_lines(r["unused_columns"]),
        *(f"warning: {w}" for w in r["warnings"]),
    ])  # fmt: skip


@survey_group.command("import-qualtrics")
@click.argument("file", type=click.Path(dir_okay=False), required=False)
@click.option(
    "--survey", "slug", required=True, help="Survey slug (created when it does not exist)."
)
@click.option("--instrument", "instrument_file", type=click.Path(dir_okay=False),
              help="Instrument YAML or Qualtrics .qsf that defines the questions and options; "
                   "alone (no FILE) it creates the survey as a draft for later exports.")  # fmt: skip
@click.option("--allow-unmatched", is_flag=True,
              help="Import even when answer columns match no question (they are left out and listed).")  # fmt: skip
@click.option("--header-rows", type=click.IntRange(1, 3), default=None,
              help="Header rows of the export (default: detected; 3 with ImportIds, 2, or 1).")  # fmt: skip
@db_option
@json_option
def import_qualtrics_command(
    file: str | None,
    slug: str,
    instrument_file: str | None,
    allow_unmatched: bool,
    header_rows: int | None,
    db: str | None,
    as_json: bool,
) -> None:
    """Import a Qualtrics response export (CSV, TSV or XLSX, 1 to 3 header rows), or with only
    --instrument FILE.qsf create the survey before any responses exist."""
    if file is None and instrument_file is None:
        raise click.UsageError("give a response export FILE, an --instrument FILE.qsf, or both")
    with project_transaction(db) as (session, project):
        if file is None:
            result = create_from_instrument(session, project, instrument_file, slug)
        else:
            result = import_qualtrics(
                session, project, file, slug, instrument_file,
                allow_unmatched=allow_unmatched, header_rows=header_rows,
            )  # fmt: skip
    emit(result, as_json, _import_text)


@survey_group.command("documents")
@click.argument("slug")
@click.option(
    "--question", "question_id", required=True, help="Text question whose answers to code."
)
@db_option
@json_option
def documents(slug: str, question_id: str, db: str | None, as_json: bool) -> None:
    """Turn a text question's answers into documents (one per answer) to code with the codebook."""
    with project_transaction(db) as (session, project):
        result = answers_to_documents(
            session, project, require_survey(session, project, slug), question_id
        )
    emit(
        result,
        as_json,
        lambda r: f"Created {r['documents']} documents ({r['skipped']} already there or empty).",
    )


@survey_group.command("check")
@click.argument("slug", required=False)
@db_option
@json_option
def check(slug: str | None, db: str | None, as_json: bool) -> None:
    """Check the links between codebook and surveys: codes' survey_items that name no survey
    question, and questions' codes (of SLUG, or of every survey) that name no code. Exits 1 on problems."""
    with project_transaction(db) as (session, project):
        result = check_links(session, project, slug)
    emit(result, as_json, lambda r: "\n".join([
        f"Checked {r['links']} survey_items of {r['codes']} codes and the codes of "
        f"{len(r['surveys'])} survey(s) ({', '.join(r['surveys']) or 'none'}): "
        + (f"{len(r['problems'])} problems." if r["problems"] else "all links hold."),
        *(f"  - {p}" for p in r["problems"]),
    ]))  # fmt: skip
    if result["problems"]:
        raise SystemExit(1)


@survey_group.command("serve")
@click.option("--port", default=RESPONDENT_PORT, show_default=True, type=int)
@click.option("--address", default="localhost", show_default=True)
@db_option
def serve(port: int, address: str, db: str | None) -> None:
    """Start a respondent-only app: every address shows a survey or a notice, never a researcher page."""
    serve_app(resolve_db_url(db), port, address, respondent_only=True)
