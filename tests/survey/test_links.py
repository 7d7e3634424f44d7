"""Links between codebook and surveys: the shipped files agree, and broken links are named."""

from __future__ import annotations

from qualcode.codebook.files import read_codebook_file
from qualcode.sample import CODEBOOK_DIR
from qualcode.survey.instrument import parse_instrument, read_instrument_file
from qualcode.survey.links import link_problems

CHALLENGES = ["missing_attributes", "discrepancies", "security_privacy_risks", "model_search",
              "model_application", "model_flexibility"]  # fmt: skip


def test_each_challenge_names_the_likert_item_that_measures_it():
    spec = read_codebook_file(CODEBOOK_DIR / "ptm_reuse.yaml")
    survey = read_instrument_file(CODEBOOK_DIR / "ptm_reuse_survey.yaml")
    items = {c.key: c.survey_items for c in spec.codes if c.group == "challenge"}
    assert list(items) == CHALLENGES
    for key, ids in items.items():
        questions = [survey.question(i) for i in ids]
        assert [(q.type, q.codes) for q in questions] == [("likert", [key])]


def test_the_shipped_codebook_and_survey_have_no_broken_links():
    spec = read_codebook_file(CODEBOOK_DIR / "ptm_reuse.yaml")
    survey = read_instrument_file(CODEBOOK_DIR / "ptm_reuse_survey.yaml")
    assert link_problems({c.key: c.survey_items for c in spec.codes}, {survey.slug: survey}) == []


def test_broken_links_are_named_both_ways():
    survey = parse_instrument({"slug": "s", "title": "S", "pages": [{"title": "P", "questions": [
        {"id": "q1", "type": "text", "text": "?", "codes": ["known", "ghost"]}]}]})  # fmt: skip
    items = {"known": ["q1", "s:q1", "gone", "s:gone", "t:q1"]}
    assert link_problems(items, {"s": survey}) == [
        "code 'known', field 'survey_items': 'gone' is not a question of any survey (surveys: s)",
        "code 'known', field 'survey_items': 's:gone': survey 's' has no question 'gone'",
        "code 'known', field 'survey_items': 't:q1': no survey 't' (surveys: s)",
        "survey 's', question 'q1', field 'codes': no code 'ghost' in the codebook",
    ]


def test_only_the_chosen_surveys_codes_are_checked():
    survey = parse_instrument({"slug": "s", "title": "S", "pages": [{"title": "P", "questions": [
        {"id": "q1", "type": "text", "text": "?", "codes": ["ghost"]}]}]})  # fmt: skip
    assert link_problems({}, {"s": survey}, checked=[]) == []
