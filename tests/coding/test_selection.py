from coding_study import open_study

from qualcode.coding.offsets import python_to_utf16
from qualcode.coding.progress import last_positions
from qualcode.coding.selection import code_selection
from qualcode.store import session_scope


def test_a_browser_selection_after_an_emoji_stores_the_exact_characters(any_study_url):
    with session_scope(any_study_url) as session:
        study = open_study(session)
        text = study.document.text
        start = text.index("model card")
        start16 = python_to_utf16(text, start)
        assert start16 == start + 1  # the emoji before it counts twice in the browser
        coding = code_selection(session, study.document, study.alice, study.code["docs"],
                                start16, start16 + 10)  # fmt: skip
        assert text[coding.start : coding.end] == "model card"
        assert last_positions(session, study.alice) == {study.document.id: start}
