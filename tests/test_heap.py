"""``heap.return_large_buffers``: glibc keeps serving a large buffer from a memory map of its
own (given back to the OS when freed), even after freeing one, instead of from the heap."""

from __future__ import annotations

import platform
import subprocess
import sys
import textwrap

import pytest

PROBE = textwrap.dedent("""
    import ctypes
    import sys
    from vaultkit.heap import return_large_buffers

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in
                    ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]

    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = MallInfo2
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]

    def mapped_by(size):
        before = libc.mallinfo2().hblkhd
        block = libc.malloc(size)
        grown = libc.mallinfo2().hblkhd - before
        libc.free(block)
        return grown

    called = return_large_buffers() if sys.argv[1] == "call" else None
    print(called, mapped_by(1 << 20), mapped_by(1 << 20))
""")


@pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
                    reason="glibc's malloc only")
def test_a_large_buffer_keeps_its_own_map():
    def probe(how: str) -> tuple[str, int, int]:
        done = subprocess.run([sys.executable, "-c", PROBE, how], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        called, first, second = done.stdout.split()
        return called, int(first), int(second)

    called, first, second = probe("default")
    assert first >= 1 << 20 and second == 0  # glibc alone: once one is freed, the next comes from the heap
    called, first, second = probe("call")
    assert called == "True"
    assert first >= 1 << 20 and second >= 1 << 20  # each from a map of its own, unmapped when freed
