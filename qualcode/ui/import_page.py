"""Import page: upload several transcripts, preview each parse, fix speaker roles, commit with a
progress bar; and participant metadata with column mapping and typed attributes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from qualcode.errors import QualcodeError
from qualcode.ingest.documents import ImportOptions, import_bytes, parse_upload, participant_for
from qualcode.ingest.memos import MEMO_POLICIES
from qualcode.ingest.participants import ATTRIBUTE_TYPES, import_participant_rows, read_table_bytes
from qualcode.ingest.readers import FORMATS
from qualcode.ingest.roles import ROLES
from qualcode.ingest.transcript import ParsedTranscript
from qualcode.ui.coder import acting_name
from qualcode.ui.context import require_project, transaction
from qualcode.ui.markup import md, text_block

UPLOAD_TYPES = ["docx", "txt", "md", "vtt", "srt", "pdf", "csv", "xlsx"]


def _options() -> ImportOptions:
    left, right = st.columns(2)
    fmt = left.selectbox("Format", FORMATS, help="auto detects the format from the content")
    mode = right.radio(
        "Participant", ["none", "one id for all files", "from the file name"], horizontal=True
    )
    memos = left.selectbox(
        "Numbered memos",
        MEMO_POLICIES,
        help="auto: find them, refuse a file whose memos would take much of its text; "
        "keep: store them anyway; none: keep every line in the turns",
    )
    options = ImportOptions(fmt=fmt, memos=memos)
    if mode == "one id for all files":
        options.participant = right.text_input("Participant id", placeholder="P3") or None
    elif mode == "from the file name":
        options.participant_pattern = right.text_input("Pattern", value=r"Interview-(\d+)")
        options.participant_format = right.text_input("Id format", value="P{}")
    with st.expander("CSV / XLSX answers"):
        options.id_column = (
            st.text_input("Id column", help="participant id; titles each answer") or None
        )
        options.text_column = st.text_input("Text column", help="the answer text") or None
    return options


def _preview(file, options: ImportOptions) -> dict[str, str] | None:
    """Show one file's parse; returns the roles the researcher chose (None when it cannot import)."""
    try:
        parsed = parse_upload(file.name, file.getvalue(), options)
        label = participant_for(file.name, options)
    except QualcodeError as exc:
        st.error(str(exc))
        return None
    if not isinstance(parsed, ParsedTranscript):
        st.write(f"{len(parsed)} answers, one document each.")
        st.dataframe(
            pd.DataFrame([{"participant": r.participant, "words": r.word_count} for r in parsed]),
            hide_index=True,
        )
        return {}
    cols = st.columns(6)
    for col, (name, value) in zip(
        cols,
        [
            ("format", parsed.format),
            ("participant", label or "-"),
            ("turns", len(parsed.turns)),
            ("speakers", len(parsed.speakers)),
            ("words", parsed.word_count),
            ("memos", len(parsed.memos)),
        ],
        strict=True,
    ):
        col.metric(name, value)
    for warning in parsed.warnings:
        st.warning(warning)
    if parsed.meta:
        with st.expander("Header, preamble and footer (kept with the document, not coded)"):
            header = "".join(
                f"{text_block(k)}: {text_block(v)}<br>"
                for k, v in parsed.meta.get("header", {}).items()
            )
            notes = "".join(
                f"<p>{text_block(parsed.meta[key])}</p>"
                for key in ("tool_header", "preamble", "footer", "page_marks")
                if parsed.meta.get(key)
            )
            st.html(f"<p>{header}</p>{notes}")
    roles = {t.speaker: t.role for t in parsed.turns}
    edited = st.data_editor(
        pd.DataFrame([{"speaker": s, "role": r} for s, r in roles.items()]),
        column_config={"speaker": st.column_config.TextColumn(disabled=True), "role": st.column_config.SelectboxColumn(options=list(ROLES), required=True)},
        hide_index=True, key=f"roles_{file.file_id}",
    )  # fmt: skip
    with st.expander("First turns"):
        html = "".join(
            f"<p><b>{text_block(t.speaker)}</b> ({t.role})<br>{text_block(parsed.text[t.start : t.end][:400])}</p>"
            for t in parsed.turns[:6]
        )
        st.html(html)
    return dict(zip(edited["speaker"], edited["role"], strict=True))


def _commit(files, options: ImportOptions, roles: dict[str, dict[str, str]]) -> None:
    progress = st.progress(0.0, text="Importing...")
    rows = []
    for index, file in enumerate(files, start=1):
        file_options = ImportOptions(**{**options.__dict__, "roles": roles.get(file.file_id, {})})
        try:
            with transaction() as session:
                project = require_project(session)
                result = import_bytes(
                    session, project, file.name, file.getvalue(), file_options, actor=acting_name()
                )
            status = "skipped" if result.skipped else "imported"
            rows.append(
                {
                    "file": file.name,
                    "status": status,
                    "document": result.document_id,
                    "participant": result.participant,
                    "turns": result.turns,
                    "words": result.words,
                    "memos": result.memos,
                    "notes": "; ".join(result.warnings),
                }
            )
        except QualcodeError as exc:
            rows.append({"file": file.name, "status": "failed", "notes": str(exc)})
        progress.progress(index / len(files), text=f"{index} of {len(files)} files")
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    failed = sum(r["status"] == "failed" for r in rows)
    (st.error if failed else st.success)(f"{len(rows) - failed} of {len(rows)} files done.")


def _transcripts() -> None:
    files = st.file_uploader("Transcript files", type=UPLOAD_TYPES, accept_multiple_files=True)
    options = _options()
    if not files:
        st.caption(
            "Word (Rev, forms, tables), Otter, plain text, WebVTT, SRT, PDF, or CSV/XLSX answers."
        )
        return
    roles = {}
    for file in files:
        with st.container(border=True):
            st.markdown(f"**{md(file.name)}**")
            chosen = _preview(file, options)
            if chosen is not None:
                roles[file.file_id] = chosen
    if st.button(f"Import {len(files)} files", type="primary"):
        _commit(files, options, roles)


def _participants() -> None:
    sheet = st.file_uploader(
        "Participant sheet (CSV or XLSX)", type=["csv", "xlsx"], key="demographics"
    )
    if sheet is None:
        return
    try:
        rows = read_table_bytes(sheet.name, sheet.getvalue())
    except QualcodeError as exc:
        st.error(str(exc))
        return
    if not rows:
        st.warning(f"{sheet.name} has no rows.")
        return
    columns = list(rows[0])
    id_column = st.selectbox("Participant id column", columns)
    id_format = st.text_input(
        "Participant id format (optional)", placeholder="P{}",
        help="Maps the sheet's ids to the transcripts' ids: 'P{}' turns 1 (or 01) into P1.",
    )  # fmt: skip
    mapping = st.data_editor(
        pd.DataFrame([{"column": c, "include": True, "attribute": c, "type": "auto"} for c in columns if c != id_column]),
        column_config={"column": st.column_config.TextColumn(disabled=True), "type": st.column_config.SelectboxColumn(options=list(ATTRIBUTE_TYPES), required=True)},
        hide_index=True, key="attribute_mapping",
    )  # fmt: skip
    st.dataframe(pd.DataFrame(rows[:5]), hide_index=True)
    if st.button("Import participants", type="primary"):
        chosen = {r.column: (r.attribute, r.type) for r in mapping.itertuples() if r.include}
        with transaction() as session:
            participants = import_participant_rows(
                session, require_project(session), rows, id_column, sheet.name, chosen, "app",
                id_format.strip() or None,
            )  # fmt: skip
        st.success(f"Imported {len(participants)} participants from {sheet.name}.")


def page() -> None:
    st.title("Import")
    with transaction() as session:
        if require_project(session) is None:
            return
    transcripts_tab, participants_tab = st.tabs(["Transcripts", "Participants"])
    with transcripts_tab:
        _transcripts()
    with participants_tab:
        _participants()
