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
    escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
    stream = (
        "BT /F1 11 Tf 50 780 Td 14 TL " + " ".join(f"({line}) Tj T*" for line in escaped) + " ET"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
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
