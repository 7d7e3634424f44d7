"""`qualcode agree`: inter-rater agreement from the stored codings, in any report format."""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.agreement.compute import run_agreement
from qualcode.agreement.data import Selection
from qualcode.agreement.intervals import CI_METHODS
from qualcode.agreement.report import FORMATS, render
from qualcode.agreement.units import UNITS
from qualcode.cli.common import db_option, project_transaction


def _names(value: str | None) -> tuple[str, ...] | None:
    if not value:
        return None
    names = tuple(part.strip() for part in value.split(",") if part.strip())
    return names or None


@click.command()
@click.option(
    "--unit",
    type=click.Choice(UNITS),
    default="document",
    show_default=True,
    help="Unit of analysis.",
)
@click.option("--coders", metavar="A,B,...", help="Coders to compare (default: all but consensus).")
@click.option("--codes", metavar="K1,K2", help="Codes to compare, by key or name (default: all).")
@click.option("--group", metavar="G", help="Compare the codes of one group (key or name).")
@click.option(
    "--min-overlap",
    type=float,
    default=0.0,
    show_default=True,
    help="Share of a segment a span must cover to apply its code (0: any overlap).",
)
@click.option(
    "--bootstrap",
    "resamples",
    type=int,
    default=1000,
    show_default=True,
    help="Bootstrap resamples for alpha's confidence interval (0: none).",
)
@click.option(
    "--ci",
    type=click.Choice(CI_METHODS),
    default="documents",
    show_default=True,
    help="Interval method: percentile bootstrap over documents (the independent clusters) or "
    "over units, or Hayes & Krippendorff's (2007) alpha bootstrap.",
)
@click.option("--seed", type=int, default=None, help="Random seed of the bootstrap (reported).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False), help="Write the report to this file.")
@db_option
def agree(
    unit: str, coders: str | None, codes: str | None, group: str | None, min_overlap: float,
    resamples: int, ci: str, seed: int | None, fmt: str, out: str | None, db: str | None,
) -> None:  # fmt: skip
    """Measure inter-rater agreement (Krippendorff's alpha, kappa, percent, AC1) per code, group and overall."""
    selection = Selection(unit, _names(coders), _names(codes), group, min_overlap)
    with project_transaction(db) as (session, project):
        report = run_agreement(session, project, selection, resamples, seed, ci)
    text = render(report, fmt)
    if out:
        Path(out).write_text(text, encoding="utf-8")
        click.echo(f"Wrote the {fmt} agreement report to {out}.")
    else:
        click.echo(text, nl=False)
