"""`qualcode report code-table|matrix|crosstab|cooccurrence|saturation|framework-matrix|workflow`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click
import pandas as pd

from qualcode.analysis import charts
from qualcode.analysis.codings_frame import CoderChoice
from qualcode.analysis.cooccurrence import MODES, cooccurrence_matrix, stored_units
from qualcode.analysis.crosstab import attribute_crosstab
from qualcode.analysis.framework import framework_matrix, framework_sheets
from qualcode.analysis.saturation import ORDERS, read_order_file, saturation
from qualcode.analysis.study import load_study
from qualcode.analysis.tables import (
    COUNT_BY,
    WORKFLOW_GROUP,
    code_counts,
    code_table,
    workflow_view,
)
from qualcode.cli.common import db_option, project_transaction
from qualcode.exchange.charts import write_chart
from qualcode.exchange.tables import ENGINES, FORMATS, format_for, render_table, to_xlsx

CODE_TABLE_JSON = ["code", "name", "participants", "of", "codings", "documents"]


def _remember_assistant(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    ctx.meta["include_assistant"] = value
    return value


def coder_options(command: Callable) -> Callable:
    """--coder C (repeatable) | --consensus | --all-coders (the default)."""
    for option in reversed([
        click.option("--coder", "coders", multiple=True, help="Only this coder's codings (repeatable)."),
        click.option("--consensus", is_flag=True, help="The consensus codings (after reconciliation)."),
        click.option("--all-coders", is_flag=True, help="All coders' codings together (default)."),
        click.option("--include-assistant", is_flag=True, expose_value=False, callback=_remember_assistant,
                     help="With all coders: also the assistant's suggestions (left out by default)."),
    ]):  # fmt: skip
        command = option(command)
    return command


def coder_choice(coders: tuple[str, ...], consensus: bool, all_coders: bool) -> CoderChoice:
    """The choice the flags name; more than one kind is an error."""
    if sum([bool(coders), consensus, all_coders]) > 1:
        raise click.UsageError("choose one of --coder, --consensus or --all-coders")
    context = click.get_current_context(silent=True)
    include = bool(context and context.meta.get("include_assistant"))
    return CoderChoice(coders=tuple(coders), consensus=consensus, include_assistant=include)


def _remember_engine(ctx: click.Context, _param: click.Parameter, value: str) -> str:
    ctx.meta["latex_engine"] = value
    return value


ENGINE_OPTION = click.option(
    "--engine", type=click.Choice(ENGINES), default="pdflatex", show_default=True,
    expose_value=False, callback=_remember_engine,
    help="LaTeX engine the table is for: pdflatex transliterates what its fonts lack (emoji "
    "become [emoji: name]); xelatex keeps every character (needs fontspec).",
)  # fmt: skip


def latex_engine() -> str:
    """The --engine of the running command (pdflatex outside one)."""
    context = click.get_current_context(silent=True)
    return context.meta.get("latex_engine", "pdflatex") if context else "pdflatex"


def table_options(formats: tuple[str, ...] = ("json", *FORMATS)) -> Callable:
    def decorate(command: Callable) -> Callable:
        for option in reversed([
            click.option("--format", "fmt", type=click.Choice(formats), default="json", show_default=True),
            click.option("--out", type=click.Path(dir_okay=False), help="Write to this file instead of standard output."),
            click.option("--caption", help="Table caption (LaTeX, Markdown, HTML)."),
            click.option("--label", help="LaTeX label, e.g. tab:challenges."),
            ENGINE_OPTION,
            click.option("--chart", type=click.Path(dir_okay=False), help="Also write the chart (.png or .svg)."),
        ]):  # fmt: skip
            command = option(command)
        return command

    return decorate


def output(
    data: object,
    frame: pd.DataFrame,
    fmt: str,
    out: str | None,
    caption: str | None,
    label: str | None,
) -> None:
    """JSON data or the table in a format, to a file or standard output."""
    if fmt == "json":
        content = (json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n").encode(
            "utf-8"
        )
    else:
        content = render_table(frame, fmt, caption, label, latex_engine())
    if out:
        Path(out).write_bytes(content)
    elif fmt == "xlsx":
        raise click.UsageError("--format xlsx needs --out FILE.xlsx")
    else:
        click.echo(content.decode("utf-8"), nl=False)


def records(frame: pd.DataFrame) -> list[dict]:
    return json.loads(frame.to_json(orient="records", force_ascii=False))


def run_report(db: str | None, flags: tuple, options: tuple, build: Callable) -> None:
    """Load the study for the coder flags, build (JSON data, table, chart maker), write the outputs.

    `options` are (fmt, out, caption, label, chart); everything happens in one read transaction, so
    a bad file name or format is reported as a clean error."""
    fmt, out, caption, label, chart = options
    with project_transaction(db) as (session, project):
        study = load_study(session, project, coder_choice(*flags))
        data, table, chart_of, default_caption = build(session, study)
        output(data, table, fmt, out, caption or default_caption, label)
        if chart:
            write_chart(chart_of(), chart)


@click.group(name="report")
def report_group() -> None:
    """Paper-ready tables and charts: code tables, matrices, cross-tabs, co-occurrence, saturation."""


@report_group.command("code-table")
@click.option("--group", help="Code group key or name (e.g. challenge); all codes when omitted.")
@click.option(
    "--count",
    type=click.Choice(["participants", "codings"]),
    default="participants",
    show_default=True,
)
@coder_options
@table_options()
@db_option
def code_table_command(
    group, count, coders, consensus, all_coders, fmt, out, caption, label, chart, db
) -> None:
    """Each code: participants who mentioned it (of N), codings, documents, a representative quote."""

    def build(_session, study):
        table = code_table(study, group, sort=count)
        return (
            records(table[CODE_TABLE_JSON]),
            table,
            lambda: charts.code_table_chart(table, count),
            None,
        )

    run_report(db, (coders, consensus, all_coders), (fmt, out, caption, label, chart), build)


@report_group.command("matrix")
@click.option("--by", type=click.Choice(COUNT_BY), default="participant", show_default=True)
@click.option("--presence", is_flag=True, help="1 when the code was applied at all, else 0.")
@click.option("--group", help="Code group key or name.")
@coder_options
@table_options()
@db_option
def matrix_command(
    by, presence, group, coders, consensus, all_coders, fmt, out, caption, label, chart, db
) -> None:
    """Codes x participants (or coders, documents): codings per cell, or presence."""

    def build(_session, study):
        table = code_counts(study, by, group, presence)
        return records(table), table, lambda: charts.matrix_chart(table, by), None

    run_report(db, (coders, consensus, all_coders), (fmt, out, caption, label, chart), build)


@report_group.command("crosstab")
@click.option("--attribute", required=True, help="Participant attribute, e.g. organisation_type.")
@click.option("--group", help="Code group key or name.")
@coder_options
@table_options()
@db_option
def crosstab_command(
    attribute, group, coders, consensus, all_coders, fmt, out, caption, label, chart, db
) -> None:
    """Participants per code by the values of a participant attribute."""

    def build(_session, study):
        table = attribute_crosstab(study, attribute, group)
        return records(table), table, lambda: charts.crosstab_chart(table, attribute), None

    run_report(db, (coders, consensus, all_coders), (fmt, out, caption, label, chart), build)


@report_group.command("cooccurrence")
@click.option("--mode", type=click.Choice(MODES), default="overlap", show_default=True,
              help="overlap: overlapping spans; or codes within the same unit.")  # fmt: skip
@click.option("--group", help="Code group key or name.")
@coder_options
@table_options()
@db_option
def cooccurrence_command(
    mode, group, coders, consensus, all_coders, fmt, out, caption, label, chart, db
) -> None:
    """Code x code co-occurrence counts (diagonal: the code's codings or units)."""

    def build(session, study):
        table = cooccurrence_matrix(study, mode, group, stored_units(session))
        return records(table), table, lambda: charts.cooccurrence_chart(table), None

    run_report(db, (coders, consensus, all_coders), (fmt, out, caption, label, chart), build)


@report_group.command("saturation")
@click.option("--order", default="date", show_default=True,
              help="date, id, or a file with one participant id per line.")  # fmt: skip
@click.option(
    "--k", default=2, show_default=True, type=int, help="Participants without new codes needed."
)
@click.option("--group", help="Only the codes of this group.")
@coder_options
@table_options(("json", "csv", "md", "latex", "html", "xlsx"))
@db_option
def saturation_command(
    order, k, group, coders, consensus, all_coders, fmt, out, caption, label, chart, db
) -> None:
    """Cumulative unique codes by participant in interview order, and where new codes stopped."""
    found: list = []

    def build(_session, study):
        result = saturation(study, order if order in ORDERS else read_order_file(order), k, group)
        found.append(result)
        return (
            result.to_dict(),
            result.rows,
            lambda: charts.saturation_chart(result),
            result.statement,
        )

    run_report(db, (coders, consensus, all_coders), (fmt, out, caption, label, chart), build)
    if fmt != "json" and out:
        click.echo(found[0].statement)


@report_group.command("framework-matrix")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False),
    help="FILE.xlsx (a sheet per group), .csv, .md, .tex or .html (one table).",
)
@click.option("--group", help="Only this group.")
@click.option("--by", type=click.Choice(["code", "group"]), default="code", show_default=True)
@click.option("--caption", help="Table caption (LaTeX, Markdown, HTML).")
@click.option("--label", help="LaTeX label, e.g. tab:framework.")
@ENGINE_OPTION
@coder_options
@db_option
def framework_command(out, group, by, caption, label, coders, consensus, all_coders, db) -> None:
    """Participants x codes, each cell the participant's quotes and memos (XLSX wraps the text)."""
    with project_transaction(db) as (session, project):
        fmt = format_for(out)
        study = load_study(session, project, coder_choice(coders, consensus, all_coders))
        if fmt == "xlsx":
            sheets = (
                framework_sheets(study, group)
                if by == "code"
                else {"Groups": framework_matrix(study, group, by)}
            )
            Path(out).write_bytes(to_xlsx(sheets))
        else:
            table = framework_matrix(study, group, by)
            Path(out).write_bytes(render_table(table, fmt, caption, label, latex_engine()))
    click.echo(f"Wrote {out}.")


@report_group.command("workflow")
@click.option("--group", default=WORKFLOW_GROUP, show_default=True, help="The stage group.")
@coder_options
@table_options()
@db_option
def workflow_command(
    group, coders, consensus, all_coders, fmt, out, caption, label, chart, db
) -> None:
    """The workflow stages in codebook order with participants and quotes per stage."""

    def build(_session, study):
        table = workflow_view(study, group)
        data = records(table.drop(columns=["quote", "description"]))
        return data, table, lambda: charts.workflow_chart(table), None

    run_report(db, (coders, consensus, all_coders), (fmt, out, caption, label, chart), build)
