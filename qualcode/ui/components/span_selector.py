"""The bidirectional span selector: a Streamlit components v2 element (in the page, no iframe).

Python sends escaped transcript HTML, the code list and where to scroll; the browser sends back
`apply` (UTF-16 start/end and a code id) when the coder picks a code for a selection, and
`clicked` (coding and suggestion ids) when the coder clicks a highlight.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from qualcode.ui.components import load_component

_component = load_component("span_selector", "span_selector")


def span_selector(
    key: str,
    document: int,
    html: str,
    codes: list[dict[str, Any]],
    *,
    scroll_to: int | None = None,
    focus: int | None = None,
    picker_hint: str = "",
    outcome: dict[str, Any] | None = None,
    on_apply: Callable[[], None],
    on_clicked: Callable[[], None],
):
    """Mount the selector for one document; `codes` are dicts with id, key, name, color, definition and pin (1-9 or None).

    `focus` is the focused suggestion's id: its dashed highlight is scrolled into view when it
    changes; `clicked` also carries the suggestion ids under the click.

    `outcome` answers the last `apply` ({nonce, ok, message}): on failure the picker reopens on the
    same selection with the message, so nothing the coder selected is dropped silently."""
    return _component(
        key=key,
        data={
            "document": document,
            "html": html,
            "codes": codes,
            "scroll_to": scroll_to,
            "focus": focus,
            "picker_hint": picker_hint,
            "outcome": outcome,
        },
        on_apply_change=on_apply,
        on_clicked_change=on_clicked,
    )


def event(key: str, name: str) -> Any:
    """The value of one trigger (`apply` or `clicked`) inside its callback."""
    state = st.session_state.get(key)
    return state.get(name) if state is not None else None
