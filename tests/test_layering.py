"""House rules checked by tests: the allowed imports between packages, and every command has help.

The table below is the architecture (DESIGN.md, "Layering"): store at the bottom; codebook, ingest
and coding above it; agreement, analysis, survey, evidence and exchange above those; cli and ui on
top. Every import counts, wherever it stands (inside a function too) and however it is written
(`importlib.import_module("qualcode.x")` as well). An arrow not in the table fails the test: add it
here only when the design says so.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import pytest

from qualcode.cli import cli

PACKAGE = Path(__file__).resolve().parents[1] / "qualcode"

BASE = {"config", "errors", "validation", "spreadsheet_cells", "latex_text"}  # settings, error
# types and pure text guards (spreadsheet cells, LaTeX escaping): any layer may use them
STORE = BASE | {"store", "project"}  # tables, engine, migrations; the project and its coders
CORE = STORE | {"codebook", "ingest", "coding"}
FEATURES = CORE | {"agreement", "analysis", "survey", "evidence", "exchange", "suggest", "overview",
                   "sample"}  # fmt: skip

# unit (a package, or a module at the top of qualcode) -> the units it may import
ALLOWED: dict[str, set[str]] = {
    "config": set(),
    "errors": set(),
    "validation": {"errors", "yaml_events"},
    "yaml_events": set(),  # YAML values built from parser events, for validation
    "spreadsheet_cells": set(),
    "latex_text": set(),
    "store": {"config", "errors"},
    "project": {"store", "errors"},
    "team": STORE,  # logins, users and the audit log of the team server
    "codebook": STORE,
    "ingest": STORE,
    "coding": STORE | {"codebook", "ingest"},
    "agreement": CORE,
    "analysis": CORE,
    "survey": CORE,
    "evidence": CORE | {"analysis", "survey"},
    "exchange": CORE | {"agreement", "analysis", "survey", "qualcode"},  # qualcode: __version__
    "suggest": CORE | {"agreement", "qualcode"},  # machine suggestions, measured like a coder
    "overview": CORE,
    "sample": CORE | {"survey"},
    "server": BASE,
    "api": FEATURES,
    "__init__": {"api", "errors"},
    "__main__": {"cli"},
    "cli": FEATURES | {"server", "team", "qualcode"},
    "ui": FEATURES | {"server", "team", "qualcode"},
}
# Known arrows against the table, each with the issue that removes it (none left: the .qdc arrow
# from codebook to exchange went with issue 16).
KNOWN: set[tuple[str, str]] = set()
THIRD_PARTY_ONLY_IN = {"streamlit": {"ui"}, "click": {"cli"}}
MODULE_NAME = re.compile(r"^qualcode(\.\w+)*$")


def _unit(path: Path, root: Path) -> str:
    parts = path.relative_to(root).parts
    return parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")


def imported_names(source: str) -> set[str]:
    """Every module a source file imports: import statements anywhere in it, and the string
    literals passed to importlib.import_module / __import__ (or listed in a module that calls
    them, as a table of lazy imports does)."""
    tree = ast.parse(source)
    names: set[str] = set()
    dynamic = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "qualcode":  # from qualcode import store -> qualcode.store
                names.update(f"qualcode.{alias.name}" for alias in node.names)
            else:
                names.add(node.module)
        elif isinstance(node, ast.Call):
            function = node.func
            called = getattr(function, "attr", None) or getattr(function, "id", None)
            dynamic |= called in ("import_module", "__import__")
    if dynamic:
        names.update(
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and MODULE_NAME.match(node.value)
        )
    return names


def _target(name: str, root: Path) -> str | None:
    """The unit a qualcode module name points at ('qualcode' for the package itself)."""
    parts = name.split(".")
    if parts[0] != "qualcode":
        return None
    if len(parts) == 1:
        return "qualcode"
    return (
        parts[1]
        if (root / parts[1]).is_dir() or (root / f"{parts[1]}.py").is_file()
        else "qualcode"
    )


def forbidden_arrows(root: Path) -> list[str]:
    """Each import under `root` that the table does not allow, as 'file: unit -> unit'."""
    found = []
    for path in sorted(root.rglob("*.py")):
        unit = _unit(path, root)
        allowed = ALLOWED.get(unit)
        for name in sorted(imported_names(path.read_text(encoding="utf-8"))):
            top = name.split(".")[0]
            if top in THIRD_PARTY_ONLY_IN and unit not in THIRD_PARTY_ONLY_IN[top]:
                found.append(f"{path.relative_to(root)}: {unit} -> {top}")
            target = _target(name, root)
            if target is None or target == unit or (unit, target) in KNOWN:
                continue
            if allowed is None or target not in allowed:
                found.append(f"{path.relative_to(root)}: {unit} -> {target} ({name})")
    return found


def test_every_import_is_an_arrow_in_the_table():
    assert forbidden_arrows(PACKAGE) == []


def test_every_unit_is_in_the_table():
    units = {_unit(p, PACKAGE) for p in PACKAGE.rglob("*.py")}
    assert units - set(ALLOWED) == set()


def test_known_exceptions_still_exist():
    """A known arrow that is gone must leave the list, so it cannot come back unnoticed."""
    still = set()
    for path in PACKAGE.rglob("*.py"):
        unit = _unit(path, PACKAGE)
        for name in imported_names(path.read_text(encoding="utf-8")):
            if (unit, _target(name, PACKAGE)) in KNOWN:
                still.add((unit, _target(name, PACKAGE)))
    assert still == KNOWN


@pytest.fixture
def package_with(tmp_path):
    """A copy of the package layout with one extra module written into it."""

    def make(relative: str, source: str) -> Path:
        root = tmp_path / "qualcode"
        for unit in ALLOWED:
            if not (PACKAGE / f"{unit}.py").is_file():
                (root / unit).mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(source, encoding="utf-8")
        return root

    return make


@pytest.mark.parametrize(
    "source",
    [
        "import qualcode.ui.coding\n",
        "from qualcode.ui import coding\n",
        "from qualcode import ui\n",
        "def page():\n    from qualcode.ui.coding import page\n    return page\n",
        "import importlib\n\ndef page():\n    return importlib.import_module('qualcode.ui.coding')\n",
        "PAGES = {'code': 'qualcode.ui.coding'}\n\ndef load(n):\n    return __import__(PAGES[n])\n",
    ],
    ids=["import", "from", "from-root", "in-function", "import_module", "__import__-table"],
)
def test_a_core_module_importing_the_ui_fails_the_check(package_with, source):
    root = package_with("coding/sneaky.py", source)
    assert [arrow.split(" (")[0] for arrow in forbidden_arrows(root)] == [
        "coding/sneaky.py: coding -> ui"
    ]


def test_a_core_module_importing_streamlit_or_click_fails_the_check(package_with):
    root = package_with("analysis/chatty.py", "import click\n\ndef f():\n    import streamlit\n")
    assert forbidden_arrows(root) == ["analysis/chatty.py: analysis -> click",
                                      "analysis/chatty.py: analysis -> streamlit"]  # fmt: skip


def test_a_lower_layer_importing_an_upper_one_fails_the_check(package_with):
    root = package_with("store/upward.py", "from qualcode.agreement.compute import run_agreement\n")
    assert forbidden_arrows(root) == [
        "store/upward.py: store -> agreement (qualcode.agreement.compute)"
    ]


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
