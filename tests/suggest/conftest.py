"""A synthetic study for suggestions: one code fully determined by a keyword, one coded at random.

8 documents of 25 paragraphs of filler words; a paragraph mentioning "licence" is coded
`licence` by both coders, and each coder gives `noise` to a random 30% of paragraphs on their own.
"""

from __future__ import annotations

import numpy as np
import pytest

from qualcode.codebook import store as codebook_store
from qualcode.codebook.schema import parse_codebook
from qualcode.coding.codings import add_coding
from qualcode.ingest.participants import get_or_create_participant
from qualcode.project import create_project, get_or_create_coder
from qualcode.store import session_scope
from qualcode.store.models import Document

WORDS = ("model data team hub weights training script notebook paper review upload version "
         "deploy format metric benchmark latency memory cloud laptop").split()  # fmt: skip
CODEBOOK = {
    "name": "Synthetic",
    "groups": [{"key": "g", "name": "Group"}],
    "codes": [
        {"key": "licence", "name": "Licence", "group": "g"},
        {"key": "noise", "name": "Noise", "group": "g"},
        {"key": "rare", "name": "Rare", "group": "g"},
    ],
}


def build_synthetic(url: str, documents: int = 8, paragraphs: int = 25, seed: int = 3) -> None:
    rng = np.random.default_rng(seed)
    with session_scope(url) as session:
        project = create_project(session, "Synthetic study")
        codebook = codebook_store.import_spec(session, project, parse_codebook(CODEBOOK))
        codes = {c.key: c for c in codebook_store.codes(session, codebook)}
        coders = [get_or_create_coder(session, project, n) for n in ("alice", "bob")]
        for d in range(documents):
            participant = get_or_create_participant(session, project, f"P{d + 1}")
            texts, spans, offset = [], [], 0
            for p in range(paragraphs):
                words = list(rng.choice(WORDS, 12))
                if rng.random() < 0.3:
                    words.insert(int(rng.integers(0, 12)), "licence")
                if d == 0 and p == 0:
                    words.insert(0, "zebra")  # the one paragraph of `rare`
                text = " ".join(words)
                texts.append(text)
                spans.append((offset, offset + len(text), "licence" in words, "zebra" in words))
                offset += len(text) + 2
            document = Document(project_id=project.id, participant_id=participant.id,
                                title=f"P{d + 1}.txt", text="\n\n".join(texts))  # fmt: skip
            session.add_all([participant, document])
            session.flush()
            for start, end, licence, rare in spans:
                for coder in coders:
                    if licence:
                        add_coding(session, document, coder, codes["licence"], start, end, "")
                    if rng.random() < 0.3:
                        add_coding(session, document, coder, codes["noise"], start, end, "")
                    if rare:
                        add_coding(session, document, coder, codes["rare"], start, end, "")


@pytest.fixture
def synthetic_url(sqlite_url: str) -> str:
    build_synthetic(sqlite_url)
    return sqlite_url
