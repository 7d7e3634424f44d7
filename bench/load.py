"""Load on the team server: 1, 4 and 10 logged-in browser sessions coding at once for 60 s.

Run: .venv/bin/python bench/load.py [--seconds 60] [--sessions 1,4,10]
PostgreSQL runs too when QUALCODE_BENCH_PG (or QUALCODE_TEST_PG, set by scripts/test) names a
server, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres; a throwaway database is made.

Each session logs in as its own coder (`qualcode serve --auth`), selects passages with the mouse
in headless Chromium and applies a code, as fast as the page allows. Printed per backend and
number of sessions: saves, saves per second, median and p95 save latency (Enter in the code
picker until the page shows the coding), the p95 against the single-session p95, and a check
that every confirmed save is stored under its coder.

Measured 2026-12-02 (2 cores, 24 GiB, machine shared with other jobs: load average 7-30), 60 s each:

    backend   sessions  saves  saves/s  median s   p95 s p95 vs 1  stored
    sqlite           1     71     1.18     0.533   1.095     1.00  every save stored under its coder
    sqlite           4     84     1.40     2.153   3.004     2.74  every save stored under its coder
    sqlite          10     75     1.25     6.388   8.525     7.79  every save stored under its coder
    postgres         1     61     1.02     0.658   1.431     1.00  every save stored under its coder
    postgres         4     72     1.20     2.428   3.590     2.51  every save stored under its coder
    postgres        10     75     1.25     5.977  10.880     7.60  every save stored under its coder

Throughput stays at about 1.2 saves per second whatever the number of sessions: each save is one
script run of the Code page on the server's cores (the database is not the limit: SQLite and
PostgreSQL give the same rate), so latency grows with the number of coders saving at the same
moment. Every confirmed save was stored under its coder in every run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "tests"), str(REPO / "tests" / "browser")]

from coding_sessions import run_sessions  # noqa: E402
from load_study import CODE_FILTER, build_load_study  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlmodel import select  # noqa: E402

from qualcode.coding.codings import live_codings  # noqa: E402
from qualcode.server import app_command  # noqa: E402
from qualcode.store import session_scope  # noqa: E402
from qualcode.store.models import Coder  # noqa: E402


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(url: str, log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = dict(os.environ, QUALCODE_DB=url, QUALCODE_AUTH="1")
    process = subprocess.Popen(app_command(port, "127.0.0.1", auth=True), env=env,
                               stdout=log.open("w"), stderr=subprocess.STDOUT)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):
                return process, base
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError(f"the team server did not start (log: {log})")


def _stored(url: str) -> dict[str, int]:
    with session_scope(url) as session:
        names = {c.id: c.name for c in session.exec(select(Coder)).all()}
        counts: dict[str, int] = {}
        for coding in live_codings(session):
            counts[names[coding.coder_id]] = counts.get(names[coding.coder_id], 0) + 1
    return counts


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def run_once(url: str, sessions: int, seconds: float, folder: Path) -> dict:
    """One server, `sessions` coders at once; latencies and the stored-versus-confirmed check."""
    logins = build_load_study(url, folder, sessions)
    process, base = _start(url, folder / "server.log")
    try:
        chromium = os.environ.get("QUALCODE_CHROMIUM") or shutil.which("chromium")
        results = run_sessions(chromium, base, logins, CODE_FILTER, seconds)
    finally:
        process.terminate()
        process.wait(timeout=30)
    latencies = [s for r in results for s in r.saves]
    confirmed = {r.coder: len(r.saves) for r in results}
    stored = _stored(url)
    return {
        "saves": len(latencies),
        "per_second": len(latencies) / seconds,
        "median": statistics.median(latencies) if latencies else float("nan"),
        "p95": _p95(latencies) if latencies else float("nan"),
        "stored_ok": all(stored.get(name, 0) == n for name, n in confirmed.items()),
        "errors": [e for r in results for e in r.errors],
    }


def _pg_database(server: str) -> tuple[str, callable]:
    name = f"qc_load_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        from qualcode.store import get_engine

        get_engine.cache_clear()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()

    return server.rsplit("/", 1)[0] + f"/{name}", drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--sessions", default="1,4,10")
    args = parser.parse_args()
    counts = [int(n) for n in args.sessions.split(",")]
    pg_server = os.environ.get("QUALCODE_BENCH_PG") or os.environ.get("QUALCODE_TEST_PG")
    backends = ["sqlite"] + (["postgres"] if pg_server else [])
    if not pg_server:
        print("PostgreSQL skipped: set QUALCODE_BENCH_PG to a server URL to include it.")
    print(f"{'backend':9} {'sessions':>8} {'saves':>6} {'saves/s':>8} {'median s':>9} "
          f"{'p95 s':>7} {'p95 vs 1':>8}  stored")  # fmt: skip
    for backend in backends:
        baseline = None
        for sessions in counts:
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                if backend == "sqlite":
                    url, drop = f"sqlite:///{folder / 'load.db'}", (lambda: None)
                else:
                    url, drop = _pg_database(pg_server)
                try:
                    row = run_once(url, sessions, args.seconds, folder)
                finally:
                    drop()
            baseline = baseline or row["p95"]
            ratio = row["p95"] / baseline if baseline else float("nan")
            stored = "every save stored under its coder" if row["stored_ok"] else "MISMATCH"
            print(f"{backend:9} {sessions:>8} {row['saves']:>6} {row['per_second']:>8.2f} "
                  f"{row['median']:>9.3f} {row['p95']:>7.3f} {ratio:>8.2f}  {stored}")  # fmt: skip
            for error in row["errors"]:
                print(f"  error: {error}")


if __name__ == "__main__":
    main()
