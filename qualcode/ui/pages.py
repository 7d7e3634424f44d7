"""The app's pages by section; a feature adds its page here (a page exists only when it works)."""

from __future__ import annotations

import streamlit as st

from qualcode.ui import (
    agreement,
    audit_page,
    codebook,
    codebook_editor,
    coding,
    deid_page,
    evidence,
    home,
    import_page,
    joint,
    links,
    memos,
    reconcile,
    reports,
    retrieve,
    survey_results,
    surveys,
    transcripts,
)
from qualcode.ui.context import guarded
from qualcode.ui.team_access import blind_guard, may_open

# (section, page function, title, material icon, url path)
PAGES = [
    ("Project", home.page, "Home", "home", "home"),
    ("Data", import_page.page, "Import", "upload_file", "import"),
    ("Data", transcripts.page, "Transcripts", "description", "transcripts"),
    ("Data", codebook.page, "Codebook", "label", "codebook"),
    ("Data", deid_page.page, "De-identification", "visibility_off", "deidentify"),
    ("Coding", coding.page, "Code", "ink_highlighter", "code"),
    ("Coding", codebook_editor.page, "Edit codebook", "edit", "codebook-editor"),
    ("Coding", memos.page, "Memos", "sticky_note_2", "memos"),
    ("Coding", retrieve.page, "Retrieve", "manage_search", "retrieve"),
    ("Agreement", agreement.page, "Agreement", "balance", "agreement"),
    ("Agreement", reconcile.page, "Reconcile", "merge", "reconcile"),
    ("Analysis", reports.page, "Reports", "table_chart", "reports"),
    ("Survey", surveys.page, "Surveys", "ballot", "surveys"),
    ("Survey", survey_results.page, "Survey results", "bar_chart", "survey-results"),
    ("Evidence", evidence.page, "Registry evidence", "monitoring", "evidence"),
    ("Evidence", joint.page, "Joint display", "join_inner", "joint"),
    ("Project", audit_page.page, "Audit log", "history", "audit"),
]


def sections() -> dict[str, list]:
    """Navigation sections for st.navigation (the pages the user's role may open); the first
    page is the default, at `/` and at its own address."""
    result: dict[str, list] = {}
    for index, (section, page, title, icon, url_path) in enumerate(PAGES):
        if not may_open(url_path):
            continue
        streamlit_page = st.Page(
            guarded(blind_guard(page, url_path, title)),
            title=title,
            icon=f":material/{icon}:",
            url_path="" if index == 0 else url_path,
            default=index == 0,
        )
        links.register(url_path, streamlit_page)
        result.setdefault(section, []).append(streamlit_page)
        if index == 0:
            result[section].append(own_address(streamlit_page, url_path))
    return result


def own_address(first: st.Page, url_path: str) -> st.Page:
    """The default page lives at `/` (st.navigation serves it nowhere else); its own address
    (`/home`) is a hidden page that opens it, so a bookmarked or typed address is never "page
    not found"."""

    def open_first() -> None:
        st.switch_page(first)

    open_first.__name__ = f"open_{url_path.replace('-', '_')}"
    return st.Page(open_first, title=first.title, url_path=url_path, visibility="hidden")
