"""Entry for `qualcode serve --auth`: the app plus the routes that set the login cookie."""

from pathlib import Path

import streamlit as st

from qualcode.ui.login_routes import login_routes

app = st.App(Path(__file__).with_name("qualcode_app.py"), routes=login_routes())
