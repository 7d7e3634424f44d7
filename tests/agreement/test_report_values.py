"""The report's pooled and group figures equal the direct definitions on the same reliability data."""

from __future__ import annotations

import pytest

from qualcode.agreement.compute import agreement_report
from qualcode.agreement.data import Selection, load_study_data
from qualcode.project import current_project
from qualcode.store import session_scope
from tests.agreement.conftest import direct_coefficients


@pytest.mark.parametrize("unit", ["sentence", "character"])
def test_overall_and_groups_equal_the_coefficients_on_their_values(demo_url, unit):
    with session_scope(demo_url) as session:
        data = load_study_data(session, current_project(session), Selection(unit=unit))
    report = agreement_report(data, 0)
    table = data.table
    variables = [(report["overall"], table.pooled_values(list(range(len(data.codes)))), 2)]
    for group, entry in zip(data.groups, report["groups"], strict=True):
        rows = [i for i, c in enumerate(data.codes) if c.group_id == group.id]
        if group.exclusive:
            values, _ = table.nominal_values(rows)
            variables.append((entry, (values, table.weights), len(rows) + 1))
        else:
            variables.append((entry, table.pooled_values(rows), 2))
    for entry, (values, weights), q in variables:
        direct = direct_coefficients(values, q, weights)
        assert {k: entry[k] for k in direct} == pytest.approx(direct, abs=1e-6)
