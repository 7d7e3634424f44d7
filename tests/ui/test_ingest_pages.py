"""The Import and De-identification pages, rendered by AppTest against a real database."""

from sqlmodel import select

from qualcode.ingest.deid.review import decide, proposals
from qualcode.ingest.documents import resolve_document
from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.store.deid_models import DeidProposal


def test_import_page_offers_transcripts_and_participants(run_page, demo_url):
    app = run_page("import_page", demo_url)
    assert not app.exception
    assert [t.label for t in app.tabs] == ["Transcripts", "Participants"]
    assert app.selectbox[0].value == "auto"


def test_import_page_offers_the_memo_choices(run_page, demo_url):
    app = run_page("import_page", demo_url)
    memos = next(s for s in app.selectbox if s.label == "Numbered memos")
    assert memos.value == "auto" and list(memos.options) == ["auto", "keep", "none"]


def proposed_on_p3(run_page, url):
    """The de-identification page on the p3 interview after "Find personal data" with one term."""
    app = run_page("deid_page", url)
    with session_scope(url) as session:
        document = resolve_document(
            session, current_project(session), "interview_p3_2022-07-19.vtt"
        )
    app.selectbox(key="deid_document").set_value(document.id).run()
    app.text_input(key="deid_terms").set_value("Hugging Face:org").run()
    app.button[0].click().run()
    return app


def test_deid_page_finds_personal_data(run_page, demo_url):
    app = proposed_on_p3(run_page, demo_url)
    assert not app.exception
    with session_scope(demo_url) as session:
        originals = {p.original for p in session.exec(select(DeidProposal))}
    assert {"Hugging Face", "Jordan Lee", "Alex Morgan"} <= originals


def test_deid_page_applies_accepted_proposals(run_page, demo_url):
    app = proposed_on_p3(run_page, demo_url)
    with session_scope(demo_url) as session:
        project = current_project(session)
        for p in proposals(session, project):
            decide(session, project, p.id, "accept")
    app.run()
    next(b for b in app.button if b.label == "Apply accepted").click().run()
    assert not app.exception
    with session_scope(demo_url) as session:
        text = resolve_document(
            session, current_project(session), "interview_p3_2022-07-19.vtt"
        ).text
    assert "[ORG-1]" in text and "Hugging Face" not in text
