"""Custom components shipped inside the package (inline HTML/CSS/JS; no CDN, no build step)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

HERE = Path(__file__).parent


def load_component(name: str, stem: str):
    """A components v2 element from `<stem>.js` and `<stem>.css` beside this file (in the page,
    no iframe, the page's own styles)."""
    return st.components.v2.component(
        f"qualcode.{name}",
        js=(HERE / f"{stem}.js").read_text(encoding="utf-8"),
        css=(HERE / f"{stem}.css").read_text(encoding="utf-8"),
        isolate_styles=False,
    )
