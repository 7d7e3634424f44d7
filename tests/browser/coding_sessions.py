"""Logged-in coders selecting passages with the mouse and coding them, many browser sessions at
once (asyncio Playwright: one Chromium, one context per coder). Shared by the team server's
concurrency test and bench/load.py, so the bench measures what the test checks."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from playwright.async_api import TimeoutError as PlaywrightTimeout

BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]
# The first uncoded piece of text long enough for a passage: where its characters 2..22 are.
NEXT_PASSAGE = """() => {
  const pieces = document.querySelectorAll('.qc-span-root span[data-u]:not([data-c])');
  for (const piece of pieces) {
    const node = piece.firstChild;
    if (!node || node.nodeType !== Node.TEXT_NODE || node.data.length < 30) continue;
    const range = document.createRange();
    range.setStart(node, 2); range.setEnd(node, 3);
    const first = range.getBoundingClientRect();
    range.setStart(node, 21); range.setEnd(node, 22);
    const last = range.getBoundingClientRect();
    if (first.top !== last.top || first.width === 0) continue;  // one line, on screen
    piece.scrollIntoView({block: 'center'});
    const a = range.getBoundingClientRect();
    range.setStart(node, 2); range.setEnd(node, 3);
    const b = range.getBoundingClientRect();
    return {x1: b.left + 1, x2: a.right - 1, y: (b.top + b.bottom) / 2};
  }
  return null;
}"""
CODED = "document.querySelectorAll('.qc-span-root [data-c]').length"
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


@dataclass
class SessionResult:
    """What one coder's browser did: seconds per confirmed save, and any error it showed."""

    coder: str
    saves: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def _log_in(page, base: str, name: str, password: str) -> None:
    await page.goto(f"{base}/code")
    await page.get_by_label("Username").fill(name)
    await page.get_by_label("Password", exact=True).fill(password)
    await page.get_by_role("button", name="Log in").click()
    await page.locator(".qc-span-root[data-ready]").wait_for(timeout=120_000)


async def _select_passage(page) -> None:
    """Drag the mouse over the next uncoded passage until the code picker opens (a drag during a
    rerun can miss; three tries)."""
    picker = page.locator(".qc-picker-input")
    for _ in range(3):
        await page.locator(".qc-span-root[data-ready]").wait_for()
        box = await page.evaluate(NEXT_PASSAGE)
        if box is None:
            raise RuntimeError("no uncoded passage left on the page")
        await page.mouse.move(box["x1"], box["y"])
        await page.mouse.down()
        await page.mouse.move(box["x2"], box["y"], steps=6)
        await page.mouse.up()
        try:
            await picker.wait_for(timeout=15_000)
            return
        except PlaywrightTimeout:
            continue
    raise RuntimeError("the code picker did not open after three selections")


async def _code_one(page, code_filter: str, done: int) -> float:
    """Select the next passage by mouse, apply the code, wait until the page shows it coded."""
    await _select_passage(page)
    picker = page.locator(".qc-picker-input")
    await picker.fill(code_filter)
    started = time.perf_counter()
    await picker.press("Enter")
    await page.wait_for_function(
        f"{CODED} >= {done + 1} || document.querySelector('{ERRORS}') !== null", timeout=120_000
    )
    elapsed = time.perf_counter() - started
    shown = page.locator(ERRORS)
    if await shown.count():
        raise RuntimeError(f"the page shows an error: {await shown.first.inner_text()}")
    return elapsed


async def coding_session(browser, base: str, name: str, password: str, code_filter: str,
                         seconds: float) -> SessionResult:  # fmt: skip
    """Log in as `name` and code passages until `seconds` have passed."""
    result = SessionResult(name)
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.set_default_timeout(120_000)
    try:
        await _log_in(page, base, name, password)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            result.saves.append(await _code_one(page, code_filter, len(result.saves)))
    except Exception as exc:  # the caller reports every session's failure, not just the first
        result.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        await context.close()
    return result


async def _run(executable: str, base: str, coders: dict[str, str],
               code_filter: str, seconds: float) -> list[SessionResult]:  # fmt: skip
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS,
                                                   headless=True)  # fmt: skip
        try:
            return list(await asyncio.gather(*(
                coding_session(browser, base, name, password, code_filter, seconds)
                for name, password in coders.items()
            )))  # fmt: skip
        finally:
            await browser.close()


def run_sessions(executable: str, base: str, coders: dict[str, str],
                 code_filter: str, seconds: float) -> list[SessionResult]:  # fmt: skip
    """All coders at once, each in their own browser context, for `seconds`. The event loop runs
    in a thread of its own: a test process may already hold Playwright's sync loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(
            lambda: asyncio.run(_run(executable, base, coders, code_filter, seconds))
        ).result()
