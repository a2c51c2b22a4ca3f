"""A share of a step's work on the second core: the engine's one fork mechanism.

``shared_map(items, compute)`` yields ``(item, compute(item))`` in the order of ``items``.
When it pays (enough items, a second core, ``fork`` available, no other thread running), a
forked child computes the second half while this process computes the first; the child
sends its results back pickled through a pipe and exits. The child never touches the index:
``forbid`` is called in it first (the engine makes the index's connection refuse every
use), and an item whose computation needs the index anyway (``NeedsParent``) is computed
again here, as is every item of a child that fails or dies. Results are the same either way;
only the time differs (measured in ``docs/performance.md``).
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import threading
from typing import Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 400  # fewer: forking and sending the results back cost more than half the work saves


class Stats:
    """What ``shared_map`` did since ``reset`` (for tests and benchmarks): children forked, and
    their items computed again here."""

    forks = 0
    redone = 0

    @classmethod
    def reset(cls) -> None:
        cls.forks = cls.redone = 0


class NeedsParent(BaseException):
    """The child met something only the parent may do (read the index): the parent computes it.
    A ``BaseException``, so the domain's guards against its own bugs (``except Exception``)
    let it through."""


class Refusing:
    """The index's connection as a forked child sees it: every use raises ``NeedsParent``."""

    def execute(self, *args, **kwargs):
        raise NeedsParent("only the parent reads the index")


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def usable(count: int) -> bool:
    """Whether forking pays for ``count`` items here: fork exists, two cores are ours, and
    no other thread could hold a lock the child would need (``watch``'s observers)."""
    return (count >= MIN_ITEMS and hasattr(os, "fork") and threading.active_count() == 1
            and cores() >= 2)


def shared_map(items: Sequence[T], compute: Callable[[T], R], forbid: Callable[[], None],
               share: float = 0.5, send: Callable[[R], R] | None = None) -> Iterator[tuple[T, R]]:
    """``(item, compute(item))`` for each item, in order; when ``usable``, the last ``share``
    of the items on a forked child, which sends ``send(result)`` (default: the result) for each.
    The parent does more than its half when it also stores every result: give the child more."""
    if not usable(len(items)):
        for item in items:
            yield item, compute(item)
        return
    half = len(items) - int(len(items) * share)
    mine, theirs = items[:half], items[half:]
    child = _Child.start(theirs, compute if send is None else lambda item: send(compute(item)), forbid)
    Stats.forks += 1
    try:
        for item in mine:
            yield item, compute(item)
        results = child.results(len(theirs))
    finally:
        child.end()
    for item, (done, result) in zip(theirs, results or [(False, None)] * len(theirs)):
        if not done:
            Stats.redone += 1
            result = compute(item)
        yield item, result


class _Child:
    def __init__(self, pid: int, read_end: int) -> None:
        self.pid, self.read_end = pid, read_end
        self.ended = False

    @classmethod
    def start(cls, items: Sequence, compute: Callable, forbid: Callable[[], None]) -> _Child:
        gc.freeze()  # the child's collections then leave this process's objects (and memory pages) alone
        read_end, write_end = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: compute, send, exit without running any of the parent's clean-up
            status = 1
            try:
                _die_with(parent)
                os.close(read_end)
                gc.disable()
                forbid()
                data = pickle.dumps([_attempt(compute, item) for item in items], pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(data)
                status = 0
            finally:
                os._exit(status)
        gc.unfreeze()
        os.close(write_end)
        return cls(pid, read_end)

    def results(self, count: int) -> list[tuple[bool, object]] | None:
        """What the child sent (None: it failed; its items are then computed here)."""
        with os.fdopen(self.read_end, "rb") as pipe:
            self.read_end = -1
            data = pipe.read()
        _pid, status = os.waitpid(self.pid, 0)
        self.ended = True
        if status != 0 or not data:
            return None
        try:
            results = pickle.loads(data)
        except Exception:
            return None
        return results if isinstance(results, list) and len(results) == count else None

    def end(self) -> None:
        """Stop and reap the child if it is still there (the parent was stopped or failed)."""
        if self.read_end >= 0:
            os.close(self.read_end)
            self.read_end = -1
        if not self.ended:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.ended = True


def _die_with(parent: int) -> None:
    """End this child when its parent ends (killed mid-build, say): it would otherwise go on
    holding the parent's open files, the build lock among them, until its work is done."""
    try:
        import ctypes  # only in a child, once per fork: nothing else needs it

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass  # other systems: the child ends when it finds the pipe closed
    if os.getppid() != parent:  # the parent ended before the line above
        os._exit(1)


def _attempt(compute: Callable, item) -> tuple[bool, object]:
    try:
        return True, compute(item)
    except NeedsParent:
        return False, None
