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


WORD_JOINER = "\u2060"
MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$=^")


def md(text: str) -> str:
    """User text made literal wherever Streamlit reads markdown (labels, expanders, captions, radio
    and pill options): no formatting, links, math, `:color[...]` directives or `:icon:` codes.

    Every page shows user text through this one helper (or escaped HTML via `text_block`).
    Streamlit expands `:name:` codes even after a backslash, so a colon before a letter gets an
    invisible word joiner (U+2060) instead, which breaks the code and leaves the text as it reads."""
    out = []
    for at, c in enumerate(text):
        out.append(f"\\{c}" if c in MARKDOWN_SPECIAL else c)
        if c == ":" and text[at + 1 : at + 2].isalpha():
            out.append(WORD_JOINER)
    return "".join(out)
