"""The app's pages by section; a feature adds its page here (a page exists only when it works)."""

from __future__ import annotations

import streamlit as st

from qualcode.ui import codebook, home, transcripts
from qualcode.ui import evidence as evidence_page
from qualcode.ui import joint as joint_page
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
        "Evidence": [
            st.Page(guarded(evidence_page.page), title="Registry evidence",
                    icon=":material/monitoring:", url_path="evidence"),
            st.Page(guarded(joint_page.page), title="Joint display",
                    icon=":material/join_inner:", url_path="joint"),
        ],
    }
