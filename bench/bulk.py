"""Bulk imports at study scale: 250,000 codings from one CSV, 20,000 short documents in one call.

Both run as the researcher runs them (`qualcode codings import` / `study.import_transcripts`): one
transaction, all rows or none, on a fresh SQLite file holding the PTM codebook and the 12 real
transcripts. Targets: codings < 20 s, documents < 120 s. Before the set-based inserts (issue 17):
242,000 codings 369 s, 20,000 documents 584 s. Measured 2026-12-02 on the shared 2-core machine (load
average 16): 250,000 codings 6.5 s (CPU 5.5 s), 20,000 documents 5.2 s (CPU 4.3 s).
Run: .venv/bin/python bench/bulk.py [--codings N] [--documents N] [--db URL]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import tempfile
import time
from pathlib import Path

import qualcode
from qualcode.codebook import store as codebook_store
from qualcode.codebook.files import read_codebook_file
from qualcode.coding.csv_exchange import import_codings_csv
from qualcode.project import create_project, current_project
from qualcode.store import session_scope

REPO = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("QUALCODE_SHARED_DATA", "/work/shared/data"))
TRANSCRIPTS = sorted((DATA / "icse23_ptm_reuse" / "transcripts").glob("*.docx"))
CODEBOOK = REPO / "codebooks" / "ptm_reuse.yaml"
CODINGS_TARGET, DOCUMENTS_TARGET = 20.0, 120.0


def build(url: str) -> qualcode.Study:
    with session_scope(url) as session:
        project = create_project(session, "Bulk bench")
        codebook_store.import_spec(session, project, read_codebook_file(CODEBOOK))
    study = qualcode.open(url)
    study.import_transcripts(
        TRANSCRIPTS, participant_pattern=r"Interview-(\d+)", participant_format="P{}"
    )
    return study


def codings_csv(study: qualcode.Study, rows: int, seed: int = 17) -> str:
    """`rows` codings by four coders over the real transcripts; one in ten is whole-document."""
    rng = random.Random(seed)
    documents = study.documents()
    lengths = {d.source_name: len(d.text) for d in _texts(study)}
    codes = list(study.codebook()["code"])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["document", "coder", "code", "start", "end", "memo"])
    names = list(documents["source_name"])
    for i in range(rows):
        name = rng.choice(names)
        if i % 10 == 0:
            start = end = ""
        else:
            start = rng.randrange(0, lengths[name] - 300)
            end = start + rng.randrange(10, 300)
        writer.writerow(
            [name, f"coder{i % 4}", rng.choice(codes), start, end, "" if i % 7 else "a memo"]
        )
    return out.getvalue()


def _texts(study: qualcode.Study):
    from qualcode.ingest.documents import list_documents

    with study.session() as (session, project):
        return list_documents(session, project)


def time_codings(study: qualcode.Study, rows: int) -> tuple[float, float]:
    text = codings_csv(study, rows)
    start, cpu = time.perf_counter(), time.process_time()
    with session_scope(study.url) as session:
        count = import_codings_csv(session, current_project(session), text, "bench.csv")
    elapsed = time.perf_counter() - start, time.process_time() - cpu
    assert count == rows and len(study.codings()) == rows
    return elapsed


def time_documents(study: qualcode.Study, count: int, folder: Path) -> tuple[float, float]:
    paths = []
    for i in range(count):
        path = folder / f"answer_{i:05d}.txt"
        path.write_text(
            f"Interviewer: What did you check before reusing model {i}?\n"
            f"P{i}: Its licence, its card and whether anyone had reported problems with it ({i}).\n",
            encoding="utf-8",
        )
        paths.append(path)
    before = len(study.documents())
    start, cpu = time.perf_counter(), time.process_time()
    study.import_transcripts(paths)
    elapsed = time.perf_counter() - start, time.process_time() - cpu
    assert len(study.documents()) == before + count
    return elapsed


def report(what: str, n: int, times: tuple[float, float], target: float) -> None:
    """Wall-clock time against the target; CPU time beside it (a busy machine stretches the first)."""
    seconds, cpu = times
    verdict = "ok" if seconds <= target else "OVER"
    print(f"{what:<10}{n:>9,}{seconds:>9.1f} s (cpu {cpu:.1f} s)   target {target:.0f} s: "
          f"{seconds / target:.2f}x {verdict}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codings", type=int, default=250_000)
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--db", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'bulk.db'}"
        study = build(url)
        print(f"{'import':<10}{'rows':>9}{'time':>12}")
        if args.codings:
            scale = args.codings / 250_000
            report(
                "codings", args.codings, time_codings(study, args.codings), CODINGS_TARGET * scale
            )
        if args.documents:
            docs = Path(folder) / "docs"
            docs.mkdir()
            scale = args.documents / 20_000
            report(
                "documents",
                args.documents,
                time_documents(study, args.documents, docs),
                DOCUMENTS_TARGET * scale,
            )


if __name__ == "__main__":
    main()
