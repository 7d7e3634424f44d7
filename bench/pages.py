"""Server time of one script run of every page, beside its budget (Code < 300 ms, others < 1 s).

Two studies: the shipped demo (`qualcode demo`) and the 12 real PTM-reuse transcripts coded by
two coders (about 40% of turns each, seeded; with the transcripts' own memos). Each page runs in
Streamlit's AppTest (the real script, in this process) with coder alice chosen: one warm-up run,
then the median of RUNS runs. Ratio = time / budget; below 1 meets it.

Run: .venv/bin/python bench/pages.py [--runs N] [--study demo|real|both]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from qualcode.codebook import store as codebook_store
from qualcode.codebook.files import read_codebook_file
from qualcode.coding.codings import add_coding
from qualcode.ingest.documents import document_turns, import_transcript_file, list_documents
from qualcode.ingest.participants import import_demographics
from qualcode.project import create_project, get_or_create_coder
from qualcode.sample import load_sample_study
from qualcode.store import get_engine, session_scope
from qualcode.ui.pages import PAGES

REPO = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("QUALCODE_SHARED_DATA", "/work/shared/data")) / "icse23_ptm_reuse"
CODEBOOK = REPO / "codebooks" / "ptm_reuse.yaml"
BUDGET_MS = {"code": 300.0}
DEFAULT_BUDGET_MS = 1000.0
SCRIPT = "from qualcode.ui.context import guarded\nfrom qualcode.ui.{module} import page\nguarded(page)()\n"


def build_demo(url: str) -> None:
    with session_scope(url) as session:
        load_sample_study(session)


def build_real(url: str, share: float = 0.4, seed: int = 12) -> None:
    """The 12 real interviews, the PTM codebook, alice and bob each coding ~40% of turns."""
    rng = random.Random(seed)
    with session_scope(url) as session:
        project = create_project(session, "PTM reuse (real transcripts)")
        codebook = codebook_store.import_spec(session, project, read_codebook_file(CODEBOOK))
        import_demographics(session, project, DATA / "demographics.csv", "Participant")
        for number, path in enumerate(sorted((DATA / "transcripts").glob("Interview-*.docx")), 1):
            import_transcript_file(session, project, path, f"P{number}")
        codes = codebook_store.codes(session, codebook)
        by_group: dict = {}
        for code in codes:
            by_group.setdefault(code.group_id, []).append(code)
        exclusive = {g.id for g in codebook_store.groups(session, codebook) if g.exclusive}
        for name in ("alice", "bob"):
            coder = get_or_create_coder(session, project, name)
            for document in list_documents(session, project):
                for turn in document_turns(session, document):
                    if turn.end - turn.start < 20 or rng.random() > share:
                        continue
                    groups = rng.sample(list(by_group), k=min(2, len(by_group)))
                    for group in groups:  # one code per group keeps exclusive groups valid
                        pool = by_group[group] if group in exclusive else by_group[group][:6]
                        add_coding(session, document, coder, rng.choice(pool), turn.start, turn.end,
                                   codebook_version=codebook.version)  # fmt: skip


def time_page(module: str, url: str, runs: int) -> float:
    """Median milliseconds of one script run of a page (after one warm-up run)."""
    os.environ["QUALCODE_DB"] = url
    app = AppTest.from_string(SCRIPT.format(module=module), default_timeout=120)
    app.session_state["qualcode_coder_name"] = "alice"
    app.run()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        app.run()
        times.append((time.perf_counter() - start) * 1000)
    if app.exception:
        raise RuntimeError(f"{module}: {app.exception[0].message}")
    return statistics.median(times)


def report(label: str, url: str, runs: int, only: list[str] | None = None) -> None:
    print(f"\n{label}")
    print(f"{'page':<22}{'ms':>9}{'budget':>9}{'ratio':>8}")
    for _, page, title, _, url_path in PAGES:
        if only and url_path not in only:
            continue
        module = page.__module__.rsplit(".", 1)[-1]
        budget = BUDGET_MS.get(url_path, DEFAULT_BUDGET_MS)
        ms = time_page(module, url, runs)
        flag = "" if ms < budget else "  over budget"
        print(f"{title:<22}{ms:>9.0f}{budget:>9.0f}{ms / budget:>8.2f}{flag}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--study", choices=["demo", "real", "both"], default="both")
    parser.add_argument("--pages", nargs="*", help="url paths of the pages to time (default: all)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        studies = {
            "demo": ("Demo study", build_demo),
            "real": ("12 real transcripts, two coders", build_real),
        }
        for key, (label, build) in studies.items():
            if args.study not in (key, "both"):
                continue
            url = f"sqlite:///{Path(folder) / f'{key}.db'}"
            build(url)
            report(label, url, args.runs, args.pages)
            get_engine.cache_clear()


if __name__ == "__main__":
    main()
