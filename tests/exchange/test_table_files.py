"""Table writers: LaTeX escaping and booktabs, Markdown, HTML, CSV, XLSX read back with openpyxl."""

import io

import openpyxl
import pandas as pd
import pytest

from qualcode.errors import ValidationError
from qualcode.exchange.latex import latex_escape, to_latex
from qualcode.exchange.tables import format_for, render_table, to_xlsx

FRAME = pd.DataFrame(
    {
        "name": ["R&D 100% _done_ #1", "a|b"],
        "n": [3, 1],
        "quote": ["line one\nline two “ü” 😀", "x"],
    }
)


@pytest.mark.parametrize("char, escaped", [("&", r"\&"), ("%", r"\%"), ("_", r"\_"), ("#", r"\#"),
                                           ("$", r"\$"), ("{", r"\{"), ("~", r"\textasciitilde{}")])  # fmt: skip
def test_latex_escapes_special_characters(char, escaped):
    assert latex_escape(f"a{char}b") == f"a{escaped}b"


def test_latex_table_uses_booktabs_and_escapes_cells():
    latex = to_latex(FRAME)
    assert r"\toprule" in latex and r"\midrule" in latex and r"\bottomrule" in latex
    assert r"R\&D 100\% \_done\_ \#1" in latex
    assert "R&D" not in latex


def test_latex_caption_and_label_wrap_a_table_float():
    latex = to_latex(FRAME, caption="Challenges & risks", label="tab:challenges")
    assert r"\begin{table}" in latex
    assert r"\caption{Challenges \& risks}" in latex
    assert r"\label{tab:challenges}" in latex


def test_markdown_escapes_pipes_and_keeps_line_breaks():
    md = render_table(FRAME, "md").decode("utf-8")
    assert r"a\|b" in md
    assert "line one<br>line two" in md


def test_html_escapes_markup():
    html = render_table(pd.DataFrame({"q": ["<script>x</script>"]}), "html").decode("utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_csv_keeps_text():
    back = pd.read_csv(io.BytesIO(render_table(FRAME, "csv")))
    assert back["quote"][0] == FRAME["quote"][0]


def test_xlsx_opens_with_openpyxl_and_keeps_text_wrapped():
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx({"Challenges: x/y": FRAME})))
    sheet = book.worksheets[0]
    assert sheet.title == "Challenges- x-y"
    assert sheet["C2"].value == FRAME["quote"][0]
    assert sheet["C2"].alignment.wrap_text


def test_xlsx_cuts_cells_beyond_the_excel_limit():
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx({"s": pd.DataFrame({"q": ["x" * 40000]})})))
    value = book.worksheets[0]["A2"].value
    assert len(value) <= 32767 and "cut" in value


def test_format_from_suffix():
    assert format_for("t.tex") == "latex"
    with pytest.raises(ValidationError, match="cannot tell"):
        format_for("t.doc")
