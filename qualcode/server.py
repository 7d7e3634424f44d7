"""Starting the Streamlit app as this process (so stopping `qualcode serve` stops the app)."""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path

APP_SCRIPT = Path(__file__).resolve().parent / "ui" / "entry" / "qualcode_app.py"
TEAM_SCRIPT = APP_SCRIPT.with_name("team_server.py")  # the app plus the login-cookie routes
LOOPBACK_NAMES = ("localhost",)


def is_loopback(address: str) -> bool:
    """Whether `address` only accepts connections from this machine (127.0.0.0/8, ::1)."""
    if address.strip().lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def app_command(port: int, address: str, auth: bool = False) -> list[str]:
    """The `streamlit run` command line: headless, no usage statistics, no development mode."""
    return [
        sys.executable, "-m", "streamlit", "run", str(TEAM_SCRIPT if auth else APP_SCRIPT),
        "--server.port", str(port), "--server.address", address, "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--global.developmentMode", "false",
    ]  # fmt: skip


def serve_app(
    db_url: str, port: int, address: str, respondent_only: bool = False, auth: bool = False
) -> None:
    """Replace this process with the app on `db_url` (respondent-only shows surveys and nothing
    else; `auth` asks everyone to log in, see qualcode.team)."""
    env = dict(os.environ, QUALCODE_DB=db_url)
    env.pop("QUALCODE_AUTH", None)
    if respondent_only:
        env["QUALCODE_RESPONDENT_ONLY"] = "1"
    if auth:
        env["QUALCODE_AUTH"] = "1"
    command = app_command(port, address, auth)
    os.execve(sys.executable, command, env)
