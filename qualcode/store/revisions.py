"""The newest schema revision, read from the migration files without loading Alembic.

Every command checks the database's revision on start; reading nine small files as text keeps that
check instant, and Alembic loads only when there is something to upgrade.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

VERSIONS = Path(__file__).with_name("migrations") / "versions"
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\b[^=\n]*=\s*(.+)$", re.MULTILINE)


@cache
def migration_head() -> str | None:
    """The one revision no other migration builds on; None when there are none or several."""
    revisions, parents = set(), set()
    for path in VERSIONS.glob("*.py"):
        values = dict(_ASSIGNMENT.findall(path.read_text(encoding="utf-8")))
        revisions.add(ast.literal_eval(values["revision"]))
        down = ast.literal_eval(values.get("down_revision", "None"))
        parents.update(down if isinstance(down, tuple | list) else [down])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None
