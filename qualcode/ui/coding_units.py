"""Segment coding: the document as units (turns, paragraphs, sentences), each with a code box
for fast coding by keyboard. A page of units at a time keeps large transcripts responsive."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import streamlit as st

from qualcode.codebook import store as codebook_store
from qualcode.coding.codings import live_codings
from qualcode.coding.retrieval import speaker_at
from qualcode.coding.segment_coding import set_unit_codes, unit_code_ids
from qualcode.errors import QualcodeError
from qualcode.ingest.documents import document_segments, document_turns
from qualcode.ingest.segments import Segment
from qualcode.project import current_project
from qualcode.store.models import Code, CodeGroup, Coder, Coding, Document
from qualcode.ui.context import transaction
from qualcode.ui.feedback import reported
from qualcode.ui.markup import md, text_block

UNITS_PER_PAGE = 15
UNIT_LABELS = {"turn": "Speaker turns", "paragraph": "Paragraphs", "sentence": "Sentences"}


REJECTED_KEY = "coding_unit_rejected"  # widget key -> why the last change was refused


def box_prefix(document_id: int, coder_id: int) -> str:
    """The start of every unit code box's key of one coder in one document."""
    return f"unit_{document_id}_{coder_id}_"


@reported
def _save_unit(document_id: int, coder_id: int, segment: Segment, widget_key: str) -> None:
    rejected = st.session_state.setdefault(REJECTED_KEY, {})
    rejected.pop(widget_key, None)
    try:
        with transaction() as session:
            document, coder = session.get(Document, document_id), session.get(Coder, coder_id)
            codebook = codebook_store.require_codebook(session, current_project(session))
            codes = [session.get(Code, i) for i in st.session_state.get(widget_key) or []]
            existing = live_codings(session, [document.id], [coder.id])
            set_unit_codes(session, document, coder, segment, codes, existing,
                           codebook_store.groups(session, codebook), codebook.version,
                           coder.name)  # fmt: skip
    except QualcodeError as exc:
        rejected[widget_key] = str(exc)
        with transaction() as session:  # the box shows what is stored, not the refused choice
            own = live_codings(session, [document_id], [coder_id])
            stored = unit_code_ids(own, [segment]).get(segment.index, ())
        st.session_state[widget_key] = list(stored)


def unit_coder(
    document: Document, coder: Coder, codes: list[Code], groups: list[CodeGroup],
    codings: list[Coding], badges: Callable[[int, int], None] | None = None,
) -> None:  # fmt: skip
    """Units of the chosen kind with their code boxes, a page at a time; `badges(start, end)`
    shows what the assistants suggest in a unit."""
    unit = st.segmented_control("Unit", list(UNIT_LABELS), default="turn",
                                format_func=UNIT_LABELS.get, key="coding_unit") or "turn"  # fmt: skip
    with transaction() as session:
        segments = document_segments(session, document, unit)
        turns = document_turns(session, document)
    own = [c for c in codings if c.coder_id == coder.id]
    current = unit_code_ids(own, segments)
    pages = max(1, -(-len(segments) // UNITS_PER_PAGE))
    number = st.number_input(
        f"Page (of {pages})", 1, pages, 1, key=f"unit_page_{document.id}_{unit}"
    )
    names = {c.id: c.name for c in codes}
    first = (number - 1) * UNITS_PER_PAGE
    for segment in segments[first : first + UNITS_PER_PAGE]:
        text_column, code_column = st.columns([3, 2])
        with text_column:
            speaker = speaker_at(turns, segment.start)
            who = f'<span style="color:#6b7280">{escape(speaker)}:</span> ' if speaker else ""
            st.html(f'<div style="line-height:1.5"><b>{segment.index + 1}.</b> {who}'
                    f"{text_block(document.text[segment.start : segment.end])}</div>")  # fmt: skip
        with code_column:
            key = f"{box_prefix(document.id, coder.id)}{unit}_{segment.index}"
            stored = [i for i in current.get(segment.index, ()) if i in names]
            st.multiselect(
                f"Codes for {unit} {segment.index + 1}", list(names), format_func=names.get,
                default=None if key in st.session_state else stored, key=key,
                label_visibility="collapsed", placeholder="add codes…",
                on_change=_save_unit, args=(document.id, coder.id, segment, key),
            )  # fmt: skip
            reason = st.session_state.get(REJECTED_KEY, {}).get(key)
            if reason:
                st.error(md(f"Not saved: {reason}"))
            if badges is not None:
                badges(segment.start, segment.end)
