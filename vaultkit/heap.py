"""A long-running process's C heap kept from creeping (glibc, Linux): ``return_large_buffers()``.

glibc serves a large allocation from a memory map of its own, given back when freed; but
each such free raises the size from which it does so (up to 32 MB), and the free space it
keeps at the heap's top rather than give back (to twice that). In ``vaultkit watch``, every
rebuild's large buffers (SQLite's page cache, pickles, page texts) then came from the heap,
between smaller blocks that live on, and the heap's free space grew: about 1.1 KB of
resident memory a rebuild, for as long as it ran (docs/safety.md, "Watch memory"). Fixing
the threshold turns that adjustment off: a buffer of ``LARGE_BYTES`` or more that the heap
cannot hold gets its own map, and the heap's free top beyond 128 KB goes back to the OS."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

M_MMAP_THRESHOLD = -3  # mallopt's parameter, from glibc's malloc.h
LARGE_BYTES = 16 * 1024


def return_large_buffers(threshold: int = LARGE_BYTES) -> bool:
    """Fix glibc's mmap threshold at ``threshold`` bytes; False where there is no glibc."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(M_MMAP_THRESHOLD, threshold))
    except (OSError, AttributeError):  # musl (Alpine) has no mallopt
        return False
