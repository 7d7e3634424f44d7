"""Small transcript files written by the ingest tests (every format) and where the real ones are."""

from __future__ import annotations

import io
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# ../shared beside the repository (a clone), or beside the folder of worktrees
REAL_TRANSCRIPTS = next(
    (
        base / "shared" / "data" / "icse23_ptm_reuse" / "transcripts"
        for base in (REPO.parent, REPO.parent.parent)
        if (base / "shared" / "data").is_dir()
    ),
    REPO.parent / "shared" / "data" / "icse23_ptm_reuse" / "transcripts",
)


def docx_bytes(paragraphs: list[str], tables: list[list[list[str]]] | None = None) -> bytes:
    """A Word document with these paragraphs, then these tables."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for rows in tables or []:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                table.cell(r, c).text = cell
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer holding these lines (Helvetica, one line each)."""
    return pdf_pages_bytes([lines])


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def pdf_pages_bytes(pages: list[list[str]], margin_numbers: bool = False) -> bytes:
    """A PDF with one page per list of lines; with `margin_numbers`, each line's number in the
    left margin (counting on across pages), as line-numbered interview transcripts print them."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    number = 0
    for lines in pages:
        parts = []
        for row, line in enumerate(lines):
            y = 780 - 14 * row
            if margin_numbers:
                number += 1
                parts.append(f"BT /F1 8 Tf 20 {y} Td {_pdf_string(str(number))} Tj ET")
            parts.append(f"BT /F1 11 Tf 60 {y} Td {_pdf_string(line)} Tj ET")
        stream = " ".join(parts)
        page_id, content_id = len(objects) + 1, len(objects) + 2
        kids.append(f"{page_id} 0 R")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents {content_id} 0 R "
            "/Resources << /Font << /F1 FONT 0 R >> >> >>"
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    font_id = len(objects)
    objects = [o.replace("FONT", str(font_id)) for o in objects]
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for index, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{index} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


REV_PARAGRAPHS = [
    "Speaker 1:",
    "Could you describe your role?",
    "Speaker 2:",
    "I train vision models at a startup.1",
    "Speaker 1:",
    "How do you pick a model?",
    "Speaker 2:",
    "By downloads, mostly. The cards rarely list the training data2.",
    "And then I test GPT-2 and T5 on our own data.",
    "",
    "Annotations",
    "1 Role: ML engineer",
    "2 Selection help:",
    "- downloads as a proxy",
    "- missing training data on cards",
]
