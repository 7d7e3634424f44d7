"""The Retrieve page: coded quotes (respecting blind coding) and text search that codes its hits."""

from coding_study import open_study

from qualcode.coding.codings import add_coding, live_codings
from qualcode.coding.visibility import set_blind_coding
from qualcode.project import get_or_create_coder
from qualcode.store import session_scope


def _code_licence(url, blind: bool) -> int:
    with session_scope(url) as session:
        study = open_study(session)
        start = study.document.text.index("the licence is missing")
        add_coding(session, study.document, study.alice, study.code["license"], start, start + 22)
        set_blind_coding(session, study.project, blind, False)
        return study.code["license"].id


def test_coded_quotes_show_the_passage_in_context(run_page, study_url):
    code_id = _code_licence(study_url, blind=False)
    app = run_page("retrieve", study_url, qualcode_coder_name="bob", retrieve_codes=[code_id])
    assert not app.exception
    html = " ".join(element.proto.body for element in app.get("html"))
    assert "<mark>the licence is missing</mark>" in html and "Maya" in html


def test_in_blind_mode_another_coders_quotes_are_hidden(run_page, study_url):
    code_id = _code_licence(study_url, blind=True)
    with session_scope(study_url) as session:
        study = open_study(session)
        bob = get_or_create_coder(session, study.project, "bob")
        start = study.document.text.index("we cannot deploy it")
        add_coding(session, study.document, bob, study.code["license"], start, start + 19)
    app = run_page("retrieve", study_url, qualcode_coder_name="bob", retrieve_codes=[code_id])
    assert not app.exception and not app.error
    html = " ".join(element.proto.body for element in app.get("html"))
    assert "<mark>we cannot deploy it</mark>" in html  # bob's own coding
    assert "<mark>the licence is missing</mark>" not in html  # alice's, hidden
    assert "1 coded passages" in [c.value for c in app.caption]


def test_search_codes_all_hits(run_page, study_url):
    with session_scope(study_url) as session:
        code_id = open_study(session).code["docs"].id
    app = run_page("retrieve", study_url, qualcode_coder_name="alice")
    app.text_input(key="search_pattern").input("licence").run()
    app.selectbox(key="search_code").set_value(code_id).run()
    next(b for b in app.button if b.label == "Code all 2").click().run()
    assert any("Coded 2 passages" in i.value for i in app.info)
    with session_scope(study_url) as session:
        assert [c.code_id for c in live_codings(session)] == [code_id, code_id]
