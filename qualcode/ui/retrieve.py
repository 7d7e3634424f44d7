"""Retrieve: every coded quote of a code or group with its context (filter, export), and text
search across all transcripts as keyword-in-context, with an action to code the hits."""

from __future__ import annotations

import streamlit as st

from qualcode.codebook import store as codebook_store
from qualcode.coding.retrieval import Quote, coded_quotes, quotes_csv
from qualcode.coding.search import code_hits, search_text
from qualcode.coding.visibility import visible_coder_ids
from qualcode.errors import QualcodeError
from qualcode.ingest.participants import attribute_values, list_participants
from qualcode.project import current_project, list_coders
from qualcode.store.actors import VIEWER
from qualcode.store.models import Code, Coder
from qualcode.ui.coder import choose_coder
from qualcode.ui.context import require_project, transaction
from qualcode.ui.feedback import reported, show_message, tell
from qualcode.ui.markup import chip, md, text_block

HIT_LIMIT = 500


def quote_html(quote: Quote, color: str) -> str:
    """A quote in context: the coded words marked, everything escaped."""
    where = " · ".join(
        x for x in (quote.document, quote.participant, quote.speaker, quote.coder) if x
    )
    if quote.start is None:
        body = "<i>whole-document coding</i>"
    else:
        body = (f'<span style="color:#6b7280">…{text_block(quote.before)}</span>'
                f"<mark>{text_block(quote.quote)}</mark>"
                f'<span style="color:#6b7280">{text_block(quote.after)}…</span>')  # fmt: skip
    memo = (
        f'<div style="color:#6b7280"><i>memo:</i> {text_block(quote.memo)}</div>'
        if quote.memo
        else ""
    )
    return (f'<div style="margin:0.2em 0 0.8em 0">{chip(quote.code, color)} '
            f'<span style="color:#6b7280">{text_block(where)}</span>'
            f'<div style="line-height:1.6">{body}</div>{memo}</div>')  # fmt: skip


def _quotes_tab(
    session, project, viewer: Coder | None, codebook, codes: list[Code], groups
) -> None:
    group_names = {g.key: g.name for g in groups}
    names = {c.id: c.name for c in codes}
    left, right = st.columns(2)
    chosen = left.multiselect("Codes", list(names), format_func=names.get, key="retrieve_codes")
    group = right.selectbox("…or a whole group", list(group_names), format_func=group_names.get,
                            index=None, key="retrieve_group")  # fmt: skip
    in_group = codebook_store.group_codes(session, codebook, group) if group else []
    code_ids = list(chosen) + [c.id for c in in_group]
    coders = {c.id: c.name for c in list_coders(session, project)}
    participants = list_participants(session, project)
    labels = {p.id: p.label for p in participants}
    a, b, c = st.columns(3)
    coder_ids = visible_coder_ids(project, viewer)
    if coder_ids is not None:
        a.caption("Blind coding: only your own codings are shown.")
    else:
        coder_ids = a.multiselect("Coders", list(coders), format_func=coders.get) or None
    participant_ids = b.multiselect("Participants", list(labels), format_func=labels.get) or None
    attribute_names = sorted({k for p in participants for k in p.attributes})
    attribute = None
    name = c.selectbox("Participant attribute", attribute_names, index=None)
    if name:
        values = sorted({v for p in participants for v in attribute_values(p.attributes.get(name))})
        value = c.selectbox(f"{name} is", values)
        attribute = (name, value)
    if not code_ids:
        st.info("Choose codes (or a group) to see their quotes.")
        return
    quotes = coded_quotes(session, project, code_ids, coder_ids=coder_ids,
                          participant_ids=participant_ids, attribute=attribute)  # fmt: skip
    colors = {c.name: c.color for c in codes}
    st.caption(f"{len(quotes)} coded passages")
    st.download_button("Export as CSV", quotes_csv(quotes), "quotes.csv", "text/csv")
    st.html("".join(quote_html(q, colors.get(q.code, "")) for q in quotes))


@reported
def _code_hits(hits, coder_id: int, code_id: int) -> None:
    with transaction() as session:
        codebook = codebook_store.require_codebook(session, current_project(session))
        coder = session.get(Coder, coder_id)
        added = code_hits(session, hits, coder, session.get(Code, code_id), codebook.version,
                          coder.name)  # fmt: skip
    tell("info", f"Coded {added} passages ({len(hits) - added} already coded).")


def _search_tab(session, project, viewer: Coder | None, codes: list[Code]) -> None:
    left, middle, right = st.columns([4, 1, 1])
    pattern = left.text_input("Search all transcripts", key="search_pattern")
    regex = middle.checkbox("Regular expression", key="search_regex")
    case = right.checkbox("Match case", key="search_case")
    show_message()
    if not pattern:
        return
    try:
        hits = search_text(
            session, project, pattern, regex=regex, case_sensitive=case, limit=HIT_LIMIT
        )
    except QualcodeError as exc:
        st.error(md(str(exc)))
        return
    st.caption(
        f"{len(hits)} hits" + (f" (the first {HIT_LIMIT})" if len(hits) >= HIT_LIMIT else "")
    )
    rows = [{"document": h.document, "before": h.before, "match": h.match, "after": h.after}
            for h in hits]  # fmt: skip
    table = st.dataframe(rows, hide_index=True, width="stretch", on_select="rerun",
                         selection_mode="multi-row", key="search_hits")  # fmt: skip
    selected = [hits[i] for i in table.selection.rows] if rows else []
    if viewer is None:
        st.caption("Choose who you are in the sidebar to code hits.")
        return
    if viewer.role == VIEWER:  # viewers read; the core would refuse their codings anyway
        return
    names = {c.id: c.name for c in codes}
    code_column, some, every = st.columns([3, 1, 1])
    code_id = code_column.selectbox(
        "Code to apply", list(names), format_func=names.get, index=None, key="search_code"
    )
    some.button(f"Code {len(selected)} selected", disabled=code_id is None or not selected,
                on_click=_code_hits, args=(selected, viewer.id, code_id))  # fmt: skip
    every.button(f"Code all {len(hits)}", disabled=code_id is None or not hits,
                 on_click=_code_hits, args=(hits, viewer.id, code_id))  # fmt: skip


def page() -> None:
    with transaction() as session:
        project = require_project(session)
        if project is None:
            return
        st.title("Retrieve")
        viewer = choose_coder(session, project)
        codebook = codebook_store.get_codebook(session, project)
        codes = codebook_store.codes(session, codebook) if codebook else []
        groups = codebook_store.groups(session, codebook) if codebook else []
        quotes, search = st.tabs(["Coded quotes", "Text search"])
        with quotes:
            _quotes_tab(session, project, viewer, codebook, codes, groups)
        with search:
            _search_tab(session, project, viewer, codes)
