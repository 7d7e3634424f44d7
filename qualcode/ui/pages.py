"""The app's pages by section; a feature adds its page here (a page exists only when it works)."""

from __future__ import annotations

import streamlit as st

from qualcode.ui import agreement, codebook, deid_page, home, import_page, reconcile, transcripts
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
                guarded(import_page.page),
                title="Import",
                icon=":material/upload_file:",
                url_path="import",
            ),
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
            st.Page(
                guarded(deid_page.page),
                title="De-identification",
                icon=":material/visibility_off:",
                url_path="deidentify",
            ),
        ],
        "Agreement": [
            st.Page(
                guarded(agreement.page),
                title="Agreement",
                icon=":material/balance:",
                url_path="agreement",
            ),
            st.Page(
                guarded(reconcile.page),
                title="Reconcile",
                icon=":material/merge:",
                url_path="reconcile",
            ),
        ],
    }
