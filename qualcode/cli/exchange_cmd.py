"""`qualcode export qdpx`, `qualcode backup|restore`, `qualcode package`."""

from __future__ import annotations

import click


@click.group(name="export")
def export_group() -> None:
    """Export the project for other tools (REFI-QDA .qdpx)."""


def register(cli: click.Group) -> None:
    cli.add_command(export_group)
