"""The `qualcode` command: each subcommand is a thin wrapper over one library function."""

from __future__ import annotations

import os
import sys

import click

from qualcode import __version__
from qualcode.cli import (
    agree_cmd,
    codebook_cmd,
    coding_cmd,
    codings_cmd,
    deid_cmd,
    evidence_cmd,
    exchange_cmd,
    import_cmd,
    project_cmd,
    report_cmd,
    speakers_cmd,
    suggest_cmd,
    survey_cmd,
    users_cmd,
)
from qualcode.cli.common import ACTOR_META

COMMAND_MODULES = (
    project_cmd,
    import_cmd,
    codebook_cmd,
    codings_cmd,
    coding_cmd,
    speakers_cmd,
    deid_cmd,
    agree_cmd,
    survey_cmd,
    evidence_cmd,
    report_cmd,
    exchange_cmd,
    suggest_cmd,
    users_cmd,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="qualcode")
@click.option(
    "--actor", envvar="QUALCODE_ACTOR", metavar="NAME",
    help="Who is acting, recorded in the audit log (default: your OS user name; env QUALCODE_ACTOR).",
)  # fmt: skip
@click.pass_context
def cli(context: click.Context, actor: str | None) -> None:
    """qualcode: interview studies end to end (import, code, agree, report)."""
    context.meta[ACTOR_META] = actor


for module in COMMAND_MODULES:
    module.register(cli)


def main() -> None:
    """Run the command; a failure nobody foresaw is still one line, not a traceback
    (QUALCODE_DEBUG=1 shows the traceback)."""
    try:
        cli(prog_name="qualcode")
    except (MemoryError, RecursionError, Exception) as exc:  # click's own exits are SystemExit
        if os.environ.get("QUALCODE_DEBUG"):
            raise
        reason = "out of memory" if isinstance(exc, MemoryError) else f"{type(exc).__name__}: {exc}"
        click.echo(f"Error: unexpected failure ({reason}); the failing step was rolled back "
                   "(set QUALCODE_DEBUG=1 to see the traceback)", err=True)  # fmt: skip
        sys.exit(1)
