from coding_study import open_study

from qualcode.coding.codings import add_coding
from qualcode.coding.progress import (
    document_progress,
    last_document,
    last_positions,
    save_position,
    units_touched,
)
from qualcode.ingest.documents import document_segments
from qualcode.store import session_scope


def test_share_of_units_touched(study_url):
    with session_scope(study_url) as session:
        study = open_study(session)
        turns = document_segments(session, study.document, "turn")
        coding = add_coding(session, study.document, study.alice, study.code["docs"],
                            turns[1].start + 2, turns[1].start + 6)  # fmt: skip
        progress = document_progress(study.document, turns, [coding], None)
        assert (progress.units, progress.units_touched, progress.share) == (4, 1, 0.25)


def test_a_coding_across_a_boundary_touches_both_units(study_url):
    with session_scope(study_url) as session:
        study = open_study(session)
        turns = document_segments(session, study.document, "turn")
        coding = add_coding(session, study.document, study.alice, study.code["docs"],
                            turns[0].end - 2, turns[1].start + 2)  # fmt: skip
        assert units_touched(turns, [coding]) == 2


def test_reopening_returns_to_the_last_position(any_study_url):
    with session_scope(any_study_url) as session:
        study = open_study(session)
        save_position(session, study.alice, study.document, 40)
        save_position(session, study.alice, study.document, 60)
    with session_scope(any_study_url) as session:
        study = open_study(session)
        assert last_positions(session, study.alice) == {study.document.id: 60}
        assert last_document(session, study.alice) == study.document.id
