"""Reconcile page: browse units where coders differ, side by side with memos, and decide the consensus."""

from __future__ import annotations

import streamlit as st

from qualcode.agreement.compute import overall_alpha
from qualcode.agreement.data import load_study_data
from qualcode.agreement.disagreements import agreed_runs, default_memo, find_disagreements, sides
from qualcode.coding.consensus import adopt_agreements, decide, reconcile_unit
from qualcode.store.models import Document
from qualcode.ui.agreement import selection_form
from qualcode.ui.blind_settings import blind_coding_settings
from qualcode.ui.choosers import choose_id
from qualcode.ui.coder import CODER_KEY
from qualcode.ui.context import require_project, transaction
from qualcode.ui.markup import chip, md, text_block


def coder_column(name: str, codings: list, colors: dict[str, str], names: dict[str, str]) -> None:
    """One coder's codes on the unit, each with the quote it covers and the coder's memo."""
    st.markdown(f"**{md(name)}**")
    if not codings:
        st.caption("no code here")
    for coding in codings:
        quote = coding.quote or "(whole document)"
        memo = (
            f"<div style='color:#555'><i>memo:</i> {text_block(coding.memo)}</div>"
            if coding.memo
            else ""
        )
        st.html(
            f"{chip(names.get(coding.code, coding.code), colors.get(coding.code, '#888888'))}"
            f"<div style='font-size:0.9em;margin:2px 0 8px 0'>“{text_block(quote)}”</div>{memo}"
        )


FLASH_KEY = "reconcile_flash"


def page() -> None:
    st.title("Reconcile disagreements")
    if FLASH_KEY in st.session_state:
        st.success(md(st.session_state.pop(FLASH_KEY)))
    with transaction() as session:
        project = require_project(session)
        if project is None:
            return
        changed = blind_coding_settings(session, project)
        if changed:
            st.session_state[FLASH_KEY] = changed
            saved = True
        else:
            saved = browse(session, project)
    if saved:  # after the commit: show the browser with the new consensus
        st.rerun()


def browse(session, project) -> bool:
    """The disagreement browser; True when a decision was saved."""
    selection = selection_form(session, project, "reconcile", "sentence")
    data = load_study_data(session, project, selection)
    colors = {c.key: c.color for c in data.codes}
    names = {c.key: c.name for c in data.codes}
    actor = st.session_state.get(CODER_KEY)  # the reconciler is the coder chosen in the sidebar
    if not actor:
        st.info("Choose who you are in the sidebar: each decision records its reconciler.")
    top = st.columns(3)
    if top[0].button("Adopt agreed units into the consensus", key="reconcile_adopt",
                     disabled=not actor):  # fmt: skip
        added = adopt_agreements(
            session, project, agreed_runs(data), data.codes, actor, data.codebook_version
        )
        st.session_state[FLASH_KEY] = f"Added {added} agreed codings to the consensus."
        return True
    alpha = overall_alpha(data)  # the same unit and coders as the disagreements below
    top[2].metric(
        f"Overall α ({data.table.unit}; {', '.join(data.table.coders)})",
        "–" if alpha is None else f"{alpha:.3f}",
    )
    found = find_disagreements(session, data)
    hide_done = st.toggle("Hide reconciled units", value=False, key="reconcile_hide")
    shown = [d for d in found if not (hide_done and d.reconciled)]
    st.caption(
        md(
            f"{len(found)} units where the coders differ, {sum(d.reconciled for d in found)} reconciled."
        )
    )
    if not shown:
        st.info("No disagreements to show for this choice.")
        return False
    labels = {
        i: f"{'✓ ' if d.reconciled else ''}{d.title} · {d.unit} {d.index + 1} · "
        f"{', '.join(names[k] for k in d.disputed)}"
        for i, d in enumerate(shown)
    }
    chosen = choose_id("Disagreement", labels, "reconcile_pick", default=0)
    unit = shown[chosen]
    disputed_ids = [c.id for c in data.codes if c.key in unit.disputed]
    both_sides = sides(session, unit, list(unit.codes), disputed_ids)
    st.caption(
        md(
            f"Agreed here: {', '.join(names[k] for k in unit.agreed) or 'nothing'}. Shown: the disputed codes."
        )
    )
    st.html(
        f"<div style='background:#f7f7f9;padding:10px;border-radius:6px;line-height:1.5;max-height:260px;overflow-y:auto'>"
        f"{text_block(unit.text)}</div>"
    )
    columns = st.columns(len(unit.codes) + 1)
    for column, coder in zip(columns, unit.codes, strict=False):
        with column:
            coder_column(coder, both_sides.by_coder.get(coder, []), colors, names)
    with columns[-1]:
        coder_column("consensus (now)", both_sides.consensus, colors, names)
    options = [*(f"accept {c}" for c in unit.codes), "both", "neither", "edit"]
    decision = st.radio(
        "Decision", options, horizontal=True, key="reconcile_decision", format_func=md
    )
    edited, memo = None, ""
    if decision == "edit":
        edited = st.multiselect("Codes", list(names), format_func=names.get, key="reconcile_codes",
                                default=[k for keys in unit.codes.values() for k in keys if k in names][:1])  # fmt: skip
        memo = st.text_area("Memo", key="reconcile_memo")
    if st.button("Save decision", key="reconcile_save", disabled=not actor):
        kind, _, side = decision.partition(" ")
        keep = decide(kind, unit.codes, side or None, edited)
        memo = memo or default_memo(both_sides, keep, kind, side or None)
        document = session.get(Document, unit.document_id)
        whole = unit.unit == "document"
        reconcile_unit(
            session, project, document, None if whole else unit.start, None if whole else unit.end,
            data.codes, keep, kind, memo, actor, data.codebook_version,
        )  # fmt: skip
        st.session_state[FLASH_KEY] = (
            f"Consensus saved for {unit.title} {unit.unit} {unit.index + 1}: "
            f"{', '.join(names[k] for k in keep) or 'no code'}."
        )
        return True
    return False
