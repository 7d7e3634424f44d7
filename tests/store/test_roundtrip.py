"""The store keeps what it is given, on SQLite and on PostgreSQL."""

from sqlmodel import select

from qualcode.store import get_engine, session_scope
from qualcode.store.migrate import current_revision, head_revision
from qualcode.store.models import Coder, Coding, Document, Participant, Project, SpeakerTurn


def test_tables_round_trip(any_url):
    text = "Interviewer: hi 😀\n\nWe reuse BERT."
    with session_scope(any_url) as session:
        project = Project(name="Study ✓")
        session.add(project)
        session.flush()
        participant = Participant(
            project_id=project.id, label="P1", attributes={"team_size": 3, "models": ["CV", "NLP"]}
        )
        session.add(participant)
        session.flush()
        document = Document(
            project_id=project.id, participant_id=participant.id, title="I1", text=text, sha256="x"
        )
        session.add(document)
        session.flush()
        session.add(
            SpeakerTurn(
                document_id=document.id,
                seq=0,
                speaker="P1",
                role="participant",
                start=0,
                end=5,
                timestamp=12.5,
            )
        )
        coder = Coder(project_id=project.id, name="alice")
        session.add(coder)
        session.flush()
    with session_scope(any_url) as session:
        stored = session.exec(select(Document)).one()
        assert stored.text == text
        assert session.exec(select(Participant)).one().attributes == {
            "team_size": 3,
            "models": ["CV", "NLP"],
        }
        assert session.exec(select(SpeakerTurn)).one().timestamp == 12.5
        assert session.exec(select(Coding)).all() == []


def test_new_database_is_at_newest_migration(any_url):
    engine = get_engine(any_url)
    assert current_revision(engine) == head_revision()


def test_failed_transaction_stores_nothing(sqlite_url):
    try:
        with session_scope(sqlite_url) as session:
            session.add(Project(name="half"))
            session.flush()
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    with session_scope(sqlite_url) as session:
        assert session.exec(select(Project)).all() == []
