"""What a coder does on the Code page, step by step, with the real mouse and keyboard.

Every step waits on the page's own state (an element, a text, the database), never a fixed sleep.
"""

from __future__ import annotations

import time
from collections.abc import Callable

# Scroll the passage into view, then report where its first and last characters are on screen.
PASSAGE_BOX = """(passage) => {
  const root = document.querySelector('.qc-span-root');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const at = node.data.indexOf(passage);
    if (at < 0) continue;
    node.parentElement.scrollIntoView({block: 'center'});
    const range = document.createRange();
    range.setStart(node, at); range.setEnd(node, at + 1);
    const first = range.getBoundingClientRect();
    range.setStart(node, at + passage.length - 1); range.setEnd(node, at + passage.length);
    const last = range.getBoundingClientRect();
    return {x1: first.left + 1, y: (first.top + first.bottom) / 2, x2: last.right - 1,
            y2: (last.top + last.bottom) / 2};
  }
  return null;
}"""
WAIT_MS = 60_000  # generous: a loaded 2-core machine makes steps slower, never red


SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app && app.dataset.testScriptState !== 'running'
    && !document.querySelector('[data-stale="true"]');
}"""


def settle(page) -> None:
    """Wait until the app finished its script run and no stale element remains."""
    page.wait_for_function(SETTLED, timeout=WAIT_MS)


def choose_coder(page, name: str) -> None:
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name=name, exact=True).click()
    page.locator(".qc-span-root[data-ready]").wait_for(timeout=WAIT_MS)


def choose_document(page, document_id: int, title: str = "") -> None:
    """Open a document (by its title in the Document chooser, or from the address) and wait for it."""
    root = page.locator(".qc-span-root")
    if root.get_attribute("data-document") == str(document_id):
        return
    settle(page)
    chooser = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"] input').first
    chooser.click()
    chooser.fill(title)
    page.get_by_role("option").filter(has_text=title).first.click()
    page.locator(f'.qc-span-root[data-document="{document_id}"]').wait_for(timeout=WAIT_MS)


def drag_over(page, passage: str) -> None:
    """Select a passage with a real mouse drag; the code picker opens."""
    box = page.evaluate(PASSAGE_BOX, passage)
    assert box is not None, f"passage not on the page: {passage!r}"
    page.mouse.move(box["x1"], box["y"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=8)
    page.mouse.up()
    page.locator(".qc-picker-input").wait_for(timeout=WAIT_MS)


def pick_code(page, code_filter: str) -> None:
    picker = page.locator(".qc-picker-input")
    picker.fill(code_filter)
    picker.press("Enter")


def select_and_code(page, passage: str, code_filter: str) -> None:
    drag_over(page, passage)
    pick_code(page, code_filter)


def wait_until(check: Callable[[], bool], what: str, seconds: float = 60) -> None:
    """Poll the database (the server saves after the browser sends): fail with `what` on timeout."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting until {what}")
