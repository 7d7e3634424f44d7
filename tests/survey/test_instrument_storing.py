"""A survey's instrument is stored as JSON written piece by piece: the very text json.dumps gives
of the instrument's structure, on SQLite and PostgreSQL, and read back as that structure."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import text

from qualcode.project import current_project
from qualcode.sample import CODEBOOK_DIR
from qualcode.store import session_scope
from qualcode.survey.instrument import Page, parse_instrument, read_instrument_file
from qualcode.survey.surveys import create_survey, get_survey, instrument_of
from tests.survey.conftest import MINI


def _hostile():
    data = copy.deepcopy(MINI)
    data["title"] = 'Umfrage "für" Entwickler 😀 \\ =SUM(A1)'
    data["embedded_data"] = ["=cmd|' /C calc'!A0", "漢字"]
    data["pages"][1]["questions"][2].update({"min": -1e308, "max": 1e308})
    data["pages"][1]["intro"] = "\t\u2028line\nbreak"
    return parse_instrument(data)


@pytest.mark.parametrize(
    "instrument",
    [
        read_instrument_file(CODEBOOK_DIR / "ptm_reuse_survey.yaml"),
        parse_instrument(MINI),
        _hostile(),
    ],
    ids=["sample", "mini", "hostile"],
)
def test_the_json_written_in_pieces_is_json_dumps_of_the_structure(instrument):
    assert instrument.to_json() == json.dumps(instrument.to_dict())
    instrument.pages.append(Page(title="Empty", questions=[]))
    assert instrument.to_json() == json.dumps(instrument.to_dict())
    instrument.pages = []
    assert instrument.to_json() == json.dumps(instrument.to_dict())


def test_a_created_survey_stores_the_json_of_its_instrument(study):
    url, _ = study
    instrument = _hostile()
    with session_scope(url) as session:
        survey = create_survey(session, current_project(session), instrument)
        assert survey.instrument == instrument.to_dict()  # read back, as stored
    with session_scope(url) as session:
        stored = session.execute(
            text("SELECT CAST(instrument AS TEXT) FROM survey WHERE slug = 'mini'")
        ).scalar_one()
        survey = get_survey(session, current_project(session), "mini")
        assert stored == json.dumps(instrument.to_dict())
        assert instrument_of(survey).to_dict() == instrument.to_dict()
