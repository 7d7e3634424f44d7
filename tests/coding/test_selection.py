from qualcode.codebook import store as codebook_store
from qualcode.coding.offsets import python_to_utf16
from qualcode.coding.progress import last_positions
from qualcode.coding.selection import code_selection
from qualcode.ingest.documents import list_documents
from qualcode.project import current_project, get_or_create_coder
from qualcode.store import session_scope


def test_a_browser_selection_after_an_emoji_stores_the_exact_characters(any_study_url):
    with session_scope(any_study_url) as session:
        project = current_project(session)
        code = codebook_store.codes(session, codebook_store.require_codebook(session, project))[0]
        document = list_documents(session, project)[0]
        alice = get_or_create_coder(session, project, "alice")
        start = document.text.index("model card")
        start16 = python_to_utf16(document.text, start)
        assert start16 == start + 1  # the emoji before it counts twice in the browser
        coding = code_selection(session, document, alice, code, start16, start16 + 10)
        assert document.text[coding.start : coding.end] == "model card"
        assert last_positions(session, alice) == {document.id: start}
