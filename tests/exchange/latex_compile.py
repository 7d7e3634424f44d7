"""Compiling LaTeX table fragments with pdflatex for the tests (Debian texlive-latex-base and
texlive-latex-recommended, which scripts/test installs)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

PREAMBLE = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage{booktabs,tabularx,longtable,pdflscape,graphicx,array}
\begin{document}
"""
OVERFULL = re.compile(r"Overfull \\hbox \(([0-9.]+)pt too wide\)")


def compile_fragment(fragment: str, folder: Path) -> str:
    """Compile the fragment in a standard article with pdflatex; returns the log. Fails with
    LaTeX's own error when it does not compile."""
    pdflatex = shutil.which("pdflatex")
    assert pdflatex, "pdflatex is missing: run the tests with scripts/test, which installs TeX Live"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "t.tex").write_text(PREAMBLE + fragment + "\n\\end{document}\n", encoding="utf-8")
    result = subprocess.run(
        [pdflatex, "-interaction=nonstopmode", "-halt-on-error", "t.tex"],
        cwd=folder, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    log = (folder / "t.log").read_text(encoding="latin-1")
    errors = [line for line in log.splitlines() if line.startswith("!")]
    assert result.returncode == 0, f"pdflatex failed: {errors}"
    return log


def too_wide(log: str) -> list[float]:
    """How far each overfull line sticks out (pt), ignoring rounding below 1 pt."""
    return [float(w) for w in OVERFULL.findall(log) if float(w) > 1.0]
