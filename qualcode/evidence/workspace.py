"""The DuckDB connection every evidence source is read into: bounded in memory, spilling to disk.

DuckDB's default is to use up to 80% of the machine's memory and a thread (with its own buffers)
per core; a source of millions of records at the upload cap would then hold far more than the
cap's memory budget (10x the file + 200 MB, issue 15). Here each connection gets a fixed memory
limit and spills what does not fit (tables, sorts, joins, aggregates) to its own folder under the
system's temporary directory, removed with the connection (or at the latest when the process ends).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import weakref
from pathlib import Path

import duckdb

MEMORY_LIMIT = "192MB"  # per connection; what exceeds it is written to the spill folder
MEMORY_SETTING = "QUALCODE_EVIDENCE_MEMORY"  # an environment variable to change it (e.g. "2GB")
THREADS = 1  # the buffers per thread count against the limit too

_spill_root: Path | None = None


def _spill_folder() -> Path:
    """A fresh folder for one connection's spill files (DuckDB names them alike per database)."""
    global _spill_root
    if _spill_root is None:
        _spill_root = Path(tempfile.mkdtemp(prefix="qualcode-duckdb-"))
        atexit.register(shutil.rmtree, _spill_root, ignore_errors=True)
    return Path(tempfile.mkdtemp(dir=_spill_root))


def memory_limit() -> str:
    """The memory limit of each connection (MEMORY_LIMIT unless the environment sets one)."""
    return os.environ.get(MEMORY_SETTING) or MEMORY_LIMIT


def memory_problem() -> str:
    """What to tell a researcher whose file needs more than the limit (e.g. a record of 100 MB)."""
    return (
        f"reading it needs more than the {memory_limit()} of memory evidence sources may use "
        f"(set the environment variable {MEMORY_SETTING}, e.g. to 2GB, and load it again)"
    )


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB database with a memory limit and a private spill folder."""
    folder = _spill_folder()
    connection = duckdb.connect(
        config={
            "memory_limit": memory_limit(),
            "threads": THREADS,
            "temp_directory": str(folder),
        }
    )
    connection.execute("SET enable_progress_bar = false")  # no bar in the CLI's output
    weakref.finalize(connection, shutil.rmtree, folder, ignore_errors=True)  # the app drops sources
    return connection
