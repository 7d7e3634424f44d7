"""The agreement report from stored codings, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from qualcode.agreement.compute import run_agreement
from qualcode.agreement.data import Selection
from qualcode.errors import NotFoundError, ValidationError
from qualcode.project import current_project, get_or_create_coder
from qualcode.store import session_scope
from qualcode.store.models import AuditEvent


def report(url: str, **selection) -> dict:
    with session_scope(url) as session:
        return run_agreement(session, current_project(session), Selection(**selection), 200, 1)


def test_report_has_the_contract_shape(small_study):
    result = report(small_study, unit="sentence")
    assert result["unit"] == "sentence" and result["coders"] == ["alice", "bob"]
    assert result["codebook_version"] == 1 and result["n_units"] == 8
    assert {"alpha", "alpha_ci", "kappa", "fleiss_kappa", "percent"} <= set(result["overall"])
    assert [g["group"] for g in result["groups"]] == ["stage", "topic"]
    assert [c["code"] for c in result["codes"]] == [
        "search",
        "select",
        "licence",
        "cards",
        "deploy",
    ]
    assert {
        "code",
        "name",
        "alpha",
        "alpha_ci",
        "kappa",
        "percent",
        "n_units",
        "n_pairable",
    } <= set(result["codes"][0])


def test_codes_agree_where_the_coders_agree(small_study):
    codes = {c["code"]: c for c in report(small_study, unit="sentence")["codes"]}
    assert codes["search"]["percent"] == pytest.approx(7 / 8)  # bob alone coded search in I2
    assert codes["search"]["n_pairable"] == 16


def test_a_code_nobody_disagrees_on_without_variation_is_null_with_a_note(small_study):
    codes = {
        c["code"]: c
        for c in report(small_study, unit="sentence", codes=("search", "select"))["codes"]
    }
    assert codes["select"]["alpha"] is not None  # bob used it once
    only = report(small_study, unit="sentence", coders=("alice", "bob"), codes=("cards",))
    assert only["codes"][0]["alpha"] == 1.0
    unused = report(small_study, unit="sentence", codes=("deploy",))["codes"][0]
    assert unused["alpha"] is None and "no variation" in unused["note"]
    assert unused["kappa"] is None and unused["percent"] == 1.0


def test_exclusive_group_is_one_nominal_variable(small_study):
    stage = report(small_study, unit="sentence")["groups"][0]
    assert stage["exclusive"] is True
    assert stage["n_pairable"] == 16  # one value per coder and sentence, not one per code


def test_group_option_selects_its_codes(small_study):
    result = report(small_study, unit="paragraph", group="topic")
    assert [c["code"] for c in result["codes"]] == ["licence", "cards"]


def test_agreement_writes_nothing(small_study):
    with session_scope(small_study) as session:
        before = session.exec(select(func.count()).select_from(AuditEvent)).one()
    report(small_study, unit="character")
    with session_scope(small_study) as session:
        assert session.exec(select(func.count()).select_from(AuditEvent)).one() == before


def test_unknown_coder_is_named_in_the_error(small_study_sqlite):
    with pytest.raises(NotFoundError, match="carol"):
        report(small_study_sqlite, coders=("alice", "carol"))


def test_an_account_that_never_coded_is_not_a_default_coder(small_study_sqlite):
    with session_scope(small_study_sqlite) as session:
        get_or_create_coder(session, current_project(session), "vera").role = "viewer"
    assert report(small_study_sqlite, unit="sentence")["coders"] == ["alice", "bob"]


def test_one_coder_is_not_enough(small_study_sqlite):
    with pytest.raises(ValidationError, match="at least two coders"):
        report(small_study_sqlite, coders=("alice",))


def test_codes_and_group_together_are_refused(small_study_sqlite):
    with pytest.raises(ValidationError, match="either `codes` or `group`"):
        report(small_study_sqlite, codes=("search",), group="topic")


def test_sample_study_runs_on_every_unit(demo_url):
    for unit in ("document", "turn", "sentence", "paragraph", "character"):
        result = report(demo_url, unit=unit)
        assert result["coders"] == ["alice", "bob"]
        assert result["overall"]["alpha"] is not None


def test_character_unit_adds_unitizing_alpha_per_code(small_study):
    codes = {c["code"]: c for c in report(small_study, unit="character")["codes"]}
    assert codes["cards"]["u_alpha"] is not None
    assert "u_alpha" not in report(small_study, unit="sentence")["codes"][0]


def test_character_unit_adds_the_unitizing_family(small_study_sqlite):
    result = report(small_study_sqlite, unit="character")
    codes = {c["code"]: c for c in result["codes"]}
    groups = {g["group"]: g for g in result["groups"]}
    assert codes["cards"]["u_alpha_binary"] == pytest.approx(1.0)
    assert (
        codes["deploy"]["u_alpha_binary"] is None
        and "no coder" in codes["deploy"]["unitizing_note"]
    )
    # stage: both coded "search" on 0-24; bob alone coded "select" where alice coded a topic
    assert groups["stage"]["cu_alpha"] == pytest.approx(1.0)
    assert groups["stage"]["u_alpha_binary"] < 1.0 and groups["stage"]["u_alpha_nominal"] < 1.0
    # alice's "licence" (topic) against bob's "select" (stage) is a disagreement between domains
    assert result["overall"]["Cu_alpha"] < 1.0
    assert result["overall"]["u_alpha_binary"] is not None


def test_other_units_have_no_unitizing_family(small_study_sqlite):
    result = report(small_study_sqlite, unit="sentence")
    assert "u_alpha_binary" not in result["overall"]
    assert "cu_alpha" not in result["groups"][0]
