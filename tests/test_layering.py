"""House rules checked by tests: nothing below the UI imports streamlit; every command has help."""

import ast
from pathlib import Path

import click
import pytest

from qualcode.cli import cli

PACKAGE = Path(__file__).resolve().parents[1] / "qualcode"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


CORE_MODULES = [p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts]


@pytest.mark.parametrize("path", CORE_MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_module_does_not_import_streamlit(path):
    assert "streamlit" not in _imports(path)


def _commands(group: click.Group, prefix: str = ""):
    for name in group.list_commands(None):
        command = group.get_command(None, name)
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")


@pytest.mark.parametrize(
    ("name", "command"), list(_commands(cli)), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_command_has_help(name, command):
    assert command.help and command.help.strip(), f"`qualcode {name}` has no help text"


def test_every_top_level_command_is_in_the_readme():
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    missing = [name for name in cli.list_commands(None) if f"qualcode {name}" not in readme]
    assert not missing, f"README does not show: {missing}"


LEAF_COMMANDS = [
    (name, command) for name, command in _commands(cli) if not isinstance(command, click.Group)
]


@pytest.mark.parametrize(
    ("name", "command"), LEAF_COMMANDS, ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_command_accepts_db(name, command):
    assert "db" in {p.name for p in command.params}, f"`qualcode {name}` has no --db option"
