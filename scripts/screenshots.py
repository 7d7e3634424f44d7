"""Retake the README tour screenshots (docs/screenshots/*.png) on the demo study, in headless Chromium.

Run: .venv/bin/python scripts/screenshots.py   (needs Playwright and /usr/bin/chromium, as the browser tests)
Each shot waits on the page's own state (its heading, the transcript, a table), never a fixed sleep.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

from qualcode.sample import load_sample_study
from qualcode.server import app_command
from qualcode.store import session_scope

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app && app.dataset.testScriptState !== 'running'
    && !document.querySelector('[data-stale="true"]')
    && !document.querySelector('[data-testid="stSkeleton"]');
}"""
WAIT_MS = 120_000


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(db_url: str) -> tuple[subprocess.Popen, str]:
    port = _port()
    process = subprocess.Popen(app_command(port, "127.0.0.1"), env=dict(os.environ, QUALCODE_DB=db_url),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):
                return process, base
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("the app did not start")


def _shoot(page, name: str) -> None:
    page.wait_for_function(SETTLED, timeout=WAIT_MS)
    page.mouse.move(1, 1)  # no hover effects in the picture
    page.screenshot(path=str(OUT / f"{name}.png"))
    print(OUT / f"{name}.png")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="qualcode-") as folder:
        url = f"sqlite:///{Path(folder) / 'study.db'}"
        with session_scope(url) as session:
            load_sample_study(session)
        process, base = _serve(url)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                     args=["--no-sandbox", "--disable-gpu"])  # fmt: skip
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.set_default_timeout(WAIT_MS)
                page.goto(f"{base}/")  # the default page lives at the root
                page.get_by_text("The study, step by step").wait_for()
                _shoot(page, "home")
                page.goto(f"{base}/code?coder=1")
                page.locator(".qc-span-root[data-ready] [data-c]").first.wait_for()
                page.locator(".qc-span-root [data-c]").first.click()
                page.locator('[data-testid="stHeading"]').filter(
                    has_text=re.compile("Selected coding|codings here")
                ).wait_for()
                _shoot(page, "code")
                page.goto(f"{base}/agreement")
                page.get_by_role("button", name="Compute agreement").click()
                page.get_by_text("Krippendorff").first.wait_for()
                _shoot(page, "agreement")
                page.goto(f"{base}/reports")
                page.locator('[data-testid="stDataFrame"]').first.wait_for()
                page.locator('[data-testid="stVegaLiteChart"]').first.wait_for()
                _shoot(page, "reports")
                page.goto(f"{base}/joint")
                page.get_by_text("Joint display").first.wait_for()
                page.locator('[data-testid="stMetric"]').first.wait_for()
                _shoot(page, "joint")
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
