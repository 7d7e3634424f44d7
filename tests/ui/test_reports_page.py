"""The Reports page rendered by AppTest on the sample study and on an empty database."""

import qualcode
from qualcode.project import CONSENSUS_CODER, current_project, get_or_create_coder
from qualcode.store import session_scope


def test_reports_page_shows_the_challenge_table(run_page, demo_url):
    app = run_page("reports", demo_url)
    assert not app.exception and not app.error
    assert app.title[0].value == "Reports"
    assert app.selectbox(key="reports-group").value == "challenge"
    table = app.dataframe[0].value
    assert list(table["code"])[:2] == ["discrepancies", "missing_attributes"]


def test_saturation_is_stated_in_words(run_page, demo_url):
    app = run_page("reports", demo_url, **{"reports-tab": "Saturation"})
    assert any("Saturation was" in info.value for info in app.info)


def test_only_the_open_tab_is_built(run_page, demo_url):
    app = run_page("reports", demo_url)
    assert not any("Saturation was" in info.value for info in app.info)
    assert len(app.dataframe) == 1  # the code table alone


def test_one_coder_changes_the_counts(run_page, demo_url):
    app = run_page("reports", demo_url)
    everyone = app.dataframe[0].value.set_index("code")["codings"]
    app.radio(key="reports-choice").set_value("Chosen coders").run()
    assert not app.exception and app.multiselect(key="reports-coders").value == ["alice"]
    alice = app.dataframe[0].value.set_index("code")["codings"]
    codings = qualcode.open(demo_url).codings(coders="alice")
    expected = codings[codings["group"] == "challenge"].groupby("code").size()
    assert alice[alice > 0].sort_index().to_dict() == expected.sort_index().to_dict()
    assert alice.sum() < everyone.sum()


def test_reports_without_a_project_explain_what_to_do(run_page, sqlite_url):
    app = run_page("reports", sqlite_url)
    assert not app.exception
    assert "qualcode init" in app.info[0].value


def test_consensus_before_reconciling_says_so(run_page, demo_url):
    with session_scope(demo_url) as session:
        get_or_create_coder(session, current_project(session), CONSENSUS_CODER)
    app = run_page("reports", demo_url)
    app.radio(key="reports-choice").set_value("Consensus").run()
    assert not app.exception
    assert "no consensus yet" in app.error[0].value
