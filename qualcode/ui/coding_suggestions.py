"""Suggestions on the Code page: the focused suggestion with Accept (key A) and Reject (key X),
"Suggested" badges on units, and the decisions per code. The core decides and audits
(qualcode.suggest.review); the page only shows and asks."""

from __future__ import annotations

from html import escape

import streamlit as st
from sqlmodel import Session

from qualcode.coding.visibility import sees_everyone
from qualcode.project import current_project
from qualcode.store.actors import VIEWER
from qualcode.store.models import Coder, Document, Project
from qualcode.store.suggestion_models import Suggestion
from qualcode.suggest import review
from qualcode.ui.coding_units import box_prefix
from qualcode.ui.components.span_view import Hint, safe_color
from qualcode.ui.context import transaction
from qualcode.ui.feedback import reported, tell
from qualcode.ui.login import run_user
from qualcode.ui.markup import text_block

FOCUS_KEY = "coding_suggestion_focus"  # the focused suggestion's id
QUOTE_CHARS = 140
KEYS = {"accept": "A", "reject": "X", "previous": "P", "next": "N"}  # Streamlit reserves R


def open_for(session: Session, project: Project, document: Document, coder: Coder) -> list[dict]:
    """The coder's open suggestions in the document (of every assistant they may see), in text
    order."""
    return review.open_suggestions(session, project, document.id, coder)


def counts(session: Session, project: Project, coder: Coder) -> list[dict]:
    """Accepted and rejected suggestions per code and coder, for the table: every coder's when
    the coder may see everyone's codings, else only their own (blind coding)."""
    mine = None if sees_everyone(project, coder) else [coder.id]
    return [
        {"code": key, "coder": name, **decided}
        for key, row in sorted(review.decision_counts(session, project, mine).items())
        for name, decided in sorted(row["coders"].items())
    ]


def may_decide() -> bool:
    """Viewers of the team server see suggestions without the controls (the core refuses them too)."""
    user = run_user()
    return user is None or user.role != VIEWER


def focused(suggestions: list[dict]) -> dict | None:
    """The suggestion in focus: the one chosen last while it is open, else the first."""
    wanted = st.session_state.get(FOCUS_KEY)
    return next(
        (s for s in suggestions if s["id"] == wanted), suggestions[0] if suggestions else None
    )


def label(suggestion: dict) -> str:
    return (f"Suggested: {suggestion['code_name']} (p={suggestion['probability']:.2f}) · "
            f"{suggestion['assistant']}")  # fmt: skip


def hints(suggestions: list[dict], focus: dict | None) -> list[Hint]:
    """Dashed highlights for the transcript."""
    return [Hint(s["id"], s["start"], s["end"], s["color"], label(s),
                 focus is not None and s["id"] == focus["id"]) for s in suggestions]  # fmt: skip


def focus_on(suggestion_ids: list[int]) -> None:
    """A click on a dashed highlight focuses the (first) suggestion under it."""
    if suggestion_ids:
        st.session_state[FOCUS_KEY] = int(suggestion_ids[0])


def _neighbour(suggestions: list[dict], current: dict, step: int) -> int | None:
    at = next(i for i, s in enumerate(suggestions) if s["id"] == current["id"])
    return suggestions[(at + step) % len(suggestions)]["id"] if len(suggestions) > 1 else None


@reported
def _decide(suggestion_id: int, decision: str, then: int | None, document_id: int,
            coder_id: int) -> None:  # fmt: skip
    with transaction() as session:
        suggestion, coder = session.get(Suggestion, suggestion_id), session.get(Coder, coder_id)
        if suggestion is None or review.decision_of(session, suggestion_id, coder_id):
            return  # a repeated key press decides once
        project = current_project(session)
        if decision == "accept":
            review.accept(session, project, suggestion_id, coder.name)
        else:
            review.reject(session, project, suggestion_id, coder.name)
    for key in [
        k for k in st.session_state if str(k).startswith(box_prefix(document_id, coder_id))
    ]:
        del st.session_state[key]  # unit boxes show the accepted code from the database
    st.session_state[FOCUS_KEY] = then
    tell(
        "success", "Accepted: now your coding." if decision == "accept" else "Suggestion rejected."
    )


def _move(to: int | None) -> None:
    st.session_state[FOCUS_KEY] = to


def _badge(suggestion: dict, focus: bool) -> str:
    color = safe_color(suggestion["color"])
    shade = f"background:{color}26;" if focus else ""
    return (f'<span class="qc-badge" style="display:inline-block;border:2px dashed {color};{shade}'
            f'border-radius:4px;padding:1px 6px;font-size:0.85em">{escape(label(suggestion))}</span>')  # fmt: skip


def _decision_buttons(suggestions: list[dict], current: dict, document: Document, coder: Coder,
                      where: str, keys: bool) -> None:  # fmt: skip
    then = _neighbour(suggestions, current, 1)
    args = (document.id, coder.id)
    row = st.container(horizontal=True)
    row.button("Accept", key=f"suggestion_accept_{where}", icon=":material/check:",
               shortcut=KEYS["accept"] if keys else None, help="Make it your own coding",
               on_click=_decide, args=(current["id"], "accept", then, *args))  # fmt: skip
    row.button("Reject", key=f"suggestion_reject_{where}", icon=":material/close:",
               shortcut=KEYS["reject"] if keys else None, help="Do not offer it to you again",
               on_click=_decide, args=(current["id"], "reject", then, *args))  # fmt: skip


def suggestion_panel(suggestions: list[dict], decided: list[dict], document: Document,
                     coder: Coder) -> None:  # fmt: skip
    """The focused suggestion with its controls, and the decisions per code (only in projects
    that have suggestions)."""
    if not suggestions and not decided:
        return
    st.markdown(f"**Suggestions** · {len(suggestions)} open here")
    current = focused(suggestions)
    if current is None:
        st.caption("No open suggestions for you in this document.")
    else:
        with st.container(border=True, key="suggestion_focused"):
            at = suggestions.index(current) + 1
            st.html(_badge(current, True))
            st.caption(f"{at} of {len(suggestions)} in this document")
            quote = document.text[current["start"] : current["end"]]
            short = quote if len(quote) <= QUOTE_CHARS else quote[:QUOTE_CHARS] + "…"
            st.html(f'<div style="font-size:0.9em;border-left:3px dashed #d1d5db;'
                    f'padding-left:0.5em">{text_block(short)}</div>')  # fmt: skip
            if may_decide():
                _decision_buttons(suggestions, current, document, coder, "focused", True)
            steps = st.container(horizontal=True)
            for name, step, icon in (
                ("previous", -1, "chevron_left"),
                ("next", 1, "chevron_right"),
            ):
                steps.button(name.capitalize(), key=f"suggestion_{name}", icon=f":material/{icon}:",
                             shortcut=KEYS[name], disabled=len(suggestions) < 2, on_click=_move,
                             args=(_neighbour(suggestions, current, step),))  # fmt: skip
    with st.expander("Suggestion decisions per code"):
        st.dataframe(decided, hide_index=True, width="stretch",
                     column_order=["code", "coder", "accepted", "rejected"])  # fmt: skip


def unit_badges(suggestions: list[dict], document: Document, coder: Coder, start: int,
                end: int) -> None:  # fmt: skip
    """The "Suggested" badges of the suggestions that begin in one unit, with mouse controls."""
    current = focused(suggestions)
    for suggestion in [s for s in suggestions if start <= s["start"] < end]:
        st.html(_badge(suggestion, current is not None and suggestion["id"] == current["id"]))
        if may_decide():
            _decision_buttons(
                suggestions, suggestion, document, coder, str(suggestion["id"]), False
            )
