"""Choosers that hold ids, never labels.

Streamlit's browser side stores a selectbox's *label*; when a label changes between reruns (a
document's "4 codings, 75% of turns"), the old label no longer matches and the widget returns the
label string instead of the id. So the id lives in our own session key (optionally mirrored in a
query parameter so it survives a reload), and the widget's key carries a digest of its labels:
new labels mount a fresh widget positioned on the stored id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import streamlit as st


def _digest(labels: dict[int, str]) -> str:
    return hashlib.blake2b(repr(sorted(labels.items())).encode(), digest_size=6).hexdigest()


def query_id(name: str) -> int | None:
    """An integer id from the page address (`?coder=3`), or None."""
    value = st.query_params.get(name)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def remember_in_address(name: str, ident: int | None) -> None:
    """Mirror a choice in the page address so a reload keeps it."""
    if ident is None:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != str(ident):
        st.query_params[name] = str(ident)


def choose_id(
    label: str,
    labels: dict[int, str],
    state_key: str,
    *,
    default: int | None = None,
    address: str | None = None,
    placeholder: str = "Choose an option",
    on_change: Callable[[], None] | None = None,
    **widget_options,
) -> int | None:
    """A selectbox over ids: returns the chosen id (kept in `state_key`), labels only for display.

    The stored id wins, then the page address (`address` query parameter), then `default`.
    """
    chosen = st.session_state.get(state_key)
    if chosen not in labels and address:
        chosen = query_id(address)
    if chosen not in labels:
        chosen = default if default in labels else None
    st.session_state[state_key] = chosen
    widget_key = f"{state_key}__{_digest(labels)}"

    def changed() -> None:
        st.session_state[state_key] = st.session_state[widget_key]
        if on_change is not None:
            on_change()

    ids = list(labels)
    index = ids.index(chosen) if chosen in labels else None
    if widget_key in st.session_state and st.session_state[widget_key] != chosen:
        st.session_state[widget_key] = chosen  # the stored id decides what the widget shows
        index = None  # (Streamlit refuses a default beside a value set in session state)
    st.selectbox(
        label,
        ids,
        index=index,
        format_func=lambda i: labels.get(i, ""),
        key=widget_key,
        on_change=changed,
        placeholder=placeholder,
        **widget_options,
    )
    if address:
        remember_in_address(address, chosen)
    return chosen
