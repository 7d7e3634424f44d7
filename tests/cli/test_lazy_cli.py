"""The command line starts at once: `--help`, `--version` and `status` load no heavy stack
(bench/cli.py times them)."""

import subprocess
import sys

import pytest

from qualcode.cli import COMMANDS, cli

HEAVY = ("pandas", "numpy", "altair", "sqlalchemy", "sqlmodel", "alembic", "krippendorff", "spacy")


def loaded_after(*args: str) -> set[str]:
    """Top-level packages of HEAVY a fresh interpreter holds after running `qualcode ARGS`."""
    script = (
        "import sys\nfrom qualcode.cli import cli\n"
        f"try:\n    cli({list(args)!r}, prog_name='qualcode')\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    return set(run.stdout.split()) & set(HEAVY)


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("report", "--help")])
def test_help_and_version_import_no_heavy_stack(args):
    heavy = loaded_after(*args)
    if args == ("report", "--help"):  # a group's help loads that group's module only
        assert "pandas" in heavy and "spacy" not in heavy
    else:
        assert heavy == set()


def test_status_of_an_sqlite_study_imports_no_database_stack(demo_url):
    assert loaded_after("status", "--db", demo_url) == set()


def test_help_lists_every_command_with_its_summary():
    run = subprocess.run(
        [sys.executable, "-m", "qualcode.cli", "--help"], capture_output=True, text=True, timeout=60
    )
    listed = [
        line.split()[0] for line in run.stdout.split("Commands:")[1].splitlines() if line.strip()
    ]
    assert listed == list(COMMANDS)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_summary_is_the_commands_first_sentence(name):
    command = cli.get_command(None, name)
    assert command.name == name
    assert command.get_short_help_str(limit=10_000) == COMMANDS[name][1]
