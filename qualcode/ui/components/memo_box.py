"""A memo box that never loses typing: a Streamlit components v2 text area (in the page, no iframe).

Without `save_label`, the browser sends the text as the coder types (debounced), on blur and on
Ctrl+Enter, and `on_save` stores it. With `save_label`, the box carries its own save button and
the text travels with the click (one message: a form never saves a stale or missing draft).
Until the server has the text, the browser also keeps it in localStorage under `draft_key`, so a
reload restores it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import streamlit as st

from qualcode.ui.components import load_component

_component = load_component("memo_box", "memo_box")


def memo_box(
    key: str,
    text: str,
    *,
    on_save: Callable[[], None],
    label: str = "Memo",
    status: str = "",
    draft_key: str = "",
    disabled: bool = False,
    placeholder: str = "",
    rows: int = 4,
    save_label: str = "",
    discard_draft: bool = False,
) -> None:
    """Mount one memo box; `on_save` runs with the text in `saved_text(key)`; `status` is the
    line under it ("Memo saved at 14:02:11"); `discard_draft` forgets the browser's kept draft
    (after a form saved it)."""
    data = {
        "text": text, "label": label, "status": status, "draft_key": draft_key or key,
        "disabled": disabled, "placeholder": placeholder, "rows": rows, "box_key": key,
        "autosave": not save_label, "save_label": save_label, "discard_draft": discard_draft,
    }  # fmt: skip
    _component(key=key, data=data, on_save_change=on_save)


def saved_text(key: str) -> str | None:
    """The text a box sent (inside its `on_save` callback)."""
    state = st.session_state.get(key)
    value = state.get("save") if state is not None else None
    return value.get("text") if isinstance(value, dict) else None


SAVED_KEY = "qualcode_memo_saved"  # box key -> when its last save was stored


def confirm_save(key: str) -> None:
    """Record that a box's text was stored (shown under the box)."""
    st.session_state.setdefault(SAVED_KEY, {})[key] = datetime.now().strftime("%H:%M:%S")


def save_status(key: str) -> str:
    """The confirmation line for a box: when its text was last stored in this session."""
    when = st.session_state.get(SAVED_KEY, {}).get(key)
    return f"Memo saved at {when}" if when else ""
