"""The app's pages by section; a feature adds its page here (a page exists only when it works)."""

from __future__ import annotations

import streamlit as st

<<<<<<< HEAD
from qualcode.ui import codebook, home, transcripts
from qualcode.ui import evidence as evidence_page
from qualcode.ui import joint as joint_page
=======
from qualcode.ui import (
    agreement,
    codebook,
    deid_page,
    home,
    import_page,
    reconcile,
    survey_results,
    surveys,
    transcripts,
)
>>>>>>> main
from qualcode.ui.context import guarded

# (section, page function, title, material icon, url path)
PAGES = [
    ("Project", home.page, "Home", "home", "home"),
    ("Data", import_page.page, "Import", "upload_file", "import"),
    ("Data", transcripts.page, "Transcripts", "description", "transcripts"),
    ("Data", codebook.page, "Codebook", "label", "codebook"),
    ("Data", deid_page.page, "De-identification", "visibility_off", "deidentify"),
    ("Agreement", agreement.page, "Agreement", "balance", "agreement"),
    ("Agreement", reconcile.page, "Reconcile", "merge", "reconcile"),
    ("Survey", surveys.page, "Surveys", "ballot", "surveys"),
    ("Survey", survey_results.page, "Survey results", "bar_chart", "survey-results"),
]


def sections() -> dict[str, list]:
    """Navigation sections for st.navigation; the first page is the default."""
    result: dict[str, list] = {}
    for index, (section, page, title, icon, url_path) in enumerate(PAGES):
        result.setdefault(section, []).append(
            st.Page(
<<<<<<< HEAD
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
=======
                guarded(page),
                title=title,
                icon=f":material/{icon}:",
                url_path=url_path,
                default=index == 0,
            )
        )
    return result
>>>>>>> main
