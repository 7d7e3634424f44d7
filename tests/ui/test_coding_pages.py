"""The coding, memo and codebook editor pages driven by AppTest against a real SQLite study."""

from coding_study import open_study
from sqlmodel import select

from qualcode.coding.codings import add_coding
from qualcode.coding.memos import add_memo
from qualcode.coding.visibility import set_blind_coding
from qualcode.ingest.documents import document_segments, list_documents
from qualcode.project import current_project, get_or_create_coder
from qualcode.store import session_scope
from qualcode.store.models import Code, Codebook, Coding


def _ids(url):
    with session_scope(url) as session:
        study = open_study(session)
        turns = document_segments(session, study.document, "turn")
        return {k: c.id for k, c in study.code.items()}, study.document.id, study.alice.id, turns


def _live(url):
    with session_scope(url) as session:
        return list(session.exec(select(Coding).where(Coding.deleted_at.is_(None))))


def test_coding_page_asks_who_is_coding(run_page, study_url):
    app = run_page("coding", study_url)
    assert not app.exception
    assert "Choose who you are" in app.info[0].value


def test_segment_coding_stores_a_coding_on_the_unit(run_page, study_url):
    codes, document_id, alice_id, turns = _ids(study_url)
    app = run_page("coding", study_url, qualcode_coder_name="alice", coding_mode="Code units")
    assert not app.exception
    app.multiselect(key=f"unit_{document_id}_{alice_id}_turn_3").set_value([codes["docs"]]).run()
    (coding,) = _live(study_url)
    assert (coding.code_id, coding.start, coding.end) == (
        codes["docs"],
        turns[3].start,
        turns[3].end,
    )


def test_segment_coding_refuses_two_codes_of_an_exclusive_group(run_page, study_url):
    codes, document_id, alice_id, _ = _ids(study_url)
    app = run_page("coding", study_url, qualcode_coder_name="alice", coding_mode="Code units")
    box = app.multiselect(key=f"unit_{document_id}_{alice_id}_turn_0")
    box.set_value([codes["selection"], codes["deployment"]]).run()
    assert "exclusive" in app.error[0].value
    assert _live(study_url) == []


def test_whole_document_code_takes_one_click(run_page, study_url):
    codes, document_id, alice_id, _ = _ids(study_url)
    app = run_page("coding", study_url, qualcode_coder_name="alice")
    app.button_group(key=f"document_codes_{document_id}_{alice_id}").set_value(
        [codes["docs"]]
    ).run()
    (coding,) = _live(study_url)
    assert (coding.code_id, coding.start, coding.end) == (codes["docs"], None, None)


def test_memo_page_searches(run_page, study_url):
    with session_scope(study_url) as session:
        add_memo(session, current_project(session), "about licences")
        add_memo(session, current_project(session), "about downloads")
    app = run_page("memos", study_url)
    app.text_input(key="memo_search").input("licences").run()
    assert "1 memo" in [c.value for c in app.caption]


def test_codebook_merge_repoints_codings(run_page, study_url):
    codes, document_id, _, _ = _ids(study_url)
    with session_scope(study_url) as session:
        project = current_project(session)
        document = list_documents(session, project)[0]
        add_coding(session, document, get_or_create_coder(session, project, "alice"),
                   session.get(Code, codes["license"]), 0, 5)  # fmt: skip
    app = run_page(
        "codebook_editor", study_url, qualcode_coder_name="alice", editor_code=codes["license"]
    )
    assert not app.exception
    app.selectbox(key=f"merge_{codes['license']}").set_value(codes["docs"]).run()
    app.button(key=f"merge_button_{codes['license']}").click().run()
    assert app.success[0].value.startswith("Merged: 1 codings")
    assert [c.code_id for c in _live(study_url)] == [codes["docs"]]


def test_codebook_edit_bumps_the_version(run_page, study_url):
    codes, _, _, _ = _ids(study_url)
    with session_scope(study_url) as session:
        before = session.exec(select(Codebook)).one().version
    app = run_page(
        "codebook_editor", study_url, qualcode_coder_name="alice", editor_code=codes["docs"]
    )
    app.text_area(key=f"definition_{codes['docs']}").input("Documentation is absent or too thin.")
    next(b for b in app.button if b.label == "Save changes").click().run()
    assert "version" in app.success[0].value
    with session_scope(study_url) as session:
        assert session.exec(select(Codebook)).one().version == before + 1
        assert session.get(Code, codes["docs"]).definition.startswith("Documentation is absent")


def test_memo_page_hides_other_coders_coding_memos_in_blind_mode(run_page, study_url):
    with session_scope(study_url) as session:
        study = open_study(session)
        add_coding(
            session, study.document, study.alice, study.code["docs"], 0, 5, memo="alice only"
        )
        set_blind_coding(session, study.project, True, False)
    app = run_page("memos", study_url, qualcode_coder_name="bob")
    assert "0 memos" in [c.value for c in app.caption]


def _one_coding(url) -> int:
    with session_scope(url) as session:
        study = open_study(session)
        return add_coding(session, study.document, study.alice, study.code["docs"], 0, 11).id


def test_the_clicked_codings_panel_shows_in_select_text_mode_only(run_page, study_url):
    coding_id = _one_coding(study_url)
    for mode, shown in (("Select text", True), ("Code units", False)):
        app = run_page("coding", study_url, qualcode_coder_name="alice", coding_mode=mode,
                       coding_selected=[coding_id])  # fmt: skip
        assert not app.exception
        assert ("Selected coding" in [s.value for s in app.subheader]) is shown, mode


def test_a_confirmation_shows_in_the_caption_line_not_in_a_box_above_the_text(run_page, study_url):
    coding_id = _one_coding(study_url)
    app = run_page("coding", study_url, qualcode_coder_name="alice", coding_selected=[coding_id])
    app.button(key=f"delete_{coding_id}").click().run()
    assert _live(study_url) == []
    assert app.success == []
    assert any("✓ Coding deleted" in c.value for c in app.caption)
