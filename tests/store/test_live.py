"""The live-codings query leaves out deleted codings and every coding of a deleted document."""

from sqlmodel import select

from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.store.live import live, live_codings
from qualcode.store.models import Coding, Document, utcnow


def test_deleted_codings_and_documents_leave_the_live_codings(demo_url):
    with session_scope(demo_url) as session:
        project = current_project(session)
        every = set(session.exec(live_codings(project.id, Coding.id)))
        document = session.exec(select(Document).order_by(Document.id)).first()
        in_document = set(session.exec(select(Coding.id).where(Coding.document_id == document.id)))
        other = session.exec(select(Coding).where(Coding.document_id != document.id)).first()
        document.deleted_at = other.deleted_at = utcnow()
        session.flush()
        assert set(session.exec(live_codings(project.id, Coding.id))) == every - in_document - {
            other.id
        }
        assert document.id not in set(session.exec(select(Document.id).where(live(Document))))
