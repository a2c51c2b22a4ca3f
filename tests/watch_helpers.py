"""Running ``vaultkit watch``'s loop in a test: ``watching`` and ``wait_until``."""

from __future__ import annotations

import datetime as dt
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from vaultkit.watchsession import run_watch


def wait_until(predicate, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


@contextmanager
def watching(root: Path, today: dt.date, **options):
    """``run_watch`` (what ``vaultkit watch`` runs) in a thread with ``options``; yields
    (watcher, what it said) once its first build is written, and stops it after."""
    said: list[str] = []
    box: list = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            run_watch(root, said.append, today, started=box.append, **options)
        except BaseException as exc:  # reported by the test
            errors.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    assert wait_until(lambda: box and box[0].ready.is_set()), (said, errors)
    try:
        yield box[0], said
    finally:
        box[0].stop.set()
        box[0].changes.wake()
        thread.join(10)
    assert not thread.is_alive() and errors == []
