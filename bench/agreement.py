"""Agreement benchmarks: vectorised per-code alpha, the bootstrap, and the whole `qualcode agree` path.

Run: .venv/bin/python bench/agreement.py
(a) 50 codes x 100,000 units x 3 coders: alpha of every code at once from binary coincidence
    counts, against krippendorff.alpha called once per code (values must agree to 1e-9).
(b) 1,000 bootstrap resamples, 3 coders x 20,000 units in 100 documents: the document and unit
    percentile bootstraps (all five coefficients) and Hayes & Krippendorff's (alpha only).
(c) `qualcode agree --unit sentence` on 100 documents, 20,000 sentences, 3 coders: stored
    codings to the JSON report (budget < 3 s), the first run (which cuts and stores the
    sentences) apart, beside krippendorff.alpha's time for the point alphas alone on the same
    matrices.
(d) `qualcode agree --unit document` on 20,000 documents, 3 coders, 240,000 codings (budget
    < 10 s), beside krippendorff.alpha's time on the same matrices.
(e) the character unit on the same kind of project as (c), with the time the unitizing
    alpha family (|u-alpha, u-alpha, cu-alpha, Cu-alpha per code, group and overall) takes.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import krippendorff
import numpy as np
from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]


def noisy_codings(rng, codes: int, coders: int, units: int, agreement: float = 0.9):
    """Codes x coders x units: a shared truth each coder copies with some noise, some units missing."""
    truth = rng.random((codes, 1, units)) < rng.uniform(0.05, 0.4, (codes, 1, 1))
    flip = rng.random((codes, coders, units)) > agreement
    present = rng.random((coders, units)) > 0.05
    return truth ^ flip, present


def bench_per_code_alpha() -> None:
    from qualcode.agreement.coefficients import binary_alpha

    rng = np.random.default_rng(1)
    applied, present = noisy_codings(rng, 50, 3, 100_000)
    start = time.perf_counter()
    fast, _ = binary_alpha(applied, present)
    fast_time = time.perf_counter() - start
    start = time.perf_counter()
    slow = [
        krippendorff.alpha(np.where(present, applied[c], np.nan), level_of_measurement="nominal")
        for c in range(applied.shape[0])
    ]
    slow_time = time.perf_counter() - start
    difference = float(np.max(np.abs(fast - np.asarray(slow))))
    print("(a) per-code alpha, 50 codes x 100,000 units x 3 coders")
    print(f"    vectorised binary coincidences: {fast_time:.3f} s")
    print(f"    krippendorff.alpha per code:    {slow_time:.3f} s")
    print(
        f"    speed-up {slow_time / fast_time:.1f}x (target >= 5x); max |difference| {difference:.1e} (must be <= 1e-9)"
    )


def bench_bootstrap() -> None:
    from qualcode.agreement.bootstrap import bootstrap_alpha, coincidences
    from qualcode.agreement.intervals import variable_intervals

    rng = np.random.default_rng(2)
    document = np.repeat(np.arange(100), 200)
    truth = rng.random(20_000) < 0.3
    values = np.where(rng.random((3, 20_000)) < 0.8, truth, rng.random((3, 20_000)) < 0.3)
    values = values.astype(float)
    values[rng.random(values.shape) < 0.05] = np.nan
    print("(b) 1,000 bootstrap resamples, 3 coders x 20,000 units in 100 documents")
    start = time.perf_counter()
    krippendorff.alpha(values, level_of_measurement="nominal")
    package = time.perf_counter() - start
    for method in ("documents", "units", "krippendorff"):
        start, cpu = time.perf_counter(), time.process_time()
        result = variable_intervals(values, document, method=method, resamples=1000, seed=7)
        elapsed, used = time.perf_counter() - start, time.process_time() - cpu
        print(
            f"    {method:12s} {elapsed:.3f} s, {used:.3f} s CPU (krippendorff.alpha, one point "
            f"estimate: {package:.3f} s, ratio {elapsed / package:.1f}); alpha 95% CI "
            f"[{result['alpha_ci'][0]:.3f}, {result['alpha_ci'][1]:.3f}]"
        )
    start = time.perf_counter()
    bootstrap_alpha(coincidences(values), "interval", 1000, 7)
    print(f"    Hayes & Krippendorff at the interval level: {time.perf_counter() - start:.3f} s")


def package_time(url: str, unit: str) -> float:
    """krippendorff.alpha on the report's matrices: every code, every group, overall (point alphas)."""
    from qualcode.agreement.data import Selection, load_study_data
    from qualcode.project import current_project
    from qualcode.store import session_scope

    with session_scope(url) as session:
        data = load_study_data(session, current_project(session), Selection(unit=unit))
    table = data.table
    matrices = [table.binary_values(row) for row in range(len(data.codes))]
    for group in data.groups:
        rows = [i for i, c in enumerate(data.codes) if c.group_id == group.id]
        matrices.append(
            table.nominal_values(rows)[0] if group.exclusive else table.pooled_values(rows)[0]
        )
    matrices.append(table.pooled_values(list(range(len(data.codes))))[0])
    start = time.perf_counter()
    for matrix in matrices:
        krippendorff.alpha(matrix, level_of_measurement="nominal")
    return time.perf_counter() - start


def timed_agree(url: str, *args: str) -> tuple[float, float, dict]:
    """(wall seconds, CPU seconds of this process, report) of one in-process `qualcode agree`."""
    from qualcode.cli import cli

    start, cpu = time.perf_counter(), time.process_time()
    result = CliRunner().invoke(cli, ["agree", "--db", url, "--seed", "1", *args])
    elapsed, used = time.perf_counter() - start, time.process_time() - cpu
    assert result.exit_code == 0, result.output
    return elapsed, used, json.loads(result.output)


def subprocess_agree(url: str, *args: str) -> tuple[float, float]:
    """(wall, CPU seconds) of a fresh `python -m qualcode.cli agree`: interpreter and imports included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "qualcode.cli", "agree", "--db", url, "--seed", "1", *args],
        check=True, capture_output=True,
    )  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return time.perf_counter() - start, cpu


def measure(url: str, unit: str) -> tuple:
    """In process (wall, CPU, report), fresh process (wall, CPU), and the package's time."""
    total, cpu, report = timed_agree(url, "--unit", unit)
    fresh, fresh_cpu = subprocess_agree(url, "--unit", unit)
    return total, cpu, report, fresh, fresh_cpu, package_time(url, unit)


def machine_load() -> str:
    """The load average beside the core count: wall times on a busy machine exceed CPU times."""
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def build_project(url: str, documents: int = 100, sentences: int = 200, coders: int = 3) -> None:
    """A project of generated interviews (paragraphs of five sentences) coded by three coders."""
    from qualcode.codebook import store as codebook_store
    from qualcode.codebook.files import read_codebook_file
    from qualcode.project import create_project, get_or_create_coder
    from qualcode.store import session_scope
    from qualcode.store.models import Coding, Document

    rng = np.random.default_rng(3)
    words = "model hub card licence latency data team reuse search download test deploy".split()
    with session_scope(url) as session:
        project = create_project(session, "Bench")
        spec = read_codebook_file(REPO / "codebooks" / "ptm_reuse.yaml")
        codebook = codebook_store.import_spec(session, project, spec)
        codes = codebook_store.codes(session, codebook)
        people = [get_or_create_coder(session, project, f"coder{i}") for i in range(coders)]
        rows = []
        for d in range(documents):
            pieces, spans, offset = [], [], 0
            for s in range(sentences):
                sentence = " ".join(rng.choice(words, rng.integers(6, 16))).capitalize() + "."
                spans.append((offset, offset + len(sentence)))
                separator = "\n\n" if s % 5 == 4 else " "
                pieces.append(sentence + separator)
                offset += len(sentence) + len(separator)
            document = Document(
                project_id=project.id, title=f"I{d}", text="".join(pieces), sha256=str(d)
            )
            session.add(document)
            session.flush()
            for s in range(
                0, sentences, 4
            ):  # a true code every fourth sentence, coders mostly agree
                code = codes[int(rng.integers(len(codes)))]
                start, end = spans[s][0], spans[min(s + int(rng.integers(0, 2)), sentences - 1)][1]
                for person in people:
                    chosen = code if rng.random() < 0.85 else codes[int(rng.integers(len(codes)))]
                    rows.append(Coding(document_id=document.id, coder_id=person.id,
                                       code_id=chosen.id, start=start, end=end))  # fmt: skip
        session.add_all(rows)


def bench_sentence_path() -> None:
    from qualcode.store import get_engine

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        build_project(url)
        get_engine(url)
        first, _, _ = timed_agree(url, "--unit", "sentence")  # cuts and stores the sentences
        total, cpu, report, fresh, fresh_cpu, package = measure(url, "sentence")
    print(
        f"(c) qualcode agree --unit sentence, 100 documents, {report['n_units']:,} sentences, "
        f"3 coders, {len(report['codes'])} codes, 1,000 resamples over documents ({machine_load()}):"
    )
    print(
        f"    {total:.2f} s end to end, {cpu:.2f} s CPU (target < 3 s); in a fresh process "
        f"{fresh:.2f} s, {fresh_cpu:.2f} s CPU; the first run, which cuts and stores the "
        f"sentences, {first:.2f} s"
    )
    print(
        f"    krippendorff.alpha on the same matrices (point alphas only): {package:.2f} s, "
        f"ratio {total / package:.2f}"
    )


def build_documents_project(
    url: str, documents: int = 20_000, coders: int = 3, per_coder: int = 4
) -> int:
    """A large project inserted with SQLAlchemy core: short documents, whole-document and span codings."""
    from sqlalchemy import insert

    from qualcode.codebook import store as codebook_store
    from qualcode.codebook.files import read_codebook_file
    from qualcode.project import create_project, get_or_create_coder
    from qualcode.store import session_scope
    from qualcode.store.models import Coding, Document, utcnow

    rng = np.random.default_rng(4)
    now = utcnow()
    with session_scope(url) as session:
        project = create_project(session, "Bench")
        spec = read_codebook_file(REPO / "codebooks" / "ptm_reuse.yaml")
        codes = [
            c.id
            for c in codebook_store.codes(
                session, codebook_store.import_spec(session, project, spec)
            )
        ]
        people = [get_or_create_coder(session, project, f"coder{i}").id for i in range(coders)]
        text = "We searched the hub for a model. The licence was missing, so we asked the team."
        session.execute(
            insert(Document.__table__),
            [{"project_id": project.id, "title": f"D{d}", "source_name": "", "format": "txt",
              "sha256": str(d), "kind": "interview", "text": text, "imported_at": now, "meta": {}}
             for d in range(documents)],
        )  # fmt: skip
        ids = [row[0] for row in session.execute(select_ids(Document, project.id))]
        rows = []
        for document in ids:
            truth = rng.choice(codes, per_coder, replace=False)
            for person in people:
                for k, code in enumerate(truth):
                    chosen = int(code) if rng.random() < 0.85 else int(rng.choice(codes))
                    start, end = (None, None) if k % 2 else (0, 32)
                    rows.append({"document_id": document, "coder_id": person, "code_id": chosen,
                                 "start": start, "end": end, "memo": "", "codebook_version": 1,
                                 "created_at": now, "updated_at": now})  # fmt: skip
        session.execute(insert(Coding.__table__), rows)
    return len(rows)


def select_ids(table, project_id: int):
    from sqlalchemy import select

    return select(table.id).where(table.project_id == project_id).order_by(table.id)


def bench_document_path() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        start = time.perf_counter()
        codings = build_documents_project(url)
        built = time.perf_counter() - start
        total, cpu, report, fresh, fresh_cpu, package = measure(url, "document")
    print(
        f"(d) qualcode agree --unit document, {report['n_units']:,} documents, 3 coders, "
        f"{codings:,} codings, {len(report['codes'])} codes, 1,000 resamples (built in "
        f"{built:.1f} s; {machine_load()}):"
    )
    print(
        f"    {total:.2f} s end to end, {cpu:.2f} s CPU (target < 10 s); in a fresh process "
        f"{fresh:.2f} s, {fresh_cpu:.2f} s CPU"
    )
    print(
        f"    krippendorff.alpha on the same matrices (point alphas only): {package:.2f} s, "
        f"ratio {total / package:.2f}"
    )


def bench_character_unit() -> None:
    import numpy as np

    from qualcode.agreement import compute
    from qualcode.agreement.data import Selection, load_study_data
    from qualcode.project import current_project
    from qualcode.store import session_scope

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        build_project(url)
        with session_scope(url) as session:
            t0 = time.perf_counter()
            data = load_study_data(session, current_project(session), Selection(unit="character"))
            t1 = time.perf_counter()
            report = compute.agreement_report(data, 0)
            t2 = time.perf_counter()
            table = data.table
            for row in range(len(data.codes)):
                only = np.zeros(len(data.codes), dtype=np.int64)
                only[row] = 1
                compute.unitizing_entry(table, only, {"u_alpha_binary": compute.binary_u_alpha})
            for group in data.groups:
                members = np.zeros(len(data.codes), dtype=np.int64)
                rows = [i for i, c in enumerate(data.codes) if c.group_id == group.id]
                members[rows] = np.arange(1, len(rows) + 1)
                compute.unitizing_entry(table, members, compute.GROUP_UNITIZING)
            compute.unitizing_entry(table, compute.domain_values(data), compute.OVERALL_UNITIZING)
            t3 = time.perf_counter()
    print(
        f"(e) character unit, 100 documents, {table.n_units:,} characters in "
        f"{table.present.shape[1]:,} runs, 3 coders, {len(data.codes)} codes: reading {t1 - t0:.2f} s, "
        f"report without bootstrap {t2 - t1:.2f} s, of which the unitizing family {t3 - t2:.2f} s; "
        f"overall |u-alpha {report['overall']['u_alpha_binary']:.3f}, Cu-alpha {report['overall']['Cu_alpha']:.3f}"
    )


if __name__ == "__main__":
    bench_per_code_alpha()
    bench_bootstrap()
    bench_sentence_path()
    bench_document_path()
    bench_character_unit()
