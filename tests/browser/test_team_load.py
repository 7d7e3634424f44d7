"""Ten coders at once on the PostgreSQL team server for 60 s: every confirmed save is stored under
its coder, no page shows an error."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from coding_sessions import run_sessions
from load_study import CODE_FILTER, build_load_study
from sqlmodel import select

from qualcode.coding.codings import live_codings
from qualcode.store import session_scope
from qualcode.store.models import Coder

pytestmark = [pytest.mark.browser, pytest.mark.postgres]
CODERS, SECONDS = 10, 60


def test_ten_coders_for_a_minute_on_postgresql(pg_url, tmp_path: Path, app_server):
    logins = build_load_study(pg_url, tmp_path, CODERS)
    base = app_server(pg_url, auth=True)
    chromium = os.environ.get("QUALCODE_CHROMIUM") or shutil.which("chromium")
    results = run_sessions(chromium, base, logins, CODE_FILTER, SECONDS)
    assert [r.errors for r in results] == [[] for _ in results]
    with session_scope(pg_url) as session:
        names = {c.id: c.name for c in session.exec(select(Coder)).all()}
        stored = {name: 0 for name in logins}
        for coding in live_codings(session):
            stored[names[coding.coder_id]] += 1
    assert stored == {r.coder: len(r.saves) for r in results}
    assert all(len(r.saves) >= 1 for r in results)
