"""Outcomes of user actions shown on the next render: callbacks never show a traceback."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

import streamlit as st

from qualcode.errors import QualcodeError
from qualcode.ui.login import auth_enabled, current_actor
from qualcode.ui.markup import md

MESSAGE_KEY = "qualcode_feedback"
log = logging.getLogger("qualcode.ui")


def tell(kind: str, text: str) -> None:
    """Queue a message ('success', 'info' or 'error') for the next render of the page."""
    st.session_state[MESSAGE_KEY] = (kind, text)


def reported(callback: Callable[..., None]) -> Callable[..., None]:
    """Wrap a widget callback: a qualcode error becomes a message, anything else a short note."""

    @functools.wraps(callback)
    def run(*args, **kwargs) -> None:
        if auth_enabled() and current_actor() is None:  # logged out or idle since the last render
            tell("error", "Your session has ended: log in again. Nothing was changed.")
            return
        try:
            callback(*args, **kwargs)
        except QualcodeError as exc:
            tell("error", str(exc))
        except Exception as exc:  # the UI must never show a traceback
            log.exception("action failed")
            tell(
                "error", f"Something went wrong: {type(exc).__name__}: {exc}. Nothing was changed."
            )

    return run


def take_message() -> tuple[str, str] | None:
    """The message the last action left, as (kind, text), removed so it shows once."""
    return st.session_state.pop(MESSAGE_KEY, None)


def message_slot(message: tuple[str, str] | None) -> None:
    """Show `message` in a slot that is on the page with or without one: a message that comes or
    goes must not move what follows (Streamlit would remount it, and a memo box losing its
    element loses the typing in it)."""
    slot = st.container()
    if message:
        kind, text = message
        {"success": slot.success, "info": slot.info}.get(kind, slot.error)(md(text))


def show_message() -> None:
    """Show (once) the message the last action left."""
    message_slot(take_message())
