"""Widget callbacks report failures as messages on the page, never as a traceback."""

from streamlit.testing.v1 import AppTest

SCRIPT = """
import streamlit as st
from qualcode.errors import ValidationError
from qualcode.ui.feedback import reported, show_message

@reported
def fails_clearly():
    raise ValidationError("the memo needs some text")

@reported
def breaks():
    raise KeyError("boom")

show_message()
st.button("clear", on_click=fails_clearly)
st.button("broken", on_click=breaks)
"""


def test_a_qualcode_error_in_a_callback_becomes_its_message():
    app = AppTest.from_string(SCRIPT).run()
    app.button[0].click().run()
    assert not app.exception and app.error[0].value == "the memo needs some text"


def test_an_unexpected_error_in_a_callback_is_reported_without_a_traceback():
    app = AppTest.from_string(SCRIPT).run()
    app.button[1].click().run()
    assert not app.exception and app.error[0].value.startswith("Something went wrong: KeyError")
