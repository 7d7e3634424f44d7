"""LaTeX tables compile under pdfLaTeX whatever they hold (emoji, CJK, LaTeX specials in captions
and labels) and fit the text width: wide ones wrap, stand their headings upright or go landscape,
long ones break across pages."""

import pandas as pd
import pytest

from qualcode.exchange.latex import latex_escape, latex_label, to_latex
from tests.exchange.latex_compile import compile_fragment, too_wide

HOSTILE = "Größe 🤗 日本語 ✓ ħ \\ & % $ # _ { } ~ ^ “quoted” – done"


def test_emoji_and_non_latin_text_compile_under_pdflatex(tmp_path):
    frame = pd.DataFrame({"code": ["Hürden 📏"], "quote": [HOSTILE]})
    latex = to_latex(frame, caption=HOSTILE, label="tab:x}y\\z%#")
    compile_fragment(latex, tmp_path)
    assert "[emoji: hugging]" in latex and "RiBenYu" in latex and "Größe" in latex


def test_caption_and_label_are_escaped():
    latex = to_latex(pd.DataFrame({"a": [1]}), caption="50% of R&D_x", label="tab:a b}{%")
    assert r"\caption{50\% of R\&D\_x}" in latex
    assert r"\label{tab:a-b---}" in latex
    assert latex_label("tab:Größe") == "tab:Grosse"


def test_xelatex_keeps_every_character():
    assert latex_escape("🤗 日本 & x", "xelatex") == r"🤗 日本 \& x"
    assert "fontspec" in to_latex(pd.DataFrame({"a": ["🤗"]}), engine="xelatex")


def test_a_wide_matrix_of_numbers_fits_the_page(tmp_path):
    names = [f"Challenge number {i} with a long name" for i in range(30)]
    frame = pd.DataFrame({"code": names, **{n: list(range(30)) for n in names}})
    log = compile_fragment(to_latex(frame, caption="Co-occurrence"), tmp_path)
    assert too_wide(log) == []


def test_long_quotes_wrap_within_the_text_width(tmp_path):
    frame = pd.DataFrame({"code": ["a", "b"], "n": [1, 2], "quote": ["word " * 60, "short"]})
    latex = to_latex(frame)
    assert r"\begin{tabularx}{\linewidth}" in latex
    assert too_wide(compile_fragment(latex, tmp_path)) == []


def test_many_rows_break_across_pages(tmp_path):
    frame = pd.DataFrame(
        {"participant": [f"P{i}" for i in range(120)], "quote": ["some words " * 12] * 120}
    )
    latex = to_latex(frame, caption="Quotes", label="tab:q")
    assert r"\begin{longtable}" in latex
    log = compile_fragment(latex, tmp_path)
    assert too_wide(log) == [] and "Output written on t.pdf (" in log and "pages" in log


@pytest.mark.parametrize("columns", [3, 12])
def test_wide_text_tables_go_landscape_or_scale(tmp_path, columns):
    frame = pd.DataFrame({f"column {i}": ["a fairly long cell text " * 3] for i in range(columns)})
    latex = to_latex(frame)
    assert too_wide(compile_fragment(latex, tmp_path)) == []


def test_a_row_opening_with_an_emoji_or_bracket_compiles(tmp_path):
    frame = pd.DataFrame({"code": ["🤗 Reuse", "[sic] quote", "*starred"], "n": [1, 2, 3]})
    latex = to_latex(frame)
    compile_fragment(latex, tmp_path)
    assert r"{}[emoji: hugging] Reuse" in latex and r"{}*starred" in latex
