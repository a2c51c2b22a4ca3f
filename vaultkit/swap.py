"""Renames that never lose the file at their target: an atomic exchange of two paths, and a
rename that refuses an existing target.

On Linux both are ``renameat2`` (glibc 2.28 and later; else the raw system call):
``RENAME_EXCHANGE`` swaps two names in one step, so whatever sat at a page's path when it was
replaced (a hand edit saved a moment before) is still there, under the other name, to be
looked at; ``RENAME_NOREPLACE`` places a new file only if nothing took its name meanwhile.
Elsewhere, or on a file system that has neither (``EINVAL``), ``exchange`` raises
``Unsupported`` and the caller falls back to ``os.replace``; ``rename_new`` falls back to a
hard link (which never replaces either), and last to a check then a rename.
"""

from __future__ import annotations

import errno
import os
import platform
import sys
from pathlib import Path

from vaultkit import faults

AT_FDCWD = -100
RENAME_NOREPLACE = 1
RENAME_EXCHANGE = 2
SYSCALL_NUMBERS = {"x86_64": 316, "amd64": 316, "aarch64": 276, "arm64": 276}  # SYS_renameat2
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EPERM}


class Unsupported(Exception):
    """This system or file system cannot do the rename asked for."""


_call = None  # renameat2(old, new, flags) -> errno (0: done), once looked up; False: none here


def _renameat2():
    global _call
    if _call is None:
        _call = _load() or False
    return _call


def _load(use_libc: bool = True):
    """A function calling libc's ``renameat2`` (or, without it or when ``use_libc`` is false,
    the raw system call); None off Linux."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # here, not at the top: only a build that replaces pages pays its import (2 ms)

    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    function = getattr(libc, "renameat2", None) if use_libc else None
    if function is not None:
        function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
        call = function
    else:  # glibc before 2.28: the system call itself
        number = SYSCALL_NUMBERS.get(platform.machine().lower())
        if number is None or not hasattr(libc, "syscall"):
            return None
        libc.syscall.restype = ctypes.c_long

        def call(fd1, old, fd2, new, flags):
            return libc.syscall(ctypes.c_long(number), ctypes.c_int(fd1), ctypes.c_char_p(old),
                                ctypes.c_int(fd2), ctypes.c_char_p(new), ctypes.c_uint(flags))

    def renameat2(old: Path, new: Path, flags: int) -> int:
        if call(AT_FDCWD, os.fsencode(old), AT_FDCWD, os.fsencode(new), flags) == 0:
            return 0
        return ctypes.get_errno()

    return renameat2


def _rename(old: Path, new: Path, flags: int) -> None:
    call = _renameat2()
    if not call:
        raise Unsupported("renameat2 is not available here")
    code = call(old, new, flags)
    if code == 0:
        return
    if code in _UNSUPPORTED:
        raise Unsupported(os.strerror(code))
    raise OSError(code, os.strerror(code), os.fspath(new))


def exchange(first: Path, second: Path) -> None:
    """Swap the files at two paths of one file system in one step (both must exist).
    ``FileNotFoundError`` when one is missing; ``Unsupported`` where it cannot be done."""
    faults.step("rename", second)
    _rename(first, second, RENAME_EXCHANGE)


def rename_new(source: Path, target: Path) -> None:
    """Rename ``source`` to ``target``, never over an existing file (``FileExistsError``)."""
    faults.step("rename", target)
    try:
        _rename(source, target, RENAME_NOREPLACE)
        return
    except Unsupported:
        pass
    if os.name == "nt":
        os.rename(source, target)  # on Windows a rename never replaces
        return
    try:
        os.link(source, target, follow_symlinks=False)  # a link is never made over an existing file
    except FileExistsError:
        raise
    except OSError:  # no hard links here (FAT, some network file systems), or a folder
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), os.fspath(target)) from None
        os.rename(source, target)
        return
    os.unlink(source)
