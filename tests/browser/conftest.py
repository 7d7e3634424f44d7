"""A real `streamlit run` of the app on a free port, and headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from coding_steps import WAIT_MS

from qualcode.server import app_command

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def app_server(tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """Start the app on a database URL; returns its base URL. Servers stop after the test."""
    processes: list[subprocess.Popen] = []

    def start(db_url: str, auth: bool = False, **env_extra: str) -> str:
        port = _free_port()
        env = dict(os.environ, QUALCODE_DB=db_url, **env_extra)
        env.pop("QUALCODE_AUTH", None)
        if auth:  # what `qualcode serve --auth` sets
            env["QUALCODE_AUTH"] = "1"
        command = app_command(port, "127.0.0.1", auth)
        log = open(tmp_path / f"streamlit-{port}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        processes.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError((tmp_path / f"streamlit-{port}.log").read_text())
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return base
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"the app did not start on {base}")

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def chromium():
    """Headless Debian Chromium (installed by scripts/test), driven by Playwright."""
    from playwright.sync_api import sync_playwright

    executable = (
        os.environ.get("QUALCODE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A fresh browser page (own context: no shared cookies or storage)."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)  # a loaded 2-core machine makes steps slower, never red
    yield page
    context.close()
