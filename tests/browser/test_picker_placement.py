"""The code picker is always fully on screen: passages at the end of a short transcript, at the
bottom of the window and at the right edge open a picker whose filter box and code list both lie
inside the viewport, in a large window and in a small one."""

from __future__ import annotations

from pathlib import Path

import pytest
from coding_steps import WAIT_MS, settle, wait_until
from coding_study import CODEBOOK, build_study
from sqlmodel import select

from qualcode.project import current_project, get_or_create_coder
from qualcode.store import session_scope
from qualcode.store.models import Coding, Document

pytestmark = pytest.mark.browser

# Enough codes that the list reaches its full height (a short list hides a clipped picker).
LONG_CODEBOOK = {
    **CODEBOOK,
    "codes": CODEBOOK["codes"] + [{"key": f"theme{n}", "name": f"Theme {n}"} for n in range(20)],
}
LAST_PASSAGE = "so we cannot deploy it"

# Where a passage is once scrolled to the bottom ('end') or middle ('center') of the window: its
# first and last characters. `passage` null means the word reaching farthest right on a line.
PLACE_PASSAGE = """([passage, block]) => {
  const root = document.querySelector('.qc-span-root');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let best = null;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (passage !== null) {
      const at = node.data.indexOf(passage);
      if (at >= 0) { best = {node, at, length: passage.length}; break; }
      continue;
    }
    for (const word of node.data.matchAll(/\\S{4,}/g)) {
      range.setStart(node, word.index); range.setEnd(node, word.index + word[0].length);
      const rects = range.getClientRects();
      if (rects.length !== 1) continue;  // a word broken over two lines
      if (!best || rects[0].right > best.right)
        best = {node, at: word.index, length: word[0].length, right: rects[0].right};
    }
  }
  if (!best) return null;
  // a little above the very bottom: a drag at the window's edge scrolls the page
  best.node.parentElement.style.scrollMarginBottom = '60px';
  best.node.parentElement.scrollIntoView({block});
  const box = (from, to) => {
    range.setStart(best.node, from); range.setEnd(best.node, to);
    return range.getBoundingClientRect();
  };
  const first = box(best.at, best.at + 1);
  const last = box(best.at + best.length - 1, best.at + best.length);
  return {x1: first.left + 1, y1: (first.top + first.bottom) / 2, x2: last.right - 1,
          y2: (last.top + last.bottom) / 2, text: best.node.data.substr(best.at, best.length)};
}"""

# The picker's parts and the selection, in viewport coordinates.
PICKER_BOXES = """() => {
  const box = (element) => {
    const r = element.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
  };
  const picker = document.querySelector('.qc-picker');
  return {
    width: window.innerWidth, height: window.innerHeight,
    picker: box(picker),
    input: box(picker.querySelector('.qc-picker-input')),
    list: box(picker.querySelector('.qc-picker-list')),
    selection: box(picker.__qcRange), selected: picker.__qcRange.toString(),
  };
}"""


def _short_study(url: str, tmp_path: Path) -> int:
    """The short test transcript with a long codebook; coder alice's id."""
    build_study(url, tmp_path, LONG_CODEBOOK)
    with session_scope(url) as session:
        return get_or_create_coder(session, current_project(session), "alice").id


def _stored_texts(url: str) -> list[str]:
    with session_scope(url) as session:
        return [session.get(Document, c.document_id).text[c.start : c.end]
                for c in session.exec(select(Coding))]  # fmt: skip


def _open_picker(page, passage: str | None, block: str) -> dict:
    """Drag over the passage placed at `block` of the window; the picker's boxes once it is open."""
    settle(page)
    page.evaluate("window.getSelection().removeAllRanges()")  # a drag inside one moves its text
    spot = page.evaluate(PLACE_PASSAGE, [passage, block])
    assert spot is not None, f"passage not on the page: {passage!r}"
    page.mouse.move(spot["x1"], spot["y1"])
    page.mouse.down()
    page.mouse.move(spot["x2"], spot["y2"], steps=8)
    page.mouse.up()
    page.locator(".qc-picker-list .qc-picker-item").first.wait_for(timeout=WAIT_MS)
    boxes = page.evaluate(PICKER_BOXES)
    assert boxes["selected"] == spot["text"]
    return boxes


def _inside_viewport(part: dict, boxes: dict) -> bool:
    return (
        part["left"] >= 0 and part["top"] >= 0
        and part["right"] <= boxes["width"] and part["bottom"] <= boxes["height"]
    )  # fmt: skip


def _covers(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] \
        and b["top"] < a["bottom"]  # fmt: skip


@pytest.mark.parametrize("width,height", [(1400, 1000), (900, 560), (560, 640), (800, 300)])
def test_the_code_picker_lies_inside_the_window_wherever_the_selection_is(
    tmp_path: Path, sqlite_url, app_server, chromium, width, height
):
    alice = _short_study(sqlite_url, tmp_path)
    base = app_server(sqlite_url)
    context = chromium.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    try:
        page.goto(f"{base}/code?coder={alice}")  # a small window hides the sidebar's chooser
        page.locator(".qc-span-root[data-ready]").wait_for()
        # (the top of the window is left out: the app's header lies over it)
        for passage, block in [(LAST_PASSAGE, "end"), (LAST_PASSAGE, "center"), (None, "end"),
                               (None, "center")]:  # fmt: skip
            boxes = _open_picker(page, passage, block)
            where = f"{passage or 'rightmost word'} at the {block} of a {width}x{height} window"
            for part in ("input", "list"):
                assert _inside_viewport(boxes[part], boxes), f"the picker's {part} is clipped: {where}, {boxes}"  # fmt: skip
            room = max(boxes["selection"]["top"], height - boxes["selection"]["bottom"])
            if room >= boxes["picker"]["bottom"] - boxes["picker"]["top"] + 12:
                assert not _covers(boxes["picker"], boxes["selection"]), f"the picker hides the selection: {where}"  # fmt: skip
            page.keyboard.press("Escape")
            page.locator(".qc-picker").wait_for(state="detached", timeout=WAIT_MS)
    finally:
        context.close()


def test_a_drag_past_the_transcripts_last_line_codes_the_text_it_covered(
    tmp_path: Path, sqlite_url, app_server, page
):
    alice = _short_study(sqlite_url, tmp_path)
    page.goto(f"{app_server(sqlite_url)}/code?coder={alice}")
    page.locator(".qc-span-root[data-ready]").wait_for()
    settle(page)
    spot = page.evaluate(PLACE_PASSAGE, [LAST_PASSAGE, "center"])
    below = page.evaluate(
        "() => document.querySelector('.qc-span-root').getBoundingClientRect().bottom + 40"
    )
    page.mouse.move(spot["x1"], spot["y1"])
    page.mouse.down()
    page.mouse.move(spot["x2"], below, steps=8)  # released below the transcript, off its text
    page.mouse.up()
    page.locator(".qc-picker-input").wait_for(timeout=WAIT_MS)
    selected = page.evaluate("document.querySelector('.qc-picker').__qcRange.toString()")
    assert selected.startswith(LAST_PASSAGE)
    page.locator(".qc-picker-input").fill("licence")
    page.locator(".qc-picker-input").press("Enter")
    wait_until(lambda: len(_stored_texts(sqlite_url)) == 1, "the coding is stored")
    assert _stored_texts(sqlite_url) == [selected.rstrip("\n")]
