import csv
import io

from coding_study import open_study

from qualcode.coding.codings import add_coding
from qualcode.coding.retrieval import coded_quotes, quotes_csv
from qualcode.ingest.participants import list_participants
from qualcode.store import session_scope


def _coded(session):
    study = open_study(session)
    project, code, document, alice, bob = (study.project, study.code, study.document,
                                           study.alice, study.bob)  # fmt: skip
    start = document.text.index("the licence is missing")
    add_coding(session, document, alice, code["license"], start, start + 22)
    add_coding(session, document, bob, code["license"], start, start + 11)
    return project, code, alice


def test_a_quote_carries_its_speaker_participant_and_context(any_study_url):
    with session_scope(any_study_url) as session:
        project, code, alice = _coded(session)
        quote = coded_quotes(session, project, [code["license"].id], coder_ids=[alice.id])[0]
        assert (quote.quote, quote.speaker, quote.participant, quote.coder) == (
            "the licence is missing", "Maya", "P1", "alice",
        )  # fmt: skip
        assert quote.before.endswith("Often ") and quote.after.startswith(", so we")


def test_quotes_filter_by_participant_attribute(study_url):
    with session_scope(study_url) as session:
        project, code, _ = _coded(session)
        participant = list_participants(session, project)[0]
        participant.attributes = {"role": "engineer"}
        session.add(participant)
        assert (
            len(
                coded_quotes(session, project, [code["license"].id], attribute=("role", "engineer"))
            )
            == 2
        )
        assert (
            coded_quotes(session, project, [code["license"].id], attribute=("role", "manager"))
            == []
        )


def test_quotes_export_as_csv(study_url):
    with session_scope(study_url) as session:
        project, code, _ = _coded(session)
        text = quotes_csv(coded_quotes(session, project, [code["license"].id]))
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [r["quote"] for r in rows] == ["the licence is missing", "the licence"]


def test_quotes_filter_by_one_value_of_a_list_attribute(study_url):
    with session_scope(study_url) as session:
        project, code, _ = _coded(session)
        participant = list_participants(session, project)[0]
        participant.attributes = {"model_types": ["NLP", "Computer Vision"]}
        session.add(participant)
        quotes = coded_quotes(
            session, project, [code["license"].id], attribute=("model_types", "NLP")
        )
        assert len(quotes) == 2
