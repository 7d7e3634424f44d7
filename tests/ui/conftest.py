"""AppTest helpers: run one page of the real app against a real database."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


@pytest.fixture
def run_page(monkeypatch):
    """Run `qualcode.ui.<module>.page` (wrapped like in the app) on a database URL."""

    def run(module: str, db_url: str, **session_state) -> AppTest:
        monkeypatch.setenv("QUALCODE_DB", db_url)
        script = (
            "from qualcode.ui.context import guarded\n"
            f"from qualcode.ui.{module} import page\n"
            "guarded(page)()\n"
        )
        app = AppTest.from_string(script, default_timeout=60)
        for key, value in session_state.items():
            app.session_state[key] = value
        return app.run()

    return run
