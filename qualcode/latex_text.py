"""Text made literal in LaTeX, shared by every LaTeX writer (report tables, the agreement report).

LaTeX's special characters are escaped. Under pdfLaTeX (the default engine) characters its fonts
cannot set (emoji, CJK, many symbols) are transliterated to ASCII (anyascii: 日本語 -> RiBenYu) and
emoji become a marker such as [emoji: hugging]; Latin letters with accents stay. With
`engine="xelatex"` text is kept as it is (the preamble needs fontspec and a font with the glyphs).
Pure text functions: any layer may use them.
"""

from __future__ import annotations

import re

from anyascii import anyascii

LATEX_SPECIAL = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}  # fmt: skip
# What pdfLaTeX sets with its standard T1 fonts (checked by compiling every character)
PDFLATEX_SET = (
    {chr(c) for c in range(0x20, 0x7F)}
    | {chr(c) for c in range(0xA0, 0x180)} - set("ĦħĸĿŀŉŦŧſ")
    | set("–—‘’“”…€•†‡‰№™←→")
)
EMOJI_NAME = re.compile(r":([a-z0-9_+-]+):")


def _plain(char: str) -> str:
    """One character pdfLaTeX cannot set, as ASCII (an emoji as a named marker)."""
    ascii_ = anyascii(char)
    name = EMOJI_NAME.fullmatch(ascii_)
    return f"[emoji: {name.group(1).replace('_', ' ')}]" if name else ascii_


def latex_escape(text: str, engine: str = "pdflatex") -> str:
    """Text made literal in LaTeX: special characters escaped, line breaks as spaces, and (under
    pdfLaTeX) characters its fonts lack transliterated or marked. Text opening with [ or * starts
    with {}, so a table cell after a row break or a rule is not read as its optional argument."""
    text = text.replace("\r", "").replace("\n", " ")
    if engine == "pdflatex":
        text = "".join(c if c in PDFLATEX_SET else _plain(c) for c in text)
    escaped = "".join(LATEX_SPECIAL.get(c, c) for c in text)
    return "{}" + escaped if escaped.startswith(("[", "*")) else escaped


def latex_label(label: str) -> str:
    """A \\label key that cannot break the document: letters, digits and : . - _ / kept, others as -."""
    return re.sub(r"[^A-Za-z0-9:._/-]", "-", anyascii(label)) or "table"
