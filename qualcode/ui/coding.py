"""Code: the transcript coding page. Select text and pick a code, or code units by keyboard;
whole-document codes; click a highlight to see, edit or delete a coding."""

from __future__ import annotations

import logging
from functools import partial

import streamlit as st

from qualcode.codebook import store as codebook_store
from qualcode.coding import codings as coding_ops
from qualcode.coding.offsets import Utf16Map
from qualcode.coding.progress import (
    last_document,
    progress_by_document,
    save_position,
    team_progress,
)
from qualcode.coding.selection import code_selection
from qualcode.coding.visibility import sees_everyone, visible_codings
from qualcode.errors import QualcodeError
from qualcode.ingest.documents import document_turns, list_documents
from qualcode.ingest.participants import list_participants
from qualcode.project import current_project, is_person, list_coders
from qualcode.store.models import Code, Coder, Document
from qualcode.ui import coding_suggestions as suggested
from qualcode.ui.choosers import choose_id
from qualcode.ui.coder import CODER_ID_KEY, choose_coder
from qualcode.ui.coding_panel import coding_panel, document_codes, guidance
from qualcode.ui.coding_units import unit_coder
from qualcode.ui.components.span_selector import event, span_selector
from qualcode.ui.components.span_view import Block, Mark, transcript_html
from qualcode.ui.context import require_project, transaction
from qualcode.ui.feedback import message_slot, reported, take_message, tell
from qualcode.ui.markup import md

# The codes column keeps room for a code's name and group on a laptop screen (a quarter of the
# page was ~130 px at 1000 px wide, one word per line).
_COLUMNS = (
    ".st-key-coding_columns > [data-testid='stLayoutWrapper'] > [data-testid='stHorizontalBlock']"
)
SIDE_COLUMN_CSS = (
    "<style>@media (min-width: 640px) {"  # below 640 px Streamlit stacks the columns
    f"{_COLUMNS} {{flex-wrap: nowrap}}"
    f"{_COLUMNS} > [data-testid='stColumn']:first-child {{min-width: 0}}"
    f"{_COLUMNS} > [data-testid='stColumn']:last-child {{min-width: 12rem}}"
    "}</style>"
)

log = logging.getLogger("qualcode.ui")
SELECTOR_KEY = "coding_selector"
DOCUMENT_KEY = "coding_document"
SELECTED_KEY = "coding_selected"  # coding ids shown in the side panel
OUTCOME_KEY = "coding_outcome"  # the last apply's result, sent back to the picker

SHORTCUTS = """
| Where | Keys | What |
| --- | --- | --- |
| Transcript | select text with the mouse | opens the code picker |
| Code picker | type | filter codes by name or key (most recently used first) |
| Code picker | ↑ / ↓, Enter | move, apply the highlighted code |
| Code picker | 1 – 9 | apply the code pinned to that number (the group chosen on the right) |
| Code picker | Esc | close without coding |
| Transcript | click a highlight | show its codings: code, coder, memo, time; edit or delete |
| Units | Tab, type, Enter | move to a unit's code box, filter, add a code |
| Suggestions | A / X | accept (it becomes your coding) / reject the focused suggestion |
| Suggestions | N / P, or click a dashed highlight | focus the next / previous suggestion |
"""


def _coder(session) -> Coder | None:
    coder = session.get(Coder, st.session_state.get(CODER_ID_KEY) or -1)
    return None if coder is None or not is_person(coder) else coder


def _save_selection(value: dict) -> str:
    """Store one selection; the message for the picker (raises a QualcodeError when it cannot)."""
    with transaction() as session:
        document = session.get(Document, int(value.get("document", -1)))
        coder, code = _coder(session), session.get(Code, int(value["code_id"]))
        if coder is None:
            raise QualcodeError("choose who you are in the sidebar before coding")
        if document is None or code is None:
            raise QualcodeError("this document or code no longer exists: reload the page")
        version = codebook_store.require_codebook(session, current_project(session)).version
        coding = code_selection(session, document, coder, code, int(value["start"]),
                                int(value["end"]), version)  # fmt: skip
    st.session_state[SELECTED_KEY] = [coding.id]
    return f"Coded as {code.name}."


def _on_apply() -> None:
    """Save the coding the browser asked for (UTF-16 offsets -> Python offsets); the outcome goes
    back to the picker, which stays open with the selection and the reason when saving failed."""
    value = event(SELECTOR_KEY, "apply")
    if not value:
        return
    outcome = {"nonce": value.get("nonce"), "ok": False, "message": ""}
    try:
        outcome["message"] = _save_selection(value)
        outcome["ok"] = True
        tell("success", outcome["message"])
    except (QualcodeError, ValueError, KeyError) as exc:
        outcome["message"] = (
            str(exc) if isinstance(exc, QualcodeError) else "the selection was not understood"
        )
        tell("error", f"Not coded: {outcome['message']}")
    except Exception as exc:  # the UI must never show a traceback
        log.exception("coding failed")
        outcome["message"] = (
            f"Something went wrong: {type(exc).__name__}: {exc}. Nothing was stored."
        )
        tell("error", outcome["message"])
    st.session_state[OUTCOME_KEY] = outcome


@reported
def _on_clicked() -> None:
    value = event(SELECTOR_KEY, "clicked")
    if not value:
        return
    st.session_state[SELECTED_KEY] = [int(i) for i in value.get("ids", [])]
    suggested.focus_on(value.get("suggestions", []))
    with transaction() as session:
        document, coder = session.get(Document, int(value.get("document", -1))), _coder(session)
        if document is not None and coder is not None:
            position = Utf16Map(document.text).to_python(int(value.get("at", 0)))
            save_position(session, coder, document, position)


def _code_choices(codes: list[Code], recent: list[int], pinned_group: int | None) -> list[dict]:
    """Codes for the picker: most recently used first; the pinned group's first nine get 1-9."""
    rank = {code_id: i for i, code_id in enumerate(recent)}
    ordered = sorted(codes, key=lambda c: (rank.get(c.id, len(rank)), c.position, c.id))
    pins = {c.id: n for n, c in enumerate([c for c in codes if c.group_id == pinned_group][:9], 1)}
    return [
        {"id": c.id, "key": c.key, "name": c.name, "color": c.color, "pin": pins.get(c.id),
         "definition": c.definition}
        for c in ordered
    ]  # fmt: skip


def _opening_document(session, coder: Coder, documents: list[Document]) -> int:
    """Where a coder starts: the document they worked in last, else the first."""
    last = last_document(session, coder)
    return last if any(d.id == last for d in documents) else documents[0].id


def _document_label(document: Document, labels: dict, progress) -> str:
    participant = labels.get(document.participant_id, "no participant")
    status = "not started"
    if progress.codings:
        status = f"{progress.codings} codings, {progress.share:.0%} of turns"
    return f"{document.title} ({participant}) · {status}"


def page() -> None:
    with transaction() as session:
        project = require_project(session)
        if project is None:
            return
        st.title("Code")
        coder = choose_coder(session, project)
        codebook = codebook_store.get_codebook(session, project)
        documents = list_documents(session, project)
        if coder is None:
            st.info("Choose who you are in the sidebar (or add a new coder) to start coding.")
            return
        if codebook is None or not documents:
            st.info("Coding needs a codebook and at least one transcript: import them first.")
            return
        labels = {p.id: p.label for p in list_participants(session, project)}
        progress = progress_by_document(session, documents, coder)
        chosen = choose_id(
            "Document",
            {d.id: _document_label(d, labels, progress[d.id]) for d in documents},
            DOCUMENT_KEY,
            default=_opening_document(session, coder, documents),
            address="document",
        )
        document = next(d for d in documents if d.id == chosen)
        codes = codebook_store.codes(session, codebook)
        groups = codebook_store.groups(session, codebook)
        codings = visible_codings(session, project, coder, [document.id])
        coders = {c.id: c.name for c in list_coders(session, project)}
        team = [
            {**row, "turns touched": f"{row['turns touched']:.0%}"}
            for row in team_progress(session, project, documents, {coder.id: progress})
        ]
        recent = coding_ops.recent_code_ids(session, coder)
        turns = document_turns(session, document)
        blind = not sees_everyone(project, coder)
        panel_codings = [c for c in codings if c.id in st.session_state.get(SELECTED_KEY, [])]
        whole_document = coding_ops.document_codings(session, document, coder)
        suggestions = suggested.open_for(session, project, document, coder)
        decided = suggested.counts(session, project, coder)

    # A confirmation goes into the caption line, where it takes no room: a box above the
    # transcript would push the text down under the coder's mouse after every coding.
    message = take_message()
    caption = f"Coding as **{md(coder.name)}** · codebook version {codebook.version}"
    if blind:
        caption += " · blind coding: you see only your own codings"
    confirmed = message is not None and message[0] == "success"
    if confirmed:
        caption += f" · :green[✓ {md(message[1])}]"
    message_slot(None if confirmed else message)
    st.caption(caption)
    shortcuts, team_box = st.columns(2)
    with shortcuts.expander("Keyboard shortcuts"):
        st.markdown(SHORTCUTS)
    with team_box.expander("Progress per coder and document"):
        st.dataframe(team, hide_index=True, width="stretch")
    # the two modes name themselves: no label line above them
    mode = st.segmented_control(
        "Mode", ["Select text", "Code units"], default="Select text", key="coding_mode",
        label_visibility="collapsed",
    )  # fmt: skip
    st.html(SIDE_COLUMN_CSS)
    reader, side = st.container(key="coding_columns").columns([3, 1])
    by_id = {c.id: c for c in codes}
    with side:
        group_names = {g.id: g.name for g in groups}
        pinned = st.selectbox(
            "Number keys 1–9 apply codes of", list(group_names), format_func=group_names.get,
            key="coding_pinned_group",
        ) if groups else None  # fmt: skip
        with st.container():  # one slot whether or not there are suggestions: nothing below moves
            suggested.suggestion_panel(suggestions, decided, document, coder)
        # the codings under the last click in the text; unit boxes show their own
        shown = panel_codings if mode != "Code units" else []
        coding_panel(shown, by_id, coders, codes, document.text)
        guidance(codes, groups)
    with reader:
        with st.expander(f"Whole-document codes ({len(whole_document)})"):
            document_codes(document, coder, codes, whole_document)
        if mode == "Code units":
            unit_coder(document, coder, codes, groups, codings,
                       partial(suggested.unit_badges, suggestions, document, coder))  # fmt: skip
            return
        marks = [
            Mark(c.id, c.start, c.end, by_id[c.code_id].color if c.code_id in by_id else "",
                 f"{by_id[c.code_id].name if c.code_id in by_id else '?'} · {coders.get(c.coder_id, '')}")
            for c in codings if c.start is not None and c.end is not None
        ]  # fmt: skip
        focus = suggested.focused(suggestions)
        blocks = [Block(t.start, t.end, t.speaker, t.role, t.timestamp) for t in turns]
        position = progress[document.id].last_position
        span_selector(
            SELECTOR_KEY,
            document.id,
            transcript_html(document.text, blocks, marks, suggested.hints(suggestions, focus)),
            _code_choices(codes, recent, pinned),
            scroll_to=Utf16Map(document.text).to_utf16(position) if position else None,
            focus=focus["id"] if focus else None,
            picker_hint="1–9: pinned codes · ↑↓ Enter: apply · Esc: close",
            outcome=st.session_state.get(OUTCOME_KEY),
            on_apply=_on_apply,
            on_clicked=_on_clicked,
        )
