"""Freed heap memory goes back to the operating system before a large insert (glibc only)."""

from __future__ import annotations

import sys

import pytest

from qualcode.ingest.freed_memory import _malloc_trim, release_freed_memory


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20


@pytest.mark.skipif(not sys.platform.startswith("linux") or _malloc_trim() is None, reason="glibc")
def test_freed_strings_leave_the_resident_memory():
    held = [bytes(1000) + str(n).encode() for n in range(100_000)]  # 100 MB on the C heap
    pin = bytes(1000) + b"top"  # a live block above them keeps glibc from trimming by itself
    del held
    before = resident_mb()
    release_freed_memory()
    assert before - resident_mb() > 50
    assert pin.endswith(b"top")
