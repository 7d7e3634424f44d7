from coding_study import open_study

from qualcode.coding.codings import add_coding
from qualcode.coding.progress import (
    document_progress,
    last_document,
    last_positions,
    save_position,
    team_progress,
    units_touched,
)
from qualcode.ingest.documents import document_segments
from qualcode.project import CONSENSUS_CODER, get_or_create_coder
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


def test_team_progress_lists_every_coder_but_consensus_per_document(study_url):
    with session_scope(study_url) as session:
        study = open_study(session)
        get_or_create_coder(session, study.project, CONSENSUS_CODER)
        turns = document_segments(session, study.document, "turn")
        add_coding(session, study.document, study.alice, study.code["docs"], turns[1].start,
                   turns[1].start + 3)  # fmt: skip
        save_position(session, study.alice, study.document, 40)
        rows = team_progress(session, study.project, [study.document])
    by_coder = {r["coder"]: r for r in rows}
    assert CONSENSUS_CODER not in by_coder and "alice" in by_coder
    assert by_coder["alice"] == {"coder": "alice", "document": study.document.title, "codings": 1,
                                 "turns touched": 0.25, "last position": 40}  # fmt: skip
    assert all(r["codings"] == 0 for name, r in by_coder.items() if name != "alice")
