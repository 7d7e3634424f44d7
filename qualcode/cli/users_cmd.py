"""`qualcode users ...`: the accounts of the team server (`qualcode serve --auth`)."""

from __future__ import annotations

import sys

import click

from qualcode.cli.common import db_option, emit, json_option, project_transaction
from qualcode.store.actors import LOGIN_ROLES
from qualcode.store.models import Coder
from qualcode.team import users

role_choice = click.Choice(list(LOGIN_ROLES))
password_stdin_option = click.option(
    "--password-stdin", is_flag=True,
    help="Read the password from the first line of standard input (for scripts) instead of a prompt.",
)  # fmt: skip


def _password(from_stdin: bool) -> str:
    """The new password: one line of stdin, or typed twice at a hidden prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _row(user: Coder) -> dict:
    return {"name": user.name, "role": user.role, "created_at": user.created_at.isoformat()}


@click.group("users")
def users_group() -> None:
    """Accounts for `qualcode serve --auth`: each user is a coder of the project."""


@users_group.command("add")
@click.argument("name")
@click.option("--role", type=role_choice, default="coder", show_default=True,
              help="owner: everything; coder: codes and memos as themself; viewer: reads only.")  # fmt: skip
@password_stdin_option
@db_option
@json_option
def users_add(name: str, role: str, password_stdin: bool, db: str | None, as_json: bool) -> None:
    """Give NAME a login (an existing coder of that name keeps their codings)."""
    password = _password(password_stdin)
    with project_transaction(db) as (session, project):
        user = users.add_user(session, project, name, role, password, actor="")
        result = _row(user)
    emit(result, as_json, lambda r: f"Added user {r['name']} ({r['role']}).")


@users_group.command("list")
@db_option
@json_option
def users_list(db: str | None, as_json: bool) -> None:
    """The users who can log in, with their roles."""
    with project_transaction(db) as (session, project):
        rows = [_row(user) for user in users.list_users(session, project)]
    emit(rows, as_json,
         lambda r: "\n".join(f"{u['name']}\t{u['role']}" for u in r) or "No users yet.")  # fmt: skip


@users_group.command("set-role")
@click.argument("name")
@click.argument("role", type=role_choice)
@db_option
@json_option
def users_set_role(name: str, role: str, db: str | None, as_json: bool) -> None:
    """Change the role of user NAME to ROLE."""
    with project_transaction(db) as (session, project):
        result = _row(users.set_role(session, project, name, role, actor=""))
    emit(result, as_json, lambda r: f"{r['name']} is now a {r['role']}.")


@users_group.command("reset-password")
@click.argument("name")
@password_stdin_option
@db_option
@json_option
def users_reset_password(name: str, password_stdin: bool, db: str | None, as_json: bool) -> None:
    """Set a new password for NAME; their open sessions end."""
    password = _password(password_stdin)
    with project_transaction(db) as (session, project):
        result = _row(users.reset_password(session, project, name, password, actor=""))
    emit(result, as_json, lambda r: f"New password set for {r['name']}; they must log in again.")


@users_group.command("remove")
@click.argument("name")
@db_option
@json_option
def users_remove(name: str, db: str | None, as_json: bool) -> None:
    """Take the login of NAME away; their codings stay in the project."""
    with project_transaction(db) as (session, project):
        result = _row(users.remove_user(session, project, name, actor=""))
    emit(result, as_json, lambda r: f"Removed the login of {r['name']}; their codings stay.")
