"""Handing memory a parse has freed back to the operating system before a large insert.

Reading a long transcript makes and drops hundreds of thousands of strings; glibc keeps the
freed space (160 MB for a Word file at the upload cap) for later allocations, but the database
driver then asks for fresh memory for its own two copies of the text, so the freed space and the
copies add up in the process's peak. `malloc_trim` returns the free pages; elsewhere (macOS,
Windows, musl) there is nothing to call and the call does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools


@functools.cache
def _malloc_trim():
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):  # no C library by that name, or not glibc
        return None


def release_freed_memory() -> None:
    """Return the C heap's free pages to the operating system (glibc's malloc_trim)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
