"""Blind coding on the Memos and Transcripts pages: a coder sees their own memos and the owner's
project memos, never another coder's document memos."""

from coding_study import open_study

from qualcode.coding.memos import add_memo
from qualcode.coding.visibility import set_blind_coding, set_owner
from qualcode.store import session_scope


def _memos(url) -> int:
    with session_scope(url) as session:
        study = open_study(session)
        set_owner(session, study.project, study.alice)
        for name in ("alice", "bob"):
            add_memo(session, study.project, f"{name} thinks this is about licences",
                     target="document", target_id=study.document.id, title=f"{name}'s note",
                     author=name)  # fmt: skip
        add_memo(session, study.project, "Code every mention of licences", title="Instructions",
                 author="alice")  # fmt: skip
        set_blind_coding(session, study.project, True, False)
        return study.document.id


def test_the_transcript_shows_a_blind_coder_only_their_document_memos(run_page, study_url):
    document_id = _memos(study_url)
    app = run_page("transcripts", study_url, qualcode_coder_name="bob",
                   transcript_document=document_id)  # fmt: skip
    assert not app.exception and not app.error
    assert [e.label for e in app.expander] == ["bob's note"]


def test_the_memos_page_shows_a_blind_coder_their_memos_and_the_instructions(run_page, study_url):
    _memos(study_url)
    app = run_page("memos", study_url, qualcode_coder_name="bob")
    assert not app.exception and not app.error
    text = " ".join(m.value for m in app.markdown) + " ".join(e.label for e in app.expander)
    assert "bob's note" in text and "Instructions" in text and "alice's note" not in text
