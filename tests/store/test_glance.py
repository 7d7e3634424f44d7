"""`qualcode status` reads an SQLite file with the standard library: the same numbers as the full path."""

from sqlmodel import select

from qualcode.overview import project_overview
from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.store.glance import sqlite_overview
from qualcode.store.migrate import head_revision
from qualcode.store.models import Coding, Document, utcnow
from qualcode.store.revisions import migration_head
from qualcode.store.survey_models import SurveyResponse


def full_overview(url: str) -> dict:
    with session_scope(url) as session:
        return project_overview(session, current_project(session))


def test_light_head_is_alembics_head():
    assert migration_head() == head_revision()


def test_sample_study_counts_match_the_full_path(demo_url):
    assert sqlite_overview(demo_url) == full_overview(demo_url)


def test_soft_deletes_and_exclusions_count_alike(demo_url):
    before = sqlite_overview(demo_url)
    with session_scope(demo_url) as session:
        document = session.exec(select(Document).order_by(Document.id)).first()
        document.deleted_at = utcnow()
        coding = session.exec(
            select(Coding).where(Coding.document_id != document.id).order_by(Coding.id)
        ).first()
        coding.deleted_at = utcnow()
        response = session.exec(
            select(SurveyResponse).where(SurveyResponse.submitted_at.is_not(None))
        ).first()
        response.excluded = True
    after = sqlite_overview(demo_url)
    assert after == full_overview(demo_url)
    assert after["documents"] == before["documents"] - 1
    assert after["codings"] < before["codings"] - 1  # the document's codings and one more
    assert after["survey_responses"] == before["survey_responses"] - 1


def test_other_databases_take_the_full_path(tmp_path, sqlite_url):
    assert sqlite_overview(f"sqlite:///{tmp_path / 'missing.db'}") is None
    assert sqlite_overview("postgresql+psycopg://localhost/qualcode") is None
    with session_scope(sqlite_url):
        pass  # migrated, but holds no project
    assert sqlite_overview(sqlite_url) is None


def test_an_older_schema_takes_the_full_path(demo_url):
    from sqlalchemy import create_engine, text

    engine = create_engine(demo_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    engine.dispose()
    assert sqlite_overview(demo_url) is None
