"""Speed of code suggestions: training and suggesting, each beside its target.

Figures (median of 3 runs, fresh in-process timings on a real SQLite file):
- training on the sample study (alice's codings, turn units, --min-examples 3): target < 5 s;
- training on the 12 real transcripts of the ICSE 2023 study (about 5,000 words each) with 40
  codings per code from one coder (turns holding the code's keywords: timing data, not a study),
  all codes learnt: target < 5 s; the same with a second coder (bob, 40 turns per code, half
  of them alice's) and at sentence units, beside the same target;
- suggestions for one transcript (the longest, Interview-08): target < 1 s.
Each line gives the wall-clock time (the figure against the target) and the CPU time of this
process, which says more on a shared, loaded machine. Run: .venv/bin/python bench/suggest.py
"""

from __future__ import annotations

import os
import re
import statistics
import tempfile
import time
from pathlib import Path

from sqlmodel import select

from qualcode.codebook import store as codebook_store
from qualcode.codebook.files import read_codebook_file
from qualcode.coding.codings import add_coding
from qualcode.ingest.documents import import_transcript_file, list_documents
from qualcode.project import create_project, current_project, get_or_create_coder
from qualcode.sample import load_sample_study
from qualcode.store import session_scope
from qualcode.store.models import SpeakerTurn
from qualcode.suggest.run import run
from qualcode.suggest.train import train

REPO = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("QUALCODE_SHARED_DATA", REPO.parent / "shared" / "data"))
TRANSCRIPTS = DATA / "icse23_ptm_reuse" / "transcripts"
CODEBOOK = REPO / "codebooks" / "ptm_reuse.yaml"
TRAIN_TARGET, RUN_TARGET, RUNS = 5.0, 1.0, 3


def real_study(url: str) -> None:
    """The 12 real transcripts, the PTM codebook, and one coder's keyword codings."""
    with session_scope(url) as session:
        project = create_project(session, "Suggest bench")
        codebook = codebook_store.import_spec(session, project, read_codebook_file(CODEBOOK))
        for i, path in enumerate(sorted(TRANSCRIPTS.glob("*.docx")), start=1):
            import_transcript_file(session, project, path, f"P{i}")
        alice = get_or_create_coder(session, project, "alice")
        bob = get_or_create_coder(session, project, "bob")
        documents = {d.id: d for d in list_documents(session, project)}
        turns = list(session.exec(select(SpeakerTurn).where(SpeakerTurn.role == "participant")))
        for code in codebook_store.codes(session, codebook):
            words = [w for w in re.findall(r"[a-z]{5,}", f"{code.name} {code.definition}".lower())][
                :4
            ]
            hits = [
                t
                for t in turns
                if any(w in documents[t.document_id].text[t.start : t.end].lower() for w in words)
            ]
            for coder, chosen in ((alice, (hits or turns)[:40]), (bob, (hits or turns)[20:60])):
                for turn in chosen:
                    document = documents[turn.document_id]
                    add_coding(session, document, coder, code, turn.start, turn.end)


def seconds(action) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of RUNS calls."""
    walls, cpus = [], []
    for _ in range(RUNS):
        started, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def line(name: str, figures: tuple[float, float], target: float) -> str:
    figure, cpu = figures
    verdict = "ok" if figure < target else "OVER"
    return (f"{name:<50} {figure:7.2f} s (cpu {cpu:5.2f} s)  target < {target:g} s  "
            f"ratio {figure / target:5.2f}  {verdict}")  # fmt: skip


def train_on(url: str, min_examples: int, coders=("alice",), unit: str = "turn") -> dict:
    with session_scope(url) as session:
        return train(
            session, current_project(session), coders, unit=unit, min_examples=min_examples
        ).as_dict()


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="qualcode-suggest-bench-"))
    demo = f"sqlite:///{folder / 'demo.db'}"
    with session_scope(demo) as session:
        load_sample_study(session)
    learnt = train_on(demo, 3)
    print(f"Sample study: {len(learnt['codes'])} codes learnt, {len(learnt['skipped'])} skipped")
    print(line("  train (alice, turns)", seconds(lambda: train_on(demo, 3)), TRAIN_TARGET))
    if not TRANSCRIPTS.is_dir():
        print(f"(the real transcripts are not at {TRANSCRIPTS}: skipped)")
        return
    real = f"sqlite:///{folder / 'real.db'}"
    real_study(real)
    learnt = train_on(real, 5)
    print(
        f"12 real transcripts: {len(learnt['codes'])} codes learnt, {len(learnt['skipped'])} skipped"
    )
    print(line("  train (alice, turns)", seconds(lambda: train_on(real, 5)), TRAIN_TARGET))
    both = ("alice", "bob")
    print(line("  train (alice and bob, turns)", seconds(lambda: train_on(real, 5, both)),
               TRAIN_TARGET))  # fmt: skip
    print(line("  train (alice, sentences)",
               seconds(lambda: train_on(real, 5, unit="sentence")), TRAIN_TARGET))  # fmt: skip
    train_on(real, 5)  # suggestions come from the turn model

    def suggest() -> None:
        with session_scope(real) as session:
            run(session, current_project(session), ("Interview-08-20220727",), 0.5)

    with session_scope(real) as session:
        titles = [d.title for d in list_documents(session, current_project(session))]
    if "Interview-08-20220727" not in titles:
        print(f"(titles: {titles})")
        return
    print(line("  suggestions for Interview-08 (longest transcript)", seconds(suggest), RUN_TARGET))


if __name__ == "__main__":
    main()
