"""LaTeX tables (booktabs) that compile as they are and fit the page.

Text: escaped by `qualcode.latex_text.latex_escape` (under pdfLaTeX, characters its fonts lack
are transliterated; emoji become a marker such as [emoji: hugging]).

Width: the table's natural width is estimated from its cells (about 5 pt a character plus the
column gaps) against the text width of a standard article (345 pt). A table that fits is a plain
tabular; one with long text columns wraps them (tabularx, or longtable with paragraph columns when
it has many rows and must break across pages); a matrix of numbers turns its column headings
upright; what is still too wide goes on a landscape page (pdflscape), scaled down to the line
width if even that is too narrow. The fragment starts with a comment naming the packages it uses.
"""

from __future__ import annotations

import pandas as pd

from qualcode.latex_text import latex_escape, latex_label

ENGINES = ("pdflatex", "xelatex")
TEXT_WIDTH = 345.0  # pt, \textwidth of a standard article
LANDSCAPE_WIDTH = 550.0  # pt, its \textheight: the line width on a landscape page
CHAR_WIDTH = 5.0  # pt, an average character at 10 pt
COLUMN_GAP = 12.0  # pt, 2 \tabcolsep
WRAP_MIN = 60.0  # pt, the narrowest paragraph column worth wrapping into
LONG_TABLE_ROWS = 40  # more rows than fit a page: longtable
LONG_TEXT = 40  # characters: a column with longer cells wraps


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def _widths(frame: pd.DataFrame, headers: list[str]) -> list[tuple[float, float]]:
    """Per column: (header width, widest cell width) in pt."""
    return [
        (len(h) * CHAR_WIDTH, max([len(_cell(v)) for v in frame[c]] + [0]) * CHAR_WIDTH)
        for h, c in zip(headers, frame.columns, strict=True)
    ]


def _layout(frame: pd.DataFrame, headers: list[str]) -> tuple[str, list[str], bool]:
    """The environment (tabular | tabularx | longtable | landscape | scaled), column specs, and
    whether headings stand upright."""
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    widths = _widths(frame, headers)
    upright = (
        sum(numeric) >= 4
        and sum(h for (h, _), n in zip(widths, numeric, strict=True) if n) > TEXT_WIDTH / 2
    )
    natural = [
        (cell if upright and is_number else max(head, cell)) + COLUMN_GAP
        for (head, cell), is_number in zip(widths, numeric, strict=True)
    ]  # fmt: skip
    if upright:
        natural = [max(n, 14.0 + COLUMN_GAP) for n in natural]
    specs = ["r" if n else "l" for n in numeric]
    long_rows = len(frame) > LONG_TABLE_ROWS
    wrap = [
        i for i, (n, (_, cell)) in enumerate(zip(numeric, widths, strict=True))
        if not n and cell > LONG_TEXT * CHAR_WIDTH / 2
    ]  # fmt: skip
    if sum(natural) <= TEXT_WIDTH and not any(w[1] > LONG_TEXT * CHAR_WIDTH for w in widths):
        return ("longtable" if long_rows else "tabular"), specs, upright
    fixed = sum(natural[i] for i in range(len(specs)) if i not in wrap)
    room = TEXT_WIDTH - fixed - COLUMN_GAP * len(wrap)
    if wrap and room >= WRAP_MIN * len(wrap):
        share = {i: natural[i] for i in wrap}
        total = sum(share.values())
        for i in wrap:
            if long_rows:
                fraction = room * share[i] / total / TEXT_WIDTH
                specs[i] = rf">{{\raggedright\arraybackslash}}p{{{fraction:.3f}\linewidth}}"
            else:
                specs[i] = r">{\raggedright\arraybackslash}X"
        return ("longtable" if long_rows else "tabularx"), specs, upright
    for i in wrap:  # on a landscape page the long columns still wrap, at a fixed width
        specs[i] = r">{\raggedright\arraybackslash}p{" + f"{min(natural[i], 160.0):.0f}pt" + "}"
    width = sum(
        min(natural[i], 160.0 + COLUMN_GAP) if i in wrap else natural[i] for i in range(len(specs))
    )
    return ("landscape" if width <= LANDSCAPE_WIDTH else "scaled"), specs, upright


def to_latex(
    frame: pd.DataFrame,
    caption: str | None = None,
    label: str | None = None,
    engine: str = "pdflatex",
) -> str:
    """A booktabs table that fits the page (inside a table float when a caption or label is given)."""
    headers = [_cell(c) for c in frame.columns]
    environment, specs, upright = _layout(frame, headers)
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    head = [
        rf"\rotatebox{{90}}{{{latex_escape(h, engine)}}}" if upright and n else latex_escape(h, engine)
        for h, n in zip(headers, numeric, strict=True)
    ]  # fmt: skip
    rows = [
        " & ".join(latex_escape(_cell(v), engine) for v in row) + r" \\"
        for row in frame.itertuples(index=False)
    ]
    title = []
    if caption is not None:
        title.append(rf"\caption{{{latex_escape(caption, engine)}}}")
    if label is not None:
        title.append(rf"\label{{{latex_label(label)}}}")
    lines = [_preamble_comment(engine)]
    if environment == "longtable":
        lines += [rf"\begin{{longtable}}{{{''.join(specs)}}}"]
        lines += [" ".join(title) + r" \\"] if title else []
        lines += [r"\toprule", " & ".join(head) + r" \\", r"\midrule", r"\endhead"]
        lines += [r"\bottomrule", r"\endfoot", *rows, r"\end{longtable}"]
        return "\n".join(lines) + "\n"
    if environment == "tabularx":
        body = [rf"\begin{{tabularx}}{{\linewidth}}{{{''.join(specs)}}}"]
        end = r"\end{tabularx}"
    else:
        body = [rf"\begin{{tabular}}{{{''.join(specs)}}}"]
        end = r"\end{tabular}"
    body += [r"\toprule", " & ".join(head) + r" \\", r"\midrule", *rows, r"\bottomrule", end]
    if environment == "scaled":
        body = [r"\resizebox{\linewidth}{!}{%", *body, "}"]
    if title or environment in ("landscape", "scaled"):
        body = [r"\begin{table}[ht]", r"\centering", *title, *body, r"\end{table}"]
    else:
        body = [r"\noindent", *body]  # a paragraph's indent would push a full-width table out
    if environment in ("landscape", "scaled"):
        body = [r"\begin{landscape}", *body, r"\end{landscape}"]
    return "\n".join(lines + body) + "\n"


def _preamble_comment(engine: str) -> str:
    packages = r"% needs \usepackage{booktabs,tabularx,longtable,pdflscape,graphicx,array}"
    if engine == "xelatex":
        return packages + "\n% compile with XeLaTeX or LuaLaTeX and \\usepackage{fontspec}"
    return packages + "\n% pdfLaTeX: characters its fonts lack are transliterated"
