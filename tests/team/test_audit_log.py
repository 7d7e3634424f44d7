"""The audit log for owners: every change with its actor, filterable, exported as CSV."""

from __future__ import annotations

import csv
import io

import pytest
from coding_study import open_study

from qualcode.coding.codings import add_coding
from qualcode.exchange.tables import render_table
from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.store.actors import Actor, PermissionDenied
from qualcode.team.audit_log import audit_actors, audit_log


def test_the_owner_reads_who_did_what_and_exports_it(team_url):
    with session_scope(team_url) as session:
        study = open_study(session)
        add_coding(session, study.document, study.alice, study.code["docs"], 0, 11, actor="alice")
    with session_scope(team_url) as session:
        project = current_project(session)
        log = audit_log(session, project, Actor("olga", "owner"))
        assert (log.iloc[0]["actor"], log.iloc[0]["action"]) == ("alice", "coding.create")
        assert {"alice", "setup"} <= set(audit_actors(session, project))
        only = audit_log(session, project, Actor("olga", "owner"), action="user.")
        assert set(only["action"]) == {"user.add"} and set(only["actor"]) == {"setup"}
    rows = list(csv.DictReader(io.StringIO(render_table(log, "csv").decode("utf-8"))))
    assert len(rows) == len(log) and rows[0]["actor"] == "alice"


@pytest.mark.parametrize("role", ["coder", "viewer"])
def test_only_owners_read_the_audit_log(team_url, role):
    with session_scope(team_url) as session, pytest.raises(PermissionDenied, match="audit log"):
        audit_log(session, current_project(session), Actor("bob", role))
