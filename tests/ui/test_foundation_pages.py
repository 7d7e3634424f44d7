"""The home page, the transcript reader and the codebook browser, rendered by AppTest."""

from pathlib import Path

from sqlmodel import select
from streamlit.testing.v1 import AppTest

import qualcode
from qualcode.store import session_scope
from qualcode.store.models import Document

REPO = Path(__file__).resolve().parents[2]


def test_home_shows_the_project_at_a_glance(run_page, demo_url):
    app = run_page("home", demo_url)
    assert not app.exception
    assert app.title[0].value == "PTM reuse sample study"
    captions = [c.value for c in app.caption]
    assert "5 documents, 5 participants" in captions
    assert "78 codings by 2 coders" in captions
    assert any("measure agreement" in m.value for m in app.markdown)


def test_home_without_a_project_explains_what_to_do(run_page, sqlite_url):
    app = run_page("home", sqlite_url)
    assert not app.exception
    assert "qualcode init" in app.info[0].value


def test_transcript_reader_shows_turns_of_the_chosen_document(run_page, demo_url):
    app = run_page("transcripts", demo_url)
    assert not app.exception
    with session_scope(demo_url) as session:
        vtt = session.exec(
            select(Document).where(Document.source_name.startswith("interview_p3"))
        ).one()
    app.selectbox(key="transcript_document").set_value(vtt.id).run()
    html = " ".join(element.proto.body for element in app.get("html"))
    assert "Hugging Face" in html and "🤗" in html


def test_codebook_browser_lists_groups_and_filters(run_page, demo_url):
    app = run_page("codebook", demo_url)
    assert not app.exception
    groups = qualcode.open(demo_url).codebook().drop_duplicates("group")["group_name"]
    assert [s.value for s in app.subheader] == list(groups)
    app.text_input[0].input("security").run()
    assert [s.value for s in app.subheader] == ["Challenges"]
    html = " ".join(element.proto.body for element in app.get("html"))
    assert "Security and privacy risks" in html
    assert "Model search" not in html


def test_whole_app_opens_on_home(monkeypatch, demo_url):
    monkeypatch.setenv("QUALCODE_DB", demo_url)
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    assert not app.exception
    assert app.title[0].value == "PTM reuse sample study"
