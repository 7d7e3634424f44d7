"""The agreement report's LaTeX compiles under pdfLaTeX whatever the code and coder names hold
(emoji, CJK, LaTeX specials): it escapes through the shared qualcode.latex_text."""

from __future__ import annotations

from qualcode.agreement.report import render
from tests.agreement.test_report import report
from tests.exchange.latex_compile import compile_fragment


def hostile_report() -> dict:
    data = report(True)
    data["coders"] = ["alice", "李明 🤗"]
    data["groups"][0]["name"] = "Stage & 50% #1"
    data["codes"][0]["name"] = "🤗 Hürden"
    data["codes"].append({**data["codes"][0], "code": "reuse", "name": "模型重用"})
    return data


def test_emoji_and_cjk_code_names_compile_under_pdflatex(tmp_path):
    latex = render(hostile_report(), "latex")
    compile_fragment(latex, tmp_path)
    assert "[emoji: hugging] Hürden" in latex and "MoXingZhongYong" in latex
    assert r"Stage \& 50\% \#1" in latex and "LiMing" in latex


def test_coefficient_symbols_stay_math(tmp_path):
    latex = render(hostile_report(), "latex")
    assert r"$\alpha$ $\geq$ 0.800 reliable" in latex
    assert r"$|_u\alpha$ relevant" in latex and r"$_{Cu}\alpha$ which group" in latex
