"""Starting the Streamlit app as this process (so stopping `qualcode serve` stops the app)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_SCRIPT = Path(__file__).resolve().parent / "ui" / "entry" / "qualcode_app.py"


def app_command(port: int, address: str) -> list[str]:
    """The `streamlit run` command line: headless, no usage statistics, no development mode."""
    return [
        sys.executable, "-m", "streamlit", "run", str(APP_SCRIPT),
        "--server.port", str(port), "--server.address", address, "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--global.developmentMode", "false",
    ]  # fmt: skip


def serve_app(db_url: str, port: int, address: str, respondent_only: bool = False) -> None:
    """Replace this process with the app on `db_url` (respondent-only shows surveys and nothing else)."""
    env = dict(os.environ, QUALCODE_DB=db_url)
    if respondent_only:
        env["QUALCODE_RESPONDENT_ONLY"] = "1"
    command = app_command(port, address)
    os.execve(sys.executable, command, env)
