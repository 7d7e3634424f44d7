"""What every command shares: the --db and --json options, one transaction, errors as messages."""

from __future__ import annotations

import getpass
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from qualcode.config import resolve_db_url
from qualcode.errors import QualcodeError

if TYPE_CHECKING:  # the database stack loads when a command opens a transaction, not before
    from sqlmodel import Session

    from qualcode.store.actors import Actor
    from qualcode.store.models import Project

_db_option = click.option(
    "--db", "db", envvar="QUALCODE_DB", default=None, metavar="URL",
    help="Database URL (default: sqlite:///qualcode-data/qualcode.db; env QUALCODE_DB).",
)  # fmt: skip
ACTOR_META = "qualcode.actor"


def _remember_actor(context: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:  # a command's own --actor wins over `qualcode --actor`
        context.meta[ACTOR_META] = value


_actor_option = click.option(
    "--actor", metavar="NAME", expose_value=False, callback=_remember_actor,
    help="Who is acting, recorded in the audit log (default: `qualcode --actor`, QUALCODE_ACTOR or the OS user).",
)  # fmt: skip


def db_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--db URL, and --actor NAME for the audit log: every command on the database has both."""
    return _actor_option(_db_option(command))


json_option = click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")


def os_user() -> str:
    """The operating-system user name, the CLI's actor when --actor is not given."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name and no passwd entry (some containers)
        return "local"


def cli_actor() -> Actor:
    """Who runs this command: `qualcode --actor NAME`, else QUALCODE_ACTOR, else the OS user.

    The CLI holds the database, so it acts as a local owner."""
    from qualcode.store.actors import OWNER, Actor

    context = click.get_current_context(silent=True)
    name = context.meta.get(ACTOR_META) if context is not None else None
    return Actor(name=(name or "").strip() or os_user(), role=OWNER, local=True)


def in_flags(message: str) -> str:
    """A core message with its Python parameter names (`min_overlap`) as this command's flags.

    A name matches an option by its Python name (`resamples` is --bootstrap) or its flag spelled
    in Python (`format` is --format); a name the command does not have stays as it is."""
    context = click.get_current_context(silent=True)
    flags: dict[str, str] = {}
    for param in context.command.params if context else ():
        long = [opt for opt in getattr(param, "opts", ()) if opt.startswith("--")]
        if isinstance(param, click.Option) and long:
            flags[param.name] = long[0]
            flags.update({opt[2:].replace("-", "_"): opt for opt in long})
    return re.sub(r"`(\w+)`", lambda m: flags.get(m.group(1), m.group(0)), message)


@contextmanager
def transaction(db: str | None) -> Iterator[Session]:
    """One transaction for one command; qualcode and database errors become clean CLI errors."""
    from sqlalchemy.exc import OperationalError, SQLAlchemyError

    from qualcode.store import session_scope
    from qualcode.store.actors import bind_actor

    try:
        with session_scope(resolve_db_url(db)) as session:
            bind_actor(session, cli_actor())  # every write of this command records who ran it
            yield session
    except QualcodeError as exc:
        raise click.ClickException(in_flags(str(exc))) from exc
    except OperationalError as exc:
        raise click.ClickException(f"database error ({resolve_db_url(db)}): {exc.orig}") from exc
    except SQLAlchemyError as exc:
        raise click.ClickException(f"database error: {exc}") from exc


@contextmanager
def project_transaction(db: str | None) -> Iterator[tuple[Session, Project]]:
    """A transaction on the database's project; a clear message when there is none."""
    from qualcode.project import current_project

    with transaction(db) as session:
        yield session, current_project(session)


def emit(data: Any, as_json: bool, text: Callable[[Any], str] | None = None) -> None:
    """Print data as JSON, or as text for people."""
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    elif text is not None:
        click.echo(text(data))
    else:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))
