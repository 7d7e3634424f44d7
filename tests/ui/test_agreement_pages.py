"""The Agreement and Reconcile pages, rendered by AppTest on the sample study."""

from __future__ import annotations

from sqlmodel import select

from qualcode.agreement.compute import run_agreement
from qualcode.agreement.data import Selection
from qualcode.project import CONSENSUS_CODER, current_project
from qualcode.store import session_scope
from qualcode.store.models import AuditEvent, Coder, Coding


def test_agreement_page_computes_the_table_and_offers_every_report(run_page, demo_url):
    app = run_page("agreement", demo_url)
    assert not app.exception and "compute agreement" in app.info[0].value
    app.selectbox(key="agreement_unit").set_value("sentence")
    app.button(key="agreement_run").click().run()
    assert not app.exception and not app.error
    labels = {m.label: m.value for m in app.metric}
    assert labels["Krippendorff's α"] != "–"
    assert any("Unit: sentence" in caption.value for caption in app.caption)
    assert len(app.get("download_button")) == 5


def test_reconcile_page_saves_a_decision_into_the_consensus(run_page, demo_url):
    app = run_page("reconcile", demo_url, qualcode_coder_name="alice")
    assert not app.exception and not app.error
    app.radio(key="reconcile_decision").set_value("accept alice")
    app.button(key="reconcile_save").click().run()
    assert not app.exception and not app.error
    assert "Consensus saved" in app.success[0].value
    with session_scope(demo_url) as session:
        consensus = session.exec(select(Coder).where(Coder.name == CONSENSUS_CODER)).one()
        assert session.exec(select(Coding).where(Coding.coder_id == consensus.id)).all()
        decision = session.exec(
            select(AuditEvent).where(AuditEvent.action.like("consensus%"))
        ).all()
        assert decision and {e.actor for e in decision} == {"alice"}  # the chosen coder decided


def test_reconcile_page_saves_nothing_until_a_reconciler_is_chosen(run_page, demo_url):
    app = run_page("reconcile", demo_url)
    assert not app.exception and not app.error
    assert app.button(key="reconcile_save").disabled
    assert app.button(key="reconcile_adopt").disabled
    assert "Choose who you are" in app.info[0].value


def _reconcile_alpha(app) -> tuple[str, str]:
    (metric,) = [m for m in app.metric if m.label.startswith("Overall α")]
    return metric.label, metric.value


def test_reconcile_page_shows_the_alpha_of_its_own_unit_and_coders(run_page, demo_url):
    app = run_page("reconcile", demo_url)
    assert not app.exception and not app.error
    for unit in ("sentence", "document", "paragraph", "sentence"):  # switching back and forth
        app.selectbox(key="reconcile_unit").set_value(unit).run()
        label, value = _reconcile_alpha(app)
        with session_scope(demo_url) as session:
            project = current_project(session)
            coders = tuple(app.multiselect(key="reconcile_coders").value)
            expected = run_agreement(session, project, Selection(unit, coders), 0)["overall"][
                "alpha"
            ]
        assert label == f"Overall α ({unit}; {', '.join(coders)})"
        assert value == f"{expected:.3f}"


def test_agreement_page_shows_the_unitizing_family_for_characters(run_page, demo_url):
    app = run_page("agreement", demo_url)
    app.selectbox(key="agreement_unit").set_value("character")
    app.number_input(key="agreement_boot").set_value(0)
    app.button(key="agreement_run").click().run()
    assert not app.exception and not app.error
    assert "Unitizing" in [h.value for h in app.subheader]
    overall, groups, codes = (frame.value for frame in app.dataframe[0:3])  # unitizing leads
    assert list(overall.columns) == ["overall", "|uα", "Cuα", "note"]
    assert list(groups.columns) == ["group", "|uα", "uα", "cuα", "note"]
    assert list(codes.columns) == ["code", "|uα", "uα (2004)", "note"]
    assert overall["Cuα"].notna().all()


def test_agreement_page_has_no_unitizing_table_for_sentences(run_page, demo_url):
    app = run_page("agreement", demo_url)
    app.selectbox(key="agreement_unit").set_value("sentence")
    app.button(key="agreement_run").click().run()
    assert not app.exception and not app.error
    assert any("Unit: sentence" in c.value for c in app.caption)
    assert {m.label: m.value for m in app.metric}["Krippendorff's α"] != "–"
    assert "Unitizing" not in [h.value for h in app.subheader]


def test_agreement_page_offers_the_interval_methods_and_names_the_chosen_one(run_page, demo_url):
    app = run_page("agreement", demo_url)
    app.selectbox(key="agreement_unit").set_value("sentence")
    for method in ("krippendorff", "units", "documents"):
        app.selectbox(key="agreement_ci").set_value(method)
        app.number_input(key="agreement_boot").set_value(200)
        app.button(key="agreement_run").click().run()
        assert not app.exception and not app.error
        summary = next(c.value for c in app.caption if "Unit: sentence" in c.value)
        expected = "Hayes" if method == "krippendorff" else f"bootstrap over {method}"
        assert expected in summary and "200 resamples" in summary


def test_agreement_page_warns_about_uncoded_characters(run_page, demo_url):
    app = run_page("agreement", demo_url)
    app.selectbox(key="agreement_unit").set_value("character")
    app.number_input(key="agreement_boot").set_value(0)
    app.button(key="agreement_run").click().run()
    assert "were coded by no coder" in app.warning[0].value
    assert "Coefficients on characters (inflated by uncoded text)" in [
        h.value for h in app.subheader
    ]
