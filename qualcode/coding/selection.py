"""A selection made in the browser becomes a coding: UTF-16 offsets in, exact character offsets stored."""

from __future__ import annotations

from sqlmodel import Session

from qualcode.coding.codings import add_coding
from qualcode.coding.offsets import Utf16Map
from qualcode.coding.progress import save_position
from qualcode.store.models import Code, Coder, Coding, Document


def code_selection(
    session: Session,
    document: Document,
    coder: Coder,
    code: Code,
    start16: int,
    end16: int,
    codebook_version: int = 1,
) -> Coding:
    """Store the coding the coder made by selecting text, and remember where they were."""
    mapping = Utf16Map(document.text)
    start, end = mapping.to_python(start16), mapping.to_python(end16)
    coding = add_coding(session, document, coder, code, start, end,
                        codebook_version=codebook_version, actor=coder.name)  # fmt: skip
    save_position(session, coder, document, start)
    return coding
