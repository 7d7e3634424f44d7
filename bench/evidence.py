"""Speed of the registry evidence: prints each figure beside its target and the ratio figure / target.

    .venv/bin/python bench/evidence.py [--dir /tmp/qualcode-bench] [--hf-n 1000000] [--peatmoss-n 300000]

Figures (each measured in a fresh Python process, so "cold" means nothing cached in memory):
- all metrics on a synthetic PeaTMOSS-shaped SQLite of 300,000 models: cold (open + compute),
  warm (the same request again in that process, the metrics of an unchanged file being kept),
  and, for information, a warm recompute without that cache and reading the stored values back;
- 1,000,000 synthetic Hugging Face records, JSON Lines and Parquet: load + all metrics, peak memory;
- typosquat_candidates over the 63,367 real model ids of the ICSE 2023 artifact.
Synthetic files are generated once (seeded) into --dir and reused.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REAL_IDS = REPO.parent / "shared" / "data" / "icse23_ptm_reuse" / "hf_model_ids_2022-08.txt"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step_peatmoss(path: Path) -> dict:
    from qualcode.evidence import compute, sources
    from qualcode.evidence.report import metric_rows
    from qualcode.project import create_project
    from qualcode.store import session_scope

    started = time.perf_counter()
    sources.source_metrics("peatmoss", path)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    sources.source_metrics("peatmoss", path)
    warm = time.perf_counter() - started
    started = time.perf_counter()
    compute.compute_metrics(sources.parse_source("peatmoss", path).data, "peatmoss")
    recompute = time.perf_counter() - started
    url = f"sqlite:///{path.with_suffix('.project.db')}"
    path.with_suffix(".project.db").unlink(missing_ok=True)
    with session_scope(url) as session:
        project = create_project(session, "bench")
        sources.load_source(session, project, "peatmoss", path, "peatmoss")
    started = time.perf_counter()
    with session_scope(url) as session:
        from qualcode.project import current_project

        rows = metric_rows(session, current_project(session), "peatmoss")
    stored = time.perf_counter() - started
    return {"cold": cold, "warm": warm, "recompute": recompute, "stored": stored,
            "metrics": len(rows), "peak_mb": _peak_mb()}  # fmt: skip


def step_hf(path: Path) -> dict:
    from qualcode.evidence import sources

    started = time.perf_counter()
    loaded = sources.parse_source("hf-metadata", path)
    parsed = time.perf_counter() - started
    values = sources.source_metrics("hf-metadata", path)
    total = time.perf_counter() - started
    return {"load": parsed, "total": total, "records": loaded.records, "metrics": len(values),
            "peak_mb": _peak_mb()}  # fmt: skip


def step_typosquat(path: Path) -> dict:
    from qualcode.evidence import model_ids
    from qualcode.evidence.metrics import POPULAR
    from qualcode.evidence.typosquat import typosquat_candidates

    ids = model_ids.load(path).data.ids_by_popularity()
    started = time.perf_counter()
    found = typosquat_candidates(ids, POPULAR)
    return {"seconds": time.perf_counter() - started, "ids": len(ids), "candidates": len(found)}


STEPS = {"peatmoss": step_peatmoss, "hf": step_hf, "typosquat": step_typosquat}


def _run(step: str, path: Path) -> dict:
    """One step in a fresh interpreter (own memory, nothing cached)."""
    output = subprocess.run([sys.executable, __file__, "--step", step, str(path)], check=True,
                            capture_output=True, text=True, cwd=REPO).stdout  # fmt: skip
    return json.loads(output.strip().splitlines()[-1])


def _line(name: str, figure: float, target: float, unit: str = "s") -> str:
    verdict = "ok" if figure < target else "OVER"
    return f"{name:<58} {figure:>9.2f} {unit:<3} target < {target:g} {unit:<3} ratio {figure / target:5.2f}  {verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/qualcode-bench"))
    parser.add_argument("--hf-n", type=int, default=1_000_000)
    parser.add_argument("--peatmoss-n", type=int, default=300_000)
    parser.add_argument("--step", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(STEPS[args.step[0]](Path(args.step[1]))))
        return
    from qualcode.evidence import synth

    args.dir.mkdir(parents=True, exist_ok=True)
    peatmoss = args.dir / f"peatmoss_{args.peatmoss_n}.db"
    if not peatmoss.exists():
        synth.write_peatmoss(peatmoss, args.peatmoss_n, 1)
    hf_files = [args.dir / f"hf_{args.hf_n}.jsonl", args.dir / f"hf_{args.hf_n}.parquet"]
    for path in hf_files:
        if not path.exists():
            synth.write_hf_metadata(path, args.hf_n, 1)

    p = _run("peatmoss", peatmoss)
    print(f"PeaTMOSS-shaped SQLite, {args.peatmoss_n:,} synthetic models, {p['metrics']} metrics")
    print(_line("  all metrics, cold", p["cold"], 5))
    print(_line("  all metrics, warm (unchanged file, same process)", p["warm"], 0.5))
    print(f"  (info) warm recompute without the cache: {p['recompute']:.2f} s; "
          f"stored values read back: {p['stored'] * 1000:.1f} ms")  # fmt: skip
    for path in hf_files:
        h = _run("hf", path)
        print(
            f"Hugging Face metadata, {h['records']:,} synthetic records, {path.suffix[1:]}, {h['metrics']} metrics"
        )
        print(f"  (info) load alone: {h['load']:.2f} s")
        print(_line("  load + all metrics", h["total"], 60))
        print(_line("  peak memory", h["peak_mb"] / 1024, 4, "GB"))
    if REAL_IDS.is_file():
        t = _run("typosquat", REAL_IDS)
        print(
            f"typosquat_candidates over {t['ids']:,} real model ids: {t['candidates']} candidates"
        )
        print(_line("  typosquat_candidates", t["seconds"], 10))
    else:
        print(f"typosquat_candidates: {REAL_IDS} not found, skipped")


if __name__ == "__main__":
    main()
