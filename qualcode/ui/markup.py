"""Safe HTML for user content: every text from the database is escaped before it reaches the page."""

from __future__ import annotations

from html import escape


def text_block(text: str) -> str:
    """Escaped text with line breaks kept."""
    return escape(text).replace("\n", "<br>")


def chip(label: str, color: str) -> str:
    """A small coloured label (code names); the colour is validated as #rrggbb."""
    safe_color = (
        color
        if len(color) == 7
        and color.startswith("#")
        and all(c in "0123456789abcdefABCDEF" for c in color[1:])
        else "#888888"
    )
    return (
        f'<span style="border-left:4px solid {safe_color};padding:1px 6px;margin-right:4px;'
        f'background:#f4f4f6;border-radius:3px;font-size:0.85em">{escape(label)}</span>'
    )


def timestamp(seconds: float | None) -> str:
    """Seconds as h:mm:ss (or empty)."""
    if seconds is None:
        return ""
    total = int(seconds)
    return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"


MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$")


def md(text: str) -> str:
    """User text made literal inside Streamlit markdown (no formatting, links or math)."""
    return "".join(f"\\{c}" if c in MARKDOWN_SPECIAL else c for c in text)
