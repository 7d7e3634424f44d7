"""The researcher's preview: the survey page by page as a respondent sees it (progress bar, Back and
Next, conditions and validation applied), with the answers kept in the browser session only."""

from __future__ import annotations

import streamlit as st

from qualcode.survey.instrument import Instrument
from qualcode.survey.paging import answer_page, missing_answers, neighbour, place
from qualcode.ui.markup import md
from qualcode.ui.survey_widgets import page_heading, page_widgets

DECLINED = (
    "The respondent chose not to take part: the survey ends here and only that answer is kept."
)


def _state(slug: str) -> dict:
    return st.session_state.setdefault(
        f"pv_state:{slug}", {"answers": {}, "others": {}, "page": None, "errors": {}, "done": None}
    )


def _restart(slug: str) -> None:
    for key in [k for k in st.session_state if str(k).startswith(f"pv:{slug}:")]:
        del st.session_state[key]
    st.session_state.pop(f"pv_state:{slug}", None)


def _move(
    instrument: Instrument, state: dict, page_index: int, values: dict, others: dict, action: str
) -> None:
    """What the respondent page would do with the page (back, next or submit), without storing."""
    result = answer_page(instrument, page_index, values, others, state["answers"], state["others"])
    if result.declined:
        state["done"] = "declined"
    elif action == "back":
        earlier = neighbour(instrument, state["answers"], page_index, -1)
        state["page"] = page_index if earlier is None else earlier
    elif result.errors:
        state["errors"] = result.errors
    elif action == "next":
        state["page"] = neighbour(instrument, state["answers"], page_index, 1)
    else:
        errors, _ = missing_answers(instrument, state["answers"], state["others"])
        state["errors"], state["done"] = errors, None if errors else "submitted"
    st.rerun()


def preview(instrument: Instrument) -> None:
    """Show the survey one page at a time; 'Start again' forgets the preview answers."""
    slug, prefix = instrument.slug, f"pv:{instrument.slug}:"
    state = _state(slug)
    st.markdown(f"### {md(instrument.title)}")
    if state["done"]:
        st.success(DECLINED if state["done"] == "declined" else md(instrument.thank_you))
    else:
        where = place(instrument, state["answers"], state["page"])
        page = page_heading(instrument, where)
        errors, state["errors"] = state["errors"], {}
        values, others = page_widgets(
            page, state["answers"], state["others"], errors, prefix=prefix, seed=slug
        )
        live = {**state["answers"], **values}
        later = neighbour(instrument, live, where.page_index, 1)
        back, forward = st.columns([1, 1, 6])[:2] if where.number > 1 else (None, st.container())
        if back is not None and back.button("Back", key=f"{prefix}back"):
            _move(instrument, state, where.page_index, values, others, "back")
        label = "Next" if later is not None else "Submit"
        if forward.button(label, type="primary", key=f"{prefix}next"):
            _move(instrument, state, where.page_index, values, others, label.lower())
    if st.button("Start the preview again", key=f"{prefix}restart"):
        _restart(slug)
        st.rerun()
