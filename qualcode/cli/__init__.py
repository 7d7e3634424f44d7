"""The `qualcode` command: each subcommand is a thin wrapper over one library function.

Commands load lazily: `qualcode --help`, `--version` and every command import only what they use,
so a shell loop calling qualcode per file does not pay for pandas, altair and the agreement stack
each time. The table below is the one place a command is registered.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from qualcode import __version__
from qualcode.cli.common import ACTOR_META

# name -> (module:attribute under qualcode.cli, the summary `qualcode --help` shows).
# Adding a command is one line here; tests/cli/test_lazy_cli.py checks that each summary is the
# first sentence of the command's own help.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("project_cmd:init", "Create the project (no codes unless a codebook is given)."),
    "demo": ("project_cmd:demo", "Load the sample PTM reuse study (codebook, transcripts, demographics, two coders, a survey with synthetic responses, synthetic registry data)."),
    "status": ("project_cmd:status", "Show what the project holds."),
    "serve": ("project_cmd:serve", "Start the app in the browser (Streamlit)."),
    "import": ("import_cmd:import_group", "Import transcripts, demographics and other study data."),
    "codebook": ("codebook_cmd:codebook_group", "Import, export and inspect the codebook."),
    "codings": ("codings_cmd:codings_group", "Import and export codings as CSV."),
    "search": ("coding_cmd:search_command", "Search all transcripts; print hits in context (keyword in context), optionally code them."),
    "retrieve": ("coding_cmd:retrieve_command", "Every coded quote of the given codes (keys or names) with its context."),
    "memo": ("coding_cmd:memo_group", "Write and list memos (on the project, a document or a code)."),
    "blind": ("coding_cmd:blind_command", "Switch blind coding: each coder sees only their own codings until reconciliation opens."),
    "speakers": ("speakers_cmd:speakers_group", "List and correct a document's speakers and their roles."),
    "deid": ("deid_cmd:deid_group", "Find personal data, review the proposed pseudonyms, then replace them in the text."),
    "agree": ("agree_cmd:agree", "Measure inter-rater agreement (Krippendorff's alpha, kappa, percent, AC1) per code, group and overall."),
    "survey": ("survey_cmd:survey_group", "Surveys: draft from the codebook, run in the browser, analyse, export, import Qualtrics."),
    "evidence": ("evidence_cmd:evidence_group", "Registry evidence (PTMTorrent, Hugging Face metadata, PeaTMOSS, downloads, model ids)."),
    "report": ("report_cmd:report_group", "Paper-ready tables and charts: code tables, matrices, cross-tabs, co-occurrence, saturation."),
    "export": ("exchange_cmd:export_group", "Export the project for other tools (REFI-QDA .qdpx)."),
    "backup": ("exchange_cmd:backup_command", "Save everything the database holds (incl. audit trail and codebook versions) to a zip; the de-identification mapping only with --include-mapping."),
    "restore": ("exchange_cmd:restore_command", "Restore a backup into an empty database (all rows or none)."),
    "package": ("exchange_cmd:package_command", "Build the study artifact: codebook, codings, every table and chart, README with commands."),
    "suggest": ("suggest_cmd:suggest_group", "Code suggestions from a local model trained on the project's own codings."),
    "users": ("users_cmd:users_group", "Accounts for `qualcode serve --auth`: each user is a coder of the project."),
}  # fmt: skip


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use; the listing reads the table's summaries."""

    def __init__(self, *args, lazy: dict[str, tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*self.lazy, *(name for name in super().list_commands(ctx) if name not in self.lazy)]

    def get_command(self, ctx: click.Context | None, name: str) -> click.Command | None:
        if name not in self.commands and name in self.lazy:
            module, attribute = self.lazy[name][0].split(":")
            command = getattr(importlib.import_module(f"qualcode.cli.{module}"), attribute)
            self.add_command(command, name)
        return self.commands.get(name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the table, so `--help` imports no command module."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))
        rows = []
        for name in names:
            if name in self.lazy and name not in self.commands:
                summary = click.Command(name, help=self.lazy[name][1])
                rows.append((name, summary.get_short_help_str(limit)))
            else:
                rows.append((name, self.get_command(ctx, name).get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="qualcode")
@click.option(
    "--actor", envvar="QUALCODE_ACTOR", metavar="NAME",
    help="Who is acting, recorded in the audit log (default: your OS user name; env QUALCODE_ACTOR).",
)  # fmt: skip
@click.pass_context
def cli(context: click.Context, actor: str | None) -> None:
    """qualcode: interview studies end to end (import, code, agree, report)."""
    context.meta[ACTOR_META] = actor


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
