"""The Agreement and Reconcile pages, rendered by AppTest on the sample study."""

from __future__ import annotations

from sqlmodel import select

from qualcode.project import CONSENSUS_CODER
from qualcode.store import session_scope
from qualcode.store.models import Coder, Coding


def test_agreement_page_computes_the_table_and_offers_every_report(run_page, demo_url):
    app = run_page("agreement", demo_url)
    assert not app.exception and "compute agreement" in app.info[0].value
    app.selectbox(key="agreement_unit").set_value("sentence")
    app.button(key="agreement_run").click().run()
    assert not app.exception and not app.error
    labels = {m.label: m.value for m in app.metric}
    assert labels["Krippendorff's α"] != "–"
    assert "Unit: sentence" in app.caption[0].value
    assert len(app.get("download_button")) == 5


def test_reconcile_page_saves_a_decision_into_the_consensus(run_page, demo_url):
    app = run_page("reconcile", demo_url)
    assert not app.exception and not app.error
    app.radio(key="reconcile_decision").set_value("accept alice")
    app.button(key="reconcile_save").click().run()
    assert not app.exception and not app.error
    assert "Consensus saved" in app.success[0].value
    with session_scope(demo_url) as session:
        consensus = session.exec(select(Coder).where(Coder.name == CONSENSUS_CODER)).one()
        assert session.exec(select(Coding).where(Coding.coder_id == consensus.id)).all()


def test_reconcile_page_reruns_agreement_in_one_click(run_page, demo_url):
    app = run_page("reconcile", demo_url)
    app.button(key="reconcile_rerun").click().run()
    assert not app.exception and not app.error
    assert any(m.label.startswith("Overall α") for m in app.metric)


def test_agreement_page_shows_the_unitizing_family_for_characters(run_page, demo_url):
    app = run_page("agreement", demo_url)
    app.selectbox(key="agreement_unit").set_value("character")
    app.number_input(key="agreement_boot").set_value(0)
    app.button(key="agreement_run").click().run()
    assert not app.exception and not app.error
    assert "Unitizing" in [h.value for h in app.subheader]
    overall, groups, codes = (frame.value for frame in app.dataframe[1:4])
    assert list(overall.columns) == ["overall", "|uα", "Cuα", "note"]
    assert list(groups.columns) == ["group", "|uα", "uα", "cuα", "note"]
    assert list(codes.columns) == ["code", "|uα", "uα (2004)", "note"]
    assert overall["Cuα"].notna().all()


def test_agreement_page_has_no_unitizing_table_for_sentences(run_page, demo_url):
    app = run_page("agreement", demo_url)
    app.selectbox(key="agreement_unit").set_value("sentence")
    app.button(key="agreement_run").click().run()
    assert not app.exception and not app.error
    assert "Unit: sentence" in app.caption[0].value
    assert {m.label: m.value for m in app.metric}["Krippendorff's α"] != "–"
    assert "Unitizing" not in [h.value for h in app.subheader]
