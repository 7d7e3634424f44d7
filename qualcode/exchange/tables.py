"""Tables for papers and spreadsheets: CSV, XLSX, Markdown, LaTeX (booktabs) and HTML from one DataFrame.

Every writer keeps user text intact (code names, quotes, memos) and escapes what the format needs:
LaTeX special characters (and width, engine: exchange.latex), Markdown pipes, HTML markup. XLSX
cells wrap their text.
"""

from __future__ import annotations

import io
from html import escape as html_escape
from pathlib import Path

import pandas as pd

from qualcode.errors import ValidationError
from qualcode.exchange.latex import ENGINES, to_latex

__all__ = ["ENGINES", "FORMATS", "SUFFIXES", "format_for", "render_table", "to_xlsx", "write_table"]

FORMATS = ("csv", "xlsx", "md", "latex", "html")
SUFFIXES = {"csv": ".csv", "xlsx": ".xlsx", "md": ".md", "latex": ".tex", "html": ".html"}
EXCEL_CELL_LIMIT = 32767  # characters Excel keeps in one cell


def format_for(path: str | Path) -> str:
    """The table format a file name asks for (by suffix)."""
    suffix = Path(path).suffix.lower()
    for fmt, known in SUFFIXES.items():
        if (
            suffix == known
            or (fmt == "latex" and suffix == ".latex")
            or (fmt == "md" and suffix == ".markdown")
        ):
            return fmt
    raise ValidationError(
        f"{path}: cannot tell the table format from '{suffix}' (expected {', '.join(SUFFIXES.values())})"
    )


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def _md_cell(value: object) -> str:
    return (
        _text(value)
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("\r", "")
        .replace("\n", "<br>")
    )


def to_markdown(frame: pd.DataFrame, caption: str | None = None) -> str:
    """A GitHub-flavoured Markdown table (pipes escaped, line breaks as <br>)."""
    header = "| " + " | ".join(_md_cell(c) for c in frame.columns) + " |"
    rule = (
        "| "
        + " | ".join(
            "---:" if pd.api.types.is_numeric_dtype(frame[c]) else "---" for c in frame.columns
        )
        + " |"
    )
    rows = [
        "| " + " | ".join(_md_cell(v) for v in row) + " |" for row in frame.itertuples(index=False)
    ]
    lead = [f"**{_md_cell(caption)}**", ""] if caption else []
    return "\n".join(lead + [header, rule, *rows]) + "\n"


def to_html(frame: pd.DataFrame, caption: str | None = None) -> str:
    """A standalone HTML table (user text escaped; line breaks kept)."""
    head = "".join(f"<th>{html_escape(_text(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{html_escape(_text(v)).replace(chr(10), '<br>')}</td>" for v in row)
        + "</tr>"
        for row in frame.itertuples(index=False)
    )
    cap = f"<caption>{html_escape(caption)}</caption>" if caption else ""
    return (
        '<table class="qualcode-table">'
        f"{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n"
    )


def _excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    def clip(value: object) -> object:
        if isinstance(value, str) and len(value) > EXCEL_CELL_LIMIT:
            note = f" … [cut: {len(value) - EXCEL_CELL_LIMIT + 40} more characters]"
            return value[: EXCEL_CELL_LIMIT - len(note)] + note
        return value

    return frame.map(clip)


def to_xlsx(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An XLSX workbook, one sheet per entry, text wrapped, header bold and frozen."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    buffer = io.BytesIO()
    used: set[str] = set()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            title = _sheet_title(name, used)
            _excel_safe(frame).to_excel(writer, sheet_name=title, index=False)
            sheet = writer.sheets[title]
            sheet.freeze_panes = "B2"
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for index, column in enumerate(frame.columns, start=1):
                longest = max([len(_text(column))] + [len(_text(v)) for v in frame[column]])
                sheet.column_dimensions[get_column_letter(index)].width = min(
                    max(10, longest + 2), 60
                )
            for row in sheet.iter_rows(min_row=2):
                for cell in row:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    return buffer.getvalue()


def _sheet_title(name: str, used: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique."""
    clean = "".join("-" if c in "[]:*?/\\" else c for c in name).strip("'") or "Sheet"
    title, n = clean[:31], 2
    while title.casefold() in used:
        suffix = f" ({n})"
        title, n = clean[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.casefold())
    return title


def render_table(
    frame: pd.DataFrame, fmt: str, caption: str | None = None, label: str | None = None,
    engine: str = "pdflatex",
) -> bytes:  # fmt: skip
    """The table in one format, as bytes (UTF-8 for text formats); `engine` is the LaTeX engine."""
    if fmt == "csv":
        return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    if fmt == "xlsx":
        return to_xlsx({caption or "Table": frame})
    if fmt == "md":
        return to_markdown(frame, caption).encode("utf-8")
    if fmt == "latex":
        return to_latex(frame, caption, label, engine).encode("utf-8")
    if fmt == "html":
        return to_html(frame, caption).encode("utf-8")
    raise ValidationError(f"unknown table format {fmt!r} (expected one of: {', '.join(FORMATS)})")


def write_table(
    frame: pd.DataFrame, path: str | Path, fmt: str | None = None, caption: str | None = None,
    label: str | None = None,
) -> Path:  # fmt: skip
    """Write the table to `path` in `fmt` (default: from the file's suffix)."""
    path = Path(path)
    path.write_bytes(render_table(frame, fmt or format_for(path), caption, label))
    return path
