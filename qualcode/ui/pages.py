"""The app's pages by section; a feature adds its page here (a page exists only when it works)."""

from __future__ import annotations

import streamlit as st

from qualcode.ui import codebook, codebook_editor, coding, home, memos, retrieve, transcripts
from qualcode.ui.context import guarded


def sections() -> dict[str, list]:
    """Navigation sections for st.navigation."""
    return {
        "Project": [
            st.Page(
                guarded(home.page),
                title="Home",
                icon=":material/home:",
                url_path="home",
                default=True,
            ),
        ],
        "Data": [
            st.Page(
                guarded(transcripts.page),
                title="Transcripts",
                icon=":material/description:",
                url_path="transcripts",
            ),
            st.Page(
                guarded(codebook.page),
                title="Codebook",
                icon=":material/label:",
                url_path="codebook",
            ),
        ],
        "Coding": [
            st.Page(guarded(coding.page), title="Code", icon=":material/ink_highlighter:",
                    url_path="code"),  # fmt: skip
            st.Page(guarded(codebook_editor.page), title="Edit codebook", icon=":material/edit:",
                    url_path="codebook-editor"),  # fmt: skip
            st.Page(guarded(memos.page), title="Memos", icon=":material/sticky_note_2:",
                    url_path="memos"),  # fmt: skip
            st.Page(guarded(retrieve.page), title="Retrieve", icon=":material/manage_search:",
                    url_path="retrieve"),  # fmt: skip
        ],
    }
